/* test_trace.c - trace readers: layouts, resampling, errors with positions.
 *
 * The figures are worked out by hand from the fixtures in data/traces/:
 * 2024-05-01T12:00:00Z is 19844 days x 86400 + 12 h = 1714564800 s. */
#include "testutil.h"

#include "internal.h"

#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include <unistd.h>

#define T0 1714564800.0 /* 2024-05-01T12:00:00Z */

static const char *fixture(const char *name, char *buf, size_t size)
{
    char rel[256];
    snprintf(rel, sizeof rel, "data/traces/%s", name);
    snprintf(buf, size, "%s", test_path(rel));
    return buf;
}

/* Load one fixture; asserts success. */
static mip_trace_t *load1(const char *name, const mip_trace_options_t *opt)
{
    char path[4096];
    const char *p = fixture(name, path, sizeof path);
    mip_trace_t *t = NULL;
    mip_error_t err;
    int rc = mip_trace_load(&p, 1, opt, &t, &err);
    cr_assert_eq(rc, MIP_OK, "%s: %s %s:%ld:%ld: %s", name, mip_errname(rc), err.source,
                 err.line, err.column, err.text);
    cr_assert(t != NULL);
    return t;
}

static const mip_series_t *only_series(const mip_trace_t *t)
{
    cr_assert_eq(mip_trace_series_count(t), 1);
    const mip_series_t *s = mip_trace_series_at(t, 0);
    cr_assert(s != NULL);
    return s;
}

static double total(const mip_series_t *s)
{
    double sum = 0.0;
    for (size_t i = 0; i < s->n; i++)
        sum += s->iv[i].invocations;
    return sum;
}

/* ---------------------------------------------------------------- timestamps */

typedef struct {
    char s[48];
    double want;
} ts_case_t;

ParameterizedTestParameters(trace, timestamp_good)
{
    static ts_case_t cases[] = {
        {"2024-05-01T12:00:00Z", T0},
        {"2024-05-01 12:00:00", T0},
        {"2024-05-01t12:00:00z", T0},
        {"2024-05-01T12:00", T0},
        {"2024-05-01T14:00:00+02:00", T0},
        {"2024-05-01T07:30:00-0430", T0},
        {"2024-05-01T13:00:00+01", T0},
        {"2024-05-01 12:00:00 UTC", T0},
        {"2024-05-01T12:00:00.250Z", T0 + 0.25},
        {"2024-05-01T12:00:00,5Z", T0 + 0.5},
        {"2024-05-01", T0 - 43200.0},
        {"2024-05-02T02:00:00+14:00", T0},
        {"2000-02-29T00:00:00Z", 951782400.0},
        {"1970-01-01T00:00:00Z", 0.0},
        {"1969-12-31T23:59:59Z", -1.0},
        {"1714564800", T0},
        {"1714564800.5", T0 + 0.5},
        {"1714564800123", T0 + 0.123},
        {"86400", 86400.0},
    };
    return cr_make_param_array(ts_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ts_case_t *c, trace, timestamp_good)
{
    double t = -7.0;
    mip_error_t err;
    int rc = mip_parse_timestamp(c->s, strlen(c->s), &t, &err);
    cr_assert_eq(rc, MIP_OK, "%s: %s", c->s, err.text);
    cr_assert(fabs(t - c->want) < 1e-6, "%s -> %.6f, want %.6f", c->s, t, c->want);
}

ParameterizedTestParameters(trace, timestamp_bad)
{
    static ts_case_t cases[] = {
        {"2024-02-30", 0},
        {"2023-02-29", 0},
        {"2024-13-01T00:00:00Z", 0},
        {"2024-05-01T24:00:00Z", 0},
        {"2024-05-01T12:60:00Z", 0},
        {"2024-05-01T12:00:00+2", 0},
        {"2024-05-01T12:00:00Q", 0},
        {"2024-05-01T12:00:00Z x", 0},
        {"2024-05-01T12:00:00.Z", 0},
        {"2024/05/01", 0},
        {"yesterday", 0},
        {"", 0},
        {"12abc", 0},
        {"nan", 0},
        {"+1714564800", 0},
        {"2024-5-1", 0},
    };
    return cr_make_param_array(ts_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ts_case_t *c, trace, timestamp_bad)
{
    double t = -7.0;
    mip_error_t err;
    cr_assert_eq(mip_parse_timestamp(c->s, strlen(c->s), &t, &err), MIP_EPARSE, "'%s'",
                 c->s);
    cr_assert_eq(err.code, MIP_EPARSE);
    cr_assert(strstr(err.text, "is not a timestamp") != NULL, "%s", err.text);
    char quoted[64];
    snprintf(quoted, sizeof quoted, "'%s'", c->s);
    cr_assert(strstr(err.text, quoted) != NULL, "'%s' lacks %s", err.text, quoted);
    cr_assert(ieee_ulp_eq(dbl, t, -7.0, 0), "output changed on error");
}

Test(trace, timestamp_counted_field)
{
    /* not NUL-terminated: only len characters are read */
    const char buf[] = "2024-05-01T12:00:00Zjunk";
    double t = 0.0;
    cr_assert_eq(mip_parse_timestamp(buf, 20, &t, NULL), MIP_OK);
    cr_assert(fabs(t - T0) < 1e-9);
    cr_assert_eq(mip_parse_timestamp(NULL, 3, &t, NULL), MIP_EINVAL);
}

/* ---------------------------------------------------------------- options */

Test(trace, options_init)
{
    mip_trace_options_t o;
    memset(&o, 0xff, sizeof o);
    mip_trace_options_init(&o);
    mip_trace_options_t m = MIP_TRACE_OPTIONS_INIT;
    cr_assert_eq(o.layout, MIP_TRACE_AUTO);
    cr_assert(ieee_ulp_eq(dbl, o.step_s, 60.0, 0));
    cr_assert_eq(o.skip_bad_rows, 0);
    cr_assert(o.columns == NULL && o.progress == NULL && o.azure_memory_path == NULL);
    cr_assert(ieee_ulp_eq(dbl, m.step_s, 60.0, 0));
}

/* ---------------------------------------------------------------- intervals */

Test(trace, iso_with_zone_and_offset)
{
    mip_trace_t *t = load1("iso_zone.csv", NULL);
    const mip_series_t *s = only_series(t);
    cr_assert_str_eq(s->function, "");
    cr_assert(ieee_ulp_eq(dbl, s->start_s, T0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->step_s, 60.0, 0));
    cr_assert_eq(s->n, 3);
    cr_assert_eq(s->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 120.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 250.5, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 60.0, 0)); /* 14:01+02:00 */
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].duration_ms, 100.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[2].invocations, 30.0, 0));
    cr_assert(isnan(s->iv[0].p99_duration_ms) && isnan(s->iv[0].cpu_ms) &&
              isnan(s->iv[0].memory_mb) && isnan(s->iv[0].max_concurrency));
    const mip_trace_info_t *in = mip_trace_info(t);
    cr_assert_eq(in->layout, MIP_TRACE_INTERVALS);
    cr_assert_eq(in->files, 1);
    cr_assert_eq(in->rows, 3);
    cr_assert_eq(in->out_of_order, 0);
    cr_assert_eq(in->merged, 0);
    cr_assert_eq(in->skipped_rows, 0);
    mip_trace_free(t);
}

