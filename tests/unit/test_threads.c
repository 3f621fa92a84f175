/*
 * test_threads.c - the library from many threads at once. Eight threads
 * price (mip_lambda_cost, mip_lmi_cost, mip_plan_lmi, mip_breakeven),
 * simulate (mip_sim_lmi, mip_sim_lambda, mip_compare), fit (mip_fit), report
 * and read, all on ONE shared catalogue and ONE shared trace, each thread in
 * its own order, and every number must equal the single-threaded one to the
 * last bit. The compare runs on enough intervals x candidates to start
 * threads of its own. Built with --enable-tsan, this is the race detector's
 * test (TSAN_OPTIONS=halt_on_error=1: a data race ends the program).
 *
 * Plain C printing TAP, not Criterion: Criterion aborts under
 * ThreadSanitizer ("Could not initialize inheritable arena", Criterion
 * issue 274).
 */
#include "internal.h"
#include "mipricing.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 1
#define ROWS 12

/* What every thread shares, read-only. */
typedef struct shared {
    const char *catalog_path;
    const char *trace_path;
    const char *billing_path;
    const mip_catalog_t *cat;
    const mip_trace_t *trace;
    const mip_series_t *series;
    const mip_region_t *region;
    const mip_instance_t *arm[128]; /* LMI-eligible arm64 types */
    size_t n_arm;
    const mip_instance_t *fit[32]; /* c7g.*, m7g.* */
    size_t n_fit;
} shared_t;

enum {
    OP_LAMBDA_COST,
    OP_LMI_COST,
    OP_PLAN,
    OP_BREAKEVEN,
    OP_SIM_LMI,
    OP_SIM_LAMBDA,
    OP_COMPARE,
    OP_FIT,
    OP_LOAD_CATALOG,
    OP_LOAD_TRACE,
    OP_LOAD_BILLING,
    OP_COUNT
};

/* Everything one pass of every operation computes. */
typedef struct results {
    int rc[OP_COUNT];
    mip_bill_t lambda_bill, lmi_bill;
    mip_lmi_plan_t plan;
    mip_breakeven_result_t be;
    mip_breakeven_row_t rows[ROWS];
    char *be_csv;
    mip_lmi_sim_t lmi;
    mip_sim_interval_t *lmi_iv;
    mip_lambda_sim_t lambda;
    mip_sim_interval_t *lambda_iv;
    mip_compare_result_t cmp;
    char *cmp_json;
    mip_fit_result_t fit;
    char *fit_json;
    size_t cat_regions;
    mip_bill_t cat_bill; /* the first op's bill, on a catalogue of its own */
    size_t trace_series;
    mip_series_stats_t stats;
    size_t billing_rows, billing_lambda;
    double billing_tot[3];
} results_t;

static mip_lambda_workload_t lambda_workload(mip_arch_t arch, double requests)
{
    mip_lambda_workload_t w;
    mip_lambda_workload_init(&w);
    w.arch = arch;
    w.memory_mb = 1769.0;
    w.ephemeral_mb = 2048.0;
    w.requests = requests;
    w.duration_ms = 123.45;
    w.pc_count = 7.0;
    w.pc_hours = 730.0;
    w.pc_requests = requests / 3.0;
    return w;
}

static int op_lambda_cost(const mip_region_t *r, mip_bill_t *out)
{
    mip_lambda_workload_t w[2] = {lambda_workload(MIP_ARCH_X86_64, 123456789.0),
                                  lambda_workload(MIP_ARCH_ARM64, 98765432.1)};
    mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
    o.free_tier = 1;
    o.savings_plan_discount = 0.17;
    return mip_lambda_cost(r, w, 2, &o, out, NULL);
}

static int op_lmi_cost(const shared_t *sh, results_t *r)
{
    mip_lmi_usage_t u[2] = {{"m7g.xlarge", 0.1632, 2000.0, 0.72, MIP_MARKET_ON_DEMAND},
                            {"c7g.2xlarge", 0.289, 1460.0, 0.32, MIP_MARKET_ON_DEMAND}};
    return mip_lmi_cost(sh->region, u, 2, 50e6, &r->lmi_bill, NULL);
}

