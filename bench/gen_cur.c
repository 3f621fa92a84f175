/* gen_cur: a seeded synthetic AWS Cost and Usage Report (legacy CSV) for the
 * benchmarks.
 *
 *   gen_cur BYTES SEED [OUT]
 *
 * Writes a legacy CUR CSV (37 columns: identity/, bill/, lineItem/, product/,
 * pricing/, reservation/ and savingsPlan/ names, as AWS writes them) of about
 * BYTES bytes (1e9 and 1000000000 both work; the file stops at the first row
 * boundary past BYTES, then a few dozen closing Tax and Credit rows) to OUT, a
 * file name, or "-" / absent for stdout. The same BYTES and SEED give the same
 * bytes on every machine (GSL's mt19937 and a splitmix64 counter hash; no libc
 * randomness, no locale).
 *
 * The bill starts on 2024-05-01T00:00:00Z and goes hour by hour; the number of
 * non-Lambda resources is scaled to BYTES so that about one month (744 hours)
 * fills the file (more or less time when BYTES is very small or very large;
 * the billing period follows the calendar month). Each hour holds:
 *   - Lambda: 360 functions in 5 accounts and 5 regions (us-east-1 without a
 *     usage-type prefix, USE2-, USW2-, EU-, APN1-), x86_64 or arm64 (-ARM),
 *     each with its own rate (log-uniform, 0.3 to 2e6 requests per hour),
 *     duration, memory and daily cycle: Request and Lambda-GB-Second rows when
 *     the function ran that hour, Lambda-Provisioned-Concurrency and
 *     Lambda-Provisioned-GB-Second for a few, a data-transfer row now and then;
 *   - EC2 BoxUsage (and a little SpotUsage) for a fleet of instances of 10
 *     types, with their EBS volumes;
 *   - about 40 usage types of 20 other services (S3, CloudWatch, DynamoDB,
 *     RDS, ELB, SQS, SNS, API Gateway, data transfer, KMS, ...), one row per
 *     resource per hour;
 *   - two Compute Savings Plans (accounts 0 and 1) covering EC2 and Lambda
 *     duration while their hourly commitment lasts: SavingsPlanCoveredUsage
 *     and SavingsPlanNegation rows, and one SavingsPlanRecurringFee per plan
 *     per hour with TotalCommitmentToDate and UsedCommitment.
 * Descriptions are quoted when they hold commas or quotes; empty values are
 * empty or NULL; costs below 1e-4 are written in scientific notation
 * (1.2345E-5) every other time.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define GC_PI 3.14159265358979323846
#define START_EPOCH_S 1714521600LL /* 2024-05-01T00:00:00Z */
#define OUTBUF_SIZE (1u << 22)
#define ROW_MAX 2048
#define NACCT 5
#define NREG 5
#define NFUNC 360
#define EST_ROW_BYTES 560.0 /* calibrated on the output: bytes per row */

typedef struct {
    FILE *fp;
    char *buf;
    size_t len;
    unsigned long long total;
    int failed;
} out_t;

static void out_flush(out_t *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
        o->failed = 1;
    o->total += o->len;
    o->len = 0;
}

