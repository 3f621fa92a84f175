/*
 * compare.c - both models over one traffic series: simulate default Lambda
 * and LMI on each candidate instance type, keep the cheapest LMI, price both
 * for the series' span and for a month, and share the bills out by day.
 *
 * Decisions layer: calls sim and the pricing models, never the readers.
 */
#include "internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void mip_compare_input_init(mip_compare_input_t *in)
{
    if (!in)
        return;
    memset(in, 0, sizeof *in);
    mip_workload_init(&in->shape);
    mip_lmi_config_init(&in->lmi);
    mip_scaler_init(&in->scaler);
    mip_lambda_sim_options_init(&in->lambda);
    mip_price_options_init(&in->price);
}

void mip_compare_result_free(mip_compare_result_t *r)
{
    if (!r)
        return;
    free(r->days);
    r->days = NULL;
    r->n_days = 0;
    free(r->timeline);
    r->timeline = NULL;
    r->n_timeline = 0;
}

/* Served invocations of one interval by billed milliseconds, to price the
 * 1 ms rounding exactly with a handful of workloads. */
typedef struct ms_bucket {
    double ms;
    double requests;
} ms_bucket_t;

static int cmp_ms(const void *a, const void *b)
{
    double x = ((const ms_bucket_t *)a)->ms, y = ((const ms_bucket_t *)b)->ms;
    return (x > y) - (x < y);
}

/* Served invocations by billed milliseconds, over the whole series (sorted
 * and merged once; *nb set). */
static ms_bucket_t *lambda_buckets(const mip_series_t *s, const mip_compare_input_t *in,
                                   const mip_sim_interval_t *iv, size_t *nb,
                                   mip_error_t *err)
{
    ms_bucket_t *b = malloc((s->n ? s->n : 1) * sizeof *b);
    if (!b) {
        mip__fail(err, MIP_ENOMEM, "out of memory");
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        double inv = s->iv[i].invocations > 0.0 ? s->iv[i].invocations : 0.0;
        double served = inv - iv[i].lambda_throttled;
        if (!(served > 0.0))
            continue;
        double d = isfinite(s->iv[i].duration_ms) && s->iv[i].duration_ms >= 0.0
                       ? s->iv[i].duration_ms
                       : in->shape.duration_ms;
        b[n].ms = fmax(1.0, ceil(d - 1e-9));
        b[n].requests = served;
        n++;
    }
    size_t m = 0;
    /* Billed milliseconds are whole numbers, mostly in a narrow range: count
     * them in a dense table when it is small, else sort. */
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, b[i].ms);
        hi = fmax(hi, b[i].ms);
    }
    double *dense =
        n > 0 && hi - lo < 4e6 ? calloc((size_t)(hi - lo) + 1, sizeof *dense) : NULL;
    if (dense) {
        for (size_t i = 0; i < n; i++)
            dense[(size_t)(b[i].ms - lo)] += b[i].requests;
        for (size_t k = 0; k <= (size_t)(hi - lo); k++)
            if (dense[k] > 0.0) {
                b[m].ms = lo + (double)k;
                b[m].requests = dense[k];
                m++;
            }
        free(dense);
    } else {
        qsort(b, n, sizeof *b, cmp_ms);
        for (size_t i = 0; i < n; i++) {
            if (m > 0 && b[m - 1].ms == b[i].ms)
                b[m - 1].requests += b[i].requests;
            else
                b[m++] = b[i];
        }
    }
    *nb = m;
    return b;
}

/* Price Lambda usage, one workload per billed duration, times scale (1 for
 * the period, more for a month). */
static int price_lambda(const mip_region_t *region, const ms_bucket_t *b, size_t m,
                        const mip_compare_input_t *in, double memory_mb, double scale,
                        mip_bill_t *bill, mip_error_t *err)
{
    mip_lambda_workload_t *w = malloc((m ? m : 1) * sizeof *w);
    if (!w)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    size_t k = m ? m : 1; /* no traffic: one empty workload, a zero bill */
    for (size_t i = 0; i < k; i++) {
        mip_lambda_workload_init(&w[i]);
        w[i].arch = in->shape.arch;
        w[i].memory_mb = memory_mb;
        w[i].ephemeral_mb = in->price.ephemeral_mb;
        if (i < m) {
            w[i].requests = b[i].requests * scale;
            w[i].duration_ms = b[i].ms;
        }
    }
    mip_lambda_options_t lo = MIP_LAMBDA_OPTIONS_INIT;
    lo.free_tier = in->price.lambda_free_tier;
    lo.savings_plan_discount = in->price.lambda_savings_plan;
    int rc = mip_lambda_cost(region, w, k, &lo, bill, err);
    free(w);
    return rc;
}

