/*
 * html.c - the HTML report (see html.h). Text is escaped for HTML; the
 * charts are cairo's SVG, ids prefixed per chart so that several share one
 * page.
 */
#include "html.h"

#include "mipricing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct param {
    char *section, *name, *value;
} param_t;

typedef struct figure {
    char *svg, *caption;
} figure_t;

struct cli_html {
    char *title;
    char *verdict;
    char *text;
    param_t *params;
    size_t n_params, cap_params;
    figure_t *figs;
    size_t n_figs, cap_figs;
    int failed; /* ran out of memory once: never written */
};

static char *vformat(const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *dup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

cli_html_t *cli_html_new(const char *title)
{
    cli_html_t *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->title = dup(title);
    if (!h->title) {
        free(h);
        return NULL;
    }
    return h;
}

void cli_html_free(cli_html_t *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n_params; i++) {
        free(h->params[i].section);
        free(h->params[i].name);
        free(h->params[i].value);
    }
    free(h->params);
    for (size_t i = 0; i < h->n_figs; i++) {
        free(h->figs[i].svg);
        free(h->figs[i].caption);
    }
    free(h->figs);
    free(h->title);
    free(h->verdict);
    free(h->text);
    free(h);
}

static int fail(cli_html_t *h)
{
    h->failed = 1;
    return -1;
}

int cli_html_verdict(cli_html_t *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        return fail(h);
    free(h->verdict);
    h->verdict = s;
    return 0;
}

int cli_html_param(cli_html_t *h, const char *section, const char *name, const char *fmt,
                   ...)
{
    if (h->n_params == h->cap_params) {
        size_t nc = h->cap_params ? 2 * h->cap_params : 32;
        param_t *p = realloc(h->params, nc * sizeof *p);
        if (!p)
            return fail(h);
        h->params = p;
        h->cap_params = nc;
    }
    va_list ap;
    va_start(ap, fmt);
    char *v = vformat(fmt, ap);
    va_end(ap);
    param_t p = {dup(section), dup(name), v};
    if (!p.section || !p.name || !p.value) {
        free(p.section);
        free(p.name);
        free(p.value);
        return fail(h);
    }
    h->params[h->n_params++] = p;
    return 0;
}

int cli_html_chart(cli_html_t *h, const cli_chart_t *c, const char *caption, char *errbuf,
                   size_t errlen)
{
    if (h->n_figs == h->cap_figs) {
        size_t nc = h->cap_figs ? 2 * h->cap_figs : 4;
        figure_t *f = realloc(h->figs, nc * sizeof *f);
        if (!f)
            return fail(h);
        h->figs = f;
        h->cap_figs = nc;
    }
    char prefix[16];
    snprintf(prefix, sizeof prefix, "c%zu-", h->n_figs + 1);
    figure_t f = {cli_chart_svg_string(c, prefix, errbuf, errlen), dup(caption)};
    if (!f.svg || !f.caption) {
        free(f.svg);
        free(f.caption);
        return fail(h);
    }
    h->figs[h->n_figs++] = f;
    return 0;
}

int cli_html_text(cli_html_t *h, const char *text)
{
    char *t = dup(text);
    if (!t)
        return fail(h);
    free(h->text);
    h->text = t;
    return 0;
}

/* s escaped for HTML text and attribute values. */
static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static const char style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}"
    "h1{font-size:1.6rem;margin-bottom:.2rem}"
    "h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}"
    "h3{font-size:1rem;margin-bottom:.3rem}"
    ".verdict{font-size:1.15rem;background:#f3f6fa;border-left:4px solid #0072b2;"
    "padding:.7rem 1rem}"
    "figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto;display:block}"
    "figcaption{color:#444;font-size:.9rem;margin-top:.3rem}"
    "pre{background:#f7f7f7;padding:.8rem;overflow-x:auto;font-size:.8rem}"
    "table{border-collapse:collapse;margin-bottom:1rem}"
    "td,th{text-align:left;padding:.15rem .8rem .15rem 0;vertical-align:top}"
    "th{font-weight:600}td.v{font-variant-numeric:tabular-nums}"
    ".meta{color:#555;font-size:.85rem}"
    "@media print{body{margin:0;max-width:none}.verdict{border-color:#000}}";

int cli_html_write(const cli_html_t *h, const char *path, char *errbuf, size_t errlen)
{
    if (h->failed) {
        snprintf(errbuf, errlen, "%s: out of memory building the report", path);
        return -1;
    }
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) {
        snprintf(errbuf, errlen, "%s: out of memory building the report", path);
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>",
          f);
    esc(f, h->title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
    esc(f, h->title);
    fputs("</h1>\n<p class=\"meta\">libmipricing ", f);
    esc(f, mip_version_str());
    fputs(": AWS Lambda Managed Instances against default Lambda</p>\n", f);
    if (h->verdict) {
        fputs("<p class=\"verdict\" id=\"verdict\">", f);
        esc(f, h->verdict);
        fputs("</p>\n", f);
    }
    if (h->n_figs) {
        fputs("<h2>Charts</h2>\n", f);
        for (size_t i = 0; i < h->n_figs; i++) {
            fprintf(f, "<figure id=\"chart-%zu\">\n", i + 1);
            fputs(h->figs[i].svg, f);
            fputs("\n<figcaption>", f);
            esc(f, h->figs[i].caption);
            fputs("</figcaption>\n</figure>\n", f);
        }
    }
    if (h->text) {
        fputs("<h2>Result</h2>\n<pre>", f);
        esc(f, h->text);
        fputs("</pre>\n", f);
    }
    if (h->n_params) {
        fputs("<h2>Inputs and assumptions</h2>\n", f);
        /* sections in the order they first appear */
        for (size_t i = 0; i < h->n_params; i++) {
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = strcmp(h->params[j].section, h->params[i].section) == 0;
            if (seen)
                continue;
            fputs("<h3>", f);
            esc(f, h->params[i].section);
            fputs("</h3>\n<table>\n", f);
            for (size_t j = i; j < h->n_params; j++) {
                if (strcmp(h->params[j].section, h->params[i].section) != 0)
                    continue;
                fputs("<tr><th>", f);
                esc(f, h->params[j].name);
                fputs("</th><td class=\"v\">", f);
                esc(f, h->params[j].value);
                fputs("</td></tr>\n", f);
            }
            fputs("</table>\n", f);
        }
    }
    fputs("</body>\n</html>\n", f);
    if (fclose(f) != 0) {
        free(buf);
        snprintf(errbuf, errlen, "%s: out of memory building the report", path);
        return -1;
    }
    mip_error_t e;
    int rc = mip_write_file(path, buf, &e);
    free(buf);
    if (rc != MIP_OK) {
        snprintf(errbuf, errlen, "%s: %s", path, e.text);
        return -1;
    }
    return 0;
}
