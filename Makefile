PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# axe-core for the browser tests' accessibility checks; without npm the browser tests skip and say so.
NODE_DEPS := $(if $(shell command -v npm 2>/dev/null),$(NODE_STAMP))
export DEBUG ?= true
PORT ?= 8000
# The interface translations: locale/<language>/LC_MESSAGES/django.po is edited, its compiled .mo is built here.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles

.PHONY: run test lint format migrate demo messages clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 or run 'make PYTHON=/path/to/python3.11'"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Babel compiles the catalogue without GNU gettext, so a fresh machine needs nothing but Python.
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --statistics --directory locale --domain django

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --all --no-obsolete $(I18N_IGNORE)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

# The background task worker (report PDFs and workbooks, freezes) runs beside the server and stops with it.
run: demo $(MO_FILES)
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two pytest workers, one per core of the machine CI runs on; `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2
test: $(STAMP) $(MO_FILES) $(NODE_DEPS)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The load test (not in CI): gunicorn as in production (5 workers, 60 s timeout) and the task worker on loopback,
# and Locust with
# BENCH_USERS signed-in users for BENCH_SECONDS, on the database of DATABASE_URL (generate_scale_data first).
# Locust lives in a virtualenv of its own (requirements-bench.txt), away from the application's packages.
BENCH_VENV := .venv-bench
BENCH_PORT ?= 8765
BENCH_USERS ?= 50
BENCH_SECONDS ?= 60
BENCH_ENV := DEBUG=false SECRET_KEY=load-test-only ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false

$(BENCH_VENV)/bin/locust: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-bench.txt

staticfiles/staticfiles.json: | $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0

bench: migrate $(MO_FILES) $(BENCH_VENV)/bin/locust staticfiles/staticfiles.json
	$(BENCH_ENV) $(BIN)/python manage.py prepare_load_test --sessions $(BENCH_USERS) > .bench-sessions
	$(BENCH_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BENCH_ENV) $(BIN)/gunicorn score_mis.wsgi --bind 127.0.0.1:$(BENCH_PORT) --workers 5 --timeout 60 \
		--log-level warning & server=$$!; \
	trap 'kill $$server $$worker 2>/dev/null; wait $$server $$worker; rm -f .bench-sessions' EXIT INT TERM; sleep 3; \
	SCORE_SESSIONS=.bench-sessions $(BENCH_VENV)/bin/locust -f demo/locustfile.py --headless --only-summary \
		--users $(BENCH_USERS) --spawn-rate 10 --run-time $(BENCH_SECONDS)s --host http://127.0.0.1:$(BENCH_PORT)

clean:
	rm -rf $(VENV) $(BENCH_VENV) staticfiles node_modules
