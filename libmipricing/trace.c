/*
 * trace.c - traffic trace readers: interval series (CloudWatch exports),
 * per-invocation events (logs, Azure Functions 2021) and the Azure Functions
 * 2019 per-minute layout, resampled to one step, streaming.
 *
 * Every row is added at once to the bucket floor(t / step) of its function
 * (an array that grows at either end), so memory grows with the series, not
 * with the file. In a bucket, the invocation-weighted means are kept as sums
 * (invocations x mean) until the end. See doc/traces.md.
 */
#include "csvio.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A series may span at most this many steps (a guard against a stray
 * timestamp, e.g. milliseconds in a column of seconds). */
#define MIP__TRACE_MAX_INTERVALS 20000000
/* All series together, unless the options say otherwise: a bound on memory
 * whatever the file (a few rows far apart in many functions would
 * otherwise ask for gigabytes). */
#define MIP__TRACE_MAX_TOTAL ((size_t)50000000)
/* Files at least this large are read on two threads. */
#define AZ_MINUTES 1440

/* ------------------------------------------------------------------------ */
/* Timestamps                                                                */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int digits(const char *s, size_t at, size_t n, size_t len, int *out)
{
    if (at + n > len)
        return -1;
    int v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[(.|,)frac]]][ ][Z|UTC|(+|-)HH[[:]MM]] */
/* The date part (the first 10 characters): days since the epoch, or -1. */
static int iso_date(const char *s, size_t len, double *days)
{
    int y, mo, d;
    if (len < 10 || digits(s, 0, 4, len, &y) || s[4] != '-' ||
        digits(s, 5, 2, len, &mo) || s[7] != '-' || digits(s, 8, 2, len, &d))
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
        return -1;
    *days = (double)mip_days_from_civil(y, mo, d);
    return 0;
}

