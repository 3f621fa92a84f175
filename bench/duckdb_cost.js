#!/usr/bin/env node
// The DuckDB side of the libmipricing benchmark (bench/run).
//
//   node duckdb_cost.js FILE [--catalog data/prices/aws.json] [--region us-east-1]
//                            [--memory-mb 2048] [--step-s 60] [--threads N]
//
// Reads an interval trace (timestamp,function,invocations,duration_ms,cpu_ms) with
// read_csv_auto and computes in SQL, per function:
//   - total requests;
//   - default Lambda: billed GB-s with 1 ms rounding per interval
//     (invocations * max(1, ceil(duration_ms)) / 1000 * memory GB), priced with
//     the three arm64 duration tiers and the request charge;
//   - Lambda Managed Instances at steady state, per interval:
//       environments = greatest(3, ceil(rate_per_s * cpu_ms / 1000 / 0.5))   (1 vCPU each)
//       instances    = greatest(3, ceil(environments / 3))                   (c7g.xlarge)
//     instance-hours summed per hour, EC2 on-demand + 15% management fee, plus the
//     request charge.
// Rates come from the same catalog mipricing uses (arm64 Lambda, c7g.xlarge, LMI fee).
// Prints one JSON object on stdout: totals, per-function rows, and the in-process
// time of the query (connect + read + compute), `query_s`.
'use strict';

const fs = require('fs');
const path = require('path');

function usage() {
  process.stderr.write(
    'Usage: node duckdb_cost.js FILE [--catalog F] [--region R] [--memory-mb MB] ' +
      '[--step-s S] [--threads N]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    file: null,
    catalog: path.join(__dirname, '..', 'data', 'prices', 'aws.json'),
    region: 'us-east-1',
    memoryMb: 2048,
    stepS: 60,
    threads: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage();
      return argv[++i];
    };
    if (a === '--catalog') o.catalog = val();
    else if (a === '--region') o.region = val();
    else if (a === '--memory-mb') o.memoryMb = Number(val());
    else if (a === '--step-s') o.stepS = Number(val());
    else if (a === '--threads') o.threads = String(Number(val()));
    else if (a.startsWith('--')) usage();
    else if (o.file === null) o.file = a;
    else usage();
  }
  if (o.file === null || !(o.memoryMb > 0) || !(o.stepS > 0)) usage();
  return o;
}

// SQL literal of a finite number (no exponent surprises, full precision).
function num(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`not a number: ${x}`);
  return `CAST(${x.toPrecision(17)} AS DOUBLE)`;
}

function rates(o) {
  const cat = JSON.parse(fs.readFileSync(o.catalog, 'utf8'));
  const reg = cat.regions[o.region];
  if (!reg) throw new Error(`${o.catalog}: no region ${o.region}`);
  const lam = reg.lambda.arm64;
  const tiers = lam.duration_tiers;
  if (tiers.length !== 3 || tiers[2].up_to_gb_s !== null)
    throw new Error('expected three arm64 duration tiers, the last unbounded');
  const inst = reg.instances['c7g.xlarge'];
  if (!inst) throw new Error(`${o.catalog}: no c7g.xlarge in ${o.region}`);
  return {
    lambdaRequest: lam.request_usd_per_million / 1e6,
    t1: tiers[0].up_to_gb_s,
    t2: tiers[1].up_to_gb_s,
    r1: tiers[0].usd_per_gb_s,
    r2: tiers[1].usd_per_gb_s,
    r3: tiers[2].usd_per_gb_s,
    lmiRequest: reg.lmi.request_usd_per_million / 1e6,
    fee: reg.lmi.management_fee_fraction,
    instUsdPerHour: inst.ondemand_usd_per_hour,
  };
}

function buildSql(o, r) {
  const file = o.file.replace(/'/g, "''");
  const gb = o.memoryMb / 1024;
  // c7g.xlarge: 4 vCPU - 1 reserved = 3 one-vCPU (2 GiB) environments per instance
  return `
WITH raw AS (
  SELECT "timestamp" AS ts, "function" AS fn,
         CAST(invocations AS DOUBLE) AS inv,
         CAST(duration_ms AS DOUBLE) AS dur_ms,
         CAST(cpu_ms AS DOUBLE) AS cpu_ms
  FROM read_csv_auto('${file}', header = true)
),
iv AS (
  SELECT fn,
         date_trunc('hour', CAST(ts AS TIMESTAMP)) AS hr,
         inv,
         CASE WHEN inv > 0 THEN inv * greatest(1, ceil(dur_ms)) / 1000.0 * ${num(gb)}
              ELSE 0 END AS gb_s,
         greatest(3, ceil(greatest(3, ceil(inv / ${num(o.stepS)} * cpu_ms / 1000.0 / 0.5)) / 3.0))
           AS instances
  FROM raw
),
per_hour AS (
  SELECT fn, hr, sum(inv) AS inv, sum(gb_s) AS gb_s,
         sum(instances) * ${num(o.stepS / 3600)} AS inst_hours
  FROM iv GROUP BY fn, hr
),
per_fn AS (
  SELECT fn, count(*) AS hours, sum(inv) AS requests, sum(gb_s) AS gb_s,
         sum(inst_hours) AS inst_hours
  FROM per_hour GROUP BY fn
)
SELECT fn AS "function", hours, requests, gb_s, inst_hours,
       requests * ${num(r.lambdaRequest)}
         + least(gb_s, ${num(r.t1)}) * ${num(r.r1)}
         + greatest(0, least(gb_s, ${num(r.t2)}) - ${num(r.t1)}) * ${num(r.r2)}
         + greatest(0, gb_s - ${num(r.t2)}) * ${num(r.r3)} AS lambda_usd,
       requests * ${num(r.lmiRequest)}
         + inst_hours * ${num(r.instUsdPerHour)} * (1 + ${num(r.fee)}) AS lmi_usd
FROM per_fn ORDER BY fn`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.file)) throw new Error(`${o.file}: no such file`);
  const r = rates(o);
  const sql = buildSql(o, r);
  const { DuckDBInstance } = require('@duckdb/node-api');
  const t0 = process.hrtime.bigint();
  const opts = {};
  if (o.threads) opts.threads = o.threads;
  const db = await DuckDBInstance.create(':memory:', opts);
  const con = await db.connect();
  const reader = await con.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS();
  const querySec = Number(process.hrtime.bigint() - t0) / 1e9;
  const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t"))
    .getRowObjectsJS()[0].t;

  const fns = rows.map((x) => ({
    function: x.function,
    hours: Number(x.hours),
    requests: Number(x.requests),
    gb_s: Number(x.gb_s),
    instance_hours: Number(x.inst_hours),
    lambda_usd: Number(x.lambda_usd),
    lmi_usd: Number(x.lmi_usd),
  }));
  const sum = (k) => fns.reduce((a, f) => a + f[k], 0);
  const out = {
    engine: 'duckdb',
    file: o.file,
    threads: Number(threads),
    query_s: querySec,
    functions_compared: fns.length,
    requests: sum('requests'),
    lambda: { gb_s: sum('gb_s'), total_usd: sum('lambda_usd') },
    lmi: { instance_hours: sum('instance_hours'), total_usd: sum('lmi_usd') },
    functions: fns,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  con.closeSync();
  db.closeSync();
}

main().catch((e) => {
  process.stderr.write(`duckdb_cost.js: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
