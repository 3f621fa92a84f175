/*
 * chart.h - charts for the calculator, drawn with cairo (the library never
 * depends on cairo: it returns the series, the calculator draws them).
 *
 * A chart is built, then written:
 *
 *     cli_chart_t *c = cli_chart_new("Cost per month", "Requests per second",
 *                                    "Cost per month");
 *     cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LOG10, CLI_CHART_COUNT, "rps");
 *     cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL);
 *     cli_chart_line(c, rps, lambda_usd, n, "Default Lambda");
 *     cli_chart_line(c, rps, lmi_usd, n, "LMI");
 *     cli_chart_vline(c, breakeven_rps, "breakeven 12.5 rps");
 *     if (cli_chart_write(c, "breakeven.svg", err, sizeof err) != CLI_CHART_OK)
 *         ... err says what went wrong ...
 *     cli_chart_free(c);
 *
 * Every function copies what it is given (data, names), so the caller's
 * arrays may go as soon as it returns. Functions that can fail return
 * CLI_CHART_OK (0) or a negative CLI_CHART_E* code; a failed call leaves the
 * chart as it was. Nothing here prints, exits or aborts.
 *
 * Data: points whose x or y is NaN or infinite, or not positive on a log10
 * axis, are skipped (a line is broken there). An empty chart, a single
 * point or all-equal values still give a chart with sensible axes.
 *
 * Looks: a title, axis titles, "nice" ticks (1, 2, 5 x 10^k on linear axes;
 * decades with minor ticks on log10 axes; hours and dates in UTC on time
 * axes), tick labels with units and thousands separators ($1,200; 10 rps;
 * 1.5k; 2M; 25%), a legend below the plot (of named series, shades, bar
 * parts and groups; at most a quarter of the height, entries beyond are
 * left out). Texts too long are cut with an ellipsis; invalid UTF-8 and
 * control characters become '?' and ' '. Series get the Okabe-Ito
 * colour-blind-safe palette, and also distinct dash patterns and markers so
 * that they survive grey-scale printing.
 */
#ifndef MIP_CHART_H
#define MIP_CHART_H

#include <stddef.h>

typedef struct cli_chart cli_chart_t;

/* Status codes (numbered, never renumbered). */
enum {
    CLI_CHART_OK = 0,
    CLI_CHART_EINVAL = -1, /* a bad argument (NULL data, a NaN marker, ...) */
    CLI_CHART_ENOMEM = -2,
    CLI_CHART_EFORMAT = -3, /* the path's extension is not .svg, .png or .pdf */
    CLI_CHART_EIO = -4,     /* the file could not be written */
    CLI_CHART_ECAIRO = -5   /* cairo failed otherwise */
};

typedef enum { CLI_CHART_X = 0, CLI_CHART_Y = 1 } cli_chart_axis_t;

typedef enum { CLI_CHART_LINEAR = 0, CLI_CHART_LOG10 = 1 } cli_chart_scale_t;

typedef enum {
    CLI_CHART_COUNT = 0,   /* plain numbers: 1,200  1.5M (with an optional suffix) */
    CLI_CHART_USD = 1,     /* money: $1,200  $0.05  $2M */
    CLI_CHART_PERCENT = 2, /* fractions shown as percentages: 0.25 -> 25% */
    CLI_CHART_TIME = 3     /* epoch seconds, shown as UTC hours and dates (x only,
                              linear only) */
} cli_chart_unit_t;

/* A new chart, 800 x 500 (pixels for PNG and SVG, points for PDF), both axes
 * linear counts. Any of the texts may be NULL. NULL when out of memory. */
cli_chart_t *cli_chart_new(const char *title, const char *x_label, const char *y_label);
void cli_chart_free(cli_chart_t *c);

/* 200 x 150 up to 10000 x 10000. */
int cli_chart_size(cli_chart_t *c, double width, double height);

/* The scale and unit of an axis. suffix (NULL: none) follows every tick
 * label: "rps" gives "10 rps"; one starting with '/' is not spaced: "/h"
 * gives "$3/h". A time axis must be x and linear. A linear y axis starts
 * at zero unless the data cross it or its range is set. */
int cli_chart_axis(cli_chart_t *c, cli_chart_axis_t which, cli_chart_scale_t scale,
                   cli_chart_unit_t unit, const char *suffix);
/* Fix either end of an axis (NaN: automatic, the default). Ends given are
 * kept exactly; automatic ends are widened to whole tick steps. */
int cli_chart_axis_range(cli_chart_t *c, cli_chart_axis_t which, double lo, double hi);

/* Series. x and y have n values each (NULL only when n is 0). */
/* A polyline through the points in order; long series are thinned to the
 * pixel columns they cover (keeping each column's extremes). */
int cli_chart_line(cli_chart_t *c, const double *x, const double *y, size_t n,
                   const char *name);
/* A step line: y[i] holds from x[i] to x[i+1] (instance counts, capacity).
 * The last value holds up to x[n-1] only: repeat it at the end time to show
 * how long it lasts. */
int cli_chart_step(cli_chart_t *c, const double *x, const double *y, size_t n,
                   const char *name);
