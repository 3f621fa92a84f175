/*
 * lambda_cost.c - the default Lambda pricing model (DOMAIN.md section 4): pure.
 *
 * mip_lambda_cost() prices n workloads of one region as one monthly bill:
 *
 *  - billed duration per invocation: the mean duration rounded up to 1 ms
 *    (at least 1 ms); GB = MB / 1024;
 *  - on-demand duration = (requests - pc_requests) x billed s x GB, priced by
 *    the region's tiers over the aggregate of each architecture in the bill;
 *  - the free tier (if asked) covers on-demand requests and on-demand duration
 *    only, never provisioned concurrency (PC) nor the requests PC serves; it
 *    is one pool for the whole bill, used by the workloads in the order given
 *    (with both architectures, the first workloads get it), and it is taken
 *    off before the tiers are applied;
 *  - PC configured = pc_count x GB x (pc_hours rounded up to 5 minutes);
 *    duration while provisioned = pc_requests x billed s x GB at its own rate;
 *  - ephemeral storage = (ephemeral_mb - 512) / 1024 GB x every billed second
 *    (on-demand and PC invocations); neither the free tier nor a Savings Plan
 *    reduces it (AWS names duration and PC for Compute Savings Plans only);
 *  - a Compute Savings Plan discount cuts the duration, PC configured and PC
 *    duration rates, never requests.
 *
 * Lines, per architecture present (x86_64 first, then arm64): "requests",
 * "requests free tier", "duration" (tier 1), "duration tier 2".., "duration
 * free tier", "ephemeral storage", "provisioned concurrency", "provisioned
 * duration". "requests" and "duration" always appear, the others only with a
 * quantity > 0. When both architectures are in the bill, every name gets the
 * suffix " (x86_64)" or " (arm64)".
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIP__MEMORY_MIN_MB 128.0
#define MIP__MEMORY_MAX_MB 10240.0
#define MIP__EPHEMERAL_FREE_MB 512.0 /* included in the price */
#define MIP__EPHEMERAL_MAX_MB 10240.0
#define MIP__PC_MAX_HOURS 744.0 /* 31 days */
#define MIP__PC_GRANULE_S 300.0 /* PC time is billed by 5 minutes */
#define MIP__MB_PER_GB 1024.0
/* Slack when rounding up, so that 120.0000000000001 ms bills 120 ms. */
#define MIP__ROUND_SLACK 1e-9

void mip_lambda_workload_init(mip_lambda_workload_t *w)
{
    if (!w)
        return;
    const mip_lambda_workload_t init = MIP_LAMBDA_WORKLOAD_INIT;
    *w = init;
}

/* Milliseconds billed for one invocation of mean duration ms. */
static double billed_ms(double ms)
{
    double b = ceil(ms - MIP__ROUND_SLACK);
    return b < 1.0 ? 1.0 : b;
}

/* Seconds of provisioned concurrency billed for hours configured. */
static double pc_billed_s(double hours)
{
    double granules = ceil(hours * 3600.0 / MIP__PC_GRANULE_S - MIP__ROUND_SLACK);
    return granules < 0.0 ? 0.0 : granules * MIP__PC_GRANULE_S;
}

/* v finite and >= lo, else MIP_ERANGE naming workload i and the field. */
static int check_min(mip_error_t *err, size_t i, const char *field, double v, double lo)
{
    if (!isfinite(v))
        return mip__fail(err, MIP_ERANGE, "workload %zu: %s must be a finite number", i,
                         field);
    if (v < lo)
        return mip__fail(err, MIP_ERANGE, "workload %zu: %s must be at least %g, not %g",
                         i, field, lo, v);
    return MIP_OK;
}

/* v finite and within [lo, hi], else MIP_ERANGE naming workload i and the field. */
static int check_between(mip_error_t *err, size_t i, const char *field, double v,
                         double lo, double hi)
{
    char what[64];
    snprintf(what, sizeof what, "workload %zu: %s", i, field);
    return mip__check_range(err, what, v, lo, hi);
}