static mip_workload_t shape(void)
{
    mip_workload_t w;
    mip_workload_init(&w);
    w.rps = 237.5;
    w.duration_ms = 200.0;
    w.cpu_ms = 40.0;
    w.runtime = MIP_RUNTIME_NODEJS;
    w.arch = MIP_ARCH_ARM64;
    return w;
}

static int op_plan(const shared_t *sh, results_t *r)
{
    mip_workload_t w = shape();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_price_options_t o = MIP_PRICE_OPTIONS_INIT;
    o.ec2_discount = 0.28;
    return mip_plan_lmi(sh->region, sh->arm, sh->n_arm, &w, &c, &o, &r->plan, NULL);
}

static int op_breakeven(const shared_t *sh, results_t *r)
{
    mip_breakeven_input_t in;
    mip_breakeven_input_init(&in);
    in.shape = shape();
    in.min_rps = 0.1;
    in.max_rps = 5000.0;
    int rc =
        mip_breakeven(sh->region, sh->arm, sh->n_arm, &in, &r->be, r->rows, ROWS, NULL);
    if (rc == MIP_OK)
        rc = mip_report_breakeven(sh->region, &in, &r->be, r->rows, ROWS, MIP_FORMAT_CSV,
                                  &r->be_csv, NULL);
    return rc;
}

static void compare_input(mip_compare_input_t *in)
{
    mip_compare_input_init(in);
    in->shape = shape();
    in->lambda_memory_mb = 1024.0;
}

static int op_sim_lmi(const shared_t *sh, results_t *r)
{
    mip_compare_input_t in;
    compare_input(&in);
    r->lmi_iv = calloc(sh->series->n, sizeof *r->lmi_iv);
    if (!r->lmi_iv)
        return MIP_ENOMEM;
    return mip_sim_lmi(sh->series, &in.shape, &in.lmi, &in.scaler, sh->fit[0], &r->lmi,
                       r->lmi_iv, NULL);
}

static int op_sim_lambda(const shared_t *sh, results_t *r)
{
    mip_compare_input_t in;
    compare_input(&in);
    r->lambda_iv = calloc(sh->series->n, sizeof *r->lambda_iv);
    if (!r->lambda_iv)
        return MIP_ENOMEM;
    return mip_sim_lambda(sh->series, &in.shape, 1024.0, &in.lambda, &r->lambda,
                          r->lambda_iv, NULL);
}

static int op_compare(const shared_t *sh, results_t *r)
{
    mip_compare_input_t in;
    compare_input(&in);
    int rc = mip_compare(sh->region, sh->arm, sh->n_arm, sh->series, &in, &r->cmp, NULL);
    if (rc == MIP_OK)
        rc = mip_report_compare(sh->region, &in, &sh->series, &r->cmp, 1, MIP_FORMAT_JSON,
                                &r->cmp_json, NULL);
    return rc;
}

static const double fit_memory[] = {2048.0, 4096.0};
static const double fit_ratios[] = {2.0, 4.0};
static const double fit_targets[] = {0.5, 0.7};

static int op_fit(const shared_t *sh, results_t *r)
{
    mip_fit_input_t in;
    mip_fit_input_init(&in);
    compare_input(&in.base);
    in.space.memory_mb = fit_memory;
    in.space.n_memory = 2;
    in.space.memory_gib_per_vcpu = fit_ratios;
    in.space.n_ratios = 2;
    in.space.target_cpu = fit_targets;
    in.space.n_targets = 2;
    in.top = 5;
    int rc = mip_fit(sh->region, sh->fit, sh->n_fit, sh->series, &in, &r->fit, NULL);
    if (rc == MIP_OK)
        rc =
            mip_report_fit(sh->region, &in, &r->fit, MIP_FORMAT_JSON, &r->fit_json, NULL);
    return rc;
}

/* The readers, each into an object of its own. */
static int op_load_catalog(const shared_t *sh, results_t *r)
{
    mip_catalog_t *cat = NULL;
    int rc = mip_catalog_load(sh->catalog_path, &cat, NULL);
    if (rc != MIP_OK)
        return rc;
    const mip_region_t *reg = NULL;
    r->cat_regions = mip_catalog_region_count(cat);
    rc = mip_catalog_region(cat, "us-east-1", &reg, NULL);
    if (rc == MIP_OK)
        rc = op_lambda_cost(reg, &r->cat_bill);
    mip_catalog_free(cat);
    return rc;
}