Test(trace, epoch_seconds_and_milliseconds)
{
    const char *names[] = {"epoch_s.csv", "epoch_ms.csv"};
    for (int k = 0; k < 2; k++) {
        mip_trace_t *t = load1(names[k], NULL);
        const mip_series_t *s = only_series(t);
        cr_assert(ieee_ulp_eq(dbl, s->start_s, T0, 0), "%s", names[k]);
        cr_assert_eq(s->n, 2);
        cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 7.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 12.5, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 9.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[1].duration_ms, 14.5, 0));
        mip_trace_free(t);
    }
}

Test(trace, cloudwatch_spellings)
{
    mip_trace_t *t = load1("cloudwatch.csv", NULL);
    const mip_series_t *s = only_series(t);
    cr_assert_str_eq(s->function, "orders");
    cr_assert_eq(s->n, 2);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 600.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 120.25, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].p99_duration_ms, 480.5, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].max_concurrency, 3.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 900.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].duration_ms, 80.75, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].max_concurrency, 4.0, 0));
    mip_trace_free(t);
}

Test(trace, column_mapping)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.columns = "timestamp=when, duration_ms = Avg";
    mip_trace_t *t = load1("mapped.csv", &o);
    const mip_series_t *s = only_series(t);
    cr_assert(ieee_ulp_eq(dbl, s->start_s, T0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 42.0, 0)); /* "Sum" */
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 3.25, 0));
    mip_trace_free(t);
}

Test(trace, several_functions_sorted)
{
    mip_trace_t *t = load1("functions.csv", NULL);
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *a = mip_trace_series_at(t, 0), *b = mip_trace_series_at(t, 1);
    cr_assert(mip_trace_series_at(t, 2) == NULL);
    cr_assert_str_eq(a->function, "alpha");
    cr_assert_str_eq(b->function, "beta");
    cr_assert(ieee_ulp_eq(dbl, a->start_s, T0, 0));
    cr_assert(ieee_ulp_eq(dbl, b->start_s, T0 + 60.0, 0));
    cr_assert_eq(a->n, 2);
    cr_assert_eq(b->n, 2);
    cr_assert(ieee_ulp_eq(dbl, a->iv[1].duration_ms, 40.0, 0));
    cr_assert(ieee_ulp_eq(dbl, b->iv[1].invocations, 6.0, 0));
    /* alpha 12:01 after beta 12:02: not out of order (per function) */
    cr_assert_eq(mip_trace_info(t)->out_of_order, 0);
    mip_trace_free(t);
}

Test(trace, out_of_order_duplicate_and_gap)
{
    mip_trace_t *t = load1("merge_gap.csv", NULL);
    const mip_series_t *s = only_series(t);
    const mip_trace_info_t *in = mip_trace_info(t);
    cr_assert(ieee_ulp_eq(dbl, s->start_s, T0, 0));
    cr_assert_eq(s->n, 4);
    cr_assert_eq(s->gaps, 1);
    cr_assert_eq(in->out_of_order, 1);
    cr_assert_eq(in->merged, 1);
    cr_assert_eq(in->rows, 4);
    /* 12:00 and 12:00:30 summed: 30 + 10, mean (30 x 10 + 10 x 50) / 40 = 20 */
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 40.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 20.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].p99_duration_ms, 80.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].max_concurrency, 5.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 5.0, 0));
    /* 12:02: the gap */
    cr_assert(ieee_ulp_eq(dbl, s->iv[2].invocations, 0.0, 0));
    cr_assert(isnan(s->iv[2].duration_ms));
    cr_assert(isnan(s->iv[2].max_concurrency));
    cr_assert(ieee_ulp_eq(dbl, s->iv[3].invocations, 10.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[3].duration_ms, 100.0, 0));
    cr_assert(ieee_ulp_eq(dbl, total(s), 55.0, 0));
    mip_trace_free(t);
}

