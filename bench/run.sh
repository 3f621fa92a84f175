#!/bin/sh
# bench/run.sh BUILDDIR - the libmipricing benchmarks (run by `make bench`).
#
#  1. a 3,000,000-row interval trace (seed 42): `mipricing compare` (reading, the
#     default-Lambda simulation, the LMI scaler simulation on every candidate type,
#     pricing) against the same file read and priced in SQL by DuckDB
#     (bench/duckdb_cost.js); best wall time of 3, peak RSS, and the ratio;
#  2. a 10,000,000-event trace (seed 42): `mipricing trace summary` peak RSS and time;
#  3. fit: 30 days of minutes, every arm64 type, on one core;
#  4. a 1 GB legacy Cost and Usage Report (bench/gen_cur, seed 42):
#     `mipricing retro FILE --format json` (rows, cost by service, Lambda per
#     function) against the same summary in DuckDB (bench/duckdb_retro.js):
#     best wall time of 3, throughput (MB/s), peak RSS, the ratio, and the
#     total billed cost of both within 1e-6 relative.
#
# Environment: BENCH_ROWS, BENCH_EVENTS, BENCH_RUNS (3), BENCH_SEED (42),
# BENCH_CUR_BYTES (1e9) to change the sizes; BENCH_DIR to keep the generated files there (default: a
# temporary directory, removed at the end); MIPRICING_DATA_DIR (default: the
# source tree's data/). Never part of `make check`.
set -u

die() {
    echo "run.sh: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: run.sh BUILDDIR"
builddir=$(cd "$1" && pwd) || die "$1: no such directory"
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/.." && pwd)

rows=${BENCH_ROWS:-3000000}
events=${BENCH_EVENTS:-10000000}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-42}
rss_limit_kb=$((64 * 1024))

gen="$builddir/bench/gen_trace"
gencur="$builddir/bench/gen_cur"
cur_bytes=${BENCH_CUR_BYTES:-1e9}
mip="$builddir/mipricing"
[ -x "$gen" ] || die "$gen: not built (make bench/gen_trace)"
[ -x "$gencur" ] || die "$gencur: not built (make bench/gen_cur)"
[ -x "$mip" ] || die "$mip: not built (make)"
: "${MIPRICING_DATA_DIR:=$srcdir/data}"
export MIPRICING_DATA_DIR
catalog="$MIPRICING_DATA_DIR/prices/aws.json"

if [ -n "${BENCH_DIR:-}" ]; then
    work=$BENCH_DIR
    mkdir -p "$work" || die "$work: cannot create"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/mipbench.XXXXXX") || die "mktemp failed"
    trap 'rm -rf "$work"' EXIT
    trap 'exit 130' INT TERM
fi

if [ -x /usr/bin/time ]; then
    have_gnu_time=1
else
    have_gnu_time=0
    echo "run.sh: /usr/bin/time not found: wall times only, no peak RSS" >&2
fi

# measure NAME OUT CMD...: run CMD `runs` times (stdout to OUT); sets
# best_s (lowest wall time, seconds) and peak_kb (highest max RSS, KB or "n/a").
# Returns non-zero if any run failed.
measure() {
    name=$1
    out=$2
    shift 2
    best_s=
    peak_kb=n/a
    i=1
    while [ "$i" -le "$runs" ]; do
        tf="$work/time.$name.$i"
        if [ "$have_gnu_time" = 1 ]; then
            /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$out" 2>"$work/err.$name" ||
                { sed 's/^/  /' "$work/err.$name" >&2; return 1; }
            read -r s kb <"$tf"
        else
            t0=$(date +%s.%N)
            "$@" >"$out" 2>"$work/err.$name" ||
                { sed 's/^/  /' "$work/err.$name" >&2; return 1; }
            t1=$(date +%s.%N)
            s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
            kb=n/a
        fi
        best_s=$(awk -v a="$best_s" -v b="$s" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
        if [ "$kb" != n/a ]; then
            peak_kb=$(awk -v a="$peak_kb" -v b="$kb" 'BEGIN { print (a == "n/a" || b + 0 > a + 0) ? b : a }')
        fi
        printf '  %-22s run %d: %6.2f s  %s KB\n' "$name" "$i" "$s" "$kb"
        i=$((i + 1))
    done
    return 0
}

# jfield FILE OBJECT KEY: a number at the top level of OBJECT in pretty-printed
# JSON (2-space indent, as mipricing and duckdb_cost.js write it).
jfield() {
    awk -v obj="  \"$2\": {" -v key="    \"$3\": " '
        $0 == obj { inobj = 1; next }
        inobj && /^  [}]/ { inobj = 0 }
        inobj && index($0, key) == 1 {
            v = substr($0, length(key) + 1); sub(/,$/, "", v); print v; exit
        }' "$1"
}

