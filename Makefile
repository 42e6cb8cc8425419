# The two commands: `make report` builds every report, `make test` runs the checks.
# Each sets up what it needs first: a virtual environment with the pip packages,
# and the Debian packages that render PDFs with Japanese glyphs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.jdib-installed
SYSTEM_PACKAGES := chromium fonts-noto-cjk poppler-utils strace

.PHONY: setup system report tables test lab bench check accept clean help pair diff
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name jdib --display-name "Python (jdib)" >/dev/null
	touch $(STAMP)

system:  ## install chromium, Noto CJK fonts, poppler and strace when missing (apt-get)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v strace >/dev/null 2>&1 || missing="$$missing strace"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    echo "installing Debian packages:$$missing"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "jdib: please install$$missing with your system's package manager (PDF export needs them)" >&2; exit 2; \
	  fi; \
	fi

setup: $(STAMP) system  ## create .venv and install everything

tables: $(STAMP)  ## write data/tables/*.csv from seeds/
	$(BIN)/jdib tables

report: setup  ## build every table and report into data/tables and outputs/
	$(BIN)/jdib tables
	$(BIN)/jdib build

test: setup  ## run the test suite and the notebook regression checks
	$(BIN)/python -m pytest

lab: setup  ## open the notebooks in JupyterLab inside the project's environment
	$(BIN)/jupyter lab notebooks/

pair: $(STAMP)  ## bring notebooks/*.ipynb and their paired notebooks/*.py scripts in step (jupytext)
	$(BIN)/jupytext --sync notebooks/[0-9]*.ipynb

REV ?= HEAD
diff: $(STAMP)  ## notebook changes since REV (default HEAD) cell by cell, metadata and ids left out (nbdime)
	$(BIN)/nbdiff --ignore-metadata --ignore-id $(REV)

bench: setup  ## time builds, rebuilds, tables at scale and import against targets (minutes)
	$(BIN)/jdib bench

clean:  ## remove outputs and the virtual environment
	rm -rf outputs $(VENV)
