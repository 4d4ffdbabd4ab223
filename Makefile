# asnwatch: `make run` sets everything up and runs the main job on the bundled sample data;
# `make test` sets everything up and runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAY_STAMP := $(VENV)/.installed-ray
# torch first, pinned: on these machines 2.13.0 is a local CPU wheel; an open range may pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0

# Debian's Chromium and its driver, for the browser tests of `asnwatch serve` (never a downloaded browser).
BROWSER_PKGS := chromium chromium-driver
# Debian's Tesseract with its Indonesian data, for `asnwatch ocr` and its tests.
OCR_PKGS := tesseract-ocr tesseract-ocr-ind
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install install-ray browser ocr-tools run test fuzz lint format bench clean help

help:
	@echo "make browser  install Debian chromium + chromium-driver when missing (make test does)"
	@echo "make ocr-tools install Debian tesseract-ocr + tesseract-ocr-ind when missing (make test does)"
	@echo "make install  create .venv and install everything (torch CPU first, then asnwatch[dev], models)"
	@echo "make run      install, then run the sample pipeline (collect -> scan -> review -> report)"
	@echo "make install-ray  add the ray extra (asnwatch[ray]: --engine ray; make test and make bench do)"
	@echo "make test     install (with the ray extra), then run the whole test suite"
	@echo "make fuzz     the collectors' fuzz suite with the long profile (ASNWATCH_FUZZ=long, see docs/reliability.md)"
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

# The ray extra (classify/evaluate --engine ray, benchmarks/scale.py, the tests marked ray); torch stays pinned.
install-ray: $(RAY_STAMP)

$(RAY_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,ray]" "$(TORCH)"
	touch $(RAY_STAMP)

run: install
	bash scripts/sample_run.sh

browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
	  echo "installing Debian's $(BROWSER_PKGS) for the browser tests"; \
	  $(SUDO) apt-get install -y -q $(BROWSER_PKGS) >/dev/null 2>&1 \
	    || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(BROWSER_PKGS) >/dev/null; }; \
	fi

ocr-tools:
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then \
	  echo "installing Debian's $(OCR_PKGS) for asnwatch ocr"; \
	  $(SUDO) apt-get install -y -q $(OCR_PKGS) >/dev/null 2>&1 \
	    || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(OCR_PKGS) >/dev/null; }; \
	fi

test: install install-ray browser ocr-tools
	$(BIN)/python -m pytest -q

# The bounded profile of tests/collect/test_fuzz.py runs in `make test`; this is the long one.
fuzz: install
	ASNWATCH_FUZZ=long $(BIN)/python -m pytest -q tests/collect/test_fuzz.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install install-ray ocr-tools
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf out .pytest_cache .ruff_cache asnwatch.db models/default models/e5-small models/.cache
