/*
 * cmd_prices.c - "mipricing prices": what the price catalogue holds.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char prices_help[] =
    "Usage: mipricing prices [regions|instances|lambda] [OPTION]...\n"
    "  or:  mipricing prices import FILE... [--region REGION]... [--output FILE]\n"
    "Show the price catalogue, or build one from AWS price files.\n"
    "\n"
    "  regions                      the regions, and whether LMI is offered (default)\n"
    "  instances                    EC2 instance types of --region with their on-demand\n"
    "                               price, vCPUs, memory and LMI eligibility\n"
    "      --pattern PATTERNS       wildcards, comma-separated: 'c7g.*,*.xlarge'\n"
    "      --arch ARCH              x86_64 or arm64\n"
    "      --lmi-only               only the types LMI can use\n"
    "  lambda                       default-Lambda and LMI rates of --region\n"
    "  import FILE...               write a catalogue (JSON) from AWS Price List bulk\n"
    "                               offer files in CSV (AmazonEC2 and AWSLambda):\n"
    "                               on-demand Linux shared-tenancy prices of the\n"
    "                               LMI-eligible types, Lambda rates by tier and arch\n"
    "      --region REGION          keep this region (repeat for more; default: every\n"
    "                               region with both EC2 and Lambda prices)\n"
    "      --output FILE            write there (atomically) instead of to stdout\n"
    "\n"
    "  --region REGION              default us-east-1\n"
    "  --format text|json|csv       default text\n"
    "  --data-dir DIR, --catalog FILE   where the price catalogue is\n"
    "\n"
    "Examples:\n"
    "  mipricing prices instances --pattern 'c7g.*,m7g.*' --lmi-only\n"
    "  mipricing prices lambda --region eu-west-1\n"
    "  mipricing prices import AmazonEC2.csv AWSLambda.csv --region us-east-1 \\\n"
    "      --output aws.json\n";

enum {
    O_PATTERN = OPT_FIRST_COMMAND_OPTION,
    O_ARCH,
    O_LMI_ONLY,
    O_IMPORT_REGION,
    O_OUTPUT
};

static int prices_option(cli_t *cli, int id, const char *arg, void *data)
{
    mip_instance_filter_t *f = data;
    switch (id) {
    case O_PATTERN:
        f->pattern = arg;
        return CLI_OK;
    case O_ARCH: {
        mip_arch_t a;
        int rc = cli_arch(cli, arg, &a);
        f->arch = (int)a;
        return rc;
    }
    case O_LMI_ONLY:
        f->lmi_only = 1;
        return CLI_OK;
    }
    return cli_usage(cli, "unexpected option");
}

static int show_instances(cli_t *cli, const mip_instance_filter_t *f)
{
    mip_error_t e;
    long total = mip_catalog_instances(cli->cat, cli->region, f, NULL, 0, &e);
    if (total < 0)
        return cli_fail(cli, &e);
    const mip_instance_t **list = calloc(total > 0 ? (size_t)total : 1, sizeof *list);
    if (!list) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    size_t n =
        (size_t)mip_catalog_instances(cli->cat, cli->region, f, list, (size_t)total, &e);
    int rc = CLI_OK;
    if (cli->format == MIP_FORMAT_TEXT) {
        render_instances(cli->doc, list, n);
    } else {
        char *doc = NULL;
        int r = mip_report_instances(list, n, cli->format, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    }
    free(list);
    return rc;
}

/* "prices import": --region may be repeated, so it is the command's own. */
typedef struct import_args {
    const char **regions;
    size_t n_regions;
    const char *output;
} import_args_t;

static int import_option(cli_t *cli, int id, const char *arg, void *data)
{
    import_args_t *a = data;
    switch (id) {
    case O_IMPORT_REGION: {
        const char **r = realloc(a->regions, (a->n_regions + 1) * sizeof *r);
        if (!r) {
            fputs("mipricing: out of memory\n", cli->err);
            return CLI_EDATA;
        }
        a->regions = r;
        a->regions[a->n_regions++] = arg;
        return CLI_OK;
    }
    case O_OUTPUT:
        a->output = arg;
        return CLI_OK;
    }
    return cli_usage(cli, "unexpected option");
}

static int cmd_import(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"region", required_argument, NULL, O_IMPORT_REGION},
        {"output", required_argument, NULL, O_OUTPUT},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    cli->cmd = "prices import";
    import_args_t a = {NULL, 0, NULL};
    int rc = cli_parse_files(cli, argc, argv, opts, import_option, &a);
    if (rc == CLI_OK && cli->help) {
        fputs(prices_help, cli->doc);
    } else if (rc == CLI_OK && cli->n_files == 0) {
        rc = cli_usage(cli, "no offer file given");
    } else if (rc == CLI_OK) {
        char *doc = NULL;
        mip_error_t e;
        int r = mip_catalog_import((const char *const *)cli->files, cli->n_files,
                                   a.regions, a.n_regions, &doc, &e);
        if (r != MIP_OK)
            rc = cli_fail(cli, &e);
        else if (a.output && mip_write_file(a.output, doc, &e) != MIP_OK)
            rc = cli_fail(cli, &e);
        else if (!a.output)
            fputs(doc, cli->doc);
        mip_free(doc);
    }
    free(a.regions);
    return rc;
}

int cmd_prices(cli_t *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"pattern", required_argument, NULL, O_PATTERN},
                                         {"arch", required_argument, NULL, O_ARCH},
                                         {"lmi-only", no_argument, NULL, O_LMI_ONLY},
                                         {NULL, 0, NULL, 0}};
    const char *what = "regions";
    if (argc >= 2 && argv[1][0] != '-') {
        what = argv[1];
        argc--;
        argv++;
    }
    if (strcmp(what, "import") == 0)
        return cmd_import(cli, argc, argv);
    if (strcmp(what, "regions") == 0)
        cli->cmd = "prices regions";
    else if (strcmp(what, "instances") == 0)
        cli->cmd = "prices instances";
    else if (strcmp(what, "lambda") == 0)
        cli->cmd = "prices lambda";
    else {
        cli->cmd = "prices";
        return cli_usage(
            cli, "unknown listing '%s' (regions, instances, lambda or import)", what);
    }
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    int rc = cli_parse(cli, argc, argv, opts, prices_option, &f);
    if (rc != CLI_OK)
        return rc;
    if (cli->help) {
        fputs(prices_help, cli->doc);
        return CLI_OK;
    }
    if (strcmp(what, "regions") == 0) {
        if ((rc = cli_load(cli, NULL)) != CLI_OK)
            return rc;
        if (cli->format == MIP_FORMAT_TEXT) {
            render_regions(cli->doc, cli->cat);
            return CLI_OK;
        }
        char *doc = NULL;
        mip_error_t e;
        rc = mip_report_regions(cli->cat, cli->format, &doc, &e);
        return cli_emit(cli, rc, doc, &e);
    }
    const mip_region_t *region;
    if ((rc = cli_load(cli, &region)) != CLI_OK)
        return rc;
    if (strcmp(what, "instances") == 0)
        return show_instances(cli, &f);
    if (cli->format == MIP_FORMAT_TEXT) {
        render_lambda_rates(cli->doc, region);
        return CLI_OK;
    }
    char *doc = NULL;
    mip_error_t e;
    rc = mip_report_lambda_rates(region, cli->format, &doc, &e);
    return cli_emit(cli, rc, doc, &e);
}
