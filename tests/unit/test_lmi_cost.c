/*
 * test_lmi_cost.c - the Lambda Managed Instances pricing model.
 *
 * The region is built by hand with the us-east-1 LMI rates of DOMAIN.md
 * section 3 ($0.20 per million requests, fee 15% of on-demand), so these
 * tests do not depend on the catalogue. Expected costs are worked out by hand
 * in the comments; AWS's example is E7 of tests/data/aws_published_examples.md.
 */
#include "testutil.h"

#include <criterion/new/assert.h>

static mip_region_t use1(void)
{
    mip_region_t r;
    memset(&r, 0, sizeof r);
    r.code = "us-east-1";
    r.name = "US East (N. Virginia)";
    r.lmi_available = 1;
    r.lmi_request_usd_per_million = 0.20;
    r.lmi_management_fee_fraction = 0.15;
    return r;
}

static mip_lmi_usage_t usage(const char *type, double ondemand, double hours,
                             double discount)
{
    mip_lmi_usage_t u;
    u.instance_type = type;
    u.ondemand_usd_per_hour = ondemand;
    u.instance_hours = hours;
    u.discount = discount;
    u.market = MIP_MARKET_ON_DEMAND;
    return u;
}

static void check_line(const mip_bill_t *b, size_t i, const char *name, double quantity,
                       const char *unit, double rate_usd, double usd)
{
    cr_assert_lt(i, b->n_lines);
    const mip_cost_line_t *l = &b->lines[i];
    cr_assert_str_eq(l->name, name);
    cr_assert_str_eq(l->unit, unit, "line \"%s\"", name);
    assert_near(l->quantity, quantity, 1e-9 * fmax(1.0, fabs(quantity)));
    assert_near(l->rate_usd, rate_usd, 1e-15);
    assert_near(l->usd, usd, 1e-9 * fmax(1.0, fabs(usd)));
}

Test(lmi_cost, aws_e7_high_throughput_api)
{
    /* 100M requests x 0.20/M = 20;
     * EC2 m7g.xlarge 0.1632 x (1 - 0.72) = 0.045696/h x 2,000 h = 91.392
     *   (AWS rounds the rate to 0.0457: 91.40);
     * fee 0.1632 x 0.15 = 0.02448/h x 2,000 h = 48.96 (on-demand, undiscounted);
     * total 160.352 (AWS: $160.36). */
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage("m7g.xlarge", 0.1632, 2000, 0.72);
    mip_bill_t b;
    mip_error_t err;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 100e6, &b, &err), MIP_OK, "%s", err.text);
    cr_assert_eq(err.code, MIP_OK);
    cr_assert_eq(b.n_lines, 3);
    check_line(&b, 0, "requests", 100e6, "requests", 0.20 / 1e6, 20.0);
    check_line(&b, 1, "EC2 m7g.xlarge", 2000, "hours", 0.045696, 91.392);
    check_line(&b, 2, "management fee m7g.xlarge", 2000, "hours", 0.02448, 48.96);
    assert_near(b.total_usd, 160.352, 1e-9);
    assert_near(b.total_usd, 160.36, 0.01);
    cr_assert_eq(mip_bill_line(&b, "EC2 m7g.xlarge"), &b.lines[1]);
}