static int check_workload(const mip_lambda_workload_t *w, size_t i, mip_error_t *err)
{
    int rc;
    if ((unsigned)w->arch >= MIP_ARCH_COUNT)
        return mip__fail(err, MIP_EINVAL,
                         "workload %zu: arch must be x86_64 (0) or arm64 (1), not %d", i,
                         (int)w->arch);
    if ((rc = check_between(err, i, "memory_mb", w->memory_mb, MIP__MEMORY_MIN_MB,
                            MIP__MEMORY_MAX_MB)))
        return rc;
    if ((rc = check_between(err, i, "ephemeral_mb", w->ephemeral_mb,
                            MIP__EPHEMERAL_FREE_MB, MIP__EPHEMERAL_MAX_MB)))
        return rc;
    if ((rc = check_min(err, i, "requests", w->requests, 0.0)))
        return rc;
    if ((rc = check_min(err, i, "duration_ms", w->duration_ms, 0.0)))
        return rc;
    if ((rc = check_min(err, i, "pc_count", w->pc_count, 0.0)))
        return rc;
    if (w->pc_count != floor(w->pc_count))
        return mip__fail(err, MIP_EINVAL,
                         "workload %zu: pc_count must be a whole number, not %g", i,
                         w->pc_count);
    if ((rc = check_between(err, i, "pc_hours", w->pc_hours, 0.0, MIP__PC_MAX_HOURS)))
        return rc;
    if ((rc = check_between(err, i, "pc_requests", w->pc_requests, 0.0, w->requests)))
        return rc;
    if ((rc = check_min(err, i, "pc_duration_ms", w->pc_duration_ms, 0.0)) ||
        (rc = check_min(err, i, "billed_gb_s", w->billed_gb_s, 0.0)) ||
        (rc = check_min(err, i, "billed_pc_gb_s", w->billed_pc_gb_s, 0.0)) ||
        (rc = check_min(err, i, "billed_pc_duration_gb_s", w->billed_pc_duration_gb_s,
                        0.0)))
        return rc;
    /* Requests cannot be served by provisioned concurrency that does not exist. */
    if (w->pc_requests > 0.0 && (w->pc_count == 0.0 || w->pc_hours == 0.0))
        return mip__fail(err, MIP_EINVAL,
                         "workload %zu: pc_requests is %g but no provisioned concurrency "
                         "is configured (pc_count %g, pc_hours %g)",
                         i, w->pc_requests, w->pc_count, w->pc_hours);
    /* Concurrency configured for no time, or time with no concurrency. */
    if ((w->pc_count > 0.0) != (w->pc_hours > 0.0))
        return mip__fail(err, MIP_EINVAL,
                         "workload %zu: provisioned concurrency needs both pc_count and "
                         "pc_hours (pc_count %g, pc_hours %g)",
                         i, w->pc_count, w->pc_hours);
    return MIP_OK;
}

static int check_tiers(const mip_region_t *region, mip_arch_t arch, mip_error_t *err)
{
    const mip_lambda_arch_rates_t *r = &region->lambda[arch];
    const char *code = region->code ? region->code : "(unnamed)";
    if (r->n_tiers < 1 || r->n_tiers > MIP_MAX_TIERS)
        return mip__fail(err, MIP_EINVAL,
                         "region %s: %s duration needs 1 to %d tiers, not %zu", code,
                         mip_arch_name(arch), MIP_MAX_TIERS, r->n_tiers);
    double lower = 0.0;
    for (size_t k = 0; k + 1 < r->n_tiers; k++) {
        if (!(r->tiers[k].up_to_gb_s > lower))
            return mip__fail(err, MIP_EINVAL,
                             "region %s: %s duration tier %zu must end above %g GB-s, "
                             "not at %g",
                             code, mip_arch_name(arch), k + 1, lower,
                             r->tiers[k].up_to_gb_s);
        lower = r->tiers[k].up_to_gb_s;
    }
    return MIP_OK;
}

