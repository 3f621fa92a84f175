/*
 * chart.c - the calculator's charts on cairo: a small model (axes, series,
 * bars, shades, markers) and one renderer for SVG, PNG and PDF.
 */
#include "chart.h"

#include "mipricing.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_PI 3.14159265358979323846

/* ---------------------------------------------------------------- the model */

typedef enum { K_LINE, K_STEP, K_SCATTER } kind_t;

typedef struct series {
    kind_t kind;
    char *name;
    double *x, *y;
    size_t n;
    int style;
} series_t;

typedef struct shade {
    char *name;
    double *x0, *x1;
    size_t n;
    int style;
} shade_t;

typedef enum { M_VLINE, M_HLINE, M_POINT } mkind_t;

typedef struct marker {
    mkind_t kind;
    double x, y;
    char *label;
} marker_t;

typedef struct bars {
    size_t n_cat, n_group, n_stack;
    char **cats, **groups, **stacks;
    double *v;
} bars_t;

typedef struct axis {
    cli_chart_scale_t scale;
    cli_chart_unit_t unit;
    char *suffix;
    double lo, hi; /* NaN: automatic */
} axis_t;

struct cli_chart {
    char *title, *label[2];
    double w, h;
    axis_t ax[2];
    series_t *s;
    size_t ns, cap_s;
    shade_t *sh;
    size_t nsh, cap_sh;
    marker_t *m;
    size_t nm, cap_m;
    bars_t *bars;
    int styles; /* series and shades drawn so far: the next style */
};

/* A copy of s with invalid UTF-8 and control characters replaced, so that
 * cairo never refuses the text (NULL stays NULL). *ok is cleared when out of
 * memory. */