Test(trace, rows_of_300s_spread_over_60s)
{
    mip_trace_t *t = load1("spread300.csv", NULL);
    const mip_series_t *s = only_series(t);
    cr_assert_eq(s->n, 20); /* 12:00 .. 12:19 */
    cr_assert_eq(s->gaps, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert(ieee_ulp_eq(dbl, s->iv[i].invocations, 100.0, 0), "iv[%zu]", i);
        cr_assert(ieee_ulp_eq(dbl, s->iv[i].duration_ms, 20.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[5 + i].invocations, 200.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[5 + i].duration_ms, 30.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[10 + i].invocations, 0.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[15 + i].invocations, 50.0, 0));
        cr_assert(ieee_ulp_eq(dbl, s->iv[15 + i].duration_ms, 40.0, 0));
    }
    cr_assert(ieee_ulp_eq(dbl, total(s), 1750.0, 0));
    mip_trace_free(t);

    /* at their own step, nothing is spread */
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.step_s = 300.0;
    t = load1("spread300.csv", &o);
    s = only_series(t);
    cr_assert_eq(s->n, 4);
    cr_assert_eq(s->gaps, 1);
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 1000.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->step_s, 300.0, 0));
    mip_trace_free(t);
}

Test(trace, coarser_step_sums)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.step_s = 3600.0;
    mip_trace_t *t = load1("merge_gap.csv", &o);
    const mip_series_t *s = only_series(t);
    cr_assert_eq(s->n, 1);
    cr_assert_eq(s->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 55.0, 0));
    /* (10 x 100 + 30 x 10 + 10 x 50 + 5 x 20) / 55 = 1900 / 55 */
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].duration_ms, 1900.0 / 55.0, 4));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].max_concurrency, 5.0, 0));
    mip_trace_free(t);
}

Test(trace, bom_crlf_and_quoted_newline)
{
    mip_trace_t *t = load1("bom_crlf.csv", NULL);
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *a = mip_trace_series_at(t, 0), *b = mip_trace_series_at(t, 1);
    cr_assert_str_eq(a->function, "multi\r\nline");
    cr_assert_str_eq(b->function, "plain");
    cr_assert(ieee_ulp_eq(dbl, a->iv[0].invocations, 10.0, 0));
    cr_assert(ieee_ulp_eq(dbl, b->iv[0].invocations, 20.0, 0));
    cr_assert(ieee_ulp_eq(dbl, b->iv[0].duration_ms, 7.5, 0));
    cr_assert(ieee_ulp_eq(dbl, b->start_s, T0 + 60.0, 0));
    mip_trace_free(t);
}

Test(trace, zero_invocations_may_leave_duration_empty)
{
    mip_trace_t *t = load1("zero_empty_duration.csv", NULL);
    const mip_series_t *s = only_series(t);
    cr_assert_eq(s->n, 2);
    cr_assert_eq(s->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 0.0, 0));
    cr_assert(isnan(s->iv[0].duration_ms));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].duration_ms, 2.5, 0));
    mip_trace_free(t);
}

Test(trace, several_files_merge)
{
    char pa[4096], pb[4096];
    const char *paths[] = {fixture("part_a.csv", pa, sizeof pa),
                           fixture("part_b.csv", pb, sizeof pb)};
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(paths, 2, NULL, &t, &err), MIP_OK, "%s", err.text);
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *f = mip_trace_series_at(t, 0), *g = mip_trace_series_at(t, 1);
    cr_assert_str_eq(f->function, "f");
    cr_assert_str_eq(g->function, "g");
    cr_assert_eq(f->n, 2);
    cr_assert(ieee_ulp_eq(dbl, f->iv[0].invocations, 10.0, 0));
    /* 10 at 10 ms + 30 at 30 ms = 40 at (100 + 900) / 40 = 25 ms */
    cr_assert(ieee_ulp_eq(dbl, f->iv[1].invocations, 40.0, 0));
    cr_assert(ieee_ulp_eq(dbl, f->iv[1].duration_ms, 25.0, 0));
    cr_assert(ieee_ulp_eq(dbl, g->start_s, T0 + 120.0, 0));
    const mip_trace_info_t *in = mip_trace_info(t);
    cr_assert_eq(in->files, 2);
    cr_assert_eq(in->rows, 4);
    cr_assert_eq(in->merged, 1);
    mip_trace_free(t);
}

/* ---------------------------------------------------------------- events */

Test(trace, events_generic)
{
    mip_trace_t *t = load1("events.csv", NULL);
    cr_assert_eq(mip_trace_info(t)->layout, MIP_TRACE_EVENTS);
    cr_assert_eq(mip_trace_info(t)->rows, 6);
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *api = mip_trace_series_at(t, 0);
    cr_assert_str_eq(api->function, "api");
    cr_assert(ieee_ulp_eq(dbl, api->start_s, T0, 0));
    cr_assert_eq(api->n, 4);
    cr_assert_eq(api->gaps, 1);
    cr_assert(ieee_ulp_eq(dbl, api->iv[0].invocations, 3.0, 0));
    cr_assert(ieee_ulp_eq(dbl, api->iv[0].duration_ms, 200.0, 0)); /* (100+300+200)/3 */
    cr_assert(ieee_ulp_eq(dbl, api->iv[1].invocations, 1.0, 0));
    cr_assert(ieee_ulp_eq(dbl, api->iv[1].duration_ms, 50.0, 0));
    cr_assert(ieee_ulp_eq(dbl, api->iv[2].invocations, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, api->iv[3].duration_ms, 70.0, 0));
    cr_assert(isnan(api->iv[0].p99_duration_ms));
    const mip_series_t *w = mip_trace_series_at(t, 1);
    cr_assert_str_eq(w->function, "worker");
    cr_assert_eq(w->n, 1);
    cr_assert(ieee_ulp_eq(dbl, w->iv[0].duration_ms, 10.0, 0));
    mip_trace_free(t);
}

