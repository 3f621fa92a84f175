/*
 * capacity.c - steady-state sizing of a workload on Lambda Managed Instances.
 *
 * Pure: no I/O, no allocation. The rules are those of DOMAIN.md section 2;
 * every one that AWS does not publish is a parameter of mip_lmi_config_t.
 *
 *   environment   vCPU = memory GiB / GiB-per-vCPU; concurrency = the runtime's
 *                 default per vCPU (capped at 64 per vCPU and 1600), or as set;
 *                 if memory per in-flight request is known, at most
 *                 floor(memory / request memory) requests fit at once
 *   demand        concurrency = rps x duration (Little's law);
 *                 busy vCPUs = rps x CPU time per request
 *   environments  max(min, by concurrency, by CPU at the target utilization)
 *   instances     environments / environments per instance (after the
 *                 per-instance reserve), at least the AZ floor
 */
#include "internal.h"

#include <math.h>
#include <string.h>

#define LMI_MIN_MEMORY_MB 2048.0
#define LMI_MAX_MEMORY_MB 32768.0
#define LMI_MAX_CONCURRENCY 1600L
#define LMI_MAX_CONCURRENCY_PER_VCPU 64.0
#define LMI_MAX_ENVS 15000L
#define LMI_MIN_VCPU_COUNT 2L
#define LMI_MAX_VCPU_COUNT 15000L

long mip__envs_for(double demand, double per_env)
{
    if (!(demand > 0.0) || !(per_env > 0.0))
        return 0;
    double e = mip__ceil_eps(demand / per_env);
    return e > 1e15 ? (long)1e15 : (long)e;
}

void mip_workload_init(mip_workload_t *w)
{
    if (w) {
        mip_workload_t d = MIP_WORKLOAD_INIT;
        *w = d;
    }
}

void mip_lmi_config_init(mip_lmi_config_t *c)
{
    if (c) {
        mip_lmi_config_t d = MIP_LMI_CONFIG_INIT;
        *c = d;
    }
}

static double env_vcpu_of(const mip_lmi_config_t *c)
{
    return c->memory_mb / 1024.0 / c->memory_gib_per_vcpu;
}

/* The runtime's default concurrency for the environment, within the caps. */
static long default_concurrency(const mip_lmi_config_t *c, mip_runtime_t rt)
{
    double v = env_vcpu_of(c);
    double d = mip__floor_eps(mip_runtime_default_concurrency_per_vcpu(rt) * v);
    if (d > (double)LMI_MAX_CONCURRENCY)
        d = (double)LMI_MAX_CONCURRENCY;
    return d < 1.0 ? 1L : (long)d;
}