Test(lmi_cost, several_instance_types)
{
    /* requests 50M x 0.20/M = 10;
     * m7g.xlarge 0.1632 x 730 h, no discount: EC2 119.136, fee 0.02448 x 730
     *   = 17.8704;
     * c7g.2xlarge 0.289 x 1,460 h, 32% off: 0.289 x 0.68 = 0.19652/h ->
     *   286.9192; fee 0.289 x 0.15 = 0.04335/h -> 63.291;
     * r7g.large 0.1071 x 100 h, no discount: EC2 10.71, fee 0.016065/h
     *   -> 1.6065;
     * total 10 + 119.136 + 17.8704 + 286.9192 + 63.291 + 10.71 + 1.6065
     *   = 509.5331. */
    mip_region_t r = use1();
    mip_lmi_usage_t u[3] = {usage("m7g.xlarge", 0.1632, 730, 0.0),
                            usage("c7g.2xlarge", 0.289, 1460, 0.32),
                            usage("r7g.large", 0.1071, 100, 0.0)};
    mip_bill_t b;
    mip_error_t err;
    cr_assert_eq(mip_lmi_cost(&r, u, 3, 50e6, &b, &err), MIP_OK, "%s", err.text);
    cr_assert_eq(b.n_lines, 7);
    check_line(&b, 0, "requests", 50e6, "requests", 0.20 / 1e6, 10.0);
    check_line(&b, 1, "EC2 m7g.xlarge", 730, "hours", 0.1632, 119.136);
    check_line(&b, 2, "management fee m7g.xlarge", 730, "hours", 0.02448, 17.8704);
    check_line(&b, 3, "EC2 c7g.2xlarge", 1460, "hours", 0.19652, 286.9192);
    check_line(&b, 4, "management fee c7g.2xlarge", 1460, "hours", 0.04335, 63.291);
    check_line(&b, 5, "EC2 r7g.large", 100, "hours", 0.1071, 10.71);
    check_line(&b, 6, "management fee r7g.large", 100, "hours", 0.016065, 1.6065);
    assert_near(b.total_usd, 509.5331, 1e-9);
}

Test(lmi_cost, zero_discount_fee_is_15_percent_of_ec2)
{
    /* c7i.xlarge at 0.1785/h x 2,190 h: EC2 390.915, fee 0.026775 x 2,190
     * = 58.63725 (exactly 15% of EC2); no requests: "requests" still shows 0;
     * total 449.55225. */
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage("c7i.xlarge", 0.1785, 2190, 0.0);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 0.0, &b, NULL), MIP_OK);
    check_line(&b, 0, "requests", 0, "requests", 0.20 / 1e6, 0.0);
    check_line(&b, 1, "EC2 c7i.xlarge", 2190, "hours", 0.1785, 390.915);
    check_line(&b, 2, "management fee c7i.xlarge", 2190, "hours", 0.026775, 58.63725);
    assert_near(b.lines[2].usd, 0.15 * b.lines[1].usd, 1e-12);
    assert_near(b.total_usd, 449.55225, 1e-9);
}

Test(lmi_cost, discount_never_reaches_the_fee)
{
    /* The fee line is the same at 0% and 65% off: 0.1632 x 0.15 x 100 h
     * = 2.448; EC2 at 65% off: 0.1632 x 0.35 = 0.05712/h -> 5.712. */
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage("m7g.xlarge", 0.1632, 100, 0.65);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 0.0, &b, NULL), MIP_OK);
    check_line(&b, 1, "EC2 m7g.xlarge", 100, "hours", 0.05712, 5.712);
    check_line(&b, 2, "management fee m7g.xlarge", 100, "hours", 0.02448, 2.448);
    assert_near(b.total_usd, 8.16, 1e-12);
}

Test(lmi_cost, requests_only)
{
    /* n = 0 (and usage NULL): 3M x 0.20/M = 0.60. */
    mip_region_t r = use1();
    mip_bill_t b;
    mip_error_t err;
    cr_assert_eq(mip_lmi_cost(&r, NULL, 0, 3e6, &b, &err), MIP_OK, "%s", err.text);
    cr_assert_eq(b.n_lines, 1);
    check_line(&b, 0, "requests", 3e6, "requests", 0.20 / 1e6, 0.60);
    assert_near(b.total_usd, 0.60, 1e-12);
}

Test(lmi_cost, same_type_twice_gives_two_lines)
{
    /* 2,000 h under a 72% Savings Plan and 500 h on-demand of m7g.xlarge:
     * EC2 91.392 + 81.6 (500 x 0.1632); fee (2,000 + 500) x 0.02448 = 61.2;
     * total 234.192. */
    mip_region_t r = use1();
    mip_lmi_usage_t u[2] = {usage("m7g.xlarge", 0.1632, 2000, 0.72),
                            usage("m7g.xlarge", 0.1632, 500, 0.0)};
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, u, 2, 0.0, &b, NULL), MIP_OK);
    cr_assert_eq(b.n_lines, 5);
    check_line(&b, 3, "EC2 m7g.xlarge", 500, "hours", 0.1632, 81.6);
    assert_near(b.total_usd, 234.192, 1e-9);
}

