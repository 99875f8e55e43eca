import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from base.sites import needs_no_site

RETRY_AFTER_SECONDS = 30


@needs_no_site
def healthz(request):
    """Liveness for load balancers and benchmarks: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@needs_no_site
def readyz(request):
    """Readiness: the database answers (else 503, take this instance out of
    the pool); the search engine's state is reported, never fatal, since
    searches fall back to the database."""
    from search.backends import engine_state

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    status = 200 if database == "ok" else 503
    response = JsonResponse({"database": database, "search": engine_state()}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """A database that is down or overloaded is a temporary state: a plain
    503 page that asks the reader to come back, with Retry-After for
    crawlers and proxies. Anything else is Django's 500 page."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)
