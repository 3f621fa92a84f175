/*
 * retro.c - the past, repriced: a billing export's Lambda usage per function,
 * as billed and as the catalogue prices the same usage (decisions layer: it
 * reads an aggregate and calls the pricing model, never a reader).
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same_function(const mip_retro_function_t *f, const mip_billing_lambda_t *l)
{
    return f->arch == l->arch && strcmp(f->account, l->account) == 0 &&
           strcmp(f->region, l->region) == 0 && strcmp(f->resource, l->resource) == 0;
}

static int by_billed(const void *a, const void *b)
{
    const mip_retro_function_t *x = a, *y = b;
    if (x->billed_usd != y->billed_usd)
        return x->billed_usd > y->billed_usd ? -1 : 1;
    int c = strcmp(x->resource, y->resource);
    return c ? c : strcmp(x->region, y->region);
}

int mip_retro_lambda(const mip_catalog_t *cat, const mip_billing_t *b, int free_tier,
                     mip_retro_function_t **out, size_t *n, mip_error_t *err)
{
    mip_error_clear(err);
    if (!cat || !b || !out || !n)
        return mip__fail(err, MIP_EINVAL, "mip_retro_lambda: NULL argument");
    *out = NULL;
    *n = 0;
    size_t rows = mip_billing_lambda_count(b), nf = 0;
    mip_retro_function_t *f = calloc(rows ? rows : 1, sizeof *f);
    if (!f)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    /* the records come sorted by function, then hour: group neighbours, and
     * search back when they do not */
    for (size_t i = 0; i < rows; i++) {
        const mip_billing_lambda_t *l = mip_billing_lambda_at(b, i);
        mip_retro_function_t *g = NULL;
        for (size_t k = nf; k-- > 0;)
            if (same_function(&f[k], l)) {
                g = &f[k];
                break;
            }
        if (!g) {
            g = &f[nf++];
            g->account = l->account;
            g->region = l->region;
            g->resource = l->resource;
            g->arch = l->arch;
            g->first_hour_s = l->hour_s;
            g->last_hour_s = l->hour_s;
        }
        g->hours++;
        g->first_hour_s = mip__min(g->first_hour_s, l->hour_s);
        g->last_hour_s = mip__max(g->last_hour_s, l->hour_s);
        g->requests += l->requests;
        g->duration_gb_s += l->duration_gb_s;
        g->pc_gb_s += l->provisioned_concurrency_gb_s;
        g->pc_duration_gb_s += l->provisioned_duration_gb_s;
        g->billed_usd += l->requests_billed_usd + l->duration_billed_usd +
                         l->provisioned_concurrency_billed_usd +
                         l->provisioned_duration_billed_usd;
        g->effective_usd += l->requests_effective_usd + l->duration_effective_usd +
                            l->provisioned_concurrency_effective_usd +
                            l->provisioned_duration_effective_usd;
    }
    for (size_t k = 0; k < nf; k++) {
        mip_retro_function_t *g = &f[k];
        g->difference = (double)NAN;
        const mip_region_t *r;
        if (mip_catalog_region(cat, g->region, &r, NULL) != MIP_OK)
            continue;
        mip_lambda_workload_t w;
        mip_lambda_workload_init(&w);
        w.arch = g->arch;
        w.memory_mb = 1024.0; /* the bill states GB-s: memory does not matter */
        w.requests = g->requests;
        w.billed_gb_s = g->duration_gb_s;
        w.billed_pc_gb_s = g->pc_gb_s;
        w.billed_pc_duration_gb_s = g->pc_duration_gb_s;
        mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
        o.free_tier = free_tier;
        mip_bill_t bill;
        mip_error_t e;
        int rc = mip_lambda_cost(r, &w, 1, &o, &bill, &e);
        if (rc != MIP_OK) {
            free(f);
            if (err)
                *err = e;
            return rc;
        }
        g->priced = 1;
        g->model_usd = bill.total_usd;
        if (g->billed_usd != 0.0)
            g->difference = g->model_usd / g->billed_usd - 1.0;
    }
    if (nf > 1)
        qsort(f, nf, sizeof *f, by_billed);
    *out = f;
    *n = nf;
    return MIP_OK;
}
