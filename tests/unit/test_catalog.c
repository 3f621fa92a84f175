/*
 * test_catalog.c - the price catalogue: loading, validation, lookups.
 */
#include "testutil.h"

#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

/* ------------------------------------------------------------------------ */
/* The bundled catalogue                                                     */

Test(catalog, bundled_loads)
{
    mip_catalog_t *cat = test_catalog();
    cr_assert_str_eq(mip_catalog_version(cat), "2026-07-20");
    cr_assert_eq(mip_catalog_region_count(cat), 5);
    static const char *const codes[] = {"ap-northeast-1", "eu-west-1", "us-east-1",
                                        "us-east-2", "us-west-2"};
    for (size_t i = 0; i < 5; i++) {
        const mip_region_t *r = mip_catalog_region_at(cat, i);
        cr_assert_not_null(r);
        cr_assert_str_eq(r->code, codes[i]);
        cr_assert(r->lmi_available);
    }
    cr_assert_null(mip_catalog_region_at(cat, 5));
    mip_catalog_free(cat);
}

Test(catalog, bundled_ec2_prices)
{
    mip_catalog_t *cat = test_catalog();
    const mip_instance_t *i = NULL;
    mip_error_t err;

    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "m7g.xlarge", &i, &err), MIP_OK,
                 "%s", err.text);
    cr_assert_str_eq(i->type, "m7g.xlarge");
    cr_assert_str_eq(i->region, "us-east-1");
    cr_assert(ieee_ulp_eq(dbl, i->ondemand_usd_per_hour, 0.1632, 4));
    cr_assert(ieee_ulp_eq(dbl, i->vcpu, 4.0, 0));
    cr_assert(ieee_ulp_eq(dbl, i->memory_gib, 16.0, 0));
    cr_assert_eq(i->arch, MIP_ARCH_ARM64);
    cr_assert(strstr(i->source, "karpenter") != NULL, "source: %s", i->source);

    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "c7i.xlarge", &i, &err), MIP_OK);
    cr_assert(ieee_ulp_eq(dbl, i->ondemand_usd_per_hour, 0.1785, 4));
    cr_assert(ieee_ulp_eq(dbl, i->vcpu, 4.0, 0));
    cr_assert(ieee_ulp_eq(dbl, i->memory_gib, 8.0, 0));
    cr_assert_eq(i->arch, MIP_ARCH_X86_64);

    /* another region: Tokyo c7a.xlarge (ec2_ondemand.csv) */
    cr_assert_eq(mip_catalog_instance(cat, "ap-northeast-1", "c7a.xlarge", &i, &err),
                 MIP_OK);
    cr_assert(ieee_ulp_eq(dbl, i->ondemand_usd_per_hour, 0.2584, 4));
    cr_assert_str_eq(i->region, "ap-northeast-1");
    mip_catalog_free(cat);
}

Test(catalog, bundled_lambda_rates)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, &err), MIP_OK);
    cr_assert_str_eq(r->code, "us-east-1");
    cr_assert_str_eq(r->name, "US East (N. Virginia)");

    const mip_lambda_arch_rates_t *x = &r->lambda[MIP_ARCH_X86_64];
    cr_assert(ieee_ulp_eq(dbl, x->request_usd_per_million, 0.20, 4));
    cr_assert_eq(x->n_tiers, 3);
    cr_assert(ieee_ulp_eq(dbl, x->tiers[0].up_to_gb_s, 6e9, 0));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[0].usd_per_gb_s, 0.0000166667, 4));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[1].up_to_gb_s, 15e9, 0));
    cr_assert(ieee_ulp_eq(dbl, x->tiers[1].usd_per_gb_s, 0.000015, 4));
    cr_assert(isinf(x->tiers[2].up_to_gb_s) && x->tiers[2].up_to_gb_s > 0);
    cr_assert(ieee_ulp_eq(dbl, x->tiers[2].usd_per_gb_s, 0.0000133334, 4));
    cr_assert(ieee_ulp_eq(dbl, x->provisioned_concurrency_usd_per_gb_s, 0.0000041667, 4));
    cr_assert(ieee_ulp_eq(dbl, x->provisioned_duration_usd_per_gb_s, 0.0000097222, 4));

    const mip_lambda_arch_rates_t *a = &r->lambda[MIP_ARCH_ARM64];
    cr_assert(ieee_ulp_eq(dbl, a->request_usd_per_million, 0.20, 4));
    cr_assert_eq(a->n_tiers, 3);
    cr_assert(ieee_ulp_eq(dbl, a->tiers[0].up_to_gb_s, 7.5e9, 0));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[0].usd_per_gb_s, 0.0000133334, 4));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[1].up_to_gb_s, 18.75e9, 0));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[1].usd_per_gb_s, 0.0000120001, 4));
    cr_assert(isinf(a->tiers[2].up_to_gb_s));
    cr_assert(ieee_ulp_eq(dbl, a->tiers[2].usd_per_gb_s, 0.0000106667, 4));
    cr_assert(ieee_ulp_eq(dbl, a->provisioned_concurrency_usd_per_gb_s, 0.0000033334, 4));
    cr_assert(ieee_ulp_eq(dbl, a->provisioned_duration_usd_per_gb_s, 0.0000077778, 4));

    cr_assert(ieee_ulp_eq(dbl, r->ephemeral_usd_per_gb_s, 0.0000000309, 4));
    cr_assert(ieee_ulp_eq(dbl, r->free_tier_requests, 1e6, 0));
    cr_assert(ieee_ulp_eq(dbl, r->free_tier_gb_s, 400000.0, 0));
    cr_assert(r->lmi_available);
    cr_assert(ieee_ulp_eq(dbl, r->lmi_request_usd_per_million, 0.20, 4));
    cr_assert(ieee_ulp_eq(dbl, r->lmi_management_fee_fraction, 0.15, 4));

    /* rates are data: Ireland's ephemeral storage differs */
    cr_assert_eq(mip_catalog_region(cat, "eu-west-1", &r, &err), MIP_OK);
    cr_assert(ieee_ulp_eq(dbl, r->ephemeral_usd_per_gb_s, 0.0000000340, 4));
    cr_assert_str_eq(r->name, "Europe (Ireland)");
    mip_catalog_free(cat);
}

