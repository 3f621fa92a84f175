/*
 * test_sim.c - LMI's scaler and default Lambda over generated series, and
 * the comparison of both. Expected figures are worked out in comments.
 */
#include "testutil.h"

#include <criterion/parameterized.h>

#include <stdlib.h>

static const mip_instance_t c7g_xlarge = {"c7g.xlarge",   "us-east-1", 4,     8,
                                          MIP_ARCH_ARM64, 0.145,       "test"};
static const mip_instance_t m7g_large = {"m7g.large",    "us-east-1", 2,     8,
                                         MIP_ARCH_ARM64, 0.0816,      "test"};

/* A series at 60 s steps whose rate (requests/s) at minute i is rate(i). */
static mip_series_t make(size_t n, double (*rate)(size_t, void *), void *u,
                         double duration_ms)
{
    mip_series_t s;
    memset(&s, 0, sizeof s);
    s.function = "f";
    s.start_s = 1714521600.0; /* 2024-05-01T00:00:00Z */
    s.step_s = 60.0;
    s.n = n;
    s.iv = calloc(n, sizeof *s.iv);
    for (size_t i = 0; i < n; i++) {
        s.iv[i].invocations = rate(i, u) * 60.0;
        s.iv[i].duration_ms = duration_ms;
        s.iv[i].p99_duration_ms = NAN;
        s.iv[i].cpu_ms = NAN;
        s.iv[i].memory_mb = NAN;
        s.iv[i].max_concurrency = NAN;
    }
    return s;
}

static double constant(size_t i, void *u)
{
    (void)i;
    return *(double *)u;
}

/* 100 rps for an hour, then to 200 rps over `ramp` minutes, then 200 rps. */
static double doubling(size_t i, void *u)
{
    double ramp = *(double *)u;
    if (i < 60)
        return 100.0;
    if ((double)(i - 60) < ramp)
        return 100.0 + 100.0 * (double)(i - 60 + 1) / ramp;
    return 200.0;
}

static mip_workload_t api(void)
{
    mip_workload_t w;
    mip_workload_init(&w);
    w.duration_ms = 200.0;
    w.cpu_ms = 40.0;
    w.runtime = MIP_RUNTIME_NODEJS;
    w.arch = MIP_ARCH_ARM64;
    return w;
}

/* A steady 100 rps for 30 days on c7g.xlarge keeps the steady sizing
 * (test_capacity: 8 environments on 3 instances): 3 x 720 h = 2160
 * instance-hours, nothing throttled. */
Test(sim, steady_series_keeps_the_steady_sizing)
{
    double r = 100.0;
    mip_series_t s = make(30 * 1440, constant, &r, 200.0);
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    mip_error_t e;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_OK, "%s",
                 e.text);
    assert_near(out.instance_hours, 2160.0, 1e-6);
    cr_assert_eq(out.throttled_requests, 0.0);
    cr_assert_eq(out.peak_envs, 8);
    cr_assert_eq(out.peak_instances, 3);
    /* 100 x 86400 x 30 requests */
    assert_near(out.requests, 259200000.0, 1e-3);
    /* 4 busy vCPUs on 8 environments of 1 vCPU */
    assert_near(out.mean_cpu_utilization, 0.5, 1e-9);
    free(s.iv);
}

/* Doubling within 2 minutes: 8 environments hold 8 x 1 x 0.9 / 0.04 = 180
 * rps before they saturate. After the first minute (150 rps) the scaler wants
 * ceil(150 x 0.04 / 0.5) = 12: one fits on the 3 instances and is ready 30 s
 * into the next minute, the others wait for a new instance (180 s + 30 s).
 * So the minute at 200 rps has 8.5 environments: 8.5 x 22.5 x 60 = 11475
 * served of 12000, 525 throttled. Spread over 30 minutes, the scaler keeps
 * ahead: each step is 3.3 rps against a headroom of 80%. */
