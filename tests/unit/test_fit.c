/*
 * test_fit.c - fitting configurations to a trace, and Savings Plans
 * commitments, against brute force.
 */
#include "testutil.h"

#include <stdlib.h>

static mip_series_t make(size_t n, const double *rate_rps, double duration_ms,
                         double cpu_ms)
{
    mip_series_t s;
    memset(&s, 0, sizeof s);
    s.function = "f";
    s.start_s = 1714521600.0;
    s.step_s = 60.0;
    s.n = n;
    s.iv = calloc(n, sizeof *s.iv);
    for (size_t i = 0; i < n; i++) {
        s.iv[i].invocations = rate_rps[i] * 60.0;
        s.iv[i].duration_ms = duration_ms;
        s.iv[i].cpu_ms = cpu_ms;
        s.iv[i].p99_duration_ms = s.iv[i].memory_mb = s.iv[i].max_concurrency = NAN;
    }
    return s;
}

/* A day at 200 rps, or the same volume with a spike: 150 rps, and 15
 * minutes at a multiple of that every 4 hours. */
static double *smooth(size_t n)
{
    double *r = malloc(n * sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = 200.0;
    return r;
}

static double *spiky(size_t n)
{
    double *r = malloc(n * sizeof *r);
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        r[i] = (i % 240) < 15 && i > 60 ? 600.0 : 150.0;
        total += r[i];
    }
    double scale = 200.0 * (double)n / total; /* the same volume as smooth */
    for (size_t i = 0; i < n; i++)
        r[i] *= scale;
    return r;
}

typedef struct fixture {
    mip_catalog_t *cat;
    const mip_region_t *r;
    const mip_instance_t *cand[64];
    size_t n;
} fixture_t;

static fixture_t load(const char *pattern)
{
    fixture_t f;
    f.cat = test_catalog();
    cr_assert_eq(mip_catalog_region(f.cat, "us-east-1", &f.r, NULL), MIP_OK);
    mip_instance_filter_t flt = MIP_INSTANCE_FILTER_INIT;
    flt.pattern = pattern;
    flt.arch = MIP_ARCH_ARM64;
    flt.lmi_only = 1;
    long n = mip_catalog_instances(f.cat, "us-east-1", &flt, f.cand, 64, NULL);
    cr_assert(n > 0 && n <= 64);
    f.n = (size_t)n;
    return f;
}

static void base(mip_fit_input_t *in)
{
    mip_fit_input_init(in);
    in->base.shape.runtime = MIP_RUNTIME_NODEJS;
    in->base.shape.arch = MIP_ARCH_ARM64;
    in->base.shape.duration_ms = 200.0;
    in->base.shape.cpu_ms = 40.0;
}

static const double targets[] = {0.3, 0.5, 0.7, 0.9};
static const double ratios[] = {2.0, 4.0};
static const double memories[] = {2048.0, 4096.0};

/* Acceptance 1: the best reported costs no more than any configuration of a
 * brute-force enumeration of the same space (mip_compare on each). */
