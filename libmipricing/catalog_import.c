/*
 * catalog_import.c - build a price catalogue (doc/catalog.md) from AWS Price
 * List bulk offer files in CSV (DOMAIN.md section 8), on csvio.
 *
 * An offer file starts with metadata rows of two fields ("FormatVersion",
 * "Disclaimer", "Publication Date", "Version", "OfferCode"), then the header
 * (the first row with a "SKU" column), then one row per price dimension.
 * csvio hands the first row to the header callback and every other one to
 * the row callback: both go through one state machine here.
 *
 * AmazonEC2 rows kept: TermType=OnDemand, Operating System=Linux,
 * Tenancy=Shared, Pre Installed S/W=NA, CapacityStatus=Used, Unit=Hrs,
 * MarketOption=OnDemand (when the column exists), Currency=USD (when it
 * exists), and an LMI-eligible Instance Type (mip_instance_lmi_eligible).
 * Architecture: arm64 when Physical Processor contains "Graviton" or
 * Processor Architecture names ARM/aarch64; when Physical Processor is absent
 * or empty, arm64 when the family's letters after the generation contain 'g'
 * (c7g, m7gd, c6gn); x86_64 otherwise.
 *
 * AWSLambda rows (Location "Any" and usage types "Global-*" are the free
 * tier, skipped): by Group, with "-ARM" (group or usage type) for arm64:
 * AWS-Lambda-Duration (tiers from StartingRange/EndingRange, "Inf" = open),
 * AWS-Lambda-Requests (per request; the catalogue wants per million),
 * AWS-Lambda-Provisioned-Concurrency, AWS-Lambda-Duration-Provisioned, and
 * ephemeral storage: group AWS-Lambda-Storage-Duration or a usage type
 * containing "Lambda-Storage-GB-Second" (x86_64 rate preferred). Other groups
 * (Lambda@Edge, SnapStart, streaming...) are ignored.
 *
 * The region of a row is its Region Code, else its Location mapped through
 * the table below; rows of unknown locations are skipped.
 */
#include "csvio.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JSON_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

/* Constants of DOMAIN.md sections 2 to 4 (not in the offer files). */
#define FREE_TIER_REQUESTS 1000000.0
#define FREE_TIER_GB_S 400000.0
#define LMI_REQUEST_USD_PER_MILLION 0.20
#define LMI_MANAGEMENT_FEE_FRACTION 0.15
#define DEFAULT_EPHEMERAL_USD_PER_GB_S 0.0000000309
static const char *const lmi_regions[] = {"us-east-1", "us-east-2", "us-west-2",
                                          "ap-northeast-1", "eu-west-1"};

/* Location names of the offer files (old "EU (...)" and new "Europe (...)"). */
static const struct {
    const char *code, *name;
} locations[] = {
    {"us-east-1", "US East (N. Virginia)"},
    {"us-east-2", "US East (Ohio)"},
    {"us-west-1", "US West (N. California)"},
    {"us-west-2", "US West (Oregon)"},
    {"ca-central-1", "Canada (Central)"},
    {"eu-west-1", "EU (Ireland)"},
    {"eu-west-1", "Europe (Ireland)"},
    {"eu-west-2", "EU (London)"},
    {"eu-west-2", "Europe (London)"},
    {"eu-west-3", "EU (Paris)"},
    {"eu-west-3", "Europe (Paris)"},
    {"eu-central-1", "EU (Frankfurt)"},
    {"eu-central-1", "Europe (Frankfurt)"},
    {"eu-north-1", "EU (Stockholm)"},
    {"eu-north-1", "Europe (Stockholm)"},
    {"eu-south-1", "EU (Milan)"},
    {"eu-south-1", "Europe (Milan)"},
    {"ap-northeast-1", "Asia Pacific (Tokyo)"},
    {"ap-northeast-2", "Asia Pacific (Seoul)"},
    {"ap-northeast-3", "Asia Pacific (Osaka)"},
    {"ap-southeast-1", "Asia Pacific (Singapore)"},
    {"ap-southeast-2", "Asia Pacific (Sydney)"},
    {"ap-south-1", "Asia Pacific (Mumbai)"},
    {"ap-east-1", "Asia Pacific (Hong Kong)"},
    {"sa-east-1", "South America (Sao Paulo)"},
    {"me-south-1", "Middle East (Bahrain)"},
    {"af-south-1", "Africa (Cape Town)"},
};
#define N_LOCATIONS (sizeof locations / sizeof locations[0])

/* ------------------------------------------------------------------------ */
/* What is collected                                                         */

typedef struct tier_row {
    double start, end; /* end INFINITY: open */
    double usd;
    long line;
} tier_row_t;

/* One single-valued rate and where it was read. */
typedef struct rate {
    double usd;
    long line; /* 0: not seen */
    const char *path;
} rate_t;

typedef struct arch_rates {
    rate_t request; /* per request */
    rate_t pc, pd;  /* provisioned concurrency, duration while provisioned */
    tier_row_t tiers[MIP_MAX_TIERS];
    size_t n_tiers;
} arch_rates_t;

typedef struct inst {
    char *type;
    double vcpu, memory_gib, usd_per_hour;
    mip_arch_t arch;
    char *source;
    const char *path;
    long line;
} inst_t;

