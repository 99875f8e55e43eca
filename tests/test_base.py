"""The ground floor and the roof (issue 14): `base/` holds what the apps
share and imports none of them; `portal/` is the project's wiring, which no
app imports, so an app can be read, tested and moved without the project."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
WIRING = {"__init__.py", "urls.py", "wsgi.py", "views.py", "gunicorn.conf.py", "settings"}


def project_apps():
    """The installed apps whose package is in this repository (not in .venv)."""
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR}


def imports(folder):
    """(top-level package, file) for every absolute import under `folder`."""
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module]
            else:
                continue
            for module in modules:
                yield module.split(".")[0], path.relative_to(BASE_DIR)


def test_base_imports_no_project_app():
    others = project_apps() - {"base"}
    assert "base" in project_apps() and {"guides", "feedback", "search"} <= others
    assert [(package, path) for package, path in imports(BASE_DIR / "base") if package in others] == []


def test_no_app_imports_the_project_package_which_holds_only_wiring():
    upward = [
        (package, path) for app in project_apps() for package, path in imports(BASE_DIR / app) if package == "portal"
    ]
    assert upward == []
    assert "portal" not in project_apps()
    assert {path.name for path in (BASE_DIR / "portal").iterdir() if path.name != "__pycache__"} <= WIRING
