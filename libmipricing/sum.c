/*
 * sum.c - Neumaier's compensated summation, for every total of money, and
 * rounding that ignores floating-point noise.
 */
#include "internal.h"

#include <math.h>

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
