/*
 * commit.c - the Savings Plans commitment that minimises a bill.
 *
 * Decisions layer. With a commitment of c dollars an hour at discount d, an
 * hour whose coverable on-demand spend is s costs c (always paid) plus the
 * part of s the plan does not cover, max(0, s - c / (1 - d)). The total over
 * the hours is convex in x = c / (1 - d), with slope T (1 - d) - #{s_h > x}:
 * it is smallest where the share of hours spending more than x is 1 - d, at
 * the d-quantile of the hourly spends: an order statistic of the spends,
 * sorted with GSL.
 */
#include "internal.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double total_with(const double *s, size_t n, double c, double d)
{
    double x = c / (1.0 - d);
    mip__sum_t t = MIP__SUM_INIT;
    for (size_t h = 0; h < n; h++)
        mip__sum_add(&t, c + (s[h] > x ? s[h] - x : 0.0));
    return mip__sum_value(&t);
}

int mip_commit(const double *spend_usd_per_hour, size_t n_hours, double discount,
               mip_commit_result_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!spend_usd_per_hour || !out)
        return mip__fail(err, MIP_EINVAL, "mip_commit: NULL argument");
    if (n_hours == 0)
        return mip__fail(err, MIP_EINVAL, "no hours of spend");
    int rc = mip__check_range(err, "the Savings Plan discount", discount, 0.0, 0.99);
    if (rc != MIP_OK)
        return rc;
    for (size_t h = 0; h < n_hours; h++)
        if (!isfinite(spend_usd_per_hour[h]) || spend_usd_per_hour[h] < 0.0)
            return mip__fail(err, MIP_ERANGE, "hour %zu: spend must be 0 or more, not %g",
                             h, spend_usd_per_hour[h]);
    double *s = malloc(n_hours * sizeof *s);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    memcpy(s, spend_usd_per_hour, n_hours * sizeof *s);
    gsl_sort(s, 1, n_hours);

    memset(out, 0, sizeof *out);
    out->discount = discount;
    out->hours = (double)n_hours;
    /* the minimiser: a d-quantile; any x between the two order statistics
     * around it is as good, take the sample itself (no interpolation) */
    size_t k = (size_t)floor(discount * (double)n_hours);
    if (k >= n_hours)
        k = n_hours - 1;
    double x = discount > 0.0 ? s[k] : 0.0;
    out->commitment_usd_per_hour = x * (1.0 - discount);

    mip__sum_t od = MIP__SUM_INIT, covered = MIP__SUM_INIT;
    for (size_t h = 0; h < n_hours; h++) {
        mip__sum_add(&od, s[h]);
        mip__sum_add(&covered, s[h] < x ? s[h] : x);
    }
    out->on_demand_usd = mip__sum_value(&od);
    out->with_plan_usd = total_with(s, n_hours, out->commitment_usd_per_hour, discount);
    out->saving_usd = out->on_demand_usd - out->with_plan_usd;
    out->covered_fraction =
        out->on_demand_usd > 0.0 ? mip__sum_value(&covered) / out->on_demand_usd : 0.0;
    out->utilization = x > 0.0 ? mip__sum_value(&covered) / (x * (double)n_hours) : 0.0;
    /* the curve: s is sorted, the dearest hour last */
    double top = s[n_hours - 1] * (1.0 - discount);
    out->n_curve = MIP_COMMIT_CURVE_POINTS;
    for (size_t i = 0; i < MIP_COMMIT_CURVE_POINTS; i++) {
        double c = top * (double)i / (double)(MIP_COMMIT_CURVE_POINTS - 1);
        out->curve_commit[i] = c;
        out->curve_usd[i] = total_with(s, n_hours, c, discount);
    }
    free(s);
    return MIP_OK;
}

