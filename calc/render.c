/*
 * render.c - the calculator's text output. Formats what the library computed;
 * computes nothing.
 */
#include "cli.h"

#include <math.h>
#include <string.h>

/* A quantity: whole numbers in full (2000000, not 2e+06), others to 6 digits. */
static const char *qty(char *buf, size_t size, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.6g", v);
    return buf;
}

/* digits ("1234567.89") with a comma every three digits before the point,
 * after a '-' when neg, into a ring buffer that lives until 16 more calls
 * (enough for one fprintf's arguments). */
static const char *grouped(const char *digits, int neg)
{
    static char ring[16][48];
    static unsigned next;
    char *b = ring[next++ % 16];
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits), k = 0;
    if (neg)
        b[k++] = '-';
    for (size_t i = 0; i < int_len && k + 2 < sizeof ring[0]; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            b[k++] = ',';
        b[k++] = digits[i];
    }
    snprintf(b + k, sizeof ring[0] - k, "%s", dot ? dot : "");
    return b;
}

/* Money for a table or a sentence, with thousands separators: 2 decimals,
 * 4 for amounts that 2 would show as zero, "-" when not a number. */
static const char *money(double v)
{
    if (!isfinite(v))
        return "-";
    double a = fabs(v);
    char digits[40];
    snprintf(digits, sizeof digits, "%.*f", a > 0.0 && a < 0.005 ? 4 : 2, a);
    if (strcmp(digits, "0.0000") == 0 || strcmp(digits, "0.00") == 0)
        return "0.00"; /* no "-0.00" */
    return grouped(digits, v < 0.0);
}

/* A count in full with thousands separators: 20,820,188. */
static const char *whole(double v)
{
    if (!isfinite(v))
        return "-";
    char digits[40];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    return grouped(digits, v <= -0.5);
}

/* A configuration's concurrency per environment: its number, or "auto"
 * for the runtime's default. */
static const char *concurrency(char *buf, size_t size, const mip_lmi_config_t *c)
{
    if (c->max_concurrency > 0)
        snprintf(buf, size, "%ld", c->max_concurrency);
    else
        snprintf(buf, size, "auto");
    return buf;
}

/* Bold for the verdicts, on a terminal only, never with NO_COLOR. */
static int colour;
int render_colour(int on)
{
    int was = colour;
    colour = on;
    return was;
}
static const char *bold(void) { return colour ? "\033[1m" : ""; }
static const char *plain(void) { return colour ? "\033[0m" : ""; }

/* A unit price in plain decimals (0.0000166667, not 1.66667e-05). */
static const char *price(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.10f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    return buf;
}

void render_bill(FILE *f, const char *title, const mip_bill_t *bill)
{
    char q[64], p[64];
    if (title)
        fprintf(f, "%s\n", title);
    fprintf(f, "  %-34s %16s %-9s %14s %12s\n", "item", "quantity", "unit", "rate USD",
            "USD");
    for (size_t i = 0; i < bill->n_lines; i++) {
        const mip_cost_line_t *l = &bill->lines[i];
        fprintf(f, "  %-34s %16s %-9s %14s %12s\n", l->name,
                qty(q, sizeof q, l->quantity), l->unit, price(p, sizeof p, l->rate_usd),
                money(l->usd));
    }
    fprintf(f, "  %-34s %16s %-9s %14s %12s\n", "total", "", "", "",
            money(bill->total_usd));
}

void render_lambda_cost(FILE *f, const mip_region_t *r, const mip_lambda_workload_t *w,
                        const mip_lambda_options_t *o, const mip_bill_t *bill)
{
    fprintf(f, "Default Lambda, %s (%s), %s, %g MB, %g ms mean, %.10g requests\n",
            r->code, r->name, mip_arch_name(w->arch), w->memory_mb, w->duration_ms,
            w->requests);
    if (w->ephemeral_mb > 512.0)
        fprintf(f, "Ephemeral storage %g MB\n", w->ephemeral_mb);
    if (w->pc_count > 0.0)
        fprintf(f, "Provisioned concurrency %g for %g h, serving %.10g requests\n",
                w->pc_count, w->pc_hours, w->pc_requests);
    fprintf(f, "Free tier %s; Savings Plan discount %g%%\n\n",
            o->free_tier ? "applied" : "not applied", o->savings_plan_discount * 100.0);
    render_bill(f, NULL, bill);
}

