"""gunicorn settings for the Procfile's web process; each is overridable
from the environment (PORT, WEB_CONCURRENCY, GUNICORN_*, FORWARDED_ALLOW_IPS),
declared with its default in base/environment.py."""

import os

from base.environment import env

bind = f"0.0.0.0:{env('PORT')}"
workers = env("WEB_CONCURRENCY")
threads = env("GUNICORN_THREADS")
# Workers' heartbeat files in memory, not on a disk that may stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
timeout = 30
# The application is loaded once, warmed (portal/wsgi.py) and then forked, so
# every worker, and every worker started again after max_requests, begins
# with each language's catalogue, templates and URL patterns ready, and
# shares those pages of memory with the others. A code change needs a
# restart of gunicorn (a deploy restarts it), not just a HUP.
preload_app = True
graceful_timeout = 20
# Workers are replaced after this many requests (0: never; bench-load measures growth).
max_requests = env("GUNICORN_MAX_REQUESTS")
max_requests_jitter = 200
accesslog = "-"
# No client address (%(h)s) and no query string (%(r)s, %(q)s): the query is
# what a reader searched for, and with the address it would identify them.
# Time, method, path, status, bytes, microseconds; no referrer either (it
# carries the previous page's query string).
access_log_format = env("GUNICORN_ACCESS_LOG_FORMAT")
errorlog = "-"
forwarded_allow_ips = env("FORWARDED_ALLOW_IPS")
