# The two promises of the README: `make run` and `make test`, on a fresh machine, nothing typed first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run test lint check bench messages browser-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST_PORT)

# Browser tests drive Debian's chromium; install it when we can (CI runs as root), never download a browser.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium', or set KRPPA_BROWSER_TESTS=0"; exit 1; \
	  fi; \
	fi

# Tests run on every core (pytest-xdist); each worker builds its own test database.
ifeq ($(KRPPA_BROWSER_TESTS),0)
TEST_DEPS := $(STAMP)
PYTEST_ARGS ?= -n auto -m "not browser"
else
TEST_DEPS := $(STAMP) browser-deps
PYTEST_ARGS ?= -n auto
endif

test: $(TEST_DEPS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Not part of `make test`: national-scale timings (imports all of Indonesia).
bench: $(STAMP)
	$(BIN)/python -m pytest tests/benchmarks -m bench -p no:cacheprovider -s

# Translations: needs GNU gettext (msgfmt); the compiled .mo files are committed so nothing else does.
# Each app keeps its own catalog; the project-level locale/ holds Viewflow's strings only, so never
# run makemessages at the root (it would mark all of those obsolete). No source locations: they churn on
# every edit and make parallel branches conflict.
messages: $(STAMP)
	for app in website assessment workflows; do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l id --no-location); done
	cd website && ../$(BIN)/python ../manage.py makemessages -l en --no-location
	$(BIN)/python manage.py compilemessages --ignore='.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 var static_collected
