/*
 * fit.c - the cheapest LMI configurations for a trace within a throttle
 * budget.
 *
 * Decisions layer. The space is the product of the lists of memory sizes,
 * memory-to-vCPU ratios, concurrencies, target utilizations and minimum
 * environments, times the instance types allowed. Each (configuration, type)
 * is simulated over the series (sim.c) and priced (lmi_cost.c).
 *
 * Instance types: exhaustively every type for every configuration, or only
 * the type cheapest per environment that fits (the one LMI's placement would
 * fill first). Work is ordered by a lower bound, the steady-state cost at the
 * series' mean demand without rounding up (instances are a convex function of
 * the demand, so by Jensen's inequality the mean demand costs no more than
 * the varying one); when the search is not exhaustive, items whose bound is
 * above the last of the kept results are skipped and counted.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXHAUSTIVE_LIMIT 20000

void mip_fit_input_init(mip_fit_input_t *in)
{
    if (!in)
        return;
    memset(in, 0, sizeof *in);
    mip_compare_input_init(&in->base);
    in->throttle_budget = 1e-4;
    in->exhaustive = -1;
    in->top = 10;
}

void mip_fit_result_free(mip_fit_result_t *r)
{
    if (!r)
        return;
    free(r->best);
    r->best = NULL;
    r->n_best = 0;
    free(r->points);
    r->points = NULL;
    r->n_points = 0;
}

typedef struct item {
    size_t config; /* index into configs */
    size_t type;   /* index into candidates */
    double bound;  /* lower bound of the period's LMI cost */
    double order;  /* the config's smallest bound, then its own */
} item_t;

static int cmp_item(const void *a, const void *b)
{
    const item_t *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    if (x->config != y->config)
        return x->config < y->config ? -1 : 1;
    if (x->bound != y->bound)
        return x->bound < y->bound ? -1 : 1;
    return (x->type > y->type) - (x->type < y->type);
}

/* Insert c into the ranked list (cheapest first, then less throttling). */
static void keep(mip_fit_candidate_t *best, size_t *n, size_t top,
                 const mip_fit_candidate_t *c)
{
    size_t at = *n;
    while (at > 0 && (best[at - 1].period_usd > c->period_usd + 1e-9 ||
                      (fabs(best[at - 1].period_usd - c->period_usd) <= 1e-9 &&
                       best[at - 1].throttle_fraction > c->throttle_fraction)))
        at--;
    if (at >= top)
        return;
    size_t last = *n < top ? *n : top - 1;
    memmove(&best[at + 1], &best[at], (last - at) * sizeof *best);
    best[at] = *c;
    if (*n < top)
        (*n)++;
}