void render_lmi_cost(FILE *f, const mip_region_t *r, double requests,
                     const mip_bill_t *bill)
{
    fprintf(f, "Lambda Managed Instances, %s (%s), %.10g requests\n", r->code, r->name,
            requests);
    fprintf(f, "Management fee %g%% of the on-demand price, never discounted\n\n",
            r->lmi_management_fee_fraction * 100.0);
    render_bill(f, NULL, bill);
}

void render_plan(FILE *f, const mip_region_t *r, const mip_workload_t *w,
                 const mip_lmi_config_t *c, const mip_price_options_t *o,
                 const mip_lmi_plan_t *plan, const mip_bill_t *lambda_bill,
                 double lambda_memory_mb)
{
    const mip_lmi_sizing_t *s = &plan->sizing;
    double cpu_ms = w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms;
    fprintf(f, "Workload: %g requests/s, %g ms, %g ms CPU, %s on %s, %s\n", w->rps,
            w->duration_ms, cpu_ms, mip_runtime_name(w->runtime), mip_arch_name(w->arch),
            r->code);
    fprintf(f, "Environment: %g MB, %g vCPU, concurrency %ld\n", c->memory_mb,
            s->env_vcpu, s->env_concurrency);
    fprintf(f,
            "Demand: concurrency %.4g, %.4g vCPU busy; one environment serves %.4g "
            "requests/s at %g%% CPU\n",
            s->concurrency, s->cpu_vcpu, s->rps_per_env, c->target_cpu * 100.0);
    fprintf(f,
            "Environments: %ld (by concurrency %ld, by CPU %ld, minimum %ld; bound by "
            "%s)\n",
            s->envs, s->envs_by_concurrency, s->envs_by_cpu, c->min_envs,
            mip_binding_name(s->binding));
    fprintf(f,
            "Instances: %ld x %s (%g vCPU, %g GiB, $%.4f/h on demand), %ld "
            "environment%s each, %g vCPU in all\n",
            s->instances, s->instance->type, s->instance->vcpu, s->instance->memory_gib,
            s->instance->ondemand_usd_per_hour, s->envs_per_instance,
            s->envs_per_instance == 1 ? "" : "s", s->total_vcpu);
    fprintf(f, "CPU utilization of the environments: %.1f%%\n\n",
            s->cpu_utilization * 100.0);
    char title[128];
    snprintf(title, sizeof title,
             "LMI monthly bill (%g hours, EC2 discount %g%%):", o->hours_per_month,
             o->ec2_discount * 100.0);
    render_bill(f, title, &plan->bill);
    if (lambda_bill) {
        snprintf(title, sizeof title,
                 "\nDefault Lambda, same traffic at %g MB%s:", lambda_memory_mb,
                 o->lambda_free_tier ? ", free tier" : "");
        render_bill(f, title, lambda_bill);
        double d = lambda_bill->total_usd - plan->bill.total_usd;
        fprintf(f, "\n%s%s is cheaper by $%s a month.%s\n", bold(),
                d > 0 ? "LMI" : "Default Lambda", money(fabs(d)), plain());
    }
}

/* A rate: 4 significant digits, never in exponent form. */
static const char *rate(char *buf, size_t size, double v)
{
    if (v >= 1000.0)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.4g", v);
    return buf;
}

static void row_line(FILE *f, const mip_breakeven_row_t *row)
{
    char r[32], what[96];
    if (row->lmi_feasible)
        snprintf(what, sizeof what, "%ld x %s", row->instances, row->instance_type);
    else
        snprintf(what, sizeof what, "(beyond MaxVCpuCount)");
    if (row->lmi_feasible)
        fprintf(f, "  %12s %16s %14s %14s  %-24s %s\n", rate(r, sizeof r, row->rps),
                whole(row->requests_per_month), money(row->lambda_usd),
                money(row->lmi_usd), what,
                row->lmi_usd < row->lambda_usd ? "LMI" : "Lambda");
    else
        fprintf(f, "  %12s %16s %14s %14s  %-24s %s\n", rate(r, sizeof r, row->rps),
                whole(row->requests_per_month), money(row->lambda_usd), "-", what,
                "Lambda");
}