Test(fit, best_is_no_worse_than_brute_force)
{
    fixture_t f = load("c7g.xlarge,c7g.2xlarge,m7g.large,m7g.xlarge");
    double *r = smooth(720);
    mip_series_t s = make(720, r, 200.0, 40.0);
    mip_fit_input_t in;
    base(&in);
    in.space.memory_mb = memories;
    in.space.n_memory = 2;
    in.space.memory_gib_per_vcpu = ratios;
    in.space.n_ratios = 2;
    in.space.target_cpu = targets;
    in.space.n_targets = 4;
    in.throttle_budget = 1e-4;
    mip_fit_result_t res;
    mip_error_t e;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, &e), MIP_OK, "%s", e.text);
    cr_assert(res.exhaustive);
    cr_assert(res.n_best >= 1);
    /* 2048 MB at 4 GiB/vCPU is half a vCPU: invalid */
    cr_assert_eq(res.invalid, 4);
    cr_assert_eq(res.configurations, 12);
    double best = res.best[0].period_usd;
    for (size_t i = 1; i < res.n_best; i++)
        cr_assert(res.best[i].period_usd >= res.best[i - 1].period_usd - 1e-9);
    /* brute force */
    size_t checked = 0;
    for (size_t a = 0; a < 2; a++)
        for (size_t b = 0; b < 2; b++)
            for (size_t t = 0; t < 4; t++)
                for (size_t k = 0; k < f.n; k++) {
                    mip_compare_input_t ci = in.base;
                    ci.lmi.memory_mb = memories[a];
                    ci.lmi.memory_gib_per_vcpu = ratios[b];
                    ci.lmi.target_cpu = targets[t];
                    mip_compare_result_t cr;
                    if (mip_compare(f.r, &f.cand[k], 1, &s, &ci, &cr, NULL) != MIP_OK)
                        continue;
                    double off = cr.lmi.requests + cr.lmi.throttled_requests;
                    if (cr.lmi.throttled_requests / off <= in.throttle_budget) {
                        cr_assert(best <= cr.lmi_period.total_usd + 1e-9,
                                  "%s %g MB r%g t%g: %g < %g", f.cand[k]->type,
                                  memories[a], ratios[b], targets[t],
                                  cr.lmi_period.total_usd, best);
                        checked++;
                    }
                    mip_compare_result_free(&cr);
                }
    cr_assert(checked > 10, "%zu", checked);
    /* the frontier: every simulation, the best among them, the within-budget
     * count as the over-budget count says */
    cr_assert_eq(res.n_points, res.simulated);
    size_t within = 0;
    double cheapest = HUGE_VAL;
    for (size_t i = 0; i < res.n_points; i++) {
        const mip_fit_point_t *p = &res.points[i];
        cr_assert_eq(p->within_budget, p->throttle_fraction <= in.throttle_budget);
        if (p->within_budget) {
            within++;
            cheapest = p->period_usd < cheapest ? p->period_usd : cheapest;
        }
    }
    cr_assert_eq(within, res.simulated - res.over_budget);
    cr_assert(checked <= within);
    assert_near(cheapest, best, 1e-12);
    mip_fit_result_free(&res);
    cr_assert_null(res.points);
    free(s.iv);
    free(r);
    mip_catalog_free(f.cat);
}

/* Acceptance 2: a larger budget never costs more; a spiky trace of the same
 * volume is fitted with a lower target than a smooth one. */
Test(fit, budget_and_spikes)
{
    fixture_t f = load("c7g.*,m7g.*");
    static const double many[] = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    double *rs = smooth(1440), *rp = spiky(1440);
    mip_series_t sm = make(1440, rs, 200.0, 40.0), sp = make(1440, rp, 200.0, 40.0);
    mip_fit_input_t in;
    base(&in);
    in.space.target_cpu = many;
    in.space.n_targets = 8;
    double prev = HUGE_VAL;
    const double budgets[] = {0.0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1};
    for (size_t i = 0; i < 6; i++) {
        in.throttle_budget = budgets[i];
        mip_fit_result_t res;
        int rc = mip_fit(f.r, f.cand, f.n, &sp, &in, &res, NULL);
        if (rc == MIP_OK) {
            cr_assert(res.best[0].period_usd <= prev + 1e-9, "budget %g", budgets[i]);
            prev = res.best[0].period_usd;
        } else {
            cr_assert_eq(rc, MIP_EINFEASIBLE);
            cr_assert_eq(prev, HUGE_VAL, "feasible at a smaller budget, not at %g",
                         budgets[i]);
        }
        mip_fit_result_free(&res);
    }
    in.throttle_budget = 1e-4;
    mip_fit_result_t a, b;
    mip_error_t e;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &sm, &in, &a, &e), MIP_OK, "%s", e.text);
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &sp, &in, &b, &e), MIP_OK, "%s", e.text);
    cr_assert(b.best[0].config.target_cpu < a.best[0].config.target_cpu,
              "spiky %g, smooth %g", b.best[0].config.target_cpu,
              a.best[0].config.target_cpu);
    /* the smooth trace throttles nothing even at 90% */
    cr_assert_eq(a.best[0].config.target_cpu, 0.9);
    mip_fit_result_free(&a);
    mip_fit_result_free(&b);
    free(sm.iv);
    free(sp.iv);
    free(rs);
    free(rp);
    mip_catalog_free(f.cat);
}