static char *text_dup(const char *s, int *ok)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d) {
        *ok = 0;
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, j = 0;
    while (i < n) {
        unsigned char b = p[i];
        size_t len = b < 0x80             ? 1
                     : (b & 0xE0) == 0xC0 ? 2
                     : (b & 0xF0) == 0xE0 ? 3
                     : (b & 0xF8) == 0xF0 ? 4
                                          : 0;
        int good =
            len > 0 && i + len <= n && !(len == 2 && b < 0xC2) && !(len == 4 && b > 0xF4);
        for (size_t k = 1; good && k < len; k++)
            good = (p[i + k] & 0xC0) == 0x80;
        if (good && len == 3) {
            unsigned cp = ((b & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6);
            good = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (good && len == 4) {
            unsigned cp = ((b & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12);
            good = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!good) {
            d[j++] = '?';
            i++;
        } else if (len == 1 && (b < 0x20 || b == 0x7F)) {
            d[j++] = ' ';
            i++;
        } else {
            memcpy(d + j, p + i, len);
            i += len;
            j += len;
        }
    }
    d[j] = '\0';
    return d;
}

static double *num_dup(const double *v, size_t n, int *ok)
{
    if (n == 0)
        return NULL;
    double *d = malloc(n * sizeof *d);
    if (!d) {
        *ok = 0;
        return NULL;
    }
    memcpy(d, v, n * sizeof *d);
    return d;
}

/* Room for one more element in *p (cap elements of size bytes). */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t cap2 = *cap ? *cap * 2 : 4;
    void *q = realloc(*p, cap2 * size);
    if (!q)
        return 0;
    *p = q;
    *cap = cap2;
    return 1;
}

cli_chart_t *cli_chart_new(const char *title, const char *x_label, const char *y_label)
{
    cli_chart_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    int ok = 1;
    c->title = text_dup(title, &ok);
    c->label[0] = text_dup(x_label, &ok);
    c->label[1] = text_dup(y_label, &ok);
    c->w = 800.0;
    c->h = 500.0;
    for (int i = 0; i < 2; i++) {
        c->ax[i].scale = CLI_CHART_LINEAR;
        c->ax[i].unit = CLI_CHART_COUNT;
        c->ax[i].lo = c->ax[i].hi = NAN;
    }
    if (!ok) {
        cli_chart_free(c);
        return NULL;
    }
    return c;
}

static void free_strings(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void cli_chart_free(cli_chart_t *c)
{
    if (!c)
        return;
    free(c->title);
    for (int i = 0; i < 2; i++) {
        free(c->label[i]);
        free(c->ax[i].suffix);
    }
    for (size_t i = 0; i < c->ns; i++) {
        free(c->s[i].name);
        free(c->s[i].x);
        free(c->s[i].y);
    }
    free(c->s);
    for (size_t i = 0; i < c->nsh; i++) {
        free(c->sh[i].name);
        free(c->sh[i].x0);
        free(c->sh[i].x1);
    }
    free(c->sh);
    for (size_t i = 0; i < c->nm; i++)
        free(c->m[i].label);
    free(c->m);
    if (c->bars) {
        free_strings(c->bars->cats, c->bars->n_cat);
        free_strings(c->bars->groups, c->bars->n_group);
        free_strings(c->bars->stacks, c->bars->n_stack);
        free(c->bars->v);
        free(c->bars);
    }
    free(c);
}

int cli_chart_size(cli_chart_t *c, double width, double height)
{
    if (!c || !(width >= 200.0 && width <= 10000.0) ||
        !(height >= 150.0 && height <= 10000.0))
        return CLI_CHART_EINVAL;
    c->w = width;
    c->h = height;
    return CLI_CHART_OK;
}

int cli_chart_axis(cli_chart_t *c, cli_chart_axis_t which, cli_chart_scale_t scale,
                   cli_chart_unit_t unit, const char *suffix)
{
    if (!c || (which != CLI_CHART_X && which != CLI_CHART_Y) ||
        (scale != CLI_CHART_LINEAR && scale != CLI_CHART_LOG10) ||
        (unit != CLI_CHART_COUNT && unit != CLI_CHART_USD && unit != CLI_CHART_PERCENT &&
         unit != CLI_CHART_TIME))
        return CLI_CHART_EINVAL;
    if (unit == CLI_CHART_TIME && (which != CLI_CHART_X || scale != CLI_CHART_LINEAR))
        return CLI_CHART_EINVAL;
    int ok = 1;
    char *sfx = text_dup(suffix, &ok);
    if (!ok)
        return CLI_CHART_ENOMEM;
    axis_t *a = &c->ax[which];
    free(a->suffix);
    a->suffix = sfx;
    a->scale = scale;
    a->unit = unit;
    return CLI_CHART_OK;
}

int cli_chart_axis_range(cli_chart_t *c, cli_chart_axis_t which, double lo, double hi)
{
    if (!c || (which != CLI_CHART_X && which != CLI_CHART_Y))
        return CLI_CHART_EINVAL;
    if ((!isnan(lo) && !isfinite(lo)) || (!isnan(hi) && !isfinite(hi)) ||
        (!isnan(lo) && !isnan(hi) && !(lo < hi)))
        return CLI_CHART_EINVAL;
    c->ax[which].lo = lo;
    c->ax[which].hi = hi;
    return CLI_CHART_OK;
}

static int add_series(cli_chart_t *c, kind_t kind, const double *x, const double *y,
                      size_t n, const char *name)
{
    if (!c || (n > 0 && (!x || !y)) || n > SIZE_MAX / (2 * sizeof(double)))
        return CLI_CHART_EINVAL;
    if (!grow((void **)&c->s, &c->cap_s, c->ns, sizeof *c->s))
        return CLI_CHART_ENOMEM;
    int ok = 1;
    series_t s = {
        kind, text_dup(name, &ok), num_dup(x, n, &ok), num_dup(y, n, &ok), n, c->styles};
    if (!ok) {
        free(s.name);
        free(s.x);
        free(s.y);
        return CLI_CHART_ENOMEM;
    }
    c->s[c->ns++] = s;
    c->styles++;
    return CLI_CHART_OK;
}

int cli_chart_line(cli_chart_t *c, const double *x, const double *y, size_t n,
                   const char *name)
{
    return add_series(c, K_LINE, x, y, n, name);
}

int cli_chart_step(cli_chart_t *c, const double *x, const double *y, size_t n,
                   const char *name)
{
    return add_series(c, K_STEP, x, y, n, name);
}

int cli_chart_scatter(cli_chart_t *c, const double *x, const double *y, size_t n,
                      const char *name)
{
    return add_series(c, K_SCATTER, x, y, n, name);
}

int cli_chart_shade(cli_chart_t *c, const double *x0, const double *x1, size_t n,
                    const char *name)
{
    if (!c || (n > 0 && (!x0 || !x1)) || n > SIZE_MAX / (2 * sizeof(double)))
        return CLI_CHART_EINVAL;
    if (!grow((void **)&c->sh, &c->cap_sh, c->nsh, sizeof *c->sh))
        return CLI_CHART_ENOMEM;
    int ok = 1;
    shade_t s = {text_dup(name, &ok), num_dup(x0, n, &ok), num_dup(x1, n, &ok), n,
                 (int)c->nsh};
    if (!ok) {
        free(s.name);
        free(s.x0);
        free(s.x1);
        return CLI_CHART_ENOMEM;
    }
    c->sh[c->nsh++] = s;
    return CLI_CHART_OK;
}

static char **names_dup(const char *const *v, size_t n, int *ok)
{
    char **d = calloc(n ? n : 1, sizeof *d);
    if (!d) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; v && i < n; i++)
        d[i] = text_dup(v[i], ok);
    return d;
}

int cli_chart_bars(cli_chart_t *c, size_t n_cat, const char *const *categories,
                   size_t n_group, const char *const *groups, size_t n_stack,
                   const char *const *stacks, const double *value)
{
    if (!c || c->bars || n_cat == 0 || n_group == 0 || n_stack == 0 || !value ||
        n_cat > 100000 || n_group > 64 || n_stack > 64)
        return CLI_CHART_EINVAL;
    bars_t *b = calloc(1, sizeof *b);
    if (!b)
        return CLI_CHART_ENOMEM;
    int ok = 1;
    b->n_cat = n_cat;
    b->n_group = n_group;
    b->n_stack = n_stack;
    b->cats = names_dup(categories, n_cat, &ok);
    b->groups = names_dup(groups, n_group, &ok);
    b->stacks = names_dup(stacks, n_stack, &ok);
    b->v = num_dup(value, n_cat * n_group * n_stack, &ok);
    c->bars = b;
    if (!ok) {
        free_strings(b->cats, n_cat);
        free_strings(b->groups, n_group);
        free_strings(b->stacks, n_stack);
        free(b->v);
        free(b);
        c->bars = NULL;
        return CLI_CHART_ENOMEM;
    }
    return CLI_CHART_OK;
}

static int add_marker(cli_chart_t *c, mkind_t kind, double x, double y, const char *label)
{
    if (!c)
        return CLI_CHART_EINVAL;
    if ((kind != M_HLINE && !isfinite(x)) || (kind != M_VLINE && !isfinite(y)))
        return CLI_CHART_EINVAL;
    if (!grow((void **)&c->m, &c->cap_m, c->nm, sizeof *c->m))
        return CLI_CHART_ENOMEM;
    int ok = 1;
    marker_t m = {kind, x, y, text_dup(label, &ok)};
    if (!ok)
        return CLI_CHART_ENOMEM;
    c->m[c->nm++] = m;
    return CLI_CHART_OK;
}

int cli_chart_vline(cli_chart_t *c, double x, const char *label)
{
    return add_marker(c, M_VLINE, x, 0.0, label);
}

int cli_chart_hline(cli_chart_t *c, double y, const char *label)
{
    return add_marker(c, M_HLINE, 0.0, y, label);
}

int cli_chart_point(cli_chart_t *c, double x, double y, const char *label)
{
    return add_marker(c, M_POINT, x, y, label);
}

/* ---------------------------------------------------------------- tick labels */

/* 10^e, as exactly as a double allows (0.1 is 1/10, not 10^-1 rounded twice). */
static double p10(int e) { return e >= 0 ? pow(10.0, e) : 1.0 / pow(10.0, -e); }

/* The decimals that show every multiple of step exactly (0 for 20, 1 for 0.5,
 * 2 for 0.25), at most 9. */
static int decimals(double step)
{
    if (!(step > 0.0) || !isfinite(step))
        return 0;
    int d = step >= 1.0 - 1e-9 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (d < 0)
        d = 0;
    while (d < 9) {
        double x = step * p10(d);
        if (fabs(x - round(x)) <= 1e-6 * x)
            break;
        d++;
    }
    return d;
}

/* Thousands separators in the integer part of a plain decimal number. */
static void group_thousands(char *out, size_t size, const char *num)
{
    const char *dot = strchr(num, '.');
    size_t int_len = dot ? (size_t)(dot - num) : strlen(num);
    size_t j = 0;
    for (size_t i = 0; i < int_len && j + 2 < size; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = num[i];
    }
    for (const char *p = num + int_len; *p && j + 1 < size; p++)
        out[j++] = *p;
    out[j] = '\0';
}

void cli_chart_format(char *buf, size_t size, double v, double step, int compact,
                      cli_chart_unit_t unit, const char *suffix)
{
    if (!buf || size == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, size, "?");
        return;
    }
    if (unit == CLI_CHART_PERCENT) {
        v *= 100.0;
        step *= 100.0;
    }
    if (!(step > 0.0) || !isfinite(step))
        step = v != 0.0 ? fabs(v) : 1.0;
    if (fabs(v) < step * 1e-9)
        v = 0.0;
    double a = fabs(v);
    char num[64], tmp[64];
    if (compact && a >= 1000.0 * (1.0 - 1e-12)) {
        static const char *const units[] = {"k", "M", "B", "T"};
        double div = 1e3;
        int u = 0;
        while (u < 3 && a >= div * 1000.0 * (1.0 - 1e-12)) {
            div *= 1000.0;
            u++;
        }
        int d = decimals(step / div);
        if (d > 3)
            d = 3;
        snprintf(tmp, sizeof tmp, "%.*f", d, a / div);
        if (strchr(tmp, '.')) {
            char *e = tmp + strlen(tmp) - 1;
            while (*e == '0')
                *e-- = '\0';
            if (*e == '.')
                *e = '\0';
        }
        snprintf(num, sizeof num, "%s%s", tmp, units[u]);
    } else {
        snprintf(tmp, sizeof tmp, "%.*f", decimals(step), a);
        group_thousands(num, sizeof num, tmp);
    }
    /* a value that rounds to zero loses its sign */
    int zero = strspn(num, "0.,") == strlen(num);
    const char *sep = suffix && suffix[0] && suffix[0] != '/' ? " " : "";
    snprintf(buf, size, "%s%s%s%s%s%s", v < 0.0 && !zero ? "-" : "",
             unit == CLI_CHART_USD ? "$" : "", num, unit == CLI_CHART_PERCENT ? "%" : "",
             sep, suffix ? suffix : "");
}

/* ---------------------------------------------------------------- ticks */

static void add_major(cli_chart_ticks_t *t, double v)
{
    if (t->n < CLI_CHART_MAX_TICKS)
        t->v[t->n++] = v;
}

static void add_minor(cli_chart_ticks_t *t, double v)
{
    if (t->n_minor < CLI_CHART_MAX_MINOR)
        t->minor[t->n_minor++] = v;
}

static int lin_ticks(double lo, double hi, int target, int widen, cli_chart_ticks_t *t)
{
    if (hi - lo <= fmax(fabs(lo), fabs(hi)) * 1e-9) {
        double mid = (lo + hi) / 2.0, d = fabs(mid) * 0.1;
        if (d == 0.0)
            lo = 0.0, hi = 1.0;
        else
            lo = mid - d, hi = mid + d;
        widen = 1;
    }
    double span = hi - lo;
    int e = (int)floor(log10(span / target)) - 1;
    static const double mant[] = {1.0, 2.0, 5.0};
    for (int tries = 0; tries < 60; tries++, e++) {
        double pe = p10(e < 0 ? -e : e);
        for (int i = 0; i < 3; i++) {
            double s = e < 0 ? mant[i] / pe : mant[i] * pe;
            double a, b;
            if (widen) {
                a = floor(lo / s + 1e-9);
                b = ceil(hi / s - 1e-9);
                if (b - a > target)
                    continue;
            } else {
                a = ceil(lo / s - 1e-9);
                b = floor(hi / s + 1e-9);
                if (span / s > target + 1e-9)
                    continue;
            }
            t->step = s;
            for (double k = a; k <= b; k++)
                add_major(t, e < 0 ? k * mant[i] / pe : k * mant[i] * pe);
            t->lo = widen ? t->v[0] : lo;
            t->hi = widen ? t->v[t->n - 1] : hi;
            if (!widen && t->n == 0) /* cannot happen: span / s <= target */
                return CLI_CHART_EINVAL;
            return CLI_CHART_OK;
        }
    }
    return CLI_CHART_EINVAL;
}

/* The exponent e with 10^e <= v < 10^(e+1), v > 0. */
static int decade_of(double v)
{
    int e = (int)floor(log10(v));
    if (v >= p10(e + 1) * (1.0 - 1e-12))
        e++;
    else if (v < p10(e) * (1.0 - 1e-12))
        e--;
    return e;
}

/* The largest 1-2-5 value <= v (down) or the smallest >= v (up). */
static double round125(double v, int up)
{
    int e = decade_of(v);
    double p = p10(e), m = v / p;
    static const double steps[] = {1.0, 2.0, 5.0, 10.0};
    if (up) {
        for (int i = 0; i < 4; i++)
            if (steps[i] >= m * (1.0 - 1e-12))
                return steps[i] * p;
        return 10.0 * p;
    }
    for (int i = 3; i >= 0; i--)
        if (steps[i] <= m * (1.0 + 1e-12))
            return steps[i] * p;
    return p;
}

static int in_range(double v, double lo, double hi)
{
    return v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
}

static int log_ticks(double lo, double hi, int target, int widen, cli_chart_ticks_t *t)
{
    if (widen) {
        lo = round125(lo, 0);
        hi = round125(hi, 1);
    }
    if (hi <= lo * (1.0 + 1e-9)) {
        lo = round125(lo * (1.0 - 1e-6), 0);
        hi = round125(hi * (1.0 + 1e-6), 1);
    }
    t->lo = lo;
    t->hi = hi;
    int e0 = decade_of(lo), e1 = decade_of(hi);
    /* the 1-2-5 values, when few enough */
    static const double m125[] = {1.0, 2.0, 5.0};
    size_t n125 = 0;
    for (int e = e0; e <= e1; e++)
        for (int i = 0; i < 3; i++)
            n125 += in_range(m125[i] * p10(e), lo, hi);
    if (n125 <= (size_t)target + 1) {
        t->step = 0.0;
        for (int e = e0; e <= e1; e++)
            for (int m = 1; m <= 9; m++) {
                double v = m * p10(e);
                if (!in_range(v, lo, hi))
                    continue;
                if (m == 1 || m == 2 || m == 5)
                    add_major(t, v);
                else
                    add_minor(t, v);
            }
    } else {
        int k = 1;
        for (;; k++) {
            size_t n = 0;
            for (int e = e0; e <= e1; e++)
                n += ((e % k) + k) % k == 0 && in_range(p10(e), lo, hi);
            if (n <= (size_t)target + 1)
                break;
        }
        t->step = k;
        for (int e = e0; e <= e1; e++) {
            if (!in_range(p10(e), lo, hi))
                ;
            else if (((e % k) + k) % k == 0)
                add_major(t, p10(e));
            else
                add_minor(t, p10(e));
            if (k == 1)
                for (int m = 2; m <= 9; m++)
                    if (in_range(m * p10(e), lo, hi))
                        add_minor(t, m * p10(e));
        }
    }
    if (t->n == 0) { /* a narrow fixed range between 1-2-5 values */
        add_major(t, lo);
        add_major(t, hi);
    }
    return CLI_CHART_OK;
}

static const char *const month_name[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

#define MONTH_S 2629746.0 /* a mean Gregorian month */

/* The epoch seconds of the first of month mi (months since year 0). */
static double month_start_s(int64_t mi)
{
    int64_t m0 = ((mi % 12) + 12) % 12;
    return (double)mip_days_from_civil((mi - m0) / 12, (int)m0 + 1, 1) * 86400.0;
}

static int time_ticks(double lo, double hi, int target, cli_chart_ticks_t *t)
{
    if (fabs(lo) > 1e12 || fabs(hi) > 1e12)
        return CLI_CHART_EINVAL;
    if (hi - lo < 1.0) {
        lo -= 1800.0;
        hi += 1800.0;
    }
    t->lo = lo;
    t->hi = hi;
    static const double secs[] = {1,     2,     5,     10,    15,     30,    60,
                                  120,   300,   600,   900,   1800,   3600,  7200,
                                  10800, 21600, 43200, 86400, 172800, 604800};
    static const int months[] = {1, 2, 3, 6};
    double span = hi - lo, s = 0.0;
    int mon = 0;
    for (size_t i = 0; i < sizeof secs / sizeof secs[0] && s == 0.0; i++)
        if (span / secs[i] <= target + 1e-9)
            s = secs[i];
    for (size_t i = 0; i < 4 && s == 0.0 && mon == 0; i++)
        if (span / (months[i] * MONTH_S) <= target + 1e-9)
            mon = months[i];
    for (int y = 1; s == 0.0 && mon == 0; y *= 10) {
        if (span / (12.0 * y * MONTH_S) <= target + 1e-9)
            mon = 12 * y;
        else if (span / (24.0 * y * MONTH_S) <= target + 1e-9)
            mon = 24 * y;
        else if (span / (60.0 * y * MONTH_S) <= target + 1e-9)
            mon = 60 * y;
    }
    if (mon == 0) {
        double origin = s == 604800.0 ? 4.0 * 86400.0 : 0.0; /* weeks from a Monday */
        t->step = s;
        for (double k = ceil((lo - origin) / s - 1e-9);
             k <= floor((hi - origin) / s + 1e-9); k++)
            add_major(t, origin + k * s);
    } else {
        t->step = mon;
        t->months = mon;
        int64_t y;
        int m, d;
        mip_civil_from_days((int64_t)floor(lo / 86400.0), &y, &m, &d);
        int64_t mi = y * 12 + (m - 1);
        while (month_start_s(mi) < lo - 1e-6)
            mi++;
        while (((mi % mon) + mon) % mon != 0)
            mi++;
        for (; t->n < CLI_CHART_MAX_TICKS && month_start_s(mi) <= hi + 1e-6; mi += mon)
            add_major(t, month_start_s(mi));
    }
    /* labels */
    int64_t prev_day = 0, prev_year = 0;
    for (size_t i = 0; i < t->n; i++) {
        double v = t->v[i];
        int64_t day = (int64_t)floor(v / 86400.0), y;
        int m, d;
        mip_civil_from_days(day, &y, &m, &d);
        long sod = (long)(v - (double)day * 86400.0 + 0.5);
        int hh = (int)(sod / 3600), mm = (int)(sod / 60 % 60), ss = (int)(sod % 60);
        char *l = t->label[i], *l2 = t->label2[i];
        size_t ls = sizeof t->label[i], l2s = sizeof t->label2[i];
        l2[0] = '\0';
        if (mon == 0 && s < 60.0)
            snprintf(l, ls, "%02d:%02d:%02d", hh, mm, ss);
        else if (mon == 0 && s < 86400.0)
            snprintf(l, ls, "%02d:%02d", hh, mm);
        else if (mon == 0)
            snprintf(l, ls, "%s %d", month_name[m - 1], d);
        else if (mon < 12)
            snprintf(l, ls, "%s", month_name[m - 1]);
        else
            snprintf(l, ls, "%lld", (long long)y);
        if (mon == 0 && s < 86400.0) {
            if (i == 0)
                snprintf(l2, l2s, "%s %d, %lld", month_name[m - 1], d, (long long)y);
            else if (day != prev_day)
                snprintf(l2, l2s, "%s %d", month_name[m - 1], d);
        } else if (mon < 12 && (i == 0 || y != prev_year)) {
            snprintf(l2, l2s, "%lld", (long long)y);
        }
        prev_day = day;
        prev_year = y;
    }
    return CLI_CHART_OK;
}

int cli_chart_ticks(cli_chart_scale_t scale, cli_chart_unit_t unit, const char *suffix,
                    double lo, double hi, int target, int widen, cli_chart_ticks_t *out)
{
    if (!out)
        return CLI_CHART_EINVAL;
    memset(out, 0, sizeof *out);
    if (!isfinite(lo) || !isfinite(hi) || lo > hi || target < 1 || target > 50 ||
        (scale != CLI_CHART_LINEAR && scale != CLI_CHART_LOG10))
        return CLI_CHART_EINVAL;
    if (unit == CLI_CHART_TIME)
        return scale == CLI_CHART_LINEAR ? time_ticks(lo, hi, target, out)
                                         : CLI_CHART_EINVAL;
    int rc;
    if (scale == CLI_CHART_LOG10) {
        if (!(lo >= 1e-300) || hi > 1e300)
            return CLI_CHART_EINVAL;
        rc = log_ticks(lo, hi, target, widen, out);
        for (size_t i = 0; rc == CLI_CHART_OK && i < out->n; i++)
            cli_chart_format(out->label[i], sizeof out->label[i], out->v[i], out->v[i], 1,
                             unit, suffix);
    } else {
        rc = lin_ticks(lo, hi, target, widen, out);
        int compact = fmax(fabs(out->lo), fabs(out->hi)) >= 1e6;
        for (size_t i = 0; rc == CLI_CHART_OK && i < out->n; i++)
            cli_chart_format(out->label[i], sizeof out->label[i], out->v[i], out->step,
                             compact, unit, suffix);
    }
    return rc;
}

/* ---------------------------------------------------------------- drawing */

typedef struct rgb {
    double r, g, b;
} rgb_t;

#define HEX(h)                                                                           \
    {                                                                                    \
        ((h) >> 16 & 0xFF) / 255.0, ((h) >> 8 & 0xFF) / 255.0, ((h)&0xFF) / 255.0        \
    }

/* Okabe-Ito, without the yellow (too pale for a line on white). */
static const rgb_t line_colour[] = {HEX(0x0072B2), HEX(0xD55E00), HEX(0x009E73),
                                    HEX(0xCC79A7), HEX(0xE69F00), HEX(0x56B4E9),
                                    HEX(0x000000)};
/* Okabe-Ito again, first the three of the most distinct lightness (dark
 * blue, orange, yellow), so that stacked parts stay apart in grey. */
static const rgb_t bar_colour[] = {HEX(0x0072B2), HEX(0xE69F00), HEX(0xF0E442),
                                   HEX(0xD55E00), HEX(0x56B4E9), HEX(0x009E73),
                                   HEX(0xCC79A7)};
static const rgb_t shade_colour[] = {HEX(0xD55E00), HEX(0x0072B2), HEX(0xCC79A7),
                                     HEX(0x009E73)};
#define N_COLOURS 7

typedef struct dash {
    double d[6];
    int n;
} dash_t;
static const dash_t dashes[] = {{{0}, 0},          {{8, 4}, 2}, {{2, 3}, 2},
                                {{9, 3, 2, 3}, 4}, {{4, 3}, 2}, {{12, 3, 2, 3, 2, 3}, 6}};
#define N_DASHES 6

typedef enum {
    MK_CIRCLE,
    MK_SQUARE,
    MK_TRIANGLE,
    MK_DIAMOND,
    MK_CROSS,
    MK_PLUS,
    MK_DOWN
} mk_t;
#define N_MARKS 7

enum { F_TITLE = 16, F_AXIS = 13, F_TICK = 11, F_LEGEND = 12, F_NOTE = 11 };
#define PAD 12.0

typedef struct render {
    const cli_chart_t *c;
    cairo_t *cr;
    double W, H;
    double pl, pt, pw, ph; /* the plot's rectangle */
    double fs;             /* the current font size */
    int cat;               /* categorical x (bars) */
    size_t n_cat, cat_every;
    double legend_top, xtitle_y;
    cli_chart_ticks_t tx, ty;
} render_t;

typedef struct ext {
    double lo, hi;
    int any;
} ext_t;

static void ext_add(ext_t *e, double v)
{
    if (!e->any) {
        e->lo = e->hi = v;
        e->any = 1;
    } else {
        e->lo = fmin(e->lo, v);
        e->hi = fmax(e->hi, v);
    }
}

/* v can be drawn on the axis. */
static int usable(const axis_t *a, double v)
{
    return isfinite(v) && fabs(v) <= 1e300 &&
           (a->scale != CLI_CHART_LOG10 || v >= 1e-300);
}

static int okx(const render_t *r, double v)
{
    return r->cat ? isfinite(v) && fabs(v) <= 1e9 : usable(&r->c->ax[0], v);
}

static int oky(const render_t *r, double v) { return usable(&r->c->ax[1], v); }

static double clampc(double p) { return p < -1e5 ? -1e5 : p > 1e5 ? 1e5 : p; }

static double frac(double v, double lo, double hi, int logscale)
{
    if (logscale)
        return (log10(v) - log10(lo)) / (log10(hi) - log10(lo));
    return (v - lo) / (hi - lo);
}

static double X(const render_t *r, double v)
{
    if (r->cat)
        return clampc(r->pl + (v + 0.5) * r->pw / (double)r->n_cat);
    return clampc(r->pl +
                  frac(v, r->tx.lo, r->tx.hi, r->c->ax[0].scale == CLI_CHART_LOG10) *
                      r->pw);
}

static double Y(const render_t *r, double v)
{
    return clampc(r->pt + r->ph -
                  frac(v, r->ty.lo, r->ty.hi, r->c->ax[1].scale == CLI_CHART_LOG10) *
                      r->ph);
}

/* ---- text */

static void set_font(render_t *r, double size, int bold)
{
    cairo_select_font_face(r->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(r->cr, size);
    r->fs = size;
}

static double text_w(render_t *r, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(r->cr, s, &e);
    return e.x_advance;
}

/* s at (x, y): ha 0 left, 0.5 centre, 1 right; va 0 top of the capitals,
 * 0.5 their middle, 1 the baseline. */
static void text_at(render_t *r, double x, double y, const char *s, double ha, double va)
{
    double cap = r->fs * 0.72;
    cairo_move_to(r->cr, x - ha * text_w(r, s), y + (1.0 - va) * cap);
    cairo_show_text(r->cr, s);
}

/* s cut (with an ellipsis) to fit max_w, whole UTF-8 characters only. */
static void fit_text(render_t *r, const char *s, double max_w, char *buf, size_t size)
{
    s = s ? s : "";
    size_t n = strlen(s);
    int cut = n >= size;
    if (cut)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (!cut && text_w(r, buf) <= max_w)
        return;
    if (!cut && n > 0)
        n--;
    for (;;) {
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        if (n + 4 <= size) {
            memcpy(buf + n, "\xE2\x80\xA6", 4); /* an ellipsis and the NUL */
            if (n == 0 || text_w(r, buf) <= max_w)
                return;
        }
        if (n == 0) {
            buf[0] = '\0';
            return;
        }
        n--;
    }
}

/* A label on a white box, for markers above the data. */
static void boxed_text(render_t *r, double x, double y, const char *s, double ha,
                       double va)
{
    double w = text_w(r, s), cap = r->fs * 0.72;
    double x0 = x - ha * w, top = y - va * cap;
    cairo_set_source_rgba(r->cr, 1, 1, 1, 0.85);
    cairo_rectangle(r->cr, x0 - 3, top - 3, w + 6, cap + 7);
    cairo_fill(r->cr);
    cairo_set_source_rgb(r->cr, 0, 0, 0);
    text_at(r, x, y, s, ha, va);
}

/* ---- marks */

static void set_rgb(cairo_t *cr, rgb_t c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static void mark(cairo_t *cr, int style, double x, double y, double s, rgb_t col)
{
    mk_t k = (mk_t)(style % N_MARKS);
    cairo_new_path(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    switch (k) {
    case MK_CIRCLE:
        cairo_arc(cr, x, y, s, 0, 2 * CHART_PI);
        break;
    case MK_SQUARE:
        cairo_rectangle(cr, x - s * 0.85, y - s * 0.85, s * 1.7, s * 1.7);
        break;
    case MK_TRIANGLE:
        cairo_move_to(cr, x, y - s * 1.15);
        cairo_line_to(cr, x + s, y + s * 0.75);
        cairo_line_to(cr, x - s, y + s * 0.75);
        cairo_close_path(cr);
        break;
    case MK_DOWN:
        cairo_move_to(cr, x, y + s * 1.15);
        cairo_line_to(cr, x + s, y - s * 0.75);
        cairo_line_to(cr, x - s, y - s * 0.75);
        cairo_close_path(cr);
        break;
    case MK_DIAMOND:
        cairo_move_to(cr, x, y - s * 1.2);
        cairo_line_to(cr, x + s, y);
        cairo_line_to(cr, x, y + s * 1.2);
        cairo_line_to(cr, x - s, y);
        cairo_close_path(cr);
        break;
    case MK_CROSS:
    case MK_PLUS: {
        double d = s * 1.1;
        cairo_set_line_width(cr, 2.2);
        set_rgb(cr, col);
        if (k == MK_CROSS) {
            cairo_move_to(cr, x - d, y - d);
            cairo_line_to(cr, x + d, y + d);
            cairo_move_to(cr, x - d, y + d);
            cairo_line_to(cr, x + d, y - d);
        } else {
            cairo_move_to(cr, x - d, y);
            cairo_line_to(cr, x + d, y);
            cairo_move_to(cr, x, y - d);
            cairo_line_to(cr, x, y + d);
        }
        cairo_stroke(cr);
        return;
    }
    }
    set_rgb(cr, col);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

static void set_style(cairo_t *cr, int style, double width)
{
    set_rgb(cr, line_colour[style % N_COLOURS]);
    const dash_t *d = &dashes[style % N_DASHES];
    cairo_set_dash(cr, d->d, d->n, 0);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

/* Hatching over a rectangle: kind 0 "/", 1 "\", 2 both, 3 horizontal. */
static void hatch(cairo_t *cr, double x, double y, double w, double h, int kind,
                  double gap)
{
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_new_path(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    kind %= 4;
    if (kind == 3) {
        for (double yy = y + gap / 2; yy < y + h; yy += gap) {
            cairo_move_to(cr, x, yy);
            cairo_line_to(cr, x + w, yy);
        }
    } else {
        for (double k = -h; k < w + h; k += gap) {
            if (kind == 0 || kind == 2) {
                cairo_move_to(cr, x + k, y + h);
                cairo_line_to(cr, x + k + h, y);
            }
            if (kind == 1 || kind == 2) {
                cairo_move_to(cr, x + k, y);
                cairo_line_to(cr, x + k + h, y + h);
            }
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- the legend */

typedef enum { E_LINE, E_SCATTER, E_SHADE, E_STACK, E_GROUP } etype_t;

typedef struct entry {
    etype_t type;
    int style;
    const char *name;
} entry_t;

#define SWATCH_W 30.0
#define LEGEND_ROW 19.0

static size_t legend_entries(const cli_chart_t *c, entry_t *e)
{
    size_t n = 0;
    for (size_t i = 0; c->bars && i < c->bars->n_stack; i++)
        if (c->bars->stacks[i])
            e[n++] = (entry_t){E_STACK, (int)i, c->bars->stacks[i]};
    for (size_t i = 0; c->bars && c->bars->n_group > 1 && i < c->bars->n_group; i++)
        if (c->bars->groups[i])
            e[n++] = (entry_t){E_GROUP, (int)i, c->bars->groups[i]};
    for (size_t i = 0; i < c->nsh; i++)
        if (c->sh[i].name)
            e[n++] = (entry_t){E_SHADE, c->sh[i].style, c->sh[i].name};
    for (size_t i = 0; i < c->ns; i++)
        if (c->s[i].name)
            e[n++] = (entry_t){c->s[i].kind == K_SCATTER ? E_SCATTER : E_LINE,
                               c->s[i].style, c->s[i].name};
    return n;
}

static void swatch(render_t *r, const entry_t *e, double x, double yc)
{
    cairo_t *cr = r->cr;
    double w = SWATCH_W - 6, h = 11, y = yc - h / 2;
    cairo_save(cr);
    switch (e->type) {
    case E_LINE:
        set_style(cr, e->style, 2.2);
        cairo_move_to(cr, x, yc);
        cairo_line_to(cr, x + w, yc);
        cairo_stroke(cr);
        mark(cr, e->style, x + w / 2, yc, 3.8, line_colour[e->style % N_COLOURS]);
        break;
    case E_SCATTER:
        mark(cr, e->style, x + w / 2, yc, 4.2, line_colour[e->style % N_COLOURS]);
        break;
    case E_SHADE: {
        rgb_t col = shade_colour[e->style % 4];
        cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.18);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
        cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.55);
        cairo_set_line_width(cr, 1.0);
        hatch(cr, x, y, w, h, e->style % 2, 6.0);
        break;
    }
    case E_STACK:
        set_rgb(cr, bar_colour[e->style % N_COLOURS]);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
        break;
    case E_GROUP:
        if (r->c->bars && r->c->bars->n_stack == 1)
            set_rgb(cr, bar_colour[e->style % N_COLOURS]);
        else
            cairo_set_source_rgb(cr, 0.80, 0.80, 0.80);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
        if (e->style > 0) {
            cairo_set_source_rgba(cr, 0, 0, 0, 0.55);
            cairo_set_line_width(cr, 1.0);
            hatch(cr, x, y, w, h, e->style - 1, 4.5);
        }
        break;
    }
    cairo_restore(cr);
}

/* Lay the legend out in centred rows (and draw it when draw is set); its
 * height. */
static double legend(render_t *r, int draw)
{
    const cli_chart_t *c = r->c;
    size_t cap = c->ns + c->nsh + (c->bars ? c->bars->n_stack + c->bars->n_group : 0);
    if (cap == 0)
        return 0.0;
    entry_t *e = malloc(cap * sizeof *e);
    double *w = malloc(cap * sizeof *w);
    if (!e || !w) {
        free(e);
        free(w);
        return 0.0;
    }
    size_t n = legend_entries(c, e);
    set_font(r, F_LEGEND, 0);
    double avail = r->W - 2 * PAD, max_text = avail - SWATCH_W - 20;
    char buf[256];
    for (size_t i = 0; i < n; i++) {
        fit_text(r, e[i].name, max_text, buf, sizeof buf);
        w[i] = SWATCH_W + text_w(r, buf) + 18;
    }
    /* at most a quarter of the height; the entries beyond are left out */
    size_t rows = 0, i = 0, max_rows = (size_t)fmax(1.0, floor(r->H / 4 / LEGEND_ROW));
    while (i < n && rows < max_rows) {
        size_t j = i;
        double row_w = 0;
        while (j < n && (j == i || row_w + w[j] <= avail))
            row_w += w[j++];
        if (draw) {
            double x = (r->W - (row_w - 18)) / 2,
                   yc = r->legend_top + rows * LEGEND_ROW + LEGEND_ROW / 2;
            for (size_t k = i; k < j; k++) {
                swatch(r, &e[k], x, yc);
                fit_text(r, e[k].name, max_text, buf, sizeof buf);
                cairo_set_source_rgb(r->cr, 0.1, 0.1, 0.1);
                text_at(r, x + SWATCH_W, yc, buf, 0, 0.5);
                x += w[k];
            }
        }
        rows++;
        i = j;
    }
    free(e);
    free(w);
    return rows * LEGEND_ROW;
}

/* ---- axes */

static void extents(const render_t *r, ext_t *ex, ext_t *ey)
{
    const cli_chart_t *c = r->c;
    for (size_t i = 0; i < c->ns; i++)
        for (size_t k = 0; k < c->s[i].n; k++)
            if (okx(r, c->s[i].x[k]) && oky(r, c->s[i].y[k])) {
                ext_add(ex, c->s[i].x[k]);
                ext_add(ey, c->s[i].y[k]);
            }
    for (size_t i = 0; i < c->nsh; i++)
        for (size_t k = 0; k < c->sh[i].n; k++)
            if (okx(r, c->sh[i].x0[k]) && okx(r, c->sh[i].x1[k])) {
                ext_add(ex, c->sh[i].x0[k]);
                ext_add(ex, c->sh[i].x1[k]);
            }
    for (size_t i = 0; i < c->nm; i++) {
        const marker_t *m = &c->m[i];
        if (m->kind == M_VLINE && okx(r, m->x))
            ext_add(ex, m->x);
        if (m->kind == M_HLINE && oky(r, m->y))
            ext_add(ey, m->y);
        if (m->kind == M_POINT && okx(r, m->x) && oky(r, m->y)) {
            ext_add(ex, m->x);
            ext_add(ey, m->y);
        }
    }
    const bars_t *b = c->bars;
    for (size_t i = 0; b && i < b->n_cat * b->n_group; i++) {
        double pos = 0, neg = 0;
        for (size_t s = 0; s < b->n_stack; s++) {
            double v = b->v[i * b->n_stack + s];
            if (!isfinite(v))
                continue;
            if (v >= 0)
                pos += v;
            else
                neg += v;
            if (oky(r, pos))
                ext_add(ey, pos);
            if (oky(r, neg))
                ext_add(ey, neg);
        }
    }
}

/* Drop the ticks outside [t->lo, t->hi]. */
static void keep_ticks_inside(cli_chart_ticks_t *t)
{
    double tol = (t->hi - t->lo) * 1e-9;
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i] >= t->lo - tol && t->v[i] <= t->hi + tol) {
            t->v[n] = t->v[i];
            memmove(t->label[n], t->label[i], sizeof t->label[n]);
            memmove(t->label2[n], t->label2[i], sizeof t->label2[n]);
            n++;
        }
    t->n = n;
    n = 0;
    for (size_t i = 0; i < t->n_minor; i++)
        if (t->minor[i] >= t->lo - tol && t->minor[i] <= t->hi + tol)
            t->minor[n++] = t->minor[i];
    t->n_minor = n;
}

/* The range and ticks of an axis from the data's extent and the fixed ends. */
static int resolve(const axis_t *a, ext_t e, int is_y, int target, cli_chart_ticks_t *t)
{
    int logscale = a->scale == CLI_CHART_LOG10;
    int lo_auto = !usable(a, a->lo), hi_auto = !usable(a, a->hi);
    double lo, hi;
    if (e.any)
        lo = e.lo, hi = e.hi;
    else if (logscale)
        lo = 1.0, hi = 10.0;
    else if (a->unit == CLI_CHART_TIME)
        lo = 0.0, hi = 86400.0;
    else
        lo = 0.0, hi = 1.0;
    if (is_y && !logscale) {
        lo = fmin(lo, 0.0);
        hi = fmax(hi, 0.0);
    }
    if (!lo_auto)
        lo = a->lo;
    if (!hi_auto)
        hi = a->hi;
    if (lo > hi) {
        if (lo_auto)
            lo = hi;
        else
            hi = lo;
    }
    int widen = lo_auto || hi_auto;
    int rc = cli_chart_ticks(a->scale, a->unit, a->suffix, lo, hi, target, widen, t);
    if (rc != CLI_CHART_OK && a->unit == CLI_CHART_TIME) /* beyond the calendar */
        rc = cli_chart_ticks(a->scale, CLI_CHART_COUNT, a->suffix, lo, hi, target, widen,
                             t);
    if (rc != CLI_CHART_OK)
        return rc;
    if (widen && !(lo_auto && hi_auto)) {
        if (!lo_auto && a->lo < t->hi)
            t->lo = a->lo;
        if (!hi_auto && a->hi > t->lo)
            t->hi = a->hi;
        keep_ticks_inside(t);
    }
    return CLI_CHART_OK;
}

static double max_label_w(render_t *r, const cli_chart_ticks_t *t)
{
    double w = 0;
    for (size_t i = 0; i < t->n; i++) {
        w = fmax(w, text_w(r, t->label[i]));
        w = fmax(w, text_w(r, t->label2[i]));
    }
    return w;
}

static int layout(render_t *r)
{
    const cli_chart_t *c = r->c;
    double line_tick = F_TICK * 1.35, line_axis = F_AXIS * 1.35;
    double legend_h = legend(r, 0);
    r->pt = PAD + (c->title ? F_TITLE * 1.3 + 8 : 6);
    int time_x = !r->cat && c->ax[0].unit == CLI_CHART_TIME;
    double xlab_h = 7 + line_tick * (time_x ? 2 : 1);
    double xtitle_h = c->label[0] ? line_axis + 2 : 0;
    double bottom = PAD + legend_h + (legend_h > 0 ? 8 : 0) + xtitle_h + xlab_h;
    r->ph = fmax(40.0, r->H - r->pt - bottom);
    r->legend_top = r->H - PAD - legend_h;
    r->xtitle_y = r->pt + r->ph + xlab_h + 2;

    ext_t ex = {0, 0, 0}, ey = {0, 0, 0};
    extents(r, &ex, &ey);
    int rc;
    int ty = (int)(r->ph / 42.0);
    ty = ty < 2 ? 2 : ty > 12 ? 12 : ty;
    if ((rc = resolve(&c->ax[1], ey, 1, ty, &r->ty)) != CLI_CHART_OK)
        return rc;
    set_font(r, F_TICK, 0);
    double left = PAD + (c->label[1] ? line_axis + 6 : 0) + max_label_w(r, &r->ty) + 10;
    r->pl = left;
    r->pw = fmax(60.0, r->W - left - PAD - 22);
    if (r->cat) {
        double mw = 0;
        for (size_t i = 0; i < r->n_cat; i++)
            if (c->bars->cats[i])
                mw = fmax(mw, text_w(r, c->bars->cats[i]));
        double slot = r->pw / (double)r->n_cat;
        r->cat_every = (size_t)ceil((mw + 10) / slot);
        if (r->cat_every < 1)
            r->cat_every = 1;
        return CLI_CHART_OK;
    }
    int tx = (int)(r->pw / 60.0);
    tx = tx < 2 ? 2 : tx > 20 ? 20 : tx;
    for (;; tx--) {
        if ((rc = resolve(&c->ax[0], ex, 0, tx, &r->tx)) != CLI_CHART_OK)
            return rc;
        double w = max_label_w(r, &r->tx);
        if (tx <= 1 || (double)r->tx.n * (w + 14) <= r->pw + w)
            break;
    }
    return CLI_CHART_OK;
}

static double snap(double v) { return floor(v) + 0.5; }

static void grid(render_t *r)
{
    cairo_t *cr = r->cr;
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.0);
    /* minor lines first, lighter */
    cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
    for (size_t i = 0; i < r->ty.n_minor; i++) {
        double y = snap(Y(r, r->ty.minor[i]));
        cairo_move_to(cr, r->pl, y);
        cairo_line_to(cr, r->pl + r->pw, y);
    }
    for (size_t i = 0; !r->cat && i < r->tx.n_minor; i++) {
        double x = snap(X(r, r->tx.minor[i]));
        cairo_move_to(cr, x, r->pt);
        cairo_line_to(cr, x, r->pt + r->ph);
    }
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    for (size_t i = 0; i < r->ty.n; i++) {
        double y = snap(Y(r, r->ty.v[i]));
        cairo_move_to(cr, r->pl, y);
        cairo_line_to(cr, r->pl + r->pw, y);
    }
    for (size_t i = 0; !r->cat && i < r->tx.n; i++) {
        double x = snap(X(r, r->tx.v[i]));
        cairo_move_to(cr, x, r->pt);
        cairo_line_to(cr, x, r->pt + r->ph);
    }
    cairo_stroke(cr);
}

static void axes(render_t *r)
{
    cairo_t *cr = r->cr;
    const cli_chart_t *c = r->c;
    double x0 = snap(r->pl), y0 = snap(r->pt + r->ph);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.0);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, x0, r->pt);
    cairo_line_to(cr, x0, y0);
    cairo_line_to(cr, r->pl + r->pw, y0);
    for (size_t i = 0; i < r->ty.n; i++) {
        double y = snap(Y(r, r->ty.v[i]));
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x0 - 5, y);
    }
    for (size_t i = 0; i < r->ty.n_minor; i++) {
        double y = snap(Y(r, r->ty.minor[i]));
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x0 - 3, y);
    }
    if (r->cat) {
        for (size_t i = 0; i < r->n_cat; i += r->cat_every) {
            double x = snap(X(r, (double)i));
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y0 + 5);
        }
    } else {
        for (size_t i = 0; i < r->tx.n; i++) {
            double x = snap(X(r, r->tx.v[i]));
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y0 + 5);
        }
        for (size_t i = 0; i < r->tx.n_minor; i++) {
            double x = snap(X(r, r->tx.minor[i]));
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y0 + 3);
        }
    }
    cairo_stroke(cr);

    /* tick labels */
    set_font(r, F_TICK, 0);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (size_t i = 0; i < r->ty.n; i++)
        text_at(r, r->pl - 8, Y(r, r->ty.v[i]), r->ty.label[i], 1, 0.5);
    double ly = r->pt + r->ph + 9, line = F_TICK * 1.35;
    if (r->cat) {
        double slot = r->pw / (double)r->n_cat;
        char buf[256];
        for (size_t i = 0; i < r->n_cat; i += r->cat_every)
            if (c->bars->cats[i]) {
                fit_text(r, c->bars->cats[i], slot * (double)r->cat_every - 4, buf,
                         sizeof buf);
                text_at(r, X(r, (double)i), ly, buf, 0.5, 0);
            }
    } else {
        for (size_t i = 0; i < r->tx.n; i++) {
            double x = X(r, r->tx.v[i]);
            for (int k = 0; k < 2; k++) {
                const char *s = k ? r->tx.label2[i] : r->tx.label[i];
                double w = text_w(r, s);
                double xc = fmin(fmax(x, PAD / 2 + w / 2), r->W - PAD / 2 - w / 2);
                text_at(r, xc, ly + k * line, s, 0.5, 0);
            }
        }
    }

    /* axis titles */
    set_font(r, F_AXIS, 0);
    cairo_set_source_rgb(cr, 0, 0, 0);
    char buf[512], lab[512];
    if (c->label[0]) {
        const char *s = c->label[0];
        if (!r->cat && c->ax[0].unit == CLI_CHART_TIME && !strstr(s, "UTC")) {
            snprintf(lab, sizeof lab, "%s (UTC)", s);
            s = lab;
        }
        fit_text(r, s, r->W - 2 * PAD, buf, sizeof buf);
        double w = text_w(r, buf);
        double xc = fmin(fmax(r->pl + r->pw / 2, PAD + w / 2), r->W - PAD - w / 2);
        text_at(r, xc, r->xtitle_y, buf, 0.5, 0);
    }
    if (c->label[1]) {
        fit_text(r, c->label[1], r->ph + r->pt, buf, sizeof buf);
        cairo_save(cr);
        cairo_translate(cr, PAD, r->pt + r->ph / 2);
        cairo_rotate(cr, -CHART_PI / 2);
        text_at(r, 0, 0, buf, 0.5, 0);
        cairo_restore(cr);
    }
    if (c->title) {
        set_font(r, F_TITLE, 1);
        fit_text(r, c->title, r->W - 2 * PAD, buf, sizeof buf);
        text_at(r, r->W / 2, PAD, buf, 0.5, 0);
    }
}