void render_breakeven(FILE *f, const mip_region_t *r, const mip_breakeven_input_t *in,
                      const mip_breakeven_result_t *res, const mip_breakeven_row_t *rows,
                      size_t n)
{
    const mip_workload_t *w = &in->shape;
    double cpu_ms = w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms;
    double lmem = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    fprintf(f, "Breakeven in %s: %s %s, %g ms per request, %g ms CPU\n", r->code,
            mip_runtime_name(w->runtime), mip_arch_name(w->arch), w->duration_ms, cpu_ms);
    fprintf(f,
            "LMI: %g MB environments, %g GiB per vCPU, target CPU %g%%, EC2 discount "
            "%g%%; Lambda: %g MB%s\n\n",
            in->lmi.memory_mb, in->lmi.memory_gib_per_vcpu, in->lmi.target_cpu * 100.0,
            in->price.ec2_discount * 100.0, lmem,
            in->price.lambda_free_tier ? ", free tier" : "");
    switch (res->kind) {
    case MIP_BREAKEVEN_CROSSES:
        fprintf(f,
                "LMI is cheaper above %.4g requests/s (%.4g million requests a month):\n"
                "  there Lambda costs $%s and LMI $%s a month (%ld x %s).\n",
                res->breakeven_rps, res->at.requests_per_month / 1e6,
                money(res->at.lambda_usd), money(res->at.lmi_usd), res->at.instances,
                res->at.instance_type);
        break;
    case MIP_BREAKEVEN_LMI_CHEAPER:
        fprintf(f, "LMI is cheaper over the whole range from %.4g requests/s.\n",
                in->min_rps);
        break;
    case MIP_BREAKEVEN_LAMBDA_CHEAPER:
        fprintf(f, "Default Lambda is cheaper over the whole range LMI can serve.\n");
        break;
    }
    if (isfinite(res->lmi_max_rps) && res->lmi_max_rps < res->max_rps)
        fprintf(f, "Above %.4g requests/s LMI would need more than MaxVCpuCount %ld.\n",
                res->lmi_max_rps, in->lmi.max_vcpu);
    if (isfinite(res->lmi_max_rps) && in->max_rps <= 0.0)
        fprintf(f, "LMI can serve up to %.4g requests/s within MaxVCpuCount %ld.\n",
                res->lmi_max_rps, in->lmi.max_vcpu);
    if (n == 0)
        return;
    fprintf(f, "\n  %12s %16s %14s %14s  %-24s %s\n", "requests/s", "requests/month",
            "Lambda USD", "LMI USD", "LMI instances", "cheaper");
    for (size_t i = 0; i < n; i++)
        row_line(f, &rows[i]);
}

void render_regions(FILE *f, const mip_catalog_t *cat)
{
    fprintf(f, "Price catalogue %s\n", mip_catalog_version(cat));
    fprintf(f, "  %-16s %-28s %s\n", "region", "name", "LMI");
    for (size_t i = 0; i < mip_catalog_region_count(cat); i++) {
        const mip_region_t *r = mip_catalog_region_at(cat, i);
        fprintf(f, "  %-16s %-28s %s\n", r->code, r->name,
                r->lmi_available ? "yes" : "no");
    }
}

void render_instances(FILE *f, const mip_instance_t *const *inst, size_t n)
{
    fprintf(f, "  %-18s %6s %10s %-7s %12s %s\n", "instance type", "vCPU", "memory GiB",
            "arch", "USD/hour", "LMI");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-18s %6g %10g %-7s %12.6f %s\n", inst[i]->type, inst[i]->vcpu,
                inst[i]->memory_gib, mip_arch_name(inst[i]->arch),
                inst[i]->ondemand_usd_per_hour,
                mip_instance_lmi_eligible(inst[i]->type) ? "yes" : "no");
    fprintf(f, "%zu instance type%s\n", n, n == 1 ? "" : "s");
}

