/*
 * error.c - status codes, mip_error_t and small shared helpers.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mip_version_str(void) { return MIP_VERSION; }

const char *mip_strerror(int code)
{
    switch (code) {
#define MIP__ERR_MSG(num, name, msg)                                                     \
    case num:                                                                            \
        return msg;
        MIP_ERRNO_MAP(MIP__ERR_MSG)
#undef MIP__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *mip_errname(int code)
{
    switch (code) {
#define MIP__ERR_NAME(num, name, msg)                                                    \
    case num:                                                                            \
        return "MIP_" #name;
        MIP_ERRNO_MAP(MIP__ERR_NAME)
#undef MIP__ERR_NAME
    default:
        return "MIP_EUNKNOWN";
    }
}

void mip_error_clear(mip_error_t *err)
{
    if (!err)
        return;
    err->code = MIP_OK;
    err->line = 0;
    err->column = 0;
    err->source[0] = '\0';
    err->text[0] = '\0';
}

void mip_free(void *ptr) { free(ptr); }

size_t mip__strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

int mip__error_vset(mip_error_t *err, int code, const char *source, long line,
                    long column, const char *fmt, va_list ap)
{
    if (!err || err->code != MIP_OK)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    mip__strlcpy(err->source, source ? source : "", sizeof err->source);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    return code;
}

int mip__error_set(mip_error_t *err, int code, const char *source, long line, long column,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mip__error_vset(err, code, source, line, column, fmt, ap);
    va_end(ap);
    return code;
}

int mip__check_range(mip_error_t *err, const char *what, double v, double lo, double hi)
{
    if (!isfinite(v))
        return mip__fail(err, MIP_ERANGE, "%s must be a finite number", what);
    if (v < lo || v > hi)
        return mip__fail(err, MIP_ERANGE, "%s must be between %g and %g, not %g", what,
                         lo, hi, v);
    return MIP_OK;
}

size_t mip__edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t m = del < ins ? del : ins;
            cur[j] = m < sub ? m : sub;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}
