/*
 * test_chart.c - the calculator's charts: every kind of chart written as
 * SVG, PNG and PDF and read back, the tick algorithm against hand-worked
 * values, tick labels, and the error paths.
 *
 * Set MIP_CHART_DEMO_DIR to keep the demo charts there for a look.
 */
#include "testutil.h"

#include <criterion/parameterized.h>

#include "chart.h"

#include <cairo.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

typedef struct {
    char dir[64];
} tmpdir_t;

static tmpdir_t tmp_make(void)
{
    tmpdir_t t;
    snprintf(t.dir, sizeof t.dir, "/tmp/mipchart.XXXXXX");
    cr_assert_not_null(mkdtemp(t.dir), "mkdtemp: %s", strerror(errno));
    return t;
}

static void tmp_remove(tmpdir_t *t)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    cr_assert_eq(system(cmd), 0);
}

static const char *in_dir(const tmpdir_t *t, const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", t->dir, name);
    return buf[k];
}

/* No temporary file left in the directory. */
static void assert_no_temp(const tmpdir_t *t)
{
    DIR *d = opendir(t->dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert_null(strstr(e->d_name, ".tmp."), "left behind: %s", e->d_name);
    closedir(d);
}

static int have(const char *prog)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    cr_assert_not_null(b);
    cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return b;
}

/* Well-formed XML, by python3's minidom and xmllint when they are there. */
static void assert_xml(const char *path)
{
    char cmd[512];
    int checked = 0;
    if (have("python3")) {
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import sys, xml.dom.minidom; "
                 "xml.dom.minidom.parse(sys.argv[1])' '%s'",
                 path);
        cr_assert_eq(system(cmd), 0, "%s: not well-formed XML (python3)", path);
        checked = 1;
    }
    if (have("xmllint")) {
        snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
        cr_assert_eq(system(cmd), 0, "%s: not well-formed XML (xmllint)", path);
        checked = 1;
    }
    if (!checked)
        cr_log_warn("neither python3 nor xmllint: %s not parsed", path);
}

static void assert_svg(const char *path)
{
    char *s = slurp(path, NULL);
    cr_assert(strstr(s, "<svg"), "%s: no <svg", path);
    cr_assert(strstr(s, "</svg>"), "%s: no </svg>", path);
    free(s);
    assert_xml(path);
}

typedef struct {
    int width, height;
    long ink;      /* pixels not white */
    long coloured; /* pixels far from grey */
    long blue;     /* pixels of the first series' colour, #0072B2 */
} png_info_t;

static png_info_t read_png(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "%s: %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
    png_info_t p = {cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
                    0, 0, 0};
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    cr_assert_eq(cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32 ||
                     cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24,
                 1);
    for (int y = 0; y < p.height; y++)
        for (int x = 0; x < p.width; x++) {
            uint32_t px = *(const uint32_t *)(data + y * stride + x * 4);
            int r = px >> 16 & 0xFF, g = px >> 8 & 0xFF, b = px & 0xFF;
            if (r != 255 || g != 255 || b != 255)
                p.ink++;
            int mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
            int mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
            if (mx - mn > 60)
                p.coloured++;
            if (r == 0x00 && g == 0x72 && b == 0xB2)
                p.blue++;
        }
    cairo_surface_destroy(s);
    return p;
}

static void assert_pdf(const char *path)
{
    size_t n;
    char *s = slurp(path, &n);
    cr_assert(n > 100 && memcmp(s, "%PDF-", 5) == 0, "%s: no %%PDF- header", path);
    const char *tail = s + (n > 1024 ? n - 1024 : 0);
    int eof = 0;
    for (const char *p = tail; p + 5 <= s + n; p++)
        if (memcmp(p, "%%EOF", 5) == 0)
            eof = 1;
    cr_assert(eof, "%s: no %%%%EOF trailer", path);
    free(s);
    if (have("pdfinfo")) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "pdfinfo '%s' >/dev/null 2>&1", path);
        cr_assert_eq(system(cmd), 0, "%s: pdfinfo refuses it", path);
    }
}

/* Write c as SVG, PNG and PDF under name.* and check each; the PNG's
 * readings. Copies go to MIP_CHART_DEMO_DIR when it is set. */
static png_info_t write_all(const cli_chart_t *c, const char *name)
{
    tmpdir_t t = tmp_make();
    static const char *const ext[] = {"svg", "png", "pdf"};
    char file[128], err[512];
    png_info_t p = {0};
    const char *demo = getenv("MIP_CHART_DEMO_DIR");
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof file, "%s.%s", name, ext[i]);
        const char *path = in_dir(&t, file);
        int rc = cli_chart_write(c, path, err, sizeof err);
        cr_assert_eq(rc, CLI_CHART_OK, "%s: %s", path, err);
        if (i == 0)
            assert_svg(path);
        else if (i == 1)
            p = read_png(path);
        else
            assert_pdf(path);
        if (demo) {
            char out[512];
            snprintf(out, sizeof out, "%s/%s", demo, file);
            cr_assert_eq(cli_chart_write(c, out, err, sizeof err), CLI_CHART_OK, "%s",
                         err);
        }
    }
    assert_no_temp(&t);
    tmp_remove(&t);
    return p;
}

