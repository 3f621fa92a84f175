/*
 * num.c - strict, locale-independent parsing of decimal numbers.
 *
 * Grammar: [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
 * The whole field must match: no blanks, no "nan", "inf" or hex.
 *
 * Speed: Clinger's fast path. When the significand has at most 15 digits and
 * the decimal exponent is within [-22, 22], both the integer significand and
 * the power of ten are exact doubles, so one multiplication or division is
 * correctly rounded. Everything else goes to strtod() under the "C" locale
 * (set for this thread only with uselocale()).
 */
#include "internal.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double mip__pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int slow_path(const char *s, size_t len, double *out, mip_error_t *err)
{
    char buf[128];
    char *heap = NULL, *p = buf;
    if (len >= sizeof buf) {
        heap = malloc(len + 1);
        if (!heap)
            return mip__fail(err, MIP_ENOMEM, "out of memory parsing a number");
        p = heap;
    }
    memcpy(p, s, len);
    p[len] = '\0';

    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = (locale_t)0;
    if (c != (locale_t)0)
        old = uselocale(c);
    errno = 0;
    char *end = NULL;
    double v = strtod(p, &end);
    int e = errno;
    if (c != (locale_t)0) {
        uselocale(old);
        freelocale(c);
    }
    int rc = MIP_OK;
    if (end != p + len)
        rc = mip__fail(err, MIP_EPARSE, "'%.40s' is not a number", p);
    else if (e == ERANGE && (isinf(v) || fabs(v) > 1.0))
        rc = mip__fail(err, MIP_ERANGE, "'%.40s' is too large", p);
    else if (!isfinite(v))
        rc = mip__fail(err, MIP_ERANGE, "'%.40s' is not finite", p);
    else
        *out = v; /* underflow to 0 or a subnormal is accepted */
    free(heap);
    return rc;
}

int mip_parse_double_n(const char *s, size_t len, double *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!s || !out)
        return mip__fail(err, MIP_EINVAL, "no number given");
    const char *p = s, *end = s + len;
    if (len == 0)
        return mip__fail(err, MIP_EPARSE, "empty value where a number is expected");

    int neg = 0;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    uint64_t mant = 0;
    int ndigits = 0; /* significant digits kept in mant */
    int dropped = 0; /* significant digits that did not fit */
    int dexp = 0;    /* decimal exponent from the point */
    int any = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        any = 1;
        if (mant == 0 && *p == '0') {
            /* leading zero: not significant */
        } else if (ndigits < 19) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            ndigits++;
        } else {
            dropped++;
            dexp++;
        }
        p++;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && *p >= '0' && *p <= '9') {
            any = 1;
            if (mant == 0 && *p == '0') {
                dexp--;
            } else if (ndigits < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                ndigits++;
                dexp--;
            } else {
                dropped++;
            }
            p++;
        }
    }
    if (!any)
        return mip__fail(err, MIP_EPARSE, "'%.*s' is not a number",
                         (int)(len > 40 ? 40 : len), s);
    long e10 = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-')) {
            eneg = *p == '-';
            p++;
        }
        if (p >= end || *p < '0' || *p > '9')
            return mip__fail(err, MIP_EPARSE, "'%.*s' is not a number",
                             (int)(len > 40 ? 40 : len), s);
        while (p < end && *p >= '0' && *p <= '9') {
            if (e10 < 100000)
                e10 = e10 * 10 + (*p - '0');
            p++;
        }
        if (eneg)
            e10 = -e10;
    }
    if (p != end)
        return mip__fail(err, MIP_EPARSE, "'%.*s' is not a number",
                         (int)(len > 40 ? 40 : len), s);

    long total_exp = e10 + dexp;
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return MIP_OK;
    }
    if (dropped == 0 && ndigits <= 15 && total_exp >= -22 && total_exp <= 22) {
        double v = (double)mant;
        if (total_exp >= 0)
            v *= mip__pow10[total_exp];
        else
            v /= mip__pow10[-total_exp];
        *out = neg ? -v : v;
        return MIP_OK;
    }
    return slow_path(s, len, out, err);
}

int mip_parse_double(const char *s, double *out, mip_error_t *err)
{
    if (!s)
        return mip__fail(err, MIP_EINVAL, "no number given");
    return mip_parse_double_n(s, strlen(s), out, err);
}

/* ------------------------------------------------------------------------ */
/* Calendar (proleptic Gregorian, UTC; H. Hinnant's algorithms)             */

int64_t mip_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void mip_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void mip__month_bounds(double t, double *start, double *end)
{
    int64_t y;
    int m, d;
    mip_civil_from_days((int64_t)floor(t / 86400.0), &y, &m, &d);
    *start = (double)mip_days_from_civil(y, m, 1) * 86400.0;
    *end = (double)mip_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) *
           86400.0;
}
