/*
 * cmd_trace.c - "mipricing trace summary FILE...": what a trace holds.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int summary_option(cli_t *cli, int id, const char *arg, void *data)
{
    int rc = trace_option(cli, id, arg, data);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

static int summary(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS, CLI_TRACE_OPTIONS, {NULL, 0, NULL, 0}};
    trace_args_t t;
    trace_init(&t);
    int rc = cli_parse_files(cli, argc, argv, opts, summary_option, &t);
    if (rc != CLI_OK)
        return rc;
    if (cli->help) {
        fputs("Usage: mipricing trace summary FILE... [OPTION]...\n"
              "What a traffic trace holds, per function: intervals, span, gaps, total\n"
              "invocations, mean and peak rate, concurrency percentiles, and the\n"
              "sharpest 5-minute growth.\n"
              "\n",
              cli->doc);
        fputs(trace_help, cli->doc);
        fputs("  --format text|json|csv       default text\n", cli->doc);
        fputs("\nExamples:\n"
              "  mipricing trace summary data/examples/azure2019/invocations.csv\n"
              "  mipricing trace summary cloudwatch.csv --layout cloudwatch --format "
              "json\n",
              cli->doc);
        return CLI_OK;
    }
    mip_trace_t *trace = NULL;
    if ((rc = cli_read_trace(cli, &t, cli->files, cli->n_files, &trace)) != CLI_OK)
        return rc;
    mip_error_t e;
    size_t n = mip_trace_series_count(trace);
    if (cli->format == MIP_FORMAT_TEXT) {
        mip_series_stats_t *st = calloc(n ? n : 1, sizeof *st);
        if (!st) {
            mip_trace_free(trace);
            fputs("mipricing: out of memory\n", cli->err);
            return CLI_EDATA;
        }
        for (size_t i = 0; i < n; i++)
            if (mip_series_stats(mip_trace_series_at(trace, i), &st[i], &e) != MIP_OK) {
                free(st);
                mip_trace_free(trace);
                return cli_fail(cli, &e);
            }
        render_trace_summary(cli->doc, trace, st);
        free(st);
        mip_trace_free(trace);
        return CLI_OK;
    }
    char *doc = NULL;
    rc = mip_report_trace_summary(trace, (const char *const *)cli->files, cli->n_files,
                                  cli->format, &doc, &e);
    mip_trace_free(trace);
    return cli_emit(cli, rc, doc, &e);
}

int cmd_trace(cli_t *cli, int argc, char **argv)
{
    cli->cmd = "trace";
    if (argc >= 2 && strcmp(argv[1], "summary") == 0) {
        cli->cmd = "trace summary";
        return summary(cli, argc - 1, argv + 1);
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs("Usage: mipricing trace summary FILE... [OPTION]...\n"
              "See 'mipricing trace summary --help'.\n",
              cli->doc);
        return CLI_OK;
    }
    return cli_usage(cli, "say what to do with the trace: 'trace summary FILE...'");
}
