/*
 * test_import.c - mip_catalog_import: AWS Price List offer files (CSV) to a
 * catalogue. The offer files are CSV files of tests/data/offers/ (written by
 * tests/data/offers/make_offers.py); the expected prices are read off them.
 */
#include "testutil.h"
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>
#include <unistd.h>

#define OFFER(name) "data/offers/" name

/* Import files (relative to tests/) for regions; returns the status. */
static int run_import(const char *const *rel, size_t n, const char *const *regions,
                      size_t n_regions, char **json, mip_error_t *err)
{
    char paths[4][4096];
    const char *p[4];
    cr_assert(n <= 4);
    for (size_t i = 0; i < n; i++) {
        snprintf(paths[i], sizeof paths[i], "%s", test_path(rel[i]));
        p[i] = paths[i];
    }
    return mip_catalog_import(p, n, regions, n_regions, json, err);
}

/* The EC2 and Lambda files of two regions, loaded as a catalogue. */
static mip_catalog_t *load_pair(void)
{
    const char *files[] = {OFFER("ec2.csv"), OFFER("lambda.csv")};
    char *json = NULL;
    mip_error_t err;
    int rc = run_import(files, 2, NULL, 0, &json, &err);
    cr_assert_eq(rc, MIP_OK, "import: %s", err.text);
    mip_catalog_t *cat = NULL;
    rc = mip_catalog_load_string(json, "imported", &cat, &err);
    cr_assert_eq(rc, MIP_OK, "load: %s at %ld:%ld", err.text, err.line, err.column);
    mip_free(json);
    return cat;
}

Test(import, version_and_regions)
{
    mip_catalog_t *cat = load_pair();
    /* Publication Date of ec2.csv (2025-09-12) is later than lambda.csv's */
    cr_assert_str_eq(mip_catalog_version(cat), "2025-09-12");
    /* us-west-1 has EC2 prices but no Lambda rates: left out */
    cr_assert_eq(mip_catalog_region_count(cat), 2);
    cr_assert_str_eq(mip_catalog_region_at(cat, 0)->code, "eu-west-1");
    cr_assert_str_eq(mip_catalog_region_at(cat, 0)->name, "EU (Ireland)");
    cr_assert_str_eq(mip_catalog_region_at(cat, 1)->code, "us-east-1");
    cr_assert_str_eq(mip_catalog_region_at(cat, 1)->name, "US East (N. Virginia)");
    mip_catalog_free(cat);
}

typedef struct inst_case {
    char region[16];
    char type[32];
    double vcpu, memory_gib;
    mip_arch_t arch;
    double usd_per_hour;
    char sku[16];
} inst_case_t;

static inst_case_t inst_cases[] = {
    /* Physical Processor "AWS Graviton3 Processor" -> arm64 */
    {"us-east-1", "m7g.xlarge", 4, 16, MIP_ARCH_ARM64, 0.1632, "A1M7GXL0USE1"},
    {"us-east-1", "c7i.xlarge", 4, 8, MIP_ARCH_X86_64, 0.1785, "A7C7IXL0USE1"},
    /* empty Physical Processor: the 'g' of the family -> arm64 */
    {"us-east-1", "r8g.large", 2, 16, MIP_ARCH_ARM64, 0.11782, "B2R8GL0USE1"},
    /* "1,024 GiB" */
    {"us-east-1", "r7iz.32xlarge", 128, 1024, MIP_ARCH_X86_64, 11.904, "B3R7IZ32XL01"},
    {"eu-west-1", "m7g.xlarge", 4, 16, MIP_ARCH_ARM64, 0.1784, "C1M7GXL0EUW1"},
    {"eu-west-1", "c7i.xlarge", 4, 8, MIP_ARCH_X86_64, 0.2006, "C2C7IXL0EUW1"},
};

ParameterizedTestParameters(import, instances)
{
    return cr_make_param_array(inst_case_t, inst_cases,
                               sizeof inst_cases / sizeof inst_cases[0]);
}

