"""When a service fails, readers get a plain answer, never a traceback."""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.utils import translation

from guides.models import GuidePage

from .helpers import english

# Runs in a process of its own whose database is a server that is not there.
DATABASE_DOWN = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_X_FORWARDED_PROTO="https")
answers = {}
for path in ["/en/", "/ru/health/emergency-care/", "/en/search/?q=health", "/healthz", "/readyz"]:
    response = client.get(path)
    answers[path] = {"status": response.status_code, "retry_after": response.get("Retry-After"),
                     "body": response.content.decode()[:3000]}
print(json.dumps(answers))
"""


def test_with_the_database_down_readers_get_a_plain_503_and_readyz_says_so(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TEST_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://putokaz@127.0.0.1:9/putokaz",  # nothing listens on port 9
        LOG_LEVEL="CRITICAL",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path in ["/en/", "/ru/health/emergency-care/", "/en/search/?q=health"]:
        answer = answers[path]
        assert answer["status"] == 503 and answer["retry_after"] == "30", (path, answer)
        assert "Traceback" not in answer["body"] and "OperationalError" not in answer["body"]
        with translation.override(path.split("/")[1]):  # in the reader's language
            assert translation.gettext("Nothing is lost. Please try again in a minute.") in answer["body"]
    assert answers["/healthz"]["status"] == 200
    assert answers["/readyz"]["status"] == 503
    assert json.loads(answers["/readyz"]["body"]) == {"database": "down", "search": "database"}


@pytest.mark.django_db
def test_readyz_reports_the_database_and_the_search_engine(client, settings):
    assert client.get("/readyz").json() == {"database": "ok", "search": "database"}
    # An engine configured but not answering: still ready, searches use the database.
    from portal.settings.base import search_backends

    settings.WAGTAILSEARCH_BACKENDS = search_backends("http://127.0.0.1:9")
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"database": "ok", "search": "fallback"}


@pytest.mark.django_db
def test_a_stored_page_is_still_served_when_the_database_fails(client, settings):
    """The page cache keeps readers reading through a short outage."""
    from unittest import mock

    from django.db import OperationalError

    settings.PAGE_CACHE_SECONDS = 600
    url = english(GuidePage).get(slug="emergency-care").url
    assert client.get(url)["X-Page-Cache"] == "miss"
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("down")):
        response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


class Misbehaving(BaseHTTPRequestHandler):
    """A search engine that answers garbage, or too late."""

    mode = "garbage"

    def respond(self):
        if self.mode == "slow":
            time.sleep(3)
        body = b'{"took": "soon", "hits": [1, 2' if self.mode == "garbage" else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PUT = respond

    def log_message(self, *args):
        pass


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["garbage", "slow"])
def test_an_engine_answering_garbage_or_too_late_gives_way_to_the_database(client, settings, mode):
    from portal.settings.base import search_backends
    from search import engine

    handler = type("Engine", (Misbehaving,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backends = search_backends(f"http://127.0.0.1:{server.server_port}")
        backends["default"]["TIMEOUT"] = 0.5
        settings.WAGTAILSEARCH_BACKENDS = backends
        outcome = engine.search("health insurance", "en")
        assert outcome.incomplete and "health-insurance-options" in [r.key for r in outcome.results[:3]]
        page = client.get("/en/search/", {"q": "health insurance"})
        assert page.status_code == 200 and "some results may be missing" in page.content.decode()
        assert client.get("/readyz").json()["search"] == "fallback"
    finally:
        server.shutdown()
