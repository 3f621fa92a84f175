/*
 * cmd_compare.c - "mipricing compare FILE...": default Lambda and LMI over a
 * real trace, interval by interval, priced for its period and for a month.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct compare_args {
    shape_args_t s;
    trace_args_t t;
    sim_args_t m;
} compare_args_t;

static int compare_option(cli_t *cli, int id, const char *arg, void *data)
{
    compare_args_t *a = data;
    int rc = model_option(cli, id, arg, &a->s, &a->m, &a->t);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

static const char compare_help[] =
    "Usage: mipricing compare FILE... [OPTION]...\n"
    "Replay a traffic trace against default Lambda and against Lambda Managed\n"
    "Instances (an asynchronous scaler with lags, throttles, the 3-instance floor),\n"
    "price both for the trace's period and for a month, day by day, and say which\n"
    "is cheaper by how much. Several functions are compared one by one and summed.\n"
    "\n";

typedef struct text {
    const mip_region_t *region;
    const mip_compare_input_t *in;
    const mip_series_t **series;
    const mip_compare_result_t *res;
    size_t n;
} text_t;

static void text(FILE *f, const void *ctx)
{
    const text_t *t = ctx;
    render_compare(f, t->region, t->in, t->series, t->res, t->n);
}

/* The charts: demand against capacity for the first functions (at most
 * MAX_CAPACITY), cost per day of all summed; and the report. */
static int outputs(cli_t *cli, const mip_region_t *region, const compare_args_t *a,
                   const mip_compare_input_t *in, const mip_series_t **series,
                   const mip_compare_result_t *res, size_t n)
{
    enum { MAX_CAPACITY = 6 };
    cli_figure_t figs[MAX_CAPACITY + 1];
    char names[MAX_CAPACITY][24];
    size_t nf = 0, nc = n < MAX_CAPACITY ? n : MAX_CAPACITY;
    mip_compare_day_t *days = NULL;
    size_t nd = 0;
    mip_error_t e;
    if (mip_compare_days(res, n, &days, &nd, &e) != MIP_OK)
        return cli_fail(cli, &e);
    for (size_t i = 0; i < nc; i++) {
        const char *fn = series[i]->function[0] ? series[i]->function : NULL;
        if (i == 0)
            snprintf(names[i], sizeof names[i], "capacity");
        else
            snprintf(names[i], sizeof names[i], "capacity-%zu", i + 1);
        figs[nf++] =
            (cli_figure_t){plot_capacity(fn, &res[i]), names[i],
                           "Demand in execution environments against the "
                           "environments LMI's scaler had ready and the instances "
                           "billed, throttling shaded; default Lambda's "
                           "environments (its concurrency) with its cold starts."};
    }
    figs[nf++] =
        (cli_figure_t){plot_days(days, nd), "days",
                       "Cost per day of both models, split into compute (Lambda: "
                       "duration; LMI: EC2 instance-hours), LMI's management fee "
                       "and requests."};
    mip_free(days);
    cli_html_t *h = cli->report ? cli_html_new("mipricing compare") : NULL;
    if (h) {
        mip_compare_totals_t t;
        mip_compare_totals(res, n, &t);
        double lam = t.lambda_month_usd, lmi = t.lmi_month_usd, top = fmax(lam, lmi);
        double offered = t.lmi_requests + t.lmi_throttled;
        cli_html_verdict(
            h,
            "Over the trace (%zu function%s, %.4g hours), Lambda Managed "
            "Instances cost $%.2f a month against $%.2f on default Lambda: "
            "%s is cheaper by $%.2f a month (%.1f%%), with %.4g%% of requests "
            "throttled on LMI.",
            n, n == 1 ? "" : "s", t.period_hours, lmi, lam,
            lmi < lam ? "LMI" : "default Lambda", fabs(lam - lmi),
            top > 0.0 ? fabs(lam - lmi) / top * 100.0 : 0.0,
            offered > 0.0 ? t.lmi_throttled / offered * 100.0 : 0.0);
        for (size_t i = 0; i < cli->n_files; i++)
            cli_html_param(h, "Trace", "file", "%s", cli->files[i]);
        cli_html_param(h, "Trace", "functions", "%zu", n);
        html_shape(h, &a->s, 1);
        html_sim(h, &a->m);
        html_catalog(h, cli, region);
    }
    text_t t = {region, in, series, res, n};
    return cli_outputs(cli, figs, nf, h, text, &t);
}

