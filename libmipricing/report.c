/*
 * report.c - results as JSON (jansson) and CSV documents.
 *
 * JSON keys come in a fixed order (users diff reports); numbers carry 12
 * significant digits. CSV fields are quoted by libcsv's csv_write().
 */
#include "internal.h"

#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

const char *mip_breakeven_kind_name(mip_breakeven_kind_t kind)
{
    switch (kind) {
    case MIP_BREAKEVEN_CROSSES:
        return "crosses";
    case MIP_BREAKEVEN_LMI_CHEAPER:
        return "lmi_cheaper";
    case MIP_BREAKEVEN_LAMBDA_CHEAPER:
        return "lambda_cheaper";
    }
    return "unknown";
}

/* ---------------------------------------------------------------- JSON */

/* A number, or null when it is not finite. */
static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* json_object_set_new that remembers a failure in *ok. */
static void jset(json_t *o, const char *k, json_t *v, int *ok)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *ok = 0;
}

static void jpush(json_t *a, json_t *v, int *ok)
{
    if (!v || json_array_append_new(a, v) != 0)
        *ok = 0;
}

static json_t *bill_lines_json(const mip_bill_t *bill, int *ok)
{
    json_t *arr = json_array();
    if (!arr) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; i < bill->n_lines; i++) {
        const mip_cost_line_t *l = &bill->lines[i];
        json_t *o = json_object();
        if (!o) {
            *ok = 0;
            break;
        }
        jset(o, "name", mip__json_string(l->name), ok);
        jset(o, "quantity", jnum(l->quantity), ok);
        jset(o, "unit", mip__json_string(l->unit), ok);
        jset(o, "rate_usd", jnum(l->rate_usd), ok);
        jset(o, "usd", jnum(l->usd), ok);
        jpush(arr, o, ok);
    }
    return arr;
}

/* Serialise, free the tree, hand over the string. */
static int finish_json(json_t *root, int ok, char **out, mip_error_t *err)
{
    if (!ok || !root) {
        json_decref(root);
        return mip__fail(err, MIP_ENOMEM, "out of memory building a report");
    }
    char *s = json_dumps(root, JSON_FLAGS);
    json_decref(root);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory writing a report");
    size_t n = strlen(s);
    char *r = malloc(n + 2);
    if (!r) {
        free(s);
        return mip__fail(err, MIP_ENOMEM, "out of memory writing a report");
    }
    memcpy(r, s, n);
    r[n] = '\n';
    r[n + 1] = '\0';
    free(s);
    *out = r;
    return MIP_OK;
}

/* ---------------------------------------------------------------- CSV */

typedef struct csvw {
    char *buf;
    size_t size;
    FILE *f;
    int ok;
} csvw_t;

static int csvw_open(csvw_t *w, mip_error_t *err)
{
    w->buf = NULL;
    w->size = 0;
    w->ok = 1;
    w->f = open_memstream(&w->buf, &w->size);
    if (!w->f)
        return mip__fail(err, MIP_ENOMEM, "out of memory writing a report");
    return MIP_OK;
}

static void csvw_sep(csvw_t *w, int first)
{
    if (!first && fputc(',', w->f) == EOF)
        w->ok = 0;
}

/* A text field: plain when it can be, else quoted by libcsv. */
static void csvw_str(csvw_t *w, int first, const char *s)
{
    csvw_sep(w, first);
    size_t n = strlen(s);
    if (strcspn(s, ",\"\r\n") == n && (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
        if (fputs(s, w->f) == EOF && n > 0)
            w->ok = 0;
    } else if (csv_fwrite(w->f, s, n) != 0) {
        w->ok = 0;
    }
}

static void csvw_num(csvw_t *w, int first, double v)
{
    csvw_sep(w, first);
    if (isfinite(v) && fprintf(w->f, "%.12g", v) < 0)
        w->ok = 0;
}

static void csvw_int(csvw_t *w, int first, long v)
{
    csvw_sep(w, first);
    if (fprintf(w->f, "%ld", v) < 0)
        w->ok = 0;
}

static void csvw_eol(csvw_t *w)
{
    if (fputs("\r\n", w->f) == EOF)
        w->ok = 0;
}

/* A header row from a comma-separated list of plain names. */
static void csvw_header(csvw_t *w, const char *names)
{
    if (fputs(names, w->f) == EOF)
        w->ok = 0;
    csvw_eol(w);
}

static int csvw_close(csvw_t *w, char **out, mip_error_t *err)
{
    if (fclose(w->f) != 0)
        w->ok = 0;
    if (!w->ok) {
        free(w->buf);
        return mip__fail(err, MIP_ENOMEM, "out of memory writing a report");
    }
    *out = w->buf;
    return MIP_OK;
}

static void bill_csv_rows(csvw_t *w, const mip_bill_t *bill)
{
    csvw_header(w, "name,quantity,unit,rate_usd,usd");
    for (size_t i = 0; i < bill->n_lines; i++) {
        const mip_cost_line_t *l = &bill->lines[i];
        csvw_str(w, 1, l->name);
        csvw_num(w, 0, l->quantity);
        csvw_str(w, 0, l->unit);
        csvw_num(w, 0, l->rate_usd);
        csvw_num(w, 0, l->usd);
        csvw_eol(w);
    }
    csvw_str(w, 1, "total");
    csvw_str(w, 0, "");
    csvw_str(w, 0, "");
    csvw_str(w, 0, "");
    csvw_num(w, 0, bill->total_usd);
    csvw_eol(w);
}

static int check_common(const void *a, const void *b, mip_format_t fmt, char **out,
                        mip_error_t *err)
{
    mip_error_clear(err);
    if (!a || !b || !out)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    *out = NULL;
    if (fmt != MIP_FORMAT_JSON && fmt != MIP_FORMAT_CSV)
        return mip__fail(err, MIP_EINVAL,
                         "reports are JSON or CSV; text is the "
                         "calculator's");
    return MIP_OK;
}

static int bill_only_csv(const mip_bill_t *bill, char **out, mip_error_t *err)
{
    csvw_t w;
    int rc = csvw_open(&w, err);
    if (rc != MIP_OK)
        return rc;
    bill_csv_rows(&w, bill);
    return csvw_close(&w, out, err);
}

/* The head shared by the cost documents: model, region, currency; and an
 * empty array for their inputs. */
static json_t *cost_doc_open(const char *model, const mip_region_t *region,
                             json_t **inputs, int *ok)
{
    json_t *root = json_object();
    *inputs = json_array();
    if (!root || !*inputs) {
        json_decref(root);
        json_decref(*inputs);
        *inputs = NULL;
        *ok = 0;
        return NULL;
    }
    jset(root, "model", mip__json_string(model), ok);
    jset(root, "region", mip__json_string(region->code), ok);
    jset(root, "currency", mip__json_string("USD"), ok);
    return root;
}

/* The tail shared by the bill documents: lines and total, then serialise. */
static int bill_doc_close(json_t *root, const mip_bill_t *bill, int ok, char **out,
                          mip_error_t *err)
{
    if (root) {
        jset(root, "lines", bill_lines_json(bill, &ok), &ok);
        jset(root, "total_usd", jnum(bill->total_usd), &ok);
    }
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- bills */

int mip_report_bill(const mip_bill_t *bill, mip_format_t fmt, char **out,
                    mip_error_t *err)
{
    int rc = check_common(bill, bill, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (fmt == MIP_FORMAT_CSV)
        return bill_only_csv(bill, out, err);
    int ok = 1;
    json_t *root = json_object();
    if (root)
        jset(root, "currency", mip__json_string("USD"), &ok);
    return bill_doc_close(root, bill, ok, out, err);
}

int mip_report_lambda_cost(const mip_region_t *region,
                           const mip_lambda_workload_t *workloads, size_t n,
                           const mip_lambda_options_t *opt, const mip_bill_t *bill,
                           mip_format_t fmt, char **out, mip_error_t *err)
{
    int rc = check_common(region, bill, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!workloads || !opt)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    if (fmt == MIP_FORMAT_CSV)
        return bill_only_csv(bill, out, err);
    int ok = 1;
    json_t *ws;
    json_t *root = cost_doc_open("lambda", region, &ws, &ok);
    if (!root)
        return finish_json(NULL, 0, out, err);
    for (size_t i = 0; i < n; i++) {
        const mip_lambda_workload_t *w = &workloads[i];
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "arch", mip__json_string(mip_arch_name(w->arch)), &ok);
        jset(o, "memory_mb", jnum(w->memory_mb), &ok);
        jset(o, "ephemeral_mb", jnum(w->ephemeral_mb), &ok);
        jset(o, "requests", jnum(w->requests), &ok);
        jset(o, "duration_ms", jnum(w->duration_ms), &ok);
        if (w->pc_count > 0.0) {
            jset(o, "pc_count", jnum(w->pc_count), &ok);
            jset(o, "pc_hours", jnum(w->pc_hours), &ok);
            jset(o, "pc_requests", jnum(w->pc_requests), &ok);
            jset(o, "pc_duration_ms",
                 jnum(w->pc_duration_ms > 0.0 ? w->pc_duration_ms : w->duration_ms), &ok);
        }
        jpush(ws, o, &ok);
    }
    jset(root, "workloads", ws, &ok);
    jset(root, "free_tier", json_boolean(opt->free_tier), &ok);
    jset(root, "savings_plan_discount", jnum(opt->savings_plan_discount), &ok);
    return bill_doc_close(root, bill, ok, out, err);
}

int mip_report_lmi_cost(const mip_region_t *region, const mip_lmi_usage_t *usage,
                        size_t n, double requests, const mip_bill_t *bill,
                        mip_format_t fmt, char **out, mip_error_t *err)
{
    int rc = check_common(region, bill, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!usage && n > 0)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    if (fmt == MIP_FORMAT_CSV)
        return bill_only_csv(bill, out, err);
    int ok = 1;
    json_t *us;
    json_t *root = cost_doc_open("lmi", region, &us, &ok);
    if (!root)
        return finish_json(NULL, 0, out, err);
    jset(root, "requests", jnum(requests), &ok);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "instance_type", mip__json_string(usage[i].instance_type), &ok);
        jset(o, "instance_hours", jnum(usage[i].instance_hours), &ok);
        jset(o, "ondemand_usd_per_hour", jnum(usage[i].ondemand_usd_per_hour), &ok);
        jset(o, "discount", jnum(usage[i].discount), &ok);
        jpush(us, o, &ok);
    }
    jset(root, "instances", us, &ok);
    jset(root, "management_fee_fraction", jnum(region->lmi_management_fee_fraction), &ok);
    return bill_doc_close(root, bill, ok, out, err);
}

