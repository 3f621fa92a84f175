/*
 * test_lambda_cost.c - the default Lambda pricing model.
 *
 * The region is built by hand with the us-east-1 rates of DOMAIN.md section 4,
 * so these tests do not depend on the catalogue. Every expected cost is worked
 * out by hand in the comments; AWS's own examples (tests/data/
 * aws_published_examples.md, E1 to E6) are checked against AWS's figures.
 */
#include "testutil.h"

#include <criterion/new/assert.h>
#include <criterion/parameterized.h>
#include <stddef.h>

/* us-east-1, DOMAIN.md section 4. */
static mip_region_t use1(void)
{
    mip_region_t r;
    memset(&r, 0, sizeof r);
    r.code = "us-east-1";
    r.name = "US East (N. Virginia)";
    mip_lambda_arch_rates_t *x = &r.lambda[MIP_ARCH_X86_64];
    x->request_usd_per_million = 0.20;
    x->n_tiers = 3;
    x->tiers[0] = (mip_tier_t){6e9, 0.0000166667};
    x->tiers[1] = (mip_tier_t){15e9, 0.000015};
    x->tiers[2] = (mip_tier_t){INFINITY, 0.0000133334};
    x->provisioned_concurrency_usd_per_gb_s = 0.0000041667;
    x->provisioned_duration_usd_per_gb_s = 0.0000097222;
    mip_lambda_arch_rates_t *a = &r.lambda[MIP_ARCH_ARM64];
    a->request_usd_per_million = 0.20;
    a->n_tiers = 3;
    a->tiers[0] = (mip_tier_t){7.5e9, 0.0000133334};
    a->tiers[1] = (mip_tier_t){18.75e9, 0.0000120001};
    a->tiers[2] = (mip_tier_t){INFINITY, 0.0000106667};
    a->provisioned_concurrency_usd_per_gb_s = 0.0000033334;
    a->provisioned_duration_usd_per_gb_s = 0.0000077778;
    r.ephemeral_usd_per_gb_s = 0.0000000309;
    r.free_tier_requests = 1e6;
    r.free_tier_gb_s = 400000.0;
    r.lmi_available = 1;
    r.lmi_request_usd_per_million = 0.20;
    r.lmi_management_fee_fraction = 0.15;
    return r;
}

static mip_lambda_workload_t workload(mip_arch_t arch, double memory_mb, double requests,
                                      double duration_ms)
{
    mip_lambda_workload_t w;
    mip_lambda_workload_init(&w);
    w.arch = arch;
    w.memory_mb = memory_mb;
    w.requests = requests;
    w.duration_ms = duration_ms;
    return w;
}

/* Price ws[0..n) in us-east-1; the call must succeed. */
static void price(const mip_lambda_workload_t *ws, size_t n, int free_tier, double sp,
                  mip_bill_t *bill)
{
    mip_region_t r = use1();
    mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
    o.free_tier = free_tier;
    o.savings_plan_discount = sp;
    mip_error_t err;
    int rc = mip_lambda_cost(&r, ws, n, &o, bill, &err);
    cr_assert_eq(rc, MIP_OK, "mip_lambda_cost: %s", err.text);
    cr_assert_eq(err.code, MIP_OK);
}

static double rel_tol(double want) { return 1e-9 * fmax(1.0, fabs(want)); }

/* The line exists with this quantity and rate, and usd = quantity x rate. */
static void check_line(const mip_bill_t *b, const char *name, double quantity,
                       const char *unit, double rate_usd)
{
    const mip_cost_line_t *l = mip_bill_line(b, name);
    cr_assert_not_null(l, "no line \"%s\"", name);
    assert_near(l->quantity, quantity, rel_tol(quantity));
    cr_assert_str_eq(l->unit, unit, "line \"%s\"", name);
    assert_near(l->rate_usd, rate_usd, 1e-12 * fmax(1e-6, fabs(rate_usd)));
    cr_assert(ieee_ulp_eq(dbl, l->usd, l->quantity * l->rate_usd, 4));
}

static void check_no_line(const mip_bill_t *b, const char *name)
{
    cr_assert_null(mip_bill_line(b, name), "unexpected line \"%s\"", name);
}

/* ------------------------------------------------------------------------ */
/* AWS's published examples (us-east-1, x86)                                 */

Test(lambda_cost, aws_e1_mobile_backend_free_tier)
{
    /* 3M requests x 0.120 s = 360,000 s x 1.5 GB = 540,000 GB-s;
     * - 400,000 free = 140,000 x 0.0000166667 = 2.333338;
     * requests (3M - 1M) x 0.20/M = 0.40; total 2.733338 (AWS: $2.73). */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1536, 3e6, 120);
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "requests", 2e6, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier", 1e6, "requests", 0.0);
    check_line(&b, "duration", 140000, "GB-s", 0.0000166667);
    check_line(&b, "duration free tier", 400000, "GB-s", 0.0);
    assert_near(mip_bill_line(&b, "duration")->usd, 2.333338, 1e-9);
    assert_near(mip_bill_line(&b, "requests")->usd, 0.40, 1e-12);
    cr_assert_eq(b.n_lines, 4);
    assert_near(b.total_usd, 2.733338, 1e-9);
    assert_near(b.total_usd, 2.73, 0.005);
}

