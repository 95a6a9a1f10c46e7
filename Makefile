# Miviludes site: `make html` builds output/, `make test` runs every test.
# Each target installs what is missing (stamps keep a second run from reinstalling).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PDF ?= 1
export PDF

.DEFAULT_GOAL := html
.PHONY: lock liens html test serve editer clean check format new publish bench lighthouse deps chromium vendor pdf-deps test-deps admin-deps audit

# Python packages: requirements.lock holds requirements.txt's pins with their sha256 hashes; pip refuses
# any file whose hash differs (a replaced release) and any package not listed (--no-deps).
$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

# After changing requirements.txt: `make lock` writes requirements.lock again (pip-tools in its own
# folder, .cache/pip-tools, not in the site's .venv). A test checks both files list the same pins.
PIP_TOOLS := .cache/pip-tools
lock:
	@test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && \
	  $(PIP_TOOLS)/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2; }
	$(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --no-emit-find-links --no-emit-index-url \
	  --strip-extras --output-file=requirements.lock requirements.txt

node_modules/.installed: package.json package-lock.json .dsfr.yml
	@command -v npm >/dev/null || { echo "Node.js 20 et npm sont requis (apt-get install nodejs npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.installed node_modules/.installed

# The web editor /admin/ (Decap CMS, ~390 MB of node_modules): its own package in admin/, installed
# only for `make editer`, `make test` and `make publish` (`make html` does not need it).
admin/node_modules/.installed: admin/package.json admin/package-lock.json tools/patch_admin.py
	@command -v npm >/dev/null || { echo "Node.js 20 et npm sont requis (apt-get install nodejs npm)."; exit 1; }
	npm ci --prefix admin --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) tools/patch_admin.py
	@touch $@

admin-deps: admin/node_modules/.installed

vendor: deps
	$(PY) tools/vendor.py

html: vendor $(if $(filter 0,$(PDF)),,pdf-deps)
	$(PY) tools/build.py --settings pelicanconf.py

publish: vendor admin-deps $(if $(filter 0,$(PDF)),,pdf-deps)
	ADMIN_CMS=1 $(PY) tools/build.py --settings publishconf.py

# WeasyPrint (printable PDFs) needs Pango, HarfBuzz subset and fonts from Debian.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
pdf-deps:
	@command -v dpkg-query >/dev/null || exit 0; \
	missing=""; for p in $(PDF_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation des bibliothèques de WeasyPrint (paquets Debian) :$$missing…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Les versions PDF imprimables ont besoin de :$$missing. Lancez « sudo apt-get install$$missing » puis relancez, ou construisez sans PDF : « make html PDF=0 »."; exit 1; \
	  fi; \
	fi

# Test-only Debian packages: nginx (tests/browser/test_nginx.py serves the site with deploy/nginx.conf)
# and Java (Nu Html Checker, tests/test_html_validity.py). Checked by command, installed when missing;
# RUNLEVEL=1 keeps the package from starting its default nginx service (the tests run their own).
TEST_DEBS := nginx:nginx java:default-jre-headless
test-deps:
	@missing=""; for pair in $(TEST_DEBS); do \
	  cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null || [ -x /usr/sbin/$$cmd ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation des outils de test (paquets Debian) :$$missing…"; \
	    apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Les tests ont besoin de :$$missing. Lancez « sudo apt-get install$$missing » puis relancez « make test »."; exit 1; \
	  fi; \
	fi

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Chromium (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium est requis pour les tests : lancez « sudo apt-get install chromium » puis relancez « make test »."; exit 1; \
	  fi; \
	fi

test: test-deps vendor chromium pdf-deps admin-deps
	$(PY) -m pytest -q -n 2 --durations=25

# RGAA audit: re-runs every test the grid docs/rgaa/grille.yaml cites, prints the rate and the NC criteria.
audit: test-deps vendor chromium pdf-deps
	$(PY) tools/audit.py

# Preview on the first free port from 8000, rebuilt on every change (errors shown in the page).
serve: vendor
	PDF=0 $(PY) tools/serve.py

# Everything an editor needs: the preview, the web editor on /admin/ and its local backend.
editer: vendor admin-deps
	PDF=0 $(PY) tools/serve.py --editeur

check: deps
	$(PY) tools/check.py

# Every external source link and remote PDF (tools/liens.py): rot reported in French, remote PDFs'
# size, pages and checksum written to content/data/pdf-distants.lock.json (read by the build, which
# never fetches). BASE=http://127.0.0.1:8000 sends the requests to another address (mirror, tests).
liens: $(VENV)/.installed
	$(PY) tools/liens.py $(if $(BASE),--base "$(BASE)") $(LIENS_ARGS)

# Rewrite content/ in the one form the web editor writes (plugins/common/rules/canonical.py).
format: deps
	$(PY) tools/format_content.py

# TYPE and TITLE reach tools/new.py through the environment, never a shell command line: a title
# with quotes, `$` or backquotes is written exactly as typed.
new: export NEW_TYPE = $(value TYPE)
new: export NEW_TITLE = $(value TITLE)
new: deps
	$(PY) tools/new.py

# Performance figures (tables): build times (real site, BENCH_COUNT synthetic fiches, bare Pelican),
# page weight in Chromium, search, Lighthouse (LH_RUNS runs per page). Not part of `make test`.
bench: vendor chromium
	@$(PY) -m pip install --quiet --disable-pip-version-check pagefind_bin==1.5.2 || echo "Pagefind (pip pagefind_bin) non installé : comparaison omise."
	PDF=0 $(PY) tools/bench.py

lighthouse: vendor chromium
	PDF=0 $(PY) tools/bench.py --lighthouse-only

clean:
	rm -rf output output-admin output.tmp-* output.old-* .vendor .cache __pycache__ .pytest_cache
