# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Which authority's site to build and serve (a folder under tariffs/): make serve AUTHORITY=<id>
AUTHORITY ?= $(shell cat tariffs/default-authority)
SITE ?= site
# axe-core, vnu-jar and MDN's HTTP Observatory for the tests, the Pyodide runtime for the site (package-lock.json).
NODE_DEPS := node_modules/.package-lock.json
OBSERVATORY := node_modules/@mdn/mdn-http-observatory

# Test workers (pytest-xdist): the browser tests partly wait; 4 were no faster than 3 here (docs/testing.md).
# worksteal: a worker that runs out of tests takes half of a busy one's queue (with the default
# scheduling, one worker was left alone with the last 20 % of a run: python -m tests.timeline).
TEST_WORKERS ?= 3
XDIST := -n $(TEST_WORKERS) --dist worksteal

.PHONY: setup browser java webserver build check serve test test-fast lint bench anchors clean

setup: $(VENV)/.installed $(NODE_DEPS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# npm writes node_modules/.package-lock.json on every install: reinstall when the lock file is newer.
# No install script runs (.npmrc): the HTTP Observatory's scanner would download Chromium's HSTS preload
# list into its conf/; it gets an empty one (tests/test_observatory.py scans a local server, never preloaded).
$(NODE_DEPS): package-lock.json package.json .npmrc
	npm ci --no-audit --no-fund
	echo '{}' > $(OBSERVATORY)/conf/hsts-preload.json
	touch $@

# Debian's Chromium (Playwright cannot download browsers here): its headless shell for the tests, the
# desktop browser for the bench (a visitor's browser).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-headless-shell >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-headless-shell >/dev/null; fi; }

# Debian's Java runtime for the Nu Html Checker (npm vnu-jar), which the tests run on every page.
java:
	@command -v java >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless >/dev/null; fi; }

# Debian's nginx with brotli_static: tests/test_serve.py runs the README's configuration.
webserver:
	@test -x /usr/sbin/nginx -a -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static >/dev/null; fi; }

build: setup
	$(PY) build.py --authority $(AUTHORITY) --site $(SITE)

check: setup
	$(PY) build.py --authority $(AUTHORITY) --check

# As a real host would: precompressed copies with Content-Encoding, long cache for hashed files (sirv).
serve: build
	node sitebuild/serve.mjs $(SITE) $(PORT)

# Publish new link targets (tables, rows, pages) in tariffs/links/published-anchors.txt.
anchors: setup
	$(PY) build.py --authority $(AUTHORITY) --update-anchors --site $(SITE)

# Build time, the calculator's first result against bare loadPyodide (cold and warm), page weight.
bench: setup browser
	$(PY) -m tests.bench

lint: setup
	$(VENV)/bin/ruff check calculator sitebuild tests build.py content/hooks

# Everything, browser tests included: the only command CI runs (.ci/run).
test: setup browser java webserver
	$(VENV)/bin/ruff check calculator sitebuild tests build.py content/hooks
	$(PY) -m pytest $(XDIST)

# The inner loop while editing: every test that needs no browser and no built site (so no Node.js).
test-fast: setup
	$(VENV)/bin/ruff check calculator sitebuild tests build.py content/hooks
	$(PY) -m pytest -n 2 --dist worksteal -m "not browser and not site"

clean:
	rm -rf site .cache $(VENV) node_modules .pytest_cache .hypothesis