/* ---------------------------------------------------------------- demo charts */

#define T0 1709510400.0 /* 2024-03-04 00:00:00 UTC, a Monday */

/* Breakeven: cost per month against requests per second, log x. */
static cli_chart_t *demo_breakeven(void)
{
    cli_chart_t *c = cli_chart_new("Default Lambda and LMI, cost per month",
                                   "Requests per second", "Cost per month");
    cr_assert_not_null(c);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LOG10, CLI_CHART_COUNT, "rps"),
                 CLI_CHART_OK);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL),
                 CLI_CHART_OK);
    double x[41], lambda[41], lmi[41];
    for (int i = 0; i <= 40; i++) {
        x[i] = pow(10.0, -1.0 + i * 0.1); /* 0.1 .. 1000 rps */
        lambda[i] = x[i] * 2.592e6 * (0.2 + 0.0000166667 * 0.512 * 0.12 * 1e6) / 1e6;
        lmi[i] = 3 * 0.0832 * 730 * 1.15 * ceil(x[i] / 120.0);
    }
    cr_assert_eq(cli_chart_line(c, x, lambda, 41, "Default Lambda"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_step(c, x, lmi, 41, "LMI (3 x m7g.large per step)"),
                 CLI_CHART_OK);
    cr_assert_eq(cli_chart_vline(c, 37.2, "breakeven 37.2 rps"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_point(c, 37.2, 209.5, "$209.50 a month"), CLI_CHART_OK);
    return c;
}

/* A trace over two days: requests per second, instances, throttled
 * intervals, a capacity line. */
static cli_chart_t *demo_trace(void)
{
    cli_chart_t *c = cli_chart_new("Trace replay, 2 days at 5 minutes", "Time",
                                   "Requests per second / instances");
    cr_assert_not_null(c);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_TIME, NULL),
                 CLI_CHART_OK);
    enum { N = 576 };
    static double x[N], rps[N], inst[N];
    for (int i = 0; i < N; i++) {
        x[i] = T0 + i * 300.0;
        double h = fmod(i * 5.0 / 60.0, 24.0);
        rps[i] = 40 + 35 * sin((h - 8) / 24.0 * 2 * 3.14159265) + (i % 7) * 1.5;
        inst[i] = 1 + floor(rps[i] / 25.0);
    }
    cr_assert_eq(cli_chart_line(c, x, rps, N, "requests/s"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_step(c, x, inst, N, "LMI instances"), CLI_CHART_OK);
    double t0[] = {T0 + 13.5 * 3600, T0 + 37.2 * 3600};
    double t1[] = {T0 + 14.25 * 3600, T0 + 38.0 * 3600};
    cr_assert_eq(cli_chart_shade(c, t0, t1, 2, "throttled"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_hline(c, 75.0, "capacity 75 rps"), CLI_CHART_OK);
    return c;
}

/* Cost per day, Lambda and LMI side by side, split in parts. */
static cli_chart_t *demo_bars(void)
{
    cli_chart_t *c = cli_chart_new("Cost per day", "Day", "Cost");
    cr_assert_not_null(c);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL),
                 CLI_CHART_OK);
    const char *days[] = {"Mar 4", "Mar 5", "Mar 6", "Mar 7", "Mar 8", "Mar 9", "Mar 10"};
    const char *groups[] = {"Default Lambda", "LMI"};
    const char *parts[] = {"compute", "management fee", "requests"};
    double v[7 * 2 * 3];
    for (int d = 0; d < 7; d++) {
        double load = d >= 5 ? 0.4 : 1.0 + 0.1 * d;
        double *l = &v[(d * 2 + 0) * 3], *m = &v[(d * 2 + 1) * 3];
        l[0] = 61.5 * load, l[1] = 0.0, l[2] = 8.64 * load;
        m[0] = 29.95, m[1] = 4.49, m[2] = 8.64 * load;
    }
    cr_assert_eq(cli_chart_bars(c, 7, days, 2, groups, 3, parts, v), CLI_CHART_OK);
    cr_assert_eq(cli_chart_hline(c, 50.0, "budget $50/day"), CLI_CHART_OK);
    return c;
}