Test(sim, doubling_in_two_minutes_throttles_over_thirty_does_not)
{
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    mip_sim_interval_t *iv = calloc(180, sizeof *iv);
    double ramp = 2.0;
    mip_series_t s = make(180, doubling, &ramp, 200.0);
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, iv, NULL), MIP_OK);
    cr_assert(out.throttled_requests > 0.0, "throttled %g", out.throttled_requests);
    cr_assert(out.throttled_intervals >= 1 && out.throttled_intervals <= 6, "%zu",
              out.throttled_intervals);
    assert_near(iv[61].lmi_throttled, 525.0, 1e-6);
    assert_near(out.throttled_requests, 525.0, 1e-6);
    /* and at the end 16 environments on 6 instances (3 per c7g.xlarge) */
    cr_assert_eq(out.peak_envs, 16);
    assert_near(iv[179].lmi_instances, 6.0, 1e-9);
    cr_assert_eq(iv[179].lmi_throttled, 0.0);
    free(s.iv);

    ramp = 30.0;
    s = make(180, doubling, &ramp, 200.0);
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, iv, NULL), MIP_OK);
    cr_assert_eq(out.throttled_requests, 0.0);
    cr_assert_eq(out.peak_envs, 16);
    free(s.iv);
    free(iv);
}

/* A higher target leaves less headroom: at 90% even slow growth throttles
 * nothing only if the scaler keeps up; at the steady rate nothing throttles. */
Test(sim, steady_at_a_high_target)
{
    double r = 100.0;
    mip_series_t s = make(60, constant, &r, 200.0);
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.target_cpu = 0.95; /* above the 0.9 saturation: saturation follows it */
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, NULL), MIP_OK);
    cr_assert_eq(out.throttled_requests, 0.0);
    /* ceil(4 / 0.95) = 5 environments */
    cr_assert_eq(out.peak_envs, 5);
    free(s.iv);
}

/* 200 rps for 60 minutes, then 100 rps: scale-in waits 5 minutes, then
 * removes a quarter of the surplus a minute; emptied instances bill 2 more
 * minutes. The hours end up between all-small and all-large. */
static double halving(size_t i, void *u)
{
    (void)u;
    return i < 60 ? 200.0 : 100.0;
}

Test(sim, scales_in_gradually)
{
    mip_series_t s = make(180, halving, NULL, 200.0);
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    mip_sim_interval_t iv[180];
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &m7g_large, &out, iv, NULL), MIP_OK);
    /* m7g.large holds one environment: 16 then 8 instances */
    assert_near(iv[0].lmi_instances, 16.0, 1e-9);
    assert_near(iv[63].lmi_instances, 16.0, 1e-9); /* still waiting */
    assert_near(iv[179].lmi_instances, 8.0, 1e-9);
    cr_assert(out.instance_hours > 16.0 + 8.0 * 2.0 / 1.0 - 1e-9);
    cr_assert(out.instance_hours < 16.0 * 1.0 + 8.0 * 2.0 + 16.0 * 0.5);
    cr_assert_eq(out.throttled_requests, 0.0);
    free(s.iv);
}

/* MaxVCpuCount caps the scaler: 400 rps needs 32 environments, 32
 * m7g.large = 64 vCPU; with MaxVCpuCount 40 only 20 instances. */
Test(sim, max_vcpu_caps_and_throttles)
{
    double r = 100.0;
    mip_series_t s = make(30, constant, &r, 200.0);
    for (size_t i = 10; i < 30; i++)
        s.iv[i].invocations = 400.0 * 60.0;
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.max_vcpu = 40;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    mip_sim_interval_t iv[30];
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &m7g_large, &out, iv, NULL), MIP_OK);
    cr_assert(out.capped_intervals > 0);
    cr_assert(out.peak_instances <= 20);
    /* at the end 20 environments serve 20 x 22.5 = 450 > 400 rps? no: each
     * serves 0.9 / 0.04 = 22.5 rps, 20 x 22.5 = 450: all served */
    cr_assert_eq(iv[29].lmi_throttled, 0.0);
    free(s.iv);
}

