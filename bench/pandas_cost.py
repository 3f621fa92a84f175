#!/usr/bin/python3
"""The pandas side of the libmipricing benchmark (bench/run): duckdb_cost.js in pandas.

    /usr/bin/python3 pandas_cost.py FILE [--catalog data/prices/aws.json]
                                    [--region us-east-1] [--memory-mb 2048] [--step-s 60]

Reads an interval trace (timestamp,function,invocations,duration_ms,cpu_ms) and
computes, per function, what bench/duckdb_cost.js computes in SQL:
  - total requests;
  - default Lambda: billed GB-s with 1 ms rounding per interval
    (invocations * max(1, ceil(duration_ms)) / 1000 * memory GB), priced with
    the three arm64 duration tiers and the request charge;
  - Lambda Managed Instances at steady state, per interval:
      environments = max(3, ceil(rate_per_s * cpu_ms / 1000 / 0.5))   (1 vCPU each)
      instances    = max(3, ceil(environments / 3))                   (c7g.xlarge)
    instance-hours summed per hour, EC2 on-demand + 15% management fee, plus the
    request charge.
Rates come from the same catalogue (arm64 Lambda, c7g.xlarge, LMI fee).

Written to be fast, as a competent pandas user would: the C parser, only the
five columns, their dtypes given (no inference), the function as a category,
the hour from numpy's ISO 8601 cast of the timestamp bytes (no per-row Python),
vectorised arithmetic and one groupby per level. pandas is single-threaded.
Prints one JSON object (2-space indent, the layout of duckdb_cost.js) with the
in-process time of reading and computing, `query_s`.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd


def rates(catalog, region):
    with open(catalog, encoding="utf-8") as f:
        cat = json.load(f)
    reg = cat["regions"].get(region)
    if reg is None:
        raise ValueError(f"{catalog}: no region {region}")
    lam = reg["lambda"]["arm64"]
    tiers = lam["duration_tiers"]
    if len(tiers) != 3 or tiers[2]["up_to_gb_s"] is not None:
        raise ValueError("expected three arm64 duration tiers, the last unbounded")
    inst = reg["instances"].get("c7g.xlarge")
    if inst is None:
        raise ValueError(f"{catalog}: no c7g.xlarge in {region}")
    return {
        "lambda_request": lam["request_usd_per_million"] / 1e6,
        "t1": tiers[0]["up_to_gb_s"],
        "t2": tiers[1]["up_to_gb_s"],
        "r1": tiers[0]["usd_per_gb_s"],
        "r2": tiers[1]["usd_per_gb_s"],
        "r3": tiers[2]["usd_per_gb_s"],
        "lmi_request": reg["lmi"]["request_usd_per_million"] / 1e6,
        "fee": reg["lmi"]["management_fee_fraction"],
        "inst_usd_per_hour": inst["ondemand_usd_per_hour"],
    }


def compute(path, r, memory_mb, step_s):
    df = pd.read_csv(
        path,
        engine="c",
        usecols=["timestamp", "function", "invocations", "duration_ms", "cpu_ms"],
        dtype={
            "timestamp": object,
            "function": "category",
            "invocations": np.float64,
            "duration_ms": np.float64,
            "cpu_ms": np.float64,
        },
    )
    # '2025-01-01T00:17:00Z' -> its first 19 bytes -> numpy datetime64 truncated
    # to the hour (date_trunc('hour', ...)).
    hr = df["timestamp"].to_numpy().astype("S19").astype("datetime64[h]")
    inv = df["invocations"].to_numpy()
    dur = df["duration_ms"].to_numpy()
    cpu = df["cpu_ms"].to_numpy()
    gb = memory_mb / 1024.0
    gb_s = np.where(inv > 0, inv * np.maximum(1.0, np.ceil(dur)) / 1000.0 * gb, 0.0)
    envs = np.maximum(3.0, np.ceil(inv / step_s * cpu / 1000.0 / 0.5))
    instances = np.maximum(3.0, np.ceil(envs / 3.0))
    iv = pd.DataFrame(
        {"fn": df["function"], "hr": hr, "inv": inv, "gb_s": gb_s, "inst": instances}
    )
    per_hour = iv.groupby(["fn", "hr"], sort=False, observed=True).sum()
    per_hour["inst"] *= step_s / 3600.0
    g = per_hour.groupby(level="fn", observed=True)
    per_fn = g.sum()
    per_fn["hours"] = g.size()
    per_fn = per_fn.sort_index(key=lambda ix: ix.astype(str))

    req = per_fn["inv"].to_numpy()
    gbs = per_fn["gb_s"].to_numpy()
    ih = per_fn["inst"].to_numpy()
    lambda_usd = (
        req * r["lambda_request"]
        + np.minimum(gbs, r["t1"]) * r["r1"]
        + np.maximum(0.0, np.minimum(gbs, r["t2"]) - r["t1"]) * r["r2"]
        + np.maximum(0.0, gbs - r["t2"]) * r["r3"]
    )
    lmi_usd = req * r["lmi_request"] + ih * r["inst_usd_per_hour"] * (1 + r["fee"])
    fns = [
        {
            "function": str(name),
            "hours": int(h),
            "requests": float(q),
            "gb_s": float(s),
            "instance_hours": float(i),
            "lambda_usd": float(lu),
            "lmi_usd": float(mu),
        }
        for name, h, q, s, i, lu, mu in zip(
            per_fn.index, per_fn["hours"], req, gbs, ih, lambda_usd, lmi_usd
        )
    ]
    return fns


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="duckdb_cost.js in pandas")
    ap.add_argument("file")
    ap.add_argument("--catalog", default=os.path.join(here, "..", "data", "prices", "aws.json"))
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--memory-mb", type=float, default=2048)
    ap.add_argument("--step-s", type=float, default=60)
    o = ap.parse_args()
    if not (o.memory_mb > 0 and o.step_s > 0):
        ap.error("--memory-mb and --step-s must be positive")
    r = rates(o.catalog, o.region)
    t0 = time.perf_counter()
    fns = compute(o.file, r, o.memory_mb, o.step_s)
    query_s = time.perf_counter() - t0

    def total(k):
        return math.fsum(f[k] for f in fns)

    out = {
        "engine": "pandas",
        "file": o.file,
        "threads": 1,
        "query_s": query_s,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "functions_compared": len(fns),
        "requests": total("requests"),
        "lambda": {"gb_s": total("gb_s"), "total_usd": total("lambda_usd")},
        "lmi": {"instance_hours": total("instance_hours"), "total_usd": total("lmi_usd")},
        "functions": fns,
    }
    sys.stdout.write(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write(f"pandas_cost.py: {e}\n")
        sys.exit(1)
