/*
 * cli.h - the calculator's core, built as an uninstalled library so that the
 * tests can drive it. It parses options, calls the library, and renders.
 * It computes nothing itself.
 */
#ifndef MIP_CLI_H
#define MIP_CLI_H

#include "html.h"
#include "mipricing.h"

#include <getopt.h>
#include <stdio.h>

/* Exit statuses. */
enum { CLI_OK = 0, CLI_EDATA = 1, CLI_EUSAGE = 2 };

/* Run the calculator: argv as main() gets it; the result goes to out only
 * when the command succeeds; messages go to errs. Returns the exit status. */
int mip_cli_main(int argc, char **argv, FILE *out, FILE *errs);

typedef struct cli {
    FILE *err;       /* messages */
    FILE *doc;       /* the document being built (a memory stream) */
    const char *cmd; /* "cost lambda", for messages */
    mip_format_t format;
    const char *data_dir; /* --data-dir */
    const char *catalog;  /* --catalog FILE */
    const char *region;   /* --region, default us-east-1 */
    mip_catalog_t *cat;
    int help;     /* --help was given */
    char **files; /* positional arguments (cli_parse_files) */
    size_t n_files;
    const char *chart;       /* --chart FILE */
    const char *report;      /* --report FILE.html */
    char catalog_path[4096]; /* the catalogue loaded ("" before) */
} cli_t;

/* Long options every command takes; ids above 256. */
enum {
    OPT_FORMAT = 300,
    OPT_DATA_DIR,
    OPT_CATALOG,
    OPT_REGION,
    OPT_HELP,
    OPT_CHART,
    OPT_REPORT,
    OPT_FIRST_COMMAND_OPTION /* commands number theirs from here */
};
/* --chart FILE and --report FILE.html, on the commands that draw. */
#define CLI_OUTPUT_OPTIONS                                                               \
    {"chart", required_argument, NULL, OPT_CHART},                                       \
    {                                                                                    \
        "report", required_argument, NULL, OPT_REPORT                                    \
    }
extern const char output_help[];
#define CLI_COMMON_OPTIONS                                                               \
    {"format", required_argument, NULL, OPT_FORMAT},                                     \
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},                             \
        {"catalog", required_argument, NULL, OPT_CATALOG},                               \
        {"region", required_argument, NULL, OPT_REGION},                                 \
    {                                                                                    \
        "help", no_argument, NULL, OPT_HELP                                              \
    }

/* Parse the options of a command. handler gets every option that is not a
 * common one and returns CLI_OK or an exit status. Returns CLI_OK, or the
 * status to exit with. Positional arguments are refused. */
typedef int (*cli_option_fn)(cli_t *cli, int id, const char *arg, void *data);
int cli_parse(cli_t *cli, int argc, char **argv, const struct option *opts,
              cli_option_fn handler, void *data);

/* The same for commands that take files: they land in cli->files. */
int cli_parse_files(cli_t *cli, int argc, char **argv, const struct option *opts,
                    cli_option_fn handler, void *data);

