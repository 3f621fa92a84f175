/*
 * fuzz_billing.c - mip_billing_load() and mip_billing_load_json() on any bytes.
 *
 * Input: one option byte, then the file(s).
 *   bits 0-1: dialect (auto, cur, cur2, focus); bit 2: skip_bad_rows;
 *   bits 3-4: how many files (1 to 4), split at NUL bytes; bit 5: a progress
 *   callback; bit 6: the bytes are a partial aggregate (JSON) instead.
 * A loaded aggregate is walked, merged into an empty one, saved as JSON and
 * read back (which must succeed), and reported as retro JSON.
 */
#include "fuzz.h"

static void progress(void *user, const char *path, double done, double total)
{
    (void)path;
    *(double *)user += done + total;
}

static void walk(const mip_billing_t *b)
{
    volatile double sink = 0.0;
    const mip_billing_info_t *in = mip_billing_info(b);
    sink += (double)in->rows + (double)in->n_reasons;
    for (size_t i = 0; i < mip_billing_service_count(b); i++) {
        const mip_billing_service_t *s = mip_billing_service_at(b, i);
        sink +=
            (double)strlen(s->service) + (double)strlen(s->usage_type) + s->billed_usd;
    }
    for (size_t i = 0; i < mip_billing_lambda_count(b); i++) {
        const mip_billing_lambda_t *l = mip_billing_lambda_at(b, i);
        sink += (double)strlen(l->account) + (double)strlen(l->region) +
                (double)strlen(l->resource) + l->hour_s + l->requests;
    }
    for (size_t i = 0; i < mip_billing_ec2_count(b); i++) {
        const mip_billing_ec2_t *c = mip_billing_ec2_at(b, i);
        sink += (double)strlen(c->region) + (double)strlen(c->instance_type) + c->hour_s;
    }
    for (size_t i = 0; i < mip_billing_lmi_count(b); i++) {
        const mip_billing_lmi_t *l = mip_billing_lmi_at(b, i);
        sink += (double)strlen(l->account) + (double)strlen(l->usage_type) + l->quantity;
    }
    mip_billing_savings_plans_t sp;
    mip_billing_savings_plans(b, &sp);
    double billed, effective, list;
    mip_billing_totals(b, &billed, &effective, &list);
    sink += sp.covered_billed_usd + billed + effective + list;
    (void)sink;
}

static void exercise(const mip_billing_t *b)
{
    walk(b);
    mip_error_t e;
    mip_error_clear(&e);
    mip_billing_t *m = NULL;
    int rc = mip_billing_new(&m, &e);
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK) {
        rc = mip_billing_merge(m, b, &e);
        fuzz_check_error(rc, &e);
        rc = mip_billing_merge(m, b, &e);
        fuzz_check_error(rc, &e);
    }
    mip_billing_free(m);

    /* What is saved must read back. */
    char path[1100];
    fuzz_path(path, sizeof path, "saved.json");
    mip_error_clear(&e);
    rc = mip_billing_save_json(b, path, &e);
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK) {
        mip_billing_t *back = NULL;
        rc = mip_billing_load_json(path, &back, &e);
        if (rc != MIP_OK) {
            fprintf(stderr, "a saved aggregate does not read back: %s:%ld:%ld: %s\n",
                    e.source, e.line, e.column, e.text);
            abort();
        }
        mip_billing_free(back);
    }

    char *doc = NULL;
    mip_error_clear(&e);
    rc = mip_report_retro(b, NULL, 0, MIP_FORMAT_JSON, &doc, &e);
    fuzz_check_error(rc, &e);
    mip_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t a = data[0];
    data++;
    size--;

    mip_billing_t *b = NULL;
    mip_error_t e;
    mip_error_clear(&e);
    int rc;
    if (a & 64) {
        char path[1100];
        fuzz_path(path, sizeof path, "part.json");
        fuzz_write(path, data, size);
        rc = mip_billing_load_json(path, &b, &e);
    } else {
        mip_billing_options_t o;
        mip_billing_options_init(&o);
        o.dialect = (mip_billing_dialect_t)(a & 3);
        o.skip_bad_rows = (a >> 2) & 1;
        double progressed = 0.0;
        if (a & 32) {
            o.progress = progress;
            o.progress_user = &progressed;
        }
        const uint8_t *part[4];
        size_t len[4];
        size_t n = fuzz_split(data, size, (size_t)((a >> 3) & 3) + 1, part, len);
        char paths[4][1100];
        const char *files[4];
        static const char *const names[4] = {"a.csv", "b.csv", "c.csv", "d.csv"};
        for (size_t i = 0; i < n; i++) {
            fuzz_path(paths[i], sizeof paths[i], names[i]);
            fuzz_write(paths[i], part[i], len[i]);
            files[i] = paths[i];
        }
        rc = mip_billing_load(files, n, &o, &b, &e);
    }
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK)
        exercise(b);
    mip_billing_free(b);
    return 0;
}
