#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ for a bounded time each, one after the other, and prints
# a summary (target, seconds, runs, exec/s, crashes). Exits non-zero when a target crashed,
# hung or ran out of memory; the input that did it is kept under fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Seed corpora are derived from the bundled data on every run (data/ke-hoach-*.txt,
# data/registries/ with its bad/ and examples/ files, data/places/, ingest/tests/fixtures/rdf/)
# into fuzz/corpus/<target>/, which libFuzzer then grows; neither is committed. Inputs whose
# first byte selects a case (which registry file, which places file, which RDF syntax) get
# the selector of the file they come from.
#
# Settings (environment): CARGO_TARGET_DIR (default ~/.cache/biokg-fuzz), FUZZ_SANITIZER
# (default none: the project's crates forbid unsafe code, and without ASan a run does about
# twice the executions; `address` for a run that also checks the dependencies' unsafe code),
# FUZZ_RSS_MB (2048), FUZZ_TIMEOUT (10 s per input), FUZZ_CODEGEN_UNITS (4: builds the
# dependencies faster on two cores than cargo-fuzz's 1, for slightly slower runs),
# CARGO_BUILD_JOBS (2).
#
# There is only a stable toolchain on the build machines; cargo-fuzz needs nightly flags
# (-Zsanitizer, -Cpasses=sancov), which RUSTC_BOOTSTRAP=1 allows on stable.
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.1
ALL_TARGETS=(plan table_csv table_json places_json search_query rdf_input)

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "fuzz: SECONDS_PER_TARGET must be a positive number, got '$seconds'" >&2
    exit 2
fi
shift || true
targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    if ! printf '%s\n' "${ALL_TARGETS[@]}" | grep -qx -- "$t"; then
        echo "fuzz: unknown target '$t' (targets: ${ALL_TARGETS[*]})" >&2
        exit 2
    fi
done

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/biokg-fuzz}
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
rss_mb=${FUZZ_RSS_MB:-2048}
timeout_s=${FUZZ_TIMEOUT:-10}
cgu=${FUZZ_CODEGEN_UNITS:-4}

if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

data=$root/data
corpus_root=$root/fuzz/corpus

# seed TARGET SELECTOR FILE [NAME]: FILE's bytes, after the selector byte when SELECTOR is not
# empty (a number 0-255).
seed() {
    local target=$1 selector=$2 file=$3 name=${4:-$(basename "$3")}
    local out=$corpus_root/$target/seed-$name
    mkdir -p "$corpus_root/$target"
    {
        [ -n "$selector" ] && printf "\\$(printf '%03o' "$selector")"
        cat "$file"
    } >"$out"
}

# seed_text TARGET NAME BYTES: a seed written with printf (escapes allowed).
seed_text() {
    mkdir -p "$corpus_root/$1"
    printf "$3" >"$corpus_root/$1/seed-$2"
}

# The selector of a registry file by its stem, as fuzz/src/lib.rs REGISTRY_CASES orders them.
registry_selector() {
    case $(basename "$1") in
        enterprises*) echo 0 ;;
        certifications*) echo 1 ;;
        labs*) echo 2 ;;
        plants*) echo 3 ;;
        accessions*) echo 4 ;;
        value-chain*) echo 5 ;;
        *) echo 0 ;;
    esac
}

