"""make bench: how fast the portal serves its pages, at the demo size and at
10,000 guides (BENCH_GUIDES).

For each corpus size, against the portal as it runs in production (gunicorn
with portal/gunicorn.conf.py, production settings, whitenoise, collected
static files) on loopback:

1. Load: requests per second and p50/p99 latency from wrk (`wrk -t1 -c8
   -d<BENCH_SECONDS>s --latency`, after a 1-second warm-up per address) for
   the home page, a guide, a topic, the events list, a search, every query
   of the relevance set in turn on the search page and on the JSON API
   (a wrk Lua script; the search rate limit is lifted for the bench) and
   /healthz,
   with the full-page cache on (PAGE_CACHE_SECONDS=600) and off (0), one
   gunicorn for each. Throughput is also shown as a share of /healthz's.
2. Render: queries and server time (p50 and p95 of 30 renders after 3
   warm-ups) of an uncached guide in every language and of an untranslated
   stand-in, in a separate process with django.test.Client.
3. Transfer: the bytes on the wire (compressed, headers included) of a first
   visit to the home page and the guide, in headless Chromium.
4. Memory: the peak (VmHWM) and current (VmRSS) memory of the workers.
5. Publishing: time and queries of publishing an edit to an English and a
   Serbian guide, with all the signal work, on a copy of the database.
6. Page views: the cached guide's throughput and latency with counting
   (PAGE_VIEWS=true, the cached run's) and without (a server with
   PAGE_VIEWS=false, the same wrk run).
7. Search: one client's search page, API and suggestions over the
   relevance queries, in-process, asked of the engine and kept; and the
   search and API mixes under load with OpenSearch answering (osmem-server,
   in memory, or the cluster at SEARCH_BENCH_URL), given the database's
   search documents first.
8. A comparison of every figure at both sizes, flagging those more than 20%
   worse at the larger size.
9. The machine's speed at the start and after each size (speed_probe): a
   fixed task's time, to tell a slower run from a slower machine.

The databases are SQLite files built once into .bench/pages-<N>.sqlite3
(N = 0 for the demo content alone) and reused by later runs; delete them to
rebuild. The cache is Redis at REDIS_URL (default redis://127.0.0.1:6379/15,
flushed before each run) when it answers, else each worker's local memory.

Reproduce: `make bench` (BENCH_GUIDES=200 for a quick run; BENCH_SECONDS,
WEB_CONCURRENCY, GUNICORN_THREADS and GUNICORN_MAX_REQUESTS change the load
and the server). Run it on a quiet machine: the CPU other processes use
during the load runs is printed, and marked when it disturbs the figures.
Needs wrk and Chromium (scripts/install-bench-deps). Prints figures,
asserts nothing.
"""

import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
GUIDES = int(os.environ.get("BENCH_GUIDES", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
WORKERS = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))  # as gunicorn.conf.py
THREADS = int(os.environ.get("GUNICORN_THREADS", "2"))
# Workers are not recycled during the bench (recycling mid-run adds noise);
# GUNICORN_MAX_REQUESTS=2000 measures as production recycles them.
MAX_REQUESTS = int(os.environ.setdefault("GUNICORN_MAX_REQUESTS", "0"))
CACHED_SECONDS = "600"  # PAGE_CACHE_SECONDS of the cached run

GUIDE = "/ru/health/emergency-care/"
# The same guide in Arabic script: Naskh (Arabic) and Nastaliq (Urdu) pages
# must keep within the first-load budget too.
RTL_GUIDES = [("guide ar", "/ar/health/emergency-care/"), ("guide ur", "/ur/health/emergency-care/")]
SEARCH_WORD = "страховка"
# (name, path); the events list's address is read from the database. /healthz
# comes last: at its rate the workers reach gunicorn.conf.py's max_requests and
# are recycled, and fresh workers would otherwise serve the next page cold.
PAGES = [
    ("home", "/ru/"),
    ("guide", GUIDE),
    ("topic", "/ru/health/"),
    ("events", None),
    ("search", f"/ru/search/?q={quote(SEARCH_WORD)}"),
    # Every query of the relevance set (../shared/eval/search_queries.yaml),
    # each in its language, in turn: on the search page and the JSON API.
    ("search mix", "/search-mix"),
    ("api mix", "/api-mix"),
    ("healthz", "/healthz"),
]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDERS, RENDER_WARMUPS = 30, 3
# The search mixes measured again with OpenSearch answering (issue 20: at
# least 150 requests a second at 10,000 guides on either engine).
OPENSEARCH_MIXES = [("search mix", "/search-mix"), ("api mix", "/api-mix")]
SEARCH_RPS_TARGET = 150
WORSE = 1.2  # flagged when a figure is more than 20% worse at the larger size


# -- Environment -----------------------------------------------------------


def portal_env(database, page_cache_seconds, redis_url, page_views=True, search_url=None):
    """The environment of the production settings, as tests/conftest.py's
    portal_url sets it, with the bench's database and cache."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("REDIS_URL", "SEARCH_URL", "PORT"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "bench-secret-key-" + "x" * 33,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{Path(database).resolve()}",
            "STATIC_ROOT": str(WORK / "static"),
            "MEDIA_ROOT": str(WORK / "media"),
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "PAGE_VIEWS": "true" if page_views else "false",
            # The bench measures search, not the per-client limit that would
            # answer most of wrk's requests with a 429.
            "SEARCH_API_RATE": "1000000/m",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    if search_url:
        env["SEARCH_URL"] = search_url
    return env


def setup_django():
    """In a subprocess whose environment portal_env made."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def redis_call(url, *command):
    """One Redis command on the database in `url` (redis://[:password@]host:port/db)."""
    parts = urlsplit(url)
    commands = []
    if parts.password:
        commands.append(["AUTH", *([parts.username] if parts.username else []), parts.password])
    commands += [["SELECT", parts.path.strip("/") or "0"], list(command)]
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
        for words in commands:
            encoded = [word.encode() for word in words]
            sock.sendall(f"*{len(encoded)}\r\n".encode() + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in encoded))
            reply = sock.recv(4096)
            if not reply.startswith(b"+"):
                raise OSError(reply.decode(errors="replace").strip())
    return reply.decode().strip()


