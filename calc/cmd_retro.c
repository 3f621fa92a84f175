/*
 * cmd_retro.c - "mipricing retro FILE..." (a billing export: what it holds
 * and Lambda per function, repriced) and "mipricing merge PART..." (partial
 * aggregates combined).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

enum {
    O_DIALECT = OPT_FIRST_COMMAND_OPTION,
    O_SKIP,
    O_PROJECT,
    O_FIT,
    O_EMIT,
    O_PARTIAL,
    O_OUTPUT,
    O_QUIET
};

typedef struct retro_args {
    mip_billing_options_t o;
    shape_args_t s;
    sim_args_t m;
    search_args_t q;
    int project, fit;
    int emit_focus;
    const char *partial;
    const char *output;
} retro_args_t;

static int retro_option(cli_t *cli, int id, const char *arg, void *data)
{
    retro_args_t *a = data;
    int rc = model_option(cli, id, arg, &a->s, &a->m, NULL);
    if (rc == -1)
        rc = search_option(cli, id, arg, &a->q);
    if (rc != -1)
        return rc;
    switch (id) {
    case O_DIALECT:
        if (mip_billing_dialect_parse(arg, &a->o.dialect) != MIP_OK)
            return cli_usage(cli, "--dialect: '%s' is not auto, cur, cur2 or focus", arg);
        return CLI_OK;
    case O_SKIP:
        a->o.skip_bad_rows = 1;
        return CLI_OK;
    case O_PROJECT:
        a->project = 1;
        return CLI_OK;
    case O_FIT:
        a->project = 1;
        a->fit = 1;
        return CLI_OK;
    case O_EMIT:
        if (strcmp(arg, "focus") != 0)
            return cli_usage(cli, "--emit: '%s' is not focus", arg);
        a->project = 1;
        a->emit_focus = 1;
        return CLI_OK;
    case O_PARTIAL:
        a->partial = arg;
        return CLI_OK;
    case O_OUTPUT:
        a->output = arg;
        return CLI_OK;
    case O_QUIET:
        return CLI_OK;
    }
    return cli_usage(cli, "unexpected option");
}

static const char retro_help[] =
    "Usage: mipricing retro FILE... [OPTION]...\n"
    "Read billing exports (AWS Cost and Usage Report, legacy or 2.0, and FOCUS\n"
    "1.0-1.2; .csv or .csv.gz; partial aggregates .json from --partial) and report\n"
    "what they hold: rows by dialect, cost by service, and Lambda per function,\n"
    "as billed and as the price catalogue prices the same usage.\n"
    "\n"
    "  --dialect D                  auto (default), cur, cur2, focus\n"
    "  --skip-bad-rows              go on past bad rows, counting them\n"
    "  --partial FILE               write the aggregate of these files as JSON\n"
    "                               (combine parts with 'mipricing merge')\n"
    "  --project                    also project each function onto LMI: its\n"
    "                               hourly requests and GB-seconds as a trace\n"
    "                               (at --lambda-memory-mb, default 1024, the\n"
    "                               memory the bill does not state), replayed as\n"
    "                               by compare in the function's own region\n"
    "  --fit                        also search each function's configuration (as\n"
    "                               'mipricing fit', with its search options) for\n"
    "                               the cheapest within the throttle budget\n"
    "  --quiet                      accepted, as by the trace commands (retro shows\n"
    "                               no progress line)\n"
    "  --emit focus                 print the projected LMI charges as FOCUS 1.2\n"
    "                               rows (CSV) instead\n"
    "  --format text|json|csv, --data-dir DIR, --catalog FILE\n"
    "The options below shape the projection (--free-tier also applies to the\n"
    "repricing; the function's architecture comes from the bill).\n";

static const char merge_help[] =
    "Usage: mipricing merge PART... --output FILE\n"
    "Combine partial aggregates written by 'mipricing retro --partial' into one,\n"
    "as if all their files had been read at once.\n";

/* Read every file: .json parts are aggregates, the rest billing exports. */
static int load_all(cli_t *cli, const retro_args_t *a, mip_billing_t **out)
{
    mip_error_t e;
    mip_billing_t *all = NULL;
    if (mip_billing_new(&all, &e) != MIP_OK)
        return cli_fail(cli, &e);
    size_t ncsv = 0;
    const char **csv = calloc(cli->n_files ? cli->n_files : 1, sizeof *csv);
    if (!csv) {
        mip_billing_free(all);
        fputs("mipricing: out of memory\n", cli->err);
        return CLI_EDATA;
    }
    for (size_t i = 0; i < cli->n_files; i++) {
        const char *p = cli->files[i];
        size_t n = strlen(p);
        if (n > 5 && strcmp(p + n - 5, ".json") == 0) {
            mip_billing_t *part = NULL;
            if (mip_billing_load_json(p, &part, &e) != MIP_OK ||
                mip_billing_merge(all, part, &e) != MIP_OK) {
                mip_billing_free(part);
                mip_billing_free(all);
                free(csv);
                return cli_fail(cli, &e);
            }
            mip_billing_free(part);
        } else {
            csv[ncsv++] = p;
        }
    }
    if (ncsv > 0) {
        mip_billing_t *b = NULL;
        if (mip_billing_load(csv, ncsv, &a->o, &b, &e) != MIP_OK ||
            mip_billing_merge(all, b, &e) != MIP_OK) {
            mip_billing_free(b);
            mip_billing_free(all);
            free(csv);
            return cli_fail(cli, &e);
        }
        mip_billing_free(b);
    }
    free(csv);
    const mip_billing_info_t *in = mip_billing_info(all);
    if (in->skipped_rows > 0) {
        fprintf(cli->err, "mipricing: skipped %zu bad row%s; the first:\n",
                in->skipped_rows, in->skipped_rows == 1 ? "" : "s");
        for (size_t i = 0; i < in->n_reasons; i++)
            fprintf(cli->err, "mipricing:   %s\n", in->reasons[i]);
    }
    *out = all;
    return CLI_OK;
}

