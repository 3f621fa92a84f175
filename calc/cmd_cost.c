/*
 * cmd_cost.c - "mipricing cost lambda" and "mipricing cost lmi".
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char lambda_help[] =
    "Usage: mipricing cost lambda --duration-ms MS --requests N [OPTION]...\n"
    "Price a month of one function on default Lambda.\n"
    "\n"
    "  --arch ARCH                  x86_64 (default) or arm64\n"
    "  --memory-mb MB               memory, 128 to 10240 (default 128)\n"
    "  --duration-ms MS             mean duration; billed rounded up to 1 ms\n"
    "  --requests N                 requests in the month (all of them)\n"
    "  --ephemeral-mb MB            ephemeral storage, 512 to 10240 (default 512)\n"
    "  --free-tier                  apply the monthly free tier (1M requests,\n"
    "                               400,000 GB-s): accounts share it\n"
    "  --savings-plan-discount D    Compute Savings Plan discount on duration and\n"
    "                               provisioned concurrency: 0.17 or 17%\n"
    "  --pc-count N                 provisioned concurrency configured\n"
    "  --pc-hours H                 hours it was configured (billed in 5 minutes)\n"
    "  --pc-requests N              the part of --requests served by it\n"
    "  --pc-duration-ms MS          their mean duration (default --duration-ms)\n"
    "  --region REGION              default us-east-1\n"
    "  --format text|json|csv       default text\n"
    "  --data-dir DIR, --catalog FILE   where the price catalogue is\n"
    "\n"
    "Examples:\n"
    "  mipricing cost lambda --memory-mb 1536 --duration-ms 120 --requests 3000000 \\\n"
    "      --free-tier                                   # AWS's example: $2.73\n"
    "  mipricing cost lambda --arch arm64 --memory-mb 2048 --duration-ms 200 \\\n"
    "      --requests 100000000 --savings-plan-discount 17% --format json\n";

static const char lmi_help[] =
    "Usage: mipricing cost lmi --instance-type TYPE --instance-hours H\n"
    "                          [--instance-type TYPE --instance-hours H]... [OPTION]...\n"
    "Price a month of Lambda Managed Instances: EC2 instance-hours at the on-demand\n"
    "price less any discount, the management fee (15% of the on-demand price, never\n"
    "discounted) and requests.\n"
    "\n"
    "  --instance-type TYPE         an instance type; repeat for a mix, each followed\n"
    "                               by its --instance-hours\n"
    "  --instance-hours H           instance-hours of the type before it\n"
    "  --requests N                 requests in the month (default 0)\n"
    "  --discount D                 Savings Plan / Reserved Instance discount on the\n"
    "                               EC2 price: 0.72 or 72% (default 0)\n"
    "  --spot                       ask for Spot (refused: LMI does not run on Spot)\n"
    "  --region REGION              default us-east-1\n"
    "  --format text|json|csv       default text\n"
    "  --data-dir DIR, --catalog FILE   where the price catalogue is\n"
    "\n"
    "Examples:\n"
    "  mipricing cost lmi --instance-type m7g.xlarge --instance-hours 2000 \\\n"
    "      --requests 100000000 --discount 72%           # AWS's example\n"
    "  mipricing cost lmi --instance-type c7g.xlarge --instance-hours 2190 \\\n"
    "      --instance-type m7g.2xlarge --instance-hours 730 --format csv\n";

enum {
    O_ARCH = OPT_FIRST_COMMAND_OPTION,
    O_MEMORY,
    O_DURATION,
    O_REQUESTS,
    O_EPHEMERAL,
    O_FREE_TIER,
    O_SP,
    O_PC_COUNT,
    O_PC_HOURS,
    O_PC_REQUESTS,
    O_PC_DURATION,
    O_TYPE,
    O_HOURS,
    O_DISCOUNT,
    O_SPOT
};

typedef struct lambda_args {
    mip_lambda_workload_t w;
    mip_lambda_options_t o;
    int have_duration, have_requests;
} lambda_args_t;

static int lambda_option(cli_t *cli, int id, const char *arg, void *data)
{
    lambda_args_t *a = data;
    switch (id) {
    case O_ARCH:
        return cli_arch(cli, arg, &a->w.arch);
    case O_MEMORY:
        return cli_number(cli, "memory-mb", arg, 0.0, HUGE_VAL, &a->w.memory_mb);
    case O_DURATION:
        a->have_duration = 1;
        return cli_number(cli, "duration-ms", arg, 0.0, HUGE_VAL, &a->w.duration_ms);
    case O_REQUESTS:
        a->have_requests = 1;
        return cli_number(cli, "requests", arg, 0.0, HUGE_VAL, &a->w.requests);
    case O_EPHEMERAL:
        return cli_number(cli, "ephemeral-mb", arg, 0.0, HUGE_VAL, &a->w.ephemeral_mb);
    case O_FREE_TIER:
        a->o.free_tier = 1;
        return CLI_OK;
    case O_SP:
        return cli_fraction(cli, "savings-plan-discount", arg, 1.0,
                            &a->o.savings_plan_discount);
    case O_PC_COUNT:
        return cli_number(cli, "pc-count", arg, 0.0, HUGE_VAL, &a->w.pc_count);
    case O_PC_HOURS:
        return cli_number(cli, "pc-hours", arg, 0.0, HUGE_VAL, &a->w.pc_hours);
    case O_PC_REQUESTS:
        return cli_number(cli, "pc-requests", arg, 0.0, HUGE_VAL, &a->w.pc_requests);
    case O_PC_DURATION:
        return cli_number(cli, "pc-duration-ms", arg, 0.0, HUGE_VAL,
                          &a->w.pc_duration_ms);
    }
    return cli_usage(cli, "unexpected option");
}

static int cost_lambda(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"arch", required_argument, NULL, O_ARCH},
        {"memory-mb", required_argument, NULL, O_MEMORY},
        {"duration-ms", required_argument, NULL, O_DURATION},
        {"requests", required_argument, NULL, O_REQUESTS},
        {"ephemeral-mb", required_argument, NULL, O_EPHEMERAL},
        {"free-tier", no_argument, NULL, O_FREE_TIER},
        {"savings-plan-discount", required_argument, NULL, O_SP},
        {"pc-count", required_argument, NULL, O_PC_COUNT},
        {"pc-hours", required_argument, NULL, O_PC_HOURS},
        {"pc-requests", required_argument, NULL, O_PC_REQUESTS},
        {"pc-duration-ms", required_argument, NULL, O_PC_DURATION},
        {NULL, 0, NULL, 0}};
    lambda_args_t a;
    memset(&a, 0, sizeof a);
    mip_lambda_workload_init(&a.w);
    mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
    a.o = o;
    int rc = cli_parse(cli, argc, argv, opts, lambda_option, &a);
    if (rc != CLI_OK)
        return rc;
    if (cli->help) {
        fputs(lambda_help, cli->doc);
        return CLI_OK;
    }
    if ((rc = cli_require(cli, a.have_duration, "--duration-ms")) != CLI_OK ||
        (rc = cli_require(cli, a.have_requests, "--requests")) != CLI_OK)
        return rc;
    const mip_region_t *region;
    if ((rc = cli_load(cli, &region)) != CLI_OK)
        return rc;
    mip_bill_t bill;
    mip_error_t e;
    if (mip_lambda_cost(region, &a.w, 1, &a.o, &bill, &e) != MIP_OK)
        return cli_fail(cli, &e);
    if (cli->format == MIP_FORMAT_TEXT) {
        render_lambda_cost(cli->doc, region, &a.w, &a.o, &bill);
        return CLI_OK;
    }
    char *doc = NULL;
    rc = mip_report_lambda_cost(region, &a.w, 1, &a.o, &bill, cli->format, &doc, &e);
    return cli_emit(cli, rc, doc, &e);
}

#define MAX_USAGE 64

typedef struct lmi_args {
    mip_lmi_usage_t u[MAX_USAGE];
    int hours_given[MAX_USAGE];
    size_t n;
    double requests;
    double discount;
    int spot;
} lmi_args_t;

static int lmi_option(cli_t *cli, int id, const char *arg, void *data)
{
    lmi_args_t *a = data;
    switch (id) {
    case O_TYPE:
        if (a->n == MAX_USAGE)
            return cli_usage(cli, "at most %d instance types in one bill", MAX_USAGE);
        a->u[a->n].instance_type = arg;
        a->hours_given[a->n] = 0;
        a->n++;
        return CLI_OK;
    case O_HOURS:
        if (a->n == 0)
            return cli_usage(cli, "--instance-hours must follow an --instance-type");
        if (a->hours_given[a->n - 1])
            return cli_usage(cli, "--instance-hours given twice for %s",
                             a->u[a->n - 1].instance_type);
        a->hours_given[a->n - 1] = 1;
        return cli_number(cli, "instance-hours", arg, 0.0, HUGE_VAL,
                          &a->u[a->n - 1].instance_hours);
    case O_REQUESTS:
        return cli_number(cli, "requests", arg, 0.0, HUGE_VAL, &a->requests);
    case O_DISCOUNT:
        return cli_fraction(cli, "discount", arg, 1.0, &a->discount);
    case O_SPOT:
        a->spot = 1;
        return CLI_OK;
    }
    return cli_usage(cli, "unexpected option");
}

static int cost_lmi(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"instance-type", required_argument, NULL, O_TYPE},
        {"instance-hours", required_argument, NULL, O_HOURS},
        {"requests", required_argument, NULL, O_REQUESTS},
        {"discount", required_argument, NULL, O_DISCOUNT},
        {"spot", no_argument, NULL, O_SPOT},
        {NULL, 0, NULL, 0}};
    lmi_args_t *a = calloc(1, sizeof *a);
    if (!a) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    int rc = cli_parse(cli, argc, argv, opts, lmi_option, a);
    if (rc != CLI_OK || cli->help) {
        if (rc == CLI_OK)
            fputs(lmi_help, cli->doc);
        free(a);
        return rc;
    }
    if (a->n == 0) {
        free(a);
        return cli_usage(cli, "--instance-type is required");
    }
    for (size_t i = 0; i < a->n; i++)
        if (!a->hours_given[i]) {
            rc = cli_usage(cli, "--instance-hours is required for %s",
                           a->u[i].instance_type);
            free(a);
            return rc;
        }
    const mip_region_t *region;
    if ((rc = cli_load(cli, &region)) != CLI_OK) {
        free(a);
        return rc;
    }
    mip_error_t e;
    for (size_t i = 0; i < a->n; i++) {
        const mip_instance_t *inst;
        if (mip_catalog_instance(cli->cat, cli->region, a->u[i].instance_type, &inst,
                                 &e) != MIP_OK) {
            free(a);
            return cli_fail(cli, &e);
        }
        a->u[i].ondemand_usd_per_hour = inst->ondemand_usd_per_hour;
        a->u[i].discount = a->discount;
        a->u[i].market = a->spot ? MIP_MARKET_SPOT : MIP_MARKET_ON_DEMAND;
    }
    mip_bill_t bill;
    if (mip_lmi_cost(region, a->u, a->n, a->requests, &bill, &e) != MIP_OK) {
        free(a);
        return cli_fail(cli, &e);
    }
    if (cli->format == MIP_FORMAT_TEXT) {
        render_lmi_cost(cli->doc, region, a->requests, &bill);
        free(a);
        return CLI_OK;
    }
    char *doc = NULL;
    rc = mip_report_lmi_cost(region, a->u, a->n, a->requests, &bill, cli->format, &doc,
                             &e);
    free(a);
    return cli_emit(cli, rc, doc, &e);
}

int cmd_cost(cli_t *cli, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        cli->cmd = "cost";
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            fputs("Usage: mipricing cost lambda|lmi [OPTION]...\n"
                  "See 'mipricing cost lambda --help' and 'mipricing cost lmi --help'.\n",
                  cli->doc);
            return CLI_OK;
        }
        return cli_usage(cli, "say which model: 'cost lambda' or 'cost lmi'");
    }
    if (strcmp(argv[1], "lambda") == 0) {
        cli->cmd = "cost lambda";
        return cost_lambda(cli, argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "lmi") == 0) {
        cli->cmd = "cost lmi";
        return cost_lmi(cli, argc - 1, argv + 1);
    }
    cli->cmd = "cost";
    return cli_usage(cli, "unknown model '%s' (lambda or lmi)", argv[1]);
}
