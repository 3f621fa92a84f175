/*
 * plots.c - the calculator's charts: what the library computed, drawn with
 * calc/chart (cairo). Each builder returns a chart or NULL when out of
 * memory; it computes nothing beyond laying the library's series out.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Arrays for a chart's series, freed together. */
typedef struct cols {
    double *v;
    size_t n, k;
} cols_t;

static double *col(cols_t *c, size_t i) { return c->v + i * c->n; }

static int cols_new(cols_t *c, size_t k, size_t n)
{
    c->n = n ? n : 1;
    c->k = k;
    c->v = calloc(c->n * k, sizeof *c->v);
    return c->v ? 0 : -1;
}

static cli_chart_t *done(cli_chart_t *ch, int rc, cols_t *c)
{
    if (c)
        free(c->v);
    if (rc != CLI_CHART_OK) {
        cli_chart_free(ch);
        return NULL;
    }
    return ch;
}

cli_chart_t *plot_breakeven(const mip_breakeven_result_t *res,
                            const mip_breakeven_row_t *rows, size_t n)
{
    cli_chart_t *ch = cli_chart_new("Monthly cost against request rate",
                                    "Requests per second (log scale)", "Cost per month");
    cols_t c;
    if (!ch || cols_new(&c, 3, n) != 0) {
        cli_chart_free(ch);
        return NULL;
    }
    double *x = col(&c, 0), *lam = col(&c, 1), *lmi = col(&c, 2);
    int positive = 1; /* a free tier can make Lambda free: no log scale then */
    for (size_t i = 0; i < n; i++) {
        x[i] = rows[i].rps;
        lam[i] = rows[i].lambda_usd;
        lmi[i] = rows[i].lmi_feasible ? rows[i].lmi_usd : (double)NAN;
        positive &= !(lam[i] <= 0.0) && !(lmi[i] <= 0.0);
    }
    int rc = cli_chart_axis(ch, CLI_CHART_X, CLI_CHART_LOG10, CLI_CHART_COUNT, "rps");
    if (rc == CLI_CHART_OK)
        rc =
            cli_chart_axis(ch, CLI_CHART_Y, positive ? CLI_CHART_LOG10 : CLI_CHART_LINEAR,
                           CLI_CHART_USD, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_line(ch, x, lam, n, "Default Lambda");
    if (rc == CLI_CHART_OK)
        rc = cli_chart_step(ch, x, lmi, n, "Lambda Managed Instances (cheapest type)");
    if (rc == CLI_CHART_OK && res->kind == MIP_BREAKEVEN_CROSSES) {
        char label[96];
        snprintf(label, sizeof label, "breakeven %.4g rps ($%.2f a month)",
                 res->breakeven_rps, res->at.lambda_usd);
        rc = cli_chart_vline(ch, res->breakeven_rps, label);
        if (rc == CLI_CHART_OK)
            rc = cli_chart_point(ch, res->breakeven_rps, res->at.lambda_usd, NULL);
    }
    return done(ch, rc, &c);
}

cli_chart_t *plot_capacity(const char *function, const mip_compare_result_t *r)
{
    char title[160];
    snprintf(title, sizeof title, "Demand against capacity%s%s", function ? ": " : "",
             function ? function : "");
    cli_chart_t *ch =
        cli_chart_new(title, "Time (UTC)", "Execution environments (peak per point)");
    size_t n = r->n_timeline;
    cols_t c;
    if (!ch || cols_new(&c, 9, n + 1) != 0) {
        cli_chart_free(ch);
        return NULL;
    }
    double *t = col(&c, 0), *dem = col(&c, 1), *env = col(&c, 2), *inst = col(&c, 3),
           *lam = col(&c, 4), *x0 = col(&c, 5), *x1 = col(&c, 6), *cx = col(&c, 7),
           *cy = col(&c, 8);
    size_t ns = 0, ncold = 0;
    for (size_t i = 0; i < n; i++) {
        const mip_timeline_point_t *p = &r->timeline[i];
        t[i] = p->start_s;
        dem[i] = p->lmi_demand_envs;
        env[i] = p->lmi_envs;
        inst[i] = p->lmi_instances;
        lam[i] = p->lambda_concurrency;
        if (p->lmi_throttled > 0.0) {
            x0[ns] = p->start_s;
            x1[ns] = p->start_s + p->span_s;
            ns++;
        }
        if (p->lambda_cold_starts > 0.0) {
            cx[ncold] = p->start_s;
            cy[ncold] = p->lambda_concurrency;
            ncold++;
        }
    }
    if (n > 0) { /* the steps hold to the end of the last point */
        const mip_timeline_point_t *p = &r->timeline[n - 1];
        t[n] = p->start_s + p->span_s;
        dem[n] = dem[n - 1];
        env[n] = env[n - 1];
        inst[n] = inst[n - 1];
        lam[n] = lam[n - 1];
    }
    size_t m = n ? n + 1 : 0;
    int rc = cli_chart_axis(ch, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_TIME, NULL);
    if (rc == CLI_CHART_OK && ns > 0)
        rc = cli_chart_shade(ch, x0, x1, ns, "LMI throttling");
    if (rc == CLI_CHART_OK)
        rc = cli_chart_step(ch, t, dem, m, "LMI demand (environments needed)");
    if (rc == CLI_CHART_OK) {
        char name[96];
        snprintf(name, sizeof name, "LMI environments ready (%s)",
                 r->lmi.instance ? r->lmi.instance->type : "");
        rc = cli_chart_step(ch, t, env, m, name);
    }
    if (rc == CLI_CHART_OK)
        rc = cli_chart_step(ch, t, inst, m, "LMI instances billed");
    if (rc == CLI_CHART_OK)
        rc = cli_chart_line(ch, t, lam, m, "Default Lambda environments (concurrency)");
    if (rc == CLI_CHART_OK && ncold > 0)
        rc = cli_chart_scatter(ch, cx, cy, ncold, "Default Lambda cold starts");
    return done(ch, rc, &c);
}

cli_chart_t *plot_days(const mip_compare_day_t *d, size_t n)
{
    cli_chart_t *ch = cli_chart_new("Cost per day", "Day (UTC)", "Cost");
    cols_t c;
    char(*names)[16] = calloc(n ? n : 1, sizeof *names);
    const char **cats = calloc(n ? n : 1, sizeof *cats);
    if (!ch || !names || !cats || cols_new(&c, 6, n) != 0) {
        cli_chart_free(ch);
        free(names);
        free(cats);
        return NULL;
    }
    /* value[(day * 2 + group) * 3 + part] */
    for (size_t i = 0; i < n; i++) {
        char b[40];
        mip_format_time(d[i].start_s, b, sizeof b);
        snprintf(names[i], sizeof names[i], "%.5s", b + 5); /* MM-DD */
        cats[i] = names[i];
        double *v = c.v + i * 6;
        v[0] = d[i].lambda_duration_usd;
        v[1] = 0.0;
        v[2] = d[i].lambda_requests_usd;
        v[3] = d[i].lmi_compute_usd;
        v[4] = d[i].lmi_fee_usd;
        v[5] = d[i].lmi_requests_usd;
    }
    static const char *const groups[] = {"Default Lambda", "LMI"};
    static const char *const parts[] = {"compute (Lambda: duration; LMI: EC2)",
                                        "management fee", "requests"};
    int rc = cli_chart_axis(ch, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_bars(ch, n, cats, 2, groups, 3, parts, c.v);
    free(names);
    free(cats);
    return done(ch, rc, &c);
}

cli_chart_t *plot_frontier(const mip_fit_input_t *in, const mip_fit_result_t *res)
{
    cli_chart_t *ch =
        cli_chart_new("Every configuration simulated: cost against throttles",
                      "Requests throttled", "LMI cost over the trace");
    size_t n = res->n_points;
    cols_t c;
    if (!ch || cols_new(&c, 4, n) != 0) {
        cli_chart_free(ch);
        return NULL;
    }
    double *xi = col(&c, 0), *yi = col(&c, 1), *xo = col(&c, 2), *yo = col(&c, 3);
    size_t ni = 0, no = 0;
    for (size_t i = 0; i < n; i++) {
        const mip_fit_point_t *p = &res->points[i];
        if (p->within_budget) {
            xi[ni] = p->throttle_fraction;
            yi[ni++] = p->period_usd;
        } else {
            xo[no] = p->throttle_fraction;
            yo[no++] = p->period_usd;
        }
    }
    int rc = cli_chart_axis(ch, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_PERCENT, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_axis(ch, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_scatter(ch, xi, yi, ni, "within the throttle budget");
    if (rc == CLI_CHART_OK)
        rc = cli_chart_scatter(ch, xo, yo, no, "over the budget");
    if (rc == CLI_CHART_OK) {
        char label[48];
        snprintf(label, sizeof label, "budget %.3g%%", in->throttle_budget * 100.0);
        rc = cli_chart_vline(ch, in->throttle_budget, label);
    }
    if (rc == CLI_CHART_OK && res->n_best > 0) {
        const mip_fit_candidate_t *b = &res->best[0];
        char label[128];
        snprintf(label, sizeof label, "chosen: %s, %g MB, target %g%%", b->instance->type,
                 b->config.memory_mb, b->config.target_cpu * 100.0);
        rc = cli_chart_point(ch, b->throttle_fraction, b->period_usd, label);
    }
    if (rc == CLI_CHART_OK) {
        char label[64];
        snprintf(label, sizeof label, "default Lambda $%.2f",
                 res->lambda_period.total_usd);
        rc = cli_chart_hline(ch, res->lambda_period.total_usd, label);
    }
    return done(ch, rc, &c);
}

cli_chart_t *plot_commit(const mip_commit_result_t *lmi,
                         const mip_commit_result_t *lambda)
{
    cli_chart_t *ch = cli_chart_new("Cost with a Savings Plan against the commitment",
                                    "Hourly commitment", "Cost over the trace");
    int rc = ch ? cli_chart_axis(ch, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_USD, "/h")
                : CLI_CHART_ENOMEM;
    if (rc == CLI_CHART_OK)
        rc = cli_chart_axis(ch, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_line(ch, lmi->curve_commit, lmi->curve_usd, lmi->n_curve,
                            "LMI EC2 compute");
    if (rc == CLI_CHART_OK)
        rc = cli_chart_line(ch, lambda->curve_commit, lambda->curve_usd, lambda->n_curve,
                            "Default Lambda duration");
    char label[96];
    if (rc == CLI_CHART_OK) {
        snprintf(label, sizeof label, "LMI optimum $%.4g/h",
                 lmi->commitment_usd_per_hour);
        rc = cli_chart_point(ch, lmi->commitment_usd_per_hour, lmi->with_plan_usd, label);
    }
    if (rc == CLI_CHART_OK) {
        snprintf(label, sizeof label, "Lambda optimum $%.4g/h",
                 lambda->commitment_usd_per_hour);
        rc = cli_chart_point(ch, lambda->commitment_usd_per_hour, lambda->with_plan_usd,
                             label);
    }
    return done(ch, rc, NULL);
}

cli_chart_t *plot_retro(const mip_retro_function_t *f, const mip_retro_projection_t *p,
                        size_t n)
{
    cli_chart_t *ch =
        cli_chart_new("Billed against Lambda Managed Instances, per function", "Function",
                      "Cost over the bill's span");
    int fits = 0;
    for (size_t i = 0; p && i < n; i++)
        fits |= p[i].fitted;
    size_t ng = p ? (fits ? 3 : 2) : 1;
    cols_t c;
    char(*names)[40] = calloc(n ? n : 1, sizeof *names);
    const char **cats = calloc(n ? n : 1, sizeof *cats);
    if (!ch || !names || !cats || cols_new(&c, ng, n) != 0) {
        cli_chart_free(ch);
        free(names);
        free(cats);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "%s", short_function(f[i].resource, 24));
        cats[i] = names[i];
        double *v = c.v + i * ng;
        v[0] = f[i].billed_usd;
        if (ng > 1)
            v[1] = p[i].projected ? p[i].compare.lmi_period.total_usd : (double)NAN;
        if (ng > 2)
            v[2] = p[i].fitted ? p[i].fit.best[0].period_usd : (double)NAN;
    }
    static const char *const groups[] = {"billed (default Lambda)", "LMI, as configured",
                                         "LMI, best fit"};
    int rc = cli_chart_axis(ch, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL);
    if (rc == CLI_CHART_OK)
        rc = cli_chart_bars(ch, n, cats, ng, groups, 1, NULL, c.v);
    free(names);
    free(cats);
    return done(ch, rc, &c);
}
