/*
 * test_breakeven.c - plans (cheapest LMI sizing, Lambda beside it) and the
 * breakeven rate. The region and instances are built by hand (us-east-1
 * rates of DOMAIN.md); the expected rates are solved by hand in comments.
 */
#include "testutil.h"

static mip_region_t use1(void)
{
    mip_region_t r;
    memset(&r, 0, sizeof r);
    r.code = "us-east-1";
    r.name = "US East (N. Virginia)";
    mip_lambda_arch_rates_t x86 = {
        0.20,
        3,
        {{6e9, 0.0000166667}, {15e9, 0.000015}, {INFINITY, 0.0000133334}},
        0.0000041667,
        0.0000097222};
    mip_lambda_arch_rates_t arm = {
        0.20,
        3,
        {{7.5e9, 0.0000133334}, {18.75e9, 0.0000120001}, {INFINITY, 0.0000106667}},
        0.0000033334,
        0.0000077778};
    r.lambda[MIP_ARCH_X86_64] = x86;
    r.lambda[MIP_ARCH_ARM64] = arm;
    r.ephemeral_usd_per_gb_s = 0.0000000309;
    r.free_tier_requests = 1e6;
    r.free_tier_gb_s = 4e5;
    r.lmi_available = 1;
    r.lmi_request_usd_per_million = 0.20;
    r.lmi_management_fee_fraction = 0.15;
    return r;
}

static const mip_instance_t m7i_large = {"m7i.large",     "us-east-1", 2,     8,
                                         MIP_ARCH_X86_64, 0.1008,      "test"};
static const mip_instance_t m7i_xlarge = {"m7i.xlarge",    "us-east-1", 4,     16,
                                          MIP_ARCH_X86_64, 0.2016,      "test"};
static const mip_instance_t c7i_xlarge = {"c7i.xlarge",    "us-east-1", 4,     8,
                                          MIP_ARCH_X86_64, 0.1785,      "test"};

/* x86, Node.js, 2048 MB, 100 ms, 50 ms CPU: one environment (1 vCPU) serves
 * min(64 / 0.1, 0.5 / 0.05) = 10 rps. On m7i.large one environment fits
 * (2 - 1 vCPU reserved), so an instance serves 10 rps.
 *   LMI, 3 instances (to 30 rps): 3 x 730 h x 0.1008 x (1 + 0.15) = 253.8648
 *        plus requests 0.5256 per rps (2,628,000 requests a month x 0.2e-6)
 *   Lambda: requests 0.5256 per rps + 2,628,000 x 0.1 s x 2 GB x 0.0000166667
 *           = 8.76001752 per rps
 *   breakeven: 8.76001752 r = 253.8648 -> r = 28.97994204 */
static mip_breakeven_input_t shape(void)
{
    mip_breakeven_input_t in;
    mip_breakeven_input_init(&in);
    in.shape.arch = MIP_ARCH_X86_64;
    in.shape.runtime = MIP_RUNTIME_NODEJS;
    in.shape.duration_ms = 100.0;
    in.shape.cpu_ms = 50.0;
    in.min_rps = 0.1;
    in.max_rps = 1000.0;
    return in;
}

Test(plan, lmi_and_lambda_at_one_rate)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large};
    mip_breakeven_input_t in = shape();
    in.shape.rps = 10.0;
    mip_lmi_plan_t p;
    mip_error_t e;
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_OK, "%s", e.text);
    cr_assert_eq(p.sizing.instances, 3);
    /* 253.8648 + 10 x 0.5256 */
    assert_near(p.bill.total_usd, 253.8648 + 5.256, 1e-9);
    mip_bill_t b;
    cr_assert_eq(mip_plan_lambda(&r, &in.shape, 2048.0, &in.price, &b, &e), MIP_OK, "%s",
                 e.text);
    /* 10 x (0.5256 + 8.76001752) */
    assert_near(b.total_usd, 92.8561752, 1e-9);
}

