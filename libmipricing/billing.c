/*
 * billing.c - billing export readers: AWS Cost and Usage Reports (legacy and
 * CUR 2.0) and FOCUS 1.0 to 1.2, plain or gzip, streaming, into mergeable
 * aggregates. Readers never price: every cost is the export's own.
 *
 * Every aggregate is a hash table of entries keyed by strings (NUL-separated
 * in one key), an architecture and an hour; the public struct of an entry
 * points into its key. Sums are kept compensated (mip__sum_t) and written
 * into the public structs when reading or merging ends. One descriptor per
 * kind of entry names its fields, so merging and JSON are generic.
 */
#include "csvio.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* Entries and their descriptors                                            */

#define MAX_STRS 3
#define MAX_SIZES 2
#define MAX_DOUBLES 12

enum { K_SVC, K_LAMBDA, K_EC2, K_LMI, K_COUNT };

typedef union pub_u {
    mip_billing_service_t svc;
    mip_billing_lambda_t lam;
    mip_billing_ec2_t ec2;
    mip_billing_lmi_t lmi;
} pub_t;

typedef struct ent {
    uint64_t h;
    size_t klen;
    char *key; /* strings, each NUL-terminated, then hour and arch */
    pub_t pub;
    mip__sum_t sum[MAX_DOUBLES];
} ent_t;

typedef struct kind_desc {
    const char *name; /* JSON key */
    size_t nstr;
    const char *str_name[MAX_STRS];
    size_t str_off[MAX_STRS];
    long hour_off; /* -1: none */
    long arch_off; /* -1: none */
    size_t nsize;
    const char *size_name[MAX_SIZES];
    size_t size_off[MAX_SIZES];
    size_t ndbl;
    const char *dbl_name[MAX_DOUBLES];
    size_t dbl_off[MAX_DOUBLES];
} kind_desc_t;

#define OS(f) offsetof(mip_billing_service_t, f)
#define OL(f) offsetof(mip_billing_lambda_t, f)
#define OE(f) offsetof(mip_billing_ec2_t, f)
#define OM(f) offsetof(mip_billing_lmi_t, f)

/* indexes of the doubles, in descriptor order */
enum { S_QTY, S_BILLED, S_EFF, S_LIST };
enum { L_REQ, L_DUR, L_PC, L_PD, L_COST0 }; /* costs: L_COST0 + 2 q (+1 effective) */
enum { E_HOURS, E_BILLED, E_EFF, E_LIST };
enum { M_QTY, M_BILLED, M_EFF };

static const kind_desc_t KINDS[K_COUNT] = {
    {"services",
     2,
     {"service", "usage_type"},
     {OS(service), OS(usage_type)},
     -1,
     -1,
     2,
     {"rows", "unrecognised_rows"},
     {OS(rows), OS(unrecognised_rows)},
     4,
     {"usage_quantity", "billed_usd", "effective_usd", "list_usd"},
     {OS(usage_quantity), OS(billed_usd), OS(effective_usd), OS(list_usd)}},
    {"lambda",
     3,
     {"account", "region", "resource"},
     {OL(account), OL(region), OL(resource)},
     (long)OL(hour_s),
     (long)OL(arch),
     1,
     {"rows"},
     {OL(rows)},
     12,
     {"requests", "duration_gb_s", "provisioned_concurrency_gb_s",
      "provisioned_duration_gb_s", "requests_billed_usd", "requests_effective_usd",
      "duration_billed_usd", "duration_effective_usd",
      "provisioned_concurrency_billed_usd", "provisioned_concurrency_effective_usd",
      "provisioned_duration_billed_usd", "provisioned_duration_effective_usd"},
     {OL(requests), OL(duration_gb_s), OL(provisioned_concurrency_gb_s),
      OL(provisioned_duration_gb_s), OL(requests_billed_usd), OL(requests_effective_usd),
      OL(duration_billed_usd), OL(duration_effective_usd),
      OL(provisioned_concurrency_billed_usd), OL(provisioned_concurrency_effective_usd),
      OL(provisioned_duration_billed_usd), OL(provisioned_duration_effective_usd)}},
    {"ec2",
     2,
     {"region", "instance_type"},
     {OE(region), OE(instance_type)},
     (long)OE(hour_s),
     -1,
     1,
     {"rows"},
     {OE(rows)},
     4,
     {"instance_hours", "billed_usd", "effective_usd", "list_usd"},
     {OE(instance_hours), OE(billed_usd), OE(effective_usd), OE(list_usd)}},
    {"lmi",
     3,
     {"account", "region", "usage_type"},
     {OM(account), OM(region), OM(usage_type)},
     (long)OM(hour_s),
     -1,
     1,
     {"rows"},
     {OM(rows)},
     3,
     {"quantity", "billed_usd", "effective_usd"},
     {OM(quantity), OM(billed_usd), OM(effective_usd)}},
};

/* Savings Plans and info: fixed structs, described the same way. */
#define SP_NSIZE 3
#define SP_NDBL 6
static const char *const SP_SIZE_NAME[SP_NSIZE] = {"covered_rows", "recurring_fee_rows",
                                                   "negation_rows"};
static const size_t SP_SIZE_OFF[SP_NSIZE] = {
    offsetof(mip_billing_savings_plans_t, covered_rows),
    offsetof(mip_billing_savings_plans_t, recurring_fee_rows),
    offsetof(mip_billing_savings_plans_t, negation_rows)};
enum { P_COV_B, P_COV_E, P_COV_LAMBDA_E, P_FEE_B, P_UNUSED, P_NEG_B };
static const char *const SP_DBL_NAME[SP_NDBL] = {
    "covered_billed_usd",       "covered_effective_usd", "covered_lambda_effective_usd",
    "recurring_fee_billed_usd", "unused_commitment_usd", "negation_billed_usd"};
static const size_t SP_DBL_OFF[SP_NDBL] = {
    offsetof(mip_billing_savings_plans_t, covered_billed_usd),
    offsetof(mip_billing_savings_plans_t, covered_effective_usd),
    offsetof(mip_billing_savings_plans_t, covered_lambda_effective_usd),
    offsetof(mip_billing_savings_plans_t, recurring_fee_billed_usd),
    offsetof(mip_billing_savings_plans_t, unused_commitment_usd),
    offsetof(mip_billing_savings_plans_t, negation_billed_usd)};

#define INFO_NSIZE 12
static const char *const INFO_NAME[INFO_NSIZE] = {
    "files",        "rows",     "rows_cur",           "rows_cur2", "rows_focus",
    "lambda_rows",  "ec2_rows", "savings_plans_rows", "lmi_rows",  "unrecognised_rows",
    "skipped_rows", "rows_auto"};
static const size_t INFO_OFF[INFO_NSIZE] = {
    offsetof(mip_billing_info_t, files),
    offsetof(mip_billing_info_t, rows),
    offsetof(mip_billing_info_t, rows_by_dialect) + MIP_BILLING_CUR * sizeof(size_t),
    offsetof(mip_billing_info_t, rows_by_dialect) + MIP_BILLING_CUR2 * sizeof(size_t),
    offsetof(mip_billing_info_t, rows_by_dialect) + MIP_BILLING_FOCUS * sizeof(size_t),
    offsetof(mip_billing_info_t, lambda_rows),
    offsetof(mip_billing_info_t, ec2_rows),
    offsetof(mip_billing_info_t, savings_plans_rows),
    offsetof(mip_billing_info_t, lmi_rows),
    offsetof(mip_billing_info_t, unrecognised_rows),
    offsetof(mip_billing_info_t, skipped_rows),
    offsetof(mip_billing_info_t, rows_by_dialect) + MIP_BILLING_AUTO * sizeof(size_t)};

#define TOT_NDBL 3
static const char *const TOT_NAME[TOT_NDBL] = {"billed_usd", "effective_usd", "list_usd"};

/* ------------------------------------------------------------------------ */
/* Hash tables                                                               */

typedef struct tab {
    ent_t **items; /* in insertion order */
    size_t n, cap;
    size_t *slot; /* index + 1, 0 = empty; nslot is a power of two */
    size_t nslot;
    ent_t **sorted; /* the view the accessors give, after finish() */
} tab_t;

struct mip_billing {
    tab_t tab[K_COUNT];
    mip_billing_info_t info;
    mip_billing_savings_plans_t sp;
    mip__sum_t sp_sum[SP_NDBL];
    mip__sum_t tot[TOT_NDBL];
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void tab_free(tab_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->items[i]);
    free(t->items);
    free(t->slot);
    free(t->sorted);
    memset(t, 0, sizeof *t);
}