/* ---- data */

typedef struct pt {
    double x, y;
    int move; /* starts a new piece */
} pt_t;

/* Thin a path to at most four points per pixel column and piece: the first,
 * the lowest, the highest and the last, in order. The new count. */
static size_t thin(pt_t *p, size_t n)
{
    size_t out = 0, i = 0;
    while (i < n) {
        double col = floor(p[i].x);
        size_t j = i + 1, lo = i, hi = i;
        while (j < n && !p[j].move && floor(p[j].x) == col) {
            if (p[j].y < p[lo].y)
                lo = j;
            if (p[j].y > p[hi].y)
                hi = j;
            j++;
        }
        size_t keep[4] = {i, lo < hi ? lo : hi, lo < hi ? hi : lo, j - 1};
        pt_t kept[4];
        size_t nk = 0;
        for (int k = 0; k < 4; k++)
            if (nk == 0 || keep[k] != keep[k - 1])
                kept[nk++] = p[keep[k]];
        for (size_t k = 0; k < nk; k++)
            p[out++] = kept[k];
        i = j;
    }
    return out;
}

static size_t stroke_path(render_t *r, pt_t *p, size_t n, int style)
{
    if ((double)n > 4 * r->pw)
        n = thin(p, n);
    cairo_t *cr = r->cr;
    set_style(cr, style, 2.2);
    cairo_new_path(cr);
    for (size_t i = 0; i < n; i++) {
        if (p[i].move)
            cairo_move_to(cr, p[i].x, p[i].y);
        else
            cairo_line_to(cr, p[i].x, p[i].y);
    }
    cairo_stroke(cr);
    return n;
}