/* A fit frontier: cost against throttle rate, with the optimum. */
static cli_chart_t *demo_frontier(void)
{
    cli_chart_t *c =
        cli_chart_new("Fit frontier", "Throttled requests", "Cost per month");
    cr_assert_not_null(c);
    cr_assert_eq(
        cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_PERCENT, NULL),
        CLI_CHART_OK);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_USD, NULL),
                 CLI_CHART_OK);
    double th[] = {0.0, 0.0012, 0.0031, 0.0065, 0.011, 0.018, 0.027, 0.041};
    double usd[] = {1210.5, 1045.0, 902.3, 811.9, 760.2, 731.0, 715.4, 709.9};
    double th2[] = {0.0008, 0.004, 0.0092, 0.015, 0.033};
    double usd2[] = {1302.0, 1120.4, 930.0, 870.7, 799.5};
    cr_assert_eq(cli_chart_scatter(c, th, usd, 8, "frontier"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_scatter(c, th2, usd2, 5, "dominated"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_point(c, 0.0065, 811.9, "chosen: 4 x c7g.xlarge"),
                 CLI_CHART_OK);
    cr_assert_eq(cli_chart_vline(c, 0.01, "limit 1%"), CLI_CHART_OK);
    return c;
}

/* ---------------------------------------------------------------- charts */

Test(chart, breakeven_line_log_x)
{
    cli_chart_t *c = demo_breakeven();
    png_info_t p = write_all(c, "breakeven");
    cr_assert_eq(p.width, 800);
    cr_assert_eq(p.height, 500);
    cr_assert_gt(p.ink, 800 * 500 / 100, "ink %ld: the PNG is blank", p.ink);
    cr_assert_gt(p.coloured, 500, "coloured pixels %ld", p.coloured);
    cr_assert_gt(p.blue, 100, "pixels of the first series' blue: %ld", p.blue);
    cli_chart_free(c);
}

Test(chart, trace_time_axis_steps_shades)
{
    cli_chart_t *c = demo_trace();
    png_info_t p = write_all(c, "trace");
    cr_assert_eq(p.width, 800);
    cr_assert_gt(p.ink, 800 * 500 / 100);
    cr_assert_gt(p.blue, 100);
    cli_chart_free(c);
}

Test(chart, stacked_bars_side_by_side)
{
    cli_chart_t *c = demo_bars();
    png_info_t p = write_all(c, "bars");
    cr_assert_gt(p.ink, 800 * 500 / 20, "bars fill a good part of the plot");
    cr_assert_gt(p.coloured, 5000);
    cli_chart_free(c);
}

Test(chart, scatter_frontier_percent)
{
    cli_chart_t *c = demo_frontier();
    png_info_t p = write_all(c, "frontier");
    cr_assert_gt(p.ink, 800 * 500 / 100);
    cr_assert_gt(p.blue, 50);
    cli_chart_free(c);
}

Test(chart, size_is_kept)
{
    cli_chart_t *c = demo_breakeven();
    cr_assert_eq(cli_chart_size(c, 1200, 675), CLI_CHART_OK);
    png_info_t p = write_all(c, "wide");
    cr_assert_eq(p.width, 1200);
    cr_assert_eq(p.height, 675);
    cr_assert_eq(cli_chart_size(c, 100, 500), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_size(c, 800, NAN), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_size(c, 20000, 500), CLI_CHART_EINVAL);
    cli_chart_free(c);
}

Test(chart, edge_cases_never_crash)
{
    /* empty: axes and "no data" */
    cli_chart_t *c = cli_chart_new(NULL, NULL, NULL);
    png_info_t p = write_all(c, "empty");
    cr_assert_gt(p.ink, 100, "axes are drawn");
    cr_assert_eq(p.coloured, 0);
    cli_chart_free(c);

    /* a single point; all-equal y; an empty series */
    double x1[] = {3.5}, y1[] = {1234.5};
    double xs[] = {1, 2, 3, 4}, ys[] = {7, 7, 7, 7};
    c = cli_chart_new("One point", "x", "y");
    cr_assert_eq(cli_chart_line(c, x1, y1, 1, "one"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_line(c, xs, ys, 4, "flat"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_line(c, NULL, NULL, 0, "none"), CLI_CHART_OK);
    p = write_all(c, "single");
    cr_assert_gt(p.blue, 10);
    cli_chart_free(c);

    /* NaN, infinities, and zero or negative values on log axes are skipped */
    double xn[] = {NAN, 1, 2, INFINITY, 4, 5, -1, 0, 8};
    double yn[] = {1, NAN, 20, 30, -INFINITY, 50, 60, 70, 0};
    c = cli_chart_new("Log axes with bad values", "x", "y");
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LOG10, CLI_CHART_COUNT, NULL),
                 CLI_CHART_OK);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LOG10, CLI_CHART_USD, NULL),
                 CLI_CHART_OK);
    cr_assert_eq(cli_chart_line(c, xn, yn, 9, "holes"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_step(c, xn, yn, 9, "steps"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_scatter(c, xn, yn, 9, "points"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_shade(c, xn, yn, 9, "bands"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_hline(c, -5.0, "below zero: not shown"), CLI_CHART_OK);
    p = write_all(c, "holes");
    cr_assert_gt(p.coloured, 100);
    cli_chart_free(c);

    /* only NaN */
    double nan3[] = {NAN, NAN, NAN};
    c = cli_chart_new("Only NaN", "x", "y");
    cr_assert_eq(cli_chart_line(c, nan3, nan3, 3, "nothing"), CLI_CHART_OK);
    p = write_all(c, "nan");
    cr_assert_gt(p.ink, 100);
    cli_chart_free(c);

    /* bars with NaN and negative parts, a fixed range that hides data,
     * invalid UTF-8 and control characters in the texts */
    double v[] = {5, NAN, -2, INFINITY, 3, 4};
    const char *cats[] = {"a\xff\xfe", "b\tc"};
    c = cli_chart_new("Bars \xc3\x28 bad", "\x01", "y");
    cr_assert_eq(cli_chart_bars(c, 2, cats, 1, NULL, 3, NULL, v), CLI_CHART_OK);
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_Y, NAN, 4.0), CLI_CHART_OK);
    p = write_all(c, "oddbars");
    cr_assert_gt(p.coloured, 100);
    cli_chart_free(c);
}

Test(chart, crowded_chart_stays_inside)
{
    /* a title far too long, in multi-byte UTF-8; forty series with long
     * names (the legend keeps to a quarter of the height); 400 categories */
    char title[1200] = "";
    for (int i = 0; i < 100; i++)
        strcat(title, "co\xc3\xbbt \xe2\x82\xac ");
    cli_chart_t *c = cli_chart_new(title, title, title);
    enum { NC = 400 };
    static double v[NC * 2 * 3];
    static char names[NC][16];
    const char *cats[NC];
    for (int i = 0; i < NC; i++) {
        snprintf(names[i], sizeof names[i], "2024-%03d", i);
        cats[i] = names[i];
        for (int k = 0; k < 6; k++)
            v[i * 6 + k] = 1 + (i * 7 + k) % 11;
    }
    cr_assert_eq(cli_chart_bars(c, NC, cats, 2, cats, 3, cats, v), CLI_CHART_OK);
    for (int s = 0; s < 40; s++) {
        double x[] = {0, NC / 2.0, NC - 1}, y[] = {s, 2.0 * s, s / 2.0};
        char name[128];
        snprintf(name, sizeof name,
                 "series %d with a rather long name to fill the legend", s);
        cr_assert_eq(cli_chart_line(c, x, y, 3, name), CLI_CHART_OK);
    }
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_Y, 0.0, 50.0), CLI_CHART_OK);
    cr_assert_eq(cli_chart_vline(c, 1e6, "far outside the range"), CLI_CHART_OK);
    cr_assert_eq(cli_chart_point(c, -1e6, 1e300, title), CLI_CHART_OK);
    png_info_t p = write_all(c, "crowded");
    cr_assert_gt(p.coloured, 10000);
    cli_chart_free(c);
}