void render_lambda_rates(FILE *f, const mip_region_t *r)
{
    char p[64];
    fprintf(f, "Default Lambda in %s (%s)\n", r->code, r->name);
    for (int a = 0; a < MIP_ARCH_COUNT; a++) {
        const mip_lambda_arch_rates_t *l = &r->lambda[a];
        fprintf(f, "  %s\n", mip_arch_name((mip_arch_t)a));
        fprintf(f, "    requests                       $%.2f per million\n",
                l->request_usd_per_million);
        double from = 0.0;
        for (size_t t = 0; t < l->n_tiers; t++) {
            char span[64];
            if (isinf(l->tiers[t].up_to_gb_s))
                snprintf(span, sizeof span, "over %.0f GB-s", from);
            else
                snprintf(span, sizeof span, "to %.0f GB-s", l->tiers[t].up_to_gb_s);
            fprintf(f, "    duration %-21s $%s per GB-s\n", span,
                    price(p, sizeof p, l->tiers[t].usd_per_gb_s));
            from = l->tiers[t].up_to_gb_s;
        }
        fprintf(f, "    provisioned concurrency        $%s per GB-s\n",
                price(p, sizeof p, l->provisioned_concurrency_usd_per_gb_s));
        fprintf(f, "    duration while provisioned     $%s per GB-s\n",
                price(p, sizeof p, l->provisioned_duration_usd_per_gb_s));
    }
    fprintf(f, "  ephemeral storage above 512 MB   $%s per GB-s\n",
            price(p, sizeof p, r->ephemeral_usd_per_gb_s));
    fprintf(f, "  free tier: %.0f requests and %.0f GB-s a month\n",
            r->free_tier_requests, r->free_tier_gb_s);
    if (r->lmi_available)
        fprintf(f,
                "Lambda Managed Instances: $%.2f per million requests, management fee "
                "%g%% of the EC2 on-demand price\n",
                r->lmi_request_usd_per_million, r->lmi_management_fee_fraction * 100.0);
    else
        fprintf(f, "Lambda Managed Instances are not offered in %s\n", r->code);
}

/* ---------------------------------------------------------------- traces */

/* A span of seconds as days, hours and minutes. */
static const char *span(char *buf, size_t size, double s)
{
    long m = (long)floor(s / 60.0 + 0.5);
    long d = m / 1440, h = m % 1440 / 60, mm = m % 60;
    if (d > 0)
        snprintf(buf, size, "%ldd %02ldh %02ldm", d, h, mm);
    else
        snprintf(buf, size, "%ldh %02ldm", h, mm);
    return buf;
}

static const char *layout_text(mip_trace_layout_t l)
{
    switch (l) {
    case MIP_TRACE_INTERVALS:
        return "intervals";
    case MIP_TRACE_EVENTS:
        return "events";
    case MIP_TRACE_AZURE2019:
        return "Azure Functions 2019";
    case MIP_TRACE_AUTO:
        break;
    }
    return "auto";
}

void render_trace_summary(FILE *f, const mip_trace_t *trace, const mip_series_stats_t *st)
{
    const mip_trace_info_t *info = mip_trace_info(trace);
    size_t n = mip_trace_series_count(trace);
    fprintf(f, "%zu row%s read (%s layout) from %zu file%s; %zu function%s\n", info->rows,
            info->rows == 1 ? "" : "s", layout_text(info->layout), info->files,
            info->files == 1 ? "" : "s", n, n == 1 ? "" : "s");
    if (info->skipped_rows || info->out_of_order || info->merged)
        fprintf(f,
                "%zu bad row%s skipped, %zu out of order, %zu summed into an interval\n",
                info->skipped_rows, info->skipped_rows == 1 ? "" : "s",
                info->out_of_order, info->merged);
    for (size_t i = 0; i < n; i++) {
        const mip_series_t *s = mip_trace_series_at(trace, i);
        const mip_series_stats_t *x = &st[i];
        char a[40], b[40], g[40], sp[40];
        fprintf(f, "\n%s\n", s->function[0] ? s->function : "(one function)");
        fprintf(f, "  from %s to %s (%s), %zu intervals of %g s, %zu gap%s\n",
                mip_format_time(s->start_s, a, sizeof a),
                mip_format_time(s->start_s + x->span_s, b, sizeof b),
                span(sp, sizeof sp, x->span_s), x->intervals, s->step_s, x->gaps,
                x->gaps == 1 ? "" : "s");
        fprintf(f, "  invocations %.0f; rate mean %.4g/s, peak %.4g/s", x->invocations,
                x->mean_rps, x->peak_rps);
        if (isfinite(x->mean_duration_ms))
            fprintf(f, "; mean duration %.4g ms", x->mean_duration_ms);
        fputc('\n', f);
        fprintf(f, "  concurrency p50 %.4g, p90 %.4g, p99 %.4g, max %.4g\n",
                x->concurrency_p50, x->concurrency_p90, x->concurrency_p99,
                x->concurrency_max);
        fprintf(f, "  sharpest 5-minute growth x%.3g at %s\n", x->growth_5min,
                mip_format_time(x->growth_5min_at_s, g, sizeof g));
    }
}