Test(lambda_cost, aws_e1_without_free_tier)
{
    /* 540,000 x 0.0000166667 = 9.000018; 3M x 0.20/M = 0.60; total 9.600018. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1536, 3e6, 120);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "requests", 3e6, "requests", 0.20 / 1e6);
    check_line(&b, "duration", 540000, "GB-s", 0.0000166667);
    check_no_line(&b, "requests free tier");
    check_no_line(&b, "duration free tier");
    cr_assert_eq(b.n_lines, 2);
    assert_near(b.total_usd, 9.600018, 1e-9);
}

Test(lambda_cost, aws_e2_streaming_telemetry)
{
    /* 7,440,000 requests x 2 s x 1 GB = 14,880,000 GB-s x 0.0000166667
     * = 248.000496; requests 7.44M x 0.20/M = 1.488; total 249.488496
     * (AWS: 1.49 + 248.00 = $249.49). */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 7440000, 2000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 14880000, "GB-s", 0.0000166667);
    assert_near(mip_bill_line(&b, "requests")->usd, 1.488, 1e-9);
    assert_near(b.total_usd, 249.488496, 1e-8);
    assert_near(b.total_usd, 249.49, 0.005);
}

Test(lambda_cost, aws_e3_ephemeral_storage)
{
    /* 6M x 0.280 s = 1,680,000 s x 4 GB = 6,720,000 GB-s - 400,000 free
     * = 6,320,000 x 0.0000166667 = 105.333544; requests 5M x 0.20/M = 1.00;
     * ephemeral (2048 - 512) / 1024 = 1.5 GB x 1,680,000 s = 2,520,000 GB-s
     * x 0.0000000309 = 0.077868; total 106.411412 (AWS: $106.41). */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 4096, 6e6, 280);
    w.ephemeral_mb = 2048;
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "duration", 6320000, "GB-s", 0.0000166667);
    check_line(&b, "requests", 5e6, "requests", 0.20 / 1e6);
    check_line(&b, "ephemeral storage", 2520000, "GB-s", 0.0000000309);
    assert_near(mip_bill_line(&b, "ephemeral storage")->usd, 0.077868, 1e-10);
    assert_near(b.total_usd, 106.411412, 1e-8);
    assert_near(b.total_usd, 106.41, 0.005);
}

Test(lambda_cost, aws_e4_provisioned_concurrency_launch)
{
    /* PC 100 x 1.5 GB x 8 h (28,800 s, already a multiple of 5 min)
     *   = 4,320,000 GB-s x 0.0000041667 = 18.000144;
     * 500,000 PC requests x 0.1 s x 1.5 GB = 75,000 GB-s x 0.0000097222
     *   = 0.729165 (no free tier);
     * 2.5M on-demand x 0.12 s x 1.5 GB = 450,000 - 400,000 free = 50,000 GB-s
     *   x 0.0000166667 = 0.833335;
     * requests 3M - 1M free (all from the 2.5M on-demand) = 2M x 0.20/M = 0.40;
     * total 19.962644 (AWS: 18 + 0.40 + 0.73 + 0.83 = $19.96). */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1536, 3e6, 120);
    w.pc_count = 100;
    w.pc_hours = 8;
    w.pc_requests = 500000;
    w.pc_duration_ms = 100;
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "provisioned concurrency", 4320000, "GB-s", 0.0000041667);
    check_line(&b, "provisioned duration", 75000, "GB-s", 0.0000097222);
    check_line(&b, "duration", 50000, "GB-s", 0.0000166667);
    check_line(&b, "duration free tier", 400000, "GB-s", 0.0);
    check_line(&b, "requests", 2e6, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier", 1e6, "requests", 0.0);
    assert_near(b.total_usd, 19.962644, 1e-8);
    assert_near(b.total_usd, 19.96, 0.005);
}