typedef struct text {
    const mip_billing_t *b;
    const mip_retro_function_t *fns;
    const mip_retro_projection_t *proj;
    size_t nf;
} text_t;

static void text(FILE *f, const void *ctx)
{
    const text_t *t = ctx;
    render_retro(f, t->b, t->fns, t->nf);
    if (t->proj)
        render_projection(f, t->fns, t->proj, t->nf);
}

/* The chart: per function, billed against LMI; and the report. */
static int outputs(cli_t *cli, const retro_args_t *a, const mip_billing_t *b,
                   const mip_retro_function_t *fns, const mip_retro_projection_t *proj,
                   size_t nf)
{
    cli_figure_t fig = {plot_retro(fns, proj, nf), "functions",
                        "Each Lambda function's billed cost over the export's span "
                        "beside what the same hourly usage costs on Lambda Managed "
                        "Instances, as configured and, with --fit, in its best "
                        "configuration."};
    cli_html_t *h = cli->report ? cli_html_new("mipricing retro") : NULL;
    if (h) {
        double billed, effective, list;
        mip_billing_totals(b, &billed, &effective, &list);
        mip_retro_totals_t t;
        mip_retro_totals(fns, proj, nf, &t);
        if (nf == 0)
            cli_html_verdict(h,
                             "The export bills $%.2f and holds no Lambda usage: nothing "
                             "to move to Lambda Managed Instances.",
                             billed);
        else if (!proj)
            cli_html_verdict(h,
                             "The export bills $%.2f, of which %zu Lambda function%s; "
                             "project them with --project or --fit to see them on Lambda "
                             "Managed Instances.",
                             billed, nf, nf == 1 ? "" : "s");
        else if (t.projected == 0 && t.fitted == 0)
            cli_html_verdict(h,
                             "None of the export's %zu Lambda function%s could be "
                             "projected onto Lambda Managed Instances (see why below).",
                             nf, nf == 1 ? "" : "s");
        else if (t.fitted > 0)
            cli_html_verdict(
                h,
                "The %zu function%s fitted were billed $%.2f; on Lambda "
                "Managed Instances in their best configurations the same "
                "usage costs $%.2f: %s.",
                t.fitted, t.fitted == 1 ? "" : "s", t.fit_billed_usd, t.fit_lmi_usd,
                t.fit_lmi_usd < t.fit_billed_usd ? "LMI is cheaper"
                                                 : "default Lambda is cheaper");
        else
            cli_html_verdict(h,
                             "The %zu function%s projected were billed $%.2f; on Lambda "
                             "Managed Instances the same usage costs $%.2f: %s.",
                             t.projected, t.projected == 1 ? "" : "s", t.billed_usd,
                             t.lmi_usd,
                             t.lmi_usd < t.billed_usd ? "LMI is cheaper"
                                                      : "default Lambda is cheaper");
        for (size_t i = 0; i < cli->n_files; i++)
            cli_html_param(h, "Billing export", "file", "%s", cli->files[i]);
        cli_html_param(h, "Billing export", "rows", "%zu", mip_billing_info(b)->rows);
        cli_html_param(h, "Billing export", "billed", "$%.2f", billed);
        if (proj) {
            cli_html_param(h, "Projection", "function memory (not in the bill)", "%g MB",
                           nf ? proj[0].memory_mb : 0.0);
            html_shape(h, &a->s, 1);
            html_sim(h, &a->m);
        }
        html_catalog(h, cli, NULL);
    }
    text_t t = {b, fns, proj, nf};
    return cli_outputs(cli, &fig, 1, h, text, &t);
}