static void compare_one(FILE *f, const mip_compare_result_t *r, double lmem)
{
    char p[64];
    double offered = r->lmi.requests + r->lmi.throttled_requests;
    fprintf(f, "  %-34s %16s %16s\n", "", "default Lambda", "LMI");
    fprintf(f, "  %-34s %16s %16s\n", "cost of the period (USD)",
            money(r->lambda_period.total_usd), money(r->lmi_period.total_usd));
    fprintf(f, "  %-34s %16s %16s\n", "cost of a month (USD)",
            money(r->lambda_month.total_usd), money(r->lmi_month.total_usd));
    fprintf(f, "  %-34s %16s %16s\n", "requests served", whole(r->lambda.requests),
            whole(r->lmi.requests));
    fprintf(f, "  %-34s %16s %16s\n", "requests throttled",
            whole(r->lambda.throttled_requests), whole(r->lmi.throttled_requests));
    fprintf(f, "  %-34s %16.0f %16s\n", "cold starts", r->lambda.cold_starts, "-");
    if (r->lmi.failed_requests > 0.0)
        fprintf(f, "  %-34s %16s %16.0f\n", "failed (deactivated)", "-",
                r->lmi.failed_requests);
    snprintf(p, sizeof p, "%.4g x %g MB", r->lambda.peak_concurrency, lmem);
    fprintf(f, "  %-34s %16s %16ld\n", "peak concurrency / instances", p,
            r->lmi.peak_instances);
    fprintf(f, "  %-34s %16s %16.1f\n", "instance-hours", "-", r->lmi.instance_hours);
    fprintf(f, "  %-34s %16s %16s\n", "instance type", "-", r->lmi.instance->type);
    fprintf(f, "  %-34s %16s %15.1f%%\n", "mean CPU utilization", "-",
            r->lmi.mean_cpu_utilization * 100.0);
    if (r->lmi.throttled_requests > 0.0)
        fprintf(f, "  LMI throttled %.3g%% of requests in %zu interval%s\n",
                100.0 * r->lmi.throttled_requests / offered, r->lmi.throttled_intervals,
                r->lmi.throttled_intervals == 1 ? "" : "s");
    if (r->lmi.capped_intervals > 0)
        fprintf(f,
                "  the scaler hit MaxVCpuCount or the environment limit in %zu "
                "interval%s\n",
                r->lmi.capped_intervals, r->lmi.capped_intervals == 1 ? "" : "s");
}

static void verdict_line(FILE *f, double lambda_usd, double lmi_usd, double lambda_month,
                         double lmi_month)
{
    double d = lambda_month - lmi_month;
    fprintf(f, "%s%s is cheaper by $%s for the period, $%s a month (%.1f%%).%s\n", bold(),
            lmi_usd < lambda_usd ? "LMI" : "Default Lambda",
            money(fabs(lambda_usd - lmi_usd)), money(fabs(d)),
            fmax(lambda_month, lmi_month) > 0.0
                ? 100.0 * fabs(d) / fmax(lambda_month, lmi_month)
                : 0.0,
            plain());
}

void render_compare(FILE *f, const mip_region_t *r, const mip_compare_input_t *in,
                    const mip_series_t *const *series, const mip_compare_result_t *res,
                    size_t n)
{
    double lmem = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    fprintf(f,
            "Compare in %s: %s %s, LMI %g MB at %g GiB/vCPU, target CPU %g%%, EC2 "
            "discount %g%%; Lambda %g MB%s\n",
            r->code, mip_runtime_name(in->shape.runtime), mip_arch_name(in->shape.arch),
            in->lmi.memory_mb, in->lmi.memory_gib_per_vcpu, in->lmi.target_cpu * 100.0,
            in->price.ec2_discount * 100.0, lmem,
            in->price.lambda_free_tier ? ", free tier" : "");
    mip_compare_totals_t t;
    mip_compare_totals(res, n, &t);
    for (size_t k = 0; k < n; k++) {
        const mip_compare_result_t *x = &res[k];
        char a[40], sp[40];
        fprintf(f, "\n%s: %s from %s\n",
                series[k]->function[0] ? series[k]->function : "(one function)",
                span(sp, sizeof sp, x->period_hours * 3600.0),
                mip_format_time(series[k]->start_s, a, sizeof a));
        compare_one(f, x, lmem);
        verdict_line(f, x->lambda_period.total_usd, x->lmi_period.total_usd,
                     x->lambda_month.total_usd, x->lmi_month.total_usd);
        fprintf(f, "\n  %-10s %8s %14s %12s %12s %10s %10s %12s\n", "day", "hours",
                "requests", "Lambda USD", "LMI USD", "inst-h", "throttled",
                "cold starts");
        for (size_t d = 0; d < x->n_days; d++) {
            const mip_compare_day_t *y = &x->days[d];
            char b[40];
            mip_format_time(y->start_s, b, sizeof b);
            b[10] = '\0';
            fprintf(f, "  %-10s %8.2f %14s %12s %12s %10.1f %10s %12s\n", b, y->hours,
                    whole(y->requests), money(y->lambda_usd), money(y->lmi_usd),
                    y->lmi_instance_hours, whole(y->lmi_throttled),
                    whole(y->lambda_cold_starts));
        }
    }
    if (n > 1) {
        fprintf(f,
                "\nAll %zu functions: default Lambda $%s, LMI $%s for the period; "
                "$%s and $%s a month.\n",
                n, money(t.lambda_usd), money(t.lmi_usd), money(t.lambda_month_usd),
                money(t.lmi_month_usd));
        verdict_line(f, t.lambda_usd, t.lmi_usd, t.lambda_month_usd, t.lmi_month_usd);
    }
}