typedef struct region {
    char *code;
    char *name;
    arch_rates_t lambda[MIP_ARCH_COUNT];
    rate_t ephemeral[MIP_ARCH_COUNT];
    int have_lambda_rows;
    inst_t *insts;
    size_t n_insts, cap_insts;
} region_t;

typedef enum offer { OFFER_NONE, OFFER_EC2, OFFER_LAMBDA } offer_t;

enum {
    C_SKU,
    C_TERM,
    C_UNIT,
    C_PRICE,
    C_CURRENCY,
    C_LOCATION,
    C_REGION,
    C_START,
    C_END,
    /* EC2 */
    C_TYPE,
    C_VCPU,
    C_MEMORY,
    C_OS,
    C_TENANCY,
    C_SW,
    C_CAPACITY,
    C_MARKET,
    C_PROC_ARCH,
    C_PHYS_PROC,
    /* Lambda */
    C_GROUP,
    C_USAGE,
    N_COLS
};

typedef struct importer {
    mip_error_t *err;
    region_t *regions;
    size_t n_regions, cap_regions;
    const char *const *want; /* regions asked for */
    size_t n_want;
    char version_date[11]; /* latest Publication Date, YYYY-MM-DD */
    char ec2_versions[128], lambda_versions[128];
    /* the file being read */
    const char *path;
    int in_header; /* 0: metadata rows, 1: header read */
    offer_t offer;
    long offer_line;
    char version[64];
    char date[11];
    long cols[N_COLS];
    long need; /* the largest required column index */
} importer_t;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */

static int feq(const mip__csv_field_t *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && memcmp(f->s, s, n) == 0;
}