Test(lmi_cost, zero_hours_still_listed)
{
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage("m7g.large", 0.0816, 0, 0.0);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 1e6, &b, NULL), MIP_OK);
    cr_assert_eq(b.n_lines, 3);
    check_line(&b, 1, "EC2 m7g.large", 0, "hours", 0.0816, 0.0);
    assert_near(b.total_usd, 0.20, 1e-12);
}

Test(lmi_cost, uses_the_region_rates)
{
    /* A made-up region: 0.25/M requests, fee 12%: 4M x 0.25/M = 1.0;
     * 10 h x 0.2 = 2.0; fee 10 x 0.024 = 0.24; total 3.24. */
    mip_region_t r = use1();
    r.code = "xx-test-1";
    r.lmi_request_usd_per_million = 0.25;
    r.lmi_management_fee_fraction = 0.12;
    mip_lmi_usage_t u = usage("c7g.xlarge", 0.2, 10, 0.0);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 4e6, &b, NULL), MIP_OK);
    check_line(&b, 2, "management fee c7g.xlarge", 10, "hours", 0.024, 0.24);
    assert_near(b.total_usd, 3.24, 1e-12);
}

Test(lmi_cost, success_clears_err)
{
    mip_region_t r = use1();
    mip_error_t err;
    err.code = MIP_EIO;
    snprintf(err.text, sizeof err.text, "stale");
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, NULL, 0, 1.0, &b, &err), MIP_OK);
    cr_assert_eq(err.code, MIP_OK);
    cr_assert_str_eq(err.text, "");
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

/* Run with usage u[0..n) and requests; check code and text, and that the
 * bill is left empty; err NULL gives the same code. */
static void check_error(const mip_region_t *r, const mip_lmi_usage_t *u, size_t n,
                        double requests, int code, const char *text)
{
    mip_bill_t b;
    b.n_lines = 9;
    mip_error_t err;
    int rc = mip_lmi_cost(r, u, n, requests, &b, &err);
    cr_assert_eq(rc, code, "rc %s, want %s (%s)", mip_errname(rc), mip_errname(code),
                 err.text);
    cr_assert_eq(err.code, code);
    cr_assert_str_eq(err.text, text);
    cr_assert_eq(b.n_lines, 0, "the bill is left empty on error");
    cr_assert_eq(mip_lmi_cost(r, u, n, requests, &b, NULL), code);
}

Test(lmi_cost, rejects_null_arguments)
{
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage("m7g.xlarge", 0.1632, 1, 0.0);
    mip_error_t err;
    cr_assert_eq(mip_lmi_cost(NULL, &u, 1, 0.0, NULL, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "region is NULL");
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 0.0, NULL, &err), MIP_EINVAL);
    cr_assert_str_eq(err.text, "bill is NULL");
    check_error(&r, NULL, 1, 0.0, MIP_EINVAL, "usage is NULL");
}

Test(lmi_cost, rejects_a_region_without_lmi)
{
    mip_region_t r = use1();
    r.code = "eu-north-1";
    r.lmi_available = 0;
    check_error(&r, NULL, 0, 1e6, MIP_EUNSUPPORTED,
                "Lambda Managed Instances are not available in region eu-north-1");
}

Test(lmi_cost, rejects_bad_requests)
{
    mip_region_t r = use1();
    check_error(&r, NULL, 0, -1.0, MIP_ERANGE, "requests must be at least 0, not -1");
    check_error(&r, NULL, 0, NAN, MIP_ERANGE, "requests must be a finite number");
    check_error(&r, NULL, 0, INFINITY, MIP_ERANGE, "requests must be a finite number");
}

Test(lmi_cost, rejects_spot)
{
    mip_region_t r = use1();
    mip_lmi_usage_t u[2] = {usage("m7g.xlarge", 0.1632, 1, 0.0),
                            usage("c7g.2xlarge", 0.289, 1, 0.0)};
    u[1].market = MIP_MARKET_SPOT;
    check_error(&r, u, 2, 0.0, MIP_EUNSUPPORTED,
                "usage 1 (c7g.2xlarge): Lambda Managed Instances do not run on Spot "
                "instances");
    u[1].market = (mip_market_t)9;
    check_error(&r, u, 2, 0.0, MIP_EINVAL, "usage 1 (c7g.2xlarge): unknown market 9");
}

