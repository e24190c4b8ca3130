# Maillage — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# The one public address; `migrate` and `load_demo_content` point the Wagtail Site record at it.
SITE_BASE_URL ?= http://127.0.0.1:$(PORT)
MANAGE := $(PY) manage.py
# The first interpreter >= 3.12 found (pyenv honours .python-version = 3.12).
PYTHON_CANDIDATES := python3 python3.13 python3.12 $(wildcard /root/.pyenv/versions/3.1[2-9]*/bin/python3)
FIND_PYTHON := for c in $(PYTHON_CANDIDATES); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$c; break; fi; done

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate:
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then echo "Python >= 3.12 est nécessaire (Django 6.1). Installez-le (pyenv install 3.12) puis relancez." >&2; exit 1; fi; \
	echo "Création de $(VENV) avec $$py ($$($$py --version))"; \
	$$py -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

.PHONY: install
install: $(VENV)/.installed ## Create the virtualenv and install (only when pyproject.toml changed)

.PHONY: migrate
migrate demo run: export SITE_BASE_URL := $(SITE_BASE_URL)
migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

.PHONY: demo
demo: migrate ## Load the demo content (idempotent)
	$(MANAGE) load_demo_content

.PHONY: run
run: migrate ## Set everything up and serve the demo site on http://127.0.0.1:$(PORT)
	$(MANAGE) load_demo_content --if-empty
	$(MANAGE) runserver 127.0.0.1:$(PORT)

.PHONY: digests
digests: migrate ## Send the due e-mail digests (printed by the console mailer of `make run`)
	$(MANAGE) send_digests

.PHONY: lint
lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: checks
checks: install ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=site_core.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=site_core.settings.test $(MANAGE) makemigrations --check --dry-run

.PHONY: test
test: lint checks ## Lint, checks, then the whole test suite (DATABASE_URL selects the database)
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: messages
messages: install ## Extract and compile the French catalogues (needs GNU gettext)
	for app in site_core working_groups articles podcasts search contributions subscriptions api security; do \
		(cd $$app && ../$(MANAGE) makemessages -l fr --no-obsolete >/dev/null) ; done
	$(MANAGE) compilemessages -l fr --ignore=.venv

.PHONY: bench
bench: install ## Run the benchmarks (never part of `make test`); figures go to benchmarks/results/
	$(PY) -m benchmarks
	$(PY) -m benchmarks.dossier
	$(PY) -m benchmarks.pages --label current
	$(PY) -m benchmarks.pages --label current --volume 10000
	$(PY) -m benchmarks.page_cache
	$(PY) -m benchmarks.reactions

.PHONY: clean
clean: ## Remove the virtualenv and the local data (database, media)
	rm -rf $(VENV) data
