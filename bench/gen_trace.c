/* gen_trace: seeded synthetic traffic traces for the benchmarks.
 *
 *   gen_trace intervals N SEED [OUT]   N rows of timestamp,function,invocations,
 *                                      duration_ms,cpu_ms (60 s steps, ISO 8601 UTC)
 *   gen_trace events N SEED [OUT]      N rows of timestamp,function,duration_ms
 *                                      (epoch milliseconds, non-decreasing, 3 days)
 *
 * OUT is a file name, or "-" / absent for stdout. The same N and SEED give the
 * same bytes on every machine (GSL's mt19937; no libc randomness, no locale).
 *
 * Intervals: 20 functions (fewer if N < 20), rows interleaved minute by minute,
 * so each function has about N/20 minutes. Each function has its own base rate
 * (log-uniform, 5 to 20,000 per minute), mean duration, CPU share, daily cycle
 * with its own amplitude and phase, a weekend dip, multiplicative noise, and
 * occasional spikes (2x to 10x, 5 to 60 minutes, with a ramp).
 *
 * Events: 20 functions with Zipf-like weights; the count per minute follows a
 * daily cycle (multinomial over the minutes, so the total is exactly N); the
 * times inside a minute are sorted uniforms drawn by exponential spacings.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define GT_PI 3.14159265358979323846
#define NFUNC_MAX 20
#define START_EPOCH_S 1735689600LL /* 2025-01-01T00:00:00Z, a Wednesday */
#define EVENT_DAYS 3
#define OUTBUF_SIZE (1u << 20)

typedef struct {
    FILE *fp;
    char *buf;
    size_t len;
    int failed;
} out_t;

static void out_flush(out_t *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
        o->failed = 1;
    o->len = 0;
}

/* Room for one row; rows are far shorter than 256 bytes. */
static char *out_reserve(out_t *o)
{
    if (OUTBUF_SIZE - o->len < 256)
        out_flush(o);
    return o->buf + o->len;
}