static int load_trace(const char *path, mip_trace_t **out)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.step_s = 20.0; /* 4320 intervals: enough for mip_compare's threads */
    return mip_trace_load(&path, 1, &o, out, NULL);
}

static int op_load_trace(const shared_t *sh, results_t *r)
{
    mip_trace_t *t = NULL;
    int rc = load_trace(sh->trace_path, &t);
    if (rc != MIP_OK)
        return rc;
    r->trace_series = mip_trace_series_count(t);
    rc = mip_series_stats(mip_trace_series_at(t, 0), &r->stats, NULL);
    mip_trace_free(t);
    return rc;
}

/* A billing export read on two threads of its own (the cut forced), in
 * each of the eight. */
static int op_load_billing(const shared_t *sh, results_t *r)
{
    mip_billing_t *b = NULL;
    int rc = mip__billing_load_split(&sh->billing_path, 1, NULL, 1, &b, NULL);
    if (rc != MIP_OK)
        return rc;
    r->billing_rows = mip_billing_info(b)->rows;
    r->billing_lambda = mip_billing_lambda_count(b);
    mip_billing_totals(b, &r->billing_tot[0], &r->billing_tot[1], &r->billing_tot[2]);
    mip_billing_free(b);
    return MIP_OK;
}

static int run_op(const shared_t *sh, results_t *r, int op)
{
    switch (op) {
    case OP_LAMBDA_COST:
        return op_lambda_cost(sh->region, &r->lambda_bill);
    case OP_LMI_COST:
        return op_lmi_cost(sh, r);
    case OP_PLAN:
        return op_plan(sh, r);
    case OP_BREAKEVEN:
        return op_breakeven(sh, r);
    case OP_SIM_LMI:
        return op_sim_lmi(sh, r);
    case OP_SIM_LAMBDA:
        return op_sim_lambda(sh, r);
    case OP_COMPARE:
        return op_compare(sh, r);
    case OP_FIT:
        return op_fit(sh, r);
    case OP_LOAD_CATALOG:
        return op_load_catalog(sh, r);
    case OP_LOAD_BILLING:
        return op_load_billing(sh, r);
    default:
        return op_load_trace(sh, r);
    }
}

/* Every operation once, starting at the first-th. */
static void run_all(const shared_t *sh, results_t *r, int first)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < OP_COUNT; k++) {
        int op = (first + k) % OP_COUNT;
        r->rc[op] = run_op(sh, r, op);
    }
}

static void results_free(results_t *r)
{
    free(r->lmi_iv);
    free(r->lambda_iv);
    mip_compare_result_free(&r->cmp);
    mip_fit_result_free(&r->fit);
    mip_free(r->be_csv);
    mip_free(r->cmp_json);
    mip_free(r->fit_json);
}

/* ---------------------------------------------------------------- equality */

/* The first difference found, and how many. */
typedef struct diff {
    int count;
    char what[256];
} diff_t;

static void differs(diff_t *d, const char *what, const char *how)
{
    if (d->count++ == 0)
        snprintf(d->what, sizeof d->what, "%s: %s", what, how);
}

/* Exact equality: the same bits (NANs included). */
static void eq_d(diff_t *d, const char *what, double a, double b)
{
    char how[96];
    if (memcmp(&a, &b, sizeof a) != 0) {
        snprintf(how, sizeof how, "%.17g, single-threaded %.17g", a, b);
        differs(d, what, how);
    }
}

static void eq_l(diff_t *d, const char *what, long long a, long long b)
{
    char how[96];
    if (a != b) {
        snprintf(how, sizeof how, "%lld, single-threaded %lld", a, b);
        differs(d, what, how);
    }
}

static void eq_p(diff_t *d, const char *what, const void *a, const void *b)
{
    if (a != b)
        differs(d, what, "another instance");
}

static void eq_s(diff_t *d, const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        differs(d, what, "another text");
}

static void eq_m(diff_t *d, const char *what, const void *a, const void *b, size_t size)
{
    if ((a == NULL) != (b == NULL) || (a && memcmp(a, b, size) != 0))
        differs(d, what, "other values");
}