Test(sim, lmi_errors)
{
    double r = 1.0;
    mip_series_t s = make(5, constant, &r, 200.0);
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t out;
    mip_error_t e;
    sc.saturation_cpu = 1.5;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_ERANGE);
    cr_assert(strstr(e.text, "saturation_cpu"), "%s", e.text);
    mip_scaler_init(&sc);
    c.memory_gib_per_vcpu = 3.0;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_ERULE);
    mip_lmi_config_init(&c);
    w.arch = MIP_ARCH_X86_64;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e),
                 MIP_EINFEASIBLE);
    w = api();
    s.n = 0;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_EINVAL);
    s.n = 5;
    s.step_s = 0.0;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_EINVAL);
    cr_assert_eq(mip_sim_lmi(NULL, &w, &c, &sc, &c7g_xlarge, &out, NULL, &e), MIP_EINVAL);
    free(s.iv);
}

/* Lambda: 100 rps x 200 ms = 20 concurrent; GB-s = 6000 x 0.2 x 2 = 2400 a
 * minute at 2048 MB. Starting warm, a steady series has no cold start. */
Test(sim, lambda_steady)
{
    double r = 100.0;
    mip_series_t s = make(60, constant, &r, 200.0);
    mip_workload_t w = api();
    mip_lambda_sim_options_t o = MIP_LAMBDA_SIM_OPTIONS_INIT;
    mip_lambda_sim_t out;
    mip_error_t e;
    cr_assert_eq(mip_sim_lambda(&s, &w, 2048.0, &o, &out, NULL, &e), MIP_OK, "%s",
                 e.text);
    assert_near(out.gb_s, 60 * 2400.0, 1e-6);
    assert_near(out.requests, 360000.0, 1e-6);
    assert_near(out.peak_concurrency, 20.0, 1e-9);
    cr_assert_eq(out.cold_starts, 0.0);
    cr_assert_eq(out.throttled_requests, 0.0);
    free(s.iv);
}

/* Idle, then 20 concurrent: 20 cold starts; off for 5 minutes (inside the
 * 10-minute keep-alive) and on again: none; off for 15 minutes: 20 again. */
static double bursts(size_t i, void *u)
{
    (void)u;
    if (i == 0)
        return 0.0;
    if (i <= 10)
        return 100.0;
    if (i <= 15)
        return 0.0;
    if (i <= 20)
        return 100.0;
    if (i <= 35)
        return 0.0;
    return 100.0;
}

Test(sim, lambda_cold_starts_and_keep_alive)
{
    mip_series_t s = make(40, bursts, NULL, 200.0);
    mip_workload_t w = api();
    mip_lambda_sim_options_t o = MIP_LAMBDA_SIM_OPTIONS_INIT;
    mip_lambda_sim_t out;
    mip_sim_interval_t iv[40];
    memset(iv, 0, sizeof iv);
    cr_assert_eq(mip_sim_lambda(&s, &w, 2048.0, &o, &out, iv, NULL), MIP_OK);
    cr_assert_eq(iv[1].lambda_cold_starts, 20.0);
    cr_assert_eq(iv[16].lambda_cold_starts, 0.0);
    cr_assert_eq(iv[36].lambda_cold_starts, 20.0);
    cr_assert_eq(out.cold_starts, 40.0);
    free(s.iv);
}

/* The account limit: 20,000 rps x 200.2 ms = 4004 concurrent > 1000: only
 * 1000/4004 of each minute's 1.2M served. 1 ms rounding: 200.2 ms bills
 * 201 ms, at 1 GB. */
Test(sim, lambda_account_limit_and_rounding)
{
    double r = 20000.0;
    mip_series_t s = make(3, constant, &r, 200.2);
    mip_workload_t w = api();
    mip_lambda_sim_options_t o = MIP_LAMBDA_SIM_OPTIONS_INIT;
    mip_lambda_sim_t out;
    cr_assert_eq(mip_sim_lambda(&s, &w, 1024.0, &o, &out, NULL, NULL), MIP_OK);
    double served = 1200000.0 * 1000.0 / 4004.0;
    assert_near(out.throttled_requests, 3 * (1200000.0 - served), 1e-3);
    assert_near(out.requests, 3 * served, 1e-3);
    assert_near(out.gb_s, 3 * served * 0.201, 1e-6);
    o.account_concurrency = 0.0;
    mip_error_t e;
    cr_assert_eq(mip_sim_lambda(&s, &w, 1024.0, &o, &out, NULL, &e), MIP_ERANGE);
    mip_lambda_sim_options_init(&o);
    cr_assert_eq(mip_sim_lambda(&s, &w, 20000.0, &o, &out, NULL, &e), MIP_ERANGE);
    free(s.iv);
}

