/*
 * cmd_fit.c - "mipricing fit FILE..." and "mipricing commit FILE...": the
 * cheapest LMI configuration for a trace, and the Savings Plans commitment
 * for it.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64

enum {
    O_MEMORIES = OPT_FIRST_COMMAND_OPTION,
    O_RATIOS,
    O_TARGETS,
    O_CONCS,
    O_MINS,
    O_BUDGET,
    O_TOP,
    O_EXHAUSTIVE,
    O_NO_EXHAUSTIVE,
    O_SP,
    O_LAMBDA_SP_COMMIT
};

typedef struct fit_args {
    shape_args_t s;
    trace_args_t t;
    sim_args_t m;
    double mem[MAX_LIST], ratio[MAX_LIST], target[MAX_LIST];
    long conc[MAX_LIST], mins[MAX_LIST];
    size_t n_mem, n_ratio, n_target, n_conc, n_mins;
    double budget;
    long top;
    int exhaustive;
    double sp, lambda_sp;
} fit_args_t;

/* A list of numbers: "2048,4096" or a range "0.1:1:0.1". */
static int numbers(cli_t *cli, const char *opt, const char *arg, double *out, size_t *n)
{
    char buf[512];
    if (strlen(arg) >= sizeof buf)
        return cli_usage(cli, "--%s: the list is too long", opt);
    strcpy(buf, arg);
    *n = 0;
    if (strchr(buf, ':')) {
        char *a = buf, *b = strchr(a, ':'), *c;
        *b++ = '\0';
        c = strchr(b, ':');
        if (!c)
            return cli_usage(cli, "--%s: a range is FROM:TO:STEP, not '%s'", opt, arg);
        *c++ = '\0';
        double from, to, step;
        int rc;
        if ((rc = cli_number(cli, opt, a, 0.0, HUGE_VAL, &from)) != CLI_OK ||
            (rc = cli_number(cli, opt, b, 0.0, HUGE_VAL, &to)) != CLI_OK ||
            (rc = cli_number(cli, opt, c, 1e-9, HUGE_VAL, &step)) != CLI_OK)
            return rc;
        for (double k = 0.0;; k++) {
            double v = from + k * step;
            if (v > to * (1.0 + 1e-12) + 1e-12)
                break;
            if (*n == MAX_LIST)
                return cli_usage(cli, "--%s: at most %d values", opt, MAX_LIST);
            out[(*n)++] = floor(v * 1e9 + 0.5) / 1e9;
        }
        if (*n == 0)
            return cli_usage(cli, "--%s: the range '%s' is empty", opt, arg);
        return CLI_OK;
    }
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (*n == MAX_LIST)
            return cli_usage(cli, "--%s: at most %d values", opt, MAX_LIST);
        int rc = cli_number(cli, opt, tok, 0.0, HUGE_VAL, &out[*n]);
        if (rc != CLI_OK)
            return rc;
        (*n)++;
    }
    if (*n == 0)
        return cli_usage(cli, "--%s: an empty list", opt);
    return CLI_OK;
}

static int whole(cli_t *cli, const char *opt, const char *arg, long *out, size_t *n)
{
    double v[MAX_LIST];
    int rc = numbers(cli, opt, arg, v, n);
    for (size_t i = 0; rc == CLI_OK && i < *n; i++) {
        if (v[i] != floor(v[i]))
            return cli_usage(cli, "--%s: %g is not a whole number", opt, v[i]);
        out[i] = (long)v[i];
    }
    return rc;
}

