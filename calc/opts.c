/*
 * opts.c - the options shared by "size" and "breakeven".
 */
#include "cli.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char shape_help[] =
    "Workload:\n"
    "  --duration-ms MS             mean duration of a request (required, but by\n"
    "                               compare: there only where the trace has none)\n"
    "  --cpu-ms MS                  CPU time per request (default: the duration)\n"
    "  --request-memory-mb MB       memory each in-flight request holds (limits\n"
    "                               concurrency per environment; Python: a process)\n"
    "  --runtime RT                 nodejs (default), java, dotnet, python, rust\n"
    "  --arch ARCH                  x86_64 (default) or arm64\n"
    "LMI configuration (rules of Lambda Managed Instances are enforced):\n"
    "  --memory-mb MB               environment memory, 2048 to 32768 (default 2048)\n"
    "  --memory-gib-per-vcpu R      2 (default), 4 or 8 (also --ratio)\n"
    "  --concurrency N              max concurrency per environment, also\n"
    "                               --max-concurrency (default: the\n"
    "                               runtime's per vCPU: nodejs 64, java 32, dotnet 32,\n"
    "                               python 16, rust 8; at most 64 per vCPU, 1600)\n"
    "  --target-cpu T               target CPU utilization, 0.5 or 50% (default 50%,\n"
    "                               Auto mode's room to double), also\n"
    "                               --target-utilization\n"
    "  --min-envs N, --max-envs N   execution environments (default 3, unlimited)\n"
    "  --min-instances N            instance floor, for AZ resiliency (default 3)\n"
    "  --max-vcpu N                 MaxVCpuCount, 2 to 15000 (default 400)\n"
    "  --reserve-vcpu V             per-instance reserve for OS and agent (default 1)\n"
    "  --reserve-gib G              per-instance memory reserve (default 1)\n"
    "  --instance-types PATTERNS    allowed types, wildcards, comma-separated, also\n"
    "                               --allowed, --instance-type\n"
    "                               (default: every eligible type of the arch)\n"
    "Prices:\n"
    "  --discount D                 Savings Plan / RI discount on EC2: 0.72 or 72%\n"
    "  --hours H                    hours in the month (default 730)\n"
    "  --lambda-memory-mb MB        default Lambda memory (default --memory-mb)\n"
    "  --free-tier                  apply Lambda's free tier\n"
    "  --lambda-savings-plan-discount D   Compute Savings Plan on Lambda duration\n"
    "  --ephemeral-mb MB            Lambda ephemeral storage (default 512)\n";

void shape_init(shape_args_t *s)
{
    memset(s, 0, sizeof *s);
    mip_workload_init(&s->w);
    mip_lmi_config_init(&s->c);
    mip_price_options_init(&s->p);
}