/* ---------------------------------------------------------------- plans */

static json_t *workload_json(const mip_workload_t *w, int with_rate, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    if (with_rate)
        jset(o, "rps", jnum(w->rps), ok);
    /* 0 or less: the trace's own (null) */
    jset(o, "duration_ms", w->duration_ms > 0.0 ? jnum(w->duration_ms) : json_null(), ok);
    double cpu = w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms;
    jset(o, "cpu_ms", cpu > 0.0 ? jnum(cpu) : json_null(), ok);
    if (w->request_memory_mb > 0.0)
        jset(o, "request_memory_mb", jnum(w->request_memory_mb), ok);
    jset(o, "runtime", mip__json_string(mip_runtime_name(w->runtime)), ok);
    jset(o, "arch", mip__json_string(mip_arch_name(w->arch)), ok);
    return o;
}

static json_t *config_json(const mip_lmi_config_t *c, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    jset(o, "memory_mb", jnum(c->memory_mb), ok);
    jset(o, "memory_gib_per_vcpu", jnum(c->memory_gib_per_vcpu), ok);
    if (c->max_concurrency > 0)
        jset(o, "max_concurrency", json_integer(c->max_concurrency), ok);
    jset(o, "target_cpu", jnum(c->target_cpu), ok);
    jset(o, "min_envs", json_integer(c->min_envs), ok);
    jset(o, "max_envs",
         c->max_envs == MIP_UNLIMITED ? json_null() : json_integer(c->max_envs), ok);
    jset(o, "reserve_vcpu", jnum(c->reserve_vcpu), ok);
    jset(o, "reserve_gib", jnum(c->reserve_gib), ok);
    jset(o, "min_instances", json_integer(c->min_instances), ok);
    jset(o, "max_vcpu", json_integer(c->max_vcpu), ok);
    return o;
}

static json_t *sizing_json(const mip_lmi_sizing_t *s, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    jset(o, "instance_type", mip__json_string(s->instance->type), ok);
    jset(o, "instance_vcpu", jnum(s->instance->vcpu), ok);
    jset(o, "instance_memory_gib", jnum(s->instance->memory_gib), ok);
    jset(o, "ondemand_usd_per_hour", jnum(s->instance->ondemand_usd_per_hour), ok);
    jset(o, "instances", json_integer(s->instances), ok);
    jset(o, "env_vcpu", jnum(s->env_vcpu), ok);
    jset(o, "env_memory_gib", jnum(s->env_memory_gib), ok);
    jset(o, "env_concurrency", json_integer(s->env_concurrency), ok);
    jset(o, "envs", json_integer(s->envs), ok);
    jset(o, "envs_by_concurrency", json_integer(s->envs_by_concurrency), ok);
    jset(o, "envs_by_cpu", json_integer(s->envs_by_cpu), ok);
    jset(o, "envs_per_instance", json_integer(s->envs_per_instance), ok);
    jset(o, "binding", mip__json_string(mip_binding_name(s->binding)), ok);
    jset(o, "concurrency", jnum(s->concurrency), ok);
    jset(o, "cpu_vcpu", jnum(s->cpu_vcpu), ok);
    jset(o, "cpu_utilization", jnum(s->cpu_utilization), ok);
    jset(o, "rps_per_env", jnum(s->rps_per_env), ok);
    jset(o, "rps_per_instance", jnum(s->rps_per_instance), ok);
    jset(o, "total_vcpu", jnum(s->total_vcpu), ok);
    return o;
}

int mip_report_plan(const mip_region_t *region, const mip_workload_t *w,
                    const mip_lmi_config_t *c, const mip_price_options_t *opt,
                    const mip_lmi_plan_t *plan, const mip_bill_t *lambda_bill,
                    double lambda_memory_mb, mip_format_t fmt, char **out,
                    mip_error_t *err)
{
    int rc = check_common(region, plan, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!w || !c || !opt)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    const mip_lmi_sizing_t *s = &plan->sizing;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "region,arch,runtime,rps,duration_ms,cpu_ms,memory_mb,"
                         "instance_type,instances,envs,envs_per_instance,"
                         "env_concurrency,binding,cpu_utilization,lmi_usd,lambda_usd");
        csvw_str(&cw, 1, region->code);
        csvw_str(&cw, 0, mip_arch_name(w->arch));
        csvw_str(&cw, 0, mip_runtime_name(w->runtime));
        csvw_num(&cw, 0, w->rps);
        csvw_num(&cw, 0, w->duration_ms);
        csvw_num(&cw, 0, w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms);
        csvw_num(&cw, 0, c->memory_mb);
        csvw_str(&cw, 0, s->instance->type);
        csvw_int(&cw, 0, s->instances);
        csvw_int(&cw, 0, s->envs);
        csvw_int(&cw, 0, s->envs_per_instance);
        csvw_int(&cw, 0, s->env_concurrency);
        csvw_str(&cw, 0, mip_binding_name(s->binding));
        csvw_num(&cw, 0, s->cpu_utilization);
        csvw_num(&cw, 0, plan->bill.total_usd);
        csvw_num(&cw, 0, lambda_bill ? lambda_bill->total_usd : (double)NAN);
        csvw_eol(&cw);
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object();
    if (!root)
        return finish_json(NULL, 0, out, err);
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "currency", mip__json_string("USD"), &ok);
    jset(root, "hours_per_month", jnum(opt->hours_per_month), &ok);
    jset(root, "workload", workload_json(w, 1, &ok), &ok);
    jset(root, "config", config_json(c, &ok), &ok);
    jset(root, "ec2_discount", jnum(opt->ec2_discount), &ok);
    jset(root, "sizing", sizing_json(s, &ok), &ok);
    jset(root, "lines", bill_lines_json(&plan->bill, &ok), &ok);
    jset(root, "total_usd", jnum(plan->bill.total_usd), &ok);
    if (lambda_bill) {
        json_t *l = json_object();
        if (!l)
            ok = 0;
        else {
            jset(l, "memory_mb", jnum(lambda_memory_mb), &ok);
            jset(l, "free_tier", json_boolean(opt->lambda_free_tier), &ok);
            jset(l, "savings_plan_discount", jnum(opt->lambda_savings_plan), &ok);
            jset(l, "lines", bill_lines_json(lambda_bill, &ok), &ok);
            jset(l, "total_usd", jnum(lambda_bill->total_usd), &ok);
        }
        jset(root, "lambda", l, &ok);
    }
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- breakeven */

static const char *cheaper_of(const mip_breakeven_row_t *r)
{
    if (!r->lmi_feasible)
        return "lambda";
    if (r->lmi_usd < r->lambda_usd)
        return "lmi";
    if (r->lmi_usd > r->lambda_usd)
        return "lambda";
    return "equal";
}

static json_t *row_json(const mip_breakeven_row_t *r, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    jset(o, "rps", jnum(r->rps), ok);
    jset(o, "requests_per_month", jnum(r->requests_per_month), ok);
    jset(o, "lambda_usd", jnum(r->lambda_usd), ok);
    jset(o, "lmi_usd", r->lmi_feasible ? jnum(r->lmi_usd) : json_null(), ok);
    jset(o, "instance_type",
         r->lmi_feasible ? mip__json_string(r->instance_type) : json_null(), ok);
    jset(o, "instances", r->lmi_feasible ? json_integer(r->instances) : json_null(), ok);
    jset(o, "cheaper", mip__json_string(cheaper_of(r)), ok);
    return o;
}