/* What follows the date, given its day number. */
static int iso_time(const char *s, size_t len, double days, double *out)
{
    int h = 0, mi = 0, sec = 0;
    double frac = 0.0, offset = 0.0;
    size_t p = 10;
    if (p < len && (s[p] == 'T' || s[p] == 't' || s[p] == ' ') && p + 1 < len &&
        s[p + 1] >= '0' && s[p + 1] <= '9') {
        p++;
        if (digits(s, p, 2, len, &h) || p + 2 >= len || s[p + 2] != ':' ||
            digits(s, p + 3, 2, len, &mi))
            return -1;
        p += 5;
        if (p < len && s[p] == ':') {
            if (digits(s, p + 1, 2, len, &sec))
                return -1;
            p += 3;
            if (p < len && (s[p] == '.' || s[p] == ',')) {
                p++;
                double scale = 0.1;
                size_t start = p;
                while (p < len && s[p] >= '0' && s[p] <= '9') {
                    frac += (s[p] - '0') * scale;
                    scale *= 0.1;
                    p++;
                }
                if (p == start)
                    return -1;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return -1;
        /* zone */
        if (p < len && s[p] == ' ' && p + 1 < len)
            p++;
        if (p < len) {
            if ((s[p] == 'Z' || s[p] == 'z') && p + 1 == len) {
                p++;
            } else if (len - p == 3 && memcmp(s + p, "UTC", 3) == 0) {
                p += 3;
            } else if (s[p] == '+' || s[p] == '-') {
                int sign = s[p] == '-' ? -1 : 1, oh, om = 0;
                p++;
                if (digits(s, p, 2, len, &oh))
                    return -1;
                p += 2;
                if (p < len && s[p] == ':')
                    p++;
                if (p < len) {
                    if (digits(s, p, 2, len, &om))
                        return -1;
                    p += 2;
                }
                if (oh > 23 || om > 59)
                    return -1;
                offset = sign * (oh * 3600.0 + om * 60.0);
            } else {
                return -1;
            }
        }
    }
    if (p != len)
        return -1;
    *out = days * 86400.0 + h * 3600.0 + mi * 60.0 + sec + frac - offset;
    return 0;
}

static int parse_iso(const char *s, size_t len, double *out)
{
    double days;
    if (iso_date(s, len, &days) != 0)
        return -1;
    return iso_time(s, len, days, out);
}

int mip_parse_timestamp(const char *s, size_t len, double *epoch_s, mip_error_t *err)
{
    mip_error_clear(err);
    if (!s || !epoch_s)
        return mip__fail(err, MIP_EINVAL, "no timestamp given");
    int iso = len >= 5 && s[4] == '-';
    if (iso) {
        if (parse_iso(s, len, epoch_s) == 0)
            return MIP_OK;
    } else {
        double v;
        if (len > 0 && s[0] != '+' && mip_parse_double_n(s, len, &v, NULL) == MIP_OK) {
            *epoch_s = v > 1e11 || v < -1e11 ? v / 1000.0 : v;
            return MIP_OK;
        }
    }
    return mip__fail(err, MIP_EPARSE,
                     "'%.*s' is not a timestamp (ISO 8601 date and time, or epoch "
                     "seconds or milliseconds)",
                     (int)(len > 60 ? 60 : len), s);
}

/* ------------------------------------------------------------------------ */
/* Columns                                                                   */

enum { F_TS, F_INV, F_DUR, F_P99, F_CPU, F_MEM, F_CONC, F_FUNC, F_DURS, F_COUNT };

static const char *const field_names[F_COUNT] = {
    "timestamp", "invocations",     "duration_ms", "p99_duration_ms", "cpu_ms",
    "memory_mb", "max_concurrency", "function",    "duration_s"};

/* Recognised spellings, in order of preference (compared normalised). */
static const char *const spell_ts[] = {"timestamp", "Timestamp",    "time", "datetime",
                                       "date",      "period_start", NULL};
static const char *const spell_inv[] = {"invocations", "Invocations (Sum)", "Sum",
                                        "count",       "requests",          NULL};
static const char *const spell_dur[] = {"duration_ms",
                                        "Duration (Average)",
                                        "Duration",
                                        "avg_duration_ms",
                                        "mean_duration_ms",
                                        "Average",
                                        NULL};
static const char *const spell_p99[] = {"p99_duration_ms", "Duration (p99)", "p99", NULL};
static const char *const spell_cpu[] = {"cpu_ms", "cpu_time_ms", NULL};
static const char *const spell_mem[] = {"memory_mb", "max_memory_used_mb",
                                        "memory_used_mb", NULL};
static const char *const spell_conc[] = {
    "max_concurrency",      "ConcurrentExecutions (Maximum)",
    "ConcurrentExecutions", "concurrent_executions",
    "concurrency",          NULL};
static const char *const spell_func[] = {"function", "FunctionName", "function_name",
                                         "func",     "name",         NULL};
static const char *const spell_durs[] = {"duration_s", "duration_sec", "duration_seconds",
                                         NULL};

static const char *const *const spellings[F_COUNT] = {spell_ts,   spell_inv,  spell_dur,
                                                      spell_p99,  spell_cpu,  spell_mem,
                                                      spell_conc, spell_func, spell_durs};

/* The user's extra names (opt->columns), one per field ("" for none). */
typedef struct colmap {
    char name[F_COUNT][128];
} colmap_t;

static int parse_columns(const char *spec, colmap_t *m, mip_error_t *err)
{
    memset(m, 0, sizeof *m);
    if (!spec)
        return MIP_OK;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        size_t a = 0, b = eq ? (size_t)(eq - p) : 0;
        while (a < b && p[a] == ' ')
            a++;
        while (b > a && p[b - 1] == ' ')
            b--;
        if (!eq || b == a)
            return mip__fail(err, MIP_EINVAL, "columns: '%.*s' is not field=Column",
                             (int)(n > 80 ? 80 : n), p);
        const char *v = eq + 1;
        size_t vn = n - (size_t)(v - p);
        while (vn > 0 && *v == ' ') {
            v++;
            vn--;
        }
        while (vn > 0 && v[vn - 1] == ' ')
            vn--;
        if (vn == 0)
            return mip__fail(err, MIP_EINVAL, "columns: no column name for '%.*s'",
                             (int)(b - a), p + a);
        int fld = -1;
        for (int i = 0; i < F_COUNT; i++)
            if (strlen(field_names[i]) == b - a &&
                memcmp(field_names[i], p + a, b - a) == 0)
                fld = i;
        if (fld < 0)
            return mip__fail(err, MIP_EINVAL,
                             "columns: unknown field '%.*s' (fields: timestamp, "
                             "invocations, duration_ms, p99_duration_ms, cpu_ms, "
                             "memory_mb, max_concurrency, function, duration_s)",
                             (int)(b - a > 60 ? 60 : b - a), p + a);
        if (vn >= sizeof m->name[fld])
            return mip__fail(err, MIP_EINVAL,
                             "columns: the column name for %s is too long",
                             field_names[fld]);
        memcpy(m->name[fld], v, vn);
        m->name[fld][vn] = '\0';
        p += n;
        if (*p == ',')
            p++;
    }
    return MIP_OK;
}

/* Index of a field's column: the user's name, else the first spelling found.
 * -1: none; -2: the user's name is not in the header. */
static long find_field(const mip__csv_row_t *h, const colmap_t *m, int fld)
{
    if (m->name[fld][0])
        return mip__csv_find(h, m->name[fld]) >= 0 ? mip__csv_find(h, m->name[fld]) : -2;
    for (const char *const *s = spellings[fld]; *s; s++) {
        long i = mip__csv_find(h, *s);
        if (i >= 0)
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Accumulation                                                              */

typedef struct facc {
    char *name;
    size_t name_len;
    uint64_t hash;
    mip_interval_t *iv; /* slot i is bucket base + i; invocations NAN: empty */
    double *tf;         /* first timestamp of each bucket (intervals only) */
    int64_t base;
    size_t cap;
    int64_t lo, hi; /* buckets with data: [lo, hi] */
    int has;
    int multi_ts; /* two distinct timestamps fell in one bucket */
    double first_t, last_t;
} facc_t;

typedef struct builder {
    double step;
    facc_t **fn;
    size_t nfn, fncap;
    size_t *slots; /* hash table: index + 1 into fn, 0 = empty */
    size_t nslots;
    facc_t *last;
    mip_trace_info_t info;
    size_t reserved;  /* slots of every series, together */
    size_t max_total; /* their limit */
} builder_t;

typedef struct rowv {
    double inv, dur, p99, cpu, mem, conc;
} rowv_t;

/* A hash of a name, eight bytes at a time. */
static uint64_t hash_name(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static void facc_free(facc_t *f)
{
    if (!f)
        return;
    free(f->name);
    free(f->iv);
    free(f->tf);
    free(f);
}

static void builder_free(builder_t *b)
{
    for (size_t i = 0; i < b->nfn; i++)
        facc_free(b->fn[i]);
    free(b->fn);
    free(b->slots);
}

/* The accumulator of a function, created on first use; NULL: no memory. */
static facc_t *builder_fn(builder_t *b, const char *name, size_t n)
{
    if (b->last && b->last->name_len == n && memcmp(b->last->name, name, n) == 0)
        return b->last;
    uint64_t h = hash_name(name, n);
    if (b->nslots) {
        size_t mask = b->nslots - 1;
        for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
            size_t k = b->slots[i];
            if (!k)
                break;
            facc_t *f = b->fn[k - 1];
            if (f->hash == h && f->name_len == n && memcmp(f->name, name, n) == 0)
                return b->last = f;
        }
    }
    /* a new function */
    if (2 * (b->nfn + 1) > b->nslots) {
        size_t ns = b->nslots ? 2 * b->nslots : 16;
        size_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return NULL;
        for (size_t j = 0; j < b->nfn; j++) {
            size_t i = (size_t)b->fn[j]->hash & (ns - 1);
            while (sl[i])
                i = (i + 1) & (ns - 1);
            sl[i] = j + 1;
        }
        free(b->slots);
        b->slots = sl;
        b->nslots = ns;
    }
    if (b->nfn == b->fncap) {
        size_t nc = b->fncap ? 2 * b->fncap : 8;
        facc_t **nf = realloc(b->fn, nc * sizeof *nf);
        if (!nf)
            return NULL;
        b->fn = nf;
        b->fncap = nc;
    }
    facc_t *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = malloc(n + 1);
    if (!f->name) {
        free(f);
        return NULL;
    }
    memcpy(f->name, name, n);
    f->name[n] = '\0';
    f->name_len = n;
    f->hash = h;
    size_t i = (size_t)h & (b->nslots - 1);
    while (b->slots[i])
        i = (i + 1) & (b->nslots - 1);
    b->fn[b->nfn++] = f;
    b->slots[i] = b->nfn;
    return b->last = f;
}

static void empty_slots(facc_t *f, size_t from, size_t to, int with_tf)
{
    for (size_t i = from; i < to; i++)
        f->iv[i].invocations = (double)NAN;
    if (with_tf)
        for (size_t i = from; i < to; i++)
            f->tf[i] = (double)NAN;
}

/* Widen the function's span [lo, hi] to slot k, the new slots empty. */
static void cover_slot(facc_t *f, int64_t k, int with_tf)
{
    if (!f->has) {
        empty_slots(f, (size_t)(k - f->base), (size_t)(k + 1 - f->base), with_tf);
        f->lo = f->hi = k;
        f->has = 1;
    } else if (k < f->lo) {
        empty_slots(f, (size_t)(k - f->base), (size_t)(f->lo - f->base), with_tf);
        f->lo = k;
    } else if (k > f->hi) {
        empty_slots(f, (size_t)(f->hi + 1 - f->base), (size_t)(k + 1 - f->base), with_tf);
        f->hi = k;
    }
}

/* Make bucket k addressable. MIP_ERANGE: the span would be too long. Only
 * the slots of [lo, hi] are initialised (so that pages of the slack are not
 * touched before they are needed). */
static int facc_reserve(builder_t *b, facc_t *f, int64_t k, int with_tf)
{
    if (f->cap && k >= f->base && k - f->base < (int64_t)f->cap)
        return MIP_OK;
    int64_t lo = f->has && f->lo < k ? f->lo : k;
    int64_t hi = f->has && f->hi > k ? f->hi : k;
    if (hi - lo >= MIP__TRACE_MAX_INTERVALS)
        return MIP_ERANGE;
    size_t need = (size_t)(hi - lo + 1);
    size_t ncap = f->cap ? 2 * f->cap : 64;
    if (ncap < need + need / 2)
        ncap = need + need / 2;
    if (ncap > MIP__TRACE_MAX_INTERVALS)
        ncap = need > MIP__TRACE_MAX_INTERVALS ? need : MIP__TRACE_MAX_INTERVALS;
    /* every series together within the builder's limit */
    size_t others = b->reserved - f->cap;
    if (need > b->max_total - others)
        return MIP_ETOOMANY;
    if (ncap > b->max_total - others)
        ncap = b->max_total - others;

    if (f->cap && k >= f->base) {
        /* grow at the end, in place */
        mip_interval_t *iv = realloc(f->iv, ncap * sizeof *iv);
        if (!iv)
            return MIP_ENOMEM;
        f->iv = iv;
        if (with_tf) {
            double *tf = realloc(f->tf, ncap * sizeof *tf);
            if (!tf)
                return MIP_ENOMEM;
            f->tf = tf;
        }
        f->cap = ncap;
        b->reserved = others + ncap;
        return MIP_OK;
    }
    /* first bucket, or grow at the front: the slack goes before */
    int64_t nbase = f->has ? hi - (int64_t)ncap + 1 : k;
    mip_interval_t *iv = malloc(ncap * sizeof *iv);
    double *tf = with_tf ? malloc(ncap * sizeof *tf) : NULL;
    if (!iv || (with_tf && !tf)) {
        free(iv);
        free(tf);
        return MIP_ENOMEM;
    }
    mip_interval_t *old_iv = f->iv;
    double *old_tf = f->tf;
    f->iv = iv;
    f->tf = tf;
    if (f->has) {
        size_t cnt = (size_t)(f->hi - f->lo + 1);
        memcpy(iv + (f->lo - nbase), old_iv + (f->lo - f->base), cnt * sizeof *iv);
        if (with_tf)
            memcpy(tf + (f->lo - nbase), old_tf + (f->lo - f->base), cnt * sizeof *tf);
    }
    free(old_iv);
    free(old_tf);
    f->base = nbase;
    f->cap = ncap;
    b->reserved = others + ncap;
    return MIP_OK;
}

/* Add one row at time t. merge: count rows summed into a bucket. */
static int facc_add(builder_t *b, facc_t *f, double t, const rowv_t *v, int with_tf,
                    int merge)
{
    double q = floor(t / b->step);
    if (!(fabs(q) < 4e15))
        return MIP_ERANGE;
    int64_t k = (int64_t)q;
    int rc = facc_reserve(b, f, k, with_tf);
    if (rc != MIP_OK)
        return rc;
    if (f->has) {
        if (t < f->last_t)
            b->info.out_of_order++;
    } else {
        f->first_t = t;
    }
    cover_slot(f, k, with_tf);
    f->last_t = t;
    size_t i = (size_t)(k - f->base);
    mip_interval_t *iv = &f->iv[i];
    double w = v->inv;
    if (isnan(iv->invocations)) {
        iv->invocations = w;
        iv->duration_ms = w > 0.0 ? w * v->dur : 0.0;
        iv->cpu_ms = w > 0.0 ? w * v->cpu : 0.0;
        iv->memory_mb = w > 0.0 ? w * v->mem : 0.0;
        iv->p99_duration_ms = v->p99;
        iv->max_concurrency = v->conc;
        if (with_tf)
            f->tf[i] = t;
    } else {
        iv->invocations += w;
        if (w > 0.0) {
            iv->duration_ms += w * v->dur;
            iv->cpu_ms += w * v->cpu;
            iv->memory_mb += w * v->mem;
        }
        iv->p99_duration_ms = fmax(iv->p99_duration_ms, v->p99);
        iv->max_concurrency = fmax(iv->max_concurrency, v->conc);
        if (with_tf && t != f->tf[i])
            f->multi_ts = 1;
        if (merge)
            b->info.merged++;
    }
    return MIP_OK;
}

/* Spread interval rows of a native period P > step (a multiple of it) over
 * their P / step buckets. */
static int facc_spread(builder_t *b, facc_t *f)
{
    const double step = b->step;
    if (!f->tf || f->multi_ts || !f->has)
        return MIP_OK;
    double period = (double)INFINITY, prev = (double)NAN;
    for (int64_t k = f->lo; k <= f->hi; k++) {
        double t = f->tf[k - f->base];
        if (isnan(t))
            continue;
        if (!isnan(prev) && t - prev > 0.0 && t - prev < period)
            period = t - prev;
        prev = t;
    }
    if (!isfinite(period) || !(period > step * (1.0 + 1e-9)))
        return MIP_OK;
    double r = period / step, kr = round(r);
    if (fabs(r - kr) > 1e-6 * kr || kr > MIP__TRACE_MAX_INTERVALS)
        return MIP_OK;
    int64_t m = (int64_t)kr;
    int64_t old_hi = f->hi;
    int rc = facc_reserve(b, f, old_hi + m - 1, 1);
    if (rc != MIP_OK)
        return rc;
    for (int64_t k = f->lo; k <= old_hi; k++) {
        size_t i = (size_t)(k - f->base);
        if (isnan(f->tf[i]))
            continue;
        mip_interval_t *iv = &f->iv[i];
        iv->invocations /= kr;
        iv->duration_ms /= kr;
        iv->cpu_ms /= kr;
        iv->memory_mb /= kr;
        for (int64_t j = 1; j < m; j++)
            f->iv[i + (size_t)j] = *iv;
    }
    f->hi = old_hi + m - 1;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* The trace                                                                 */

struct mip_trace {
    mip_trace_info_t info;
    size_t n;
    mip_series_t *series;
};

void mip_trace_options_init(mip_trace_options_t *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->layout = MIP_TRACE_AUTO;
    o->step_s = 60.0;
}

void mip_trace_free(mip_trace_t *trace)
{
    if (!trace)
        return;
    for (size_t i = 0; i < trace->n; i++) {
        free((char *)trace->series[i].function);
        free(trace->series[i].iv);
    }
    free(trace->series);
    free(trace);
}

size_t mip_trace_series_count(const mip_trace_t *trace) { return trace ? trace->n : 0; }

const mip_series_t *mip_trace_series_at(const mip_trace_t *trace, size_t i)
{
    return trace && i < trace->n ? &trace->series[i] : NULL;
}

const mip_trace_info_t *mip_trace_info(const mip_trace_t *trace)
{
    return trace ? &trace->info : NULL;
}

const char *mip__trace_layout_name(mip_trace_layout_t l)
{
    switch (l) {
    case MIP_TRACE_AUTO:
        return "auto";
    case MIP_TRACE_INTERVALS:
        return "intervals";
    case MIP_TRACE_EVENTS:
        return "events";
    case MIP_TRACE_AZURE2019:
        return "azure2019";
    }
    return "unknown";
}

/* ------------------------------------------------------------------------ */
/* Azure 2019 join tables: key -> (value, value)                             */

typedef struct kv {
    char *key;
    uint64_t hash;
    double v[2];
} kv_t;

typedef struct kvmap {
    kv_t *e;
    size_t n, cap; /* open addressing; cap a power of two */
} kvmap_t;

static void kvmap_free(kvmap_t *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->e[i].key);
    free(m->e);
    memset(m, 0, sizeof *m);
}

static const kv_t *kvmap_get(const kvmap_t *m, const char *key, size_t n)
{
    if (!m->cap)
        return NULL;
    uint64_t h = hash_name(key, n);
    for (size_t i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const kv_t *e = &m->e[i];
        if (!e->key)
            return NULL;
        if (e->hash == h && strlen(e->key) == n && memcmp(e->key, key, n) == 0)
            return e;
    }
}

/* Insert unless present (the first row of a key wins). */
static int kvmap_put(kvmap_t *m, const char *key, size_t n, double a, double b)
{
    if (kvmap_get(m, key, n))
        return MIP_OK;
    if (2 * (m->n + 1) > m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 64;
        kv_t *ne = calloc(nc, sizeof *ne);
        if (!ne)
            return MIP_ENOMEM;
        for (size_t j = 0; j < m->cap; j++) {
            if (!m->e[j].key)
                continue;
            size_t i = (size_t)m->e[j].hash & (nc - 1);
            while (ne[i].key)
                i = (i + 1) & (nc - 1);
            ne[i] = m->e[j];
        }
        free(m->e);
        m->e = ne;
        m->cap = nc;
    }
    uint64_t h = hash_name(key, n);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->e[i].key)
        i = (i + 1) & (m->cap - 1);
    m->e[i].key = malloc(n + 1);
    if (!m->e[i].key)
        return MIP_ENOMEM;
    memcpy(m->e[i].key, key, n);
    m->e[i].key[n] = '\0';
    m->e[i].hash = h;
    m->e[i].v[0] = a;
    m->e[i].v[1] = b;
    m->n++;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading a file                                                            */

enum { MODE_MAIN, MODE_AZ_DUR, MODE_AZ_MEM };

typedef struct reader {
    builder_t *b;
    const mip_trace_options_t *opt;
    const colmap_t *map;
    mip_error_t *err;
    const char *path;
    int mode;
    mip_trace_layout_t want;   /* requested, or of the first file */
    mip_trace_layout_t layout; /* of this file */
    int az21;                  /* events in the Azure 2021 layout */
    long col[F_COUNT];
    long c_owner, c_app, c_func, c_a, c_b; /* Azure columns */
    size_t ncols;
    /* Azure 2019 */
    long *minute_col;
    double *minute_val;
    double day_start;
    kvmap_t durs, mems;
    int have_durs, have_mems;
    /* field mode (intervals and events): what each column is, and the row
     * being read */
    int field_mode;
    unsigned char *slot;
    rowv_t fv;
    double ft, fend, fdurs;
    int ffailed, fdur_empty;
    mip__csv_fail_t frf;
    char *fname, *fapp;
    size_t fname_len, fname_cap, fapp_len, fapp_cap;
    /* the last timestamp parsed, to reuse when rows repeat it */
    char last_ts[64];
    size_t last_ts_len;
    double last_ts_value;
    double last_ts_days; /* its date's day number, when last_ts_iso */
    int last_ts_iso;
    /* scratch for keys and names */
    char *scratch;
    size_t scratch_cap;
} reader_t;

/* A bad row: an error, or with skip_bad_rows counted with its reason. */
static int bad_row(reader_t *r, long line, const mip__csv_fail_t *rf)
{
    mip_trace_info_t *in = &r->b->info;
    return mip__csv_bad_row(rf, r->path, line, r->opt->skip_bad_rows, r->err, in->reasons,
                            MIP_TRACE_MAX_REASONS, &in->n_reasons, &in->skipped_rows);
}

/* A number >= 0 from a field (column col, 1-based). */
static int num_field(const char *s, size_t len, long col, const char *what, double *out,
                     mip__csv_fail_t *rf)
{
    if (mip_parse_double_n(s, len, out, NULL) == MIP_OK) {
        if (*out < 0.0)
            return mip__csv_fail_at(rf, MIP_EPARSE, col, "%s: '%.*s' is negative", what,
                                    (int)(len > 40 ? 40 : len), s);
        return MIP_OK;
    }
    mip_error_t e;
    mip_parse_double_n(s, len, out, &e);
    return mip__csv_fail_at(rf, MIP_EPARSE, col, "%s: %s", what, e.text);
}

static int get_num(const mip__csv_row_t *row, long c, const char *what, double *out,
                   mip__csv_fail_t *rf)
{
    return num_field(row->f[c].s, row->f[c].len, c + 1, what, out, rf);
}

/* An optional number: NAN when the column is absent or the field empty. */
static int get_opt(const mip__csv_row_t *row, long c, const char *what, double *out,
                   mip__csv_fail_t *rf)
{
    if (c < 0 || row->f[c].len == 0) {
        *out = (double)NAN;
        return MIP_OK;
    }
    return get_num(row, c, what, out, rf);
}

/* A timestamp; a field equal to the previous one is not parsed again. */
static int time_field(reader_t *r, const char *s, size_t len, long col, double *out,
                      mip__csv_fail_t *rf)
{
    if (len > 0 && len == r->last_ts_len && memcmp(s, r->last_ts, len) == 0) {
        *out = r->last_ts_value;
        return MIP_OK;
    }
    int ok = 0, iso = len >= 10 && s[4] == '-';
    if (iso && r->last_ts_iso && memcmp(s, r->last_ts, 10) == 0) {
        /* the same day as the last ISO timestamp: parse the time only */
        ok = iso_time(s, len, r->last_ts_days, out) == 0;
    } else if (mip_parse_timestamp(s, len, out, NULL) == MIP_OK) {
        ok = 1;
        r->last_ts_iso = iso && iso_date(s, len, &r->last_ts_days) == 0;
    }
    if (ok) {
        if (len < sizeof r->last_ts) {
            memcpy(r->last_ts, s, len);
            r->last_ts_len = len;
            r->last_ts_value = *out;
        } else {
            r->last_ts_len = 0;
            r->last_ts_iso = 0;
        }
        return MIP_OK;
    }
    mip_error_t e;
    mip_parse_timestamp(s, len, out, &e);
    return mip__csv_fail_at(rf, MIP_EPARSE, col, "timestamp: %s", e.text);
}

/* Copy a field into a growing buffer (no allocation once it is large enough). */
static int copy_field(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
    if (n + 1 > *cap) {
        size_t nc = *cap ? *cap : 64;
        while (nc < n + 1)
            nc *= 2;
        char *p = realloc(*buf, nc);
        if (!p)
            return MIP_ENOMEM;
        *buf = p;
        *cap = nc;
    }
    memcpy(*buf, s, n);
    (*buf)[n] = '\0';
    *len = n;
    return MIP_OK;
}

static int scratch_reserve(reader_t *r, size_t n)
{
    if (n <= r->scratch_cap)
        return MIP_OK;
    size_t nc = r->scratch_cap ? r->scratch_cap : 256;
    while (nc < n)
        nc *= 2;
    char *p = realloc(r->scratch, nc);
    if (!p)
        return MIP_ENOMEM;
    r->scratch = p;
    r->scratch_cap = nc;
    return MIP_OK;
}

/* Join fields with '\x1f' into r->scratch; returns the length or -1. */
static long join_key(reader_t *r, const mip__csv_row_t *row, const long *cols, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += row->f[cols[i]].len + 1;
    if (scratch_reserve(r, len + 1) != MIP_OK)
        return -1;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            r->scratch[k++] = '\x1f';
        memcpy(r->scratch + k, row->f[cols[i]].s, row->f[cols[i]].len);
        k += row->f[cols[i]].len;
    }
    r->scratch[k] = '\0';
    return (long)k;
}

/* The series together would pass the builder's limit. */
static int too_many(mip_error_t *err, const char *path, long line, const builder_t *b)
{
    return mip__error_set(err, MIP_ETOOMANY, path, line, 0,
                          "the trace's series would hold more than %zu intervals of %g s "
                          "together: a longer step or one function at a time keeps it "
                          "within the limit (max_intervals)",
                          b->max_total, b->step);
}

static int add_row(reader_t *r, long line, const char *fname, size_t flen, double t,
                   const rowv_t *v, long tcol, int with_tf, int merge)
{
    facc_t *f = builder_fn(r->b, fname, flen);
    if (!f)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, line, 0, "out of memory");
    int rc = facc_add(r->b, f, t, v, with_tf, merge);
    if (rc == MIP_ENOMEM)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, line, 0, "out of memory");
    if (rc == MIP_ETOOMANY)
        return too_many(r->err, r->path, line, r->b);
    if (rc != MIP_OK) {
        mip__csv_fail_t rf;
        mip__csv_fail_at(
            &rf, MIP_ERANGE, tcol,
            "timestamp: %.0f s would make the series of '%.*s' span more than %d "
            "intervals of %g s",
            t, (int)(flen > 60 ? 60 : flen), fname, MIP__TRACE_MAX_INTERVALS, r->b->step);
        return bad_row(r, line, &rf);
    }
    return MIP_OK;
}

