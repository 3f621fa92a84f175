/*
 * internal.h - private declarations shared by the modules of libmipricing.
 * Not installed. Private helpers are named mip__*.
 */
#ifndef MIP_INTERNAL_H
#define MIP_INTERNAL_H

#include "mipricing.h"

#include <stdarg.h>
#include <stddef.h>

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
void mip__sum_add(mip__sum_t *s, double x);
double mip__sum_value(const mip__sum_t *s);

/* ceil() and floor() that ignore relative noise of a few ulps, so that
 * 3.0000000000004 environments are 3, not 4. */
double mip__ceil_eps(double x);
double mip__floor_eps(double x);
/* Environments needed for demand at per_env each (0 for no demand). */
long mip__envs_for(double demand, double per_env);

/* Append a line to a bill (recomputes nothing); MIP_ETOOMANY when full. */
int mip__bill_add(mip_bill_t *bill, const char *name, double quantity, const char *unit,
                  double rate_usd, mip_error_t *err);
/* Recompute bill->total_usd from its lines with compensated summation. */
void mip__bill_total(mip_bill_t *bill);

/* Check a double input: finite and within [lo, hi]; MIP_ERANGE names what. */
int mip__check_range(mip_error_t *err, const char *what, double v, double lo, double hi);

/* Levenshtein distance between two short strings (for "did you mean"). */
size_t mip__edit_distance(const char *a, const char *b);

/* Bounded string copy that always terminates; returns strlen(src). */
size_t mip__strlcpy(char *dst, const char *src, size_t size);

#endif /* MIP_INTERNAL_H */
