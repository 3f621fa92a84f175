/*
 * breakeven.c - the request rate where LMI and default Lambda cost the same.
 *
 * Lambda's monthly cost is continuous and increasing in the rate. LMI's is a
 * step function: for each instance type, the number of instances steps up at
 * whole multiples of the rate one instance serves (rps_per_instance), and the
 * cheapest type at each rate is the lower envelope of those steps, itself
 * non-decreasing. So f(r) = lambda(r) - lmi(r) only jumps down, at known
 * points, and is continuous between them.
 *
 * "The rate above which LMI stays cheaper" is then found exactly: walk the
 * segments between jump points from the top of the range down to the last
 * one that starts with f <= 0; f crosses zero inside it (it ends above zero,
 * since the next segment starts above zero and jumps only go down), and GSL's
 * Brent solver finds the crossing, where both costs agree.
 */
#include "internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EDGE 1e-9 /* relative step to the right/left of a jump point */
#define MAX_JUMPS 2000000
#define AUTO_MAX_RPS 1e6 /* the top of an automatic range, at most */

void mip_breakeven_input_init(mip_breakeven_input_t *in)
{
    if (!in)
        return;
    memset(in, 0, sizeof *in);
    mip_workload_init(&in->shape);
    mip_lmi_config_init(&in->lmi);
    mip_price_options_init(&in->price);
    in->lambda_memory_mb = 0.0;
    in->min_rps = 0.01;
    in->max_rps = 0.0; /* automatic: as far as LMI can serve */
}

typedef struct ctx {
    const mip_region_t *region;
    const mip_instance_t *const *cands;
    size_t n;
    const mip_breakeven_input_t *in;
    double lambda_memory_mb;
    int rc;
    mip_error_t err;
} ctx_t;

/* Both costs at rate r, into row. */
static int evaluate(ctx_t *x, double r, mip_breakeven_row_t *row)
{
    mip_workload_t w = x->in->shape;
    w.rps = r;
    memset(row, 0, sizeof *row);
    row->rps = r;
    row->requests_per_month = r * x->in->price.hours_per_month * 3600.0;

    mip_bill_t bill;
    mip_error_t e;
    int rc =
        mip_plan_lambda(x->region, &w, x->lambda_memory_mb, &x->in->price, &bill, &e);
    if (rc != MIP_OK) {
        if (x->rc == MIP_OK) {
            x->rc = rc;
            x->err = e;
        }
        return rc;
    }
    row->lambda_usd = bill.total_usd;

    mip_lmi_plan_t plan;
    rc = mip_plan_lmi(x->region, x->cands, x->n, &w, &x->in->lmi, &x->in->price, &plan,
                      &e);
    if (rc == MIP_EINFEASIBLE) {
        row->lmi_feasible = 0;
        row->lmi_usd = HUGE_VAL;
        return MIP_OK;
    }
    if (rc != MIP_OK) {
        if (x->rc == MIP_OK) {
            x->rc = rc;
            x->err = e;
        }
        return rc;
    }
    row->lmi_feasible = 1;
    row->lmi_usd = plan.bill.total_usd;
    mip__strlcpy(row->instance_type, plan.sizing.instance->type,
                 sizeof row->instance_type);
    row->instances = plan.sizing.instances;
    return MIP_OK;
}

static double gap(ctx_t *x, double r)
{
    mip_breakeven_row_t row;
    if (evaluate(x, r, &row) != MIP_OK)
        return NAN;
    return row.lambda_usd - row.lmi_usd;
}

