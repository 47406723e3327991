# The two quick-start commands: `make portal` and `make test`. Each installs what it needs.
VENV   ?= .venv
PY     := $(VENV)/bin/python
JEJAK  := $(VENV)/bin/jejak
STAMP  := $(VENV)/.installed

.PHONY: portal test install

# Build the portal from records/ (PDFs included), then serve it with live reload.
ADDR   ?= 127.0.0.1:8000
portal: $(STAMP)
	scripts/ensure-system-packages portal
	$(JEJAK) serve --alamat $(ADDR) --periksa-alamat
	$(JEJAK) build
	$(JEJAK) serve --alamat $(ADDR)

# The gates first (lint, format, types), then the whole suite.
test: $(STAMP)
	scripts/ensure-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy generator
	$(PY) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)
