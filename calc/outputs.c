/*
 * outputs.c - what --chart and --report write (cli_outputs), and the
 * inputs and assumptions the report lists.
 */
#include "cli.h"

#include "chart.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char output_help[] =
    "Charts and report:\n"
    "  --chart FILE                 draw the chart(s) to FILE: .svg, .png or .pdf\n"
    "                               (more than one: the others beside it, named\n"
    "                               FILE's stem, a dash and the chart's name)\n"
    "  --report FILE                write one self-contained HTML page: the verdict,\n"
    "                               the charts, the result and every input and\n"
    "                               assumption with its value\n";

/* FILE with -name before its extension: "be.svg" -> "be-days.svg". */
static char *sibling(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        dot = path + strlen(path);
    size_t stem = (size_t)(dot - path);
    size_t n = stem + 1 + strlen(name) + strlen(dot) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%.*s-%s%s", (int)stem, path, name, dot);
    return s;
}

/* The result as text, for the report: render's output (NULL when out of
 * memory). */
static char *text_of(void (*render)(FILE *f, const void *ctx), const void *ctx)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return NULL;
    int was = render_colour(0); /* no terminal codes in a page */
    render(f, ctx);
    render_colour(was);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int cli_outputs(cli_t *cli, cli_figure_t *figs, size_t n, cli_html_t *html,
                void (*render)(FILE *f, const void *ctx), const void *ctx)
{
    int rc = CLI_OK;
    char err[512];
    char *text = cli->report && render ? text_of(render, ctx) : NULL;
    for (size_t i = 0; i < n; i++)
        if (!figs[i].chart) {
            fputs("mipricing: out of memory drawing a chart\n", cli->err);
            rc = CLI_EDATA;
        }
    if (rc == CLI_OK && !html && cli->report) {
        fputs("mipricing: out of memory building the report\n", cli->err);
        rc = CLI_EDATA;
    }
    for (size_t i = 0; rc == CLI_OK && cli->chart && i < n; i++) {
        char *path = i == 0 ? NULL : sibling(cli->chart, figs[i].name);
        const char *p = i == 0 ? cli->chart : path;
        if (!p) {
            fputs("mipricing: out of memory\n", cli->err);
            rc = CLI_EDATA;
        } else if (cli_chart_write(figs[i].chart, p, err, sizeof err) != CLI_CHART_OK) {
            fprintf(cli->err, "mipricing: %s\n", err);
            rc = CLI_EDATA;
        } else {
            fprintf(cli->err, "mipricing: chart written to %s\n", p);
        }
        free(path);
    }
    if (rc == CLI_OK && cli->report) {
        for (size_t i = 0; rc == CLI_OK && i < n; i++)
            if (cli_html_chart(html, figs[i].chart, figs[i].caption, err, sizeof err) !=
                0) {
                fprintf(cli->err, "mipricing: %s: %s\n", cli->report,
                        err[0] ? err : "out of memory");
                rc = CLI_EDATA;
            }
        if (rc == CLI_OK && (!text || cli_html_text(html, text) != 0)) {
            fputs("mipricing: out of memory building the report\n", cli->err);
            rc = CLI_EDATA;
        }
        if (rc == CLI_OK && cli_html_write(html, cli->report, err, sizeof err) != 0) {
            fprintf(cli->err, "mipricing: %s\n", err);
            rc = CLI_EDATA;
        }
        if (rc == CLI_OK)
            fprintf(cli->err, "mipricing: report written to %s\n", cli->report);
    }
    for (size_t i = 0; i < n; i++)
        cli_chart_free(figs[i].chart);
    cli_html_free(html);
    free(text);
    return rc;
}

void html_catalog(cli_html_t *h, const cli_t *cli, const mip_region_t *r)
{
    const char *s = "Prices";
    cli_html_param(h, s, "catalogue", "%s", cli->catalog_path);
    cli_html_param(h, s, "catalogue date", "%s", mip_catalog_version(cli->cat));
    if (!r)
        return;
    cli_html_param(h, s, "region", "%s (%s)", r->code, r->name);
    for (int a = 0; a < MIP_ARCH_COUNT; a++) {
        const mip_lambda_arch_rates_t *l = &r->lambda[a];
        char name[64];
        snprintf(name, sizeof name, "Lambda %s", mip_arch_name((mip_arch_t)a));
        cli_html_param(
            h, s, name, "$%.2f per million requests; duration from $%.10f per GB-s",
            l->request_usd_per_million, l->n_tiers ? l->tiers[0].usd_per_gb_s : 0.0);
    }
    cli_html_param(h, s, "LMI requests", "$%.2f per million",
                   r->lmi_request_usd_per_million);
    cli_html_param(h, s, "LMI management fee",
                   "%g%% of the on-demand price, never discounted",
                   r->lmi_management_fee_fraction * 100.0);
    cli_html_param(h, s, "Lambda free tier", "%.0f requests and %.0f GB-s a month",
                   r->free_tier_requests, r->free_tier_gb_s);
    /* where the EC2 prices of the region's LMI types come from */
    mip_instance_filter_t flt = MIP_INSTANCE_FILTER_INIT;
    flt.lmi_only = 1;
    long total = mip_catalog_instances(cli->cat, r->code, &flt, NULL, 0, NULL);
    const mip_instance_t **all = total > 0 ? calloc((size_t)total, sizeof *all) : NULL;
    long got =
        all ? mip_catalog_instances(cli->cat, r->code, &flt, all, (size_t)total, NULL)
            : 0;
    for (long i = 0; i < got && i < total; i++) {
        int seen = 0;
        for (long j = 0; j < i && !seen; j++)
            seen = strcmp(all[j]->source, all[i]->source) == 0;
        if (!seen)
            cli_html_param(h, s, "EC2 price source", "%s", all[i]->source);
    }
    free(all);
    cli_html_param(h, s, "Lambda and LMI rates", "AWS Lambda pricing (doc/catalog.md)");
}