/* ---------------------------------------------------------------- fit */

void render_fit(FILE *f, const mip_region_t *r, const mip_fit_input_t *in,
                const mip_fit_result_t *res)
{
    const mip_workload_t *w = &in->base.shape;
    fprintf(f, "Fit in %s: %s %s over %.4g hours; throttle budget %g%% of requests\n",
            r->code, mip_runtime_name(w->runtime), mip_arch_name(w->arch),
            res->period_hours, in->throttle_budget * 100.0);
    fprintf(f,
            "%zu configurations (%zu more break a rule); %zu simulated, %zu pruned, %zu "
            "over the budget (%s)\n",
            res->configurations, res->invalid, res->simulated, res->pruned,
            res->over_budget,
            res->exhaustive ? "every allowed type" : "the cheapest type per environment");
    double lam = res->lambda_period.total_usd;
    fprintf(f, "Default Lambda: $%s for the period, $%s a month\n\n", money(lam),
            money(res->lambda_month.total_usd));
    fprintf(f, "  %4s %-14s %7s %5s %5s %6s %4s %12s %12s %10s %8s %12s\n", "rank",
            "instance", "MB", "GiB/v", "conc", "target", "min", "period USD", "month USD",
            "throttled", "CPU", "vs Lambda");
    for (size_t i = 0; i < res->n_best; i++) {
        const mip_fit_candidate_t *c = &res->best[i];
        char thr[32];
        snprintf(thr, sizeof thr, "%.3g%%", c->throttle_fraction * 100.0);
        char conc[24];
        concurrency(conc, sizeof conc, &c->config);
        fprintf(f, "  %4zu %-14s %7g %5g %5s %5g%% %4ld %12s %12s %10s %7.1f%% %12s\n",
                i + 1, c->instance->type, c->config.memory_mb,
                c->config.memory_gib_per_vcpu, conc, c->config.target_cpu * 100.0,
                c->config.min_envs, money(c->period_usd), money(c->month_usd), thr,
                c->sim.mean_cpu_utilization * 100.0, money(lam - c->period_usd));
    }
    if (res->n_best == 0)
        return;
    const mip_fit_candidate_t *b = &res->best[0];
    fprintf(f,
            "\n%sBest: %s, %g MB at %g GiB/vCPU, target %g%%: $%s a month, %s by $%s "
            "against default Lambda.%s\n",
            bold(), b->instance->type, b->config.memory_mb, b->config.memory_gib_per_vcpu,
            b->config.target_cpu * 100.0, money(b->month_usd),
            b->month_usd < res->lambda_month.total_usd ? "cheaper" : "dearer",
            money(fabs(res->lambda_month.total_usd - b->month_usd)), plain());
    fprintf(f, "Settings (--format json prints them ready to paste):\n");
    fprintf(f,
            "  capacity provider: Architectures [%s], AllowedInstanceTypes [%s], "
            "MaxVCpuCount %ld, ",
            mip_arch_name(w->arch), b->instance->type, b->config.max_vcpu);
    if (fabs(b->config.target_cpu - 0.5) < 1e-9)
        fprintf(f, "ScalingMode Auto\n");
    else
        fprintf(f,
                "ScalingMode Manual with LambdaCapacityProviderAverageCPUUtilization "
                "target %g\n",
                b->config.target_cpu * 100.0);
    fprintf(f, "  function: MemorySize %g, ExecutionEnvironmentMemoryGiBPerVCpu %g%s\n",
            b->config.memory_mb, b->config.memory_gib_per_vcpu,
            b->config.max_concurrency > 0 ? "" : ", runtime default concurrency");
    fprintf(f, "  scaling: MinExecutionEnvironments %ld\n", b->config.min_envs);
}