static const mip__csv_field_t *col(const importer_t *im, const mip__csv_row_t *row, int c)
{
    static const mip__csv_field_t empty = {"", 0};
    long i = im->cols[c];
    if (i < 0 || (size_t)i >= row->n)
        return &empty;
    return &row->f[i];
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int nomem(importer_t *im, long line)
{
    return mip__error_set(im->err, MIP_ENOMEM, im->path, line, 0, "out of memory");
}

static int wanted(const importer_t *im, const char *code, size_t n)
{
    if (im->n_want == 0)
        return 1;
    for (size_t i = 0; i < im->n_want; i++)
        if (strlen(im->want[i]) == n && memcmp(im->want[i], code, n) == 0)
            return 1;
    return 0;
}

static int is_lmi_region(const char *code)
{
    for (size_t i = 0; i < sizeof lmi_regions / sizeof lmi_regions[0]; i++)
        if (strcmp(lmi_regions[i], code) == 0)
            return 1;
    return 0;
}

static const char *known_name(const char *code)
{
    for (size_t i = 0; i < N_LOCATIONS; i++)
        if (strcmp(locations[i].code, code) == 0)
            return locations[i].name;
    return NULL;
}

/* The region code of a row (Region Code, else Location), or NULL with *n 0. */
static const char *row_region(const importer_t *im, const mip__csv_row_t *row, size_t *n)
{
    const mip__csv_field_t *rc = col(im, row, C_REGION);
    if (rc->len > 0) {
        *n = rc->len;
        return rc->s;
    }
    const mip__csv_field_t *loc = col(im, row, C_LOCATION);
    for (size_t i = 0; i < N_LOCATIONS; i++)
        if (feq(loc, locations[i].name)) {
            *n = strlen(locations[i].code);
            return locations[i].code;
        }
    *n = 0;
    return NULL;
}

/* A valid catalogue region key: 1 to 63 of [a-z0-9-]. */
static int valid_code(const char *s, size_t n)
{
    if (n == 0 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-'))
            return 0;
    return 1;
}

/* The region of a row when it is one of those asked for (*code NULL when
 * not); MIP_EPARSE when its code cannot be a catalogue key. */
static int wanted_code(const importer_t *im, const mip__csv_row_t *row, const char **code,
                       size_t *cn)
{
    *code = row_region(im, row, cn);
    if (!*code || !wanted(im, *code, *cn)) {
        *code = NULL;
        return MIP_OK;
    }
    if (!valid_code(*code, *cn))
        return mip__error_set(
            im->err, MIP_EPARSE, im->path, row->line, im->cols[C_REGION] + 1,
            "Region Code: '%.*s' is not a region code", (int)*cn, *code);
    return MIP_OK;
}

/* The region of code (created when new), or NULL when out of memory. */
static region_t *get_region(importer_t *im, const char *code, size_t n,
                            const mip__csv_field_t *loc)
{
    region_t *r = NULL;
    for (size_t i = 0; i < im->n_regions; i++)
        if (strlen(im->regions[i].code) == n &&
            memcmp(im->regions[i].code, code, n) == 0) {
            r = &im->regions[i];
            break;
        }
    if (!r) {
        if (im->n_regions == im->cap_regions) {
            size_t nc = im->cap_regions ? 2 * im->cap_regions : 8;
            region_t *nr = realloc(im->regions, nc * sizeof *nr);
            if (!nr)
                return NULL;
            im->regions = nr;
            im->cap_regions = nc;
        }
        r = &im->regions[im->n_regions];
        memset(r, 0, sizeof *r);
        r->code = dupn(code, n);
        if (!r->code)
            return NULL;
        im->n_regions++;
    }
    if (!r->name && loc->len > 0 && !feq(loc, "Any")) {
        r->name = dupn(loc->s, loc->len);
        if (!r->name)
            return NULL;
    }
    return r;
}

/* A number of a field: finite and >= 0; MIP_EPARSE at the field otherwise. */
static int number(importer_t *im, const mip__csv_row_t *row, int c, const char *what,
                  const char *s, size_t n, double *out)
{
    double v;
    if (mip_parse_double_n(s, n, &v, NULL) != MIP_OK || !(v >= 0.0))
        return mip__error_set(im->err, MIP_EPARSE, im->path, row->line, im->cols[c] + 1,
                              "%s: '%.*s' is not a number >= 0", what,
                              (int)(n > 40 ? 40 : n), s);
    *out = v;
    return MIP_OK;
}

static int field_number(importer_t *im, const mip__csv_row_t *row, int c,
                        const char *what, double *out)
{
    const mip__csv_field_t *f = col(im, row, c);
    return number(im, row, c, what, f->s, f->len, out);
}

/* ------------------------------------------------------------------------ */
/* Metadata and header                                                        */

static int on_meta(importer_t *im, const mip__csv_row_t *row)
{
    const mip__csv_field_t *k = &row->f[0];
    const mip__csv_field_t *v = row->n >= 2 ? &row->f[1] : NULL;
    if (feq(k, "OfferCode") && v) {
        im->offer_line = row->line;
        if (feq(v, "AmazonEC2"))
            im->offer = OFFER_EC2;
        else if (feq(v, "AWSLambda"))
            im->offer = OFFER_LAMBDA;
        else
            return mip__error_set(im->err, MIP_ESCHEMA, im->path, row->line, 2,
                                  "unknown offer code '%.*s' (AmazonEC2 or AWSLambda)",
                                  (int)(v->len > 40 ? 40 : v->len), v->s);
    } else if (feq(k, "Version") && v) {
        if (v->len == 0 || v->len >= sizeof im->version)
            return mip__error_set(im->err, MIP_EPARSE, im->path, row->line, 2,
                                  "Version: '%.*s' is not an offer version",
                                  (int)(v->len > 40 ? 40 : v->len), v->s);
        memcpy(im->version, v->s, v->len + 1);
    } else if (feq(k, "Publication Date") && v) {
        /* YYYY-MM-DD, possibly followed by a time */
        int ok = v->len >= 10 && v->s[4] == '-' && v->s[7] == '-' &&
                 (v->len == 10 || v->s[10] == 'T' || v->s[10] == ' ');
        for (size_t i = 0; ok && i < 10; i++)
            if (i != 4 && i != 7 && (v->s[i] < '0' || v->s[i] > '9'))
                ok = 0;
        if (ok) {
            int mo = (v->s[5] - '0') * 10 + (v->s[6] - '0');
            int d = (v->s[8] - '0') * 10 + (v->s[9] - '0');
            ok = mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
        }
        if (!ok)
            return mip__error_set(
                im->err, MIP_EPARSE, im->path, row->line, 2,
                "Publication Date: '%.*s' is not a date (YYYY-MM-DD...)",
                (int)(v->len > 40 ? 40 : v->len), v->s);
        memcpy(im->date, v->s, 10);
        im->date[10] = '\0';
    } else if (!(row->n <= 2 &&
                 (feq(k, "FormatVersion") || feq(k, "Disclaimer") || row->n == 2))) {
        return mip__error_set(
            im->err, MIP_ESCHEMA, im->path, row->line, 1,
            "expected the offer file's metadata rows (\"FormatVersion\", "
            "...) or its header (with a SKU column), found a row of "
            "%zu fields",
            row->n);
    }
    return MIP_OK;
}

typedef struct colspec {
    int id;
    const char *name;
    int required;
} colspec_t;

static int on_header(importer_t *im, const mip__csv_row_t *h)
{
    static const colspec_t common[] = {
        {C_SKU, "SKU", 1},           {C_TERM, "TermType", 0},
        {C_UNIT, "Unit", 1},         {C_PRICE, "PricePerUnit", 1},
        {C_CURRENCY, "Currency", 0}, {C_LOCATION, "Location", 0},
        {C_REGION, "Region Code", 0}};
    static const colspec_t ec2[] = {{C_TYPE, "Instance Type", 1},
                                    {C_VCPU, "vCPU", 1},
                                    {C_MEMORY, "Memory", 1},
                                    {C_OS, "Operating System", 1},
                                    {C_TENANCY, "Tenancy", 1},
                                    {C_SW, "Pre Installed S/W", 1},
                                    {C_CAPACITY, "CapacityStatus", 1},
                                    {C_MARKET, "MarketOption", 0},
                                    {C_PROC_ARCH, "Processor Architecture", 0},
                                    {C_PHYS_PROC, "Physical Processor", 0}};
    static const colspec_t lambda[] = {{C_GROUP, "Group", 1},
                                       {C_USAGE, "usageType", 1},
                                       {C_START, "StartingRange", 1},
                                       {C_END, "EndingRange", 1}};
    const char *offer_name = im->offer == OFFER_EC2 ? "AmazonEC2" : "AWSLambda";
    if (im->offer == OFFER_NONE)
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, h->line, 0,
                              "no OfferCode row before the header (expected "
                              "\"OfferCode\",\"AmazonEC2\" or \"AWSLambda\")");
    if (!im->version[0] || !im->date[0])
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, h->line, 0,
                              "no \"%s\" row before the header",
                              !im->version[0] ? "Version" : "Publication Date");
    for (int i = 0; i < N_COLS; i++)
        im->cols[i] = -1;
    im->need = 0;
    const colspec_t *sets[2] = {common, im->offer == OFFER_EC2 ? ec2 : lambda};
    size_t lens[2] = {sizeof common / sizeof common[0],
                      im->offer == OFFER_EC2 ? sizeof ec2 / sizeof ec2[0]
                                             : sizeof lambda / sizeof lambda[0]};
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; i < lens[s]; i++) {
            const colspec_t *c = &sets[s][i];
            long at = mip__csv_find(h, c->name);
            im->cols[c->id] = at;
            if (at < 0 && c->required) {
                char list[256];
                mip__csv_header_list(h, list, sizeof list);
                return mip__error_set(im->err, MIP_ESCHEMA, im->path, h->line, 0,
                                      "missing column '%s' in the %s offer; the header "
                                      "has: %s",
                                      c->name, offer_name, list);
            }
            if (c->required && at > im->need)
                im->need = at;
        }
    if (im->cols[C_REGION] < 0 && im->cols[C_LOCATION] < 0)
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, h->line, 0,
                              "missing column 'Region Code' (or 'Location') in the %s "
                              "offer",
                              offer_name);
    /* the latest publication date gives the catalogue's version */
    if (strcmp(im->date, im->version_date) > 0)
        memcpy(im->version_date, im->date, sizeof im->date);
    char *list = im->offer == OFFER_EC2 ? im->ec2_versions : im->lambda_versions;
    if (!strstr(list, im->version)) {
        size_t n = strlen(list);
        snprintf(list + n, 128 - n, "%s%s", n ? ", " : "", im->version);
    }
    im->in_header = 1;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* EC2 rows                                                                   */

