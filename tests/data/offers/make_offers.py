#!/usr/bin/env python3
# Writes the small AWS Price List offer files (CSV, DOMAIN.md section 8) used by
# tests/unit/test_import.c and tests/cli/prices-import-*: run it in this directory.
# The prices are realistic but written by hand; line and column numbers of the
# error files are noted next to them.
import csv, io, sys
def meta(offer, date="2025-09-12T22:53:08Z", ver="20250912225308"):
    return [["FormatVersion","v1.0"],
            ["Disclaimer","This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/"],
            ["Publication Date",date],["Version",ver],["OfferCode",offer]]
EC2H = ["SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","StartingRange","EndingRange","Unit","PricePerUnit","Currency","LeaseContractLength","PurchaseOption","OfferingClass","Product Family","serviceCode","Location","Location Type","Instance Type","Current Generation","Instance Family","vCPU","Physical Processor","Clock Speed","Memory","Storage","Network Performance","Processor Architecture","Tenancy","Operating System","License Model","usageType","operation","CapacityStatus","MarketOption","Pre Installed S/W","Region Code"]
LOC = {"us-east-1":("US East (N. Virginia)","USE1-"[0:0]), "eu-west-1":("EU (Ireland)",""), "us-west-1":("US West (N. California)",""), "ap-northeast-1":("Asia Pacific (Tokyo)","")}
def ec2(sku, region, itype, price, vcpu, mem, proc, term="OnDemand", unit="Hrs", os="Linux", ten="Shared", cap="Used", market="OnDemand", sw="NA", desc=None):
    fam = "Compute optimized" if itype[0]=="c" else "General purpose" if itype[0] in "mt" else "Memory optimized"
    code = sku + "." + ("JRTCKXETXF" if term=="OnDemand" else "4NA7Y494T4")
    rate = code + (".6YS6EN2CT7" if unit=="Hrs" else ".2TG2D8R56U")
    d = desc or ("$%s per On Demand %s %s Instance Hour" % (price, os, itype))
    return [sku, code.split(".")[1], rate, term, d, "2025-09-01T00:00:00Z", "0" if term=="OnDemand" else "", "Inf" if term=="OnDemand" else "", unit, price, "USD",
            "" if term=="OnDemand" else "1yr", "" if term=="OnDemand" else "No Upfront", "" if term=="OnDemand" else "standard",
            "Compute Instance", "AmazonEC2", LOC[region][0], "AWS Region", itype, "Yes", fam, str(vcpu), proc, "2.6 GHz", mem, "EBS only", "Up to 12500 Megabit",
            "64-bit", ten, os, "No License required", "BoxUsage:"+itype, "RunInstances", cap, market, sw, region]