def redis_answers(url):
    if urlsplit(url).scheme != "redis":
        return False
    try:
        return redis_call(url, "PING") == "+PONG"
    except OSError:
        return False


def flush_cache(redis_url):
    if redis_url:
        redis_call(redis_url, "FLUSHDB")


# -- Databases -------------------------------------------------------------


def database_path(guides):
    return WORK / f"pages-{guides}.sqlite3"


def remove_database(path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source, target):
    """A copy of a SQLite database that no one is writing to, with what its
    write-ahead log holds folded in first: a copy of the file alone would
    miss it (the portal runs SQLite in WAL). Written to disk before it is
    used: otherwise the first commit on the copy waits while the kernel
    writes back the whole file (a publish at 10,000 guides took 1.3 s
    instead of 0.1)."""
    with contextlib.closing(sqlite3.connect(source)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(source, target)
    with open(target, "rb+") as copy:
        os.fsync(copy.fileno())


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(guides):
    """The database of `guides` generated guides over the demo content: reused
    if built before, else built under a temporary name and renamed when
    complete. A larger corpus starts from a copy of the demo database (built
    first)."""
    path = database_path(guides)
    if path.exists():
        manage(portal_env(path, 0, None), "migrate", "--noinput", "-v0")  # the schema may have moved on
        print(f"  reusing {path.relative_to(ROOT)} ({guide_count(path)} guides)")
        return path
    partial = path.with_name(path.name + ".partial")
    remove_database(partial)
    print(f"  building {path.relative_to(ROOT)} ...", flush=True)
    start = time.perf_counter()
    if guides:
        demo = database_path(0) if database_path(0).exists() else ensure_database(0)
        copy_database(demo, partial)
        print(f"    copied the demo database {demo.relative_to(ROOT)}")
    subprocess.run(
        [sys.executable, "-m", "bench.pages", "--build", str(guides), str(partial)],
        cwd=ROOT,
        env=portal_env(partial, 0, None),
        check=True,
    )
    partial.rename(path)
    print(
        f"    built in {time.perf_counter() - start:.1f} s: {guide_count(path)} guides, {path.stat().st_size / 2**20:.0f} MiB"
    )
    return path


def build_main(guides, path):
    """Subprocess: fill the database at `path` (a copy of the demo database
    when guides > 0). Prints the time of each step.

    The guides are written in bulk (bench/corpus.py), then their search
    documents are made and indexed in bulk by Wagtail's update_index, with
    modelsearch's per-save indexing switched off: indexing one object at a
    time recomputes the average title length over the whole index table on
    every save. The index ends up as `manage.py update_index` leaves it; the
    application itself is unchanged."""
    setup_django()
    from io import StringIO

    from django.core.management import call_command

    def command(name):
        output = StringIO()
        call_command(name, verbosity=0, stdout=output)
        return output.getvalue().strip() or None

    def step(name, action):
        start = time.perf_counter()
        result = action()
        print(
            f"    {name:<34}{time.perf_counter() - start:8.1f} s{f'  ({result})' if result is not None else ''}",
            flush=True,
        )

    step("migrate", lambda: command("migrate"))
    if not guides:
        step("load_demo_content", lambda: command("load_demo_content"))
        step("ensure_languages", lambda: command("ensure_languages"))
        return
    from django.db.models.signals import post_save
    from modelsearch.index import get_indexed_models
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

    from bench.corpus import generate_guides
    from search.documents import rebuild_documents

    for model in get_indexed_models():
        post_save.disconnect(post_save_signal_handler, sender=model)
    step("generate_guides", lambda: f"{generate_guides(guides)} guides")
    step("rebuild_documents", lambda: f"{rebuild_documents()} search documents")
    step("update_index (bulk, Wagtail's)", lambda: call_command(WagtailUpdateIndex(), verbosity=0))


def guide_count(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM guides_guidepage").fetchone()[0]


# -- In-process render -----------------------------------------------------


def render_main():
    """Subprocess: queries and time of uncached renders of the guide in every
    language and of an untranslated stand-in, and the events list's
    address. Prints one line of JSON."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from cultural_events.models import EventIndexPage

    events = EventIndexPage.objects.filter(locale__language_code="ru").first()
    guide = Page.objects.get(url_path__endswith=GUIDE[3:], locale__language_code="ru")
    paths = [urlsplit(page.get_url()).path for page in Page.objects.filter(translation_key=guide.translation_key)]
    stand_in = Page.objects.filter(alias_of__isnull=False, depth=4).order_by("path").first()
    if stand_in is not None:
        paths.append(urlsplit(stand_in.get_url()).path)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = []
    for path in sorted(paths, key=lambda path: path != GUIDE):
        timings, queries = [], []
        for number in range(RENDER_WARMUPS + RENDERS):
            client.cookies.clear()  # every render is a first visit
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
            if number >= RENDER_WARMUPS:
                timings.append(elapsed)
                queries.append(len(captured))
        timings.sort()
        pages.append(
            {
                "path": path,
                "stand_in": stand_in is not None and path == urlsplit(stand_in.get_url()).path,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": statistics.median(queries),
                "queries_range": [min(queries), max(queries)],
                "p50_ms": statistics.median(timings),
                "p95_ms": timings[max(0, round(len(timings) * 0.95) - 1)],
                "min_ms": timings[0],
                "max_ms": timings[-1],
            }
        )
    # The Russian guide's figures stay at the top level (the comparison).
    print(
        json.dumps(
            {
                **pages[0],
                "pages": pages,
                "worst_p50_ms": max(page["p50_ms"] for page in pages),
                "worst_p95_ms": max(page["p95_ms"] for page in pages),
                "events_url": urlsplit(events.get_url()).path if events else None,
            }
        )
    )


def in_process(flag, database, redis_url, search_url=None):
    """The JSON line of `python -m bench.pages flag [search_url]`, run with
    the production settings on `database`, the cache flushed first."""
    flush_cache(redis_url)
    result = subprocess.run(
        [sys.executable, "-m", "bench.pages", flag, *([search_url] if search_url else [])],
        cwd=ROOT,
        env=portal_env(database, 0, redis_url, search_url=search_url),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"bench.pages {flag} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_render(database, redis_url):
    return in_process("--render", database, redis_url)


# -- In-process search ----------------------------------------------------

SEARCH_REPEATS = 3
# (figure, target p95 in ms): single client, issue 20.
SEARCH_KINDS = [("search page", 25), ("API", 25), ("suggestions", 10)]


def search_paths(kind):
    """The relevance set's queries, each in its language; for suggestions,
    as a reader is still typing them (the last two characters missing)."""
    if kind == "search page":
        return mixed_paths("search-mix")
    if kind == "API":
        return mixed_paths("api-mix")
    return [
        f"/api/search/suggest/?lang={lang}&q={quote(query[: max(3, len(query) - 2)])}"
        for lang, query in relevance_queries()
    ]


def search_main():
    """Subprocess: one client's latency on the search page, the JSON API
    and suggestions over the relevance set, each query asked of the engine
    every time (results not kept: PAGE_CACHE_SECONDS=0), then from kept
    results (search/cache.py). One warm-up pass each (vocabularies built,
    results kept), then SEARCH_REPEATS passes timed. Prints one line of JSON."""
    setup_django()
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for kept in (False, True):
        settings.PAGE_CACHE_SECONDS = int(CACHED_SECONDS) if kept else 0
        for kind, _target in SEARCH_KINDS:
            paths = search_paths(kind)
            for path in paths:
                client.get(path)
            timings = []
            for _ in range(SEARCH_REPEATS):
                for path in paths:
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        sys.exit(f"{path}: {response.status_code}")
                    if kind == "API" and response.json().get("incomplete"):
                        sys.exit(f"{path}: the engine did not answer; the database did")
            timings.sort()
            figures[f"{kind}, {'kept' if kept else 'asked'}"] = {
                "p50_ms": statistics.median(timings),
                "p95_ms": timings[max(0, round(len(timings) * 0.95) - 1)],
                "max_ms": timings[-1],
                "requests": len(timings),
            }
    print(json.dumps(figures))


def measure_search(database, redis_url):
    return in_process("--search", database, redis_url)


PUBLISHES, PUBLISH_WARMUPS = 5, 1
# An English guide, and a Serbian one, which is also published again in Latin.
PUBLISHED = [("en", "emergency-care"), ("sr", "emergency-care")]


def publish_main(path):
    """Subprocess, on a copy of the database: time and queries of publishing
    an edit to a guide, as an editor would, with everything it sets off
    (search document and index, Latin copy, purges, reference index).
    Prints one line of JSON."""
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guides.models import GuidePage

    figures = {}
    for language, slug in PUBLISHED:
        pk = GuidePage.objects.get(slug=slug, locale__language_code=language).pk
        timings, queries = [], []
        for number in range(PUBLISH_WARMUPS + PUBLISHES):
            guide = GuidePage.objects.get(pk=pk)
            guide.summary += " ."
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                guide.save_revision().publish()
                elapsed = (time.perf_counter() - start) * 1000
            if number >= PUBLISH_WARMUPS:
                timings.append(elapsed)
                queries.append(len(captured))
        figures[language] = {"p50_ms": statistics.median(timings), "max_ms": max(timings), "queries": max(queries)}
    print(json.dumps(figures))


def measure_publishing(database):
    copy = WORK / "publish.sqlite3"
    remove_database(copy)
    copy_database(database, copy)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.pages", "--publish", str(copy)],
            cwd=ROOT,
            env=portal_env(copy, 0, None),
            capture_output=True,
            text=True,
        )
    finally:
        remove_database(copy)
    if result.returncode:
        sys.exit(f"publishing failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- gunicorn --------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proc_stat(pid):
    """(command name, the fields after it) from /proc/<pid>/stat: its parent
    is fields[1], its user and system CPU ticks fields[11] and fields[12]."""
    name, fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
    return name, fields.split()


def cpu_seconds(fields):
    """User and system CPU seconds, from proc_stat's fields."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(master):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                _name, fields = proc_stat(entry)
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry))
    return pids


