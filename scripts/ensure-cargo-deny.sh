#!/usr/bin/env bash
# Installs cargo-deny (pinned, with its locked dependencies) into ~/.cargo/bin when missing, so
# CI builds it once and reuses it.
set -euo pipefail
VERSION=0.20.2
if command -v cargo-deny >/dev/null 2>&1 && cargo-deny --version | grep -q " $VERSION"; then
  exit 0
fi
echo "installing cargo-deny $VERSION"
cargo install --locked --version "$VERSION" cargo-deny
