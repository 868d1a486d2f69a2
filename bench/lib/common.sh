# Shared helpers of the benchmark scripts (bench/*.sh); sourced, not run.
#
# Binaries: `biokg`, `biokg-load` and `biokg-gen-index` from $BIOKG_BIN_DIR (default: the release
# directory of $CARGO_TARGET_DIR, itself ~/.cache/biokg-target by default); plain Oxigraph from
# $OXIGRAPH (default: the venv the project's bench machine has, pip package `oxigraph`).
# Servers listen on 127.0.0.1 only, each on a port the kernel picked free, and are stopped by
# their PID when the script exits, however it exits.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN_DIR="${BIOKG_BIN_DIR:-${CARGO_TARGET_DIR:-$HOME/.cache/biokg-target}/release}"
OXIGRAPH="${OXIGRAPH:-$HOME/.cache/biokg-bench-venv/bin/oxigraph}"
BIOKG="$BIN_DIR/biokg"
# Data sets that take minutes to build (a million-entity index, big N-Triples) are kept here.
BENCH_DATA="${BIOKG_BENCH_DATA:-$HOME/.cache/biokg-bench-data}"

# Every PID started by start_* and every temporary path made by bench_tmp, for cleanup.
_BENCH_PIDS=()
_BENCH_TMP=()

bench_cleanup() {
  local pid
  for pid in "${_BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${_BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  _BENCH_PIDS=()
  if [ "${#_BENCH_TMP[@]}" -gt 0 ]; then
    rm -rf "${_BENCH_TMP[@]}"
  fi
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "error: $*" >&2; exit 1; }
log() { echo "# $*" >&2; }

# parse_args ARGS...: reads a script's command line. The script defines `usage` and
# `option NAME VALUE`, which sets the script's variables and TOOK: 1 for a flag, 2 for an option
# that took VALUE; an option it leaves at 0 is unknown. -h and --help print the usage.
parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
    esac
    TOOK=0
    option "$1" "${2-}"
    [ "$TOOK" -gt 0 ] || { usage >&2; exit 2; }
    [ "$TOOK" -le $# ] || { usage >&2; die "$1 needs a value"; }
    shift "$TOOK"
  done
}

# spawn CMD...: starts CMD in the background, to be stopped at exit, and sets SPAWNED_PID.
# Redirect the call (`spawn cmd >log 2>&1`) to redirect CMD.
spawn() {
  "$@" &
  SPAWNED_PID=$!
  _BENCH_PIDS+=("$SPAWNED_PID")
}

# build_release CARGO_BUILD_ARGS...: installs the native build prerequisites when missing,
# builds release binaries into $CARGO_TARGET_DIR (two jobs: the machine is shared), and makes
# BIN_DIR that release directory, so that the script runs what it built.
build_release() {
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/biokg-target}"
  (cd "$BENCH_ROOT" && scripts/ensure-deps.sh && cargo build --release -j2 "$@")
  BIN_DIR="$CARGO_TARGET_DIR/release"
  BIOKG="$BIN_DIR/biokg"
}

# bench_tmp: makes a fresh temporary directory (under $TMPDIR), removed at exit, and sets
# BENCH_WORK to it. Not called as $(bench_tmp): a subshell could not record it for cleanup.
bench_tmp() {
  BENCH_WORK="$(mktemp -d "${TMPDIR:-/tmp}/biokg-bench.XXXXXX")"
  _BENCH_TMP+=("$BENCH_WORK")
}

# cache_missing DIR: whether DIR, a data set kept in $BIOKG_BENCH_DATA between runs, must be
# built: true (and DIR emptied) unless a build completed, which cache_done DIR marks. An
# interrupted build is redone.
cache_missing() {
  [ ! -f "$1/done" ] || return 1
  rm -rf "$1"
  mkdir -p "$1"
}
cache_done() { touch "$1/done"; }

need_bin() {
  local b
  for b in "$@"; do
    [ -x "$BIN_DIR/$b" ] || die "$BIN_DIR/$b not found: build with 'cargo build --release --workspace' or set BIOKG_BIN_DIR"
  done
}
need_oxigraph() {
  [ -x "$OXIGRAPH" ] || die "plain Oxigraph not found at $OXIGRAPH: 'pip install oxigraph' in a venv and set OXIGRAPH"
}
need_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null || die "$c not found (apt-get install $c)"
  done
}

# What built the binaries: "release" or "debug" (from the directory name), for the tables.
build_kind() {
  case "$BIN_DIR" in
    */debug | */debug/) echo "debug" ;;
    *) echo "release" ;;
  esac
}