Test(lambda_cost, aws_e5_provisioned_concurrency_all_requests)
{
    /* PC 7 x 4 GB = 28 GB x 86,400 s = 2,419,200 GB-s x 0.0000041667
     *   = 10.08008064;
     * 2M PC requests x 0.28 s x 4 GB = 2,240,000 GB-s x 0.0000097222
     *   = 21.777728; requests 2M x 0.20/M = 0.40; total 32.25780864
     * (AWS: $32.26). No on-demand duration: "duration" shows 0. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 4096, 2e6, 280);
    w.pc_count = 7;
    w.pc_hours = 24;
    w.pc_requests = 2e6;
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "provisioned concurrency", 2419200, "GB-s", 0.0000041667);
    check_line(&b, "provisioned duration", 2240000, "GB-s", 0.0000097222);
    check_line(&b, "duration", 0, "GB-s", 0.0000166667);
    check_line(&b, "requests", 2e6, "requests", 0.20 / 1e6);
    cr_assert_eq(b.n_lines, 4);
    assert_near(b.total_usd, 32.25780864, 1e-9);
    assert_near(b.total_usd, 32.26, 0.005);
}

Test(lambda_cost, free_tier_never_covers_provisioned_concurrency)
{
    /* E5 with the free tier asked for: every request is served by PC, so
     * nothing is free and the bill is the same 32.25780864. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 4096, 2e6, 280);
    w.pc_count = 7;
    w.pc_hours = 24;
    w.pc_requests = 2e6;
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_no_line(&b, "requests free tier");
    check_no_line(&b, "duration free tier");
    check_line(&b, "requests", 2e6, "requests", 0.20 / 1e6);
    assert_near(b.total_usd, 32.25780864, 1e-9);
}

Test(lambda_cost, aws_e6_tier_blog_portfolio)
{
    /* 75M x 60 s x 2 GB = 9e9 GB-s: tier 1 6e9 x 0.0000166667 = 100,000.2;
     * tier 2 3e9 x 0.000015 = 45,000; requests 75M x 0.20/M = 15;
     * total 145,015.2. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 2048, 75e6, 60000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_line(&b, "duration tier 2", 3e9, "GB-s", 0.000015);
    check_no_line(&b, "duration tier 3");
    assert_near(b.total_usd, 145015.2, 1e-6);
}

/* ------------------------------------------------------------------------ */
/* Duration tiers                                                            */

Test(lambda_cost, tiers_x86_cross_15b)
{
    /* 2e9 requests x 1 s x 10 GB = 2e10 GB-s:
     * tier 1 6e9 x 0.0000166667 = 100,000.2; tier 2 9e9 x 0.000015 = 135,000;
     * tier 3 5e9 x 0.0000133334 = 66,667; requests 2e9 x 0.20/M = 400;
     * total 302,067.2. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 2e9, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_line(&b, "duration tier 2", 9e9, "GB-s", 0.000015);
    check_line(&b, "duration tier 3", 5e9, "GB-s", 0.0000133334);
    assert_near(b.total_usd, 302067.2, 1e-6);
    /* order: requests, tier 1, 2, 3 */
    cr_assert_eq(b.n_lines, 4);
    cr_assert_str_eq(b.lines[0].name, "requests");
    cr_assert_str_eq(b.lines[1].name, "duration");
    cr_assert_str_eq(b.lines[2].name, "duration tier 2");
    cr_assert_str_eq(b.lines[3].name, "duration tier 3");
}

Test(lambda_cost, tiers_x86_cross_6b)
{
    /* 7e8 x 1 s x 10 GB = 7e9 GB-s: 6e9 x 0.0000166667 = 100,000.2 +
     * 1e9 x 0.000015 = 15,000; requests 7e8 x 0.20/M = 140; total 115,140.2. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 7e8, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_line(&b, "duration tier 2", 1e9, "GB-s", 0.000015);
    check_no_line(&b, "duration tier 3");
    assert_near(b.total_usd, 115140.2, 1e-6);
}

Test(lambda_cost, tiers_x86_exactly_at_boundary)
{
    /* 6e8 x 1 s x 10 GB = 6e9 GB-s exactly: all tier 1, no tier 2 line;
     * 100,000.2 + 120 = 100,120.2. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 6e8, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_no_line(&b, "duration tier 2");
    assert_near(b.total_usd, 100120.2, 1e-6);
}

Test(lambda_cost, tiers_arm64_cross_7_5b_and_18_75b)
{
    /* arm64, 2e9 x 1 s x 10 GB = 2e10 GB-s:
     * tier 1 7.5e9 x 0.0000133334 = 100,000.5;
     * tier 2 11.25e9 x 0.0000120001 = 135,001.125;
     * tier 3 1.25e9 x 0.0000106667 = 13,333.375; requests 400;
     * total 248,735. */
    mip_lambda_workload_t w = workload(MIP_ARCH_ARM64, 10240, 2e9, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration", 7.5e9, "GB-s", 0.0000133334);
    check_line(&b, "duration tier 2", 11.25e9, "GB-s", 0.0000120001);
    check_line(&b, "duration tier 3", 1.25e9, "GB-s", 0.0000106667);
    assert_near(b.total_usd, 248735.0, 1e-6);
}

Test(lambda_cost, tiers_arm64_cross_7_5b_only)
{
    /* arm64, 8e8 x 1 s x 10 GB = 8e9 GB-s: 7.5e9 x 0.0000133334 = 100,000.5 +
     * 0.5e9 x 0.0000120001 = 6,000.05; requests 160; total 106,160.55. */
    mip_lambda_workload_t w = workload(MIP_ARCH_ARM64, 10240, 8e8, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "duration tier 2", 0.5e9, "GB-s", 0.0000120001);
    check_no_line(&b, "duration tier 3");
    assert_near(b.total_usd, 106160.55, 1e-6);
}

Test(lambda_cost, tiers_shared_by_workloads_of_one_arch)
{
    /* Each: 4e8 x 1 s x 10 GB = 4e9 GB-s, under 6e9 alone
     * (4e9 x 0.0000166667 = 66,666.8 + 80 requests = 66,746.8).
     * Together: 8e9 GB-s: 6e9 x 0.0000166667 = 100,000.2 + 2e9 x 0.000015
     * = 30,000; requests 8e8 x 0.20/M = 160; total 130,160.2. */
    mip_lambda_workload_t ws[2] = {workload(MIP_ARCH_X86_64, 10240, 4e8, 1000),
                                   workload(MIP_ARCH_X86_64, 10240, 4e8, 1000)};
    mip_bill_t b;
    price(ws, 1, 0, 0.0, &b);
    check_no_line(&b, "duration tier 2");
    assert_near(b.total_usd, 66746.8, 1e-6);
    price(ws, 2, 0, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_line(&b, "duration tier 2", 2e9, "GB-s", 0.000015);
    check_line(&b, "requests", 8e8, "requests", 0.20 / 1e6);
    assert_near(b.total_usd, 130160.2, 1e-6);
}

Test(lambda_cost, tiers_are_per_architecture)
{
    /* x86 4e9 GB-s + arm64 4e9 GB-s: 8e9 in all, but neither architecture
     * reaches its tier 2. x86 4e9 x 0.0000166667 = 66,666.8; arm64 4e9 x
     * 0.0000133334 = 53,333.6; requests 2 x 80; total 120,160.4. */
    mip_lambda_workload_t ws[2] = {workload(MIP_ARCH_X86_64, 10240, 4e8, 1000),
                                   workload(MIP_ARCH_ARM64, 10240, 4e8, 1000)};
    mip_bill_t b;
    price(ws, 2, 0, 0.0, &b);
    check_line(&b, "duration (x86_64)", 4e9, "GB-s", 0.0000166667);
    check_line(&b, "duration (arm64)", 4e9, "GB-s", 0.0000133334);
    check_line(&b, "requests (x86_64)", 4e8, "requests", 0.20 / 1e6);
    check_line(&b, "requests (arm64)", 4e8, "requests", 0.20 / 1e6);
    check_no_line(&b, "duration tier 2 (x86_64)");
    check_no_line(&b, "duration tier 2 (arm64)");
    check_no_line(&b, "requests");
    check_no_line(&b, "duration");
    cr_assert_eq(b.n_lines, 4);
    assert_near(b.total_usd, 120160.4, 1e-6);
}

Test(lambda_cost, tier_names_carry_the_arch_suffix)
{
    /* x86 7e9 GB-s (crosses 6e9) with a small arm64 workload. */
    mip_lambda_workload_t ws[2] = {workload(MIP_ARCH_X86_64, 10240, 7e8, 1000),
                                   workload(MIP_ARCH_ARM64, 1024, 1000, 100)};
    mip_bill_t b;
    price(ws, 2, 0, 0.0, &b);
    check_line(&b, "duration tier 2 (x86_64)", 1e9, "GB-s", 0.000015);
    /* arm64: 1000 x 0.1 s x 1 GB = 100 GB-s */
    check_line(&b, "duration (arm64)", 100, "GB-s", 0.0000133334);
    /* x86 lines first, then arm64 */
    cr_assert_str_eq(b.lines[0].name, "requests (x86_64)");
    cr_assert_str_eq(b.lines[1].name, "duration (x86_64)");
    cr_assert_str_eq(b.lines[2].name, "duration tier 2 (x86_64)");
    cr_assert_str_eq(b.lines[3].name, "requests (arm64)");
    cr_assert_str_eq(b.lines[4].name, "duration (arm64)");
    cr_assert_eq(b.n_lines, 5);
}

/* ------------------------------------------------------------------------ */
/* Free tier                                                                 */

Test(lambda_cost, free_tier_goes_to_workloads_in_order)
{
    /* w0 arm64 300,000 requests x 1 s x 1 GB = 300,000 GB-s, all free;
     * w1 x86 600,000 x 0.5 s x 1 GB = 300,000 GB-s: 100,000 free left,
     * 200,000 billed x 0.0000166667 = 3.33334. Requests: 900,000 < 1M, all
     * free. Total 3.33334. */
    mip_lambda_workload_t ws[2] = {workload(MIP_ARCH_ARM64, 1024, 300000, 1000),
                                   workload(MIP_ARCH_X86_64, 1024, 600000, 500)};
    mip_bill_t b;
    price(ws, 2, 1, 0.0, &b);
    check_line(&b, "requests (arm64)", 0, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier (arm64)", 300000, "requests", 0.0);
    check_line(&b, "duration (arm64)", 0, "GB-s", 0.0000133334);
    check_line(&b, "duration free tier (arm64)", 300000, "GB-s", 0.0);
    check_line(&b, "requests (x86_64)", 0, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier (x86_64)", 600000, "requests", 0.0);
    check_line(&b, "duration (x86_64)", 200000, "GB-s", 0.0000166667);
    check_line(&b, "duration free tier (x86_64)", 100000, "GB-s", 0.0);
    assert_near(b.total_usd, 3.33334, 1e-10);

    /* The other way round, x86 first: x86 300,000 GB-s all free, arm64 gets
     * 100,000 free: 200,000 x 0.0000133334 = 2.66668. */
    mip_lambda_workload_t tmp = ws[0];
    ws[0] = ws[1];
    ws[1] = tmp;
    price(ws, 2, 1, 0.0, &b);
    check_line(&b, "duration (arm64)", 200000, "GB-s", 0.0000133334);
    check_line(&b, "duration (x86_64)", 0, "GB-s", 0.0000166667);
    assert_near(b.total_usd, 2.66668, 1e-10);
}

Test(lambda_cost, free_tier_is_one_pool_for_the_bill)
{
    /* Two x86 workloads of 700,000 requests x 0.1 s x 0.125 GB = 8,750 GB-s
     * each: 17,500 GB-s, all free; requests 1.4M - 1M free = 400,000 x
     * 0.20/M = 0.08. */
    mip_lambda_workload_t ws[2] = {workload(MIP_ARCH_X86_64, 128, 700000, 100),
                                   workload(MIP_ARCH_X86_64, 128, 700000, 100)};
    mip_bill_t b;
    price(ws, 2, 1, 0.0, &b);
    check_line(&b, "requests", 400000, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier", 1e6, "requests", 0.0);
    check_line(&b, "duration", 0, "GB-s", 0.0000166667);
    check_line(&b, "duration free tier", 17500, "GB-s", 0.0);
    cr_assert_eq(b.n_lines, 4);
    assert_near(b.total_usd, 0.08, 1e-12);
}

Test(lambda_cost, free_tier_is_taken_before_tiers)
{
    /* 600,040,000 x 1 s x 10 GB = 6,000,400,000 GB-s, less 400,000 free = 6e9
     * exactly: all tier 1, no tier 2. 6e9 x 0.0000166667 = 100,000.2;
     * requests (600,040,000 - 1M) x 0.20/M = 119.808; total 100,120.008. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 600040000, 1000);
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "duration", 6e9, "GB-s", 0.0000166667);
    check_no_line(&b, "duration tier 2");
    assert_near(b.total_usd, 100120.008, 1e-6);
}

/* ------------------------------------------------------------------------ */
/* Rounding of duration                                                      */

Test(lambda_cost, duration_rounds_up_to_1_ms)
{
    /* 1M requests x 1 GB: 120.2 ms bills 121 ms -> 121,000 GB-s x
     * 0.0000166667 = 2.0166707; 120 ms bills 120 -> 120,000 GB-s; a value a
     * hair above 120 from floating noise still bills 120; 0 ms bills 1 ms ->
     * 1,000 GB-s. */
    static const struct {
        double ms, gb_s;
    } cases[] = {{120.2, 121000},    {120.0, 120000}, {120.0 + 1e-11, 120000},
                 {119.0001, 120000}, {0.0, 1000},     {0.4, 1000}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1e6, cases[i].ms);
        mip_bill_t b;
        price(&w, 1, 0, 0.0, &b);
        check_line(&b, "duration", cases[i].gb_s, "GB-s", 0.0000166667);
    }
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1e6, 120.2);
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    assert_near(mip_bill_line(&b, "duration")->usd, 2.0166707, 1e-10);
}

Test(lambda_cost, no_requests_bill_nothing)
{
    /* 0 requests: no 1 ms minimum, the two mandatory lines at 0. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 0, 0);
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    cr_assert_eq(b.n_lines, 2);
    check_line(&b, "requests", 0, "requests", 0.20 / 1e6);
    check_line(&b, "duration", 0, "GB-s", 0.0000166667);
    cr_assert(ieee_ulp_eq(dbl, b.total_usd, 0.0, 4));
}

/* ------------------------------------------------------------------------ */
/* Provisioned concurrency                                                   */

Test(lambda_cost, pc_time_rounds_up_to_5_minutes)
{
    /* 10 x 1 GB configured:
     * 1 h 1 min = 3,660 s bills 65 min = 3,900 s -> 39,000 GB-s x
     *   0.0000041667 = 0.1625013;
     * 1 h 1 s bills 3,900 s too; 30 min bills 1,800 s exactly; 1 h 5 min
     * bills 3,900 s; a whole month of 730 h bills 2,628,000 s ->
     * 26,280,000 GB-s x 0.0000041667 = 109.500876. */
    static const struct {
        double hours, billed_s;
    } cases[] = {{61.0 / 60.0, 3900}, {1.0 + 1.0 / 3600.0, 3900}, {0.5, 1800},
                 {65.0 / 60.0, 3900}, {730.0, 2628000},           {744.0, 2678400},
                 {1.0 / 3600.0, 300}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 0, 0);
        w.pc_count = 10;
        w.pc_hours = cases[i].hours;
        mip_bill_t b;
        price(&w, 1, 0, 0.0, &b);
        check_line(&b, "provisioned concurrency", 10 * cases[i].billed_s, "GB-s",
                   0.0000041667);
    }
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 0, 0);
    w.pc_count = 10;
    w.pc_hours = 61.0 / 60.0;
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    assert_near(b.total_usd, 0.1625013, 1e-10);
    w.pc_hours = 730;
    price(&w, 1, 0, 0.0, &b);
    assert_near(b.total_usd, 109.500876, 1e-9);
}

Test(lambda_cost, pc_duration_defaults_to_duration_and_rounds)
{
    /* x86 2 GB, 1M requests at 200 ms, 400,000 of them on PC 5 x 100 h:
     * PC 5 x 2 GB x 360,000 s = 3,600,000 GB-s x 0.0000041667 = 15.00012;
     * PC duration 400,000 x 0.2 s x 2 GB = 160,000 x 0.0000097222 = 1.555552;
     * on-demand 600,000 x 0.2 x 2 = 240,000 GB-s, all free;
     * requests: 600,000 on-demand free, 400,000 x 0.20/M = 0.08;
     * total 16.635672. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 2048, 1e6, 200);
    w.pc_count = 5;
    w.pc_hours = 100;
    w.pc_requests = 400000;
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "provisioned concurrency", 3600000, "GB-s", 0.0000041667);
    check_line(&b, "provisioned duration", 160000, "GB-s", 0.0000097222);
    check_line(&b, "duration", 0, "GB-s", 0.0000166667);
    check_line(&b, "duration free tier", 240000, "GB-s", 0.0);
    check_line(&b, "requests", 400000, "requests", 0.20 / 1e6);
    check_line(&b, "requests free tier", 600000, "requests", 0.0);
    assert_near(b.total_usd, 16.635672, 1e-9);

    /* PC requests of 150.5 ms bill 151 ms: 400,000 x 0.151 x 2 = 120,800
     * GB-s x 0.0000097222 = 1.17444176; total 15.00012 + 1.17444176 + 0.08
     * = 16.25456176. */
    w.pc_duration_ms = 150.5;
    price(&w, 1, 1, 0.0, &b);
    check_line(&b, "provisioned duration", 120800, "GB-s", 0.0000097222);
    assert_near(b.total_usd, 16.25456176, 1e-9);
}

Test(lambda_cost, pc_arm64_rates)
{
    /* arm64 1 GB, PC 4 x 1 h = 4 x 3,600 = 14,400 GB-s x 0.0000033334
     * = 0.04800096; 10,000 PC requests x 0.05 s x 1 GB = 500 GB-s x
     * 0.0000077778 = 0.0038889; requests 10,000 x 0.20/M = 0.002;
     * total 0.05388986. */
    mip_lambda_workload_t w = workload(MIP_ARCH_ARM64, 1024, 10000, 50);
    w.pc_count = 4;
    w.pc_hours = 1;
    w.pc_requests = 10000;
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "provisioned concurrency", 14400, "GB-s", 0.0000033334);
    check_line(&b, "provisioned duration", 500, "GB-s", 0.0000077778);
    assert_near(b.total_usd, 0.05388986, 1e-12);
}

/* ------------------------------------------------------------------------ */
/* Ephemeral storage                                                         */

Test(lambda_cost, ephemeral_storage_above_512_mb)
{
    /* 1 GB memory, 10,240 MB ephemeral: (10240 - 512) / 1024 = 9.5 GB;
     * 1M x 0.1 s = 100,000 s -> 950,000 GB-s x 0.0000000309 = 0.029355;
     * duration 100,000 GB-s x 0.0000166667 = 1.66667; requests 0.20;
     * total 1.896025. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1e6, 100);
    w.ephemeral_mb = 10240;
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "ephemeral storage", 950000, "GB-s", 0.0000000309);
    assert_near(b.total_usd, 1.896025, 1e-10);

    /* 512 MB is included: no line. */
    w.ephemeral_mb = 512;
    price(&w, 1, 0, 0.0, &b);
    check_no_line(&b, "ephemeral storage");
}

Test(lambda_cost, ephemeral_storage_counts_pc_seconds)
{
    /* 1 extra GB (1536 MB); 600 on-demand requests x 0.1 s = 60 s and 400 PC
     * requests x 0.3 s = 120 s: 180 GB-s. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1000, 100);
    w.ephemeral_mb = 1536;
    w.pc_count = 1;
    w.pc_hours = 1;
    w.pc_requests = 400;
    w.pc_duration_ms = 300;
    mip_bill_t b;
    price(&w, 1, 0, 0.0, &b);
    check_line(&b, "ephemeral storage", 180, "GB-s", 0.0000000309);
}

/* ------------------------------------------------------------------------ */
/* Compute Savings Plans                                                     */

Test(lambda_cost, savings_plan_cuts_duration_not_requests)
{
    /* E1 without free tier, 17% off: 540,000 GB-s x 0.0000166667 x 0.83
     * (= 0.000013833361) = 7.47001494; requests 0.60 unchanged;
     * total 8.07001494. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1536, 3e6, 120);
    mip_bill_t b;
    price(&w, 1, 0, 0.17, &b);
    check_line(&b, "duration", 540000, "GB-s", 0.000013833361);
    check_line(&b, "requests", 3e6, "requests", 0.20 / 1e6);
    assert_near(b.total_usd, 8.07001494, 1e-9);
}

Test(lambda_cost, savings_plan_cuts_pc_not_ephemeral)
{
    /* 1 GB, ephemeral 1536 MB (1 extra GB), 1M requests at 100 ms, 500,000 of
     * them on PC 2 x 10 h at 50 ms; 12% off:
     * on-demand 500,000 x 0.1 x 1 = 50,000 GB-s x 0.000014666696 = 0.7333348
     * PC 2 x 1 x 36,000 = 72,000 GB-s x 0.000003666696 = 0.264002112
     * PC duration 500,000 x 0.05 x 1 = 25,000 GB-s x 0.000008555536
     *   = 0.2138884
     * ephemeral 1 GB x 75,000 s = 75,000 GB-s x 0.0000000309 = 0.0023175
     * requests 1M x 0.20/M = 0.20; total 1.413542812. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1e6, 100);
    w.ephemeral_mb = 1536;
    w.pc_count = 2;
    w.pc_hours = 10;
    w.pc_requests = 500000;
    w.pc_duration_ms = 50;
    mip_bill_t b;
    price(&w, 1, 0, 0.12, &b);
    check_line(&b, "duration", 50000, "GB-s", 0.000014666696);
    check_line(&b, "provisioned concurrency", 72000, "GB-s", 0.000003666696);
    check_line(&b, "provisioned duration", 25000, "GB-s", 0.000008555536);
    check_line(&b, "ephemeral storage", 75000, "GB-s", 0.0000000309);
    check_line(&b, "requests", 1e6, "requests", 0.20 / 1e6);
    assert_near(b.total_usd, 1.413542812, 1e-10);

    /* 100% off leaves requests and ephemeral storage: 0.2023175. */
    price(&w, 1, 0, 1.0, &b);
    assert_near(b.total_usd, 0.2023175, 1e-12);
}

Test(lambda_cost, savings_plan_on_every_tier)
{
    /* 2e10 GB-s x86 (see tiers_x86_cross_15b) at 10% off: duration
     * (100,000.2 + 135,000 + 66,667) = 301,667.2 x 0.9 = 271,500.48;
     * requests 400; total 271,900.48. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 2e9, 1000);
    mip_bill_t b;
    price(&w, 1, 0, 0.10, &b);
    check_line(&b, "duration tier 3", 5e9, "GB-s", 0.0000133334 * 0.9);
    assert_near(b.total_usd, 271900.48, 1e-6);
}

/* ------------------------------------------------------------------------ */
/* Options, init, lines                                                      */

Test(lambda_cost, workload_init_defaults)
{
    mip_lambda_workload_t w;
    memset(&w, 0xff, sizeof w);
    mip_lambda_workload_init(&w);
    cr_assert_eq(w.arch, MIP_ARCH_X86_64);
    cr_assert(ieee_ulp_eq(dbl, w.memory_mb, 128.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.ephemeral_mb, 512.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.requests, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.duration_ms, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.pc_count, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.pc_hours, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.pc_requests, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, w.pc_duration_ms, 0.0, 0));
    mip_lambda_workload_init(NULL); /* tolerated */
}

Test(lambda_cost, null_options_mean_defaults)
{
    /* No free tier, no discount: E1 at 9.600018. err may be NULL. */
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1536, 3e6, 120);
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, NULL), MIP_OK);
    assert_near(b.total_usd, 9.600018, 1e-9);
}

Test(lambda_cost, line_order_single_arch)
{
    /* Every kind of line at once, in the documented order. */
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 10240, 7e8, 1000);
    w.ephemeral_mb = 1024;
    w.pc_count = 1;
    w.pc_hours = 1;
    w.pc_requests = 1000;
    mip_bill_t b;
    price(&w, 1, 1, 0.0, &b);
    static const char *const names[] = {"requests",
                                        "requests free tier",
                                        "duration",
                                        "duration tier 2",
                                        "duration free tier",
                                        "ephemeral storage",
                                        "provisioned concurrency",
                                        "provisioned duration"};
    cr_assert_eq(b.n_lines, sizeof names / sizeof names[0]);
    for (size_t i = 0; i < b.n_lines; i++)
        cr_assert_str_eq(b.lines[i].name, names[i]);
}

Test(lambda_cost, success_clears_err)
{
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1, 1);
    mip_error_t err;
    err.code = MIP_EIO;
    snprintf(err.text, sizeof err.text, "stale");
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_OK);
    cr_assert_eq(err.code, MIP_OK);
    cr_assert_str_eq(err.text, "");
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

