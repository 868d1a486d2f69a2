#!/usr/bin/env bash
# Ingest (issue 6, item 2): triples per second of `biokg ingest rdf` against `oxigraph load` on
# the same N-Triples file, each into a fresh directory, median of N runs, in one run.
#
# The file: the data graphs of a biokg store (the bundled data, or --from-data-dir DIR, e.g. a
# national-scale store that bench/load-scale.sh loaded), dumped as N-Triples and replicated
# with renamed subjects (copy k has its IRIs under …/id/rK/, its blank nodes renamed; the
# SKOS concepts of the ontology stay shared) until it holds --triples triples. Every copy is
# as valid against the SHACL shapes as the original, so `biokg ingest` does its whole work.
#
# Rows: `biokg ingest rdf` (parse, SHACL validation over file, ontology and store, store
# commit, then the search documents of the new graph indexed); `biokg check rdf` (parse and
# validate only: the part of an ingest before anything is written); `oxigraph load` (parse,
# validate the syntax, bulk-load into RocksDB, the default graph: three indexes); `oxigraph load
# --graph` (the same into a named graph, as biokg stores a source: six indexes, the same layout
# as ours); and, when the binary has the flag, `biokg ingest rdf --no-index` (the store commit
# without the search documents: the goal's "without indexing").
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/ingest.sh [--quick | --full] [--triples N] [--reps N] [--from-data-dir DIR] [--perf]
  --quick              100 000 triples, 3 repetitions (default; a few minutes)
  --full               1 000 000 triples, 3 repetitions
  --triples N          size of the N-Triples file
  --reps N             repetitions (at least 3)
  --from-data-dir DIR  dump this stopped biokg data directory instead of the bundled data
  --perf               then profile one \`biokg ingest\` and one \`oxigraph load\` with perf
Environment: BIOKG_BIN_DIR, OXIGRAPH, TMPDIR; files are cached in \$BIOKG_BENCH_DATA
(default ~/.cache/biokg-bench-data).
EOF
}

triples=100000 reps=3 from="" perf=0
option() {
  case "$1" in
    --quick) triples=100000 reps=3 TOOK=1 ;;
    --full) triples=1000000 reps=3 TOOK=1 ;;
    --triples) triples="$2" TOOK=2 ;;
    --reps) reps="$2" TOOK=2 ;;
    --from-data-dir) from="$2" TOOK=2 ;;
    --perf) perf=1 TOOK=1 ;;
  esac
}
parse_args "$@"
need_bin biokg
need_oxigraph

bench_tmp
work="$BENCH_WORK"

# The seed: the data graphs of a store, as N-Triples (no ontology, no ingest log: both are in
# every fresh store already).
seed="$work/seed.nt"
if [ -n "$from" ]; then
  src="$work/from"
  cp -r "$from" "$src"
else
  src="$work/bundled"
  log "loading the bundled data"
  bundled_store "$src"
fi
export_nquads "$src" "$work/seed.nq"
data_graphs "$work/seed.nq" | sed -E 's/ <[^>]*> \.$/ ./' | sort -u >"$seed"
seed_n=$(wc -l <"$seed")
[ "$seed_n" -gt 0 ] || die "the seed store has no data triples"

# Whole copies with renamed subjects until the file has at least $triples lines (a copy cut in
# the middle could leave a subject without a triple a shape requires). Copy 0 is the seed.
file="$work/data-$triples.nt"
: >"$file"
copies=$(((triples + seed_n - 1) / seed_n))
cat "$seed" >>"$file"
for k in $(seq 1 $((copies - 1))); do
  renamed_copy "$k" "$seed" >>"$file"
done
n=$(wc -l <"$file")
log "$n triples ($copies copies of $seed_n seed triples), $(du -h "$file" | cut -f1)"

results="$work/results.txt"
: >"$results"
# timed NAME CMD...: runs CMD, files "NAME seconds peak_rss_kib" (GNU time) in the results.
timed() {
  local name="$1"
  shift
  local t="$work/time.txt"
  if ! gnu_time "$t" "$@" >"$work/$name.out" 2>&1; then
    tail -20 "$work/$name.out" >&2
    die "$name failed (output above)"
  fi
  echo "$name $(cat "$t")" >>"$results"
  log "$name: $(cat "$t") (s, KiB)"
}
no_index=0
if "$BIOKG" ingest --help 2>/dev/null | grep -q -- '--no-index'; then
  no_index=1
else
  log "this biokg has no 'ingest --no-index': ingest without indexing is not measured"
fi
for rep in $(seq 1 "$reps"); do
  rm -rf "$work/ours" "$work/oxigraph" "$work/oxigraph-graph" "$work/ours-noindex"
  timed "biokg-ingest" "$BIOKG" --log warn ingest rdf "$file" --data-dir "$work/ours" --name bench
  if [ "$no_index" = 1 ]; then
    timed "biokg-ingest-noindex" "$BIOKG" --log warn ingest rdf "$file" --no-index \
      --data-dir "$work/ours-noindex" --name bench
  fi
  timed "biokg-check" "$BIOKG" --log warn check rdf "$file"
  timed "oxigraph-load" "$OXIGRAPH" load --location "$work/oxigraph" --file "$file"
  timed "oxigraph-load-graph" "$OXIGRAPH" load --location "$work/oxigraph-graph" --file "$file" \
    --graph https://w3id.org/laocai-biotech/graph/rdf/bench
done
stored="$("$BIOKG" --log warn query --data-dir "$work/ours" --format tsv \
  'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/laocai-biotech/graph/rdf/bench> { ?s ?p ?o } }' | tail -1)"

echo "## Ingest: $(machine)"
echo
echo "$n N-Triples triples ($(du -h "$file" | cut -f1)), each run into a fresh directory, median of $reps runs."
echo "The graph biokg stored holds $stored triples (the file's, plus provenance)."
echo
echo "| command | seconds | triples/s | peak RSS MiB | triples/s ratio to oxigraph load |"
echo "| --- | ---: | ---: | ---: | ---: |"
base_s="$(column_median "$results" 2 oxigraph-load)"
base_tps="$(awk -v n="$n" -v s="$base_s" 'BEGIN { print n / s }')"
names=(biokg-ingest)
[ "$no_index" = 1 ] && names+=(biokg-ingest-noindex)
names+=(biokg-check oxigraph-load oxigraph-load-graph)
for name in "${names[@]}"; do
  s="$(column_median "$results" 2 "$name")"
  rss="$(column_median "$results" 3 "$name")"
  tps="$(awk -v n="$n" -v s="$s" 'BEGIN { print n / s }')"
  label="$name"
  case "$name" in
    biokg-ingest) label="\`biokg ingest rdf\` (with indexing)" ;;
    biokg-ingest-noindex) label="\`biokg ingest rdf --no-index\`" ;;
    biokg-check) label="\`biokg check rdf\` (parse and validate, nothing written)" ;;
    oxigraph-load) label="\`oxigraph load\`" ;;
    oxigraph-load-graph) label="\`oxigraph load --graph\` (into a named graph, as biokg stores it)" ;;
  esac
  echo "| $label | $(fmt "$s" 2) | $(fmt "$tps" 0) | $(fmt "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" 0) | $(ratio "$tps" "$base_tps") |"
done
echo
echo "Goal: \`biokg ingest\` of RDF without indexing ≥ 0.8 × \`oxigraph load\`."
[ "$no_index" = 1 ] || echo "(This biokg has no \`ingest --no-index\`: only the ingest with indexing is measured.)"

if [ "$perf" = 1 ] && command -v perf >/dev/null; then
  rm -rf "$work/ours" "$work/oxigraph"
  perf record -F 499 -o "$work/perf-ingest.data" -- "$BIOKG" --log warn ingest rdf "$file" \
    --data-dir "$work/ours" --name bench >/dev/null 2>&1
  echo
  echo "Profile of \`biokg ingest rdf\`, self time by symbol:"
  echo
  perf_report "$work/perf-ingest.data"
  perf record -F 499 -o "$work/perf-load.data" -- "$OXIGRAPH" load --location "$work/oxigraph" \
    --file "$file" >/dev/null 2>&1
  echo
  echo "Profile of \`oxigraph load\`, self time by symbol:"
  echo
  perf_report "$work/perf-load.data"
fi