Test(lmi_cost, rejects_bad_usage)
{
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage(NULL, 0.1632, 1, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_EINVAL, "usage 0: instance_type is NULL");
    u = usage("", 0.1632, 1, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_EINVAL, "usage 0: instance_type is empty");
    u = usage("m7g.xlarge-with-a-name-far-too-long-for-a-bill-line-1", 0.1632, 1, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_EINVAL,
                "usage 0: instance_type is longer than 48 characters");
    u = usage("m7g.xlarge", 0.1632, -1, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_ERANGE,
                "usage 0 (m7g.xlarge): instance_hours must be at least 0, not -1");
    u = usage("m7g.xlarge", 0.1632, NAN, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_ERANGE,
                "usage 0 (m7g.xlarge): instance_hours must be a finite number");
    u = usage("m7g.xlarge", -0.5, 1, 0.0);
    check_error(
        &r, &u, 1, 0.0, MIP_ERANGE,
        "usage 0 (m7g.xlarge): ondemand_usd_per_hour must be at least 0, not -0.5");
    u = usage("m7g.xlarge", INFINITY, 1, 0.0);
    check_error(&r, &u, 1, 0.0, MIP_ERANGE,
                "usage 0 (m7g.xlarge): ondemand_usd_per_hour must be a finite number");
    u = usage("m7g.xlarge", 0.1632, 1, 1.0);
    check_error(&r, &u, 1, 0.0, MIP_ERANGE,
                "usage 0 (m7g.xlarge): discount must be at least 0 and below 1, not 1");
    u = usage("m7g.xlarge", 0.1632, 1, -0.1);
    check_error(
        &r, &u, 1, 0.0, MIP_ERANGE,
        "usage 0 (m7g.xlarge): discount must be at least 0 and below 1, not -0.1");
    u = usage("m7g.xlarge", 0.1632, 1, NAN);
    check_error(&r, &u, 1, 0.0, MIP_ERANGE,
                "usage 0 (m7g.xlarge): discount must be a finite number");
}

Test(lmi_cost, longest_instance_type_fits)
{
    /* 48 characters: "management fee " (15) + 48 = 63, the most a name holds. */
    static const char type[] = "m7gggggggggggggggggggggggggggggggggggggg.8xlarge";
    cr_assert_eq(strlen(type), 48);
    mip_region_t r = use1();
    mip_lmi_usage_t u = usage(type, 1.0, 1, 0.0);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, &u, 1, 0.0, &b, NULL), MIP_OK);
    cr_assert_str_eq(b.lines[2].name,
                     "management fee m7gggggggggggggggggggggggggggggggggggggg.8xlarge");
}

Test(lmi_cost, refuses_types_lmi_cannot_use)
{
    /* C from .xlarge, M and R from .large, nothing else. */
    mip_region_t r = use1();
    const char *bad[] = {"c7g.large", "m7g.medium", "t3.xlarge", "g5.xlarge"};
    for (size_t i = 0; i < 4; i++) {
        mip_lmi_usage_t u = usage(bad[i], 0.1, 1, 0.0);
        mip_bill_t b;
        mip_error_t e;
        cr_assert_eq(mip_lmi_cost(&r, &u, 1, 0.0, &b, &e), MIP_ERULE, "%s", bad[i]);
        cr_assert(strstr(e.text, "cannot back Lambda Managed Instances") != NULL, "%s",
                  e.text);
    }
}

Test(lmi_cost, rejects_more_usages_than_a_bill_holds)
{
    /* 31 usages need 63 lines: fine; 32 need 65: MIP_ETOOMANY. */
    mip_region_t r = use1();
    mip_lmi_usage_t u[32];
    for (size_t i = 0; i < 32; i++)
        u[i] = usage("m7g.xlarge", 0.1632, 1, 0.0);
    mip_bill_t b;
    cr_assert_eq(mip_lmi_cost(&r, u, 31, 0.0, &b, NULL), MIP_OK);
    cr_assert_eq(b.n_lines, 63);
    check_error(&r, u, 32, 0.0, MIP_ETOOMANY,
                "a bill holds at most 64 lines: 32 instance usages need 65");
}
