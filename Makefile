# gongkai: `make demo` (serve a demo on http://127.0.0.1:8000) and `make test` (everything CI runs).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PY := .venv/bin/python
SEEDS ?= $(abspath ../shared/seeds)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_ORG := 11320199MB12345628
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: mutation demo test venv sysdeps benchdeps lint types migrations-check pytest-sqlite pytest-postgres serve clean check-contracts bench

.venv/.installed: requirements.txt
	test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	@# This machine's pip config names local mirrors that may be absent: hide those warnings only.
	$(PY) -m pip install -q --upgrade pip 2>&1 | { grep -v "is ignored: it is neither" || true; }
	$(PY) -m pip install -q -r requirements.txt 2>&1 | { grep -v "is ignored: it is neither" || true; }
	touch $@

venv: .venv/.installed

# Debian packages the PDFs and browser tests need (we are root on dev and CI machines). Letter fonts
# (GB/T 9704 faces and their Debian substitutes): docs/decisions/0400-letter-fonts.md.
sysdeps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list "Noto Sans CJK SC" 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	for f in "Noto Serif CJK SC:style=Light:fonts-noto-cjk-extra" "LXGW WenKai:fonts-lxgw-wenkai" "AR PL UKai CN:fonts-arphic-ukai" "HanaMinB:fonts-hanazono" "Symbola:fonts-symbola"; do fc-list "$${f%:*}" 2>/dev/null | grep -q . || missing="$$missing $${f##*:}"; done; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: venv
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	$(PY) manage.py import_documents $(SEEDS) --org $(DEMO_ORG)
	$(PY) manage.py seed_demo --content
	@$(MAKE) --no-print-directory serve

# The demo runs jobs inline (HUEY_IMMEDIATE follows DEBUG); production runs `manage.py run_huey`
# beside gunicorn for the search-index writes and the daily periodic jobs.
serve:
	@echo "serving on http://127.0.0.1:8000 (Ctrl-C stops)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: venv
	.venv/bin/ruff check .

types: venv
	.venv/bin/mypy config gongkai

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

pytest-sqlite: venv
	@echo "== pytest on SQLite"
	env -u DATABASE_URL SEEDS_DIR=$(SEEDS) $(PY) -m pytest -n 2 -q

pytest-postgres: venv
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
	  echo "== pytest on PostgreSQL"; \
	  DATABASE_URL=$(PG_URL) SEEDS_DIR=$(SEEDS) $(PY) -m pytest -n 2 -q --create-db -m "not browser"; \
	else echo "== PostgreSQL not answering on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

test: sysdeps venv
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint types migrations-check pytest-sqlite pytest-postgres && \
	echo "make test: passed in $$(( $$(date +%s) - start )) s"

check-contracts: venv
	../shared/tools/check-contracts

# wrk drives the portal load test from a second process.
benchdeps:
	@command -v wrk >/dev/null || { echo "installing Debian package: wrk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: venv benchdeps
	$(PY) -m benchmarks.run_all

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

# Mutation testing (issue 11): slow, so outside `make test`. Each module with its own tests; prints the
# score table at the end. `make mutation MODULES="publishing.rules qa.rules"` runs some only.
mutation: venv
	$(PY) -m benchmarks.mutation $(MODULES)
