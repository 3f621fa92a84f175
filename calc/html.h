/*
 * html.h - the calculator's HTML report: one self-contained page (no
 * external scripts, fonts or images) with the verdict in one sentence, the
 * charts inline as SVG, the result as the text report prints it, and the
 * inputs and every assumption with its value.
 *
 * Built piece by piece, then written atomically. Functions that can fail
 * return 0 or -1 (out of memory); a report that ran out of memory refuses
 * to be written. Nothing here prints.
 */
#ifndef MIP_HTML_H
#define MIP_HTML_H

#include "chart.h"

#include <stddef.h>

typedef struct cli_html cli_html_t;

/* title: "mipricing breakeven"; NULL when out of memory. */
cli_html_t *cli_html_new(const char *title);
void cli_html_free(cli_html_t *h);

/* The verdict: one sentence. */
int cli_html_verdict(cli_html_t *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One input or assumption, in a section ("Workload", "Scaler (assumed)"):
 * its name and value; sections keep the order they first appear in. */
int cli_html_param(cli_html_t *h, const char *section, const char *name, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
/* A chart, inline, with a caption. */
int cli_html_chart(cli_html_t *h, const cli_chart_t *c, const char *caption, char *errbuf,
                   size_t errlen);
/* The result as text (tables), shown preformatted. */
int cli_html_text(cli_html_t *h, const char *text);

/* Write the page to path through a temporary file renamed into place.
 * 0, or -1 with errbuf set. */
int cli_html_write(const cli_html_t *h, const char *path, char *errbuf, size_t errlen);

#endif
