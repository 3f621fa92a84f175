#!/bin/sh
# Never half-written: every file mipricing writes (retro --partial, merge
# --output, prices import --output, --report, --chart) goes to a temporary
# file beside it,
# renamed into place once complete. A writer failing midway (a file size
# limit, `ulimit -f`) or on bad input leaves the previous file as it was and
# nothing beside it; one killed (SIGKILL at any moment) leaves the previous
# file or the complete new one. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
mip="$build/mipricing"
sample="$src/../data/examples/billing/cur_legacy_anonymous_sample.csv"
offers="$src/data/offers"
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
echo "1..8"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0

# result OK WHAT [DIAGNOSTIC FILE]
result() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        [ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/# /' "$3"
    fi
}

# killed_by_size OUT CMD...: run CMD with files limited to 4 blocks (2 or 4
# KiB, less than any output here) where a previous OUT exists; 0 when CMD
# failed writing (status 1, "File too large": mipricing ignores SIGXFSZ so
# that the write fails instead of the process dying), OUT is still the
# previous file and no temporary file is left beside it.
killed_by_size() {
    out=$1
    shift
    cp "$out" "$tmp/before"
    (
        ulimit -f 4 || exit 0
        exec "$@" >/dev/null 2>"$tmp/err"
    )
    status=$?
    echo "exit status $status" >>"$tmp/err"
    [ "$status" -eq 1 ] && grep -q "File too large" "$tmp/err" &&
        cmp -s "$out" "$tmp/before" && [ -z "$(find "$tmp" -name "$(basename "$out").tmp.*")" ]
}

# The previous files, small, and a first part for merge.
head -n 200 "$sample" >"$tmp/small.csv"
ok=0
"$mip" retro "$tmp/small.csv" --partial "$tmp/partial.json" >/dev/null 2>"$tmp/err" &&
    "$mip" retro "$sample" --partial "$tmp/whole.json" >/dev/null 2>>"$tmp/err" &&
    cp "$tmp/partial.json" "$tmp/merged.json" &&
    "$mip" prices import "$offers/ec2.csv" "$offers/lambda.csv" --region us-east-1 \
        --output "$tmp/catalog.json" >/dev/null 2>>"$tmp/err" || ok=1
if [ "$ok" = 1 ] || [ "$(wc -c <"$tmp/whole.json")" -le 8192 ]; then
    sed 's/^/# /' "$tmp/err"
    echo "Bail out! cannot write the previous files"
    exit 0
fi
result 0 "previous files written"

killed_by_size "$tmp/partial.json" "$mip" retro "$sample" --partial "$tmp/partial.json"
result $? "retro --partial failing on a full file size limit leaves the previous file" "$tmp/err"

killed_by_size "$tmp/merged.json" "$mip" merge "$tmp/whole.json" "$tmp/partial.json" \
    --output "$tmp/merged.json"
result $? "merge --output failing on a full file size limit leaves the previous file" "$tmp/err"

killed_by_size "$tmp/catalog.json" "$mip" prices import "$offers/ec2.csv" \
    "$offers/lambda.csv" "$offers/ec2_tokyo.csv" "$offers/lambda_tokyo.csv" \
    --output "$tmp/catalog.json"
result $? "prices import --output failing on a full file size limit leaves the previous file" "$tmp/err"

# The report and the chart (100 KB and more): the previous ones stay.
printf 'previous report\n' >"$tmp/r.html"
printf 'previous chart\n' >"$tmp/c.svg"
killed_by_size "$tmp/r.html" "$mip" breakeven --report "$tmp/r.html"
result $? "--report failing on a full file size limit leaves the previous file" "$tmp/err"
killed_by_size "$tmp/c.svg" "$mip" breakeven --chart "$tmp/c.svg"
result $? "--chart failing on a full file size limit leaves the previous file" "$tmp/err"

# Failing (a bad input) leaves it too, and says why.
cp "$tmp/partial.json" "$tmp/before"
printf 'not,a,billing,export\n1,2,3,4\n' >"$tmp/bad.csv"
"$mip" retro "$tmp/bad.csv" --partial "$tmp/partial.json" >/dev/null 2>"$tmp/err"
status=$?
echo "exit status $status" >>"$tmp/err"
[ "$status" -ne 0 ] && [ -s "$tmp/err" ] && cmp -s "$tmp/partial.json" "$tmp/before"
result $? "retro --partial failing on bad input leaves the previous file" "$tmp/err"

# SIGKILL at a range of moments while reading a larger export (the sample's
# rows 16 times) and writing its aggregate: each time the file is either the
# previous one or the complete new one.
{
    cat "$sample"
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
        tail -n +2 "$sample"
    done
} >"$tmp/big.csv"
"$mip" retro "$tmp/big.csv" --partial "$tmp/new.json" >/dev/null 2>"$tmp/err"
: >"$tmp/report"
bad=0
for delay in 0 0.01 0.02 0.05 0.1 0.15 0.2 0.3 0.5 0.8; do
    cp "$tmp/partial.json" "$tmp/target.json"
    "$mip" retro "$tmp/big.csv" --partial "$tmp/target.json" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    if cmp -s "$tmp/target.json" "$tmp/partial.json"; then
        echo "killed after ${delay} s: the previous file" >>"$tmp/report"
    elif cmp -s "$tmp/target.json" "$tmp/new.json"; then
        echo "killed after ${delay} s: the new file, complete" >>"$tmp/report"
    else
        echo "killed after ${delay} s: neither the previous nor the new file" >>"$tmp/report"
        bad=1
    fi
done
[ -s "$tmp/new.json" ] && [ "$bad" = 0 ]
result $? "retro --partial killed at any moment: previous or complete" "$tmp/report"
sed 's/^/# /' "$tmp/report"
left=$(find "$tmp" -name '*.json.tmp.*' | wc -l)
echo "# temporary files left by killed writers: $left"
