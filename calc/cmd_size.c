/*
 * cmd_size.c - "mipricing size": size a steady workload on LMI and price it.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { O_RPS = OPT_FIRST_COMMAND_OPTION, O_REQUESTS };

typedef struct size_args {
    shape_args_t s;
    int have_rate;
    double requests;
} size_args_t;

static int size_option(cli_t *cli, int id, const char *arg, void *data)
{
    size_args_t *a = data;
    switch (id) {
    case O_RPS:
        if (a->have_rate == 2)
            return cli_usage(cli, "give --rps or --requests, not both");
        a->have_rate = 1;
        return cli_number(cli, "rps", arg, 0.0, HUGE_VAL, &a->s.w.rps);
    case O_REQUESTS:
        if (a->have_rate == 1)
            return cli_usage(cli, "give --rps or --requests, not both");
        a->have_rate = 2;
        return cli_number(cli, "requests", arg, 0.0, HUGE_VAL, &a->requests);
    }
    int rc = shape_option(cli, id, arg, &a->s);
    return rc == -1 ? cli_usage(cli, "unexpected option") : rc;
}

int cmd_size(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        CLI_SHAPE_OPTIONS,
        {"rps", required_argument, NULL, O_RPS},
        {"requests", required_argument, NULL, O_REQUESTS},
        {NULL, 0, NULL, 0}};
    size_args_t a;
    memset(&a, 0, sizeof a);
    shape_init(&a.s);
    int rc = cli_parse(cli, argc, argv, opts, size_option, &a);
    if (rc != CLI_OK)
        return rc;
    if (cli->help) {
        fputs("Usage: mipricing size (--rps R | --requests N) --duration-ms MS "
              "[OPTION]...\n"
              "Size a steady workload on Lambda Managed Instances: environments,\n"
              "instances of the cheapest eligible type, and the monthly bill, beside\n"
              "default Lambda for the same traffic.\n"
              "\n"
              "  --rps R                      requests per second\n"
              "  --requests N                 or requests per month (--hours long)\n",
              cli->doc);
        fputs(shape_help, cli->doc);
        fputs("  --region REGION, --format text|json|csv, --data-dir DIR, "
              "--catalog FILE\n",
              cli->doc);
        fputs(
            "\nExamples:\n"
            "  mipricing size --rps 100 --duration-ms 200 --cpu-ms 40 --arch arm64\n"
            "  mipricing size --requests 250000000 --duration-ms 80 --runtime python \\\n"
            "      --memory-mb 4096 --target-cpu 70% --instance-types 'm7i.*'\n",
            cli->doc);
        return CLI_OK;
    }
    if ((rc = cli_require(cli, a.have_rate, "--rps or --requests")) != CLI_OK ||
        (rc = cli_require(cli, a.s.have_duration, "--duration-ms")) != CLI_OK)
        return rc;
    if (a.have_rate == 2)
        a.s.w.rps = a.requests / (a.s.p.hours_per_month * 3600.0);
    const mip_region_t *region;
    if ((rc = cli_load(cli, &region)) != CLI_OK)
        return rc;
    const mip_instance_t **cands = NULL;
    size_t n = 0;
    if ((rc = cli_candidates(cli, a.s.patterns, a.s.w.arch, &cands, &n)) != CLI_OK)
        return rc;
    mip_lmi_plan_t plan;
    mip_error_t e;
    rc = mip_plan_lmi(region, cands, n, &a.s.w, &a.s.c, &a.s.p, &plan, &e);
    free(cands);
    if (rc != MIP_OK)
        return cli_fail(cli, &e);

    /* Default Lambda beside it, when it can run the function at all. */
    double lmem = a.s.lambda_memory_mb > 0.0 ? a.s.lambda_memory_mb : a.s.c.memory_mb;
    mip_bill_t lambda_bill;
    const mip_bill_t *lb = NULL;
    if (mip_plan_lambda(region, &a.s.w, lmem, &a.s.p, &lambda_bill, &e) == MIP_OK)
        lb = &lambda_bill;
    else if (a.s.lambda_memory_mb > 0.0)
        return cli_fail(cli, &e);

    if (cli->format == MIP_FORMAT_TEXT) {
        render_plan(cli->doc, region, &a.s.w, &a.s.c, &a.s.p, &plan, lb, lmem);
        return CLI_OK;
    }
    char *doc = NULL;
    rc = mip_report_plan(region, &a.s.w, &a.s.c, &a.s.p, &plan, lb, lmem, cli->format,
                         &doc, &e);
    return cli_emit(cli, rc, doc, &e);
}