/* ------------------------------------------------------------------------ */
/* A small good fixture: sorting and the copied values                      */

static mip_catalog_t *load_fixture(const char *name)
{
    char rel[256];
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    snprintf(rel, sizeof rel, "data/catalog/%s", name);
    int rc = mip_catalog_load(test_path(rel), &cat, &err);
    cr_assert_eq(rc, MIP_OK, "%s: %s", name, err.text);
    cr_assert_eq(err.code, MIP_OK);
    return cat;
}

Test(catalog, fixture_sorted_family_size)
{
    mip_catalog_t *cat = load_fixture("good.json");
    static const char *const want[] = {"c7i.large",    "c7i.48xlarge", "c7i.metal-24xl",
                                       "m7g.medium",   "m7g.large",    "m7g.2xlarge",
                                       "m7g.12xlarge", "m7g.metal",    "r8g.metal-48xl"};
    const mip_instance_t *got[16];
    mip_error_t err;

    cr_assert_str_eq(mip_catalog_version(cat), "2026-01-31");
    cr_assert_eq(mip_catalog_region_count(cat), 2);
    cr_assert_str_eq(mip_catalog_region_at(cat, 0)->code, "eu-central-1");
    cr_assert_str_eq(mip_catalog_region_at(cat, 1)->code, "us-west-2");
    cr_assert_eq(mip_catalog_region_at(cat, 0)->lmi_available, 0);

    long n = mip_catalog_instances(cat, "eu-central-1", NULL, got, 16, &err);
    cr_assert_eq(n, 9, "%ld: %s", n, err.text);
    for (size_t i = 0; i < 9; i++) {
        cr_assert_str_eq(got[i]->type, want[i], "position %zu", i);
        cr_assert_str_eq(got[i]->region, "eu-central-1");
    }
    cr_assert(ieee_ulp_eq(dbl, got[8]->ondemand_usd_per_hour, 11.3101, 4));
    cr_assert(ieee_ulp_eq(dbl, got[8]->memory_gib, 1536.0, 0));
    cr_assert_str_eq(got[8]->source, "test fixture");
    mip_catalog_free(cat);
}

