#!/bin/sh
# Install into a temporary root, then build tests/install/example.c (ten
# lines) with `pkg-config --cflags --libs libmipricing` (and the sanitizer
# flags of an --enable-asan build) against the installed
# library and run it: AWS's first example must print 2.73. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
echo "1..2"
if ! command -v pkg-config >/dev/null 2>&1 || ! command -v "${CC:-cc}" >/dev/null 2>&1; then
    echo "ok 1 # SKIP pkg-config or a C compiler is missing"
    echo "ok 2 # SKIP pkg-config or a C compiler is missing"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ${MAKE:-make} -C "$build" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1; then
    echo "ok 1 - make install DESTDIR=..."
else
    echo "not ok 1 - make install DESTDIR=..."
    sed 's/^/# /' "$tmp/install.log" | tail -n 20
    echo "not ok 2 - example built with pkg-config # skipped: nothing installed"
    exit 0
fi
pcdir=$(find "$tmp/root" -name libmipricing.pc -exec dirname {} \; | head -n 1)
libdir=$(dirname "$pcdir")
datadir=$(find "$tmp/root" -path '*/libmipricing/prices/aws.json' | head -n 1)
datadir=$(dirname "$(dirname "$datadir")")
flags=$(PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root" \
    pkg-config --cflags --libs libmipricing)
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 ${SAN_CFLAGS:-} -o "$tmp/example" "$src/install/example.c" $flags \
        >"$tmp/cc.log" 2>&1 &&
    out=$(LD_LIBRARY_PATH="$libdir" MIPRICING_DATA_DIR="$datadir" "$tmp/example") &&
    [ "$out" = "2.73" ]; then
    echo "ok 2 - example built with pkg-config prints 2.73"
else
    echo "not ok 2 - example built with pkg-config prints 2.73"
    echo "# flags: $flags; output: ${out:-none}"
    sed 's/^/# /' "$tmp/cc.log"
fi
