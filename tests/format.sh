#!/bin/sh
# The C sources follow .clang-format. Skipped when clang-format is absent.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}/..
cf=${CLANG_FORMAT:-$(command -v clang-format)}
echo "1..1"
if [ -z "$cf" ] || ! [ -x "$cf" ]; then
    echo "ok 1 # SKIP clang-format not installed"
    exit 0
fi
bad=""
for f in "$src"/libmipricing/*.c "$src"/libmipricing/*.h "$src"/calc/*.c "$src"/calc/*.h; do
    if ! "$cf" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then
        bad="$bad ${f#$src/}"
    fi
done
if [ -z "$bad" ]; then
    echo "ok 1 - sources are formatted"
else
    echo "not ok 1 - sources are formatted"
    echo "# run clang-format -i on:$bad"
fi