ParameterizedTest(inst_case_t *c, import, instances)
{
    mip_catalog_t *cat = load_pair();
    const mip_instance_t *in = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_instance(cat, c->region, c->type, &in, &err), MIP_OK, "%s",
                 err.text);
    cr_assert(ieee_ulp_eq(dbl, in->vcpu, c->vcpu, 0));
    cr_assert(ieee_ulp_eq(dbl, in->memory_gib, c->memory_gib, 0));
    cr_assert_eq(in->arch, c->arch);
    cr_assert(ieee_ulp_eq(dbl, in->ondemand_usd_per_hour, c->usd_per_hour, 4));
    char src[128];
    snprintf(src, sizeof src,
             "AWS Price List AmazonEC2 20250912225308 (published 2025-09-12), SKU %s",
             c->sku);
    cr_assert_str_eq(in->source, src);
    mip_catalog_free(cat);
}

Test(import, filters)
{
    mip_catalog_t *cat = load_pair();
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    mip_error_t err;
    /* Windows, Dedicated, Reserved, unused capacity reservation, SQL, Spot,
     * c7g.medium and t3.large rows are all left out */
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, NULL, 0, &err), 4);
    cr_assert_eq(mip_catalog_instances(cat, "eu-west-1", &f, NULL, 0, &err), 2);
    const mip_instance_t *in = NULL;
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "c7g.medium", &in, &err),
                 MIP_ENOTFOUND);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "t3.large", &in, &err),
                 MIP_ENOTFOUND);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "r7g.large", &in, &err),
                 MIP_ENOTFOUND);
    mip_catalog_free(cat);
}

Test(import, lambda_rates)
{
    mip_catalog_t *cat = load_pair();
    const mip_region_t *r = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, &err), MIP_OK);
    const mip_lambda_arch_rates_t *x = &r->lambda[MIP_ARCH_X86_64];
    const mip_lambda_arch_rates_t *a = &r->lambda[MIP_ARCH_ARM64];
    /* 0.0000002000 per request */
    cr_assert(ieee_ulp_eq(dbl, x->request_usd_per_million, 0.2, 4));
    cr_assert(ieee_ulp_eq(dbl, a->request_usd_per_million, 0.2, 4));
    cr_assert_eq(x->n_tiers, 3);
    cr_assert(ieee_ulp_eq(dbl, x->tiers[0].up_to_gb_s, 6e9, 0));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[0].usd_per_gb_s, 0.0000166667, 4));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[1].up_to_gb_s, 15e9, 0));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[1].usd_per_gb_s, 0.000015, 4));
    cr_assert(isinf(x->tiers[2].up_to_gb_s));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[2].usd_per_gb_s, 0.0000133334, 4));
    cr_assert_eq(a->n_tiers, 3);
    cr_assert(ieee_ulp_eq(dbl, a->tiers[0].up_to_gb_s, 7.5e9, 0));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[0].usd_per_gb_s, 0.0000133334, 4));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[1].up_to_gb_s, 18.75e9, 0));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[1].usd_per_gb_s, 0.0000120001, 4));
    cr_assert(isinf(a->tiers[2].up_to_gb_s));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[2].usd_per_gb_s, 0.0000106667, 4));
    cr_assert(ieee_ulp_eq(dbl, x->provisioned_concurrency_usd_per_gb_s, 0.0000041667, 4));
    cr_assert(ieee_ulp_eq(dbl, a->provisioned_concurrency_usd_per_gb_s, 0.0000033334, 4));
    cr_assert(ieee_ulp_eq(dbl, x->provisioned_duration_usd_per_gb_s, 0.0000097222, 4));
    cr_assert(ieee_ulp_eq(dbl, a->provisioned_duration_usd_per_gb_s, 0.0000077778, 4));
    cr_assert(ieee_ulp_eq(dbl, r->ephemeral_usd_per_gb_s, 0.0000000309, 4));
    /* constants, not in the files; the free-tier rows were skipped */
    cr_assert(ieee_ulp_eq(dbl, r->free_tier_requests, 1e6, 0));
    cr_assert(ieee_ulp_eq(dbl, r->free_tier_gb_s, 4e5, 0));
    cr_assert(r->lmi_available);
    cr_assert(ieee_ulp_eq(dbl, r->lmi_request_usd_per_million, 0.2, 4));
    cr_assert(ieee_ulp_eq(dbl, r->lmi_management_fee_fraction, 0.15, 4));

    /* eu-west-1: tiers given out of order, requests at 0.0000002100, no
     * ephemeral storage rows (the us-east-1 rate is assumed) */
    cr_assert_eq(mip_catalog_region(cat, "eu-west-1", &r, &err), MIP_OK);
    x = &r->lambda[MIP_ARCH_X86_64];
    cr_assert(ieee_ulp_eq(dbl, x->request_usd_per_million, 0.21, 4));
    cr_assert_eq(x->n_tiers, 3);
    cr_assert(ieee_ulp_eq(dbl, x->tiers[0].up_to_gb_s, 6e9, 0));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[1].usd_per_gb_s, 0.000015, 4));
    cr_assert(isinf(x->tiers[2].up_to_gb_s));
    cr_assert(ieee_ulp_eq(dbl, r->ephemeral_usd_per_gb_s, 0.0000000309, 4));
    mip_catalog_free(cat);
}