static int run(cli_t *cli, int argc, char **argv, int merge)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"dialect", required_argument, NULL, O_DIALECT},
                                         {"skip-bad-rows", no_argument, NULL, O_SKIP},
                                         CLI_SHAPE_OPTIONS,
                                         CLI_SIM_OPTIONS,
                                         CLI_SEARCH_OPTIONS,
                                         {"project", no_argument, NULL, O_PROJECT},
                                         {"fit", no_argument, NULL, O_FIT},
                                         {"emit", required_argument, NULL, O_EMIT},
                                         {"partial", required_argument, NULL, O_PARTIAL},
                                         {"quiet", no_argument, NULL, O_QUIET},
                                         CLI_OUTPUT_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    /* merge reads partial aggregates and writes one: nothing else applies */
    static const struct option merge_opts[] = {
        CLI_COMMON_OPTIONS,
        {"output", required_argument, NULL, O_OUTPUT},
        {"quiet", no_argument, NULL, O_QUIET},
        {NULL, 0, NULL, 0}};
    retro_args_t a;
    memset(&a, 0, sizeof a);
    mip_billing_options_init(&a.o);
    shape_init(&a.s);
    sim_init(&a.m);
    search_init(&a.q);
    int rc =
        cli_parse_files(cli, argc, argv, merge ? merge_opts : opts, retro_option, &a);
    if (rc != CLI_OK)
        return rc;
    if (!cli->help && a.q.given && !a.fit)
        return cli_usage(cli, "the search options (--search-*, --throttle-budget, --top, "
                              "--exhaustive) go with --fit");
    if (!cli->help && a.emit_focus && (cli->chart || cli->report))
        return cli_usage(cli, "--emit focus prints rows: no --chart or --report with it");
    if (!cli->help && a.partial && (cli->chart || cli->report || a.project))
        return cli_usage(cli, "--partial writes the aggregate only: no --project, --fit, "
                              "--emit, --chart or --report with it");
    if (cli->help) {
        fputs(merge ? merge_help : retro_help, cli->doc);
        if (!merge) {
            fputs(search_help, cli->doc);
            fputs(sim_help, cli->doc);
            fputs(shape_help, cli->doc);
            fputs(output_help, cli->doc);
            fputs("\nExamples:\n"
                  "  mipricing retro cur-2024-05.csv.gz --free-tier\n"
                  "  mipricing retro cur-2024-05.csv.gz --fit --lambda-memory-mb 1024 "
                  "--report retro.html\n"
                  "  mipricing retro day01.csv.gz --partial day01.json\n",
                  cli->doc);
        } else {
            fputs("\nExample:\n  mipricing merge day*.json --output month.json\n",
                  cli->doc);
        }
        return CLI_OK;
    }
    if (cli->n_files == 0)
        return cli_usage(cli, "no file given");
    const char *save = merge ? a.output : a.partial;
    if (merge && !save)
        return cli_usage(cli, "--output is required");
    mip_billing_t *b = NULL;
    if ((rc = load_all(cli, &a, &b)) != CLI_OK)
        return rc;
    mip_error_t e;
    if (save) {
        if (mip_billing_save_json(b, save, &e) != MIP_OK)
            rc = cli_fail(cli, &e);
        else
            fprintf(cli->doc, "%zu rows from %zu file%s written to %s\n",
                    mip_billing_info(b)->rows, mip_billing_info(b)->files,
                    mip_billing_info(b)->files == 1 ? "" : "s", save);
        mip_billing_free(b);
        return rc;
    }
    mip_retro_function_t *fns = NULL;
    size_t nf = 0;
    if ((rc = cli_load(cli, NULL)) != CLI_OK) {
        mip_billing_free(b);
        return rc;
    }
    if (mip_retro_lambda(cli->cat, b, a.s.p.lambda_free_tier, &fns, &nf, &e) != MIP_OK) {
        mip_billing_free(b);
        return cli_fail(cli, &e);
    }
    mip_retro_projection_t *proj = NULL;
    if (a.project) {
        mip_fit_input_t in;
        cli_fit_input(&a.q, &a.s, &a.m, (size_t)a.q.top, &in);
        if (!(a.s.lambda_memory_mb > 0.0))
            in.base.lambda_memory_mb = 1024.0; /* the bill does not say */
        int r = a.fit ? mip_retro_fit(cli->cat, b, fns, nf, &in, a.s.patterns, &proj, &e)
                      : mip_retro_project(cli->cat, b, fns, nf, &in.base, a.s.patterns,
                                          &proj, &e);
        if (r != MIP_OK) {
            mip_free(fns);
            mip_billing_free(b);
            return cli_fail(cli, &e);
        }
    }
    if (a.emit_focus) {
        char *doc = NULL;
        int r = mip_report_focus(fns, proj, nf, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    } else if (cli->format == MIP_FORMAT_TEXT) {
        render_retro(cli->doc, b, fns, nf);
        if (proj)
            render_projection(cli->doc, fns, proj, nf);
    } else if (proj) {
        char *doc = NULL;
        int r = mip_report_projection(fns, proj, nf, cli->format, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    } else {
        char *doc = NULL;
        int r = mip_report_retro(b, fns, nf, cli->format, &doc, &e);
        rc = cli_emit(cli, r, doc, &e);
    }
    if (rc == CLI_OK && !a.emit_focus && (cli->chart || cli->report))
        rc = outputs(cli, &a, b, fns, proj, nf);
    mip_retro_projection_free(proj, nf);
    mip_free(fns);
    mip_billing_free(b);
    return rc;
}

int cmd_retro(cli_t *cli, int argc, char **argv)
{
    cli->cmd = "retro";
    return run(cli, argc, argv, 0);
}

int cmd_merge(cli_t *cli, int argc, char **argv)
{
    cli->cmd = "merge";
    return run(cli, argc, argv, 1);
}