int mip__lambda_over(const mip_region_t *region, const mip_series_t *series,
                     const mip_compare_input_t *in, double memory_mb, double month,
                     mip_sim_interval_t *iv, mip_lambda_sim_t *sim, mip_bill_t *period,
                     mip_bill_t *month_bill, mip_error_t *err)
{
    int rc = mip_sim_lambda(series, &in->shape, memory_mb, &in->lambda, sim, iv, err);
    if (rc != MIP_OK)
        return rc;
    size_t nb = 0;
    ms_bucket_t *buckets = lambda_buckets(series, in, iv, &nb, err);
    if (!buckets)
        return err ? err->code : MIP_ENOMEM;
    /* The free tier and the duration tiers are monthly: price the month, and
     * give the period its share of it. */
    rc = price_lambda(region, buckets, nb, in, memory_mb, month, month_bill, err);
    free(buckets);
    if (rc != MIP_OK)
        return rc;
    *period = *month_bill;
    for (size_t i = 0; i < period->n_lines; i++) {
        period->lines[i].quantity /= month;
        period->lines[i].usd /= month;
    }
    period->total_usd /= month;
    return MIP_OK;
}

int mip__price_lmi_sim(const mip_region_t *region, const mip_lmi_sim_t *sim,
                       const mip_compare_input_t *in, double scale, mip_bill_t *bill,
                       mip_error_t *err)
{
    mip_lmi_usage_t u;
    u.instance_type = sim->instance->type;
    u.ondemand_usd_per_hour = sim->instance->ondemand_usd_per_hour;
    u.instance_hours = sim->instance_hours * scale;
    u.discount = in->price.ec2_discount;
    u.market = MIP_MARKET_ON_DEMAND;
    return mip_lmi_cost(region, &u, 1, sim->requests * scale, bill, err);
}

/* Share the period's bills out by day, line by line: Lambda's request
 * charge by the requests it served each day and the rest (duration, its
 * tiers, free tier and discount) by each day's billed GB-s; LMI's instances
 * (EC2 and fee) by instance-hours and its requests by requests served. */
