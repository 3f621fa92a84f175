/*
 * fuzz_catalog.c - mip_catalog_load_string() on any bytes.
 *
 * The input is the catalogue text (it stops at a NUL byte, as a C string
 * does). A loaded catalogue is looked up every way the calculator does, and
 * each region's Lambda rates price a small workload.
 */
#include "fuzz.h"

static void exercise(const mip_catalog_t *cat)
{
    volatile double sink = (double)strlen(mip_catalog_version(cat));
    mip_error_t e;
    char *doc = NULL;
    mip_error_clear(&e);
    int rc = mip_report_regions(cat, MIP_FORMAT_JSON, &doc, &e);
    fuzz_check_error(rc, &e);
    mip_free(doc);

    for (size_t i = 0; i < mip_catalog_region_count(cat); i++) {
        const mip_region_t *r = mip_catalog_region_at(cat, i);
        const mip_region_t *found = NULL;
        mip_error_clear(&e);
        rc = mip_catalog_region(cat, r->code, &found, &e);
        if (rc != MIP_OK || found != r) {
            fprintf(stderr, "region %s is listed but not found\n", r->code);
            abort();
        }
        sink += (double)strlen(r->name);

        static const char *const patterns[] = {NULL, "c7g.*", "*.xlarge,m*", "*"};
        for (size_t p = 0; p < 4; p++) {
            mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
            f.pattern = patterns[p];
            f.arch = (int)p % 3 - 1;
            f.lmi_only = (int)(p & 1);
            const mip_instance_t *inst[16];
            mip_error_clear(&e);
            long total = mip_catalog_instances(cat, r->code, &f, inst, 16, &e);
            if (total < 0) {
                fuzz_check_error((int)total, &e);
                continue;
            }
            size_t k = (size_t)total < 16 ? (size_t)total : 16;
            for (size_t j = 0; j < k; j++) {
                const mip_instance_t *one = NULL;
                mip_error_clear(&e);
                rc = mip_catalog_instance(cat, r->code, inst[j]->type, &one, &e);
                if (rc != MIP_OK || one != inst[j]) {
                    fprintf(stderr, "instance %s is listed but not found\n",
                            inst[j]->type);
                    abort();
                }
                sink += one->vcpu + (double)mip_instance_lmi_eligible(one->type);
            }
            doc = NULL;
            mip_error_clear(&e);
            rc = mip_report_instances(inst, k, MIP_FORMAT_CSV, &doc, &e);
            fuzz_check_error(rc, &e);
            mip_free(doc);
        }
        const mip_instance_t *none = NULL;
        mip_error_clear(&e);
        rc = mip_catalog_instance(cat, r->code, "m7g.xlarge", &none, &e);
        fuzz_check_error(rc, &e);

        doc = NULL;
        mip_error_clear(&e);
        rc = mip_report_lambda_rates(r, MIP_FORMAT_JSON, &doc, &e);
        fuzz_check_error(rc, &e);
        mip_free(doc);

        mip_lambda_workload_t w[2];
        mip_lambda_workload_init(&w[0]);
        mip_lambda_workload_init(&w[1]);
        w[0].requests = 3.5e7;
        w[0].duration_ms = 120.0;
        w[0].memory_mb = 1024.0;
        w[1].arch = MIP_ARCH_ARM64;
        w[1].requests = 1e9;
        w[1].duration_ms = 800.0;
        w[1].ephemeral_mb = 2048.0;
        mip_lambda_options_t lo = MIP_LAMBDA_OPTIONS_INIT;
        lo.free_tier = 1;
        mip_bill_t bill;
        mip_error_clear(&e);
        rc = mip_lambda_cost(r, w, 2, &lo, &bill, &e);
        fuzz_check_error(rc, &e);
        if (rc == MIP_OK)
            sink += bill.total_usd;
    }
    const mip_region_t *missing = NULL;
    mip_error_clear(&e);
    rc = mip_catalog_region(cat, "us-east-1", &missing, &e);
    fuzz_check_error(rc, &e);
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    mip_catalog_t *cat = NULL;
    mip_error_t e;
    mip_error_clear(&e);
    int rc = mip_catalog_load_string(text, NULL, &cat, &e);
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK)
        exercise(cat);
    mip_catalog_free(cat);
    free(text);
    return 0;
}
