/*
 * test_capacity.c - steady-state LMI sizing. Instances are built by hand with
 * the us-east-1 figures of ../shared/data/prices/ec2_ondemand.csv, so these
 * tests do not depend on the catalogue; every count is worked out in comments.
 */
#include "testutil.h"

#include <criterion/parameterized.h>

static const mip_instance_t c7g_xlarge = {"c7g.xlarge",   "us-east-1", 4,     8,
                                          MIP_ARCH_ARM64, 0.145,       "test"};
static const mip_instance_t c7g_large = {"c7g.large",    "us-east-1", 2,     4,
                                         MIP_ARCH_ARM64, 0.0725,      "test"};
static const mip_instance_t m7i_2xlarge = {"m7i.2xlarge",   "us-east-1", 8,     32,
                                           MIP_ARCH_X86_64, 0.4032,      "test"};
static const mip_instance_t r7i_large = {"r7i.large",     "us-east-1", 2,     16,
                                         MIP_ARCH_X86_64, 0.1323,      "test"};
static const mip_instance_t m7g_large = {"m7g.large",    "us-east-1", 2,     8,
                                         MIP_ARCH_ARM64, 0.0816,      "test"};

static mip_workload_t api(double rps)
{
    mip_workload_t w;
    mip_workload_init(&w);
    w.rps = rps;
    w.duration_ms = 200.0;
    w.cpu_ms = 40.0;
    w.runtime = MIP_RUNTIME_NODEJS;
    w.arch = MIP_ARCH_ARM64;
    return w;
}

Test(capacity, defaults_are_documented)
{
    mip_lmi_config_t c;
    mip_lmi_config_init(&c);
    cr_assert_eq(c.memory_mb, 2048.0);
    cr_assert_eq(c.memory_gib_per_vcpu, 2.0);
    cr_assert_eq(c.max_concurrency, 0);
    cr_assert_eq(c.target_cpu, 0.5);
    cr_assert_eq(c.min_envs, 3);
    cr_assert_eq(c.max_envs, MIP_UNLIMITED);
    cr_assert_eq(c.reserve_vcpu, 1.0);
    cr_assert_eq(c.reserve_gib, 1.0);
    cr_assert_eq(c.min_instances, 3);
    cr_assert_eq(c.max_vcpu, 400);
    mip_workload_t w;
    mip_workload_init(&w);
    cr_assert(w.cpu_ms < 0.0);
}

/* 100 rps x 200 ms, 40 ms CPU, Node.js, 2048 MB at 2 GiB/vCPU on c7g.xlarge:
 *   environment 1 vCPU, 2 GiB, concurrency 64 x 1 = 64
 *   concurrency 100 x 0.2 = 20 -> ceil(20/64) = 1 environment
 *   CPU 100 x 0.04 = 4 vCPU busy -> ceil(4 / (1 x 0.5)) = 8 environments
 *   per instance: min(floor((4-1)/1), floor((8-1)/2)) = min(3, 3) = 3
 *   instances ceil(8/3) = 3 (also the floor); 12 vCPU in all
 *   one environment serves min(64/0.2, 0.5/0.04) = 12.5 rps; an instance 37.5 */
Test(capacity, cpu_bound_api)
{
    mip_workload_t w = api(100.0);
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    mip_error_t e;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_OK, "%s", e.text);
    cr_assert_eq(s.env_vcpu, 1.0);
    cr_assert_eq(s.env_memory_gib, 2.0);
    cr_assert_eq(s.env_concurrency, 64);
    assert_near(s.concurrency, 20.0, 1e-12);
    assert_near(s.cpu_vcpu, 4.0, 1e-12);
    cr_assert_eq(s.envs_by_concurrency, 1);
    cr_assert_eq(s.envs_by_cpu, 8);
    cr_assert_eq(s.envs, 8);
    cr_assert_eq(s.binding, MIP_BINDING_CPU);
    cr_assert_eq(s.envs_per_instance, 3);
    cr_assert_eq(s.instances, 3);
    cr_assert_eq(s.total_vcpu, 12.0);
    assert_near(s.rps_per_env, 12.5, 1e-12);
    assert_near(s.rps_per_instance, 37.5, 1e-12);
    assert_near(s.cpu_utilization, 0.5, 1e-12);
    cr_assert_eq(s.instance, &c7g_xlarge);
}