int mip_report_breakeven(const mip_region_t *region, const mip_breakeven_input_t *in,
                         const mip_breakeven_result_t *res,
                         const mip_breakeven_row_t *rows, size_t n_rows, mip_format_t fmt,
                         char **out, mip_error_t *err)
{
    int rc = check_common(region, res, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!in || (!rows && n_rows > 0))
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "rps,requests_per_month,lambda_usd,lmi_usd,instance_type,"
                         "instances,cheaper");
        for (size_t i = 0; i < n_rows; i++) {
            const mip_breakeven_row_t *r = &rows[i];
            csvw_num(&cw, 1, r->rps);
            csvw_num(&cw, 0, r->requests_per_month);
            csvw_num(&cw, 0, r->lambda_usd);
            csvw_num(&cw, 0, r->lmi_feasible ? r->lmi_usd : (double)NAN);
            csvw_str(&cw, 0, r->lmi_feasible ? r->instance_type : "");
            if (r->lmi_feasible)
                csvw_int(&cw, 0, r->instances);
            else
                csvw_str(&cw, 0, "");
            csvw_str(&cw, 0, cheaper_of(r));
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *table = json_array();
    if (!root || !table) {
        json_decref(table);
        return finish_json(root, 0, out, err);
    }
    double lmem = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "currency", mip__json_string("USD"), &ok);
    jset(root, "hours_per_month", jnum(in->price.hours_per_month), &ok);
    jset(root, "workload", workload_json(&in->shape, 0, &ok), &ok);
    jset(root, "config", config_json(&in->lmi, &ok), &ok);
    jset(root, "lambda_memory_mb", jnum(lmem), &ok);
    jset(root, "lambda_free_tier", json_boolean(in->price.lambda_free_tier), &ok);
    jset(root, "lambda_savings_plan_discount", jnum(in->price.lambda_savings_plan), &ok);
    jset(root, "ec2_discount", jnum(in->price.ec2_discount), &ok);
    jset(root, "kind", mip__json_string(mip_breakeven_kind_name(res->kind)), &ok);
    jset(root, "breakeven_rps", jnum(res->breakeven_rps), &ok);
    jset(root, "breakeven_requests_per_month",
         jnum(res->breakeven_rps * in->price.hours_per_month * 3600.0), &ok);
    jset(root, "min_rps", jnum(res->min_rps), &ok);
    jset(root, "max_rps", jnum(res->max_rps), &ok);
    jset(root, "lmi_max_rps", jnum(res->lmi_max_rps), &ok);
    jset(root, "at",
         res->kind == MIP_BREAKEVEN_LAMBDA_CHEAPER ? json_null()
                                                   : row_json(&res->at, &ok),
         &ok);
    for (size_t i = 0; i < n_rows; i++)
        jpush(table, row_json(&rows[i], &ok), &ok);
    jset(root, "table", table, &ok);
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- prices */

int mip_report_regions(const mip_catalog_t *cat, mip_format_t fmt, char **out,
                       mip_error_t *err)
{
    int rc = check_common(cat, cat, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    size_t n = mip_catalog_region_count(cat);
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "region,name,lmi_available");
        for (size_t i = 0; i < n; i++) {
            const mip_region_t *r = mip_catalog_region_at(cat, i);
            csvw_str(&cw, 1, r->code);
            csvw_str(&cw, 0, r->name);
            csvw_str(&cw, 0, r->lmi_available ? "true" : "false");
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *arr = json_array();
    if (!root || !arr) {
        json_decref(arr);
        return finish_json(root, 0, out, err);
    }
    jset(root, "catalog_version", mip__json_string(mip_catalog_version(cat)), &ok);
    for (size_t i = 0; i < n; i++) {
        const mip_region_t *r = mip_catalog_region_at(cat, i);
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "region", mip__json_string(r->code), &ok);
        jset(o, "name", mip__json_string(r->name), &ok);
        jset(o, "lmi_available", json_boolean(r->lmi_available), &ok);
        jpush(arr, o, &ok);
    }
    jset(root, "regions", arr, &ok);
    return finish_json(root, ok, out, err);
}

int mip_report_instances(const mip_instance_t *const *inst, size_t n, mip_format_t fmt,
                         char **out, mip_error_t *err)
{
    int rc =
        check_common(inst ? (const void *)inst : (n == 0 ? "" : NULL), "", fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "region,instance_type,vcpu,memory_gib,arch,"
                         "ondemand_usd_per_hour,lmi_eligible,source");
        for (size_t i = 0; i < n; i++) {
            csvw_str(&cw, 1, inst[i]->region);
            csvw_str(&cw, 0, inst[i]->type);
            csvw_num(&cw, 0, inst[i]->vcpu);
            csvw_num(&cw, 0, inst[i]->memory_gib);
            csvw_str(&cw, 0, mip_arch_name(inst[i]->arch));
            csvw_num(&cw, 0, inst[i]->ondemand_usd_per_hour);
            csvw_str(&cw, 0, mip_instance_lmi_eligible(inst[i]->type) ? "true" : "false");
            csvw_str(&cw, 0, inst[i]->source ? inst[i]->source : "");
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *arr = json_array();
    if (!root || !arr) {
        json_decref(arr);
        return finish_json(root, 0, out, err);
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "region", mip__json_string(inst[i]->region), &ok);
        jset(o, "instance_type", mip__json_string(inst[i]->type), &ok);
        jset(o, "vcpu", jnum(inst[i]->vcpu), &ok);
        jset(o, "memory_gib", jnum(inst[i]->memory_gib), &ok);
        jset(o, "arch", mip__json_string(mip_arch_name(inst[i]->arch)), &ok);
        jset(o, "ondemand_usd_per_hour", jnum(inst[i]->ondemand_usd_per_hour), &ok);
        jset(o, "lmi_eligible", json_boolean(mip_instance_lmi_eligible(inst[i]->type)),
             &ok);
        jset(o, "source", mip__json_string(inst[i]->source ? inst[i]->source : ""), &ok);
        jpush(arr, o, &ok);
    }
    jset(root, "instances", arr, &ok);
    return finish_json(root, ok, out, err);
}

int mip_report_lambda_rates(const mip_region_t *region, mip_format_t fmt, char **out,
                            mip_error_t *err)
{
    int rc = check_common(region, region, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "region,arch,item,up_to_gb_s,usd,unit");
        for (int a = 0; a < MIP_ARCH_COUNT; a++) {
            const mip_lambda_arch_rates_t *l = &region->lambda[a];
            const char *an = mip_arch_name((mip_arch_t)a);
            csvw_str(&cw, 1, region->code);
            csvw_str(&cw, 0, an);
            csvw_str(&cw, 0, "requests");
            csvw_str(&cw, 0, "");
            csvw_num(&cw, 0, l->request_usd_per_million);
            csvw_str(&cw, 0, "per million requests");
            csvw_eol(&cw);
            for (size_t t = 0; t < l->n_tiers; t++) {
                char name[48];
                snprintf(name, sizeof name, "duration tier %zu", t + 1);
                csvw_str(&cw, 1, region->code);
                csvw_str(&cw, 0, an);
                csvw_str(&cw, 0, name);
                csvw_num(&cw, 0, l->tiers[t].up_to_gb_s);
                csvw_num(&cw, 0, l->tiers[t].usd_per_gb_s);
                csvw_str(&cw, 0, "per GB-s");
                csvw_eol(&cw);
            }
            csvw_str(&cw, 1, region->code);
            csvw_str(&cw, 0, an);
            csvw_str(&cw, 0, "provisioned concurrency");
            csvw_str(&cw, 0, "");
            csvw_num(&cw, 0, l->provisioned_concurrency_usd_per_gb_s);
            csvw_str(&cw, 0, "per GB-s");
            csvw_eol(&cw);
            csvw_str(&cw, 1, region->code);
            csvw_str(&cw, 0, an);
            csvw_str(&cw, 0, "provisioned duration");
            csvw_str(&cw, 0, "");
            csvw_num(&cw, 0, l->provisioned_duration_usd_per_gb_s);
            csvw_str(&cw, 0, "per GB-s");
            csvw_eol(&cw);
        }
        csvw_str(&cw, 1, region->code);
        csvw_str(&cw, 0, "");
        csvw_str(&cw, 0, "ephemeral storage");
        csvw_str(&cw, 0, "");
        csvw_num(&cw, 0, region->ephemeral_usd_per_gb_s);
        csvw_str(&cw, 0, "per GB-s");
        csvw_eol(&cw);
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object();
    if (!root)
        return finish_json(NULL, 0, out, err);
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "name", mip__json_string(region->name), &ok);
    for (int a = 0; a < MIP_ARCH_COUNT; a++) {
        const mip_lambda_arch_rates_t *l = &region->lambda[a];
        json_t *o = json_object(), *tiers = json_array();
        if (!o || !tiers) {
            json_decref(o);
            json_decref(tiers);
            ok = 0;
            break;
        }
        jset(o, "request_usd_per_million", jnum(l->request_usd_per_million), &ok);
        for (size_t t = 0; t < l->n_tiers; t++) {
            json_t *to = json_object();
            if (!to) {
                ok = 0;
                break;
            }
            jset(to, "up_to_gb_s", jnum(l->tiers[t].up_to_gb_s), &ok);
            jset(to, "usd_per_gb_s", jnum(l->tiers[t].usd_per_gb_s), &ok);
            jpush(tiers, to, &ok);
        }
        jset(o, "duration_tiers", tiers, &ok);
        jset(o, "provisioned_concurrency_usd_per_gb_s",
             jnum(l->provisioned_concurrency_usd_per_gb_s), &ok);
        jset(o, "provisioned_duration_usd_per_gb_s",
             jnum(l->provisioned_duration_usd_per_gb_s), &ok);
        jset(root, mip_arch_name((mip_arch_t)a), o, &ok);
    }
    jset(root, "ephemeral_storage_usd_per_gb_s", jnum(region->ephemeral_usd_per_gb_s),
         &ok);
    json_t *ft = json_object();
    if (ft) {
        jset(ft, "requests", jnum(region->free_tier_requests), &ok);
        jset(ft, "gb_s", jnum(region->free_tier_gb_s), &ok);
    }
    jset(root, "free_tier", ft, &ok);
    jset(root, "lmi_available", json_boolean(region->lmi_available), &ok);
    jset(root, "lmi_request_usd_per_million", jnum(region->lmi_request_usd_per_million),
         &ok);
    jset(root, "lmi_management_fee_fraction", jnum(region->lmi_management_fee_fraction),
         &ok);
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- time */

