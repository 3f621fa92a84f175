#!/bin/sh
# Replays the fuzz regression corpus: every file of tests/fuzz/<harness>/
# (inputs that once crashed, leaked, tripped a sanitizer or timed out) goes
# through the harness fuzz/fuzz_<harness>.c, built without libFuzzer as
# fuzz/replay_<harness>. A harness whose folder holds no input replays its
# seed corpus fuzz/corpus/<harness>/ instead. Prints TAP.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}/..
build=${MIP_TEST_BUILDDIR:-.}
harnesses="trace billing catalog import cli"
set -- $harnesses
echo "1..$#"
i=0
for h in $harnesses; do
    i=$((i + 1))
    dir=$src/tests/fuzz/$h
    n=0
    for f in "$dir"/*; do
        case ${f##*/} in README* | .* | "*") ;; *) n=$((n + 1)) ;; esac
    done
    what="regressions"
    if [ "$n" = 0 ]; then
        dir=$src/fuzz/corpus/$h
        what="seeds"
    fi
    if out=$("$build/fuzz/replay_$h" "$dir" 2>&1); then
        echo "ok $i - $h: $(echo "$out" | tail -1) ($what)"
    else
        echo "not ok $i - $h ($what)"
        echo "$out" | tail -40 | sed 's/^/# /'
    fi
done
exit 0