/* arm64 when the family's letters after the generation contain 'g'. */
static int family_says_graviton(const char *type)
{
    size_t i = 1;
    while (type[i] >= '0' && type[i] <= '9')
        i++;
    for (; type[i] && type[i] != '.'; i++)
        if (type[i] == 'g')
            return 1;
    return 0;
}

static int contains_ci(const mip__csv_field_t *f, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= f->len; i++)
        if (strncasecmp(f->s + i, needle, n) == 0)
            return 1;
    return 0;
}

static int ec2_row(importer_t *im, const mip__csv_row_t *row)
{
    if ((im->cols[C_TERM] >= 0 && !feq(col(im, row, C_TERM), "OnDemand")) ||
        !feq(col(im, row, C_OS), "Linux") || !feq(col(im, row, C_TENANCY), "Shared") ||
        !feq(col(im, row, C_SW), "NA") || !feq(col(im, row, C_CAPACITY), "Used") ||
        !feq(col(im, row, C_UNIT), "Hrs") ||
        (im->cols[C_MARKET] >= 0 && !feq(col(im, row, C_MARKET), "OnDemand")) ||
        (im->cols[C_CURRENCY] >= 0 && !feq(col(im, row, C_CURRENCY), "USD")))
        return MIP_OK;
    const mip__csv_field_t *tf = col(im, row, C_TYPE);
    char type[64];
    if (tf->len == 0 || tf->len >= sizeof type)
        return MIP_OK;
    memcpy(type, tf->s, tf->len + 1);
    if (!mip_instance_lmi_eligible(type))
        return MIP_OK;
    size_t cn;
    const char *code;
    int rc = wanted_code(im, row, &code, &cn);
    if (rc != MIP_OK || !code)
        return rc;

    double price, vcpu, mem;
    if ((rc = field_number(im, row, C_PRICE, "PricePerUnit", &price)) != MIP_OK ||
        (rc = field_number(im, row, C_VCPU, "vCPU", &vcpu)) != MIP_OK)
        return rc;
    if (vcpu != floor(vcpu) || vcpu <= 0.0)
        return mip__error_set(im->err, MIP_EPARSE, im->path, row->line,
                              im->cols[C_VCPU] + 1, "vCPU: %g is not a whole number > 0",
                              vcpu);
    /* Memory: "16 GiB", "1,952 GiB", "0.5 GiB" */
    const mip__csv_field_t *mf = col(im, row, C_MEMORY);
    char mbuf[64];
    size_t mn = 0;
    int unit_ok = mf->len > 4 && memcmp(mf->s + mf->len - 4, " GiB", 4) == 0;
    for (size_t i = 0; unit_ok && i + 4 < mf->len && mn + 1 < sizeof mbuf; i++)
        if (mf->s[i] != ',')
            mbuf[mn++] = mf->s[i];
    mbuf[mn] = '\0';
    if (!unit_ok || mip_parse_double_n(mbuf, mn, &mem, NULL) != MIP_OK || !(mem > 0.0))
        return mip__error_set(im->err, MIP_EPARSE, im->path, row->line,
                              im->cols[C_MEMORY] + 1,
                              "Memory: '%.*s' is not a size in GiB (\"16 GiB\")",
                              (int)(mf->len > 40 ? 40 : mf->len), mf->s);

    const mip__csv_field_t *pp = col(im, row, C_PHYS_PROC);
    const mip__csv_field_t *pa = col(im, row, C_PROC_ARCH);
    int arm = contains_ci(pp, "graviton") || contains_ci(pa, "arm") ||
              contains_ci(pa, "aarch64") || (pp->len == 0 && family_says_graviton(type));

    region_t *r = get_region(im, code, cn, col(im, row, C_LOCATION));
    if (!r)
        return nomem(im, row->line);
    for (size_t i = 0; i < r->n_insts; i++) {
        inst_t *o = &r->insts[i];
        if (strcmp(o->type, type) != 0)
            continue;
        if (o->usd_per_hour == price)
            return MIP_OK; /* the same price again (e.g. in two files) */
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, row->line,
                              im->cols[C_PRICE] + 1,
                              "two on-demand prices for %s in %s: %.10g here, %.10g at "
                              "%s:%ld",
                              type, r->code, price, o->usd_per_hour, o->path, o->line);
    }
    if (r->n_insts == r->cap_insts) {
        size_t nc = r->cap_insts ? 2 * r->cap_insts : 16;
        inst_t *ni = realloc(r->insts, nc * sizeof *ni);
        if (!ni)
            return nomem(im, row->line);
        r->insts = ni;
        r->cap_insts = nc;
    }
    const mip__csv_field_t *sku = col(im, row, C_SKU);
    char src[256];
    snprintf(src, sizeof src, "AWS Price List AmazonEC2 %s (published %s), SKU %.*s",
             im->version, im->date, (int)(sku->len > 64 ? 64 : sku->len), sku->s);
    inst_t *in = &r->insts[r->n_insts];
    in->type = dupn(type, strlen(type));
    in->source = dupn(src, strlen(src));
    if (!in->type || !in->source) {
        free(in->type);
        free(in->source);
        return nomem(im, row->line);
    }
    in->vcpu = vcpu;
    in->memory_gib = mem;
    in->usd_per_hour = price;
    in->arch = arm ? MIP_ARCH_ARM64 : MIP_ARCH_X86_64;
    in->path = im->path;
    in->line = row->line;
    r->n_insts++;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Lambda rows                                                                */