static void eq_bill(diff_t *d, const char *what, const mip_bill_t *a, const mip_bill_t *b)
{
    eq_l(d, what, (long long)a->n_lines, (long long)b->n_lines);
    for (size_t i = 0; i < a->n_lines && i < b->n_lines && i < MIP_BILL_MAX_LINES; i++) {
        eq_s(d, what, a->lines[i].name, b->lines[i].name);
        eq_s(d, what, a->lines[i].unit, b->lines[i].unit);
        eq_d(d, what, a->lines[i].quantity, b->lines[i].quantity);
        eq_d(d, what, a->lines[i].rate_usd, b->lines[i].rate_usd);
        eq_d(d, what, a->lines[i].usd, b->lines[i].usd);
    }
    eq_d(d, what, a->total_usd, b->total_usd);
}

static void eq_lmi_sim(diff_t *d, const char *what, const mip_lmi_sim_t *a,
                       const mip_lmi_sim_t *b)
{
    eq_p(d, what, a->instance, b->instance);
    eq_d(d, what, a->requests, b->requests);
    eq_d(d, what, a->throttled_requests, b->throttled_requests);
    eq_l(d, what, (long long)a->throttled_intervals, (long long)b->throttled_intervals);
    eq_d(d, what, a->instance_hours, b->instance_hours);
    eq_l(d, what, a->peak_envs, b->peak_envs);
    eq_l(d, what, a->peak_instances, b->peak_instances);
    eq_d(d, what, a->mean_cpu_utilization, b->mean_cpu_utilization);
    eq_l(d, what, (long long)a->capped_intervals, (long long)b->capped_intervals);
    eq_d(d, what, a->failed_requests, b->failed_requests);
}

static void eq_lambda_sim(diff_t *d, const char *what, const mip_lambda_sim_t *a,
                          const mip_lambda_sim_t *b)
{
    eq_d(d, what, a->requests, b->requests);
    eq_d(d, what, a->throttled_requests, b->throttled_requests);
    eq_d(d, what, a->gb_s, b->gb_s);
    eq_d(d, what, a->cold_starts, b->cold_starts);
    eq_d(d, what, a->peak_concurrency, b->peak_concurrency);
}

static void eq_config(diff_t *d, const char *what, const mip_lmi_config_t *a,
                      const mip_lmi_config_t *b)
{
    eq_d(d, what, a->memory_mb, b->memory_mb);
    eq_d(d, what, a->memory_gib_per_vcpu, b->memory_gib_per_vcpu);
    eq_l(d, what, a->max_concurrency, b->max_concurrency);
    eq_d(d, what, a->target_cpu, b->target_cpu);
    eq_l(d, what, a->min_envs, b->min_envs);
    eq_l(d, what, a->max_envs, b->max_envs);
    eq_d(d, what, a->reserve_vcpu, b->reserve_vcpu);
    eq_d(d, what, a->reserve_gib, b->reserve_gib);
    eq_l(d, what, a->min_instances, b->min_instances);
    eq_l(d, what, a->max_vcpu, b->max_vcpu);
}

static void eq_candidate(diff_t *d, const char *what, const mip_fit_candidate_t *a,
                         const mip_fit_candidate_t *b)
{
    eq_config(d, what, &a->config, &b->config);
    eq_p(d, what, a->instance, b->instance);
    eq_lmi_sim(d, what, &a->sim, &b->sim);
    eq_d(d, what, a->period_usd, b->period_usd);
    eq_d(d, what, a->month_usd, b->month_usd);
    eq_d(d, what, a->throttle_fraction, b->throttle_fraction);
}

static void eq_row(diff_t *d, const char *what, const mip_breakeven_row_t *a,
                   const mip_breakeven_row_t *b)
{
    eq_d(d, what, a->rps, b->rps);
    eq_d(d, what, a->requests_per_month, b->requests_per_month);
    eq_d(d, what, a->lambda_usd, b->lambda_usd);
    eq_l(d, what, a->lmi_feasible, b->lmi_feasible);
    eq_d(d, what, a->lmi_usd, b->lmi_usd);
    eq_s(d, what, a->instance_type, b->instance_type);
    eq_l(d, what, a->instances, b->instances);
}