Test(trace, events_azure2021)
{
    mip_trace_t *t = load1("azure2021.csv", NULL);
    cr_assert_eq(mip_trace_info(t)->layout, MIP_TRACE_EVENTS);
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *s = mip_trace_series_at(t, 0);
    cr_assert_str_eq(s->function, "a1/f1");
    cr_assert(ieee_ulp_eq(dbl, s->start_s, 0.0, 0));
    /* starts 10, 58.7, 59 (minute 0) and 124.75 (minute 2) */
    cr_assert_eq(s->n, 3);
    cr_assert_eq(s->gaps, 1);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 3.0, 0));
    assert_near(s->iv[0].duration_ms, (500.0 + 1200.0 + 2000.0) / 3.0, 1e-9);
    cr_assert(ieee_ulp_eq(dbl, s->iv[2].duration_ms, 250.0, 0));
    cr_assert_str_eq(mip_trace_series_at(t, 1)->function, "a2/f1");
    assert_near(mip_trace_series_at(t, 1)->iv[0].duration_ms, 100.0, 1e-9);
    mip_trace_free(t);
}

Test(trace, events_forced_layout)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.layout = MIP_TRACE_EVENTS;
    mip_trace_t *t = load1("events.csv", &o);
    cr_assert_eq(mip_trace_series_count(t), 2);
    mip_trace_free(t);
}

/* ---------------------------------------------------------------- Azure 2019 */

Test(trace, azure2019_sample)
{
    const char *dir = getenv("MIPRICING_DATA_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/azure2019/invocations.csv",
             dir ? dir : "data");
    const char *p = path;
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, NULL, &t, &err), MIP_OK, "%s: %s", path, err.text);
    const mip_series_t *s = only_series(t);
    cr_assert_str_eq(s->function,
                     "063ba6f3c1d425f6f5c3bde3b9ba1eba7c6d81c57fd794860338638212d30dfb");
    cr_assert_eq(mip_trace_info(t)->layout, MIP_TRACE_AZURE2019);
    cr_assert_eq(s->n, 1440);
    cr_assert_eq(s->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, s->start_s, 0.0, 0));
    cr_assert(ieee_ulp_eq(dbl, total(s), 20820188.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 12787.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 12714.0, 0));
    for (size_t i = 0; i < s->n; i++) {
        if (s->iv[i].invocations > 0.0) {
            cr_assert(ieee_ulp_eq(dbl, s->iv[i].duration_ms, 4.0, 0), "minute %zu", i);
            cr_assert(ieee_ulp_eq(dbl, s->iv[i].p99_duration_ms, 11.0, 0));
            cr_assert(ieee_ulp_eq(dbl, s->iv[i].memory_mb, 213.0, 0));
        }
    }
    mip_trace_free(t);

    /* at 5 minutes: 288 intervals, the same total */
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.step_s = 300.0;
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_OK);
    s = only_series(t);
    cr_assert_eq(s->n, 288);
    cr_assert(ieee_ulp_eq(dbl, total(s), 20820188.0, 0));
    mip_trace_free(t);
}

Test(trace, azure2019_day_and_siblings)
{
    mip_trace_t *t = load1("azure/invocations_per_function_md.anon.d03.csv", NULL);
    cr_assert_eq(mip_trace_series_count(t), 3);
    const mip_series_t *a1 = mip_trace_series_at(t, 0), *a2 = mip_trace_series_at(t, 1),
                       *b1 = mip_trace_series_at(t, 2);
    cr_assert_str_eq(a1->function, "fnA1");
    cr_assert_str_eq(a2->function, "fnA2");
    cr_assert_str_eq(b1->function, "fnB1");
    cr_assert(ieee_ulp_eq(dbl, a1->start_s, 2.0 * 86400.0, 0)); /* day 3 */
    cr_assert_eq(a1->n, 1440);
    cr_assert(ieee_ulp_eq(dbl, total(a1), 2880.0, 0));
    cr_assert(ieee_ulp_eq(dbl, a1->iv[700].duration_ms, 125.5, 0));
    cr_assert(ieee_ulp_eq(dbl, a1->iv[700].p99_duration_ms, 800.0, 0));
    cr_assert(ieee_ulp_eq(dbl, a1->iv[700].memory_mb, 256.0, 0));
    /* no invocations: zero traffic, not gaps; no duration */
    cr_assert_eq(a2->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, total(a2), 0.0, 0));
    cr_assert(isnan(a2->iv[0].duration_ms));
    cr_assert(ieee_ulp_eq(dbl, b1->iv[1439].duration_ms, 40.0, 0));
    cr_assert(ieee_ulp_eq(dbl, b1->iv[1439].memory_mb, 128.0, 0));
    mip_trace_free(t);
}

Test(trace, azure2019_explicit_paths)
{
    char inv[4096], dur[4096];
    const char *p =
        fixture("azure/invocations_per_function_md.anon.d03.csv", inv, sizeof inv);
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    /* the sample's durations: no key matches, so durations are unknown */
    const char *dir = getenv("MIPRICING_DATA_DIR");
    snprintf(dur, sizeof dur, "%s/examples/azure2019/durations.csv", dir ? dir : "data");
    o.azure_durations_path = dur;
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_OK, "%s", err.text);
    const mip_series_t *a1 = mip_trace_series_at(t, 0);
    cr_assert(isnan(a1->iv[0].duration_ms));
    cr_assert(ieee_ulp_eq(dbl, a1->iv[0].memory_mb, 256.0, 0)); /* sibling still found */
    mip_trace_free(t);

    o.azure_durations_path = "/nonexistent/durations.csv";
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_EIO);
    cr_assert(t == NULL);
    cr_assert_str_eq(err.source, "/nonexistent/durations.csv");
}