mb() { # KB to MB, one decimal
    case $1 in n/a | "") echo n/a ;; *) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;; esac
}

nproc_s=$(nproc 2>/dev/null || echo '?')
echo "libmipricing benchmarks: $(date -u +%Y-%m-%d), $nproc_s CPU(s), $(uname -m)"
echo "  cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
echo "  files in $work"
echo

# ------------------------------------------------------------- 1. intervals
ivf="$work/intervals_${rows}_$seed.csv"
echo "== generating $rows interval rows (seed $seed)"
t0=$(date +%s.%N)
"$gen" intervals "$rows" "$seed" "$ivf" || die "gen_trace intervals failed"
t1=$(date +%s.%N)
[ -s "$ivf" ] || die "gen_trace wrote nothing (is bench/gen_trace the real generator?)"
gen_iv_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "  $(wc -c <"$ivf" | awk '{ printf "%.0f MB", $1 / 1e6 }'), ${gen_iv_s:-?} s"

# The flags of the main figure: arm64 Node.js, 2048 MB (1-vCPU environments),
# candidate types c7g.* (9 in us-east-1: the LMI scaler runs once per type);
# the account concurrency limit is lifted so that default Lambda serves every
# request, as the SQL does.
common="--region us-east-1 --arch arm64 --runtime nodejs --memory-mb 2048 --account-concurrency 1000000000 --format json --quiet"

echo "== mipricing compare (c7g.*: 9 candidate types)"
# shellcheck disable=SC2086
if measure mip_compare "$work/mip.json" "$mip" compare "$ivf" $common --instance-types 'c7g.*'; then
    mip_s=$best_s mip_kb=$peak_kb
    mip_lambda=$(jfield "$work/mip.json" lambda total_usd)
    mip_lmi=$(jfield "$work/mip.json" lmi total_usd)
    mip_ih=$(jfield "$work/mip.json" lmi instance_hours)
else
    echo "  mipricing compare FAILED" >&2
    mip_s=failed mip_kb=n/a mip_lambda=n/a mip_lmi=n/a mip_ih=n/a
fi

echo "== mipricing compare (c7g.xlarge only: the type the SQL prices)"
# shellcheck disable=SC2086
if measure mip_compare_1 "$work/mip1.json" "$mip" compare "$ivf" $common --instance-types c7g.xlarge; then
    mip1_s=$best_s mip1_kb=$peak_kb
    mip1_lmi=$(jfield "$work/mip1.json" lmi total_usd)
    mip1_ih=$(jfield "$work/mip1.json" lmi instance_hours)
else
    echo "  mipricing compare FAILED" >&2
    mip1_s=failed mip1_kb=n/a mip1_lmi=n/a mip1_ih=n/a
fi

# ---------------------------------------------------------------- DuckDB
duck_s=n/a duck_kb=n/a duck1_s=n/a duck1_kb=n/a duck_lambda=n/a duck_lmi=n/a duck_ih=n/a
duck_note=
nodedir=$here
if [ ! -w "$nodedir" ]; then # e.g. a read-only source tree (distcheck)
    nodedir="$builddir/bench/node"
    mkdir -p "$nodedir" && cp "$here/package.json" "$nodedir/" &&
        { [ ! -f "$here/package-lock.json" ] || cp "$here/package-lock.json" "$nodedir/"; }
fi
if ! command -v node >/dev/null 2>&1; then
    duck_note="node is not installed: DuckDB was NOT run"
elif [ ! -d "$nodedir/node_modules/@duckdb/node-api" ]; then
    echo "== npm install (DuckDB from the npm registry, into $nodedir)"
    if ! command -v npm >/dev/null 2>&1; then
        duck_note="npm is not installed: DuckDB was NOT run"
    elif ! (cd "$nodedir" && npm install --no-audit --no-fund >"$work/npm.log" 2>&1); then
        sed 's/^/  /' "$work/npm.log" | tail -n 15 >&2
        duck_note="npm install failed: DuckDB was NOT run"
    fi