static int days_of(const mip_series_t *s, const mip_sim_interval_t *iv,
                   mip_compare_result_t *out, mip_error_t *err)
{
    double day0 = floor(s->start_s / 86400.0);
    double last = floor((s->start_s + (double)s->n * s->step_s - 1e-6) / 86400.0);
    size_t nd = (size_t)(last - day0) + 1;
    out->days = calloc(nd, sizeof *out->days);
    if (!out->days)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    out->n_days = nd;
    double *served = calloc(2 * nd, sizeof *served);
    if (!served) {
        mip_compare_result_free(out);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    double *gb_s = served + nd;
    double tot_served = 0.0, tot_gb_s = 0.0, tot_hours = 0.0, tot_req = 0.0;
    for (size_t d = 0; d < nd; d++)
        out->days[d].start_s = (day0 + (double)d) * 86400.0;
    for (size_t i = 0; i < s->n; i++) {
        double t = s->start_s + (double)i * s->step_s;
        size_t d = (size_t)(floor(t / 86400.0) - day0);
        if (d >= nd)
            d = nd - 1;
        mip_compare_day_t *day = &out->days[d];
        double inv = s->iv[i].invocations > 0.0 ? s->iv[i].invocations : 0.0;
        day->hours += s->step_s / 3600.0;
        day->requests += inv;
        day->lmi_instance_hours += iv[i].lmi_instances * s->step_s / 3600.0;
        day->lmi_throttled += iv[i].lmi_throttled;
        day->lmi_requests += iv[i].lmi_served;
        day->lambda_cold_starts += iv[i].lambda_cold_starts;
        served[d] += inv - iv[i].lambda_throttled;
        gb_s[d] += iv[i].lambda_gb_s;
        tot_served += inv - iv[i].lambda_throttled;
        tot_gb_s += iv[i].lambda_gb_s;
        tot_hours += iv[i].lmi_instances * s->step_s / 3600.0;
        tot_req += iv[i].lmi_served;
    }
    double lam_req_usd = mip__bill_usd_of(&out->lambda_period, "requests");
    double lam_rest_usd = out->lambda_period.total_usd - lam_req_usd;
    double lmi_req_usd = mip__bill_usd_of(&out->lmi_period, "requests");
    double lmi_inst_usd = out->lmi_period.total_usd - lmi_req_usd;
    double lmi_fee_usd = mip__bill_usd_of(&out->lmi_period, MIP__FEE_PREFIX);
    double fee_share = lmi_inst_usd > 0.0 ? lmi_fee_usd / lmi_inst_usd : 0.0;
    for (size_t d = 0; d < nd; d++) {
        mip_compare_day_t *day = &out->days[d];
        day->lambda_requests_usd =
            tot_served > 0.0 ? lam_req_usd * served[d] / tot_served : 0.0;
        day->lambda_duration_usd =
            tot_gb_s > 0.0
                ? lam_rest_usd * gb_s[d] / tot_gb_s
                : lam_rest_usd * day->hours / (double)(s->n * s->step_s / 3600.0);
        day->lambda_usd = day->lambda_requests_usd + day->lambda_duration_usd;
        double inst =
            tot_hours > 0.0 ? lmi_inst_usd * day->lmi_instance_hours / tot_hours : 0.0;
        day->lmi_requests_usd =
            tot_req > 0.0 ? lmi_req_usd * day->lmi_requests / tot_req : 0.0;
        day->lmi_fee_usd = inst * fee_share;
        day->lmi_compute_usd = inst - day->lmi_fee_usd;
        day->lmi_usd = inst + day->lmi_requests_usd;
    }
    free(served);
    return MIP_OK;
}

/* The timeline: the intervals merged k at a time, k the least that keeps
 * at most MIP_TIMELINE_MAX points. */
static int timeline_of(const mip_series_t *s, const mip__lmi_prep_t *prep,
                       const mip_sim_interval_t *iv, mip_compare_result_t *out,
                       mip_error_t *err)
{
    size_t k = (s->n + MIP_TIMELINE_MAX - 1) / MIP_TIMELINE_MAX;
    if (k == 0)
        k = 1;
    size_t np = (s->n + k - 1) / k;
    out->timeline = calloc(np ? np : 1, sizeof *out->timeline);
    if (!out->timeline)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    out->n_timeline = np;
    for (size_t i = 0; i < s->n; i++) {
        mip_timeline_point_t *p = &out->timeline[i / k];
        if (i % k == 0)
            p->start_s = s->start_s + (double)i * s->step_s;
        p->span_s += s->step_s;
        double inv = s->iv[i].invocations > 0.0 ? s->iv[i].invocations : 0.0;
        p->requests += inv;
        p->lmi_demand_envs =
            mip__max(p->lmi_demand_envs, mip__lmi_prep_demand_envs(prep, i));
        p->lmi_envs = mip__max(p->lmi_envs, iv[i].lmi_envs);
        p->lmi_instances = mip__max(p->lmi_instances, iv[i].lmi_instances);
        p->lmi_throttled += iv[i].lmi_throttled;
        p->lambda_concurrency = mip__max(p->lambda_concurrency, iv[i].lambda_concurrency);
        p->lambda_cold_starts += iv[i].lambda_cold_starts;
        p->lambda_throttled += iv[i].lambda_throttled;
    }
    return MIP_OK;
}

/* One candidate's simulation and bill. */
typedef struct cand {
    int rc;
    mip_lmi_sim_t sim;
    mip_bill_t bill;
    mip_error_t err;
} cand_t;

typedef struct job {
    const mip__lmi_prep_t *prep;
    const mip_region_t *region;
    const mip_compare_input_t *in;
    const mip_instance_t *const *cands;
    size_t n, first, stride;
    cand_t *res;
} job_t;

static void *run_job(void *arg)
{
    job_t *j = arg;
    for (size_t i = j->first; i < j->n; i += j->stride) {
        cand_t *r = &j->res[i];
        mip_error_clear(&r->err);
        r->rc = mip__lmi_run(j->prep, j->cands[i], &r->sim, NULL, &r->err);
        if (r->rc == MIP_OK)
            r->rc = mip__price_lmi_sim(j->region, &r->sim, j->in, 1.0, &r->bill, &r->err);
    }
    return NULL;
}

/* Simulate every candidate: on several threads when there is enough work
 * (each candidate is independent; the prepared series is read-only). */
static void run_candidates(const mip__lmi_prep_t *prep, const mip_region_t *region,
                           const mip_compare_input_t *in,
                           const mip_instance_t *const *cands, size_t n, cand_t *res)
{
    enum { MAX_THREADS = 8 };
    long cpus = mip__cpus();
    size_t t = cpus > 1 ? (size_t)cpus : 1;
    if (t > MAX_THREADS)
        t = MAX_THREADS;
    if (t > n)
        t = n;
    if ((double)mip__lmi_prep_length(prep) * (double)n < 200000.0)
        t = 1; /* not worth a thread */
    job_t jobs[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (size_t k = 0; k < t; k++) {
        jobs[k] = (job_t){prep, region, in, cands, n, k, t, res};
        if (k > 0)
            started[k] = pthread_create(&tid[k], NULL, run_job, &jobs[k]) == 0;
    }
    run_job(&jobs[0]);
    for (size_t k = 1; k < t; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            run_job(&jobs[k]); /* no thread to be had: do its share here */
    }
}

int mip_compare(const mip_region_t *region, const mip_instance_t *const *candidates,
                size_t n, const mip_series_t *series, const mip_compare_input_t *in,
                mip_compare_result_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || (!candidates && n > 0) || !series || !in || !out)
        return mip__fail(err, MIP_EINVAL, "mip_compare: NULL argument");
    memset(out, 0, sizeof *out);
    if (n == 0)
        return mip__fail(err, MIP_EINFEASIBLE, "no instance type to choose from");
    if (series->n == 0 || !(series->step_s > 0.0))
        return mip__fail(err, MIP_EINVAL, "the series has no intervals");
    if (!region->lmi_available)
        return mip__fail(err, MIP_EUNSUPPORTED,
                         "Lambda Managed Instances are not offered in %s", region->code);
    int rc =
        mip__check_range(err, "hours per month", in->price.hours_per_month, 1e-9, 744.0);
    if (rc != MIP_OK)
        return rc;
    if ((rc = mip_lmi_config_check(&in->lmi, in->shape.runtime, err)) != MIP_OK)
        return rc;
    double lmem = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    out->period_hours = (double)series->n * series->step_s / 3600.0;
    double month = in->price.hours_per_month / out->period_hours;

    mip_sim_interval_t *best = calloc(series->n, sizeof *best);
    mip__lmi_prep_t *prep = NULL;
    cand_t *res = calloc(n, sizeof *res);
    if (!best || !res) {
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if (!candidates[i]) {
            rc = mip__fail(err, MIP_EINVAL, "candidate %zu is NULL", i);
            goto fail;
        }
    if ((rc = mip__lmi_prepare(series, &in->shape, &in->lmi, &in->scaler, &prep, err)) !=
        MIP_OK)
        goto fail;
    run_candidates(prep, region, in, candidates, n, res);

    /* The cheapest, in the candidates' order; among equals the one that
     * throttles least. */
    long pick = -1;
    mip_error_t first;
    mip_error_clear(&first);
    for (size_t i = 0; i < n; i++) {
        if (res[i].rc == MIP_EINFEASIBLE || res[i].rc == MIP_ERULE) {
            if (first.code == MIP_OK)
                first = res[i].err;
            continue;
        }
        if (res[i].rc != MIP_OK) {
            if (err)
                *err = res[i].err;
            rc = res[i].rc;
            goto fail;
        }
        if (pick < 0 || res[i].bill.total_usd < res[pick].bill.total_usd - 1e-9 ||
            (fabs(res[i].bill.total_usd - res[pick].bill.total_usd) <= 1e-9 &&
             res[i].sim.throttled_requests < res[pick].sim.throttled_requests))
            pick = (long)i;
    }
    if (pick < 0) {
        if (err)
            *err = first;
        rc = first.code != MIP_OK ? first.code : MIP_EINFEASIBLE;
        goto fail;
    }
    out->lmi_period = res[pick].bill;
    /* again, this time keeping the intervals */
    if ((rc = mip__lmi_run(prep, candidates[pick], &out->lmi, best, err)) != MIP_OK)
        goto fail;
    if ((rc = mip__price_lmi_sim(region, &out->lmi, in, month, &out->lmi_month, err)) !=
        MIP_OK)
        goto fail;
    if ((rc = mip__lambda_over(region, series, in, lmem, month, best, &out->lambda,
                               &out->lambda_period, &out->lambda_month, err)) != MIP_OK)
        goto fail;
    if ((rc = days_of(series, best, out, err)) != MIP_OK ||
        (rc = timeline_of(series, prep, best, out, err)) != MIP_OK)
        goto fail;
    free(best);
    free(res);
    mip__lmi_prep_free(prep);
    return MIP_OK;
fail:
    free(best);
    free(res);
    mip__lmi_prep_free(prep);
    mip_compare_result_free(out);
    return rc;
}

int mip_compare_days(const mip_compare_result_t *r, size_t n, mip_compare_day_t **out,
                     size_t *n_days, mip_error_t *err)
{
    mip_error_clear(err);
    if ((!r && n > 0) || !out || !n_days)
        return mip__fail(err, MIP_EINVAL, "mip_compare_days: NULL argument");
    *out = NULL;
    *n_days = 0;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t k = 0; k < n; k++)
        for (size_t d = 0; d < r[k].n_days; d++) {
            lo = fmin(lo, r[k].days[d].start_s);
            hi = fmax(hi, r[k].days[d].start_s);
        }
    size_t nd = hi >= lo ? (size_t)((hi - lo) / 86400.0 + 0.5) + 1 : 0;
    mip_compare_day_t *sum = calloc(nd ? nd : 1, sizeof *sum);
    if (!sum)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t d = 0; d < nd; d++)
        sum[d].start_s = lo + 86400.0 * (double)d;
    for (size_t k = 0; k < n; k++)
        for (size_t d = 0; d < r[k].n_days; d++) {
            const mip_compare_day_t *x = &r[k].days[d];
            mip_compare_day_t *s = &sum[(size_t)((x->start_s - lo) / 86400.0 + 0.5)];
            s->hours = fmax(s->hours, x->hours);
            s->requests += x->requests;
            s->lambda_usd += x->lambda_usd;
            s->lmi_usd += x->lmi_usd;
            s->lmi_instance_hours += x->lmi_instance_hours;
            s->lmi_throttled += x->lmi_throttled;
            s->lambda_cold_starts += x->lambda_cold_starts;
            s->lambda_requests_usd += x->lambda_requests_usd;
            s->lambda_duration_usd += x->lambda_duration_usd;
            s->lmi_compute_usd += x->lmi_compute_usd;
            s->lmi_fee_usd += x->lmi_fee_usd;
            s->lmi_requests_usd += x->lmi_requests_usd;
            s->lmi_requests += x->lmi_requests;
        }
    *out = sum;
    *n_days = nd;
    return MIP_OK;
}