Test(chart, long_series_are_thinned)
{
    enum { N = 200000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    for (int i = 0; i < N; i++) {
        x[i] = T0 + i * 10.0;
        y[i] = 100 + 50 * sin(i / 500.0) + (i % 13);
    }
    cli_chart_t *c = cli_chart_new("200,000 points", "Time", "rps");
    cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LINEAR, CLI_CHART_TIME, NULL);
    cr_assert_eq(cli_chart_line(c, x, y, N, "rps"), CLI_CHART_OK);
    free(x);
    free(y);
    tmpdir_t t = tmp_make();
    char err[256];
    cr_assert_eq(cli_chart_write(c, in_dir(&t, "long.svg"), err, sizeof err),
                 CLI_CHART_OK, "%s", err);
    struct stat st;
    cr_assert_eq(stat(in_dir(&t, "long.svg"), &st), 0);
    cr_assert_lt(st.st_size, 1000000, "SVG of %ld bytes: not thinned", (long)st.st_size);
    cli_chart_free(c);
    tmp_remove(&t);
}

Test(chart, svg_string_for_html)
{
    cli_chart_t *a = demo_breakeven(), *b = demo_bars();
    char err[256];
    char *sa = cli_chart_svg_string(a, "chart1-", err, sizeof err);
    char *sb = cli_chart_svg_string(b, "chart2-", err, sizeof err);
    cr_assert_not_null(sa, "%s", err);
    cr_assert_not_null(sb, "%s", err);
    cr_assert_eq(strncmp(sa, "<svg", 4), 0, "starts with <svg: %.40s", sa);
    cr_assert(strstr(sa, "width=\"800px\""), "%.300s", sa);
    cr_assert(strstr(sa, "viewBox=\"0 0 800 500\""), "%.300s", sa);
    /* every id is prefixed, and so is every reference */
    size_t ids = 0;
    for (const char *p = sa; (p = strstr(p, " id=\"")) != NULL; p++, ids++)
        cr_assert_eq(strncmp(p + 5, "chart1-", 7), 0, "%.40s", p);
    cr_assert_gt(ids, 0);
    for (const char *p = sa; (p = strstr(p, "href=\"#")) != NULL; p++)
        cr_assert_eq(strncmp(p + 7, "chart1-", 7), 0, "%.40s", p);
    for (const char *p = sa; (p = strstr(p, "url(#")) != NULL; p++)
        cr_assert_eq(strncmp(p + 5, "chart1-", 7), 0, "%.40s", p);
    for (const char *p = sb; (p = strstr(p, " id=\"")) != NULL; p++)
        cr_assert_eq(strncmp(p + 5, "chart2-", 7), 0, "%.40s", p);
    /* both in one HTML page, which must still be well-formed XML */
    tmpdir_t t = tmp_make();
    FILE *f = fopen(in_dir(&t, "page.xhtml"), "w");
    cr_assert_not_null(f);
    fprintf(f, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>%s%s</body></html>\n",
            sa, sb);
    fclose(f);
    assert_xml(in_dir(&t, "page.xhtml"));
    tmp_remove(&t);
    /* without a prefix: the ids as cairo wrote them */
    char *plain = cli_chart_svg_string(a, NULL, err, sizeof err);
    cr_assert_not_null(plain);
    cr_assert_null(strstr(plain, "chart1-"));
    free(plain);
    free(sa);
    free(sb);
    cli_chart_free(a);
    cli_chart_free(b);
    cr_assert_null(cli_chart_svg_string(NULL, NULL, err, sizeof err));
    cr_assert_str_not_empty(err);
}

