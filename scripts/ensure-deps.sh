#!/usr/bin/env bash
# Makes sure the native build prerequisites are present: a C++ compiler (RocksDB is built from
# source by oxigraph) and libclang (bindgen). Installs libclang-dev with apt-get when it is
# missing and we may; otherwise says what to install.
set -euo pipefail

have_libclang() {
    if [ -n "${LIBCLANG_PATH:-}" ] && ls "$LIBCLANG_PATH"/libclang*.so* >/dev/null 2>&1; then
        return 0
    fi
    ldconfig -p 2>/dev/null | grep -q 'libclang\(-[0-9.]*\)\?\.so' && return 0
    ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 && return 0
    ls /usr/lib/*/libclang*.so* >/dev/null 2>&1 && return 0
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
