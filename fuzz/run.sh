#!/bin/sh
# run.sh HARNESS [SECONDS] [WORKDIR] [LIBFUZZER-FLAG]... - fuzz one harness
# on one core. Flags given after WORKDIR override the defaults below.
# The working corpus grows in WORKDIR/HARNESS/corpus (default WORKDIR:
# /tmp/fuzzwork; never inside the source tree), seeded from
# fuzz/corpus/HARNESS and tests/fuzz/HARNESS; crashes, leaks and timeouts
# land in WORKDIR/HARNESS/ as crash-*, leak-*, timeout-*, oom-*; the log is
# WORKDIR/HARNESS/log. Run from the build directory after `make fuzz`.
set -e
h=${1:?usage: run.sh HARNESS [SECONDS] [WORKDIR]}
secs=${2:-600}
work=${3:-/tmp/fuzzwork}/$h
shift $(($# < 3 ? $# : 3))
src=$(cd "$(dirname "$0")/.." && pwd)
bin=./fuzz/fuzz_$h
[ -x "$bin" ] || { echo "run.sh: no $bin: run make fuzz first" >&2; exit 1; }
mkdir -p "$work/corpus"
cp -n "$src"/fuzz/corpus/"$h"/* "$work/corpus/" 2>/dev/null || true
cp -n "$src"/tests/fuzz/"$h"/* "$work/corpus/" 2>/dev/null || true
rm -f "$work/corpus/README"*
echo "run.sh: $h for $secs s, corpus $work/corpus, log $work/log" >&2
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/" "$@" "$work/corpus" >"$work/log" 2>&1 || true
grep -E '^#[0-9]+ +(DONE|pulse)|^stat::|^==[0-9]+==ERROR|^SUMMARY|^artifact_prefix|Test unit written' \
    "$work/log" | tail -15