static int check_width(reader_t *r, const mip__csv_row_t *row)
{
    if (row->n == r->ncols)
        return MIP_OK;
    mip__csv_fail_t rf;
    size_t c = row->n < r->ncols ? row->n : r->ncols;
    mip__csv_fail_at(&rf, MIP_EPARSE, (long)c + 1,
                     "expected %zu fields as in the header, found %zu", r->ncols, row->n);
    return bad_row(r, row->line, &rf) == MIP_OK ? 1 : -1;
}

/* ---- field mode: intervals and events ---- */

enum {
    S_NONE,
    S_TS,
    S_INV,
    S_DUR,
    S_DURS,
    S_P99,
    S_CPU,
    S_MEM,
    S_CONC,
    S_FUNC,
    S_APP,   /* Azure 2021 */
    S_END,   /* Azure 2021 end_timestamp, s */
    S_DUR21, /* Azure 2021 duration, s */
};

static void row_reset(reader_t *r)
{
    r->fv.inv = r->layout == MIP_TRACE_EVENTS ? 1.0 : (double)NAN;
    r->fv.dur = r->fv.p99 = r->fv.cpu = r->fv.mem = r->fv.conc = (double)NAN;
    r->ft = r->fend = r->fdurs = (double)NAN;
    r->ffailed = r->fdur_empty = 0;
    r->fname_len = r->fapp_len = 0;
}

