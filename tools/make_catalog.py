#!/usr/bin/env python3
"""Build data/prices/aws.json, the bundled price catalogue, from the
EC2 on-demand price list (region,instance_type,vcpu,memory_gib,arch,
ondemand_usd_per_hour,source) and the Lambda rates below.

Usage: tools/make_catalog.py ec2_ondemand.csv > data/prices/aws.json

Lambda rates: AWS Lambda pricing page (aws.amazon.com/lambda/pricing),
the same in the five regions where LMI launched; us-east-1 figures are
confirmed by public billing data (FOCUS sample data, Infracost test data).
"""
import csv
import json
import sys

REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "Europe (Ireland)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
}
LMI_REGIONS = set(REGION_NAMES)

LAMBDA_X86 = {
    "request_usd_per_million": 0.20,
    "duration_tiers": [
        {"up_to_gb_s": 6000000000, "usd_per_gb_s": 0.0000166667},
        {"up_to_gb_s": 15000000000, "usd_per_gb_s": 0.000015},
        {"up_to_gb_s": None, "usd_per_gb_s": 0.0000133334},
    ],
    "provisioned_concurrency_usd_per_gb_s": 0.0000041667,
    "provisioned_duration_usd_per_gb_s": 0.0000097222,
}
LAMBDA_ARM = {
    "request_usd_per_million": 0.20,
    "duration_tiers": [
        {"up_to_gb_s": 7500000000, "usd_per_gb_s": 0.0000133334},
        {"up_to_gb_s": 18750000000, "usd_per_gb_s": 0.0000120001},
        {"up_to_gb_s": None, "usd_per_gb_s": 0.0000106667},
    ],
    "provisioned_concurrency_usd_per_gb_s": 0.0000033334,
    "provisioned_duration_usd_per_gb_s": 0.0000077778,
}
EPHEMERAL = {
    "us-east-1": 0.0000000309,
    "us-east-2": 0.0000000309,
    "us-west-2": 0.0000000309,
    "eu-west-1": 0.0000000340,
    "ap-northeast-1": 0.0000000370,
}


def num(s):
    v = float(s)
    return int(v) if v == int(v) else v


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    regions = {}
    for code in sorted(REGION_NAMES):
        regions[code] = {
            "name": REGION_NAMES[code],
            "lmi_available": code in LMI_REGIONS,
            "lambda": {
                "x86_64": LAMBDA_X86,
                "arm64": LAMBDA_ARM,
                "ephemeral_storage_usd_per_gb_s": EPHEMERAL[code],
                "free_tier": {"requests": 1000000, "gb_s": 400000},
            },
            "lmi": {"request_usd_per_million": 0.20, "management_fee_fraction": 0.15},
            "instances": {},
        }
    for r in rows:
        inst = regions[r["region"]]["instances"]
        if r["instance_type"] in inst:
            sys.exit("duplicate %s %s" % (r["region"], r["instance_type"]))
        inst[r["instance_type"]] = {
            "vcpu": num(r["vcpu"]),
            "memory_gib": num(r["memory_gib"]),
            "arch": r["arch"],
            "ondemand_usd_per_hour": float(r["ondemand_usd_per_hour"]),
            "source": r["source"],
        }
    doc = {
        "schema_version": 1,
        "catalog_version": "2026-07-20",
        "currency": "USD",
        "description": "AWS prices for default Lambda and Lambda Managed Instances. "
        "EC2: Linux, shared tenancy, on-demand. See doc/catalog.md.",
        "regions": regions,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
