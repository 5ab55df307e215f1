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

# The whole suite, on SQLite and then on PostgreSQL, browser tests included.
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=sqlite:///$(CURDIR)/.test-db.sqlite3 $(PY) -m pytest $(PYTEST_ARGS)
	@scripts/check-postgres "$(TEST_POSTGRES_URL)"
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: SQLite only, no browser tests, stop at the first failure. `make test` before
# committing is still the rule.
test-fast: venv
	DATABASE_URL=sqlite:///$(CURDIR)/.test-db.sqlite3 $(PY) -m pytest -x -q -m "not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* staticfiles
