/*
 * test_html.c - the calculator's HTML report (calc/html.c): escaping, the
 * order of its parts, charts inline with ids of their own, and writing it
 * whole or not at all.
 */
#include "testutil.h"

#include "chart.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static cli_chart_t *small_chart(const char *title)
{
    static const double x[] = {1.0, 2.0, 3.0}, y[] = {2.0, 1.0, 3.0};
    cli_chart_t *c = cli_chart_new(title, "x", "y");
    cr_assert_not_null(c);
    cr_assert_eq(cli_chart_line(c, x, y, 3, "line"), CLI_CHART_OK);
    return c;
}

Test(html, escapes_orders_and_inlines)
{
    cli_html_t *h = cli_html_new("mipricing <test> & co");
    cr_assert_not_null(h);
    cr_assert_eq(cli_html_verdict(h, "LMI is cheaper by $%d <b>%s</b>", 5, "&"), 0);
    cr_assert_eq(cli_html_param(h, "Workload", "duration", "%g ms", 200.0), 0);
    cr_assert_eq(cli_html_param(h, "Scaler", "launch", "%d s", 180), 0);
    cr_assert_eq(cli_html_param(h, "Workload", "cpu \"x\"", "%s", "40 ms"), 0);
    char err[256];
    cli_chart_t *a = small_chart("first"), *b = small_chart("second");
    cr_assert_eq(cli_html_chart(h, a, "caption <1>", err, sizeof err), 0, "%s", err);
    cr_assert_eq(cli_html_chart(h, b, "caption 2", err, sizeof err), 0, "%s", err);
    cr_assert_eq(cli_html_text(h, "a | b\n1 < 2\n"), 0);
    char path[128];
    snprintf(path, sizeof path, "/tmp/mip_html_%ld.html", (long)getpid());
    cr_assert_eq(cli_html_write(h, path, err, sizeof err), 0, "%s", err);
    char *s = slurp(path);
    cr_assert(strstr(s, "<title>mipricing &lt;test&gt; &amp; co</title>") != NULL);
    cr_assert(strstr(s, "LMI is cheaper by $5 &lt;b&gt;&amp;&lt;/b&gt;") != NULL);
    cr_assert(strstr(s, "<th>cpu &quot;x&quot;</th>") != NULL);
    cr_assert(strstr(s, "1 &lt; 2") != NULL);
    cr_assert(strstr(s, "caption &lt;1&gt;") != NULL);
    /* sections keep the order they first appear in, each once */
    const char *w = strstr(s, "<h3>Workload</h3>"), *sc = strstr(s, "<h3>Scaler</h3>");
    cr_assert(w && sc && w < sc);
    cr_assert_null(strstr(w + 1, "<h3>Workload</h3>"));
    cr_assert(strstr(w, "cpu &quot;x&quot;") < sc);
    /* both charts inline, their ids apart; nothing from outside */
    cr_assert(strstr(s, "id=\"c1-") != NULL);
    cr_assert(strstr(s, "id=\"c2-") != NULL);
    cr_assert(strstr(s, "<desc>first.") != NULL);
    cr_assert_null(strstr(s, "<script"));
    cr_assert_null(strstr(s, "src=\""));
    cr_assert_null(strstr(s, "<link"));
    cr_assert(strstr(s, "<figure id=\"chart-2\">") != NULL);
    free(s);
    unlink(path);

    /* a report that cannot be written leaves nothing and says where */
    cr_assert_eq(cli_html_write(h, "/nonexistent-dir/r.html", err, sizeof err), -1);
    cr_assert(strstr(err, "/nonexistent-dir/r.html") != NULL, "%s", err);
    cli_chart_free(a);
    cli_chart_free(b);
    cli_html_free(h);
    cli_html_free(NULL);
}