int shape_option(cli_t *cli, int id, const char *arg, shape_args_t *s)
{
    if (id == O_SHAPE_ARCH || id == O_SHAPE_RUNTIME || id == O_SHAPE_CPU ||
        id == O_SHAPE_REQ_MEMORY)
        s->workload_given = 1;
    switch (id) {
    case O_SHAPE_ARCH:
        return cli_arch(cli, arg, &s->w.arch);
    case O_SHAPE_RUNTIME:
        return cli_runtime(cli, arg, &s->w.runtime);
    case O_SHAPE_DURATION:
        s->have_duration = 1;
        return cli_number(cli, "duration-ms", arg, 0.0, HUGE_VAL, &s->w.duration_ms);
    case O_SHAPE_CPU:
        return cli_number(cli, "cpu-ms", arg, 0.0, HUGE_VAL, &s->w.cpu_ms);
    case O_SHAPE_REQ_MEMORY:
        return cli_number(cli, "request-memory-mb", arg, 0.0, HUGE_VAL,
                          &s->w.request_memory_mb);
    case O_SHAPE_MEMORY:
        s->memory_given = 1;
        return cli_number(cli, "memory-mb", arg, 0.0, HUGE_VAL, &s->c.memory_mb);
    case O_SHAPE_RATIO:
        s->ratio_given = 1;
        return cli_number(cli, "memory-gib-per-vcpu", arg, 0.0, HUGE_VAL,
                          &s->c.memory_gib_per_vcpu);
    case O_SHAPE_CONCURRENCY:
        s->concurrency_given = 1;
        return cli_integer(cli, "concurrency", arg, 1, 1600, &s->c.max_concurrency);
    case O_SHAPE_TARGET:
        s->target_given = 1;
        return cli_fraction(cli, "target-cpu", arg, 1.0, &s->c.target_cpu);
    case O_SHAPE_MIN_ENVS:
        s->min_envs_given = 1;
        return cli_integer(cli, "min-envs", arg, 0, 1000000, &s->c.min_envs);
    case O_SHAPE_MAX_ENVS:
        return cli_integer(cli, "max-envs", arg, 0, 1000000, &s->c.max_envs);
    case O_SHAPE_RESERVE_VCPU:
        return cli_number(cli, "reserve-vcpu", arg, 0.0, HUGE_VAL, &s->c.reserve_vcpu);
    case O_SHAPE_RESERVE_GIB:
        return cli_number(cli, "reserve-gib", arg, 0.0, HUGE_VAL, &s->c.reserve_gib);
    case O_SHAPE_MIN_INSTANCES:
        return cli_integer(cli, "min-instances", arg, 0, 1000000, &s->c.min_instances);
    case O_SHAPE_MAX_VCPU:
        return cli_integer(cli, "max-vcpu", arg, 0, 1000000, &s->c.max_vcpu);
    case O_SHAPE_TYPES:
        s->patterns = arg;
        return CLI_OK;
    case O_SHAPE_DISCOUNT:
        return cli_fraction(cli, "discount", arg, 1.0, &s->p.ec2_discount);
    case O_SHAPE_HOURS:
        return cli_number(cli, "hours", arg, 0.0, 744.0, &s->p.hours_per_month);
    case O_SHAPE_FREE_TIER:
        s->p.lambda_free_tier = 1;
        return CLI_OK;
    case O_SHAPE_LAMBDA_SP:
        return cli_fraction(cli, "lambda-savings-plan-discount", arg, 1.0,
                            &s->p.lambda_savings_plan);
    case O_SHAPE_LAMBDA_MEMORY:
        return cli_number(cli, "lambda-memory-mb", arg, 0.0, HUGE_VAL,
                          &s->lambda_memory_mb);
    case O_SHAPE_EPHEMERAL:
        return cli_number(cli, "ephemeral-mb", arg, 0.0, HUGE_VAL, &s->p.ephemeral_mb);
    }
    return -1;
}

/* ---------------------------------------------------------------- traces */

const char trace_help[] =
    "Reading traces:\n"
    "  --layout L                   auto (default), intervals, events, azure2019\n"
    "  --step S                     resample to S seconds (default 60); 5m, 1h too\n"
    "  --column FIELD=NAME          read FIELD from column NAME (repeatable); fields:\n"
    "                               timestamp, invocations, duration_ms,\n"
    "                               p99_duration_ms, cpu_ms, memory_mb,\n"
    "                               max_concurrency, function, duration_s\n"
    "  --skip-bad-rows              go on past bad rows, counting them\n"
    "  --durations FILE, --memory FILE   Azure 2019 percentiles files\n"
    "  --function NAME              only this function\n"
    "  --schedule FILE              scaling windows: start,end,min_envs,max_envs\n"
    "                               (0,0 deactivates; HH:MM for daily windows)\n"
    "  --quiet                      no progress line on a terminal\n"
    "  --max-intervals N            the most intervals all series may hold\n"
    "                               together, about 56 bytes each (50000000)\n";

void trace_init(trace_args_t *t)
{
    memset(t, 0, sizeof *t);
    mip_trace_options_init(&t->o);
}

