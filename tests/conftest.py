import contextlib
import fcntl
import hashlib
import importlib.metadata
import io
import os
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from wagtail.search.backends import get_search_backend

from portal.settings.base import search_backends


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker, demo_database_build):
    """The demo site, loaded once per test process for every test not marked
    `focused`; each test runs in a transaction that is rolled back, so tests
    may change it freely. It comes from the one build all processes share
    (DemoDatabaseBuild): an in-memory SQLite database takes a copy of its
    file, PostgreSQL restores its backup, rather than loading the demo again."""
    from django.core.cache import cache
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            copy_database(demo_database_build.ready(), connection)
            cache.clear()  # as `restore` does: the focused tests' offices and routes were kept
        else:
            call_command("restore", str(demo_database_build.backup()), interactive=False, stdout=io.StringIO())
        call_command("ensure_roles", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database; an in-memory SQLite one is not
    migrated in every test process (portal/settings/test.py): it takes a
    copy of the database the demo build has migrated, once for all."""
    from django.db import connection

    if connection.settings_dict["TEST"].get("MIGRATE") is False:
        with django_db_blocker.unblock():
            build = request.getfixturevalue("demo_database_build")
            copy_database(build.ready(build.migrated), connection)


def copy_database(path, connection):
    """The SQLite database at `path`, copied into the in-memory one."""
    from django.contrib.contenttypes.models import ContentType

    connection.ensure_connection()
    with sqlite3.connect(path) as source:
        source.backup(connection.connection)
    ContentType.objects.clear_cache()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "focused: the test builds its own content (tests/factories.py) and does not need the demo site",
    )


DATABASE_FIXTURES = {"db", "transactional_db", "search_engine"}
NEEDS_DEMO = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    """The tests that use no database run first, then the focused tests, on
    the bare database, while the demo site is built in the background; then
    those that stand on it: the tests of a portal running on a copy of it,
    and every other test that uses the database. (Session
    fixtures are set up before a test's transaction begins, so the load is
    never rolled back.)"""
    focused, plain, demo = [], [], []
    for item in items:
        if item.get_closest_marker("focused"):
            focused.append(item)
        elif item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
            item.fixturenames.insert(0, "demo_site")
            demo.append(item)
        elif "demo_database" in item.fixturenames:  # a portal of its own, on a copy of the demo
            demo.insert(0, item)
        else:
            plain.append(item)
    config.stash[NEEDS_DEMO] = bool(demo)
    items[:] = plain + focused + demo


@pytest.fixture(scope="session", autouse=True)
def demo_build_started(request):
    """The demo build starts with the session when any test will need it, so
    it runs while the focused and database-free tests do."""
    if request.config.stash.get(NEEDS_DEMO, False):
        request.getfixturevalue("demo_database_build")


@pytest.fixture
def home(db):
    """For focused tests: an English home page of the test's own, served as
    the default site's root (/en/)."""
    from wagtail.models import Site

    from .factories import HomePageFactory

    home = HomePageFactory()
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_env(tmp_path_factory):
    """The environment portal_url runs in: `manage.py` with it works on that
    portal's database (e.g. to add a user)."""
    folder = tmp_path_factory.mktemp("portal")
    port = free_port()
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TEST_DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "test-server-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }


class DemoDatabaseBuild:
    """A SQLite file migrated (kept as it is then, too: `migrated`) and loaded
    with the demo content, built (by
    `manage.py`, as on a new install, with development settings and no
    outside services) once for the code and content it comes from, and
    shared by every test process (pytest-xdist workers) and every later run
    until they change: the first process to ask starts it in the background,
    the others wait for the same file. Tests that run their own portal copy
    the file (shutil.copy); an in-memory test database takes a copy,
    PostgreSQL restores a backup of it."""

    def __init__(self, folder, run):
        from .helpers import site_environment  # helpers need Django's apps ready

        self.folder = folder
        self.path = folder / "db.sqlite3"
        self.migrated = folder / "migrated.sqlite3"
        self.archive = folder / "demo.tar.gz"
        self.failed = folder / "failed"
        self.started = folder / "started"  # "<builder's pid> <test run>"
        self.log = folder / "build.log"
        self.process = None
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process starts it
            if self.path.exists() or self.building_for(run):
                return
            for other in folder.parent.iterdir():  # builds of code that has changed since
                if other != folder:
                    shutil.rmtree(other, ignore_errors=True)
            self.failed.unlink(missing_ok=True)
            building = folder / "building"
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir()
            env = site_environment(building)
            manage = f"{shlex.quote(sys.executable)} manage.py"
            built = shlex.quote(str(building / "db.sqlite3"))
            migrated = shlex.quote(str(building / "migrated.sqlite3"))
            steps = [
                f"{manage} migrate --noinput -v0",
                f"cp {built} {migrated}",
                f"mv {migrated} {shlex.quote(str(self.migrated))}",
                f"{manage} load_demo_content -v0",
                f"mv {built} {shlex.quote(str(self.path))}",
            ]
            with open(self.log, "w") as log:
                self.process = subprocess.Popen(
                    ["sh", "-c", " && ".join(steps) + f" || touch {shlex.quote(str(self.failed))}"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self.started.write_text(f"{self.process.pid} {run}")

    def builder(self):
        """(pid, test run) of the process that last started the build."""
        if not self.started.exists():
            return None, None
        pid, run = self.started.read_text().split(" ", 1)
        return int(pid), run

    def building_for(self, run):
        """Whether the build was started in this test run (it may have
        failed: then it fails every test that needs it, once), or in another
        run and is still going."""
        pid, started_in = self.builder()
        return pid is not None and (started_in == run or running(pid))

    def ready(self, path=None, timeout=1200):
        """The built database (or `migrated`), once it is there."""
        path = path or self.path
        waited = 0
        while not path.exists():
            if self.failed.exists() or waited > timeout:
                pytest.fail(f"building the demo database failed:\n{self.log.read_text()}")
            pid, _run = self.builder()
            if not (pid and running(pid)) and not path.exists():
                pytest.fail(
                    f"building the demo database stopped (its test run was interrupted?):\n{self.log.read_text()}"
                )
            time.sleep(0.5)
            waited += 0.5
        return path

    def backup(self):
        """The demo site as `manage.py backup` writes it (for PostgreSQL),
        made once by whichever process asks first."""
        self.ready()
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self.archive.exists():
                from .helpers import site_environment

                env = {
                    **site_environment(self.folder),
                    "BACKUP_SIGNING_KEY": settings.BACKUP_SIGNING_KEY or settings.SECRET_KEY,
                }
                subprocess.run(
                    [sys.executable, "manage.py", "backup", "--output", str(self.archive)],
                    cwd=settings.BASE_DIR,
                    env=env,
                    check=True,
                    capture_output=True,
                )
        return self.archive

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()


# Where the demo build is kept between test runs, one folder per build key.
DEMO_BUILDS = Path(settings.BASE_DIR) / ".cache" / "demo-database"
# Not inputs of the build: the tests themselves, and what builds and runs write.
NOT_BUILD_INPUTS = {"tests", "media", "staticfiles", "backups", "test-artifacts", "__pycache__", "node_modules"}


def demo_build_key():
    """What the demo build comes from: every file of the project but the
    tests, the installed packages, and the settings' environment variables
    the build sees. A change to any of them makes a new build."""
    from base.environment import VARIABLES

    from .helpers import site_environment

    digest = hashlib.sha256()
    for root, folders, files in os.walk(settings.BASE_DIR):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and name not in NOT_BUILD_INPUTS and not name.endswith(".egg-info")
        )
        for name in sorted(files):
            if not name.endswith((".pyc", ".mo", ".sqlite3", ".sqlite3-journal")):
                path = Path(root, name)
                digest.update(f"{path.relative_to(settings.BASE_DIR)}\0".encode())
                digest.update(path.read_bytes())
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions())
    environment = site_environment(Path("/"))
    variables = sorted(
        f"{name}={environment.get(name)}"
        for name, variable in VARIABLES.items()
        if variable.read_by not in {"tests", "Makefile"} and name not in {"DATABASE_URL", "MEDIA_ROOT"}
    )
    digest.update("\n".join([sys.version, *packages, *variables]).encode())
    return digest.hexdigest()[:16]


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="session")
def demo_database_build(tmp_path_factory):
    # pytest-xdist workers share their run's base folder, and the build: a
    # worker that ends early must not stop it for the others.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = tmp_path_factory.getbasetemp()
    build = DemoDatabaseBuild(DEMO_BUILDS / demo_build_key(), run=str(base.parent if worker else base))
    if not build.path.exists():
        # Every test on the demo waits for the build: while it runs, the
        # test processes (and what they start) leave it the processor first.
        os.nice(5)
    yield build
    if not worker:
        build.stop()