/* Pruning keeps the best: the non-exhaustive search finds a best no worse
 * than the cheapest-per-environment types of the exhaustive one, and says
 * how much it simulated. */
Test(fit, pruned_search)
{
    fixture_t f = load("c7g.*,m7g.*,r7g.*");
    double *r = smooth(720);
    mip_series_t s = make(720, r, 200.0, 40.0);
    mip_fit_input_t in;
    base(&in);
    in.space.target_cpu = targets;
    in.space.n_targets = 4;
    in.top = 1;
    mip_fit_result_t ex, pr;
    in.exhaustive = 1;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &ex, NULL), MIP_OK);
    in.exhaustive = 0;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &pr, NULL), MIP_OK);
    cr_assert(pr.simulated + pr.pruned <= 4);
    cr_assert(ex.simulated > pr.simulated);
    cr_assert(pr.best[0].period_usd >= ex.best[0].period_usd - 1e-9);
    mip_fit_result_free(&ex);
    mip_fit_result_free(&pr);
    free(s.iv);
    free(r);
    mip_catalog_free(f.cat);
}

Test(fit, errors)
{
    fixture_t f = load("c7g.xlarge");
    double *r = smooth(10);
    mip_series_t s = make(10, r, 200.0, 40.0);
    mip_fit_input_t in;
    base(&in);
    mip_fit_result_t res;
    mip_error_t e;
    static const double bad_ratio[] = {3.0};
    in.space.memory_gib_per_vcpu = bad_ratio;
    in.space.n_ratios = 1;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, &e), MIP_ERULE);
    cr_assert(strstr(e.text, "no combination") != NULL, "%s", e.text);
    base(&in);
    in.throttle_budget = 2.0;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, &e), MIP_ERANGE);
    base(&in);
    in.top = 0;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, &e), MIP_EINVAL);
    base(&in);
    cr_assert_eq(mip_fit(f.r, f.cand, 0, &s, &in, &res, &e), MIP_EINFEASIBLE);
    in.base.shape.arch = MIP_ARCH_X86_64;
    cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, &e), MIP_EINFEASIBLE);
    free(s.iv);
    free(r);
    mip_catalog_free(f.cat);
}

/* Acceptance 4: the commitment matches brute force within 0.5%. Spends of
 * a week of hours with a daily cycle; discounts from none to 72%. */
Test(commit, matches_brute_force)
{
    double spend[168];
    for (int h = 0; h < 168; h++)
        spend[h] = 10.0 + 6.0 * sin(2.0 * 3.14159265358979 * h / 24.0) +
                   (h % 24 == 12 ? 9.0 : 0.0);
    const double discounts[] = {0.0, 0.12, 0.32, 0.5, 0.72};
    for (int k = 0; k < 5; k++) {
        double d = discounts[k];
        mip_commit_result_t c;
        mip_error_t e;
        cr_assert_eq(mip_commit(spend, 168, d, &c, &e), MIP_OK, "%s", e.text);
        double best = HUGE_VAL;
        for (double x = 0.0; x <= 30.0; x += 0.001) {
            double total = 0.0;
            for (int h = 0; h < 168; h++)
                total += x * (1.0 - d) + (spend[h] > x ? spend[h] - x : 0.0);
            if (total < best)
                best = total;
        }
        cr_assert(fabs(c.with_plan_usd - best) <= 0.005 * best, "d %g: %g vs %g", d,
                  c.with_plan_usd, best);
        cr_assert(c.with_plan_usd <= best + 1e-6, "the quantile is the exact minimum");
        assert_near(c.saving_usd, c.on_demand_usd - c.with_plan_usd, 1e-9);
        cr_assert(c.utilization <= 1.0 + 1e-12 && c.covered_fraction <= 1.0 + 1e-12);
    }
}

/* By hand: four hours spending 10, 10, 10, 30 at 50% off. The 0.5-quantile
 * (the 3rd smallest, index 2) is 10: commit 5 $/h; hours cost 5 + 0 three
 * times and 5 + 20 once: 40, against 60 on demand. */
