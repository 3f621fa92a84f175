#!/bin/sh
# Golden command-line tests of mipricing; prints TAP.
#
# Every folder next to this script that holds an `args` file is a case:
#   args    one argument per line; @SRCDIR@ is replaced by the tests/ source dir
#   stdin   optional, fed to the program (else /dev/null)
#   stdout  expected standard output, exact
#   stderr  expected standard error, exact (absent: must be empty)
#   status  expected exit status
#   NOTES   optional, for people: where the expected figures come from
# In the program's output the absolute tests/ source dir is written back as
# @SRCDIR@ before comparing, so messages that name a file stay portable.
#
# Environment: MIP_TEST_SRCDIR (tests/ source dir; default: the parent of this
# script's dir), MIP_TEST_BUILDDIR (dir of the mipricing binary; default: two
# levels above this script), MIPRICING_DATA_DIR (default: the bundled data/),
# MIP_TEST_WRAPPER (a command put before the program, split at blanks, e.g.
# "sh tests/valgrind.sh" as `make check-valgrind` sets it; default: none).
#
# run.sh --update rewrites stdout, stderr and status of every case from the
# current output (for maintainers: review the diff before committing).
# Exit status 0 even when cases fail: the TAP driver counts them.

LC_ALL=C
export LC_ALL

update=0
if [ "${1-}" = "--update" ]; then
    update=1
fi

here=$(cd "$(dirname "$0")" && pwd) || exit 1
srcdir=${MIP_TEST_SRCDIR:-$here/..}
srcdir=$(cd "$srcdir" && pwd) || exit 1
builddir=${MIP_TEST_BUILDDIR:-$here/../..}
builddir=$(cd "$builddir" && pwd) || exit 1
prog=$builddir/mipricing

: "${MIPRICING_DATA_DIR:=$srcdir/../data}"
export MIPRICING_DATA_DIR

if [ ! -x "$prog" ]; then
    echo "Bail out! no executable $prog"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mipcli.XXXXXX") || {
    echo "Bail out! mktemp failed"
    exit 0
}
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 1' HUP INT TERM
mkdir "$tmp/cwd" || exit 1

# sed pattern matching the source dir literally
srcpat=$(printf '%s\n' "$srcdir" | sed 's/[]\/$*.^&[]/\\&/g')

# subst LINE: LINE with every @SRCDIR@ replaced, in $subst_out
subst() {
    subst_out=
    subst_rest=$1
    while :; do
        case $subst_rest in
        *@SRCDIR@*)
            subst_out=$subst_out${subst_rest%%@SRCDIR@*}$srcdir
            subst_rest=${subst_rest#*@SRCDIR@}
            ;;
        *) break ;;
        esac
    done
    subst_out=$subst_out$subst_rest
}

# run_case DIR: run the program with the case's arguments; output in $tmp
run_case() {
    case_dir=$1
    set --
    while IFS= read -r line || [ -n "$line" ]; do
        subst "$line"
        set -- "$@" "$subst_out"
    done <"$case_dir/args"
    input=/dev/null
    if [ -f "$case_dir/stdin" ]; then
        input=$case_dir/stdin
    fi
    # shellcheck disable=SC2086
    (cd "$tmp/cwd" && exec ${MIP_TEST_WRAPPER:-} "$prog" "$@") <"$input" \
        >"$tmp/out.raw" 2>"$tmp/err.raw"
    echo $? >"$tmp/status"
    sed "s/$srcpat/@SRCDIR@/g" "$tmp/out.raw" >"$tmp/stdout"
    sed "s/$srcpat/@SRCDIR@/g" "$tmp/err.raw" >"$tmp/stderr"
}

# compare WHAT EXPECTED ACTUAL: append a diff to $tmp/report when they differ
compare() {
    if ! cmp -s "$2" "$3"; then
        echo "$1 differs (- expected, + actual):" >>"$tmp/report"
        diff -u "$2" "$3" | sed '1,2d' >>"$tmp/report"
        return 1
    fi
    return 0
}

n=0
for d in "$here"/*/; do
    [ -f "$d/args" ] && n=$((n + 1))
done
echo "1..$n"

i=0
for d in "$here"/*/; do
    d=${d%/}
    [ -f "$d/args" ] || continue
    i=$((i + 1))
    name=${d##*/}
    run_case "$d"
    if [ "$update" = 1 ]; then
        cp "$tmp/stdout" "$d/stdout"
        cp "$tmp/status" "$d/status"
        if [ -s "$tmp/stderr" ]; then
            cp "$tmp/stderr" "$d/stderr"
        else
            rm -f "$d/stderr"
        fi
        echo "ok $i - $name # updated"
        continue
    fi
    : >"$tmp/report"
    : >"$tmp/empty"
    failed=0
    if [ -f "$d/status" ]; then
        cp "$d/status" "$tmp/want_status"
    else
        echo 0 >"$tmp/want_status"
    fi
    # compare the numbers, not their spelling in the file
    want=$(tr -d ' \t\r\n' <"$tmp/want_status")
    got=$(cat "$tmp/status")
    if [ "$want" != "$got" ]; then
        echo "exit status $got, expected $want" >>"$tmp/report"
        failed=1
    fi
    if [ -f "$d/stdout" ]; then
        compare stdout "$d/stdout" "$tmp/stdout" || failed=1
    else
        compare stdout "$tmp/empty" "$tmp/stdout" || failed=1
    fi
    if [ -f "$d/stderr" ]; then
        compare stderr "$d/stderr" "$tmp/stderr" || failed=1
    else
        compare stderr "$tmp/empty" "$tmp/stderr" || failed=1
    fi
    if [ "$failed" = 0 ]; then
        echo "ok $i - $name"
    else
        echo "not ok $i - $name"
        sed 's/^/# /' "$tmp/report"
    fi
done
exit 0
