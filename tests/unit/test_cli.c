/*
 * test_cli.c - the calculator's core, driven in-process: exit statuses,
 * nothing on stdout after an error, and the acceptance commands.
 */
#include "testutil.h"

#include <criterion/parameterized.h>

#include "cli.h"

#include <jansson.h>

typedef struct {
    int status;
    char *out;
    char *err;
} run_t;

static run_t run(const char *first, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"mipricing";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    run_t r;
    size_t no, ne;
    FILE *out = open_memstream(&r.out, &no);
    FILE *err = open_memstream(&r.err, &ne);
    r.status = mip_cli_main(argc, argv, out, err);
    fclose(out);
    fclose(err);
    return r;
}

static void done(run_t *r)
{
    free(r->out);
    free(r->err);
}

static double json_total(const char *doc)
{
    json_t *root = json_loads(doc, 0, NULL);
    cr_assert_not_null(root, "not JSON: %s", doc);
    double t = json_number_value(json_object_get(root, "total_usd"));
    json_decref(root);
    return t;
}

Test(cli, version_and_help)
{
    run_t r = run("--version", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "mipricing " MIP_VERSION), "%s", r.out);
    done(&r);
    r = run("--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "breakeven"));
    cr_assert_str_empty(r.err);
    done(&r);
    r = run(NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_empty(r.out);
    cr_assert(strstr(r.err, "Usage:"));
    done(&r);
    const char *cmds[][2] = {{"cost", "lambda"},
                             {"cost", "lmi"},
                             {"size", NULL},
                             {"breakeven", NULL},
                             {"prices", NULL}};
    for (size_t i = 0; i < 5; i++) {
        r = cmds[i][1] ? run(cmds[i][0], cmds[i][1], "--help", NULL)
                       : run(cmds[i][0], "--help", NULL);
        cr_assert_eq(r.status, 0, "%s", cmds[i][0]);
        cr_assert(strstr(r.out, "Usage: mipricing"), "%s", r.out);
        done(&r);
    }
}

/* Acceptance 2: AWS's first example, $2.73. */
Test(cli, aws_lambda_example)
{
    run_t r = run("cost", "lambda", "--region", "us-east-1", "--arch", "x86_64",
                  "--memory-mb", "1536", "--duration-ms", "120", "--requests", "3000000",
                  "--free-tier", "--format", "json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    assert_near(json_total(r.out), 2.73, 0.005);
    cr_assert(strstr(r.out, "\"name\": \"requests\""));
    cr_assert(strstr(r.out, "\"name\": \"duration\""));
    done(&r);
}

/* Acceptance 3: AWS's LMI example, $160.36 (20 + 91.392 + 48.96). */
Test(cli, aws_lmi_example)
{
    run_t r = run("cost", "lmi", "--region", "us-east-1", "--instance-type", "m7g.xlarge",
                  "--instance-hours", "2000", "--requests", "100000000", "--discount",
                  "0.72", "--format", "json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    assert_near(json_total(r.out), 160.36, 0.01);
    done(&r);
    /* the same with a percentage, twice in one process (getopt is reset) */
    r = run("cost", "lmi", "--instance-type", "m7g.xlarge", "--instance-hours", "2000",
            "--requests", "1e8", "--discount", "72%", "--format", "json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    assert_near(json_total(r.out), 160.352, 1e-9);
    done(&r);
}

/* Acceptance 5: breakeven, costs agree within 1% at the reported rate. */
Test(cli, breakeven_json)
{
    run_t r = run("breakeven", "--region", "us-east-1", "--arch", "arm64", "--runtime",
                  "nodejs", "--memory-mb", "2048", "--duration-ms", "200", "--cpu-ms",
                  "40", "--format", "json", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    json_t *root = json_loads(r.out, 0, NULL);
    cr_assert_not_null(root);
    double be = json_number_value(json_object_get(root, "breakeven_rps"));
    json_t *at = json_object_get(root, "at");
    double l = json_number_value(json_object_get(at, "lambda_usd"));
    double m = json_number_value(json_object_get(at, "lmi_usd"));
    cr_assert(be > 0.0);
    cr_assert(fabs(l - m) <= 0.01 * l, "%g vs %g", l, m);
    json_t *table = json_object_get(root, "table");
    cr_assert_eq(json_array_size(table), 25);
    size_t i;
    json_t *row;
    json_array_foreach(table, i, row)
    {
        cr_assert_not_null(json_object_get(row, "instance_type"));
        cr_assert_not_null(json_object_get(row, "instances"));
        json_t *lmi = json_object_get(row, "lmi_usd");
        if (json_is_null(lmi))
            continue;
        double rps = json_number_value(json_object_get(row, "rps"));
        double lu = json_number_value(json_object_get(row, "lambda_usd"));
        if (rps < be)
            cr_assert(lu < json_number_value(lmi), "row %zu", i);
        else
            cr_assert(lu > json_number_value(lmi), "row %zu", i);
    }
    json_decref(root);
    done(&r);
}

typedef struct {
    char args[8][48];
    int status;
    char err[80];
} bad_t;

ParameterizedTestParameters(cli, bad_input)
{
    static bad_t cases[] = {
        {{"cost", "lambda", "--duration-ms", "12abc", "--requests", "1"},
         2,
         "'12abc' is not a number"},
        {{"cost", "lambda", "--duration-ms", "nan", "--requests", "1"},
         2,
         "'nan' is not a number"},
        {{"cost", "lambda", "--duration-ms", "10", "--requests", "-5"},
         2,
         "must be 0 or more"},
        {{"cost", "lambda", "--requests", "5"}, 2, "--duration-ms is required"},
        {{"cost", "lambda", "--duration-ms", "1", "--requests", "5", "--bogus"},
         2,
         "unknown option '--bogus'"},
        {{"cost", "lambda", "--duration-ms", "1", "--requests", "5", "--region",
          "us-est-1"},
         1,
         "did you mean us-east-1"},
        {{"cost", "lmi", "--instance-type", "m7g.xlarg", "--instance-hours", "1"},
         1,
         "did you mean m7g.xlarge"},
        {{"cost", "lmi", "--instance-type", "m7g.xlarge", "--instance-hours", "1",
          "--spot"},
         1,
         "Spot"},
        {{"size", "--rps", "10", "--duration-ms", "100", "--memory-mb", "1024"},
         1,
         "MemorySize must be 2048"},
        {{"size", "--rps", "10", "--duration-ms", "100", "--memory-gib-per-vcpu", "3"},
         1,
         "2, 4 or 8"},
        {{"size", "--rps", "10", "--duration-ms", "100", "--concurrency", "100"},
         1,
         "above 64 per vCPU"},
        {{"size", "--rps", "10", "--duration-ms", "100", "--format", "xml"},
         2,
         "'xml' is not text, json or csv"},
        {{"frobnicate"}, 2, "unknown command 'frobnicate'"},
        {{"cost", "lmi", "--instance-hours", "1"}, 2, "must follow an --instance-type"},
        {{"cost", "lmi", "--instance-type", "m7g.xlarge", "--instance-hours", "1",
          "--discount", "1.5"},
         2,
         "between 0 and 1"},
        {{"cost", "lambda", "--duration-ms", "1", "--requests", "5", "--catalog",
          "/nonexistent/aws.json"},
         1,
         "/nonexistent/aws.json"},
    };
    return cr_make_param_array(bad_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_t *c, cli, bad_input)
{
    char *argv[10];
    int argc = 0;
    argv[argc++] = (char *)"mipricing";
    for (int i = 0; i < 8 && c->args[i][0]; i++)
        argv[argc++] = c->args[i];
    argv[argc] = NULL;
    char *o, *e;
    size_t no, ne;
    FILE *out = open_memstream(&o, &no);
    FILE *err = open_memstream(&e, &ne);
    int status = mip_cli_main(argc, argv, out, err);
    fclose(out);
    fclose(err);
    cr_assert_eq(status, c->status, "%s: status %d: %s", c->args[0], status, e);
    cr_assert_str_empty(o, "nothing on stdout after an error");
    cr_assert(strncmp(e, "mipricing: ", 11) == 0, "%s", e);
    cr_assert(strstr(e, c->err), "'%s' lacks '%s'", e, c->err);
    free(o);
    free(e);
}

/* Every listing in every format (the JSON/CSV documents once crashed). */
Test(cli, prices_listings)
{
    const char *what[] = {"regions", "instances", "lambda"};
    const char *fmts[] = {"text", "json", "csv"};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            run_t r = run("prices", what[i], "--format", fmts[j], NULL);
            cr_assert_eq(r.status, 0, "%s %s: %s", what[i], fmts[j], r.err);
            cr_assert(strlen(r.out) > 40, "%s %s", what[i], fmts[j]);
            done(&r);
        }
    run_t r = run("prices", "instances", "--pattern", "c7g.*,*.metal", "--arch", "arm64",
                  "--lmi-only", "--format", "csv", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "us-east-1,c7g.xlarge,4,8,arm64,0.145,true"), "%s", r.out);
    cr_assert_null(strstr(r.out, "c7g.large,"), "not eligible: %s", r.out);
    done(&r);
    r = run("prices", "bogus", NULL);
    cr_assert_eq(r.status, 2);
    done(&r);
}