seeds() {
    local tmp f
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN

    # plan: the bundled plan, whole and in four pieces (each piece keeps the parser's anchors
    # of its part: the body, the targets of PHỤ LỤC 01, the task rows of PHỤ LỤC 02).
    for f in "$data"/*.txt; do
        seed plan "" "$f"
        split -n l/4 -d "$f" "$tmp/plan-part-"
    done
    for f in "$tmp"/plan-part-*; do seed plan "" "$f"; done

    # table_csv and table_json: every registry file, good and bad, by its stem.
    while IFS= read -r f; do
        local rel=${f#"$data/registries/"}
        seed table_csv "$(registry_selector "$f")" "$f" "${rel//\//_}"
    done < <(find "$data/registries" -name '*.csv' | sort)
    while IFS= read -r f; do
        local rel=${f#"$data/registries/"}
        seed table_json "$(registry_selector "$f")" "$f" "${rel//\//_}"
    done < <(find "$data/registries" -name '*.json' | sort)

    # places_json: selectors as fuzz_targets/places_json.rs PATHS. The national list, the
    # mappings and the boundaries are large; with jq they are cut down to small valid files
    # (a few provinces and wards, a few mappings, rings of a few points), else taken whole.
    seed places_json 0 "$data/places/lao-cai-15.json"
    for f in "$data"/places/vn-units-*.json "$data"/places/ward-mappings-*.json "$data"/places/geojson/*.geojson; do
        local selector=1 filter='[.[:3][] | .Wards |= .[:4]]'
        case $f in
            *ward-mappings-*) selector=2 filter='.[:25]' ;;
            *.geojson)
                selector=3
                filter='(.. | arrays | select(length > 8 and (.[0] | type) == "array" and (.[0][0] | type) == "number")) |= (.[:7] + [.[0]])'
                ;;
        esac
        if command -v jq >/dev/null 2>&1; then
            jq "$filter" "$f" >"$tmp/small.json"
            seed places_json "$selector" "$tmp/small.json" "$(basename "$f")"
        else
            seed places_json "$selector" "$f"
        fi
    done

    # search_query: byte 0 the page size (x5), byte 1 the offset (x40), byte 2 the suggestion
    # limit, then the query and one filter or kind per line.
    seed_text search_query duong-quy '\004\000\005Đương quy'
    seed_text search_query folded '\004\000\005duong quy'
    seed_text search_query code '\002\000\003II.2.2.7\nsection=II'
    seed_text search_query kinds '\004\001\005dược liệu\ntask\nlead=Sở Y tế'
    seed_text search_query list '\012\000\000\nkind=enterprise\ncertification=GACP-WHO'
    seed_text search_query english '\004\000\005Chinese angelica PCR'
    seed_text search_query markup '\004\000\005<certified> & "GACP-WHO"'

    # rdf_input: the RDF fixtures as Turtle (0) and as TriG (2), of which Turtle is a subset.
    for f in "$root"/ingest/tests/fixtures/rdf/*.ttl; do
        seed rdf_input 0 "$f"
        seed rdf_input 2 "$f" "trig-$(basename "$f")"
    done
}

cd "$root/fuzz"
echo "fuzz: building the targets (sanitizer: $sanitizer, target dir: $CARGO_TARGET_DIR)" >&2
if [ "${#targets[@]}" -eq "${#ALL_TARGETS[@]}" ]; then
    cargo fuzz build -s "$sanitizer" --codegen-units "$cgu" >&2
else
    for t in "${targets[@]}"; do cargo fuzz build -s "$sanitizer" --codegen-units "$cgu" "$t" >&2; done
fi
seeds

summary=()
failed=0
for t in "${targets[@]}"; do
    log=$CARGO_TARGET_DIR/fuzz-$t.log
    artifacts=$root/fuzz/artifacts/$t
    mkdir -p "$artifacts"
    marker=$(mktemp)
    echo "fuzz: $t for ${seconds}s (log: $log)" >&2
    set +e
    dict=()
    case $t in table_json | places_json) dict=(-dict="$root/fuzz/dict/json.dict") ;; esac
    cargo fuzz run -s "$sanitizer" --codegen-units "$cgu" "$t" "$corpus_root/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout="$timeout_s" \
        -print_final_stats=1 "${dict[@]}" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    new_artifacts=$(find "$artifacts" -type f -newer "$marker")
    rm -f "$marker"
    found=$(printf '%s' "$new_artifacts" | grep -c . || true)
    status=ok
    if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
        failed=1
        status="FAILED (exit $rc) ${new_artifacts//$'\n'/ }"
        [ "$found" -eq 0 ] && found=1
        grep -m1 -E "panicked at|ERROR: libFuzzer" "$log" >&2 || true
    fi
    summary+=("$(printf '%-14s %8s %12s %8s %8s  %s' "$t" "$seconds" "${runs:-?}" "${rate:-?}" "$found" "$status")")
done

printf '%-14s %8s %12s %8s %8s  %s\n' target seconds runs exec/s crashes status
printf '%s\n' "${summary[@]}"
exit "$failed"