/* ---------------------------------------------------------------- errors */

Test(chart, bad_extension)
{
    cli_chart_t *c = demo_frontier();
    tmpdir_t t = tmp_make();
    static const char *const names[] = {"chart.gif", "chart", "chart.svgz", ".svg",
                                        "a.svg/b"};
    char err[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *path = in_dir(&t, names[i]);
        cr_assert_eq(cli_chart_write(c, path, err, sizeof err), CLI_CHART_EFORMAT, "%s",
                     names[i]);
        cr_assert(strstr(err, path), "the message names the path: %s", err);
        cr_assert(strstr(err, ".svg, .png or .pdf"), "%s", err);
        cr_assert_eq(access(path, F_OK), -1, "%s was created", path);
    }
    /* the extension in any case */
    cr_assert_eq(cli_chart_write(c, in_dir(&t, "UPPER.PNG"), err, sizeof err),
                 CLI_CHART_OK, "%s", err);
    cr_assert_eq(read_png(in_dir(&t, "UPPER.PNG")).width, 800);
    cr_assert_eq(cli_chart_write(c, "", err, sizeof err), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_write(NULL, "x.svg", NULL, 0), CLI_CHART_EINVAL);
    assert_no_temp(&t);
    tmp_remove(&t);
    cli_chart_free(c);
}