Test(import, ephemeral_default_is_noted)
{
    const char *files[] = {OFFER("ec2.csv"), OFFER("lambda.csv")};
    char *json = NULL;
    mip_error_t err;
    cr_assert_eq(run_import(files, 2, NULL, 0, &json, &err), MIP_OK, "%s", err.text);
    const char *eu = strstr(json, "\"eu-west-1\"");
    const char *us = strstr(json, "\"us-east-1\"");
    const char *note = strstr(json, "No ephemeral storage rate in the files");
    cr_assert(eu && us && note);
    cr_assert(note > eu && note < us, "the note belongs to eu-west-1 only");
    cr_assert_null(strstr(note + 1, "No ephemeral storage rate in the files"));
    mip_free(json);
}

Test(import, per_region_files_without_region_code)
{
    /* Tokyo's files have no Region Code column: Location names the region */
    const char *files[] = {OFFER("ec2.csv"), OFFER("lambda.csv"), OFFER("ec2_tokyo.csv"),
                           OFFER("lambda_tokyo.csv")};
    const char *want[] = {"ap-northeast-1", "us-east-1"};
    char *json = NULL;
    mip_error_t err;
    cr_assert_eq(run_import(files, 4, want, 2, &json, &err), MIP_OK, "%s", err.text);
    mip_catalog_t *cat = NULL;
    cr_assert_eq(mip_catalog_load_string(json, NULL, &cat, &err), MIP_OK, "%s", err.text);
    mip_free(json);
    cr_assert_str_eq(mip_catalog_version(cat), "2025-09-14");
    cr_assert_eq(mip_catalog_region_count(cat), 2);
    const mip_region_t *r = mip_catalog_region_at(cat, 0);
    cr_assert_str_eq(r->code, "ap-northeast-1");
    cr_assert_str_eq(r->name, "Asia Pacific (Tokyo)");
    cr_assert_eq(r->lambda[MIP_ARCH_X86_64].n_tiers, 1);
    cr_assert(isinf(r->lambda[MIP_ARCH_X86_64].tiers[0].up_to_gb_s));
    cr_assert(ieee_ulp_eq(dbl,
                          r->lambda[MIP_ARCH_X86_64].provisioned_concurrency_usd_per_gb_s,
                          0.0000053835, 4));
    cr_assert(ieee_ulp_eq(dbl, r->ephemeral_usd_per_gb_s, 0.000000037, 4));
    const mip_instance_t *in = NULL;
    cr_assert_eq(mip_catalog_instance(cat, "ap-northeast-1", "c7g.xlarge", &in, &err),
                 MIP_OK);
    cr_assert(ieee_ulp_eq(dbl, in->ondemand_usd_per_hour, 0.184, 4));
    cr_assert_eq(in->arch, MIP_ARCH_ARM64);
    cr_assert_str_eq(mip_catalog_region_at(cat, 1)->code, "us-east-1");
    mip_catalog_free(cat);
}