/* Draws a series; 0 when none of its points could be drawn, -1 when out of
 * memory. */
static int draw_series(render_t *r, const series_t *s)
{
    size_t valid = 0;
    for (size_t i = 0; i < s->n; i++)
        valid += okx(r, s->x[i]) && oky(r, s->y[i]);
    if (valid == 0)
        return 0;
    if (s->kind != K_SCATTER) {
        pt_t *p = malloc(2 * s->n * sizeof *p);
        if (!p)
            return -1;
        size_t n = 0;
        int pen = 0; /* the previous point was drawn */
        for (size_t i = 0; i < s->n; i++) {
            int ok = okx(r, s->x[i]) && oky(r, s->y[i]);
            if (s->kind == K_STEP && pen && okx(r, s->x[i])) { /* the level so far */
                double level = p[n - 1].y;
                p[n++] = (pt_t){X(r, s->x[i]), level, 0};
            }
            if (ok)
                p[n++] = (pt_t){X(r, s->x[i]), Y(r, s->y[i]), !pen};
            pen = ok;
        }
        stroke_path(r, p, n, s->style);
        free(p);
    }
    return 1;
}

/* The markers of a series, over the plot's edge where need be (a point on
 * the axis keeps its whole marker): all of a scatter, about a dozen along a
 * line. */
