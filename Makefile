# The README's two commands: `make run` starts the service on the bundled data, `make test`
# runs every test. Both install the native build prerequisites first when they are missing.
#
# Builds go to a target directory outside the clone so that fresh clones (and CI) reuse the
# compiled dependencies: RocksDB alone takes several minutes on two cores.

CARGO_TARGET_DIR ?= $(HOME)/.cache/biokg-target
JOBS ?= 2
export CARGO_TARGET_DIR

DATA_DIR ?= biokg-data
ADDR ?= 127.0.0.1:7878

.PHONY: run test build deps lint fmt deny

run: deps
	cargo run --release -j$(JOBS) -p biokg-server --bin biokg -- serve --data-dir $(DATA_DIR) --addr $(ADDR)

test: deps
	cargo test --workspace -j$(JOBS)

build: deps
	cargo build --release -j$(JOBS) -p biokg-server --bin biokg

lint: deps
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -j$(JOBS) -- -D warnings

fmt:
	cargo fmt --all

# Supply chain: advisories, licences, bans and sources against deny.toml (policy in docs/operations.md).
# Installs cargo-deny into ~/.cargo/bin when it is missing.
deny:
	@scripts/deny.sh

deps:
	@scripts/ensure-deps.sh