Test(catalog, bundled_sorted_family_size)
{
    mip_catalog_t *cat = test_catalog();
    static const char *const c7g[] = {"c7g.medium",   "c7g.large",    "c7g.xlarge",
                                      "c7g.2xlarge",  "c7g.4xlarge",  "c7g.8xlarge",
                                      "c7g.12xlarge", "c7g.16xlarge", "c7g.metal"};
    static const char *const c7i_tail[] = {"c7i.24xlarge", "c7i.48xlarge",
                                           "c7i.metal-24xl", "c7i.metal-48xl"};
    const mip_instance_t *got[160];
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    mip_error_t err;

    f.pattern = "c7g.*";
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, got, 160, &err), 9);
    for (size_t i = 0; i < 9; i++)
        cr_assert_str_eq(got[i]->type, c7g[i]);

    f.pattern = "c7i.*";
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, got, 160, &err), 11);
    cr_assert_str_eq(got[0]->type, "c7i.large");
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(got[7 + i]->type, c7i_tail[i]);

    /* all 132 of us-east-1: families in order, never going back */
    long n = mip_catalog_instances(cat, "us-east-1", NULL, got, 160, &err);
    cr_assert_eq(n, 132);
    cr_assert_str_eq(got[0]->type, "c7a.medium");
    cr_assert_str_eq(got[131]->type, "r8g.metal-48xl");
    for (long i = 1; i < n; i++) {
        size_t la = strcspn(got[i - 1]->type, "."), lb = strcspn(got[i]->type, ".");
        char fa[32], fb[32];
        snprintf(fa, sizeof fa, "%.*s", (int)la, got[i - 1]->type);
        snprintf(fb, sizeof fb, "%.*s", (int)lb, got[i]->type);
        cr_assert(strcmp(fa, fb) <= 0, "%s before %s", got[i - 1]->type, got[i]->type);
        /* within a family, sizes grow (metal sizes come last, whatever their
         * vCPUs) */
        if (strcmp(fa, fb) == 0 && !strstr(got[i]->type, ".metal"))
            cr_assert(got[i - 1]->vcpu <= got[i]->vcpu, "%s before %s", got[i - 1]->type,
                      got[i]->type);
    }
    mip_catalog_free(cat);
}

/* ------------------------------------------------------------------------ */
/* Every error path, from fixtures                                           */

/* Strings inline: the test worker may not share the parent's addresses. */
typedef struct bad_case {
    char file[40];
    int code;
    char text[200]; /* exact message, or a substring if partial */
    int partial;
} bad_case_t;

static bad_case_t bad_cases[] = {
    {"unknown_key.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].vcpus: unknown key (did you "
     "mean vcpu?)",
     0},
    {"unknown_top_key.json", MIP_ESCHEMA,
     "$.comment: unknown key (allowed: schema_version, catalog_version, currency, "
     "description, regions)",
     0},
    {"negative_price.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].ondemand_usd_per_hour: must be "
     ">= 0, not -1",
     0},
    {"missing_vcpu.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].vcpu: missing", 0},
    {"zero_vcpu.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].vcpu: must be > 0, not 0", 0},
    {"fractional_vcpu.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].vcpu: must be a whole number, "
     "not 2.5",
     0},
    {"zero_memory.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].memory_gib: must be > 0, not 0",
     0},
    {"bad_arch.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].arch: must be \"x86_64\" or "
     "\"arm64\", not \"aarch64\"",
     0},
    {"price_string.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].ondemand_usd_per_hour: must be "
     "a "
     "number, not a string",
     0},
    {"missing_source.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"m7g.xlarge\"].source: missing", 0},
    {"schema_version.json", MIP_ESCHEMA,
     "$.schema_version: unsupported version 2 (this library reads version 1)", 0},
    {"schema_version_real.json", MIP_ESCHEMA,
     "$.schema_version: must be an integer, not 1.5", 0},
    {"currency.json", MIP_ESCHEMA, "$.currency: must be \"USD\", not \"EUR\"", 0},
    {"catalog_version.json", MIP_ESCHEMA,
     "$.catalog_version: must be a date as YYYY-MM-DD, not \"July 2026\"", 0},
    {"fee_fraction.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lmi.management_fee_fraction: must be between 0 and 1, not "
     "1.5",
     0},
    {"missing_lambda.json", MIP_ESCHEMA, "$.regions[\"us-west-2\"].lambda: missing", 0},
    {"lmi_available_string.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lmi_available: must be a boolean (true or false), not a "
     "string",
     0},
    {"tiers_not_increasing.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers[1].up_to_gb_s: must be "
     "greater than the previous tier's 6000000000, not 5000000000",
     0},
    {"tiers_last_not_null.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers[2].up_to_gb_s: the last tier "
     "must be null (unbounded), not 30000000000",
     0},
    {"tiers_null_middle.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers[0].up_to_gb_s: only the last "
     "tier may be null (unbounded)",
     0},
    {"tiers_too_many.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers: must hold 1 to 8 tiers, not "
     "9",
     0},
    {"tiers_empty.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers: must hold 1 to 8 tiers, not "
     "0",
     0},
    {"tiers_negative_rate.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].lambda.x86_64.duration_tiers[0].usd_per_gb_s: must be >= "
     "0, not -0.5",
     0},
    {"bad_type_name.json", MIP_ESCHEMA,
     "$.regions[\"us-west-2\"].instances[\"M7G XL\"]: not an instance type name", 1},
    {"bad_region_code.json", MIP_ESCHEMA,
     "$.regions[\"US West\"]: not a region code like \"us-east-1\"", 1},
    {"no_regions.json", MIP_ESCHEMA, "$.regions: must hold at least one region", 0},
    {"top_array_region.json", MIP_ESCHEMA,
     "$.regions[\"us-east-1\"]: must be an object, not an array", 0},
    {"duplicate_key.json", MIP_ESCHEMA,
     "duplicate key \"vcpu\": a key may appear only once in an "
     "object",
     0},
    {"truncated.json", MIP_EPARSE, "(is the file truncated?)", 1},
    {"syntax_error.json", MIP_EPARSE, "invalid JSON: string or '}' expected near ','", 0},
};

