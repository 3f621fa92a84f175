# bench/report.awk - the tables of bench/run from its results file:
#   R SECT LABEL BYTES ROWS TOOL BEST_S PEAK_KB QUERY_S   a measurement
#   C SECT LABEL TOOL NAME VALUE                          a figure to cross-check
# Prints Markdown: per section, every input and tool; how time and peak memory
# grow with the input; the cross-check of totals (1e-6 relative); the targets.

function name(sect, tool) {
    if (tool == "mip") return sect == "cur" ? "mipricing retro" : \
        sect == "trace" ? "mipricing compare, c7g.xlarge" : "mipricing trace summary"
    if (tool == "mip1") return sect == "cur" ? "mipricing retro, one core" : \
        sect == "fit" ? "mipricing fit, one core" : "mipricing compare, c7g.xlarge, one core"
    if (tool == "mipsum1") return "mipricing trace summary, one core (reading)"
    if (tool == "mip9") return "mipricing compare, c7g.* (9 types)"
    if (tool == "duck") return "DuckDB, 2 threads"
    if (tool == "duck1") return "DuckDB, 1 thread"
    if (tool == "pandas") return "pandas (1 thread)"
    return tool
}
function mb(kb) { return kb == "n/a" ? "n/a" : sprintf("%.0f", kb / 1024) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "n/a" : sprintf("%.2f", a / b) }
function rate(x) { return x >= 10 ? sprintf("%.0f", x) : sprintf("%.1f", x) }
function absv(x) { return x < 0 ? -x : x }
function has(sect, label, tool) { return ((sect SUBSEP label SUBSEP tool) in S) }

$1 == "R" {
    k = $2 SUBSEP $3 SUBSEP $6
    S[k] = $7; KB[k] = $8; Q[k] = $9
    BYTES[$2 SUBSEP $3] = $4; ROWS[$2 SUBSEP $3] = $5
    if (!(($2 SUBSEP $3) in seenl)) { seenl[$2 SUBSEP $3] = 1; NL[$2]++; L[$2, NL[$2]] = $3 }
    if (!(($2 SUBSEP $6) in seent)) { seent[$2 SUBSEP $6] = 1; NT[$2]++; T[$2, NT[$2]] = $6 }
}
$1 == "C" {
    k = $2 SUBSEP $3 SUBSEP $5
    V[k, $4] = $6
    if (!(k in seenc)) { seenc[k] = 1; NC++; CK[NC] = k }
}

function table(sect, title, unit, per, i, j, l, t, k, s, b, r) {
    if (!NL[sect]) return
    print "### " title
    print ""
    print "| input | tool | wall (s) | in-process (s) | MB/s | s per " unit " | peak RSS (MB) | wall / mipricing | wall / mipricing one core | in-process / mipricing |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= NL[sect]; i++) {
        l = L[sect, i]
        b = BYTES[sect SUBSEP l]; r = ROWS[sect SUBSEP l]
        for (j = 1; j <= NT[sect]; j++) {
            t = T[sect, j]; k = sect SUBSEP l SUBSEP t
            if (!(k in S)) continue
            s = S[k]
            printf "| %s | %s | %.3f | %s | %s | %.3f | %s | %s | %s | %s |\n",
                (sect == "cur" ? sprintf("%.0f MB (%d rows)", b / 1e6, r) : \
                    sprintf("%s rows (%.1f MB)", l, b / 1e6)),
                name(sect, t), s, Q[k], rate(b / 1e6 / s),
                (per == "rows" ? s / (r / 1e6) : s / (b / 1e9)), mb(KB[k]),
                (t ~ /^mip/ ? "" : ratio(s, S[sect SUBSEP l SUBSEP "mip"])),
                (t ~ /^mip/ ? "" : ratio(s, S[sect SUBSEP l SUBSEP "mip1"])),
                (t ~ /^mip/ || Q[k] == "n/a" ? "" : ratio(Q[k], S[sect SUBSEP l SUBSEP "mip"]))
        }
    }
    print ""
}

