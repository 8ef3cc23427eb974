# Two commands do all the set-up on a fresh machine:
#   make site   install what is needed, then build the site from content/ into site/
#   make test   install what is needed, then run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site test serve check clean

site: $(INSTALLED)
	$(BIN)/mkdocs build --strict

test: $(INSTALLED)
	$(BIN)/python -m pytest

serve: $(INSTALLED)
	$(BIN)/mkdocs serve

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