static void draw_series_marks(render_t *r, const series_t *s)
{
    size_t valid = 0;
    for (size_t i = 0; i < s->n; i++)
        valid += okx(r, s->x[i]) && oky(r, s->y[i]);
    if (valid == 0)
        return;
    rgb_t col = line_colour[s->style % N_COLOURS];
    size_t every = s->kind == K_SCATTER ? 1 : (valid + 11) / 12;
    size_t phase = s->kind == K_SCATTER ? 0 : (size_t)s->style * every / 3 % every, k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!(okx(r, s->x[i]) && oky(r, s->y[i])))
            continue;
        double x = X(r, s->x[i]), y = Y(r, s->y[i]);
        int inside = x >= r->pl - 0.5 && x <= r->pl + r->pw + 0.5 && y >= r->pt - 0.5 &&
                     y <= r->pt + r->ph + 0.5;
        if (k++ % every == phase && inside)
            mark(r->cr, s->style, x, y, s->kind == K_SCATTER ? 4.2 : 3.8, col);
    }
}

static int draw_shade(render_t *r, const shade_t *s)
{
    rgb_t col = shade_colour[s->style % 4];
    int drawn = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!okx(r, s->x0[i]) || !okx(r, s->x1[i]))
            continue;
        double a = X(r, s->x0[i]), b = X(r, s->x1[i]);
        double x = fmin(a, b), w = fmax(fabs(b - a), 1.0);
        cairo_set_source_rgba(r->cr, col.r, col.g, col.b, 0.16);
        cairo_rectangle(r->cr, x, r->pt, w, r->ph);
        cairo_fill(r->cr);
        cairo_set_source_rgba(r->cr, col.r, col.g, col.b, 0.45);
        cairo_set_line_width(r->cr, 1.0);
        hatch(r->cr, x, r->pt, w, r->ph, s->style % 2, 8.0);
        drawn = 1;
    }
    return drawn;
}

