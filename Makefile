# Two commands do all the set-up on a fresh machine:
#   make serve   preview the site from the repository's records at http://127.0.0.1:8000/
#   make test    run the whole test suite (installs Python packages, npm tools, Chromium, Java and pdftotext if missing)
# `make test-fast` runs the tests not marked slow (no whole-site build, browser or external checker), with Python alone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve preview test test-fast lint validate fmt messages benchmark benchmark-national profile tricks fuzz browser import

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed

browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }
	@command -v java >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless; }
	@command -v pdftotext >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils; }

site: setup
	$(VENV)/bin/mkdocs build

serve: setup
	$(VENV)/bin/mkdocs serve

validate: setup
	$(VENV)/bin/site-builder validate

fmt: setup
	$(VENV)/bin/site-builder fmt

# Extract the pages' strings into site_builder/site/locale/messages.pot and bring each language's .po up to it.
messages: setup
	$(VENV)/bin/site-builder messages

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup node_modules/.installed browser
	$(VENV)/bin/site-builder validate
	$(VENV)/bin/site-builder fmt --check
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -n 2 --durations=20

test-fast: setup
	$(PY) -m pytest -n 2 -m "not slow"

benchmark: setup node_modules/.installed browser
	$(PY) benchmarks/run.py

# A national year of city races, about 60,000 candidates: too long for the usual run.
benchmark-national: setup node_modules/.installed browser
	$(PY) benchmarks/run.py --sizes 60000 --repeat 1

profile: setup
	$(PY) benchmarks/profile_build.py

tricks: setup
	$(PY) benchmarks/tricks.py

# The real datasets the directory's imported records come from (see "Import results after an election" in docs/contributing/index.md);
# IMPORT_FLAGS=--dry-run shows what an import would change and writes nothing. Open States comes
# last, so that its mayors meet the candidates the results made. San Francisco's files are given by a shell glob,
# not $(wildcard): some of their names hold spaces.
DATA ?= ../shared/data-sources
RCV := $(DATA)/rcv-minneapolis
ARCHIVE := $(DATA)/rcv-archive
IMPORT_FLAGS ?=
import: setup
	$(VENV)/bin/site-builder import vote-gov $(IMPORT_FLAGS) $(DATA)/vote-gov/states.json
	$(VENV)/bin/site-builder import openelections $(IMPORT_FLAGS) \
	  $(DATA)/openelections-wa/*.csv $(DATA)/openelections-pa/*.csv $(DATA)/openelections-pa-2023/*.csv
	$(VENV)/bin/site-builder import minneapolis-rcv $(IMPORT_FLAGS) $(wildcard $(RCV)/2017*.txt $(RCV)/mpls_2017_*.txt $(RCV)/2021-*.txt $(RCV)/mpls_2021_*.txt $(RCV)/Minneapolis_2023_*.txt)
	$(VENV)/bin/site-builder import alameda-rcv $(IMPORT_FLAGS) $(wildcard $(ARCHIVE)/Oakland/*.txt $(ARCHIVE)/Berkeley/*.txt $(ARCHIVE)/San_Leandro/*.txt)
	$(VENV)/bin/site-builder import multnomah-rcv $(IMPORT_FLAGS) $(wildcard $(ARCHIVE)/Portland/*.txt)
	$(VENV)/bin/site-builder import sf-rcv $(IMPORT_FLAGS) $(ARCHIVE)/SanFrancisco/*
	$(VENV)/bin/site-builder import nyc-rcv $(IMPORT_FLAGS) $(wildcard $(DATA)/rcv-archive/NYC/*)
	$(VENV)/bin/site-builder import openstates $(IMPORT_FLAGS) $(DATA)/openstates-people

fuzz: setup
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -q tests/test_fuzz.py

preview: setup
	@test -n "$(CITY)" || { echo "usage: make preview CITY=<state>/<city>, such as CITY=mn/minneapolis"; exit 2; }
	CANDIDATES_ONLY=$(CITY) $(VENV)/bin/mkdocs serve