static int tab_rehash(tab_t *t, size_t nslot)
{
    size_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return MIP_ENOMEM;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = (size_t)t->items[i]->h & (nslot - 1);
        while (slot[j])
            j = (j + 1) & (nslot - 1);
        slot[j] = i + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return MIP_OK;
}

/* The entry of kind k with this key, created (zeroed) if new; NULL: no memory. */
static ent_t *tab_get(tab_t *t, int k, const char *key, size_t klen)
{
    uint64_t h = hash_bytes(key, klen);
    if (t->nslot) {
        size_t j = (size_t)h & (t->nslot - 1);
        while (t->slot[j]) {
            ent_t *e = t->items[t->slot[j] - 1];
            if (e->h == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
                return e;
            j = (j + 1) & (t->nslot - 1);
        }
    }
    if ((t->n + 1) * 2 > t->nslot &&
        tab_rehash(t, t->nslot ? 2 * t->nslot : 64) != MIP_OK)
        return NULL;
    if (t->n == t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 32;
        ent_t **ni = realloc(t->items, nc * sizeof *ni);
        if (!ni)
            return NULL;
        t->items = ni;
        t->cap = nc;
    }
    ent_t *e = calloc(1, sizeof *e + klen);
    if (!e)
        return NULL;
    e->h = h;
    e->klen = klen;
    e->key = (char *)(e + 1);
    memcpy(e->key, key, klen);
    /* the public struct's strings, hour and arch come from the key */
    const kind_desc_t *d = &KINDS[k];
    char *base = (char *)&e->pub;
    const char *p = e->key;
    for (size_t i = 0; i < d->nstr; i++) {
        memcpy(base + d->str_off[i], &p, sizeof p);
        p += strlen(p) + 1;
    }
    double hour;
    int arch;
    memcpy(&hour, p, sizeof hour);
    memcpy(&arch, p + sizeof hour, sizeof arch);
    if (d->hour_off >= 0)
        memcpy(base + d->hour_off, &hour, sizeof hour);
    if (d->arch_off >= 0) {
        mip_arch_t a = (mip_arch_t)arch;
        memcpy(base + d->arch_off, &a, sizeof a);
    }
    size_t j = (size_t)h & (t->nslot - 1);
    while (t->slot[j])
        j = (j + 1) & (t->nslot - 1);
    t->items[t->n] = e;
    t->slot[j] = ++t->n;
    return e;
}

/* Keys: built in a growing buffer. */
typedef struct keybuf {
    char *s;
    size_t len, cap;
} keybuf_t;

static int key_put(keybuf_t *k, const char *s, size_t n)
{
    if (k->len + n + 1 > k->cap) {
        size_t nc = k->cap ? k->cap : 256;
        while (nc < k->len + n + 1)
            nc *= 2;
        char *p = realloc(k->s, nc);
        if (!p)
            return MIP_ENOMEM;
        k->s = p;
        k->cap = nc;
    }
    if (n)
        memcpy(k->s + k->len, s, n);
    k->len += n;
    return MIP_OK;
}

static int key_str(keybuf_t *k, const char *s, size_t n)
{
    /* the key's strings are read back up to their NUL: a field's own NUL
     * byte ends it, or the hour and arch after it would be misread */
    const char *nul = n ? memchr(s, '\0', n) : NULL;
    if (nul)
        n = (size_t)(nul - s);
    int rc = key_put(k, s, n);
    if (rc == MIP_OK)
        rc = key_put(k, "", 1);
    return rc;
}

static int key_end(keybuf_t *k, double hour, int arch)
{
    char tail[sizeof(double) + sizeof(int)];
    memcpy(tail, &hour, sizeof hour);
    memcpy(tail + sizeof hour, &arch, sizeof arch);
    return key_put(k, tail, sizeof tail);
}

/* ------------------------------------------------------------------------ */
/* Finishing: sums into the public structs, sorted views                    */

/* qsort has no user pointer: the kind is given by the comparison function
 * chosen, one per kind (no global state). */
static int cmp_ent(const ent_t *a, const ent_t *b, int k)
{
    const kind_desc_t *d = &KINDS[k];
    const char *pa = a->key, *pb = b->key;
    for (size_t i = 0; i < d->nstr; i++) {
        int c = strcmp(pa, pb);
        if (c)
            return c;
        pa += strlen(pa) + 1;
        pb += strlen(pb) + 1;
    }
    double ha, hb;
    int aa, ab;
    memcpy(&ha, pa, sizeof ha);
    memcpy(&hb, pb, sizeof hb);
    memcpy(&aa, pa + sizeof ha, sizeof aa);
    memcpy(&ab, pb + sizeof hb, sizeof ab);
    if (aa != ab)
        return aa < ab ? -1 : 1;
    return ha < hb ? -1 : ha > hb ? 1 : 0;
}
#define CMP_FN(k)                                                                        \
    static int cmp_##k(const void *a, const void *b)                                     \
    {                                                                                    \
        return cmp_ent(*(ent_t *const *)a, *(ent_t *const *)b, k);                       \
    }
CMP_FN(K_SVC)
CMP_FN(K_LAMBDA)
CMP_FN(K_EC2)
CMP_FN(K_LMI)
static int (*const CMP[K_COUNT])(const void *, const void *) = {cmp_K_SVC, cmp_K_LAMBDA,
                                                                cmp_K_EC2, cmp_K_LMI};

static int finish(mip_billing_t *b)
{
    for (int k = 0; k < K_COUNT; k++) {
        tab_t *t = &b->tab[k];
        const kind_desc_t *d = &KINDS[k];
        for (size_t i = 0; i < t->n; i++) {
            ent_t *e = t->items[i];
            for (size_t j = 0; j < d->ndbl; j++) {
                double v = mip__sum_value(&e->sum[j]);
                memcpy((char *)&e->pub + d->dbl_off[j], &v, sizeof v);
            }
        }
        free(t->sorted);
        t->sorted = NULL;
        if (t->n) {
            t->sorted = malloc(t->n * sizeof *t->sorted);
            if (!t->sorted)
                return MIP_ENOMEM;
            memcpy(t->sorted, t->items, t->n * sizeof *t->sorted);
            qsort(t->sorted, t->n, sizeof *t->sorted, CMP[k]);
        }
    }
    for (size_t j = 0; j < SP_NDBL; j++) {
        double v = mip__sum_value(&b->sp_sum[j]);
        memcpy((char *)&b->sp + SP_DBL_OFF[j], &v, sizeof v);
    }
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Regions                                                                   */

static const struct {
    const char *prefix, *region;
} PREFIXES[] = {
    {"USE1", "us-east-1"},      {"USE2", "us-east-2"},      {"USW1", "us-west-1"},
    {"USW2", "us-west-2"},      {"CAN1", "ca-central-1"},   {"CAW1", "ca-west-1"},
    {"EU", "eu-west-1"},        {"EUW1", "eu-west-1"},      {"EUW2", "eu-west-2"},
    {"EUW3", "eu-west-3"},      {"EUC1", "eu-central-1"},   {"EUC2", "eu-central-2"},
    {"EUN1", "eu-north-1"},     {"EUS1", "eu-south-1"},     {"EUS2", "eu-south-2"},
    {"APN1", "ap-northeast-1"}, {"APN2", "ap-northeast-2"}, {"APN3", "ap-northeast-3"},
    {"APS1", "ap-southeast-1"}, {"APS2", "ap-southeast-2"}, {"APS3", "ap-south-1"},
    {"APS4", "ap-southeast-3"}, {"APS5", "ap-south-2"},     {"APS6", "ap-southeast-4"},
    {"APS7", "ap-southeast-5"}, {"APE1", "ap-east-1"},      {"SAE1", "sa-east-1"},
    {"MES1", "me-south-1"},     {"MEC1", "me-central-1"},   {"AFS1", "af-south-1"},
    {"ILC1", "il-central-1"},   {"MXC1", "mx-central-1"},   {"UGW1", "us-gov-west-1"},
    {"UGE1", "us-gov-east-1"},
};

const char *mip_billing_region_of_prefix(const char *prefix, size_t len)
{
    if (!prefix)
        return NULL;
    for (size_t i = 0; i < sizeof PREFIXES / sizeof PREFIXES[0]; i++)
        if (strlen(PREFIXES[i].prefix) == len &&
            memcmp(PREFIXES[i].prefix, prefix, len) == 0)
            return PREFIXES[i].region;
    return NULL;
}

/* The length of a region code at the start of s ("ca-central-1"), or 0. */
static size_t region_code_len(const char *s, size_t n)
{
    size_t i = 0, parts = 0;
    for (;;) {
        size_t st = i;
        while (i < n && s[i] >= 'a' && s[i] <= 'z')
            i++;
        if (i == st)
            return 0;
        parts++;
        if (i >= n || s[i] != '-')
            return 0;
        i++;
        if (i < n && s[i] >= '0' && s[i] <= '9') {
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            return parts >= 2 ? i : 0;
        }
    }
}

/* Split a usage type into its region (from the prefix; NULL when none) and
 * the rest. A region code itself may be the prefix ("ca-central-1-KMS-..."). */
static void split_usage_type(const char *s, size_t n, const char **region, size_t *rlen,
                             const char **rest, size_t *restlen)
{
    *region = NULL;
    *rlen = 0;
    *rest = s;
    *restlen = n;
    const char *dash = memchr(s, '-', n);
    if (dash) {
        const char *r = mip_billing_region_of_prefix(s, (size_t)(dash - s));
        if (r) {
            *region = r;
            *rlen = strlen(r);
            *rest = dash + 1;
            *restlen = n - (size_t)(dash - s) - 1;
            return;
        }
    }
    size_t c = region_code_len(s, n);
    if (c > 0 && c < n && s[c] == '-') {
        *region = s;
        *rlen = c;
        *rest = s + c + 1;
        *restlen = n - c - 1;
    }
}

/* ------------------------------------------------------------------------ */
/* Columns                                                                   */

enum {
    C_ACCOUNT,
    C_TYPE,
    C_START,
    C_SERVICE,
    C_SERVICE_CODE,
    C_USAGE_TYPE,
    C_RESOURCE,
    C_AMOUNT,
    C_PRICING_QTY,
    C_UNIT,
    C_PRICING_UNIT,
    C_UNBLENDED,
    C_NET,
    C_REGION_CODE,
    C_REGION,
    C_OD_RATE,
    C_OD_COST,
    C_SP_EFF,
    C_SP_TOTAL,
    C_SP_USED,
    C_RI_EFF,
    C_EFFECTIVE,
    C_LIST,
    C_CDT,
    C_COUNT
};

/* Names in each dialect (NULL: none); required marks with a leading '!'. */
static const char *const COLS[C_COUNT][3] = {
    {"lineItem/UsageAccountId", "line_item_usage_account_id", "SubAccountId"},
    {"!lineItem/LineItemType", "!line_item_line_item_type", "!ChargeCategory"},
    {"!lineItem/UsageStartDate", "!line_item_usage_start_date", "!ChargePeriodStart"},
    {"!lineItem/ProductCode", "!line_item_product_code", "!ServiceName"},
    {NULL, NULL, "x_ServiceCode"},
    {"!lineItem/UsageType", "!line_item_usage_type", "x_UsageType"},
    {"lineItem/ResourceId", "line_item_resource_id", "ResourceId"},
    {"!lineItem/UsageAmount", "!line_item_usage_amount", "ConsumedQuantity"},
    {NULL, NULL, "PricingQuantity"},
    {"pricing/unit", "pricing_unit", "ConsumedUnit"},
    {NULL, NULL, "PricingUnit"},
    {"!lineItem/UnblendedCost", "!line_item_unblended_cost", "!BilledCost"},
    {"lineItem/NetUnblendedCost", "line_item_net_unblended_cost", NULL},
    {"product/regionCode", "product_region_code", "RegionId"},
    {"product/region", NULL, NULL},
    {"pricing/publicOnDemandRate", "pricing_public_on_demand_rate", NULL},
    {"pricing/publicOnDemandCost", "pricing_public_on_demand_cost", NULL},
    {"savingsPlan/SavingsPlanEffectiveCost", "savings_plan_savings_plan_effective_cost",
     NULL},
    {"savingsPlan/TotalCommitmentToDate", "savings_plan_total_commitment_to_date", NULL},
    {"savingsPlan/UsedCommitment", "savings_plan_used_commitment", NULL},
    {"reservation/EffectiveCost", "reservation_effective_cost", NULL},
    {NULL, NULL, "EffectiveCost"},
    {NULL, NULL, "ListCost"},
    {NULL, NULL, "CommitmentDiscountType"},
};

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

typedef struct reader {
    mip_billing_t *b;
    const mip_billing_options_t *opt;
    mip_error_t *err;
    const char *path;
    mip_billing_dialect_t dialect;
    long col[C_COUNT];
    size_t ncols;
    keybuf_t key;
    /* field mode: only the columns used are copied, into buf at off[] */
    int field_mode;
    unsigned char *want; /* [ncols]: 1 for a column used */
    mip__csv_field_t *f; /* [ncols]: the row handed to on_row */
    size_t *off;         /* [ncols] */
    char *buf;
    size_t blen, bcap;
} reader_t;

typedef struct fld {
    const char *s;
    size_t len;
    int present;
} fld_t;

static const char *col_name(const reader_t *r, int c)
{
    const char *n = COLS[c][r->dialect - 1];
    return n[0] == '!' ? n + 1 : n;
}

/* A field: missing when the column is absent, empty or the literal NULL. */
static fld_t get(const reader_t *r, const mip__csv_row_t *row, int c)
{
    fld_t f = {"", 0, 0};
    long i = r->col[c];
    if (i < 0 || (size_t)i >= row->n)
        return f;
    const mip__csv_field_t *v = &row->f[i];
    if (v->len == 0 || (v->len == 4 && memcmp(v->s, "NULL", 4) == 0))
        return f;
    f.s = v->s;
    f.len = v->len;
    f.present = 1;
    return f;
}

/* A number (negative allowed: credits, negations); missing is 0 and *present 0. */
static int get_num(const reader_t *r, const mip__csv_row_t *row, int c, double *out,
                   int *present, mip__csv_fail_t *rf)
{
    fld_t f = get(r, row, c);
    *out = 0.0;
    if (present)
        *present = f.present;
    if (!f.present)
        return MIP_OK;
    mip_error_t e;
    mip_error_clear(&e);
    if (mip_parse_double_n(f.s, f.len, out, &e) != MIP_OK)
        return mip__csv_fail_at(rf, MIP_EPARSE, r->col[c] + 1, "%s: %s", col_name(r, c),
                                e.text);
    return MIP_OK;
}

static int eq(const fld_t *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && strncasecmp(f->s, s, n) == 0;
}

static int starts(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && memcmp(s, p, m) == 0;
}

static int ends(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && memcmp(s + n - m, p, m) == 0;
}

static int contains_ci(const fld_t *f, const char *p)
{
    size_t m = strlen(p);
    for (size_t i = 0; i + m <= f->len; i++)
        if (strncasecmp(f->s + i, p, m) == 0)
            return 1;
    return 0;
}

/* A bad row: an error, or with skip_bad_rows counted with its reason. */
static int bad_row(reader_t *r, long line, const mip__csv_fail_t *rf)
{
    mip_billing_info_t *in = &r->b->info;
    return mip__csv_bad_row(rf, r->path, line, r->opt->skip_bad_rows, r->err, in->reasons,
                            MIP_BILLING_MAX_REASONS, &in->n_reasons, &in->skipped_rows);
}

enum {
    LT_USAGE,
    LT_COVERED,
    LT_NEGATION,
    LT_RECURRING,
    LT_UPFRONT,
    LT_DISCOUNTED,
    LT_OTHER
};

/* The values of a row, parsed before anything is added. */
typedef struct rowv {
    fld_t account, type, service, usage_type, resource, region, unit;
    double start;
    int has_start;
    double qty, billed, effective, list;
    int lt;
} rowv_t;

static int parse_row(reader_t *r, const mip__csv_row_t *row, rowv_t *v,
                     mip__csv_fail_t *rf)
{
    if (row->n != r->ncols)
        return mip__csv_fail_at(rf, MIP_EPARSE,
                                (long)(row->n < r->ncols ? row->n : r->ncols) + 1,
                                "%zu fields, the header has %zu", row->n, r->ncols);
    int focus = r->dialect == MIP_BILLING_FOCUS;
    v->account = get(r, row, C_ACCOUNT);
    v->type = get(r, row, C_TYPE);
    v->service = get(r, row, C_SERVICE);
    fld_t code = get(r, row, C_SERVICE_CODE);
    if (code.present)
        v->service = code;
    v->usage_type = get(r, row, C_USAGE_TYPE);
    v->resource = get(r, row, C_RESOURCE);
    v->region = get(r, row, C_REGION_CODE);
    if (!v->region.present) {
        fld_t reg = get(r, row, C_REGION);
        /* legacy product/region holds a code in new exports, a name in old */
        if (reg.present && region_code_len(reg.s, reg.len) == reg.len)
            v->region = reg;
    }
    v->unit = get(r, row, C_UNIT);
    if (!v->unit.present)
        v->unit = get(r, row, C_PRICING_UNIT);

    fld_t st = get(r, row, C_START);
    v->has_start = st.present;
    v->start = 0.0;
    if (st.present) {
        mip_error_t e;
        mip_error_clear(&e);
        if (mip_parse_timestamp(st.s, st.len, &v->start, &e) != MIP_OK)
            return mip__csv_fail_at(rf, MIP_EPARSE, r->col[C_START] + 1, "%s: %s",
                                    col_name(r, C_START), e.text);
    }
    int rc, has;
    double unblended, net, amount;
    if ((rc = get_num(r, row, C_UNBLENDED, &unblended, NULL, rf)) != MIP_OK)
        return rc;
    if ((rc = get_num(r, row, C_AMOUNT, &amount, &has, rf)) != MIP_OK)
        return rc;
    if (focus && !has &&
        (rc = get_num(r, row, C_PRICING_QTY, &amount, NULL, rf)) != MIP_OK)
        return rc;
    v->qty = amount;

    if (focus) {
        v->billed = unblended;
        if ((rc = get_num(r, row, C_EFFECTIVE, &v->effective, NULL, rf)) != MIP_OK ||
            (rc = get_num(r, row, C_LIST, &v->list, NULL, rf)) != MIP_OK)
            return rc;
        fld_t cdt = get(r, row, C_CDT);
        int sp = contains_ci(&cdt, "savings");
        if (eq(&v->type, "Usage"))
            v->lt = !sp                                      ? LT_USAGE
                    : v->billed < 0.0 && v->effective == 0.0 ? LT_NEGATION
                                                             : LT_COVERED;
        else if (eq(&v->type, "Purchase") && sp)
            v->lt = LT_RECURRING;
        else
            v->lt = LT_OTHER;
        return MIP_OK;
    }

    if ((rc = get_num(r, row, C_NET, &net, &has, rf)) != MIP_OK)
        return rc;
    v->billed = has ? net : unblended;
    const fld_t *t = &v->type;
    v->lt = eq(t, "Usage")                     ? LT_USAGE
            : eq(t, "SavingsPlanCoveredUsage") ? LT_COVERED
            : eq(t, "SavingsPlanNegation")     ? LT_NEGATION
            : eq(t, "SavingsPlanRecurringFee") ? LT_RECURRING
            : eq(t, "SavingsPlanUpfrontFee")   ? LT_UPFRONT
            : eq(t, "DiscountedUsage")         ? LT_DISCOUNTED
                                               : LT_OTHER;
    double rate, od_cost;
    int has_rate;
    if ((rc = get_num(r, row, C_OD_RATE, &rate, &has_rate, rf)) != MIP_OK ||
        (rc = get_num(r, row, C_OD_COST, &od_cost, NULL, rf)) != MIP_OK)
        return rc;
    v->list = has_rate ? rate * amount : od_cost;
    switch (v->lt) {
    case LT_COVERED:
        rc = get_num(r, row, C_SP_EFF, &v->effective, NULL, rf);
        break;
    case LT_RECURRING: {
        double total, used;
        if ((rc = get_num(r, row, C_SP_TOTAL, &total, NULL, rf)) == MIP_OK &&
            (rc = get_num(r, row, C_SP_USED, &used, NULL, rf)) == MIP_OK)
            v->effective = total - used;
        break;
    }
    case LT_NEGATION:
    case LT_UPFRONT:
        v->effective = 0.0;
        break;
    case LT_DISCOUNTED:
        rc = get_num(r, row, C_RI_EFF, &v->effective, NULL, rf);
        break;
    default:
        v->effective = unblended;
    }
    return rc;
}

static int is_lambda_service(const fld_t *s)
{
    return eq(s, "AWSLambda") || eq(s, "AWS Lambda");
}

/* What a Lambda usage type is: L_REQ... or -1; *arm when "-ARM". */
static int lambda_kind(const char *u, size_t n, int *arm)
{
    *arm = ends(u, n, "-ARM");
    if (*arm)
        n -= 4;
    static const struct {
        const char *name;
        int kind;
    } K[] = {{"Request", L_REQ},
             {"Requests", L_REQ},
             {"Lambda-GB-Second", L_DUR},
             {"Lambda-Provisioned-Concurrency", L_PC},
             {"Lambda-Provisioned-GB-Second", L_PD}};
    for (size_t i = 0; i < sizeof K / sizeof K[0]; i++)
        if (strlen(K[i].name) == n && memcmp(K[i].name, u, n) == 0)
            return K[i].kind;
    return -1;
}

static int add_entry(reader_t *r, int k, ent_t **out)
{
    ent_t *e = tab_get(&r->b->tab[k], k, r->key.s, r->key.len);
    if (!e)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, 0, 0, "out of memory");
    *out = e;
    return MIP_OK;
}

static int on_row(void *user, const mip__csv_row_t *row)
{
    reader_t *r = user;
    mip_billing_t *b = r->b;
    rowv_t v;
    mip__csv_fail_t rf;
    memset(&v, 0, sizeof v);
    if (parse_row(r, row, &v, &rf) != MIP_OK)
        return bad_row(r, row->line, &rf);

    /* what the row is */
    const char *preg, *bare;
    size_t preglen, barelen;
    split_usage_type(v.usage_type.s, v.usage_type.len, &preg, &preglen, &bare, &barelen);
    int lambda = is_lambda_service(&v.service);
    int lmi = starts(bare, barelen, "Lambda-Managed-Instances");
    int arm = 0, lkind = -1;
    if (lambda && !lmi) {
        if (v.usage_type.present)
            lkind = lambda_kind(bare, barelen, &arm);
        else if (eq(&v.unit, "Requests") || eq(&v.unit, "Request"))
            lkind = L_REQ; /* FOCUS without x_UsageType: by unit */
        else if (eq(&v.unit, "Lambda-GB-Second") || eq(&v.unit, "GB-Seconds") ||
                 eq(&v.unit, "GB-Second"))
            lkind = L_DUR;
    }
    int ec2 = !lmi && starts(bare, barelen, "BoxUsage:") && barelen > 9;
    int sp = v.lt == LT_COVERED || v.lt == LT_NEGATION || v.lt == LT_RECURRING;
    int usage = v.lt == LT_USAGE || v.lt == LT_COVERED || v.lt == LT_DISCOUNTED;
    int specific = lkind >= 0 || ec2 || lmi;
    if (specific && !v.has_start) {
        rf.code = MIP_EPARSE;
        rf.col = r->col[C_START] + 1;
        snprintf(rf.text, sizeof rf.text, "%s: missing, needed for %s usage",
                 col_name(r, C_START), ec2 ? "EC2" : "Lambda");
        return bad_row(r, row->line, &rf);
    }
    const char *region = v.region.s;
    size_t regionlen = v.region.len;
    if (!v.region.present) {
        region = preg ? preg : specific ? "us-east-1" : "";
        regionlen = preg ? preglen : strlen(region);
    }
    double hour = floor(v.start / 3600.0) * 3600.0;
    int rc;
    ent_t *e = NULL;

    /* (a) every row */
    r->key.len = 0;
    if ((rc = key_str(&r->key, v.service.s, v.service.len)) != MIP_OK ||
        (rc = key_str(&r->key, v.usage_type.s, v.usage_type.len)) != MIP_OK ||
        (rc = key_end(&r->key, 0.0, 0)) != MIP_OK ||
        (rc = add_entry(r, K_SVC, &e)) != MIP_OK)
        return rc == MIP_ENOMEM
                   ? mip__error_set(r->err, rc, r->path, 0, 0, "out of memory")
                   : rc;
    e->pub.svc.rows++;
    if (!specific && !sp)
        e->pub.svc.unrecognised_rows++;
    mip__sum_add(&e->sum[S_QTY], v.qty);
    mip__sum_add(&e->sum[S_BILLED], v.billed);
    mip__sum_add(&e->sum[S_EFF], v.effective);
    mip__sum_add(&e->sum[S_LIST], v.list);
    mip__sum_add(&b->tot[0], v.billed);
    mip__sum_add(&b->tot[1], v.effective);
    mip__sum_add(&b->tot[2], v.list);
    b->info.rows++;
    b->info.rows_by_dialect[r->dialect]++;
    if (!specific && !sp)
        b->info.unrecognised_rows++;

    r->key.len = 0;
    if (lkind >= 0) {
        if ((rc = key_str(&r->key, v.account.s, v.account.len)) != MIP_OK ||
            (rc = key_str(&r->key, region, regionlen)) != MIP_OK ||
            (rc = key_str(&r->key, v.resource.s, v.resource.len)) != MIP_OK ||
            (rc = key_end(&r->key, hour, arm ? MIP_ARCH_ARM64 : MIP_ARCH_X86_64)) !=
                MIP_OK ||
            (rc = add_entry(r, K_LAMBDA, &e)) != MIP_OK)
            goto nomem;
        e->pub.lam.rows++;
        if (usage)
            mip__sum_add(&e->sum[lkind], v.qty);
        /* billed is the on-demand charge: a Savings Plan's negation of it
         * is in the Savings Plans totals, not here */
        if (v.lt != LT_NEGATION)
            mip__sum_add(&e->sum[L_COST0 + 2 * lkind], v.billed);
        mip__sum_add(&e->sum[L_COST0 + 2 * lkind + 1], v.effective);
        b->info.lambda_rows++;
    } else if (ec2) {
        if ((rc = key_str(&r->key, region, regionlen)) != MIP_OK ||
            (rc = key_str(&r->key, bare + 9, barelen - 9)) != MIP_OK ||
            (rc = key_end(&r->key, hour, 0)) != MIP_OK ||
            (rc = add_entry(r, K_EC2, &e)) != MIP_OK)
            goto nomem;
        e->pub.ec2.rows++;
        if (usage)
            mip__sum_add(&e->sum[E_HOURS], v.qty);
        mip__sum_add(&e->sum[E_BILLED], v.billed);
        mip__sum_add(&e->sum[E_EFF], v.effective);
        mip__sum_add(&e->sum[E_LIST], v.list);
        b->info.ec2_rows++;
    } else if (lmi) {
        if ((rc = key_str(&r->key, v.account.s, v.account.len)) != MIP_OK ||
            (rc = key_str(&r->key, region, regionlen)) != MIP_OK ||
            (rc = key_str(&r->key, bare, barelen)) != MIP_OK ||
            (rc = key_end(&r->key, hour, 0)) != MIP_OK ||
            (rc = add_entry(r, K_LMI, &e)) != MIP_OK)
            goto nomem;
        e->pub.lmi.rows++;
        if (usage)
            mip__sum_add(&e->sum[M_QTY], v.qty);
        mip__sum_add(&e->sum[M_BILLED], v.billed);
        mip__sum_add(&e->sum[M_EFF], v.effective);
        b->info.lmi_rows++;
    }

    if (sp) {
        b->info.savings_plans_rows++;
        if (v.lt == LT_COVERED) {
            b->sp.covered_rows++;
            mip__sum_add(&b->sp_sum[P_COV_B], v.billed);
            mip__sum_add(&b->sp_sum[P_COV_E], v.effective);
            if (lambda)
                mip__sum_add(&b->sp_sum[P_COV_LAMBDA_E], v.effective);
        } else if (v.lt == LT_RECURRING) {
            b->sp.recurring_fee_rows++;
            mip__sum_add(&b->sp_sum[P_FEE_B], v.billed);
            mip__sum_add(&b->sp_sum[P_UNUSED], v.effective);
        } else {
            b->sp.negation_rows++;
            mip__sum_add(&b->sp_sum[P_NEG_B], v.billed);
        }
    }
    return MIP_OK;
nomem:
    return mip__error_set(r->err, MIP_ENOMEM, r->path, row->line, 0, "out of memory");
}

static mip_billing_dialect_t detect(const mip__csv_row_t *h)
{
    if (mip__csv_find(h, "lineItem/UsageType") >= 0)
        return MIP_BILLING_CUR;
    if (mip__csv_find(h, "line_item_usage_type") >= 0)
        return MIP_BILLING_CUR2;
    if (mip__csv_find(h, "BilledCost") >= 0 && mip__csv_find(h, "ChargeCategory") >= 0)
        return MIP_BILLING_FOCUS;
    return MIP_BILLING_AUTO;
}

static int want_columns(reader_t *r);

static int on_header(void *user, const mip__csv_row_t *h)
{
    reader_t *r = user;
    char cols[200];
    r->dialect = r->opt->dialect != MIP_BILLING_AUTO ? r->opt->dialect : detect(h);
    if (r->dialect == MIP_BILLING_AUTO) {
        mip__csv_header_list(h, cols, sizeof cols);
        return mip__error_set(
            r->err, MIP_ESCHEMA, r->path, h->line, 0,
            "not a CUR, CUR 2.0 or FOCUS export: no lineItem/UsageType, "
            "line_item_usage_type or BilledCost and ChargeCategory "
            "column (columns: %s)",
            cols);
    }
    r->ncols = h->n;
    for (int c = 0; c < C_COUNT; c++) {
        const char *n = COLS[c][r->dialect - 1];
        r->col[c] = -1;
        if (!n)
            continue;
        int required = n[0] == '!';
        r->col[c] = mip__csv_find(h, required ? n + 1 : n);
        if (r->col[c] < 0 && required) {
            mip__csv_header_list(h, cols, sizeof cols);
            return mip__error_set(r->err, MIP_ESCHEMA, r->path, h->line, 0,
                                  "%s export without the column '%s' (columns: %s)",
                                  mip_billing_dialect_name(r->dialect), n + 1, cols);
        }
    }
    if (want_columns(r) != MIP_OK)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, h->line, 0, "out of memory");
    return MIP_OK;
}