static int draw_bars(render_t *r)
{
    const bars_t *b = r->c->bars;
    cairo_t *cr = r->cr;
    double slot = r->pw / (double)b->n_cat, gw = slot * (b->n_group > 1 ? 0.84 : 0.7);
    double bw = gw / (double)b->n_group, inset = bw > 4 ? 0.6 : 0;
    double base = r->pt + r->ph; /* the bottom of a log axis */
    int logy = r->c->ax[1].scale == CLI_CHART_LOG10;
    for (size_t i = 0; i < b->n_cat; i++)
        for (size_t g = 0; g < b->n_group; g++) {
            double x = X(r, (double)i) - gw / 2 + (double)g * bw + inset;
            double w = bw - 2 * inset, pos = 0, neg = 0;
            for (size_t s = 0; s < b->n_stack; s++) {
                double v = b->v[(i * b->n_group + g) * b->n_stack + s], lo, hi;
                if (!isfinite(v) || v == 0)
                    continue;
                if (v > 0) {
                    lo = pos;
                    hi = pos += v;
                } else {
                    hi = neg;
                    lo = neg += v;
                }
                double ya = logy && !(lo > 0) ? base : Y(r, lo);
                double yb = logy && !(hi > 0) ? base : Y(r, hi);
                double y = fmin(ya, yb), h = fabs(ya - yb);
                /* one part only: the groups get the colours too */
                set_rgb(cr, bar_colour[(b->n_stack == 1 ? g : s) % N_COLOURS]);
                cairo_rectangle(cr, x, y, w, h);
                cairo_fill(cr);
                if (g > 0) {
                    cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
                    cairo_set_line_width(cr, 1.0);
                    hatch(cr, x, y, w, h, (int)g - 1, 4.5);
                }
                if (w > 3) {
                    cairo_set_source_rgba(cr, 0, 0, 0, 0.55);
                    cairo_set_line_width(cr, 0.6);
                    cairo_set_dash(cr, NULL, 0, 0);
                    cairo_rectangle(cr, x, y, w, h);
                    cairo_stroke(cr);
                }
            }
        }
    return 1;
}