fi
if [ -z "$duck_note" ]; then
    NODE_PATH="$nodedir/node_modules${NODE_PATH:+:$NODE_PATH}"
    export NODE_PATH
    duck_ver=$(node -p "require('@duckdb/node-api/package.json').version" 2>/dev/null || echo '?')
    echo "== DuckDB (@duckdb/node-api $duck_ver, node $(node --version)), default threads"
    if measure duckdb "$work/duck.json" node "$here/duckdb_cost.js" "$ivf" --catalog "$catalog"; then
        duck_s=$best_s duck_kb=$peak_kb
        duck_lambda=$(jfield "$work/duck.json" lambda total_usd)
        duck_lmi=$(jfield "$work/duck.json" lmi total_usd)
        duck_ih=$(jfield "$work/duck.json" lmi instance_hours)
        duck_threads=$(sed -n 's/^  "threads": \([0-9]*\),/\1/p' "$work/duck.json")
    else
        duck_note="DuckDB run FAILED"
    fi
    echo "== DuckDB, 1 thread"
    if measure duckdb_1 "$work/duck1.json" node "$here/duckdb_cost.js" "$ivf" --catalog "$catalog" --threads 1; then
        duck1_s=$best_s duck1_kb=$peak_kb
    fi
fi
[ -z "$duck_note" ] || echo "  $duck_note" >&2

ratio() { # DuckDB time / mipricing time
    case "$1$2" in *n/a* | *failed*) echo n/a ;; *) awk -v d="$1" -v m="$2" 'BEGIN { printf "%.2f", d / m }' ;; esac
}

# ---------------------------------------------------------------- 2. events
evf="$work/events_${events}_$seed.csv"
echo "== generating $events events (seed $seed)"
t0=$(date +%s.%N)
"$gen" events "$events" "$seed" "$evf" || die "gen_trace events failed"
t1=$(date +%s.%N)
[ -s "$evf" ] || die "gen_trace wrote nothing"
gen_ev_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "  $(wc -c <"$evf" | awk '{ printf "%.0f MB", $1 / 1e6 }'), ${gen_ev_s:-?} s"
echo "== mipricing trace summary (events)"
if measure mip_summary "$work/sum.json" "$mip" trace summary "$evf" --quiet --format json; then
    sum_s=$best_s sum_kb=$peak_kb
else
    sum_s=failed sum_kb=n/a
fi
case $sum_kb in
n/a) rss_verdict="not measured" ;;
*) if [ "$sum_kb" -lt "$rss_limit_kb" ]; then rss_verdict="met"; else rss_verdict="NOT met"; fi ;;
esac
# ---------------------------------------------------------------- fit
# A 30-day, 1-minute trace of one function (gen_trace writes 20 functions of
# 43200 minutes for 864000 rows), fitted over every LMI-eligible arm64 type of
# us-east-1, the three ratios (at 2, 4 and 8 GB) and ten targets, on one core.
echo "== fit: 30 days of minutes, every arm64 type, 3 ratios, 10 targets, 1 core"
fitf="$work/fit_$seed.csv"
"$gen" intervals 864000 "$seed" "$fitf" || die "gen_trace intervals (fit) failed"
fn=$(sed -n 2p "$fitf" | cut -d, -f2)
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
# shellcheck disable=SC2086
if measure mip_fit "$work/fit.json" $pin "$mip" fit "$fitf" --function "$fn" --arch arm64 \
    --search-memory-mb 2048,4096,8192 --search-ratios 2,4,8 --search-targets 0.1:1:0.1 \
    --quiet --format json; then
    fit_s=$best_s fit_kb=$peak_kb
    fit_sim=$(node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1]));
        console.log(d.search.simulated + " simulated, " + d.search.pruned + " pruned")' \
        "$work/fit.json" 2>/dev/null ||
        grep -o '"simulated": [0-9]*' "$work/fit.json" | head -n 1)
else
    fit_s=failed fit_kb=n/a fit_sim=?
fi

# ------------------------------------------------- 4. billing export (CUR)
# A legacy CUR CSV of about BENCH_CUR_BYTES bytes: `mipricing retro` against
# the same summary in DuckDB. The file is removed right after, so that at most
# one big file is on disk at a time.
curf="$work/cur_$seed.csv"
echo "== generating a legacy CUR of $cur_bytes bytes (seed $seed)"
t0=$(date +%s.%N)
"$gencur" "$cur_bytes" "$seed" "$curf" || die "gen_cur failed"
t1=$(date +%s.%N)
[ -s "$curf" ] || die "gen_cur wrote nothing"
cur_size=$(wc -c <"$curf" | tr -d ' ')
cur_mb=$(awk -v b="$cur_size" 'BEGIN { printf "%.0f", b / 1e6 }')
gen_cur_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "  $cur_mb MB, ${gen_cur_s:-?} s"