struct bad_field {
    size_t offset; /* of a double field of mip_lambda_workload_t */
    double value;
    int code;
    char text[96]; /* inline: the worker may not share the parent's addresses */
};

#define FIELD(f) offsetof(mip_lambda_workload_t, f)

ParameterizedTestParameters(lambda_cost, rejects_bad_field)
{
    static struct bad_field cases[] = {
        {FIELD(memory_mb), 64, MIP_ERANGE,
         "workload 0: memory_mb must be between 128 and 10240, not 64"},
        {FIELD(memory_mb), 10241, MIP_ERANGE,
         "workload 0: memory_mb must be between 128 and 10240, not 10241"},
        {FIELD(memory_mb), NAN, MIP_ERANGE,
         "workload 0: memory_mb must be a finite number"},
        {FIELD(ephemeral_mb), 256, MIP_ERANGE,
         "workload 0: ephemeral_mb must be between 512 and 10240, not 256"},
        {FIELD(ephemeral_mb), 10752, MIP_ERANGE,
         "workload 0: ephemeral_mb must be between 512 and 10240, not 10752"},
        {FIELD(requests), -1, MIP_ERANGE,
         "workload 0: requests must be at least 0, not -1"},
        {FIELD(requests), INFINITY, MIP_ERANGE,
         "workload 0: requests must be a finite number"},
        {FIELD(requests), NAN, MIP_ERANGE,
         "workload 0: requests must be a finite number"},
        {FIELD(duration_ms), -0.5, MIP_ERANGE,
         "workload 0: duration_ms must be at least 0, not -0.5"},
        {FIELD(duration_ms), INFINITY, MIP_ERANGE,
         "workload 0: duration_ms must be a finite number"},
        {FIELD(pc_count), -1, MIP_ERANGE,
         "workload 0: pc_count must be at least 0, not -1"},
        {FIELD(pc_count), NAN, MIP_ERANGE,
         "workload 0: pc_count must be a finite number"},
        {FIELD(pc_count), 2.5, MIP_EINVAL,
         "workload 0: pc_count must be a whole number, not 2.5"},
        {FIELD(pc_hours), 745, MIP_ERANGE,
         "workload 0: pc_hours must be between 0 and 744, not 745"},
        {FIELD(pc_hours), -1, MIP_ERANGE,
         "workload 0: pc_hours must be between 0 and 744, not -1"},
        {FIELD(pc_requests), 1001, MIP_ERANGE,
         "workload 0: pc_requests must be between 0 and 1000, not 1001"},
        {FIELD(pc_requests), -1, MIP_ERANGE,
         "workload 0: pc_requests must be between 0 and 1000, not -1"},
        {FIELD(pc_duration_ms), -1, MIP_ERANGE,
         "workload 0: pc_duration_ms must be at least 0, not -1"},
        {FIELD(pc_duration_ms), NAN, MIP_ERANGE,
         "workload 0: pc_duration_ms must be a finite number"},
    };
    return cr_make_param_array(struct bad_field, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad_field *c, lambda_cost, rejects_bad_field)
{
    /* A valid workload with PC configured (1000 requests, 2 x 10 h), one
     * field spoiled. */
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1000, 100);
    w.pc_count = 2;
    w.pc_hours = 10;
    *(double *)((char *)&w + c->offset) = c->value;
    mip_error_t err;
    mip_bill_t b;
    b.n_lines = 5;
    int rc = mip_lambda_cost(&r, &w, 1, NULL, &b, &err);
    cr_assert_eq(rc, c->code, "rc %s, want %s (%s)", mip_errname(rc),
                 mip_errname(c->code), err.text);
    cr_assert_eq(err.code, c->code);
    cr_assert_str_eq(err.text, c->text);
    cr_assert_eq(b.n_lines, 0, "the bill is left empty on error");
    /* err NULL is tolerated: same code */
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, NULL), c->code);
}

