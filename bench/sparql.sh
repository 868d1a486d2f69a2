#!/usr/bin/env bash
# SPARQL over HTTP (issue 6, item 2): our /sparql against plain `oxigraph serve`, same data,
# same machine, one run. The query mix of bench/sparql/mix.txt (point lookups, plan questions,
# aggregations, 2-3 hop joins) is sent by wrk in rotation at each concurrency; three servers:
#   oxigraph        `oxigraph serve --union-default-graph` on the same quads
#   biokg           `biokg serve --query-cache-bytes 0` (every query evaluated)
#   biokg+cache     `biokg serve` with the result cache on (repeated queries are hits)
# It first checks that both systems give the same number of rows for every query of the mix.
# Each cell is the median over the repetitions; repetitions interleave the systems so that
# drift of the machine's load hits all of them alike.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/sparql.sh [--quick | --full] [--seconds S] [--reps N] [--conns "1 8 64"]
                       [--data-dir DIR] [--slots N] [--perf]
  --quick        5 s per run, 3 repetitions (default; about 3 minutes)
  --full         30 s per run, 5 repetitions (about 25 minutes)
  --seconds S    length of one wrk run
  --reps N       repetitions per cell (at least 3 for a median that means something)
  --conns LIST   concurrencies (default "1 8 64")
  --data-dir DIR a stopped biokg data directory to benchmark (copied; default: the bundled data)
  --slots N      biokg --max-concurrent-queries (default 64: no request waits for a slot)
  --perf         then profile both servers (perf, 10 s) under 8 connections of the mix
Environment: BIOKG_BIN_DIR (binaries), OXIGRAPH (plain oxigraph), TMPDIR.
EOF
}

seconds=5 reps=3 conns="1 8 64" source_dir="" slots=64 perf=0
option() {
  case "$1" in
    --quick) seconds=5 reps=3 TOOK=1 ;;
    --full) seconds=30 reps=5 TOOK=1 ;;
    --seconds) seconds="$2" TOOK=2 ;;
    --reps) reps="$2" TOOK=2 ;;
    --conns) conns="$2" TOOK=2 ;;
    --data-dir) source_dir="$2" TOOK=2 ;;
    --slots) slots="$2" TOOK=2 ;;
    --perf) perf=1 TOOK=1 ;;
  esac
}
parse_args "$@"
need_bin biokg
need_oxigraph
need_cmd wrk curl jq

bench_tmp
work="$BENCH_WORK"
log "work directory $work"
if [ -n "$source_dir" ]; then
  cp -r "$source_dir" "$work/ours"
else
  log "loading the bundled data"
  bundled_store "$work/ours"
fi
log "exporting the store as N-Quads"
export_nquads "$work/ours" "$work/all.nq"
quads=$(wc -l <"$work/all.nq")
log "$quads quads; loading them into plain oxigraph"
"$OXIGRAPH" load --location "$work/oxigraph" --file "$work/all.nq" >"$work/oxigraph-load.log" 2>&1
cp -r "$work/ours" "$work/ours-cache"

mix="$work/mix.txt"
sparql_mix "$mix"
names=("${MIX_NAMES[@]}")

start_oxigraph "$work/oxigraph" "$work/oxigraph.log"
oxi_pid=$SERVER_PID oxi_url=$SERVER_URL
common=(--max-concurrent-queries "$slots" --queue-timeout 30 --query-timeout 60)
start_biokg "$work/ours" "$work/ours.log" "${common[@]}" --query-cache-bytes 0
ours_pid=$SERVER_PID ours_url=$SERVER_URL
start_biokg "$work/ours-cache" "$work/ours-cache.log" "${common[@]}"
cache_pid=$SERVER_PID cache_url=$SERVER_URL
log "oxigraph $oxi_url (pid $oxi_pid), biokg $ours_url (pid $ours_pid), biokg+cache $cache_url (pid $cache_pid)"

# answer_rows URL QUERY_FILE: the number of result rows (or the ASK boolean) of a query.
answer_rows() {
  curl -sf -H 'Content-Type: application/sparql-query' -H 'Accept: application/sparql-results+json' \
    --data-binary @"$2" "$1" | jq -r 'if has("boolean") then .boolean else (.results.bindings | length) end'
}