/* Seconds, with an optional unit: 90, 90s, 5m, 1h. */
static int cli_seconds(cli_t *cli, const char *opt, const char *arg, double *out)
{
    char buf[64];
    size_t n = strlen(arg);
    double unit = 1.0;
    if (n > 1 && n < sizeof buf && strchr("smh", arg[n - 1])) {
        unit = arg[n - 1] == 'h' ? 3600.0 : arg[n - 1] == 'm' ? 60.0 : 1.0;
        memcpy(buf, arg, n - 1);
        buf[n - 1] = '\0';
        arg = buf;
    }
    int rc = cli_number(cli, opt, arg, 1e-3, 86400.0, out);
    if (rc == CLI_OK)
        *out *= unit;
    if (rc == CLI_OK && *out > 86400.0)
        return cli_usage(cli, "--%s: at most a day", opt);
    return rc;
}

int trace_option(cli_t *cli, int id, const char *arg, trace_args_t *t)
{
    switch (id) {
    case O_TRACE_LAYOUT:
        if (strcmp(arg, "auto") == 0)
            t->o.layout = MIP_TRACE_AUTO;
        else if (strcmp(arg, "intervals") == 0)
            t->o.layout = MIP_TRACE_INTERVALS;
        else if (strcmp(arg, "events") == 0)
            t->o.layout = MIP_TRACE_EVENTS;
        else if (strcmp(arg, "azure2019") == 0)
            t->o.layout = MIP_TRACE_AZURE2019;
        else
            return cli_usage(cli,
                             "--layout: '%s' is not auto, intervals, events or "
                             "azure2019",
                             arg);
        return CLI_OK;
    case O_TRACE_STEP:
        return cli_seconds(cli, "step", arg, &t->o.step_s);
    case O_TRACE_COLUMN: {
        if (!strchr(arg, '=') || arg[0] == '=')
            return cli_usage(cli, "--column: '%s' is not FIELD=NAME", arg);
        size_t used = strlen(t->columns);
        if (used + strlen(arg) + 2 > sizeof t->columns)
            return cli_usage(cli, "--column: too many mappings");
        if (used)
            strcat(t->columns, ",");
        strcat(t->columns, arg);
        t->o.columns = t->columns;
        return CLI_OK;
    }
    case O_TRACE_SKIP:
        t->o.skip_bad_rows = 1;
        return CLI_OK;
    case O_TRACE_DURATIONS:
        t->o.azure_durations_path = arg;
        return CLI_OK;
    case O_TRACE_MEMORY:
        t->o.azure_memory_path = arg;
        return CLI_OK;
    case O_TRACE_QUIET:
        t->quiet = 1;
        return CLI_OK;
    case O_TRACE_FUNCTION:
        t->function = arg;
        return CLI_OK;
    case O_TRACE_SCHEDULE:
        t->schedule = arg;
        return CLI_OK;
    case O_TRACE_MAX_INTERVALS: {
        long n;
        int rc = cli_integer(cli, "max-intervals", arg, 1, 2000000000L, &n);
        if (rc == CLI_OK)
            t->o.max_intervals = (size_t)n;
        return rc;
    }
    }
    return -1;
}

typedef struct progress {
    FILE *err;
    double t0;
    int shown;
} progress_t;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_progress(void *user, const char *path, double done, double total)
{
    progress_t *p = user;
    if (now_s() - p->t0 < 1.0)
        return;
    if (total > 0.0)
        fprintf(p->err, "\rmipricing: reading %s: %3.0f%%", path, 100.0 * done / total);
    else
        fprintf(p->err, "\rmipricing: reading %s: %.0f MB", path, done / 1e6);
    fflush(p->err);
    p->shown = 1;
}