Test(chart, unwritable_places)
{
    cli_chart_t *c = demo_bars();
    char err[512];
    /* a directory that does not exist */
    cr_assert_eq(cli_chart_write(c, "/nonexistent-mipricing/dir/c.svg", err, sizeof err),
                 CLI_CHART_EIO);
    cr_assert(strstr(err, "/nonexistent-mipricing/dir/c.svg: cannot create a temporary"),
              "%s", err);
    cr_assert(strstr(err, "No such file or directory"), "%s", err);
    /* a file where a directory should be */
    tmpdir_t t = tmp_make();
    FILE *f = fopen(in_dir(&t, "file"), "w");
    fclose(f);
    cr_assert_eq(cli_chart_write(c, in_dir(&t, "file/c.png"), err, sizeof err),
                 CLI_CHART_EIO);
    cr_assert(strstr(err, "Not a directory"), "%s", err);
    /* a directory without write permission (root writes anyway) */
    cr_assert_eq(mkdir(in_dir(&t, "ro"), 0555), 0);
    if (geteuid() != 0) {
        cr_assert_eq(cli_chart_write(c, in_dir(&t, "ro/c.svg"), err, sizeof err),
                     CLI_CHART_EIO);
        cr_assert(strstr(err, "Permission denied"), "%s", err);
    }
    /* a directory in the way of the rename: nothing left behind */
    cr_assert_eq(mkdir(in_dir(&t, "d.pdf"), 0755), 0);
    cr_assert_eq(cli_chart_write(c, in_dir(&t, "d.pdf"), err, sizeof err), CLI_CHART_EIO);
    cr_assert(strstr(err, "d.pdf: cannot write it: "), "%s", err);
    struct stat st;
    cr_assert_eq(stat(in_dir(&t, "d.pdf"), &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    assert_no_temp(&t);
    tmp_remove(&t);
    cli_chart_free(c);
}

Test(chart, replaces_atomically_with_usual_mode)
{
    cli_chart_t *c = demo_trace();
    tmpdir_t t = tmp_make();
    const char *path = in_dir(&t, "t.svg");
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    mode_t old = umask(022);
    char err[256];
    cr_assert_eq(cli_chart_write(c, path, err, sizeof err), CLI_CHART_OK, "%s", err);
    umask(old);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644, "mode %o", (unsigned)(st.st_mode & 0777));
    cr_assert_gt(st.st_size, 1000);
    assert_svg(path);
    assert_no_temp(&t);
    tmp_remove(&t);
    cli_chart_free(c);
}

Test(chart, bad_arguments)
{
    cli_chart_t *c = cli_chart_new("t", "x", "y");
    double v[] = {1, 2};
    cr_assert_eq(cli_chart_line(c, NULL, v, 2, "a"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_step(c, v, NULL, 2, "a"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_scatter(NULL, v, v, 2, "a"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_shade(c, v, NULL, 1, "a"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_vline(c, NAN, "x"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_hline(c, INFINITY, "x"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_point(c, 1.0, NAN, "x"), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_Y, CLI_CHART_LINEAR, CLI_CHART_TIME, NULL),
                 CLI_CHART_EINVAL, "time is for x only");
    cr_assert_eq(cli_chart_axis(c, CLI_CHART_X, CLI_CHART_LOG10, CLI_CHART_TIME, NULL),
                 CLI_CHART_EINVAL, "time is linear only");
    cr_assert_eq(
        cli_chart_axis(c, (cli_chart_axis_t)2, CLI_CHART_LINEAR, CLI_CHART_USD, NULL),
        CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_X, 5.0, 5.0), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_X, 6.0, 5.0), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_X, -INFINITY, NAN), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_axis_range(c, CLI_CHART_X, NAN, NAN), CLI_CHART_OK);
    cr_assert_eq(cli_chart_bars(c, 0, NULL, 1, NULL, 1, NULL, v), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_bars(c, 1, NULL, 1, NULL, 2, NULL, NULL), CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_bars(c, 1, NULL, 1, NULL, 2, NULL, v), CLI_CHART_OK);
    cr_assert_eq(cli_chart_bars(c, 1, NULL, 1, NULL, 2, NULL, v), CLI_CHART_EINVAL,
                 "one bar block per chart");
    cli_chart_free(c);
    cli_chart_free(NULL);
}

/* ---------------------------------------------------------------- ticks */

typedef struct {
    cli_chart_scale_t scale;
    cli_chart_unit_t unit;
    double lo, hi;
    int target, widen;
    double want_lo, want_hi, want_step;
    size_t n;
    char labels[10][16];
} ticks_case_t;

/* Worked by hand: the smallest 1-2-5 step whose whole-step range has at most
 * target intervals (linear); 1-2-5 values when at most target + 1 of them
 * fit, else every k-th decade (log10). */
ParameterizedTestParameters(chart, ticks)
{
    static ticks_case_t cases[] = {
        /* 10 would give 10 intervals, 20 gives 0..100 in 5 */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         0,
         97,
         5,
         1,
         0,
         100,
         20,
         6,
         {"0", "20", "40", "60", "80", "100"}},
        /* 0.1 gives 0.1..0.9 in 8; 0.2 gives 0..1 in 5 */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         0.13,
         0.87,
         5,
         1,
         0,
         1,
         0.2,
         6,
         {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
        /* not widened: 0.74 / 0.2 = 3.7 intervals, ticks inside */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         0.13,
         0.87,
         5,
         0,
         0.13,
         0.87,
         0.2,
         4,
         {"0.2", "0.4", "0.6", "0.8"}},
        /* 2 gives -4..14 in 9; 5 gives -5..15 in 4 */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         -3.7,
         12.2,
         4,
         1,
         -5,
         15,
         5,
         5,
         {"-5", "0", "5", "10", "15"}},
        /* 500 gives 1000..5000 in 8; 1000 in 4 */
        {CLI_CHART_LINEAR,
         CLI_CHART_USD,
         1200,
         4800,
         6,
         1,
         1000,
         5000,
         1000,
         5,
         {"$1,000", "$2,000", "$3,000", "$4,000", "$5,000"}},
        /* 200k gives 12 intervals, 500k gives 5; compact from a million */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         0,
         2.4e6,
         5,
         1,
         0,
         2.5e6,
         5e5,
         6,
         {"0", "500k", "1M", "1.5M", "2M", "2.5M"}},
        /* fractions as percentages */
        {CLI_CHART_LINEAR,
         CLI_CHART_PERCENT,
         0,
         0.047,
         5,
         1,
         0,
         0.05,
         0.01,
         6,
         {"0%", "1%", "2%", "3%", "4%", "5%"}},
        /* all equal: 5 +- 10%, then 0.5 steps */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         5,
         5,
         5,
         1,
         4.5,
         5.5,
         0.5,
         3,
         {"4.5", "5.0", "5.5"}},
        /* all zero: 0..1 */
        {CLI_CHART_LINEAR,
         CLI_CHART_COUNT,
         0,
         0,
         5,
         1,
         0,
         1,
         0.2,
         6,
         {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
        /* log: 100..20000; eight 1-2-5 values > 7, so the 3 decades */
        {CLI_CHART_LOG10,
         CLI_CHART_COUNT,
         150,
         12000,
         6,
         1,
         100,
         20000,
         1,
         3,
         {"100", "1k", "10k"}},
        /* the same with room for the 8 1-2-5 values */
        {CLI_CHART_LOG10,
         CLI_CHART_COUNT,
         150,
         12000,
         8,
         1,
         100,
         20000,
         0,
         8,
         {"100", "200", "500", "1k", "2k", "5k", "10k", "20k"}},
        /* less than a decade */
        {CLI_CHART_LOG10,
         CLI_CHART_COUNT,
         20,
         80,
         6,
         1,
         20,
         100,
         0,
         3,
         {"20", "50", "100"}},
        /* 13 decades: every 2nd (even exponents), 6 majors */
        {CLI_CHART_LOG10,
         CLI_CHART_COUNT,
         0.001,
         1e9,
         6,
         1,
         0.001,
         1e9,
         2,
         6,
         {"0.01", "1", "100", "10k", "1M", "100M"}},
        /* money, 4 decades (10 1-2-5 values > 7) */
        {CLI_CHART_LOG10,
         CLI_CHART_USD,
         1,
         1000,
         6,
         1,
         1,
         1000,
         1,
         4,
         {"$1", "$10", "$100", "$1k"}},
    };
    return cr_make_param_array(ticks_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ticks_case_t *tc, chart, ticks)
{
    cli_chart_ticks_t t;
    cr_assert_eq(cli_chart_ticks(tc->scale, tc->unit, NULL, tc->lo, tc->hi, tc->target,
                                 tc->widen, &t),
                 CLI_CHART_OK);
    assert_near(t.lo, tc->want_lo, fabs(tc->want_lo) * 1e-12);
    assert_near(t.hi, tc->want_hi, fabs(tc->want_hi) * 1e-12);
    assert_near(t.step, tc->want_step, tc->want_step * 1e-12);
    cr_assert_eq(t.n, tc->n, "%g..%g: %zu ticks, want %zu (first %s)", tc->lo, tc->hi,
                 t.n, tc->n, t.label[0]);
    for (size_t i = 0; i < t.n; i++)
        cr_assert_str_eq(t.label[i], tc->labels[i], "tick %zu: '%s', want '%s'", i,
                         t.label[i], tc->labels[i]);
}

Test(chart, log_minor_ticks)
{
    cli_chart_ticks_t t;
    /* decades 100, 1k, 10k: minors 2..9 x 100, 2..9 x 1k, and 20k */
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, 150, 12000, 6, 1, &t),
        CLI_CHART_OK);
    cr_assert_eq(t.n_minor, 17);
    assert_near(t.minor[0], 200, 1e-9);
    assert_near(t.minor[7], 900, 1e-9);
    assert_near(t.minor[16], 20000, 1e-9);
    /* 20..100 with majors 20, 50, 100: minors 30, 40, 60, 70, 80, 90 */
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, 20, 80, 6, 1, &t),
        CLI_CHART_OK);
    cr_assert_eq(t.n_minor, 6);
    static const double want[] = {30, 40, 60, 70, 80, 90};
    for (size_t i = 0; i < 6; i++)
        assert_near(t.minor[i], want[i], 1e-9);
    /* every 2nd decade: the odd decades are the minors */
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, 0.001, 1e9, 6, 1, &t),
        CLI_CHART_OK);
    cr_assert_eq(t.n_minor, 7);
    assert_near(t.minor[0], 0.001, 1e-15);
    assert_near(t.minor[6], 1e9, 1e-3);
    /* a narrow fixed range without a 1-2-5 value: its ends */
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, 30, 40, 6, 0, &t),
        CLI_CHART_OK);
    cr_assert_eq(t.n, 2);
    cr_assert_str_eq(t.label[0], "30");
    cr_assert_str_eq(t.label[1], "40");
}

