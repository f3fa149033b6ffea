# The two commands of the README: `make serve` and `make test`. Both set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
BENCH_STAMP := $(VENV)/.stamp-bench

# The web app (web/): npm installs from the committed package-lock.json; the build
# generates the typed operations from schema.graphql and bundles into web/dist, again
# only when a source is newer than the bundle.
WEB_DIST := web/dist/index.html
WEB_STAMP := web/node_modules/.stamp-install
WEB_SOURCES := $(shell find web/src -type f -not -path 'web/src/gql/*' 2>/dev/null) \
	web/index.html web/graphiql.html web/vite.config.ts web/codegen.ts web/tsconfig.json schema.graphql
NPM_MISSING := The web app needs Node.js 20.19+ and npm (apt-get install nodejs npm, or nodejs.org)

.PHONY: serve test lint format schema bench bench-api bench-scale reliability clean web web-test web-unit web-e2e bench-web

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

serve: $(STAMP) $(WEB_DIST)
	$(BIN)/crm serve

# pytest-xdist: one test process per core (TEST_WORKERS=0 for one process); each worker
# makes its own databases, ports are free ones; worksteal keeps a file's tests together
# until a worker runs dry, then takes half of the other's queue.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal
	$(MAKE) web-test

$(WEB_STAMP): web/package-lock.json
	@command -v npm >/dev/null || { echo "$(NPM_MISSING)"; exit 1; }
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

$(WEB_DIST): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build

web: $(WEB_DIST)

# Vitest (client logic), then Playwright on Debian's Chromium against a real `crm serve`
# on a PostgreSQL database of the demo data that the run creates and drops.
web-test: web-unit web-e2e

web-unit: $(WEB_STAMP)
	cd web && npm run codegen && npx vitest run

web-e2e: $(STAMP) $(WEB_DIST)
	cd web && npx playwright test

# The web app's figures (docs/benchmarks.md): first-page JS, time to interactive, search.
bench-web: $(STAMP) $(WEB_DIST)
	cd web && npx playwright test --config bench/playwright.config.ts

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks (not part of the tests: these machines are shared and noisy).
# Their peers (networkx backends; networkit is a dependency) are an extra the other targets skip.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

BENCH_PG ?= postgresql://postgres@127.0.0.1:5432
bench: $(BENCH_STAMP)
	$(BIN)/python bench/seed_demo.py
	$(BIN)/python bench/api_three_level.py
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS crm_bench" -c "CREATE DATABASE crm_bench"
	$(BIN)/python bench/seed_demo.py --database-url "$(BENCH_PG)/crm_bench"
	$(BIN)/python bench/api_three_level.py --database-url "$(BENCH_PG)/crm_bench"
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS crm_bench"
	$(BIN)/python bench/search.py
	$(BIN)/python bench/import_people.py
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS crm_bench" -c "CREATE DATABASE crm_bench"
	$(BIN)/python bench/search.py --database-url "$(BENCH_PG)/crm_bench"
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS crm_bench" -c "CREATE DATABASE crm_bench"
	$(BIN)/python bench/import_people.py --database-url "$(BENCH_PG)/crm_bench"
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS crm_bench"
	mkdir -p var
	$(BIN)/python bench/network_scale.py --server "$(BENCH_PG)" --json var/bench-network.json

# National scale (issue #16): 1M people / 10M links, about an hour; SCALE_PEOPLE for less.
SCALE_PEOPLE ?= 1000000
bench-scale: $(BENCH_STAMP)
	mkdir -p var
	nice -n 5 $(BIN)/python bench/national_scale.py --server "$(BENCH_PG)" \
		--people $(SCALE_PEOPLE) --json var/bench-scale-$(SCALE_PEOPLE).json

# The API beside PostGraphile (issue #15): wrk from Debian, PostGraphile (pinned in
# bench/postgraphile/package.json) installed from npm into its gitignored node_modules,
# the 100,000-people network loaded into a PostgreSQL database dropped at the end.
PGL_DIR := bench/postgraphile
BENCH_API_DB ?= crm_bench_api
BENCH_API_ARGS ?=
bench-api: $(STAMP)
	@command -v wrk >/dev/null || { echo "make bench-api needs wrk: apt-get install wrk"; exit 1; }
	@command -v node >/dev/null || { echo "make bench-api needs Node.js 20+ and npm"; exit 1; }
	test -d $(PGL_DIR)/node_modules/postgraphile || \
		npm install --prefix $(PGL_DIR) --no-package-lock --no-audit --no-fund
	mkdir -p var
	$(BIN)/python bench/api_postgraphile.py --database-url "$(BENCH_PG)/$(BENCH_API_DB)" \
		--json var/bench-api.json $(BENCH_API_ARGS)
	psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS $(BENCH_API_DB)"

# The long variants of tests/reliability (issue #17; CI runs the quick ones with the
# tests): over 5,000 fuzz cases per database, the SQLite import kill, then a 10-minute
# soak at 70 % of the measured capacity on a PostgreSQL cluster of its own (initdb in a
# temporary folder, port 55153: the shared server's connections are not its to take).
# Results: docs/reliability.md.
SOAK_MINUTES ?= 10
reliability: $(STAMP)
	mkdir -p var
	CRM_RELIABILITY_LONG=1 $(BIN)/pytest tests/reliability -q -p no:cacheprovider; \
		tests=$$?; \
		$(BIN)/python -m tests.reliability.soak --private-cluster --minutes $(SOAK_MINUTES) \
			--json var/reliability-soak.json --report docs/reliability.md; \
		soak=$$?; \
		test $$tests -eq 0 -a $$soak -eq 0

# The exported GraphQL schema, committed so clients and reviewers see every change.
schema: $(STAMP)
	$(BIN)/strawberry export-schema crm.schema.schema:schema --output schema.graphql

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
