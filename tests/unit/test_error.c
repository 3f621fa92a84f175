/* test_error.c - status codes, mip_error_t, version. */
#include "testutil.h"

#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

Test(error, every_code_has_a_message_and_a_name)
{
    static const struct {
        int code;
        const char *name;
    } codes[] = {{MIP_OK, "MIP_OK"},
                 {MIP_EINVAL, "MIP_EINVAL"},
                 {MIP_ENOMEM, "MIP_ENOMEM"},
                 {MIP_EIO, "MIP_EIO"},
                 {MIP_EPARSE, "MIP_EPARSE"},
                 {MIP_ESCHEMA, "MIP_ESCHEMA"},
                 {MIP_ENOTFOUND, "MIP_ENOTFOUND"},
                 {MIP_ERANGE, "MIP_ERANGE"},
                 {MIP_ERULE, "MIP_ERULE"},
                 {MIP_EINFEASIBLE, "MIP_EINFEASIBLE"},
                 {MIP_ENOROOT, "MIP_ENOROOT"},
                 {MIP_EUNSUPPORTED, "MIP_EUNSUPPORTED"},
                 {MIP_ENUMERIC, "MIP_ENUMERIC"},
                 {MIP_ETOOMANY, "MIP_ETOOMANY"}};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        cr_assert_str_eq(mip_errname(codes[i].code), codes[i].name);
        cr_assert_str_neq(mip_strerror(codes[i].code), "unknown error");
        /* numbers are stable: the table is 0, -1, -2, ... */
        cr_assert_eq(codes[i].code, -(int)i);
    }
    cr_assert_str_eq(mip_strerror(-999), "unknown error");
    cr_assert_str_eq(mip_errname(42), "MIP_EUNKNOWN");
}

Test(error, clear_is_null_tolerant_and_resets)
{
    mip_error_t e;
    mip_error_clear(NULL);
    e.code = MIP_EIO;
    e.line = 3;
    e.column = 4;
    strcpy(e.source, "x.json");
    strcpy(e.text, "boom");
    mip_error_clear(&e);
    cr_assert_eq(e.code, MIP_OK);
    cr_assert_eq(e.line, 0);
    cr_assert_eq(e.column, 0);
    cr_assert_str_empty(e.source);
    cr_assert_str_empty(e.text);
}

Test(error, version_matches_the_header)
{
    cr_assert_str_eq(mip_version_str(), MIP_VERSION);
    cr_assert_eq(MIP_VERSION_HEX, (MIP_VERSION_MAJOR << 16) | (MIP_VERSION_MINOR << 8) |
                                      MIP_VERSION_PATCH);
}

Test(error, functions_take_a_null_error)
{
    double v;
    cr_assert_eq(mip_parse_double("abc", &v, NULL), MIP_EPARSE);
    cr_assert_eq(mip_parse_double("2.5", &v, NULL), MIP_OK);
    cr_assert_eq(v, 2.5);
}

Test(error, enums_parse_and_name)
{
    mip_arch_t a;
    cr_assert_eq(mip_arch_parse("ARM64", &a), MIP_OK);
    cr_assert_eq(a, MIP_ARCH_ARM64);
    cr_assert_eq(mip_arch_parse("aarch64", &a), MIP_OK);
    cr_assert_eq(a, MIP_ARCH_ARM64);
    cr_assert_eq(mip_arch_parse("amd64", &a), MIP_OK);
    cr_assert_eq(a, MIP_ARCH_X86_64);
    cr_assert_eq(mip_arch_parse("sparc", &a), MIP_ENOTFOUND);
    cr_assert_eq(mip_arch_parse(NULL, &a), MIP_EINVAL);
    cr_assert_str_eq(mip_arch_name(MIP_ARCH_X86_64), "x86_64");
    cr_assert_str_eq(mip_arch_name((mip_arch_t)7), "unknown");

    mip_runtime_t rt;
    cr_assert_eq(mip_runtime_parse("Python", &rt), MIP_OK);
    cr_assert_eq(rt, MIP_RUNTIME_PYTHON);
    cr_assert_eq(mip_runtime_parse("cobol", &rt), MIP_ENOTFOUND);
    /* DOMAIN.md section 2: Node.js 64, Java 32, .NET 32, Python 16, Rust 8 */
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu(MIP_RUNTIME_NODEJS), 64);
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu(MIP_RUNTIME_JAVA), 32);
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu(MIP_RUNTIME_DOTNET), 32);
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu(MIP_RUNTIME_PYTHON), 16);
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu(MIP_RUNTIME_RUST), 8);
    cr_assert_eq(mip_runtime_default_concurrency_per_vcpu((mip_runtime_t)9), 0);
    cr_assert_str_eq(mip_runtime_name(MIP_RUNTIME_DOTNET), "dotnet");
    cr_assert_str_eq(mip_binding_name(MIP_BINDING_CPU), "cpu");
    cr_assert_str_eq(mip_binding_name((mip_binding_t)9), "unknown");
    cr_assert_str_eq(mip_breakeven_kind_name(MIP_BREAKEVEN_LMI_CHEAPER), "lmi_cheaper");
}

Test(error, bill_helpers)
{
    mip_bill_t b;
    mip_bill_init(&b);
    mip_bill_init(NULL);
    cr_assert_eq(b.n_lines, 0);
    cr_assert_null(mip_bill_line(&b, "requests"));
    cr_assert_null(mip_bill_line(NULL, "requests"));
}
