#!/usr/bin/env bash
# Load test (issue 7, item 6), bounded in time and connections, against the release binary on
# 127.0.0.1 and a fresh data directory with the bundled data:
#   1. 64 connections for 60 s of mixed /api/search and /sparql: no 5xx, no connection error,
#      p50/p90/p99 per route;
#   2. 4 pathological SPARQL queries kept running while 8 connections search for 30 s:
#      /api/search p99 at most 50 ms.
# Exits non-zero on a failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/load.sh [SECONDS]
  SECONDS   length of phase 1 (default 60)
Builds biokg and biokg-load (release, into \$CARGO_TARGET_DIR) first, and runs those.
EOF
}
case "${1-}" in
  -h | --help) usage; exit 0 ;;
  '' | *[!0-9.]*) [ $# -eq 0 ] || { usage >&2; exit 2; } ;;
esac
seconds="${1:-60}"

build_release -p biokg-server --bin biokg -p biokg-bench --bin biokg-load
bench_tmp
start_biokg "$BENCH_WORK/data" "$BENCH_WORK/biokg.log" --query-timeout 10
echo "server $SERVER_URL (pid $SERVER_PID), $(build_kind) build, $(nproc) cores"

status=0
echo
echo "== phase 1: mixed load"
biokg_load --base "$SERVER_URL" --duration "$seconds" --connections 64 --mix search=7,sparql=3 || status=1
echo
echo "== phase 2: search while 4 pathological SPARQL queries run"
biokg_load --base "$SERVER_URL" --duration 30 --connections 8 --mix search=1 --pathological 4 --max-p99 search=50 || status=1
exit "$status"