/* Field mode: keep a copy of the fields of used columns only. */
static int on_field(void *user, size_t index, const char *s, size_t len, long line)
{
    reader_t *r = user;
    if (index >= r->ncols || !r->want[index])
        return MIP_OK;
    if (r->blen + len + 1 > r->bcap) {
        size_t nc = r->bcap ? r->bcap : 1024;
        while (nc < r->blen + len + 1)
            nc *= 2;
        char *p = realloc(r->buf, nc);
        if (!p)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, line, 0, "out of memory");
        r->buf = p;
        r->bcap = nc;
    }
    memcpy(r->buf + r->blen, s, len);
    r->buf[r->blen + len] = '\0';
    r->off[index] = r->blen;
    r->f[index].len = len;
    r->blen += len + 1;
    return MIP_OK;
}

static int on_row_end(void *user, size_t n, long line)
{
    reader_t *r = user;
    for (size_t i = 0; i < r->ncols; i++)
        r->f[i].s = r->want[i] && r->f[i].len ? r->buf + r->off[i] : "";
    mip__csv_row_t row = {r->f, n, line, 1};
    int rc = on_row(r, &row);
    for (size_t i = 0; i < r->ncols; i++)
        r->f[i].len = 0;
    r->blen = 0;
    return rc;
}

/* After the header: the used columns, for field mode. */
static int want_columns(reader_t *r)
{
    free(r->want);
    free(r->f);
    free(r->off);
    r->want = calloc(r->ncols, 1);
    r->f = calloc(r->ncols, sizeof *r->f);
    r->off = calloc(r->ncols, sizeof *r->off);
    if (!r->want || !r->f || !r->off)
        return MIP_ENOMEM;
    for (int c = 0; c < C_COUNT; c++)
        if (r->col[c] >= 0)
            r->want[r->col[c]] = 1;
    for (size_t i = 0; i < r->ncols; i++)
        r->f[i].s = "";
    r->field_mode = 1;
    return MIP_OK;
}