static int ends_with(const mip__csv_field_t *f, const char *suffix)
{
    size_t n = strlen(suffix);
    return f->len >= n && memcmp(f->s + f->len - n, suffix, n) == 0;
}

/* Record a single-valued rate; a second, different value is an error. */
static int set_rate(importer_t *im, const mip__csv_row_t *row, rate_t *rt, double v,
                    const char *what, const char *code)
{
    if (rt->line && rt->usd != v)
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, row->line,
                              im->cols[C_PRICE] + 1,
                              "two prices for %s in %s: %.10g here, %.10g at %s:%ld",
                              what, code, v, rt->usd, rt->path, rt->line);
    if (!rt->line) {
        rt->usd = v;
        rt->line = row->line;
        rt->path = im->path;
    }
    return MIP_OK;
}

static int lambda_row(importer_t *im, const mip__csv_row_t *row)
{
    const mip__csv_field_t *loc = col(im, row, C_LOCATION);
    const mip__csv_field_t *usage = col(im, row, C_USAGE);
    if (feq(loc, "Any") || (usage->len >= 7 && memcmp(usage->s, "Global-", 7) == 0))
        return MIP_OK; /* the free tier */
    if ((im->cols[C_TERM] >= 0 && !feq(col(im, row, C_TERM), "OnDemand")) ||
        (im->cols[C_CURRENCY] >= 0 && !feq(col(im, row, C_CURRENCY), "USD")))
        return MIP_OK;
    const mip__csv_field_t *g = col(im, row, C_GROUP);
    int arm = ends_with(g, "-ARM") || ends_with(usage, "-ARM");
    size_t glen = ends_with(g, "-ARM") ? g->len - 4 : g->len;
    mip__csv_field_t base = {g->s, glen};
    enum { K_DURATION, K_REQUESTS, K_PC, K_PD, K_STORAGE } kind;
    if (feq(&base, "AWS-Lambda-Duration"))
        kind = K_DURATION;
    else if (feq(&base, "AWS-Lambda-Requests"))
        kind = K_REQUESTS;
    else if (feq(&base, "AWS-Lambda-Provisioned-Concurrency"))
        kind = K_PC;
    else if (feq(&base, "AWS-Lambda-Duration-Provisioned"))
        kind = K_PD;
    else if (feq(&base, "AWS-Lambda-Storage-Duration") ||
             contains_ci(usage, "Lambda-Storage-GB-Second"))
        kind = K_STORAGE;
    else
        return MIP_OK;

    size_t cn;
    const char *code;
    int rc = wanted_code(im, row, &code, &cn);
    if (rc != MIP_OK || !code)
        return rc;
    double price;
    if ((rc = field_number(im, row, C_PRICE, "PricePerUnit", &price)) != MIP_OK)
        return rc;
    region_t *r = get_region(im, code, cn, loc);
    if (!r)
        return nomem(im, row->line);
    r->have_lambda_rows = 1;
    arch_rates_t *a = &r->lambda[arm ? MIP_ARCH_ARM64 : MIP_ARCH_X86_64];
    const char *an = arm ? "arm64" : "x86_64";
    char what[96];
    switch (kind) {
    case K_REQUESTS:
        snprintf(what, sizeof what, "%s requests", an);
        return set_rate(im, row, &a->request, price, what, r->code);
    case K_PC:
        snprintf(what, sizeof what, "%s provisioned concurrency", an);
        return set_rate(im, row, &a->pc, price, what, r->code);
    case K_PD:
        snprintf(what, sizeof what, "%s duration while provisioned", an);
        return set_rate(im, row, &a->pd, price, what, r->code);
    case K_STORAGE:
        snprintf(what, sizeof what, "%s ephemeral storage", an);
        return set_rate(im, row, &r->ephemeral[arm ? MIP_ARCH_ARM64 : MIP_ARCH_X86_64],
                        price, what, r->code);
    case K_DURATION:
        break;
    }
    /* a duration tier */
    double start = 0.0, end = INFINITY;
    const mip__csv_field_t *fs = col(im, row, C_START), *fe = col(im, row, C_END);
    if (fs->len > 0 && (rc = number(im, row, C_START, "StartingRange", fs->s, fs->len,
                                    &start)) != MIP_OK)
        return rc;
    if (fe->len > 0 && !feq(fe, "Inf") &&
        (rc = number(im, row, C_END, "EndingRange", fe->s, fe->len, &end)) != MIP_OK)
        return rc;
    if (!(end > start))
        return mip__error_set(
            im->err, MIP_EPARSE, im->path, row->line, im->cols[C_END] + 1,
            "EndingRange %.17g is not above StartingRange %.17g", end, start);
    for (size_t i = 0; i < a->n_tiers; i++) {
        tier_row_t *t = &a->tiers[i];
        if (t->start != start)
            continue;
        if (t->end == end && t->usd == price)
            return MIP_OK;
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, row->line,
                              im->cols[C_START] + 1,
                              "two %s duration tiers in %s start at %.17g (the other at "
                              "line %ld)",
                              an, r->code, start, t->line);
    }
    if (a->n_tiers == MIP_MAX_TIERS)
        return mip__error_set(im->err, MIP_ESCHEMA, im->path, row->line, 0,
                              "more than %d %s duration tiers in %s", MIP_MAX_TIERS, an,
                              r->code);
    tier_row_t *t = &a->tiers[a->n_tiers++];
    t->start = start;
    t->end = end;
    t->usd = price;
    t->line = row->line;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* csvio callbacks                                                            */

