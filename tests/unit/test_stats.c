/*
 * test_stats.c - statistics of a series, checked by hand.
 */
#include "testutil.h"

static mip_series_t series(mip_interval_t *iv, size_t n)
{
    mip_series_t s;
    memset(&s, 0, sizeof s);
    s.function = "f";
    s.start_s = 0.0;
    s.step_s = 60.0;
    s.n = n;
    s.iv = iv;
    return s;
}

/* Ten minutes: 600 invocations a minute for five, then 1200 for five, all
 * at 100 ms. Rates 10 and 20 rps; concurrency 1 and 2 (Little's law). */
Test(stats, volume_rates_percentiles_growth)
{
    mip_interval_t iv[10];
    for (int i = 0; i < 10; i++) {
        iv[i].invocations = i < 5 ? 600.0 : 1200.0;
        iv[i].duration_ms = 100.0;
        iv[i].p99_duration_ms = iv[i].cpu_ms = iv[i].memory_mb = NAN;
        iv[i].max_concurrency = NAN;
    }
    mip_series_t s = series(iv, 10);
    s.gaps = 1;
    mip_series_stats_t st;
    mip_error_t e;
    cr_assert_eq(mip_series_stats(&s, &st, &e), MIP_OK, "%s", e.text);
    cr_assert_eq(st.intervals, 10);
    cr_assert_eq(st.gaps, 1);
    assert_near(st.span_s, 600.0, 0.0);
    assert_near(st.invocations, 9000.0, 0.0);
    assert_near(st.mean_rps, 15.0, 1e-12);
    assert_near(st.peak_rps, 20.0, 1e-12);
    assert_near(st.mean_duration_ms, 100.0, 1e-12);
    /* sorted concurrency: 1 x5, 2 x5; GSL's quantile interpolates at
     * (n-1)p: p50 -> 4.5 -> 1.5; p90 -> 8.1 -> 2; max 2 */
    assert_near(st.concurrency_p50, 1.5, 1e-12);
    assert_near(st.concurrency_p90, 2.0, 1e-12);
    assert_near(st.concurrency_max, 2.0, 0.0);
    /* 5-minute windows: 3000 then 6000 invocations: growth 2 at minute 5 */
    assert_near(st.growth_5min, 2.0, 1e-12);
    assert_near(st.growth_5min_at_s, 300.0, 0.0);
}

/* A recorded peak concurrency wins over Little's law; quiet windows are no
 * base for growth. */
Test(stats, recorded_concurrency_and_quiet_start)
{
    mip_interval_t iv[10];
    for (int i = 0; i < 10; i++) {
        iv[i].invocations = i < 5 ? 0.0 : 60.0;
        iv[i].duration_ms = i < 5 ? NAN : 1000.0;
        iv[i].p99_duration_ms = iv[i].cpu_ms = iv[i].memory_mb = NAN;
        iv[i].max_concurrency = i == 7 ? 9.0 : NAN;
    }
    mip_series_t s = series(iv, 10);
    mip_series_stats_t st;
    cr_assert_eq(mip_series_stats(&s, &st, NULL), MIP_OK);
    assert_near(st.concurrency_max, 9.0, 0.0);
    cr_assert_eq(st.growth_5min, 1.0);
}

Test(stats, empty_and_errors)
{
    mip_series_t s = series(NULL, 0);
    mip_series_stats_t st;
    cr_assert_eq(mip_series_stats(&s, &st, NULL), MIP_OK);
    cr_assert_eq(st.intervals, 0);
    cr_assert_eq(st.invocations, 0.0);
    s.step_s = 0.0;
    mip_error_t e;
    cr_assert_eq(mip_series_stats(&s, &st, &e), MIP_EINVAL);
    cr_assert_eq(mip_series_stats(NULL, &st, &e), MIP_EINVAL);
}
