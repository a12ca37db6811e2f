# PostFlow Analytics — the two commands: `make demo` (run the product) and `make test` (pass the tests).
# Everything is installed by these targets; nothing by hand.

SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PYTHON ?= python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen
PG_BIN ?= /usr/lib/postgresql/15/bin

.PHONY: install system-deps test test-postgres test-slow test-sqlite demo lint bench check-deploy clean

## install: Python 3.13 (pyenv, via .python-version), uv, and the locked dependencies.
install:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13), f"need Python 3.13 (pyenv reads .python-version), got {sys.version}"'
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --frozen --quiet

## system-deps: PostgreSQL server binaries, Debian's chromium for the browser tests, pango for PDF reports and
## poppler's pdftoppm for rendering a report page in the docs, redis-server for the scale-out test (root only).
system-deps:
	@need=""; \
	[ -x "$(PG_BIN)/initdb" ] || need="$$need postgresql"; \
	[ -x /usr/bin/chromium ] || need="$$need chromium"; \
	ldconfig -p | grep -q 'libpango-1.0.so' || need="$$need libpango-1.0-0 libpangoft2-1.0-0"; \
	[ -x /usr/bin/pdftoppm ] || need="$$need poppler-utils"; \
	[ -x /usr/bin/redis-server ] || need="$$need redis-server"; \
	if [ -n "$$need" ]; then \
	  echo "installing:$$need"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	fi

## test: the whole suite on a throwaway PostgreSQL server (unit and integration tests on both cores, then the
## slow end-to-end and browser tests in their own pass), then the smoke subset on SQLite.
test: install system-deps test-postgres test-slow test-sqlite

TEST_WORKERS ?= 2

test-postgres:
	$(RUN) python tests/pg_server.py -- pytest -q -n $(TEST_WORKERS) -m "not e2e and not browser"

test-slow:
	$(RUN) python tests/pg_server.py -- pytest -q -n $(TEST_WORKERS) -m "e2e or browser"

test-sqlite:
	@tmp=$$(mktemp -d); \
	DATABASE_URL="sqlite:///$$tmp/smoke.sqlite3" $(RUN) pytest -q -n $(TEST_WORKERS) -m smoke; status=$$?; \
	rm -rf "$$tmp"; exit $$status

## demo: SQLite + django-q2's ORM broker, the sandbox instance, demo accounts, qcluster and the web server.
demo: install
	DEBUG=1 PLATFORM_ALLOW_INSECURE_URLS=1 PLATFORM_MIN_INTERVAL=0.05 $(RUN) python manage.py run_demo

lint:
	$(RUN) ruff check .

## bench: seed the realistic dataset (SCALE=1: 1M posts) on a throwaway PostgreSQL, measure every page, list,
## export, ingestion path and a 20-user load test, and write the figures into docs/benchmarks.md.
SCALE ?= 0.1
bench: install
	POSTFLOW_TESTING=1 SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=localhost,127.0.0.1 \
	TOKEN_ENCRYPTION_KEYS="$$($(RUN) python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	$(RUN) python tests/pg_server.py -- \
	  sh -c "python manage.py migrate -v0 && python manage.py bench --scale $(SCALE)"

check-deploy: install
	DEBUG=0 SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" \
	TOKEN_ENCRYPTION_KEYS="$$($(RUN) python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	ALLOWED_HOSTS=postflow.example $(RUN) python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf .venv staticfiles var db.sqlite3*