/* ---------------------------------------------------------------- errors */

typedef struct {
    char file[48];
    char columns[48];
    int code;
    long line;
    long column;
    char text[80];
} err_case_t;

ParameterizedTestParameters(trace, errors)
{
    static err_case_t cases[] = {
        {"bad_number.csv", "", MIP_EPARSE, 3, 2, "invocations: '12abc' is not a number"},
        {"negative.csv", "", MIP_EPARSE, 2, 3, "duration_ms: '-5' is negative"},
        {"nan.csv", "", MIP_EPARSE, 2, 2, "invocations: 'nan' is not a number"},
        {"inf.csv", "", MIP_EPARSE, 2, 4, "p99_duration_ms: 'inf' is not a number"},
        {"bad_timestamp.csv", "", MIP_EPARSE, 3, 1,
         "timestamp: '2024-13-01T00:00:00Z' is not a timestamp"},
        {"missing_column.csv", "", MIP_ESCHEMA, 1, 0, "missing column 'duration_ms'"},
        {"empty.csv", "", MIP_EPARSE, 0, 0, "empty file"},
        {"header_only.csv", "", MIP_EPARSE, 1, 0, "no data rows"},
        {"unterminated.csv", "", MIP_EPARSE, 3, 2, "unterminated quoted field"},
        {"too_few.csv", "", MIP_EPARSE, 2, 3,
         "expected 3 fields as in the header, found 2"},
        {"syntax.csv", "", MIP_EPARSE, 2, 23, "CSV syntax error"},
        {"bom_crlf_bad.csv", "", MIP_EPARSE, 4, 3,
         "invocations: '12abc' is not a number"},
        {"no_layout.csv", "", MIP_ESCHEMA, 1, 0, "cannot tell the layout"},
        {"mapped.csv", "timestamp=nope", MIP_ESCHEMA, 1, 0,
         "column 'nope' given for timestamp is not in the header"},
        {"does_not_exist.csv", "", MIP_EIO, 0, 0, "cannot open"},
        {"blank_lines.csv", "", MIP_EPARSE, 6, 2, "invocations: 'x' is not a number"},
        {"events_bad.csv", "", MIP_EPARSE, 3, 2,
         "duration_ms: empty value where a number is expected"},
        {"azure2021_bad.csv", "", MIP_EPARSE, 3, 4, "duration: '-0.5' is negative"},
        {"azure2019_bad.csv", "", MIP_EPARSE, 2, 21,
         "invocations (minute 17): 'x' is not a number"},
        {"iso_zone.csv", "invocations=duration_ms", MIP_ESCHEMA, 1, 3,
         "column 3 would be read as"},
    };
    return cr_make_param_array(err_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(err_case_t *c, trace, errors)
{
    char path[4096];
    const char *p = fixture(c->file, path, sizeof path);
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    if (c->columns[0])
        o.columns = c->columns;
    mip_trace_t *t = (mip_trace_t *)&o; /* must be reset to NULL */
    mip_error_t err;
    int rc = mip_trace_load(&p, 1, &o, &t, &err);
    cr_assert_eq(rc, c->code, "%s: got %s (%s)", c->file, mip_errname(rc), err.text);
    cr_assert_eq(err.code, c->code);
    cr_assert(t == NULL);
    cr_assert_str_eq(err.source, path);
    cr_assert_eq(err.line, c->line, "%s: line %ld, want %ld (%s)", c->file, err.line,
                 c->line, err.text);
    cr_assert_eq(err.column, c->column, "%s: column %ld, want %ld (%s)", c->file,
                 err.column, c->column, err.text);
    cr_assert(strstr(err.text, c->text) != NULL, "'%s' lacks '%s'", err.text, c->text);
}

Test(trace, missing_column_lists_header)
{
    char path[4096];
    const char *p = fixture("missing_column.csv", path, sizeof path);
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, NULL, &t, &err), MIP_ESCHEMA);
    cr_assert(strstr(err.text, "the header has: timestamp, invocations") != NULL, "%s",
              err.text);
    cr_assert(strstr(err.text, "Duration (Average)") != NULL, "%s", err.text);
}

Test(trace, bad_options)
{
    char path[4096];
    const char *p = fixture("iso_zone.csv", path, sizeof path);
    mip_trace_options_t o;
    mip_trace_t *t = NULL;
    mip_error_t err;

    mip_trace_options_init(&o);
    o.columns = "invocation=Sum";
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_EINVAL);
    cr_assert(strstr(err.text, "unknown field 'invocation'") != NULL, "%s", err.text);

    o.columns = "invocations";
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_EINVAL);
    cr_assert(strstr(err.text, "is not field=Column") != NULL, "%s", err.text);

    const double steps[] = {0.0, -60.0, 86401.0, (double)NAN};
    for (int i = 0; i < 4; i++) {
        mip_trace_options_init(&o);
        o.step_s = steps[i];
        cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_EINVAL, "step %g",
                     steps[i]);
        cr_assert(strstr(err.text, "step") != NULL);
        cr_assert(t == NULL);
    }
    cr_assert_eq(mip_trace_load(&p, 0, NULL, &t, &err), MIP_EINVAL);
    cr_assert_eq(mip_trace_load(&p, 1, NULL, NULL, &err), MIP_EINVAL);
    /* a NULL error is tolerated */
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, NULL), MIP_EINVAL);
}