int cli_read_trace(cli_t *cli, trace_args_t *t, char **files, size_t n, mip_trace_t **out)
{
    if (n == 0)
        return cli_usage(cli, "no trace file given");
    progress_t p = {cli->err, now_s(), 0};
    if (!t->quiet && isatty(fileno(cli->err))) {
        t->o.progress = show_progress;
        t->o.progress_user = &p;
    }
    mip_error_t e;
    int rc = mip_trace_load((const char *const *)files, n, &t->o, out, &e);
    if (p.shown)
        fputs("\r\033[K", cli->err);
    if (rc != MIP_OK)
        return cli_fail(cli, &e);
    const mip_trace_info_t *info = mip_trace_info(*out);
    if (info->skipped_rows > 0) {
        fprintf(cli->err, "mipricing: skipped %zu bad row%s of %zu; the first:\n",
                info->skipped_rows, info->skipped_rows == 1 ? "" : "s",
                info->rows + info->skipped_rows);
        for (size_t i = 0; i < info->n_reasons; i++)
            fprintf(cli->err, "mipricing:   %s\n", info->reasons[i]);
    }
    return CLI_OK;
}

int cli_load_schedule(cli_t *cli, const trace_args_t *t, mip_schedule_t **out)
{
    *out = NULL;
    if (!t->schedule)
        return CLI_OK;
    mip_error_t e;
    if (mip_schedule_load(t->schedule, out, &e) != MIP_OK)
        return cli_fail(cli, &e);
    return CLI_OK;
}

/* ---------------------------------------------------------------- simulation */

const char sim_help[] =
    "Scaler (assumptions; AWS does not publish them):\n"
    "  --metric-period-s S          demand is seen averaged over S (60)\n"
    "  --metric-delay-s S           and acted on S later (0)\n"
    "  --env-start-s S              an environment starts on a running instance (30)\n"
    "  --instance-launch-s S        an instance launches and joins (180)\n"
    "  --scale-down-delay-s S       lower demand lasts S before scale-in (300)\n"
    "  --scale-down-fraction F      of the surplus removed a minute after it (25%)\n"
    "  --instance-drain-s S         an emptied instance bills S more (120)\n"
    "  --saturation-cpu U           CPU utilization where throttling starts (90%)\n"
    "Default Lambda:\n"
    "  --keep-alive-s S             an idle environment stays warm (600)\n"
    "  --account-concurrency N      account concurrency limit (1000)\n"
    "  --scale-per-10s N            new environments per 10 s (1000)\n";

void sim_init(sim_args_t *m)
{
    mip_scaler_init(&m->sc);
    mip_lambda_sim_options_init(&m->lo);
}

int sim_option(cli_t *cli, int id, const char *arg, sim_args_t *m)
{
    switch (id) {
    case O_SIM_METRIC_PERIOD:
        return cli_number(cli, "metric-period-s", arg, 1.0, 86400.0,
                          &m->sc.metric_period_s);
    case O_SIM_METRIC_DELAY:
        return cli_number(cli, "metric-delay-s", arg, 0.0, 86400.0,
                          &m->sc.metric_delay_s);
    case O_SIM_ENV_START:
        return cli_number(cli, "env-start-s", arg, 0.0, 86400.0, &m->sc.env_start_s);
    case O_SIM_LAUNCH:
        return cli_number(cli, "instance-launch-s", arg, 0.0, 86400.0,
                          &m->sc.instance_launch_s);
    case O_SIM_SCALE_DOWN_DELAY:
        return cli_number(cli, "scale-down-delay-s", arg, 0.0, 2592000.0,
                          &m->sc.scale_down_delay_s);
    case O_SIM_SCALE_DOWN_FRACTION:
        return cli_fraction(cli, "scale-down-fraction", arg, 1.0,
                            &m->sc.scale_down_fraction);
    case O_SIM_DRAIN:
        return cli_number(cli, "instance-drain-s", arg, 0.0, 86400.0,
                          &m->sc.instance_drain_s);
    case O_SIM_SATURATION:
        return cli_fraction(cli, "saturation-cpu", arg, 1.0, &m->sc.saturation_cpu);
    case O_SIM_KEEP_ALIVE:
        return cli_number(cli, "keep-alive-s", arg, 0.0, 86400.0, &m->lo.keep_alive_s);
    case O_SIM_ACCOUNT:
        return cli_number(cli, "account-concurrency", arg, 1.0, 1e9,
                          &m->lo.account_concurrency);
    case O_SIM_SCALE_RATE:
        return cli_number(cli, "scale-per-10s", arg, 1.0, 1e9, &m->lo.scale_per_10s);
    }
    return -1;
}

