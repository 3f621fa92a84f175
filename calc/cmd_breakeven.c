/*
 * cmd_breakeven.c - "mipricing breakeven": where LMI and Lambda cost the same.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { O_MIN_RPS = OPT_FIRST_COMMAND_OPTION, O_MAX_RPS, O_POINTS };

/* Rates the chart's curves have at the least. */
#define CHART_RATES 400

typedef struct be_args {
    shape_args_t s;
    double min_rps, max_rps;
    long points;
} be_args_t;

static int be_option(cli_t *cli, int id, const char *arg, void *data)
{
    be_args_t *a = data;
    switch (id) {
    case O_MIN_RPS:
        return cli_number(cli, "min-rps", arg, 0.0, HUGE_VAL, &a->min_rps);
    case O_MAX_RPS:
        return cli_number(cli, "max-rps", arg, 0.0, HUGE_VAL, &a->max_rps);
    case O_POINTS:
        return cli_integer(cli, "points", arg, 0, 10000, &a->points);
    }
    int rc = shape_option(cli, id, arg, &a->s);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

typedef struct text {
    const mip_region_t *region;
    const mip_breakeven_input_t *in;
    const mip_breakeven_result_t *res;
    const mip_breakeven_row_t *rows;
    size_t n_rows;
} text_t;

static void text(FILE *f, const void *ctx)
{
    const text_t *t = ctx;
    render_breakeven(f, t->region, t->in, t->res, t->rows, t->n_rows);
}

/* The chart (both costs at the dense rates) and the report. */
static int outputs(cli_t *cli, const mip_region_t *region, const be_args_t *a,
                   const mip_breakeven_input_t *in, const mip_breakeven_result_t *res,
                   const mip_breakeven_row_t *rows, size_t n_rows,
                   const mip_breakeven_row_t *dense, size_t n_dense, size_t n_types)
{
    cli_figure_t fig = {plot_breakeven(res, dense, n_dense), "breakeven",
                        "Monthly cost of both models against the request rate (log "
                        "scales); LMI is the cheapest eligible instance type at each "
                        "rate, its steps where instances are added."};
    cli_html_t *h = cli->report ? cli_html_new("mipricing breakeven") : NULL;
    if (h) {
        if (res->kind == MIP_BREAKEVEN_CROSSES)
            cli_html_verdict(h,
                             "Lambda Managed Instances are cheaper than default Lambda "
                             "above %.4g requests per second (%.4g million requests a "
                             "month, $%.2f a month either way); below it default Lambda "
                             "is cheaper.",
                             res->breakeven_rps, res->at.requests_per_month / 1e6,
                             res->at.lambda_usd);
        else if (res->kind == MIP_BREAKEVEN_LMI_CHEAPER)
            cli_html_verdict(
                h,
                "Lambda Managed Instances are cheaper than default Lambda at "
                "every rate from %.4g to %.4g requests per second.",
                res->min_rps, res->max_rps);
        else
            cli_html_verdict(h,
                             "Default Lambda is cheaper than Lambda Managed Instances at "
                             "every rate from %.4g to %.4g requests per second.",
                             res->min_rps, res->max_rps);
        html_shape(h, &a->s, 0);
        cli_html_param(h, "Range", "rates", "%.4g to %.4g requests per second",
                       res->min_rps, res->max_rps);
        cli_html_param(h, "Range", "instance types compared", "%zu", n_types);
        html_catalog(h, cli, region);
    }
    text_t t = {region, in, res, rows, n_rows};
    return cli_outputs(cli, &fig, 1, h, text, &t);
}

int cmd_breakeven(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         CLI_SHAPE_OPTIONS,
                                         {"min-rps", required_argument, NULL, O_MIN_RPS},
                                         {"max-rps", required_argument, NULL, O_MAX_RPS},
                                         {"points", required_argument, NULL, O_POINTS},
                                         CLI_OUTPUT_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    be_args_t a;
    memset(&a, 0, sizeof a);
    shape_init(&a.s);
    mip_breakeven_input_t in;
    mip_breakeven_input_init(&in);
    a.min_rps = in.min_rps;
    a.max_rps = in.max_rps;
    a.points = 25;
    int rc = cli_parse(cli, argc, argv, opts, be_option, &a);
    if (rc != CLI_OK)
        return rc;
    if (cli->help) {
        fputs(
            "Usage: mipricing breakeven --duration-ms MS [OPTION]...\n"
            "Find the request rate above which Lambda Managed Instances (the cheapest\n"
            "eligible instance type at each rate) stay cheaper than default Lambda,\n"
            "and tabulate both monthly costs over a log-spaced range of rates.\n"
            "With no option at all, prints the breakeven of a bundled example.\n"
            "\n"
            "  --min-rps R, --max-rps R     the range (default from 0.01 to the highest\n"
            "                               rate LMI can serve within MaxVCpuCount)\n"
            "  --points N                   rows in the table (default 25)\n",
            cli->doc);
        fputs(shape_help, cli->doc);
        fputs(output_help, cli->doc);
        fputs("  --region REGION, --format text|json|csv, --data-dir DIR, "
              "--catalog FILE\n",
              cli->doc);
        fputs(
            "\nExamples:\n"
            "  mipricing breakeven\n"
            "  mipricing breakeven --chart breakeven.svg --report breakeven.html\n"
            "  mipricing breakeven --arch x86_64 --runtime python --duration-ms 120 \\\n"
            "      --cpu-ms 30 --memory-mb 4096 --instance-types 'c7i.*,m7i.*'\n",
            cli->doc);
        return CLI_OK;
    }
    if (!a.s.have_duration) {
        if (a.s.workload_given)
            return cli_require(cli, 0, "--duration-ms");
        /* The bundled example: a Node.js API on arm64, 2 GB, 200 ms, 40 ms CPU. */
        a.s.w.arch = MIP_ARCH_ARM64;
        a.s.w.runtime = MIP_RUNTIME_NODEJS;
        a.s.w.duration_ms = 200.0;
        a.s.w.cpu_ms = 40.0;
    }
    const mip_region_t *region;
    if ((rc = cli_load(cli, &region)) != CLI_OK)
        return rc;
    const mip_instance_t **cands = NULL;
    size_t n = 0;
    if ((rc = cli_candidates(cli, a.s.patterns, a.s.w.arch, &cands, &n)) != CLI_OK)
        return rc;
    in.shape = a.s.w;
    in.lmi = a.s.c;
    in.price = a.s.p;
    in.lambda_memory_mb = a.s.lambda_memory_mb;
    in.min_rps = a.min_rps;
    in.max_rps = a.max_rps;
    /* One search for the table and the chart: with a chart, the rates are
     * the table's with k - 1 more between each two (log-spaced alike, so
     * every k-th is a table row, bit for bit), at least 400 in all. */
    size_t points = (size_t)a.points, k = 1, n_eval = points;
    if (cli->chart || cli->report) {
        k = points >= 2 ? (CHART_RATES + points - 3) / (points - 1) : 1;
        n_eval = points >= 2 ? (points - 1) * k + 1 : CHART_RATES;
    }
    mip_breakeven_row_t *all = calloc(n_eval ? n_eval : 1, sizeof *all);
    mip_breakeven_row_t *rows = calloc(points ? points : 1, sizeof *rows);
    if (!all || !rows) {
        free(all);
        free(rows);
        free(cands);
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    mip_breakeven_result_t res;
    mip_error_t e;
    rc = mip_breakeven(region, cands, n, &in, &res, all, n_eval, &e);
    free(cands);
    if (rc != MIP_OK) {
        free(all);
        free(rows);
        return cli_fail(cli, &e);
    }
    for (size_t i = 0; i < points; i++)
        rows[i] = all[i * k];
    if (cli->format == MIP_FORMAT_TEXT) {
        render_breakeven(cli->doc, region, &in, &res, rows, (size_t)a.points);
    } else {
        char *doc = NULL;
        rc = mip_report_breakeven(region, &in, &res, rows, (size_t)a.points, cli->format,
                                  &doc, &e);
        rc = cli_emit(cli, rc, doc, &e);
    }
    if (rc == CLI_OK && (cli->chart || cli->report))
        rc = outputs(cli, region, &a, &in, &res, rows, points, all, n_eval, n);
    free(all);
    free(rows);
    return rc;
}
