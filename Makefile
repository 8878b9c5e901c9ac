# PartLedger: `make demo` and `make test` are all a user needs; both set up what they use.
SOLC_VERSION := 0.8.28
VENV         := .venv
PYTHON       := python3.11
STAMPS       := .make

export SOLCX_BINARY_PATH := $(CURDIR)/.solcx
# Brownie 1.22 warns about its own deprecated rpc calls on every connect.
export PYTHONWARNINGS := ignore::FutureWarning
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
# Brownie's hypothesis and tracebacks read the project from the working directory.
BROWNIE := $(VENV)/bin/brownie
# The npm package's `forge` command (a Node wrapper, bin.mjs) drops the binary's exit status, so
# a failing run exits 0 (foundry-rs/foundry#14781, still in 1.7.1). Make calls the platform
# binary it wraps (found once npm ci has run).
FORGE = $(firstword $(wildcard node_modules/@foundry-rs/forge-*/bin/forge) node_modules/.bin/forge)
# Its `anvil` wrapper forwards Ctrl-C and exits at once, while the binary still dumps its state and
# holds the port: `make chain` runs the binary, so make (and the prompt) returns once the state is saved.
ANVIL = $(firstword $(wildcard node_modules/@foundry-rs/anvil-*/bin/anvil) node_modules/.bin/anvil)

.PHONY: setup compile chain demo test forge-test test-anvil test-ganache coverage mutation bench deploy provenance lint clean

# The network brownie runs the demo, deploy and provenance on. `development` is 127.0.0.1:8545:
# brownie attaches to `make chain`'s Anvil when it runs there, else launches one of its own.
NETWORK ?= development

setup: $(STAMPS)/python $(STAMPS)/package $(STAMPS)/node $(STAMPS)/solc .env

$(STAMPS)/python: requirements.txt requirements-dev.txt
	@mkdir -p $(STAMPS)
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

# The partledger package itself, editable (the checkout is what runs) and without dependencies
# (requirements.txt pinned them): puts the `partledger` command on the venv's PATH.
$(STAMPS)/package: pyproject.toml $(STAMPS)/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/solc: $(STAMPS)/python $(STAMPS)/node tools/provision_solc.py tools/solcjs-launcher.js
	$(VENV)/bin/python tools/provision_solc.py $(SOLC_VERSION)
	@touch $@

.env:
	cp .env.example .env

compile: setup
	$(BROWNIE) compile

## A persistent local chain: Anvil on CHAIN_PORT with its state saved under .chain/ (git-ignored;
## on Ctrl-C and every 10 s) and reloaded on the next `make chain`. Stop it with Ctrl-C.
CHAIN_PORT  ?= 8545
CHAIN_STATE ?= .chain/anvil-$(CHAIN_PORT).json
chain: $(STAMPS)/node
	@mkdir -p $(dir $(CHAIN_STATE))
	$(ANVIL) --port $(CHAIN_PORT) --state $(CHAIN_STATE) --state-interval 10 --block-base-fee-per-gas 0 --gas-limit 12000000 --accounts 10

## The showcase: the whole suite deployed, a scenario told as a report. On `make chain`'s chain
## when it runs (the suite and its manifest stay), else on a fresh Anvil that stops with it.
demo: compile
	$(BROWNIE) run scripts/demo.py --network $(NETWORK)

## Lint (Python and Solidity), the Solidity fuzz and invariant tests (forge, seconds), then the
## whole suite on Anvil, then again on Ganache 7.
test: lint forge-test test-anvil test-ganache

## Foundry: fuzz, invariant and unit tests in tests-forge/ (offline: forge compiles with the
## project's solc launcher, see foundry.toml; the build is cached in out/ and cache/).
forge-test: setup
	$(FORGE) test