int model_option(cli_t *cli, int id, const char *arg, shape_args_t *s, sim_args_t *m,
                 trace_args_t *t)
{
    int rc = sim_option(cli, id, arg, m);
    if (rc == -1)
        rc = shape_option(cli, id, arg, s);
    if (rc == -1 && t)
        rc = trace_option(cli, id, arg, t);
    return rc;
}

void cli_compare_input(const shape_args_t *s, const sim_args_t *m,
                       mip_compare_input_t *in)
{
    mip_compare_input_init(in);
    in->shape = s->w;
    if (!s->have_duration)
        in->shape.duration_ms = 0.0; /* from the trace */
    in->lmi = s->c;
    in->price = s->p;
    in->lambda_memory_mb = s->lambda_memory_mb;
    in->scaler = m->sc;
    in->lambda = m->lo;
}

/* ------------------------------------------------------------ search space */

/* A list of numbers: "2048,4096" or a range "0.1:1:0.1". */
static int numbers(cli_t *cli, const char *opt, const char *arg, double *out, size_t *n)
{
    char buf[512];
    if (strlen(arg) >= sizeof buf)
        return cli_usage(cli, "--%s: the list is too long", opt);
    strcpy(buf, arg);
    *n = 0;
    if (strchr(buf, ':')) {
        char *a = buf, *b = strchr(a, ':'), *c;
        *b++ = '\0';
        c = strchr(b, ':');
        if (!c)
            return cli_usage(cli, "--%s: a range is FROM:TO:STEP, not '%s'", opt, arg);
        *c++ = '\0';
        double from, to, step;
        int rc;
        if ((rc = cli_number(cli, opt, a, 0.0, HUGE_VAL, &from)) != CLI_OK ||
            (rc = cli_number(cli, opt, b, 0.0, HUGE_VAL, &to)) != CLI_OK ||
            (rc = cli_number(cli, opt, c, 1e-9, HUGE_VAL, &step)) != CLI_OK)
            return rc;
        for (double k = 0.0;; k++) {
            double v = from + k * step;
            if (v > to * (1.0 + 1e-12) + 1e-12)
                break;
            if (*n == CLI_MAX_LIST)
                return cli_usage(cli, "--%s: at most %d values", opt, CLI_MAX_LIST);
            out[(*n)++] = floor(v * 1e9 + 0.5) / 1e9;
        }
        if (*n == 0)
            return cli_usage(cli, "--%s: the range '%s' is empty", opt, arg);
        return CLI_OK;
    }
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (*n == CLI_MAX_LIST)
            return cli_usage(cli, "--%s: at most %d values", opt, CLI_MAX_LIST);
        int rc = cli_number(cli, opt, tok, 0.0, HUGE_VAL, &out[*n]);
        if (rc != CLI_OK)
            return rc;
        (*n)++;
    }
    if (*n == 0)
        return cli_usage(cli, "--%s: an empty list", opt);
    return CLI_OK;
}

static int whole(cli_t *cli, const char *opt, const char *arg, long *out, size_t *n)
{
    double v[CLI_MAX_LIST];
    int rc = numbers(cli, opt, arg, v, n);
    for (size_t i = 0; rc == CLI_OK && i < *n; i++) {
        if (v[i] != floor(v[i]))
            return cli_usage(cli, "--%s: %g is not a whole number", opt, v[i]);
        out[i] = (long)v[i];
    }
    return rc;
}

void search_init(search_args_t *a)
{
    memset(a, 0, sizeof *a);
    a->budget = 1e-4;
    a->top = 10;
    a->exhaustive = -1;
    for (int i = 0; i < 10; i++)
        a->default_target[i] = 0.1 * (i + 1);
}

