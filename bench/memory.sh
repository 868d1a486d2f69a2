#!/usr/bin/env bash
# Memory and start-up (issue 6, item 2), in one run on one machine:
#  1. peak RSS (VmHWM) of `biokg serve` on a store of N triples (10 million in full mode):
#     at the first start, which builds the search index from the store, and at a second start
#     on the existing store and index while wrk sends the SPARQL mix of bench/sparql/mix.txt;
#     plain `oxigraph serve` on the same quads under the same load, for scale;
#  2. start to first answer on an existing bundled-data store: from exec to the first 200 of a
#     query on /sparql, median of the starts (and the same for `oxigraph serve`).
# The store of N triples is the bundled data plus copies of its data graphs with renamed
# subjects (as bench/ingest.sh makes them), bulk-loaded with `oxigraph load` into the store
# directory of a biokg data directory (same Oxigraph version and on-disk format); it is kept in
# $BIOKG_BENCH_DATA and reused.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/memory.sh [--quick | --full] [--triples N] [--seconds S] [--starts N]
  --quick        1 000 000 triples, 20 s of load, 5 starts (default; a few minutes)
  --full         10 000 000 triples, 60 s of load, 9 starts (about 10 minutes the first time:
                 4 to load the quads, 2.5 for the first start's index build)
  --triples N    size of the big store
  --seconds S    how long wrk sends the query mix to the big store
  --starts N     starts timed for the start-to-first-answer median (at least 5)
Environment: BIOKG_BIN_DIR, OXIGRAPH, BIOKG_BENCH_DATA, TMPDIR.
EOF
}

triples=1000000 seconds=20 starts=5
option() {
  case "$1" in
    --quick) triples=1000000 seconds=20 starts=5 TOOK=1 ;;
    --full) triples=10000000 seconds=60 starts=9 TOOK=1 ;;
    --triples) triples="$2" TOOK=2 ;;
    --seconds) seconds="$2" TOOK=2 ;;
    --starts) starts="$2" TOOK=2 ;;
  esac
}
parse_args "$@"
need_bin biokg
need_oxigraph
need_cmd wrk curl jq

bench_tmp
work="$BENCH_WORK"
echo "## Memory and start-up: $(machine)"
echo

# --- the bundled store (both parts start from it)
bundled="$work/bundled"
log "loading the bundled data"
bundled_store "$bundled"
export_nquads "$bundled" "$work/bundled.nq"

# --- 1. the big store, cached: the bundled quads, then copies of the data graphs' quads
cached="$BENCH_DATA/memory-$triples"
if cache_missing "$cached"; then
  data_graphs "$work/bundled.nq" >"$work/data.nq"
  seed_n=$(wc -l <"$work/data.nq")
  copies=$(((triples - $(wc -l <"$work/bundled.nq") + seed_n - 1) / seed_n))
  [ "$copies" -ge 0 ] || copies=0
  log "building $cached: the bundled quads and $copies copies of $seed_n data quads"
  cp "$work/bundled.nq" "$cached/big.nq"
  for k in $(seq 1 "$copies"); do
    renamed_copy "$k" "$work/data.nq" >>"$cached/big.nq"
  done
  mkdir -p "$cached/data"
  "$OXIGRAPH" load --location "$cached/data/store" --file "$cached/big.nq" >"$cached/load.log" 2>&1
  # Oxigraph's store is the same load: copy it rather than load the quads twice.
  cp -r "$cached/data/store" "$cached/oxigraph"
  wc -l <"$cached/big.nq" >"$cached/quads"
  rm -f "$cached/big.nq"
  cache_done "$cached"
fi
quads="$(cat "$cached/quads")"
cp -r "$cached/data" "$work/big"
cp -r "$cached/oxigraph" "$work/big-oxigraph"

mix="$work/mix.txt"
sparql_mix "$mix"
lua="$BENCH_ROOT/bench/lib/sparql-mix.lua"
flags=(--max-concurrent-queries 16 --queue-timeout 60 --query-timeout 120)

# First start: the index is built from the store.
t0="$(now_s)"
start_biokg "$work/big" "$work/big-first.log" "${flags[@]}"
first_s="$(elapsed "$t0")"
first_rss="$(peak_rss_mib "$SERVER_PID")"
docs="$(curl -s "$SERVER_URL/metrics" | awk '/^biokg_index_documents / { print $2 }')"
stop_server "$SERVER_PID"
log "first start: $first_s s, peak RSS $first_rss MiB, $docs documents"