char *mip_format_time(double epoch_s, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!isfinite(epoch_s) || fabs(epoch_s) > 1e13) {
        snprintf(buf, size, "invalid");
        return buf;
    }
    double secs = floor(epoch_s);
    long long t = (long long)secs;
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rem = t - days * 86400;
    int64_t y;
    int m, d;
    mip_civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", (long long)y, m, d,
             rem / 3600, rem % 3600 / 60, rem % 60);
    return buf;
}

static json_t *jtime(double epoch_s)
{
    char b[40];
    return mip__json_string(mip_format_time(epoch_s, b, sizeof b));
}

/* ---------------------------------------------------------------- traces */

int mip_report_trace_summary(const mip_trace_t *trace, const char *const *paths,
                             size_t n_paths, mip_format_t fmt, char **out,
                             mip_error_t *err)
{
    int rc = check_common(trace, trace, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    const mip_trace_info_t *info = mip_trace_info(trace);
    size_t n = mip_trace_series_count(trace);
    mip_series_stats_t *st = calloc(n ? n : 1, sizeof *st);
    if (!st)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        if ((rc = mip_series_stats(mip_trace_series_at(trace, i), &st[i], err)) !=
            MIP_OK) {
            free(st);
            return rc;
        }
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK) {
            free(st);
            return rc;
        }
        csvw_header(&cw, "function,start,end,step_s,intervals,gaps,invocations,mean_rps,"
                         "peak_rps,concurrency_p50,concurrency_p90,concurrency_p99,"
                         "concurrency_max,growth_5min,growth_5min_at,mean_duration_ms");
        for (size_t i = 0; i < n; i++) {
            const mip_series_t *s = mip_trace_series_at(trace, i);
            char a[40], b[40], g[40];
            csvw_str(&cw, 1, s->function);
            csvw_str(&cw, 0, mip_format_time(s->start_s, a, sizeof a));
            csvw_str(&cw, 0, mip_format_time(s->start_s + st[i].span_s, b, sizeof b));
            csvw_num(&cw, 0, s->step_s);
            csvw_int(&cw, 0, (long)st[i].intervals);
            csvw_int(&cw, 0, (long)st[i].gaps);
            csvw_num(&cw, 0, st[i].invocations);
            csvw_num(&cw, 0, st[i].mean_rps);
            csvw_num(&cw, 0, st[i].peak_rps);
            csvw_num(&cw, 0, st[i].concurrency_p50);
            csvw_num(&cw, 0, st[i].concurrency_p90);
            csvw_num(&cw, 0, st[i].concurrency_p99);
            csvw_num(&cw, 0, st[i].concurrency_max);
            csvw_num(&cw, 0, st[i].growth_5min);
            csvw_str(&cw, 0, mip_format_time(st[i].growth_5min_at_s, g, sizeof g));
            csvw_num(&cw, 0, st[i].mean_duration_ms);
            csvw_eol(&cw);
        }
        free(st);
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *files = json_array(), *fns = json_array(),
           *reasons = json_array();
    if (!root || !files || !fns || !reasons) {
        json_decref(files);
        json_decref(fns);
        json_decref(reasons);
        free(st);
        return finish_json(root, 0, out, err);
    }
    for (size_t i = 0; i < n_paths && paths; i++)
        jpush(files, mip__json_string(paths[i]), &ok);
    jset(root, "files", files, &ok);
    jset(root, "layout", mip__json_string(mip__trace_layout_name(info->layout)), &ok);
    jset(root, "rows", json_integer((json_int_t)info->rows), &ok);
    jset(root, "skipped_rows", json_integer((json_int_t)info->skipped_rows), &ok);
    for (size_t i = 0; i < info->n_reasons; i++)
        jpush(reasons, mip__json_string(info->reasons[i]), &ok);
    jset(root, "skipped_reasons", reasons, &ok);
    jset(root, "out_of_order_rows", json_integer((json_int_t)info->out_of_order), &ok);
    jset(root, "merged_rows", json_integer((json_int_t)info->merged), &ok);
    for (size_t i = 0; i < n; i++) {
        const mip_series_t *s = mip_trace_series_at(trace, i);
        json_t *o = json_object(), *c = json_object();
        if (!o || !c) {
            json_decref(o);
            json_decref(c);
            ok = 0;
            break;
        }
        jset(o, "function", mip__json_string(s->function), &ok);
        jset(o, "start", jtime(s->start_s), &ok);
        jset(o, "end", jtime(s->start_s + st[i].span_s), &ok);
        jset(o, "step_s", jnum(s->step_s), &ok);
        jset(o, "intervals", json_integer((json_int_t)st[i].intervals), &ok);
        jset(o, "span_s", jnum(st[i].span_s), &ok);
        jset(o, "gaps", json_integer((json_int_t)st[i].gaps), &ok);
        jset(o, "invocations", jnum(st[i].invocations), &ok);
        jset(o, "mean_rps", jnum(st[i].mean_rps), &ok);
        jset(o, "peak_rps", jnum(st[i].peak_rps), &ok);
        jset(o, "mean_duration_ms", jnum(st[i].mean_duration_ms), &ok);
        jset(c, "p50", jnum(st[i].concurrency_p50), &ok);
        jset(c, "p90", jnum(st[i].concurrency_p90), &ok);
        jset(c, "p99", jnum(st[i].concurrency_p99), &ok);
        jset(c, "max", jnum(st[i].concurrency_max), &ok);
        jset(o, "concurrency", c, &ok);
        jset(o, "growth_5min", jnum(st[i].growth_5min), &ok);
        jset(o, "growth_5min_at", jtime(st[i].growth_5min_at_s), &ok);
        jpush(fns, o, &ok);
    }
    jset(root, "functions", fns, &ok);
    free(st);
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- compare */

static json_t *lambda_side(const mip_compare_result_t *r, double memory_mb, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    jset(o, "memory_mb", jnum(memory_mb), ok);
    jset(o, "requests", jnum(r->lambda.requests), ok);
    jset(o, "throttled_requests", jnum(r->lambda.throttled_requests), ok);
    jset(o, "gb_s", jnum(r->lambda.gb_s), ok);
    jset(o, "cold_starts", jnum(r->lambda.cold_starts), ok);
    jset(o, "peak_concurrency", jnum(r->lambda.peak_concurrency), ok);
    jset(o, "lines", bill_lines_json(&r->lambda_period, ok), ok);
    jset(o, "total_usd", jnum(r->lambda_period.total_usd), ok);
    jset(o, "month_total_usd", jnum(r->lambda_month.total_usd), ok);
    return o;
}

static json_t *lmi_side(const mip_compare_result_t *r, int *ok)
{
    json_t *o = json_object(), *by = json_object();
    if (!o || !by) {
        json_decref(o);
        json_decref(by);
        *ok = 0;
        return NULL;
    }
    double offered = r->lmi.requests + r->lmi.throttled_requests;
    jset(o, "instance_type", mip__json_string(r->lmi.instance->type), ok);
    jset(o, "instance_hours", jnum(r->lmi.instance_hours), ok);
    jset(by, r->lmi.instance->type, jnum(r->lmi.instance_hours), ok);
    jset(o, "instance_hours_by_type", by, ok);
    jset(o, "requests", jnum(r->lmi.requests), ok);
    jset(o, "throttled_requests", jnum(r->lmi.throttled_requests), ok);
    jset(o, "failed_requests", jnum(r->lmi.failed_requests), ok);
    jset(o, "throttled_fraction",
         jnum(offered > 0.0 ? r->lmi.throttled_requests / offered : 0.0), ok);
    jset(o, "throttled_rps", jnum(r->lmi.throttled_requests / (r->period_hours * 3600.0)),
         ok);
    jset(o, "throttled_intervals", json_integer((json_int_t)r->lmi.throttled_intervals),
         ok);
    jset(o, "peak_instances", json_integer(r->lmi.peak_instances), ok);
    jset(o, "peak_envs", json_integer(r->lmi.peak_envs), ok);
    jset(o, "mean_cpu_utilization", jnum(r->lmi.mean_cpu_utilization), ok);
    jset(o, "capped_intervals", json_integer((json_int_t)r->lmi.capped_intervals), ok);
    jset(o, "lines", bill_lines_json(&r->lmi_period, ok), ok);
    jset(o, "total_usd", jnum(r->lmi_period.total_usd), ok);
    jset(o, "month_total_usd", jnum(r->lmi_month.total_usd), ok);
    return o;
}

static json_t *day_json(const mip_compare_day_t *d, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    char b[40];
    mip_format_time(d->start_s, b, sizeof b);
    b[10] = '\0';
    jset(o, "date", mip__json_string(b), ok);
    jset(o, "hours", jnum(d->hours), ok);
    jset(o, "requests", jnum(d->requests), ok);
    jset(o, "lambda_usd", jnum(d->lambda_usd), ok);
    jset(o, "lmi_usd", jnum(d->lmi_usd), ok);
    jset(o, "lmi_instance_hours", jnum(d->lmi_instance_hours), ok);
    jset(o, "lmi_throttled", jnum(d->lmi_throttled), ok);
    jset(o, "lambda_cold_starts", jnum(d->lambda_cold_starts), ok);
    jset(o, "lambda_requests_usd", jnum(d->lambda_requests_usd), ok);
    jset(o, "lambda_duration_usd", jnum(d->lambda_duration_usd), ok);
    jset(o, "lmi_compute_usd", jnum(d->lmi_compute_usd), ok);
    jset(o, "lmi_fee_usd", jnum(d->lmi_fee_usd), ok);
    jset(o, "lmi_requests_usd", jnum(d->lmi_requests_usd), ok);
    jset(o, "cheaper", mip__json_string(d->lmi_usd < d->lambda_usd ? "lmi" : "lambda"),
         ok);
    return o;
}

/* The verdict of one comparison (or of sums). */
static void verdict(json_t *o, double lambda_usd, double lmi_usd, double lambda_month,
                    double lmi_month, int *ok)
{
    jset(o, "cheaper", mip__json_string(lmi_usd < lambda_usd ? "lmi" : "lambda"), ok);
    jset(o, "savings_usd", jnum(fabs(lambda_usd - lmi_usd)), ok);
    jset(o, "month_savings_usd", jnum(fabs(lambda_month - lmi_month)), ok);
    jset(o, "savings_fraction",
         jnum(fmax(lambda_usd, lmi_usd) > 0.0
                  ? fabs(lambda_usd - lmi_usd) / fmax(lambda_usd, lmi_usd)
                  : 0.0),
         ok);
}

/* Days of several comparisons summed by date. */
static json_t *merged_days(const mip_compare_result_t *r, size_t n, int *ok)
{
    json_t *arr = json_array();
    mip_compare_day_t *sum = NULL;
    size_t nd = 0;
    if (!arr || mip_compare_days(r, n, &sum, &nd, NULL) != MIP_OK) {
        *ok = 0;
        return arr;
    }
    for (size_t d = 0; d < nd; d++)
        jpush(arr, day_json(&sum[d], ok), ok);
    mip_free(sum);
    return arr;
}

int mip_report_compare(const mip_region_t *region, const mip_compare_input_t *in,
                       const mip_series_t *const *series,
                       const mip_compare_result_t *results, size_t n, mip_format_t fmt,
                       char **out, mip_error_t *err)
{
    int rc = check_common(region, in, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!series || !results || n == 0)
        return mip__fail(err, MIP_EINVAL, "report: no comparison");
    double lmem = in->lambda_memory_mb > 0.0 ? in->lambda_memory_mb : in->lmi.memory_mb;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "function,date,hours,requests,lambda_usd,lmi_usd,"
                         "lmi_instance_type,lmi_instance_hours,lmi_throttled,"
                         "lambda_cold_starts,cheaper");
        for (size_t k = 0; k < n; k++)
            for (size_t d = 0; d < results[k].n_days; d++) {
                const mip_compare_day_t *x = &results[k].days[d];
                char b[40];
                mip_format_time(x->start_s, b, sizeof b);
                b[10] = '\0';
                csvw_str(&cw, 1, series[k]->function);
                csvw_str(&cw, 0, b);
                csvw_num(&cw, 0, x->hours);
                csvw_num(&cw, 0, x->requests);
                csvw_num(&cw, 0, x->lambda_usd);
                csvw_num(&cw, 0, x->lmi_usd);
                csvw_str(&cw, 0, results[k].lmi.instance->type);
                csvw_num(&cw, 0, x->lmi_instance_hours);
                csvw_num(&cw, 0, x->lmi_throttled);
                csvw_num(&cw, 0, x->lambda_cold_starts);
                csvw_str(&cw, 0, x->lmi_usd < x->lambda_usd ? "lmi" : "lambda");
                csvw_eol(&cw);
            }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object();
    if (!root)
        return finish_json(NULL, 0, out, err);
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "currency", mip__json_string("USD"), &ok);
    jset(root, "hours_per_month", jnum(in->price.hours_per_month), &ok);
    jset(root, "workload", workload_json(&in->shape, 0, &ok), &ok);
    jset(root, "config", config_json(&in->lmi, &ok), &ok);
    jset(root, "ec2_discount", jnum(in->price.ec2_discount), &ok);
    jset(root, "lambda_free_tier", json_boolean(in->price.lambda_free_tier), &ok);
    if (n == 1) {
        const mip_compare_result_t *r = &results[0];
        jset(root, "function", mip__json_string(series[0]->function), &ok);
        jset(root, "start", jtime(series[0]->start_s), &ok);
        jset(root, "period_hours", jnum(r->period_hours), &ok);
        jset(root, "lambda", lambda_side(r, lmem, &ok), &ok);
        jset(root, "lmi", lmi_side(r, &ok), &ok);
        verdict(root, r->lambda_period.total_usd, r->lmi_period.total_usd,
                r->lambda_month.total_usd, r->lmi_month.total_usd, &ok);
        json_t *days = json_array();
        for (size_t d = 0; days && d < r->n_days; d++)
            jpush(days, day_json(&r->days[d], &ok), &ok);
        jset(root, "days", days, &ok);
        return finish_json(root, ok, out, err);
    }
    /* several functions: sums first, then each */
    mip_compare_totals_t t;
    mip_compare_totals(results, n, &t);
    json_t *by = json_object(), *fns = json_array();
    if (!by || !fns) {
        json_decref(by);
        json_decref(fns);
        return finish_json(root, 0, out, err);
    }
    for (size_t k = 0; k < n; k++) {
        const mip_compare_result_t *r = &results[k];
        json_t *h = json_object_get(by, r->lmi.instance->type);
        double prev = h ? json_real_value(h) : 0.0;
        jset(by, r->lmi.instance->type, json_real(prev + r->lmi.instance_hours), &ok);
        json_t *f = json_object();
        if (!f) {
            ok = 0;
            break;
        }
        jset(f, "function", mip__json_string(series[k]->function), &ok);
        jset(f, "start", jtime(series[k]->start_s), &ok);
        jset(f, "period_hours", jnum(r->period_hours), &ok);
        jset(f, "lambda", lambda_side(r, lmem, &ok), &ok);
        jset(f, "lmi", lmi_side(r, &ok), &ok);
        verdict(f, r->lambda_period.total_usd, r->lmi_period.total_usd,
                r->lambda_month.total_usd, r->lmi_month.total_usd, &ok);
        jpush(fns, f, &ok);
    }
    json_t *ls = json_object(), *ms = json_object();
    if (ls && ms) {
        jset(ls, "cold_starts", jnum(t.lambda_cold_starts), &ok);
        jset(ls, "total_usd", jnum(t.lambda_usd), &ok);
        jset(ls, "month_total_usd", jnum(t.lambda_month_usd), &ok);
        jset(ms, "instance_hours", jnum(t.lmi_instance_hours), &ok);
        jset(ms, "instance_hours_by_type", by, &ok);
        by = NULL;
        jset(ms, "throttled_requests", jnum(t.lmi_throttled), &ok);
        jset(ms, "total_usd", jnum(t.lmi_usd), &ok);
        jset(ms, "month_total_usd", jnum(t.lmi_month_usd), &ok);
    } else {
        ok = 0;
    }
    json_decref(by);
    jset(root, "functions_compared", json_integer((json_int_t)n), &ok);
    jset(root, "lambda", ls, &ok);
    jset(root, "lmi", ms, &ok);
    verdict(root, t.lambda_usd, t.lmi_usd, t.lambda_month_usd, t.lmi_month_usd, &ok);
    jset(root, "days", merged_days(results, n, &ok), &ok);
    jset(root, "functions", fns, &ok);
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- fit */

