# Miviludes site: `make html` builds output/, `make test` runs every test.
# Each target installs what is missing (stamps keep a second run from reinstalling).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PDF ?= 1
export PDF

.DEFAULT_GOAL := html
.PHONY: html test serve clean check new publish bench deps chromium vendor

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json .dsfr.yml
	@command -v npm >/dev/null || { echo "Node.js 20 et npm sont requis (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.installed node_modules/.installed

vendor: deps
	$(PY) tools/vendor.py

html: vendor
	$(PY) tools/build.py --settings pelicanconf.py

publish: vendor
	$(PY) tools/build.py --settings publishconf.py

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Chromium (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium est requis pour les tests : lancez « sudo apt-get install chromium » puis relancez « make test »."; exit 1; \
	  fi; \
	fi

test: vendor chromium
	$(PY) -m pytest -q

serve: vendor
	PDF=0 $(PY) tools/serve.py

check: deps
	$(PY) tools/check.py

new: deps
	$(PY) tools/new.py "$(TYPE)" "$(TITLE)"

bench: vendor chromium
	PDF=0 $(PY) tools/bench.py

clean:
	rm -rf output output.tmp-* output.old-* .vendor .cache __pycache__ .pytest_cache
