/*
 * test_report.c - JSON and CSV documents: parse them back and check them.
 */
#include "testutil.h"

#include <jansson.h>
#include <unistd.h>

static mip_bill_t two_lines(void)
{
    mip_bill_t b;
    mip_bill_init(&b);
    b.n_lines = 2;
    strcpy(b.lines[0].name, "requests");
    b.lines[0].quantity = 2e6;
    strcpy(b.lines[0].unit, "requests");
    b.lines[0].rate_usd = 2e-7;
    b.lines[0].usd = 0.4;
    strcpy(b.lines[1].name, "EC2 m7g.xlarge, \"odd\" name");
    b.lines[1].quantity = 2000;
    strcpy(b.lines[1].unit, "hours");
    b.lines[1].rate_usd = 0.045696;
    b.lines[1].usd = 91.392;
    b.total_usd = 91.792;
    return b;
}

Test(report, bill_json_round_trips)
{
    mip_bill_t b = two_lines();
    char *doc = NULL;
    mip_error_t e;
    cr_assert_eq(mip_report_bill(&b, MIP_FORMAT_JSON, &doc, &e), MIP_OK);
    json_error_t je;
    json_t *root = json_loads(doc, JSON_REJECT_DUPLICATES, &je);
    cr_assert_not_null(root, "%s", je.text);
    cr_assert_eq(json_real_value(json_object_get(root, "total_usd")), 91.792);
    json_t *lines = json_object_get(root, "lines");
    cr_assert_eq(json_array_size(lines), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(lines, 1), "name")),
                     "EC2 m7g.xlarge, \"odd\" name");
    /* keys in a stable order: name, quantity, unit, rate_usd, usd */
    const char *order[] = {"name", "quantity", "unit", "rate_usd", "usd"};
    void *it = json_object_iter(json_array_get(lines, 0));
    for (int i = 0; i < 5; i++, it = json_object_iter_next(json_array_get(lines, 0), it))
        cr_assert_str_eq(json_object_iter_key(it), order[i]);
    json_decref(root);
    cr_assert_eq(doc[strlen(doc) - 1], '\n');
    mip_free(doc);
}

Test(report, bill_csv_quotes_what_needs_it)
{
    mip_bill_t b = two_lines();
    char *doc = NULL;
    cr_assert_eq(mip_report_bill(&b, MIP_FORMAT_CSV, &doc, NULL), MIP_OK);
    cr_assert_str_eq(doc,
                     "name,quantity,unit,rate_usd,usd\r\n"
                     "requests,2000000,requests,2e-07,0.4\r\n"
                     "\"EC2 m7g.xlarge, \"\"odd\"\" name\",2000,hours,0.045696,91.392\r\n"
                     "total,,,,91.792\r\n");
    mip_free(doc);
}

Test(report, refuses_text_and_null)
{
    mip_bill_t b = two_lines();
    char *doc = (char *)"untouched";
    mip_error_t e;
    cr_assert_eq(mip_report_bill(&b, MIP_FORMAT_TEXT, &doc, &e), MIP_EINVAL);
    cr_assert(strstr(e.text, "JSON or CSV"), "%s", e.text);
    cr_assert_null(doc);
    cr_assert_eq(mip_report_bill(NULL, MIP_FORMAT_JSON, &doc, &e), MIP_EINVAL);
    cr_assert_eq(mip_report_bill(&b, MIP_FORMAT_JSON, NULL, &e), MIP_EINVAL);
    cr_assert_eq(mip_report_regions(NULL, MIP_FORMAT_JSON, &doc, &e), MIP_EINVAL);
    cr_assert_eq(mip_report_lambda_rates(NULL, MIP_FORMAT_CSV, &doc, &e), MIP_EINVAL);
}

/* The whole path with the bundled catalogue: AWS's first example as JSON. */
Test(report, lambda_cost_document)
{
    mip_catalog_t *cat = test_catalog();
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "us-east-1", &r, NULL), MIP_OK);
    mip_lambda_workload_t w;
    mip_lambda_workload_init(&w);
    w.memory_mb = 1536;
    w.duration_ms = 120;
    w.requests = 3e6;
    mip_lambda_options_t o = MIP_LAMBDA_OPTIONS_INIT;
    o.free_tier = 1;
    mip_bill_t b;
    cr_assert_eq(mip_lambda_cost(r, &w, 1, &o, &b, NULL), MIP_OK);
    char *doc = NULL;
    cr_assert_eq(mip_report_lambda_cost(r, &w, 1, &o, &b, MIP_FORMAT_JSON, &doc, NULL),
                 MIP_OK);
    json_t *root = json_loads(doc, 0, NULL);
    cr_assert_not_null(root);
    /* 140,000 GB-s x 0.0000166667 + 2M x 0.2e-6 = 2.333338 + 0.4 */
    assert_near(json_real_value(json_object_get(root, "total_usd")), 2.733338, 1e-9);
    cr_assert_str_eq(json_string_value(json_object_get(root, "model")), "lambda");
    cr_assert(json_is_true(json_object_get(root, "free_tier")));
    json_decref(root);
    mip_free(doc);
    cr_assert_eq(mip_report_lambda_cost(r, &w, 1, &o, &b, MIP_FORMAT_CSV, &doc, NULL),
                 MIP_OK);
    cr_assert(strstr(doc, "\r\ntotal,,,,2.733338\r\n"), "%s", doc);
    mip_free(doc);
    mip_catalog_free(cat);
}