Test(trace, mixed_layouts_refused)
{
    char pa[4096], pb[4096];
    const char *paths[] = {fixture("events.csv", pa, sizeof pa),
                           fixture("iso_zone.csv", pb, sizeof pb)};
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(paths, 2, NULL, &t, &err), MIP_ESCHEMA);
    cr_assert(t == NULL);
    cr_assert_str_eq(err.source, pb);
    cr_assert(strstr(err.text, "intervals layout, the files before it events") != NULL,
              "%s", err.text);
}

Test(trace, null_error_stops_at_first)
{
    char path[4096];
    const char *p = fixture("bad_number.csv", path, sizeof path);
    mip_trace_t *t = NULL;
    cr_assert_eq(mip_trace_load(&p, 1, NULL, &t, NULL), MIP_EPARSE);
    cr_assert(t == NULL);
}

/* ---------------------------------------------------------------- skip_bad_rows */

Test(trace, skip_bad_rows_counts_and_reasons)
{
    char path[4096];
    const char *p = fixture("skip.csv", path, sizeof path);
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.skip_bad_rows = 1;
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_OK, "%s", err.text);
    const mip_trace_info_t *in = mip_trace_info(t);
    cr_assert_eq(in->rows, 2);
    cr_assert_eq(in->skipped_rows, 3);
    cr_assert_eq(in->n_reasons, 3);
    char want[3][4200];
    snprintf(want[0], sizeof want[0], "%s:3:2: invocations: 'x' is not a number", path);
    snprintf(want[1], sizeof want[1],
             "%s:5:1: timestamp: 'not-a-time' is not a timestamp", path);
    snprintf(want[2], sizeof want[2],
             "%s:6:3: expected 3 fields as in the header, found 2", path);
    for (int i = 0; i < 3; i++)
        cr_assert(strncmp(in->reasons[i], want[i], strlen(want[i])) == 0,
                  "reason %d: '%s', want '%s'", i, in->reasons[i], want[i]);
    const mip_series_t *s = only_series(t);
    cr_assert_eq(s->n, 2);
    cr_assert_eq(s->gaps, 0);
    cr_assert(ieee_ulp_eq(dbl, total(s), 30.0, 0));
    mip_trace_free(t);
}

Test(trace, skip_bad_rows_keeps_first_reasons)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.skip_bad_rows = 1;
    mip_trace_t *t = load1("skip_many.csv", &o);
    const mip_trace_info_t *in = mip_trace_info(t);
    cr_assert_eq(in->skipped_rows, 7);
    cr_assert_eq(in->n_reasons, MIP_TRACE_MAX_REASONS);
    cr_assert(strstr(in->reasons[0],
                     "skip_many.csv:2:2: invocations: '-1' is negative") != NULL,
              "%s", in->reasons[0]);
    cr_assert(strstr(in->reasons[4], ":6:2: ") != NULL, "%s", in->reasons[4]);
    cr_assert_eq(in->rows, 1);
    cr_assert(ieee_ulp_eq(dbl, total(only_series(t)), 3.0, 0));
    mip_trace_free(t);
}

/* ---------------------------------------------------------------- progress */

typedef struct {
    int calls;
    double last_read, last_total;
} progress_t;

static void on_progress(void *user, const char *path, double read, double size)
{
    progress_t *pr = user;
    (void)path;
    pr->calls++;
    pr->last_read = read;
    pr->last_total = size;
}

Test(trace, progress_reported)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    progress_t pr = {0, 0.0, 0.0};
    o.progress = on_progress;
    o.progress_user = &pr;
    mip_trace_t *t = load1("iso_zone.csv", &o);
    cr_assert(pr.calls >= 1);
    cr_assert(pr.last_total > 0.0);
    cr_assert(ieee_ulp_eq(dbl, pr.last_read, pr.last_total, 0));
    mip_trace_free(t);
}

Test(trace, null_tolerant_accessors)
{
    cr_assert_eq(mip_trace_series_count(NULL), 0);
    cr_assert(mip_trace_series_at(NULL, 0) == NULL);
    cr_assert(mip_trace_info(NULL) == NULL);
    mip_trace_free(NULL);
    mip_trace_options_init(NULL);
}

/* ---------------------------------------------------------------- large files */

/* A temporary trace of n rows (one a minute from T0; the first function name
 * quoted with a newline inside), then the given last line. */