static char *put_str(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT_LIT(p, lit) put_str((p), (lit), sizeof(lit) - 1)

static char *put_u64(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* v >= 0 with two decimals, rounded half up. */
static char *put_fixed2(char *p, double v)
{
    uint64_t c = (uint64_t)llround(v * 100.0);
    p = put_u64(p, c / 100);
    *p++ = '.';
    *p++ = (char)('0' + c / 10 % 10);
    *p++ = (char)('0' + c % 10);
    return p;
}

static char *put_2d(char *p, int v)
{
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "YYYY-MM-DDTHH:MM:SSZ" (20 characters) into s. */
static void iso_utc(char *s, long long t)
{
    long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int sod = (int)(t - days * 86400);
    int y, mo, d;
    civil_from_days(days, &y, &mo, &d);
    char *p = s;
    p = put_2d(p, y / 100);
    p = put_2d(p, y % 100);
    *p++ = '-';
    p = put_2d(p, mo);
    *p++ = '-';
    p = put_2d(p, d);
    *p++ = 'T';
    p = put_2d(p, sod / 3600);
    *p++ = ':';
    p = put_2d(p, sod / 60 % 60);
    *p++ = ':';
    p = put_2d(p, sod % 60);
    *p = 'Z';
}

static double log_uniform(gsl_rng *r, double lo, double hi)
{
    return exp(log(lo) + gsl_rng_uniform(r) * (log(hi) - log(lo)));
}

static int parse_count(const char *s, unsigned long long *v)
{
    char *end;
    errno = 0;
    if (!s || *s < '0' || *s > '9')
        return -1;
    *v = strtoull(s, &end, 10);
    return errno || *end ? -1 : 0;
}

/* ------------------------------------------------------------- intervals */

typedef struct {
    char name[16];
    size_t name_len;
    double base_per_min;  /* mean invocations per minute at the daily mean */
    double dur_ms;        /* mean duration */
    double cpu_share;     /* CPU time / duration */
    double amp;           /* daily cycle amplitude, 0..1 */
    double phase;         /* daily cycle phase, radians */
    double weekend;       /* weekend factor */
    double spike_p;       /* probability a spike starts in a minute */
    long spike_left;      /* minutes left in the current spike */
    long spike_len;
    double spike_mag;
} func_t;

static void func_init(func_t *f, int i, gsl_rng *r)
{
    f->name_len = (size_t)snprintf(f->name, sizeof f->name, "fn-%02d", i);
    f->base_per_min = log_uniform(r, 5.0, 20000.0);
    f->dur_ms = log_uniform(r, 15.0, 900.0);
    f->cpu_share = 0.1 + 0.8 * gsl_rng_uniform(r);
    f->amp = 0.3 + 0.6 * gsl_rng_uniform(r);
    f->phase = 2.0 * GT_PI * gsl_rng_uniform(r);
    f->weekend = 0.5 + 0.5 * gsl_rng_uniform(r);
    f->spike_p = 1.0 / (1000.0 + 4000.0 * gsl_rng_uniform(r));
    f->spike_left = 0;
}

static int gen_intervals(out_t *o, unsigned long long n, gsl_rng *r)
{
    int nf = n < NFUNC_MAX ? (int)n : NFUNC_MAX;
    func_t fn[NFUNC_MAX];
    for (int i = 0; i < nf; i++)
        func_init(&fn[i], i, r);
    char *p = out_reserve(o);
    p = PUT_LIT(p, "timestamp,function,invocations,duration_ms,cpu_ms\n");
    o->len = (size_t)(p - o->buf);

    unsigned long long written = 0;
    for (long long minute = 0; written < n; minute++) {
        long long t = START_EPOCH_S + minute * 60;
        char ts[20];
        iso_utc(ts, t);
        double day_frac = (double)((t % 86400 + 86400) % 86400) / 86400.0;
        /* 1970-01-01 was a Thursday: day 0 = Thursday, so 2 = Saturday, 3 = Sunday */
        int dow = (int)(((t / 86400) % 7 + 7) % 7);
        int weekend = dow == 2 || dow == 3;
        for (int i = 0; i < nf && written < n; i++, written++) {
            func_t *f = &fn[i];
            double cycle = 1.0 + f->amp * sin(2.0 * GT_PI * day_frac + f->phase);
            double mean = f->base_per_min * cycle * (weekend ? f->weekend : 1.0);
            double load = cycle; /* durations grow a little under load */
            if (f->spike_left == 0 && gsl_rng_uniform(r) < f->spike_p) {
                f->spike_len = 5 + (long)gsl_rng_uniform_int(r, 56);
                f->spike_left = f->spike_len;
                f->spike_mag = 2.0 + 8.0 * gsl_rng_uniform(r);
            }
            if (f->spike_left > 0) {
                long at = f->spike_len - f->spike_left;
                double ramp = at < 3 ? (double)(at + 1) / 3.0 : 1.0;
                mean *= 1.0 + (f->spike_mag - 1.0) * ramp;
                load += 0.5 * ramp;
                f->spike_left--;
            }
            mean *= exp(0.08 * gsl_ran_gaussian_ziggurat(r, 1.0));
            uint64_t inv = mean < 200.0 ? gsl_ran_poisson(r, mean) : (uint64_t)llround(mean);
            double dur = f->dur_ms * (0.85 + 0.15 * load) *
                         exp(0.06 * gsl_ran_gaussian_ziggurat(r, 1.0));
            double cpu = dur * f->cpu_share * exp(0.05 * gsl_ran_gaussian_ziggurat(r, 1.0));
            if (cpu > dur)
                cpu = dur;
            if (dur < 1.0)
                dur = 1.0;
            p = out_reserve(o);
            p = put_str(p, ts, 20);
            *p++ = ',';
            p = put_str(p, f->name, f->name_len);
            *p++ = ',';
            p = put_u64(p, inv);
            *p++ = ',';
            p = put_fixed2(p, dur);
            *p++ = ',';
            p = put_fixed2(p, cpu);
            *p++ = '\n';
            o->len = (size_t)(p - o->buf);
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- events */

static int gen_events(out_t *o, unsigned long long n, gsl_rng *r)
{
    const size_t minutes = (size_t)EVENT_DAYS * 1440;
    const int nf = NFUNC_MAX;
    double w[NFUNC_MAX], dur_mu[NFUNC_MAX];
    char name[NFUNC_MAX][16];
    size_t name_len[NFUNC_MAX];
    for (int i = 0; i < nf; i++) {
        w[i] = 1.0 / pow(i + 1.0, 1.1);
        dur_mu[i] = log(log_uniform(r, 10.0, 600.0));
        name_len[i] = (size_t)snprintf(name[i], sizeof name[i], "fn-%02d", i);
    }
    gsl_ran_discrete_t *pick = gsl_ran_discrete_preproc((size_t)nf, w);
    double *shape = malloc(minutes * sizeof *shape);
    unsigned int *count = malloc(minutes * sizeof *count);
    /* spacings for one minute; a minute holds at most n events */
    size_t cap = 1024;
    double *gap = malloc(cap * sizeof *gap);
    if (!pick || !shape || !count || !gap) {
        gsl_ran_discrete_free(pick);
        free(shape);
        free(count);
        free(gap);
        return -1;
    }
    for (size_t m = 0; m < minutes; m++) {
        double day_frac = (double)(m % 1440) / 1440.0;
        shape[m] = 1.0 + 0.6 * sin(2.0 * GT_PI * (day_frac - 0.3)) +
                   (gsl_rng_uniform(r) < 0.002 ? 4.0 : 0.0);
    }
    /* gsl_ran_multinomial takes an unsigned int total */
    if (n > 4000000000ULL) {
        fprintf(stderr, "gen_trace: at most 4e9 events\n");
        free(shape);
        free(count);
        free(gap);
        gsl_ran_discrete_free(pick);
        return -1;
    }
    gsl_ran_multinomial(r, minutes, (unsigned int)n, shape, count);

    char *p = out_reserve(o);
    p = PUT_LIT(p, "timestamp,function,duration_ms\n");
    o->len = (size_t)(p - o->buf);
    for (size_t m = 0; m < minutes; m++) {
        size_t k = count[m];
        if (k == 0)
            continue;
        if (k + 1 > cap) {
            while (cap < k + 1)
                cap *= 2;
            double *g = realloc(gap, cap * sizeof *gap);
            if (!g) {
                free(shape);
                free(count);
                free(gap);
                gsl_ran_discrete_free(pick);
                return -1;
            }
            gap = g;
        }
        /* k sorted uniforms on [0, 1): cumulative sums of k + 1 exponentials */
        double total = 0.0;
        for (size_t j = 0; j <= k; j++) {
            total += -log1p(-gsl_rng_uniform(r));
            gap[j] = total;
        }
        long long base_ms = (START_EPOCH_S + (long long)m * 60) * 1000;
        for (size_t j = 0; j < k; j++) {
            long long ms = base_ms + (long long)(gap[j] / total * 60000.0);
            size_t f = gsl_ran_discrete(r, pick);
            double dur = exp(dur_mu[f] + 0.5 * gsl_ran_gaussian_ziggurat(r, 1.0));
            if (dur < 0.5)
                dur = 0.5;
            p = out_reserve(o);
            p = put_u64(p, (uint64_t)ms);
            *p++ = ',';
            p = put_str(p, name[f], name_len[f]);
            *p++ = ',';
            p = put_fixed2(p, dur);
            *p++ = '\n';
            o->len = (size_t)(p - o->buf);
        }
    }
    free(shape);
    free(count);
    free(gap);
    gsl_ran_discrete_free(pick);
    return 0;
}

static void usage(FILE *fp)
{
    fputs("Usage: gen_trace intervals N SEED [OUT]\n"
          "       gen_trace events N SEED [OUT]\n"
          "Write a seeded synthetic trace of N rows as CSV to OUT (default stdout).\n",
          fp);
}

int main(int argc, char **argv)
{
    unsigned long long n, seed;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc < 4 || argc > 5 || parse_count(argv[2], &n) || parse_count(argv[3], &seed) ||
        (strcmp(argv[1], "intervals") && strcmp(argv[1], "events"))) {
        usage(stderr);
        return 2;
    }
    out_t o = {stdout, NULL, 0, 0};
    const char *path = argc == 5 && strcmp(argv[4], "-") ? argv[4] : NULL;
    if (path && !(o.fp = fopen(path, "wb"))) {
        fprintf(stderr, "gen_trace: %s: %s\n", path, strerror(errno));
        return 1;
    }
    o.buf = malloc(OUTBUF_SIZE);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!o.buf || !r) {
        fputs("gen_trace: out of memory\n", stderr);
        return 1;
    }
    gsl_rng_set(r, (unsigned long)seed);
    int rc = !strcmp(argv[1], "intervals") ? gen_intervals(&o, n, r) : gen_events(&o, n, r);
    out_flush(&o);
    if (rc) {
        fputs("gen_trace: out of memory\n", stderr);
        o.failed = 1;
    }
    if (fflush(o.fp) || ferror(o.fp))
        o.failed = 1;
    if (path && fclose(o.fp))
        o.failed = 1;
    if (o.failed && !rc)
        fprintf(stderr, "gen_trace: %s: write error\n", path ? path : "stdout");
    gsl_rng_free(r);
    free(o.buf);
    return o.failed ? 1 : 0;
}