static int on_row(void *user, const mip__csv_row_t *row)
{
    importer_t *im = user;
    if (!im->in_header) {
        if (mip__csv_find(row, "SKU") >= 0)
            return on_header(im, row);
        return on_meta(im, row);
    }
    if ((long)row->n <= im->need)
        return mip__error_set(im->err, MIP_EPARSE, im->path, row->line, (long)row->n,
                              "expected at least %ld fields, found %zu", im->need + 1,
                              row->n);
    return im->offer == OFFER_EC2 ? ec2_row(im, row) : lambda_row(im, row);
}

/* ------------------------------------------------------------------------ */
/* Checking what was collected, and writing the catalogue                      */

static int cmp_tier(const void *a, const void *b)
{
    const tier_row_t *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Why the region cannot be written (NULL: it can); what[] gets the detail. */
static const char *region_missing(region_t *r, char *what, size_t size)
{
    if (r->n_insts == 0)
        return "no EC2 on-demand price of an LMI-eligible instance type";
    if (!r->have_lambda_rows)
        return "no Lambda rates";
    for (int k = 0; k < MIP_ARCH_COUNT; k++) {
        arch_rates_t *a = &r->lambda[k];
        const char *an = mip_arch_name((mip_arch_t)k);
        const char *miss = !a->request.line ? "request price"
                           : !a->pc.line    ? "provisioned concurrency price"
                           : !a->pd.line    ? "duration-while-provisioned price"
                           : !a->n_tiers    ? "duration price"
                                            : NULL;
        if (miss) {
            snprintf(what, size, "no Lambda %s %s", an, miss);
            return what;
        }
        qsort(a->tiers, a->n_tiers, sizeof a->tiers[0], cmp_tier);
        double at = 0.0;
        for (size_t i = 0; i < a->n_tiers; i++) {
            if (a->tiers[i].start != at) {
                snprintf(what, size,
                         "Lambda %s duration tiers do not join: one ends at %.17g, the "
                         "next starts at %.17g (line %ld)",
                         an, at, a->tiers[i].start, a->tiers[i].line);
                return what;
            }
            at = a->tiers[i].end;
        }
        if (at != (double)INFINITY) {
            snprintf(what, size, "Lambda %s duration tiers end at %.17g, not Inf", an,
                     at);
            return what;
        }
    }
    return NULL;
}

/* A number as JSON: an integer when it is whole and exact, else a real. */
static json_t *jnum(double v)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static void jset(json_t *o, const char *k, json_t *v, int *ok)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *ok = 0;
}

static json_t *arch_json(const arch_rates_t *a, int *ok)
{
    json_t *o = json_object(), *tiers = json_array();
    if (!o || !tiers) {
        json_decref(o);
        json_decref(tiers);
        *ok = 0;
        return NULL;
    }
    jset(o, "request_usd_per_million", jnum(a->request.usd * 1e6), ok);
    for (size_t i = 0; i < a->n_tiers; i++) {
        json_t *t = json_object();
        if (!t) {
            *ok = 0;
            break;
        }
        const tier_row_t *tr = &a->tiers[i];
        jset(t, "up_to_gb_s", isinf(tr->end) ? json_null() : jnum(tr->end), ok);
        jset(t, "usd_per_gb_s", jnum(tr->usd), ok);
        if (json_array_append_new(tiers, t) != 0)
            *ok = 0;
    }
    jset(o, "duration_tiers", tiers, ok);
    jset(o, "provisioned_concurrency_usd_per_gb_s", jnum(a->pc.usd), ok);
    jset(o, "provisioned_duration_usd_per_gb_s", jnum(a->pd.usd), ok);
    return o;
}