void html_shape(cli_html_t *h, const shape_args_t *a, int trace)
{
    const mip_workload_t *w = &a->w;
    const mip_lmi_config_t *c = &a->c;
    const mip_price_options_t *p = &a->p;
    const char *s = "Workload";
    cli_html_param(h, s, "architecture", "%s", mip_arch_name(w->arch));
    cli_html_param(h, s, "runtime", "%s", mip_runtime_name(w->runtime));
    if (a->have_duration || !trace)
        cli_html_param(h, s, "duration", "%g ms", w->duration_ms);
    else
        cli_html_param(h, s, "duration", "from the trace");
    if (w->cpu_ms >= 0.0)
        cli_html_param(h, s, "CPU time per request", "%g ms", w->cpu_ms);
    else
        cli_html_param(h, s, "CPU time per request", "the whole duration (CPU-bound)");
    cli_html_param(h, s, "default Lambda memory", "%g MB",
                   a->lambda_memory_mb > 0.0 ? a->lambda_memory_mb : c->memory_mb);
    s = "LMI configuration";
    cli_html_param(h, s, "environment memory", "%g MB at %g GiB per vCPU", c->memory_mb,
                   c->memory_gib_per_vcpu);
    if (c->max_concurrency > 0)
        cli_html_param(h, s, "concurrency per environment", "%ld", c->max_concurrency);
    else
        cli_html_param(h, s, "concurrency per environment", "the runtime's default");
    cli_html_param(h, s, "target CPU utilization", "%g%%", c->target_cpu * 100.0);
    if (c->max_envs == MIP_UNLIMITED)
        cli_html_param(h, s, "environments", "at least %ld, no maximum", c->min_envs);
    else
        cli_html_param(h, s, "environments", "%ld to %ld", c->min_envs, c->max_envs);
    cli_html_param(h, s, "MaxVCpuCount", "%ld", c->max_vcpu);
    cli_html_param(h, s, "instance types", "%s",
                   a->patterns ? a->patterns : "every eligible");
    s = "Assumptions";
    cli_html_param(h, s, "per-instance reserve", "%g vCPU and %g GiB (OS and agent)",
                   c->reserve_vcpu, c->reserve_gib);
    cli_html_param(h, s, "instances at least", "%ld (three Availability Zones)",
                   c->min_instances);
    cli_html_param(h, s, "hours in a month", "%g", p->hours_per_month);
    s = "Prices";
    cli_html_param(h, s, "free tier applied", "%s", p->lambda_free_tier ? "yes" : "no");
    cli_html_param(h, s, "EC2 discount (Savings Plans, RIs)", "%g%%",
                   p->ec2_discount * 100.0);
    cli_html_param(h, s, "Lambda Savings Plan discount", "%g%%",
                   p->lambda_savings_plan * 100.0);
    cli_html_param(h, s, "Lambda ephemeral storage", "%g MB", p->ephemeral_mb);
}

void html_sim(cli_html_t *h, const sim_args_t *m)
{
    const mip_scaler_t *c = &m->sc;
    const char *s = "Scaler (assumed: AWS does not publish these)";
    cli_html_param(h, s, "metric period", "%g s", c->metric_period_s);
    cli_html_param(h, s, "metric delay", "%g s", c->metric_delay_s);
    cli_html_param(h, s, "environment start", "%g s", c->env_start_s);
    cli_html_param(h, s, "instance launch", "%g s", c->instance_launch_s);
    cli_html_param(h, s, "scale-in delay", "%g s", c->scale_down_delay_s);
    cli_html_param(h, s, "scale-in pace", "%g%% of the surplus a minute",
                   c->scale_down_fraction * 100.0);
    cli_html_param(h, s, "instance drain", "%g s", c->instance_drain_s);
    cli_html_param(h, s, "throttling starts at", "%g%% CPU", c->saturation_cpu * 100.0);
    s = "Default Lambda (assumed)";
    cli_html_param(h, s, "keep-alive", "%g s", m->lo.keep_alive_s);
    cli_html_param(h, s, "account concurrency", "%g", m->lo.account_concurrency);
    cli_html_param(h, s, "scaling", "%g environments per 10 s", m->lo.scale_per_10s);
}