/* 37.5 rps needs exactly 1.5 vCPU / 0.5 = 3 environments, not 4. */
Test(capacity, exact_multiples_do_not_round_up)
{
    mip_workload_t w = api(37.5);
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.envs_by_cpu, 3);
    cr_assert_eq(s.envs, 3);
    cr_assert_eq(s.instances, 3);
}

/* I/O-bound: 2000 rps x 1 s with 5 ms CPU, concurrency 64 per environment:
 *   2000 in flight -> ceil(2000/64) = 32 environments; CPU 10 vCPU -> 20.
 *   m7g.large (2 vCPU, 8 GiB): min(floor(1/1), floor(7/2)) = 1 per instance
 *   -> 32 instances, 64 vCPU. */
Test(capacity, concurrency_bound)
{
    mip_workload_t w = api(2000.0);
    w.duration_ms = 1000.0;
    w.cpu_ms = 5.0;
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    cr_assert_eq(mip_capacity_size(&w, &c, &m7g_large, &s, NULL), MIP_OK);
    cr_assert_eq(s.envs_by_concurrency, 32);
    cr_assert_eq(s.envs_by_cpu, 20);
    cr_assert_eq(s.envs, 32);
    cr_assert_eq(s.binding, MIP_BINDING_CONCURRENCY);
    cr_assert_eq(s.envs_per_instance, 1);
    cr_assert_eq(s.instances, 32);
    cr_assert_eq(s.total_vcpu, 64.0);
    assert_near(s.rps_per_env, 64.0, 1e-12);
}

/* Python, 4096 MB at 2 GiB/vCPU = 2 vCPU; default concurrency 16 x 2 = 32,
 * but 200 MB per request: floor(4096/200) = 20 fit. 1000 rps x 100 ms = 100 in
 * flight -> ceil(100/20) = 5 environments (memory-bound); CPU 1000 x 2 ms = 2
 * vCPU -> ceil(2/(2 x 0.5)) = 2. m7i.2xlarge (8 vCPU, 32 GiB): per instance
 * min(floor(7/2), floor(31/4)) = 3; ceil(5/3) = 2 < the floor of 3. */
Test(capacity, python_memory_per_request)
{
    mip_workload_t w;
    mip_workload_init(&w);
    w.rps = 1000.0;
    w.duration_ms = 100.0;
    w.cpu_ms = 2.0;
    w.request_memory_mb = 200.0;
    w.runtime = MIP_RUNTIME_PYTHON;
    w.arch = MIP_ARCH_X86_64;
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.memory_mb = 4096.0;
    mip_lmi_sizing_t s;
    mip_error_t e;
    cr_assert_eq(mip_capacity_size(&w, &c, &m7i_2xlarge, &s, &e), MIP_OK, "%s", e.text);
    cr_assert_eq(s.env_vcpu, 2.0);
    cr_assert_eq(s.env_concurrency, 20);
    cr_assert_eq(s.envs_by_concurrency, 5);
    cr_assert_eq(s.envs_by_cpu, 2);
    cr_assert_eq(s.envs, 5);
    cr_assert_eq(s.envs_per_instance, 3);
    cr_assert_eq(s.instances, 3);
    cr_assert_eq(s.binding, MIP_BINDING_MINIMUM);

    /* Without the floor the memory bound shows. */
    c.min_instances = 1;
    cr_assert_eq(mip_capacity_size(&w, &c, &m7i_2xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.instances, 2);
    cr_assert_eq(s.binding, MIP_BINDING_MEMORY);

    w.request_memory_mb = 5000.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &m7i_2xlarge, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "5000 MB"), "%s", e.text);
}

/* A set concurrency: 8 per environment, 100 in flight -> 13 environments. */
Test(capacity, explicit_concurrency)
{
    mip_workload_t w = api(500.0);
    w.cpu_ms = 1.0;
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.max_concurrency = 8;
    mip_lmi_sizing_t s;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.env_concurrency, 8);
    cr_assert_eq(s.envs_by_concurrency, 13);
    cr_assert_eq(s.envs, 13);
    cr_assert_eq(s.instances, 5); /* ceil(13/3) */
}

/* Rust's default is 8 per vCPU: 4 vCPU at 8 GiB, 2 GiB/vCPU -> 32. Java at 32
 * GB and 2 GiB/vCPU: 16 vCPU x 32 = 512. */
