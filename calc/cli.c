/*
 * cli.c - the calculator's entry point, option parsing and messages.
 */
#include "cli.h"

#include "chart.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <strings.h>

static const char usage_text[] =
    "Usage: mipricing COMMAND [OPTION]...\n"
    "Cost and capacity planning of AWS Lambda Managed Instances (LMI) against\n"
    "default Lambda.\n"
    "\n"
    "Commands:\n"
    "  cost lambda    price a month of default Lambda (requests, duration tiers,\n"
    "                 free tier, ephemeral storage, provisioned concurrency)\n"
    "  cost lmi       price a month of LMI (EC2 instance-hours, the 15% management\n"
    "                 fee on the on-demand price, requests)\n"
    "  size           size a steady workload on LMI and price it\n"
    "  breakeven      the request rate where LMI and default Lambda cost the same\n"
    "  prices         the price catalogue: regions, instances, lambda rates\n"
    "  trace summary  what a traffic trace holds: rates, concurrency, growth\n"
    "  compare        replay a trace against default Lambda and LMI and price both\n"
    "  fit            the cheapest LMI configuration for a trace, within a throttle\n"
    "                 budget, and its settings as AWS names them\n"
    "  commit         the Savings Plans commitment for the fitted configuration\n"
    "  retro          a billing export (CUR, FOCUS): cost by service, Lambda per\n"
    "                 function as billed and as the catalogue prices it\n"
    "  merge          combine partial aggregates of 'retro --partial'\n"
    "\n"
    "Every command takes --help, --format text|json|csv, --region REGION,\n"
    "--data-dir DIR and --catalog FILE.\n"
    "  -h, --help     show this help ('mipricing help COMMAND': a command's)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit status: 0 success, 1 bad data or an impossible configuration,\n"
    "2 bad usage. See mipricing(1).\n";

int cli_usage(cli_t *cli, const char *fmt, ...)
{
    va_list ap;
    fputs("mipricing: ", cli->err);
    if (cli->cmd)
        fprintf(cli->err, "%s: ", cli->cmd);
    va_start(ap, fmt);
    vfprintf(cli->err, fmt, ap);
    va_end(ap);
    fprintf(cli->err, "\nTry 'mipricing %s%s--help' for more information.\n",
            cli->cmd ? cli->cmd : "", cli->cmd ? " " : "");
    return CLI_EUSAGE;
}

int cli_fail(cli_t *cli, const mip_error_t *e)
{
    fputs("mipricing: ", cli->err);
    if (e->source[0]) {
        fputs(e->source, cli->err);
        if (e->line > 0)
            fprintf(cli->err, ":%ld", e->line);
        if (e->line > 0 && e->column > 0)
            fprintf(cli->err, ":%ld", e->column);
        fputs(": ", cli->err);
    }
    /* The library numbers the items of a list ("workload 0: ..."); the
     * calculator prices one item at a time, so the number says nothing. */
    const char *text = e->text[0] ? e->text : mip_strerror(e->code);
    const char *prefixes[] = {"workload ", "usage "};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(text, prefixes[i], n) == 0 && text[n] >= '0' && text[n] <= '9') {
            const char *p = text + n;
            while (*p >= '0' && *p <= '9')
                p++;
            if (p[0] == ':' && p[1] == ' ')
                text = p + 2;
        }
    }
    fprintf(cli->err, "%s\n", text);
    return e->code == MIP_EINVAL ? CLI_EUSAGE : CLI_EDATA;
}

int cli_require(cli_t *cli, int given, const char *option)
{
    return given ? CLI_OK : cli_usage(cli, "%s is required", option);
}

int cli_number(cli_t *cli, const char *opt, const char *arg, double lo, double hi,
               double *out)
{
    mip_error_t e;
    mip_error_clear(&e);
    int rc = mip_parse_double(arg, out, &e);
    if (rc == MIP_ERANGE)
        return cli_usage(cli, "--%s: %s", opt, e.text);
    if (rc != MIP_OK)
        return cli_usage(cli, "--%s: '%s' is not a number", opt, arg);
    if (*out < lo || *out > hi) {
        if (hi >= 1e300)
            return cli_usage(cli, "--%s: %s must be %g or more", opt, arg, lo);
        return cli_usage(cli, "--%s: %s must be between %g and %g", opt, arg, lo, hi);
    }
    return CLI_OK;
}

int cli_integer(cli_t *cli, const char *opt, const char *arg, long lo, long hi, long *out)
{
    double v;
    int rc = cli_number(cli, opt, arg, (double)lo, (double)hi, &v);
    if (rc != CLI_OK)
        return rc;
    if (v != (double)(long)v)
        return cli_usage(cli, "--%s: '%s' is not a whole number", opt, arg);
    *out = (long)v;
    return CLI_OK;
}