static void reader_free(reader_t *r)
{
    free(r->key.s);
    free(r->want);
    free(r->f);
    free(r->off);
    free(r->buf);
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                          */

static const char *const DIALECT_NAMES[MIP_BILLING_DIALECT_COUNT] = {"auto", "cur",
                                                                     "cur2", "focus"};

const char *mip_billing_dialect_name(mip_billing_dialect_t d)
{
    if ((int)d < 0 || (int)d >= MIP_BILLING_DIALECT_COUNT)
        return "unknown";
    return DIALECT_NAMES[d];
}

int mip_billing_dialect_parse(const char *s, mip_billing_dialect_t *out)
{
    if (!s || !out)
        return MIP_EINVAL;
    for (int i = 0; i < MIP_BILLING_DIALECT_COUNT; i++)
        if (strcasecmp(s, DIALECT_NAMES[i]) == 0) {
            *out = (mip_billing_dialect_t)i;
            return MIP_OK;
        }
    if (strcasecmp(s, "legacy") == 0) {
        *out = MIP_BILLING_CUR;
        return MIP_OK;
    }
    if (strcasecmp(s, "cur2.0") == 0) {
        *out = MIP_BILLING_CUR2;
        return MIP_OK;
    }
    return MIP_EINVAL;
}

void mip_billing_options_init(mip_billing_options_t *o)
{
    if (!o)
        return;
    mip_billing_options_t d = MIP_BILLING_OPTIONS_INIT;
    *o = d;
}

int mip_billing_new(mip_billing_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!out)
        return mip__fail(err, MIP_EINVAL, "no output given");
    *out = calloc(1, sizeof **out);
    if (!*out)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    return MIP_OK;
}

