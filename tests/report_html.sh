#!/bin/sh
# Acceptance (issue 7, 2): `mipricing compare` on the Azure 2019 sample with
# --report writes a self-contained HTML page that renders in headless
# Chromium with every chart visible and no error logged. TAP output.
#
# Needs Debian's chromium, Node.js and npm (playwright-core from the npm
# registry, pinned by tests/browser/package-lock.json, is installed into the
# build tree on first use). Without them the test is skipped, never passed.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
mip="$build/mipricing"
png="$build/tests/charts/pngcheck"
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
azure="$src/../data/examples/azure2019"

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || ! command -v node >/dev/null 2>&1 ||
    ! command -v npm >/dev/null 2>&1; then
    echo "1..0 # SKIP chromium, node or npm not installed (./bootstrap --test-deps)"
    exit 0
fi
export CHROMIUM="$chromium"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# playwright-core, into the build tree (the source tree may be read-only)
mods="$build/tests/browser"
if [ ! -d "$mods/node_modules/playwright-core" ]; then
    : >"$tmp/npm.log"
    mkdir -p "$mods" &&
        { [ "$(cd "$mods" && pwd)" = "$(cd "$src/browser" && pwd)" ] ||
            cp "$src/browser/package.json" "$src/browser/package-lock.json" "$mods/"; } &&
        (cd "$mods" && npm ci --no-audit --no-fund --silent >"$tmp/npm.log" 2>&1)
    if [ ! -d "$mods/node_modules/playwright-core" ]; then
        echo "1..0 # SKIP npm could not install playwright-core: $(tail -n 1 "$tmp/npm.log")"
        exit 0
    fi
fi

echo "1..7"
"$mip" compare "$azure/invocations.csv" --durations "$azure/durations.csv" \
    --memory "$azure/memory.csv" --arch arm64 --runtime python --quiet \
    --report "$tmp/r.html" >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && [ -s "$tmp/r.html" ] && grep -q "report written to $tmp/r.html" "$tmp/err"; then
    echo "ok 1 - compare --report wrote the page and said where"
else
    echo "not ok 1 - compare --report wrote the page and said where"
    sed 's/^/# /' "$tmp/err"
fi
# nothing from outside: no script, stylesheet, image, font or frame
if grep -Eiq '<script|<link|<img|<iframe|@import|@font-face|url\((https?:)?//|(src|href)="(https?:)?//' \
    "$tmp/r.html"; then
    echo "not ok 2 - self-contained"
else
    echo "ok 2 - self-contained"
fi
figs=$(grep -c '<figure' "$tmp/r.html")
# the Azure sample is one function: its capacity and the cost per day
NODE_PATH="$mods/node_modules" node "$src/browser/check_report.js" "$tmp/r.html" 2 "$tmp" \
    >"$tmp/tap" 2>&1
# renumber the browser's four lines 3..6
n=2
while IFS= read -r line; do
    case $line in
    "ok "* | "not ok "*)
        n=$((n + 1))
        echo "$line" | sed -E "s/^(not )?ok [0-9]+/\1ok $n/"
        ;;
    *) echo "$line" ;;
    esac
done <"$tmp/tap"
while [ "$n" -lt 6 ]; do
    n=$((n + 1))
    echo "not ok $n - the browser check did not get this far"
done
# every chart's screenshot shows a drawn chart in the palette's colours
bad=""
for i in $(seq 1 "$figs"); do
    set -- $("$png" "$tmp/fig$i.png" 2>/dev/null)
    if [ $# -ne 4 ] || [ "$3" -lt $(($1 * $2 / 50)) ] || [ "$4" -lt 500 ]; then
        bad="$bad fig$i:${*:-unreadable}"
    fi
done
if [ "$figs" -ge 2 ] && [ -z "$bad" ]; then
    echo "ok 7 - every chart is drawn (not blank, in the charts' colours)"
else
    echo "not ok 7 - every chart is drawn (not blank, in the charts' colours)"
    echo "# figures $figs;$bad"
fi