static double gap_gsl(double r, void *p) { return gap(p, r); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The jump points of every candidate's step function inside (lo, hi), and
 * the highest rate any candidate can serve (*lmi_max). */
static int jump_points(ctx_t *x, double lo, double hi, double **out, size_t *n_out,
                       double *lmi_max, mip_error_t *err)
{
    size_t cap = 0, n = 0;
    double *pts = NULL;
    *lmi_max = 0.0;
    mip_workload_t w = x->in->shape;
    w.rps = lo;
    for (size_t i = 0; i < x->n; i++) {
        mip_lmi_sizing_t s;
        mip_error_t e;
        int rc = mip_capacity_size(&w, &x->in->lmi, x->cands[i], &s, &e);
        if (rc == MIP_EINFEASIBLE || rc == MIP_ERULE)
            continue; /* this type cannot serve even the lowest rate */
        if (rc != MIP_OK) {
            free(pts);
            if (err)
                *err = e;
            return rc;
        }
        if (!(s.rps_per_instance > 0.0) || !isfinite(s.rps_per_instance))
            continue;
        double max_inst = floor((double)x->in->lmi.max_vcpu / x->cands[i]->vcpu);
        double top = max_inst * s.rps_per_instance;
        if (x->in->lmi.max_envs != MIP_UNLIMITED)
            top = fmin(top, (double)x->in->lmi.max_envs * s.rps_per_env);
        if (top > *lmi_max)
            *lmi_max = top;
        double kmax = floor(fmin(hi, top) / s.rps_per_instance);
        for (double k = ceil(lo / s.rps_per_instance); k <= kmax; k++) {
            double p = k * s.rps_per_instance;
            if (p <= lo || p >= hi)
                continue;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 256;
                if (ncap > MAX_JUMPS) {
                    free(pts);
                    return mip__fail(err, MIP_ETOOMANY,
                                     "more than %d capacity steps in the range: "
                                     "narrow it",
                                     MAX_JUMPS);
                }
                double *np = realloc(pts, ncap * sizeof *np);
                if (!np) {
                    free(pts);
                    return mip__fail(err, MIP_ENOMEM, "out of memory");
                }
                pts = np;
                cap = ncap;
            }
            pts[n++] = p;
        }
    }
    if (n > 1)
        qsort(pts, n, sizeof *pts, cmp_double);
    *out = pts;
    *n_out = n;
    return MIP_OK;
}

static int solve(ctx_t *x, double a, double b, double *root, mip_error_t *err)
{
    gsl_function F;
    F.function = gap_gsl;
    F.params = x;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    int status = gsl_root_fsolver_set(s, &F, a, b);
    double r = 0.5 * (a + b);
    for (int iter = 0; status == GSL_SUCCESS && iter < 200; iter++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        r = gsl_root_fsolver_root(s);
        double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
        status = gsl_root_test_interval(lo, hi, 0.0, 1e-12);
        if (status == GSL_SUCCESS)
            break;
        if (status == GSL_CONTINUE)
            status = GSL_SUCCESS;
    }
    gsl_root_fsolver_free(s);
    if (x->rc != MIP_OK) {
        if (err)
            *err = x->err;
        return x->rc;
    }
    if (status != GSL_SUCCESS && status != GSL_CONTINUE)
        return mip__fail(err, MIP_ENUMERIC, "root finding failed: %s",
                         gsl_strerror(status));
    *root = r;
    return MIP_OK;
}