function growth(sect, title, unit, per, i, j, t, k, line, hdr, sep, first, last, r, b) {
    if (NL[sect] < 2) return
    print "### " title
    print ""
    hdr = "| tool |"; sep = "|---|"
    for (i = 1; i <= NL[sect]; i++) { hdr = hdr " s per " unit ", " L[sect, i] " |"; sep = sep "---:|" }
    for (i = 1; i <= NL[sect]; i++) { hdr = hdr " RSS (MB), " L[sect, i] " |"; sep = sep "---:|" }
    print hdr " RSS last / first |"
    print sep "---:|"
    for (j = 1; j <= NT[sect]; j++) {
        t = T[sect, j]; line = "| " name(sect, t) " |"
        for (i = 1; i <= NL[sect]; i++) {
            k = sect SUBSEP L[sect, i] SUBSEP t
            r = ROWS[sect SUBSEP L[sect, i]]; b = BYTES[sect SUBSEP L[sect, i]]
            line = line ((k in S) ? sprintf(" %.3f |", per == "rows" ? S[k] / (r / 1e6) : S[k] / (b / 1e9)) : " |")
        }
        for (i = 1; i <= NL[sect]; i++) {
            k = sect SUBSEP L[sect, i] SUBSEP t
            line = line ((k in S) ? " " mb(KB[k]) " |" : " |")
        }
        first = KB[sect SUBSEP L[sect, 1] SUBSEP t]; last = KB[sect SUBSEP L[sect, NL[sect]] SUBSEP t]
        print line " " ((first != "" && first != "n/a" && last != "n/a") ? ratio(last, first) : "n/a") " |"
    }
    print ""
}

