#!/bin/sh
# valgrind.sh PROGRAM [ARG...] - run PROGRAM under valgrind memcheck and fail
# on any error or leak. `make check-valgrind` uses it as LOG_COMPILER of the
# unit tests and as MIP_TEST_WRAPPER of tests/cli/run.sh.
#
# PROGRAM may be a libtool wrapper script (run through `libtool
# --mode=execute` when LIBTOOL names one). Children are followed
# (--trace-children=yes): Criterion runs each test in a worker process it
# executes anew. Valgrind's exit status says nothing of those workers, so
# every process logs to a file of its own and any line in any log fails:
# the logs go to standard error and the exit status is 99.
#
# Criterion's own leaks are suppressed by valgrind.supp beside this script.
# More options through VALGRIND_OPTS, which valgrind reads itself (e.g.
# --track-origins=yes to see where an uninitialised value comes from).
#
# Environment: LIBTOOL (the build's libtool; default: none), VALGRIND
# (default: valgrind).
if [ $# -eq 0 ]; then
    echo "usage: valgrind.sh PROGRAM [ARG...]" >&2
    exit 2
fi
vg=${VALGRIND:-valgrind}
logs=$(mktemp -d "${TMPDIR:-/tmp}/mipvg.XXXXXX") || exit 2
supp=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
# Programs of the system that the tests start (the chart test reads its
# SVG back with xmllint or python3, through the shell) are not ours: they
# run, but untraced.
skip='*/sh,*/bash,*/dash,*/tr,*/sed,*/grep,*/xmllint,*/python3*,*/pdfinfo,*/node'
set -- "$vg" -q --tool=memcheck --trace-children=yes --trace-children-skip="$skip" \
    --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=99 --num-callers=30 \
    --log-file="$logs/vg.%p.log" --suppressions="$supp" "$@"
if [ -n "${LIBTOOL:-}" ]; then
    set -- "$LIBTOOL" --mode=execute "$@"
fi
"$@"
status=$?
bad=0
for f in "$logs"/vg.*.log; do
    if [ -s "$f" ]; then
        bad=1
        cat "$f" >&2
    fi
done
rm -rf "$logs"
if [ "$bad" = 1 ]; then
    echo "valgrind.sh: valgrind reported errors or leaks (above)" >&2
    exit 99
fi
exit "$status"