static int fit_option(cli_t *cli, int id, const char *arg, void *data)
{
    fit_args_t *a = data;
    switch (id) {
    case O_MEMORIES:
        return numbers(cli, "search-memory-mb", arg, a->mem, &a->n_mem);
    case O_RATIOS:
        return numbers(cli, "search-ratios", arg, a->ratio, &a->n_ratio);
    case O_TARGETS:
        return numbers(cli, "search-targets", arg, a->target, &a->n_target);
    case O_CONCS:
        return whole(cli, "search-concurrency", arg, a->conc, &a->n_conc);
    case O_MINS:
        return whole(cli, "search-min-envs", arg, a->mins, &a->n_mins);
    case O_BUDGET:
        return cli_fraction(cli, "throttle-budget", arg, 1.0, &a->budget);
    case O_TOP:
        return cli_integer(cli, "top", arg, 1, 1000, &a->top);
    case O_EXHAUSTIVE:
        a->exhaustive = 1;
        return CLI_OK;
    case O_NO_EXHAUSTIVE:
        a->exhaustive = 0;
        return CLI_OK;
    case O_SP:
        return cli_fraction(cli, "sp-discount", arg, 0.99, &a->sp);
    case O_LAMBDA_SP_COMMIT:
        return cli_fraction(cli, "lambda-sp-discount", arg, 0.99, &a->lambda_sp);
    }
    int rc = model_option(cli, id, arg, &a->s, &a->m, &a->t);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

static const char fit_help[] =
    "Usage: mipricing fit FILE... [OPTION]...\n"
    "Search LMI configurations for the cheapest that keep throttles within a\n"
    "budget over the trace: each (configuration, instance type) is simulated\n"
    "with the scaler and priced. Prints the ranking, default Lambda beside it,\n"
    "and the settings of the best as AWS names them.\n"
    "\n"
    "Search space (lists like 2048,4096 or ranges FROM:TO:STEP):\n"
    "  --search-memory-mb LIST      environment memory (2048,4096,8192)\n"
    "  --search-ratios LIST         GiB per vCPU (2,4,8)\n"
    "  --search-targets LIST        target CPU utilization (0.1:1:0.1)\n"
    "  --search-concurrency LIST    per environment; 0 = the runtime's (0)\n"
    "  --search-min-envs LIST       minimum environments (3)\n"
    "  --throttle-budget F          most requests throttled: 0.0001 or 0.01% (0.01%)\n"
    "  --top N                      configurations shown (10)\n"
    "  --exhaustive                 every allowed type for every configuration\n"
    "  --no-exhaustive              only the type cheapest per environment, pruned\n"
    "                               by a steady-state bound (the default beyond\n"
    "                               20000 simulations)\n";

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

static const double default_mem[] = {2048.0, 4096.0, 8192.0};
static const double default_ratio[] = {2.0, 4.0, 8.0};

static int run(cli_t *cli, int argc, char **argv, int commit)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        CLI_SHAPE_OPTIONS,
        CLI_TRACE_OPTIONS,
        CLI_SIM_OPTIONS,
        {"search-memory-mb", required_argument, NULL, O_MEMORIES},
        {"search-ratios", required_argument, NULL, O_RATIOS},
        {"search-targets", required_argument, NULL, O_TARGETS},
        {"search-concurrency", required_argument, NULL, O_CONCS},
        {"search-min-envs", required_argument, NULL, O_MINS},
        {"throttle-budget", required_argument, NULL, O_BUDGET},
        {"top", required_argument, NULL, O_TOP},
        {"exhaustive", no_argument, NULL, O_EXHAUSTIVE},
        {"no-exhaustive", no_argument, NULL, O_NO_EXHAUSTIVE},
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
    a->budget = 1e-4;
    a->top = 10;
    a->exhaustive = -1;
    a->sp = 0.32;
    a->lambda_sp = 0.12;
    int rc = cli_parse_files(cli, argc, argv, opts, fit_option, a);
    if (rc != CLI_OK || cli->help) {
        if (rc == CLI_OK) {
            fputs(commit ? commit_help : fit_help, cli->doc);
            if (commit)
                fputs("Search space and budget: as 'mipricing fit --help'.\n", cli->doc);
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
    size_t n_cands = 0;
    mip_fit_result_t res;
    memset(&res, 0, sizeof res);
    mip_schedule_t *sched = NULL;
    mip_fit_input_t in;
    mip_fit_input_init(&in);
    cli_compare_input(&a->s, &a->m, &in.base);
    in.throttle_budget = a->budget;
    in.top = commit ? 1 : (size_t)a->top;
    in.exhaustive = a->exhaustive;
    /* a plain --memory-mb (--memory-gib-per-vcpu, --target-cpu, ...) fixes
     * that dimension; a --search-* list searches it; else the defaults */
    if (!a->n_mem && a->s.memory_given) {
        a->mem[0] = a->s.c.memory_mb;
        a->n_mem = 1;
    }
    if (!a->n_ratio && a->s.ratio_given) {
        a->ratio[0] = a->s.c.memory_gib_per_vcpu;
        a->n_ratio = 1;
    }
    if (!a->n_target && a->s.target_given) {
        a->target[0] = a->s.c.target_cpu;
        a->n_target = 1;
    }
    in.space.memory_mb = a->n_mem ? a->mem : default_mem;
    in.space.n_memory = a->n_mem ? a->n_mem : 3;
    in.space.memory_gib_per_vcpu = a->n_ratio ? a->ratio : default_ratio;
    in.space.n_ratios = a->n_ratio ? a->n_ratio : 3;
    double tdef[10];
    for (int i = 0; i < 10; i++)
        tdef[i] = 0.1 * (i + 1);
    in.space.target_cpu = a->n_target ? a->target : tdef;
    in.space.n_targets = a->n_target ? a->n_target : 10;
    in.space.concurrency = a->conc;
    in.space.n_concurrency = a->n_conc;
    in.space.min_envs = a->mins;
    in.space.n_min_envs = a->n_mins;
    /* default Lambda runs at --lambda-memory-mb, else at --memory-mb */
    if (in.base.lambda_memory_mb <= 0.0 && a->s.c.memory_mb > 0.0)
        in.base.lambda_memory_mb = a->s.c.memory_mb;

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
