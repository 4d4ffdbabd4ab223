# asnwatch: `make run` sets everything up and runs the main job on the bundled sample data;
# `make test` sets everything up and runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# torch first, pinned: on these machines 2.13.0 is a local CPU wheel; an open range may pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0

# Debian's Chromium and its driver, for the browser tests of `asnwatch serve` (never a downloaded browser).
BROWSER_PKGS := chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser run test lint format bench clean help

help:
	@echo "make browser  install Debian chromium + chromium-driver when missing (make test does)"
	@echo "make install  create .venv and install everything (torch CPU first, then asnwatch[dev], models)"
	@echo "make run      install, then run the sample pipeline (collect -> scan -> review -> report)"
	@echo "make test     install, then run the whole test suite"
	@echo "make lint     ruff check and format check, mypy on pipeline/ (strict where listed in pyproject)"
	@echo "make bench    run the benchmarks"

# The models are rebuilt only when out of date: prepare-e5 checks its stamp, build-default the config hash and
# the corpus sha256, so both cost a second when nothing changed.
install: $(STAMP)
	$(BIN)/asnwatch models prepare-e5
	$(BIN)/asnwatch models build-default

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	bash scripts/sample_run.sh

browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
	  echo "installing Debian's $(BROWSER_PKGS) for the browser tests"; \
	  $(SUDO) apt-get install -y -q $(BROWSER_PKGS) >/dev/null 2>&1 \
	    || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(BROWSER_PKGS) >/dev/null; }; \
	fi

test: install browser
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf out .pytest_cache .ruff_cache asnwatch.db models/default models/e5-small models/.cache
