#!/bin/sh
# Acceptance (issue 7, 1): `mipricing breakeven --chart` writes a valid SVG,
# PNG and PDF (read back by an XML parser, cairo and poppler), with the
# crossover at the rate the JSON output reports. TAP output.
src=${MIP_TEST_SRCDIR:-$(dirname "$0")}
build=${MIP_TEST_BUILDDIR:-$src/..}
mip="$build/mipricing"
png="$build/tests/charts/pngcheck"
export MIPRICING_DATA_DIR="${MIPRICING_DATA_DIR:-$src/../data}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "1..8"

fails=0
for ext in svg png pdf; do
    "$mip" breakeven --format json --chart "$tmp/be.$ext" >"$tmp/be-$ext.json" \
        2>"$tmp/err-$ext" || fails=$((fails + 1))
    grep -q "chart written to $tmp/be.$ext" "$tmp/err-$ext" || fails=$((fails + 1))
done
if [ "$fails" -eq 0 ] && cmp -s "$tmp/be-svg.json" "$tmp/be-png.json"; then
    echo "ok 1 - breakeven --chart FILE.svg, .png and .pdf, saying where"
else
    echo "not ok 1 - breakeven --chart FILE.svg, .png and .pdf, saying where"
    cat "$tmp"/err-* | sed 's/^/# /'
fi
# nothing left beside them: the files are renamed into place
left=$(ls "$tmp" | grep -v -E '^(be\.(svg|png|pdf)|be-(svg|png|pdf)\.json|err-(svg|png|pdf))$')
if [ -z "$left" ]; then
    echo "ok 2 - no temporary file left behind"
else
    echo "not ok 2 - no temporary file left behind"
    echo "# $left"
fi

if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout "$tmp/be.svg" 2>"$tmp/xml"; then
        echo "ok 3 - the SVG is well-formed XML (xmllint)"
    else
        echo "not ok 3 - the SVG is well-formed XML (xmllint)"
        sed 's/^/# /' "$tmp/xml"
    fi
elif command -v python3 >/dev/null 2>&1; then
    if python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$tmp/be.svg" \
        2>"$tmp/xml"; then
        echo "ok 3 - the SVG is well-formed XML (python3 minidom)"
    else
        echo "not ok 3 - the SVG is well-formed XML (python3 minidom)"
        sed 's/^/# /' "$tmp/xml"
    fi
else
    echo "ok 3 # SKIP no XML parser (xmllint, python3)"
fi

# the crossover: the SVG's description names the marker's exact x; the JSON
# reports breakeven_rps (both to 12 significant digits)
x=$(sed -n 's/.*vertical line at x = \([0-9.e+-]*\).*/\1/p' "$tmp/be.svg" | head -n 1)
j=$(sed -n 's/.*"breakeven_rps": \([0-9.e+-]*\).*/\1/p' "$tmp/be-svg.json" | head -n 1)
if [ -n "$x" ] && [ -n "$j" ] &&
    awk -v a="$x" -v b="$j" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * b) }'; then
    echo "ok 4 - the crossover is drawn at the JSON's breakeven ($j rps)"
else
    echo "not ok 4 - the crossover is drawn at the JSON's breakeven"
    echo "# chart: '$x', JSON: '$j'"
fi

set -- $("$png" "$tmp/be.png" 2>"$tmp/pngerr")
if [ $# -eq 4 ] && [ "$1" -eq 800 ] && [ "$2" -eq 500 ] && [ "$3" -gt 20000 ] &&
    [ "$4" -gt 1000 ]; then
    echo "ok 5 - the PNG reads back: 800 x 500, drawn, in the palette's colours"
else
    echo "not ok 5 - the PNG reads back: 800 x 500, drawn, in the palette's colours"
    echo "# pngcheck: $* $(cat "$tmp/pngerr")"
fi

if [ "$(head -c 5 "$tmp/be.pdf")" = "%PDF-" ] && tail -c 64 "$tmp/be.pdf" | grep -q '%%EOF'; then
    echo "ok 6 - the PDF has its header and trailer"
else
    echo "not ok 6 - the PDF has its header and trailer"
fi
if command -v pdfinfo >/dev/null 2>&1; then
    if pdfinfo "$tmp/be.pdf" >"$tmp/info" 2>&1 && grep -q '^Pages: *1$' "$tmp/info" &&
        grep -q '^Page size: *800 x 500 pts' "$tmp/info"; then
        echo "ok 7 - the PDF reads back (pdfinfo): one page of 800 x 500 points"
    else
        echo "not ok 7 - the PDF reads back (pdfinfo): one page of 800 x 500 points"
        sed 's/^/# /' "$tmp/info"
    fi
else
    echo "ok 7 # SKIP pdfinfo not installed (poppler-utils; ./bootstrap --test-deps)"
fi

"$mip" breakeven --chart "$tmp/be.gif" >/dev/null 2>"$tmp/gif"
st=$?
if [ "$st" -eq 2 ] && grep -q 'name the file .svg, .png or .pdf' "$tmp/gif" &&
    [ ! -e "$tmp/be.gif" ]; then
    echo "ok 8 - an unknown chart format is a usage error, before any work"
else
    echo "not ok 8 - an unknown chart format is a usage error, before any work"
    echo "# status $st"
    sed 's/^/# /' "$tmp/gif"
fi