# Second start on the existing store and index, under the query mix.
t0="$(now_s)"
start_biokg "$work/big" "$work/big.log" "${flags[@]}"
second_s="$(elapsed "$t0")"
ready_rss="$(peak_rss_mib "$SERVER_PID")"
load_line="$(wrk_run "$SERVER_URL/sparql" 8 "$seconds" "$lua" /sparql "$mix")"
serve_rss="$(peak_rss_mib "$SERVER_PID")"
stop_server "$SERVER_PID"
log "second start: $second_s s; under load: $load_line; peak RSS $serve_rss MiB"

start_oxigraph "$work/big-oxigraph" "$work/big-oxigraph.log"
oxi_line="$(wrk_run "$SERVER_URL/query" 8 "$seconds" "$lua" /query "$mix")"
oxi_rss="$(peak_rss_mib "$SERVER_PID")"
stop_server "$SERVER_PID"
log "oxigraph under load: $oxi_line; peak RSS $oxi_rss MiB"

echo "A store of $quads quads (the bundled data and copies of its data graphs), ${docs:-?} search"
echo "documents; under load: wrk, 8 connections, ${seconds} s of the SPARQL mix (cache on, its default 64 MiB)."
echo
echo "| server | phase | seconds | peak RSS MiB | req/s under load | non-2xx |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
echo "| biokg | first start (index built from the store) | $(fmt "$first_s" 1) | $first_rss | | |"
echo "| biokg | second start, until ready | $(fmt "$second_s" 1) | $ready_rss | | |"
echo "| biokg | second start, after the load | | $serve_rss | $(fmt "$(field "$load_line" rps)" 0) | $(field "$load_line" non2xx) |"
echo "| oxigraph | after the load | | $oxi_rss | $(fmt "$(field "$oxi_line" rps)" 0) | $(field "$oxi_line" non2xx) |"
echo
echo "Goal: peak RSS of \`biokg serve\` ≤ 2048 MiB at 10 million triples."
echo

# --- 2. start to first answer, on the existing bundled store
oxigraph_bundled="$work/bundled-oxigraph"
"$OXIGRAPH" load --location "$oxigraph_bundled" --file "$work/bundled.nq" >/dev/null 2>&1
first_query='SELECT ?label WHERE { <https://w3id.org/laocai-biotech/id/agency/so-y-te> <http://www.w3.org/2000/01/rdf-schema#label> ?label }'
# time_start NAME URL CMD...: starts a server with CMD, polls URL with the query every 5 ms
# until a 200, files "NAME seconds" (from exec) in starts.txt, and stops the server.
time_start() {
  local name="$1" url="$2" t0 pid
  shift 2
  t0="$(now_s)"
  spawn "$@" >/dev/null 2>>"$work/starts.log"
  pid=$SPAWNED_PID
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/sparql-query' \
    --data-binary "$first_query" "$url" 2>/dev/null)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || die "the server exited during start-up"
    sleep 0.005
  done
  echo "$name $(elapsed "$t0")" >>"$work/starts.txt"
  stop_server "$pid"
}
: >"$work/starts.txt"
for _ in $(seq 1 "$starts"); do
  port="$(free_port)"
  time_start biokg "http://127.0.0.1:$port/sparql" \
    "$BIOKG" serve --addr "127.0.0.1:$port" --data-dir "$bundled" --log warn
  port="$(free_port)"
  time_start oxigraph "http://127.0.0.1:$port/query" \
    "$OXIGRAPH" serve --location "$oxigraph_bundled" --bind "127.0.0.1:$port" --union-default-graph
done
med_start() { column_median "$work/starts.txt" 2 "$1"; }
minmax() { rows "$work/starts.txt" "$1" | awk '{ print $2 }' | sort -g | sed -n '1p;$p' | paste -sd' ' | awk '{ printf "%.3f–%.3f", $1, $2 }'; }
echo "Start to first answer on the existing bundled-data store ($(wc -l <"$work/bundled.nq") quads):"
echo "exec, then a point query polled every 5 ms until a 200; $starts starts each."
echo
echo "| server | median s | range s |"
echo "| --- | ---: | --- |"
echo "| \`biokg serve\` | $(fmt "$(med_start biokg)" 3) | $(minmax biokg) |"
echo "| \`oxigraph serve\` | $(fmt "$(med_start oxigraph)" 3) | $(minmax oxigraph) |"
echo
echo "Goal: \`biokg serve\` start to first answer ≤ 1 s on the bundled data."