/* Points with the series' marker, no line (a fit frontier: cost against
 * throttle rate). */
int cli_chart_scatter(cli_chart_t *c, const double *x, const double *y, size_t n,
                      const char *name);
/* Shaded x intervals [x0[i], x1[i]] over the plot's height (throttled
 * intervals), tinted and hatched. */
int cli_chart_shade(cli_chart_t *c, const double *x0, const double *x1, size_t n,
                    const char *name);
/* Stacked bars per category, groups side by side: value[(i * n_group + g) *
 * n_stack + s] is stack part s of group g in category i (cost per day: the
 * categories are days, the groups are Lambda and LMI, the stack parts are
 * compute, management fee and requests). Parts are told apart by colour,
 * groups by hatching; both are in the legend. Positive parts stack up from
 * zero, negative ones down; NaN and infinite parts count as zero. One bar
 * block per chart; it makes the x axis categorical: x values of the other
 * series and markers are then category indexes (0 is the first category's
 * centre). categories, groups and stacks may be NULL (unnamed). */
int cli_chart_bars(cli_chart_t *c, size_t n_cat, const char *const *categories,
                   size_t n_group, const char *const *groups, size_t n_stack,
                   const char *const *stacks, const double *value);

/* Markers, drawn above the series, with an optional label. A vertical line
 * at x (crossover), a horizontal line at y (a budget), a point (the chosen
 * candidate, the optimum). */
int cli_chart_vline(cli_chart_t *c, double x, const char *label);
int cli_chart_hline(cli_chart_t *c, double y, const char *label);
int cli_chart_point(cli_chart_t *c, double x, double y, const char *label);

/* 1 when path names a format cli_chart_write knows (.svg, .png, .pdf, in any
 * case), else 0. */
int cli_chart_format_ok(const char *path);

/* Write the chart to path, in the format its extension names: .svg, .png or
 * .pdf (any case). The file is written beside path under a temporary name
 * and renamed into place, so path is never left half-written (nothing is
 * left behind on error). On error, errbuf (NULL-tolerant) gets a message
 * naming the path. */
int cli_chart_write(const cli_chart_t *c, const char *path, char *errbuf, size_t errlen);

/* The chart as an SVG document for inlining in HTML: starts at "<svg" (no
 * XML declaration), sized in px, with a viewBox. Every id is prefixed with
 * id_prefix (NULL: none) so that several charts can share one page (cairo
 * names its glyphs and clips alike in every document). malloc'ed; NULL on
 * error, with errbuf set. */
char *cli_chart_svg_string(const cli_chart_t *c, const char *id_prefix, char *errbuf,
                           size_t errlen);

/* ---- ticks (exposed for the tests and for other renderers) ---------------- */

#define CLI_CHART_MAX_TICKS 64
#define CLI_CHART_MAX_MINOR 256

typedef struct cli_chart_ticks {
    double lo, hi; /* the axis range (widened to whole steps when asked) */
    double step;   /* linear: between major ticks; log10: decades between them
                      (0 when the majors are 1-2-5 values); time: seconds, or
                      months when months is set */
    int months;    /* time: the step is this many calendar months */
    size_t n;      /* major ticks */
    double v[CLI_CHART_MAX_TICKS];
    char label[CLI_CHART_MAX_TICKS][40];  /* "$1,200", "1.5k", "06:00" */
    char label2[CLI_CHART_MAX_TICKS][24]; /* time: a date under the hour on the first
                                             tick and where the day changes */
    size_t n_minor;                       /* unlabelled ticks (log10 axes) */
    double minor[CLI_CHART_MAX_MINOR];
} cli_chart_ticks_t;

/* The ticks of an axis over [lo, hi] with at most target intervals between
 * major ticks (target 1 to 50):
 * - linear: the smallest step of 1, 2 or 5 x 10^k that gives at most target
 *   intervals; widen moves lo and hi out to whole steps;
 * - log10: lo and hi widened (when asked) to 1, 2 or 5 x 10^k; majors are
 *   the 1-2-5 values when at most target + 1 of them fit, else every k-th
 *   decade with k the smallest that fits; minors are 2..9 x 10^k (k = 1) or
 *   the decades skipped;
 * - time (unit CLI_CHART_TIME, linear): steps of 1 s to 12 h, days, weeks
 *   (from Monday), months, years, aligned in UTC; never widened.
 * lo == hi is widened around the value. CLI_CHART_EINVAL for non-finite
 * ends, lo > hi, lo <= 0 on log10, a time axis on log10, or a target out of
 * range. */
int cli_chart_ticks(cli_chart_scale_t scale, cli_chart_unit_t unit, const char *suffix,
                    double lo, double hi, int target, int widen, cli_chart_ticks_t *out);

/* One tick label: v formatted for an axis whose step between ticks is step
 * (which fixes the decimals), in full with thousands separators ("$1,200.5")
 * or, with compact, in k/M/B/T ("1.5k", "$2M") from 1000 up. */
void cli_chart_format(char *buf, size_t size, double v, double step, int compact,
                      cli_chart_unit_t unit, const char *suffix);

#endif