/* The effective concurrency of an environment of configuration c. */
static long env_concurrency(const mip_workload_t *w, const mip_lmi_config_t *c)
{
    long conc;
    int bound;
    if (mip__env_concurrency(w, c, &conc, &bound, NULL) != MIP_OK)
        return c->max_concurrency;
    return conc;
}

/* The settings of a candidate, as AWS names them. */
static json_t *settings_json(const mip_workload_t *w, const mip_fit_candidate_t *c,
                             int *ok)
{
    json_t *root = json_object(), *cp = json_object(), *req = json_object(),
           *archs = json_array(), *types = json_array(), *scaling = json_object(),
           *fn = json_object(), *cpc = json_object(), *lmi = json_object(),
           *fsc = json_object();
    if (!root || !cp || !req || !archs || !types || !scaling || !fn || !cpc || !lmi ||
        !fsc) {
        json_decref(root);
        json_decref(cp);
        json_decref(req);
        json_decref(archs);
        json_decref(types);
        json_decref(scaling);
        json_decref(fn);
        json_decref(cpc);
        json_decref(lmi);
        json_decref(fsc);
        *ok = 0;
        return NULL;
    }
    const mip_lmi_config_t *k = &c->config;
    jpush(archs, mip__json_string(mip_arch_name(w->arch)), ok);
    jpush(types, mip__json_string(c->instance->type), ok);
    jset(req, "Architectures", archs, ok);
    jset(req, "AllowedInstanceTypes", types, ok);
    jset(cp, "InstanceRequirements", req, ok);
    /* Auto mode keeps the headroom of a 50% target; any other target is a
     * target-tracking policy on average CPU, in percent. */
    if (fabs(k->target_cpu - 0.5) < 1e-9) {
        jset(scaling, "ScalingMode", mip__json_string("Auto"), ok);
    } else {
        json_t *pols = json_array(), *pol = json_object();
        if (!pols || !pol) {
            json_decref(pols);
            json_decref(pol);
            *ok = 0;
        } else {
            jset(pol, "PredefinedMetricType",
                 mip__json_string("LambdaCapacityProviderAverageCPUUtilization"), ok);
            jset(pol, "TargetValue", jnum(k->target_cpu * 100.0), ok);
            jpush(pols, pol, ok);
            jset(scaling, "ScalingMode", mip__json_string("Manual"), ok);
            jset(scaling, "ScalingPolicies", pols, ok);
        }
    }
    jset(scaling, "MaxVCpuCount", json_integer(k->max_vcpu), ok);
    jset(cp, "CapacityProviderScalingConfig", scaling, ok);
    jset(root, "CapacityProvider", cp, ok);
    jset(fn, "MemorySize", json_integer((json_int_t)k->memory_mb), ok);
    jset(lmi, "ExecutionEnvironmentMemoryGiBPerVCpu", jnum(k->memory_gib_per_vcpu), ok);
    jset(lmi, "PerExecutionEnvironmentMaxConcurrency",
         json_integer(env_concurrency(w, k)), ok);
    jset(cpc, "LambdaManagedInstancesCapacityProviderConfig", lmi, ok);
    jset(fn, "CapacityProviderConfig", cpc, ok);
    jset(root, "Function", fn, ok);
    jset(fsc, "MinExecutionEnvironments", json_integer(k->min_envs), ok);
    if (k->max_envs != MIP_UNLIMITED)
        jset(fsc, "MaxExecutionEnvironments", json_integer(k->max_envs), ok);
    jset(root, "FunctionScalingConfig", fsc, ok);
    return root;
}