/* The cheapest candidate wins. At 200 rps (20 environments):
 *   m7i.large: 1 per instance -> 20 x 730 x 0.1008 x 1.15 = 1692.432
 *   m7i.xlarge: 3 per instance (4-1 vCPU) -> 7 x 730 x 0.2016 x 1.15 = 1184.6952
 *   c7i.xlarge: min(3, floor(7/2)=3) -> 7 x 730 x 0.1785 x 1.15 = 1048.95525
 * plus 200 x 0.5256 = 105.12 requests each. */
Test(plan, picks_the_cheapest_type)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large, &m7i_xlarge, &c7i_xlarge};
    mip_breakeven_input_t in = shape();
    in.shape.rps = 200.0;
    mip_lmi_plan_t p;
    mip_error_t e;
    cr_assert_eq(mip_plan_lmi(&r, cands, 3, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_OK, "%s", e.text);
    cr_assert_str_eq(p.sizing.instance->type, "c7i.xlarge");
    cr_assert_eq(p.sizing.instances, 7);
    assert_near(p.bill.total_usd, 1048.95525 + 105.12, 1e-8);

    /* a 72% discount on EC2 only: 7 x 730 x 0.1785 x (0.28 + 0.15) */
    in.price.ec2_discount = 0.72;
    cr_assert_eq(mip_plan_lmi(&r, cands, 3, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_OK);
    assert_near(p.bill.total_usd, 7 * 730 * 0.1785 * 0.43 + 105.12, 1e-8);
}

Test(plan, errors)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large};
    mip_breakeven_input_t in = shape();
    in.shape.rps = 10.0;
    mip_lmi_plan_t p;
    mip_error_t e;
    in.lmi.memory_mb = 1024.0;
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_ERULE);
    cr_assert(strstr(e.text, "MemorySize"), "%s", e.text);
    in = shape();
    in.shape.rps = 10.0;
    in.shape.arch = MIP_ARCH_ARM64; /* no arm64 candidate */
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "x86_64 but the function is arm64"), "%s", e.text);
    const mip_instance_t *two[] = {&m7i_large, &c7i_xlarge};
    cr_assert_eq(mip_plan_lmi(&r, two, 2, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "none of the 2 instance types"), "%s", e.text);
    in = shape();
    in.price.hours_per_month = 800.0;
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_ERANGE);
    in = shape();
    in.price.ec2_discount = 1.0;
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_ERANGE);
    in = shape();
    cr_assert_eq(mip_plan_lmi(&r, cands, 0, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_EINFEASIBLE);
    cr_assert_eq(mip_plan_lmi(NULL, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_EINVAL);
    r.lmi_available = 0;
    cr_assert_eq(mip_plan_lmi(&r, cands, 1, &in.shape, &in.lmi, &in.price, &p, &e),
                 MIP_EUNSUPPORTED);
    mip_bill_t b;
    in.shape.rps = -1.0;
    cr_assert_eq(mip_plan_lambda(&r, &in.shape, 2048.0, &in.price, &b, &e), MIP_ERANGE);
    in.shape.rps = 1.0;
    /* default Lambda stops at 10240 MB */
    cr_assert_eq(mip_plan_lambda(&r, &in.shape, 16384.0, &in.price, &b, &e), MIP_ERANGE);
}

/* On c7i.xlarge three environments fit (4 - 1 vCPU, 8 - 1 GiB), so an
 * instance serves 30 rps for 730 x 0.1785 x 1.15 = 149.85075 a month.
 *   3 instances (to 90 rps): 449.55225; Lambda 8.76001752 per rps more
 *   -> breakeven 449.55225 / 8.76001752 = 51.31864736 rps
 * and past every later step, at 30k rps, f = 262.8k - 149.85 (k + 1) > 0:
 * LMI stays cheaper. */
Test(breakeven, crosses_on_the_first_step)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&c7i_xlarge};
    mip_breakeven_input_t in = shape();
    mip_breakeven_result_t res;
    mip_breakeven_row_t rows[9];
    mip_error_t e;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, rows, 9, &e), MIP_OK, "%s",
                 e.text);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_CROSSES);
    assert_near(res.breakeven_rps, 51.31864736270528, 1e-7);
    assert_near(res.at.lambda_usd, res.at.lmi_usd, 1e-6);
    cr_assert_eq(res.at.instances, 3);
    cr_assert_str_eq(res.at.instance_type, "c7i.xlarge");
    /* 100 instances of 4 vCPU fit in MaxVCpuCount 400: 3000 rps */
    assert_near(res.lmi_max_rps, 3000.0, 1e-9);
    /* rows: 0.1 x 10^(k/2), log-spaced */
    assert_near(rows[0].rps, 0.1, 1e-12);
    assert_near(rows[2].rps, 1.0, 1e-12);
    assert_near(rows[8].rps, 1000.0, 1e-9);
    for (int i = 0; i < 9; i++) {
        cr_assert(rows[i].lmi_feasible);
        if (rows[i].rps < res.breakeven_rps)
            cr_assert(rows[i].lambda_usd < rows[i].lmi_usd, "row %d", i);
        else
            cr_assert(rows[i].lambda_usd > rows[i].lmi_usd, "row %d", i);
    }
    /* at 100 rps: 4 instances; Lambda 928.561752, LMI 4 x 149.85075 + 52.56 */
    assert_near(rows[6].rps, 100.0, 1e-9);
    cr_assert_eq(rows[6].instances, 4);
    assert_near(rows[6].lambda_usd, 928.561752, 1e-8);
    assert_near(rows[6].lmi_usd, 4 * 149.85075 + 52.56, 1e-8);
}