ParameterizedTestParameters(catalog, bad_fixture)
{
    return cr_make_param_array(bad_case_t, bad_cases,
                               sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(bad_case_t *c, catalog, bad_fixture)
{
    char rel[256], path[4096];
    mip_catalog_t *cat = (mip_catalog_t *)&rel; /* must be reset to NULL */
    mip_error_t err;
    snprintf(rel, sizeof rel, "data/catalog/%s", c->file);
    snprintf(path, sizeof path, "%s", test_path(rel));

    int rc = mip_catalog_load(path, &cat, &err);
    cr_assert_eq(rc, c->code, "%s: got %s (%s)", c->file, mip_errname(rc), err.text);
    cr_assert_eq(err.code, c->code);
    cr_assert_null(cat);
    cr_assert_str_eq(err.source, path);
    if (c->partial)
        cr_assert(strstr(err.text, c->text) != NULL, "%s: text '%s' lacks '%s'", c->file,
                  err.text, c->text);
    else
        cr_assert_str_eq(err.text, c->text, "%s", c->file);
    if (c->code == MIP_EPARSE || strstr(c->file, "duplicate"))
        cr_assert_gt(err.line, 0);
    else
        cr_assert_eq(err.line, 0);

    /* the same without an error object */
    cr_assert_eq(mip_catalog_load(path, &cat, NULL), c->code);
    cr_assert_null(cat);
}

Test(catalog, syntax_error_position)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    const char *path = test_path("data/catalog/syntax_error.json");
    cr_assert_eq(mip_catalog_load(path, &cat, &err), MIP_EPARSE);
    cr_assert_eq(err.line, 8);
    cr_assert_eq(err.column, 26);
    cr_assert_str_eq(err.source, path);
}

Test(catalog, duplicate_key_position)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    const char *path = test_path("data/catalog/duplicate_key.json");
    cr_assert_eq(mip_catalog_load(path, &cat, &err), MIP_ESCHEMA);
    cr_assert_eq(err.line, 62);
    cr_assert_eq(err.column, 11);
}

Test(catalog, truncated_is_parse_error)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    const char *path = test_path("data/catalog/truncated.json");
    cr_assert_eq(mip_catalog_load(path, &cat, &err), MIP_EPARSE);
    cr_assert_gt(err.line, 0, "line %ld", err.line);
    cr_assert(strstr(err.text, "invalid JSON: ") == err.text, "%s", err.text);
}

Test(catalog, missing_file)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    const char *path = test_path("data/catalog/no_such_file.json");
    cr_assert_eq(mip_catalog_load(path, &cat, &err), MIP_EIO);
    cr_assert_null(cat);
    cr_assert_str_eq(err.source, path);
    cr_assert(strstr(err.text, "No such file or directory") != NULL, "%s", err.text);
}

/* ------------------------------------------------------------------------ */
/* load_string                                                               */

static const char small_json[] =
    "{\"schema_version\": 1, \"catalog_version\": \"2026-02-28\", \"currency\": "
    "\"USD\",\n"
    " \"regions\": {\"us-east-2\": {\"name\": \"US East (Ohio)\", \"lmi_available\": "
    "true,\n"
    "  \"lambda\": {\n"
    "   \"x86_64\": {\"request_usd_per_million\": 0.2, \"duration_tiers\": "
    "[{\"up_to_gb_s\": null, \"usd_per_gb_s\": 0.0000166667}],\n"
    "    \"provisioned_concurrency_usd_per_gb_s\": 0.0000041667, "
    "\"provisioned_duration_usd_per_gb_s\": 0.0000097222},\n"
    "   \"arm64\": {\"request_usd_per_million\": 0.2, \"duration_tiers\": "
    "[{\"up_to_gb_s\": 7500000000, \"usd_per_gb_s\": 0.0000133334}, "
    "{\"up_to_gb_s\": null, \"usd_per_gb_s\": 0.0000106667}],\n"
    "    \"provisioned_concurrency_usd_per_gb_s\": 0.0000033334, "
    "\"provisioned_duration_usd_per_gb_s\": 0.0000077778},\n"
    "   \"ephemeral_storage_usd_per_gb_s\": 0.0000000309,\n"
    "   \"free_tier\": {\"requests\": 1000000, \"gb_s\": 400000}},\n"
    "  \"lmi\": {\"request_usd_per_million\": 0.2, \"management_fee_fraction\": 0.15},\n"
    "  \"instances\": {}}}}\n";