mbps() { # MB/s of the CUR file in $1 seconds
    case $1 in n/a | failed | "") echo n/a ;;
    *) awk -v b="$cur_size" -v s="$1" 'BEGIN { printf "%.0f", (s > 0) ? b / 1e6 / s : 0 }' ;;
    esac
}
# jsum FILE KEY: the sum of every "KEY": number at 6 spaces of indent (the
# members of lambda_functions, in both outputs).
jsum() {
    awk -v key="      \"$2\": " 'index($0, key) == 1 {
            v = substr($0, length(key) + 1); sub(/,$/, "", v); s += v; n++ }
        END { if (n) printf "%.17g\n", s; else print "n/a" }' "$1"
}

echo "== mipricing retro (legacy CUR, $cur_mb MB)"
if measure mip_retro "$work/retro.json" "$mip" retro "$curf" --format json; then
    retro_s=$best_s retro_kb=$peak_kb
    retro_rows=$(sed -n 's/^  "rows": \([0-9]*\),$/\1/p' "$work/retro.json")
    retro_billed=$(jfield "$work/retro.json" totals billed_usd)
    retro_req=$(jsum "$work/retro.json" requests)
    retro_gbs=$(jsum "$work/retro.json" duration_gb_s)
    retro_fns=$(grep -c '^      "function": ' "$work/retro.json")
else
    echo "  mipricing retro FAILED" >&2
    retro_s=failed retro_kb=n/a retro_rows=n/a retro_billed=n/a retro_req=n/a retro_gbs=n/a
    retro_fns=n/a
fi

dretro_s=n/a dretro_kb=n/a dretro_rows=n/a dretro_billed=n/a dretro_req=n/a dretro_gbs=n/a
dretro_fns=n/a dretro_threads=?
if [ -z "$duck_note" ]; then
    echo "== DuckDB, the same summary (bench/duckdb_retro.js), default threads"
    if measure duckdb_retro "$work/dretro.json" node "$here/duckdb_retro.js" "$curf"; then
        dretro_s=$best_s dretro_kb=$peak_kb
        dretro_rows=$(sed -n 's/^  "rows": \([0-9]*\),$/\1/p' "$work/dretro.json")
        dretro_billed=$(jfield "$work/dretro.json" totals billed_usd)
        dretro_req=$(jfield "$work/dretro.json" lambda requests)
        dretro_gbs=$(jfield "$work/dretro.json" lambda duration_gb_s)
        dretro_fns=$(jfield "$work/dretro.json" lambda functions)
        dretro_threads=$(sed -n 's/^  "threads": \([0-9]*\),/\1/p' "$work/dretro.json")
    else
        echo "  DuckDB retro FAILED" >&2
    fi
fi
rm -f "$curf"

# relcheck A B: "agree" when |A - B| <= 1e-6 * max(|A|, |B|)
relcheck() {
    case "$1$2" in *n/a* | *failed* | "") echo "not checked" ;;
    *) awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d
            m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
            if (d <= 1e-6 * m) printf "agree (rel. diff %.1e)", (m > 0 ? d / m : 0)
            else printf "DIFFER (rel. diff %.1e)", d / m }' ;;
    esac
}
billed_check=$(relcheck "$retro_billed" "$dretro_billed")

speed_verdict=n/a
r=$(ratio "$duck_s" "$mip_s")
[ "$r" = n/a ] || speed_verdict=$(awk -v r="$r" 'BEGIN { print (r > 1) ? "met" : "NOT met" }')