Test(capacity, runtime_defaults_scale_with_vcpus)
{
    mip_workload_t w = api(1.0);
    w.arch = MIP_ARCH_X86_64;
    w.runtime = MIP_RUNTIME_RUST;
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.memory_mb = 8192.0;
    mip_lmi_sizing_t s;
    static const mip_instance_t big = {"m7i.8xlarge",   "us-east-1", 32,    128,
                                       MIP_ARCH_X86_64, 1.6128,      "test"};
    cr_assert_eq(mip_capacity_size(&w, &c, &big, &s, NULL), MIP_OK);
    cr_assert_eq(s.env_vcpu, 4.0);
    cr_assert_eq(s.env_concurrency, 32);
    w.runtime = MIP_RUNTIME_JAVA;
    c.memory_mb = 32768.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &big, &s, NULL), MIP_OK);
    cr_assert_eq(s.env_vcpu, 16.0);
    cr_assert_eq(s.env_concurrency, 512);
    /* per instance: min(floor(31/16), floor(127/32)) = 1 */
    cr_assert_eq(s.envs_per_instance, 1);
}

typedef struct {
    double memory_mb, ratio;
    long concurrency, min_envs, max_envs, max_vcpu;
    double target;
    int code;
    char text[64];
} rule_t;

ParameterizedTestParameters(capacity, rules)
{
    static rule_t cases[] = {
        {1024, 2, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "MemorySize must be 2048"},
        {40960, 2, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "32768"},
        {2048.5, 2, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "whole number"},
        {3000, 2, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "a multiple of 2048 MB"},
        {6144, 4, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "gives 1.5 vCPU"},
        {4096, 3, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "2, 4 or 8, not 3"},
        {2048, 4, 0, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "at least 1 vCPU"},
        {2048, 2, 100, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "above 64 per vCPU"},
        {32768, 2, 1601, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "1 to 1600"},
        {2048, 2, -1, 3, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "1 to 1600"},
        {2048, 2, 0, 3, MIP_UNLIMITED, 400, 0.0, MIP_ERULE, "target CPU"},
        {2048, 2, 0, 3, MIP_UNLIMITED, 400, 1.5, MIP_ERULE, "target CPU"},
        {2048, 2, 0, 0, 5, 400, 0.5, MIP_ERULE, "only valid with"},
        {2048, 2, 0, 16000, MIP_UNLIMITED, 400, 0.5, MIP_ERULE, "0 to 15000"},
        {2048, 2, 0, 3, 16000, 400, 0.5, MIP_ERULE, "0 to 15000"},
        {2048, 2, 0, 5, 4, 400, 0.5, MIP_ERULE, "above MaxExecutionEnvironments"},
        {2048, 2, 0, 3, MIP_UNLIMITED, 1, 0.5, MIP_ERULE, "MaxVCpuCount must be 2"},
        {2048, 2, 0, 3, MIP_UNLIMITED, 15001, 0.5, MIP_ERULE, "MaxVCpuCount"},
    };
    return cr_make_param_array(rule_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(rule_t *r, capacity, rules)
{
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.memory_mb = r->memory_mb;
    c.memory_gib_per_vcpu = r->ratio;
    c.max_concurrency = r->concurrency;
    c.min_envs = r->min_envs;
    c.max_envs = r->max_envs;
    c.max_vcpu = r->max_vcpu;
    c.target_cpu = r->target;
    mip_error_t e;
    cr_assert_eq(mip_lmi_config_check(&c, MIP_RUNTIME_NODEJS, &e), r->code);
    cr_assert(strstr(e.text, r->text), "'%s' lacks '%s'", e.text, r->text);
    mip_workload_t w = api(1.0);
    mip_lmi_sizing_t s;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), r->code);
}

