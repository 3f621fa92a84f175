/*
 * stats.c - statistics of a traffic series: volume, rates, concurrency
 * percentiles (GSL), and the sharpest 5-minute growth.
 */
#include "internal.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Mean concurrency of an interval by Little's law, or its recorded peak. */
static double interval_concurrency(const mip_interval_t *iv, double step_s)
{
    if (isfinite(iv->max_concurrency))
        return iv->max_concurrency;
    if (!(iv->invocations > 0.0) || !isfinite(iv->duration_ms))
        return 0.0;
    return iv->invocations / step_s * iv->duration_ms / 1000.0;
}

int mip_series_stats(const mip_series_t *s, mip_series_stats_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!s || !out || (!s->iv && s->n > 0))
        return mip__fail(err, MIP_EINVAL, "mip_series_stats: NULL argument");
    if (!(s->step_s > 0.0) || !isfinite(s->step_s))
        return mip__fail(err, MIP_EINVAL, "the series has no valid step");
    memset(out, 0, sizeof *out);
    out->intervals = s->n;
    out->span_s = (double)s->n * s->step_s;
    out->gaps = s->gaps;
    out->growth_5min = 1.0;
    out->growth_5min_at_s = s->start_s;
    if (s->n == 0)
        return MIP_OK;

    double *conc = malloc(s->n * sizeof *conc);
    if (!conc)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    mip__sum_t inv = MIP__SUM_INIT, dur = MIP__SUM_INIT, timed = MIP__SUM_INIT;
    double peak = 0.0;
    for (size_t i = 0; i < s->n; i++) {
        const mip_interval_t *iv = &s->iv[i];
        double x = iv->invocations > 0.0 ? iv->invocations : 0.0;
        mip__sum_add(&inv, x);
        if (x > 0.0 && isfinite(iv->duration_ms)) {
            mip__sum_add(&dur, x * iv->duration_ms);
            mip__sum_add(&timed, x);
        }
        if (x / s->step_s > peak)
            peak = x / s->step_s;
        conc[i] = interval_concurrency(iv, s->step_s);
    }
    out->invocations = mip__sum_value(&inv);
    out->mean_rps = out->invocations / out->span_s;
    out->peak_rps = peak;
    /* over the invocations whose duration is known */
    double t = mip__sum_value(&timed);
    out->mean_duration_ms = t > 0.0 ? mip__sum_value(&dur) / t : (double)NAN;

    gsl_sort(conc, 1, s->n);
    out->concurrency_p50 = gsl_stats_quantile_from_sorted_data(conc, 1, s->n, 0.50);
    out->concurrency_p90 = gsl_stats_quantile_from_sorted_data(conc, 1, s->n, 0.90);
    out->concurrency_p99 = gsl_stats_quantile_from_sorted_data(conc, 1, s->n, 0.99);
    out->concurrency_max = conc[s->n - 1];
    free(conc);

    /* Windows of 5 minutes (at least one interval): the rate of each window
     * against the window just before it. Quiet windows (below one request a
     * minute) do not count as a base, so 0 -> 1 request is not "infinite
     * growth". */
    size_t w = (size_t)floor(300.0 / s->step_s + 0.5);
    if (w < 1)
        w = 1;
    if (s->n >= 2 * w) {
        double prev = 0.0, cur = 0.0;
        for (size_t i = 0; i < w; i++) {
            prev += s->iv[i].invocations > 0.0 ? s->iv[i].invocations : 0.0;
            cur += s->iv[i + w].invocations > 0.0 ? s->iv[i + w].invocations : 0.0;
        }
        double floor_inv = (double)w * s->step_s / 60.0;
        for (size_t k = 0;; k++) {
            if (prev >= floor_inv && cur / prev > out->growth_5min) {
                out->growth_5min = cur / prev;
                out->growth_5min_at_s = s->start_s + (double)(k + w) * s->step_s;
            }
            if (k + 2 * w >= s->n)
                break;
            double a = s->iv[k].invocations, b = s->iv[k + w].invocations,
                   c = s->iv[k + 2 * w].invocations;
            prev += (b > 0.0 ? b : 0.0) - (a > 0.0 ? a : 0.0);
            cur += (c > 0.0 ? c : 0.0) - (b > 0.0 ? b : 0.0);
            if (prev < 0.0)
                prev = 0.0;
            if (cur < 0.0)
                cur = 0.0;
        }
    }
    return MIP_OK;
}