void mip_compare_totals(const mip_compare_result_t *r, size_t n,
                        mip_compare_totals_t *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!r)
        return;
    mip__sum_t s[8];
    for (int k = 0; k < 8; k++)
        s[k] = (mip__sum_t)MIP__SUM_INIT;
    for (size_t i = 0; i < n; i++) {
        mip__sum_add(&s[0], r[i].lambda_period.total_usd);
        mip__sum_add(&s[1], r[i].lmi_period.total_usd);
        mip__sum_add(&s[2], r[i].lambda_month.total_usd);
        mip__sum_add(&s[3], r[i].lmi_month.total_usd);
        mip__sum_add(&s[4], r[i].lmi.instance_hours);
        mip__sum_add(&s[5], r[i].lmi.requests);
        mip__sum_add(&s[6], r[i].lmi.throttled_requests);
        mip__sum_add(&s[7], r[i].lambda.cold_starts);
        out->period_hours = fmax(out->period_hours, r[i].period_hours);
    }
    out->lambda_usd = mip__sum_value(&s[0]);
    out->lmi_usd = mip__sum_value(&s[1]);
    out->lambda_month_usd = mip__sum_value(&s[2]);
    out->lmi_month_usd = mip__sum_value(&s[3]);
    out->lmi_instance_hours = mip__sum_value(&s[4]);
    out->lmi_requests = mip__sum_value(&s[5]);
    out->lmi_throttled = mip__sum_value(&s[6]);
    out->lambda_cold_starts = mip__sum_value(&s[7]);
}
