/* test_num.c - strict, locale-independent number parsing. */
#include "testutil.h"
#include "internal.h"

#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include <locale.h>
#include <unistd.h>

/* Criterion runs each parameter in a new process: strings inline. */
typedef struct {
    char s[48];
    double want;
} good_t;

ParameterizedTestParameters(num, good)
{
    static good_t cases[] = {
        {"0", 0.0},         {"120", 120.0},
        {"1536", 1536.0},   {"0.72", 0.72},
        {"-2.5", -2.5},     {"+3", 3.0},
        {".5", 0.5},        {"5.", 5.0},
        {"1e3", 1000.0},    {"2.5E-3", 0.0025},
        {"3000000", 3e6},   {"0.0000166667", 0.0000166667},
        {"1e-300", 1e-300}, {"123456789012345678901234567890", 1.2345678901234568e29},
        {"0.1", 0.1},       {"9007199254740993", 9007199254740992.0},
    };
    return cr_make_param_array(good_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(good_t *c, num, good)
{
    double v = -1.0;
    mip_error_t e;
    cr_assert_eq(mip_parse_double(c->s, &v, &e), MIP_OK, "%s: %s", c->s, e.text);
    cr_assert(ieee_ulp_eq(dbl, v, c->want, 0), "%s -> %.17g, want %.17g", c->s, v,
              c->want);
}

typedef struct {
    char s[48];
    int code;
} bad_t;

ParameterizedTestParameters(num, bad)
{
    static bad_t cases[] = {
        {"", MIP_EPARSE},       {"12abc", MIP_EPARSE}, {"nan", MIP_EPARSE},
        {"inf", MIP_EPARSE},    {"-inf", MIP_EPARSE},  {"1e999", MIP_ERANGE},
        {"0x10", MIP_EPARSE},   {" 1", MIP_EPARSE},    {"1 ", MIP_EPARSE},
        {"1,5", MIP_EPARSE},    {"-", MIP_EPARSE},     {".", MIP_EPARSE},
        {"1e", MIP_EPARSE},     {"1e+", MIP_EPARSE},   {"--1", MIP_EPARSE},
        {"-1e400", MIP_ERANGE},
    };
    return cr_make_param_array(bad_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_t *c, num, bad)
{
    double v = 7.0;
    mip_error_t e;
    cr_assert_eq(mip_parse_double(c->s, &v, &e), c->code, "'%s'", c->s);
    cr_assert_eq(e.code, c->code);
    cr_assert_str_not_empty(e.text);
    cr_assert_eq(v, 7.0, "the output is untouched on error");
}

Test(num, counted_field_stops_at_its_length)
{
    double v;
    cr_assert_eq(mip_parse_double_n("12.5,99", 4, &v, NULL), MIP_OK);
    cr_assert_eq(v, 12.5);
    cr_assert_eq(mip_parse_double_n(NULL, 3, &v, NULL), MIP_EINVAL);
    cr_assert_eq(mip_parse_double(NULL, &v, NULL), MIP_EINVAL);
}

Test(num, ignores_the_locale)
{
    /* Under a locale with a decimal comma, "0.5" is still one half. */
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        cr_skip_test("no locale with a decimal comma installed");
    double v;
    cr_assert_eq(mip_parse_double("123456789.123456789e-3", &v, NULL), MIP_OK);
    cr_assert(ieee_ulp_eq(dbl, v, 123456.789123456789, 0));
    cr_assert_eq(mip_parse_double("0.5", &v, NULL), MIP_OK);
    cr_assert_eq(v, 0.5);
    setlocale(LC_NUMERIC, "C");
}

/* The fast path and the fallback agree with strtod() bit for bit. */
Test(num, agrees_with_strtod_on_random_strings)
{
    unsigned long long x = 88172645463325252ULL;
    char buf[64];
    for (int i = 0; i < 300000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int digits = 1 + (int)(x % 19);
        int point = (int)((x >> 8) % (unsigned)(digits + 1));
        int exp = (int)((x >> 16) % 61) - 30;
        int withexp = (int)((x >> 24) & 1);
        size_t k = 0;
        if ((x >> 25) & 1)
            buf[k++] = '-';
        unsigned long long y = x;
        for (int d = 0; d < digits; d++) {
            if (d == point && d > 0)
                buf[k++] = '.';
            y = y * 6364136223846793005ULL + 1442695040888963407ULL;
            buf[k++] = (char)('0' + (y >> 60) % 10);
        }
        if (withexp)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "e%d", exp);
        buf[k] = '\0';
        double got, want = strtod(buf, NULL);
        cr_assert_eq(mip_parse_double(buf, &got, NULL), MIP_OK, "%s", buf);
        cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s: %.17g vs strtod %.17g", buf,
                  got, want);
    }
}

/* The CPUs this process may run on: at least one, at most those online. */
Test(cpus, affinity)
{
    long n = mip__cpus();
    cr_assert(n >= 1);
    cr_assert(n <= sysconf(_SC_NPROCESSORS_CONF), "%ld", n);
}