/* The scaling rate: from idle to 10,000 concurrent in a 10 s step, only
 * 1000 new environments can start. */
Test(sim, lambda_scaling_rate)
{
    mip_series_t s;
    memset(&s, 0, sizeof s);
    mip_interval_t iv[2] = {{0.0, NAN, NAN, NAN, NAN, NAN},
                            {500000.0, 200.0, NAN, NAN, NAN, NAN}};
    s.step_s = 10.0;
    s.n = 2;
    s.iv = iv;
    mip_workload_t w = api();
    mip_lambda_sim_options_t o = MIP_LAMBDA_SIM_OPTIONS_INIT;
    o.account_concurrency = 1e6;
    mip_lambda_sim_t out;
    cr_assert_eq(mip_sim_lambda(&s, &w, 1024.0, &o, &out, NULL, NULL), MIP_OK);
    /* 50,000 rps x 0.2 s = 10,000 needed; 1000 served in full: 10% */
    assert_near(out.requests, 50000.0, 1e-6);
    cr_assert_eq(out.cold_starts, 1000.0);
}

/* The comparison on a steady month prices like `mipricing size`: 30 days
 * at 100 rps on c7g.xlarge, scaled to 730 hours: 3 x 730 x 0.145 x 1.15 =
 * 365.1825 + requests 262.8M x 0.2e-6 = 52.56 -> 417.7425; Lambda at 2048 MB:
 * 105,120,000 GB-s x 0.0000133334 = 1401.607... + 52.56 = 1454.167... */
