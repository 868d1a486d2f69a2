#!/usr/bin/env bash
# Search (issue 6, item 2), in one run on one machine:
#  1. /api/search and /api/suggest of `biokg serve` over the bundled data plus N synthetic
#     entities in one index (`biokg-gen-index`; N = 1 000 000 in full mode), driven by
#     `biokg-load` with the relevance set's queries (tests/relevance.tsv; suggestions of their
#     first four letters): requests/s, p50, p90, p99, median of the repetitions;
#  2. the SPARQL search SERVICE against the same question asked of plain Oxigraph with
#     FILTER(REGEX(?label, "…", "i")) over the same names (the bundled quads plus the
#     synthetic entities' labels): median latency per query and the speed ratio.
# The data directory for N entities takes minutes to build; it is kept in $BIOKG_BENCH_DATA
# (default ~/.cache/biokg-bench-data) and reused.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/search.sh [--quick | --full] [--entities N] [--seconds S] [--reps N] [--conns "1 8"]
                       [--perf]
  --quick        100 000 synthetic entities, 10 s per run, 3 repetitions (default; a few minutes)
  --full         1 000 000 synthetic entities, 30 s per run, 3 repetitions (about 20 minutes
                 with the index build the first time)
  --entities N   synthetic entities beside the bundled data
  --seconds S    length of one biokg-load run
  --reps N       repetitions (at least 3)
  --conns LIST   connections of the load runs (default "1 8": latency, then throughput)
  --perf         also profile biokg (perf, 10 s) under /api/search at 1 connection
Environment: BIOKG_BIN_DIR, OXIGRAPH, BIOKG_BENCH_DATA, TMPDIR; BIOKG_GEN_LABELS (the
biokg-gen-index that writes the synthetic labels; default the one in BIOKG_BIN_DIR).
EOF
}

entities=100000 seconds=10 reps=3 conns="1 8" perf=0
option() {
  case "$1" in
    --quick) entities=100000 seconds=10 reps=3 TOOK=1 ;;
    --full) entities=1000000 seconds=30 reps=3 TOOK=1 ;;
    --entities) entities="$2" TOOK=2 ;;
    --seconds) seconds="$2" TOOK=2 ;;
    --reps) reps="$2" TOOK=2 ;;
    --conns) conns="$2" TOOK=2 ;;
    --perf) perf=1 TOOK=1 ;;
  esac
}
parse_args "$@"
need_bin biokg biokg-load biokg-gen-index
need_oxigraph
need_cmd curl jq

bench_tmp
work="$BENCH_WORK"
# The cached data: a biokg data directory, the labels as N-Triples and the Oxigraph store of
# the same names.
cached="$BENCH_DATA/search-$entities-$(build_kind)"
if cache_missing "$cached"; then
  log "building $cached: bundled data plus $entities synthetic entities (takes a while)"
  "$BIN_DIR/biokg-gen-index" "$entities" "$cached/data" | tee "$cached/gen.log" >&2
  # The same entities' labels, for Oxigraph ($BIOKG_GEN_LABELS: another biokg-gen-index that
  # can write them, when the one in $BIN_DIR predates `biokg-gen-index N - LABELS.nt`).
  "${BIOKG_GEN_LABELS:-$BIN_DIR/biokg-gen-index}" "$entities" - "$cached/labels.nt" >&2
  [ -s "$cached/labels.nt" ] || die "no labels written: set BIOKG_GEN_LABELS to a newer biokg-gen-index"
  export_nquads "$cached/data" "$cached/bundled.nq"
  "$OXIGRAPH" load --location "$cached/oxigraph" --file "$cached/bundled.nq" "$cached/labels.nt" \
    >"$cached/oxigraph-load.log" 2>&1
  cache_done "$cached"
fi
# Serve copies: a server may write to its data directory.
cp -r "$cached/data" "$work/data"
cp -r "$cached/oxigraph" "$work/oxigraph"

start_biokg "$work/data" "$work/biokg.log" --max-concurrent-queries 16 --queue-timeout 30 \
  --query-timeout 120 --query-cache-bytes 0
ours_pid=$SERVER_PID ours_url=$SERVER_URL
docs="$(curl -s "$ours_url/metrics" | awk '/^biokg_index_documents / { print $2; exit }')"
log "biokg $ours_url (pid $ours_pid), ${docs:-?} documents"

# load ROUTE CONNS: one biokg-load run; prints "requests per_s p50 p90 p99 max 5xx conn".
load() {
  biokg_load --base "$ours_url" --duration "$seconds" --connections "$2" --mix "$1=1" \
    --queries tests/relevance.tsv 2>/dev/null |
    awk -F'|' -v r="$1" '{ gsub(/ /, "", $2) } $2 == r { print $3, $4, $5, $6, $7, $8, $10, $11 }' || true
}
results="$work/results.txt"
: >"$results"
load search 1 >/dev/null # warm-up: the index files into the page cache
for rep in $(seq 1 "$reps"); do
  for route in search suggest; do
    for c in $conns; do
      line="$(load "$route" "$c")"
      [ -n "$line" ] || die "biokg-load gave no row for $route"
      echo "$route $c $line" >>"$results"
      log "rep $rep $route c=$c: $line"
    done
  done
