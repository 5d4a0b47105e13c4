# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
VOIKKO := /usr/lib/voikko/5/mor-standard/mor.vfst
WRK := /usr/bin/wrk
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install lint messages clean

# Email links and the sitemap point at the address the site is served on.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# One pytest-xdist worker per core (TEST_WORKERS=0 runs in one process): each worker has its own
# test database, live server port, media folder, cache and browser.
TEST_WORKERS ?= auto
test: $(STAMP) $(CHROMIUM) $(VOIKKO)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks measure, they do not pass or fail on time (set DATABASE_URL for PostgreSQL).
# The load test needs PostgreSQL on 127.0.0.1:5432 (its own database, minipilot_bench) and wrk;
# with Redis on 127.0.0.1:6379 it also measures the page cache (docs/benchmarks.md).
# "Pay all" runs its worker processes beside the same PostgreSQL (test_minipilot_bench).
# With BAKERYDEMO_DIR (a wagtail/bakerydemo checkout with its venv) it also measures our
# uncached pages side by side with bakerydemo's; without it that part says it is skipped.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/minipilot_bench
bench: $(STAMP) $(WRK)
	$(BIN)/pytest benchmarks -q -s --ignore=benchmarks/test_pay_grants.py --ignore=benchmarks/test_flat_in_size.py
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/pytest benchmarks/test_pay_grants.py benchmarks/test_flat_in_size.py -q -s
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/bakerydemo.py

install: $(STAMP)

# Reinstall whenever the declared or pinned dependencies change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(WRK):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk

# Browser tests drive Debian's Chromium; a browser downloaded by a test tool cannot run here.
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium

# Finnish search splits compounds with Voikko where it is installed (the stemmer is the
# fallback); the tests run both ways.
$(VOIKKO):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libvoikko1 voikko-fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Regenerate the translation catalogues after changing interface text (needs GNU gettext),
# then translate the new entries in locale/*/LC_MESSAGES/django.po and compile again.
messages: $(STAMP)
	$(MANAGE) makemessages --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles -l fi -l sv -l en
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
