#!/bin/sh
# The bash completion script (completion/mipricing): commands, subcommands,
# options read from each command's --help, and option values. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
if ! command -v bash >/dev/null 2>&1; then
    echo "1..0 # SKIP bash not installed"
    exit 0
fi
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
exec bash -c '
. "$1/../completion/mipricing"
mip="$2/mipricing"
n=0
check() { # words... -- expected word that must be offered
    local want=${!#} line=("${@:1:$#-1}")
    COMP_WORDS=("$mip" "${line[@]}")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _mipricing
    n=$((n + 1))
    local w
    for w in "${COMPREPLY[@]}"; do
        if [ "$w" = "$want" ]; then
            echo "ok $n - mipricing ${line[*]}<TAB> offers $want"
            return
        fi
    done
    echo "not ok $n - mipricing ${line[*]}<TAB> offers $want"
    echo "# got: ${COMPREPLY[*]}"
}
echo "1..8"
check "com" "compare"
check "cost" "" "lmi"
check "compare" "--ch" "--chart"
check "breakeven" "--rep" "--report"
check "cost" "lmi" "--inst" "--instance-hours"
check "fit" "--format" "" "json"
check "size" "--arch" "a" "arm64"
check "size" "--region" "eu-w" "eu-west-1"
' sh "$src" "$build"
