# The two quick-start commands: `make portal` and `make test`. Each installs what it needs.
VENV   ?= .venv
PY     := $(VENV)/bin/python
JEJAK  := $(VENV)/bin/jejak
STAMP  := $(VENV)/.installed
# The form editor (Decap CMS) and its test server, pinned by package-lock.json; then our bundle
# of Decap (esbuild, only the backends and widgets Jejak configures), never committed.
NODE_STAMP := node_modules/.installed
EDITOR_BUNDLE := node_modules/.cache/jejak-ubah/manifest.json
# The form's validator in the browser: pure-Python wheels from PyPI for Pyodide (never committed).
WHEELS_STAMP := vendor/validator/wheels.json

.PHONY: portal test install bench

# Build the portal from records/ (PDFs included), then serve it with live reload.
ADDR   ?= 127.0.0.1:8000
portal: $(STAMP) $(EDITOR_BUNDLE) $(WHEELS_STAMP)
	scripts/ensure-system-packages portal
	$(JEJAK) serve --alamat $(ADDR) --periksa-alamat
	$(JEJAK) build
	$(JEJAK) serve --alamat $(ADDR)

# The gates first (lint, format, types), then the whole suite.
test: $(STAMP) $(EDITOR_BUNDLE) $(WHEELS_STAMP)
	scripts/ensure-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy generator
	$(PY) -m pytest

install: $(STAMP) $(EDITOR_BUNDLE) $(WHEELS_STAMP)

# Every benchmark under bench/, then one table (figure, measured, baseline, ratio, target); exits 1
# when a target is missed. `make bench ONLY=validate,hostile` or `SKIP=scale` for a part of them.
bench: install
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY)) $(if $(SKIP),--skip $(SKIP))

# pip runs only when what it installs changed: the stamp holds the digest of pyproject.toml
# without the settings of pytest, ruff and mypy (scripts/install-digest).
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	if [ "$$(cat $(STAMP) 2>/dev/null)" != "$$($(PY) scripts/install-digest)" ]; then \
	  $(PY) -m pip install --quiet --upgrade pip && \
	  $(PY) -m pip install --quiet -e '.[dev]' && \
	  $(PY) scripts/install-digest > $(STAMP); \
	fi
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	scripts/ensure-system-packages node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(EDITOR_BUNDLE): $(NODE_STAMP) $(wildcard scripts/editor-bundle/*)
	node scripts/editor-bundle/build.mjs

$(WHEELS_STAMP): $(STAMP) scripts/validator-wheels
	$(PY) scripts/validator-wheels
