/*
 * plan.c - monthly plans for a steady workload: the cheapest LMI sizing over
 * candidate instance types, and the default-Lambda bill beside it.
 *
 * Decisions layer: calls the capacity model and both pricing models.
 */
#include "internal.h"

#include <math.h>
#include <string.h>

void mip_price_options_init(mip_price_options_t *o)
{
    if (o) {
        mip_price_options_t d = MIP_PRICE_OPTIONS_INIT;
        *o = d;
    }
}

static int check_price_options(const mip_price_options_t *opt, mip_error_t *err)
{
    if (!isfinite(opt->hours_per_month) || opt->hours_per_month <= 0.0 ||
        opt->hours_per_month > 744.0)
        return mip__fail(err, MIP_ERANGE,
                         "hours per month must be above 0 and at most 744, not %g",
                         opt->hours_per_month);
    int rc;
    if ((rc = mip__check_range(err, "the Lambda Savings Plan discount",
                               opt->lambda_savings_plan, 0.0, 1.0)) != MIP_OK)
        return rc;
    if (!isfinite(opt->ec2_discount) || opt->ec2_discount < 0.0 ||
        opt->ec2_discount >= 1.0)
        return mip__fail(err, MIP_ERANGE,
                         "the EC2 discount must be at least 0 and below 1, not %g",
                         opt->ec2_discount);
    return MIP_OK;
}

/* Price one sizing: its instance-hours and the workload's requests. */
static int price_sizing(const mip_region_t *region, const mip_lmi_sizing_t *s, double rps,
                        const mip_price_options_t *opt, mip_bill_t *bill,
                        mip_error_t *err)
{
    mip_lmi_usage_t u;
    u.instance_type = s->instance->type;
    u.ondemand_usd_per_hour = s->instance->ondemand_usd_per_hour;
    u.instance_hours = (double)s->instances * opt->hours_per_month;
    u.discount = opt->ec2_discount;
    u.market = MIP_MARKET_ON_DEMAND;
    double requests = rps * opt->hours_per_month * 3600.0;
    return mip_lmi_cost(region, &u, 1, requests, bill, err);
}

/* Is plan a better than plan b? Cheaper, then fewer vCPUs, then by name. */
static int better(const mip_lmi_plan_t *a, const mip_lmi_plan_t *b)
{
    double ta = a->bill.total_usd, tb = b->bill.total_usd;
    if (fabs(ta - tb) > 1e-9 * fmax(1.0, fabs(tb)))
        return ta < tb;
    if (a->sizing.total_vcpu != b->sizing.total_vcpu)
        return a->sizing.total_vcpu < b->sizing.total_vcpu;
    return strcmp(a->sizing.instance->type, b->sizing.instance->type) < 0;
}

int mip_plan_lmi(const mip_region_t *region, const mip_instance_t *const *candidates,
                 size_t n, const mip_workload_t *w, const mip_lmi_config_t *c,
                 const mip_price_options_t *opt, mip_lmi_plan_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || (!candidates && n > 0) || !w || !c || !opt || !out)
        return mip__fail(err, MIP_EINVAL, "mip_plan_lmi: NULL argument");
    int rc = check_price_options(opt, err);
    if (rc != MIP_OK)
        return rc;
    if ((rc = mip_lmi_config_check(c, w->runtime, err)) != MIP_OK)
        return rc;
    if (!region->lmi_available)
        return mip__fail(err, MIP_EUNSUPPORTED,
                         "Lambda Managed Instances are not offered in %s", region->code);
    if (n == 0)
        return mip__fail(err, MIP_EINFEASIBLE, "no instance type to choose from");

    mip_error_t first;
    mip_error_clear(&first);
    mip_lmi_plan_t cand;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        mip_error_t e;
        if (!candidates[i])
            return mip__fail(err, MIP_EINVAL, "candidate %zu is NULL", i);
        rc = mip_capacity_size(w, c, candidates[i], &cand.sizing, &e);
        if (rc == MIP_OK)
            rc = price_sizing(region, &cand.sizing, w->rps, opt, &cand.bill, &e);
        if (rc != MIP_OK) {
            /* Input errors are not the candidate's fault: report at once. */
            if (rc != MIP_EINFEASIBLE && rc != MIP_ERULE) {
                *err = e;
                return rc;
            }
            if (first.code == MIP_OK)
                first = e;
            continue;
        }
        if (!found || better(&cand, out)) {
            *out = cand;
            found = 1;
        }
    }
    if (!found) {
        if (n == 1) {
            if (err)
                *err = first;
            return first.code;
        }
        return mip__fail(err, MIP_EINFEASIBLE,
                         "none of the %zu instance types can serve the workload; the "
                         "first: %s",
                         n, first.text);
    }
    return MIP_OK;
}

int mip_plan_lambda(const mip_region_t *region, const mip_workload_t *w, double memory_mb,
                    const mip_price_options_t *opt, mip_bill_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || !w || !opt || !out)
        return mip__fail(err, MIP_EINVAL, "mip_plan_lambda: NULL argument");
    int rc = check_price_options(opt, err);
    if (rc != MIP_OK)
        return rc;
    if (!isfinite(w->rps) || w->rps < 0.0)
        return mip__fail(err, MIP_ERANGE, "requests per second must be 0 or more, not %g",
                         w->rps);
    mip_lambda_workload_t lw;
    mip_lambda_workload_init(&lw);
    lw.arch = w->arch;
    lw.memory_mb = memory_mb;
    lw.ephemeral_mb = opt->ephemeral_mb;
    lw.requests = w->rps * opt->hours_per_month * 3600.0;
    lw.duration_ms = w->duration_ms;
    mip_lambda_options_t lo = MIP_LAMBDA_OPTIONS_INIT;
    lo.free_tier = opt->lambda_free_tier;
    lo.savings_plan_discount = opt->lambda_savings_plan;
    return mip_lambda_cost(region, &lw, 1, &lo, out, err);
}
