#!/usr/bin/env bash
# Ingest benchmark at national scale (issue 6, item 1): generates the scale data of SCALE with
# biokg-gen into a temporary folder, then ingests it into DATA_DIR with the real ingestors, in
# the order references need (the places, the labs, the plants, the enterprises, the 34 plans),
# printing the time, the triples and the peak RSS (GNU time) of each step and the store's total
# at the end.
# Usage: bench/load-scale.sh SCALE DATA_DIR
#   BIOKG_BIN_DIR  where biokg and biokg-gen are (default: $CARGO_TARGET_DIR/release; build
#                  them with cargo build --release --workspace)
#   NO_INDEX=1     ingest with --no-index, then time the one index rebuild that follows
#   SEED           the generator's seed (default 1)
#   BY_PROVINCE=1  generate with --by-province and ingest the enterprises of each province as
#                  a source of its own (scale-31-hai-phong, …): 34 smaller transactions
# DATA_DIR must not hold a store yet. Exits non-zero when a step fails.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SCALE DATA_DIR" >&2; exit 2; }
scale="$1"
data="$2"
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${BIOKG_BIN_DIR:-${CARGO_TARGET_DIR:-$HOME/.cache/biokg-target}/release}"
for b in biokg biokg-gen; do
  [ -x "$bin/$b" ] || { echo "$bin/$b not found (set BIOKG_BIN_DIR)" >&2; exit 1; }
done
[ ! -e "$data/store" ] || { echo "$data already holds a store" >&2; exit 1; }
gen="$(mktemp -d)"
trap 'rm -rf "$gen"' EXIT
export BIOKG_LOG="${BIOKG_LOG:-warn}"
flags=(--data-dir "$data")
[ "${NO_INDEX:-0}" = 1 ] && flags+=(--no-index)

now() { date +%s.%N; }
# timed CMD...: runs CMD under GNU time; peak_mib then prints its peak RSS in MiB.
timed() { /usr/bin/time -f %M -o "$gen/rss" "$@"; }
peak_mib() { echo $(($(cat "$gen/rss") / 1024)); }
max_mib=0
keep_max() { local m; m="$(peak_mib)"; [ "$m" -gt "$max_mib" ] && max_mib="$m"; return 0; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
total_start="$(now)"
printf '%-34s %10s %12s %10s\n' step seconds triples 'peak MiB'

gen_flags=()
[ "${BY_PROVINCE:-0}" = 1 ] && gen_flags+=(--by-province)
t="$(now)"
"$bin/biokg-gen" --scale "$scale" --seed "${SEED:-1}" "${gen_flags[@]}" "$gen" >/dev/null
printf '%-34s %10s %12s\n' "generate (scale $scale)" "$(since "$t")" -

# One ingest: prints its time and the triples of its report ("…, N triples, …").
step() {
  local label="$1"
  shift
  local t report
  t="$(now)"
  report="$(timed "$bin/biokg" ingest "$@" "${flags[@]}")"
  printf '%-34s %10s %12s %10s\n' "$label" "$(since "$t")" \
    "$(sed -n 's/.* \([0-9]*\) triples.*/\1/p' <<<"$report" | head -1)" "$(peak_mib)"
}

step places places "$repo/data/places"
# Registries under the source name "scale", so that a store with the bundled registries keeps
# them (the plans' file names end in -synthetic for the same reason).
step labs labs "$gen/registries/labs.csv" --national --name scale
step "plants + accessions" plants "$gen/registries/plants.csv" --national --name scale
if [ "${BY_PROVINCE:-0}" = 1 ]; then
  t="$(now)"
  sum=0
  for dir in "$gen"/registries/provinces/*/; do
    report="$(timed "$bin/biokg" ingest enterprises "$dir/enterprises.csv" --national \
      --name "scale-$(basename "$dir")" "${flags[@]}")"
    keep_max
    sum=$((sum + $(sed -n 's/.* \([0-9]*\) triples.*/\1/p' <<<"$report" | head -1)))
  done
  printf '%-34s %10s %12s %10s\n' "enterprises + certifications (34)" "$(since "$t")" "$sum" "$max_mib"
else
  step "enterprises + certifications" enterprises "$gen/registries/enterprises.csv" --national --name scale
fi
t="$(now)"
n=0
max_mib=0
for plan in "$gen"/plans/*.txt; do
  timed "$bin/biokg" ingest plan "$plan" "${flags[@]}" >/dev/null
  keep_max
  n=$((n + 1))
done
printf '%-34s %10s %12s %10s\n' "$n plans" "$(since "$t")" - "$max_mib"

t="$(now)"
triples="$(timed "$bin/biokg" query --data-dir "$data" --timeout 600 \
  'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1 | grep -o '[0-9]\+' | head -1)"
label="count triples"
[ "${NO_INDEX:-0}" = 1 ] && label="rebuild index + count triples"
printf '%-34s %10s %12s %10s\n' "$label" "$(since "$t")" "$triples" "$(peak_mib)"
printf '%-34s %10s %12s\n' total "$(since "$total_start")" "$triples"