def write(name, rows):
    with open(name, "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for r in rows: w.writerow(r)

G3 = "AWS Graviton3 Processor"
SPR = "Intel Xeon Scalable (Sapphire Rapids)"
ec2rows = [
 ec2("A1M7GXL0USE1", "us-east-1", "m7g.xlarge", "0.1632000000", 4, "16 GiB", G3),            # kept
 ec2("A2M7GXLWIN01", "us-east-1", "m7g.xlarge", "0.3104000000", 4, "16 GiB", G3, os="Windows"),
 ec2("A3M7GXLDED01", "us-east-1", "m7g.xlarge", "0.1795000000", 4, "16 GiB", G3, ten="Dedicated"),
 ec2("A4M7GXLRES01", "us-east-1", "m7g.xlarge", "0.1028000000", 4, "16 GiB", G3, term="Reserved"),
 ec2("A4M7GXLRES01", "us-east-1", "m7g.xlarge", "0", 4, "16 GiB", G3, term="Reserved", unit="Quantity", desc="Upfront Fee"),
 ec2("A5C7GMED0001", "us-east-1", "c7g.medium", "0.0363000000", 1, "2 GiB", G3),
 ec2("A6T3LARGE001", "us-east-1", "t3.large", "0.0832000000", 2, "8 GiB", "Intel Skylake E5 2686 v5"),
 ec2("A7C7IXL0USE1", "us-east-1", "c7i.xlarge", "0.1785000000", 4, "8 GiB", SPR),           # kept
 ec2("A8M7GXLCR001", "us-east-1", "m7g.xlarge", "0.0000000000", 4, "16 GiB", G3, cap="UnusedCapacityReservation"),
 ec2("A9M7GXLSQL01", "us-east-1", "m7g.xlarge", "0.5632000000", 4, "16 GiB", G3, sw="SQL Std"),
 ec2("B1R7GLSPOT01", "us-east-1", "r7g.large", "0.0450000000", 2, "16 GiB", G3, market="Spot"),
 ec2("B2R8GL0USE1", "us-east-1", "r8g.large", "0.1178200000", 2, "16 GiB", ""),             # kept, arm by family
 ec2("B3R7IZ32XL01", "us-east-1", "r7iz.32xlarge", "11.9040000000", 128, "1,024 GiB", SPR), # kept
 ec2("C1M7GXL0EUW1", "eu-west-1", "m7g.xlarge", "0.1784000000", 4, "16 GiB", G3),           # kept
 ec2("C2C7IXL0EUW1", "eu-west-1", "c7i.xlarge", "0.2006000000", 4, "8 GiB", SPR),           # kept
 ec2("C3C7IXLWEUW1", "eu-west-1", "c7i.xlarge", "0.3846000000", 4, "8 GiB", SPR, os="Windows"),
 ec2("D1M7GXL0USW1", "us-west-1", "m7g.xlarge", "0.1900000000", 4, "16 GiB", G3),           # no Lambda rates
]
write("ec2.csv", meta("AmazonEC2") + [EC2H] + ec2rows)

LH = ["SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","StartingRange","EndingRange","Unit","PricePerUnit","Currency","RelatedTo","Product Family","serviceCode","Location","Location Type","Group","Group Description","usageType","operation","serviceName","Region Code"]
def lam(sku, region, group, usage, price, start="0", end="Inf", unit="Lambda-GB-Second", loc=None, desc="x"):
    l = loc if loc is not None else LOC[region][0]
    return [sku, "JRTCKXETXF", sku+".JRTCKXETXF.6YS6EN2CT7", "OnDemand", desc, "2025-09-01T00:00:00Z", start, end, unit, price, "USD", "", "Serverless", "AWSLambda", l, "AWS Region" if l != "Any" else "Other", group, "", usage, "Invoke", "AWS Lambda", region if l != "Any" else ""]
def region_rows(r, p, tiers_order=(0,1,2), storage=True):
    x = [("0","6000000000","0.0000166667"),("6000000000","15000000000","0.0000150000"),("15000000000","Inf","0.0000133334")]
    a = [("0","7500000000","0.0000133334"),("7500000000","18750000000","0.0000120001"),("18750000000","Inf","0.0000106667")]
    rows = []
    for i in tiers_order:
        rows.append(lam("%sDX%d" % (p,i), r, "AWS-Lambda-Duration", "%s-Lambda-GB-Second" % p, x[i][2], x[i][0], x[i][1]))
    for i in tiers_order:
        rows.append(lam("%sDA%d" % (p,i), r, "AWS-Lambda-Duration-ARM", "%s-Lambda-GB-Second-ARM" % p, a[i][2], a[i][0], a[i][1]))
    rows += [
     lam(p+"RQX", r, "AWS-Lambda-Requests", p+"-Request", "0.0000002000", unit="Requests"),
     lam(p+"RQA", r, "AWS-Lambda-Requests-ARM", p+"-Request-ARM", "0.0000002000", unit="Requests"),
     lam(p+"PCX", r, "AWS-Lambda-Provisioned-Concurrency", p+"-Lambda-Provisioned-Concurrency", "0.0000041667"),
     lam(p+"PCA", r, "AWS-Lambda-Provisioned-Concurrency-ARM", p+"-Lambda-Provisioned-Concurrency-ARM", "0.0000033334"),
     lam(p+"PDX", r, "AWS-Lambda-Duration-Provisioned", p+"-Lambda-Provisioned-GB-Second", "0.0000097222"),
     lam(p+"PDA", r, "AWS-Lambda-Duration-Provisioned-ARM", p+"-Lambda-Provisioned-GB-Second-ARM", "0.0000077778"),
     lam(p+"EDG", r, "AWS-Lambda-Edge-Requests", p+"-Lambda-Edge-Request", "0.0000006000", unit="Requests"),
    ]
    if storage:
        rows += [lam(p+"STX", r, "AWS-Lambda-Storage-Duration", p+"-Lambda-Storage-GB-Second", "0.0000000309", unit="GB-Seconds"),
                 lam(p+"STA", r, "AWS-Lambda-Storage-Duration-ARM", p+"-Lambda-Storage-GB-Second-ARM", "0.0000000309", unit="GB-Seconds")]
    return rows
free = [lam("FREEREQ", "us-east-1", "AWS-Lambda-Requests", "Global-Request", "0.0000000000", "0", "1000000", unit="Requests", loc="Any"),
        lam("FREEGBS", "us-east-1", "AWS-Lambda-Duration", "Global-Lambda-GB-Second", "0.0000000000", "0", "400000", loc="Any")]
lrows = free + region_rows("us-east-1", "USE1") + region_rows("eu-west-1", "EUW1", tiers_order=(2,0,1), storage=False)
# eu-west-1 request price differs, to tell regions apart
for r in lrows:
    if r[0] == "EUW1RQX": r[9] = "0.0000002100"
write("lambda.csv", meta("AWSLambda", "2025-09-10T18:01:02Z", "20250910180102") + [LH] + lrows)

# Per-region files of Tokyo without a Region Code column (Location only)
i = EC2H.index("Region Code")
tk = [ec2("T1C7GXL0APN1", "ap-northeast-1", "c7g.xlarge", "0.1840000000", 4, "8 GiB", "AWS Graviton3 Processor")]
write("ec2_tokyo.csv", meta("AmazonEC2") + [EC2H[:i]] + [r[:i] for r in tk])
li = LH.index("Region Code")
tl = [lam("APN1DX", "ap-northeast-1", "AWS-Lambda-Duration", "APN1-Lambda-GB-Second", "0.0000166667"),
      lam("APN1DA", "ap-northeast-1", "AWS-Lambda-Duration-ARM", "APN1-Lambda-GB-Second-ARM", "0.0000133334"),
      lam("APN1RQ", "ap-northeast-1", "AWS-Lambda-Requests", "APN1-Request", "0.0000002000", unit="Requests"),
      lam("APN1RA", "ap-northeast-1", "AWS-Lambda-Requests-ARM", "APN1-Request-ARM", "0.0000002000", unit="Requests"),
      lam("APN1PC", "ap-northeast-1", "AWS-Lambda-Provisioned-Concurrency", "APN1-Lambda-Provisioned-Concurrency", "0.0000053835"),
      lam("APN1PA", "ap-northeast-1", "AWS-Lambda-Provisioned-Concurrency-ARM", "APN1-Lambda-Provisioned-Concurrency-ARM", "0.0000043068"),
      lam("APN1DP", "ap-northeast-1", "AWS-Lambda-Duration-Provisioned", "APN1-Lambda-Provisioned-GB-Second", "0.0000125615"),
      lam("APN1DQ", "ap-northeast-1", "AWS-Lambda-Duration-Provisioned-ARM", "APN1-Lambda-Provisioned-GB-Second-ARM", "0.0000100492"),
      lam("APN1ST", "ap-northeast-1", "AWS-Lambda-Storage-Duration", "APN1-Lambda-Storage-GB-Second", "0.0000000370", unit="GB-Seconds")]
write("lambda_tokyo.csv", meta("AWSLambda", "2025-09-14T01:00:00Z", "20250914010000") + [LH[:li]] + [r[:li] for r in tl])

# Error files (line numbers: metadata 1-5, header 6, rows from 7)
write("bad_offer.csv", meta("AmazonS3") + [EC2H] + ec2rows[:1])
bad = [list(r) for r in ec2rows[:2]]; bad[1] = list(ec2rows[7]); bad[1][9] = "0.17x5"
write("bad_price.csv", meta("AmazonEC2") + [EC2H] + bad)               # line 8, column 10
j = EC2H.index("Tenancy")
write("missing_column.csv", meta("AmazonEC2") + [EC2H[:j] + EC2H[j+1:]] + [r[:j] + r[j+1:] for r in ec2rows[:1]])
write("no_header.csv", meta("AmazonEC2"))
bm = [list(ec2rows[0])]; bm[0][24] = "16 GB"
write("bad_memory.csv", meta("AmazonEC2") + [EC2H] + bm)                # line 7, column 25
write("bad_date.csv", meta("AmazonEC2", date="12/09/2025") + [EC2H] + ec2rows[:1])   # line 3, column 2
write("short_row.csv", meta("AmazonEC2") + [EC2H] + [ec2rows[0], ec2rows[6][:20]])  # line 8, column 20
bl = [list(r) for r in lrows]; bl[3][7] = "15e9x"   # USE1 x86 tier 2 EndingRange
write("bad_range.csv", meta("AWSLambda") + [LH] + bl)                   # line 10, column 8
dup = [list(ec2rows[0]), list(ec2rows[0])]; dup[1][0] = "A1M7GXLDUP01"; dup[1][9] = "0.1700000000"
write("dup_price.csv", meta("AmazonEC2") + [EC2H] + dup)                # line 8, column 10
gap = [r for r in lrows if r[0] != "USE1DX1"]
write("tier_gap.csv", meta("AWSLambda") + [LH] + gap)
m = meta("AmazonEC2"); m.insert(2, ["Stray", "row", "of three"])
write("bad_meta.csv", m + [EC2H] + ec2rows[:1])                          # line 3, column 1