# machine: one line about the machine and the build, for the head of every table.
machine() {
  local cpu mem
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  mem="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "$(nproc) cores ($cpu), $mem RAM, load average $(cut -d' ' -f1-3 /proc/loadavg), $(build_kind) binaries from $BIN_DIR, $("$OXIGRAPH" --version 2>/dev/null || echo 'oxigraph ?')"
}

# free_port: a TCP port on 127.0.0.1 free at the time of asking.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL [SECONDS]: until URL answers 200, or fail after SECONDS (default 600).
wait_http() {
  local url="$1" limit="${2:-600}" start
  start="$(date +%s)"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = "200" ]; do
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      return 1
    fi
    sleep 0.05
  done
}

# start_biokg DATA_DIR LOG [FLAGS...]: starts `biokg serve` on a free port; sets SERVER_PID and
# SERVER_URL (http://127.0.0.1:PORT) once /ready answers 200.
start_biokg() {
  local data="$1" logf="$2"
  shift 2
  local out="$logf.stdout"
  : >"$out"
  spawn "$BIOKG" serve --addr 127.0.0.1:0 --data-dir "$data" --log warn "$@" >"$out" 2>"$logf"
  SERVER_PID=$SPAWNED_PID
  local i
  for i in $(seq 1 6000); do
    grep -q '^listening on ' "$out" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; die "biokg serve exited"; }
    sleep 0.1
  done
  SERVER_URL="$(awk '/^listening on / { print $3; exit }' "$out")"
  [ -n "$SERVER_URL" ] || die "biokg serve did not start (log: $logf)"
  wait_http "$SERVER_URL/ready" 600 || die "biokg serve not ready (log: $logf)"
}

# start_oxigraph LOCATION LOG: `oxigraph serve` with the union of all graphs as its default
# graph (as /sparql has it); sets SERVER_PID and SERVER_URL.
start_oxigraph() {
  local location="$1" logf="$2" port
  port="$(free_port)"
  spawn "$OXIGRAPH" serve --location "$location" --bind "127.0.0.1:$port" --union-default-graph \
    >"$logf" 2>&1
  SERVER_PID=$SPAWNED_PID
  SERVER_URL="http://127.0.0.1:$port"
  wait_http "$SERVER_URL/query?query=ASK%7B%7D" 600 || { cat "$logf" >&2; die "oxigraph serve did not start"; }
}

# stop_server PID: stops one server started above and waits for it.
stop_server() {
  local pid="$1" keep=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${_BENCH_PIDS[@]}"; do
    [ "$p" = "$pid" ] || keep+=("$p")
  done
  _BENCH_PIDS=("${keep[@]}")
}

# peak_rss_mib PID: the process's peak resident set so far (VmHWM), in MiB.
peak_rss_mib() {
  awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# median: the median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan" } else if (NR % 2) { print a[(NR + 1) / 2] } else { print (a[NR / 2] + a[NR / 2 + 1]) / 2 } }'
}

# rows FILE KEY...: the lines of FILE whose first fields are KEY... (results files hold one
# line per measurement: the keys that name it, then its values).
rows() {
  local file="$1"
  shift
  awk -v keys="$*" 'BEGIN { n = split(keys, k, " ") } { for (i = 1; i <= n; i++) if ($i != k[i]) next; print }' "$file"
}
# column_median FILE COLUMN KEY...: the median of COLUMN over those lines.
column_median() {
  local file="$1" col="$2"
  shift 2
  rows "$file" "$@" | awk -v c="$col" '{ print $c }' | median
}
# column_sum FILE COLUMN KEY...: the sum of COLUMN over those lines.
column_sum() {
  local file="$1" col="$2"
  shift 2
  rows "$file" "$@" | awk -v c="$col" '{ t += $c } END { print t + 0 }'
}
# field_median FILE NAME KEY... and field_sum: the same for the NAME=value fields of summary
# lines (see wrk_run).
field_values() {
  local file="$1" name="$2"
  shift 2
  rows "$file" "$@" | tr ' ' '\n' | sed -n "s/^$name=//p"
}
field_median() { field_values "$@" | median; }
field_sum() { field_values "$@" | awk '{ t += $1 } END { print t + 0 }'; }

# ratio A B [DIGITS]: A / B, or "n/a".
ratio() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.*f\n", d, a / b }'
}

# fmt NUMBER [DIGITS]: a number with DIGITS decimals (default 1).
fmt() {
  awk -v a="$1" -v d="${2:-1}" 'BEGIN { if (a == "nan" || a == "") print "n/a"; else printf "%.*f\n", d, a }'
}

# now_s: seconds since the epoch, with nanoseconds.
now_s() { date +%s.%N; }

# elapsed START [DIGITS]: seconds since START (a now_s value), with DIGITS decimals (default 3).
elapsed() { awk -v a="$1" -v b="$(now_s)" -v d="${2:-3}" 'BEGIN { printf "%.*f\n", d, b - a }'; }