Test(compare, steady_month_prices_like_size)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, NULL), MIP_OK);
    const mip_instance_t *cand[1];
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "c7g.xlarge", &cand[0], NULL),
                 MIP_OK);
    double rate = 100.0;
    mip_series_t s = make(30 * 1440, constant, &rate, 200.0);
    mip_compare_input_t in;
    mip_compare_input_init(&in);
    in.shape = api();
    mip_compare_result_t res;
    mip_error_t e;
    cr_assert_eq(mip_compare(r, cand, 1, &s, &in, &res, &e), MIP_OK, "%s", e.text);
    assert_near(res.period_hours, 720.0, 1e-9);
    assert_near(res.lmi_month.total_usd, 417.7425, 1e-6);
    assert_near(res.lambda_month.total_usd, 105120000.0 * 0.0000133334 + 52.56, 1e-6);
    assert_near(res.lmi.instance_hours, 2160.0, 1e-6);
    cr_assert_eq(res.n_days, 30);
    double sum_l = 0.0, sum_m = 0.0;
    for (size_t d = 0; d < res.n_days; d++) {
        sum_l += res.days[d].lambda_usd;
        sum_m += res.days[d].lmi_usd;
        assert_near(res.days[d].hours, 24.0, 1e-9);
    }
    assert_near(sum_l, res.lambda_period.total_usd, 1e-6);
    assert_near(sum_m, res.lmi_period.total_usd, 1e-6);
    /* each day split, by hand: 3 instances x 24 h x 0.145 = 10.44 on EC2,
     * the fee 15% of it 1.566, 8.64M requests x 0.2e-6 = 1.728; Lambda the
     * same 1.728 for requests and 3,456,000 GB-s x 0.0000133334 =
     * 46.0802304 for duration */
    for (size_t d = 0; d < res.n_days; d++) {
        const mip_compare_day_t *y = &res.days[d];
        assert_near(y->lmi_compute_usd, 10.44, 1e-9);
        assert_near(y->lmi_fee_usd, 1.566, 1e-9);
        assert_near(y->lmi_requests_usd, 1.728, 1e-9);
        assert_near(y->lambda_requests_usd, 1.728, 1e-9);
        assert_near(y->lambda_duration_usd, 46.0802304, 1e-7);
        assert_near(y->lmi_compute_usd + y->lmi_fee_usd + y->lmi_requests_usd, y->lmi_usd,
                    1e-9);
    }
    /* the timeline: 43,200 minutes merged 22 at a time (the least k with
     * ceil(43200 / k) <= 2000) into 1,964 points; the counts add up */
    cr_assert_eq(res.n_timeline, 1964);
    double req = 0.0, span = 0.0, thr = 0.0, peak = 0.0;
    for (size_t i = 0; i < res.n_timeline; i++) {
        const mip_timeline_point_t *p = &res.timeline[i];
        req += p->requests;
        span += p->span_s;
        thr += p->lmi_throttled;
        peak = p->lmi_instances > peak ? p->lmi_instances : peak;
        /* 100 rps x 200 ms = 20 in flight; CPU-bound at 0.9 of a vCPU */
        cr_assert(p->lmi_demand_envs > 0.0);
        cr_assert(p->lmi_envs >= p->lmi_demand_envs, "%zu: %g < %g", i, p->lmi_envs,
                  p->lmi_demand_envs);
        assert_near(p->lambda_concurrency, 20.0, 1e-9);
    }
    assert_near(req, 259200000.0, 1e-3);
    assert_near(span, 720.0 * 3600.0, 1e-6);
    assert_near(thr, res.lmi.throttled_requests, 1e-9);
    assert_near(peak, 3.0, 1e-12);
    assert_near(res.timeline[1].start_s - res.timeline[0].start_s, 22.0 * 60.0, 1e-9);
    /* the period: 720 of 730 hours */
    assert_near(res.lmi_period.total_usd, 417.7425 * 720.0 / 730.0, 1e-6);
    mip_compare_result_free(&res);
    mip_compare_result_free(&res);
    free(s.iv);
    mip_catalog_free(cat);
}

Test(compare, picks_the_cheapest_candidate_and_refuses_bad_input)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, NULL), MIP_OK);
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    f.arch = MIP_ARCH_ARM64;
    f.lmi_only = 1;
    const mip_instance_t *cand[256];
    long n = mip_catalog_instances(cat, "us-east-1", &f, cand, 256, NULL);
    double rate = 100.0;
    mip_series_t s = make(1440, constant, &rate, 200.0);
    mip_compare_input_t in;
    mip_compare_input_init(&in);
    in.shape = api();
    mip_compare_result_t res;
    mip_error_t e;
    cr_assert_eq(mip_compare(r, cand, (size_t)n, &s, &in, &res, &e), MIP_OK, "%s",
                 e.text);
    /* as `mipricing size --rps 100 ... --arch arm64`: 3 x c7g.xlarge */
    cr_assert_str_eq(res.lmi.instance->type, "c7g.xlarge");
    cr_assert_eq(res.n_days, 1);
    mip_compare_result_free(&res);
    in.lmi.memory_mb = 1024.0;
    cr_assert_eq(mip_compare(r, cand, (size_t)n, &s, &in, &res, &e), MIP_ERULE);
    cr_assert_null(res.days);
    mip_compare_input_init(&in);
    in.shape = api();
    in.shape.arch = MIP_ARCH_X86_64;
    cr_assert_eq(mip_compare(r, cand, (size_t)n, &s, &in, &res, &e), MIP_EINFEASIBLE);
    cr_assert_eq(mip_compare(r, cand, 0, &s, &in, &res, &e), MIP_EINFEASIBLE);
    free(s.iv);
    mip_catalog_free(cat);
}

/* The free tier is monthly: a day's trace gets its share of the month's
 * bill. 1 rps for a day, 100 ms at 2048 MB, arm64, free tier. A month at
 * that rate: 2,628,000 requests, 525,600 GB-s:
 *   (2,628,000 - 1,000,000) x 0.2e-6 = 0.3256
 *   (525,600 - 400,000) x 0.0000133334 = 1.67467504   -> 2.00027504
 * and the day 24/730 of it: 0.0657624670685. */
