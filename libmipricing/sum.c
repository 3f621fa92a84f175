/*
 * sum.c - Neumaier's compensated summation, for every total of money, and
 * rounding that ignores floating-point noise.
 */
#include "internal.h"

#include <math.h>

void mip__sum_add(mip__sum_t *s, double x)
{
    double t = s->sum + x;
    if (fabs(s->sum) >= fabs(x))
        s->comp += (s->sum - t) + x;
    else
        s->comp += (x - t) + s->sum;
    s->sum = t;
}

double mip__sum_value(const mip__sum_t *s) { return s->sum + s->comp; }

double mip__ceil_eps(double x)
{
    double r = nearbyint(x);
    if (fabs(x - r) <= 1e-9 * fmax(1.0, fabs(x)))
        return r;
    return ceil(x);
}

double mip__floor_eps(double x)
{
    double r = nearbyint(x);
    if (fabs(x - r) <= 1e-9 * fmax(1.0, fabs(x)))
        return r;
    return floor(x);
}