/* On m7i.large one environment fits (an instance serves 10 rps); past the
 * floor of 3 instances LMI steps every 10 rps by 730 x 0.1008 x 1.15 =
 * 84.6216. The floor alone would cross at 253.8648 / 8.76001752 = 28.98 rps,
 * but past 30 rps Lambda is cheaper again. Just after the k-th step f(r) = 8.76001752 r
 * - 84.6216 (k + 1), positive for good only from k = 29 on: f(290+) = 2540.405 - 2538.648
 * > 0, while f(280+) = 2452.805 - 2538.648 < 0. So LMI stays cheaper above 84.6216 x 29
 * / 8.76001752 = 280.13943972 rps, though it is also cheaper at some lower rates (at 275:
 * 2409.005 - 2369.405 > 0). */
Test(breakeven, stays_cheaper_above_the_last_crossing)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large};
    mip_breakeven_input_t in = shape();
    mip_breakeven_result_t res;
    mip_error_t e;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_OK, "%s",
                 e.text);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_CROSSES);
    assert_near(res.breakeven_rps, 280.1394397211206, 1e-6);
    cr_assert_eq(res.at.instances, 29);
    assert_near(res.at.lambda_usd, res.at.lmi_usd, 1e-6);
    /* the same without the floor */
    in.lmi.min_instances = 1;
    in.lmi.min_envs = 1;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_OK);
    assert_near(res.breakeven_rps, 280.1394397211206, 1e-6);
}

Test(breakeven, one_model_cheaper_throughout)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&c7i_xlarge};
    mip_breakeven_input_t in = shape();
    mip_breakeven_result_t res;
    mip_error_t e;
    in.min_rps = 0.1;
    in.max_rps = 50.0; /* below 51.32 */
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_OK, "%s",
                 e.text);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_LAMBDA_CHEAPER);
    cr_assert(isnan(res.breakeven_rps));
    in.min_rps = 60.0;
    in.max_rps = 1000.0;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_OK);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_LMI_CHEAPER);
    cr_assert_eq(res.breakeven_rps, 60.0);
}

/* Above MaxVCpuCount LMI cannot serve: rows say so, and the search stops
 * at the last rate it can serve (2000 rps here). */