static int on_field(void *user, size_t idx, const char *s, size_t len, long line)
{
    reader_t *r = user;
    if (r->ffailed || idx >= r->ncols)
        return MIP_OK;
    mip__csv_fail_t *rf = &r->frf;
    long col = (long)idx + 1;
    int rc = MIP_OK;
    switch (r->slot[idx]) {
    case S_TS:
        rc = time_field(r, s, len, col, &r->ft, rf);
        break;
    case S_INV:
        rc = num_field(s, len, col, "invocations", &r->fv.inv, rf);
        break;
    case S_DUR:
        if (len == 0 && r->layout == MIP_TRACE_INTERVALS)
            r->fdur_empty = 1; /* accepted with 0 invocations */
        else
            rc = num_field(s, len, col, "duration_ms", &r->fv.dur, rf);
        break;
    case S_DURS:
        rc = num_field(s, len, col, "duration_s", &r->fdurs, rf);
        break;
    case S_P99:
        if (len)
            rc = num_field(s, len, col, "p99_duration_ms", &r->fv.p99, rf);
        break;
    case S_CPU:
        if (len)
            rc = num_field(s, len, col, "cpu_ms", &r->fv.cpu, rf);
        break;
    case S_MEM:
        if (len)
            rc = num_field(s, len, col, "memory_mb", &r->fv.mem, rf);
        break;
    case S_CONC:
        if (len)
            rc = num_field(s, len, col, "max_concurrency", &r->fv.conc, rf);
        break;
    case S_FUNC:
        if (copy_field(&r->fname, &r->fname_cap, &r->fname_len, s, len) != MIP_OK)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, line, col,
                                  "out of memory");
        break;
    case S_APP:
        if (copy_field(&r->fapp, &r->fapp_cap, &r->fapp_len, s, len) != MIP_OK)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, line, col,
                                  "out of memory");
        break;
    case S_END:
        rc = num_field(s, len, col, "end_timestamp", &r->fend, rf);
        break;
    case S_DUR21:
        rc = num_field(s, len, col, "duration", &r->fdurs, rf);
        break;
    default:
        break;
    }
    if (rc != MIP_OK)
        r->ffailed = 1;
    return MIP_OK;
}