echo "## SPARQL over HTTP: $(machine)"
echo
# one_ms URL QUERY_FILE: the median of 5 sequential requests' times, in ms (after one more).
one_ms() {
  local i
  for i in 0 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/sparql-query' \
      -H 'Accept: application/sparql-results+json' --data-binary @"$2" "$1" | { [ "$i" = 0 ] && cat >/dev/null || cat; }
  done | median | awk '{ printf "%.2f\n", $1 * 1000 }'
}
echo "Data: $quads quads (the union of all graphs is the default graph of both). Rows of each"
echo "query on both, and its latency alone (one connection, median of 5, biokg without cache):"
echo
echo "| query | biokg rows | oxigraph rows | same | biokg ms | oxigraph ms | latency ratio |"
echo "| --- | ---: | ---: | --- | ---: | ---: | ---: |"
mismatch=0
for f in "${names[@]}"; do
  a="$(answer_rows "$ours_url/sparql" "$BENCH_ROOT/$f" || echo error)"
  b="$(answer_rows "$oxi_url/query" "$BENCH_ROOT/$f" || echo error)"
  same=yes
  if [ "$a" != "$b" ] || [ "$a" = error ]; then same=NO; mismatch=1; fi
  ta="$(one_ms "$ours_url/sparql" "$BENCH_ROOT/$f")" tb="$(one_ms "$oxi_url/query" "$BENCH_ROOT/$f")"
  echo "| \`$f\` | $a | $b | $same | $ta | $tb | $(ratio "$ta" "$tb") |"
done
echo
[ "$mismatch" = 0 ] || echo "**Some queries differ: the comparison below is not like for like.**"

lua="$BENCH_ROOT/bench/lib/sparql-mix.lua"
systems=(oxigraph biokg biokg+cache)
url_of() {
  case "$1" in
    oxigraph) echo "$oxi_url/query" ;;
    biokg) echo "$ours_url/sparql" ;;
    biokg+cache) echo "$cache_url/sparql" ;;
  esac
}
# A warm-up run per system: page cache, JIT-free but lazy structures, and the result cache.
path_of() { echo "/${1#http://*/}"; }
for s in "${systems[@]}"; do
  url="$(url_of "$s")"
  wrk_run "$url" 8 2 "$lua" "$(path_of "$url")" "$mix" >/dev/null
done
cache_status="$(curl -s -o /dev/null -D - -H 'Content-Type: application/sparql-query' \
  --data-binary @"$BENCH_ROOT/${names[0]}" "$cache_url/sparql" | tr -d '\r' | sed -n 's/^cache-status: //Ip')"

results="$work/results.txt"
: >"$results"
for rep in $(seq 1 "$reps"); do
  for c in $conns; do
    for s in "${systems[@]}"; do
      url="$(url_of "$s")"
      line="$(wrk_run "$url" "$c" "$seconds" "$lua" "$(path_of "$url")" "$mix")"
      echo "$s $c $line" >>"$results"
      log "rep $rep c=$c $s: $line"
    done
  done
done

echo "wrk, ${seconds} s per run, median of $reps runs, ${#names[@]} queries in rotation; biokg with"
echo "\`--max-concurrent-queries $slots\`. The cached server answered \`Cache-Status: ${cache_status:-?}\` after the warm-up."
echo
echo "| connections | system | req/s | p50 ms | p99 ms | non-2xx (all runs) | socket errors (all runs) | req/s ratio to oxigraph | p99 ratio to oxigraph |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in $conns; do
  base_rps="$(field_median "$results" rps oxigraph "$c")"
  base_p99="$(field_median "$results" p99_ms oxigraph "$c")"
  for s in "${systems[@]}"; do
    rps="$(field_median "$results" rps "$s" "$c")"
    p50="$(field_median "$results" p50_ms "$s" "$c")"
    p99="$(field_median "$results" p99_ms "$s" "$c")"
    non2xx="$(field_sum "$results" non2xx "$s" "$c")"
    sock="$(field_sum "$results" socket_errors "$s" "$c")"
    echo "| $c | $s | $(fmt "$rps" 0) | $(fmt "$p50" 2) | $(fmt "$p99" 2) | $non2xx | $sock | $(ratio "$rps" "$base_rps") | $(ratio "$p99" "$base_p99") |"
  done
done
echo
echo "Goal: biokg req/s ratio ≥ 1.0 at every concurrency, and above that with the cache."

if [ "$perf" = 1 ]; then
  for s in oxigraph biokg; do
    url="$(url_of "$s")"
    pid="$oxi_pid"
    [ "$s" = biokg ] && pid="$ours_pid"
    wrk_run "$url" 8 14 "$lua" "$(path_of "$url")" "$mix" >/dev/null &
    wrk_pid=$!
    sleep 2
    echo
    echo "Profile of $s (pid $pid), 10 s under 8 connections of the mix, self time by symbol:"
    echo
    perf_top "$pid" 10 "$work/perf-$s"
    wait "$wrk_pid" || true
  done
fi