Test(catalog, load_string)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_load_string(small_json, NULL, &cat, &err), MIP_OK, "%s",
                 err.text);
    cr_assert_str_eq(mip_catalog_version(cat), "2026-02-28");
    cr_assert_eq(mip_catalog_region_count(cat), 1);
    r = mip_catalog_region_at(cat, 0);
    cr_assert_str_eq(r->code, "us-east-2");
    cr_assert_eq(r->lambda[MIP_ARCH_X86_64].n_tiers, 1);
    cr_assert(isinf(r->lambda[MIP_ARCH_X86_64].tiers[0].up_to_gb_s));
    cr_assert_eq(r->lambda[MIP_ARCH_ARM64].n_tiers, 2);
    cr_assert(ieee_ulp_eq(dbl, r->lambda[MIP_ARCH_ARM64].tiers[1].usd_per_gb_s,
                          0.0000106667, 4));

    /* a region without instances: lookups say so */
    const mip_instance_t *i = (const mip_instance_t *)r;
    cr_assert_eq(mip_catalog_instance(cat, "us-east-2", "m7g.xlarge", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_null(i);
    cr_assert_str_eq(err.text, "unknown instance type 'm7g.xlarge' in us-east-2 (the "
                               "catalogue has no instance type there)");
    cr_assert_eq(mip_catalog_instances(cat, "us-east-2", NULL, NULL, 0, &err), 0);
    mip_catalog_free(cat);
}

Test(catalog, load_string_errors)
{
    mip_catalog_t *cat = NULL;
    mip_error_t err;

    cr_assert_eq(
        mip_catalog_load_string("{\"schema_version\": 1,\n  oops}", NULL, &cat, &err),
        MIP_EPARSE);
    cr_assert_str_eq(err.source, "<string>");
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.column, 6); /* jansson: the end of the bad token */
    cr_assert_null(cat);

    cr_assert_eq(mip_catalog_load_string("[1, 2]", "inline.json", &cat, &err),
                 MIP_ESCHEMA);
    cr_assert_str_eq(err.source, "inline.json");
    cr_assert_str_eq(err.text, "$: must be an object, not an array");

    cr_assert_eq(mip_catalog_load_string("", "empty", &cat, &err), MIP_EPARSE);
    cr_assert_str_eq(err.source, "empty");

    cr_assert_eq(mip_catalog_load_string("{\"a\": 1e999}", NULL, &cat, &err), MIP_EPARSE);
    cr_assert(strstr(err.text, "real number overflow") != NULL, "%s", err.text);

    cr_assert_eq(mip_catalog_load_string("{\"schema_version\": \"1\"}", NULL, &cat, &err),
                 MIP_ESCHEMA);
    cr_assert_str_eq(err.text, "$.schema_version: must be a number, not a string");

    cr_assert_eq(mip_catalog_load_string("{\"schema_version\": 1}", NULL, &cat, &err),
                 MIP_ESCHEMA);
    cr_assert_str_eq(err.text, "$.catalog_version: missing");

    cr_assert_eq(mip_catalog_load_string("{\"schema_version\": 1, \"catalog_version\": "
                                         "\"2026-01-01\", \"currency\": \"USD\", "
                                         "\"description\": 5}",
                                         NULL, &cat, &err),
                 MIP_ESCHEMA);
    cr_assert_str_eq(err.text, "$.description: must be a string, not a number");

    /* keys that are not identifiers are quoted and escaped in the path */
    cr_assert_eq(mip_catalog_load_string("{\"a \\\"b\\\"\": 1}", NULL, &cat, &err),
                 MIP_ESCHEMA);
    cr_assert(strstr(err.text, "$[\"a \\\"b\\\"\"]: unknown key") == err.text, "%s",
              err.text);
}

/* ------------------------------------------------------------------------ */
/* Lookups and suggestions                                                   */

typedef struct region_case {
    char code[24];
    char text[160];
} region_case_t;

static region_case_t region_cases[] = {
    {"us-est-1", "unknown region 'us-est-1' (did you mean us-east-1?)"},
    {"US-EAST-1", "unknown region 'US-EAST-1' (did you mean us-east-1?)"},
    {"us-east-3", "unknown region 'us-east-3' (did you mean us-east-1 or us-east-2?)"},
    {"us-west-1", "unknown region 'us-west-1' (did you mean us-west-2?)"},
    {"mars-1", "unknown region 'mars-1' (known regions: ap-northeast-1, eu-west-1, "
               "us-east-1, us-east-2, us-west-2)"},
    {"", "unknown region '' (known regions: ap-northeast-1, eu-west-1, us-east-1, "
         "us-east-2, us-west-2)"},
};

