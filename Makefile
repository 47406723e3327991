# The two quick-start commands: `make portal` and `make test`. Each installs what it needs.
VENV   ?= .venv
PY     := $(VENV)/bin/python
JEJAK  := $(VENV)/bin/jejak
STAMP  := $(VENV)/.installed
# The form editor (Decap CMS) and its test server, pinned by package-lock.json.
NODE_STAMP := node_modules/.installed

.PHONY: portal test install

# Build the portal from records/ (PDFs included), then serve it with live reload.
ADDR   ?= 127.0.0.1:8000
portal: $(STAMP) $(NODE_STAMP)
	scripts/ensure-system-packages portal
	$(JEJAK) serve --alamat $(ADDR) --periksa-alamat
	$(JEJAK) build
	$(JEJAK) serve --alamat $(ADDR)

# The gates first (lint, format, types), then the whole suite.
test: $(STAMP) $(NODE_STAMP)
	scripts/ensure-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy generator
	$(PY) -m pytest

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	scripts/ensure-system-packages node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)