# ---------------------------------------------------------------- table
echo
echo "Results ($(date -u +%Y-%m-%d), $nproc_s CPUs; wall time best of $runs including reading; peak RSS)"
printf '%-52s %9s %10s\n' "" "time (s)" "RSS (MB)"
printf '%-52s %9s %10s\n' "$rows-row interval trace:" "" ""
printf '%-52s %9s %10s\n' "  mipricing compare, c7g.* (9 types)" "$mip_s" "$(mb "$mip_kb")"
printf '%-52s %9s %10s\n' "  mipricing compare, c7g.xlarge" "$mip1_s" "$(mb "$mip1_kb")"
printf '%-52s %9s %10s\n' "  DuckDB SQL (${duck_threads:-?} threads)" "$duck_s" "$(mb "$duck_kb")"
printf '%-52s %9s %10s\n' "  DuckDB SQL (1 thread)" "$duck1_s" "$(mb "$duck1_kb")"
printf '%-52s %9s\n' "  ratio DuckDB / mipricing, c7g.*" "$(ratio "$duck_s" "$mip_s")"
printf '%-52s %9s\n' "  ratio DuckDB / mipricing, c7g.xlarge" "$(ratio "$duck_s" "$mip1_s")"
printf '%-52s %9s\n' "  ratio DuckDB 1 thread / mipricing, c7g.xlarge" "$(ratio "$duck1_s" "$mip1_s")"
printf '%-52s %9s %10s\n' "$events-event trace:" "" ""
printf '%-52s %9s %10s\n' "  mipricing trace summary" "$sum_s" "$(mb "$sum_kb")"
printf '%-52s %9s %10s\n' "fit, 30 days, every arm64 type x 3 ratios x 10 targets:" "" ""
printf '%-52s %9s %10s\n' "  mipricing fit, one core ($fit_sim)" "$fit_s" "$(mb "$fit_kb")"
printf '%-52s %9s %10s %8s\n' "legacy CUR, $cur_mb MB, ${retro_rows:-?} rows:" "" "" "MB/s"
printf '%-52s %9s %10s %8s\n' "  mipricing retro --format json" "$retro_s" "$(mb "$retro_kb")" \
    "$(mbps "$retro_s")"
printf '%-52s %9s %10s %8s\n' "  DuckDB, the same summary ($dretro_threads threads)" "$dretro_s" \
    "$(mb "$dretro_kb")" "$(mbps "$dretro_s")"
printf '%-52s %9s\n' "  ratio DuckDB / mipricing" "$(ratio "$dretro_s" "$retro_s")"
echo
echo "Cross-check (USD for the trace's period):"
printf '  %-34s %16s %16s\n' "" "mipricing" "DuckDB"
printf '  %-34s %16s %16s\n' "default Lambda total" "$mip_lambda" "$duck_lambda"
printf '  %-34s %16s %16s\n' "LMI total, c7g.xlarge" "$mip1_lmi" "$duck_lmi"
printf '  %-34s %16s %16s\n' "LMI instance-hours, c7g.xlarge" "$mip1_ih" "$duck_ih"
printf '  %-34s %16s\n' "LMI total, cheapest of c7g.*" "$mip_lmi"
printf '  %-34s %16s\n' "LMI instance-hours, that type" "$mip_ih"
echo "  (Lambda must agree; LMI differs: mipricing runs the scaler with its lags,"
echo "   drain and throttling, the SQL sizes each interval at steady state.)"
echo
echo "Cross-check of the CUR summary:"
printf '  %-34s %16s %16s\n' "" "mipricing" "DuckDB"
printf '  %-34s %16s %16s\n' "rows" "$retro_rows" "$dretro_rows"
printf '  %-34s %16s %16s\n' "total billed (USD)" "$retro_billed" "$dretro_billed"
printf '  %-34s %16s %16s\n' "Lambda functions (ARN x arch)" "$retro_fns" "$dretro_fns"
printf '  %-34s %16s %16s\n' "Lambda requests" "$retro_req" "$dretro_req"
printf '  %-34s %16s %16s\n' "Lambda GB-s" "$retro_gbs" "$dretro_gbs"
echo "  total billed within 1e-6 relative: $billed_check"
echo
fit_verdict=n/a
case $fit_s in failed | "") ;; *) fit_verdict=$(awk -v t="$fit_s" 'BEGIN { print (t < 2) ? "met" : "NOT met" }') ;; esac
echo "Targets: faster than DuckDB (ratio > 1, c7g.*): $speed_verdict;" \
    "events peak RSS < 64 MB: $rss_verdict; fit under 2 s on one core: $fit_verdict"
echo "CUR ($cur_mb MB): mipricing retro $(mbps "$retro_s") MB/s, peak RSS $(mb "$retro_kb") MB;" \
    "DuckDB / mipricing $(ratio "$dretro_s" "$retro_s"); total billed: $billed_check"
[ -z "$duck_note" ] || echo "NOTE: $duck_note"
exit 0