int mip_fit(const mip_region_t *region, const mip_instance_t *const *candidates, size_t n,
            const mip_series_t *series, const mip_fit_input_t *in, mip_fit_result_t *out,
            mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || (!candidates && n > 0) || !series || !in || !out)
        return mip__fail(err, MIP_EINVAL, "mip_fit: NULL argument");
    memset(out, 0, sizeof *out);
    if (n == 0)
        return mip__fail(err, MIP_EINFEASIBLE, "no instance type to choose from");
    if (series->n == 0 || !(series->step_s > 0.0))
        return mip__fail(err, MIP_EINVAL, "the series has no intervals");
    if (!region->lmi_available)
        return mip__fail(err, MIP_EUNSUPPORTED,
                         "Lambda Managed Instances are not offered in %s", region->code);
    int rc;
    if ((rc = mip__check_range(err, "the throttle budget", in->throttle_budget, 0.0,
                               1.0)) ||
        (rc = mip__check_range(err, "hours per month", in->base.price.hours_per_month,
                               1e-9, 744.0)))
        return rc;
    if (in->top == 0)
        return mip__fail(err, MIP_EINVAL, "keep at least one result");
    for (size_t i = 0; i < n; i++)
        if (!candidates[i])
            return mip__fail(err, MIP_EINVAL, "candidate %zu is NULL", i);

    const mip_compare_input_t *b = &in->base;
    const mip_fit_space_t *sp = &in->space;
    /* one value from the base where a list is empty */
    double mem1 = b->lmi.memory_mb, ratio1 = b->lmi.memory_gib_per_vcpu,
           target1 = b->lmi.target_cpu;
    long conc1 = b->lmi.max_concurrency, min1 = b->lmi.min_envs;
    const double *mems = sp->n_memory ? sp->memory_mb : &mem1;
    const double *ratios = sp->n_ratios ? sp->memory_gib_per_vcpu : &ratio1;
    const double *targets = sp->n_targets ? sp->target_cpu : &target1;
    const long *concs = sp->n_concurrency ? sp->concurrency : &conc1;
    const long *mins = sp->n_min_envs ? sp->min_envs : &min1;
    size_t nm = sp->n_memory ? sp->n_memory : 1, nr = sp->n_ratios ? sp->n_ratios : 1,
           nt = sp->n_targets ? sp->n_targets : 1,
           nc = sp->n_concurrency ? sp->n_concurrency : 1,
           nn = sp->n_min_envs ? sp->n_min_envs : 1;
    if ((sp->n_memory && !sp->memory_mb) || (sp->n_ratios && !sp->memory_gib_per_vcpu) ||
        (sp->n_targets && !sp->target_cpu) || (sp->n_concurrency && !sp->concurrency) ||
        (sp->n_min_envs && !sp->min_envs))
        return mip__fail(err, MIP_EINVAL, "a list of the search space is NULL");
    double combos = (double)nm * (double)nr * (double)nt * (double)nc * (double)nn;
    if (combos > 1e6)
        return mip__fail(err, MIP_ETOOMANY,
                         "the search space holds %.0f configurations: narrow it", combos);

    out->period_hours = (double)series->n * series->step_s / 3600.0;
    const double month = b->price.hours_per_month / out->period_hours;
    const double lmem =
        b->lambda_memory_mb > 0.0 ? b->lambda_memory_mb : b->lmi.memory_mb;

    mip_lmi_config_t *configs = calloc((size_t)combos, sizeof *configs);
    item_t *items = NULL;
    mip_sim_interval_t *iv = calloc(series->n, sizeof *iv);
    mip__lmi_prep_t *prep = NULL;
    size_t prep_config = (size_t)-1;
    if (!configs || !iv) {
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
        goto done;
    }

    /* default Lambda, to compare with */
    if ((rc = mip__lambda_over(region, series, b, lmem, month, iv, &out->lambda,
                               &out->lambda_period, &out->lambda_month, err)) != MIP_OK)
        goto done;

    /* the series' mean demand, for the bounds: config-independent */
    mip_workload_t w = b->shape;
    double inv = 0.0, conc_sum = 0.0, vcpu_sum = 0.0;
    for (size_t i = 0; i < series->n; i++) {
        const mip_interval_t *x = &series->iv[i];
        double k = x->invocations > 0.0 ? x->invocations : 0.0;
        double d = isfinite(x->duration_ms) ? x->duration_ms : w.duration_ms;
        double c = isfinite(x->cpu_ms) ? x->cpu_ms : w.cpu_ms >= 0.0 ? w.cpu_ms : d;
        inv += k;
        conc_sum += k * d / 1000.0;
        vcpu_sum += k * c / 1000.0;
    }
    const double span = (double)series->n * series->step_s;
    const double mean_conc = conc_sum / span, mean_vcpu = vcpu_sum / span;

    /* the valid configurations */
    size_t ncfg = 0;
    for (size_t a = 0; a < nm; a++)
        for (size_t r = 0; r < nr; r++)
            for (size_t c = 0; c < nc; c++)
                for (size_t t = 0; t < nt; t++)
                    for (size_t m = 0; m < nn; m++) {
                        mip_lmi_config_t cfg = b->lmi;
                        cfg.memory_mb = mems[a];
                        cfg.memory_gib_per_vcpu = ratios[r];
                        cfg.max_concurrency = concs[c];
                        cfg.target_cpu = targets[t];
                        cfg.min_envs = mins[m];
                        if (mip_lmi_config_check(&cfg, w.runtime, NULL) != MIP_OK) {
                            out->invalid++;
                            continue;
                        }
                        configs[ncfg++] = cfg;
                    }
    out->configurations = ncfg;
    if (ncfg == 0) {
        rc = mip__fail(err, MIP_ERULE,
                       "no combination of the search space is a valid LMI configuration "
                       "(%zu break a rule)",
                       out->invalid);
        goto done;
    }

    /* every (configuration, type) that fits, with its bound */
    items = malloc(ncfg * n * sizeof *items);
    if (!items) {
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
        goto done;
    }
    /* the bound does not hold when a schedule deactivates the function */
    int exhaustive = b->scaler.schedule    ? 1
                     : in->exhaustive >= 0 ? in->exhaustive
                                           : (double)ncfg * (double)n <= EXHAUSTIVE_LIMIT;
    out->exhaustive = exhaustive;
    const double fee = region->lmi_management_fee_fraction, disc = b->price.ec2_discount;
    size_t nitems = 0;
    for (size_t k = 0; k < ncfg; k++) {
        const mip_lmi_config_t *cfg = &configs[k];
        mip_workload_t w0 = w;
        w0.rps = 0.0;
        if (!(w0.duration_ms > 0.0))
            w0.duration_ms = 1.0;
        size_t first = nitems;
        double best_per_env = HUGE_VAL;
        for (size_t j = 0; j < n; j++) {
            mip_lmi_sizing_t sz;
            if (mip_capacity_size(&w0, cfg, candidates[j], &sz, NULL) != MIP_OK)
                continue;
            double hourly = candidates[j]->ondemand_usd_per_hour * (1.0 - disc + fee);
            double per_env = hourly / (double)sz.envs_per_instance;
            double envs = mip__max((double)cfg->min_envs,
                                   mip__max(mean_conc / (double)sz.env_concurrency,
                                            mean_vcpu / (sz.env_vcpu * cfg->target_cpu)));
            double inst =
                mip__max((double)cfg->min_instances, envs / (double)sz.envs_per_instance);
            item_t it = {k, j, inst * hourly * out->period_hours, 0.0};
            if (exhaustive) {
                items[nitems++] = it;
            } else if (per_env < best_per_env - 1e-12 ||
                       (fabs(per_env - best_per_env) <= 1e-12 && nitems > first &&
                        candidates[j]->vcpu < candidates[items[first].type]->vcpu)) {
                best_per_env = per_env;
                items[first] = it; /* the one type for this configuration */
                nitems = first + 1;
            }
        }
        double lo = HUGE_VAL;
        for (size_t i = first; i < nitems; i++)
            lo = mip__min(lo, items[i].bound);
        for (size_t i = first; i < nitems; i++)
            items[i].order = lo;
    }
    if (nitems == 0) {
        rc = mip__fail(err, MIP_EINFEASIBLE,
                       "no allowed instance type can hold an environment of the "
                       "configurations searched");
        goto done;
    }
    qsort(items, nitems, sizeof *items, cmp_item);

    size_t top = in->top;
    out->best = calloc(top, sizeof *out->best);
    out->points = malloc(nitems * sizeof *out->points);
    if (!out->best || !out->points) {
        rc = mip__fail(err, MIP_ENOMEM, "out of memory");
        goto done;
    }
    int have_least = 0;
    for (size_t i = 0; i < nitems; i++) {
        const item_t *it = &items[i];
        /* requests cost about the same everywhere: the bound is EC2 + fee */
        if (!exhaustive && out->n_best == top &&
            it->bound > out->best[top - 1].period_usd) {
            out->pruned++;
            continue;
        }
        if (it->config != prep_config) {
            mip__lmi_prep_free(prep);
            prep = NULL;
            prep_config = (size_t)-1;
            if ((rc = mip__lmi_prepare(series, &w, &configs[it->config], &b->scaler,
                                       &prep, err)) != MIP_OK)
                goto done;
            prep_config = it->config;
        }
        mip_fit_candidate_t c;
        memset(&c, 0, sizeof c);
        c.config = configs[it->config];
        c.instance = candidates[it->type];
        mip_error_t e;
        rc = mip__lmi_run(prep, c.instance, &c.sim, NULL, &e);
        if (rc == MIP_EINFEASIBLE || rc == MIP_ERULE)
            continue;
        mip_bill_t bill;
        if (rc == MIP_OK)
            rc = mip__price_lmi_sim(region, &c.sim, b, 1.0, &bill, &e);
        if (rc != MIP_OK) {
            if (err)
                *err = e;
            goto done;
        }
        out->simulated++;
        c.period_usd = bill.total_usd;
        c.month_usd = bill.total_usd * month;
        double offered = c.sim.requests + c.sim.throttled_requests;
        c.throttle_fraction = offered > 0.0 ? c.sim.throttled_requests / offered : 0.0;
        mip_fit_point_t *pt = &out->points[out->n_points++];
        pt->config = c.config;
        pt->instance = c.instance;
        pt->period_usd = c.period_usd;
        pt->throttle_fraction = c.throttle_fraction;
        pt->within_budget = c.throttle_fraction <= in->throttle_budget;
        if (c.throttle_fraction > in->throttle_budget) {
            out->over_budget++;
            if (!have_least ||
                c.throttle_fraction < out->least_throttling.throttle_fraction ||
                (c.throttle_fraction == out->least_throttling.throttle_fraction &&
                 c.period_usd < out->least_throttling.period_usd)) {
                out->least_throttling = c;
                have_least = 1;
            }
            continue;
        }
        keep(out->best, &out->n_best, top, &c);
    }
    rc = MIP_OK;
    if (out->n_best == 0)
        rc =
            mip__fail(err, MIP_EINFEASIBLE,
                      "none of the %zu configurations simulated keeps throttles within "
                      "%g%% of requests; the least throttling, %s at %g%% CPU target, "
                      "throttles %.4g%%",
                      out->simulated, in->throttle_budget * 100.0,
                      have_least ? out->least_throttling.instance->type : "none",
                      have_least ? out->least_throttling.config.target_cpu * 100.0 : 0.0,
                      have_least ? out->least_throttling.throttle_fraction * 100.0 : 0.0);
done:
    mip__lmi_prep_free(prep);
    free(items);
    free(iv);
    free(configs);
    if (rc != MIP_OK && rc != MIP_EINFEASIBLE)
        mip_fit_result_free(out);
    return rc;
}