int cmd_compare(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS, CLI_SHAPE_OPTIONS,
                                         CLI_TRACE_OPTIONS,  CLI_SIM_OPTIONS,
                                         CLI_OUTPUT_OPTIONS, {NULL, 0, NULL, 0}};
    compare_args_t *a = calloc(1, sizeof *a);
    if (!a) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    shape_init(&a->s);
    trace_init(&a->t);
    sim_init(&a->m);
    int rc = cli_parse_files(cli, argc, argv, opts, compare_option, a);
    if (rc != CLI_OK || cli->help) {
        if (rc == CLI_OK) {
            fputs(compare_help, cli->doc);
            fputs(sim_help, cli->doc);
            fputs(shape_help, cli->doc);
            fputs(trace_help, cli->doc);
            fputs(output_help, cli->doc);
            fputs("  --region REGION, --format text|json|csv, --data-dir DIR, "
                  "--catalog FILE\n",
                  cli->doc);
            fputs("\nExamples:\n"
                  "  mipricing compare data/examples/azure2019/invocations.csv \\\n"
                  "      --durations data/examples/azure2019/durations.csv \\\n"
                  "      --memory data/examples/azure2019/memory.csv --report r.html\n"
                  "  mipricing compare cloudwatch.csv --arch arm64 --runtime python \\\n"
                  "      --cpu-ms 20 --chart capacity.svg\n",
                  cli->doc);
        }
        free(a);
        return rc;
    }
    const mip_region_t *region;
    mip_trace_t *trace = NULL;
    const mip_instance_t **cands = NULL;
    const mip_series_t **series = NULL;
    mip_compare_result_t *res = NULL;
    mip_schedule_t *sched = NULL;
    size_t n_cands = 0, n = 0, done = 0;
    mip_compare_input_t in;
    cli_compare_input(&a->s, &a->m, &in);

    if ((rc = cli_load_schedule(cli, &a->t, &sched)) != CLI_OK)
        goto out;
    in.scaler.schedule = sched;
    if ((rc = cli_load(cli, &region)) != CLI_OK ||
        (rc = cli_candidates(cli, a->s.patterns, a->s.w.arch, &cands, &n_cands)) !=
            CLI_OK ||
        (rc = cli_read_trace(cli, &a->t, cli->files, cli->n_files, &trace)) != CLI_OK)
        goto out;
    size_t total = mip_trace_series_count(trace);
    series = calloc(total ? total : 1, sizeof *series);
    res = calloc(total ? total : 1, sizeof *res);
    if (!series || !res) {
        fputs("mipricing: out of memory\n", cli->err);
        rc = CLI_EDATA;
        goto out;
    }
    for (size_t i = 0; i < total; i++) {
        const mip_series_t *s = mip_trace_series_at(trace, i);
        if (!a->t.function || strcmp(a->t.function, s->function) == 0)
            series[n++] = s;
    }
    if (n == 0) {
        fprintf(cli->err, "mipricing: no function named '%s' in the trace\n",
                a->t.function ? a->t.function : "");
        rc = CLI_EDATA;
        goto out;
    }
    for (; done < n; done++) {
        mip_error_t e;
        if (mip_compare(region, cands, n_cands, series[done], &in, &res[done], &e) !=
            MIP_OK) {
            if (n > 1 && series[done]->function[0])
                fprintf(cli->err, "mipricing: function %s:\n", series[done]->function);
            rc = cli_fail(cli, &e);
            goto out;
        }
    }
    if (cli->format == MIP_FORMAT_TEXT) {
        render_compare(cli->doc, region, &in, series, res, n);
    } else {
        char *doc = NULL;
        mip_error_t e;
        int r = mip_report_compare(region, &in, series, res, n, cli->format, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    }
    if (rc == CLI_OK && (cli->chart || cli->report))
        rc = outputs(cli, region, a, &in, series, res, n);
out:
    for (size_t i = 0; i < done; i++)
        mip_compare_result_free(&res[i]);
    free(res);
    free(series);
    free(cands);
    mip_trace_free(trace);
    mip_schedule_free(sched);
    free(a);
    return rc;
}
