/*
 * fuzz_cli.c - the calculator's entry point, mip_cli_main(), on any argv.
 *
 * The input, split at NUL bytes, is argv after "mipricing" (at most 48
 * arguments). Output and messages go to /dev/null. The calculator must not
 * touch files outside a scratch directory, so arguments are rewritten:
 *   @c @t @e @b @f @j @s @o @l  a small catalogue, an interval trace, an
 *       event trace, a legacy CUR, a FOCUS export, a partial aggregate, a
 *       schedule, EC2 and Lambda offer files (fresh copies in the scratch
 *       directory at every run; "--opt=@t" works too);
 *   anything else with a '/'    a path that does not exist.
 * The calculator runs in an empty directory of its own (emptied after every
 * run), so relative names it writes (--output x) land there. The default
 * catalogue (MIPRICING_DATA_DIR) is the small one.
 */
#include "cli.h"
#include "fuzz.h"

#include <fcntl.h>

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

#define MAX_ARGS 48

typedef struct input {
    char key;
    const char *from; /* below FUZZ_SRCDIR; NULL: made at start */
    const char *name; /* in the scratch directory */
    char *text;
    size_t size;
    char path[1100];
} input_t;

static input_t inputs[] = {
    {'c', "fuzz/data/aws.json", "catalog.json", NULL, 0, ""},
    {'t', "tests/data/traces/doubling_2min.csv", "trace.csv", NULL, 0, ""},
    {'e', "tests/data/traces/events.csv", "events.csv", NULL, 0, ""},
    {'b', "tests/data/billing/cur_legacy.csv", "cur.csv", NULL, 0, ""},
    {'f', "tests/data/billing/focus12.csv", "focus.csv", NULL, 0, ""},
    {'j', NULL, "part.json", NULL, 0, ""},
    {'s', "tests/data/schedules/nightly_off.csv", "schedule.csv", NULL, 0, ""},
    {'o', "tests/data/offers/ec2_tokyo.csv", "ec2.csv", NULL, 0, ""},
    {'l', "tests/data/offers/lambda_tokyo.csv", "lambda.csv", NULL, 0, ""},
};
#define N_INPUTS (sizeof inputs / sizeof inputs[0])

static FILE *devnull;
static int home_fd = -1;
static char work_dir[1100];

static void slurp(input_t *in, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    in->text = malloc((size_t)n + 1);
    if (!in->text || fread(in->text, 1, (size_t)n, f) != (size_t)n)
        abort();
    in->size = (size_t)n;
    fclose(f);
}

static void release(void)
{
    for (size_t i = 0; i < N_INPUTS; i++)
        free(inputs[i].text);
    if (devnull)
        fclose(devnull);
    if (home_fd >= 0)
        close(home_fd);
}

static void setup(void)
{
    char path[1100], dir[1100];
    for (size_t i = 0; i < N_INPUTS; i++) {
        fuzz_path(inputs[i].path, sizeof inputs[i].path, inputs[i].name);
        if (inputs[i].from) {
            snprintf(path, sizeof path, "%s/%s", FUZZ_SRCDIR, inputs[i].from);
            slurp(&inputs[i], path);
        }
    }
    /* the partial aggregate: what retro --partial makes of the CUR */
    const char *cur = inputs[3].path;
    fuzz_write(cur, (const uint8_t *)inputs[3].text, inputs[3].size);
    mip_billing_t *b = NULL;
    mip_error_t e;
    if (mip_billing_load(&cur, 1, NULL, &b, &e) != MIP_OK ||
        mip_billing_save_json(b, inputs[5].path, &e) != MIP_OK) {
        fprintf(stderr, "fuzz_cli: %s\n", e.text);
        abort();
    }
    mip_billing_free(b);
    slurp(&inputs[5], inputs[5].path);

    fuzz_path(dir, sizeof dir, "data");
    mkdir(dir, 0700);
    setenv("MIPRICING_DATA_DIR", dir, 1);
    fuzz_path(path, sizeof path, "data/prices");
    mkdir(path, 0700);
    fuzz_path(path, sizeof path, "data/prices/aws.json");
    fuzz_write(path, (const uint8_t *)inputs[0].text, inputs[0].size);

    fuzz_path(work_dir, sizeof work_dir, "cwd");
    devnull = fopen("/dev/null", "w");
    home_fd = open(".", O_RDONLY | O_DIRECTORY);
    if (!devnull || home_fd < 0)
        abort();
    atexit(release);
}

static const char *input_path(char key)
{
    for (size_t i = 0; i < N_INPUTS; i++)
        if (inputs[i].key == key)
            return inputs[i].path;
    return NULL;
}

/* The argument as the calculator gets it, malloc'ed. */
static char *rewrite(const char *arg)
{
    const char *at = NULL;
    size_t keep = 0;
    if (arg[0] == '@' && input_path(arg[1])) {
        at = input_path(arg[1]);
    } else {
        const char *eq = strstr(arg, "=@");
        if (eq && input_path(eq[2])) {
            at = input_path(eq[2]);
            keep = (size_t)(eq - arg) + 1;
        }
    }
    if (!at && strchr(arg, '/'))
        at = "/nonexistent/mipfuzz";
    if (!at)
        return strdup(arg);
    size_t n = strlen(at);
    char *s = malloc(keep + n + 1);
    if (s) {
        memcpy(s, arg, keep);
        memcpy(s + keep, at, n + 1);
    }
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup();
        ready = 1;
    }
    /* a private copy, NUL-terminated, and its arguments */
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = strdup("mipricing");
    size_t pos = 0;
    while (argc < MAX_ARGS + 1 && (size > 0 && pos <= size)) {
        char *arg = rewrite(copy + pos);
        if (!arg)
            break;
        argv[argc++] = arg;
        pos += strlen(copy + pos) + 1;
    }
    argv[argc] = NULL;
    free(copy);

    for (size_t i = 0; i < N_INPUTS; i++)
        fuzz_write(inputs[i].path, (const uint8_t *)inputs[i].text, inputs[i].size);
    fuzz_remove_tree(work_dir);
    if (mkdir(work_dir, 0700) != 0 || chdir(work_dir) != 0)
        abort();

    /* getopt permutes argv: keep the pointers to free them */
    char *owned[MAX_ARGS + 2];
    memcpy(owned, argv, sizeof owned);
    int status = mip_cli_main(argc, argv, devnull, devnull);
    if (status != CLI_OK && status != CLI_EDATA && status != CLI_EUSAGE)
        abort();

    if (fchdir(home_fd) != 0)
        abort();
    fuzz_remove_tree(work_dir);
    for (int i = 0; i < argc; i++)
        free(owned[i]);
    return 0;
}
