# Two commands: `make run` and `make test`. Both create .venv and install when needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPS_KEY := $(shell cat pyproject.toml requirements.lock 2>/dev/null | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(DEPS_KEY)
CDM_HOME ?= .cdm
CDM_SCALE ?= default
export CDM_HOME
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

WAREHOUSE := $(CDM_HOME)/warehouse.duckdb
FEEDBACK_STAMP := $(CDM_HOME)/feedback-index.stamp

.PHONY: install run test lint typecheck fmt warehouse feedback-index chromium java postgres bench clean summary

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

$(WAREHOUSE): | $(STAMP)
	$(VENV)/bin/cdm data build --scale $(CDM_SCALE)

# the feedback index (Chroma + pain points) is rebuilt, incrementally, when the warehouse changes
$(FEEDBACK_STAMP): $(WAREHOUSE) | $(STAMP)
	$(VENV)/bin/cdm feedback build
	@touch $@

warehouse: $(WAREHOUSE)

feedback-index: $(FEEDBACK_STAMP)

summary: warehouse
	$(VENV)/bin/cdm data summary

# demo users only on a fresh install: an existing users file (real accounts) is left alone
run: install $(FEEDBACK_STAMP)
	$(VENV)/bin/cdm users demo --if-missing
	bash scripts/run_ui.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

chromium:
	@bash scripts/ensure_chromium.sh

java:
	@bash scripts/ensure_java.sh

postgres:
	@bash scripts/ensure_postgres.sh

test: install lint typecheck chromium java postgres
	$(VENV)/bin/pytest

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(CDM_HOME) .pytest_cache .mypy_cache .ruff_cache