Test(report, breakeven_document_has_table_and_nulls)
{
    mip_region_t r;
    memset(&r, 0, sizeof r);
    r.code = "us-east-1";
    mip_breakeven_input_t in;
    mip_breakeven_input_init(&in);
    in.shape.duration_ms = 100;
    mip_breakeven_result_t res;
    memset(&res, 0, sizeof res);
    res.kind = MIP_BREAKEVEN_LAMBDA_CHEAPER;
    res.breakeven_rps = NAN;
    res.lmi_max_rps = 50.0;
    mip_breakeven_row_t rows[2];
    memset(rows, 0, sizeof rows);
    rows[0].rps = 1.0;
    rows[0].requests_per_month = 2628000;
    rows[0].lambda_usd = 9.5;
    rows[0].lmi_feasible = 1;
    rows[0].lmi_usd = 200.25;
    strcpy(rows[0].instance_type, "m7i.large");
    rows[0].instances = 3;
    rows[1].rps = 100.0;
    rows[1].lambda_usd = 950.0;
    char *doc = NULL;
    cr_assert_eq(
        mip_report_breakeven(&r, &in, &res, rows, 2, MIP_FORMAT_JSON, &doc, NULL),
        MIP_OK);
    json_t *root = json_loads(doc, 0, NULL);
    cr_assert_not_null(root);
    cr_assert(json_is_null(json_object_get(root, "breakeven_rps")));
    cr_assert(json_is_null(json_object_get(root, "at")));
    cr_assert_str_eq(json_string_value(json_object_get(root, "kind")), "lambda_cheaper");
    json_t *t = json_object_get(root, "table");
    cr_assert_eq(json_array_size(t), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(t, 0), "cheaper")),
                     "lambda");
    cr_assert(json_is_null(json_object_get(json_array_get(t, 1), "lmi_usd")));
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(t, 0), "instances")),
                 3);
    json_decref(root);
    mip_free(doc);
    cr_assert_eq(mip_report_breakeven(&r, &in, &res, rows, 2, MIP_FORMAT_CSV, &doc, NULL),
                 MIP_OK);
    cr_assert_str_eq(doc, "rps,requests_per_month,lambda_usd,lmi_usd,instance_type,"
                          "instances,cheaper\r\n"
                          "1,2628000,9.5,200.25,m7i.large,3,lambda\r\n"
                          "100,0,950,,,,lambda\r\n");
    mip_free(doc);
}

Test(report, catalogue_listings)
{
    mip_catalog_t *cat = test_catalog();
    char *doc = NULL;
    cr_assert_eq(mip_report_regions(cat, MIP_FORMAT_CSV, &doc, NULL), MIP_OK);
    cr_assert(strstr(doc, "us-east-1,US East (N. Virginia),true\r\n"), "%s", doc);
    mip_free(doc);
    const mip_instance_t *one;
    cr_assert_eq(mip_catalog_instance(cat, "us-east-1", "m7g.xlarge", &one, NULL),
                 MIP_OK);
    cr_assert_eq(mip_report_instances(&one, 1, MIP_FORMAT_JSON, &doc, NULL), MIP_OK);
    json_t *root = json_loads(doc, 0, NULL);
    json_t *i0 = json_array_get(json_object_get(root, "instances"), 0);
    cr_assert_eq(json_real_value(json_object_get(i0, "ondemand_usd_per_hour")), 0.1632);
    cr_assert(json_is_true(json_object_get(i0, "lmi_eligible")));
    json_decref(root);
    mip_free(doc);
    const mip_region_t *r;
    cr_assert_eq(mip_catalog_region(cat, "eu-west-1", &r, NULL), MIP_OK);
    cr_assert_eq(mip_report_lambda_rates(r, MIP_FORMAT_JSON, &doc, NULL), MIP_OK);
    root = json_loads(doc, 0, NULL);
    cr_assert_eq(json_real_value(json_object_get(root, "ephemeral_storage_usd_per_gb_s")),
                 0.000000034);
    json_t *tiers = json_object_get(json_object_get(root, "x86_64"), "duration_tiers");
    cr_assert(json_is_null(json_object_get(json_array_get(tiers, 2), "up_to_gb_s")));
    json_decref(root);
    mip_free(doc);
    cr_assert_eq(mip_report_lambda_rates(r, MIP_FORMAT_CSV, &doc, NULL), MIP_OK);
    cr_assert(strstr(doc, "eu-west-1,arm64,duration tier 1,7500000000,1.33334e-05,per "
                          "GB-s\r\n"),
              "%s", doc);
    mip_free(doc);
    mip_catalog_free(cat);
}

Test(report, trace_summary_of_names_not_utf8)
{
    /* found by fuzz/fuzz_trace: a function name or a skipped row's reason
     * that is not UTF-8 made the JSON summary fail as "out of memory" */
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_report_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    cr_assert_not_null(fp);
    fputs("timestamp,function,invocations,duration_ms\n"
          "2024-05-01T12:00:00Z,f\xe9,3,10.5\n"
          "\xff,g,1,2\n",
          fp);
    fclose(fp);
    const char *p = path;
    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.skip_bad_rows = 1;
    mip_trace_t *t = NULL;
    mip_error_t err;
    cr_assert_eq(mip_trace_load(&p, 1, &o, &t, &err), MIP_OK, "%s", err.text);
    char *doc = NULL;
    cr_assert_eq(mip_report_trace_summary(t, &p, 1, MIP_FORMAT_JSON, &doc, &err), MIP_OK,
                 "%s", err.text);
    json_t *root = json_loads(doc, 0, NULL);
    cr_assert_not_null(root);
    json_t *f0 = json_array_get(json_object_get(root, "functions"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(f0, "function")), "f?");
    const char *why =
        json_string_value(json_array_get(json_object_get(root, "skipped_reasons"), 0));
    cr_assert_not_null(why);
    cr_assert(strstr(why, "timestamp: '?' is not a timestamp"), "%s", why);
    json_decref(root);
    mip_free(doc);
    mip_trace_free(t);
    unlink(path);
}