typedef struct {
    double lo, hi;
    int target;
    double want_step;
    int months;
    size_t n;
    double first;
    char label[8][16];
    char label2[8][16];
} time_case_t;

ParameterizedTestParameters(chart, time_ticks)
{
    static time_case_t cases[] = {
        /* one day: 3 h gives 8 intervals, 6 h gives 4 */
        {0,
         86400,
         6,
         21600,
         0,
         5,
         0,
         {"00:00", "06:00", "12:00", "18:00", "00:00"},
         {"Jan 1, 1970", "", "", "", "Jan 2"}},
        /* 2024-03-04 00:10 to 03-05 23:50: 171600 s, 6 h gives 7.9 intervals */
        {T0 + 600,
         T0 + 2 * 86400 - 600,
         8,
         21600,
         0,
         7,
         T0 + 21600,
         {"06:00", "12:00", "18:00", "00:00", "06:00", "12:00", "18:00"},
         {"Mar 4, 2024", "", "", "Mar 5", "", "", ""}},
        /* four weeks from Monday 2024-03-04: 2 days gives 14, a week 4 */
        {T0,
         T0 + 28 * 86400,
         6,
         604800,
         0,
         5,
         T0,
         {"Mar 4", "Mar 11", "Mar 18", "Mar 25", "Apr 1"},
         {"2024", "", "", "", ""}},
        /* 2024-01-15 to 2024-12-20: 11.2 months, every 2nd from January */
        {T0 - 49 * 86400,
         T0 + 291 * 86400,
         6,
         2,
         2,
         5,
         T0 - 3 * 86400,
         {"Mar", "May", "Jul", "Sep", "Nov"},
         {"2024", "", "", "", ""}},
        /* 50 seconds: 10 s steps */
        {0,
         50,
         5,
         10,
         0,
         6,
         0,
         {"00:00:00", "00:00:10", "00:00:20", "00:00:30", "00:00:40", "00:00:50"},
         {"Jan 1, 1970", "", "", "", "", ""}},
        /* 2020 to 2030: 10 years, every 2nd */
        {1577836800.0,
         1893456000.0,
         6,
         24,
         24,
         6,
         1577836800.0,
         {"2020", "2022", "2024", "2026", "2028", "2030"},
         {"", "", "", "", "", ""}},
    };
    return cr_make_param_array(time_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(time_case_t *tc, chart, time_ticks)
{
    cli_chart_ticks_t t;
    cr_assert_eq(cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_TIME, NULL, tc->lo, tc->hi,
                                 tc->target, 1, &t),
                 CLI_CHART_OK);
    cr_assert_eq(t.lo, tc->lo, "time axes are not widened");
    cr_assert_eq(t.hi, tc->hi);
    cr_assert_eq(t.step, tc->want_step);
    cr_assert_eq(t.months, tc->months);
    cr_assert_eq(t.n, tc->n, "%zu ticks, first %s", t.n, t.label[0]);
    cr_assert_eq(t.v[0], tc->first, "first tick %.0f", t.v[0]);
    for (size_t i = 0; i < t.n; i++) {
        cr_assert_str_eq(t.label[i], tc->label[i], "tick %zu: '%s', want '%s'", i,
                         t.label[i], tc->label[i]);
        cr_assert_str_eq(t.label2[i], tc->label2[i], "tick %zu: '%s', want '%s'", i,
                         t.label2[i], tc->label2[i]);
    }
}

Test(chart, ticks_refuse_bad_ranges)
{
    cli_chart_ticks_t t;
    cr_assert_eq(cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, 2, 1, 5, 1, &t),
                 CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, NAN, 1, 5, 1, &t),
        CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, 0, INFINITY, 5, 1, &t),
        CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, 0, 10, 5, 1, &t),
                 CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_COUNT, NULL, -1, 10, 5, 1, &t),
        CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, 0, 1, 0, 1, &t),
                 CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, 0, 1, 51, 1, &t),
        CLI_CHART_EINVAL);
    cr_assert_eq(cli_chart_ticks(CLI_CHART_LOG10, CLI_CHART_TIME, NULL, 1, 10, 5, 1, &t),
                 CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_TIME, NULL, 0, 1e15, 5, 1, &t),
        CLI_CHART_EINVAL);
    cr_assert_eq(
        cli_chart_ticks(CLI_CHART_LINEAR, CLI_CHART_COUNT, NULL, 0, 1, 5, 1, NULL),
        CLI_CHART_EINVAL);
}