static void write_big(char *path, size_t size, size_t n, const char *last)
{
    snprintf(path, size, "/tmp/test_trace_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    cr_assert(fp != NULL);
    fprintf(fp, "timestamp,function,invocations,duration_ms\n");
    fprintf(fp, "%.0f,\"a\nb\",1,1.5\n", T0);
    for (size_t i = 1; i < n; i++)
        fprintf(fp, "%.0f,f,%zu,1.5\n", T0 + 60.0 * (double)i, i % 7);
    fprintf(fp, "%s\n", last);
    fclose(fp);
}

Test(trace, large_file_lines_and_progress)
{
    char path[64];
    /* 120,000 rows: about 3.7 MB, many 64 KiB chunks */
    write_big(path, sizeof path, 120000, "1714564800,f,2,1.5");
    const char *p = path;
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    progress_t pr = {0, 0.0, 0.0};
    o.progress = on_progress;
    o.progress_user = &pr;
    mip_trace_t *t = NULL;
    mip_error_t err;
    int rc = mip_trace_load(&p, 1, &o, &t, &err);
    cr_assert_eq(rc, MIP_OK, "%s", err.text);
    cr_assert(pr.calls >= 3, "%d progress calls", pr.calls);
    cr_assert(ieee_ulp_eq(dbl, pr.last_read, pr.last_total, 0));
    cr_assert_eq(mip_trace_series_count(t), 2);
    const mip_series_t *f = mip_trace_series_at(t, 1);
    cr_assert_str_eq(f->function, "f");
    cr_assert_eq(f->n, 120000);
    /* sum of i % 7 for i = 1..119999 plus the last row's 2 (at T0, out of order):
     * 17142 full cycles of 0..6 (21 each) from 0 to 119993, then 1..5 = 15,
     * minus the i = 0 term (0) */
    cr_assert(ieee_ulp_eq(dbl, total(f), 17142.0 * 21.0 + 15.0 + 2.0, 0));
    cr_assert_eq(mip_trace_info(t)->out_of_order, 1);
    mip_trace_free(t);

    /* a bad last row: header on line 1, the quoted row on lines 2-3, rows
     * i = 1..119999 on lines 4..120002, the last on line 120003 */
    write_big(path, sizeof path, 120000, "1714564800,f,-2,1.5");
    rc = mip_trace_load(&p, 1, NULL, &t, &err);
    unlink(path);
    cr_assert_eq(rc, MIP_EPARSE);
    cr_assert_eq(err.line, 120003, "line %ld", err.line);
    cr_assert_eq(err.column, 3);
    cr_assert(strstr(err.text, "invocations: '-2' is negative") != NULL, "%s", err.text);
}

Test(trace, large_file_syntax_error_position)
{
    char path[64];
    write_big(path, sizeof path, 120000, "1714564800,f\"g,2,1.5");
    const char *p = path;
    mip_trace_t *t = NULL;
    mip_error_t err;
    int rc = mip_trace_load(&p, 1, NULL, &t, &err);
    unlink(path);
    cr_assert_eq(rc, MIP_EPARSE);
    cr_assert(t == NULL);
    cr_assert_eq(err.line, 120003, "line %ld", err.line);
    cr_assert_eq(err.column, 13); /* the quote after "1714564800,f" */
    cr_assert(strstr(err.text, "CSV syntax error") != NULL, "%s", err.text);
}

Test(trace, every_row_skipped_gives_no_series)
{
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.skip_bad_rows = 1;
    mip_trace_t *t = load1("nan.csv", &o);
    cr_assert_eq(mip_trace_series_count(t), 0);
    cr_assert_eq(mip_trace_info(t)->skipped_rows, 1);
    cr_assert_eq(mip_trace_info(t)->rows, 0);
    mip_trace_free(t);
}

Test(trace, timestamps_across_midnight)
{
    /* 23:59, 00:00, 00:01, the date alone (00:00), 01:01:30+01:00 (00:01:30) */
    mip_trace_t *t = load1("midnight.csv", NULL);
    const mip_series_t *s = only_series(t);
    cr_assert(ieee_ulp_eq(dbl, s->start_s, T0 + 11.0 * 3600.0 + 59.0 * 60.0, 0));
    cr_assert_eq(s->n, 3);
    cr_assert(ieee_ulp_eq(dbl, s->iv[0].invocations, 1.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[1].invocations, 6.0, 0));
    cr_assert(ieee_ulp_eq(dbl, s->iv[2].invocations, 8.0, 0));
    cr_assert_eq(mip_trace_info(t)->merged, 2);
    cr_assert_eq(mip_trace_info(t)->out_of_order, 1);
    mip_trace_free(t);
}

/* ------------------------------------------------------------------------ */
/* Reading one file on two threads gives what reading it on one does        */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Rows of three functions over 400 minutes, with rows out of order, the same
 * minute twice, a quoted name holding a newline and a comma, CRLF or LF. */
static char *make_trace(int crlf, int bad_at)
{
    size_t cap = 1 << 20, len = 0;
    char *s = malloc(cap);
    const char *eol = crlf ? "\r\n" : "\n";
    len += (size_t)snprintf(s + len, cap - len,
                            "timestamp,function,invocations,duration_ms%s", eol);
    for (int i = 0; i < 1200; i++) {
        int minute = i / 3;
        if (i % 97 == 5)
            minute = (minute + 7) % 400; /* out of order */
        const char *fn = i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "\"c,\nquoted\"";
        if (i == bad_at)
            len += (size_t)snprintf(s + len, cap - len, "1714521600,a,12abc,5%s", eol);
        else
            len += (size_t)snprintf(s + len, cap - len, "%d,%s,%d,%d.5%s",
                                    1714521600 + minute * 60, fn, 10 + i % 17, 3 + i % 5,
                                    eol);
    }
    return s;
}

static void same_traces(const mip_trace_t *x, const mip_trace_t *y)
{
    cr_assert_eq(mip_trace_series_count(x), mip_trace_series_count(y));
    const mip_trace_info_t *a = mip_trace_info(x), *b = mip_trace_info(y);
    cr_assert_eq(a->rows, b->rows);
    cr_assert_eq(a->merged, b->merged);
    cr_assert_eq(a->skipped_rows, b->skipped_rows);
    for (size_t k = 0; k < mip_trace_series_count(x); k++) {
        const mip_series_t *s = mip_trace_series_at(x, k), *t = mip_trace_series_at(y, k);
        cr_assert_str_eq(s->function, t->function);
        cr_assert_eq(s->n, t->n);
        cr_assert_eq(s->start_s, t->start_s);
        cr_assert_eq(s->gaps, t->gaps);
        for (size_t i = 0; i < s->n; i++) {
            cr_assert_eq(s->iv[i].invocations, t->iv[i].invocations, "%s %zu",
                         s->function, i);
            if (isnan(s->iv[i].duration_ms))
                cr_assert(isnan(t->iv[i].duration_ms));
            else
                assert_near(s->iv[i].duration_ms, t->iv[i].duration_ms, 1e-9);
        }
    }
}

Test(trace, two_threads_read_what_one_does)
{
    for (int crlf = 0; crlf < 2; crlf++) {
        char path[] = "/tmp/mip_split_XXXXXX";
        int fd = mkstemp(path);
        cr_assert(fd >= 0);
        close(fd);
        char *text = make_trace(crlf, -1);
        write_file(path, text);
        free(text);
        const char *paths[] = {path};
        mip_trace_t *one = NULL, *two = NULL;
        mip_error_t e;
        cr_assert_eq(mip__trace_load_split(paths, 1, NULL, 1ULL << 40, &one, &e), MIP_OK,
                     "%s", e.text);
        cr_assert_eq(mip__trace_load_split(paths, 1, NULL, 1, &two, &e), MIP_OK, "%s",
                     e.text);
        cr_assert_eq(mip_trace_series_count(one), 3);
        same_traces(one, two);
        mip_trace_free(one);
        mip_trace_free(two);
        unlink(path);
    }
}

/* A bad row in the second half is named by its line in the whole file: the
 * header is line 1, each row one line, and the quoted names (every third
 * row before it) one more each. */
Test(trace, two_threads_name_the_right_line)
{
    char path[] = "/tmp/mip_split_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    int bad = 1000; /* row index: its first line is 2 + 1000 + 333 */
    char *text = make_trace(0, bad);
    write_file(path, text);
    free(text);
    const char *paths[] = {path};
    mip_trace_t *t = NULL;
    mip_error_t e1, e2;
    cr_assert_eq(mip__trace_load_split(paths, 1, NULL, 1ULL << 40, &t, &e1), MIP_EPARSE);
    cr_assert_eq(mip__trace_load_split(paths, 1, NULL, 1, &t, &e2), MIP_EPARSE);
    cr_assert_null(t);
    cr_assert_eq(e1.line, 2 + 1000 + 334 - 1);
    cr_assert_eq(e2.line, e1.line);
    cr_assert_eq(e2.column, e1.column);
    cr_assert_str_eq(e2.text, e1.text);
    /* and skipped, the same rows and reasons */
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.skip_bad_rows = 1;
    mip_trace_t *one = NULL, *two = NULL;
    cr_assert_eq(mip__trace_load_split(paths, 1, &o, 1ULL << 40, &one, NULL), MIP_OK);
    cr_assert_eq(mip__trace_load_split(paths, 1, &o, 1, &two, NULL), MIP_OK);
    same_traces(one, two);
    cr_assert_str_eq(mip_trace_info(one)->reasons[0], mip_trace_info(two)->reasons[0]);
    mip_trace_free(one);
    mip_trace_free(two);
    unlink(path);
}

Test(trace, spreading_rows_past_the_span_guard)
{
    /* found while fuzzing (fuzz/fuzz_trace): rows 12,000,000 s apart read at
     * a step of 1 s are spread over 12,000,000 steps each, past the guard of
     * 20,000,000 steps a series may span; this was reported as out of
     * memory */
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_trace_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    cr_assert(fp != NULL);
    fprintf(fp,
            "timestamp,function,invocations,duration_ms\n%.0f,a,6,1.5\n%.0f,a,6,1.5\n",
            T0, T0 + 12e6);
    fclose(fp);
    const char *p = path;
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.step_s = 1.0;
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_ERANGE);
    cr_assert_null(t);
    cr_assert_str_eq(err.text,
                     "the rows of 'a', spread over their period, would make its "
                     "series span more than 20000000 steps of 1 s");
    unlink(path);
}