def memory_kib(pid):
    """VmHWM and VmRSS of a process, in KiB (None if it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", status, re.M))
    if len(fields) < 2:  # a worker that has exited (recycled) and not yet been reaped
        return None
    return int(fields["VmHWM"]), int(fields["VmRSS"])


class Server:
    """One gunicorn as in production, with its log in .bench/."""

    def __init__(self, database, page_cache_seconds, redis_url, label, page_views=True, search_url=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = portal_env(database, page_cache_seconds, redis_url, page_views, search_url)
        env["PORT"] = str(self.port)
        self.log_path = WORK / f"gunicorn-{label}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (open while the server runs; closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--config",
                "portal/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.peak_kib, self.rss_kib = 0, 0
        self.others_seconds, self.loaded_seconds = 0.0, 0.0  # see load()

    def wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if len(worker_pids(self.process.pid)) >= WORKERS and get(self.url + "/healthz")[0] == 200:
                self.sample_memory()
                return
            time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start; its log ({self.log_path}):\n{self.log_path.read_text()[-3000:]}")

    def sample_memory(self):
        """Workers are recycled after max_requests (gunicorn.conf.py), which
        resets their VmHWM, so the peak is sampled after every load run."""
        rss = []
        for pid in worker_pids(self.process.pid):
            memory = memory_kib(pid)
            if memory:
                self.peak_kib = max(self.peak_kib, memory[0])
                rss.append(memory[1])
        self.rss_kib = max(rss, default=0)

    def events(self):
        """From the log: workers recycled, and the requests that failed (with
        the last line of each traceback)."""
        log = self.log_path.read_text(errors="replace")
        errors = re.findall(
            r"^Internal Server Error: (\S+)\n(?:(?:  |Traceback|The above|During handling|$).*\n)*(.+)$", log, re.M
        )
        return {
            "recycled": log.count("Autorestarting worker"),
            "errors": errors,
            "log": self.log_path,
            "others_seconds": self.others_seconds,
            "loaded_seconds": self.loaded_seconds,
        }

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.log.close()


def get(url, attempts=3):
    """One request as wrk sends it: (status, X-Page-Cache, Content-Encoding,
    bytes), or (None, ...) if it failed `attempts` times (a worker being
    recycled drops the connections it has accepted)."""
    parts = urlsplit(url)
    for _ in range(attempts):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request(
                "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Accept-Encoding": "gzip, br"}
            )
            response = connection.getresponse()
            body = response.read()
            return (
                response.status,
                response.getheader("X-Page-Cache", "-"),
                response.getheader("Content-Encoding", "-"),
                len(body),
            )
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    return None, "-", "-", 0


# -- wrk -------------------------------------------------------------------


def others_cpu():
    """CPU seconds (user and system) used so far by each process outside
    this bench and its cache server: was the machine quiet? Processes that
    start and end between two readings are missed, so it is a lower bound."""
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                name, fields = proc_stat(entry)
            except OSError:
                continue
            if name.endswith("(redis-server"):
                continue
            parents[int(entry)] = int(fields[1])
            cpu[int(entry)] = cpu_seconds(fields)
    ours, added = {os.getpid()}, True
    while added:
        found = {pid for pid, parent in parents.items() if parent in ours} - ours
        ours |= found
        added = bool(found)
    return {pid: seconds for pid, seconds in cpu.items() if pid not in ours}


def others_used(before, after):
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def require_wrk(name):
    if not shutil.which("wrk"):
        sys.exit(
            f"{name}: wrk is missing. Install it with ./scripts/install-bench-deps "
            "(as root or with passwordless sudo), or apt-get install wrk."
        )


# A phone's browser: a request without a user agent is not counted as a reader.
BROWSER = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"


def relevance_queries():
    """(language, query) of every case of the relevance set."""
    import yaml

    cases = yaml.safe_load((ROOT.parent / "shared" / "eval" / "search_queries.yaml").read_text(encoding="utf-8"))
    return [(case["lang"], case["q"]) for case in cases["cases"]]


def mixed_paths(name):
    """The relevance set's queries as addresses of the search page or API."""
    if name.strip("/") == "search-mix":
        return [f"/{lang}/search/?q={quote(query)}" for lang, query in relevance_queries()]
    return [f"/api/search/?lang={lang}&q={quote(query)}" for lang, query in relevance_queries()]


