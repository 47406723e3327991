# The two quick-start commands: `make portal` and `make test`. Each installs what it needs.
VENV   ?= .venv
PY     := $(VENV)/bin/python
JEJAK  := $(VENV)/bin/jejak
STAMP  := $(VENV)/.installed

.PHONY: portal test install

portal: $(STAMP)
	$(JEJAK) validate
	$(JEJAK) status

test: $(STAMP)
	scripts/ensure-system-packages
	$(PY) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)
