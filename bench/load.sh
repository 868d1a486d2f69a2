#!/usr/bin/env bash
# Load test (issue 7, item 6), bounded in time and connections, against the release binary on
# 127.0.0.1 and a fresh data directory with the bundled data:
#   1. 64 connections for 60 s of mixed /api/search and /sparql: no 5xx, no connection error,
#      p50/p90/p99 per route;
#   2. 4 pathological SPARQL queries kept running while 8 connections search for 30 s:
#      /api/search p99 at most 50 ms.
# Usage: bench/load.sh [SECONDS] (phase 1 length; default 60). Exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/biokg-target}"
scripts/ensure-deps.sh
cargo build --release -j2 -p biokg-server --bin biokg -p biokg-bench --bin biokg-load
bin="$CARGO_TARGET_DIR/release"

data="$(mktemp -d)"
out="$(mktemp)"
"$bin/biokg" serve --addr 127.0.0.1:0 --data-dir "$data" --query-timeout 10 >"$out" 2>/dev/null &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data" "$out"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q '^listening on ' "$out" && break
  sleep 0.2
done
base="$(sed -n 's/^listening on //p' "$out" | head -1)"
[ -n "$base" ] || { echo "the server did not start" >&2; exit 1; }
echo "server $base (pid $server), release build, $(nproc) cores"

status=0
echo
echo "== phase 1: mixed load"
"$bin/biokg-load" --base "$base" --duration "$seconds" --connections 64 --mix search=7,sparql=3 || status=1
echo
echo "== phase 2: search while 4 pathological SPARQL queries run"
"$bin/biokg-load" --base "$base" --duration 30 --connections 8 --mix search=1 --pathological 4 --max-p99 search=50 || status=1
exit "$status"
