#!/usr/bin/env bash
# The supply-chain check (policy in deny.toml, in words in docs/operations.md "Supply chain").
# Licences, bans and sources are always checked. Advisories need the RustSec database, a git
# repository fetched over the network: when it cannot be fetched, the check says so loudly and
# goes on without it, unless BIOKG_REQUIRE_ADVISORIES=1, which makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-cargo-deny.sh
cargo deny --locked check licenses bans sources
if cargo deny --locked fetch db; then
  cargo deny --locked --offline check advisories
elif [ "${BIOKG_REQUIRE_ADVISORIES:-0}" = "1" ]; then
  echo "error: the advisory database cannot be fetched and BIOKG_REQUIRE_ADVISORIES=1" >&2
  exit 1
else
  echo "!! the advisory database cannot be fetched: security advisories are NOT checked in this run" >&2
fi