typedef struct bad_case {
    char files[2][32];
    char region[16]; /* "" = every region */
    int code;
    int source_file; /* the file named: 1 or 2 (0: none) */
    long line, column;
    char text[400];
} bad_case_t;

static bad_case_t bad_cases[] = {
    {{"bad_offer.csv", "lambda.csv"},
     "",
     MIP_ESCHEMA,
     1,
     5,
     2,
     "unknown offer code 'AmazonS3' (AmazonEC2 or AWSLambda)"},
    {{"bad_price.csv", "lambda.csv"},
     "",
     MIP_EPARSE,
     1,
     8,
     10,
     "PricePerUnit: '0.17x5' is not a number >= 0"},
    {{"missing_column.csv", "lambda.csv"},
     "",
     MIP_ESCHEMA,
     1,
     6,
     0,
     "missing column 'Tenancy' in the AmazonEC2 offer; the header has: SKU, "
     "OfferTermCode, "
     "RateCode, TermType, PriceDescription, EffectiveDate, StartingRange, EndingRange, "
     "Unit, PricePerUnit, Currency, LeaseContractLength, PurchaseOption, OfferingClass, "
     "Product Family, serviceCode, Location, Location Type, Instance Type..."},
    {{"no_header.csv", "lambda.csv"},
     "",
     MIP_ESCHEMA,
     1,
     0,
     0,
     "no header row (with a SKU column) after the metadata rows: not an AWS Price List "
     "offer file"},
    {{"bad_memory.csv", "lambda.csv"},
     "",
     MIP_EPARSE,
     1,
     7,
     25,
     "Memory: '16 GB' is not a size in GiB (\"16 GiB\")"},
    {{"bad_date.csv", "lambda.csv"},
     "",
     MIP_EPARSE,
     1,
     3,
     2,
     "Publication Date: '12/09/2025' is not a date (YYYY-MM-DD...)"},
    {{"short_row.csv", "lambda.csv"},
     "",
     MIP_EPARSE,
     1,
     8,
     20,
     "expected at least 36 fields, found 20"},
    {{"ec2.csv", "bad_range.csv"},
     "",
     MIP_EPARSE,
     2,
     10,
     8,
     "EndingRange: '15e9x' is not a number >= 0"},
    {{"dup_price.csv", "lambda.csv"}, "", MIP_ESCHEMA, 1, 8, 10, "two on-demand prices"},
    {{"bad_meta.csv", "lambda.csv"},
     "",
     MIP_ESCHEMA,
     1,
     3,
     1,
     "expected the offer file's metadata rows (\"FormatVersion\", ...) or its header "
     "(with a SKU column), found a row of 3 fields"},
    {{"nope.csv", "lambda.csv"},
     "",
     MIP_EIO,
     1,
     0,
     0,
     "cannot open: No such file or directory"},
    {{"ec2.csv", "tier_gap.csv"},
     "us-east-1",
     MIP_ENOTFOUND,
     0,
     0,
     0,
     "region us-east-1: Lambda x86_64 duration tiers do not join: one ends at "
     "6000000000, "
     "the next starts at 15000000000 (line 10) in the offer files"},
    {{"ec2.csv", "lambda.csv"},
     "us-west-1",
     MIP_ENOTFOUND,
     0,
     0,
     0,
     "region us-west-1: no Lambda rates in the offer files"},
    {{"ec2.csv", "lambda.csv"},
     "eu-central-1",
     MIP_ENOTFOUND,
     0,
     0,
     0,
     "region eu-central-1: no EC2 or Lambda price in the offer files"},
    {{"ec2.csv", ""},
     "",
     MIP_ENOTFOUND,
     0,
     0,
     0,
     "no region has both Lambda rates and an LMI-eligible EC2 instance price in the "
     "offer files (eu-west-1: no Lambda rates)"},
    {{"lambda.csv", ""},
     "",
     MIP_ENOTFOUND,
     0,
     0,
     0,
     "no region has both Lambda rates and an LMI-eligible EC2 instance price in the "
     "offer files (eu-west-1: no EC2 on-demand price of an LMI-eligible instance type)"},
};

