/*
 * enums.c - names of architectures, runtimes and bindings, and their parsers.
 */
#include "internal.h"

#include <strings.h>

static const char *const arch_names[MIP_ARCH_COUNT] = {"x86_64", "arm64"};

const char *mip_arch_name(mip_arch_t arch)
{
    return (unsigned)arch < MIP_ARCH_COUNT ? arch_names[arch] : "unknown";
}

int mip_arch_parse(const char *s, mip_arch_t *out)
{
    static const struct {
        const char *name;
        mip_arch_t arch;
    } names[] = {{"x86_64", MIP_ARCH_X86_64}, {"x86", MIP_ARCH_X86_64},
                 {"amd64", MIP_ARCH_X86_64},  {"x86-64", MIP_ARCH_X86_64},
                 {"arm64", MIP_ARCH_ARM64},   {"arm", MIP_ARCH_ARM64},
                 {"aarch64", MIP_ARCH_ARM64}, {"graviton", MIP_ARCH_ARM64}};
    if (!s || !out)
        return MIP_EINVAL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].arch;
            return MIP_OK;
        }
    return MIP_ENOTFOUND;
}

static const struct {
    const char *name;
    unsigned per_vcpu;
} runtimes[MIP_RUNTIME_COUNT] = {
    {"nodejs", 64}, {"java", 32}, {"dotnet", 32}, {"python", 16}, {"rust", 8}};

const char *mip_runtime_name(mip_runtime_t rt)
{
    return (unsigned)rt < MIP_RUNTIME_COUNT ? runtimes[rt].name : "unknown";
}

unsigned mip_runtime_default_concurrency_per_vcpu(mip_runtime_t rt)
{
    return (unsigned)rt < MIP_RUNTIME_COUNT ? runtimes[rt].per_vcpu : 0;
}

int mip_runtime_parse(const char *s, mip_runtime_t *out)
{
    static const struct {
        const char *name;
        mip_runtime_t rt;
    } names[] = {{"nodejs", MIP_RUNTIME_NODEJS}, {"node", MIP_RUNTIME_NODEJS},
                 {"java", MIP_RUNTIME_JAVA},     {"dotnet", MIP_RUNTIME_DOTNET},
                 {".net", MIP_RUNTIME_DOTNET},   {"python", MIP_RUNTIME_PYTHON},
                 {"rust", MIP_RUNTIME_RUST}};
    if (!s || !out)
        return MIP_EINVAL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].rt;
            return MIP_OK;
        }
    return MIP_ENOTFOUND;
}

const char *mip_binding_name(mip_binding_t b)
{
    switch (b) {
    case MIP_BINDING_MINIMUM:
        return "minimum";
    case MIP_BINDING_CONCURRENCY:
        return "concurrency";
    case MIP_BINDING_CPU:
        return "cpu";
    case MIP_BINDING_MEMORY:
        return "memory";
    }
    return "unknown";
}
