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
        jset(o, "name", json_string(l->name), ok);
        jset(o, "quantity", jnum(l->quantity), ok);
        jset(o, "unit", json_string(l->unit), ok);
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
    jset(root, "model", json_string(model), ok);
    jset(root, "region", json_string(region->code), ok);
    jset(root, "currency", json_string("USD"), ok);
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
        jset(root, "currency", json_string("USD"), &ok);
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
        jset(o, "arch", json_string(mip_arch_name(w->arch)), &ok);
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
        jset(o, "instance_type", json_string(usage[i].instance_type), &ok);
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
    jset(o, "duration_ms", jnum(w->duration_ms), ok);
    jset(o, "cpu_ms", jnum(w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms), ok);
    if (w->request_memory_mb > 0.0)
        jset(o, "request_memory_mb", jnum(w->request_memory_mb), ok);
    jset(o, "runtime", json_string(mip_runtime_name(w->runtime)), ok);
    jset(o, "arch", json_string(mip_arch_name(w->arch)), ok);
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
    jset(o, "instance_type", json_string(s->instance->type), ok);
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
    jset(o, "binding", json_string(mip_binding_name(s->binding)), ok);
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
    jset(root, "region", json_string(region->code), &ok);
    jset(root, "currency", json_string("USD"), &ok);
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
         r->lmi_feasible ? json_string(r->instance_type) : json_null(), ok);
    jset(o, "instances", r->lmi_feasible ? json_integer(r->instances) : json_null(), ok);
    jset(o, "cheaper", json_string(cheaper_of(r)), ok);
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
    jset(root, "region", json_string(region->code), &ok);
    jset(root, "currency", json_string("USD"), &ok);
    jset(root, "hours_per_month", jnum(in->price.hours_per_month), &ok);
    jset(root, "workload", workload_json(&in->shape, 0, &ok), &ok);
    jset(root, "config", config_json(&in->lmi, &ok), &ok);
    jset(root, "lambda_memory_mb", jnum(lmem), &ok);
    jset(root, "lambda_free_tier", json_boolean(in->price.lambda_free_tier), &ok);
    jset(root, "lambda_savings_plan_discount", jnum(in->price.lambda_savings_plan), &ok);
    jset(root, "ec2_discount", jnum(in->price.ec2_discount), &ok);
    jset(root, "kind", json_string(mip_breakeven_kind_name(res->kind)), &ok);
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
    jset(root, "catalog_version", json_string(mip_catalog_version(cat)), &ok);
    for (size_t i = 0; i < n; i++) {
        const mip_region_t *r = mip_catalog_region_at(cat, i);
        json_t *o = json_object();
        if (!o) {
            ok = 0;
            break;
        }
        jset(o, "region", json_string(r->code), &ok);
        jset(o, "name", json_string(r->name), &ok);
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
        jset(o, "region", json_string(inst[i]->region), &ok);
        jset(o, "instance_type", json_string(inst[i]->type), &ok);
        jset(o, "vcpu", jnum(inst[i]->vcpu), &ok);
        jset(o, "memory_gib", jnum(inst[i]->memory_gib), &ok);
        jset(o, "arch", json_string(mip_arch_name(inst[i]->arch)), &ok);
        jset(o, "ondemand_usd_per_hour", jnum(inst[i]->ondemand_usd_per_hour), &ok);
        jset(o, "lmi_eligible", json_boolean(mip_instance_lmi_eligible(inst[i]->type)),
             &ok);
        jset(o, "source", json_string(inst[i]->source ? inst[i]->source : ""), &ok);
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
    jset(root, "region", json_string(region->code), &ok);
    jset(root, "name", json_string(region->name), &ok);
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
