/*
 * cmd_fit.c - "mipricing fit FILE..." and "mipricing commit FILE...": the
 * cheapest LMI configuration for a trace, and the Savings Plans commitment
 * for it.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { O_SP = OPT_FIRST_COMMAND_OPTION, O_LAMBDA_SP_COMMIT };

typedef struct fit_args {
    shape_args_t s;
    trace_args_t t;
    sim_args_t m;
    search_args_t q;
    double sp, lambda_sp;
} fit_args_t;

static int fit_option(cli_t *cli, int id, const char *arg, void *data)
{
    fit_args_t *a = data;
    switch (id) {
    case O_SP:
        return cli_fraction(cli, "sp-discount", arg, 0.99, &a->sp);
    case O_LAMBDA_SP_COMMIT:
        return cli_fraction(cli, "lambda-sp-discount", arg, 0.99, &a->lambda_sp);
    }
    int rc = search_option(cli, id, arg, &a->q);
    if (rc == -1)
        rc = model_option(cli, id, arg, &a->s, &a->m, &a->t);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

static const char fit_help[] =
    "Usage: mipricing fit FILE... [OPTION]...\n"
    "Search LMI configurations for the cheapest that keep throttles within a\n"
    "budget over the trace: each (configuration, instance type) is simulated\n"
    "with the scaler and priced. Prints the ranking, default Lambda beside it,\n"
    "and the settings of the best as AWS names them.\n"
    "\n";

typedef struct text {
    const mip_region_t *region;
    const mip_fit_input_t *in;
    const mip_fit_result_t *res;
    const mip_commit_result_t *cl, *cd;
} text_t;

static void text(FILE *f, const void *ctx)
{
    const text_t *t = ctx;
    if (t->cl && t->res->n_best)
        render_commit(f, t->region, &t->res->best[0], t->cl, t->cd);
    else
        render_fit(f, t->region, t->in, t->res);
}

/* fit: the frontier; commit (cl and cd given): the commitment curves. */
static int outputs(cli_t *cli, const mip_region_t *region, const fit_args_t *a,
                   const mip_fit_input_t *in, const mip_fit_result_t *res,
                   const mip_commit_result_t *cl, const mip_commit_result_t *cd)
{
    cli_figure_t fig;
    if (cl)
        fig = (cli_figure_t){plot_commit(cl, cd), "commitment",
                             "The cost over the trace with a Savings Plan against the "
                             "hourly commitment, for LMI's EC2 compute (the management "
                             "fee is never discounted) and for default Lambda's "
                             "duration; the optimum of each marked."};
    else
        fig = (cli_figure_t){plot_frontier(in, res), "frontier",
                             "Every (configuration, instance type) simulated: its cost "
                             "over the trace against the share of requests throttled; "
                             "the one chosen, the budget and default Lambda marked."};
    const mip_fit_candidate_t *b = res->n_best ? &res->best[0] : NULL;
    cli_html_t *h =
        cli->report ? cli_html_new(cl ? "mipricing commit" : "mipricing fit") : NULL;
    if (h && b && !cl)
        cli_html_verdict(
            h,
            "The cheapest LMI configuration within %.4g%% throttles is %s at "
            "%g MB, %g GiB per vCPU, target %g%%: $%.2f a month, %s than "
            "default Lambda by $%.2f.",
            in->throttle_budget * 100.0, b->instance->type, b->config.memory_mb,
            b->config.memory_gib_per_vcpu, b->config.target_cpu * 100.0, b->month_usd,
            b->month_usd < res->lambda_month.total_usd ? "cheaper" : "dearer",
            fabs(res->lambda_month.total_usd - b->month_usd));
    else if (h && b)
        cli_html_verdict(
            h,
            "For %s at %g MB, commit $%.4g an hour to a Savings Plan at %g%% "
            "off: it covers %.1f%% of the EC2 spend and saves $%.2f over the "
            "trace (default Lambda: $%.4g an hour saves $%.2f).",
            b->instance->type, b->config.memory_mb, cl->commitment_usd_per_hour,
            cl->discount * 100.0, cl->covered_fraction * 100.0, cl->saving_usd,
            cd->commitment_usd_per_hour, cd->saving_usd);
    if (h) {
        for (size_t i = 0; i < cli->n_files; i++)
            cli_html_param(h, "Trace", "file", "%s", cli->files[i]);
        cli_html_param(h, "Search", "throttle budget", "%g%% of requests",
                       in->throttle_budget * 100.0);
        cli_html_param(h, "Search", "configurations",
                       "%zu valid, %zu simulated, %zu over "
                       "the budget",
                       res->configurations, res->simulated, res->over_budget);
        if (cl)
            cli_html_param(h, "Savings Plans", "discounts",
                           "%g%% on EC2, %g%% on Lambda "
                           "duration",
                           cl->discount * 100.0, cd->discount * 100.0);
        html_shape(h, &a->s, 1);
        html_sim(h, &a->m);
        html_catalog(h, cli, region);
    }
    text_t t = {region, in, res, cl, cd};
    return cli_outputs(cli, &fig, 1, h, text, &t);
}

static const char commit_help[] =
    "Usage: mipricing commit FILE... [OPTION]...\n"
    "Fit the trace (as 'mipricing fit'), then find the hourly Savings Plan\n"
    "commitment that minimises the bill of the best configuration: for LMI on\n"
    "its EC2 compute (never the management fee), for default Lambda on its\n"
    "duration. Reports commitment, coverage, utilization and saving.\n"
    "\n"
    "  --sp-discount D              the plan's discount on EC2 (0.32, a 1-year\n"
    "                               Compute Savings Plan; 0.65 for 3 years)\n"
    "  --lambda-sp-discount D       its discount on Lambda duration (0.12)\n";