Test(breakeven, beyond_max_vcpu)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large};
    mip_breakeven_input_t in = shape();
    in.max_rps = 5000.0;
    mip_breakeven_result_t res;
    mip_breakeven_row_t rows[2];
    mip_error_t e;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, rows, 2, &e), MIP_OK, "%s",
                 e.text);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_CROSSES);
    cr_assert(rows[0].lmi_feasible);
    cr_assert_not(rows[1].lmi_feasible);
    assert_near(rows[1].rps, 5000.0, 1e-9);
}

Test(breakeven, errors)
{
    mip_region_t r = use1();
    const mip_instance_t *cands[] = {&m7i_large};
    mip_breakeven_input_t in = shape();
    mip_breakeven_result_t res;
    mip_error_t e;
    in.min_rps = 0.0;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_ERANGE);
    cr_assert(strstr(e.text, "0 < min < max"), "%s", e.text);
    in = shape();
    in.max_rps = in.min_rps;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_ERANGE);
    in = shape();
    in.lmi.memory_gib_per_vcpu = 3.0;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_ERULE);
    cr_assert(strstr(e.text, "2, 4 or 8"), "%s", e.text);
    in = shape();
    in.lmi.memory_mb = 16384.0; /* fine for LMI, too big for default Lambda */
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_ERANGE);
    cr_assert(strstr(e.text, "10240"), "%s", e.text);
    in = shape();
    in.shape.arch = MIP_ARCH_ARM64;
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 0, &e), MIP_EINFEASIBLE);
    in = shape();
    cr_assert_eq(mip_breakeven(&r, cands, 0, &in, &res, NULL, 0, &e), MIP_EINFEASIBLE);
    cr_assert_eq(mip_breakeven(&r, cands, 1, &in, &res, NULL, 3, &e), MIP_EINVAL);
    cr_assert_eq(mip_breakeven(NULL, cands, 1, &in, &res, NULL, 0, &e), MIP_EINVAL);
}

/* The bundled catalogue and AWS's breakeven question of issue 2: at the
 * reported rate the costs agree within 1%, rows below favour Lambda and
 * rows above favour LMI. */
Test(breakeven, bundled_catalogue_arm64_nodejs)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, NULL), MIP_OK);
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    f.arch = MIP_ARCH_ARM64;
    f.lmi_only = 1;
    const mip_instance_t *cands[256];
    long n = mip_catalog_instances(cat, "us-east-1", &f, cands, 256, NULL);
    cr_assert(n > 10 && n <= 256, "n = %ld", n);
    mip_breakeven_input_t in;
    mip_breakeven_input_init(&in);
    in.shape.arch = MIP_ARCH_ARM64;
    in.shape.runtime = MIP_RUNTIME_NODEJS;
    in.shape.duration_ms = 200.0;
    in.shape.cpu_ms = 40.0;
    mip_breakeven_result_t res;
    mip_breakeven_row_t rows[25];
    mip_error_t e;
    cr_assert_eq(mip_breakeven(r, cands, (size_t)n, &in, &res, rows, 25, &e), MIP_OK,
                 "%s", e.text);
    cr_assert_eq(res.kind, MIP_BREAKEVEN_CROSSES);
    cr_assert(fabs(res.at.lambda_usd - res.at.lmi_usd) <= 0.01 * res.at.lambda_usd);
    /* Three m7g.large (the cheapest floor: 3 x 730 x 0.0816 x 1.15 = 205.5096)
     * against Lambda at 2,628,000 x 0.2 x 2 x 0.0000133334 = 14.01606 per rps,
     * requests cancelling: 205.5096 / 14.01606 = 14.6624 rps. */
    assert_near(res.breakeven_rps, 205.5096 / (2628000 * 0.2 * 2 * 0.0000133334), 1e-6);
    cr_assert_str_eq(res.at.instance_type, "m7g.large");
    for (int i = 0; i < 25; i++) {
        if (!rows[i].lmi_feasible)
            continue;
        if (rows[i].rps < res.breakeven_rps)
            cr_assert(rows[i].lambda_usd < rows[i].lmi_usd, "row %d", i);
        else
            cr_assert(rows[i].lambda_usd > rows[i].lmi_usd, "row %d", i);
    }
    mip_catalog_free(cat);
}
