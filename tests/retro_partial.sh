#!/bin/sh
# Acceptance: `retro --partial` over a billing export split in three, then
# `merge`, gives the same report as the whole file. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
mip="$build/mipricing"
sample="$src/../data/examples/billing/cur_legacy_anonymous_sample.csv"
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
echo "1..2"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# The sample has no newline inside a field (1282 lines, 1281 rows): split by
# lines, the header on each part.
head -n 1 "$sample" >"$tmp/h"
tail -n +2 "$sample" >"$tmp/rows"
n=$(wc -l <"$tmp/rows")
third=$(((n + 2) / 3))
split -l "$third" "$tmp/rows" "$tmp/part."
i=0
for p in "$tmp"/part.*; do
    i=$((i + 1))
    cat "$tmp/h" "$p" >"$tmp/p$i.csv"
done
ok=1
for k in 1 2 3; do
    "$mip" retro "$tmp/p$k.csv" --partial "$tmp/p$k.json" >/dev/null 2>"$tmp/err" || ok=0
done
"$mip" merge "$tmp/p1.json" "$tmp/p2.json" "$tmp/p3.json" --output "$tmp/all.json" \
    >/dev/null 2>>"$tmp/err" || ok=0
if [ "$ok" = 1 ] && [ "$i" = 3 ]; then
    echo "ok 1 - three partial aggregates merged"
else
    echo "not ok 1 - three partial aggregates merged"
    sed 's/^/# /' "$tmp/err"
fi
"$mip" retro "$sample" --format json | grep -v '"files"' >"$tmp/whole" 2>&1
"$mip" retro "$tmp/all.json" --format json | grep -v '"files"' >"$tmp/parts" 2>&1
if [ -s "$tmp/whole" ] && diff -u "$tmp/whole" "$tmp/parts" >"$tmp/diff"; then
    echo "ok 2 - the merged report equals the whole file's"
else
    echo "not ok 2 - the merged report equals the whole file's"
    sed 's/^/# /' "$tmp/diff"
fi