Test(commit, by_hand)
{
    const double s[] = {10.0, 30.0, 10.0, 10.0};
    mip_commit_result_t c;
    cr_assert_eq(mip_commit(s, 4, 0.5, &c, NULL), MIP_OK);
    assert_near(c.commitment_usd_per_hour, 5.0, 1e-12);
    assert_near(c.with_plan_usd, 40.0, 1e-12);
    assert_near(c.on_demand_usd, 60.0, 1e-12);
    assert_near(c.saving_usd, 20.0, 1e-12);
    assert_near(c.covered_fraction, 40.0 / 60.0, 1e-12);
    assert_near(c.utilization, 1.0, 1e-12);
    /* the curve runs from no plan (60) to covering the dearest hour, 30 x
     * 0.5 = 15 $/h (4 x 15 = 60); at 3 $/h (x = 6): 4 x 3 + 3 x 4 + 24 = 48 */
    cr_assert_eq(c.n_curve, MIP_COMMIT_CURVE_POINTS);
    assert_near(c.curve_commit[0], 0.0, 1e-12);
    assert_near(c.curve_usd[0], 60.0, 1e-12);
    assert_near(c.curve_commit[100], 15.0, 1e-12);
    assert_near(c.curve_usd[100], 60.0, 1e-12);
    assert_near(c.curve_commit[20], 3.0, 1e-12);
    assert_near(c.curve_usd[20], 48.0, 1e-12);
    for (size_t i = 0; i < c.n_curve; i++)
        cr_assert(c.curve_usd[i] >= c.with_plan_usd - 1e-12);
    mip_error_t e;
    cr_assert_eq(mip_commit(s, 4, 1.0, &c, &e), MIP_ERANGE);
    cr_assert_eq(mip_commit(s, 0, 0.5, &c, &e), MIP_EINVAL);
    const double neg[] = {1.0, -1.0};
    cr_assert_eq(mip_commit(neg, 2, 0.5, &c, &e), MIP_ERANGE);
}

/* Acceptance 3: the settings name only real AWS parameters (Lambda API:
 * CreateCapacityProvider, CreateFunction, PutFunctionScalingConfig), with
 * values in their valid ranges. */
#include <jansson.h>

static void check_object(json_t *o, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        int found = 0;
        for (size_t i = 0; allowed[i]; i++)
            found |= strcmp(k, allowed[i]) == 0;
        cr_assert(found, "unknown key %s", k);
    }
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    cr_assert(json_is_number(v), "%s is not a number", k);
    return json_number_value(v);
}

