# Two commands do all the set-up on a fresh machine:
#   make site   install what is needed, then build the site from content/ into site/
#   make test   install what is needed, then lint and run every test
# While working: make test-fast (the in-process tests, seconds) and make lint.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site test test-fast lint serve check clean chromium install

site: $(INSTALLED)
	$(BIN)/mkdocs build --strict

test: lint chromium
	$(BIN)/python -m pytest

test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -m "not builds"

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium through Playwright; it is installed here when
# missing and we may (root, as on CI). Elsewhere they are skipped with a note.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium from Debian's packages for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: 'sudo apt-get install chromium' to run the browser tests"; \
	  fi; }

serve: $(INSTALLED)
	# --dirty: after an edit, rebuild only the pages whose markdown changed (seconds, not minutes,
	# on a large site); the plugin keeps the papers, topics and related papers between rebuilds.
	$(BIN)/mkdocs serve --dirty

install: $(INSTALLED)

check: $(INSTALLED)
	$(BIN)/python -m generator check

# Re-installs only when the project's dependency files change; versions are pinned by
# constraints.txt so every machine builds byte-identical pages.
$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

clean:
	rm -rf site $(VENV)
