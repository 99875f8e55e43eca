"""Imports run down (issue 14): an app imports only apps on the floors
below it, never the project package (`portal`) nor one that imports it
back. Read from the source, so a new upward import fails here, not in a
reader's head."""

import ast
from pathlib import Path

from django.conf import settings

# Lowest first. An app may import its own floor's modules only from itself.
FLOORS = [
    {"base"},  # shared: page cache, purging, sanitising, CSP, report bases
    {"languages", "cultural_events"},
    {"guides"},
    {"home", "feedback", "readership", "search", "offline"},  # about guides
    {"discovery", "api"},  # for partners and search engines: over all the content
    {"editorial"},  # roles, review and reports over all of them
    {"accounts", "demo", "backup"},
]
FLOOR = {app: level for level, apps in enumerate(FLOORS) for app in apps}
PROJECT = set(FLOOR) | {"portal"}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT:
                yield top, node.lineno


def test_imports_run_down():
    upward = []
    for app, level in FLOOR.items():
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for other, line in imported_apps(path):
                if other != app and (other == "portal" or FLOOR[other] >= level):
                    upward.append(f"{path.relative_to(settings.BASE_DIR)}:{line} imports {other}")
    assert not upward, "\n".join(upward)