static int on_row_end(void *user, size_t n, long line)
{
    reader_t *r = user;
    mip__csv_fail_t *rf = &r->frf;
    int rc = MIP_OK;
    if (!r->ffailed && n != r->ncols) {
        size_t c = n < r->ncols ? n : r->ncols;
        mip__csv_fail_at(rf, MIP_EPARSE, (long)c + 1,
                         "expected %zu fields as in the header, found %zu", r->ncols, n);
        r->ffailed = 1;
    }
    if (!r->ffailed && r->fdur_empty && r->fv.inv != 0.0) {
        mip__csv_fail_at(rf, MIP_EPARSE, r->col[F_DUR] + 1,
                         "duration_ms: empty value where a number is expected");
        r->ffailed = 1;
    }
    if (r->ffailed) {
        rc = bad_row(r, line, rf);
        row_reset(r);
        return rc;
    }
    const char *fn = r->fname_len ? r->fname : "";
    size_t fl = r->fname_len;
    long tcol = r->col[F_TS] + 1;
    double t = r->ft;
    if (r->layout == MIP_TRACE_EVENTS) {
        if (r->az21) {
            /* app + "/" + func, in the scratch buffer */
            if (scratch_reserve(r, r->fapp_len + r->fname_len + 2) != MIP_OK)
                return mip__error_set(r->err, MIP_ENOMEM, r->path, line, 0,
                                      "out of memory");
            memcpy(r->scratch, r->fapp_len ? r->fapp : "", r->fapp_len);
            r->scratch[r->fapp_len] = '/';
            memcpy(r->scratch + r->fapp_len + 1, fn, fl);
            fn = r->scratch;
            fl = r->fapp_len + 1 + fl;
            t = r->fend - r->fdurs;
            r->fv.dur = r->fdurs * 1000.0;
            tcol = r->c_a + 1;
        } else if (r->col[F_DUR] < 0) {
            r->fv.dur = r->fdurs * 1000.0;
        }
    }
    rc = add_row(r, line, fn, fl, t, &r->fv, tcol, r->layout == MIP_TRACE_INTERVALS,
                 r->layout == MIP_TRACE_INTERVALS);
    if (rc == MIP_OK)
        r->b->info.rows++;
    row_reset(r);
    return rc;
}

/* Map the columns found by the header to slots (field mode). */
static int set_slots(reader_t *r, const mip__csv_row_t *h)
{
    unsigned char *sl = realloc(r->slot, h->n ? h->n : 1);
    if (!sl)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, h->line, 0, "out of memory");
    r->slot = sl;
    memset(sl, S_NONE, h->n);
    if (r->az21) {
        sl[r->c_app] = S_APP;
        sl[r->c_func] = S_FUNC;
        sl[r->c_a] = S_END;
        sl[r->c_b] = S_DUR21;
    } else {
        static const unsigned char of[F_COUNT] = {S_TS,  S_INV,  S_DUR,  S_P99, S_CPU,
                                                  S_MEM, S_CONC, S_FUNC, S_DURS};
        for (int f = F_COUNT - 1; f >= 0; f--) {
            if (r->col[f] < 0)
                continue;
            if (f == F_DURS && r->col[F_DUR] >= 0)
                continue; /* duration_ms wins */
            if (r->layout == MIP_TRACE_EVENTS &&
                (f == F_INV || f == F_P99 || f == F_CONC))
                continue;
            if (sl[r->col[f]] != S_NONE)
                return mip__error_set(
                    r->err, MIP_ESCHEMA, r->path, h->line, r->col[f] + 1,
                    "column %ld would be read as %s and as another field", r->col[f] + 1,
                    field_names[f]);
            sl[r->col[f]] = of[f];
        }
    }
    r->field_mode = 1;
    row_reset(r);
    return MIP_OK;
}

static int row_azure2019(reader_t *r, const mip__csv_row_t *row)
{
    mip__csv_fail_t rf;
    for (int m = 0; m < AZ_MINUTES; m++) {
        long c = r->minute_col[m];
        const mip__csv_field_t *fv = &row->f[c];
        double *out = &r->minute_val[m];
        if (mip_parse_double_n(fv->s, fv->len, out, NULL) == MIP_OK && *out >= 0.0)
            continue;
        char what[32];
        snprintf(what, sizeof what, "invocations (minute %d)", m + 1);
        if (get_num(row, c, what, out, &rf))
            return bad_row(r, row->line, &rf);
    }
    rowv_t v = {0.0, (double)NAN, (double)NAN, (double)NAN, (double)NAN, (double)NAN};
    long key[3] = {r->c_owner, r->c_app, r->c_func};
    if (r->have_durs) {
        long n = join_key(r, row, key, 3);
        if (n < 0)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, row->line, 0,
                                  "out of memory");
        const kv_t *e = kvmap_get(&r->durs, r->scratch, (size_t)n);
        if (e) {
            v.dur = e->v[0];
            v.p99 = e->v[1];
        }
    }
    if (r->have_mems) {
        long n = join_key(r, row, key, 2);
        if (n < 0)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, row->line, 0,
                                  "out of memory");
        const kv_t *e = kvmap_get(&r->mems, r->scratch, (size_t)n);
        if (e)
            v.mem = e->v[0];
    }
    const mip__csv_field_t *fv = &row->f[r->c_func];
    for (int m = 0; m < AZ_MINUTES; m++) {
        v.inv = r->minute_val[m];
        int rc = add_row(r, row->line, fv->s, fv->len, r->day_start + 60.0 * m, &v,
                         r->minute_col[m] + 1, 1, 1);
        if (rc != MIP_OK)
            return rc;
    }
    r->b->info.rows++;
    return MIP_OK;
}