Test(compare, free_tier_is_shared_by_the_month)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, NULL), MIP_OK);
    const mip_instance_t *cand[1];
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "c7g.xlarge", &cand[0], NULL),
                 MIP_OK);
    double rate = 1.0;
    mip_series_t s = make(1440, constant, &rate, 100.0);
    mip_compare_input_t in;
    mip_compare_input_init(&in);
    in.shape = api();
    in.price.lambda_free_tier = 1;
    mip_compare_result_t res;
    mip_error_t e;
    cr_assert_eq(mip_compare(r, cand, 1, &s, &in, &res, &e), MIP_OK, "%s", e.text);
    assert_near(res.lambda_month.total_usd, 2.00027504, 1e-9);
    assert_near(res.lambda_period.total_usd, 2.00027504 * 24.0 / 730.0, 1e-9);
    /* the one day holds the period's bill, split as its lines are: requests
     * 0.3256 x 24 / 730 = 0.0107046575..., duration 1.67467504 x 24 / 730
     * (the free tier taken off each, not list prices) */
    cr_assert_eq(res.n_days, 1);
    assert_near(res.days[0].lambda_requests_usd, 0.3256 * 24.0 / 730.0, 1e-12);
    assert_near(res.days[0].lambda_duration_usd, 1.67467504 * 24.0 / 730.0, 1e-12);
    assert_near(res.days[0].lambda_usd, res.lambda_period.total_usd, 1e-12);
    assert_near(res.days[0].lmi_requests, 86400.0, 1e-9);
    mip_compare_result_free(&res);
    /* with a Savings Plan on duration as well: 17% off the duration only */
    in.price.lambda_savings_plan = 0.17;
    cr_assert_eq(mip_compare(r, cand, 1, &s, &in, &res, &e), MIP_OK, "%s", e.text);
    assert_near(res.days[0].lambda_requests_usd, 0.3256 * 24.0 / 730.0, 1e-12);
    assert_near(res.days[0].lambda_duration_usd, 1.67467504 * 0.83 * 24.0 / 730.0, 1e-12);
    mip_compare_result_free(&res);
    free(s.iv);
    mip_catalog_free(cat);
}

/* ------------------------------------------------------------------------ */
/* Schedules                                                                 */

/* 100 rps from 08:00 to 20:00, nothing else, on c7g.xlarge (8 environments
 * on 3 instances when busy, the floor of 3 instances when idle). */
static double office_hours(size_t i, void *u)
{
    (void)u;
    size_t m = i % 1440;
    return m >= 8 * 60 && m < 20 * 60 ? 100.0 : 0.0;
}

/* Always on: 3 instances all day, 72 instance-hours. Off from 21:00 to
 * 07:00: at 21:00 the 3 instances drain for 2 minutes (0.1 h), at 07:00 3
 * launch and bill from then: 3 x 14 h + 0.1 = 42.1. The first minute of
 * traffic finds the 3 minimum environments: 3 x 22.5 x 60 = 4050 of 6000
 * served, 1950 throttled, with or without the schedule. */
Test(schedule, nightly_deactivation_saves_instance_hours)
{
    mip_series_t s = make(1440, office_hours, NULL, 200.0);
    s.start_s = 1714521600.0; /* midnight UTC */
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_lmi_sim_t on, off;
    mip_error_t e;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &on, NULL, &e), MIP_OK, "%s",
                 e.text);
    assert_near(on.instance_hours, 72.0, 1e-9);
    assert_near(on.throttled_requests, 1950.0, 1e-6);
    mip_schedule_t *sched;
    cr_assert_eq(
        mip_schedule_load(test_path("data/schedules/nightly_off.csv"), &sched, &e),
        MIP_OK, "%s", e.text);
    sc.schedule = sched;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &off, NULL, &e), MIP_OK, "%s",
                 e.text);
    assert_near(off.instance_hours, 42.1, 1e-9);
    assert_near(off.throttled_requests, 1950.0, 1e-6);
    cr_assert_eq(off.failed_requests, 0.0);
    /* traffic while deactivated fails: 1 rps from 22:00 to 23:00 */
    for (size_t i = 22 * 60; i < 23 * 60; i++)
        s.iv[i].invocations = 60.0;
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &off, NULL, &e), MIP_OK);
    assert_near(off.failed_requests, 3600.0, 1e-9);
    mip_schedule_free(sched);
    free(s.iv);
}