void mip_billing_free(mip_billing_t *b)
{
    if (!b)
        return;
    for (int k = 0; k < K_COUNT; k++)
        tab_free(&b->tab[k]);
    free(b);
}

static int merge_sums(mip_billing_t *into, const mip_billing_t *other);

/* Read one file, on two threads where it pays (mip__csv_read_split): the
 * second half into an aggregate of its own, its sums added in after. */
static int read_file(reader_t *r, const mip__csv_reader_t *rd, uint64_t split_min,
                     mip_error_t *err)
{
    struct {
        reader_t r;
        mip_error_t e;
    } *p = calloc(1, sizeof *p);
    if (!p || mip_billing_new(&p->r.b, NULL) != MIP_OK) {
        free(p);
        return mip__csv_read(rd, err);
    }
    p->r.opt = r->opt;
    p->r.err = &p->e;
    p->r.path = r->path;
    mip_error_clear(&p->e);
    int halves;
    int rc =
        mip__csv_read_split(rd, &p->r, &p->r.field_mode, &p->e, split_min, &halves, err);
    if (rc == MIP_OK && halves && merge_sums(r->b, p->r.b) != MIP_OK)
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
    mip_billing_free(p->r.b);
    reader_free(&p->r);
    free(p);
    return rc;
}

int mip__billing_load_split(const char *const *paths, size_t n_paths,
                            const mip_billing_options_t *opt,
                            unsigned long long split_min, mip_billing_t **out,
                            mip_error_t *err)
{
    mip_error_clear(err);
    if (!out)
        return mip__fail(err, MIP_EINVAL, "no output given");
    *out = NULL;
    if (!paths || n_paths == 0)
        return mip__fail(err, MIP_EINVAL, "no billing export given");
    mip_billing_options_t defaults = MIP_BILLING_OPTIONS_INIT;
    if (!opt)
        opt = &defaults;
    if ((int)opt->dialect < 0 || (int)opt->dialect >= MIP_BILLING_DIALECT_COUNT)
        return mip__fail(err, MIP_EINVAL, "unknown billing dialect %d",
                         (int)opt->dialect);
    mip_billing_t *b;
    int rc = mip_billing_new(&b, err);
    if (rc != MIP_OK)
        return rc;
    reader_t r;
    memset(&r, 0, sizeof r);
    r.b = b;
    r.opt = opt;
    r.err = err;
    for (size_t i = 0; i < n_paths && rc == MIP_OK; i++) {
        if (!paths[i]) {
            rc = mip__fail(err, MIP_EINVAL, "billing export %zu: no path", i + 1);
            break;
        }
        r.path = paths[i];
        mip__csv_reader_t rd;
        memset(&rd, 0, sizeof rd);
        rd.path = paths[i];
        rd.header = on_header;
        rd.row = on_row;
        rd.field = on_field;
        rd.row_end = on_row_end;
        rd.field_mode = &r.field_mode;
        rd.user = &r;
        rd.progress = opt->progress;
        rd.progress_user = opt->progress_user;
        r.field_mode = 0;
        rc = read_file(&r, &rd, split_min, err);
        if (rc == MIP_OK)
            b->info.files++;
    }
    reader_free(&r);
    if (rc == MIP_OK && finish(b) != MIP_OK)
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
    if (rc != MIP_OK) {
        mip_billing_free(b);
        return rc;
    }
    *out = b;
    return MIP_OK;
}

