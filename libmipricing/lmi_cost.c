/*
 * lmi_cost.c - the Lambda Managed Instances pricing model (DOMAIN.md
 * section 3): pure.
 *
 * A bill is "requests" (requests x the region's LMI request price), then for
 * each usage, in the order given, "EC2 <type>" (instance-hours at the
 * on-demand price less the usage's discount) and "management fee <type>"
 * (instance-hours at lmi_management_fee_fraction of the on-demand price:
 * discounts never apply to the fee). There is no duration charge. Every usage
 * gives its two lines, even with 0 hours; the same type given twice (say, one
 * part under a Savings Plan and one at on-demand) gives two lines of the same
 * name, and mip_bill_line() finds the first.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The longest instance type whose line names fit in a mip_cost_line_t. */
#define MIP__TYPE_MAX (MIP_NAME_LENGTH - 1 - (int)(sizeof MIP__FEE_PREFIX - 1))

/* v finite and >= 0, else MIP_ERANGE naming usage i and the field. */
static int check_nonneg(mip_error_t *err, size_t i, const char *type, const char *field,
                        double v)
{
    if (!isfinite(v))
        return mip__fail(err, MIP_ERANGE, "usage %zu (%s): %s must be a finite number", i,
                         type, field);
    if (v < 0.0)
        return mip__fail(err, MIP_ERANGE, "usage %zu (%s): %s must be at least 0, not %g",
                         i, type, field, v);
    return MIP_OK;
}

static int check_usage(const mip_lmi_usage_t *u, size_t i, mip_error_t *err)
{
    int rc;
    if (!u->instance_type)
        return mip__fail(err, MIP_EINVAL, "usage %zu: instance_type is NULL", i);
    const char *t = u->instance_type;
    if (t[0] == '\0')
        return mip__fail(err, MIP_EINVAL, "usage %zu: instance_type is empty", i);
    if (strlen(t) > (size_t)MIP__TYPE_MAX)
        return mip__fail(err, MIP_EINVAL,
                         "usage %zu: instance_type is longer than %d characters", i,
                         MIP__TYPE_MAX);
    if (!mip_instance_lmi_eligible(t))
        return mip__fail(err, MIP_ERULE,
                         "usage %zu: %s cannot back Lambda Managed Instances (families C "
                         "from .xlarge, M and R from .large)",
                         i, t);
    if (u->market == MIP_MARKET_SPOT)
        return mip__fail(err, MIP_EUNSUPPORTED,
                         "usage %zu (%s): Lambda Managed Instances do not run on Spot "
                         "instances",
                         i, t);
    if (u->market != MIP_MARKET_ON_DEMAND)
        return mip__fail(err, MIP_EINVAL, "usage %zu (%s): unknown market %d", i, t,
                         (int)u->market);
    if ((rc = check_nonneg(err, i, t, "instance_hours", u->instance_hours)))
        return rc;
    if ((rc = check_nonneg(err, i, t, "ondemand_usd_per_hour", u->ondemand_usd_per_hour)))
        return rc;
    if (!isfinite(u->discount))
        return mip__fail(err, MIP_ERANGE,
                         "usage %zu (%s): discount must be a finite number", i, t);
    if (u->discount < 0.0 || u->discount >= 1.0)
        return mip__fail(
            err, MIP_ERANGE,
            "usage %zu (%s): discount must be at least 0 and below 1, not %g", i, t,
            u->discount);
    return MIP_OK;
}

/* On error the bill is left empty. */
int mip_lmi_cost(const mip_region_t *region, const mip_lmi_usage_t *usage, size_t n,
                 double requests, mip_bill_t *out, mip_error_t *err)
{
    int rc;

    mip_error_clear(err);
    if (!region)
        return mip__fail(err, MIP_EINVAL, "region is NULL");
    if (!out)
        return mip__fail(err, MIP_EINVAL, "bill is NULL");
    mip_bill_init(out);
    if (!usage && n > 0)
        return mip__fail(err, MIP_EINVAL, "usage is NULL");
    if (!region->lmi_available)
        return mip__fail(err, MIP_EUNSUPPORTED,
                         "Lambda Managed Instances are not available in region %s",
                         region->code ? region->code : "(unnamed)");
    if (!isfinite(requests))
        return mip__fail(err, MIP_ERANGE, "requests must be a finite number");
    if (requests < 0.0)
        return mip__fail(err, MIP_ERANGE, "requests must be at least 0, not %g",
                         requests);
    for (size_t i = 0; i < n; i++)
        if ((rc = check_usage(&usage[i], i, err)))
            return rc;
    if (n > (MIP_BILL_MAX_LINES - 1) / 2)
        return mip__fail(err, MIP_ETOOMANY,
                         "a bill holds at most %d lines: %zu instance usages need %zu",
                         MIP_BILL_MAX_LINES, n, 1 + 2 * n);

    /* Validated: the lines fit, mip__bill_add cannot fail from here on. */
    mip__bill_add(out, "requests", requests, "requests",
                  region->lmi_request_usd_per_million / 1e6, err);
    for (size_t i = 0; i < n; i++) {
        const mip_lmi_usage_t *u = &usage[i];
        char name[MIP_NAME_LENGTH];
        snprintf(name, sizeof name, MIP__EC2_PREFIX "%s", u->instance_type);
        mip__bill_add(out, name, u->instance_hours, "hours",
                      u->ondemand_usd_per_hour * (1.0 - u->discount), err);
        snprintf(name, sizeof name, MIP__FEE_PREFIX "%s", u->instance_type);
        mip__bill_add(out, name, u->instance_hours, "hours",
                      u->ondemand_usd_per_hour * region->lmi_management_fee_fraction,
                      err);
    }
    mip__bill_total(out);
    return MIP_OK;
}
