# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Quick-start defaults; any of them can be overridden from the environment.
# PORT reaches the web server and the worker: SITE_URL (links in emails) follows it unless set.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1} PORT=$(PORT)
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cluster_portal} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=tests-only-secret-key-not-for-production-0123456789 \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver

# `make bench` runs on databases of its own, one per size (BENCH_DATABASE_URL's name with a
# suffix: cluster_portal_bench_1k, _10k, _100k), each seeded once; production settings (debug
# off, Redis cache, two-factor not demanded of the bench's staff session).
BENCH_ENV := DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cluster_portal_bench} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} CACHE_KEY_PREFIX=bench \
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	STAFF_REQUIRE_MFA=0
# After the pages, `make bench` measures newsletter sending (tests/bench/newsletter_send.py)
# on a database of its own and Redis db 9, which nothing else uses: that script flushes it.
# BENCH_NEWSLETTER=0 skips it, and so does choosing pages with BENCH_ARGS="--only ...".
BENCH_NEWSLETTER ?= $(if $(filter --only% --help -h,$(BENCH_ARGS)),0,1)
BENCH_NEWSLETTER_ENV := \
	DATABASE_URL=$${BENCH_NEWSLETTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cluster_portal_bench_newsletter} \
	REDIS_URL=$${BENCH_NEWSLETTER_REDIS_URL:-redis://127.0.0.1:6379/9} \
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 \
	DJANGO_SECURE_SSL_REDIRECT=0

.PHONY: run test worker lint format lock bench clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' \
		|| { echo "Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# A stamp per requirements file: dependencies are reinstalled only when the lock changes.
$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

run: $(VENV)/.base-installed
	@$(RUN_ENV) $(PY) manage.py compile_translations
	@$(RUN_ENV) $(PY) manage.py migrate --noinput
	@$(RUN_ENV) $(PY) manage.py seed_demo --if-empty
	@# With REDIS_URL a real Celery worker (with beat) runs beside the web server.
	@export $(RUN_ENV); \
	if [ -n "$$REDIS_URL" ]; then \
		$(VENV)/bin/celery -A cluster_portal worker --beat --loglevel=INFO & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	echo "Serving on http://127.0.0.1:$(PORT)/"; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed
	@# The layers between the apps (README, "Architecture"): no upward import.
	$(VENV)/bin/lint-imports --no-cache
	@$(TEST_ENV) $(PY) manage.py compile_translations --verbosity 0 > /dev/null
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# A benchmark, not a test: see tests/bench/run.py and README "Benchmark". BENCH_ARGS="--sizes
# 10000" (one size), "--only directory --duration 5" (some pages), "--help"; BENCH_NEWSLETTER=0
# (pages only, all of them).
bench: $(VENV)/.base-installed
	@command -v wrk >/dev/null || { \
		export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk; }
	@$(BENCH_ENV) $(PY) -m tests.bench.run $(BENCH_ARGS)
	@if [ "$(BENCH_NEWSLETTER)" != 0 ]; then \
		echo; echo "Newsletter sending (BENCH_NEWSLETTER=0 skips it)"; \
		$(BENCH_NEWSLETTER_ENV) $(PY) -m tests.bench.newsletter_send; \
	fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the pinned requirements after changing pyproject.toml.
lock: $(VENV)/.dev-installed
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements/base.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev --output-file requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