done
# col ROUTE CONNS COLUMN, sum ROUTE CONNS COLUMN: over the repetitions.
col() { column_median "$results" "$3" "$1" "$2"; }
sum() { column_sum "$results" "$3" "$1" "$2"; }

echo "## Search: $(machine)"
echo
echo "\`biokg serve\` over the bundled data plus $entities synthetic entities (${docs:-?} documents, one"
echo "segment), \`biokg-load\` with the relevance set's queries, ${seconds} s per run, median of $reps runs."
echo
echo "| route | connections | req/s | p50 ms | p90 ms | p99 ms | max ms | 5xx (all runs) | conn. errors (all runs) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for route in search suggest; do
  for c in $conns; do
    echo "| \`/api/$route\` | $c | $(fmt "$(col "$route" "$c" 4)" 0) | $(col "$route" "$c" 5) | $(col "$route" "$c" 6) | $(col "$route" "$c" 7) | $(col "$route" "$c" 8) | $(sum "$route" "$c" 9) | $(sum "$route" "$c" 10) |"
  done
done
echo
echo "Goal: \`/api/search\` p99 ≤ 30 ms at 1 000 000 entities."
echo

if [ "$perf" = 1 ]; then
  (seconds=14 load search 1 >/dev/null) &
  load_pid=$!
  sleep 2
  echo "Profile of biokg (pid $ours_pid), 10 s of \`/api/search\` at 1 connection, self time by symbol:"
  echo
  perf_top "$ours_pid" 10 "$work/perf-search"
  wait "$load_pid" || true
  echo
fi

# Part 2: the search SERVICE against REGEX on plain Oxigraph. biokg stays up: the two servers
# take turns, one query at a time.
start_oxigraph "$work/oxigraph" "$work/oxigraph.log"
oxi_pid=$SERVER_PID oxi_url=$SERVER_URL
log "oxigraph $oxi_url (pid $oxi_pid)"

# time_query URL QUERY: seconds to the whole answer, and the rows, as "seconds rows".
time_query() {
  local out="$work/answer.json" t
  t="$(curl -s -o "$out" -w '%{http_code} %{time_total}' -H 'Content-Type: application/sparql-query' \
    -H 'Accept: application/sparql-results+json' --data-binary "$2" "$1")"
  [ "${t%% *}" = 200 ] || { head -c 300 "$out" >&2; die "query failed (${t%% *}) at $1"; }
  echo "${t#* } $(jq '.results.bindings | length' "$out")"
}

echo "The search \`SERVICE\` (page of 20) against \`FILTER(REGEX(?label, \"…\", \"i\")) LIMIT 20\` on"
echo "plain Oxigraph over the same labels (bundled quads plus $entities synthetic labels), median of"
echo "5 runs after one warm-up; rows are what each returned."
echo
echo "| words | SERVICE ms | rows | REGEX ms | rows | speed ratio (REGEX / SERVICE) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
ratios="$work/ratios.txt"
: >"$ratios"
while IFS= read -r words; do
  case "$words" in '#'* | '') continue ;; esac
  service="PREFIX search: <https://w3id.org/laocai-biotech/search#>
SELECT ?e ?label WHERE {
  SERVICE <https://w3id.org/laocai-biotech/search> {
    ?e search:query \"$words\" ; search:limit 20 ; search:label ?label .
  }
}"
  regex="PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(REGEX(?label, \"$words\", \"i\")) } LIMIT 20"
  for url_query in "$ours_url/sparql" "$oxi_url/query"; do
    q="$service"
    [ "$url_query" = "$oxi_url/query" ] && q="$regex"
    time_query "$url_query" "$q" >/dev/null
    : >"$work/t.txt"
    for _ in 1 2 3 4 5; do time_query "$url_query" "$q" >>"$work/t.txt"; done
    if [ "$url_query" = "$ours_url/sparql" ]; then
      s_ms="$(cut -d' ' -f1 "$work/t.txt" | median)" s_rows="$(awk 'NR == 1 { print $2 }' "$work/t.txt")"
    else
      r_ms="$(cut -d' ' -f1 "$work/t.txt" | median)" r_rows="$(awk 'NR == 1 { print $2 }' "$work/t.txt")"
    fi
  done
  r="$(ratio "$r_ms" "$s_ms" 1)"
  echo "$r_ms $s_ms" >>"$ratios"
  echo "| $words | $(fmt "$(awk -v s="$s_ms" 'BEGIN { print s * 1000 }')" 1) | $s_rows | $(fmt "$(awk -v s="$r_ms" 'BEGIN { print s * 1000 }')" 1) | $r_rows | $r |"
done <"$BENCH_ROOT/bench/search/service-words.txt"
echo
echo "Median speed ratio over the queries: $(awk '{ print $1 / $2 }' "$ratios" | median | xargs printf '%.0f')x. Goal: ≥ 100x."
