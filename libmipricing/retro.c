/*
 * retro.c - the past, repriced: a billing export's Lambda usage per function,
 * as billed and as the catalogue prices the same usage (decisions layer: it
 * reads an aggregate and calls the pricing model, never a reader).
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
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

/* Records by account, then hour. */
typedef struct rec_ref {
    const mip_billing_lambda_t *l;
    size_t group;
} rec_ref_t;

static int by_account_hour(const void *a, const void *b)
{
    const rec_ref_t *x = a, *y = b;
    int c = strcmp(x->l->account, y->l->account);
    if (c)
        return c;
    return (x->l->hour_s > y->l->hour_s) - (x->l->hour_s < y->l->hour_s);
}

/* The free tier is the account's, each month: it is consumed hour by hour in
 * the order the usage came, across the account's functions and both
 * architectures; usage of the same hour shares it in proportion. free_req
 * and free_gb_s receive each group's share. */
static void share_free_tier(const mip_catalog_t *cat, rec_ref_t *r, size_t n,
                            double *free_req, double *free_gb_s)
{
    if (n > 1)
        qsort(r, n, sizeof *r, by_account_hour);
    double left_req = 0.0, left_gb_s = 0.0, month_end = -INFINITY;
    const char *account = NULL;
    for (size_t i = 0; i < n;) {
        const mip_billing_lambda_t *l = r[i].l;
        if (!account || strcmp(account, l->account) != 0 || l->hour_s >= month_end) {
            const mip_region_t *reg;
            double start;
            account = l->account;
            mip__month_bounds(l->hour_s, &start, &month_end);
            left_req = left_gb_s = 0.0;
            if (mip_catalog_region(cat, l->region, &reg, NULL) == MIP_OK) {
                left_req = reg->free_tier_requests;
                left_gb_s = reg->free_tier_gb_s;
            }
        }
        size_t j = i;
        double req = 0.0, gb_s = 0.0;
        for (; j < n && r[j].l->hour_s == l->hour_s &&
               strcmp(r[j].l->account, account) == 0;
             j++) {
            req += r[j].l->requests;
            gb_s += r[j].l->duration_gb_s;
        }
        double use_req = mip__min(req, left_req), use_gb_s = mip__min(gb_s, left_gb_s);
        left_req -= use_req;
        left_gb_s -= use_gb_s;
        for (size_t k = i; k < j; k++) {
            if (req > 0.0)
                free_req[r[k].group] += use_req * (r[k].l->requests / req);
            if (gb_s > 0.0)
                free_gb_s[r[k].group] += use_gb_s * (r[k].l->duration_gb_s / gb_s);
        }
        i = j;
    }
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
    rec_ref_t *refs = calloc(rows ? rows : 1, sizeof *refs);
    double *free_req = calloc(rows ? rows : 1, sizeof *free_req);
    double *free_gb_s = calloc(rows ? rows : 1, sizeof *free_gb_s);
    if (!f || !refs || !free_req || !free_gb_s) {
        free(f);
        free(refs);
        free(free_req);
        free(free_gb_s);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
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
        refs[i].l = l;
        refs[i].group = (size_t)(g - f);
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
    if (free_tier)
        share_free_tier(cat, refs, rows, free_req, free_gb_s);
    free(refs);
    int rc = MIP_OK;
    for (size_t k = 0; k < nf && rc == MIP_OK; k++) {
        mip_retro_function_t *g = &f[k];
        g->difference = (double)NAN;
        const mip_region_t *r;
        if (mip_catalog_region(cat, g->region, &r, NULL) != MIP_OK)
            continue;
        mip_lambda_workload_t w;
        mip_lambda_workload_init(&w);
        w.arch = g->arch;
        w.memory_mb = 1024.0; /* the bill states GB-s: memory does not matter */
        /* what is left once the account's free tier took its share; a
         * billed quantity of 0 would mean "not stated", so leave a trace */
        w.requests = mip__max(g->requests - free_req[k], 0.0);
        w.billed_gb_s = mip__max(g->duration_gb_s - free_gb_s[k], 1e-300);
        w.billed_pc_gb_s = g->pc_gb_s;
        w.billed_pc_duration_gb_s = g->pc_duration_gb_s;
        mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
        mip_bill_t bill;
        mip_error_t e;
        rc = mip_lambda_cost(r, &w, 1, &o, &bill, &e);
        if (rc != MIP_OK) {
            if (err)
                *err = e;
            break;
        }
        g->priced = 1;
        g->free_requests = free_req[k];
        g->free_gb_s = free_gb_s[k];
        g->model_usd = bill.total_usd;
        if (g->billed_usd != 0.0)
            g->difference = g->model_usd / g->billed_usd - 1.0;
    }
    free(free_req);
    free(free_gb_s);
    if (rc != MIP_OK) {
        free(f);
        return rc;
    }
    if (nf > 1)
        qsort(f, nf, sizeof *f, by_billed);
    *out = f;
    *n = nf;
    return MIP_OK;
}

int mip_retro_series(const mip_billing_t *b, const mip_retro_function_t *f,
                     double memory_mb, mip_series_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!b || !f || !out)
        return mip__fail(err, MIP_EINVAL, "mip_retro_series: NULL argument");
    *out = NULL;
    if (!(memory_mb >= 128.0 && memory_mb <= 10240.0))
        return mip__fail(err, MIP_ERANGE,
                         "the function's memory must be 128 to 10240 MB, not %g",
                         memory_mb);
    if (!(f->last_hour_s >= f->first_hour_s) || !isfinite(f->first_hour_s) ||
        f->last_hour_s - f->first_hour_s > 3600.0 * 24 * 366 * 10)
        return mip__fail(err, MIP_ERANGE, "the function's hours are not a usable span");
    size_t n = (size_t)((f->last_hour_s - f->first_hour_s) / 3600.0 + 0.5) + 1;
    mip_series_t *s = calloc(1, sizeof *s);
    mip_interval_t *iv = calloc(n, sizeof *iv);
    if (!s || !iv) {
        free(s);
        free(iv);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    double *gb_s = calloc(n, sizeof *gb_s);
    if (!gb_s) {
        free(s);
        free(iv);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    size_t rows = mip_billing_lambda_count(b);
    for (size_t i = 0; i < rows; i++) {
        const mip_billing_lambda_t *l = mip_billing_lambda_at(b, i);
        if (!same_function(f, l))
            continue;
        double k = (l->hour_s - f->first_hour_s) / 3600.0;
        if (!(k >= 0.0) || k > (double)(n - 1))
            continue;
        size_t h = (size_t)(k + 0.5);
        iv[h].invocations += l->requests;
        gb_s[h] += l->duration_gb_s;
    }
    size_t gaps = 0;
    for (size_t h = 0; h < n; h++) {
        mip_interval_t *v = &iv[h];
        v->p99_duration_ms = v->cpu_ms = v->memory_mb = v->max_concurrency = (double)NAN;
        if (v->invocations > 0.0) {
            v->duration_ms = gb_s[h] * 1024.0 / memory_mb * 1000.0 / v->invocations;
        } else {
            v->duration_ms = (double)NAN;
            gaps++;
        }
    }
    free(gb_s);
    s->function = f->resource;
    s->start_s = f->first_hour_s;
    s->step_s = 3600.0;
    s->n = n;
    s->iv = iv;
    s->gaps = gaps;
    *out = s;
    return MIP_OK;
}

void mip_retro_series_free(mip_series_t *s)
{
    if (!s)
        return;
    free(s->iv);
    free(s);
}

/* One function's projection, and its fit when fin is not NULL; MIP_ENOMEM
 * is the only failure. */
static int project_one(const mip_catalog_t *cat, const mip_billing_t *b,
                       const mip_retro_function_t *f, const mip_compare_input_t *in,
                       const mip_fit_input_t *fin, const char *patterns,
                       mip_retro_projection_t *p, mip_error_t *err)
{
    mip_error_t e;
    const mip_region_t *r;
    p->memory_mb = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    p->shape = in->shape;
    p->shape.arch = f->arch;
    p->ec2_discount = in->price.ec2_discount;
    if (mip_catalog_region(cat, f->region, &r, &e) != MIP_OK) {
        snprintf(p->why, sizeof p->why, "region '%s' is not in the price catalogue",
                 f->region);
        return MIP_OK;
    }
    p->region = r;
    if (!r->lmi_available) {
        snprintf(p->why, sizeof p->why, "LMI is not offered in %s", f->region);
        return MIP_OK;
    }
    mip_instance_filter_t flt = MIP_INSTANCE_FILTER_INIT;
    flt.pattern = patterns;
    flt.arch = (int)f->arch;
    flt.lmi_only = 1;
    long total = mip_catalog_instances(cat, f->region, &flt, NULL, 0, &e);
    if (total <= 0) {
        if (total < 0)
            snprintf(p->why, sizeof p->why, "%s", e.text);
        else
            snprintf(p->why, sizeof p->why,
                     "no LMI-eligible %s instance type in %s matches '%s'",
                     mip_arch_name(f->arch), f->region, patterns ? patterns : "*");
        return MIP_OK;
    }
    const mip_instance_t **cands = malloc((size_t)total * sizeof *cands);
    if (!cands)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    size_t nc =
        (size_t)mip_catalog_instances(cat, f->region, &flt, cands, (size_t)total, &e);
    mip_series_t *s = NULL;
    int rc = mip_retro_series(b, f, p->memory_mb, &s, &e);
    if (rc == MIP_OK) {
        mip_compare_input_t c = *in;
        c.shape.arch = f->arch;
        c.lambda_memory_mb = p->memory_mb;
        rc = mip_compare(r, cands, nc, s, &c, &p->compare, &e);
        if (rc != MIP_OK && rc != MIP_ENOMEM)
            snprintf(p->why, sizeof p->why, "%s", e.text);
        else if (rc == MIP_OK)
            p->projected = 1;
        if (rc != MIP_ENOMEM && fin) {
            mip_fit_input_t fi = *fin;
            fi.base.shape.arch = f->arch;
            fi.base.lambda_memory_mb = p->memory_mb;
            rc = mip_fit(r, cands, nc, s, &fi, &p->fit, &e);
            free(p->fit.points); /* a frontier per function is not kept */
            p->fit.points = NULL;
            p->fit.n_points = 0;
            if (rc == MIP_OK)
                p->fitted = 1;
            else if (rc != MIP_ENOMEM)
                snprintf(p->fit_why, sizeof p->fit_why, "%s", e.text);
        }
    }
    mip_retro_series_free(s);
    free(cands);
    if (rc == MIP_ENOMEM) {
        if (err)
            *err = e;
        return rc;
    }
    return MIP_OK;
}

static int project_all(const mip_catalog_t *cat, const mip_billing_t *b,
                       const mip_retro_function_t *f, size_t n,
                       const mip_compare_input_t *in, const mip_fit_input_t *fin,
                       const char *patterns, mip_retro_projection_t **out,
                       mip_error_t *err)
{
    *out = NULL;
    double memory_mb =
        in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    if (!(memory_mb >= 128.0 && memory_mb <= 10240.0))
        return mip__fail(err, MIP_ERANGE,
                         "the functions' memory must be 128 to 10240 MB, not %g",
                         memory_mb);
    mip_retro_projection_t *p = calloc(n ? n : 1, sizeof *p);
    if (!p)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = project_one(cat, b, &f[i], in, fin, patterns, &p[i], err);
        if (rc == MIP_OK && fin && !p[i].fitted && !p[i].fit_why[0])
            snprintf(p[i].fit_why, sizeof p[i].fit_why, "%s", p[i].why);
        if (rc != MIP_OK) {
            mip_retro_projection_free(p, i + 1);
            return rc;
        }
    }
    *out = p;
    return MIP_OK;
}

int mip_retro_project(const mip_catalog_t *cat, const mip_billing_t *b,
                      const mip_retro_function_t *f, size_t n,
                      const mip_compare_input_t *in, const char *patterns,
                      mip_retro_projection_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!cat || !b || (!f && n > 0) || !in || !out)
        return mip__fail(err, MIP_EINVAL, "mip_retro_project: NULL argument");
    return project_all(cat, b, f, n, in, NULL, patterns, out, err);
}

int mip_retro_fit(const mip_catalog_t *cat, const mip_billing_t *b,
                  const mip_retro_function_t *f, size_t n, const mip_fit_input_t *in,
                  const char *patterns, mip_retro_projection_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!cat || !b || (!f && n > 0) || !in || !out)
        return mip__fail(err, MIP_EINVAL, "mip_retro_fit: NULL argument");
    return project_all(cat, b, f, n, &in->base, in, patterns, out, err);
}

void mip_retro_projection_free(mip_retro_projection_t *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++) {
        mip_compare_result_free(&p[i].compare);
        mip_fit_result_free(&p[i].fit);
    }
    free(p);
}

void mip_retro_totals(const mip_retro_function_t *f, const mip_retro_projection_t *p,
                      size_t n, mip_retro_totals_t *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!f || !p)
        return;
    for (size_t i = 0; i < n; i++) {
        if (p[i].projected) {
            out->projected++;
            out->billed_usd += f[i].billed_usd;
            out->lmi_usd += p[i].compare.lmi_period.total_usd;
        }
        if (p[i].fitted) {
            out->fitted++;
            out->fit_billed_usd += f[i].billed_usd;
            out->fit_lmi_usd += p[i].fit.best[0].period_usd;
        }
    }
}