@pytest.fixture(scope="session")
def demo_database(demo_database_build):
    return demo_database_build.ready()


@contextlib.contextmanager
def running_portal(env, demo_database):
    """The portal as it runs in production (gunicorn, production settings,
    whitenoise, collected static files) on loopback, with its own SQLite
    database: a copy of the demo site, put at this portal's address by
    `ensure_languages` as a release would."""
    port = env["PORT"]
    folder = Path(env["MEDIA_ROOT"]).parent
    shutil.copy(demo_database, folder / "db.sqlite3")
    manage = [sys.executable, "manage.py"]
    for command in (["collectstatic", "--noinput", "-v0"], ["ensure_languages", "-v0"]):
        subprocess.run(manage + command, cwd=settings.BASE_DIR, env=env, check=True)
    log = open(folder / "server.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--config",
            "portal/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the portal did not start: {(folder / 'server.log').read_text()}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def portal_url(portal_env, demo_database):
    with running_portal(portal_env, demo_database) as url:
        yield url


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch):
    """django-ratelimit counts requests per clock window: a test's requests
    all fall in one, however slowly the machine serves them (three searches
    must not straddle the minute a limit of two counts in)."""
    import django_ratelimit.core

    class Clock:
        now = time.time()

        @classmethod
        def time(cls):
            return cls.now

    monkeypatch.setattr(django_ratelimit.core, "time", Clock)