/* Sum per-interval spends by clock hour. */
static int hourly(const mip_series_t *series, const mip_sim_interval_t *iv, int lambda,
                  double price, double **spend, size_t *n_hours, mip_error_t *err)
{
    if (!series || !iv || !spend || !n_hours)
        return mip__fail(err, MIP_EINVAL, "hourly spend: NULL argument");
    *spend = NULL;
    *n_hours = 0;
    if (series->n == 0 || !(series->step_s > 0.0))
        return mip__fail(err, MIP_EINVAL, "the series has no intervals");
    if (!isfinite(price) || price < 0.0)
        return mip__fail(err, MIP_ERANGE, "the price must be 0 or more, not %g", price);
    double h0 = floor(series->start_s / 3600.0);
    double h1 =
        floor((series->start_s + (double)series->n * series->step_s - 1e-6) / 3600.0);
    size_t nh = (size_t)(h1 - h0) + 1;
    double *s = calloc(nh, sizeof *s);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t i = 0; i < series->n; i++) {
        double t = series->start_s + (double)i * series->step_s;
        size_t h = (size_t)(floor(t / 3600.0) - h0);
        if (h >= nh)
            h = nh - 1;
        s[h] += lambda ? iv[i].lambda_gb_s * price
                       : iv[i].lmi_instances * series->step_s / 3600.0 * price;
    }
    *spend = s;
    *n_hours = nh;
    return MIP_OK;
}

int mip_commit_lmi_spend(const mip_series_t *series, const mip_sim_interval_t *iv,
                         const mip_instance_t *inst, double **spend, size_t *n_hours,
                         mip_error_t *err)
{
    mip_error_clear(err);
    if (!inst)
        return mip__fail(err, MIP_EINVAL, "mip_commit_lmi_spend: NULL instance");
    return hourly(series, iv, 0, inst->ondemand_usd_per_hour, spend, n_hours, err);
}

int mip_commit_lambda_spend(const mip_series_t *series, const mip_sim_interval_t *iv,
                            double usd_per_gb_s, double **spend, size_t *n_hours,
                            mip_error_t *err)
{
    mip_error_clear(err);
    return hourly(series, iv, 1, usd_per_gb_s, spend, n_hours, err);
}

int mip_commit_config(const mip_region_t *region, const mip_series_t *series,
                      const mip_compare_input_t *base, const mip_fit_candidate_t *c,
                      double lmi_discount, double lambda_discount,
                      mip_commit_result_t *lmi, mip_commit_result_t *lambda,
                      mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || !series || !base || !c || !c->instance || !lmi || !lambda)
        return mip__fail(err, MIP_EINVAL, "mip_commit_config: NULL argument");
    mip_sim_interval_t *iv = calloc(series->n ? series->n : 1, sizeof *iv);
    if (!iv)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    double *spend = NULL;
    size_t nh = 0;
    mip_lmi_sim_t sim;
    int rc = mip_sim_lmi(series, &base->shape, &c->config, &base->scaler, c->instance,
                         &sim, iv, err);
    if (rc == MIP_OK)
        rc = mip_commit_lmi_spend(series, iv, c->instance, &spend, &nh, err);
    if (rc == MIP_OK)
        rc = mip_commit(spend, nh, lmi_discount, lmi, err);
    free(spend);
    spend = NULL;
    if (rc == MIP_OK) {
        double memory_mb =
            base->lambda_memory_mb > 0.0 ? base->lambda_memory_mb : c->config.memory_mb;
        const mip_lambda_arch_rates_t *lr = &region->lambda[base->shape.arch];
        mip_lambda_sim_t lsim;
        rc = mip_sim_lambda(series, &base->shape, memory_mb, &base->lambda, &lsim, iv,
                            err);
        if (rc == MIP_OK)
            rc = mip_commit_lambda_spend(series, iv,
                                         lr->n_tiers ? lr->tiers[0].usd_per_gb_s : 0.0,
                                         &spend, &nh, err);
        if (rc == MIP_OK)
            rc = mip_commit(spend, nh, lambda_discount, lambda, err);
        free(spend);
    }
    free(iv);
    return rc;
}
