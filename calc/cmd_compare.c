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

int cmd_compare(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         CLI_SHAPE_OPTIONS,
                                         CLI_TRACE_OPTIONS,
                                         CLI_SIM_OPTIONS,
                                         {NULL, 0, NULL, 0}};
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
            fputs("  --region REGION, --format text|json|csv, --data-dir DIR, "
                  "--catalog FILE\n",
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