# gnu_time OUT CMD...: runs CMD under GNU time and writes "seconds peak_rss_kib" to OUT; CMD's
# output and exit status are its own.
gnu_time() {
  local out="$1"
  shift
  /usr/bin/time -f '%e %M' -o "$out" "$@"
}

# bundled_store DIR: a data directory with the bundled data loaded (store and index), made by
# a first `biokg serve` (which loads it into an empty store), then stopped.
bundled_store() {
  local dir="$1"
  mkdir -p "$dir"
  start_biokg "$dir" "$dir.log"
  stop_server "$SERVER_PID"
}

# export_nquads DATA_DIR OUT.nq: every named graph of a stopped data directory as N-Quads,
# through `biokg query` (one CONSTRUCT per graph, so graph names and blank nodes are kept).
export_nquads() {
  local data="$1" out="$2" g
  : >"$out"
  "$BIOKG" --log warn query --data-dir "$data" --format tsv \
    'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -n +2 | tr -d '\r' >"$out.graphs"
  while IFS= read -r g; do
    [ -n "$g" ] || continue
    "$BIOKG" --log warn query --data-dir "$data" --format ntriples \
      "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }" |
      awk -v g="$g" 'NF { sub(/ \.$/, ""); print $0 " " g " ." }' >>"$out"
  done <"$out.graphs"
  rm -f "$out.graphs"
}

# data_graphs IN.nq: the quads of IN but those of the ontology and the ingest log, which every
# fresh store holds already.
data_graphs() {
  grep -v -e '<https://w3id.org/laocai-biotech/graph/ontology> \.$' \
    -e '<https://w3id.org/laocai-biotech/graph/meta> \.$' "$1"
}

# renamed_copy K FILE: FILE (N-Triples or N-Quads) as copy K: its entities' IRIs under
# …/id/rK/ and its blank nodes renamed, the SKOS concepts of the ontology left shared, so that
# a copy is as valid against the shapes as the original and shares no subject with it.
renamed_copy() {
  perl -pe "s{<https://w3id\.org/laocai-biotech/id/(?!concept/)}{<https://w3id.org/laocai-biotech/id/r$1/}g; s{_:(\w+)}{_:r${1}x\$1}g" "$2"
}

# sparql_mix OUT: the query mix of bench/sparql/mix.txt as one file for the wrk script
# (bench/lib/sparql-mix.lua), the queries separated by `%%` lines; sets MIX_NAMES to their
# files, in order.
sparql_mix() {
  local out="$1" f
  : >"$out"
  MIX_NAMES=()
  while IFS= read -r f; do
    case "$f" in '#'* | '') continue ;; esac
    cat "$BENCH_ROOT/$f" >>"$out"
    printf '\n%%%%\n' >>"$out"
    MIX_NAMES+=("$f")
  done <"$BENCH_ROOT/bench/sparql/mix.txt"
}

# biokg_load ARGS...: the load generator, run from the repository's root, where its default
# query files are (tests/relevance.tsv, queries/).
biokg_load() { (cd "$BENCH_ROOT" && "$BIN_DIR/biokg-load" "$@"); }

# wrk_run URL CONNECTIONS SECONDS LUA [ARGS...]: one bounded wrk run; prints the Lua script's
# summary line ("rps=… p50_ms=… p99_ms=… errors=…").
wrk_run() {
  local url="$1" conns="$2" seconds="$3" lua="$4"
  shift 4
  local threads=2
  [ "$conns" -lt 2 ] && threads=1
  wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 30s --latency -s "$lua" "$url" -- "$@" |
    grep '^summary ' | sed 's/^summary //'
}

# field LINE NAME: the value of NAME=… in a summary line.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# perf_top PID SECONDS OUT: samples PID for SECONDS with perf into OUT.data and prints the 30
# symbols with the most self time, as a markdown code block. Flat, not call graphs: release
# binaries keep their symbols but neither frame pointers nor unwinding tables.
perf_top() {
  local pid="$1" seconds="$2" out="$3"
  if ! command -v perf >/dev/null; then
    echo "(perf not installed: apt-get install linux-perf)"
    return 0
  fi
  perf record -F 499 -p "$pid" -o "$out.data" -- sleep "$seconds" >/dev/null 2>&1 ||
    { echo "(perf record failed)"; return 0; }
  perf_report "$out.data"
}
# perf_report FILE.data: the 30 symbols with the most self time in a perf recording.
perf_report() {
  echo '```'
  # `head` closes the pipe early: the SIGPIPE of the writers is not a failure.
  perf report -i "$1" --stdio --no-children --sort dso,symbol 2>/dev/null |
    grep -v -e '^#' -e '^$' | cut -c1-150 | head -30 || true
  echo '```'
}
