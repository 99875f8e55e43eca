# Putokaz: `make run` serves the portal, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install catalogues lint format checks test test-sqlite test-postgres system-deps bench-search bench bench-pwa bench-load clean

# Links, the Site record and the sign-in line follow HOST and PORT (`make run
# PORT=8001`) unless PUBLIC_URL names another address. The admin's sign-in
# details come last, just before the server starts.
run: export PUBLIC_URL ?= http://$(HOST):$(PORT)
run: install catalogues
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_languages
	$(BIN)/python manage.py ensure_roles
	@$(BIN)/python manage.py ensure_admin
	@$(BIN)/python manage.py runserver $(HOST):$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The interface translations (locale/*/django.po), compiled with Babel: no
# gettext tools needed.
catalogues: install
	$(BIN)/python manage.py compile_catalogues

# Debian's Chromium for the browser tests (a test tool's own browser
# download cannot work on the CI machines).
system-deps:
	./scripts/install-system-deps

# Style: ruff (ruff.toml) for Python, djhtml for templates. `make format`
# applies what `make lint` checks.
TEMPLATES = $(shell git ls-files --cached --others --exclude-standard '*.html')
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

# What must hold besides the tests: Django's checks (and the deployment
# ones under production settings), no model change without its migration,
# and every interface catalogue translated, with no fuzzy entry.
checks: install catalogues
	$(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.production ALLOWED_HOSTS=putokaz.example \
		SECRET_KEY=used-by-make-checks-only-never-by-a-deployment-4f9c2a7e1b \
		REDIS_URL=redis://cache.internal:6379/0 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py compile_catalogues --check

test: install catalogues system-deps lint checks test-sqlite test-postgres

# Tests run in one process per core (pytest-xdist); TEST_WORKERS=0 runs
# them in this one.
TEST_WORKERS ?= auto

test-sqlite:
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# The same suite on PostgreSQL, the production database, when
# TEST_POSTGRES_URL names a server (.ci/run sets it).
test-postgres:
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL pass: $$TEST_POSTGRES_URL"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/python -m pytest -n $(TEST_WORKERS); \
	else \
		echo "== PostgreSQL pass skipped: TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)"; \
	fi

# Search relevance (shared/eval/search_queries.yaml) on both engines, and
# latency and indexing time at 10,000 guides (BENCH_GUIDES). Prints figures.
bench-search: install catalogues
	$(BIN)/python -m bench.search

# Page speed at the demo size and at 10,000 guides (BENCH_GUIDES): wrk
# throughput and latency with the page cache on and off, render queries and
# time, first-load bytes in Chromium, worker memory. Prints figures; the
# corpus databases are built once into .bench/ and reused.
bench: install catalogues
	./scripts/install-bench-deps
	$(BIN)/python -m bench.pages

# The portal on a phone: Lighthouse (npm, on Debian's Chromium, mobile
# emulation) on the home page and a guide in English and Arabic, Chromium's
# installability checks, the service worker's size and a saved topic's.
bench-pwa: install catalogues
	./scripts/install-bench-deps
	$(BIN)/python -m bench.pwa

# 60 s of mixed traffic at 64 connections (BENCH_LOAD_SECONDS,
# BENCH_LOAD_CONNECTIONS) against gunicorn with production settings: requests
# served, errors, worker memory at start and end. Prints figures.
bench-load: install catalogues
	./scripts/install-bench-deps
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .test-media .cache
	find locale -name '*.mo' -delete