void render_commit(FILE *f, const mip_region_t *r, const mip_fit_candidate_t *c,
                   const mip_commit_result_t *lmi, const mip_commit_result_t *lambda)
{
    fprintf(f, "Savings Plans in %s for %s, %g MB at %g GiB/vCPU, target %g%%\n\n",
            r->code, c->instance->type, c->config.memory_mb,
            c->config.memory_gib_per_vcpu, c->config.target_cpu * 100.0);
    const mip_commit_result_t *x[2] = {lmi, lambda};
    const char *what[2] = {"LMI EC2 compute (not the fee)", "default Lambda duration"};
    fprintf(f, "  %-30s %9s %12s %9s %11s %12s %12s %10s\n", "covers", "discount",
            "commit $/h", "coverage", "utilization", "on demand", "with plan", "saving");
    for (int i = 0; i < 2; i++)
        fprintf(f, "  %-30s %8.0f%% %12.4f %8.1f%% %10.1f%% %12s %12s %10s\n", what[i],
                x[i]->discount * 100.0, x[i]->commitment_usd_per_hour,
                x[i]->covered_fraction * 100.0, x[i]->utilization * 100.0,
                money(x[i]->on_demand_usd), money(x[i]->with_plan_usd),
                money(x[i]->saving_usd));
    fprintf(f,
            "\nOver %g hours of the trace; commit to the hourly amount for the plan's "
            "term.\n",
            lmi->hours);
}

/* ---------------------------------------------------------------- retro */

/* A function's name for a table: an ARN's part after ":function:", cut to
 * width from the left. */
const char *short_function(const char *resource, size_t width)
{
    if (!resource[0])
        return "(no resource id)";
    const char *k = strstr(resource, ":function:");
    const char *name = k ? k + strlen(":function:") : resource;
    size_t len = strlen(name);
    return len > width ? name + len - width : name;
}

void render_retro(FILE *f, const mip_billing_t *b, const mip_retro_function_t *fn,
                  size_t n)
{
    const mip_billing_info_t *in = mip_billing_info(b);
    fprintf(f, "%zu row%s from %zu file%s", in->rows, in->rows == 1 ? "" : "s", in->files,
            in->files == 1 ? "" : "s");
    for (int d = 1; d < MIP_BILLING_DIALECT_COUNT; d++)
        if (in->rows_by_dialect[d])
            fprintf(f, "; %zu %s", in->rows_by_dialect[d],
                    mip_billing_dialect_name((mip_billing_dialect_t)d));
    fprintf(f,
            "\nLambda rows %zu, EC2 %zu, Savings Plans %zu, Managed Instances %zu, "
            "other %zu%s\n",
            in->lambda_rows, in->ec2_rows, in->savings_plans_rows, in->lmi_rows,
            in->unrecognised_rows,
            in->skipped_rows ? " (and bad rows skipped: see above)" : "");
    double billed, effective, list;
    mip_billing_totals(b, &billed, &effective, &list);
    fprintf(f, "Total billed $%s, effective $%s, list $%s\n\n", money(billed),
            money(effective), money(list));
    mip_billing_service_t *sv = NULL;
    size_t m = 0;
    mip_error_t e;
    if (mip_billing_by_service(b, &sv, &m, &e) != MIP_OK)
        fprintf(f, "  (cost by service: %s)\n", e.text);
    else
        fprintf(f, "  %-36s %8s %14s %14s\n", "service", "rows", "billed USD",
                "effective USD");
    for (size_t i = 0; i < m; i++)
        fprintf(f, "  %-36s %8zu %14s %14s\n", sv[i].service, sv[i].rows,
                money(sv[i].billed_usd), money(sv[i].effective_usd));
    mip_free(sv);
    if (n == 0) {
        fprintf(f, "\nNo Lambda usage in the export.\n");
        return;
    }
    fprintf(f, "\nLambda by function (billed, and the catalogue's price of the same "
               "usage):\n");
    fprintf(f, "  %-32s %-14s %-6s %12s %14s %12s %12s %8s\n", "function", "region",
            "arch", "requests", "GB-s", "billed USD", "model USD", "diff");
    for (size_t i = 0; i < n; i++) {
        char diff[32];
        if (fn[i].priced && fn[i].difference == fn[i].difference)
            snprintf(diff, sizeof diff, "%+.2f%%", fn[i].difference * 100.0);
        else
            snprintf(diff, sizeof diff, "-");
        fprintf(f, "  %-32s %-14s %-6s %12s %14.1f %12s %12s %8s\n",
                short_function(fn[i].resource, 32), fn[i].region,
                mip_arch_name(fn[i].arch), whole(fn[i].requests), fn[i].duration_gb_s,
                money(fn[i].billed_usd), money(fn[i].priced ? fn[i].model_usd : 0.0),
                diff);
    }
}

