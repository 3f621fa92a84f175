/*
 * cmd_compare.c - "mipricing compare FILE...": default Lambda and LMI over a
 * real trace, interval by interval, priced for its period and for a month.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    O_METRIC_PERIOD = OPT_FIRST_COMMAND_OPTION,
    O_METRIC_DELAY,
    O_ENV_START,
    O_LAUNCH,
    O_SCALE_DOWN_DELAY,
    O_SCALE_DOWN_FRACTION,
    O_DRAIN,
    O_SATURATION,
    O_KEEP_ALIVE,
    O_ACCOUNT,
    O_SCALE_RATE
};

typedef struct compare_args {
    shape_args_t s;
    trace_args_t t;
    mip_scaler_t sc;
    mip_lambda_sim_options_t lo;
} compare_args_t;

static int compare_option(cli_t *cli, int id, const char *arg, void *data)
{
    compare_args_t *a = data;
    switch (id) {
    case O_METRIC_PERIOD:
        return cli_number(cli, "metric-period-s", arg, 1.0, 86400.0,
                          &a->sc.metric_period_s);
    case O_METRIC_DELAY:
        return cli_number(cli, "metric-delay-s", arg, 0.0, 86400.0,
                          &a->sc.metric_delay_s);
    case O_ENV_START:
        return cli_number(cli, "env-start-s", arg, 0.0, 86400.0, &a->sc.env_start_s);
    case O_LAUNCH:
        return cli_number(cli, "instance-launch-s", arg, 0.0, 86400.0,
                          &a->sc.instance_launch_s);
    case O_SCALE_DOWN_DELAY:
        return cli_number(cli, "scale-down-delay-s", arg, 0.0, 2592000.0,
                          &a->sc.scale_down_delay_s);
    case O_SCALE_DOWN_FRACTION:
        return cli_fraction(cli, "scale-down-fraction", arg, 1.0,
                            &a->sc.scale_down_fraction);
    case O_DRAIN:
        return cli_number(cli, "instance-drain-s", arg, 0.0, 86400.0,
                          &a->sc.instance_drain_s);
    case O_SATURATION:
        return cli_fraction(cli, "saturation-cpu", arg, 1.0, &a->sc.saturation_cpu);
    case O_KEEP_ALIVE:
        return cli_number(cli, "keep-alive-s", arg, 0.0, 86400.0, &a->lo.keep_alive_s);
    case O_ACCOUNT:
        return cli_number(cli, "account-concurrency", arg, 1.0, 1e9,
                          &a->lo.account_concurrency);
    case O_SCALE_RATE:
        return cli_number(cli, "scale-per-10s", arg, 1.0, 1e9, &a->lo.scale_per_10s);
    }
    int rc = shape_option(cli, id, arg, &a->s);
    if (rc == -1)
        rc = trace_option(cli, id, arg, &a->t);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

static const char compare_help[] =
    "Usage: mipricing compare FILE... [OPTION]...\n"
    "Replay a traffic trace against default Lambda and against Lambda Managed\n"
    "Instances (an asynchronous scaler with lags, throttles, the 3-instance floor),\n"
    "price both for the trace's period and for a month, day by day, and say which\n"
    "is cheaper by how much. Several functions are compared one by one and summed.\n"
    "\n"
    "Scaler (assumptions; AWS does not publish them):\n"
    "  --metric-period-s S          demand is seen averaged over S (60)\n"
    "  --metric-delay-s S           and acted on S later (0)\n"
    "  --env-start-s S              an environment starts on a running instance (30)\n"
    "  --instance-launch-s S        an instance launches and joins (180)\n"
    "  --scale-down-delay-s S       lower demand lasts S before scale-in (300)\n"
    "  --scale-down-fraction F      of the surplus removed a minute after it (25%)\n"
    "  --instance-drain-s S         an emptied instance bills S more (120)\n"
    "  --saturation-cpu U           CPU utilization where throttling starts (90%)\n"
    "Default Lambda:\n"
    "  --keep-alive-s S             an idle environment stays warm (600)\n"
    "  --account-concurrency N      account concurrency limit (1000)\n"
    "  --scale-per-10s N            new environments per 10 s (1000)\n";

int cmd_compare(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        CLI_SHAPE_OPTIONS,
        CLI_TRACE_OPTIONS,
        {"metric-period-s", required_argument, NULL, O_METRIC_PERIOD},
        {"metric-delay-s", required_argument, NULL, O_METRIC_DELAY},
        {"env-start-s", required_argument, NULL, O_ENV_START},
        {"instance-launch-s", required_argument, NULL, O_LAUNCH},
        {"scale-down-delay-s", required_argument, NULL, O_SCALE_DOWN_DELAY},
        {"scale-down-fraction", required_argument, NULL, O_SCALE_DOWN_FRACTION},
        {"instance-drain-s", required_argument, NULL, O_DRAIN},
        {"saturation-cpu", required_argument, NULL, O_SATURATION},
        {"keep-alive-s", required_argument, NULL, O_KEEP_ALIVE},
        {"account-concurrency", required_argument, NULL, O_ACCOUNT},
        {"scale-per-10s", required_argument, NULL, O_SCALE_RATE},
        {NULL, 0, NULL, 0}};
    compare_args_t *a = calloc(1, sizeof *a);
    if (!a) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    shape_init(&a->s);
    trace_init(&a->t);
    mip_scaler_init(&a->sc);
    mip_lambda_sim_options_init(&a->lo);
    int rc = cli_parse_files(cli, argc, argv, opts, compare_option, a);
    if (rc != CLI_OK || cli->help) {
        if (rc == CLI_OK) {
            fputs(compare_help, cli->doc);
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
    mip_compare_input_init(&in);
    in.shape = a->s.w;
    if (!a->s.have_duration)
        in.shape.duration_ms = 0.0; /* from the trace */
    in.lmi = a->s.c;
    in.price = a->s.p;
    in.lambda_memory_mb = a->s.lambda_memory_mb;
    in.scaler = a->sc;
    in.lambda = a->lo;

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
