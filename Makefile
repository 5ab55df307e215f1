# Two commands do all setup on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL used by `make test`; pytest-django creates and drops its own test_ database on it.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/kzclaims

.PHONY: run test test-fast lint format venv clean

$(VENV)/.installed: requirements-dev.lock
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  { [ -x "$(PY)" ] || "$$python" -m venv "$(VENV)"; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

venv: $(VENV)/.installed

# A developer's machine: tracebacks and unhashed static files (see .env.example).
run: export DEBUG ?= true
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_setup
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker beside it; Ctrl-C stops both."
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --no-reload --interval 1 & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The whole suite on SQLite and on PostgreSQL, browser tests included. The two legs share
# nothing (each has its own test database, live server port, Chromium and temporary folders), so
# they run at the same time, one a core: each writes its log under var/, printed whole when both
# have finished (SQLite first), then the two summary lines. Fails if either leg fails; Ctrl-C
# stops both (a shell without job control starts background jobs deaf to it). Only the SQLite
# leg retakes the README's screenshots (KZCLAIMS_UPDATE_SCREENSHOTS): never two writers a file.
TEST_LOGS := var/test-logs
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	@scripts/check-postgres "$(TEST_POSTGRES_URL)"
	@mkdir -p $(TEST_LOGS)
	@echo "pytest on SQLite and on PostgreSQL at once: $(TEST_LOGS)/sqlite.log, $(TEST_LOGS)/postgres.log"
	@DATABASE_URL=sqlite:///$(CURDIR)/.test-db.sqlite3 $(PY) -m pytest $(PYTEST_ARGS) \
	  >$(TEST_LOGS)/sqlite.log 2>&1 & sqlite=$$!; \
	KZCLAIMS_UPDATE_SCREENSHOTS= DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest $(PYTEST_ARGS) \
	  >$(TEST_LOGS)/postgres.log 2>&1 & postgres=$$!; \
	trap 'kill $$sqlite $$postgres 2>/dev/null; exit 130' INT TERM; \
	wait $$sqlite; sqlite_status=$$?; wait $$postgres; postgres_status=$$?; \
	for leg in sqlite postgres; do \
	  echo "======== pytest on $$leg ($(TEST_LOGS)/$$leg.log)"; cat $(TEST_LOGS)/$$leg.log; \
	done; \
	echo "SQLite:     $$(tail -n 1 $(TEST_LOGS)/sqlite.log) (exit $$sqlite_status)"; \
	echo "PostgreSQL: $$(tail -n 1 $(TEST_LOGS)/postgres.log) (exit $$postgres_status)"; \
	[ $$sqlite_status -eq 0 ] && [ $$postgres_status -eq 0 ]

# The inner loop: SQLite only, no browser tests, stop at the first failure. `make test` before
# committing is still the rule.
test-fast: venv
	DATABASE_URL=sqlite:///$(CURDIR)/.test-db.sqlite3 $(PY) -m pytest -x -q -m "not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* staticfiles