int search_option(cli_t *cli, int id, const char *arg, search_args_t *a)
{
    if (id >= O_SEARCH_MEMORIES && id <= O_SEARCH_NO_EXHAUSTIVE)
        a->given = 1;
    switch (id) {
    case O_SEARCH_MEMORIES:
        return numbers(cli, "search-memory-mb", arg, a->mem, &a->n_mem);
    case O_SEARCH_RATIOS:
        return numbers(cli, "search-ratios", arg, a->ratio, &a->n_ratio);
    case O_SEARCH_TARGETS:
        return numbers(cli, "search-targets", arg, a->target, &a->n_target);
    case O_SEARCH_CONCS:
        return whole(cli, "search-concurrency", arg, a->conc, &a->n_conc);
    case O_SEARCH_MINS:
        return whole(cli, "search-min-envs", arg, a->mins, &a->n_mins);
    case O_SEARCH_BUDGET:
        return cli_fraction(cli, "throttle-budget", arg, 1.0, &a->budget);
    case O_SEARCH_TOP:
        return cli_integer(cli, "top", arg, 1, 1000, &a->top);
    case O_SEARCH_EXHAUSTIVE:
        a->exhaustive = 1;
        return CLI_OK;
    case O_SEARCH_NO_EXHAUSTIVE:
        a->exhaustive = 0;
        return CLI_OK;
    }
    return -1;
}

static const double default_mem[] = {2048.0, 4096.0, 8192.0};
static const double default_ratio[] = {2.0, 4.0, 8.0};

void cli_fit_input(search_args_t *a, const shape_args_t *s, const sim_args_t *m,
                   size_t top, mip_fit_input_t *in)
{
    mip_fit_input_init(in);
    cli_compare_input(s, m, &in->base);
    in->throttle_budget = a->budget;
    in->top = top;
    in->exhaustive = a->exhaustive;
    if (!a->n_mem && s->memory_given) {
        a->mem[0] = s->c.memory_mb;
        a->n_mem = 1;
    }
    if (!a->n_ratio && s->ratio_given) {
        a->ratio[0] = s->c.memory_gib_per_vcpu;
        a->n_ratio = 1;
    }
    if (!a->n_target && s->target_given) {
        a->target[0] = s->c.target_cpu;
        a->n_target = 1;
    }
    in->space.memory_mb = a->n_mem ? a->mem : default_mem;
    in->space.n_memory = a->n_mem ? a->n_mem : 3;
    in->space.memory_gib_per_vcpu = a->n_ratio ? a->ratio : default_ratio;
    in->space.n_ratios = a->n_ratio ? a->n_ratio : 3;
    in->space.target_cpu = a->n_target ? a->target : a->default_target;
    in->space.n_targets = a->n_target ? a->n_target : 10;
    in->space.concurrency = a->conc;
    in->space.n_concurrency = a->n_conc;
    in->space.min_envs = a->mins;
    in->space.n_min_envs = a->n_mins;
    /* default Lambda runs at --lambda-memory-mb, else at --memory-mb */
    if (in->base.lambda_memory_mb <= 0.0 && s->c.memory_mb > 0.0)
        in->base.lambda_memory_mb = s->c.memory_mb;
}

const char search_help[] =
    "Search space (lists like 2048,4096 or ranges FROM:TO:STEP):\n"
    "  --search-memory-mb LIST      environment memory (2048,4096,8192)\n"
    "  --search-ratios LIST         GiB per vCPU (2,4,8)\n"
    "  --search-targets LIST        target CPU utilization (0.1:1:0.1)\n"
    "  --search-concurrency LIST    per environment; 0 = the runtime's (0)\n"
    "  --search-min-envs LIST       minimum environments (3)\n"
    "  --throttle-budget F          most requests throttled: 0.0001 or 0.01% (0.01%)\n"
    "  --top N                      configurations shown (10)\n"
    "  --exhaustive                 every allowed type for every configuration\n"
    "  --no-exhaustive              only the type cheapest per environment, pruned\n"
    "                               by a steady-state bound (the default beyond\n"
    "                               20000 simulations)\n";
