# The two commands of the README: `make serve` and `make test`. Both set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
BENCH_STAMP := $(VENV)/.stamp-bench

.PHONY: serve test lint format schema bench clean

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

# The exported GraphQL schema, committed so clients and reviewers see every change.
schema: $(STAMP)
	$(BIN)/strawberry export-schema crm.schema.schema:schema --output schema.graphql

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
