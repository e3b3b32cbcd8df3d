# CivicDesk: `make demo` serves a demo city, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck pytest serve-demo clean help

help:
	@echo "make demo   set up, migrate, load the demo city, serve it on http://$(HOST):$(PORT)"
	@echo "make test   set up, then ruff, mypy, migrations check and the tests (SQLite, then PostgreSQL)"
	@echo "make venv   the set-up step alone"

venv: $(STAMP)

$(STAMP): pyproject.toml $(wildcard src/civicdesk/locale/*/LC_MESSAGES/*.po)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/civicdesk compile_translations --quiet-ok
	@touch $(STAMP)

demo: venv
	$(BIN)/civicdesk migrate --no-input
	$(BIN)/civicdesk seed_demo
	@HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) sh scripts/demo_serve.sh

test: venv
	@BIN=$(BIN) sh scripts/test.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
