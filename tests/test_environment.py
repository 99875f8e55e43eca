"""Every environment variable is declared once, with its type and default
(base/environment.py), and the README's table lists exactly those."""

import importlib.util
import re
from pathlib import Path

import pytest

from base.environment import VARIABLES, env

BASE_DIR = Path(__file__).resolve().parent.parent


def fresh_base_settings():
    """portal/settings/base.py run again, as a new module, in this environment."""
    spec = importlib.util.spec_from_file_location("portal.settings.base_again", BASE_DIR / "portal/settings/base.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def readme_table_names():
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("\n## Environment variables\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name.strip().strip("`") for row in rows for name in row.split("|")[1].split(",")]


def test_the_readme_table_lists_exactly_the_declared_variables():
    names = readme_table_names()
    assert len(names) == len(set(names)), "a variable is listed twice"
    assert sorted(set(names) - set(VARIABLES)) == [], "listed in the README but never declared"
    assert sorted(set(VARIABLES) - set(names)) == [], "declared but missing from the README"


def test_the_settings_gunicorn_and_ensure_admin_read_the_environment_only_through_env():
    sources = [
        *(BASE_DIR / "portal" / "settings").glob("*.py"),
        BASE_DIR / "portal" / "gunicorn.conf.py",
        BASE_DIR / "home" / "management" / "commands" / "ensure_admin.py",
    ]
    readers = {
        path.relative_to(BASE_DIR).as_posix()
        for path in sources
        if path.name != "environment.py" and re.search(r"os\.environ|getenv|dj_database_url\.config", path.read_text())
    }
    assert readers == set()


def test_a_bad_number_stops_the_start_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PAGE_CACHE_SECONDS", "abc")
    with pytest.raises(ValueError, match="PAGE_CACHE_SECONDS"):
        fresh_base_settings()


def test_a_bad_switch_is_refused_rather_than_read_as_off(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "ture")
    with pytest.raises(ValueError, match="SECURE_SSL_REDIRECT"):
        env("SECURE_SSL_REDIRECT")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "off")
    assert env("SECURE_SSL_REDIRECT") is False


def test_an_undeclared_variable_cannot_be_read():
    with pytest.raises(KeyError):
        env("PAGE_CACHE_SECOND")


def test_unset_variables_give_the_settings_their_declared_defaults(monkeypatch):
    for name in ("PAGE_CACHE_SECONDS", "SEARCH_TIMEOUT", "MEDIA_ORIGINS", "PORT", "PUBLIC_URL", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "")  # empty counts as unset
    settings = fresh_base_settings()
    assert settings["PAGE_CACHE_SECONDS"] == 600
    assert settings["AXES_FAILURE_LIMIT"] == 5
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
    assert settings["PUBLIC_URL"] == "http://127.0.0.1:8000"
    assert settings["ALLOWED_HOSTS"] == []


def test_set_variables_are_cast_to_their_types(monkeypatch):
    monkeypatch.setenv("SEARCH_URL", "http://search.internal:9200")
    monkeypatch.setenv("SEARCH_TIMEOUT", "0.5")
    monkeypatch.setenv("MEDIA_ORIGINS", "https://media.example, https://cdn.example,")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    settings = fresh_base_settings()
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["TIMEOUT"] == 0.5
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"][2:] == [
        "https://media.example",
        "https://cdn.example",
    ]
    assert settings["PUBLIC_URL"] == "http://127.0.0.1:8123"