Test(capacity, largest_valid_environment)
{
    /* 32 GB at 2 GiB/vCPU = 16 vCPU; 64 x 16 = 1024 is allowed. */
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.memory_mb = 32768.0;
    c.max_concurrency = 1024;
    cr_assert_eq(mip_lmi_config_check(&c, MIP_RUNTIME_NODEJS, NULL), MIP_OK);
    c.max_concurrency = 1025;
    cr_assert_eq(mip_lmi_config_check(&c, MIP_RUNTIME_NODEJS, NULL), MIP_ERULE);
    /* 8 GiB/vCPU needs 8192 MB for one vCPU */
    c.memory_mb = 8192.0;
    c.memory_gib_per_vcpu = 8.0;
    c.max_concurrency = 64;
    cr_assert_eq(mip_lmi_config_check(&c, MIP_RUNTIME_NODEJS, NULL), MIP_OK);
    cr_assert_eq(mip_lmi_config_check(NULL, MIP_RUNTIME_NODEJS, NULL), MIP_EINVAL);
    cr_assert_eq(mip_lmi_config_check(&c, (mip_runtime_t)42, NULL), MIP_EINVAL);
}

Test(capacity, max_vcpu_count)
{
    /* 10000 rps x 40 ms = 400 vCPU busy -> 800 environments -> 267 c7g.xlarge
     * = 1068 vCPU > 400. */
    mip_workload_t w = api(10000.0);
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    mip_error_t e;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "1068 vCPU, above MaxVCpuCount 400"), "%s", e.text);
    c.max_vcpu = 1068;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.instances, 267);
}

Test(capacity, max_envs_and_deactivation)
{
    mip_workload_t w = api(100.0); /* 8 environments */
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    c.max_envs = 7;
    mip_lmi_sizing_t s;
    mip_error_t e;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "8 environments, above MaxExecutionEnvironments 7"), "%s",
              e.text);
    c.min_envs = 0;
    c.max_envs = 0;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "deactivates"), "%s", e.text);
    w.rps = 0.0; /* deactivated and idle: nothing runs, nothing is billed */
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.envs, 0);
    cr_assert_eq(s.instances, 0);
}

Test(capacity, instance_must_fit_and_match)
{
    mip_workload_t w = api(1.0);
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    mip_error_t e;
    /* C family starts at .xlarge */
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_large, &s, &e), MIP_ERULE);
    cr_assert(strstr(e.text, "c7g.large cannot back"), "%s", e.text);
    /* arm64 function on an x86_64 instance */
    cr_assert_eq(mip_capacity_size(&w, &c, &m7i_2xlarge, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "x86_64 but the function is arm64"), "%s", e.text);
    /* 2 vCPU environment on r7i.large: 2 - 1 reserved = 1 vCPU left */
    w.arch = MIP_ARCH_X86_64;
    c.memory_mb = 4096.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &r7i_large, &s, &e), MIP_EINFEASIBLE);
    cr_assert(strstr(e.text, "does not fit on r7i.large"), "%s", e.text);
    /* without the reserve it fits */
    c.reserve_vcpu = 0.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &r7i_large, &s, NULL), MIP_OK);
    cr_assert_eq(s.envs_per_instance, 1);
}

Test(capacity, bad_workloads)
{
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    mip_error_t e;
    mip_workload_t w = api(-1.0);
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
    cr_assert(strstr(e.text, "requests per second"), "%s", e.text);
    w = api(NAN);
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
    w = api(1.0);
    w.duration_ms = 0.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
    cr_assert(strstr(e.text, "duration"), "%s", e.text);
    w = api(1.0);
    w.request_memory_mb = -5.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
    w = api(1.0);
    w.cpu_ms = INFINITY;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
    w = api(1.0);
    w.runtime = (mip_runtime_t)77;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_EINVAL);
    w = api(1.0);
    cr_assert_eq(mip_capacity_size(NULL, &c, &c7g_xlarge, &s, &e), MIP_EINVAL);
    cr_assert_eq(mip_capacity_size(&w, &c, NULL, &s, &e), MIP_EINVAL);
    c.reserve_gib = -1.0;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, &e), MIP_ERANGE);
}

/* CPU time defaults to the duration when unknown (< 0): 10 rps x 200 ms = 2
 * vCPU -> 4 environments at 50%. */
Test(capacity, cpu_defaults_to_duration)
{
    mip_workload_t w = api(10.0);
    w.cpu_ms = -1.0;
    mip_lmi_config_t c = MIP_LMI_CONFIG_INIT;
    mip_lmi_sizing_t s;
    cr_assert_eq(mip_capacity_size(&w, &c, &c7g_xlarge, &s, NULL), MIP_OK);
    cr_assert_eq(s.envs_by_cpu, 4);
}