Test(fit, settings_are_real_aws_parameters)
{
    fixture_t f = load("c7g.*,m7g.*");
    static const double t[] = {0.5, 0.7};
    for (int k = 0; k < 2; k++) {
        double *r = smooth(300);
        mip_series_t s = make(300, r, 200.0, 40.0);
        mip_fit_input_t in;
        base(&in);
        in.space.target_cpu = &t[k];
        in.space.n_targets = 1;
        in.base.lmi.max_envs = 500;
        mip_fit_result_t res;
        cr_assert_eq(mip_fit(f.r, f.cand, f.n, &s, &in, &res, NULL), MIP_OK);
        char *doc;
        cr_assert_eq(mip_report_fit(f.r, &in, &res, MIP_FORMAT_JSON, &doc, NULL), MIP_OK);
        json_t *root = json_loads(doc, 0, NULL);
        json_t *st = json_object_get(root, "settings");
        static const char *const top[] = {"CapacityProvider", "Function",
                                          "FunctionScalingConfig", NULL};
        check_object(st, top);
        json_t *cp = json_object_get(st, "CapacityProvider");
        static const char *const cpk[] = {"InstanceRequirements",
                                          "CapacityProviderScalingConfig", NULL};
        check_object(cp, cpk);
        json_t *ir = json_object_get(cp, "InstanceRequirements");
        static const char *const irk[] = {"Architectures", "AllowedInstanceTypes",
                                          "ExcludedInstanceTypes", NULL};
        check_object(ir, irk);
        json_t *ar = json_object_get(ir, "Architectures");
        cr_assert_eq(json_array_size(ar), 1);
        cr_assert_str_eq(json_string_value(json_array_get(ar, 0)), "arm64");
        json_t *types = json_object_get(ir, "AllowedInstanceTypes");
        cr_assert(json_array_size(types) >= 1 && json_array_size(types) <= 400);
        cr_assert(mip_instance_lmi_eligible(json_string_value(json_array_get(types, 0))));
        json_t *sc = json_object_get(cp, "CapacityProviderScalingConfig");
        static const char *const sck[] = {"ScalingMode", "ScalingPolicies",
                                          "MaxVCpuCount", NULL};
        check_object(sc, sck);
        double mv = num(sc, "MaxVCpuCount");
        cr_assert(mv >= 2 && mv <= 15000);
        const char *mode = json_string_value(json_object_get(sc, "ScalingMode"));
        cr_assert(strcmp(mode, "Auto") == 0 || strcmp(mode, "Manual") == 0);
        json_t *pols = json_object_get(sc, "ScalingPolicies");
        if (strcmp(mode, "Manual") == 0) {
            cr_assert(json_array_size(pols) >= 1 && json_array_size(pols) <= 10);
            json_t *p = json_array_get(pols, 0);
            static const char *const pk[] = {"PredefinedMetricType", "TargetValue", NULL};
            check_object(p, pk);
            cr_assert_str_eq(
                json_string_value(json_object_get(p, "PredefinedMetricType")),
                "LambdaCapacityProviderAverageCPUUtilization");
            double tv = num(p, "TargetValue");
            cr_assert(tv >= 0 && tv <= 100);
            assert_near(tv, 70.0, 1e-9);
        } else {
            cr_assert_null(pols);
        }
        json_t *fn = json_object_get(st, "Function");
        static const char *const fk[] = {"MemorySize", "CapacityProviderConfig", NULL};
        check_object(fn, fk);
        double ms = num(fn, "MemorySize");
        cr_assert(ms >= 2048 && ms <= 32768);
        json_t *cpc = json_object_get(fn, "CapacityProviderConfig");
        static const char *const cpck[] = {"LambdaManagedInstancesCapacityProviderConfig",
                                           NULL};
        check_object(cpc, cpck);
        json_t *l = json_object_get(cpc, "LambdaManagedInstancesCapacityProviderConfig");
        static const char *const lk[] = {"CapacityProviderArn",
                                         "ExecutionEnvironmentMemoryGiBPerVCpu",
                                         "PerExecutionEnvironmentMaxConcurrency", NULL};
        check_object(l, lk);
        double ratio = num(l, "ExecutionEnvironmentMemoryGiBPerVCpu");
        cr_assert(ratio == 2.0 || ratio == 4.0 || ratio == 8.0);
        double pc = num(l, "PerExecutionEnvironmentMaxConcurrency");
        cr_assert(pc >= 1 && pc <= 1600 && pc <= 64 * ms / 1024 / ratio);
        json_t *fs = json_object_get(st, "FunctionScalingConfig");
        static const char *const fsk[] = {"MinExecutionEnvironments",
                                          "MaxExecutionEnvironments", NULL};
        check_object(fs, fsk);
        double mn = num(fs, "MinExecutionEnvironments"),
               mx = num(fs, "MaxExecutionEnvironments");
        cr_assert(mn >= 0 && mn <= 15000 && mx >= mn && mx <= 15000);
        json_decref(root);
        mip_free(doc);
        mip_fit_result_free(&res);
        free(s.iv);
        free(r);
    }
    mip_catalog_free(f.cat);
}

/* mip_commit_config is commit's pipeline over a fitted configuration: a
 * NULL anywhere is refused before any work. */
Test(commit, config_refuses_null)
{
    mip_error_t e;
    mip_commit_result_t a, b;
    cr_assert_eq(mip_commit_config(NULL, NULL, NULL, NULL, 0.3, 0.1, &a, &b, &e),
                 MIP_EINVAL);
    cr_assert_str_eq(e.text, "mip_commit_config: NULL argument");
}
