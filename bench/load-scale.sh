#!/usr/bin/env bash
# Ingest benchmark at national scale (issue 6, item 1): generates the scale data of SCALE with
# biokg-gen into a temporary folder, then ingests it into DATA_DIR with the real ingestors, in
# the order references need (the places, the labs, the plants, the enterprises, the 34 plans),
# printing the time, the triples and the peak RSS (GNU time) of each step and the store's total
# at the end. Exits non-zero when a step fails.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<EOF
Usage: bench/load-scale.sh SCALE DATA_DIR
  SCALE          biokg-gen's scale (1 is 1 000 000 organisations)
  DATA_DIR       where to load it; must not hold a store yet
Environment:
  BIOKG_BIN_DIR  where biokg and biokg-gen are (default: \$CARGO_TARGET_DIR/release; build
                 them with cargo build --release --workspace)
  NO_INDEX=1     ingest with --no-index, then time the one index rebuild that follows
  SEED           the generator's seed (default 1)
  BY_PROVINCE=1  generate with --by-province and ingest the enterprises of each province as
                 a source of its own (scale-31-hai-phong, …): 34 smaller transactions
EOF
}
case "${1-}" in -h | --help) usage; exit 0 ;; esac
[ $# -eq 2 ] || { usage >&2; exit 2; }
scale="$1"
data="$2"
need_bin biokg biokg-gen
[ ! -e "$data/store" ] || die "$data already holds a store"
bench_tmp
gen="$BENCH_WORK"
export BIOKG_LOG="${BIOKG_LOG:-warn}"
flags=(--data-dir "$data")
[ "${NO_INDEX:-0}" = 1 ] && flags+=(--no-index)

# timed CMD...: runs CMD under GNU time; peak_mib then prints its peak RSS in MiB.
timed() { gnu_time "$gen/rss" "$@"; }
peak_mib() { awk '{ printf "%d\n", $2 / 1024 }' "$gen/rss"; }
max_mib=0
keep_max() { local m; m="$(peak_mib)"; [ "$m" -gt "$max_mib" ] && max_mib="$m"; return 0; }
# report_triples REPORT: the triples an ingest report counts ("…, N triples, …").
report_triples() { sed -n 's/.* \([0-9]*\) triples.*/\1/p' <<<"$1" | head -1; }
row() { printf '%-34s %10s %12s %10s\n' "$@"; }
total_start="$(now_s)"
row step seconds triples 'peak MiB'

gen_flags=()
[ "${BY_PROVINCE:-0}" = 1 ] && gen_flags+=(--by-province)
t="$(now_s)"
"$BIN_DIR/biokg-gen" --scale "$scale" --seed "${SEED:-1}" "${gen_flags[@]}" "$gen" >/dev/null
row "generate (scale $scale)" "$(elapsed "$t" 1)" - ''

# step LABEL ARGS...: one ingest; prints its time, the triples of its report and its peak RSS.
step() {
  local label="$1"
  shift
  local t report
  t="$(now_s)"
  report="$(timed "$BIOKG" ingest "$@" "${flags[@]}")"
  row "$label" "$(elapsed "$t" 1)" "$(report_triples "$report")" "$(peak_mib)"
}

step places places "$BENCH_ROOT/data/places"
# Registries under the source name "scale", so that a store with the bundled registries keeps
# them (the plans' file names end in -synthetic for the same reason).
step labs labs "$gen/registries/labs.csv" --national --name scale
step "plants + accessions" plants "$gen/registries/plants.csv" --national --name scale
if [ "${BY_PROVINCE:-0}" = 1 ]; then
  t="$(now_s)"
  sum=0
  for dir in "$gen"/registries/provinces/*/; do
    report="$(timed "$BIOKG" ingest enterprises "$dir/enterprises.csv" --national \
      --name "scale-$(basename "$dir")" "${flags[@]}")"
    keep_max
    sum=$((sum + $(report_triples "$report")))
  done
  row "enterprises + certifications (34)" "$(elapsed "$t" 1)" "$sum" "$max_mib"
else
  step "enterprises + certifications" enterprises "$gen/registries/enterprises.csv" --national --name scale
fi
t="$(now_s)"
n=0
max_mib=0
for plan in "$gen"/plans/*.txt; do
  timed "$BIOKG" ingest plan "$plan" "${flags[@]}" >/dev/null
  keep_max
  n=$((n + 1))
done
row "$n plans" "$(elapsed "$t" 1)" - "$max_mib"

t="$(now_s)"
triples="$(timed "$BIOKG" query --data-dir "$data" --timeout 600 \
  'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1 | grep -o '[0-9]\+' | head -1)"
label="count triples"
[ "${NO_INDEX:-0}" = 1 ] && label="rebuild index + count triples"
row "$label" "$(elapsed "$t" 1)" "$triples" "$(peak_mib)"
row total "$(elapsed "$total_start" 1)" "$triples" ''
