"""gunicorn settings for the Procfile's web process; each is overridable
from the environment (WEB_CONCURRENCY, GUNICORN_THREADS, PORT)."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Workers' heartbeat files in memory, not on a disk that may stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
timeout = 30
graceful_timeout = 20
# Workers are replaced after this many requests (0: never; bench-load measures growth).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
# No client address (%(h)s) and no query string (%(r)s, %(q)s): the query is
# what a reader searched for, and with the address it would identify them.
# Time, method, path, status, bytes, microseconds; no referrer either (it
# carries the previous page's query string).
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)s')
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