static void add_sizes(void *dst, const void *src, const size_t *off, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t a, c;
        memcpy(&a, (char *)dst + off[i], sizeof a);
        memcpy(&c, (const char *)src + off[i], sizeof c);
        a += c;
        memcpy((char *)dst + off[i], &a, sizeof a);
    }
}

/* Add other's sums into into, without finishing. */
static int merge_sums(mip_billing_t *into, const mip_billing_t *other)
{
    for (int k = 0; k < K_COUNT; k++) {
        const tab_t *t = &other->tab[k];
        const kind_desc_t *d = &KINDS[k];
        for (size_t i = 0; i < t->n; i++) {
            const ent_t *o = t->items[i];
            ent_t *e = tab_get(&into->tab[k], k, o->key, o->klen);
            if (!e)
                return MIP_ENOMEM;
            add_sizes(&e->pub, &o->pub, d->size_off, d->nsize);
            for (size_t j = 0; j < d->ndbl; j++) {
                mip__sum_add(&e->sum[j], o->sum[j].sum);
                mip__sum_add(&e->sum[j], o->sum[j].comp);
            }
        }
    }
    add_sizes(&into->info, &other->info, INFO_OFF, INFO_NSIZE);
    for (size_t i = 0; i < other->info.n_reasons; i++)
        if (into->info.n_reasons < MIP_BILLING_MAX_REASONS)
            memcpy(into->info.reasons[into->info.n_reasons++], other->info.reasons[i],
                   sizeof other->info.reasons[i]);
    add_sizes(&into->sp, &other->sp, SP_SIZE_OFF, SP_NSIZE);
    for (size_t j = 0; j < SP_NDBL; j++) {
        mip__sum_add(&into->sp_sum[j], other->sp_sum[j].sum);
        mip__sum_add(&into->sp_sum[j], other->sp_sum[j].comp);
    }
    for (size_t j = 0; j < TOT_NDBL; j++) {
        mip__sum_add(&into->tot[j], other->tot[j].sum);
        mip__sum_add(&into->tot[j], other->tot[j].comp);
    }
    return MIP_OK;
}

int mip_billing_merge(mip_billing_t *into, const mip_billing_t *other, mip_error_t *err)
{
    mip_error_clear(err);
    if (!into || !other)
        return mip__fail(err, MIP_EINVAL, "no aggregate given");
    if (into == other)
        return mip__fail(err, MIP_EINVAL, "cannot merge an aggregate into itself");
    if (merge_sums(into, other) != MIP_OK || finish(into) != MIP_OK)
        return mip__fail(err, MIP_ENOMEM, "out of memory merging");
    return MIP_OK;
}

const mip_billing_info_t *mip_billing_info(const mip_billing_t *b)
{
    return b ? &b->info : NULL;
}

void mip_billing_totals(const mip_billing_t *b, double *billed_usd, double *effective_usd,
                        double *list_usd)
{
    if (billed_usd)
        *billed_usd = b ? mip__sum_value(&b->tot[0]) : 0.0;
    if (effective_usd)
        *effective_usd = b ? mip__sum_value(&b->tot[1]) : 0.0;
    if (list_usd)
        *list_usd = b ? mip__sum_value(&b->tot[2]) : 0.0;
}

static int by_billed_desc(const void *a, const void *b)
{
    const mip_billing_service_t *x = a, *y = b;
    if (x->billed_usd != y->billed_usd)
        return x->billed_usd > y->billed_usd ? -1 : 1;
    return strcmp(x->service, y->service);
}

