# Zukunftsstadt: `make run` serves the demo city, `make test` runs every test.
# Both install what they need into .venv first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
LOCALES := de en pl dsb

.PHONY: run test install translations extract-messages update-messages compile-messages lint bench \
	screenshots audit vendor clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# .mo files are built here, never committed.
compile-messages: install
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | grep -v "^compiling" || true
	@$(BIN)/pybabel compile -d translations -D messages >/dev/null

translations: compile-messages

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location \
		--sort-output --project Zukunftsstadt -o translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching \
		--width 100
	$(BIN)/python -m participation.tools.fill_source_catalogue translations/en/LC_MESSAGES/messages.po

run: install translations
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) serve --host 127.0.0.1 --port $(PORT)

# SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (.ci/run sets it).
test: install translations
	env -u TEST_DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite again on PostgreSQL =="; \
		$(BIN)/pytest -q; \
	fi

# ruff, then the import contracts of pyproject.toml (ARCHITECTURE.md draws them); CI runs it.
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Timings only, never part of `make test`; PostgreSQL too when BENCH_DATABASE_URL is set.
bench: install translations
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m bench.run

# Full-page PNGs of the main pages at 1280x900 and 390x844 of a fresh demo city
# (tools/screenshots.py), in SCREENSHOT_DIR (default screenshots/). Playwright comes with the
# dev extra; the browser is Debian's Chromium (apt-get install chromium).
screenshots: install translations
	$(BIN)/python -m tools.screenshots

# Lighthouse scores of the landing page, the idea list and an idea of a fresh demo city
# (tools/audit.py), reports in AUDIT_DIR (default lighthouse-reports/); fails under 95.
# Never part of `make test` or CI. Lighthouse is pinned in tools/lighthouse (npm ci).
LIGHTHOUSE_DIR := tools/lighthouse

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "make audit needs Node.js 18.16+ and npm: sudo apt-get install nodejs npm" >&2; exit 2; }
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit: install translations $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(BIN)/python -m tools.audit

# The browser libraries we serve ourselves (frontend/vendor.py lists them): npm installs the
# versions package-lock.json pins, then their files and licences are copied to
# participation/static/vendor/ with a manifest. The result is committed; only this step needs
# node and npm. --ignore-scripts: no package runs code at install time.
vendor:
	cd frontend && npm ci --ignore-scripts
	$(PYTHON) frontend/vendor.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(LIGHTHOUSE_DIR)/node_modules
	find translations -name '*.mo' -delete
