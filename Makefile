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

.PHONY: run test lint format migrate demo messages clean

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

test: $(STAMP) $(MO_FILES) $(NODE_DEPS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles node_modules