/* Instance order: family, then vCPU, then name. */
static int cmp_inst(const void *a, const void *b)
{
    const inst_t *x = a, *y = b;
    size_t fx = strcspn(x->type, "."), fy = strcspn(y->type, ".");
    size_t n = fx < fy ? fx : fy;
    int c = memcmp(x->type, y->type, n);
    if (c == 0 && fx != fy)
        c = fx < fy ? -1 : 1;
    if (c == 0)
        c = (x->vcpu > y->vcpu) - (x->vcpu < y->vcpu);
    if (c == 0)
        c = strcmp(x->type, y->type);
    return c;
}

static int cmp_region(const void *a, const void *b)
{
    return strcmp(((const region_t *)a)->code, ((const region_t *)b)->code);
}

static json_t *region_json(const importer_t *im, region_t *r, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    const char *name = r->name ? r->name : known_name(r->code);
    jset(o, "name", mip__json_string(name ? name : r->code), ok);

    const rate_t *eph = r->ephemeral[MIP_ARCH_X86_64].line
                            ? &r->ephemeral[MIP_ARCH_X86_64]
                            : &r->ephemeral[MIP_ARCH_ARM64];
    char notes[768];
    int n =
        snprintf(notes, sizeof notes,
                 "Imported from the AWS Price List (AmazonEC2 %s; AWSLambda %s): EC2 "
                 "on-demand Linux shared tenancy of the LMI-eligible types; Lambda "
                 "rates by architecture and tier. Free tier (1,000,000 requests, "
                 "400,000 GB-s), LMI request price ($0.20 per million) and management "
                 "fee (15%%) are constants, not in the offer files.",
                 im->ec2_versions, im->lambda_versions);
    if (!eph->line && n > 0 && (size_t)n < sizeof notes)
        snprintf(notes + n, sizeof notes - (size_t)n,
                 " No ephemeral storage rate in the files: the us-east-1 rate "
                 "0.0000000309 USD per GB-s is assumed.");
    jset(o, "notes", mip__json_string(notes), ok);
    jset(o, "lmi_available", json_boolean(is_lmi_region(r->code)), ok);

    json_t *lam = json_object(), *ft = json_object();
    if (!lam || !ft) {
        json_decref(lam);
        json_decref(ft);
        *ok = 0;
        return o;
    }
    jset(lam, "x86_64", arch_json(&r->lambda[MIP_ARCH_X86_64], ok), ok);
    jset(lam, "arm64", arch_json(&r->lambda[MIP_ARCH_ARM64], ok), ok);
    jset(lam, "ephemeral_storage_usd_per_gb_s",
         jnum(eph->line ? eph->usd : DEFAULT_EPHEMERAL_USD_PER_GB_S), ok);
    jset(ft, "requests", jnum(FREE_TIER_REQUESTS), ok);
    jset(ft, "gb_s", jnum(FREE_TIER_GB_S), ok);
    jset(lam, "free_tier", ft, ok);
    jset(o, "lambda", lam, ok);

    json_t *lmi = json_object();
    if (lmi) {
        jset(lmi, "request_usd_per_million", json_real(LMI_REQUEST_USD_PER_MILLION), ok);
        jset(lmi, "management_fee_fraction", json_real(LMI_MANAGEMENT_FEE_FRACTION), ok);
    }
    jset(o, "lmi", lmi, ok);

    json_t *insts = json_object();
    if (!insts) {
        *ok = 0;
        return o;
    }
    if (r->n_insts > 1)
        qsort(r->insts, r->n_insts, sizeof r->insts[0], cmp_inst);
    for (size_t i = 0; i < r->n_insts; i++) {
        const inst_t *in = &r->insts[i];
        json_t *io = json_object();
        if (!io) {
            *ok = 0;
            break;
        }
        jset(io, "vcpu", jnum(in->vcpu), ok);
        jset(io, "memory_gib", jnum(in->memory_gib), ok);
        jset(io, "arch", json_string(mip_arch_name(in->arch)), ok);
        jset(io, "ondemand_usd_per_hour", jnum(in->usd_per_hour), ok);
        jset(io, "source", mip__json_string(in->source), ok);
        jset(insts, in->type, io, ok);
    }
    jset(o, "instances", insts, ok);
    return o;
}

