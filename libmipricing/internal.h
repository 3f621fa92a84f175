/*
 * internal.h - private declarations shared by the modules of libmipricing.
 * Not installed. Private helpers are named mip__*.
 */
#ifndef MIP_INTERNAL_H
#define MIP_INTERNAL_H

#include "mipricing.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define MIP__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MIP__PRINTF(f, a)
#endif

/* Record an error (first error wins: an err that already holds one is left
 * alone) and return code. source may be NULL; text is printf-formatted. */
int mip__error_set(mip_error_t *err, int code, const char *source, long line, long column,
                   const char *fmt, ...) MIP__PRINTF(6, 7);
int mip__error_vset(mip_error_t *err, int code, const char *source, long line,
                    long column, const char *fmt, va_list ap) MIP__PRINTF(6, 0);
/* Shorthand with no position. */
#define mip__fail(err, code, ...) mip__error_set((err), (code), NULL, 0, 0, __VA_ARGS__)

/* Neumaier's compensated summation. */
typedef struct mip__sum {
    double sum;
    double comp;
} mip__sum_t;
#define MIP__SUM_INIT                                                                    \
    {                                                                                    \
        0.0, 0.0                                                                         \
    }
/* Inline: it runs once per value of every series. */
static inline void mip__sum_add(mip__sum_t *s, double x)
{
    double t = s->sum + x;
    if ((s->sum >= 0.0 ? s->sum : -s->sum) >= (x >= 0.0 ? x : -x))
        s->comp += (s->sum - t) + x;
    else
        s->comp += (x - t) + s->sum;
    s->sum = t;
}
static inline double mip__sum_value(const mip__sum_t *s) { return s->sum + s->comp; }

/* ceil() and floor() that ignore relative noise of a few ulps, so that
 * 3.0000000000004 environments are 3, not 4. Inline: they run per interval. */
static inline double mip__ceil_eps(double x)
{
    double r = __builtin_nearbyint(x);
    double tol = 1e-9 * (x > 1.0 ? x : x < -1.0 ? -x : 1.0);
    if (x - r <= tol && r - x <= tol)
        return r;
    return __builtin_ceil(x);
}
static inline double mip__floor_eps(double x)
{
    double r = __builtin_nearbyint(x);
    double tol = 1e-9 * (x > 1.0 ? x : x < -1.0 ? -x : 1.0);
    if (x - r <= tol && r - x <= tol)
        return r;
    return __builtin_floor(x);
}
/* Smaller and larger of two numbers that are not NaN, inline (fmin() and
 * fmax() are library calls in hot loops). */
static inline double mip__min(double a, double b) { return a < b ? a : b; }
static inline double mip__max(double a, double b) { return a > b ? a : b; }
/* Environments needed for demand at per_env each (0 for no demand). */
long mip__envs_for(double demand, double per_env);

/* The concurrency of an environment of configuration c (already checked)
 * for workload w: the set one, or the runtime's per vCPU, less if memory
 * per request limits it (*memory_bound then). */
int mip__env_concurrency(const mip_workload_t *w, const mip_lmi_config_t *c, long *conc,
                         int *memory_bound, mip_error_t *err);

/* The CPUs this process may run on (its affinity, else those online). */
long mip__cpus(void);

/* A series prepared once for simulating LMI on several instance types: the
 * demand and what the scaler wants, interval by interval (sim.c). */
typedef struct mip__lmi_prep mip__lmi_prep_t;
int mip__lmi_prepare(const mip_series_t *series, const mip_workload_t *shape,
                     const mip_lmi_config_t *c, const mip_scaler_t *scaler,
                     mip__lmi_prep_t **out, mip_error_t *err);
int mip__lmi_run(const mip__lmi_prep_t *p, const mip_instance_t *inst, mip_lmi_sim_t *out,
                 mip_sim_interval_t *iv, mip_error_t *err);
void mip__lmi_prep_free(mip__lmi_prep_t *p);
size_t mip__lmi_prep_length(const mip__lmi_prep_t *p);
/* The environments interval i's demand needs at the saturation point: by
 * concurrency or by CPU, whichever needs more (not rounded). */
double mip__lmi_prep_demand_envs(const mip__lmi_prep_t *p, size_t i);

/* The names of an LMI bill's lines (lmi_cost.c): these prefixes, then the
 * instance type. */
#define MIP__EC2_PREFIX "EC2 "
#define MIP__FEE_PREFIX "management fee "

/* Default Lambda over a series (compare.c): simulated into iv (n
 * intervals), priced for a month (usage times month) and the period's share
 * of it. */
int mip__lambda_over(const mip_region_t *region, const mip_series_t *series,
                     const mip_compare_input_t *in, double memory_mb, double month,
                     mip_sim_interval_t *iv, mip_lambda_sim_t *sim, mip_bill_t *period,
                     mip_bill_t *month_bill, mip_error_t *err);
/* An LMI simulation's bill, its usage times scale. */
int mip__price_lmi_sim(const mip_region_t *region, const mip_lmi_sim_t *sim,
                       const mip_compare_input_t *in, double scale, mip_bill_t *bill,
                       mip_error_t *err);

/* mip_billing_load, reading plain files of at least split_min bytes on two
 * threads (tests use a small split_min). */
int mip__billing_load_split(const char *const *paths, size_t n_paths,
                            const mip_billing_options_t *opt,
                            unsigned long long split_min, mip_billing_t **out,
                            mip_error_t *err);
/* mip_trace_load, reading files of at least split_min bytes on two threads
 * (tests use a small split_min to exercise it on small files). */
int mip__trace_load_split(const char *const *paths, size_t n_paths,
                          const mip_trace_options_t *opt, unsigned long long split_min,
                          mip_trace_t **out, mip_error_t *err);

/* Append a line to a bill (recomputes nothing); MIP_ETOOMANY when full. */
int mip__bill_add(mip_bill_t *bill, const char *name, double quantity, const char *unit,
                  double rate_usd, mip_error_t *err);
/* Recompute bill->total_usd from its lines with compensated summation. */
void mip__bill_total(mip_bill_t *bill);
/* The USD of the lines whose names start with prefix ("requests" finds
 * "requests", "requests free tier", "requests (arm64)"...). */
double mip__bill_usd_of(const mip_bill_t *bill, const char *prefix);

/* Check a double input: finite and within [lo, hi]; MIP_ERANGE names what. */
int mip__check_range(mip_error_t *err, const char *what, double v, double lo, double hi);

/* Levenshtein distance between two short strings (for "did you mean"). */
size_t mip__edit_distance(const char *a, const char *b);

/* Bounded string copy that always terminates; returns strlen(src). */
size_t mip__strlcpy(char *dst, const char *src, size_t size);

/* json_string(s), or for a string that is not valid UTF-8 (jansson refuses
 * it) s with every byte above 0x7f as '?'. NULL only when out of memory. */
struct json_t *mip__json_string(const char *s);

/* "auto", "intervals", "events", "azure2019" ("unknown" out of range). */
const char *mip__trace_layout_name(mip_trace_layout_t l);

/* The start (epoch seconds, UTC) of the month of t, and of the next month. */
void mip__month_bounds(double t, double *start, double *end);

#endif /* MIP_INTERNAL_H */