/* What one architecture uses in the bill. */
typedef struct arch_usage {
    int present;
    mip__sum_t requests;      /* billed requests */
    mip__sum_t free_requests; /* on-demand requests the free tier covers */
    mip__sum_t gb_s;          /* billed on-demand duration */
    mip__sum_t free_gb_s;     /* on-demand duration the free tier covers */
    mip__sum_t ephemeral_gb_s;
    mip__sum_t pc_gb_s;          /* provisioned concurrency configured */
    mip__sum_t pc_duration_gb_s; /* duration while provisioned */
} arch_usage_t;

static void add_usage(arch_usage_t *u, const mip_lambda_workload_t *w, double *free_req,
                      double *free_gb_s)
{
    double gb = w->memory_mb / MIP__MB_PER_GB;
    double od_requests = w->requests - w->pc_requests;
    double od_s =
        w->requests > 0.0 ? od_requests * billed_ms(w->duration_ms) / 1000.0 : 0.0;
    double od_gb_s = od_s * gb;
    double pc_ms = w->pc_duration_ms > 0.0 ? w->pc_duration_ms : w->duration_ms;
    double pc_s = w->pc_requests > 0.0 ? w->pc_requests * billed_ms(pc_ms) / 1000.0 : 0.0;
    /* usage a bill states replaces what the workload would give */
    if (w->billed_gb_s > 0.0) {
        od_gb_s = w->billed_gb_s;
        od_s = od_gb_s / gb;
    }
    if (w->billed_pc_duration_gb_s > 0.0)
        pc_s = w->billed_pc_duration_gb_s / gb;

    double fr = od_requests < *free_req ? od_requests : *free_req;
    double fg = od_gb_s < *free_gb_s ? od_gb_s : *free_gb_s;
    *free_req -= fr;
    *free_gb_s -= fg;

    u->present = 1;
    mip__sum_add(&u->requests, w->requests - fr);
    mip__sum_add(&u->free_requests, fr);
    mip__sum_add(&u->gb_s, od_gb_s - fg);
    mip__sum_add(&u->free_gb_s, fg);
    mip__sum_add(&u->ephemeral_gb_s, (w->ephemeral_mb - MIP__EPHEMERAL_FREE_MB) /
                                         MIP__MB_PER_GB * (od_s + pc_s));
    mip__sum_add(&u->pc_gb_s, w->billed_pc_gb_s > 0.0
                                  ? w->billed_pc_gb_s
                                  : w->pc_count * gb * pc_billed_s(w->pc_hours));
    mip__sum_add(&u->pc_duration_gb_s, pc_s * gb);
}

/* Append "<base><suffix>" when quantity > 0 or always is set. */
static int add_line(mip_bill_t *bill, const char *base, const char *suffix, int always,
                    double quantity, const char *unit, double rate_usd, mip_error_t *err)
{
    char name[MIP_NAME_LENGTH];
    if (!always && !(quantity > 0.0))
        return MIP_OK;
    snprintf(name, sizeof name, "%s%s", base, suffix);
    return mip__bill_add(bill, name, quantity, unit, rate_usd, err);
}