int mip_breakeven(const mip_region_t *region, const mip_instance_t *const *candidates,
                  size_t n, const mip_breakeven_input_t *in, mip_breakeven_result_t *out,
                  mip_breakeven_row_t *rows, size_t n_rows, mip_error_t *err)
{
    mip_error_clear(err);
    if (!region || !candidates || !in || !out || (!rows && n_rows > 0))
        return mip__fail(err, MIP_EINVAL, "mip_breakeven: NULL argument");
    if (n == 0)
        return mip__fail(err, MIP_EINFEASIBLE, "no instance type to choose from");
    if (!isfinite(in->min_rps) || !isfinite(in->max_rps) || in->min_rps <= 0.0 ||
        (in->max_rps != 0.0 && in->max_rps <= in->min_rps) || in->max_rps < 0.0 ||
        in->min_rps >= AUTO_MAX_RPS)
        return mip__fail(err, MIP_ERANGE,
                         "the rate range must satisfy 0 < min < max, not %g to %g",
                         in->min_rps, in->max_rps);
    memset(out, 0, sizeof *out);

    ctx_t x;
    memset(&x, 0, sizeof x);
    x.region = region;
    x.cands = candidates;
    x.n = n;
    x.in = in;
    x.lambda_memory_mb =
        in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    mip_error_clear(&x.err);

    /* Validate everything once, at the bottom of the range. */
    mip_breakeven_row_t row;
    int rc = evaluate(&x, in->min_rps, &row);
    if (rc != MIP_OK) {
        if (err)
            *err = x.err;
        return rc;
    }
    double *jumps = NULL;
    size_t nj = 0;
    double lmi_max = 0.0;
    double max_rps = in->max_rps > 0.0 ? in->max_rps : AUTO_MAX_RPS;
    rc = jump_points(&x, in->min_rps, max_rps, &jumps, &nj, &lmi_max, err);
    if (rc != MIP_OK)
        return rc;
    if (!row.lmi_feasible || lmi_max <= in->min_rps) {
        free(jumps);
        mip_error_t e;
        mip_workload_t w = in->shape;
        w.rps = in->min_rps;
        mip_lmi_plan_t p;
        rc = mip_plan_lmi(region, candidates, n, &w, &in->lmi, &in->price, &p, &e);
        if (err)
            *err = e;
        return rc != MIP_OK ? rc
                            : mip__fail(err, MIP_EINFEASIBLE,
                                        "LMI cannot serve "
                                        "%g requests per second",
                                        in->min_rps);
    }
    double hi = fmin(max_rps, lmi_max * (1.0 - EDGE));
    out->lmi_max_rps = lmi_max;
    out->min_rps = in->min_rps;
    out->max_rps = in->max_rps > 0.0 ? in->max_rps : hi;

    /* Segment i is [b_i, b_{i+1}) with b_0 = min_rps and the last ending at hi. */
    size_t nseg = 1;
    for (size_t i = 0; i < nj; i++)
        if (jumps[i] < hi)
            nseg = i + 2;
    long found = -1;
    for (size_t i = nseg; i-- > 0;) {
        double start = i == 0 ? in->min_rps : jumps[i - 1] * (1.0 + EDGE);
        double g = gap(&x, start);
        if (isnan(g)) {
            free(jumps);
            if (err)
                *err = x.err;
            return x.rc != MIP_OK ? x.rc : MIP_ENUMERIC;
        }
        if (g <= 0.0) {
            found = (long)i;
            break;
        }
    }
    if (found < 0) {
        out->kind = MIP_BREAKEVEN_LMI_CHEAPER;
        out->breakeven_rps = in->min_rps;
    } else {
        size_t i = (size_t)found;
        double a = i == 0 ? in->min_rps : jumps[i - 1] * (1.0 + EDGE);
        double b = i + 1 < nseg ? jumps[i] * (1.0 - EDGE) : hi;
        double gb = gap(&x, b);
        if (isnan(gb)) {
            free(jumps);
            if (err)
                *err = x.err;
            return x.rc != MIP_OK ? x.rc : MIP_ENUMERIC;
        }
        if (gb <= 0.0) {
            out->kind = MIP_BREAKEVEN_LAMBDA_CHEAPER;
            out->breakeven_rps = NAN;
        } else {
            double ga = gap(&x, a);
            double root = a;
            if (ga < 0.0) {
                rc = solve(&x, a, b, &root, err);
                if (rc != MIP_OK) {
                    free(jumps);
                    return rc;
                }
            }
            out->kind = MIP_BREAKEVEN_CROSSES;
            out->breakeven_rps = root;
        }
    }
    free(jumps);
    if (out->kind != MIP_BREAKEVEN_LAMBDA_CHEAPER &&
        (rc = evaluate(&x, out->breakeven_rps, &out->at)) != MIP_OK) {
        if (err)
            *err = x.err;
        return rc;
    }

    for (size_t j = 0; j < n_rows; j++) {
        double t = n_rows > 1 ? (double)j / (double)(n_rows - 1) : 0.0;
        double r = out->min_rps * pow(out->max_rps / out->min_rps, t);
        if ((rc = evaluate(&x, r, &rows[j])) != MIP_OK) {
            if (err)
                *err = x.err;
            return rc;
        }
    }
    return MIP_OK;
}