/* Every series together stays within max_intervals (slots reserved, the
 * slack included). Three functions of rows at minutes 0, 1 and 99 (100
 * intervals each): the first takes 64 slots, then 150 (1.5 x the 100
 * needed); the second 64, then the 100 left of 250; the third's first row
 * finds none left: MIP_ETOOMANY at its line (8), not a bad row to skip.
 * With 400: 150, 150, then 64 and the 100 left for the third: they fit. */
Test(trace, every_series_together_within_the_limit)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/mip_trace_%ld_total.csv", (long)getpid());
    write_file(path, "timestamp,function,invocations,duration_ms\n"
                     "0,a,1,10\n60,a,1,10\n5940,a,1,10\n"
                     "0,b,1,10\n60,b,1,10\n5940,b,1,10\n"
                     "0,c,1,10\n60,c,1,10\n5940,c,1,10\n");
    const char *paths[1] = {path};
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    cr_assert_eq(o.max_intervals, 0);
    o.max_intervals = 250;
    o.skip_bad_rows = 1;
    mip_trace_t *t = NULL;
    mip_error_t e;
    cr_assert_eq(mip_trace_load(paths, 1, &o, &t, &e), MIP_ETOOMANY);
    cr_assert_null(t);
    cr_assert_eq(e.line, 8);
    cr_assert(strstr(e.text, "more than 250 intervals of 60 s together") != NULL, "%s",
              e.text);
    o.max_intervals = 400;
    cr_assert_eq(mip_trace_load(paths, 1, &o, &t, &e), MIP_OK, "%s", e.text);
    cr_assert_eq(mip_trace_series_count(t), 3);
    cr_assert_eq(mip_trace_series_at(t, 2)->n, 100);
    mip_trace_free(t);
    o.max_intervals = 0; /* the default, 50 million */
    cr_assert_eq(mip_trace_load(paths, 1, &o, &t, &e), MIP_OK, "%s", e.text);
    mip_trace_free(t);
    unlink(path);
}
