#!/usr/bin/env python3
"""Build data/prices/aws.json, the bundled price catalogue, from the
EC2 on-demand price list (region,instance_type,vcpu,memory_gib,arch,
ondemand_usd_per_hour,source) and the Lambda rates below.

Usage: tools/make_catalog.py ec2_ondemand.csv > data/prices/aws.json

Lambda rates: AWS Lambda pricing page and AWS Pricing Calculator unit
prices (see tests/data/aws_published_examples.md): requests and duration
tier 1 are the same in the five regions where LMI launched; provisioned
concurrency and ephemeral storage cost more in eu-west-1 and ap-northeast-1.
Arm provisioned-concurrency rates are published for us-east-1 only
(80% of x86); elsewhere they are derived with the same ratio, and tiers 2
and 3 keep the us-east-1 discounts (10% and 20%): both marked in "notes".
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
# (configured, duration-while-provisioned) USD per GB-s, x86_64
PC_X86 = {
    "us-east-1": (0.0000041667, 0.0000097222),
    "us-east-2": (0.0000041667, 0.0000097222),
    "us-west-2": (0.0000041667, 0.0000097222),
    "eu-west-1": (0.0000046460, 0.0000108407),
    "ap-northeast-1": (0.0000053835, 0.0000125615),
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
        x86 = dict(LAMBDA_X86)
        arm = dict(LAMBDA_ARM)
        notes = "Lambda rates: AWS Lambda pricing page / AWS Pricing Calculator."
        if code != "us-east-1":
            notes += " Duration tiers 2 and 3 assumed as in us-east-1."
        if PC_X86[code] != PC_X86["us-east-1"]:
            x86["provisioned_concurrency_usd_per_gb_s"] = PC_X86[code][0]
            x86["provisioned_duration_usd_per_gb_s"] = PC_X86[code][1]
            arm["provisioned_concurrency_usd_per_gb_s"] = round(PC_X86[code][0] * 0.8, 10)
            arm["provisioned_duration_usd_per_gb_s"] = round(PC_X86[code][1] * 0.8, 10)
            notes += " arm64 provisioned rates derived as 80% of x86_64 (as in us-east-1)."
        regions[code] = {
            "name": REGION_NAMES[code],
            "notes": notes,
            "lmi_available": code in LMI_REGIONS,
            "lambda": {
                "x86_64": x86,
                "arm64": arm,
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