Test(lambda_cost, rejects_bad_arch)
{
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload((mip_arch_t)7, 1024, 1000, 100);
    mip_error_t err;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "workload 0: arch must be x86_64 (0) or arm64 (1), not 7");
}

Test(lambda_cost, rejects_pc_requests_without_pc)
{
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1000, 100);
    w.pc_requests = 10;
    w.pc_hours = 2;
    mip_error_t err;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "workload 0: pc_requests is 10 but no provisioned "
                               "concurrency is configured (pc_count 0, pc_hours 2)");
}

Test(lambda_cost, error_names_the_workload_index)
{
    mip_region_t r = use1();
    mip_lambda_workload_t ws[3] = {workload(MIP_ARCH_X86_64, 1024, 1000, 100),
                                   workload(MIP_ARCH_ARM64, 2048, 1000, 100),
                                   workload(MIP_ARCH_X86_64, 20480, 1000, 100)};
    mip_error_t err;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, ws, 3, NULL, &b, &err), MIP_ERANGE);
    cr_assert_str_eq(err.text,
                     "workload 2: memory_mb must be between 128 and 10240, not 20480");
}

Test(lambda_cost, rejects_bad_savings_plan_discount)
{
    static const struct {
        double d;
        const char *text;
    } cases[] = {
        {-0.1, "savings_plan_discount must be between 0 and 1, not -0.1"},
        {1.5, "savings_plan_discount must be between 0 and 1, not 1.5"},
        {NAN, "savings_plan_discount must be a finite number"},
    };
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1000, 100);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
        o.savings_plan_discount = cases[i].d;
        mip_error_t err;
        mip_bill_t b;
        cr_assert_eq(mip_lambda_cost(&r, &w, 1, &o, &b, &err), MIP_ERANGE);
        cr_assert_eq(err.code, MIP_ERANGE);
        cr_assert_str_eq(err.text, cases[i].text);
    }
}

