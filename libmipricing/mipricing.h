/*
 * mipricing.h - libmipricing: cost and capacity planning of AWS Lambda
 * Managed Instances (LMI) against default Lambda.
 *
 * The one installed header of the library. See libmipricing(3).
 *
 * Conventions (see STYLE.md of the project):
 *  - functions are mip_<module>_<verb>; every quantity carries its unit in its
 *    name (_usd, _usd_per_hour, _ms, _s, _mb, _gib, _gb_s);
 *  - fallible functions return MIP_OK (0) or a negative MIP_E* code and fill a
 *    caller-owned mip_error_t (which may be NULL); the first error wins;
 *  - the library never prints, exits or aborts, and keeps no global mutable
 *    state: any function may be called from many threads at once, as long as
 *    each thread uses its own output objects.
 */
#ifndef MIPRICING_H
#define MIPRICING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(MIP_BUILDING_DLL)
#define MIP_EXTERN __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define MIP_EXTERN __attribute__((visibility("default")))
#else
#define MIP_EXTERN
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */

#define MIP_VERSION_MAJOR 0
#define MIP_VERSION_MINOR 1
#define MIP_VERSION_PATCH 0
#define MIP_VERSION "0.1.0"
/* 0xMMmmpp, for compile-time comparisons */
#define MIP_VERSION_HEX                                                                  \
    ((MIP_VERSION_MAJOR << 16) | (MIP_VERSION_MINOR << 8) | MIP_VERSION_PATCH)

/* The version of the library linked at run time, e.g. "0.1.0". */
MIP_EXTERN const char *mip_version_str(void);

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                   */

/* X(number, NAME, message). Numbers are stable: never renumber, only append. */
#define MIP_ERRNO_MAP(X)                                                                 \
    X(0, OK, "success")                                                                  \
    X(-1, EINVAL, "invalid argument")                                                    \
    X(-2, ENOMEM, "out of memory")                                                       \
    X(-3, EIO, "input/output error")                                                     \
    X(-4, EPARSE, "malformed input")                                                     \
    X(-5, ESCHEMA, "input does not match the expected schema")                           \
    X(-6, ENOTFOUND, "not found")                                                        \
    X(-7, ERANGE, "value out of range")                                                  \
    X(-8, ERULE, "configuration breaks a Lambda Managed Instances rule")                 \
    X(-9, EINFEASIBLE, "no configuration can serve the workload")                        \
    X(-10, ENOROOT, "no root in the range searched")                                     \
    X(-11, EUNSUPPORTED, "not supported")                                                \
    X(-12, ENUMERIC, "numerical failure")                                                \
    X(-13, ETOOMANY, "too many items for a fixed-size result")

enum {
#define MIP__ERR_ENUM(num, name, msg) MIP_##name = (num),
    MIP_ERRNO_MAP(MIP__ERR_ENUM)
#undef MIP__ERR_ENUM
};

#define MIP_ERROR_SOURCE_LENGTH 256
#define MIP_ERROR_TEXT_LENGTH 320

/* Where and why something failed. line/column are 1-based, 0 when unknown.
 * source names the file (or "<string>", or a JSON path inside the file is
 * given in text). */
typedef struct mip_error {
    int code;
    long line;
    long column;
    char source[MIP_ERROR_SOURCE_LENGTH];
    char text[MIP_ERROR_TEXT_LENGTH];
} mip_error_t;

/* The message of a status code ("not found"); never NULL. */
MIP_EXTERN const char *mip_strerror(int code);
/* The symbolic name of a status code ("MIP_ENOTFOUND"); never NULL. */
MIP_EXTERN const char *mip_errname(int code);
/* Reset to "no error". NULL-tolerant. */
MIP_EXTERN void mip_error_clear(mip_error_t *err);

/* Free memory the library returned (strings from mip_report_*). */
MIP_EXTERN void mip_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */

/* Parse a decimal number: the whole string, locale-independent, finite.
 * "12abc", "", " 1", "nan", "inf", "1e999", "0x10" are MIP_EPARSE/MIP_ERANGE.
 * err->text says why; err->source/line/column are left for the caller. */