static int draw_markers(render_t *r)
{
    cairo_t *cr = r->cr;
    const cli_chart_t *c = r->c;
    static const double dash[] = {5, 3};
    int drawn = 0, nv = 0;
    set_font(r, F_NOTE, 0);
    for (size_t i = 0; i < c->nm; i++) {
        const marker_t *m = &c->m[i];
        double x = m->kind != M_HLINE && okx(r, m->x) ? X(r, m->x) : (double)NAN;
        double y = m->kind != M_VLINE && oky(r, m->y) ? Y(r, m->y) : (double)NAN;
        int inx = x >= r->pl - 0.5 && x <= r->pl + r->pw + 0.5;
        int iny = y >= r->pt - 0.5 && y <= r->pt + r->ph + 0.5;
        char buf[256];
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 1.4);
        if (m->kind == M_VLINE && inx) {
            cairo_set_dash(cr, dash, 2, 0);
            cairo_move_to(cr, x, r->pt);
            cairo_line_to(cr, x, r->pt + r->ph);
            cairo_stroke(cr);
            if (m->label) {
                fit_text(r, m->label, r->pw * 0.6, buf, sizeof buf);
                double w = text_w(r, buf), ly = r->pt + 8 + (nv % 4) * (F_NOTE * 1.6);
                int right = x + 6 + w <= r->pl + r->pw;
                boxed_text(r, right ? x + 6 : x - 6, ly, buf, right ? 0 : 1, 0);
            }
            nv++;
            drawn = 1;
        } else if (m->kind == M_HLINE && iny) {
            cairo_set_dash(cr, dash, 2, 0);
            cairo_move_to(cr, r->pl, y);
            cairo_line_to(cr, r->pl + r->pw, y);
            cairo_stroke(cr);
            if (m->label) {
                fit_text(r, m->label, r->pw * 0.6, buf, sizeof buf);
                int above = y - 6 - F_NOTE > r->pt;
                boxed_text(r, r->pl + r->pw - 6, above ? y - 6 : y + 6, buf, 1,
                           above ? 1 : 0);
            }
            drawn = 1;
        } else if (m->kind == M_POINT && inx && iny) {
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_set_line_width(cr, 2.0);
            cairo_new_path(cr);
            cairo_arc(cr, x, y, 7.5, 0, 2 * CHART_PI);
            cairo_stroke(cr);
            cairo_new_path(cr);
            cairo_arc(cr, x, y, 2.5, 0, 2 * CHART_PI);
            cairo_fill(cr);
            if (m->label) {
                fit_text(r, m->label, r->pw * 0.6, buf, sizeof buf);
                double w = text_w(r, buf);
                int right = x + 11 + w <= r->pl + r->pw, up = y - 11 - F_NOTE > r->pt;
                boxed_text(r, right ? x + 11 : x - 11, up ? y - 11 : y + 11, buf,
                           right ? 0 : 1, up ? 1 : 0);
            }
            drawn = 1;
        }
    }
    return drawn;
}

/* Draw the whole chart on cr (a surface of c->w x c->h). */
static int render(const cli_chart_t *c, cairo_t *cr)
{
    render_t *r = calloc(1, sizeof *r);
    if (!r)
        return CLI_CHART_ENOMEM;
    r->c = c;
    r->cr = cr;
    r->W = c->w;
    r->H = c->h;
    r->cat = c->bars != NULL;
    r->n_cat = c->bars ? c->bars->n_cat : 0;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    int rc = layout(r);
    if (rc != CLI_CHART_OK) {
        free(r);
        return rc;
    }
    grid(r);
    cairo_save(cr);
    cairo_rectangle(cr, r->pl, r->pt, r->pw, r->ph);
    cairo_clip(cr);
    int drawn = 0;
    for (size_t i = 0; i < c->nsh; i++)
        drawn |= draw_shade(r, &c->sh[i]);
    if (c->bars)
        drawn |= draw_bars(r);
    for (size_t i = 0; i < c->ns && rc == CLI_CHART_OK; i++) {
        int d = draw_series(r, &c->s[i]);
        if (d < 0)
            rc = CLI_CHART_ENOMEM;
        drawn |= d > 0;
    }
    cairo_restore(cr);
    for (size_t i = 0; i < c->ns; i++)
        draw_series_marks(r, &c->s[i]);
    drawn |= draw_markers(r);
    axes(r);
    if (!drawn) {
        set_font(r, F_AXIS, 0);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        text_at(r, r->pl + r->pw / 2, r->pt + r->ph / 2, "no data", 0.5, 0.5);
    }
    legend(r, 1);
    free(r);
    return rc;
}

/* ---------------------------------------------------------------- output */

typedef enum { FMT_SVG, FMT_PNG, FMT_PDF } fmt_t;

static void set_err(char *errbuf, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (!errbuf || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

static int format_of(const char *path, fmt_t *f)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash) || dot == path || dot[-1] == '/')
        return 0;
    char ext[8];
    size_t n = strlen(dot + 1);
    if (n != 3)
        return 0;
    for (size_t i = 0; i < 3; i++) {
        char ch = dot[1 + i];
        ext[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    ext[3] = '\0';
    if (!strcmp(ext, "svg"))
        *f = FMT_SVG;
    else if (!strcmp(ext, "png"))
        *f = FMT_PNG;
    else if (!strcmp(ext, "pdf"))
        *f = FMT_PDF;
    else
        return 0;
    return 1;
}

int cli_chart_format_ok(const char *path)
{
    fmt_t f;
    return path && format_of(path, &f);
}

/* Where cairo's output goes: a file, or a growing buffer. */
/* A growing buffer that cairo writes into. */
typedef struct sink {
    char *buf;
    size_t len, cap;
    int err; /* errno of the first failure; ENOMEM for the buffer */
} sink_t;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int len)
{
    sink_t *s = closure;
    if (s->err)
        return CAIRO_STATUS_WRITE_ERROR;
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b) {
            s->err = ENOMEM;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    s->buf[s->len] = '\0';
    return CAIRO_STATUS_SUCCESS;
}