Test(lambda_cost, rejects_null_and_empty_arguments)
{
    mip_region_t r = use1();
    mip_lambda_workload_t w = workload(MIP_ARCH_X86_64, 1024, 1000, 100);
    mip_error_t err;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(NULL, &w, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "region is NULL");
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, NULL, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "bill is NULL");
    cr_assert_eq(mip_lambda_cost(&r, NULL, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "workloads is NULL");
    cr_assert_eq(mip_lambda_cost(&r, &w, 0, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "at least one workload is needed");
    cr_assert_eq(err.code, MIP_EINVAL);
    cr_assert_eq(mip_lambda_cost(NULL, NULL, 0, NULL, NULL, NULL), MIP_EINVAL);
}

Test(lambda_cost, rejects_a_region_without_tiers)
{
    mip_region_t r = use1();
    r.lambda[MIP_ARCH_ARM64].n_tiers = 0;
    mip_lambda_workload_t w = workload(MIP_ARCH_ARM64, 1024, 1000, 100);
    mip_error_t err;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text,
                     "region us-east-1: arm64 duration needs 1 to 8 tiers, not 0");
    cr_assert_eq(b.n_lines, 0);
    /* x86 alone does not need the arm64 tiers */
    w.arch = MIP_ARCH_X86_64;
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_OK);

    r = use1();
    r.lambda[MIP_ARCH_X86_64].tiers[1].up_to_gb_s = 5e9; /* below tier 1's 6e9 */
    cr_assert_eq(mip_lambda_cost(&r, &w, 1, NULL, &b, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "region us-east-1: x86_64 duration tier 2 must end above "
                               "6e+09 GB-s, not at 5e+09");
}