ParameterizedTestParameters(catalog, unknown_region)
{
    return cr_make_param_array(region_case_t, region_cases,
                               sizeof region_cases / sizeof region_cases[0]);
}

ParameterizedTest(region_case_t *c, catalog, unknown_region)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r = mip_catalog_region_at(cat, 0);
    mip_error_t err;
    cr_assert_eq(mip_catalog_region(cat, c->code, &r, &err), MIP_ENOTFOUND);
    cr_assert_null(r);
    cr_assert_eq(err.code, MIP_ENOTFOUND);
    cr_assert_str_eq(err.text, c->text);

    /* instance lookups and listings report the region the same way */
    const mip_instance_t *i = NULL;
    cr_assert_eq(mip_catalog_instance(cat, c->code, "m7g.xlarge", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_str_eq(err.text, c->text);
    cr_assert_eq(mip_catalog_instances(cat, c->code, NULL, NULL, 0, &err), MIP_ENOTFOUND);
    cr_assert_str_eq(err.text, c->text);
    mip_catalog_free(cat);
}

Test(catalog, unknown_instance_suggestions)
{
    mip_catalog_t *cat = test_catalog();
    const mip_instance_t *i = NULL;
    mip_error_t err;

    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "m7g.xlarg", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_str_eq(err.text,
                     "unknown instance type 'm7g.xlarg' in us-east-1 (did you mean "
                     "m7g.xlarge?)");
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "M7G.XLARGE", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_str_eq(err.text,
                     "unknown instance type 'M7G.XLARGE' in us-east-1 (did you mean "
                     "m7g.xlarge?)");
    /* c7g.24xlarge does not exist: the closest sizes of c7g and others */
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "c7g.24xlarge", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert(strstr(err.text, "(did you mean ") != NULL, "%s", err.text);
    cr_assert(strstr(err.text, "c7a.24xlarge") != NULL, "%s", err.text);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "t3.micro", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_str_eq(err.text, "unknown instance type 't3.micro' in us-east-1 (none of "
                               "its 132 types is close)");
    cr_assert_null(i);
    mip_catalog_free(cat);
}

Test(catalog, unknown_instance_lists_small_region)
{
    mip_catalog_t *cat = load_fixture("good.json");
    const mip_instance_t *i = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_instance(cat, "us-west-2", "t3.micro", &i, &err),
                 MIP_ENOTFOUND);
    cr_assert_str_eq(err.text, "unknown instance type 't3.micro' in us-west-2 (known "
                               "types: c7i.xlarge, m7g.xlarge)");
    mip_catalog_free(cat);
}

/* ------------------------------------------------------------------------ */
/* Filters                                                                   */

typedef struct filter_case {
    int has_pattern; /* 0: pattern NULL */
    char pattern[24];
    int arch;
    int lmi_only;
    long want;
    char first[24]; /* first match, or "" */
} filter_case_t;

static filter_case_t filter_cases[] = {
    {0, "", -1, 0, 132, "c7a.medium"},
    {1, "c7g.*", -1, 0, 9, "c7g.medium"},
    {1, "c7g.*", MIP_ARCH_X86_64, 0, 0, ""},
    {1, "c7g.*", -1, 1, 7, "c7g.xlarge"},
    {1, "*.xlarge", MIP_ARCH_ARM64, 0, 6, "c7g.xlarge"},
    {1, "*.xlarge", MIP_ARCH_X86_64, 0, 6, "c7a.xlarge"},
    {1, "*.xlarge", -1, 0, 12, "c7a.xlarge"},
    {1, "c7g.*,m7g.*", -1, 0, 18, "c7g.medium"},
    {1, " m7g.* , c7g.* ", -1, 0, 18, "c7g.medium"},
    {1, "m7g.xlarge", -1, 0, 1, "m7g.xlarge"},
    {1, "*.metal*", -1, 0, 18, "c7a.metal-48xl"},
    {1, "[cm]8g.*large", -1, 0, 18, "c8g.large"},
    {1, "m?g.medium", -1, 0, 2, "m7g.medium"},
    {1, "*", -1, 1, 119, "c7a.xlarge"},
    {0, "", MIP_ARCH_ARM64, 1, 55, "c7g.xlarge"},
    {1, "", -1, 0, 132, "c7a.medium"},
    {1, "M7G.*", -1, 0, 0, ""},
    {1, "t3.*", -1, 0, 0, ""},
};

ParameterizedTestParameters(catalog, filter)
{
    return cr_make_param_array(filter_case_t, filter_cases,
                               sizeof filter_cases / sizeof filter_cases[0]);
}