int mip_lmi_config_check(const mip_lmi_config_t *c, mip_runtime_t rt, mip_error_t *err)
{
    mip_error_clear(err);
    if (!c)
        return mip__fail(err, MIP_EINVAL, "no LMI configuration given");
    if ((unsigned)rt >= MIP_RUNTIME_COUNT)
        return mip__fail(err, MIP_EINVAL, "unknown runtime %d", (int)rt);
    if (!isfinite(c->memory_mb) || c->memory_mb < LMI_MIN_MEMORY_MB ||
        c->memory_mb > LMI_MAX_MEMORY_MB)
        return mip__fail(err, MIP_ERULE,
                         "MemorySize must be 2048 to 32768 MB on Lambda Managed "
                         "Instances, not %g",
                         c->memory_mb);
    if (c->memory_mb != floor(c->memory_mb))
        return mip__fail(err, MIP_ERULE,
                         "MemorySize must be a whole number of MB, not %g", c->memory_mb);
    if (c->memory_gib_per_vcpu != 2.0 && c->memory_gib_per_vcpu != 4.0 &&
        c->memory_gib_per_vcpu != 8.0)
        return mip__fail(err, MIP_ERULE,
                         "ExecutionEnvironmentMemoryGiBPerVCpu must be 2, 4 or 8, not %g",
                         c->memory_gib_per_vcpu);
    double vcpu = env_vcpu_of(c);
    if (vcpu < 1.0 - 1e-12)
        return mip__fail(err, MIP_ERULE,
                         "an environment needs at least 1 vCPU: MemorySize %g MB at %g "
                         "GiB per vCPU gives %g vCPU (use at least %g MB)",
                         c->memory_mb, c->memory_gib_per_vcpu, vcpu,
                         1024.0 * c->memory_gib_per_vcpu);
    if (fabs(vcpu - nearbyint(vcpu)) > 1e-9)
        return mip__fail(
            err, MIP_ERULE,
            "MemorySize %g MB at %g GiB per vCPU gives %.4g vCPU: it must give "
            "a whole number of vCPUs (a multiple of %g MB)",
            c->memory_mb, c->memory_gib_per_vcpu, vcpu, 1024.0 * c->memory_gib_per_vcpu);
    if (c->max_concurrency < 0 || c->max_concurrency > LMI_MAX_CONCURRENCY)
        return mip__fail(
            err, MIP_ERULE,
            "PerExecutionEnvironmentMaxConcurrency must be 1 to 1600, not %ld",
            c->max_concurrency);
    double cap = mip__floor_eps(LMI_MAX_CONCURRENCY_PER_VCPU * vcpu);
    if (c->max_concurrency > 0 && (double)c->max_concurrency > cap)
        return mip__fail(err, MIP_ERULE,
                         "PerExecutionEnvironmentMaxConcurrency %ld is above 64 per vCPU "
                         "(at most %g for %g vCPU)",
                         c->max_concurrency, cap, vcpu);
    if (!isfinite(c->target_cpu) || c->target_cpu <= 0.0 || c->target_cpu > 1.0)
        return mip__fail(err, MIP_ERULE,
                         "target CPU utilization must be above 0 and at most 1 (100%%), "
                         "not %g",
                         c->target_cpu);
    if (c->min_envs < 0 || c->min_envs > LMI_MAX_ENVS)
        return mip__fail(err, MIP_ERULE,
                         "MinExecutionEnvironments must be 0 to 15000, not %ld",
                         c->min_envs);
    if (c->max_envs != MIP_UNLIMITED && (c->max_envs < 0 || c->max_envs > LMI_MAX_ENVS))
        return mip__fail(err, MIP_ERULE,
                         "MaxExecutionEnvironments must be 0 to 15000, not %ld",
                         c->max_envs);
    if (c->min_envs == 0 && c->max_envs != 0)
        return mip__fail(err, MIP_ERULE,
                         "MinExecutionEnvironments 0 is only valid with "
                         "MaxExecutionEnvironments 0 (which deactivates the function)");
    if (c->max_envs != MIP_UNLIMITED && c->min_envs > c->max_envs)
        return mip__fail(err, MIP_ERULE,
                         "MinExecutionEnvironments %ld is above MaxExecutionEnvironments "
                         "%ld",
                         c->min_envs, c->max_envs);
    if (!isfinite(c->reserve_vcpu) || c->reserve_vcpu < 0.0)
        return mip__fail(err, MIP_ERANGE,
                         "the per-instance vCPU reserve must be 0 or more, not %g",
                         c->reserve_vcpu);
    if (!isfinite(c->reserve_gib) || c->reserve_gib < 0.0)
        return mip__fail(err, MIP_ERANGE,
                         "the per-instance memory reserve must be 0 or more GiB, not %g",
                         c->reserve_gib);
    if (c->min_instances < 0 || c->min_instances > LMI_MAX_VCPU_COUNT)
        return mip__fail(err, MIP_ERANGE,
                         "the minimum number of instances must be 0 to 15000, not %ld",
                         c->min_instances);
    if (c->max_vcpu < LMI_MIN_VCPU_COUNT || c->max_vcpu > LMI_MAX_VCPU_COUNT)
        return mip__fail(err, MIP_ERULE, "MaxVCpuCount must be 2 to 15000, not %ld",
                         c->max_vcpu);
    (void)default_concurrency(c, rt);
    return MIP_OK;
}

static int check_workload(const mip_workload_t *w, mip_error_t *err)
{
    if (!isfinite(w->rps) || w->rps < 0.0)
        return mip__fail(err, MIP_ERANGE, "requests per second must be 0 or more, not %g",
                         w->rps);
    if (!isfinite(w->duration_ms) || w->duration_ms <= 0.0)
        return mip__fail(err, MIP_ERANGE, "duration must be above 0 ms, not %g",
                         w->duration_ms);
    if (!isfinite(w->cpu_ms))
        return mip__fail(err, MIP_ERANGE, "CPU time per request must be finite");
    if (!isfinite(w->request_memory_mb) || w->request_memory_mb < 0.0)
        return mip__fail(err, MIP_ERANGE,
                         "memory per request must be 0 or more MB, not %g",
                         w->request_memory_mb);
    if ((unsigned)w->runtime >= MIP_RUNTIME_COUNT)
        return mip__fail(err, MIP_EINVAL, "unknown runtime %d", (int)w->runtime);
    if ((unsigned)w->arch >= MIP_ARCH_COUNT)
        return mip__fail(err, MIP_EINVAL, "unknown architecture %d", (int)w->arch);
    return MIP_OK;
}

int mip__env_concurrency(const mip_workload_t *w, const mip_lmi_config_t *c, long *conc,
                         int *memory_bound, mip_error_t *err)
{
    *conc =
        c->max_concurrency > 0 ? c->max_concurrency : default_concurrency(c, w->runtime);
    *memory_bound = 0;
    if (w->request_memory_mb > 0.0) {
        double fit = mip__floor_eps(c->memory_mb / w->request_memory_mb);
        if (fit < 1.0)
            return mip__fail(err, MIP_EINFEASIBLE,
                             "one request needs %g MB, more than the environment's %g MB",
                             w->request_memory_mb, c->memory_mb);
        if (fit < (double)*conc) {
            *conc = (long)fit;
            *memory_bound = 1;
        }
    }
    return MIP_OK;
}