static json_t *candidate_json(const mip_workload_t *w, const mip_fit_candidate_t *c,
                              double lambda_usd, int *ok)
{
    json_t *o = json_object(), *by = json_object();
    if (!o || !by) {
        json_decref(o);
        json_decref(by);
        *ok = 0;
        return NULL;
    }
    jset(o, "instance_type", mip__json_string(c->instance->type), ok);
    jset(o, "memory_mb", jnum(c->config.memory_mb), ok);
    jset(o, "memory_gib_per_vcpu", jnum(c->config.memory_gib_per_vcpu), ok);
    jset(o, "concurrency", json_integer(env_concurrency(w, &c->config)), ok);
    jset(o, "target_cpu", jnum(c->config.target_cpu), ok);
    jset(o, "min_envs", json_integer(c->config.min_envs), ok);
    jset(o, "total_usd", jnum(c->period_usd), ok);
    jset(o, "month_total_usd", jnum(c->month_usd), ok);
    jset(o, "throttle_fraction", jnum(c->throttle_fraction), ok);
    jset(o, "throttled_requests", jnum(c->sim.throttled_requests), ok);
    jset(o, "instance_hours", jnum(c->sim.instance_hours), ok);
    jset(by, c->instance->type, jnum(c->sim.instance_hours), ok);
    jset(o, "instance_hours_by_type", by, ok);
    jset(o, "mean_cpu_utilization", jnum(c->sim.mean_cpu_utilization), ok);
    jset(o, "peak_instances", json_integer(c->sim.peak_instances), ok);
    jset(o, "saving_vs_lambda_usd", jnum(lambda_usd - c->period_usd), ok);
    return o;
}

int mip_report_fit(const mip_region_t *region, const mip_fit_input_t *in,
                   const mip_fit_result_t *res, mip_format_t fmt, char **out,
                   mip_error_t *err)
{
    int rc = check_common(region, res, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!in)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    const mip_workload_t *w = &in->base.shape;
    double lambda_usd = res->lambda_period.total_usd;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw,
                    "rank,instance_type,memory_mb,memory_gib_per_vcpu,concurrency,"
                    "target_cpu,min_envs,total_usd,month_total_usd,throttle_fraction,"
                    "instance_hours,mean_cpu_utilization,saving_vs_lambda_usd");
        for (size_t i = 0; i < res->n_best; i++) {
            const mip_fit_candidate_t *c = &res->best[i];
            csvw_int(&cw, 1, (long)i + 1);
            csvw_str(&cw, 0, c->instance->type);
            csvw_num(&cw, 0, c->config.memory_mb);
            csvw_num(&cw, 0, c->config.memory_gib_per_vcpu);
            csvw_int(&cw, 0, env_concurrency(w, &c->config));
            csvw_num(&cw, 0, c->config.target_cpu);
            csvw_int(&cw, 0, c->config.min_envs);
            csvw_num(&cw, 0, c->period_usd);
            csvw_num(&cw, 0, c->month_usd);
            csvw_num(&cw, 0, c->throttle_fraction);
            csvw_num(&cw, 0, c->sim.instance_hours);
            csvw_num(&cw, 0, c->sim.mean_cpu_utilization);
            csvw_num(&cw, 0, lambda_usd - c->period_usd);
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *search = json_object(), *lam = json_object(),
           *best = json_array();
    if (!root || !search || !lam || !best) {
        json_decref(search);
        json_decref(lam);
        json_decref(best);
        return finish_json(root, 0, out, err);
    }
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "currency", mip__json_string("USD"), &ok);
    jset(root, "workload", workload_json(w, 0, &ok), &ok);
    jset(root, "period_hours", jnum(res->period_hours), &ok);
    jset(root, "throttle_budget", jnum(in->throttle_budget), &ok);
    jset(search, "configurations", json_integer((json_int_t)res->configurations), &ok);
    jset(search, "invalid", json_integer((json_int_t)res->invalid), &ok);
    jset(search, "simulated", json_integer((json_int_t)res->simulated), &ok);
    jset(search, "pruned", json_integer((json_int_t)res->pruned), &ok);
    jset(search, "over_budget", json_integer((json_int_t)res->over_budget), &ok);
    jset(search, "exhaustive", json_boolean(res->exhaustive), &ok);
    jset(root, "search", search, &ok);
    jset(lam, "memory_mb",
         jnum(in->base.lambda_memory_mb > 0.0 ? in->base.lambda_memory_mb
                                              : in->base.lmi.memory_mb),
         &ok);
    jset(lam, "cold_starts", jnum(res->lambda.cold_starts), &ok);
    jset(lam, "total_usd", jnum(lambda_usd), &ok);
    jset(lam, "month_total_usd", jnum(res->lambda_month.total_usd), &ok);
    jset(root, "lambda", lam, &ok);
    for (size_t i = 0; i < res->n_best; i++)
        jpush(best, candidate_json(w, &res->best[i], lambda_usd, &ok), &ok);
    jset(root, "best", best, &ok);
    if (res->n_best > 0) {
        jset(root, "cheaper",
             mip__json_string(res->best[0].period_usd < lambda_usd ? "lmi" : "lambda"),
             &ok);
        jset(root, "settings", settings_json(w, &res->best[0], &ok), &ok);
    }
    return finish_json(root, ok, out, err);
}

static json_t *commit_json(const mip_commit_result_t *c, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    jset(o, "discount", jnum(c->discount), ok);
    jset(o, "hours", jnum(c->hours), ok);
    jset(o, "commitment_usd_per_hour", jnum(c->commitment_usd_per_hour), ok);
    jset(o, "covered_fraction", jnum(c->covered_fraction), ok);
    jset(o, "utilization", jnum(c->utilization), ok);
    jset(o, "on_demand_usd", jnum(c->on_demand_usd), ok);
    jset(o, "with_plan_usd", jnum(c->with_plan_usd), ok);
    jset(o, "saving_usd", jnum(c->saving_usd), ok);
    return o;
}

int mip_report_commit(const mip_region_t *region, const mip_fit_candidate_t *c,
                      const mip_commit_result_t *lmi, const mip_commit_result_t *lambda,
                      mip_format_t fmt, char **out, mip_error_t *err)
{
    int rc = check_common(region, lmi, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!c || !lambda)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "model,covers,discount,hours,commitment_usd_per_hour,"
                         "covered_fraction,utilization,on_demand_usd,with_plan_usd,"
                         "saving_usd");
        const mip_commit_result_t *r[2] = {lmi, lambda};
        const char *model[2] = {"lmi", "lambda"};
        const char *covers[2] = {"EC2 compute", "duration"};
        for (int i = 0; i < 2; i++) {
            csvw_str(&cw, 1, model[i]);
            csvw_str(&cw, 0, covers[i]);
            csvw_num(&cw, 0, r[i]->discount);
            csvw_num(&cw, 0, r[i]->hours);
            csvw_num(&cw, 0, r[i]->commitment_usd_per_hour);
            csvw_num(&cw, 0, r[i]->covered_fraction);
            csvw_num(&cw, 0, r[i]->utilization);
            csvw_num(&cw, 0, r[i]->on_demand_usd);
            csvw_num(&cw, 0, r[i]->with_plan_usd);
            csvw_num(&cw, 0, r[i]->saving_usd);
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *cfg = json_object();
    if (!root || !cfg) {
        json_decref(cfg);
        return finish_json(root, 0, out, err);
    }
    jset(root, "region", mip__json_string(region->code), &ok);
    jset(root, "currency", mip__json_string("USD"), &ok);
    jset(cfg, "instance_type", mip__json_string(c->instance->type), &ok);
    jset(cfg, "memory_mb", jnum(c->config.memory_mb), &ok);
    jset(cfg, "memory_gib_per_vcpu", jnum(c->config.memory_gib_per_vcpu), &ok);
    jset(cfg, "target_cpu", jnum(c->config.target_cpu), &ok);
    jset(root, "configuration", cfg, &ok);
    json_t *l = commit_json(lmi, &ok);
    if (l)
        jset(l, "covers", mip__json_string("EC2 compute (never the management fee)"),
             &ok);
    jset(root, "lmi", l, &ok);
    json_t *d = commit_json(lambda, &ok);
    if (d)
        jset(d, "covers", mip__json_string("duration"), &ok);
    jset(root, "lambda", d, &ok);
    return finish_json(root, ok, out, err);
}

/* ---------------------------------------------------------------- retro */