/* Messages. Each returns the exit status to use. */
int cli_usage(cli_t *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_fail(cli_t *cli, const mip_error_t *e);
/* "--opt is required" */
int cli_require(cli_t *cli, int given, const char *option);

/* Option values: strict numbers (usage error otherwise). */
int cli_number(cli_t *cli, const char *opt, const char *arg, double lo, double hi,
               double *out);
int cli_integer(cli_t *cli, const char *opt, const char *arg, long lo, long hi,
                long *out);
/* A fraction 0..hi given as 0.72 or 72%. */
int cli_fraction(cli_t *cli, const char *opt, const char *arg, double hi, double *out);
int cli_arch(cli_t *cli, const char *arg, mip_arch_t *out);
int cli_runtime(cli_t *cli, const char *arg, mip_runtime_t *out);

/* Load the catalogue (--catalog, else the data directory) and look up the
 * region. Exit status on failure. */
int cli_load(cli_t *cli, const mip_region_t **region);
/* The LMI-eligible instance types of the region for arch, filtered by the
 * comma-separated patterns (NULL: all). *list is malloc'ed. */
int cli_candidates(cli_t *cli, const char *patterns, mip_arch_t arch,
                   const mip_instance_t ***list, size_t *n);
/* Write a library report (JSON/CSV) into the document. */
int cli_emit(cli_t *cli, int rc, char *doc, const mip_error_t *e);

/* Commands. */
int cmd_cost(cli_t *cli, int argc, char **argv);
int cmd_size(cli_t *cli, int argc, char **argv);
int cmd_breakeven(cli_t *cli, int argc, char **argv);
int cmd_prices(cli_t *cli, int argc, char **argv);
int cmd_trace(cli_t *cli, int argc, char **argv);
int cmd_compare(cli_t *cli, int argc, char **argv);
int cmd_fit(cli_t *cli, int argc, char **argv);
int cmd_commit(cli_t *cli, int argc, char **argv);
int cmd_retro(cli_t *cli, int argc, char **argv);
int cmd_merge(cli_t *cli, int argc, char **argv);

/* Text rendering (render.c). */
void render_bill(FILE *f, const char *title, const mip_bill_t *bill);
void render_lambda_cost(FILE *f, const mip_region_t *r, const mip_lambda_workload_t *w,
                        const mip_lambda_options_t *o, const mip_bill_t *bill);
void render_lmi_cost(FILE *f, const mip_region_t *r, double requests,
                     const mip_bill_t *bill);
void render_plan(FILE *f, const mip_region_t *r, const mip_workload_t *w,
                 const mip_lmi_config_t *c, const mip_price_options_t *o,
                 const mip_lmi_plan_t *plan, const mip_bill_t *lambda_bill,
                 double lambda_memory_mb);
void render_breakeven(FILE *f, const mip_region_t *r, const mip_breakeven_input_t *in,
                      const mip_breakeven_result_t *res, const mip_breakeven_row_t *rows,
                      size_t n);
void render_regions(FILE *f, const mip_catalog_t *cat);
void render_instances(FILE *f, const mip_instance_t *const *inst, size_t n);
void render_lambda_rates(FILE *f, const mip_region_t *r);

#endif

/* The options shared by "size" and "breakeven" (opts.c): the workload, the
 * LMI configuration, the prices, and which instance types to consider. */
typedef struct shape_args {
    mip_workload_t w;
    mip_lmi_config_t c;
    mip_price_options_t p;
    double lambda_memory_mb; /* 0: as --memory-mb */
    const char *patterns;    /* --instance-types */
    int have_duration;
    int workload_given; /* any of --arch, --runtime, --cpu-ms, ... */
    int memory_given, ratio_given, target_given, concurrency_given, min_envs_given;
} shape_args_t;

enum {
    O_SHAPE_ARCH = OPT_FIRST_COMMAND_OPTION + 100,
    O_SHAPE_RUNTIME,
    O_SHAPE_DURATION,
    O_SHAPE_CPU,
    O_SHAPE_REQ_MEMORY,
    O_SHAPE_MEMORY,
    O_SHAPE_RATIO,
    O_SHAPE_CONCURRENCY,
    O_SHAPE_TARGET,
    O_SHAPE_MIN_ENVS,
    O_SHAPE_MAX_ENVS,
    O_SHAPE_RESERVE_VCPU,
    O_SHAPE_RESERVE_GIB,
    O_SHAPE_MIN_INSTANCES,
    O_SHAPE_MAX_VCPU,
    O_SHAPE_TYPES,
    O_SHAPE_DISCOUNT,
    O_SHAPE_HOURS,
    O_SHAPE_FREE_TIER,
    O_SHAPE_LAMBDA_SP,
    O_SHAPE_LAMBDA_MEMORY,
    O_SHAPE_EPHEMERAL
};
#define CLI_SHAPE_OPTIONS                                                                \
    {"arch", required_argument, NULL, O_SHAPE_ARCH},                                     \
        {"runtime", required_argument, NULL, O_SHAPE_RUNTIME},                           \
        {"duration-ms", required_argument, NULL, O_SHAPE_DURATION},                      \
        {"cpu-ms", required_argument, NULL, O_SHAPE_CPU},                                \
        {"request-memory-mb", required_argument, NULL, O_SHAPE_REQ_MEMORY},              \
        {"memory-mb", required_argument, NULL, O_SHAPE_MEMORY},                          \
        {"memory-gib-per-vcpu", required_argument, NULL, O_SHAPE_RATIO},                 \
        {"concurrency", required_argument, NULL, O_SHAPE_CONCURRENCY},                   \
        {"max-concurrency", required_argument, NULL, O_SHAPE_CONCURRENCY},               \
        {"ratio", required_argument, NULL, O_SHAPE_RATIO},                               \
        {"target-cpu", required_argument, NULL, O_SHAPE_TARGET},                         \
        {"target-utilization", required_argument, NULL, O_SHAPE_TARGET},                 \
        {"min-envs", required_argument, NULL, O_SHAPE_MIN_ENVS},                         \
        {"max-envs", required_argument, NULL, O_SHAPE_MAX_ENVS},                         \
        {"reserve-vcpu", required_argument, NULL, O_SHAPE_RESERVE_VCPU},                 \
        {"reserve-gib", required_argument, NULL, O_SHAPE_RESERVE_GIB},                   \
        {"min-instances", required_argument, NULL, O_SHAPE_MIN_INSTANCES},               \
        {"max-vcpu", required_argument, NULL, O_SHAPE_MAX_VCPU},                         \
        {"instance-types", required_argument, NULL, O_SHAPE_TYPES},                      \
        {"allowed", required_argument, NULL, O_SHAPE_TYPES},                             \
        {"instance-type", required_argument, NULL, O_SHAPE_TYPES},                       \
        {"discount", required_argument, NULL, O_SHAPE_DISCOUNT},                         \
        {"hours", required_argument, NULL, O_SHAPE_HOURS},                               \
        {"free-tier", no_argument, NULL, O_SHAPE_FREE_TIER},                             \
        {"lambda-savings-plan-discount", required_argument, NULL, O_SHAPE_LAMBDA_SP},    \
        {"lambda-memory-mb", required_argument, NULL, O_SHAPE_LAMBDA_MEMORY},            \
    {                                                                                    \
        "ephemeral-mb", required_argument, NULL, O_SHAPE_EPHEMERAL                       \
    }

void shape_init(shape_args_t *s);
/* Handles an O_SHAPE_* option; -1 if id is not one. */
int shape_option(cli_t *cli, int id, const char *arg, shape_args_t *s);
/* The help text of the shared options. */
extern const char shape_help[];

/* The options of commands that read traces (opts.c). */
typedef struct trace_args {
    mip_trace_options_t o;
    char columns[1024];   /* --column, joined with commas */
    const char *function; /* --function: only this one */
    const char *schedule; /* --schedule FILE */
    int quiet;
} trace_args_t;

enum {
    O_TRACE_LAYOUT = OPT_FIRST_COMMAND_OPTION + 200,
    O_TRACE_STEP,
    O_TRACE_COLUMN,
    O_TRACE_SKIP,
    O_TRACE_DURATIONS,
    O_TRACE_MEMORY,
    O_TRACE_QUIET,
    O_TRACE_FUNCTION,
    O_TRACE_SCHEDULE,
    O_TRACE_MAX_INTERVALS
};
#define CLI_TRACE_OPTIONS                                                                \
    {"layout", required_argument, NULL, O_TRACE_LAYOUT},                                 \
        {"step", required_argument, NULL, O_TRACE_STEP},                                 \
        {"column", required_argument, NULL, O_TRACE_COLUMN},                             \
        {"skip-bad-rows", no_argument, NULL, O_TRACE_SKIP},                              \
        {"durations", required_argument, NULL, O_TRACE_DURATIONS},                       \
        {"memory", required_argument, NULL, O_TRACE_MEMORY},                             \
        {"quiet", no_argument, NULL, O_TRACE_QUIET},                                     \
        {"function", required_argument, NULL, O_TRACE_FUNCTION},                         \
        {"schedule", required_argument, NULL, O_TRACE_SCHEDULE},                         \
    {                                                                                    \
        "max-intervals", required_argument, NULL, O_TRACE_MAX_INTERVALS                  \
    }

void trace_init(trace_args_t *t);
/* Handles an O_TRACE_* option; -1 if id is not one. */
int trace_option(cli_t *cli, int id, const char *arg, trace_args_t *t);
extern const char trace_help[];
/* Read the files (argv[first..argc)), with a progress line on a terminal.
 * Exit status on failure; says on stderr what was skipped. */
int cli_read_trace(cli_t *cli, trace_args_t *t, char **files, size_t n,
                   mip_trace_t **out);
/* Load --schedule, if given (*out NULL otherwise). */
int cli_load_schedule(cli_t *cli, const trace_args_t *t, mip_schedule_t **out);

/* The simulation's options (opts.c): LMI's scaler and default Lambda. */
typedef struct sim_args {
    mip_scaler_t sc;
    mip_lambda_sim_options_t lo;
} sim_args_t;

enum {
    O_SIM_METRIC_PERIOD = OPT_FIRST_COMMAND_OPTION + 300,
    O_SIM_METRIC_DELAY,
    O_SIM_ENV_START,
    O_SIM_LAUNCH,
    O_SIM_SCALE_DOWN_DELAY,
    O_SIM_SCALE_DOWN_FRACTION,
    O_SIM_DRAIN,
    O_SIM_SATURATION,
    O_SIM_KEEP_ALIVE,
    O_SIM_ACCOUNT,
    O_SIM_SCALE_RATE
};
#define CLI_SIM_OPTIONS                                                                  \
    {"metric-period-s", required_argument, NULL, O_SIM_METRIC_PERIOD},                   \
        {"metric-delay-s", required_argument, NULL, O_SIM_METRIC_DELAY},                 \
        {"env-start-s", required_argument, NULL, O_SIM_ENV_START},                       \
        {"instance-launch-s", required_argument, NULL, O_SIM_LAUNCH},                    \
        {"scale-down-delay-s", required_argument, NULL, O_SIM_SCALE_DOWN_DELAY},         \
        {"scale-down-fraction", required_argument, NULL, O_SIM_SCALE_DOWN_FRACTION},     \
        {"instance-drain-s", required_argument, NULL, O_SIM_DRAIN},                      \
        {"saturation-cpu", required_argument, NULL, O_SIM_SATURATION},                   \
        {"keep-alive-s", required_argument, NULL, O_SIM_KEEP_ALIVE},                     \
        {"account-concurrency", required_argument, NULL, O_SIM_ACCOUNT},                 \
    {                                                                                    \
        "scale-per-10s", required_argument, NULL, O_SIM_SCALE_RATE                       \
    }

void sim_init(sim_args_t *m);
/* Handles an O_SIM_* option; -1 if id is not one. */
int sim_option(cli_t *cli, int id, const char *arg, sim_args_t *m);
/* The options of sim, shape, then trace (t NULL: none) in turn; -1 when
 * none of them is id. */
int model_option(cli_t *cli, int id, const char *arg, shape_args_t *s, sim_args_t *m,
                 trace_args_t *t);
/* The compare input the shape and scaler options give (without
 * --duration-ms, durations come from the trace). */
void cli_compare_input(const shape_args_t *s, const sim_args_t *m,
                       mip_compare_input_t *in);
extern const char sim_help[];

/* The search space of "fit" (opts.c), also used by "commit" and "retro
 * --fit": lists like 2048,4096 or ranges FROM:TO:STEP. */
#define CLI_MAX_LIST 64
typedef struct search_args {
    double mem[CLI_MAX_LIST], ratio[CLI_MAX_LIST], target[CLI_MAX_LIST];
    double default_target[10]; /* 0.1 to 1 */
    long conc[CLI_MAX_LIST], mins[CLI_MAX_LIST];
    size_t n_mem, n_ratio, n_target, n_conc, n_mins;
    double budget;
    long top;
    int exhaustive;
    int given; /* any of the options */
} search_args_t;

enum {
    O_SEARCH_MEMORIES = OPT_FIRST_COMMAND_OPTION + 400,
    O_SEARCH_RATIOS,
    O_SEARCH_TARGETS,
    O_SEARCH_CONCS,
    O_SEARCH_MINS,
    O_SEARCH_BUDGET,
    O_SEARCH_TOP,
    O_SEARCH_EXHAUSTIVE,
    O_SEARCH_NO_EXHAUSTIVE
};
#define CLI_SEARCH_OPTIONS                                                               \
    {"search-memory-mb", required_argument, NULL, O_SEARCH_MEMORIES},                    \
        {"search-ratios", required_argument, NULL, O_SEARCH_RATIOS},                     \
        {"search-targets", required_argument, NULL, O_SEARCH_TARGETS},                   \
        {"search-concurrency", required_argument, NULL, O_SEARCH_CONCS},                 \
        {"search-min-envs", required_argument, NULL, O_SEARCH_MINS},                     \
        {"throttle-budget", required_argument, NULL, O_SEARCH_BUDGET},                   \
        {"top", required_argument, NULL, O_SEARCH_TOP},                                  \
        {"exhaustive", no_argument, NULL, O_SEARCH_EXHAUSTIVE},                          \
    {                                                                                    \
        "no-exhaustive", no_argument, NULL, O_SEARCH_NO_EXHAUSTIVE                       \
    }

void search_init(search_args_t *a);
/* Handles an O_SEARCH_* option; -1 if id is not one. */
int search_option(cli_t *cli, int id, const char *arg, search_args_t *a);
/* The fit input: the compare input of the shape and scaler options, the
 * space searched (a plain --memory-mb, --memory-gib-per-vcpu or --target-cpu
 * fixes that dimension; a --search-* list searches it; else the defaults),
 * the budget and the ranking kept (top). in->space points into a. */
void cli_fit_input(search_args_t *a, const shape_args_t *s, const sim_args_t *m,
                   size_t top, mip_fit_input_t *in);
extern const char search_help[];

/* Charts (plots.c): the library's results laid out; NULL when out of
 * memory. */
typedef struct cli_chart cli_chart_t;
cli_chart_t *plot_breakeven(const mip_breakeven_result_t *res,
                            const mip_breakeven_row_t *rows, size_t n);
cli_chart_t *plot_capacity(const char *function, const mip_compare_result_t *r);
cli_chart_t *plot_days(const mip_compare_day_t *d, size_t n);
cli_chart_t *plot_frontier(const mip_fit_input_t *in, const mip_fit_result_t *res);
cli_chart_t *plot_commit(const mip_commit_result_t *lmi,
                         const mip_commit_result_t *lambda);
cli_chart_t *plot_retro(const mip_retro_function_t *f, const mip_retro_projection_t *p,
                        size_t n);

/* What --chart and --report write: the command's charts (the first to the
 * --chart path, the others beside it as STEM-NAME.EXT) and its HTML report
 * (verdict and parameters filled by the command; the charts, and the result
 * as render(f, ctx) prints it, added here). Takes the charts and html; says
 * on stderr where each file went. A chart NULL means out of memory. */
typedef struct cli_figure {
    cli_chart_t *chart;
    const char *name;    /* for the file name: "days" */
    const char *caption; /* for the report */
} cli_figure_t;
int cli_outputs(cli_t *cli, cli_figure_t *figs, size_t n, cli_html_t *html,
                void (*render)(FILE *f, const void *ctx), const void *ctx);
/* The inputs and assumptions, for the report. */
void html_catalog(cli_html_t *h, const cli_t *cli, const mip_region_t *r);
void html_shape(cli_html_t *h, const shape_args_t *s, int trace);
void html_sim(cli_html_t *h, const sim_args_t *m);
const char *short_function(const char *resource, size_t width);

/* Bold verdicts in the text output (a terminal without NO_COLOR); returns
 * the setting before. */
int render_colour(int on);
void render_trace_summary(FILE *f, const mip_trace_t *trace,
                          const mip_series_stats_t *st);
void render_retro(FILE *f, const mip_billing_t *b, const mip_retro_function_t *fn,
                  size_t n);
void render_projection(FILE *f, const mip_retro_function_t *fn,
                       const mip_retro_projection_t *p, size_t n);
void render_fit(FILE *f, const mip_region_t *r, const mip_fit_input_t *in,
                const mip_fit_result_t *res);
void render_commit(FILE *f, const mip_region_t *r, const mip_fit_candidate_t *c,
                   const mip_commit_result_t *lmi, const mip_commit_result_t *lambda);
void render_compare(FILE *f, const mip_region_t *r, const mip_compare_input_t *in,
                    const mip_series_t *const *series, const mip_compare_result_t *res,
                    size_t n);