static int row_azure_aux(reader_t *r, const mip__csv_row_t *row)
{
    mip__csv_fail_t rf;
    double a, bv = (double)NAN;
    if (r->mode == MODE_AZ_DUR) {
        if (get_num(row, r->c_a, "Average", &a, &rf) ||
            get_opt(row, r->c_b, "percentile_Average_99", &bv, &rf))
            return bad_row(r, row->line, &rf);
    } else if (get_num(row, r->c_a, "AverageAllocatedMb", &a, &rf)) {
        return bad_row(r, row->line, &rf);
    }
    long key[3] = {r->c_owner, r->c_app, r->c_func};
    long n = join_key(r, row, key, r->mode == MODE_AZ_DUR ? 3 : 2);
    kvmap_t *m = r->mode == MODE_AZ_DUR ? &r->durs : &r->mems;
    if (n < 0 || kvmap_put(m, r->scratch, (size_t)n, a, bv) != MIP_OK)
        return mip__error_set(r->err, MIP_ENOMEM, r->path, row->line, 0, "out of memory");
    return MIP_OK;
}

static int on_row(void *user, const mip__csv_row_t *row)
{
    reader_t *r = user;
    int w = check_width(r, row);
    if (w)
        return w > 0 ? MIP_OK : r->err->code;
    if (r->mode != MODE_MAIN)
        return row_azure_aux(r, row);
    return row_azure2019(r, row); /* intervals and events go by field */
}

/* ---- headers ---- */

static int missing(reader_t *r, const mip__csv_row_t *h, const char *what,
                   const char *also)
{
    char cols[160];
    mip__csv_header_list(h, cols, sizeof cols);
    return mip__error_set(r->err, MIP_ESCHEMA, r->path, h->line, 0,
                          "missing column '%s'%s%s%s; the header has: %s", what,
                          also ? " (also recognised: " : "", also ? also : "",
                          also ? ")" : "", cols);
}

static void spell_list(int fld, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (const char *const *s = spellings[fld] + 1; *s; s++) {
        int n = snprintf(out + k, size - k, "%s%s", k ? ", " : "", *s);
        if (n < 0 || (size_t)n >= size - k)
            break;
        k += (size_t)n;
    }
}

/* Resolve a field's column; required fields must be there. */
static int need_field(reader_t *r, const mip__csv_row_t *h, int fld, int required)
{
    long c = find_field(h, r->map, fld);
    if (c == -2) {
        char cols[160];
        mip__csv_header_list(h, cols, sizeof cols);
        return mip__error_set(r->err, MIP_ESCHEMA, r->path, h->line, 0,
                              "column '%s' given for %s is not in the header; the header "
                              "has: %s",
                              r->map->name[fld], field_names[fld], cols);
    }
    r->col[fld] = c;
    if (c < 0 && required) {
        char also[128];
        spell_list(fld, also, sizeof also);
        return missing(r, h, field_names[fld], also[0] ? also : NULL);
    }
    return MIP_OK;
}

static int is_az21(const mip__csv_row_t *h, const colmap_t *m)
{
    return !m->name[F_TS][0] && mip__csv_find(h, "app") >= 0 &&
           mip__csv_find(h, "func") >= 0 && mip__csv_find(h, "end_timestamp") >= 0 &&
           mip__csv_find(h, "duration") >= 0;
}

static mip_trace_layout_t detect(const mip__csv_row_t *h, const colmap_t *m)
{
    if (mip__csv_find(h, "HashOwner") >= 0 && mip__csv_find(h, "HashApp") >= 0 &&
        mip__csv_find(h, "HashFunction") >= 0 && mip__csv_find(h, "1") >= 0)
        return MIP_TRACE_AZURE2019;
    if (is_az21(h, m))
        return MIP_TRACE_EVENTS;
    if (find_field(h, m, F_INV) >= 0)
        return MIP_TRACE_INTERVALS;
    if (find_field(h, m, F_TS) >= 0 &&
        (find_field(h, m, F_DUR) >= 0 || find_field(h, m, F_DURS) >= 0))
        return MIP_TRACE_EVENTS;
    return MIP_TRACE_AUTO;
}

static int load_azure_aux(reader_t *r, const char *path, int mode);

static int header_azure2019(reader_t *r, const mip__csv_row_t *h)
{
    r->c_owner = mip__csv_find(h, "HashOwner");
    r->c_app = mip__csv_find(h, "HashApp");
    r->c_func = mip__csv_find(h, "HashFunction");
    if (r->c_owner < 0)
        return missing(r, h, "HashOwner", NULL);
    if (r->c_app < 0)
        return missing(r, h, "HashApp", NULL);
    if (r->c_func < 0)
        return missing(r, h, "HashFunction", NULL);
    if (!r->minute_col) {
        r->minute_col = malloc(AZ_MINUTES * sizeof *r->minute_col);
        r->minute_val = malloc(AZ_MINUTES * sizeof *r->minute_val);
        if (!r->minute_col || !r->minute_val)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, h->line, 0,
                                  "out of memory");
    }
    for (int m = 0; m < AZ_MINUTES; m++)
        r->minute_col[m] = -1;
    for (size_t i = 0; i < h->n; i++) {
        const mip__csv_field_t *fv = &h->f[i];
        if (fv->len == 0 || fv->len > 4 || fv->s[0] == '0')
            continue;
        int v = 0, ok = 1;
        for (size_t j = 0; j < fv->len; j++) {
            if (fv->s[j] < '0' || fv->s[j] > '9')
                ok = 0;
            else
                v = v * 10 + (fv->s[j] - '0');
        }
        if (ok && v >= 1 && v <= AZ_MINUTES && r->minute_col[v - 1] < 0)
            r->minute_col[v - 1] = (long)i;
    }
    for (int m = 0; m < AZ_MINUTES; m++) {
        if (r->minute_col[m] < 0) {
            char what[16];
            snprintf(what, sizeof what, "%d", m + 1);
            return missing(r, h, what, NULL);
        }
    }
    return MIP_OK;
}

/* "name.dNN.csv" -> NN (0 when there is none). */
static int azure_day(const char *base)
{
    for (const char *p = strstr(base, ".d"); p; p = strstr(p + 1, ".d")) {
        const char *q = p + 2;
        int v = 0, nd = 0;
        while (*q >= '0' && *q <= '9' && nd < 6) {
            v = v * 10 + (*q - '0');
            q++;
            nd++;
        }
        if (nd > 0 && *q == '.')
            return v;
    }
    return 0;
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* A sibling of path: prefix*.csv (with the same .dNN. tag when the file has
 * one; the only such file otherwise), else fallback. */
static int find_sibling(const char *path, const char *prefix, const char *fallback,
                        char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dlen;
    char dir[4096];
    if (dlen >= sizeof dir)
        return 0;
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
    char tag[16] = "";
    int day = azure_day(base);
    if (day > 0)
        snprintf(tag, sizeof tag, ".d%02d.", day);

    char best[1024] = "";
    int found = 0;
    DIR *d = opendir(dlen ? dir : ".");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            const char *nm = e->d_name;
            size_t nl = strlen(nm), pl = strlen(prefix);
            if (nl < pl + 4 || strncmp(nm, prefix, pl) != 0 ||
                strcmp(nm + nl - 4, ".csv") != 0 || nl >= sizeof best)
                continue;
            if (tag[0] && !strstr(nm, tag))
                continue;
            if (!found || strcmp(nm, best) < 0)
                memcpy(best, nm, nl + 1);
            found++;
        }
        closedir(d);
    }
    if (found == 1 || (found > 1 && tag[0])) {
        if ((size_t)snprintf(out, size, "%s%s", dir, best) < size)
            return 1;
        return 0;
    }
    if ((size_t)snprintf(out, size, "%s%s", dir, fallback) < size && file_exists(out))
        return 1;
    return 0;
}