## Branch coverage of every contract of contracts/ (contracts/test/ and the tests excluded) from forge's
## unit, regression and fuzz tests: reports/coverage.txt; fails under COVERAGE_MIN % of branches.
## brownie's coverage cannot see contracts with immutables, and the financing contracts compile only
## through the IR pipeline (stack too deep otherwise), so forge measures with --ir-minimum (the IR
## pipeline with the fewest optimiser steps: its source maps are coarser, every file is counted).
## Two passes (the unit tests, then the regression replays), merged by tools/coverage_merge.py: the
## npm solc (WebAssembly) runs out of memory compiling every test file at once. The invariant
## campaigns are not measured (their handlers revert by design; they run in make test).
COVERAGE_MIN ?= 90
COVERAGE_RUN = FOUNDRY_PROFILE=coverage $(FORGE) coverage --ir-minimum --skip 'tests-forge/invariant/*' \
	--skip 'tests-forge/handlers/*' --no-match-coverage 'node_modules|contracts/test|tests-forge' --report lcov
coverage: setup
	@mkdir -p reports
	@rm -rf .make/coverage && mkdir -p .make/coverage
	$(COVERAGE_RUN) --skip 'tests-forge/regression/*' --match-path 'tests-forge/unit/*' \
		--report-file .make/coverage/unit.lcov > .make/coverage/unit.log 2>&1 || (cat .make/coverage/unit.log; exit 1)
	$(COVERAGE_RUN) --skip 'tests-forge/unit/*' --match-path 'tests-forge/regression/*' \
		--report-file .make/coverage/regression.lcov > .make/coverage/regression.log 2>&1 \
		|| (cat .make/coverage/regression.log; exit 1)
	@$(VENV)/bin/python tools/coverage_merge.py --min $(COVERAGE_MIN) .make/coverage/unit.lcov \
		.make/coverage/regression.lcov > reports/coverage.txt; status=$$?; cat reports/coverage.txt; exit $$status

## Mutation testing of the money code and the transfer hook, judged by forge alone (tools/mutation.py,
## about an hour on two cores): reports/mutation.json; fails under MUTATION_MIN % of the mutants that
## are not listed as equivalent (tools/mutation_equivalents.json) killed.
MUTATION_MIN  ?= 90
MUTATION_JOBS ?= 2
mutation: setup
	$(FORGE) build
	$(VENV)/bin/python tools/mutation.py --jobs $(MUTATION_JOBS) --min $(MUTATION_MIN)

test-anvil: compile
	$(BROWNIE) test tests/ --network development

# The same tests on Ganache 7; the random-sequence test explores fewer sequences there, since
# Ganache runs about three times slower than Anvil. Tests marked own_chain start Anvil nodes of
# their own whatever the network (live deploy, make chain, demo): the Anvil pass runs them.
test-ganache: compile
	PARTLEDGER_STATEFUL_EXAMPLES=$${PARTLEDGER_STATEFUL_EXAMPLES:-10} $(BROWNIE) test tests/ --network ganache-cli -m "not own_chain"

## Gas benchmark beside OpenZeppelin reference contracts: writes reports/gas.json.
bench: compile
	$(BROWNIE) run scripts/bench.py

## Deploy to NETWORK (default: development); see README "Deploying to a testnet". A stale brownie
## deployment cache (build/deployments/<chainId>/, see tools/brownie_cache.py) is dropped first.
deploy: compile
	@$(VENV)/bin/python tools/brownie_cache.py
	$(BROWNIE) run scripts/deploy.py --network $(NETWORK)

## Print a part's provenance tree: make provenance PART=<id> NETWORK=<network>
provenance: compile
	@$(VENV)/bin/python tools/brownie_cache.py
	PART=$(PART) $(BROWNIE) run scripts/provenance.py --network $(NETWORK)

## Static checks. Python (configuration in pyproject.toml): ruff's linter and formatter on
## partledger/, tools/ and examples/, and mypy --strict on partledger/ and tools/. Solidity:
## `forge fmt --check` (forge's default style, 120 columns) on contracts/ and tests-forge/
LINT_PY  ?= partledger tools examples
lint: $(STAMPS)/python $(STAMPS)/node
	$(VENV)/bin/ruff check $(LINT_PY)
	$(VENV)/bin/ruff format --check $(LINT_PY)
	$(VENV)/bin/mypy
	$(FORGE) fmt --check contracts tests-forge

clean:
	rm -rf build out cache $(STAMPS) reports/gas.json reports/coverage.txt reports/mutation.json
