#!/usr/bin/env node
// The DuckDB side of the billing-export benchmark (bench/run, section 2).
//
//   node duckdb_retro.js FILE [--threads N]
//
// Reads a legacy AWS Cost and Usage Report CSV (lineItem/... columns; e.g. one
// written by bench/gen_cur) with read_csv (every column as VARCHAR, '' and
// NULL as null, numbers cast to DOUBLE, so 1.5E-5 reads as mipricing reads it)
// and computes, in one pass (GROUPING SETS), the summary `mipricing retro`
// prints:
//   - rows and the total billed cost (sum of lineItem/UnblendedCost);
//   - rows and billed cost by service (lineItem/ProductCode);
//   - Lambda per function: lineItem/ResourceId and the architecture (usage
//     type ending in -ARM: arm64), with the kind from the usage type without
//     its region prefix (Request(s), Lambda-GB-Second,
//     Lambda-Provisioned-Concurrency, Lambda-Provisioned-GB-Second); quantities
//     count on usage rows only (Usage, SavingsPlanCoveredUsage,
//     DiscountedUsage: a SavingsPlanNegation repeats the covered quantity),
//     costs on every row but negations, as mipricing does.
// Prints one JSON object on stdout (2-space indent) with the totals, the
// services, the functions and the in-process time of the query, `query_s`.
// The file must not have lineItem/NetUnblendedCost (mipricing bills that one
// when present); gen_cur does not write it.
'use strict';

const fs = require('fs');

function usage() {
  process.stderr.write('Usage: node duckdb_retro.js FILE [--threads N]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { file: null, threads: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--threads') {
      if (i + 1 >= argv.length) usage();
      o.threads = String(Number(argv[++i]));
    } else if (a.startsWith('--')) usage();
    else if (o.file === null) o.file = a;
    else usage();
  }
  if (o.file === null) usage();
  return o;
}

const KINDS = 'Request|Requests|Lambda-GB-Second|Lambda-Provisioned-Concurrency|' +
  'Lambda-Provisioned-GB-Second';

function buildSql(file) {
  const f = file.replace(/'/g, "''");
  return `
WITH raw AS (
  SELECT "lineItem/ProductCode" AS svc,
         "lineItem/LineItemType" AS lt,
         "lineItem/UsageType" AS ut,
         "lineItem/ResourceId" AS rid,
         CAST("lineItem/UsageAmount" AS DOUBLE) AS qty,
         CAST("lineItem/UnblendedCost" AS DOUBLE) AS cost
  FROM read_csv('${f}', header = true, delim = ',', quote = '"', escape = '"',
                all_varchar = true, nullstr = ['', 'NULL'])
),
cls AS (
  SELECT svc, coalesce(cost, 0) AS cost, lt,
         CASE WHEN lower(svc) IN ('awslambda', 'aws lambda')
              THEN nullif(regexp_extract(ut, '^(?:[A-Z]+[0-9]*-)?(${KINDS})(-ARM)?$', 1), '')
         END AS kind,
         ut LIKE '%-ARM' AS arm, rid,
         CASE WHEN lower(lt) IN ('usage', 'savingsplancoveredusage', 'discountedusage')
              THEN coalesce(qty, 0) ELSE 0 END AS uqty
  FROM raw
),
lam AS (
  SELECT svc, cost, lt, uqty, kind,
         CASE WHEN kind IS NOT NULL THEN coalesce(rid, '') END AS lrid,
         CASE WHEN kind IS NOT NULL THEN (CASE WHEN arm THEN 'arm64' ELSE 'x86_64' END) END
           AS larch
  FROM cls
)
SELECT GROUPING(svc) AS g_svc, GROUPING(lrid) AS g_fn, svc, lrid, larch,
       count(*) AS n,
       fsum(cost) AS billed,
       fsum(uqty) FILTER (WHERE kind IN ('Request', 'Requests')) AS requests,
       fsum(uqty) FILTER (WHERE kind = 'Lambda-GB-Second') AS gb_s,
       fsum(uqty) FILTER (WHERE kind = 'Lambda-Provisioned-Concurrency') AS pc_gb_s,
       fsum(uqty) FILTER (WHERE kind = 'Lambda-Provisioned-GB-Second') AS pd_gb_s,
       fsum(cost) FILTER (WHERE lower(lt) <> 'savingsplannegation') AS od_billed
FROM lam
GROUP BY GROUPING SETS ((), (svc), (lrid, larch))`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.file)) throw new Error(`${o.file}: no such file`);
  const { DuckDBInstance } = require('@duckdb/node-api');
  const t0 = process.hrtime.bigint();
  const opts = {};
  if (o.threads) opts.threads = o.threads;
  const db = await DuckDBInstance.create(':memory:', opts);
  const con = await db.connect();
  const rows = (await con.runAndReadAll(buildSql(o.file))).getRowObjectsJS();
  const querySec = Number(process.hrtime.bigint() - t0) / 1e9;
  const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t"))
    .getRowObjectsJS()[0].t;

  const n = (x) => (x === null || x === undefined ? 0 : Number(x));
  let total = null;
  const services = [];
  const fns = [];
  for (const x of rows) {
    const gs = Number(x.g_svc), gf = Number(x.g_fn);
    if (gs === 1 && gf === 1) total = x;
    else if (gs === 0) services.push({ service: x.svc === null ? '' : x.svc, rows: n(x.n),
                                        billed_usd: n(x.billed) });
    else if (x.lrid !== null)
      fns.push({ function: x.lrid, arch: x.larch, rows: n(x.n), requests: n(x.requests),
                 duration_gb_s: n(x.gb_s), provisioned_concurrency_gb_s: n(x.pc_gb_s),
                 provisioned_duration_gb_s: n(x.pd_gb_s), billed_usd: n(x.od_billed) });
  }
  services.sort((a, b) => b.billed_usd - a.billed_usd || (a.service < b.service ? -1 : 1));
  fns.sort((a, b) => (a.function < b.function ? -1 : a.function > b.function ? 1 :
                      a.arch < b.arch ? -1 : 1));
  const sum = (k) => fns.reduce((a, f) => a + f[k], 0);
  const out = {
    engine: 'duckdb',
    file: o.file,
    threads: Number(threads),
    query_s: querySec,
    rows: total ? n(total.n) : 0,
    totals: { billed_usd: total ? n(total.billed) : 0 },
    lambda: {
      functions: fns.length,
      rows: sum('rows'),
      requests: sum('requests'),
      duration_gb_s: sum('duration_gb_s'),
      provisioned_concurrency_gb_s: sum('provisioned_concurrency_gb_s'),
      billed_usd: sum('billed_usd'),
    },
    services,
    lambda_functions: fns,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  con.closeSync();
  db.closeSync();
}

main().catch((e) => {
  process.stderr.write(`duckdb_retro.js: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