static int header_aux(reader_t *r, const mip__csv_row_t *h)
{
    r->ncols = h->n;
    r->c_owner = mip__csv_find(h, "HashOwner");
    r->c_app = mip__csv_find(h, "HashApp");
    r->c_func = mip__csv_find(h, "HashFunction");
    if (r->c_owner < 0)
        return missing(r, h, "HashOwner", NULL);
    if (r->c_app < 0)
        return missing(r, h, "HashApp", NULL);
    if (r->mode == MODE_AZ_DUR) {
        if (r->c_func < 0)
            return missing(r, h, "HashFunction", NULL);
        r->c_a = mip__csv_find(h, "Average");
        r->c_b = mip__csv_find(h, "percentile_Average_99");
        if (r->c_a < 0)
            return missing(r, h, "Average", NULL);
    } else {
        r->c_a = mip__csv_find(h, "AverageAllocatedMb");
        if (r->c_a < 0)
            return missing(r, h, "AverageAllocatedMb", NULL);
    }
    return MIP_OK;
}

static int on_header(void *user, const mip__csv_row_t *h)
{
    reader_t *r = user;
    if (r->mode != MODE_MAIN)
        return header_aux(r, h);
    r->ncols = h->n;
    mip_trace_layout_t l = r->want != MIP_TRACE_AUTO ? r->want : detect(h, r->map);
    if (l == MIP_TRACE_AUTO) {
        char cols[160];
        mip__csv_header_list(h, cols, sizeof cols);
        return mip__error_set(
            r->err, MIP_ESCHEMA, r->path, h->line, 0,
            "cannot tell the layout: no invocations column (intervals), "
            "no timestamp and duration (events), no HashFunction and "
            "minutes (azure2019); the header has: %s",
            cols);
    }
    if (r->b->info.files > 0 && r->b->info.layout != l)
        return mip__error_set(r->err, MIP_ESCHEMA, r->path, h->line, 0,
                              "this file has the %s layout, the files before it %s: "
                              "files read together must have one layout",
                              mip__trace_layout_name(l),
                              mip__trace_layout_name(r->b->info.layout));
    r->layout = l;
    for (int i = 0; i < F_COUNT; i++)
        r->col[i] = -1;
    int rc = MIP_OK;
    switch (l) {
    case MIP_TRACE_INTERVALS:
        if ((rc = need_field(r, h, F_TS, 1)) || (rc = need_field(r, h, F_INV, 1)) ||
            (rc = need_field(r, h, F_DUR, 1)) || (rc = need_field(r, h, F_P99, 0)) ||
            (rc = need_field(r, h, F_CPU, 0)) || (rc = need_field(r, h, F_MEM, 0)) ||
            (rc = need_field(r, h, F_CONC, 0)) || (rc = need_field(r, h, F_FUNC, 0)))
            return rc;
        break;
    case MIP_TRACE_EVENTS:
        r->az21 = is_az21(h, r->map);
        if (r->az21) {
            r->c_app = mip__csv_find(h, "app");
            r->c_func = mip__csv_find(h, "func");
            r->c_a = mip__csv_find(h, "end_timestamp");
            r->c_b = mip__csv_find(h, "duration");
            break;
        }
        if ((rc = need_field(r, h, F_TS, 1)) || (rc = need_field(r, h, F_DUR, 0)) ||
            (rc = need_field(r, h, F_DURS, 0)) || (rc = need_field(r, h, F_CPU, 0)) ||
            (rc = need_field(r, h, F_MEM, 0)) || (rc = need_field(r, h, F_FUNC, 0)))
            return rc;
        if (r->col[F_DUR] < 0 && r->col[F_DURS] < 0)
            return missing(r, h, "duration_ms' or 'duration_s",
                           "Duration, avg_duration_ms, duration_sec");
        break;
    default:
        if ((rc = header_azure2019(r, h)) != MIP_OK)
            return rc;
        break;
    }
    r->b->info.layout = l;
    r->field_mode = 0;
    if (l != MIP_TRACE_AZURE2019 && (rc = set_slots(r, h)) != MIP_OK)
        return rc;

    if (l == MIP_TRACE_AZURE2019) {
        const char *slash = strrchr(r->path, '/');
        int day = azure_day(slash ? slash + 1 : r->path);
        r->day_start = day > 0 ? (day - 1) * 86400.0 : 0.0;
        char p[4096];
        const char *dp = r->opt->azure_durations_path, *mp = r->opt->azure_memory_path;
        if (!dp && find_sibling(r->path, "function_durations_percentiles",
                                "durations.csv", p, sizeof p))
            dp = p;
        if (dp && (rc = load_azure_aux(r, dp, MODE_AZ_DUR)) != MIP_OK)
            return rc;
        if (!mp &&
            find_sibling(r->path, "app_memory_percentiles", "memory.csv", p, sizeof p))
            mp = p;
        if (mp && (rc = load_azure_aux(r, mp, MODE_AZ_MEM)) != MIP_OK)
            return rc;
    }
    return MIP_OK;
}

static void reader_free(reader_t *r)
{
    free(r->slot);
    free(r->fname);
    free(r->fapp);
    free(r->minute_col);
    free(r->minute_val);
    free(r->scratch);
    kvmap_free(&r->durs);
    kvmap_free(&r->mems);
}