static void eq_sizing(diff_t *d, const char *what, const mip_lmi_sizing_t *a,
                      const mip_lmi_sizing_t *b)
{
    eq_d(d, what, a->env_vcpu, b->env_vcpu);
    eq_d(d, what, a->env_memory_gib, b->env_memory_gib);
    eq_l(d, what, a->env_concurrency, b->env_concurrency);
    eq_d(d, what, a->concurrency, b->concurrency);
    eq_d(d, what, a->cpu_vcpu, b->cpu_vcpu);
    eq_d(d, what, a->rps_per_env, b->rps_per_env);
    eq_l(d, what, a->envs_by_concurrency, b->envs_by_concurrency);
    eq_l(d, what, a->envs_by_cpu, b->envs_by_cpu);
    eq_l(d, what, a->envs, b->envs);
    eq_l(d, what, a->binding, b->binding);
    eq_l(d, what, a->envs_per_instance, b->envs_per_instance);
    eq_d(d, what, a->rps_per_instance, b->rps_per_instance);
    eq_l(d, what, a->instances, b->instances);
    eq_d(d, what, a->total_vcpu, b->total_vcpu);
    eq_d(d, what, a->cpu_utilization, b->cpu_utilization);
    eq_p(d, what, a->instance, b->instance);
}

static void eq_results(diff_t *d, size_t n, const results_t *a, const results_t *b)
{
    for (int op = 0; op < OP_COUNT; op++)
        eq_l(d, "status", a->rc[op], b->rc[op]);
    eq_bill(d, "mip_lambda_cost", &a->lambda_bill, &b->lambda_bill);
    eq_bill(d, "mip_lmi_cost", &a->lmi_bill, &b->lmi_bill);
    eq_sizing(d, "mip_plan_lmi sizing", &a->plan.sizing, &b->plan.sizing);
    eq_bill(d, "mip_plan_lmi bill", &a->plan.bill, &b->plan.bill);
    eq_l(d, "mip_breakeven kind", a->be.kind, b->be.kind);
    eq_d(d, "mip_breakeven rps", a->be.breakeven_rps, b->be.breakeven_rps);
    eq_d(d, "mip_breakeven range", a->be.min_rps, b->be.min_rps);
    eq_d(d, "mip_breakeven range", a->be.max_rps, b->be.max_rps);
    eq_d(d, "mip_breakeven lmi_max_rps", a->be.lmi_max_rps, b->be.lmi_max_rps);
    eq_row(d, "mip_breakeven at", &a->be.at, &b->be.at);
    for (size_t i = 0; i < ROWS; i++)
        eq_row(d, "mip_breakeven rows", &a->rows[i], &b->rows[i]);
    eq_s(d, "mip_report_breakeven", a->be_csv, b->be_csv);
    eq_lmi_sim(d, "mip_sim_lmi", &a->lmi, &b->lmi);
    eq_m(d, "mip_sim_lmi intervals", a->lmi_iv, b->lmi_iv, n * sizeof *a->lmi_iv);
    eq_lambda_sim(d, "mip_sim_lambda", &a->lambda, &b->lambda);
    eq_m(d, "mip_sim_lambda intervals", a->lambda_iv, b->lambda_iv,
         n * sizeof *a->lambda_iv);
    const mip_compare_result_t *ca = &a->cmp, *cb = &b->cmp;
    eq_d(d, "mip_compare hours", ca->period_hours, cb->period_hours);
    eq_lambda_sim(d, "mip_compare lambda", &ca->lambda, &cb->lambda);
    eq_lmi_sim(d, "mip_compare lmi", &ca->lmi, &cb->lmi);
    eq_bill(d, "mip_compare bill", &ca->lambda_period, &cb->lambda_period);
    eq_bill(d, "mip_compare bill", &ca->lmi_period, &cb->lmi_period);
    eq_bill(d, "mip_compare bill", &ca->lambda_month, &cb->lambda_month);
    eq_bill(d, "mip_compare bill", &ca->lmi_month, &cb->lmi_month);
    eq_l(d, "mip_compare days", (long long)ca->n_days, (long long)cb->n_days);
    for (size_t i = 0; i < ca->n_days && i < cb->n_days; i++) {
        const mip_compare_day_t *x = &ca->days[i], *y = &cb->days[i];
        eq_d(d, "mip_compare day", x->start_s, y->start_s);
        eq_d(d, "mip_compare day", x->hours, y->hours);
        eq_d(d, "mip_compare day", x->requests, y->requests);
        eq_d(d, "mip_compare day", x->lambda_usd, y->lambda_usd);
        eq_d(d, "mip_compare day", x->lmi_usd, y->lmi_usd);
        eq_d(d, "mip_compare day", x->lmi_instance_hours, y->lmi_instance_hours);
        eq_d(d, "mip_compare day", x->lmi_throttled, y->lmi_throttled);
        eq_d(d, "mip_compare day", x->lambda_cold_starts, y->lambda_cold_starts);
    }
    eq_s(d, "mip_report_compare", a->cmp_json, b->cmp_json);
    const mip_fit_result_t *fa = &a->fit, *fb = &b->fit;
    eq_l(d, "mip_fit counts", (long long)fa->configurations,
         (long long)fb->configurations);
    eq_l(d, "mip_fit counts", (long long)fa->invalid, (long long)fb->invalid);
    eq_l(d, "mip_fit counts", (long long)fa->simulated, (long long)fb->simulated);
    eq_l(d, "mip_fit counts", (long long)fa->pruned, (long long)fb->pruned);
    eq_l(d, "mip_fit counts", (long long)fa->over_budget, (long long)fb->over_budget);
    eq_l(d, "mip_fit mode", fa->exhaustive, fb->exhaustive);
    eq_l(d, "mip_fit n_best", (long long)fa->n_best, (long long)fb->n_best);
    for (size_t i = 0; i < fa->n_best && i < fb->n_best; i++)
        eq_candidate(d, "mip_fit best", &fa->best[i], &fb->best[i]);
    eq_candidate(d, "mip_fit least throttling", &fa->least_throttling,
                 &fb->least_throttling);
    eq_lambda_sim(d, "mip_fit lambda", &fa->lambda, &fb->lambda);
    eq_bill(d, "mip_fit bill", &fa->lambda_period, &fb->lambda_period);
    eq_bill(d, "mip_fit bill", &fa->lambda_month, &fb->lambda_month);
    eq_d(d, "mip_fit hours", fa->period_hours, fb->period_hours);
    eq_s(d, "mip_report_fit", a->fit_json, b->fit_json);
    eq_l(d, "mip_catalog_load regions", (long long)a->cat_regions,
         (long long)b->cat_regions);
    eq_bill(d, "mip_catalog_load bill", &a->cat_bill, &b->cat_bill);
    eq_l(d, "mip_billing_load rows", (long long)a->billing_rows,
         (long long)b->billing_rows);
    eq_l(d, "mip_billing_load lambda", (long long)a->billing_lambda,
         (long long)b->billing_lambda);
    for (int k = 0; k < 3; k++)
        eq_d(d, "mip_billing_load totals", a->billing_tot[k], b->billing_tot[k]);
    eq_l(d, "mip_trace_load series", (long long)a->trace_series,
         (long long)b->trace_series);
    eq_m(d, "mip_series_stats", &a->stats, &b->stats, sizeof a->stats);
}