static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static char *put_u64(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static const uint64_t P10U[] = {1ULL,
                                10ULL,
                                100ULL,
                                1000ULL,
                                10000ULL,
                                100000ULL,
                                1000000ULL,
                                10000000ULL,
                                100000000ULL,
                                1000000000ULL,
                                10000000000ULL,
                                100000000000ULL,
                                1000000000000ULL};

/* v with at most dp decimals (dp <= 12), trailing zeros trimmed, at least
 * one decimal ("3.0", "0.0166667"). */
static char *put_dec(char *p, double v, int dp)
{
    int neg = v < 0.0;
    double s = fabs(v) * (double)P10U[dp];
    if (s >= 9e18) {
        int n = snprintf(p, 64, "%.*f", dp, v);
        return p + (n > 0 ? n : 0);
    }
    uint64_t c = (uint64_t)llround(s);
    if (c == 0) {
        *p++ = '0';
        *p++ = '.';
        *p++ = '0';
        return p;
    }
    if (neg)
        *p++ = '-';
    p = put_u64(p, c / P10U[dp]);
    *p++ = '.';
    uint64_t f = c % P10U[dp];
    if (f == 0) {
        *p++ = '0';
        return p;
    }
    char d[16];
    for (int i = dp - 1; i >= 0; i--) {
        d[i] = (char)('0' + f % 10);
        f /= 10;
    }
    int n = dp;
    while (n > 1 && d[n - 1] == '0')
        n--;
    memcpy(p, d, (size_t)n);
    return p + n;
}

/* v != 0 in scientific notation, 6 significant digits: "1.23456E-5". */
static char *put_sci(char *p, double v)
{
    if (v < 0.0) {
        *p++ = '-';
        v = -v;
    }
    int e = (int)floor(log10(v));
    uint64_t c = (uint64_t)llround(v / pow(10.0, e) * 1e5);
    if (c >= 1000000) {
        c = (c + 5) / 10;
        e++;
    }
    *p++ = (char)('0' + c / 100000);
    uint64_t f = c % 100000;
    if (f) {
        char d[5];
        for (int i = 4; i >= 0; i--) {
            d[i] = (char)('0' + f % 10);
            f /= 10;
        }
        int n = 5;
        while (d[n - 1] == '0')
            n--;
        *p++ = '.';
        memcpy(p, d, (size_t)n);
        p += n;
    }
    *p++ = 'E';
    if (e < 0) {
        *p++ = '-';
        e = -e;
    }
    return put_u64(p, (uint64_t)e);
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static const char B32[] = "abcdefghijklmnopqrstuvwxyz234567";

/* A CSV field: quoted when it holds a comma, a quote or a newline. */
static char *csv_esc(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(2 * n + 3);
    if (!o)
        abort();
    if (!strpbrk(s, ",\"\n")) {
        memcpy(o, s, n + 1);
        return o;
    }
    char *p = o;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *p++ = '"';
        *p++ = *s;
    }
    *p++ = '"';
    *p = 0;
    return o;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DDTHH:MM:SSZ" */
static void iso_utc(char *s, long long t)
{
    long long days = t / 86400;
    int sod = (int)(t - days * 86400);
    int y, mo, d;
    civil_from_days(days, &y, &mo, &d);
    char b[64];
    snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, sod / 3600,
             sod / 60 % 60, sod % 60);
    memcpy(s, b, 21);
}

static double log_uniform(gsl_rng *r, double lo, double hi)
{
    return exp(log(lo) + gsl_rng_uniform(r) * (log(hi) - log(lo)));
}

/* ---------------------------------------------------------------- tables */

static const struct {
    const char *code, *prefix, *name, *azs;
    double weight, price; /* share of the Lambda functions; price factor */
} REG[NREG] = {
    {"us-east-1", "", "US East (N. Virginia)", "abcdf", 0.42, 1.00},
    {"us-east-2", "USE2-", "US East (Ohio)", "abc", 0.20, 1.00},
    {"us-west-2", "USW2-", "US West (Oregon)", "abcd", 0.16, 1.00},
    {"eu-west-1", "EU-", "EU (Ireland)", "abc", 0.13, 1.10},
    {"ap-northeast-1", "APN1-", "Asia Pacific (Tokyo)", "acd", 0.09, 1.25},
};

static const char *const ACCT[NACCT] = {"111122223333", "222233334444", "333344445555",
                                        "444455556666", "555566667777"};
#define PAYER "999988887777"

enum { LT_USAGE, LT_COVERED, LT_NEGATION, LT_FEE, LT_TAX, LT_CREDIT, LT_N };
static const char *const LTNAME[LT_N] = {"Usage",         "SavingsPlanCoveredUsage",
                                         "SavingsPlanNegation", "SavingsPlanRecurringFee",
                                         "Tax",           "Credit"};

/* Services; index 0 is Lambda, 1 EC2, the last the Savings Plans. */
static const struct {
    const char *code, *name;
} SVC[] = {
    {"AWSLambda", "AWS Lambda"},
    {"AmazonEC2", "Amazon Elastic Compute Cloud"},
    {"AmazonS3", "Amazon Simple Storage Service"},
    {"AmazonCloudWatch", "AmazonCloudWatch"},
    {"AmazonDynamoDB", "Amazon DynamoDB"},
    {"AmazonRDS", "Amazon Relational Database Service"},
    {"AWSELB", "Elastic Load Balancing"},
    {"AmazonSQS", "Amazon Simple Queue Service"},
    {"AmazonSNS", "Amazon Simple Notification Service"},
    {"AmazonApiGateway", "Amazon API Gateway"},
    {"AWSDataTransfer", "AWS Data Transfer"},
    {"AWSKMS", "AWS Key Management Service"},
    {"AmazonECR", "Amazon EC2 Container Registry (ECR)"},
    {"AWSSecretsManager", "AWS Secrets Manager"},
    {"AmazonRoute53", "Amazon Route 53"},
    {"AmazonEKS", "Amazon Elastic Container Service for Kubernetes"},
    {"AWSCloudTrail", "AWS CloudTrail"},
    {"AmazonStates", "AWS Step Functions"},
    {"AmazonElastiCache", "Amazon ElastiCache"},
    {"AmazonKinesis", "Amazon Kinesis"},
    {"AmazonAthena", "Amazon Athena"},
    {"ComputeSavingsPlans", "Savings Plans for AWS Compute usage"},
};
#define NSVC ((int)(sizeof SVC / sizeof SVC[0]))
#define SVC_LAMBDA 0
#define SVC_EC2 1
#define SVC_SP (NSVC - 1)

/* Usage types of the other services: one row per resource per hour. */
typedef struct {
    int svc;
    const char *ut, *op, *family, *unit, *desc;
    double rate, qlo, qhi; /* USD per unit; quantity per hour, log-uniform */
    int global;            /* no region */
    double weight;
} tmpl_t;

static const tmpl_t TMPL[] = {
    {2, "TimedStorage-ByteHrs", "StandardStorage", "Storage", "GB-Mo",
     "$0.023 per GB - first 50 TB / month of storage used", 0.023, 0.001, 40, 0, 6},
    {2, "TimedStorage-INT-FA-ByteHrs", "IntelligentTieringFAStorage", "Storage", "GB-Mo",
     "$0.023 per GB-Month of storage used in Intelligent-Tiering, Frequent Access Tier", 0.023,
     0.001, 20, 0, 2},
    {2, "Requests-Tier1", "PutObject", "API Request", "Requests",
     "$0.005 per 1,000 PUT, COPY, POST, or LIST requests", 0.000005, 1, 50000, 0, 4},
    {2, "Requests-Tier2", "GetObject", "API Request", "Requests",
     "$0.004 per 10,000 GET and all other requests", 0.0000004, 1, 200000, 0, 4},
    {2, "DataTransfer-Out-Bytes", "GetObject", "Data Transfer", "GB",
     "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier", 0.09,
     0.0001, 5, 0, 2},
    {1, "EBS:VolumeUsage.gp3", "CreateVolume-Gp3", "Storage", "GB-Mo",
     "$0.08 per GB-month of General Purpose (gp3) provisioned storage", 0.08, 0.01, 2, 0, 5},
    {1, "EBS:SnapshotUsage", "CreateSnapshot", "Storage Snapshot", "GB-Mo",
     "$0.05 per GB-Month of snapshot data stored", 0.05, 0.01, 5, 0, 2},
    {1, "DataTransfer-Regional-Bytes", "InterZone-In", "Data Transfer", "GB",
     "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB",
     0.01, 0.0001, 20, 0, 3},
    {1, "NatGateway-Hours", "NatGateway", "NAT Gateway", "Hrs",
     "$0.045 per NAT Gateway Hour", 0.045, 1, 1, 0, 1},
    {1, "NatGateway-Bytes", "NatGateway", "NAT Gateway", "GB",
     "$0.045 per GB Data Processed by NAT Gateways", 0.045, 0.001, 30, 0, 1},
    {3, "CW:MetricMonitorUsage", "MetricStorage", "Metric", "Metrics",
     "$0.30 per metric-month for the first 10,000 metrics", 0.3, 0.001, 2, 0, 3},
    {3, "DataProcessing-Bytes", "PutLogEvents", "Data Payload", "GB",
     "$0.50 per GB custom log data ingested", 0.5, 0.0001, 3, 0, 4},
    {3, "CW:Requests", "GetMetricData", "API Request", "Requests",
     "$0.01 per 1,000 metrics requested using GetMetricData API", 0.00001, 10, 100000, 0, 1},
    {3, "TimedStorage-ByteHrs", "HourlyStorageMetering", "Storage Snapshot", "GB-Mo",
     "$0.03 per GB-mo of log storage", 0.03, 0.01, 10, 0, 2},
    {4, "ReadRequestUnits", "PayPerRequestThroughput", "Amazon DynamoDB PayPerRequest Throughput",
     "ReadRequestUnits", "$0.25 per million read request units", 0.00000025, 10, 3e6, 0, 3},
    {4, "WriteRequestUnits", "PayPerRequestThroughput",
     "Amazon DynamoDB PayPerRequest Throughput", "WriteRequestUnits",
     "$1.25 per million write request units", 0.00000125, 10, 1e6, 0, 3},
    {4, "TimedStorage-ByteHrs", "StandardStorage", "Database Storage", "GB-Mo",
     "$0.25 per GB-Month of storage used beyond first 25 free GB-Months", 0.25, 0.001, 5, 0,
     2},
    {5, "InstanceUsage:db.r6g.large", "CreateDBInstance:0016", "Database Instance", "Hrs",
     "$0.225 per RDS db.r6g.large instance hour (or partial hour) running PostgreSQL", 0.225, 1,
     1, 0, 1},
    {5, "InstanceUsage:db.t4g.medium", "CreateDBInstance:0016", "Database Instance", "Hrs",
     "$0.065 per RDS db.t4g.medium instance hour (or partial hour) running PostgreSQL", 0.065,
     1, 1, 0, 1},
    {5, "RDS:GP3-Storage", "CreateDBInstance:0016", "Database Storage", "GB-Mo",
     "$0.115 per GB-month of provisioned gp3 storage running PostgreSQL", 0.115, 0.05, 2, 0, 1},
    {6, "LoadBalancerUsage", "LoadBalancing:Application", "Load Balancer-Application", "Hrs",
     "$0.0225 per Application LoadBalancer-hour (or partial hour)", 0.0225, 1, 1, 0, 2},
    {6, "LCUUsage", "LoadBalancing:Application", "Load Balancer-Application", "LCU-Hrs",
     "$0.008 per used Application load balancer capacity unit-hour (or partial hour)", 0.008,
     0.01, 20, 0, 2},
    {7, "Requests-RBP", "GetQueueAttributes", "API Request", "Requests",
     "$0.40 per 1,000,000 Requests", 0.0000004, 1, 2e6, 0, 3},
    {8, "Requests-Tier1", "CreateTopic", "API Request", "Requests",
     "First 1,000,000 Amazon SNS API Requests per month are free, $0.50 per 1,000,000 after",
     0.0000005, 1, 500000, 0, 2},
    {9, "ApiGatewayRequest", "ApiGatewayRequest", "API Calls", "Requests",
     "$3.50/million requests - first 333 million requests/month", 0.0000035, 1, 1e6, 0, 3},
    {9, "ApiGatewayHttpRequest", "ApiGatewayHttpApi", "API Calls", "Requests",
     "$1.00/million requests - API Gateway HTTP API (first 300 million)", 0.000001, 1, 1e6, 0,
     2},
    {10, "DataTransfer-Out-Bytes", "", "Data Transfer", "GB",
     "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier", 0.09,
     0.0001, 50, 0, 3},
    {10, "CloudFront-Out-Bytes", "", "Data Transfer", "GB",
     "$0.00 per GB data transfer out to CloudFront", 0.0, 0.001, 100, 0, 1},
    {11, "KMS-Requests", "GenerateDataKey", "Encryption Key", "Requests",
     "$0.03 per 10,000 requests", 0.000003, 1, 100000, 0, 2},
    {11, "KMS-Keys", "CreateKey", "Encryption Key", "Keys", "$1 per customer-managed key, per month",
     1.0 / 744, 1.0 / 744, 1.0 / 744, 0, 1},
    {12, "TimedStorage-ByteHrs", "", "EC2 Container Registry", "GB-Mo",
     "$0.10 per GB-month of data storage", 0.1, 0.001, 1, 0, 1},
    {13, "AWSSecretsManager-Secrets", "", "Secret", "Secrets",
     "$0.40 per secret per month (prorated hourly)", 0.4, 1.0 / 744, 1.0 / 744, 0, 1},
    {14, "DNS-Queries", "Query", "DNS Query", "Queries",
     "$0.40 per 1,000,000 queries for the first 1 Billion queries", 0.0000004, 10, 1e6, 1, 2},
    {14, "HostedZone", "", "DNS Zone", "HostedZone", "$0.50 per Hosted Zone for the first 25",
     0.5, 1.0 / 744, 1.0 / 744, 1, 1},
    {15, "AmazonEKS-Hours:perCluster", "CreateOperation", "Compute", "Hours",
     "Amazon EKS cluster usage", 0.1, 1, 1, 0, 1},
    {16, "PaidEventsRecorded", "None", "Management Tools - AWS CloudTrail Paid Events Recorded",
     "Events", "0.00002 per paid event recorded", 0.00002, 1, 20000, 0, 1},
    {17, "StateTransition", "StartExecution", "AWS Step Functions", "StateTransitions",
     "$0.025 per 1,000 state transitions", 0.000025, 1, 50000, 0, 1},
    {18, "NodeUsage:cache.r6g.large", "CreateCacheCluster:0002", "Cache Instance", "NodeHours",
     "$0.206 per Redis cache.r6g.large node-hour (or partial hour)", 0.206, 1, 1, 0, 1},
    {19, "ShardHour", "shardHourStorage", "Kinesis Streams", "ShardHour",
     "$0.015 per shard hour", 0.015, 1, 8, 0, 1},
    {20, "DataScannedInTB", "RunQuery", "Athena Queries", "Terabytes",
     "$5.00 per TB scanned, \"Athena\" engine v3", 5.0, 0.000001, 0.05, 0, 1},
};
#define NTMPL ((int)(sizeof TMPL / sizeof TMPL[0]))

static const struct {
    const char *type;
    double rate; /* us-east-1 Linux on-demand, USD per hour */
} ITYPE[] = {
    {"m7g.xlarge", 0.1632}, {"c7g.2xlarge", 0.289}, {"m5.large", 0.096},
    {"r6i.xlarge", 0.252},  {"t3.medium", 0.0416},  {"c6i.4xlarge", 0.68},
    {"m6g.large", 0.077},   {"t4g.small", 0.0168},  {"c7g.xlarge", 0.1445},
    {"r7g.2xlarge", 0.4284},
};
#define NITYPE ((int)(sizeof ITYPE / sizeof ITYPE[0]))

/* ---------------------------------------------------------------- state */

typedef struct {
    char arn[128];
    int acct, reg, arm;
    double mem_gb, rate_h, dur_s, amp, phase;
    int pc; /* provisioned concurrency (environments), 0 when none */
    double dt_p;
} func_t;

typedef struct {
    int kind; /* 0: EC2 instance, 1..: template index + 1 */
    int acct, reg, spot;
    char rid[96];
    double qty_mu, run_p;
} res_t;

typedef struct {
    char arn[96];
    int acct;
    double commitment; /* USD per hour */
    double used;       /* this hour */
    double discount_ec2, discount_lambda;
} sp_t;

typedef struct {
    gsl_rng *r;
    out_t o;
    uint64_t seed, lineno;
    char ts0[21], ts1[21], interval[42], bp0[21], bp1[21];
    long long hour_t;
    /* escaped strings */
    char *svc_name[NSVC];
    char *tmpl_desc[NTMPL];
    char sku[NSVC * 64][14];
    double billed[NACCT][NSVC];
    sp_t sp[2];
} gen_t;

/* One row's values. */
typedef struct {
    int lt, acct, svc, reg; /* reg -1: global */
    const char *prefix, *ut, *ut2; /* usage type = prefix + ut + ut2 */
    const char *op, *resource, *desc, *family, *unit;
    char az;
    double qty, rate, cost; /* rate < 0: empty */
    double od_rate;
    int sku;
    const sp_t *sp;
    double sp_eff, sp_rate;
} row_t;

static char *put_cost(gen_t *g, char *p, double v)
{
    if (v != 0.0 && fabs(v) < 1e-4 && (g->lineno & 1))
        return put_sci(p, v);
    return put_dec(p, v, 10);
}

static void emit(gen_t *g, const row_t *w)
{
    out_t *o = &g->o;
    if (OUTBUF_SIZE - o->len < ROW_MAX)
        out_flush(o);
    char *p = o->buf + o->len;
    /* identity/LineItemId: 52 base32 characters */
    uint64_t h = splitmix64(g->seed * 0x100000001b3ULL ^ ++g->lineno);
    for (int k = 0; k < 4; k++) {
        uint64_t hk = splitmix64(h + (uint64_t)k);
        for (int j = 0; j < 13; j++) {
            *p++ = B32[hk & 31];
            hk >>= 5;
        }
    }
    *p++ = ',';
    const int tax = w->lt == LT_TAX || w->lt == LT_CREDIT;
    p = put_str(p, tax ? g->bp0 : g->interval);
    if (tax) {
        *p++ = '/';
        p = put_str(p, g->bp1);
    }
    p = put_str(p, ",Anniversary," PAYER ",");
    p = put_str(p, g->bp0);
    *p++ = ',';
    p = put_str(p, g->bp1);
    *p++ = ',';
    p = put_str(p, ACCT[w->acct]);
    *p++ = ',';
    p = put_str(p, LTNAME[w->lt]);
    *p++ = ',';
    p = put_str(p, tax ? g->bp0 : g->ts0);
    *p++ = ',';
    p = put_str(p, tax ? g->bp1 : g->ts1);
    *p++ = ',';
    p = put_str(p, SVC[w->svc].code);
    *p++ = ',';
    if (w->prefix)
        p = put_str(p, w->prefix);
    if (w->ut)
        p = put_str(p, w->ut);
    if (w->ut2)
        p = put_str(p, w->ut2);
    *p++ = ',';
    if (w->op)
        p = put_str(p, w->op);
    *p++ = ',';
    if (w->az && w->reg >= 0) {
        p = put_str(p, REG[w->reg].code);
        *p++ = w->az;
    }
    *p++ = ',';
    if (w->resource)
        p = put_str(p, w->resource);
    *p++ = ',';
    if (tax)
        p = put_str(p, "1.0");
    else
        p = put_dec(p, w->qty, 8);
    p = put_str(p, ",USD,");
    if (w->rate >= 0.0)
        p = put_dec(p, w->rate, 10);
    *p++ = ',';
    char *cost = p;
    p = put_cost(g, p, w->cost);
    size_t cl = (size_t)(p - cost);
    *p++ = ',';
    if (w->rate >= 0.0)
        p = put_dec(p, w->rate, 10);
    *p++ = ',';
    memmove(p, cost, cl); /* blended = unblended */
    p += cl;
    *p++ = ',';
    p = put_str(p, w->desc ? w->desc : "");
    *p++ = ',';
    p = put_str(p, g->svc_name[w->svc]);
    *p++ = ',';
    if (w->family)
        p = put_str(p, w->family);
    *p++ = ',';
    if (w->reg >= 0) {
        p = put_str(p, REG[w->reg].code);
        *p++ = ',';
        p = put_str(p, REG[w->reg].code);
    } else {
        *p++ = ',';
    }
    *p++ = ',';
    if (!tax)
        p = put_str(p, g->sku[w->sku]);
    *p++ = ',';
    if (w->od_rate > 0.0 && w->lt != LT_NEGATION && !tax) {
        p = put_dec(p, w->od_rate * w->qty, 10);
        *p++ = ',';
        p = put_dec(p, w->od_rate, 10);
        p = put_str(p, ",OnDemand,");
    } else {
        p = put_str(p, w->lt == LT_NEGATION ? "NULL,NULL,," : ",,,");
    }
    if (w->unit)
        p = put_str(p, w->unit);
    p = put_str(p, ",,"); /* reservation/EffectiveCost empty */
    if (w->sp) {
        p = put_str(p, w->sp->arn);
        *p++ = ',';
        if (w->lt == LT_COVERED)
            p = put_cost(g, p, w->sp_eff);
        else if (w->lt == LT_FEE)
            p = put_str(p, "0.0");
        *p++ = ',';
        if (w->lt == LT_FEE) {
            p = put_dec(p, w->sp->commitment, 10);
            *p++ = ',';
            p = put_dec(p, w->sp->used, 10);
        } else {
            *p++ = ',';
        }
        *p++ = ',';
        if (w->lt == LT_COVERED)
            p = put_dec(p, w->sp_rate, 10);
    } else {
        p = put_str(p, ",,,,");
    }
    *p++ = '\n';
    o->len = (size_t)(p - o->buf);
    if (!tax)
        g->billed[w->acct][w->svc] += w->cost;
}

/* A usage row, covered by the account's Savings Plan while it lasts. */
static void emit_usage(gen_t *g, row_t *w, double discount)
{
    sp_t *sp = w->acct < 2 ? &g->sp[w->acct] : NULL;
    double eff = w->cost * (1.0 - discount);
    if (sp && discount > 0.0 && w->cost > 0.0 && sp->used + eff <= sp->commitment) {
        sp->used += eff;
        w->lt = LT_COVERED;
        w->sp = sp;
        w->sp_eff = eff;
        w->sp_rate = w->rate * (1.0 - discount);
        emit(g, w);
        w->lt = LT_NEGATION;
        w->cost = -w->cost;
        double rate = w->rate;
        w->rate = -1.0;
        w->sp_eff = 0.0;
        emit(g, w);
        w->rate = rate;
        return;
    }
    w->lt = LT_USAGE;
    w->sp = NULL;
    emit(g, w);
}

/* ---------------------------------------------------------------- setup */

static const char *const WORD1[] = {"orders", "payments", "users",    "catalog", "search",
                                    "images", "billing",  "invoices", "auth",    "notify",
                                    "reports", "ingest",  "etl",      "webhooks", "carts"};
static const char *const WORD2[] = {"api",     "worker",  "resize", "sync",  "export",
                                    "handler", "consumer", "cron",  "stream", "validator",
                                    "indexer", "router"};
static const char *const ENV[] = {"prod", "staging", "dev"};

static int pick_region(gsl_rng *r)
{
    double u = gsl_rng_uniform(r), c = 0.0;
    for (int i = 0; i < NREG; i++) {
        c += REG[i].weight;
        if (u < c)
            return i;
    }
    return 0;
}

static void func_init(func_t *f, int i, gsl_rng *r)
{
    const int n1 = (int)(sizeof WORD1 / sizeof WORD1[0]), n2 = (int)(sizeof WORD2 / sizeof WORD2[0]);
    int a = i % n1, b = (i / n1) % n2, e = (i / (n1 * n2)) % 3;
    f->reg = pick_region(r);
    f->acct = (int)gsl_rng_uniform_int(r, NACCT);
    f->arm = gsl_rng_uniform(r) < 0.35;
    snprintf(f->arn, sizeof f->arn, "arn:aws:lambda:%s:%s:function:%s-%s-%s", REG[f->reg].code,
             ACCT[f->acct], WORD1[a], WORD2[b], ENV[e]);
    static const int MEM[] = {128, 256, 512, 1024, 1536, 2048, 3008, 4096, 10240};
    f->mem_gb = MEM[gsl_rng_uniform_int(r, 7) + (gsl_rng_uniform(r) < 0.05 ? 2 : 0)] / 1024.0;
    f->rate_h = log_uniform(r, 0.3, 2e6) * (e == 0 ? 1.0 : 0.05);
    f->dur_s = log_uniform(r, 0.005, 3.0);
    f->amp = 0.2 + 0.7 * gsl_rng_uniform(r);
    f->phase = 2.0 * GC_PI * gsl_rng_uniform(r);
    f->pc = gsl_rng_uniform(r) < 0.05 && f->rate_h > 1000 ? 1 + (int)gsl_rng_uniform_int(r, 20)
                                                          : 0;
    f->dt_p = gsl_rng_uniform(r) < 0.2 ? 0.3 : 0.0;
}

static void res_init(res_t *x, long i, gsl_rng *r, const double *cum, double wsum)
{
    x->acct = (int)gsl_rng_uniform_int(r, NACCT);
    x->reg = pick_region(r);
    x->spot = 0;
    if (gsl_rng_uniform(r) < 0.3) {
        x->kind = 0;
        int t = (int)gsl_rng_uniform_int(r, NITYPE);
        x->qty_mu = t; /* the instance type */
        x->spot = gsl_rng_uniform(r) < 0.1;
        x->run_p = 0.6 + 0.4 * gsl_rng_uniform(r);
        snprintf(x->rid, sizeof x->rid, "i-0%016llx",
                 (unsigned long long)(splitmix64((uint64_t)i) & 0xfffffffffffffULL));
        return;
    }
    double u = gsl_rng_uniform(r) * wsum;
    int k = 0;
    while (k < NTMPL - 1 && u >= cum[k])
        k++;
    x->kind = 1 + k;
    const tmpl_t *t = &TMPL[k];
    x->qty_mu = t->qlo == t->qhi ? t->qlo : log_uniform(r, t->qlo, t->qhi);
    x->run_p = 0.85 + 0.15 * gsl_rng_uniform(r);
    switch (t->svc) {
    case 2:
        snprintf(x->rid, sizeof x->rid, "bucket-%s-%ld", WORD1[i % 15], i);
        break;
    case 4:
        snprintf(x->rid, sizeof x->rid, "arn:aws:dynamodb:%s:%s:table/%s-%ld",
                 REG[x->reg].code, ACCT[x->acct], WORD1[i % 15], i);
        break;
    case 1:
        snprintf(x->rid, sizeof x->rid, "vol-0%016llx",
                 (unsigned long long)(splitmix64((uint64_t)i ^ 77) & 0xfffffffffffffULL));
        break;
    default:
        snprintf(x->rid, sizeof x->rid, "arn:aws:%s:%s:%s:%s-%ld", SVC[t->svc].code + 3,
                 REG[x->reg].code, ACCT[x->acct], WORD2[i % 12], i);
    }
}

static void set_hour(gen_t *g, long long t)
{
    g->hour_t = t;
    iso_utc(g->ts0, t);
    iso_utc(g->ts1, t + 3600);
    memcpy(g->interval, g->ts0, 20);
    g->interval[20] = '/';
    memcpy(g->interval + 21, g->ts1, 21);
    int y, m, d;
    civil_from_days(t / 86400, &y, &m, &d);
    iso_utc(g->bp0, days_from_civil(y, m, 1) * 86400);
    iso_utc(g->bp1, days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * 86400);
}

static int parse_bytes(const char *s, unsigned long long *v)
{
    char *end;
    errno = 0;
    if (!s || *s < '0' || *s > '9')
        return -1;
    double d = strtod(s, &end);
    if (errno || *end || !(d >= 1.0) || d > 1e15)
        return -1;
    *v = (unsigned long long)d;
    return 0;
}

static void usage(FILE *fp)
{
    fputs("Usage: gen_cur BYTES SEED [OUT]\n"
          "Write a seeded synthetic AWS Cost and Usage Report (legacy CSV) of about\n"
          "BYTES bytes (1e9 or 1000000000) to OUT (default stdout).\n",
          fp);
}

int main(int argc, char **argv)
{
    unsigned long long target, seed;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc < 3 || argc > 4 || parse_bytes(argv[1], &target) || parse_bytes(argv[2], &seed)) {
        if (argc >= 3 && !strcmp(argv[2], "0"))
            seed = 0;
        else {
            usage(stderr);
            return 2;
        }
    }
    static gen_t g;
    g.o.fp = stdout;
    const char *path = argc == 4 && strcmp(argv[3], "-") ? argv[3] : NULL;
    if (path && !(g.o.fp = fopen(path, "wb"))) {
        fprintf(stderr, "gen_cur: %s: %s\n", path, strerror(errno));
        return 1;
    }
    g.o.buf = malloc(OUTBUF_SIZE);
    g.r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g.o.buf || !g.r) {
        fputs("gen_cur: out of memory\n", stderr);
        return 1;
    }
    gsl_rng *r = g.r;
    gsl_rng_set(r, (unsigned long)seed);
    g.seed = seed;
    for (int i = 0; i < NSVC; i++)
        g.svc_name[i] = csv_esc(SVC[i].name);
    for (int i = 0; i < NTMPL; i++)
        g.tmpl_desc[i] = csv_esc(TMPL[i].desc);
    for (size_t i = 0; i < sizeof g.sku / sizeof g.sku[0]; i++) {
        uint64_t h = splitmix64(i * 7919 + 13);
        for (int j = 0; j < 13; j++) {
            g.sku[i][j] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[h % 31];
            h /= 31;
        }
        g.sku[i][13] = 0;
    }
    /* Lambda descriptions, quoted (commas) */
    char *ldesc[NREG][8];
    for (int i = 0; i < NREG; i++) {
        char b[256];
        /* before and after the region name */
        static const char *const PRE[8] = {
            "AWS Lambda - Total Requests - ",
            "AWS Lambda - Total Compute - ",
            "AWS Lambda - Total Requests (ARM) - ",
            "AWS Lambda - Total Compute (ARM), billed per 1 ms - ",
            "AWS Lambda - Provisioned Concurrency, ",
            "AWS Lambda - Provisioned Concurrency Duration, ",
            "AWS Lambda - Data Transfer Out - ",
            "AWS Lambda - Provisioned Concurrency (ARM), ",
        };
        for (int k = 0; k < 8; k++) {
            snprintf(b, sizeof b, "%s%s%s", PRE[k], REG[i].name, k == 6 ? ", $0.09 per GB" : "");
            ldesc[i][k] = csv_esc(b);
        }
    }
    char *ec2desc[NITYPE][2];
    for (int t = 0; t < NITYPE; t++) {
        char b[256];
        snprintf(b, sizeof b, "$%g per On Demand Linux %s Instance Hour", ITYPE[t].rate,
                 ITYPE[t].type);
        ec2desc[t][0] = csv_esc(b);
        snprintf(b, sizeof b, "$%g per Spot Linux %s Instance Hour, interruptible",
                 ITYPE[t].rate * 0.35, ITYPE[t].type);
        ec2desc[t][1] = csv_esc(b);
    }

    func_t *fn = calloc(NFUNC, sizeof *fn);
    if (!fn)
        abort();
    for (int i = 0; i < NFUNC; i++)
        func_init(&fn[i], i, r);
    for (int i = 0; i < 2; i++) {
        snprintf(g.sp[i].arn, sizeof g.sp[i].arn,
                 "arn:aws:savingsplans::%s:savingsplan/%08llx-%04x-4abc-9def-%012llx", ACCT[i],
                 (unsigned long long)(splitmix64(seed + i) & 0xffffffff), 0x1a2b + i,
                 (unsigned long long)(splitmix64(seed + 10 + i) & 0xffffffffffffULL));
        g.sp[i].discount_ec2 = 0.28 + 0.1 * i;
        g.sp[i].discount_lambda = 0.12 + 0.05 * i;
    }

    /* Scale: the other resources fill what the Lambda rows leave of 744 hours. */
    double lambda_rows_h = 0.0;
    for (int i = 0; i < NFUNC; i++) {
        double pact = 1.0 - exp(-fn[i].rate_h);
        lambda_rows_h += pact * 2.3 + (fn[i].pc ? 2 : 0);
    }
    double rows_h = (double)target / EST_ROW_BYTES / 744.0;
    long nres = (long)((rows_h - lambda_rows_h) / 0.88);
    if (nres < 20)
        nres = 20;
    double cum[NTMPL], wsum = 0.0;
    for (int k = 0; k < NTMPL; k++)
        cum[k] = (wsum += TMPL[k].weight);
    res_t *res = calloc((size_t)nres, sizeof *res);
    if (!res)
        abort();
    for (long i = 0; i < nres; i++)
        res_init(&res[i], i, r, cum, wsum);
    double sp_commit_est[2] = {0, 0};
    for (long i = 0; i < nres; i++)
        if (res[i].kind == 0 && res[i].acct < 2 && !res[i].spot)
            sp_commit_est[res[i].acct] += ITYPE[(int)res[i].qty_mu].rate * 0.7 * res[i].run_p;
    for (int i = 0; i < NFUNC; i++)
        if (fn[i].acct < 2)
            sp_commit_est[fn[i].acct] +=
                fn[i].rate_h * fn[i].dur_s * fn[i].mem_gb * 0.0000166667 * 0.85 * 0.5;
    for (int i = 0; i < 2; i++)
        g.sp[i].commitment = floor(sp_commit_est[i] * 0.6 * 1000.0 + 1.0) / 1000.0;

    /* header */
    {
        char *p = g.o.buf;
        p = put_str(p,
                    "identity/LineItemId,identity/TimeInterval,bill/BillType,bill/PayerAccountId,"
                    "bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,"
                    "lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,"
                    "lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,"
                    "lineItem/Operation,lineItem/AvailabilityZone,lineItem/ResourceId,"
                    "lineItem/UsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,"
                    "lineItem/UnblendedCost,lineItem/BlendedRate,lineItem/BlendedCost,"
                    "lineItem/LineItemDescription,product/ProductName,product/productFamily,"
                    "product/region,product/regionCode,product/sku,pricing/publicOnDemandCost,"
                    "pricing/publicOnDemandRate,pricing/term,pricing/unit,"
                    "reservation/EffectiveCost,savingsPlan/SavingsPlanARN,"
                    "savingsPlan/SavingsPlanEffectiveCost,savingsPlan/TotalCommitmentToDate,"
                    "savingsPlan/UsedCommitment,savingsPlan/SavingsPlanRate\n");
        g.o.len = (size_t)(p - g.o.buf);
    }

    const double LREQ = 0.0000002, LDUR[2] = {0.0000166667, 0.0000133334},
                 LPC[2] = {0.0000041667, 0.0000033334}, LPD[2] = {0.0000097222, 0.0000077778};
    for (long long hr = 0; g.o.total + g.o.len < target; hr++) {
        long long t = START_EPOCH_S + hr * 3600;
        set_hour(&g, t);
        g.sp[0].used = g.sp[1].used = 0.0;
        double day_frac = (double)(t % 86400) / 86400.0;
        int dow = (int)((t / 86400 + 4) % 7); /* 0 = Sunday */
        double weekend = dow == 0 || dow == 6 ? 0.7 : 1.0;

        for (int i = 0; i < NFUNC && g.o.total + g.o.len < target; i++) {
            func_t *f = &fn[i];
            double mean = f->rate_h * weekend *
                          (1.0 + f->amp * sin(2.0 * GC_PI * day_frac + f->phase)) *
                          exp(0.15 * gsl_ran_gaussian_ziggurat(r, 1.0));
            double req = mean < 1000.0 ? (double)gsl_ran_poisson(r, mean) : floor(mean + 0.5);
            const double pr = 1.0; /* Lambda: the same rates in the 5 regions */
            row_t w = {0};
            w.acct = f->acct;
            w.svc = SVC_LAMBDA;
            w.reg = f->reg;
            w.prefix = REG[f->reg].prefix;
            w.op = "Invoke";
            w.resource = f->arn;
            w.family = "Serverless";
            w.sku = f->reg * 8 + f->arm;
            if (f->pc) {
                double gbs = f->pc * f->mem_gb * 3600.0;
                w.ut = "Lambda-Provisioned-Concurrency";
                w.ut2 = f->arm ? "-ARM" : NULL;
                w.unit = "Lambda-GB-Second";
                w.desc = ldesc[f->reg][f->arm ? 7 : 4];
                w.qty = gbs;
                w.rate = w.od_rate = LPC[f->arm] * pr;
                w.cost = gbs * w.rate;
                emit_usage(&g, &w, g.sp[0].discount_lambda);
            }
            if (req <= 0.0)
                continue;
            w.ut = "Request";
            w.ut2 = f->arm ? "-ARM" : NULL;
            w.unit = "Requests";
            w.desc = ldesc[f->reg][f->arm ? 2 : 0];
            w.qty = req;
            w.rate = w.od_rate = LREQ;
            w.cost = req * LREQ;
            emit_usage(&g, &w, 0.0);
            /* GB-seconds: 1 ms granularity, 6 decimals as AWS writes them */
            double gbs = floor(req * f->dur_s * exp(0.1 * gsl_ran_gaussian_ziggurat(r, 1.0)) *
                                   1000.0 + 0.5) / 1000.0 * f->mem_gb;
            gbs = floor(gbs * 1e6 + 0.5) / 1e6;
            w.ut = f->pc ? "Lambda-Provisioned-GB-Second" : "Lambda-GB-Second";
            w.unit = "Lambda-GB-Second";
            w.desc = ldesc[f->reg][f->pc ? 5 : f->arm ? 3 : 1];
            w.qty = gbs;
            w.rate = w.od_rate = (f->pc ? LPD[f->arm] : LDUR[f->arm]) * pr;
            w.cost = gbs * w.rate;
            w.sku = f->reg * 8 + 2 + f->arm;
            emit_usage(&g, &w, g.sp[f->acct < 2 ? f->acct : 0].discount_lambda);
            if (f->dt_p > 0.0 && gsl_rng_uniform(r) < f->dt_p) {
                w.ut = "DataTransfer-Out-Bytes";
                w.ut2 = NULL;
                w.op = "";
                w.unit = "GB";
                w.family = "Data Transfer";
                w.desc = ldesc[f->reg][6];
                w.qty = floor(req * 2e-5 * 1e8 + 0.5) / 1e8;
                w.rate = w.od_rate = 0.09;
                w.cost = w.qty * 0.09;
                w.sku = f->reg * 8 + 6;
                emit_usage(&g, &w, 0.0);
            }
        }

        for (long i = 0; i < nres && g.o.total + g.o.len < target; i++) {
            res_t *x = &res[i];
            if (gsl_rng_uniform(r) >= x->run_p)
                continue;
            row_t w = {0};
            w.acct = x->acct;
            w.reg = x->reg;
            w.prefix = REG[x->reg].prefix;
            w.resource = x->rid;
            double pr = REG[x->reg].price;
            if (x->kind == 0) {
                int ti = (int)x->qty_mu;
                w.svc = SVC_EC2;
                w.ut = x->spot ? "SpotUsage:" : "BoxUsage:";
                w.ut2 = ITYPE[ti].type;
                w.op = "RunInstances";
                w.az = REG[x->reg].azs[i % strlen(REG[x->reg].azs)];
                w.family = "Compute Instance";
                w.unit = "Hrs";
                w.desc = ec2desc[ti][x->spot];
                w.qty = gsl_rng_uniform(r) < 0.05 ? floor(gsl_rng_uniform(r) * 3600.0) / 3600.0
                                                  : 1.0;
                if (w.qty <= 0.0)
                    w.qty = 1.0 / 3600.0;
                w.rate = ITYPE[ti].rate * pr * (x->spot ? 0.35 : 1.0);
                w.od_rate = ITYPE[ti].rate * pr;
                w.cost = w.qty * w.rate;
                w.sku = 64 + ti * NREG + x->reg;
                emit_usage(&g, &w,
                           x->spot || x->acct >= 2 ? 0.0 : g.sp[x->acct].discount_ec2);
                continue;
            }
            const tmpl_t *tp = &TMPL[x->kind - 1];
            w.svc = tp->svc;
            if (tp->global) {
                w.reg = -1;
                w.prefix = "";
            }
            w.ut = tp->ut;
            w.op = tp->op;
            w.family = tp->family;
            w.unit = tp->unit;
            w.desc = g.tmpl_desc[x->kind - 1];
            double q = x->qty_mu;
            if (tp->qlo != tp->qhi)
                q *= exp(0.3 * gsl_ran_gaussian_ziggurat(r, 1.0));
            if (!strcmp(tp->unit, "Requests") || !strcmp(tp->unit, "Queries") ||
                !strcmp(tp->unit, "Events") || !strcmp(tp->unit, "StateTransitions") ||
                !strcmp(tp->unit, "ReadRequestUnits") || !strcmp(tp->unit, "WriteRequestUnits"))
                q = floor(q) + 1.0;
            else
                q = floor(q * 1e8 + 0.5) / 1e8;
            w.qty = q;
            w.rate = w.od_rate = tp->rate * (tp->global ? 1.0 : pr);
            w.cost = q * w.rate;
            w.sku = 200 + (x->kind - 1) * NREG + (x->reg < 0 ? 0 : x->reg);
            emit_usage(&g, &w, 0.0);
        }

        for (int i = 0; i < 2; i++) {
            row_t w = {0};
            w.lt = LT_FEE;
            w.acct = i;
            w.svc = SVC_SP;
            w.reg = -1;
            w.ut = "ComputeSP:1yrNoUpfront";
            w.resource = g.sp[i].arn;
            w.family = "Savings Plans";
            w.unit = "Hrs";
            w.desc = "1 year No Upfront Compute Savings Plan";
            w.qty = 1.0;
            w.rate = -1.0;
            w.cost = g.sp[i].commitment;
            w.sp = &g.sp[i];
            w.sku = 1000 + i;
            emit(&g, &w);
        }
    }

    /* Tax (and a credit) per account and service over the period */
    for (int a = 0; a < NACCT; a++) {
        for (int s = 0; s < NSVC; s++) {
            if (g.billed[a][s] <= 0.0)
                continue;
            row_t w = {0};
            w.lt = LT_TAX;
            w.acct = a;
            w.svc = s;
            w.reg = -1;
            char d[128];
            snprintf(d, sizeof d, "Tax for product code %s", SVC[s].code);
            w.desc = d;
            w.rate = -1.0;
            w.cost = floor(g.billed[a][s] * 0.08 * 1e8 + 0.5) / 1e8;
            emit(&g, &w);
        }
        row_t w = {0};
        w.lt = LT_CREDIT;
        w.acct = a;
        w.svc = SVC_EC2;
        w.reg = -1;
        w.desc = "\"AWS Activate credits, promotional\"";
        w.rate = -1.0;
        w.cost = -floor(g.billed[a][SVC_EC2] * 0.02 * 100.0) / 100.0;
        emit(&g, &w);
    }
    out_flush(&g.o);
    if (fflush(g.o.fp) || ferror(g.o.fp))
        g.o.failed = 1;
    if (path && fclose(g.o.fp))
        g.o.failed = 1;
    if (g.o.failed)
        fprintf(stderr, "gen_cur: %s: write error\n", path ? path : "stdout");
    gsl_rng_free(r);
    free(g.o.buf);
    free(fn);
    free(res);
    return g.o.failed ? 1 : 0;
}