static int add_arch_lines(mip_bill_t *bill, const mip_region_t *region, mip_arch_t arch,
                          const arch_usage_t *u, const char *suffix, double keep,
                          mip_error_t *err)
{
    const mip_lambda_arch_rates_t *r = &region->lambda[arch];
    int rc;
    if ((rc = add_line(bill, "requests", suffix, 1, mip__sum_value(&u->requests),
                       "requests", r->request_usd_per_million / 1e6, err)))
        return rc;
    if ((rc = add_line(bill, "requests free tier", suffix, 0,
                       mip__sum_value(&u->free_requests), "requests", 0.0, err)))
        return rc;

    /* Tiers over the aggregate billed duration of this architecture; the
     * last tier is open-ended whatever its up_to_gb_s says. */
    double gb_s = mip__sum_value(&u->gb_s);
    double lower = 0.0;
    for (size_t k = 0; k < r->n_tiers; k++) {
        int last = k + 1 == r->n_tiers;
        double upper = last ? (double)INFINITY : r->tiers[k].up_to_gb_s;
        double q = gb_s > lower ? (gb_s < upper ? gb_s : upper) - lower : 0.0;
        char base[32];
        if (k == 0)
            snprintf(base, sizeof base, "duration");
        else
            snprintf(base, sizeof base, "duration tier %zu", k + 1);
        if ((rc = add_line(bill, base, suffix, k == 0, q, "GB-s",
                           r->tiers[k].usd_per_gb_s * keep, err)))
            return rc;
        lower = upper;
    }

    if ((rc = add_line(bill, "duration free tier", suffix, 0,
                       mip__sum_value(&u->free_gb_s), "GB-s", 0.0, err)))
        return rc;
    if ((rc = add_line(bill, "ephemeral storage", suffix, 0,
                       mip__sum_value(&u->ephemeral_gb_s), "GB-s",
                       region->ephemeral_usd_per_gb_s, err)))
        return rc;
    if ((rc = add_line(bill, "provisioned concurrency", suffix, 0,
                       mip__sum_value(&u->pc_gb_s), "GB-s",
                       r->provisioned_concurrency_usd_per_gb_s * keep, err)))
        return rc;
    return add_line(bill, "provisioned duration", suffix, 0,
                    mip__sum_value(&u->pc_duration_gb_s), "GB-s",
                    r->provisioned_duration_usd_per_gb_s * keep, err);
}

/* opt NULL means MIP_LAMBDA_OPTIONS_INIT (no free tier, no Savings Plan). On
 * error the bill is left empty. */
int mip_lambda_cost(const mip_region_t *region, const mip_lambda_workload_t *workloads,
                    size_t n, const mip_lambda_options_t *opt, mip_bill_t *out,
                    mip_error_t *err)
{
    static const mip_lambda_options_t defaults = MIP_LAMBDA_OPTIONS_INIT;
    int rc;

    mip_error_clear(err);
    if (!region)
        return mip__fail(err, MIP_EINVAL, "region is NULL");
    if (!out)
        return mip__fail(err, MIP_EINVAL, "bill is NULL");
    mip_bill_init(out);
    if (n == 0)
        return mip__fail(err, MIP_EINVAL, "at least one workload is needed");
    if (!workloads)
        return mip__fail(err, MIP_EINVAL, "workloads is NULL");
    if (!opt)
        opt = &defaults;
    if ((rc = mip__check_range(err, "savings_plan_discount", opt->savings_plan_discount,
                               0.0, 1.0)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_workload(&workloads[i], i, err)))
            return rc;

    arch_usage_t usage[MIP_ARCH_COUNT];
    memset(usage, 0, sizeof usage);
    double free_req = opt->free_tier ? region->free_tier_requests : 0.0;
    double free_gb_s = opt->free_tier ? region->free_tier_gb_s : 0.0;
    for (size_t i = 0; i < n; i++)
        add_usage(&usage[workloads[i].arch], &workloads[i], &free_req, &free_gb_s);

    int both = usage[MIP_ARCH_X86_64].present && usage[MIP_ARCH_ARM64].present;
    double keep = 1.0 - opt->savings_plan_discount;
    for (int a = 0; a < MIP_ARCH_COUNT; a++) {
        if (!usage[a].present)
            continue;
        char suffix[16] = "";
        if (both)
            snprintf(suffix, sizeof suffix, " (%s)", mip_arch_name((mip_arch_t)a));
        if ((rc = check_tiers(region, (mip_arch_t)a, err)) ||
            (rc = add_arch_lines(out, region, (mip_arch_t)a, &usage[a], suffix, keep,
                                 err))) {
            mip_bill_init(out);
            return rc;
        }
    }
    mip__bill_total(out);
    return MIP_OK;
}