int mip_report_retro(const mip_billing_t *b, const mip_retro_function_t *f, size_t n,
                     mip_format_t fmt, char **out, mip_error_t *err)
{
    int rc = check_common(b, b, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if (!f && n > 0)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    size_t ns = 0;
    mip_billing_service_t *sv = NULL;
    if ((rc = mip_billing_by_service(b, &sv, &ns, err)) != MIP_OK)
        return rc;
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK) {
            free(sv);
            return rc;
        }
        csvw_header(&cw, "service,rows,billed_usd,effective_usd,list_usd");
        for (size_t i = 0; i < ns; i++) {
            csvw_str(&cw, 1, sv[i].service);
            csvw_int(&cw, 0, (long)sv[i].rows);
            csvw_num(&cw, 0, sv[i].billed_usd);
            csvw_num(&cw, 0, sv[i].effective_usd);
            csvw_num(&cw, 0, sv[i].list_usd);
            csvw_eol(&cw);
        }
        free(sv);
        return csvw_close(&cw, out, err);
    }
    const mip_billing_info_t *in = mip_billing_info(b);
    int ok = 1;
    json_t *root = json_object(), *dia = json_object(), *svs = json_array(),
           *fns = json_array(), *reasons = json_array(), *tot = json_object();
    if (!root || !dia || !svs || !fns || !reasons || !tot) {
        json_decref(dia);
        json_decref(svs);
        json_decref(fns);
        json_decref(reasons);
        json_decref(tot);
        free(sv);
        return finish_json(root, 0, out, err);
    }
    jset(root, "files", json_integer((json_int_t)in->files), &ok);
    jset(root, "rows", json_integer((json_int_t)in->rows), &ok);
    for (int d = 1; d < MIP_BILLING_DIALECT_COUNT; d++)
        if (in->rows_by_dialect[d])
            jset(dia, mip_billing_dialect_name((mip_billing_dialect_t)d),
                 json_integer((json_int_t)in->rows_by_dialect[d]), &ok);
    jset(root, "rows_by_dialect", dia, &ok);
    jset(root, "lambda_rows", json_integer((json_int_t)in->lambda_rows), &ok);
    jset(root, "ec2_rows", json_integer((json_int_t)in->ec2_rows), &ok);
    jset(root, "savings_plans_rows", json_integer((json_int_t)in->savings_plans_rows),
         &ok);
    jset(root, "lmi_rows", json_integer((json_int_t)in->lmi_rows), &ok);
    jset(root, "unrecognised_rows", json_integer((json_int_t)in->unrecognised_rows), &ok);
    jset(root, "skipped_rows", json_integer((json_int_t)in->skipped_rows), &ok);
    for (size_t i = 0; i < in->n_reasons; i++)
        jpush(reasons, mip__json_string(in->reasons[i]), &ok);
    jset(root, "skipped_reasons", reasons, &ok);
    double billed, effective, list;
    mip_billing_totals(b, &billed, &effective, &list);
    jset(tot, "billed_usd", jnum(billed), &ok);
    jset(tot, "effective_usd", jnum(effective), &ok);
    jset(tot, "list_usd", jnum(list), &ok);
    jset(root, "totals", tot, &ok);
    for (size_t i = 0; i < ns; i++) {
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "service", mip__json_string(sv[i].service), &ok);
        jset(o, "rows", json_integer((json_int_t)sv[i].rows), &ok);
        jset(o, "billed_usd", jnum(sv[i].billed_usd), &ok);
        jset(o, "effective_usd", jnum(sv[i].effective_usd), &ok);
        jset(o, "list_usd", jnum(sv[i].list_usd), &ok);
        jpush(svs, o, &ok);
    }
    free(sv);
    jset(root, "services", svs, &ok);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "account", mip__json_string(f[i].account), &ok);
        jset(o, "region", mip__json_string(f[i].region), &ok);
        jset(o, "function", mip__json_string(f[i].resource), &ok);
        jset(o, "arch", mip__json_string(mip_arch_name(f[i].arch)), &ok);
        jset(o, "hours", json_integer((json_int_t)f[i].hours), &ok);
        jset(o, "from", jtime(f[i].first_hour_s), &ok);
        jset(o, "to", jtime(f[i].last_hour_s + 3600.0), &ok);
        jset(o, "requests", jnum(f[i].requests), &ok);
        jset(o, "duration_gb_s", jnum(f[i].duration_gb_s), &ok);
        jset(o, "provisioned_concurrency_gb_s", jnum(f[i].pc_gb_s), &ok);
        jset(o, "provisioned_duration_gb_s", jnum(f[i].pc_duration_gb_s), &ok);
        jset(o, "billed_usd", jnum(f[i].billed_usd), &ok);
        jset(o, "effective_usd", jnum(f[i].effective_usd), &ok);
        jset(o, "model_usd", f[i].priced ? jnum(f[i].model_usd) : json_null(), &ok);
        jset(o, "difference", jnum(f[i].difference), &ok);
        jpush(fns, o, &ok);
    }
    jset(root, "lambda_functions", fns, &ok);
    return finish_json(root, ok, out, err);
}

/* ------------------------------------------------- retro projections */

int mip_report_projection(const mip_retro_function_t *f, const mip_retro_projection_t *p,
                          size_t n, mip_format_t fmt, char **out, mip_error_t *err)
{
    int rc = check_common(out, out, fmt, out, err);
    if (rc != MIP_OK)
        return rc;
    if ((!f || !p) && n > 0)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    if (fmt == MIP_FORMAT_CSV) {
        csvw_t cw;
        if ((rc = csvw_open(&cw, err)) != MIP_OK)
            return rc;
        csvw_header(&cw, "account,region,function,arch,hours,requests,billed_usd,"
                         "model_usd,memory_mb,lambda_sim_usd,lmi_usd,instance_type,"
                         "instance_hours,peak_instances,throttled_requests,"
                         "lmi_month_usd,why,fit_instance_type,fit_memory_mb,"
                         "fit_memory_gib_per_vcpu,fit_concurrency,fit_target_cpu,"
                         "fit_min_envs,fit_instance_hours,fit_throttle_fraction,"
                         "fit_lmi_usd,fit_why");
        for (size_t i = 0; i < n; i++) {
            const mip_compare_result_t *c = &p[i].compare;
            int y = p[i].projected;
            csvw_str(&cw, 1, f[i].account);
            csvw_str(&cw, 0, f[i].region);
            csvw_str(&cw, 0, f[i].resource);
            csvw_str(&cw, 0, mip_arch_name(f[i].arch));
            csvw_int(&cw, 0, (long)f[i].hours);
            csvw_num(&cw, 0, f[i].requests);
            csvw_num(&cw, 0, f[i].billed_usd);
            csvw_num(&cw, 0, f[i].priced ? f[i].model_usd : (double)NAN);
            csvw_num(&cw, 0, p[i].memory_mb);
            csvw_num(&cw, 0, y ? c->lambda_period.total_usd : (double)NAN);
            csvw_num(&cw, 0, y ? c->lmi_period.total_usd : (double)NAN);
            csvw_str(&cw, 0, y ? c->lmi.instance->type : "");
            csvw_num(&cw, 0, y ? c->lmi.instance_hours : (double)NAN);
            csvw_num(&cw, 0, y ? (double)c->lmi.peak_instances : (double)NAN);
            csvw_num(&cw, 0, y ? c->lmi.throttled_requests : (double)NAN);
            csvw_num(&cw, 0, y ? c->lmi_month.total_usd : (double)NAN);
            csvw_str(&cw, 0, y ? "" : p[i].why);
            const mip_fit_candidate_t *b = p[i].fitted ? &p[i].fit.best[0] : NULL;
            csvw_str(&cw, 0, b ? b->instance->type : "");
            csvw_num(&cw, 0, b ? b->config.memory_mb : (double)NAN);
            csvw_num(&cw, 0, b ? b->config.memory_gib_per_vcpu : (double)NAN);
            csvw_num(&cw, 0,
                     b ? (double)env_concurrency(&p[i].shape, &b->config) : (double)NAN);
            csvw_num(&cw, 0, b ? b->config.target_cpu : (double)NAN);
            csvw_num(&cw, 0, b ? (double)b->config.min_envs : (double)NAN);
            csvw_num(&cw, 0, b ? b->sim.instance_hours : (double)NAN);
            csvw_num(&cw, 0, b ? b->throttle_fraction : (double)NAN);
            csvw_num(&cw, 0, b ? b->period_usd : (double)NAN);
            csvw_str(&cw, 0, b ? "" : p[i].fit_why);
            csvw_eol(&cw);
        }
        return csvw_close(&cw, out, err);
    }
    int ok = 1;
    json_t *root = json_object(), *fns = json_array();
    if (!root || !fns) {
        json_decref(fns);
        return finish_json(root, 0, out, err);
    }
    for (size_t i = 0; i < n; i++) {
        const mip_compare_result_t *c = &p[i].compare;
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "account", mip__json_string(f[i].account), &ok);
        jset(o, "region", mip__json_string(f[i].region), &ok);
        jset(o, "function", mip__json_string(f[i].resource), &ok);
        jset(o, "arch", mip__json_string(mip_arch_name(f[i].arch)), &ok);
        jset(o, "from", jtime(f[i].first_hour_s), &ok);
        jset(o, "to", jtime(f[i].last_hour_s + 3600.0), &ok);
        jset(o, "requests", jnum(f[i].requests), &ok);
        jset(o, "billed_usd", jnum(f[i].billed_usd), &ok);
        jset(o, "effective_usd", jnum(f[i].effective_usd), &ok);
        jset(o, "model_usd", f[i].priced ? jnum(f[i].model_usd) : json_null(), &ok);
        jset(o, "memory_mb", jnum(p[i].memory_mb), &ok);
        jset(o, "projected", json_boolean(p[i].projected), &ok);
        if (p[i].projected) {
            jset(o, "period_hours", jnum(c->period_hours), &ok);
            jset(o, "lambda", lambda_side(c, p[i].memory_mb, &ok), &ok);
            jset(o, "lmi", lmi_side(c, &ok), &ok);
            jset(o, "saving_usd", jnum(f[i].billed_usd - c->lmi_period.total_usd), &ok);
        } else {
            jset(o, "why", mip__json_string(p[i].why), &ok);
        }
        if (p[i].fitted) {
            const mip_fit_candidate_t *b = &p[i].fit.best[0];
            json_t *fit =
                candidate_json(&p[i].shape, b, p[i].fit.lambda_period.total_usd, &ok);
            if (fit) {
                jset(fit, "saving_vs_billed_usd", jnum(f[i].billed_usd - b->period_usd),
                     &ok);
                jset(fit, "settings", settings_json(&p[i].shape, b, &ok), &ok);
            }
            jset(o, "fit", fit, &ok);
        } else if (p[i].fit_why[0]) {
            jset(o, "fit_why", mip__json_string(p[i].fit_why), &ok);
        }
        jpush(fns, o, &ok);
    }
    mip_retro_totals_t t;
    mip_retro_totals(f, p, n, &t);
    jset(root, "functions", fns, &ok);
    jset(root, "projected_billed_usd", jnum(t.billed_usd), &ok);
    jset(root, "projected_lmi_usd", jnum(t.lmi_usd), &ok);
    if (t.fitted > 0) {
        jset(root, "fitted_billed_usd", jnum(t.fit_billed_usd), &ok);
        jset(root, "fitted_lmi_usd", jnum(t.fit_lmi_usd), &ok);
    }
    return finish_json(root, ok, out, err);
}

