"""The production stack as the Procfile runs it: gunicorn, production
settings, whitenoise serving hashed and compressed static files."""

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

from django.conf import settings


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_pages_link_hashed_static_files_served_compressed_for_a_year(portal_url):
    status, _, body = get(portal_url + "/en/health/emergency-care/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/css/putokaz\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the stylesheet has a content hash in its name"

    status, headers, css = get(portal_url + stylesheet.group(1).decode(), **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]

    _, headers, _ = get(portal_url + stylesheet.group(1).decode(), **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"


def test_healthz_and_security_headers(portal_url):
    status, headers, body = get(portal_url + "/healthz")
    assert status == 200 and body == b"ok"
    _, headers, _ = get(portal_url + "/en/")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_unknown_page_gets_the_friendly_404_without_debug_details(portal_url):
    try:
        get(portal_url + "/no/such/page/")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        body = error.read().decode()
        assert "We could not find that page" in body and "Traceback" not in body
    else:
        raise AssertionError("expected a 404")


def test_pages_are_compressed_cached_and_revalidated(portal_url):
    url = portal_url + "/ru/health/emergency-care/"
    status, headers, body = get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "public" in headers["Cache-Control"] and "s-maxage" in headers["Cache-Control"]
    # Two workers, each with its own local cache: by the third request one has it.
    states = [get(url)[1].get("X-Page-Cache") for _ in range(3)]
    assert "hit" in states
    # A reader coming back gets "not modified", not the page again.
    _, headers, _ = get(url)
    request = urllib.request.Request(url, headers={"If-None-Match": headers["ETag"]})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 304
    else:
        raise AssertionError("expected 304 Not Modified")


def test_gunicorns_master_loads_every_language_before_forking_its_workers(tmp_path):
    """portal.wsgi, as gunicorn's master loads it (preload_app): each
    language's interface catalogue is read and the guide template compiled,
    so no worker's first reader in a language waits for them; and no
    database connection is left open for the workers to share."""
    script = (
        "import json, portal.wsgi\n"
        "from django.db import connection\n"
        "from django.template import engines\n"
        "from django.utils.translation import trans_real\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "print(json.dumps({'languages': sorted(trans_real._translations),"
        " 'guide template': any(key.startswith('guides/guide_page.html') for key in loader.get_template_cache),"
        " 'connected': connection.connection is not None}))\n"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="putokaz.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(loaded["languages"]) >= {code for code, _name in settings.LANGUAGES}
    assert loaded["guide template"]
    assert not loaded["connected"]