ParameterizedTest(filter_case_t *c, catalog, filter)
{
    mip_catalog_t *cat = test_catalog();
    mip_instance_filter_t f = {c->has_pattern ? c->pattern : NULL, c->arch, c->lmi_only};
    const mip_instance_t *got[160];
    mip_error_t err;
    long n = mip_catalog_instances(cat, "us-east-1", &f, got, 160, &err);
    cr_assert_eq(n, c->want, "pattern '%s' arch %d lmi %d: %ld (%s)",
                 c->has_pattern ? c->pattern : "(null)", c->arch, c->lmi_only, n,
                 err.text);
    cr_assert_eq(err.code, MIP_OK);
    if (c->first[0])
        cr_assert_str_eq(got[0]->type, c->first);
    for (long i = 0; i < n; i++) {
        if (c->arch >= 0)
            cr_assert_eq((int)got[i]->arch, c->arch);
        if (c->lmi_only)
            cr_assert(mip_instance_lmi_eligible(got[i]->type), "%s", got[i]->type);
    }
    mip_catalog_free(cat);
}

Test(catalog, instances_cap_like_snprintf)
{
    mip_catalog_t *cat = test_catalog();
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    const mip_instance_t *got[4] = {NULL, NULL, NULL, NULL};
    mip_error_t err;
    f.pattern = "c7g.*";
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, got, 3, &err), 9);
    cr_assert_str_eq(got[0]->type, "c7g.medium");
    cr_assert_str_eq(got[2]->type, "c7g.xlarge");
    cr_assert_null(got[3]);
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, NULL, 0, &err), 9);
    cr_assert_eq(mip_catalog_instances(cat, "eu-west-1", &f, NULL, 0, &err), 9);
    mip_catalog_free(cat);
}

Test(catalog, instances_bad_arguments)
{
    mip_catalog_t *cat = test_catalog();
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    const mip_instance_t *got[4];
    mip_error_t err;
    char longpat[400];

    f.arch = 2;
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, got, 4, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "mip_catalog_instances: arch must be -1 (any) or a "
                               "mip_arch_t, not 2");
    f.arch = -1;
    memset(longpat, 'a', sizeof longpat - 1);
    longpat[sizeof longpat - 1] = '\0';
    f.pattern = longpat;
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", &f, got, 4, &err), MIP_EINVAL);
    cr_assert(strstr(err.text, "pattern too long") != NULL, "%s", err.text);
    cr_assert_eq(mip_catalog_instances(cat, "us-east-1", NULL, NULL, 4, &err),
                 MIP_EINVAL);
    cr_assert_eq(mip_catalog_instances(NULL, "us-east-1", NULL, got, 4, &err),
                 MIP_EINVAL);
    cr_assert_eq(mip_catalog_instances(cat, NULL, NULL, got, 4, NULL), MIP_EINVAL);
    mip_catalog_free(cat);
}

/* ------------------------------------------------------------------------ */
/* LMI eligibility                                                           */

typedef struct elig_case {
    char type[24];
    int want;
} elig_case_t;

static elig_case_t elig_cases[] = {
    {"c7g.large", 0},     {"c7g.xlarge", 1},     {"m7g.large", 1},
    {"m7g.medium", 0},    {"r8g.metal-48xl", 1}, {"t3.large", 0},
    {"g5.xlarge", 0},     {"c7g.medium", 0},     {"c7g.2xlarge", 1},
    {"c7g.metal", 1},     {"c7i.metal-24xl", 1}, {"c7gn.xlarge", 1},
    {"c6gd.16xlarge", 1}, {"m8g.48xlarge", 1},   {"r7iz.large", 1},
    {"r7g.medium", 0},    {"m5.small", 0},       {"c5.nano", 0},
    {"x2idn.xlarge", 0},  {"p4d.24xlarge", 0},   {"hpc7g.4xlarge", 0},
    {"mac1.metal", 0},    {"m7i-flex.large", 0}, {"c.xlarge", 0},
    {"c7g", 0},           {"c7g.", 0},           {"", 0},
    {"C7G.XLARGE", 0},    {"c7g.0xlarge", 0},    {"c7g.xlarge.x", 0},
    {"c7g.metal-xl", 0},  {"m7g.huge", 0},       {"r8g.metal-24xl", 1},
};

ParameterizedTestParameters(catalog, lmi_eligible)
{
    return cr_make_param_array(elig_case_t, elig_cases,
                               sizeof elig_cases / sizeof elig_cases[0]);
}

ParameterizedTest(elig_case_t *c, catalog, lmi_eligible)
{
    cr_assert_eq(mip_instance_lmi_eligible(c->type), c->want, "%s: want %d", c->type,
                 c->want);
}

Test(catalog, lmi_eligible_null) { cr_assert_eq(mip_instance_lmi_eligible(NULL), 0); }

/* ------------------------------------------------------------------------ */
/* Default path                                                              */