/* ---------------------------------------------------------------- labels */

typedef struct {
    double v, step;
    int compact;
    cli_chart_unit_t unit;
    char suffix[16];
    char want[32];
} format_case_t;

ParameterizedTestParameters(chart, format)
{
    static format_case_t cases[] = {
        {1200, 100, 0, CLI_CHART_USD, "", "$1,200"},
        {-1200, 200, 0, CLI_CHART_USD, "", "-$1,200"},
        {1234567.5, 0.5, 0, CLI_CHART_COUNT, "", "1,234,567.5"},
        {0.05, 0.01, 0, CLI_CHART_USD, "", "$0.05"},
        {1500, 500, 1, CLI_CHART_COUNT, "", "1.5k"},
        {1000, 500, 1, CLI_CHART_COUNT, "", "1k"},
        {999, 1, 1, CLI_CHART_COUNT, "", "999"},
        {2e6, 5e5, 1, CLI_CHART_USD, "", "$2M"},
        {2.5e12, 5e11, 1, CLI_CHART_COUNT, "", "2.5T"},
        {3e9, 1e9, 1, CLI_CHART_USD, "/month", "$3B/month"},
        {10, 5, 0, CLI_CHART_COUNT, "rps", "10 rps"},
        {3, 1, 0, CLI_CHART_USD, "/h", "$3/h"},
        {0.25, 0.05, 0, CLI_CHART_PERCENT, "", "25%"},
        {0.125, 0.025, 0, CLI_CHART_PERCENT, "", "12.5%"},
        {-1e-17, 0.1, 0, CLI_CHART_COUNT, "", "0.0"},
        {-0.0001, 0.2, 0, CLI_CHART_USD, "", "$0.0"},
        {0.3, 0.1, 0, CLI_CHART_COUNT, "", "0.3"},
        {0.25, 0.25, 0, CLI_CHART_COUNT, "", "0.25"},
        {NAN, 1, 0, CLI_CHART_COUNT, "", "?"},
    };
    return cr_make_param_array(format_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(format_case_t *fc, chart, format)
{
    char buf[64];
    cli_chart_format(buf, sizeof buf, fc->v, fc->step, fc->compact, fc->unit, fc->suffix);
    cr_assert_str_eq(buf, fc->want, "%g step %g", fc->v, fc->step);
}

Test(chart, format_truncates_safely)
{
    char buf[4];
    cli_chart_format(buf, sizeof buf, 1234567, 1, 0, CLI_CHART_USD, NULL);
    cr_assert_str_eq(buf, "$1,");
    cli_chart_format(NULL, 0, 1, 1, 0, CLI_CHART_USD, NULL);
}
