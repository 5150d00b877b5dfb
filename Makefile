# Kafamuya Archive. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/kafamuya
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: help install catalogs test-tools run test test-sqlite test-postgres bench lint migrations-check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create the virtualenv and install the pinned requirements

# Browser-test tools from npm (axe-core), exactly as locked; the site itself needs no npm.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will be skipped (install Node.js and npm)"; fi

test-tools: node_modules/.package-lock.json ## Install the browser-test tools (npm ci)

catalogs: install ## Compile the translation catalogs (no GNU gettext needed)
	@$(PY) manage.py build_catalogs

run: catalogs ## Migrate, load the demo, ensure an admin, start the site and its worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	@echo "Kafamuya Archive on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the site and its worker)"
	KAFAMUYA_PYTHON=$(abspath $(PY)) $(VENV)/bin/honcho -f Procfile start -p $(PORT)

# The two passes run side by side (each prints its output when it ends): the suite is mostly
# one busy core per pass.
test: catalogs test-tools ## The whole suite, on SQLite and on PostgreSQL (side by side)
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: catalogs test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: catalogs test-tools ## The suite against PostgreSQL (skipped with a reason when none runs)
	@$(PY) tests/services.py postgresql $(PG_TEST_URL); status=$$?; \
	if [ $$status -eq 0 ]; then DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ $$status -ne 3 ]; then exit $$status; fi

bench: catalogs ## Benchmarks, one `name: value` a line
	@$(PY) -m tests.benchmarks

lint: install ## ruff, and no missing migration
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
