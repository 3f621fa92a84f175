#!/usr/bin/python3
"""The pandas side of the billing-export benchmark (bench/run): duckdb_retro.js in pandas.

    /usr/bin/python3 pandas_retro.py FILE

Reads a legacy AWS Cost and Usage Report CSV (lineItem/... columns; e.g. one
written by bench/gen_cur) and computes the summary bench/duckdb_retro.js
computes (and `mipricing retro` prints):
  - rows and the total billed cost (sum of lineItem/UnblendedCost);
  - rows and billed cost by service (lineItem/ProductCode);
  - Lambda per function: lineItem/ResourceId and the architecture (usage type
    ending in -ARM: arm64), with the kind from the usage type without its
    region prefix (Request(s), Lambda-GB-Second, Lambda-Provisioned-Concurrency,
    Lambda-Provisioned-GB-Second); quantities count on usage rows only (Usage,
    SavingsPlanCoveredUsage, DiscountedUsage), costs on every row but
    SavingsPlanNegation.
'' and NULL are missing values, as in the DuckDB script.

Written to be fast, as a competent pandas user would: the C parser, only the
six columns used, their dtypes given (the four text columns as categories, the
two amounts as float64), and every test on text (lower case, the usage-type
pattern, -ARM) done once per distinct value (category) and broadcast through
the category codes: no per-row Python. pandas is single-threaded.
Prints one JSON object (2-space indent, the layout of duckdb_retro.js) with
the in-process time of reading and computing, `query_s`.
"""
import argparse
import json
import math
import re
import sys
import time

import numpy as np
import pandas as pd

SVC = "lineItem/ProductCode"
LT = "lineItem/LineItemType"
UT = "lineItem/UsageType"
RID = "lineItem/ResourceId"
QTY = "lineItem/UsageAmount"
COST = "lineItem/UnblendedCost"

KINDS = [
    "Request",
    "Requests",
    "Lambda-GB-Second",
    "Lambda-Provisioned-Concurrency",
    "Lambda-Provisioned-GB-Second",
]
# kind codes: 0 none, 1 requests, 2 GB-s, 3 provisioned concurrency, 4 provisioned GB-s
KIND_CODE = {"Request": 1, "Requests": 1, "Lambda-GB-Second": 2,
             "Lambda-Provisioned-Concurrency": 3, "Lambda-Provisioned-GB-Second": 4}
KIND_RE = re.compile(r"^(?:[A-Z]+[0-9]*-)?(" + "|".join(KINDS) + r")(-ARM)?$")


def per_row(col, values):
    """Broadcast an array of one value per category of col (a categorical
    Series) to its rows; missing values (code -1) take the last element."""
    return np.asarray(values)[col.cat.codes.to_numpy()]


def compute(path):
    df = pd.read_csv(
        path,
        engine="c",
        usecols=[SVC, LT, UT, RID, QTY, COST],
        dtype={SVC: "category", LT: "category", UT: "category", RID: "category",
               QTY: np.float64, COST: np.float64},
        na_values=["", "NULL"],
        keep_default_na=False,
    )
    n = len(df)
    svc, lt, ut, rid = df[SVC], df[LT], df[UT], df[RID]
    cost = np.nan_to_num(df[COST].to_numpy(), nan=0.0)
    qty = np.nan_to_num(df[QTY].to_numpy(), nan=0.0)

    # one test per distinct value; the appended element is for missing values
    lt_low = [str(c).lower() for c in lt.cat.categories]
    is_usage = per_row(lt, [c in ("usage", "savingsplancoveredusage", "discountedusage")
                            for c in lt_low] + [False])
    not_negation = per_row(lt, [c != "savingsplannegation" for c in lt_low] + [False])
    is_lambda = per_row(svc, [str(c).lower() in ("awslambda", "aws lambda")
                              for c in svc.cat.categories] + [False])
    ut_kind = []
    for c in ut.cat.categories:
        m = KIND_RE.match(str(c))
        ut_kind.append(KIND_CODE[m.group(1)] if m else 0)
    kind = np.where(is_lambda, per_row(ut, ut_kind + [0]), 0)
    arm = per_row(ut, [str(c).endswith("-ARM") for c in ut.cat.categories] + [False])
    uqty = np.where(is_usage, qty, 0.0)

    billed = math.fsum(cost)

    by_svc = pd.DataFrame({"svc": svc, "cost": cost}).groupby(
        "svc", observed=True, dropna=False, sort=False)["cost"].agg(["size", "sum"])
    services = [
        {"service": "" if pd.isna(name) else str(name), "rows": int(k), "billed_usd": float(s)}
        for name, k, s in zip(by_svc.index, by_svc["size"], by_svc["sum"])
    ]
    services.sort(key=lambda s: (-s["billed_usd"], s["service"]))

    sel = kind > 0
    k = kind[sel]
    q = uqty[sel]
    lam = pd.DataFrame({
        "rid": rid.cat.codes.to_numpy()[sel],
        "arm": arm[sel],
        "n": np.ones(len(k), dtype=np.int64),
        "requests": np.where(k == 1, q, 0.0),
        "gb_s": np.where(k == 2, q, 0.0),
        "pc_gb_s": np.where(k == 3, q, 0.0),
        "pd_gb_s": np.where(k == 4, q, 0.0),
        "od_billed": np.where(not_negation[sel], cost[sel], 0.0),
    })
    per_fn = lam.groupby(["rid", "arm"], sort=False).sum()
    names = list(rid.cat.categories.astype(str))
    fns = [
        {"function": names[r] if r >= 0 else "", "arch": "arm64" if a else "x86_64",
         "rows": int(x.n), "requests": float(x.requests), "duration_gb_s": float(x.gb_s),
         "provisioned_concurrency_gb_s": float(x.pc_gb_s),
         "provisioned_duration_gb_s": float(x.pd_gb_s), "billed_usd": float(x.od_billed)}
        for (r, a), x in zip(per_fn.index, per_fn.itertuples(index=False))
    ]
    fns.sort(key=lambda f: (f["function"], f["arch"]))
    return n, billed, services, fns


def main():
    ap = argparse.ArgumentParser(description="duckdb_retro.js in pandas")
    ap.add_argument("file")
    o = ap.parse_args()
    t0 = time.perf_counter()
    rows, billed, services, fns = compute(o.file)
    query_s = time.perf_counter() - t0

    def total(key):
        return math.fsum(f[key] for f in fns)

    out = {
        "engine": "pandas",
        "file": o.file,
        "threads": 1,
        "query_s": query_s,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "rows": rows,
        "totals": {"billed_usd": billed},
        "lambda": {
            "functions": len(fns),
            "rows": int(total("rows")),
            "requests": total("requests"),
            "duration_gb_s": total("duration_gb_s"),
            "provisioned_concurrency_gb_s": total("provisioned_concurrency_gb_s"),
            "billed_usd": total("billed_usd"),
        },
        "services": services,
        "lambda_functions": fns,
    }
    sys.stdout.write(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write(f"pandas_retro.py: {e}\n")
        sys.exit(1)
