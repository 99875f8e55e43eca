"""Personal data: the access log names neither the reader nor what they
searched for, and sign-in records, feedback and search statistics are kept
only for their retention period (issue 13, item 11)."""

import datetime
import runpy
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone
from gunicorn.config import Config
from gunicorn.glogging import Logger
from wagtail.models import Locale

from feedback.models import Feedback
from guides.models import GuidePage
from search.models import SearchClick, SearchQueryStat

from .helpers import english

pytestmark = pytest.mark.django_db

READER = "198.51.100.23"


def access_line(log_format):
    """One access-log line as gunicorn's own Logger renders it."""
    cfg = Config()
    cfg.set("accesslog", "-")
    if log_format:
        cfg.set("access_log_format", log_format)
    logger = Logger(cfg)
    environ = {
        "REMOTE_ADDR": READER,
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/ru/search/?q=azil+HIV",
        "PATH_INFO": "/ru/search/",
        "QUERY_STRING": "q=azil+HIV",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_X_FORWARDED_FOR": READER,
        "HTTP_REFERER": "https://putokaz.example/ru/search/?q=azil+HIV",
    }
    response = type("Response", (), {"status": "200 OK", "sent": 1234, "headers": []})()
    request = type("Request", (), {"headers": [("X-Forwarded-For", READER)]})()
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12)))
    return cfg.access_log_format % atoms


def test_the_access_log_holds_no_client_address_and_no_query():
    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "portal" / "gunicorn.conf.py"))
    line = access_line(conf["access_log_format"])
    assert "/ru/search/" in line and "200" in line
    assert READER not in line
    assert "azil" not in line and "q=" not in line
    # gunicorn's default format would have logged both.
    default = access_line(None)
    assert READER in default and "azil" in default


def old(days):
    return timezone.now() - datetime.timedelta(days=days)


@override_settings(AXES_LOG_RETENTION_DAYS=30, FEEDBACK_RETENTION_DAYS=60, SEARCH_STATS_RETENTION_DAYS=90)
def test_purge_personal_data_deletes_what_is_older_than_its_period_and_keeps_the_rest():
    guide = english(GuidePage).get(slug="emergency-care")
    locale = Locale.objects.get(language_code="en")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for days, name in ((31, "old"), (29, "recent")):
            extra = {"failures_since_start": 1} if model is AccessAttempt else {}
            record = model.objects.create(username=name, ip_address=READER, user_agent="x", **extra)
            model.objects.filter(pk=record.pk).update(attempt_time=old(days))
    for days, comment in ((61, "old"), (59, "recent")):
        record = Feedback.objects.create(page=guide, locale=locale, helpful=False, comment=comment)
        Feedback.objects.filter(pk=record.pk).update(created_at=old(days))
    for days, query in ((91, "old"), (89, "recent")):
        day = timezone.localdate() - datetime.timedelta(days=days)
        SearchQueryStat.objects.create(day=day, language="en", query=query, searches=1)
        SearchClick.objects.create(day=day, language="en", query=query, page=guide, clicks=1)

    call_command("purge_personal_data", verbosity=0)

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent"]
    assert list(Feedback.objects.filter(comment__in=["old", "recent"]).values_list("comment", flat=True)) == ["recent"]
    assert list(SearchQueryStat.objects.filter(query__in=["old", "recent"]).values_list("query", flat=True)) == [
        "recent"
    ]
    assert list(SearchClick.objects.filter(query__in=["old", "recent"]).values_list("query", flat=True)) == ["recent"]


def test_the_running_portal_logs_searches_without_address_or_query(portal_url, portal_env):
    import time
    import urllib.request

    urllib.request.urlopen(f"{portal_url}/en/search/?q=quokkaasylum", timeout=30).read()
    log = Path(portal_env["MEDIA_ROOT"]).parent / "server.log"
    for _ in range(50):  # gunicorn writes the access line after the response
        lines = [line for line in log.read_text().splitlines() if "/en/search/" in line]
        if lines:
            break
        time.sleep(0.1)
    assert lines, log.read_text()
    assert all("127.0.0.1" not in line and "quokkaasylum" not in line for line in lines)