int cli_fraction(cli_t *cli, const char *opt, const char *arg, double hi, double *out)
{
    size_t n = strlen(arg);
    if (n > 1 && arg[n - 1] == '%') {
        char buf[64];
        if (n >= sizeof buf)
            return cli_usage(cli, "--%s: '%s' is not a fraction", opt, arg);
        memcpy(buf, arg, n - 1);
        buf[n - 1] = '\0';
        double pct;
        mip_error_t e;
        if (mip_parse_double(buf, &pct, &e) != MIP_OK)
            return cli_usage(cli, "--%s: '%s' is not a percentage", opt, arg);
        *out = pct / 100.0;
    } else {
        mip_error_t e;
        if (mip_parse_double(arg, out, &e) != MIP_OK)
            return cli_usage(cli, "--%s: '%s' is not a fraction", opt, arg);
    }
    if (*out < 0.0 || *out > hi)
        return cli_usage(cli, "--%s: %s must be between 0 and %g (or 0%% to %g%%)", opt,
                         arg, hi, hi * 100.0);
    return CLI_OK;
}

int cli_arch(cli_t *cli, const char *arg, mip_arch_t *out)
{
    if (mip_arch_parse(arg, out) != MIP_OK)
        return cli_usage(cli, "--arch: '%s' is not x86_64 or arm64", arg);
    return CLI_OK;
}

int cli_runtime(cli_t *cli, const char *arg, mip_runtime_t *out)
{
    if (mip_runtime_parse(arg, out) != MIP_OK)
        return cli_usage(cli,
                         "--runtime: '%s' is not one of nodejs, java, dotnet, "
                         "python, rust",
                         arg);
    return CLI_OK;
}

static int common_option(cli_t *cli, int id, const char *arg)
{
    switch (id) {
    case OPT_FORMAT:
        if (strcmp(arg, "text") == 0)
            cli->format = MIP_FORMAT_TEXT;
        else if (strcmp(arg, "json") == 0)
            cli->format = MIP_FORMAT_JSON;
        else if (strcmp(arg, "csv") == 0)
            cli->format = MIP_FORMAT_CSV;
        else
            return cli_usage(cli, "--format: '%s' is not text, json or csv", arg);
        return CLI_OK;
    case OPT_DATA_DIR:
        cli->data_dir = arg;
        return CLI_OK;
    case OPT_CATALOG:
        cli->catalog = arg;
        return CLI_OK;
    case OPT_REGION:
        cli->region = arg;
        return CLI_OK;
    case OPT_HELP:
        cli->help = 1;
        return CLI_OK;
    case OPT_CHART:
        if (!cli_chart_format_ok(arg))
            return cli_usage(cli, "--chart: '%s': name the file .svg, .png or .pdf", arg);
        cli->chart = arg;
        return CLI_OK;
    case OPT_REPORT:
        cli->report = arg;
        return CLI_OK;
    }
    return -1;
}

static int parse(cli_t *cli, int argc, char **argv, const struct option *opts,
                 cli_option_fn handler, void *data, int files)
{
    optind = 0; /* GNU: full re-initialisation, so the core can run again */
    opterr = 0;
    for (;;) {
        int idx = -1;
        int c = getopt_long(argc, argv, ":h", opts, &idx);
        if (c == -1)
            break;
        if (c == 'h') {
            cli->help = 1;
            continue;
        }
        if (c == '?') {
            const char *bad = argv[optind - 1];
            if (optopt && optopt < 256)
                return cli_usage(cli, "unknown option '-%c'", optopt);
            return cli_usage(cli, "unknown option '%s'", bad);
        }
        if (c == ':')
            return cli_usage(cli, "option '%s' needs a value", argv[optind - 1]);
        int rc = common_option(cli, c, optarg);
        if (rc == -1)
            rc = handler(cli, c, optarg, data);
        if (rc != CLI_OK)
            return rc;
    }
    if (files) {
        cli->files = argv + optind;
        cli->n_files = (size_t)(argc - optind);
    } else if (optind < argc && !cli->help) {
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
    }
    return CLI_OK;
}

int cli_parse(cli_t *cli, int argc, char **argv, const struct option *opts,
              cli_option_fn handler, void *data)
{
    return parse(cli, argc, argv, opts, handler, data, 0);
}

int cli_parse_files(cli_t *cli, int argc, char **argv, const struct option *opts,
                    cli_option_fn handler, void *data)
{
    return parse(cli, argc, argv, opts, handler, data, 1);
}

int cli_load(cli_t *cli, const mip_region_t **region)
{
    mip_error_t e;
    const char *file = cli->catalog ? cli->catalog : cli->catalog_path;
    if (cli->catalog)
        snprintf(cli->catalog_path, sizeof cli->catalog_path, "%s", cli->catalog);
    else if (mip_catalog_default_path(cli->data_dir, cli->catalog_path,
                                      sizeof cli->catalog_path) != MIP_OK)
        return cli_usage(cli, "--data-dir: the path is too long");
    int rc = mip_catalog_load(file, &cli->cat, &e);
    if (rc != MIP_OK) {
        if (rc == MIP_EIO || rc == MIP_ENOTFOUND) {
            fprintf(cli->err, "mipricing: cannot read the price catalogue: %s%s\n",
                    e.text[0] ? e.text : mip_strerror(rc),
                    cli->catalog ? "" : " (see --data-dir and MIPRICING_DATA_DIR)");
            return CLI_EDATA;
        }
        return cli_fail(cli, &e);
    }
    if (region) {
        rc = mip_catalog_region(cli->cat, cli->region, region, &e);
        if (rc != MIP_OK)
            return cli_fail(cli, &e);
    }
    return CLI_OK;
}