void render_projection(FILE *f, const mip_retro_function_t *fn,
                       const mip_retro_projection_t *p, size_t n)
{
    if (n == 0)
        return;
    fprintf(f, "\nThe same usage on Lambda Managed Instances (hourly, over the bill's "
               "span):\n");
    fprintf(f, "  %-32s %-14s %7s %-13s %9s %5s %10s %12s %12s %12s\n", "function",
            "region", "mem MB", "LMI type", "inst-h", "peak", "throttled", "billed USD",
            "LMI USD", "saving USD");
    for (size_t i = 0; i < n; i++) {
        const char *name = short_function(fn[i].resource, 32);
        if (!p[i].projected) {
            fprintf(f, "  %-32s %-14s not projected: %s\n", name, fn[i].region, p[i].why);
            continue;
        }
        const mip_compare_result_t *c = &p[i].compare;
        fprintf(f, "  %-32s %-14s %7.0f %-13s %9.1f %5ld %10s %12s %12s %12s\n", name,
                fn[i].region, p[i].memory_mb, c->lmi.instance->type,
                c->lmi.instance_hours, c->lmi.peak_instances,
                whole(c->lmi.throttled_requests), money(fn[i].billed_usd),
                money(c->lmi_period.total_usd),
                money(fn[i].billed_usd - c->lmi_period.total_usd));
    }
    mip_retro_totals_t t;
    mip_retro_totals(fn, p, n, &t);
    fprintf(f, "  %-32s %-14s %7s %-13s %9s %5s %10s %12s %12s %12s\n", "total", "", "",
            "", "", "", "", money(t.billed_usd), money(t.lmi_usd),
            money(t.billed_usd - t.lmi_usd));
    int asked = 0;
    for (size_t i = 0; i < n; i++)
        asked |= p[i].fitted || p[i].fit_why[0];
    if (!asked)
        return;
    fprintf(f,
            "\nThe cheapest configuration within the throttle budget, per function:\n");
    fprintf(f, "  %-32s %-13s %7s %5s %5s %6s %4s %9s %9s %12s %12s\n", "function",
            "LMI type", "mem MB", "GiB/v", "conc", "target", "min", "inst-h", "throttled",
            "LMI USD", "saving USD");
    for (size_t i = 0; i < n; i++) {
        const char *name = short_function(fn[i].resource, 32);
        if (!p[i].fitted) {
            fprintf(f, "  %-32s not fitted: %s\n", name, p[i].fit_why);
            continue;
        }
        const mip_fit_candidate_t *c = &p[i].fit.best[0];
        char conc[24];
        concurrency(conc, sizeof conc, &c->config);
        fprintf(f, "  %-32s %-13s %7.0f %5g %5s %5g%% %4ld %9.1f %8.3f%% %12s %12s\n",
                name, c->instance->type, c->config.memory_mb,
                c->config.memory_gib_per_vcpu, conc, c->config.target_cpu * 100.0,
                c->config.min_envs, c->sim.instance_hours, c->throttle_fraction * 100.0,
                money(c->period_usd), money(fn[i].billed_usd - c->period_usd));
    }
    fprintf(f, "  %-32s %-13s %7s %5s %5s %6s %4s %9s %9s %12s %12s\n", "total", "", "",
            "", "", "", "", "", "", money(t.fit_lmi_usd),
            money(t.fit_billed_usd - t.fit_lmi_usd));
}