END {
    table("trace", "1. Trace costing (interval traces)", "1e6 rows", "rows")
    growth("trace", "Trace costing: time per million rows and peak memory by size", "1e6 rows", "rows")
    table("cur", "2. Billing summary (legacy CUR)", "GB", "bytes")
    growth("cur", "Billing summary: time per GB and peak memory by size", "GB", "bytes")
    table("events", "3. Event trace, streamed (mipricing trace summary)", "1e6 rows", "rows")
    table("fit", "4. fit: 30 days of minutes, every arm64 type, 3 ratios, 10 targets", "1e6 rows", "rows")

    print "### Cross-check: the same totals from each tool (1e-6 relative)"
    print ""
    print "| input | figure | mipricing | DuckDB | pandas | agree |"
    print "|---|---|---:|---:|---:|---|"
    bad = 0
    for (c = 1; c <= NC; c++) {
        split(CK[c], p, SUBSEP)
        lo = ""; hi = ""; n = 0
        for (q = 1; q <= 3; q++) {
            t = q == 1 ? "mip" : q == 2 ? "duck" : "pandas"
            # mipricing's LMI runs the scaler (lags, throttling): not the SQL's steady state
            if (t == "mip" && p[3] == "lmi_usd") continue
            if ((CK[c], t) in V) {
                v = V[CK[c], t] + 0; n++
                if (lo == "" || v < lo) lo = v
                if (hi == "" || v > hi) hi = v
            }
        }
        m = absv(lo) > absv(hi) ? absv(lo) : absv(hi)
        d = m > 0 ? (hi - lo) / m : 0
        verdict = n < 2 ? "not checked" : d <= 1e-6 ? sprintf("yes (%.1e)", d) : sprintf("NO (%.1e)", d)
        if (n >= 2 && d > 1e-6) bad++
        if (p[3] == "lmi_usd") verdict = verdict ", DuckDB vs pandas; mipricing's scaler has lags"
        printf "| %s %s | %s | %s | %s | %s | %s |\n", p[1], p[2], p[3],
            ((CK[c], "mip") in V) ? V[CK[c], "mip"] : "", ((CK[c], "duck") in V) ? V[CK[c], "duck"] : "",
            ((CK[c], "pandas") in V) ? V[CK[c], "pandas"] : "", verdict
    }
    print ""
    print "All totals agree within 1e-6 relative: " (bad ? "NO, " bad " differ" : "yes")
    print ""

    print "### Targets"
    print ""
    # 1. reading at >= 200 MB/s on one core, on the largest input of each kind
    lt = L["trace", NL["trace"]]; lc = L["cur", NL["cur"]]
    if (NL["trace"]) {
        k = "trace" SUBSEP lt SUBSEP "mipsum1"
        if (k in S) {
            v = BYTES["trace" SUBSEP lt] / 1e6 / S[k]
            printf "- Trace reading on one core >= 200 MB/s (trace summary, %s rows): %.0f MB/s: %s\n", lt, v, (v >= 200 ? "met" : "NOT met")
        }
        k = "trace" SUBSEP lt SUBSEP "mip1"
        if (k in S) {
            v = BYTES["trace" SUBSEP lt] / 1e6 / S[k]
            printf "- Trace costing on one core (compare, reading included, %s rows): %.0f MB/s: %s\n", lt, v, (v >= 200 ? "met" : "NOT met")
        }
    }
    if (NL["cur"]) {
        k = "cur" SUBSEP lc SUBSEP "mip1"
        if (k in S) {
            v = BYTES["cur" SUBSEP lc] / 1e6 / S[k]
            printf "- Billing reading on one core >= 200 MB/s (retro, %s): %.0f MB/s: %s\n", lc, v, (v >= 200 ? "met" : "NOT met")
        }
        k = "cur" SUBSEP lc SUBSEP "mip"
        if (k in S)
            printf "  (on 2 cores: %.0f MB/s)\n", BYTES["cur" SUBSEP lc] / 1e6 / S[k]
    }
    # 2. ahead of DuckDB; 3. at least 5x faster than pandas: every input
    nd = 0; fd = ""; np_ = 0; fp = ""; nd1 = 0; fd1 = ""
    for (x = 1; x <= 2; x++) {
        sect = x == 1 ? "trace" : "cur"
        for (i = 1; i <= NL[sect]; i++) {
            l = L[sect, i]; k = sect SUBSEP l SUBSEP
            if (has(sect, l, "duck") && has(sect, l, "mip")) {
                r = S[k "duck"] / S[k "mip"]; nd++
                if (r <= 1) fd = fd sprintf(" %s %s (%.2f)", sect, l, r)
            }
            if (has(sect, l, "duck1") && has(sect, l, "mip1")) {
                r = S[k "duck1"] / S[k "mip1"]; nd1++
                if (r <= 1) fd1 = fd1 sprintf(" %s %s (%.2f)", sect, l, r)
            }
            if (has(sect, l, "pandas") && has(sect, l, "mip")) {
                r = S[k "pandas"] / S[k "mip"]; np_++
                if (r < 5) fp = fp sprintf(" %s %s (%.2f)", sect, l, r)
            }
        }
    }
    if (nd) print "- Ahead of DuckDB (DuckDB time / mipricing time > 1, 2 cores each), " nd " inputs: " (fd == "" ? "met on every input" : "NOT met on" fd)
    if (nd1) print "- Ahead of DuckDB on one core (DuckDB 1 thread / mipricing under taskset), " nd1 " inputs: " (fd1 == "" ? "met on every input" : "NOT met on" fd1)
    if (np_) print "- At least 5x faster than pandas (pandas time / mipricing time >= 5), " np_ " inputs: " (fp == "" ? "met on every input" : "NOT met on" fp)
    # 4. peak memory independent of the file size (streamed inputs)
    if (NL["cur"] >= 2) {
        a = KB["cur" SUBSEP L["cur", 1] SUBSEP "mip"]; z = KB["cur" SUBSEP lc SUBSEP "mip"]
        g = BYTES["cur" SUBSEP lc] / BYTES["cur" SUBSEP L["cur", 1]]
        if (a != "n/a" && z != "n/a")
            printf "- Peak memory independent of file size, billing (streamed): %s MB at %s, %s MB at %s (x%.2f for x%.1f the bytes): %s\n",
                mb(a), L["cur", 1], mb(z), lc, z / a, g, z / a <= 1.25 ? "met" : "NOT met"
    }
    if (NL["trace"] >= 2) {
        a = KB["trace" SUBSEP L["trace", 1] SUBSEP "mipsum1"]; z = KB["trace" SUBSEP lt SUBSEP "mipsum1"]
        if (a != "" && a != "n/a" && z != "n/a")
            printf "- Trace summary peak memory: %s MB at %s rows, %s MB at %s rows (x%.2f for x%.0f the rows)\n",
                mb(a), L["trace", 1], mb(z), lt, z / a, ROWS["trace" SUBSEP lt] / ROWS["trace" SUBSEP L["trace", 1]]
        a = KB["trace" SUBSEP L["trace", 1] SUBSEP "mip"]; z = KB["trace" SUBSEP lt SUBSEP "mip"]
        if (a != "n/a" && z != "n/a")
            printf "- Trace costing (compare) peak memory: %s MB at %s rows, %s MB at %s rows (x%.2f for x%.0f the rows)\n",
                mb(a), L["trace", 1], mb(z), lt, z / a, ROWS["trace" SUBSEP lt] / ROWS["trace" SUBSEP L["trace", 1]]
    }
    if (NL["events"]) {
        k = "events" SUBSEP L["events", 1] SUBSEP "mip"
        printf "- Event trace (%s events, %.0f MB) aggregated while streaming: peak RSS %s MB (target under 64 MB: %s)\n",
            L["events", 1], BYTES["events" SUBSEP L["events", 1]] / 1e6, mb(KB[k]),
            (KB[k] != "n/a" && KB[k] < 65536) ? "met" : "NOT met"
    }
    if (NL["fit"]) {
        k = "fit" SUBSEP L["fit", 1] SUBSEP "mip1"
        if (k in S) printf "- fit on one core under 2 s: %.2f s: %s\n", S[k], S[k] < 2 ? "met" : "NOT met"
    }
}