int mip_billing_by_service(const mip_billing_t *b, mip_billing_service_t **out, size_t *n,
                           mip_error_t *err)
{
    mip_error_clear(err);
    if (!b || !out || !n)
        return mip__fail(err, MIP_EINVAL, "mip_billing_by_service: NULL argument");
    *out = NULL;
    *n = 0;
    size_t m = mip_billing_service_count(b), k = 0;
    mip_billing_service_t *s = calloc(m ? m : 1, sizeof *s);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    /* sorted by service, so a service's usage types are adjacent */
    for (size_t i = 0; i < m; i++) {
        const mip_billing_service_t *x = mip_billing_service_at(b, i);
        if (k == 0 || strcmp(s[k - 1].service, x->service) != 0) {
            s[k].service = x->service;
            s[k].usage_type = "";
            s[k].usage_quantity = NAN;
            k++;
        }
        mip_billing_service_t *t = &s[k - 1];
        t->rows += x->rows;
        t->unrecognised_rows += x->unrecognised_rows;
        t->billed_usd += x->billed_usd;
        t->effective_usd += x->effective_usd;
        t->list_usd += x->list_usd;
    }
    if (k > 1)
        qsort(s, k, sizeof *s, by_billed_desc);
    *out = s;
    *n = k;
    return MIP_OK;
}

static size_t count_of(const mip_billing_t *b, int k) { return b ? b->tab[k].n : 0; }

static const pub_t *at(const mip_billing_t *b, int k, size_t i)
{
    if (!b || i >= b->tab[k].n || !b->tab[k].sorted)
        return NULL;
    return &b->tab[k].sorted[i]->pub;
}

size_t mip_billing_service_count(const mip_billing_t *b) { return count_of(b, K_SVC); }
const mip_billing_service_t *mip_billing_service_at(const mip_billing_t *b, size_t i)
{
    const pub_t *p = at(b, K_SVC, i);
    return p ? &p->svc : NULL;
}
size_t mip_billing_lambda_count(const mip_billing_t *b) { return count_of(b, K_LAMBDA); }
const mip_billing_lambda_t *mip_billing_lambda_at(const mip_billing_t *b, size_t i)
{
    const pub_t *p = at(b, K_LAMBDA, i);
    return p ? &p->lam : NULL;
}
size_t mip_billing_ec2_count(const mip_billing_t *b) { return count_of(b, K_EC2); }
const mip_billing_ec2_t *mip_billing_ec2_at(const mip_billing_t *b, size_t i)
{
    const pub_t *p = at(b, K_EC2, i);
    return p ? &p->ec2 : NULL;
}
size_t mip_billing_lmi_count(const mip_billing_t *b) { return count_of(b, K_LMI); }
const mip_billing_lmi_t *mip_billing_lmi_at(const mip_billing_t *b, size_t i)
{
    const pub_t *p = at(b, K_LMI, i);
    return p ? &p->lmi : NULL;
}
void mip_billing_savings_plans(const mip_billing_t *b, mip_billing_savings_plans_t *out)
{
    if (!out)
        return;
    if (b)
        *out = b->sp;
    else
        memset(out, 0, sizeof *out);
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */

#define BILLING_FORMAT "mipricing-billing"
#define BILLING_VERSION 1

static int jset(json_t *o, const char *k, json_t *v)
{
    return v && json_object_set_new(o, k, v) == 0 ? 0 : -1;
}

static json_t *sizes_doubles(const void *base, const char *const *sn, const size_t *so,
                             size_t ns, const char *const *dn, const size_t *dof,
                             size_t nd, json_t *o)
{
    if (!o)
        return NULL;
    for (size_t i = 0; i < ns; i++) {
        size_t v;
        memcpy(&v, (const char *)base + so[i], sizeof v);
        if (jset(o, sn[i], json_integer((json_int_t)v)))
            return NULL; /* o stays the caller's */
    }
    for (size_t i = 0; i < nd; i++) {
        double v;
        memcpy(&v, (const char *)base + dof[i], sizeof v);
        if (jset(o, dn[i], json_real(v)))
            return NULL;
    }
    return o;
}

static json_t *entry_json(const ent_t *e, int k)
{
    const kind_desc_t *d = &KINDS[k];
    json_t *o = json_object();
    if (!o)
        return NULL;
    const char *p = e->key;
    for (size_t i = 0; i < d->nstr; i++) {
        if (jset(o, d->str_name[i], mip__json_string(p)))
            goto fail;
        p += strlen(p) + 1;
    }
    if (d->arch_off >= 0 &&
        jset(o, "arch", mip__json_string(mip_arch_name(e->pub.lam.arch))))
        goto fail;
    if (d->hour_off >= 0) {
        double h;
        memcpy(&h, p, sizeof h);
        if (jset(o, "hour_s", json_real(h)))
            goto fail;
    }
    if (sizes_doubles(&e->pub, d->size_name, d->size_off, d->nsize, d->dbl_name,
                      d->dbl_off, d->ndbl, o))
        return o;
fail:
    json_decref(o);
    return NULL;
}

int mip_billing_save_json(const mip_billing_t *b, const char *path, mip_error_t *err)
{
    mip_error_clear(err);
    if (!b || !path)
        return mip__fail(err, MIP_EINVAL, "no aggregate or path given");
    json_t *root = json_object(), *info = json_object(), *reasons = json_array();
    json_t *tot = json_object();
    int ok = root && info && reasons && tot;
    ok = ok && !jset(root, "format", mip__json_string(BILLING_FORMAT)) &&
         !jset(root, "version", json_integer(BILLING_VERSION));
    ok = ok && sizes_doubles(&b->info, INFO_NAME, INFO_OFF, INFO_NSIZE, NULL, NULL, 0,
                             info) != NULL;
    for (size_t i = 0; ok && i < b->info.n_reasons; i++)
        ok = json_array_append_new(reasons, mip__json_string(b->info.reasons[i])) == 0;
    ok = ok && !json_object_set(info, "reasons", reasons) && !jset(root, "info", info);
    info = NULL;
    for (size_t j = 0; ok && j < TOT_NDBL; j++)
        ok = !jset(tot, TOT_NAME[j], json_real(mip__sum_value(&b->tot[j])));
    ok = ok && !jset(root, "totals", tot);
    tot = NULL;
    ok = ok && !jset(root, "savings_plans",
                     sizes_doubles(&b->sp, SP_SIZE_NAME, SP_SIZE_OFF, SP_NSIZE,
                                   SP_DBL_NAME, SP_DBL_OFF, SP_NDBL, json_object()));
    for (int k = 0; ok && k < K_COUNT; k++) {
        json_t *arr = json_array();
        ok = !jset(root, KINDS[k].name, arr);
        for (size_t i = 0; ok && i < b->tab[k].n; i++) {
            const ent_t *e = b->tab[k].sorted ? b->tab[k].sorted[i] : b->tab[k].items[i];
            ok = json_array_append_new(arr, entry_json(e, k)) == 0;
        }
    }
    json_decref(reasons);
    json_decref(info);
    json_decref(tot);
    if (!ok) {
        json_decref(root);
        return mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory writing JSON");
    }
    /* through a temporary file renamed into place: never half a file */
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory writing JSON");
    size_t len = strlen(text);
    char *with_eol = realloc(text, len + 2);
    if (!with_eol) {
        free(text);
        return mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory writing JSON");
    }
    memcpy(with_eol + len, "\n", 2);
    int rc = mip_write_file(path, with_eol, err);
    free(with_eol);
    return rc;
}

/* Strict reading: every key known and present, of the right type. */
static int schema(mip_error_t *err, const char *path, const char *where, const char *fmt,
                  const char *what)
{
    return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "%s: %s %s", where, fmt, what);
}

static int check_keys(json_t *o, const char *const *known, size_t n, const char *path,
                      const char *where, mip_error_t *err)
{
    if (!json_is_object(o))
        return schema(err, path, where, "must be an", "object");
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        while (i < n && strcmp(known[i], k) != 0)
            i++;
        if (i == n)
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "%s.%s: unknown key",
                                  where, k);
    }
    for (size_t i = 0; i < n; i++)
        if (!json_object_get(o, known[i]))
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "%s.%s: missing", where,
                                  known[i]);
    return MIP_OK;
}

static int read_sizes_doubles(json_t *o, void *base, const char *const *sn,
                              const size_t *so, size_t ns, const char *const *dn,
                              mip__sum_t *sums, size_t nd, const char *path,
                              const char *where, mip_error_t *err)
{
    for (size_t i = 0; i < ns; i++) {
        json_t *v = json_object_get(o, sn[i]);
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                                  "%s.%s: must be an integer >= 0", where, sn[i]);
        size_t x = (size_t)json_integer_value(v);
        memcpy((char *)base + so[i], &x, sizeof x);
    }
    for (size_t i = 0; i < nd; i++) {
        json_t *v = json_object_get(o, dn[i]);
        if (!json_is_number(v) || !isfinite(json_number_value(v)))
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "%s.%s: must be a number",
                                  where, dn[i]);
        sums[i].sum = json_number_value(v);
        sums[i].comp = 0.0;
    }
    return MIP_OK;
}