static int run(cli_t *cli, int argc, char **argv, int commit)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        CLI_SHAPE_OPTIONS,
        CLI_TRACE_OPTIONS,
        CLI_SIM_OPTIONS,
        CLI_SEARCH_OPTIONS,
        CLI_OUTPUT_OPTIONS,
        {"sp-discount", required_argument, NULL, O_SP},
        {"lambda-sp-discount", required_argument, NULL, O_LAMBDA_SP_COMMIT},
        {NULL, 0, NULL, 0}};
    fit_args_t *a = calloc(1, sizeof *a);
    if (!a) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    shape_init(&a->s);
    trace_init(&a->t);
    sim_init(&a->m);
    search_init(&a->q);
    a->sp = 0.32;
    a->lambda_sp = 0.12;
    int rc = cli_parse_files(cli, argc, argv, opts, fit_option, a);
    if (rc != CLI_OK || cli->help) {
        if (rc == CLI_OK) {
            fputs(commit ? commit_help : fit_help, cli->doc);
            if (!commit)
                fputs(search_help, cli->doc);
            else
                fputs("Search space and budget: as 'mipricing fit --help'.\n", cli->doc);
            fputs(sim_help, cli->doc);
            fputs(shape_help, cli->doc);
            fputs(trace_help, cli->doc);
            fputs(output_help, cli->doc);
            fputs("  --region REGION, --format text|json|csv, --data-dir DIR, "
                  "--catalog FILE\n",
                  cli->doc);
            if (commit)
                fputs("\nExamples:\n"
                      "  mipricing commit month.csv --arch arm64 --sp-discount 0.32\n"
                      "  mipricing commit month.csv --search-targets 0.5:0.9:0.1 "
                      "--chart sp.svg\n",
                      cli->doc);
            else
                fputs("\nExamples:\n"
                      "  mipricing fit month.csv --arch arm64 --runtime nodejs --cpu-ms "
                      "40\n"
                      "  mipricing fit month.csv --search-memory-mb 2048,4096 "
                      "--throttle-budget 0.1% \\\n"
                      "      --format json --report fit.html\n",
                      cli->doc);
        }
        free(a);
        return rc;
    }
    const mip_region_t *region;
    mip_trace_t *trace = NULL;
    const mip_instance_t **cands = NULL;
    size_t n_cands = 0;
    mip_fit_result_t res;
    memset(&res, 0, sizeof res);
    mip_schedule_t *sched = NULL;
    mip_fit_input_t in;
    cli_fit_input(&a->q, &a->s, &a->m, commit ? 1 : (size_t)a->q.top, &in);

    if ((rc = cli_load_schedule(cli, &a->t, &sched)) != CLI_OK)
        goto out;
    in.base.scaler.schedule = sched;
    if ((rc = cli_load(cli, &region)) != CLI_OK ||
        (rc = cli_candidates(cli, a->s.patterns, a->s.w.arch, &cands, &n_cands)) !=
            CLI_OK ||
        (rc = cli_read_trace(cli, &a->t, cli->files, cli->n_files, &trace)) != CLI_OK)
        goto out;
    const mip_series_t *series = NULL;
    for (size_t i = 0; i < mip_trace_series_count(trace); i++) {
        const mip_series_t *s = mip_trace_series_at(trace, i);
        if (!a->t.function || strcmp(a->t.function, s->function) == 0) {
            if (series) {
                fputs("mipricing: the trace holds several functions: choose one with "
                      "--function\n",
                      cli->err);
                rc = CLI_EUSAGE;
                goto out;
            }
            series = s;
        }
    }
    if (!series) {
        fprintf(cli->err, "mipricing: no function named '%s' in the trace\n",
                a->t.function ? a->t.function : "");
        rc = CLI_EDATA;
        goto out;
    }
    mip_error_t e;
    int frc = mip_fit(region, cands, n_cands, series, &in, &res, &e);
    if (frc != MIP_OK) {
        rc = cli_fail(cli, &e);
        goto out;
    }
    if (!commit) {
        if (cli->format == MIP_FORMAT_TEXT) {
            render_fit(cli->doc, region, &in, &res);
        } else {
            char *doc = NULL;
            int r = mip_report_fit(region, &in, &res, cli->format, &doc, &e);
            rc = cli_emit(cli, r, doc, &e);
        }
        if (rc == CLI_OK && (cli->chart || cli->report))
            rc = outputs(cli, region, a, &in, &res, NULL, NULL);
        goto out;
    }
    /* the commitments for the best configuration */
    const mip_fit_candidate_t *best = &res.best[0];
    mip_commit_result_t cl, cd;
    if (mip_commit_config(region, series, &in.base, best, a->sp, a->lambda_sp, &cl, &cd,
                          &e) != MIP_OK) {
        rc = cli_fail(cli, &e);
        goto out;
    }
    if (cli->format == MIP_FORMAT_TEXT) {
        render_commit(cli->doc, region, best, &cl, &cd);
    } else {
        char *doc = NULL;
        int r = mip_report_commit(region, best, &cl, &cd, cli->format, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    }
    if (rc == CLI_OK && (cli->chart || cli->report))
        rc = outputs(cli, region, a, &in, &res, &cl, &cd);
out:
    mip_fit_result_free(&res);
    free(cands);
    mip_trace_free(trace);
    mip_schedule_free(sched);
    free(a);
    return rc;
}

int cmd_fit(cli_t *cli, int argc, char **argv)
{
    cli->cmd = "fit";
    return run(cli, argc, argv, 0);
}

int cmd_commit(cli_t *cli, int argc, char **argv)
{
    cli->cmd = "commit";
    return run(cli, argc, argv, 1);
}