static int write_catalog(importer_t *im, char **json_out)
{
    mip_error_t *err = im->err;
    /* what is missing, for the error when no region remains */
    char first_missing[384] = "";
    size_t kept = 0;
    if (im->n_regions > 1)
        qsort(im->regions, im->n_regions, sizeof im->regions[0], cmp_region);
    int *keep = calloc(im->n_regions ? im->n_regions : 1, sizeof *keep);
    if (!keep)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t i = 0; i < im->n_regions; i++) {
        char what[256];
        const char *miss = region_missing(&im->regions[i], what, sizeof what);
        if (!miss) {
            keep[i] = 1;
            kept++;
            continue;
        }
        if (im->n_want > 0) {
            /* a region asked for by name must be complete */
            free(keep);
            return mip__fail(err, MIP_ENOTFOUND, "region %s: %s in the offer files",
                             im->regions[i].code, miss);
        }
        if (!first_missing[0])
            snprintf(first_missing, sizeof first_missing, "%s: %s", im->regions[i].code,
                     miss);
    }
    for (size_t i = 0; i < im->n_want; i++) {
        int found = 0;
        for (size_t j = 0; j < im->n_regions; j++)
            if (strcmp(im->regions[j].code, im->want[i]) == 0)
                found = 1;
        if (!found) {
            free(keep);
            return mip__fail(err, MIP_ENOTFOUND,
                             "region %s: no EC2 or Lambda price in the offer files",
                             im->want[i]);
        }
    }
    if (kept == 0) {
        free(keep);
        if (im->n_regions == 0)
            return mip__fail(err, MIP_ENOTFOUND,
                             "no region has both Lambda rates and an LMI-eligible EC2 "
                             "instance price in the offer files");
        return mip__fail(err, MIP_ENOTFOUND,
                         "no region has both Lambda rates and an LMI-eligible EC2 "
                         "instance price in the offer files (%s)",
                         first_missing);
    }

    int ok = 1;
    json_t *root = json_object(), *regions = json_object();
    if (!root || !regions) {
        json_decref(root);
        json_decref(regions);
        free(keep);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    jset(root, "schema_version", json_integer(1), &ok);
    jset(root, "catalog_version", json_string(im->version_date), &ok);
    jset(root, "currency", json_string("USD"), &ok);
    jset(root, "description",
         json_string(
             "AWS prices for default Lambda and Lambda Managed Instances, "
             "imported from AWS Price List offer files by mipricing prices import. "
             "EC2: Linux, shared tenancy, on-demand. See doc/catalog.md."),
         &ok);
    for (size_t i = 0; i < im->n_regions; i++)
        if (keep[i])
            jset(regions, im->regions[i].code, region_json(im, &im->regions[i], &ok),
                 &ok);
    jset(root, "regions", regions, &ok);
    free(keep);
    char *s = ok ? json_dumps(root, JSON_FLAGS) : NULL;
    json_decref(root);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory writing the catalogue");
    size_t n = strlen(s);
    char *r = malloc(n + 2);
    if (!r) {
        free(s);
        return mip__fail(err, MIP_ENOMEM, "out of memory writing the catalogue");
    }
    memcpy(r, s, n);
    r[n] = '\n';
    r[n + 1] = '\0';
    free(s);
    *json_out = r;
    return MIP_OK;
}

static void free_importer(importer_t *im)
{
    for (size_t i = 0; i < im->n_regions; i++) {
        region_t *r = &im->regions[i];
        for (size_t k = 0; k < r->n_insts; k++) {
            free(r->insts[k].type);
            free(r->insts[k].source);
        }
        free(r->insts);
        free(r->code);
        free(r->name);
    }
    free(im->regions);
}

int mip_catalog_import(const char *const *offer_paths, size_t n_paths,
                       const char *const *regions, size_t n_regions, char **json_out,
                       mip_error_t *err)
{
    mip_error_clear(err);
    if (json_out)
        *json_out = NULL;
    if (!json_out || (n_paths > 0 && !offer_paths) || (n_regions > 0 && !regions))
        return mip__fail(err, MIP_EINVAL, "mip_catalog_import: NULL argument");
    if (n_paths == 0)
        return mip__fail(err, MIP_EINVAL, "mip_catalog_import: no offer file given");
    for (size_t i = 0; i < n_paths; i++)
        if (!offer_paths[i])
            return mip__fail(err, MIP_EINVAL, "mip_catalog_import: NULL offer file path");
    for (size_t i = 0; i < n_regions; i++)
        if (!regions[i] || !regions[i][0])
            return mip__fail(err, MIP_EINVAL, "mip_catalog_import: empty region code");

    mip_error_t e;
    mip_error_clear(&e);
    importer_t im;
    memset(&im, 0, sizeof im);
    im.err = &e;
    im.want = regions;
    im.n_want = n_regions;
    int rc = MIP_OK;
    for (size_t i = 0; i < n_paths && rc == MIP_OK; i++) {
        im.path = offer_paths[i];
        im.in_header = 0;
        im.offer = OFFER_NONE;
        im.version[0] = im.date[0] = '\0';
        mip__csv_reader_t rd;
        memset(&rd, 0, sizeof rd);
        rd.path = im.path;
        rd.header = on_row; /* the first metadata row */
        rd.row = on_row;
        rd.user = &im;
        rc = mip__csv_read(&rd, &e);
        if (rc == MIP_EPARSE && e.line == 0 && strcmp(e.text, "empty file") == 0)
            ; /* keep csvio's message */
        else if (rc == MIP_EPARSE && strncmp(e.text, "no data rows", 12) == 0) {
            /* one row only: neither metadata nor a header worth reading */
            mip_error_clear(&e);
            rc = mip__error_set(&e, MIP_ESCHEMA, im.path, 1, 0,
                                "not an AWS Price List offer file (no metadata rows "
                                "and header)");
        }
        if (rc == MIP_OK && !im.in_header)
            rc = mip__error_set(&e, MIP_ESCHEMA, im.path, 0, 0,
                                "no header row (with a SKU column) after the metadata "
                                "rows: not an AWS Price List offer file");
    }
    if (rc == MIP_OK)
        rc = write_catalog(&im, json_out);
    free_importer(&im);
    if (rc != MIP_OK && err)
        *err = e;
    return rc;
}