def wrk_script(name):
    """A wrk Lua script asking for each of the mix's addresses in turn."""
    script = WORK / f"{name}.lua"
    paths = ", ".join(json.dumps(path) for path in mixed_paths(name))
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    return script


def wrk_command(url, seconds):
    command = ["wrk", "-t1", "-c8", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip, br"]
    base, _, mix = url.rpartition("/")
    if mix.endswith("-mix"):
        command += ["-s", str(wrk_script(mix))]
        url = base + "/"
    return [*command, "-H", f"User-Agent: {BROWSER}", url]


def wrk(url, seconds):
    return subprocess.run(wrk_command(url, seconds), capture_output=True, text=True, check=True).stdout


# A measured run whose connections sat on fewer workers than this is run
# again, at most SPREAD_ATTEMPTS times in all (see measured_wrk).
SPREAD_ATTEMPTS = 3


def measured_wrk(server, url, engine_pid=None):
    """The measured wrk run: (wrk's output, connections per worker, the
    throughputs of runs left out, the CPU seconds the search engine's
    process at `engine_pid`, if any, used during it). wrk's eight
    keep-alive connections stay with the worker that accepted each, and a
    worker runs Python on one core at a time; when one worker took all
    eight (seen in about one run in three), the run measured one core (79
    against 130 req/s on the uncached search mix at 10,000 guides), not the
    server. Such a run is left out and asked again, and the spread is
    printed with the figures: readers, unlike wrk, arrive on many
    connections."""

    def engine_cpu():
        return cpu_seconds(proc_stat(engine_pid)[1]) if engine_pid else 0.0

    left_out = []
    while True:
        before, start, engine_before = others_cpu(), time.monotonic(), engine_cpu()
        process = subprocess.Popen(wrk_command(url, SECONDS), stdout=subprocess.PIPE, text=True)
        time.sleep(SECONDS / 4)
        spread = connections_per_worker(server)
        output, _ = process.communicate()
        if process.returncode:
            sys.exit(f"wrk failed on {url}")
        server.others_seconds += others_used(before, others_cpu())
        server.loaded_seconds += time.monotonic() - start
        if len(spread) >= min(os.cpu_count() or 1, WORKERS) or len(left_out) + 1 == SPREAD_ATTEMPTS:
            return output, spread, left_out, (engine_cpu() - engine_before) if engine_pid else None
        left_out.append(parse_wrk(output)["rps"])


def connections_per_worker(server):
    """How many of the server's open connections each worker holds, most
    first (from /proc: each established connection on the server's port,
    and the workers' file descriptors)."""
    port = f":{server.port:04X}"
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[1].endswith(port) and fields[3] == "01":  # local address, ESTABLISHED
                sockets.add(f"socket:[{fields[9]}]")
    spread = []
    for pid in worker_pids(server.process.pid):
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        held = 0
        for descriptor in descriptors:
            try:
                held += os.readlink(f"/proc/{pid}/fd/{descriptor}") in sockets
            except OSError:
                continue
        if held:
            spread.append(held)
    return sorted(spread, reverse=True)


def parse_wrk(output):
    def number(pattern, default=0.0):
        match = re.search(pattern, output, re.M)
        return float(match.group(1)) if match else default

    latency = {
        p: float(v) * UNITS_MS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "requests": int(number(r"^\s*(\d+) requests in")),
        "non2xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def load(server, pages, engine_pid=None):
    """Warm-up and measured wrk run per page; memory sampled after each, and
    the CPU other processes used during the measured runs."""
    results = {}
    for name, path in pages:
        url = server.url + path
        if path.endswith("-mix"):
            # Every address once first, as a site that has been up a while
            # has seen them: the first search in each language builds its
            # vocabulary and lexicon (up to a second each at 10,000 guides),
            # more than wrk's warm-up second holds.
            for mixed in mixed_paths(path):
                get(server.url + mixed)
        wrk(url, 1)
        status, cache, encoding, size = get(server.url + mixed_paths(path)[0] if path.endswith("-mix") else url)
        output, spread, left_out, engine_seconds = measured_wrk(server, url, engine_pid)
        results[name] = {
            **parse_wrk(output),
            "status": status,
            "cache": cache,
            "encoding": encoding,
            "bytes": size,
            "spread": spread,
            "left_out": left_out,
            "engine_seconds": engine_seconds,
        }
        server.sample_memory()
        print(f"    {name:<8} {results[name]['rps']:9.1f} req/s", flush=True)
    return results


# -- Chromium --------------------------------------------------------------


def first_load(browser, url):
    """Bytes on the wire (encodedDataLength of every finished request, headers
    included), request count and scripts of a first visit (empty cache)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        requests, finished = {}, {}
        cdp.on(
            "Network.requestWillBeSent",
            lambda event: requests.setdefault(
                event["requestId"], (event.get("type", "Other"), event["request"]["url"])
            ),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: finished.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        cdp.send("Network.enable")
        page.goto(url, wait_until="networkidle")
        fetched = {rid: kind for rid, (kind, address) in requests.items() if not address.startswith("data:")}
        return {
            "bytes": int(sum(size for rid, size in finished.items() if rid in fetched)),
            "requests": len(fetched),
            "scripts": sum(kind == "Script" for kind in fetched.values()),
            "types": sorted(set(fetched.values())),
        }
    finally:
        context.close()


def measure_transfer(base, pages):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (./scripts/install-bench-deps installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return {name: first_load(browser, base + path) for name, path in pages}
        finally:
            browser.close()


# -- One corpus size -------------------------------------------------------


def measure(database, redis_url):
    """Every figure of one database: render, load (cached and uncached),
    transfer, memory."""
    print("  render (in-process, uncached) ...", flush=True)
    render = measure_render(database, redis_url)
    print("  search (in-process, one client) ...", flush=True)
    searching = measure_search(database, redis_url)
    print("  publishing (in-process, on a copy) ...", flush=True)
    publishing = measure_publishing(database)
    pages = [(name, path or render["events_url"]) for name, path in PAGES if path or render["events_url"]]
    figures = {
        "render": render,
        "search": searching,
        "publishing": publishing,
        "pages": pages,
        "load": {},
        "memory": {},
        "server": {},
    }
    for mode, seconds in (("cached", CACHED_SECONDS), ("uncached", "0")):
        print(f"  load, {mode} (PAGE_CACHE_SECONDS={seconds}) ...", flush=True)
        flush_cache(redis_url)
        server = Server(database, seconds, redis_url, f"{database.stem}-{mode}")
        try:
            server.wait_ready()
            figures["load"][mode] = load(server, pages)
            if mode == "cached":
                print("  first load in Chromium ...", flush=True)
                figures["transfer"] = measure_transfer(server.url, [("home", "/ru/"), ("guide", GUIDE), *RTL_GUIDES])
            server.sample_memory()
            figures["memory"][mode] = {"peak_mib": server.peak_kib / 1024, "rss_mib": server.rss_kib / 1024}
        finally:
            server.stop()
        figures["server"][mode] = server.events()
    figures["page_views"] = measure_page_views(database, redis_url, figures["load"]["cached"].get("guide"))
    figures["opensearch"] = measure_opensearch(database, redis_url)
    return figures


def index_main(url):
    """Subprocess: every search document of the database into the engine at
    `url` (an index of its own, as update_index makes it; the pages' own
    index is not what readers' searches ask). Prints one line of JSON."""
    setup_django()
    from django.test.utils import override_settings
    from wagtail.search.backends import get_search_backend

    from bench.search import index_documents
    from portal.settings.base import search_backends
    from search.models import SearchDocument

    indexing = search_backends(url)
    indexing["default"]["TIMEOUT"] = 120  # bulk requests; readers' queries keep SEARCH_TIMEOUT
    start = time.perf_counter()
    with override_settings(WAGTAILSEARCH_BACKENDS=indexing):
        backend = get_search_backend("default")
        index = backend.get_index_for_model(SearchDocument)
        index.reset()
        index.add_model(SearchDocument)
        count = index_documents(backend)
    print(json.dumps({"documents": count, "seconds": time.perf_counter() - start}))


def measure_opensearch(database, redis_url):
    """The search mixes under load with OpenSearch answering: osmem-server
    (in memory), or the cluster at SEARCH_BENCH_URL, given the database's
    search documents first. Kept results, then asked every time."""
    from osmem_server import OsmemServer

    engine = None
    url = os.environ.get("SEARCH_BENCH_URL")
    if not url:
        engine = OsmemServer.start(japanese=False)
        url = engine.url
    try:
        print(f"  OpenSearch ({'osmem-server ' + engine.version if engine else url}): indexing ...", flush=True)
        figures = {"engine": "osmem-server " + engine.version if engine else url}
        figures["indexing"] = in_process("--index-engine", database, redis_url, search_url=url)
        print("  OpenSearch: search (in-process, one client) ...", flush=True)
        figures["search"] = in_process("--search", database, redis_url, search_url=url)
        for mode, seconds in (("kept", CACHED_SECONDS), ("asked", "0")):
            print(f"  load on OpenSearch, results {mode} (PAGE_CACHE_SECONDS={seconds}) ...", flush=True)
            flush_cache(redis_url)
            server = Server(database, seconds, redis_url, f"{database.stem}-opensearch-{mode}", search_url=url)
            try:
                server.wait_ready()
                answered_by_engine(server.url + mixed_paths("/api-mix")[0])
                figures[mode] = load(server, OPENSEARCH_MIXES, engine.pid if engine else None)
            finally:
                server.stop()
        return figures
    finally:
        if engine:
            engine.close()


def answered_by_engine(url):
    """Stop unless the engine answered: a search the database had to finish
    says "incomplete" (search/backends.py), and its figures would be the
    database's."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the bench's own server on loopback)
        answer = json.loads(response.read())
    if answer.get("incomplete") or not answer.get("results"):
        sys.exit(f"OpenSearch did not answer {url}: {answer}")


def measure_page_views(database, redis_url, counted):
    """What counting readers costs a cached guide: the same wrk run against
    a server with PAGE_VIEWS=false (the run with counting is the cached
    load's). wrk sends no user agent, so its requests would not count: it
    is given a browser's here and in that run alike."""
    print("  page views: cached guide without counting ...", flush=True)
    flush_cache(redis_url)
    server = Server(database, CACHED_SECONDS, redis_url, f"{database.stem}-no-page-views", page_views=False)
    try:
        server.wait_ready()
        without = load(server, [("guide", GUIDE)])["guide"]
    finally:
        server.stop()
    return {"with": counted, "without": without}


# -- Printing --------------------------------------------------------------


def print_table(header, rows, indent="  "):
    """Left-aligned first column, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i]) for i, cell in enumerate(row)]
        print(indent + "  ".join(cells).rstrip())


def ms(value):
    return "-" if value is None else f"{value:.1f} ms"


def print_load(figures, mode):
    results = figures["load"][mode]
    healthz = results["healthz"]["rps"] or None
    rows = []
    for name, path in figures["pages"]:
        r = results[name]
        share = r["rps"] / healthz if healthz else None
        target = (
            ""
            if mode != "cached" or name in ("healthz", "search", "search mix", "api mix")
            else ("ok" if share and share >= 0.7 else "below 0.7")
        )
        rows.append(
            [
                name,
                path,
                r["status"] or "failed",
                r["cache"],
                r["encoding"],
                f"{r['bytes']} B",
                f"{r['rps']:.1f}",
                "-" if share is None else f"{share:.2f}",
                target,
                ms(r["p50"]),
                ms(r["p99"]),
                r["requests"],
                r["non2xx"],
                r["socket_errors"],
                spread(r),
            ]
        )
    print_table(
        [
            "page",
            "address",
            "status",
            "X-Page-Cache",
            "encoding",
            "size",
            "req/s",
            "× healthz",
            "≥ 0.7?",
            "p50",
            "p99",
            "requests",
            "non-2xx",
            "socket errors",
            "connections per worker",
        ],
        rows,
    )
    print_left_out(results)


def spread(figures):
    """wrk's connections per worker during the measured run: "3+3+2"."""
    return "+".join(str(count) for count in figures.get("spread", [])) or "-"


def print_left_out(results):
    for name, figures in results.items():
        if figures.get("left_out"):
            runs = ", ".join(f"{rps:.1f} req/s" for rps in figures["left_out"])
            print(
                f"  {name}: left out {len(figures['left_out'])} run(s) whose connections sat on fewer workers "
                f"than there are cores ({runs}); the figure is from the next run (bench.pages.measured_wrk)"
            )


def print_opensearch(o):
    print(
        f"\nSearch under load with OpenSearch answering ({o['engine']}; {o['indexing']['documents']} documents "
        f"indexed in {o['indexing']['seconds']:.1f} s): wrk -t1 -c8 -d{SECONDS}s, the mixes as above; "
        f"target ≥ {SEARCH_RPS_TARGET} req/s at 10,000 guides"
    )
    rows = []
    for mode in ("kept", "asked"):
        for name, _path in OPENSEARCH_MIXES:
            f = o[mode][name]
            rows.append(
                [
                    f"{name}, {mode}",
                    f"{f['rps']:.1f} req/s",
                    ms(f["p50"]),
                    ms(f["p99"]),
                    f["requests"],
                    f["non2xx"],
                    "ok" if f["rps"] >= SEARCH_RPS_TARGET else "missed",
                    spread(f),
                    engine_share(f),
                ]
            )
    print_table(
        [
            "",
            "throughput",
            "p50",
            "p99",
            "requests",
            "non-2xx",
            f"≥ {SEARCH_RPS_TARGET}?",
            "connections per worker",
            "engine's CPU",
        ],
        rows,
    )
    print(
        "  engine's CPU: what the engine's own process used during the run, per request and as a share of the"
        " cores; on this machine it shares them with gunicorn and wrk"
    )
    print(
        "  results kept: as production runs (search/cache.py keeps each query's results per language until the"
        " content changes); asked: every search asked of the engine"
    )
    for mode in ("kept", "asked"):
        print_left_out({f"{name}, {mode}": figures for name, figures in o[mode].items()})


def print_search(searching, engine):
    print(
        f"\nSearch, one client, in-process, {engine} (django.test.Client; the {len(relevance_queries())} relevance "
        f"queries × {SEARCH_REPEATS} after a warm-up pass; asked: of the engine every time; kept: search/cache.py)"
    )
    rows = []
    for kind, target in SEARCH_KINDS:
        for how in ("asked", "kept"):
            f = searching[f"{kind}, {how}"]
            rows.append(
                [
                    f"{kind}, {how}",
                    ms(f["p50_ms"]),
                    ms(f["p95_ms"]),
                    ms(f["max_ms"]),
                    f"p95 < {target} ms: " + ("ok" if f["p95_ms"] < target else "missed"),
                ]
            )
    print_table(["", "p50", "p95", "max", "target"], rows)


def engine_share(figures):
    """The engine's CPU during a run: per request, and of all the cores."""
    seconds = figures.get("engine_seconds")
    if seconds is None or not figures["requests"]:
        return "-"
    share = seconds / (SECONDS * (os.cpu_count() or 1))
    return f"{seconds * 1000 / figures['requests']:.1f} ms/request = {share:.0%}"


def print_size(label, figures):
    print(f"\n== {label}")
    for mode, seconds in (("cached", CACHED_SECONDS), ("uncached", "0")):
        print(
            f"\nLoad, {mode} (PAGE_CACHE_SECONDS={seconds}): wrk -t1 -c8 -d{SECONDS}s --latency, 1 s warm-up per address "
            "(the mixes: each of their addresses asked once before)"
        )
        print_load(figures, mode)
    print("  status, X-Page-Cache, encoding and size: one request after the warm-up; non-2xx: wrk's count of")
    print("  responses with status ≥ 400. A search has a query string, so it never comes from the page cache.")
    recycled = ", ".join(f"{events['recycled']} in the {mode} run" for mode, events in figures["server"].items())
    limit = f"max_requests {MAX_REQUESTS} ± 200" if MAX_REQUESTS else "GUNICORN_MAX_REQUESTS=0"
    print(f"  Workers recycled ({limit}, gunicorn.conf.py): {recycled}; a booting worker takes CPU.")
    for mode, events in figures["server"].items():
        share = events["others_seconds"] / (events["loaded_seconds"] * (os.cpu_count() or 1) or 1)
        print(
            f"  Other processes on the machine during the {mode} wrk runs: ≥ {events['others_seconds']:.1f} CPU-s "
            f"in {events['loaded_seconds']:.0f} s = {share:.0%} of the cores{'' if share < 0.05 else '  (NOT QUIET: figures disturbed)'}"
        )
    for mode, events in figures["server"].items():
        failures = {}
        for path, error in events["errors"]:
            failures[(path, error)] = failures.get((path, error), 0) + 1
        for (path, error), count in failures.items():
            print(f"  server errors, {mode} run: {count} × {path}: {error}  (see {events['log'].relative_to(ROOT)})")

    r = figures["render"]
    print(
        f"\nUncached render of the guide in every language and of a stand-in, in-process "
        f"(django.test.Client, {RENDERS} renders after {RENDER_WARMUPS} warm-ups; targets: p50 < 15 ms, p95 < 25 ms)"
    )
    rows = []
    for page in r["pages"]:
        low, high = page["queries_range"]
        rows.append(
            [
                page["path"] + (" (stand-in)" if page["stand_in"] else ""),
                page["status"],
                f"{page['queries']:g}" + (f" ({low}–{high})" if low != high else ""),
                ms(page["p50_ms"]),
                ms(page["p95_ms"]),
                "ok" if page["p50_ms"] < 15 and page["p95_ms"] < 25 else "missed",
                f"{page['bytes']} B",
            ]
        )
    print_table(["page", "status", "queries", "p50", "p95", "targets", "HTML"], rows)

    print_search(figures["search"], "the database answering")
    if figures.get("opensearch"):
        print_search(figures["opensearch"]["search"], f"OpenSearch answering ({figures['opensearch']['engine']})")
        print_opensearch(figures["opensearch"])

    print(
        f"\nPublishing an edit to a guide, in-process ({PUBLISHES} publishes after {PUBLISH_WARMUPS} warm-up; "
        "search document and index, Latin copy, purges, reference index)"
    )
    print_table(
        ["guide", "p50", "max", "queries", "< 1 s?"],
        [
            [
                f"{language} {slug}",
                ms(figures["publishing"][language]["p50_ms"]),
                ms(figures["publishing"][language]["max_ms"]),
                figures["publishing"][language]["queries"],
                "ok" if figures["publishing"][language]["max_ms"] < 1000 else "missed",
            ]
            for language, slug in PUBLISHED
        ],
    )

    print(
        "\nFirst load in headless Chromium (empty cache; compressed bytes on the wire, headers included; 1 KB = 1000 B)"
    )
    transfer = figures.get("transfer")
    if isinstance(transfer, dict):
        print_table(
            ["page", "transferred", "< 60 KB?", "requests", "scripts", "resource types"],
            [
                [
                    name,
                    f"{t['bytes']} B = {t['bytes'] / 1000:.1f} KB",
                    "ok" if t["bytes"] < 60_000 else "missed",
                    t["requests"],
                    "yes" if t["scripts"] else "no",
                    ", ".join(t["types"]),
                ]
                for name, t in transfer.items()
            ],
        )
    else:
        print(f"  not measured: {transfer}")

    views = figures.get("page_views") or {}
    if views.get("with") and views.get("without"):
        on, off = views["with"], views["without"]
        print(f"\nCounting page views on the cached guide {GUIDE} (PAGE_VIEWS=true vs false, same wrk run)")
        print_table(
            ["figure", "counting", "not counting", "difference"],
            [
                [
                    "throughput",
                    f"{on['rps']:.0f} req/s",
                    f"{off['rps']:.0f} req/s",
                    f"{(on['rps'] / off['rps'] - 1) * 100:+.1f}%",
                ],
                ["p50", f"{on['p50']:.2f} ms", f"{off['p50']:.2f} ms", f"{on['p50'] - off['p50']:+.2f} ms"],
                ["p99", f"{on['p99']:.2f} ms", f"{off['p99']:.2f} ms", f"{on['p99'] - off['p99']:+.2f} ms"],
            ],
        )

    print("\nWorker memory (max over the workers; VmHWM sampled after every load run, since recycling resets it)")
    print_table(
        ["server", "peak VmHWM", "VmRSS at the end"],
        [[mode, f"{m['peak_mib']:.1f} MiB", f"{m['rss_mib']:.1f} MiB"] for mode, m in figures["memory"].items()],
    )


LOAD_FIGURES = (("rps", "throughput", "req/s", True), ("p50", "p50", "ms", False), ("p99", "p99", "ms", False))


def comparison_rows(small, large):
    """(figure, unit, value at the demo size, value at the larger size,
    higher is better, exempt from flags)."""
    rows = []
    for mode in ("cached", "uncached"):
        for name, _path in small["pages"]:
            a, b = small["load"][mode][name], large["load"][mode].get(name)
            if b is not None:
                rows += [
                    (f"{name} {mode} {label}", unit, a[key], b[key], higher, False)
                    for key, label, unit, higher in LOAD_FIGURES
                ]
    rows.append(
        ("guide render queries", "queries", small["render"]["queries"], large["render"]["queries"], False, False)
    )
    rows.append(("guide render p50", "ms", small["render"]["p50_ms"], large["render"]["p50_ms"], False, False))
    for key, label in (("worst_p50_ms", "p50"), ("worst_p95_ms", "p95")):
        rows.append((f"render {label}, worst language", "ms", small["render"][key], large["render"][key], False, False))
    for name in small.get("search", {}):
        a, b = small["search"][name], large.get("search", {}).get(name)
        if b is not None:
            rows.append((f"{name} p95", "ms", a["p95_ms"], b["p95_ms"], False, False))
    for language, _slug in PUBLISHED:
        a, b = small["publishing"][language], large["publishing"][language]
        rows.append((f"publish {language} guide p50", "ms", a["p50_ms"], b["p50_ms"], False, False))
        rows.append((f"publish {language} guide queries", "queries", a["queries"], b["queries"], False, False))
    if isinstance(small.get("transfer"), dict) and isinstance(large.get("transfer"), dict):
        for name, a in small["transfer"].items():
            b = large["transfer"][name]
            rows.append((f"{name} first load", "KB", a["bytes"] / 1000, b["bytes"] / 1000, False, False))
            rows.append((f"{name} first-load requests", "requests", a["requests"], b["requests"], False, False))
    for mode in ("cached", "uncached"):
        a, b = small["memory"][mode], large["memory"][mode]
        rows.append((f"worker peak VmHWM, {mode}", "MiB", a["peak_mib"], b["peak_mib"], False, False))
        rows.append((f"worker VmRSS at the end, {mode}", "MiB", a["rss_mib"], b["rss_mib"], False, False))
    return rows


def print_comparison(small_label, large_label, small, large):
    print(
        f"\n== Comparison: {small_label} → {large_label}  (ratio = {large_label} / {small_label}; "
        f"flagged: more than 20% worse)"
    )

    def value(number, unit):
        if number is None:
            return "-"
        return f"{number:.1f} {unit}" if isinstance(number, float) else f"{number} {unit}"

    table = []
    for figure, unit, a, b, higher, exempt in comparison_rows(small, large):
        ratio = b / a if a and b is not None else None
        worse = ratio is not None and (ratio < 1 / WORSE if higher else ratio > WORSE)
        flag = ("worse (exempt)" if exempt else "WORSE > 20%") if worse else ""
        table.append([figure, value(a, unit), value(b, unit), "-" if ratio is None else f"{ratio:.2f}", flag])
    print_table(["figure", small_label, large_label, "ratio", "flag"], table)


def machine(redis_url):
    ram = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 2**20
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    cpu = model.group(1) if model else platform.machine()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("Django", "wagtail", "gunicorn"))
    workers = "WEB_CONCURRENCY" if "WEB_CONCURRENCY" in os.environ else "2 × cores + 1, the gunicorn.conf.py default"
    if redis_url:
        cache = f"django_redis.cache.RedisCache at {redis_url}, flushed before each run"
    else:
        cache = f"LocMemCache, one per worker (no Redis answers at {REDIS_URL})"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" Copyright")[0].strip()
    print("== Machine and setup")
    for key, value in [
        ("machine", f"{os.cpu_count()} cores ({cpu}), {ram:.1f} GiB RAM, {platform.system()} {platform.release()}"),
        ("python", f"{platform.python_version()} ({sys.executable}); {versions}"),
        (
            "gunicorn",
            f"{WORKERS} workers ({workers}) × {THREADS} threads, recycled after "
            f"{f'{MAX_REQUESTS} ± 200 requests' if MAX_REQUESTS else 'never'}, portal/gunicorn.conf.py, access log off",
        ),
        ("cache", cache),
        ("database", f"SQLite, {WORK.relative_to(ROOT)}/pages-<N>.sqlite3; search: Wagtail's database backend"),
        ("settings", "portal.settings.production (DEBUG off), static files collected into .bench/static"),
        ("load", f"{wrk_version}: wrk -t1 -c8 -d{SECONDS}s --latency -H 'Accept-Encoding: gzip, br'"),
    ]:
        print(f"  {key:<10}{value}")


def speed_probe():
    """Milliseconds for a fixed piece of pure-Python work, the best of five.
    This machine's speed drifts by up to half from one minute to the next
    (the same render took 6.5 ms in one run and 14.2 ms in another), and
    every figure moves with it: compare runs whose probes are alike."""

    def work():
        return sum(len(str(number * 7)) for number in range(200_000))

    timings = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


# -- Main ------------------------------------------------------------------


def main():
    require_wrk("bench")
    WORK.mkdir(exist_ok=True)
    redis_url = REDIS_URL if redis_answers(REDIS_URL) else None
    machine(redis_url)

    print("\n== Static files and databases")
    start = time.perf_counter()
    manage(portal_env(database_path(0), 0, None), "collectstatic", "--noinput", "-v0")
    print(f"  collectstatic into {(WORK / 'static').relative_to(ROOT)}: {time.perf_counter() - start:.1f} s")
    sizes = [("demo", 0), (f"{GUIDES} guides", GUIDES)]
    databases = {label: ensure_database(guides) for label, guides in sizes}

    results, probes = {}, [("start", speed_probe())]
    for label, _guides in sizes:
        database = databases[label]
        print(f"\n== Measuring: {label} ({guide_count(database)} guides in {database.relative_to(ROOT)})", flush=True)
        results[label] = measure(databases[label], redis_url)
        probes.append((f"after {label}", speed_probe()))
    for label, _guides in sizes:
        print_size(f"{label} ({guide_count(databases[label])} guides)", results[label])
    print_comparison(sizes[0][0], sizes[1][0], results[sizes[0][0]], results[sizes[1][0]])
    print(
        "\n== Machine speed during the run (bench.pages.speed_probe: a fixed pure-Python task, best of 5; "
        "higher is slower, and every figure above moves with it)"
    )
    print("  " + ", ".join(f"{when}: {milliseconds:.1f} ms" for when, milliseconds in probes))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build_main(int(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--render"]:
        render_main()
    elif sys.argv[1:2] == ["--search"]:
        search_main()
    elif sys.argv[1:2] == ["--publish"]:
        publish_main(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--index-engine"]:
        index_main(sys.argv[2])
    else:
        main()
