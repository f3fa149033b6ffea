# The two commands of the README: `make serve` and `make test`. Both set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
BENCH_STAMP := $(VENV)/.stamp-bench

.PHONY: serve test lint format schema bench bench-api bench-scale clean

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/crm serve

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks (not part of the tests: these machines are shared and noisy).
# Their peers (networkit, networkx backends) are an extra the other targets skip.
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

# GraphiQL for /graphql in development, from files on this server instead of a CDN:
# the pinned UMD builds of GraphiQL and React, taken from their npm packages (npm pack:
# the tarballs alone, checked against the registry's integrity, no dependencies).
GRAPHIQL_VENDOR := crm/serving/static/graphiql/vendor
GRAPHIQL_PACKAGES := graphiql@3.8.3 react@18.3.1 react-dom@18.3.1
.PHONY: graphiql
graphiql: $(GRAPHIQL_VENDOR)/.stamp
$(GRAPHIQL_VENDOR)/.stamp:
	@command -v npm >/dev/null || { echo "make graphiql needs Node.js and npm"; exit 1; }
	rm -rf $(GRAPHIQL_VENDOR) && mkdir -p $(GRAPHIQL_VENDOR)/packs
	cd $(GRAPHIQL_VENDOR)/packs && npm pack --silent $(GRAPHIQL_PACKAGES) >/dev/null
	tar -xzf $(GRAPHIQL_VENDOR)/packs/graphiql-3.8.3.tgz -C $(GRAPHIQL_VENDOR) --strip-components=1 \
		package/graphiql.min.js package/graphiql.min.css
	tar -xzf $(GRAPHIQL_VENDOR)/packs/react-18.3.1.tgz -C $(GRAPHIQL_VENDOR) --strip-components=2 \
		package/umd/react.production.min.js
	tar -xzf $(GRAPHIQL_VENDOR)/packs/react-dom-18.3.1.tgz -C $(GRAPHIQL_VENDOR) --strip-components=2 \
		package/umd/react-dom.production.min.js
	rm -rf $(GRAPHIQL_VENDOR)/packs
	touch $@

# The exported GraphQL schema, committed so clients and reviewers see every change.
schema: $(STAMP)
	$(BIN)/strawberry export-schema crm.schema.schema:schema --output schema.graphql

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