/* Absolute windows: deactivated until 06:00, then at least 6 environments:
 * 2 instances of 3... but the floor of 3; from 06:00 3 instances launch (for
 * 6 environments, 2 would do), the traffic at 08:00 wants 8: still 3. So 18
 * hours x 3 = 54 instance-hours. */
Test(schedule, absolute_windows_and_minimums)
{
    mip_series_t s = make(1440, office_hours, NULL, 200.0);
    s.start_s = 1714521600.0;
    mip_workload_t w = api();
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_scaler_t sc = MIP_SCALER_INIT;
    mip_schedule_t *sched;
    mip_error_t e;
    cr_assert_eq(mip_schedule_load(test_path("data/schedules/absolute.csv"), &sched, &e),
                 MIP_OK, "%s", e.text);
    cr_assert_eq(mip_schedule_count(sched), 2);
    const mip_schedule_window_t *w1 = mip_schedule_at(sched, 1);
    cr_assert_eq(w1->min_envs, 6);
    cr_assert_eq(w1->max_envs, MIP_UNLIMITED);
    cr_assert_null(mip_schedule_find(sched, 1714521600.0 + 86400.0));
    cr_assert_eq(mip_schedule_find(sched, 1714521600.0 + 3600.0)->max_envs, 0);
    sc.schedule = sched;
    mip_lmi_sim_t out;
    mip_sim_interval_t *iv = calloc(1440, sizeof *iv);
    cr_assert_eq(mip_sim_lmi(&s, &w, &c, &sc, &c7g_xlarge, &out, iv, &e), MIP_OK, "%s",
                 e.text);
    assert_near(out.instance_hours, 54.0, 1e-9);
    assert_near(iv[7 * 60].lmi_envs, 6.0, 1e-9);
    /* the 6 environments serve 6 x 22.5 = 135 > 100 rps at 08:00 */
    cr_assert_eq(out.throttled_requests, 0.0);
    free(iv);
    mip_schedule_free(sched);
    free(s.iv);
}

typedef struct {
    char file[48];
    int code;
    long line, column;
    char text[64];
} bad_sched_t;

ParameterizedTestParameters(schedule, bad_files)
{
    static bad_sched_t cases[] = {
        {"bad_rule.csv", MIP_ERULE, 2, 3, "only valid with max_envs 0"},
        {"bad_order.csv", MIP_ERULE, 2, 3, "above max_envs"},
        {"bad_number.csv", MIP_EPARSE, 2, 3, "'x' is not a whole number"},
        {"missing.csv", MIP_ESCHEMA, 1, 0, "missing column 'max_envs'"},
        {"mixed.csv", MIP_EPARSE, 2, 2, "both be times of day"},
        {"no_such.csv", MIP_EIO, 0, 0, "cannot open"},
    };
    return cr_make_param_array(bad_sched_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_sched_t *b, schedule, bad_files)
{
    char rel[96];
    snprintf(rel, sizeof rel, "data/schedules/%s", b->file);
    mip_schedule_t *s = (mip_schedule_t *)1;
    mip_error_t e;
    cr_assert_eq(mip_schedule_load(test_path(rel), &s, &e), b->code, "%s", e.text);
    cr_assert_null(s);
    cr_assert_eq(e.line, b->line, "%s", e.text);
    cr_assert_eq(e.column, b->column, "%s", e.text);
    cr_assert(strstr(e.text, b->text), "'%s' lacks '%s'", e.text, b->text);
}