ParameterizedTestParameters(import, errors)
{
    return cr_make_param_array(bad_case_t, bad_cases,
                               sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(bad_case_t *c, import, errors)
{
    const char *files[2];
    char rel[2][64];
    size_t n = 0;
    for (size_t i = 0; i < 2 && c->files[i][0]; i++) {
        snprintf(rel[i], sizeof rel[i], "data/offers/%s", c->files[i]);
        files[n++] = rel[i];
    }
    const char *want[1] = {c->region};
    char *json = (char *)&n; /* must be reset to NULL */
    mip_error_t err;
    int rc = run_import(files, n, want, c->region[0] ? 1 : 0, &json, &err);
    cr_assert_eq(rc, c->code, "%s: got %s (%s)", c->files[0], mip_errname(rc), err.text);
    cr_assert_null(json);
    cr_assert_eq(err.code, c->code);
    if (c->source_file)
        cr_assert_str_eq(err.source, test_path(rel[c->source_file - 1]));
    else
        cr_assert_str_eq(err.source, "");
    cr_assert_eq(err.line, c->line, "line %ld: %s", err.line, err.text);
    cr_assert_eq(err.column, c->column, "column %ld: %s", err.column, err.text);
    cr_assert(strncmp(err.text, c->text, strlen(c->text)) == 0, "text: %s", err.text);
}

Test(import, bad_arguments)
{
    char *json = NULL;
    mip_error_t err;
    const char *files[] = {"x.csv"};
    const char *regions[] = {""};
    cr_assert_eq(mip_catalog_import(NULL, 1, NULL, 0, &json, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_import(files, 0, NULL, 0, &json, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "mip_catalog_import: no offer file given");
    cr_assert_eq(mip_catalog_import(files, 1, NULL, 0, NULL, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_import(files, 1, regions, 1, &json, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "mip_catalog_import: empty region code");
    /* NULL err is tolerated */
    cr_assert_eq(mip_catalog_import(files, 1, NULL, 0, &json, NULL), MIP_EIO);
    cr_assert_null(json);
}

Test(import, names_not_utf8)
{
    /* found by fuzz/fuzz_import: a Location that is not UTF-8 made writing
     * the catalogue fail as "out of memory"; its bytes are written as '?' */
    FILE *in = fopen(test_path(OFFER("ec2.csv")), "rb");
    cr_assert_not_null(in);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = '\0';
    char *at = strstr(text, "US East (N. Virginia)");
    cr_assert_not_null(at);
    at[4] = '\xff';
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_import_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *out = fdopen(fd, "wb");
    cr_assert_not_null(out);
    fputs(text, out);
    fclose(out);

    char lambda[4096];
    snprintf(lambda, sizeof lambda, "%s", test_path(OFFER("lambda.csv")));
    const char *files[] = {path, lambda};
    const char *want[] = {"us-east-1"};
    char *json = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_import(files, 2, want, 1, &json, &err), MIP_OK, "%s",
                 err.text);
    mip_catalog_t *cat = NULL;
    cr_assert_eq(mip_catalog_load_string(json, NULL, &cat, &err), MIP_OK, "%s", err.text);
    mip_free(json);
    cr_assert_str_eq(mip_catalog_region_at(cat, 0)->name, "US E?st (N. Virginia)");
    mip_catalog_free(cat);
    unlink(path);
}