/* Read a durations or memory file of Azure 2019 into r's tables. */
static int load_azure_aux(reader_t *r, const char *path, int mode)
{
    reader_t a;
    memset(&a, 0, sizeof a);
    a.b = r->b;
    a.opt = r->opt;
    a.map = r->map;
    a.err = r->err;
    a.path = path;
    a.mode = mode;
    mip__csv_reader_t rd = {path, on_header, on_row, &a, NULL, NULL,
                            NULL, NULL,      NULL,   0,  0,    0};
    int rc = mip__csv_read(&rd, r->err);
    if (rc == MIP_OK) {
        if (mode == MODE_AZ_DUR) {
            kvmap_free(&r->durs);
            r->durs = a.durs;
            r->have_durs = 1;
            memset(&a.durs, 0, sizeof a.durs);
        } else {
            kvmap_free(&r->mems);
            r->mems = a.mems;
            r->have_mems = 1;
            memset(&a.mems, 0, sizeof a.mems);
        }
    }
    reader_free(&a);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

static int cmp_facc(const void *a, const void *b)
{
    const facc_t *x = *(const facc_t *const *)a, *y = *(const facc_t *const *)b;
    return strcmp(x->name, y->name);
}

/* Turn the accumulators into series (sorted by name). */
static int finish(builder_t *b, mip_trace_t *t, mip_error_t *err)
{
    if (b->nfn > 1)
        qsort(b->fn, b->nfn, sizeof *b->fn, cmp_facc);
    t->series = calloc(b->nfn ? b->nfn : 1, sizeof *t->series);
    if (!t->series)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    for (size_t j = 0; j < b->nfn; j++) {
        facc_t *f = b->fn[j];
        if (!f->has)
            continue;
        int rc = facc_spread(b, f);
        if (rc == MIP_ETOOMANY)
            return too_many(err, NULL, 0, b);
        if (rc == MIP_ERANGE)
            return mip__fail(err, MIP_ERANGE,
                             "the rows of '%s', spread over their period, would make its "
                             "series span more than %d steps of %g s",
                             f->name, MIP__TRACE_MAX_INTERVALS, b->step);
        if (rc != MIP_OK)
            return mip__fail(err, MIP_ENOMEM, "out of memory spreading the rows of '%s'",
                             f->name);
        size_t n = (size_t)(f->hi - f->lo + 1), gaps = 0;
        mip_interval_t *iv = f->iv + (f->lo - f->base);
        for (size_t i = 0; i < n; i++) {
            mip_interval_t *x = &iv[i];
            if (isnan(x->invocations)) {
                x->invocations = 0.0;
                x->duration_ms = x->p99_duration_ms = x->cpu_ms = x->memory_mb =
                    x->max_concurrency = (double)NAN;
                gaps++;
            } else if (x->invocations > 0.0) {
                x->duration_ms /= x->invocations;
                x->cpu_ms /= x->invocations;
                x->memory_mb /= x->invocations;
            } else {
                x->duration_ms = x->cpu_ms = x->memory_mb = (double)NAN;
            }
        }
        if (iv != f->iv)
            memmove(f->iv, iv, n * sizeof *iv);
        mip_interval_t *shrunk = realloc(f->iv, n * sizeof *iv);
        if (shrunk)
            f->iv = shrunk;
        mip_series_t *s = &t->series[t->n++];
        s->function = f->name;
        s->start_s = (double)f->lo * b->step;
        s->step_s = b->step;
        s->n = n;
        s->iv = f->iv;
        s->gaps = gaps;
        f->name = NULL; /* owned by the trace now */
        f->iv = NULL;
    }
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading one file on two threads                                           */

/* Fold the accumulator g (read after f's rows) into f. */
static int facc_merge(builder_t *b, facc_t *f, const facc_t *g)
{
    if (!g->has)
        return MIP_OK;
    int with_tf = g->tf != NULL;
    if (f->has && g->first_t < f->last_t)
        b->info.out_of_order++;
    for (int64_t k = g->lo; k <= g->hi; k++) {
        size_t j = (size_t)(k - g->base);
        const mip_interval_t *src = &g->iv[j];
        if (isnan(src->invocations))
            continue;
        int rc = facc_reserve(b, f, k, with_tf);
        if (rc != MIP_OK)
            return rc == MIP_ETOOMANY ? rc : MIP_ENOMEM;
        if (with_tf && !f->tf) {
            /* f had no timestamps per bucket: give it some */
            f->tf = malloc(f->cap * sizeof *f->tf);
            if (!f->tf)
                return MIP_ENOMEM;
            for (size_t i = 0; i < f->cap; i++)
                f->tf[i] = (double)NAN;
        }
        if (!f->has)
            f->first_t = g->first_t;
        cover_slot(f, k, with_tf);
        size_t i = (size_t)(k - f->base);
        mip_interval_t *dst = &f->iv[i];
        if (isnan(dst->invocations)) {
            *dst = *src;
            if (with_tf)
                f->tf[i] = g->tf[j];
        } else {
            dst->invocations += src->invocations;
            dst->duration_ms += src->duration_ms;
            dst->cpu_ms += src->cpu_ms;
            dst->memory_mb += src->memory_mb;
            dst->p99_duration_ms = fmax(dst->p99_duration_ms, src->p99_duration_ms);
            dst->max_concurrency = fmax(dst->max_concurrency, src->max_concurrency);
            if (with_tf && f->tf[i] != g->tf[j])
                f->multi_ts = 1;
            b->info.merged++;
        }
    }
    f->multi_ts |= g->multi_ts;
    f->last_t = g->last_t;
    return MIP_OK;
}

/* Fold builder c (the rows after b's) into b. */
static int builder_merge(builder_t *b, builder_t *c)
{
    for (size_t i = 0; i < c->nfn; i++) {
        const facc_t *g = c->fn[i];
        facc_t *f = builder_fn(b, g->name, g->name_len);
        if (!f)
            return MIP_ENOMEM;
        int rc = facc_merge(b, f, g);
        if (rc != MIP_OK)
            return rc;
    }
    mip_trace_info_t *x = &b->info;
    const mip_trace_info_t *y = &c->info;
    x->rows += y->rows;
    x->skipped_rows += y->skipped_rows;
    x->out_of_order += y->out_of_order;
    x->merged += y->merged;
    for (size_t i = 0; i < y->n_reasons && x->n_reasons < MIP_TRACE_MAX_REASONS; i++)
        memcpy(x->reasons[x->n_reasons++], y->reasons[i], sizeof x->reasons[0]);
    return MIP_OK;
}

/* Read one file, on two threads where it pays (mip__csv_read_split): the
 * second half into a builder of its own, folded in after. */
static int read_file(reader_t *r, const mip__csv_reader_t *rd, uint64_t split_min,
                     mip_error_t *e)
{
    struct {
        reader_t r;
        builder_t b;
        mip_error_t e;
    } *p = calloc(1, sizeof *p);
    if (!p)
        return mip__csv_read(rd, e);
    p->b.step = r->b->step;
    p->b.max_total = r->b->max_total;
    p->r.b = &p->b;
    p->r.opt = r->opt;
    p->r.map = r->map;
    p->r.err = &p->e;
    p->r.path = r->path;
    p->r.mode = r->mode;
    p->r.want = r->want;
    p->b.info.files = r->b->info.files;
    p->b.info.layout = r->b->info.layout;
    mip_error_clear(&p->e);
    int halves;
    int rc =
        mip__csv_read_split(rd, &p->r, &p->r.field_mode, &p->e, split_min, &halves, e);
    if (rc == MIP_OK && halves) {
        int m = builder_merge(r->b, &p->b);
        if (m == MIP_ETOOMANY)
            rc = too_many(e, r->path, 0, r->b);
        else if (m != MIP_OK)
            rc = mip__fail(e, MIP_ENOMEM, "out of memory");
    }
    reader_free(&p->r);
    builder_free(&p->b);
    free(p);
    return rc;
}

int mip__trace_load_split(const char *const *paths, size_t n_paths,
                          const mip_trace_options_t *opt, unsigned long long split_min,
                          mip_trace_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (out)
        *out = NULL;
    if (!out || (!paths && n_paths > 0))
        return mip__fail(err, MIP_EINVAL, "mip_trace_load: NULL argument");
    if (n_paths == 0)
        return mip__fail(err, MIP_EINVAL, "no trace file given");
    for (size_t i = 0; i < n_paths; i++)
        if (!paths[i])
            return mip__fail(err, MIP_EINVAL, "trace file %zu is NULL", i + 1);
    mip_trace_options_t defaults;
    mip_trace_options_init(&defaults);
    if (!opt)
        opt = &defaults;
    if (!(opt->step_s > 0.0 && opt->step_s <= 86400.0))
        return mip__fail(err, MIP_EINVAL, "step: %g s is not in (0, 86400]", opt->step_s);
    if (opt->layout < MIP_TRACE_AUTO || opt->layout > MIP_TRACE_AZURE2019)
        return mip__fail(err, MIP_EINVAL, "layout: %d is not a trace layout",
                         (int)opt->layout);
    colmap_t map;
    int rc = parse_columns(opt->columns, &map, err);
    if (rc != MIP_OK)
        return rc;

    /* a local error so that a caller's NULL err still stops at the first */
    mip_error_t e;
    mip_error_clear(&e);
    builder_t b;
    memset(&b, 0, sizeof b);
    b.step = opt->step_s;
    b.max_total = opt->max_intervals ? opt->max_intervals : MIP__TRACE_MAX_TOTAL;
    reader_t r;
    memset(&r, 0, sizeof r);
    r.b = &b;
    r.opt = opt;
    r.map = &map;
    r.err = &e;
    r.mode = MODE_MAIN;
    r.want = opt->layout;
    for (size_t i = 0; i < n_paths && rc == MIP_OK; i++) {
        r.path = paths[i];
        r.az21 = 0;
        r.have_durs = r.have_mems = 0;
        mip__csv_reader_t rd = {paths[i],
                                on_header,
                                on_row,
                                &r,
                                on_field,
                                on_row_end,
                                &r.field_mode,
                                opt->progress,
                                opt->progress_user,
                                0,
                                0,
                                0};
        rc = read_file(&r, &rd, split_min, &e);
        if (rc == MIP_OK)
            b.info.files++;
    }
    reader_free(&r);

    mip_trace_t *t = NULL;
    if (rc == MIP_OK) {
        t = calloc(1, sizeof *t);
        if (!t)
            rc = mip__fail(&e, MIP_ENOMEM, "out of memory");
    }
    if (rc == MIP_OK)
        rc = finish(&b, t, &e);
    builder_free(&b);
    if (rc != MIP_OK) {
        if (e.code == MIP_OK)
            mip__fail(&e, rc, "%s", mip_strerror(rc));
        if (err)
            *err = e;
        mip_trace_free(t);
        return rc;
    }
    t->info = b.info;
    *out = t;
    return MIP_OK;
}

int mip_trace_load(const char *const *paths, size_t n_paths,
                   const mip_trace_options_t *opt, mip_trace_t **out, mip_error_t *err)
{
    return mip__trace_load_split(paths, n_paths, opt, MIP__SPLIT_MIN, out, err);
}
