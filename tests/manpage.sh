#!/bin/sh
# The man page is complete: every option that a command's --help lists is in
# doc/mipricing.1, and every command has its section. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
mip="$build/mipricing"
man="$src/../doc/mipricing.1"
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
echo "1..2"
missing=""
for c in "cost lambda" "cost lmi" size breakeven prices "trace summary" compare fit \
    commit retro merge; do
    # shellcheck disable=SC2086
    for o in $("$mip" $c --help 2>/dev/null | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u); do
        esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
        grep -q -- "$esc" "$man" || missing="$missing $c:$o"
    done
done
if [ -z "$missing" ]; then
    echo "ok 1 - every option of every command's --help is in mipricing(1)"
else
    echo "not ok 1 - every option of every command's --help is in mipricing(1)"
    echo "# missing:$missing"
fi
sections=""
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" EXAMPLES FILES ENVIRONMENT; do
    grep -q "^\.SH $s\$" "$man" || sections="$sections [$s]"
done
if [ -z "$sections" ]; then
    echo "ok 2 - mipricing(1) has NAME, SYNOPSIS, DESCRIPTION, COMMANDS, EXIT STATUS, EXAMPLES, FILES, ENVIRONMENT"
else
    echo "not ok 2 - mipricing(1) sections"
    echo "# missing:$sections"
fi