int mip_capacity_size(const mip_workload_t *w, const mip_lmi_config_t *c,
                      const mip_instance_t *inst, mip_lmi_sizing_t *out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!w || !c || !inst || !out)
        return mip__fail(err, MIP_EINVAL, "mip_capacity_size: NULL argument");
    int rc = mip_lmi_config_check(c, w->runtime, err);
    if (rc != MIP_OK)
        return rc;
    if ((rc = check_workload(w, err)) != MIP_OK)
        return rc;
    if (!mip_instance_lmi_eligible(inst->type))
        return mip__fail(err, MIP_ERULE,
                         "%s cannot back Lambda Managed Instances (families C from "
                         ".xlarge, M and R from .large)",
                         inst->type);
    if (inst->arch != w->arch)
        return mip__fail(err, MIP_EINFEASIBLE, "%s is %s but the function is %s",
                         inst->type, mip_arch_name(inst->arch), mip_arch_name(w->arch));

    memset(out, 0, sizeof *out);
    out->instance = inst;
    out->env_vcpu = env_vcpu_of(c);
    out->env_memory_gib = c->memory_mb / 1024.0;
    long conc;
    int memory_bound;
    if ((rc = mip__env_concurrency(w, c, &conc, &memory_bound, err)) != MIP_OK)
        return rc;
    out->env_concurrency = conc;

    double dur_s = w->duration_ms / 1000.0;
    double cpu_s = (w->cpu_ms < 0.0 ? w->duration_ms : w->cpu_ms) / 1000.0;
    out->concurrency = w->rps * dur_s;
    out->cpu_vcpu = w->rps * cpu_s;

    double by_conc_rate = (double)conc / dur_s;
    double by_cpu_rate = cpu_s > 0.0 ? out->env_vcpu * c->target_cpu / cpu_s : HUGE_VAL;
    out->rps_per_env = fmin(by_conc_rate, by_cpu_rate);

    out->envs_by_concurrency = mip__envs_for(out->concurrency, (double)conc);
    out->envs_by_cpu =
        cpu_s > 0.0 ? mip__envs_for(out->cpu_vcpu, out->env_vcpu * c->target_cpu) : 0;
    long envs = c->min_envs;
    out->binding = MIP_BINDING_MINIMUM;
    if (out->envs_by_concurrency > envs) {
        envs = out->envs_by_concurrency;
        out->binding = memory_bound ? MIP_BINDING_MEMORY : MIP_BINDING_CONCURRENCY;
    }
    if (out->envs_by_cpu > envs) {
        envs = out->envs_by_cpu;
        out->binding = MIP_BINDING_CPU;
    }
    if (c->max_envs == 0 && w->rps > 0.0)
        return mip__fail(err, MIP_EINFEASIBLE,
                         "MaxExecutionEnvironments 0 deactivates the function: it "
                         "cannot serve %g requests per second",
                         w->rps);
    if (c->max_envs != MIP_UNLIMITED && envs > c->max_envs)
        return mip__fail(err, MIP_EINFEASIBLE,
                         "%g requests per second need %ld environments, above "
                         "MaxExecutionEnvironments %ld",
                         w->rps, envs, c->max_envs);
    out->envs = envs;

    double free_vcpu = inst->vcpu - c->reserve_vcpu;
    double free_gib = inst->memory_gib - c->reserve_gib;
    double by_vcpu = free_vcpu > 0.0 ? mip__floor_eps(free_vcpu / out->env_vcpu) : 0.0;
    double by_mem = free_gib > 0.0 ? mip__floor_eps(free_gib / out->env_memory_gib) : 0.0;
    double epi = fmin(by_vcpu, by_mem);
    if (epi < 1.0)
        return mip__fail(err, MIP_EINFEASIBLE,
                         "an environment of %g vCPU and %g GiB does not fit on %s (%g "
                         "vCPU, %g GiB, less the reserve of %g vCPU and %g GiB)",
                         out->env_vcpu, out->env_memory_gib, inst->type, inst->vcpu,
                         inst->memory_gib, c->reserve_vcpu, c->reserve_gib);
    out->envs_per_instance = (long)epi;
    out->rps_per_instance = epi * out->rps_per_env;

    long need = envs > 0 ? (long)mip__ceil_eps((double)envs / epi) : 0;
    long instances = need;
    if (envs > 0 && instances < c->min_instances) {
        instances = c->min_instances;
        out->binding = MIP_BINDING_MINIMUM;
    }
    out->instances = instances;
    out->total_vcpu = (double)instances * inst->vcpu;
    if (out->total_vcpu > (double)c->max_vcpu)
        return mip__fail(err, MIP_EINFEASIBLE,
                         "%g requests per second need %ld x %s = %g vCPU, above "
                         "MaxVCpuCount %ld",
                         w->rps, instances, inst->type, out->total_vcpu, c->max_vcpu);
    out->cpu_utilization =
        envs > 0 ? out->cpu_vcpu / ((double)envs * out->env_vcpu) : 0.0;
    return MIP_OK;
}