int cli_candidates(cli_t *cli, const char *patterns, mip_arch_t arch,
                   const mip_instance_t ***list, size_t *n)
{
    mip_instance_filter_t f = MIP_INSTANCE_FILTER_INIT;
    f.pattern = patterns;
    f.arch = (int)arch;
    f.lmi_only = 1;
    mip_error_t e;
    long total = mip_catalog_instances(cli->cat, cli->region, &f, NULL, 0, &e);
    if (total < 0)
        return cli_fail(cli, &e);
    if (total == 0) {
        fprintf(cli->err,
                "mipricing: no LMI-eligible %s instance type in %s matches '%s'\n",
                mip_arch_name(arch), cli->region, patterns ? patterns : "*");
        return CLI_EDATA;
    }
    *list = malloc((size_t)total * sizeof **list);
    if (!*list) {
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    *n = (size_t)mip_catalog_instances(cli->cat, cli->region, &f, *list, (size_t)total,
                                       &e);
    return CLI_OK;
}

int cli_emit(cli_t *cli, int rc, char *doc, const mip_error_t *e)
{
    if (rc != MIP_OK)
        return cli_fail(cli, e);
    fputs(doc, cli->doc);
    mip_free(doc);
    return CLI_OK;
}

static int run(cli_t *cli, int argc, char **argv);

static int run(cli_t *cli, int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, cli->err);
        return CLI_EUSAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "help") == 0 && argc > 2 && argc < 6) {
        /* "help COMMAND [SUB]" is "COMMAND [SUB] --help" */
        char *args[8] = {argv[0]};
        int n = 1;
        for (int i = 2; i < argc; i++)
            args[n++] = argv[i];
        args[n++] = (char *)"--help";
        args[n] = NULL;
        return run(cli, n, args);
    }
    if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0 || strcmp(c, "help") == 0) {
        fputs(usage_text, cli->doc);
        return CLI_OK;
    }
    if (strcmp(c, "--version") == 0 || strcmp(c, "-V") == 0) {
        fprintf(cli->doc, "mipricing %s (libmipricing %s)\n", MIP_VERSION,
                mip_version_str());
        return CLI_OK;
    }
    if (strcmp(c, "cost") == 0)
        return cmd_cost(cli, argc - 1, argv + 1);
    if (strcmp(c, "size") == 0) {
        cli->cmd = "size";
        return cmd_size(cli, argc - 1, argv + 1);
    }
    if (strcmp(c, "breakeven") == 0) {
        cli->cmd = "breakeven";
        return cmd_breakeven(cli, argc - 1, argv + 1);
    }
    if (strcmp(c, "prices") == 0)
        return cmd_prices(cli, argc - 1, argv + 1);
    if (strcmp(c, "trace") == 0)
        return cmd_trace(cli, argc - 1, argv + 1);
    if (strcmp(c, "retro") == 0)
        return cmd_retro(cli, argc - 1, argv + 1);
    if (strcmp(c, "merge") == 0)
        return cmd_merge(cli, argc - 1, argv + 1);
    if (strcmp(c, "fit") == 0)
        return cmd_fit(cli, argc - 1, argv + 1);
    if (strcmp(c, "commit") == 0)
        return cmd_commit(cli, argc - 1, argv + 1);
    if (strcmp(c, "compare") == 0) {
        cli->cmd = "compare";
        return cmd_compare(cli, argc - 1, argv + 1);
    }
    return cli_usage(
        cli,
        "unknown command '%s' (commands: cost lambda, cost lmi, size, "
        "breakeven, prices, trace summary, compare, fit, commit, retro, merge)",
        c);
}

int mip_cli_main(int argc, char **argv, FILE *out, FILE *errs)
{
    /* GSL's default handler aborts; the library maps GSL's codes itself. */
    gsl_set_error_handler_off();
    cli_t cli;
    memset(&cli, 0, sizeof cli);
    cli.err = errs;
    cli.region = "us-east-1";
    cli.format = MIP_FORMAT_TEXT;
    char *buf = NULL;
    size_t size = 0;
    cli.doc = open_memstream(&buf, &size);
    if (!cli.doc) {
        fputs("mipricing: out of memory\n", errs);
        return CLI_EDATA;
    }
    /* colour only on a terminal, never with NO_COLOR set (no-color.org) */
    const char *nc = getenv("NO_COLOR");
    render_colour(isatty(fileno(out)) && !(nc && nc[0]));
    int rc = run(&cli, argc, argv);
    fclose(cli.doc);
    mip_catalog_free(cli.cat);
    if (rc == CLI_OK && size > 0) {
        if (fwrite(buf, 1, size, out) != size || fflush(out) != 0) {
            fprintf(errs, "mipricing: cannot write the result: %s\n", strerror(errno));
            rc = CLI_EDATA;
        }
    }
    free(buf);
    return rc;
}