/* ---------------------------------------------------------------- threads */

typedef struct worker {
    const shared_t *sh;
    const results_t *want;
    pthread_barrier_t *go;
    int id;
    diff_t diff;
} worker_t;

static void *work(void *arg)
{
    worker_t *w = arg;
    pthread_barrier_wait(w->go);
    for (int round = 0; round < ROUNDS; round++) {
        results_t got;
        run_all(w->sh, &got, w->id + round * 3);
        eq_results(&w->diff, w->sh->series->n, &got, w->want);
        results_free(&got);
    }
    return NULL;
}

static void ok(int good, int *n, const char *what, const char *why)
{
    printf("%s %d - %s\n", good ? "ok" : "not ok", ++*n, what);
    if (!good)
        printf("# %s\n", why);
}

/* Stops the whole test before its plan is met. */
static void bail(const char *what, const mip_error_t *e)
{
    printf("Bail out! %s: %s\n", what, e ? e->text : "");
    exit(1);
}

int main(void)
{
    static char cat_path[4096], trace_path[4096], billing_path[4096];
    const char *srcdir = getenv("MIP_TEST_SRCDIR");
    mip_error_t e;
    mip_error_clear(&e);
    shared_t sh;
    memset(&sh, 0, sizeof sh);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..%d\n", 2 + THREADS);
    if (mip_catalog_default_path(NULL, cat_path, sizeof cat_path) != MIP_OK)
        bail("catalogue path too long", NULL);
    snprintf(trace_path, sizeof trace_path, "%s/data/traces/office_hours.csv",
             srcdir ? srcdir : "tests");
    snprintf(billing_path, sizeof billing_path, "%s/data/billing/retro_month.csv",
             srcdir ? srcdir : "tests");
    sh.catalog_path = cat_path;
    sh.trace_path = trace_path;
    sh.billing_path = billing_path;
    mip_catalog_t *cat = NULL;
    mip_trace_t *trace = NULL;
    if (mip_catalog_load(cat_path, &cat, &e) != MIP_OK)
        bail(cat_path, &e);
    if (load_trace(trace_path, &trace) != MIP_OK)
        bail(trace_path, NULL);
    sh.cat = cat;
    sh.trace = trace;
    if (mip_trace_series_count(trace) != 1)
        bail("office_hours.csv: not one series", NULL);
    sh.series = mip_trace_series_at(trace, 0);
    if (sh.series->n != 4320)
        bail("office_hours.csv: not 4320 intervals at 20 s", NULL);
    if (mip_catalog_region(cat, "us-east-1", &sh.region, &e) != MIP_OK)
        bail("us-east-1", &e);
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    f.arch = MIP_ARCH_ARM64;
    f.lmi_only = 1;
    long n = mip_catalog_instances(cat, "us-east-1", &f, sh.arm, 128, &e);
    if (n < 1 || n > 128)
        bail("arm64 instance types", &e);
    sh.n_arm = (size_t)n;
    /* mip_compare starts threads from 200000 intervals x candidates */
    if (sh.series->n * sh.n_arm < 200000)
        bail("too few intervals x candidates for mip_compare to start threads", NULL);
    f.pattern = "c7g.*,m7g.*";
    n = mip_catalog_instances(cat, "us-east-1", &f, sh.fit, 32, &e);
    if (n < 2 || n > 32)
        bail("c7g and m7g instance types", &e);
    sh.n_fit = (size_t)n;

    int t = 0;
    char why[320] = "";
    results_t want;
    run_all(&sh, &want, 0);
    int good = want.fit.n_best > 1 && want.be_csv && want.cmp_json && want.fit_json;
    for (int op = 0; op < OP_COUNT; op++)
        if (want.rc[op] != MIP_OK) {
            snprintf(why, sizeof why, "operation %d: %s", op, mip_strerror(want.rc[op]));
            good = 0;
        }
    ok(good, &t, "every operation on one thread", why);

    /* the same again on this thread: the baseline itself is reproducible */
    results_t again;
    diff_t d = {0, ""};
    run_all(&sh, &again, 5);
    eq_results(&d, sh.series->n, &again, &want);
    results_free(&again);
    ok(d.count == 0, &t, "the same results twice on one thread", d.what);

    pthread_barrier_t go;
    if (pthread_barrier_init(&go, NULL, THREADS) != 0)
        bail("pthread_barrier_init", NULL);
    worker_t w[THREADS];
    pthread_t tid[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker_t){&sh, &want, &go, i, {0, ""}};
        if (pthread_create(&tid[i], NULL, work, &w[i]) != 0)
            bail("pthread_create", NULL);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(tid[i], NULL);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < THREADS; i++) {
        char what[64];
        snprintf(what, sizeof what, "thread %d of %d agrees with one thread", i + 1,
                 THREADS);
        snprintf(why, sizeof why, "%d differences, the first: %s", w[i].diff.count,
                 w[i].diff.what);
        ok(w[i].diff.count == 0, &t, what, why);
    }
    results_free(&want);
    mip_trace_free(trace);
    mip_catalog_free(cat);
    return 0;
}