Test(catalog, default_path_data_dir)
{
    char buf[256];
    cr_assert_eq(mip_catalog_default_path("/opt/mip", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/opt/mip/prices/aws.json");
    cr_assert_eq(mip_catalog_default_path("/opt/mip//", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/opt/mip/prices/aws.json");
    cr_assert_eq(mip_catalog_default_path("/", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/prices/aws.json");
    cr_assert_eq(mip_catalog_default_path("data", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "data/prices/aws.json");
    /* data_dir wins over the environment */
    setenv("MIPRICING_DATA_DIR", "/from/env", 1);
    cr_assert_eq(mip_catalog_default_path("/opt/mip", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/opt/mip/prices/aws.json");
}

Test(catalog, default_path_env)
{
    char buf[256];
    setenv("MIPRICING_DATA_DIR", "/from/env", 1);
    cr_assert_eq(mip_catalog_default_path(NULL, buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/from/env/prices/aws.json");
    cr_assert_eq(mip_catalog_default_path("", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/from/env/prices/aws.json");
}

Test(catalog, default_path_installed)
{
    char buf[4096], want[4096];
    unsetenv("MIPRICING_DATA_DIR");
    cr_assert_eq(mip_catalog_default_path(NULL, buf, sizeof buf), MIP_OK);
    snprintf(want, sizeof want, "%s/prices/aws.json", MIP_PKGDATADIR);
    cr_assert_str_eq(buf, want);
    /* an empty variable counts as unset */
    setenv("MIPRICING_DATA_DIR", "", 1);
    cr_assert_eq(mip_catalog_default_path(NULL, buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, want);
}

Test(catalog, default_path_too_long)
{
    char buf[24];
    /* "/opt/mip/prices/aws.json" is 24 characters: one too many with the NUL */
    cr_assert_eq(mip_catalog_default_path("/opt/mip", buf, sizeof buf), MIP_ERANGE);
    cr_assert_eq(mip_catalog_default_path("/opt/mi", buf, sizeof buf), MIP_OK);
    cr_assert_str_eq(buf, "/opt/mi/prices/aws.json");
    cr_assert_eq(mip_catalog_default_path("/opt", NULL, 10), MIP_EINVAL);
    cr_assert_eq(mip_catalog_default_path("/opt", buf, 0), MIP_EINVAL);
}

/* ------------------------------------------------------------------------ */
/* NULL arguments and error clearing                                         */

Test(catalog, null_arguments)
{
    mip_catalog_t *cat = NULL;
    const mip_region_t *r = NULL;
    const mip_instance_t *i = NULL;
    mip_error_t err;

    cr_assert_eq(mip_catalog_load(NULL, &cat, &err), MIP_EINVAL);
    cr_assert_eq(err.code, MIP_EINVAL);
    cr_assert_eq(mip_catalog_load("x.json", NULL, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_load(NULL, NULL, NULL), MIP_EINVAL);
    cr_assert_eq(mip_catalog_load_string(NULL, NULL, &cat, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_load_string("{}", NULL, NULL, NULL), MIP_EINVAL);
    cr_assert_eq(mip_catalog_region(NULL, "us-east-1", &r, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_instance(NULL, "us-east-1", "m7g.xlarge", &i, NULL),
                 MIP_EINVAL);
    cr_assert_str_eq(mip_catalog_version(NULL), "");
    cr_assert_eq(mip_catalog_region_count(NULL), 0);
    cr_assert_null(mip_catalog_region_at(NULL, 0));
    mip_catalog_free(NULL);

    cat = test_catalog();
    cr_assert_eq(mip_catalog_region(cat, NULL, &r, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", NULL, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", NULL, &i, &err), MIP_EINVAL);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "m7g.xlarge", NULL, &err),
                 MIP_EINVAL);
    cr_assert_eq(mip_catalog_region(cat, "nowhere", &r, NULL), MIP_ENOTFOUND);
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "nothing", &i, NULL),
                 MIP_ENOTFOUND);
    mip_catalog_free(cat);
}

Test(catalog, error_cleared_on_entry)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r = NULL;
    mip_error_t err;
    cr_assert_eq(mip_catalog_region(cat, "nowhere", &r, &err), MIP_ENOTFOUND);
    cr_assert_eq(mip_catalog_region(cat, "us-east-2", &r, &err), MIP_OK);
    cr_assert_eq(err.code, MIP_OK);
    cr_assert_str_eq(err.text, "");
    cr_assert_str_eq(r->name, "US East (Ohio)");
    cr_assert_eq(mip_catalog_region(cat, "nowhere", &r, &err), MIP_ENOTFOUND);
    cr_assert_eq(mip_catalog_instances(cat, "us-east-2", NULL, NULL, 0, &err), 52);
    cr_assert_eq(err.code, MIP_OK);
    mip_catalog_free(cat);
}
