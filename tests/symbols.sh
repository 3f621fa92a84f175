#!/bin/sh
# The shared library exports exactly the symbols listed in libmipricing.sym,
# and every function the public header declares is listed there. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}/..
build=${MIP_TEST_BUILDDIR:-$src}
nm=${NM:-nm}
echo "1..2"
lib=$(ls "$build"/.libs/libmipricing.so.* 2>/dev/null | head -n 1)
if [ -z "$lib" ]; then
    echo "ok 1 # SKIP no shared library built"
    echo "ok 2 # SKIP no shared library built"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C sort "$src/libmipricing/libmipricing.sym" > "$tmp/want"
$nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBVW]$/ { print $3 }' |
    sed 's/@.*//' | grep -v '^_' | LC_ALL=C sort -u > "$tmp/got"
if diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
    echo "ok 1 - exported symbols match libmipricing.sym"
else
    echo "not ok 1 - exported symbols match libmipricing.sym"
    sed 's/^/# /' "$tmp/diff"
fi
grep -o 'MIP_EXTERN [^(]*(' "$src/libmipricing/mipricing.h" | sed 's/($//; s/.*[ *]//' | grep '^mip_' |
    LC_ALL=C sort > "$tmp/header"
if diff -u "$tmp/header" "$tmp/want" > "$tmp/diff2"; then
    echo "ok 2 - every MIP_EXTERN function of mipricing.h is in libmipricing.sym"
else
    echo "not ok 2 - every MIP_EXTERN function of mipricing.h is in libmipricing.sym"
    sed 's/^/# /' "$tmp/diff2"
fi