typedef struct focus_row {
    const char *category;  /* ChargeCategory */
    const char *frequency; /* ChargeFrequency */
    const char *description;
    const char *service, *subcategory;
    const char *pricing_category;
    int committed; /* the commitment columns apply */
    double quantity;
    const char *unit;
    double list_unit, billed, effective, list;
    const char *instance_type;
} focus_row_t;

#define FOCUS_HEADER                                                                     \
    "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,"                    \
    "BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,"                    \
    "ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,"               \
    "CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountStatus,"          \
    "CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,"               \
    "ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,"        \
    "PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,"            \
    "RegionId,RegionName,ResourceId,ResourceType,ServiceCategory,ServiceName,"           \
    "ServiceSubcategory,SkuId,SubAccountId,x_InstanceType,x_Source"

/* A row of the month [bs, be), for the charges of [cs, ce). */
static void focus_write(csvw_t *w, const mip_retro_function_t *f,
                        const mip_retro_projection_t *p, const focus_row_t *r, double bs,
                        double be, double cs, double ce)
{
    char t[4][40];
    csvw_num(w, 1, r->billed);
    csvw_str(w, 0, f->account);
    csvw_str(w, 0, f->account);
    csvw_str(w, 0, "USD");
    csvw_str(w, 0, mip_format_time(be, t[0], sizeof t[0]));
    csvw_str(w, 0, mip_format_time(bs, t[1], sizeof t[1]));
    csvw_str(w, 0, r->category);
    csvw_str(w, 0, "");
    csvw_str(w, 0, r->description);
    csvw_str(w, 0, r->frequency);
    csvw_str(w, 0, mip_format_time(ce, t[2], sizeof t[2]));
    csvw_str(w, 0, mip_format_time(cs, t[3], sizeof t[3]));
    csvw_str(w, 0, r->committed ? "Spend" : "");
    csvw_str(w, 0, r->committed ? "projected-savings-plan" : "");
    csvw_str(w, 0, r->committed && strcmp(r->category, "Usage") == 0 ? "Used" : "");
    csvw_str(w, 0, r->committed ? "Savings Plan" : "");
    int usage = strcmp(r->category, "Usage") == 0;
    csvw_num(w, 0, usage ? r->quantity : (double)NAN);
    csvw_str(w, 0, usage ? r->unit : "");
    csvw_num(w, 0, r->list); /* no negotiated rates: contracted = list */
    csvw_num(w, 0, r->list_unit);
    csvw_num(w, 0, r->effective);
    csvw_str(w, 0, "AWS");
    csvw_num(w, 0, r->list);
    csvw_num(w, 0, r->list_unit);
    csvw_str(w, 0, r->pricing_category);
    csvw_num(w, 0, r->quantity);
    csvw_str(w, 0, r->unit);
    csvw_str(w, 0, "AWS");
    csvw_str(w, 0, "AWS");
    csvw_str(w, 0, f->region);
    csvw_str(w, 0, p->region ? p->region->name : f->region);
    csvw_str(w, 0, f->resource);
    csvw_str(w, 0, f->resource[0] ? "Function" : "");
    csvw_str(w, 0, "Compute");
    csvw_str(w, 0, r->service);
    csvw_str(w, 0, r->subcategory);
    csvw_str(w, 0, "");
    csvw_str(w, 0, f->account);
    csvw_str(w, 0, r->instance_type ? r->instance_type : "");
    csvw_str(w, 0, "mipricing projection");
    csvw_eol(w);
}

int mip_report_focus(const mip_retro_function_t *f, const mip_retro_projection_t *p,
                     size_t n, char **out, mip_error_t *err)
{
    int rc = check_common(out, out, MIP_FORMAT_CSV, out, err);
    if (rc != MIP_OK)
        return rc;
    if ((!f || !p) && n > 0)
        return mip__fail(err, MIP_EINVAL, "report: NULL argument");
    csvw_t cw;
    if ((rc = csvw_open(&cw, err)) != MIP_OK)
        return rc;
    csvw_header(&cw, FOCUS_HEADER);
    for (size_t i = 0; i < n; i++) {
        if (!p[i].projected)
            continue;
        const mip_compare_result_t *c = &p[i].compare;
        const mip_instance_t *inst = c->lmi.instance;
        const mip_bill_t *b = &c->lmi_period;
        char ec2[MIP_NAME_LENGTH], d_ec2[128], d_fee[128];
        snprintf(ec2, sizeof ec2, MIP__EC2_PREFIX "%s", inst->type);
        const mip_cost_line_t *lr = mip_bill_line(b, "requests");
        const mip_cost_line_t *le = mip_bill_line(b, ec2);
        if (!lr || !le)
            continue;
        double od = inst->ondemand_usd_per_hour;
        double fee_rate = od * p[i].region->lmi_management_fee_fraction;
        double disc = p[i].ec2_discount;
        snprintf(d_ec2, sizeof d_ec2, "Lambda Managed Instances %s instance-hours",
                 inst->type);
        snprintf(d_fee, sizeof d_fee, "Lambda Managed Instances management fee on %s",
                 inst->type);
        /* a billing period is a calendar month: the days of each month
         * summed into its own rows */
        double first = f[i].first_hour_s, end = f[i].last_hour_s + 3600.0;
        for (size_t d = 0; d < c->n_days;) {
            double bs, be;
            mip__month_bounds(c->days[d].start_s, &bs, &be);
            double hours = 0.0, ec2_usd = 0.0, fee_usd = 0.0, req_usd = 0.0, nreq = 0.0;
            for (; d < c->n_days && c->days[d].start_s < be; d++) {
                nreq += c->days[d].lmi_requests;
                hours += c->days[d].lmi_instance_hours;
                ec2_usd += c->days[d].lmi_compute_usd;
                fee_usd += c->days[d].lmi_fee_usd;
                req_usd += c->days[d].lmi_requests_usd;
            }
            double cs = first > bs ? first : bs, ce = end < be ? end : be;
            focus_row_t req = {"Usage",
                               "Usage-Based",
                               "Lambda Managed Instances requests",
                               "AWS Lambda",
                               "Serverless Compute",
                               "Standard",
                               0,
                               nreq,
                               "Requests",
                               lr->rate_usd,
                               req_usd,
                               req_usd,
                               req_usd,
                               NULL};
            focus_write(&cw, &f[i], &p[i], &req, bs, be, cs, ce);
            focus_row_t vm = {"Usage",
                              "Usage-Based",
                              d_ec2,
                              "Amazon Elastic Compute Cloud",
                              "Virtual Machines",
                              disc > 0.0 ? "Committed" : "Standard",
                              disc > 0.0,
                              hours,
                              "Hours",
                              od,
                              disc > 0.0 ? 0.0 : ec2_usd,
                              ec2_usd,
                              hours * od,
                              inst->type};
            focus_write(&cw, &f[i], &p[i], &vm, bs, be, cs, ce);
            focus_row_t mf = {"Usage",
                              "Usage-Based",
                              d_fee,
                              "AWS Lambda",
                              "Serverless Compute",
                              "Standard",
                              0,
                              hours,
                              "Hours",
                              fee_rate,
                              fee_usd,
                              fee_usd,
                              fee_usd,
                              inst->type};
            focus_write(&cw, &f[i], &p[i], &mf, bs, be, cs, ce);
            if (disc > 0.0) {
                /* the commitment that covers exactly the usage: billed as a
                 * recurring fee, its cost amortised into the usage above */
                focus_row_t sp = {"Purchase",
                                  "Recurring",
                                  "Savings Plan commitment covering the projected "
                                  "instance-hours",
                                  "AWS Savings Plans",
                                  "Other (Compute)",
                                  "Committed",
                                  1,
                                  ec2_usd,
                                  "USD",
                                  1.0,
                                  ec2_usd,
                                  0.0,
                                  ec2_usd,
                                  inst->type};
                focus_write(&cw, &f[i], &p[i], &sp, bs, be, cs, ce);
            }
        }
    }
    return csvw_close(&cw, out, err);
}
