#!/usr/bin/env bash
# Makes sure the native build prerequisites are present: a C++ compiler (RocksDB is built from
# source by oxigraph) and libclang (bindgen). Installs libclang-dev with apt-get when it is
# missing and we may; otherwise says what to install.
set -euo pipefail

have_libclang() {
    # bindgen loads libclang.so or libclang-N.so; libclang-cpp.so (present on many machines
    # without libclang-dev) is another library and does not count.
    local candidates=()
    if [ -n "${LIBCLANG_PATH:-}" ]; then
        candidates+=("$LIBCLANG_PATH"/libclang.so* "$LIBCLANG_PATH"/libclang-[0-9]*.so*)
    fi
    candidates+=(/usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so*
        /usr/lib/*/libclang.so* /usr/lib/*/libclang-[0-9]*.so* /usr/lib/libclang.so*)
    local f
    for f in "${candidates[@]}"; do
        [ -e "$f" ] && return 0
    done
    return 1
}

missing=()
command -v c++ >/dev/null 2>&1 || missing+=(g++)
have_libclang || missing+=(libclang-dev)

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "ensure-deps: installing ${missing[*]} (needed to build RocksDB and its bindings)" >&2
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "ensure-deps: please install: ${missing[*]} (Debian/Ubuntu package names)" >&2
    exit 1
fi
have_libclang || { echo "ensure-deps: libclang still not found after install" >&2; exit 1; }