static int load_entry(mip_billing_t *b, int k, json_t *o, keybuf_t *key, const char *path,
                      const char *where, mip_error_t *err)
{
    const kind_desc_t *d = &KINDS[k];
    const char *known[MAX_STRS + 2 + MAX_SIZES + MAX_DOUBLES];
    size_t n = 0;
    for (size_t i = 0; i < d->nstr; i++)
        known[n++] = d->str_name[i];
    if (d->arch_off >= 0)
        known[n++] = "arch";
    if (d->hour_off >= 0)
        known[n++] = "hour_s";
    for (size_t i = 0; i < d->nsize; i++)
        known[n++] = d->size_name[i];
    for (size_t i = 0; i < d->ndbl; i++)
        known[n++] = d->dbl_name[i];
    int rc = check_keys(o, known, n, path, where, err);
    if (rc != MIP_OK)
        return rc;
    key->len = 0;
    for (size_t i = 0; i < d->nstr; i++) {
        json_t *v = json_object_get(o, d->str_name[i]);
        if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "%s.%s: must be a string",
                                  where, d->str_name[i]);
        if (key_str(key, json_string_value(v), json_string_length(v)) != MIP_OK)
            return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    mip_arch_t arch = MIP_ARCH_X86_64;
    if (d->arch_off >= 0) {
        json_t *v = json_object_get(o, "arch");
        if (!json_is_string(v) || mip_arch_parse(json_string_value(v), &arch) != MIP_OK)
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                                  "%s.arch: must be \"x86_64\" or \"arm64\"", where);
    }
    double hour = 0.0;
    if (d->hour_off >= 0) {
        json_t *v = json_object_get(o, "hour_s");
        if (!json_is_number(v) || !isfinite(json_number_value(v)))
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                                  "%s.hour_s: must be a number", where);
        hour = json_number_value(v);
    }
    if (key_end(key, hour, (int)arch) != MIP_OK)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    pub_t pub;
    mip__sum_t sums[MAX_DOUBLES];
    memset(&pub, 0, sizeof pub);
    rc = read_sizes_doubles(o, &pub, d->size_name, d->size_off, d->nsize, d->dbl_name,
                            sums, d->ndbl, path, where, err);
    if (rc != MIP_OK)
        return rc;
    ent_t *e = tab_get(&b->tab[k], k, key->s, key->len);
    if (!e)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    add_sizes(&e->pub, &pub, d->size_off, d->nsize);
    for (size_t j = 0; j < d->ndbl; j++)
        mip__sum_add(&e->sum[j], sums[j].sum);
    return MIP_OK;
}

static int load_root(mip_billing_t *b, json_t *root, const char *path, mip_error_t *err)
{
    static const char *const ROOT_KEYS[] = {"format", "version",       "info",
                                            "totals", "savings_plans", "services",
                                            "lambda", "ec2",           "lmi"};
    int rc = check_keys(root, ROOT_KEYS, sizeof ROOT_KEYS / sizeof ROOT_KEYS[0], path,
                        "$", err);
    if (rc != MIP_OK)
        return rc;
    json_t *v = json_object_get(root, "format");
    if (!json_is_string(v) || strcmp(json_string_value(v), BILLING_FORMAT) != 0)
        return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                              "$.format: must be \"" BILLING_FORMAT "\"");
    v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) != BILLING_VERSION)
        return mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "$.version: must be %d",
                              BILLING_VERSION);

    const char *info_keys[INFO_NSIZE + 1];
    for (size_t i = 0; i < INFO_NSIZE; i++)
        info_keys[i] = INFO_NAME[i];
    info_keys[INFO_NSIZE] = "reasons";
    json_t *info = json_object_get(root, "info");
    if ((rc = check_keys(info, info_keys, INFO_NSIZE + 1, path, "$.info", err)) !=
            MIP_OK ||
        (rc = read_sizes_doubles(info, &b->info, INFO_NAME, INFO_OFF, INFO_NSIZE, NULL,
                                 NULL, 0, path, "$.info", err)) != MIP_OK)
        return rc;
    json_t *reasons = json_object_get(info, "reasons");
    if (!json_is_array(reasons) || json_array_size(reasons) > MIP_BILLING_MAX_REASONS)
        return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                              "$.info.reasons: must be an array of at most %d strings",
                              MIP_BILLING_MAX_REASONS);
    for (size_t i = 0; i < json_array_size(reasons); i++) {
        json_t *s = json_array_get(reasons, i);
        if (!json_is_string(s))
            return mip__error_set(err, MIP_ESCHEMA, path, 0, 0,
                                  "$.info.reasons[%zu]: must be a string", i);
        mip__strlcpy(b->info.reasons[i], json_string_value(s), sizeof b->info.reasons[i]);
    }
    b->info.n_reasons = json_array_size(reasons);

    json_t *tot = json_object_get(root, "totals");
    if ((rc = check_keys(tot, TOT_NAME, TOT_NDBL, path, "$.totals", err)) != MIP_OK ||
        (rc = read_sizes_doubles(tot, NULL, NULL, NULL, 0, TOT_NAME, b->tot, TOT_NDBL,
                                 path, "$.totals", err)) != MIP_OK)
        return rc;
    const char *sp_keys[SP_NSIZE + SP_NDBL];
    for (size_t i = 0; i < SP_NSIZE; i++)
        sp_keys[i] = SP_SIZE_NAME[i];
    for (size_t i = 0; i < SP_NDBL; i++)
        sp_keys[SP_NSIZE + i] = SP_DBL_NAME[i];
    json_t *sp = json_object_get(root, "savings_plans");
    if ((rc = check_keys(sp, sp_keys, SP_NSIZE + SP_NDBL, path, "$.savings_plans",
                         err)) != MIP_OK ||
        (rc = read_sizes_doubles(sp, &b->sp, SP_SIZE_NAME, SP_SIZE_OFF, SP_NSIZE,
                                 SP_DBL_NAME, b->sp_sum, SP_NDBL, path, "$.savings_plans",
                                 err)) != MIP_OK)
        return rc;

    keybuf_t key = {NULL, 0, 0};
    for (int k = 0; k < K_COUNT && rc == MIP_OK; k++) {
        json_t *arr = json_object_get(root, KINDS[k].name);
        if (!json_is_array(arr)) {
            rc = mip__error_set(err, MIP_ESCHEMA, path, 0, 0, "$.%s: must be an array",
                                KINDS[k].name);
            break;
        }
        for (size_t i = 0; i < json_array_size(arr) && rc == MIP_OK; i++) {
            char where[64];
            snprintf(where, sizeof where, "$.%s[%zu]", KINDS[k].name, i);
            rc = load_entry(b, k, json_array_get(arr, i), &key, path, where, err);
        }
    }
    free(key.s);
    return rc;
}

int mip_billing_load_json(const char *path, mip_billing_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!out)
        return mip__fail(err, MIP_EINVAL, "no output given");
    *out = NULL;
    if (!path)
        return mip__fail(err, MIP_EINVAL, "no path given");
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        if (json_error_code(&jerr) == json_error_cannot_open_file)
            return mip__error_set(err, MIP_EIO, path, 0, 0, "%s", jerr.text);
        return mip__error_set(err, MIP_EPARSE, path, jerr.line > 0 ? jerr.line : 0,
                              jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s",
                              jerr.text);
    }
    mip_billing_t *b;
    int rc = mip_billing_new(&b, err);
    if (rc == MIP_OK)
        rc = load_root(b, root, path, err);
    json_decref(root);
    if (rc == MIP_OK && finish(b) != MIP_OK)
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
    if (rc != MIP_OK) {
        mip_billing_free(b);
        return rc;
    }
    *out = b;
    return MIP_OK;
}

int mip_billing_load(const char *const *paths, size_t n_paths,
                     const mip_billing_options_t *opt, mip_billing_t **out,
                     mip_error_t *err)
{
    return mip__billing_load_split(paths, n_paths, opt, MIP__SPLIT_MIN, out, err);
}