@pytest.fixture(autouse=True)
def source_language():
    """Every test starts in the source language: LocaleMiddleware leaves the
    language of a test client's last request (/ru/...) active in the thread,
    and a later test's messages would come in Russian."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits, cached search vocabulary and the locales known to each
    process start afresh in every test (a test's locales are rolled back)."""
    from django.core.cache import cache

    from languages.fallback import forget_locales

    cache.clear()
    forget_locales()


# Search engines: Wagtail's database backend, and the real OpenSearch backend
# over HTTP to osmem-server (an in-memory OpenSearch); with SEARCH_TEST_URL
# set, also that Elasticsearch/OpenSearch cluster.
ENGINES = ["database", "opensearch"] + (["cluster"] if os.environ.get("SEARCH_TEST_URL") else [])


@pytest.fixture(scope="session")
def osmem_url():
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def engine_index(demo_site, django_db_blocker, request):
    """The demo content indexed once per test process in each outside
    engine, under an index prefix of its own: {engine: backend settings}.
    Tests that add to an index take out what they added (the database's
    index, by contrast, rolls back with each test)."""
    indexed = {}

    def index(engine):
        if engine not in indexed:
            url = request.getfixturevalue("osmem_url") if engine == "opensearch" else os.environ["SEARCH_TEST_URL"]
            backends = search_backends(url)
            backends["default"]["INDEX_PREFIX"] = f"putokaz_test_{uuid.uuid4().hex[:8]}_"
            with override_settings(WAGTAILSEARCH_BACKENDS=backends), django_db_blocker.unblock():
                call_command("update_index", backend_name="default", verbosity=0)
            indexed[engine] = backends
        return indexed[engine]

    yield index
    if "cluster" in indexed:  # osmem-server's indexes go with it
        backends = indexed["cluster"]
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            prefix = backends["default"]["INDEX_PREFIX"]
            get_search_backend("default").es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.fixture(scope="module", params=ENGINES)
def search_engine(request, engine_index):
    """The demo content indexed in the engine under test, for a module's
    tests."""
    backends = search_backends(None) if request.param == "database" else engine_index(request.param)
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield request.param


# Headless Chromium: Debian's, driven by Playwright (a test tool's own
# browser download cannot work here).
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = "Debian's Chromium is missing (make test installs it with scripts/install-system-deps)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def force_login_passes_second_step(monkeypatch):
    """Tests that sign in with client.force_login (and pytest-django's
    admin_client) stand for a completed sign-in, two-step verification
    included (tests/test_sign_in.py tests that step through the forms)."""
    from django.test import Client

    from .helpers import pass_second_step

    force_login = Client.force_login

    def force_login_and_verify(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_step(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_and_verify)