static int put(sink_t *o, const char *s, size_t n);

/* Text escaped for XML into o. */
static int put_xml(sink_t *o, const char *s)
{
    for (; s && *s; s++) {
        const char *r = *s == '<'   ? "&lt;"
                        : *s == '>' ? "&gt;"
                        : *s == '&' ? "&amp;"
                                    : NULL;
        unsigned char ch = (unsigned char)*s;
        if (sink_write(o, r ? (const unsigned char *)r : &ch,
                       r ? (unsigned)strlen(r) : 1) != CAIRO_STATUS_SUCCESS)
            return 0;
    }
    return 1;
}

static int put_fmt(sink_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int put_fmt(sink_t *o, const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    return put_xml(o, b);
}

/* The chart in words, for screen readers and for programs reading the SVG:
 * title, axes, series and every marker with its exact value. */
static int describe(const cli_chart_t *c, sink_t *o)
{
    static const char *const mk[] = {
        "vertical line at x = ", "horizontal line at y = ", "point at (x, y) = "};
    int ok = put_fmt(o, "%s. x axis: %s; y axis: %s.", c->title ? c->title : "Chart",
                     c->label[0] ? c->label[0] : "x", c->label[1] ? c->label[1] : "y");
    for (size_t i = 0; ok && i < c->ns; i++)
        ok = put_fmt(o, " Series: %s (%zu points).",
                     c->s[i].name ? c->s[i].name : "unnamed", c->s[i].n);
    for (size_t i = 0; ok && i < c->nsh; i++)
        ok = put_fmt(o, " Shaded: %s (%zu intervals).",
                     c->sh[i].name ? c->sh[i].name : "unnamed", c->sh[i].n);
    if (ok && c->bars)
        ok = put_fmt(o, " Bars: %zu categories, %zu groups, %zu parts.", c->bars->n_cat,
                     c->bars->n_group, c->bars->n_stack);
    for (size_t i = 0; ok && i < c->nm; i++) {
        const marker_t *m = &c->m[i];
        if (m->kind == M_POINT)
            ok = put_fmt(o, " Marker: %s(%.12g, %.12g)", mk[m->kind], m->x, m->y);
        else
            ok = put_fmt(o, " Marker: %s%.12g", mk[m->kind],
                         m->kind == M_VLINE ? m->x : m->y);
        if (ok)
            ok = put_fmt(o, "%s%s.", m->label ? ": " : "", m->label ? m->label : "");
    }
    return ok;
}

/* Cairo's SVG with a <title> and a <desc> after the <svg> tag, into o. */
static int svg_with_desc(const cli_chart_t *c, const char *svg, sink_t *o)
{
    const char *tag = strstr(svg, "<svg");
    const char *end = tag ? strchr(tag, '>') : NULL;
    if (!end)
        return put(o, svg, strlen(svg));
    return put(o, svg, (size_t)(end - svg) + 1) && put(o, "\n<title>", 8) &&
           put_xml(o, c->title ? c->title : "Chart") && put(o, "</title>\n<desc>", 15) &&
           describe(c, o) && put(o, "</desc>", 7) && put(o, end + 1, strlen(end + 1));
}

/* Render c in format f into the sink; CLI_CHART_* with errbuf set. */
static int emit(const cli_chart_t *c, fmt_t f, sink_t *sink, const char *what,
                char *errbuf, size_t errlen)
{
    cairo_surface_t *surf;
    sink_t raw = {NULL, 0, 0, 0};
    sink_t *out = sink;
    if (f == FMT_SVG) {
        sink = &raw; /* described after */
        surf = cairo_svg_surface_create_for_stream(sink_write, sink, c->w, c->h);
        cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
    } else if (f == FMT_PDF) {
        surf = cairo_pdf_surface_create_for_stream(sink_write, sink, c->w, c->h);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "mipricing");
        if (c->title)
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, c->title);
    } else {
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(c->w),
                                          (int)ceil(c->h));
    }
    cairo_t *cr = cairo_create(surf);
    int rc = render(c, cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (rc == CLI_CHART_OK && st == CAIRO_STATUS_SUCCESS && f == FMT_PNG)
        st = cairo_surface_write_to_png_stream(surf, sink_write, sink);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (rc == CLI_CHART_OK && (sink->err || st == CAIRO_STATUS_WRITE_ERROR)) {
        int e = sink->err ? sink->err : EIO;
        rc = e == ENOMEM ? CLI_CHART_ENOMEM : CLI_CHART_EIO;
        set_err(errbuf, errlen, "%s: cannot write it: %s", what, strerror(e));
    } else if (rc == CLI_CHART_OK && st == CAIRO_STATUS_NO_MEMORY) {
        rc = CLI_CHART_ENOMEM;
        set_err(errbuf, errlen, "%s: out of memory", what);
    } else if (rc == CLI_CHART_OK && st != CAIRO_STATUS_SUCCESS) {
        rc = CLI_CHART_ECAIRO;
        set_err(errbuf, errlen, "%s: cairo: %s", what, cairo_status_to_string(st));
    } else if (rc == CLI_CHART_ENOMEM) {
        set_err(errbuf, errlen, "%s: out of memory", what);
    } else if (rc != CLI_CHART_OK) {
        set_err(errbuf, errlen, "%s: the chart cannot be drawn", what);
    }
    if (f == FMT_SVG) {
        if (rc == CLI_CHART_OK && raw.buf && !svg_with_desc(c, raw.buf, out)) {
            int e = out->err ? out->err : EIO;
            rc = e == ENOMEM ? CLI_CHART_ENOMEM : CLI_CHART_EIO;
            set_err(errbuf, errlen, "%s: cannot write it: %s", what, strerror(e));
        }
        free(raw.buf);
    }
    return rc;
}

int cli_chart_write(const cli_chart_t *c, const char *path, char *errbuf, size_t errlen)
{
    set_err(errbuf, errlen, "%s", "");
    if (!c || !path || !path[0]) {
        set_err(errbuf, errlen, "cli_chart_write: NULL chart or empty path");
        return CLI_CHART_EINVAL;
    }
    fmt_t f;
    if (!format_of(path, &f)) {
        set_err(errbuf, errlen,
                "%s: unknown chart format: name the file .svg, .png or .pdf", path);
        return CLI_CHART_EFORMAT;
    }
    /* drawn in memory, then written whole by the library's atomic writer */
    sink_t mem = {NULL, 0, 0, 0};
    int rc = emit(c, f, &mem, path, errbuf, errlen);
    if (rc == CLI_CHART_OK) {
        mip_error_t e;
        if (mip_write_data(path, mem.buf ? mem.buf : "", mem.len, &e) != MIP_OK) {
            set_err(errbuf, errlen, "%s: %s", path, e.text);
            rc = e.code == MIP_ENOMEM ? CLI_CHART_ENOMEM : CLI_CHART_EIO;
        }
    }
    free(mem.buf);
    return rc;
}

/* Append n bytes to a growing string. */
static int put(sink_t *o, const char *s, size_t n)
{
    return sink_write(o, (const unsigned char *)s, (unsigned)n) == CAIRO_STATUS_SUCCESS;
}

char *cli_chart_svg_string(const cli_chart_t *c, const char *id_prefix, char *errbuf,
                           size_t errlen)
{
    set_err(errbuf, errlen, "%s", "");
    if (!c) {
        set_err(errbuf, errlen, "cli_chart_svg_string: NULL chart");
        return NULL;
    }
    sink_t raw = {NULL, 0, 0, 0};
    if (emit(c, FMT_SVG, &raw, "SVG", errbuf, errlen) != CLI_CHART_OK || !raw.buf) {
        if (!raw.buf)
            set_err(errbuf, errlen, "SVG: cairo wrote nothing");
        free(raw.buf);
        return NULL;
    }
    /* from <svg on, with every id and reference to one prefixed */
    const char *p = strstr(raw.buf, "<svg");
    if (!p)
        p = raw.buf;
    const char *pre = id_prefix ? id_prefix : "";
    size_t np = strlen(pre);
    static const char *const keys[] = {" id=\"", "href=\"#", "url(#"};
    sink_t out = {NULL, 0, 0, 0};
    int ok = 1;
    while (ok && *p) {
        const char *next = NULL;
        size_t klen = 0;
        for (int k = 0; k < 3 && np > 0; k++) {
            const char *q = strstr(p, keys[k]);
            if (q && (!next || q < next)) {
                next = q;
                klen = strlen(keys[k]);
            }
        }
        if (!next) {
            ok = put(&out, p, strlen(p));
            break;
        }
        ok = put(&out, p, (size_t)(next - p) + klen) && put(&out, pre, np);
        p = next + klen;
    }
    free(raw.buf);
    if (!ok || !out.buf) {
        free(out.buf);
        set_err(errbuf, errlen, "SVG: out of memory");
        return NULL;
    }
    return out.buf;
}