MIP_EXTERN int mip_parse_double(const char *s, double *out, mip_error_t *err);
/* Same, for a counted field (not NUL-terminated). */
MIP_EXTERN int mip_parse_double_n(const char *s, size_t len, double *out,
                                  mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Enumerations                                                              */

typedef enum mip_arch { MIP_ARCH_X86_64 = 0, MIP_ARCH_ARM64 = 1 } mip_arch_t;
#define MIP_ARCH_COUNT 2
MIP_EXTERN const char *mip_arch_name(mip_arch_t arch); /* "x86_64", "arm64" */
/* Accepts x86_64, x86, amd64, arm64, arm, aarch64, graviton (any case). */
MIP_EXTERN int mip_arch_parse(const char *s, mip_arch_t *out);

typedef enum mip_runtime {
    MIP_RUNTIME_NODEJS = 0,
    MIP_RUNTIME_JAVA = 1,
    MIP_RUNTIME_DOTNET = 2,
    MIP_RUNTIME_PYTHON = 3,
    MIP_RUNTIME_RUST = 4
} mip_runtime_t;
#define MIP_RUNTIME_COUNT 5
MIP_EXTERN const char *mip_runtime_name(mip_runtime_t rt); /* "nodejs", ... */
/* Accepts nodejs/node, java, dotnet/.net, python, rust (any case). */
MIP_EXTERN int mip_runtime_parse(const char *s, mip_runtime_t *out);
/* LMI default PerExecutionEnvironmentMaxConcurrency per vCPU:
 * Node.js 64, Java 32, .NET 32, Python 16, Rust 8. */
MIP_EXTERN unsigned mip_runtime_default_concurrency_per_vcpu(mip_runtime_t rt);

typedef enum mip_format {
    MIP_FORMAT_TEXT = 0,
    MIP_FORMAT_JSON = 1,
    MIP_FORMAT_CSV = 2
} mip_format_t;

/* ------------------------------------------------------------------------ */
/* Price catalogue (catalog)                                                 */

#define MIP_MAX_TIERS 8

/* One duration tier: usage up to up_to_gb_s (cumulative monthly GB-s; the
 * last tier has up_to_gb_s = INFINITY) costs usd_per_gb_s. */
typedef struct mip_tier {
    double up_to_gb_s;
    double usd_per_gb_s;
} mip_tier_t;

typedef struct mip_lambda_arch_rates {
    double request_usd_per_million;
    size_t n_tiers;
    mip_tier_t tiers[MIP_MAX_TIERS];
    double provisioned_concurrency_usd_per_gb_s; /* configured PC */
    double provisioned_duration_usd_per_gb_s;    /* duration while provisioned */
} mip_lambda_arch_rates_t;

/* The prices of one region. Strings are owned by the catalogue. */
typedef struct mip_region {
    const char *code;                               /* "us-east-1" */
    const char *name;                               /* "US East (N. Virginia)" */
    mip_lambda_arch_rates_t lambda[MIP_ARCH_COUNT]; /* by mip_arch_t */
    double ephemeral_usd_per_gb_s;                  /* storage above the free 512 MB */
    double free_tier_requests;                      /* per month per account */
    double free_tier_gb_s;                          /* per month per account */
    int lmi_available;                              /* LMI offered in this region */
    double lmi_request_usd_per_million;
    double lmi_management_fee_fraction; /* of the on-demand price, 0.15 */
} mip_region_t;

/* One EC2 instance type in one region. Strings owned by the catalogue. */
typedef struct mip_instance {
    const char *type;   /* "m7g.xlarge" */
    const char *region; /* "us-east-1" */
    double vcpu;
    double memory_gib;
    mip_arch_t arch;
    double ondemand_usd_per_hour; /* Linux, shared tenancy */
    const char *source;           /* where the price comes from */
} mip_instance_t;

typedef struct mip_catalog mip_catalog_t;

/* Load and strictly validate a catalogue file (schema in doc/catalog.md).
 * Unknown or duplicate keys, missing or negative prices, an instance without
 * vcpu... are MIP_ESCHEMA with the JSON path in err->text; JSON syntax errors
 * are MIP_EPARSE with line and column. */
MIP_EXTERN int mip_catalog_load(const char *path, mip_catalog_t **out, mip_error_t *err);
/* Same from a string; source_name is used in errors (NULL: "<string>"). */
MIP_EXTERN int mip_catalog_load_string(const char *json, const char *source_name,
                                       mip_catalog_t **out, mip_error_t *err);
/* Where the bundled catalogue is: data_dir if not NULL, else the environment
 * variable MIPRICING_DATA_DIR, else the installed data directory; the file
 * is <dir>/prices/aws.json. Writes at most size bytes; MIP_ERANGE if cut. */
MIP_EXTERN int mip_catalog_default_path(const char *data_dir, char *buf, size_t size);
MIP_EXTERN void mip_catalog_free(mip_catalog_t *cat);

/* The catalogue's "catalog_version" (a date), never NULL. */
MIP_EXTERN const char *mip_catalog_version(const mip_catalog_t *cat);
MIP_EXTERN size_t mip_catalog_region_count(const mip_catalog_t *cat);
MIP_EXTERN const mip_region_t *mip_catalog_region_at(const mip_catalog_t *cat, size_t i);
/* MIP_ENOTFOUND names the closest known regions in err->text. */
MIP_EXTERN int mip_catalog_region(const mip_catalog_t *cat, const char *code,
                                  const mip_region_t **out, mip_error_t *err);
/* MIP_ENOTFOUND names the closest known instance types of the region. */
MIP_EXTERN int mip_catalog_instance(const mip_catalog_t *cat, const char *region,
                                    const char *type, const mip_instance_t **out,
                                    mip_error_t *err);

/* Which instance types to list. pattern: shell wildcard on the type name
 * ("c7g.*", "*.xlarge"; NULL = all); several patterns may be given separated
 * by commas. arch: -1 = any, else a mip_arch_t. lmi_only: only LMI-eligible. */
typedef struct mip_instance_filter {
    const char *pattern;
    int arch;
    int lmi_only;
} mip_instance_filter_t;
#define MIP_INSTANCE_FILTER_INIT                                                         \
    {                                                                                    \
        NULL, -1, 0                                                                      \
    }

/* Fills out[0..cap) with the matching instances of a region, sorted by type
 * name in family/size order, and returns how many match in all (which may be
 * more than cap, as with snprintf), or a negative MIP_E* code. */
MIP_EXTERN long mip_catalog_instances(const mip_catalog_t *cat, const char *region,
                                      const mip_instance_filter_t *filter,
                                      const mip_instance_t **out, size_t cap,
                                      mip_error_t *err);

/* 1 if the instance type can back LMI: families C (.xlarge and up), M and R
 * (.large and up), no GPU or other families; else 0. */
MIP_EXTERN int mip_instance_lmi_eligible(const char *type);

/* Build a catalogue from AWS Price List bulk offer files (CSV: five metadata
 * lines, then a header; columns found by name): the AmazonEC2 file(s) give
 * the on-demand Linux shared-tenancy hourly prices (with vCPU, memory and
 * architecture) of the LMI-eligible instance types, the AWSLambda file(s) the
 * Lambda rates by architecture and tier. regions (n_regions, none = every
 * region found) says which regions to keep. *json_out receives the catalogue
 * (schema_version 1, as mip_catalog_load reads it; free with mip_free()).
 * Errors name file, line and column. */
MIP_EXTERN int mip_catalog_import(const char *const *offer_paths, size_t n_paths,
                                  const char *const *regions, size_t n_regions,
                                  char **json_out, mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Bills: what every pricing function returns                               */

#define MIP_BILL_MAX_LINES 64
#define MIP_NAME_LENGTH 64
#define MIP_UNIT_LENGTH 24

/* One line of a bill: quantity (in unit) x rate_usd (per unit) = usd. */
typedef struct mip_cost_line {
    char name[MIP_NAME_LENGTH]; /* "requests", "duration", "duration tier 2"... */
    double quantity;
    char unit[MIP_UNIT_LENGTH]; /* "requests", "GB-s", "hours" */
    double rate_usd;            /* per unit of quantity */
    double usd;
} mip_cost_line_t;

typedef struct mip_bill {
    size_t n_lines;
    mip_cost_line_t lines[MIP_BILL_MAX_LINES];
    double total_usd; /* compensated sum of the lines */
} mip_bill_t;

MIP_EXTERN void mip_bill_init(mip_bill_t *bill);
/* The line named name, or NULL. */
MIP_EXTERN const mip_cost_line_t *mip_bill_line(const mip_bill_t *bill, const char *name);

/* ------------------------------------------------------------------------ */
/* Default Lambda pricing model (lambda_cost): pure                          */

#define MIP_HOURS_PER_MONTH 730.0

/* One function's usage over one month. */
typedef struct mip_lambda_workload {
    mip_arch_t arch;
    double memory_mb;    /* 128 to 10240 */
    double ephemeral_mb; /* 512 to 10240; above 512 is billed */
    double requests;     /* all requests, including those served by PC */
    double duration_ms;  /* mean duration; billed rounded up to 1 ms */
    /* Provisioned concurrency (all 0 = none) */
    double pc_count;       /* concurrency configured */
    double pc_hours;       /* time configured, rounded up to 5 minutes */
    double pc_requests;    /* the part of requests served by PC */
    double pc_duration_ms; /* their mean duration; 0 = duration_ms */
    /* Usage as a bill states it (already rounded), for repricing the past;
     * each, when above 0, replaces what the fields above would give. */
    double billed_gb_s;             /* on-demand duration */
    double billed_pc_gb_s;          /* provisioned concurrency configured */
    double billed_pc_duration_gb_s; /* duration while provisioned */
} mip_lambda_workload_t;
#define MIP_LAMBDA_WORKLOAD_INIT                                                         \
    {                                                                                    \
        MIP_ARCH_X86_64, 128.0, 512.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0       \
    }
MIP_EXTERN void mip_lambda_workload_init(mip_lambda_workload_t *w);

typedef struct mip_lambda_options {
    int free_tier;                /* apply the monthly free tier */
    double savings_plan_discount; /* 0 to 1: on duration and PC, not requests */
} mip_lambda_options_t;
#define MIP_LAMBDA_OPTIONS_INIT                                                          \
    {                                                                                    \
        0, 0.0                                                                           \
    }

/* Price n workloads of one region as one monthly bill: duration tiers apply
 * to the aggregate of each architecture; the free tier (if asked) to the
 * on-demand requests and duration of all of them, handed out to the
 * workloads in the order given, never to provisioned concurrency. Lines:
 * "requests", "requests free tier", "duration" (tier 1), "duration tier 2",
 * "duration tier 3", "duration free tier", "ephemeral storage",
 * "provisioned concurrency", "provisioned duration"; with both
 * architectures in one bill, x86_64 lines come first and every name ends in
 * " (x86_64)" or " (arm64)". opt NULL means MIP_LAMBDA_OPTIONS_INIT. On
 * error the bill is left empty. */
MIP_EXTERN int mip_lambda_cost(const mip_region_t *region,
                               const mip_lambda_workload_t *workloads, size_t n,
                               const mip_lambda_options_t *opt, mip_bill_t *out,
                               mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* LMI pricing model (lmi_cost): pure                                        */

typedef enum mip_market {
    MIP_MARKET_ON_DEMAND = 0,
    MIP_MARKET_SPOT = 1 /* refused: LMI does not run on Spot */
} mip_market_t;

/* Instance-hours of one instance type. discount (0 to 1) is what a Savings
 * Plan or Reserved Instance takes off the on-demand EC2 price; the
 * management fee is always on the on-demand price. */
typedef struct mip_lmi_usage {
    const char *instance_type;
    double ondemand_usd_per_hour;
    double instance_hours;
    double discount;
    mip_market_t market;
} mip_lmi_usage_t;

/* Lines: "requests", then per usage "EC2 <type>" (hours at the on-demand
 * price less the discount) and "management fee <type>" (hours at the fee
 * fraction of the on-demand price). Only LMI-eligible types; Spot is
 * MIP_EUNSUPPORTED. On error the bill is left empty. */
MIP_EXTERN int mip_lmi_cost(const mip_region_t *region, const mip_lmi_usage_t *usage,
                            size_t n, double requests, mip_bill_t *out, mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Steady-state LMI sizing (capacity): pure                                  */

/* A steady workload. */
typedef struct mip_workload {
    double rps;               /* requests per second */
    double duration_ms;       /* mean duration */
    double cpu_ms;            /* CPU time per request; < 0 = duration_ms */
    double request_memory_mb; /* memory per in-flight request; 0 = unknown */
    mip_runtime_t runtime;
    mip_arch_t arch;
} mip_workload_t;
#define MIP_WORKLOAD_INIT                                                                \
    {                                                                                    \
        0.0, 0.0, -1.0, 0.0, MIP_RUNTIME_NODEJS, MIP_ARCH_X86_64                         \
    }
MIP_EXTERN void mip_workload_init(mip_workload_t *w);

#define MIP_UNLIMITED (-1L)

/* The LMI function and capacity-provider settings. Defaults (_init):
 * 2048 MB, 2 GiB per vCPU, runtime default concurrency, CPU target 0.5,
 * 3 to unlimited environments, reserve 1 vCPU and 1 GiB per instance,
 * at least 3 instances, MaxVCpuCount 400. */
typedef struct mip_lmi_config {
    double memory_mb;           /* MemorySize, 2048 to 32768 */
    double memory_gib_per_vcpu; /* 2, 4 or 8 */
    long max_concurrency;       /* per environment; 0 = runtime default */
    double target_cpu;          /* target utilization, (0, 1] */
    long min_envs;              /* 0 to 15000; 0 only with max_envs 0 */
    long max_envs;              /* 0 to 15000 or MIP_UNLIMITED */
    double reserve_vcpu;        /* per instance, for OS and agent */
    double reserve_gib;         /* per instance */
    long min_instances;         /* AZ floor, 3 */
    long max_vcpu;              /* MaxVCpuCount, 2 to 15000 */
} mip_lmi_config_t;
#define MIP_LMI_CONFIG_INIT                                                              \
    {                                                                                    \
        2048.0, 2.0, 0, 0.5, 3, MIP_UNLIMITED, 1.0, 1.0, 3, 400                          \
    }
MIP_EXTERN void mip_lmi_config_init(mip_lmi_config_t *c);

/* Check every rule of the configuration alone (DOMAIN.md section 2), with
 * the runtime for its default concurrency: memory 2048 to 32768 MB giving a
 * whole number (at least 1) of vCPUs at 2, 4 or 8 GiB per vCPU; concurrency
 * 1 to 1600 and at most 64 per vCPU; target in (0, 1]; environments 0 to
 * 15000 (min 0 only with max 0); MaxVCpuCount 2 to 15000. MIP_ERULE names
 * the rule. */
MIP_EXTERN int mip_lmi_config_check(const mip_lmi_config_t *c, mip_runtime_t rt,
                                    mip_error_t *err);

/* What binds the number of environments. */
typedef enum mip_binding {
    MIP_BINDING_MINIMUM = 0, /* min_envs / min_instances */
    MIP_BINDING_CONCURRENCY = 1,
    MIP_BINDING_CPU = 2,
    MIP_BINDING_MEMORY = 3
} mip_binding_t;
MIP_EXTERN const char *mip_binding_name(mip_binding_t b);

typedef struct mip_lmi_sizing {
    /* the environment */
    double env_vcpu;
    double env_memory_gib;
    long env_concurrency; /* effective per-environment concurrency */
    /* demand */
    double concurrency; /* Little's law: rps x duration */
    double cpu_vcpu;    /* rps x cpu time: vCPUs busy */
    double rps_per_env; /* what one environment serves at target */
    long envs_by_concurrency;
    long envs_by_cpu;
    long envs; /* after min/max */
    mip_binding_t binding;
    /* instances */
    long envs_per_instance;
    double rps_per_instance; /* envs_per_instance x rps_per_env */
    long instances;
    double total_vcpu;      /* instances x instance vCPU */
    double cpu_utilization; /* cpu_vcpu / (envs x env_vcpu) */
    const mip_instance_t *instance;
} mip_lmi_sizing_t;

/* Size the workload on one instance type. MIP_ERULE for a configuration rule
 * broken, MIP_EINFEASIBLE when the environment does not fit on the instance
 * or more than max_envs / MaxVCpuCount would be needed (text says which). */
MIP_EXTERN int mip_capacity_size(const mip_workload_t *w, const mip_lmi_config_t *c,
                                 const mip_instance_t *inst, mip_lmi_sizing_t *out,
                                 mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Plans and breakeven (plan, breakeven): decisions                          */

/* Pricing options common to both models over a month. */
typedef struct mip_price_options {
    double hours_per_month;     /* 730 */
    int lambda_free_tier;       /* apply Lambda's free tier */
    double lambda_savings_plan; /* discount on Lambda duration/PC */
    double ec2_discount;        /* discount on LMI EC2 compute */
    double ephemeral_mb;        /* Lambda ephemeral storage, 512 */
} mip_price_options_t;
#define MIP_PRICE_OPTIONS_INIT                                                           \
    {                                                                                    \
        730.0, 0, 0.0, 0.0, 512.0                                                        \
    }
MIP_EXTERN void mip_price_options_init(mip_price_options_t *o);

/* An LMI plan: the sizing on one instance type and its monthly bill. */
typedef struct mip_lmi_plan {
    mip_lmi_sizing_t sizing;
    mip_bill_t bill;
} mip_lmi_plan_t;

/* Size the workload on each candidate instance type and keep the cheapest
 * monthly bill (ties: fewer vCPUs, then name). Candidates that cannot serve
 * the workload are skipped; if none can, MIP_EINFEASIBLE says why for the
 * first. */
MIP_EXTERN int mip_plan_lmi(const mip_region_t *region,
                            const mip_instance_t *const *candidates, size_t n,
                            const mip_workload_t *w, const mip_lmi_config_t *c,
                            const mip_price_options_t *opt, mip_lmi_plan_t *out,
                            mip_error_t *err);

/* The monthly default-Lambda bill of the steady workload w at memory_mb. */
MIP_EXTERN int mip_plan_lambda(const mip_region_t *region, const mip_workload_t *w,
                               double memory_mb, const mip_price_options_t *opt,
                               mip_bill_t *out, mip_error_t *err);

typedef enum mip_breakeven_kind {
    MIP_BREAKEVEN_CROSSES = 0,       /* LMI cheaper above breakeven_rps */
    MIP_BREAKEVEN_LMI_CHEAPER = 1,   /* LMI cheaper over the whole range */
    MIP_BREAKEVEN_LAMBDA_CHEAPER = 2 /* Lambda cheaper over the whole range */
} mip_breakeven_kind_t;

typedef struct mip_breakeven_row {
    double rps;
    double requests_per_month;
    double lambda_usd;
    int lmi_feasible; /* 0: no candidate can serve this rate */
    double lmi_usd;
    char instance_type[MIP_NAME_LENGTH];
    long instances;
} mip_breakeven_row_t;

typedef struct mip_breakeven_input {
    mip_workload_t shape;    /* everything but rps */
    double lambda_memory_mb; /* default Lambda memory; 0 = lmi.memory_mb */
    mip_lmi_config_t lmi;
    mip_price_options_t price;
    double min_rps; /* range searched and tabulated (default 0.01) */
    double max_rps; /* 0 (the default): up to the highest rate LMI can
                       serve, at most 1e6 requests per second */
} mip_breakeven_input_t;
MIP_EXTERN void mip_breakeven_input_init(mip_breakeven_input_t *in);

typedef struct mip_breakeven_result {
    mip_breakeven_kind_t kind;
    double breakeven_rps;    /* the rate above which LMI stays cheaper;
                                NAN when Lambda is cheaper throughout */
    double min_rps, max_rps; /* the range searched and tabulated */
    double lmi_max_rps;      /* the highest rate LMI can serve within
                                MaxVCpuCount / max_envs (above: infeasible) */
    mip_breakeven_row_t at;  /* both costs at breakeven_rps */
} mip_breakeven_result_t;

/* Find where LMI (cheapest candidate at each rate) and Lambda cost the same,
 * and fill rows[0..n_rows) with both costs at log-spaced rates from min_rps
 * to max_rps (rows may be NULL with n_rows 0). */
MIP_EXTERN int mip_breakeven(const mip_region_t *region,
                             const mip_instance_t *const *candidates, size_t n,
                             const mip_breakeven_input_t *in, mip_breakeven_result_t *out,
                             mip_breakeven_row_t *rows, size_t n_rows, mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Traffic traces (trace): readers                                           */

/* One interval of a function's traffic. Values that a trace does not give
 * are NAN (an interval with no invocations has NAN durations). */
typedef struct mip_interval {
    double invocations;
    double duration_ms;     /* mean duration of its invocations */
    double p99_duration_ms; /* NAN when unknown */
    double cpu_ms;          /* CPU time per invocation; NAN when unknown */
    double memory_mb;       /* memory used per invocation; NAN when unknown */
    double max_concurrency; /* peak concurrent executions; NAN when unknown */
} mip_interval_t;

/* One function's traffic at a fixed step. Owned by its trace. */
typedef struct mip_series {
    const char *function; /* "" when the trace names none */
    double start_s;       /* epoch seconds (UTC) of the start of interval 0 */
    double step_s;
    size_t n; /* intervals, from the first to the last with a row */
    mip_interval_t *iv;
    size_t gaps; /* intervals no row fell in (zero traffic) */
} mip_series_t;

typedef enum mip_trace_layout {
    MIP_TRACE_AUTO = 0,      /* from the header */
    MIP_TRACE_INTERVALS = 1, /* a row per interval (CloudWatch metrics) */
    MIP_TRACE_EVENTS = 2,    /* a row per invocation (logs, Azure 2021) */
    MIP_TRACE_AZURE2019 = 3  /* Azure Functions 2019 invocations per minute */
} mip_trace_layout_t;

#define MIP_TRACE_MAX_REASONS 5

/* Reading options. */
typedef struct mip_trace_options {
    mip_trace_layout_t layout;
    double step_s;     /* resample to this step (60) */
    int skip_bad_rows; /* go on past bad rows, counting them */
    /* Extra column names, "field=Column,field=Column" with fields
     * timestamp, invocations, duration_ms, p99_duration_ms, cpu_ms,
     * memory_mb, max_concurrency, function, duration_s (events). */
    const char *columns;
    /* Azure 2019: the durations and memory percentiles files (optional). */
    const char *azure_durations_path;
    const char *azure_memory_path;
    /* Called now and then while reading with the bytes read so far and the
     * file's size (0 when unknown); NULL for none. */
    void (*progress)(void *user, const char *path, double bytes_read, double bytes_total);
    void *progress_user;
    /* The most intervals the series may hold together (memory: about 56
     * bytes each); beyond, MIP_ETOOMANY. 0: the default, 50,000,000. */
    size_t max_intervals;
} mip_trace_options_t;
#define MIP_TRACE_OPTIONS_INIT                                                           \
    {                                                                                    \
        MIP_TRACE_AUTO, 60.0, 0, NULL, NULL, NULL, NULL, NULL, 0                         \
    }
MIP_EXTERN void mip_trace_options_init(mip_trace_options_t *o);

/* What reading found, beyond the series. */
typedef struct mip_trace_info {
    mip_trace_layout_t layout; /* the layout read */
    size_t files;
    size_t rows;         /* data rows read */
    size_t skipped_rows; /* bad rows passed over (skip_bad_rows) */
    size_t n_reasons;    /* the first few reasons, "file:line:col: text" */
    char reasons[MIP_TRACE_MAX_REASONS][MIP_ERROR_TEXT_LENGTH];
    size_t out_of_order; /* rows earlier than the row before them */
    size_t merged;       /* rows summed into an interval already seen */
} mip_trace_info_t;

typedef struct mip_trace mip_trace_t;

/* Read one or more files of one layout into series, streaming: memory grows
 * with the series, not with the files. Errors name the file, line and column
 * (MIP_EPARSE for CSV syntax and bad values, MIP_ESCHEMA for a missing
 * column, MIP_EIO). With skip_bad_rows, bad rows are counted instead. */
MIP_EXTERN int mip_trace_load(const char *const *paths, size_t n_paths,
                              const mip_trace_options_t *opt, mip_trace_t **out,
                              mip_error_t *err);
MIP_EXTERN void mip_trace_free(mip_trace_t *trace);
MIP_EXTERN size_t mip_trace_series_count(const mip_trace_t *trace);
/* Series sorted by function name. */
MIP_EXTERN const mip_series_t *mip_trace_series_at(const mip_trace_t *trace, size_t i);
MIP_EXTERN const mip_trace_info_t *mip_trace_info(const mip_trace_t *trace);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day
 * 1-31), and back: the calendar of the readers and reports, for callers
 * that lay dates out (charts). */
MIP_EXTERN int64_t mip_days_from_civil(int64_t y, int m, int d);
MIP_EXTERN void mip_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Parse a timestamp: ISO 8601 ("2024-05-01T12:00:00Z", "2024-05-01 12:00:00",
 * "...+02:00", fractional seconds; no zone = UTC) or epoch seconds or
 * milliseconds (values above 1e11 are milliseconds). */
MIP_EXTERN int mip_parse_timestamp(const char *s, size_t len, double *epoch_s,
                                   mip_error_t *err);

/* Statistics of a series (stats). */
typedef struct mip_series_stats {
    size_t intervals;
    double span_s; /* n x step */
    size_t gaps;
    double invocations; /* total */
    double mean_rps;    /* over the span */
    double peak_rps;    /* highest interval */
    double concurrency_p50, concurrency_p90, concurrency_p99, concurrency_max;
    double growth_5min;      /* largest ratio of a 5-minute window's rate to
                                the 5 minutes before it (1 when flat) */
    double growth_5min_at_s; /* epoch seconds where it starts */
    double mean_duration_ms; /* invocation-weighted */
} mip_series_stats_t;
MIP_EXTERN int mip_series_stats(const mip_series_t *s, mip_series_stats_t *out,
                                mip_error_t *err);

/* Scaling schedules (schedule): windows in which the function's environment
 * limits differ, as set by a scheduler calling PutFunctionScalingConfig; 0/0
 * deactivates the function. */
typedef struct mip_schedule_window {
    double start_s; /* epoch seconds; seconds of the day when daily */
    double end_s;   /* exclusive; daily windows may wrap past midnight */
    int daily;      /* the window repeats every day (times HH:MM[:SS]) */
    long min_envs;  /* MinExecutionEnvironments */
    long max_envs;  /* MaxExecutionEnvironments, or MIP_UNLIMITED */
} mip_schedule_window_t;

typedef struct mip_schedule mip_schedule_t;

/* Read a CSV of windows: columns start, end, min_envs, max_envs (also
 * min/max, MinExecutionEnvironments/MaxExecutionEnvironments; an empty max is
 * unlimited). Times are ISO 8601 or epoch seconds, or HH:MM[:SS] for a daily
 * window. The LMI rules hold: 0 to 15000, min at most max, min 0 only with
 * max 0. Errors name file, line and column. */
MIP_EXTERN int mip_schedule_load(const char *path, mip_schedule_t **out,
                                 mip_error_t *err);
MIP_EXTERN void mip_schedule_free(mip_schedule_t *s);
MIP_EXTERN size_t mip_schedule_count(const mip_schedule_t *s);
MIP_EXTERN const mip_schedule_window_t *mip_schedule_at(const mip_schedule_t *s,
                                                        size_t i);
/* The window in force at epoch time t: the last listed that holds it, or
 * NULL. */
MIP_EXTERN const mip_schedule_window_t *mip_schedule_find(const mip_schedule_t *s,
                                                          double t);

/* ------------------------------------------------------------------------ */
/* Simulation over a series (sim)                                           */

/* How LMI's asynchronous scaler is modelled. AWS publishes none of these
 * numbers: they are assumptions, with defaults (_init) in parentheses. */
typedef struct mip_scaler {
    double metric_period_s;     /* demand is seen averaged over this (60) */
    double metric_delay_s;      /* and acted on this much later (0) */
    double env_start_s;         /* an environment starts on a running instance (30) */
    double instance_launch_s;   /* an instance launches and joins (180) */
    double scale_down_delay_s;  /* lower demand lasts this long before scale-in (300) */
    double scale_down_fraction; /* of the surplus removed each minute after (0.25) */
    double instance_drain_s;    /* an emptied instance bills this long (120) */
    double saturation_cpu;      /* CPU utilization at which environments throttle
                                   (0.9): requests beyond it are throttled */
    const mip_schedule_t *schedule; /* NULL: the configuration's limits always;
                                       the activation lead is the launch time */
} mip_scaler_t;
#define MIP_SCALER_INIT                                                                  \
    {                                                                                    \
        60.0, 0.0, 30.0, 180.0, 300.0, 0.25, 120.0, 0.9, NULL                            \
    }
MIP_EXTERN void mip_scaler_init(mip_scaler_t *s);

/* Default Lambda's side of the simulation, with defaults. */
typedef struct mip_lambda_sim_options {
    double keep_alive_s;        /* an idle environment stays warm (600) */
    double account_concurrency; /* account concurrency limit (1000) */
    double scale_per_10s;       /* new environments per function per 10 s (1000) */
} mip_lambda_sim_options_t;
#define MIP_LAMBDA_SIM_OPTIONS_INIT                                                      \
    {                                                                                    \
        600.0, 1000.0, 1000.0                                                            \
    }
MIP_EXTERN void mip_lambda_sim_options_init(mip_lambda_sim_options_t *o);

/* One interval of both simulations (optional output, for tables and charts). */
typedef struct mip_sim_interval {
    double lmi_envs;            /* environments ready */
    double lmi_instances;       /* instances billed (ready, launching, draining) */
    double lmi_served;          /* invocations served */
    double lmi_throttled;       /* invocations throttled */
    double lmi_cpu_utilization; /* of the ready environments */
    double lambda_concurrency;  /* concurrency needed */
    double lambda_cold_starts;
    double lambda_throttled;
    double lambda_gb_s; /* billed (1 ms rounding) */
} mip_sim_interval_t;

typedef struct mip_lmi_sim {
    const mip_instance_t *instance;
    double requests; /* served */
    double throttled_requests;
    size_t throttled_intervals;
    double instance_hours;
    long peak_envs;
    long peak_instances;
    double mean_cpu_utilization; /* invocation-weighted */
    size_t capped_intervals;     /* the scaler hit MaxVCpuCount or max_envs */
    double failed_requests;      /* arrived while a schedule deactivated it */
} mip_lmi_sim_t;

typedef struct mip_lambda_sim {
    double requests; /* served */
    double throttled_requests;
    double gb_s; /* billed duration, 1 ms rounding */
    double cold_starts;
    double peak_concurrency;
} mip_lambda_sim_t;

/* Replay a series against LMI on one instance type: per interval the demand
 * (Little's law; CPU from CPU time per invocation), the environments and
 * instances the scaler provisions with its lags, throttles, and the
 * instance-hours billed. shape gives what the series lacks (duration, CPU
 * time, memory per request), runtime and architecture. The scaler starts
 * sized for the first interval. iv (may be NULL) receives n intervals. */
MIP_EXTERN int mip_sim_lmi(const mip_series_t *series, const mip_workload_t *shape,
                           const mip_lmi_config_t *c, const mip_scaler_t *scaler,
                           const mip_instance_t *inst, mip_lmi_sim_t *out,
                           mip_sim_interval_t *iv, mip_error_t *err);

/* Replay a series against default Lambda at memory_mb: billed GB-s, peak
 * concurrency, cold starts (environments needed above those kept warm) and
 * throttles (account limit, scaling rate). iv as above (its lambda_* fields). */
MIP_EXTERN int mip_sim_lambda(const mip_series_t *series, const mip_workload_t *shape,
                              double memory_mb, const mip_lambda_sim_options_t *o,
                              mip_lambda_sim_t *out, mip_sim_interval_t *iv,
                              mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Comparing both models over a trace (compare): decisions                  */

typedef struct mip_compare_input {
    mip_workload_t shape;    /* defaults for what the series lacks */
    double lambda_memory_mb; /* 0: lmi.memory_mb */
    mip_lmi_config_t lmi;
    mip_scaler_t scaler;
    mip_lambda_sim_options_t lambda;
    mip_price_options_t price; /* hours_per_month scales to a month */
} mip_compare_input_t;
MIP_EXTERN void mip_compare_input_init(mip_compare_input_t *in);

typedef struct mip_compare_day {
    double start_s; /* epoch seconds */
    double hours;   /* of the series in this day */
    double requests;
    double lambda_usd; /* the period's bills shared out by usage */
    double lmi_usd;
    double lmi_instance_hours;
    double lmi_throttled;
    double lmi_requests; /* served */
    double lambda_cold_starts;
    /* the day's costs split: */
    double lambda_requests_usd, lambda_duration_usd;       /* sum: lambda_usd */
    double lmi_compute_usd, lmi_fee_usd, lmi_requests_usd; /* sum: lmi_usd */
} mip_compare_day_t;

/* A stretch of the series (one interval, or several merged so that a long
 * series has at most MIP_TIMELINE_MAX points), for charts: demand against
 * capacity. Peaks are the highest of the merged intervals, counts sums. */
typedef struct mip_timeline_point {
    double start_s, span_s;
    double requests;           /* offered */
    double lmi_demand_envs;    /* environments the demand needs at the CPU
                                  utilization where throttling starts (peak) */
    double lmi_envs;           /* environments ready (peak) */
    double lmi_instances;      /* instances billed (peak) */
    double lmi_throttled;      /* requests */
    double lambda_concurrency; /* default Lambda's environments (peak) */
    double lambda_cold_starts;
    double lambda_throttled;
} mip_timeline_point_t;
#define MIP_TIMELINE_MAX 2000

typedef struct mip_compare_result {
    double period_hours; /* the series' span */
    mip_lambda_sim_t lambda;
    mip_lmi_sim_t lmi;                    /* of the cheapest candidate */
    mip_bill_t lambda_period, lmi_period; /* the span as one bill */
    mip_bill_t lambda_month, lmi_month;   /* usage scaled to hours_per_month */
    size_t n_days;
    mip_compare_day_t *days; /* owned: mip_compare_result_free() */
    size_t n_timeline;
    mip_timeline_point_t *timeline; /* owned; the cheapest LMI beside Lambda */
} mip_compare_result_t;

/* Simulate the series on default Lambda and on LMI with each candidate
 * instance type, keep the cheapest LMI, and price both for the period and
 * for a month. */
MIP_EXTERN int mip_compare(const mip_region_t *region,
                           const mip_instance_t *const *candidates, size_t n,
                           const mip_series_t *series, const mip_compare_input_t *in,
                           mip_compare_result_t *out, mip_error_t *err);
MIP_EXTERN void mip_compare_result_free(mip_compare_result_t *r);
/* The sums of n comparisons (the functions of one trace), compensated. */
typedef struct mip_compare_totals {
    double lambda_usd, lmi_usd;             /* the periods' bills */
    double lambda_month_usd, lmi_month_usd; /* a month's */
    double period_hours;                    /* the longest period */
    double lmi_instance_hours;
    double lmi_requests, lmi_throttled; /* served, throttled */
    double lambda_cold_starts;
} mip_compare_totals_t;
MIP_EXTERN void mip_compare_totals(const mip_compare_result_t *r, size_t n,
                                   mip_compare_totals_t *out);
/* The days of n comparisons (functions of one trace) summed by date:
 * *out (malloc'ed, mip_free) holds every date from the first to the last,
 * hours the longest of that date's. */
MIP_EXTERN int mip_compare_days(const mip_compare_result_t *r, size_t n,
                                mip_compare_day_t **out, size_t *n_days,
                                mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Fitting a configuration to a trace (fit): decisions                      */

/* The search space: each list, when empty, holds one value from the base
 * configuration. */
typedef struct mip_fit_space {
    const double *memory_mb;
    size_t n_memory;
    const double *memory_gib_per_vcpu; /* 2, 4, 8 */
    size_t n_ratios;
    const long *concurrency; /* per environment; 0 = the runtime's default */
    size_t n_concurrency;
    const double *target_cpu;
    size_t n_targets;
    const long *min_envs;
    size_t n_min_envs;
} mip_fit_space_t;

typedef struct mip_fit_input {
    mip_compare_input_t base; /* workload, the rest of the configuration,
                                 scaler, Lambda, prices */
    mip_fit_space_t space;
    double throttle_budget; /* largest fraction of requests throttled (1e-4) */
    int exhaustive;         /* 1: every instance type for every configuration;
                               0: the type cheapest per environment that fits;
                               -1 (default): exhaustive when the space holds at
                               most 20000 simulations */
    size_t top;             /* ranked results kept (10) */
} mip_fit_input_t;
MIP_EXTERN void mip_fit_input_init(mip_fit_input_t *in);

typedef struct mip_fit_candidate {
    mip_lmi_config_t config;
    const mip_instance_t *instance;
    mip_lmi_sim_t sim;
    double period_usd;        /* LMI for the series' span */
    double month_usd;         /* scaled to hours_per_month */
    double throttle_fraction; /* throttled / offered */
} mip_fit_candidate_t;

/* One (configuration, instance type) simulated by a search. */
typedef struct mip_fit_point {
    mip_lmi_config_t config;
    const mip_instance_t *instance;
    double period_usd;
    double throttle_fraction;
    int within_budget;
} mip_fit_point_t;

typedef struct mip_fit_result {
    size_t configurations; /* valid configurations in the space */
    size_t invalid;        /* combinations that break a rule */
    size_t simulated;      /* (configuration, instance type) simulated */
    size_t pruned;         /* skipped: bound above the best found */
    size_t over_budget;    /* simulated, but throttling too much */
    int exhaustive;        /* the mode used */
    size_t n_best;
    mip_fit_candidate_t *best;            /* ranked, cheapest first; owned */
    mip_fit_candidate_t least_throttling; /* when none is within budget */
    mip_lambda_sim_t lambda;
    mip_bill_t lambda_period, lambda_month;
    double period_hours;
    size_t n_points;
    mip_fit_point_t *points; /* owned: every candidate simulated, in the
                                order simulated (the frontier's chart) */
} mip_fit_result_t;

/* Search the space for the cheapest LMI configurations whose throttles stay
 * within the budget, simulating each over the series. MIP_EINFEASIBLE when
 * none does (out->least_throttling then says how close the best came). */
MIP_EXTERN int mip_fit(const mip_region_t *region,
                       const mip_instance_t *const *candidates, size_t n,
                       const mip_series_t *series, const mip_fit_input_t *in,
                       mip_fit_result_t *out, mip_error_t *err);
MIP_EXTERN void mip_fit_result_free(mip_fit_result_t *r);

/* ------------------------------------------------------------------------ */
/* Savings Plans commitment (commit): decisions                              */

#define MIP_COMMIT_CURVE_POINTS 101
typedef struct mip_commit_result {
    double discount;                /* the Savings Plan's discount */
    double hours;                   /* hours of the series */
    double commitment_usd_per_hour; /* the optimal hourly commitment */
    double covered_fraction;        /* of the on-demand spend it covers */
    double utilization;             /* of the commitment, used */
    double on_demand_usd;           /* the spend without a plan */
    double with_plan_usd;           /* commitment + what it does not cover */
    double saving_usd;
    /* the cost with a plan against the commitment, for charts: curve_usd[i]
     * at curve_commit[i] USD an hour, from 0 to the commitment that covers
     * the dearest hour, evenly spaced */
    size_t n_curve;
    double curve_commit[MIP_COMMIT_CURVE_POINTS];
    double curve_usd[MIP_COMMIT_CURVE_POINTS];
} mip_commit_result_t;

/* The hourly commitment c that minimises sum over hours h of
 * c + max(0, spend_h - c / (1 - discount)), where spend_h is the on-demand
 * spend a plan can cover in hour h (the minimiser: c / (1 - discount) is the
 * discount-quantile of the spends). Only spend a plan covers goes in: EC2
 * compute for LMI (never the management fee), duration for Lambda. */
MIP_EXTERN int mip_commit(const double *spend_usd_per_hour, size_t n_hours,
                          double discount, mip_commit_result_t *out, mip_error_t *err);

/* The hourly on-demand EC2 compute spend of an LMI simulation: its per-
 * interval instances (iv from mip_sim_lmi) at the instance's price, summed
 * by clock hour into spend[0..*n_hours) (malloc'ed; free with mip_free). */
MIP_EXTERN int mip_commit_lmi_spend(const mip_series_t *series,
                                    const mip_sim_interval_t *iv,
                                    const mip_instance_t *inst, double **spend,
                                    size_t *n_hours, mip_error_t *err);
/* The same for default Lambda: its billed GB-s (iv from mip_sim_lambda) at
 * usd_per_gb_s, the duration a plan can cover. */
MIP_EXTERN int mip_commit_lambda_spend(const mip_series_t *series,
                                       const mip_sim_interval_t *iv, double usd_per_gb_s,
                                       double **spend, size_t *n_hours, mip_error_t *err);

/* Both commitments for a configuration c (from mip_fit) over the series:
 * LMI simulated with base's shape and scaler on c, its hourly EC2 spend
 * committed at lmi_discount; default Lambda simulated at base's Lambda
 * memory (else c's), its hourly duration spend at the first tier's rate
 * committed at lambda_discount. */
MIP_EXTERN int mip_commit_config(const mip_region_t *region, const mip_series_t *series,
                                 const mip_compare_input_t *base,
                                 const mip_fit_candidate_t *c, double lmi_discount,
                                 double lambda_discount, mip_commit_result_t *lmi,
                                 mip_commit_result_t *lambda, mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Billing exports (billing): readers                                        */
/*
 * AWS Cost and Usage Reports (legacy CSV and CUR 2.0) and FOCUS 1.0 to 1.2
 * exports, plain or gzip-compressed, read in one streaming pass each into
 * mergeable aggregates. Nothing here prices anything: the costs are the
 * export's own. For every row:
 *  - billed cost: CUR NetUnblendedCost, else UnblendedCost; FOCUS BilledCost;
 *  - effective cost: CUR SavingsPlanEffectiveCost for covered usage, the
 *    unused commitment (TotalCommitmentToDate - UsedCommitment) for the
 *    recurring fee, 0 for negations and upfront fees, reservation
 *    EffectiveCost for DiscountedUsage, else UnblendedCost; FOCUS EffectiveCost;
 *  - list cost: CUR publicOnDemandRate x UsageAmount, else
 *    publicOnDemandCost; FOCUS ListCost;
 * empty values and the literal NULL are missing (a missing cost is 0).
 */

typedef enum mip_billing_dialect {
    MIP_BILLING_AUTO = 0, /* from the header, file by file */
    MIP_BILLING_CUR = 1,  /* legacy CUR: lineItem/UsageType, ... */
    MIP_BILLING_CUR2 = 2, /* CUR 2.0: line_item_usage_type, ... */
    MIP_BILLING_FOCUS = 3 /* FOCUS 1.0 to 1.2: BilledCost, ChargeCategory, ... */
} mip_billing_dialect_t;
#define MIP_BILLING_DIALECT_COUNT 4
/* "auto", "cur", "cur2", "focus" */
MIP_EXTERN const char *mip_billing_dialect_name(mip_billing_dialect_t d);
/* Accepts the names above, any case ("legacy" for cur, "cur2.0" for cur2). */
MIP_EXTERN int mip_billing_dialect_parse(const char *s, mip_billing_dialect_t *out);

#define MIP_BILLING_MAX_REASONS 5

typedef struct mip_billing_options {
    mip_billing_dialect_t dialect; /* MIP_BILLING_AUTO */
    int skip_bad_rows;             /* go on past bad rows, counting them (0) */
    /* Called now and then with the bytes read so far and the file's size
     * (compressed bytes for .gz; 0 when unknown); NULL for none. */
    void (*progress)(void *user, const char *path, double bytes_read, double bytes_total);
    void *progress_user;
} mip_billing_options_t;
#define MIP_BILLING_OPTIONS_INIT                                                         \
    {                                                                                    \
        MIP_BILLING_AUTO, 0, NULL, NULL                                                  \
    }
MIP_EXTERN void mip_billing_options_init(mip_billing_options_t *o);

/* What reading found (summed by mip_billing_merge). */
typedef struct mip_billing_info {
    size_t files;
    size_t rows;                                       /* data rows read */
    size_t rows_by_dialect[MIP_BILLING_DIALECT_COUNT]; /* [MIP_BILLING_CUR]... */
    size_t lambda_rows;        /* rows in mip_billing_lambda_at() */
    size_t ec2_rows;           /* rows in mip_billing_ec2_at() */
    size_t savings_plans_rows; /* rows in mip_billing_savings_plans() */
    size_t lmi_rows;           /* rows in mip_billing_lmi_at() */
    size_t unrecognised_rows;  /* rows in none of them (but in the services) */
    size_t skipped_rows;       /* bad rows passed over (skip_bad_rows) */
    size_t n_reasons;          /* the first few reasons, "file:line:col: text" */
    char reasons[MIP_BILLING_MAX_REASONS][MIP_ERROR_TEXT_LENGTH];
} mip_billing_info_t;

/* Every row, by service and usage type. Strings owned by the aggregate. */
typedef struct mip_billing_service {
    const char *service;    /* CUR product code ("AWSLambda"); FOCUS x_ServiceCode,
                               else ServiceName */
    const char *usage_type; /* without change ("USE2-Lambda-GB-Second"); "" if none */
    size_t rows;
    size_t unrecognised_rows; /* rows recognised as nothing more specific */
    double usage_quantity;    /* CUR UsageAmount; FOCUS ConsumedQuantity, else
                                 PricingQuantity (in the export's own unit) */
    double billed_usd;
    double effective_usd;
    double list_usd;
} mip_billing_service_t;

/* Lambda usage of one function (or account and region when the export has
 * no resource ids) in one architecture and one clock hour. Quantities come
 * from usage rows (Usage, SavingsPlanCoveredUsage, DiscountedUsage; FOCUS
 * ChargeCategory Usage); costs from every row of the usage type. */
typedef struct mip_billing_lambda {
    const char *account;  /* "" when the export has none */
    const char *region;   /* "us-east-1": the region column, else the usage
                             type's prefix (none: us-east-1) */
    const char *resource; /* function ARN; "" when absent */
    mip_arch_t arch;      /* "-ARM" usage types are arm64 */
    double hour_s;        /* epoch seconds of the hour's start (UTC) */
    size_t rows;
    double requests;                     /* Request, Request-ARM */
    double duration_gb_s;                /* Lambda-GB-Second[-ARM] */
    double provisioned_concurrency_gb_s; /* Lambda-Provisioned-Concurrency[-ARM] */
    double provisioned_duration_gb_s;    /* Lambda-Provisioned-GB-Second[-ARM] */
    /* billed: the on-demand (unblended) charges, before any Savings Plan
     * negation (those are in mip_billing_savings_plans_t); effective: after */
    double requests_billed_usd, requests_effective_usd;
    double duration_billed_usd, duration_effective_usd;
    double provisioned_concurrency_billed_usd, provisioned_concurrency_effective_usd;
    double provisioned_duration_billed_usd, provisioned_duration_effective_usd;
} mip_billing_lambda_t;

/* EC2 instance-hours (usage types BoxUsage:<type>) by region, type and hour. */
typedef struct mip_billing_ec2 {
    const char *region;
    const char *instance_type; /* "m7g.xlarge" */
    double hour_s;
    size_t rows;
    double instance_hours;
    double billed_usd;
    double effective_usd;
    double list_usd;
} mip_billing_ec2_t;

/* Savings Plans rows, summed. */
typedef struct mip_billing_savings_plans {
    size_t covered_rows;                 /* SavingsPlanCoveredUsage */
    double covered_billed_usd;           /* their on-demand (unblended) cost */
    double covered_effective_usd;        /* what the plan charged for them */
    double covered_lambda_effective_usd; /* of which Lambda usage */
    size_t recurring_fee_rows;           /* SavingsPlanRecurringFee */
    double recurring_fee_billed_usd;
    double unused_commitment_usd; /* the fee rows' effective cost */
    size_t negation_rows;         /* SavingsPlanNegation */
    double negation_billed_usd;   /* negative */
} mip_billing_savings_plans_t;

/* Rows that look like Lambda Managed Instances (usage types
 * [prefix-]Lambda-Managed-Instances-*), by account, region, usage type and hour. */
typedef struct mip_billing_lmi {
    const char *account;
    const char *region;
    const char *usage_type; /* without its region prefix */
    double hour_s;
    size_t rows;
    double quantity;
    double billed_usd;
    double effective_usd;
} mip_billing_lmi_t;

typedef struct mip_billing mip_billing_t;

/* Read n_paths files (.csv, or gzip-compressed: detected by content) into one
 * aggregate, streaming: memory grows with the aggregates, never with the
 * files. opt may be NULL (defaults). Errors name the file, line and column:
 * MIP_EPARSE (CSV syntax, bad numbers or timestamps), MIP_ESCHEMA (a missing
 * column, names it; or a header of no known dialect), MIP_EIO. With
 * skip_bad_rows, rows with bad values are counted instead (CSV syntax errors
 * still stop reading). */
MIP_EXTERN int mip_billing_load(const char *const *paths, size_t n_paths,
                                const mip_billing_options_t *opt, mip_billing_t **out,
                                mip_error_t *err);
/* An empty aggregate (to merge into). */
MIP_EXTERN int mip_billing_new(mip_billing_t **out, mip_error_t *err);
MIP_EXTERN void mip_billing_free(mip_billing_t *b);
/* Add everything of other into into (other is unchanged): reading files in
 * parts and merging gives the aggregate of reading them at once. */
MIP_EXTERN int mip_billing_merge(mip_billing_t *into, const mip_billing_t *other,
                                 mip_error_t *err);

MIP_EXTERN const mip_billing_info_t *mip_billing_info(const mip_billing_t *b);
/* Sorted by service, then usage type. */
MIP_EXTERN size_t mip_billing_service_count(const mip_billing_t *b);
MIP_EXTERN const mip_billing_service_t *mip_billing_service_at(const mip_billing_t *b,
                                                               size_t i);
/* Cost by service: the usage types of each service summed (usage_type "",
 * usage_quantity NAN: units differ), largest billed cost first, then by
 * name. *out is malloc'ed (mip_free); *n may be 0; the names are the
 * aggregate's, valid while it lives. */
MIP_EXTERN int mip_billing_by_service(const mip_billing_t *b, mip_billing_service_t **out,
                                      size_t *n, mip_error_t *err);
/* Sums over every row: billed, effective and list cost. */
MIP_EXTERN void mip_billing_totals(const mip_billing_t *b, double *billed_usd,
                                   double *effective_usd, double *list_usd);
/* Sorted by account, region, resource, architecture, hour. */
MIP_EXTERN size_t mip_billing_lambda_count(const mip_billing_t *b);
MIP_EXTERN const mip_billing_lambda_t *mip_billing_lambda_at(const mip_billing_t *b,
                                                             size_t i);
/* Sorted by region, instance type, hour. */
MIP_EXTERN size_t mip_billing_ec2_count(const mip_billing_t *b);
MIP_EXTERN const mip_billing_ec2_t *mip_billing_ec2_at(const mip_billing_t *b, size_t i);
/* The Savings Plans sums into *out. */
MIP_EXTERN void mip_billing_savings_plans(const mip_billing_t *b,
                                          mip_billing_savings_plans_t *out);
/* Sorted by account, region, usage type, hour. */
MIP_EXTERN size_t mip_billing_lmi_count(const mip_billing_t *b);
MIP_EXTERN const mip_billing_lmi_t *mip_billing_lmi_at(const mip_billing_t *b, size_t i);

/* The region code of a usage type's prefix ("USE2" -> "us-east-2", "EU" ->
 * "eu-west-1"), or NULL when the prefix is unknown. */
MIP_EXTERN const char *mip_billing_region_of_prefix(const char *prefix, size_t len);

/* Write text to path through a temporary file beside it (0666 less the
 * umask) renamed into place: path is never left half-written. MIP_EIO names
 * the path and the system's reason. */
MIP_EXTERN int mip_write_file(const char *path, const char *text, mip_error_t *err);
/* The same for len bytes of any content (an image, say). */
MIP_EXTERN int mip_write_data(const char *path, const void *data, size_t len,
                              mip_error_t *err);

/* Write the aggregate as JSON (for partial results; numbers round-trip
 * exactly), and read it back strictly: unknown, duplicate or missing keys
 * are MIP_ESCHEMA with the JSON path, syntax errors MIP_EPARSE with line and
 * column. */
MIP_EXTERN int mip_billing_save_json(const mip_billing_t *b, const char *path,
                                     mip_error_t *err);
MIP_EXTERN int mip_billing_load_json(const char *path, mip_billing_t **out,
                                     mip_error_t *err);

/* ------------------------------------------------------------------------ */
/* Repricing the past (retro): decisions                                    */

/* One function's Lambda usage over a billing export, as billed and as the
 * catalogue prices it. Strings are owned by the billing aggregate. */
typedef struct mip_retro_function {
    const char *account;
    const char *region;
    const char *resource; /* function ARN; "" when the export has none */
    mip_arch_t arch;
    size_t hours; /* hours with usage */
    double first_hour_s, last_hour_s;
    double requests, duration_gb_s, pc_gb_s, pc_duration_gb_s;
    double free_requests, free_gb_s; /* its share of the account's free tier */
    double billed_usd;               /* what the export says it cost (unblended) */
    double effective_usd;            /* after Savings Plans */
    double model_usd;                /* the catalogue's price of the same usage */
    double difference;               /* model / billed - 1; NAN when billed is 0 */
    int priced;                      /* 0: the region is not in the catalogue */
} mip_retro_function_t;

/* Group the export's Lambda usage by account, region, function and
 * architecture, and price each with the catalogue (a bill of its own). With
 * free_tier, the account's monthly free tier (requests and GB-seconds) is
 * consumed hour by hour in time order across the account's functions and
 * architectures, usage of the same hour sharing it in proportion, as AWS
 * applies it; each function is priced on what is left. *out is malloc'ed
 * (mip_free), sorted by billed cost, largest first. */
MIP_EXTERN int mip_retro_lambda(const mip_catalog_t *cat, const mip_billing_t *b,
                                int free_tier, mip_retro_function_t **out, size_t *n,
                                mip_error_t *err);

/* One function's billed usage as a traffic series at a one-hour step, from
 * its first hour with usage to its last: invocations are the requests billed
 * in the hour, duration_ms the billed GB-seconds per request at memory_mb
 * (the function's memory, which the bill does not state):
 * GB-s x 1024 / memory_mb x 1000 / requests. Hours without requests have none
 * (and their GB-seconds, if any, are not carried). What the bill cannot tell,
 * CPU time, peaks within the hour, is left NAN for the shape to supply.
 * *out is freed with mip_retro_series_free(). */
MIP_EXTERN int mip_retro_series(const mip_billing_t *b, const mip_retro_function_t *f,
                                double memory_mb, mip_series_t **out, mip_error_t *err);
MIP_EXTERN void mip_retro_series_free(mip_series_t *s);

/* What a function's billed usage would have cost on LMI. */
typedef struct mip_retro_projection {
    int projected; /* 0: not projected, why says why */
    char why[MIP_ERROR_TEXT_LENGTH];
    const mip_region_t *region;   /* in the catalogue; NULL when not found */
    double memory_mb;             /* the function's memory assumed */
    mip_workload_t shape;         /* as projected: the architecture is the bill's */
    double ec2_discount;          /* the discount assumed on EC2 */
    mip_compare_result_t compare; /* over the series; owned */
    int fitted;                   /* 1: fit holds a search (mip_retro_fit) */
    char fit_why[MIP_ERROR_TEXT_LENGTH]; /* else why not, when one was asked */
    mip_fit_result_t fit;                /* owned; best[0] is the cheapest */
} mip_retro_projection_t;

/* Project each of the n functions onto LMI: its series (mip_retro_series at
 * in->lambda_memory_mb, else in->lmi.memory_mb) compared (mip_compare) in
 * its own region, on the LMI-eligible instance types of its architecture
 * that match patterns (comma-separated wildcards; NULL: all). A function
 * whose region is not in the catalogue or has no LMI, or whose configuration
 * cannot serve it, is not projected and says why; only running out of memory
 * fails. *out (n entries) is freed with mip_retro_projection_free(). */
MIP_EXTERN int mip_retro_project(const mip_catalog_t *cat, const mip_billing_t *b,
                                 const mip_retro_function_t *f, size_t n,
                                 const mip_compare_input_t *in, const char *patterns,
                                 mip_retro_projection_t **out, mip_error_t *err);
/* As mip_retro_project with in->base, then a search (mip_fit with in) over
 * the same series and instance types: the cheapest configuration whose
 * throttles stay within in->throttle_budget. A function the search cannot
 * serve within the budget is not fitted and says why in fit_why (its
 * least_throttling candidate is kept in fit). fit.points is NULL: the
 * frontier of each search is not kept. */
MIP_EXTERN int mip_retro_fit(const mip_catalog_t *cat, const mip_billing_t *b,
                             const mip_retro_function_t *f, size_t n,
                             const mip_fit_input_t *in, const char *patterns,
                             mip_retro_projection_t **out, mip_error_t *err);
MIP_EXTERN void mip_retro_projection_free(mip_retro_projection_t *p, size_t n);

/* Totals over the projected functions: what they were billed, what the
 * projection (base configuration) costs on LMI for the same span, and, over
 * the fitted ones, what they were billed and what the best fit costs. Any
 * pointer may be NULL. */
typedef struct mip_retro_totals {
    size_t projected, fitted;
    double billed_usd, lmi_usd;         /* over the projected */
    double fit_billed_usd, fit_lmi_usd; /* over the fitted */
} mip_retro_totals_t;
MIP_EXTERN void mip_retro_totals(const mip_retro_function_t *f,
                                 const mip_retro_projection_t *p, size_t n,
                                 mip_retro_totals_t *out);

/* ------------------------------------------------------------------------ */
/* Reports (report): JSON and CSV documents                                 */
/*
 * Each function renders one result, with the inputs that produced it, as a
 * NUL-terminated document in *out (free it with mip_free()). fmt is
 * MIP_FORMAT_JSON (one object, keys in a stable order) or MIP_FORMAT_CSV (a
 * header row, then data rows); MIP_FORMAT_TEXT is the calculator's own.
 */

MIP_EXTERN int mip_report_bill(const mip_bill_t *bill, mip_format_t fmt, char **out,
                               mip_error_t *err);
MIP_EXTERN int mip_report_lambda_cost(const mip_region_t *region,
                                      const mip_lambda_workload_t *workloads, size_t n,
                                      const mip_lambda_options_t *opt,
                                      const mip_bill_t *bill, mip_format_t fmt,
                                      char **out, mip_error_t *err);
MIP_EXTERN int mip_report_lmi_cost(const mip_region_t *region,
                                   const mip_lmi_usage_t *usage, size_t n,
                                   double requests, const mip_bill_t *bill,
                                   mip_format_t fmt, char **out, mip_error_t *err);
/* lambda_bill (may be NULL) is default Lambda for the same workload. */
MIP_EXTERN int mip_report_plan(const mip_region_t *region, const mip_workload_t *w,
                               const mip_lmi_config_t *c, const mip_price_options_t *opt,
                               const mip_lmi_plan_t *plan, const mip_bill_t *lambda_bill,
                               double lambda_memory_mb, mip_format_t fmt, char **out,
                               mip_error_t *err);
MIP_EXTERN int mip_report_breakeven(const mip_region_t *region,
                                    const mip_breakeven_input_t *in,
                                    const mip_breakeven_result_t *res,
                                    const mip_breakeven_row_t *rows, size_t n_rows,
                                    mip_format_t fmt, char **out, mip_error_t *err);
MIP_EXTERN int mip_report_regions(const mip_catalog_t *cat, mip_format_t fmt, char **out,
                                  mip_error_t *err);
MIP_EXTERN int mip_report_instances(const mip_instance_t *const *inst, size_t n,
                                    mip_format_t fmt, char **out, mip_error_t *err);
MIP_EXTERN int mip_report_lambda_rates(const mip_region_t *region, mip_format_t fmt,
                                       char **out, mip_error_t *err);

/* A trace's series with their statistics; paths name the files read. */
MIP_EXTERN int mip_report_trace_summary(const mip_trace_t *trace,
                                        const char *const *paths, size_t n_paths,
                                        mip_format_t fmt, char **out, mip_error_t *err);
/* Comparisons of n series (one per function); with several, the document
 * also holds their sums. */
MIP_EXTERN int mip_report_compare(const mip_region_t *region,
                                  const mip_compare_input_t *in,
                                  const mip_series_t *const *series,
                                  const mip_compare_result_t *results, size_t n,
                                  mip_format_t fmt, char **out, mip_error_t *err);
/* An epoch time as ISO 8601 UTC ("2024-05-01T12:00:00Z"), into buf (at
 * least 32 bytes); returns buf. */
MIP_EXTERN char *mip_format_time(double epoch_s, char *buf, size_t size);

/* A fit: the ranked configurations, the search's counts, default Lambda
 * beside them, and for the best the settings to apply as AWS names them
 * (JSON; CSV holds the ranking). */
MIP_EXTERN int mip_report_fit(const mip_region_t *region, const mip_fit_input_t *in,
                              const mip_fit_result_t *res, mip_format_t fmt, char **out,
                              mip_error_t *err);
/* Commitments for LMI's EC2 compute and for default Lambda's duration. */
MIP_EXTERN int mip_report_commit(const mip_region_t *region, const mip_fit_candidate_t *c,
                                 const mip_commit_result_t *lmi,
                                 const mip_commit_result_t *lambda, mip_format_t fmt,
                                 char **out, mip_error_t *err);

/* A billing export: what was read, cost by service, Lambda per function
 * (repriced), EC2 instance-hours by type, Savings Plans and what looks like
 * LMI. CSV holds the cost by service. */
MIP_EXTERN int mip_report_retro(const mip_billing_t *b, const mip_retro_function_t *f,
                                size_t n, mip_format_t fmt, char **out, mip_error_t *err);

/* The projections of mip_retro_project() beside what each function was
 * billed: JSON, or CSV a row per function. */
MIP_EXTERN int mip_report_projection(const mip_retro_function_t *f,
                                     const mip_retro_projection_t *p, size_t n,
                                     mip_format_t fmt, char **out, mip_error_t *err);

/* The projected LMI charges as FOCUS 1.2 rows (CSV): for each projected
 * function, requests, instance-hours and management fee over the span of
 * the bill, with every column FOCUS 1.2 marks mandatory and the conditional
 * ones that apply (commitment columns and a Purchase row when an EC2
 * discount is assumed). */
MIP_EXTERN int mip_report_focus(const mip_retro_function_t *f,
                                const mip_retro_projection_t *p, size_t n, char **out,
                                mip_error_t *err);

/* Names for the breakeven kinds: "crosses", "lmi_cheaper", "lambda_cheaper". */
MIP_EXTERN const char *mip_breakeven_kind_name(mip_breakeven_kind_t kind);

#ifdef __cplusplus
}
#endif
#endif /* MIPRICING_H */
