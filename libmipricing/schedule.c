/*
 * schedule.c - scaling schedules: windows of environment limits, read from
 * CSV (readers layer, on csvio).
 */
#include "csvio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct mip_schedule {
    mip_schedule_window_t *w;
    size_t n, cap;
};

typedef struct sreader {
    mip_schedule_t *s;
    const char *path;
    mip_error_t *err;
    long c_start, c_end, c_min, c_max;
} sreader_t;

static long find_any(const mip__csv_row_t *h, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        long c = mip__csv_find(h, names[i]);
        if (c >= 0)
            return c;
    }
    return -1;
}

static int on_header(void *user, const mip__csv_row_t *h)
{
    sreader_t *r = user;
    static const char *const starts[] = {"start", "from", "start_time", NULL};
    static const char *const ends[] = {"end", "to", "end_time", NULL};
    static const char *const mins[] = {"min_envs", "min", "MinExecutionEnvironments",
                                       NULL};
    static const char *const maxs[] = {"max_envs", "max", "MaxExecutionEnvironments",
                                       NULL};
    r->c_start = find_any(h, starts);
    r->c_end = find_any(h, ends);
    r->c_min = find_any(h, mins);
    r->c_max = find_any(h, maxs);
    const char *missing = r->c_start < 0 ? "start"
                          : r->c_end < 0 ? "end"
                          : r->c_min < 0 ? "min_envs"
                          : r->c_max < 0 ? "max_envs"
                                         : NULL;
    if (missing) {
        char list[256];
        mip__csv_header_list(h, list, sizeof list);
        return mip__error_set(r->err, MIP_ESCHEMA, r->path, h->line, 0,
                              "missing column '%s'; the header has: %s", missing, list);
    }
    return MIP_OK;
}

/* HH:MM or HH:MM:SS: seconds of the day; -1 if s is not one. */
static double time_of_day(const char *s, size_t n)
{
    int h, m, sec = 0;
    if (n == 5 && s[2] == ':') {
        if (sscanf(s, "%2d:%2d", &h, &m) != 2)
            return -1.0;
    } else if (n == 8 && s[2] == ':' && s[5] == ':') {
        if (sscanf(s, "%2d:%2d:%2d", &h, &m, &sec) != 3)
            return -1.0;
    } else {
        return -1.0;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] != ':' && (s[i] < '0' || s[i] > '9'))
            return -1.0;
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec)))
        return -1.0;
    return h * 3600.0 + m * 60.0 + sec;
}

static int bad(sreader_t *r, long line, long col, const char *text)
{
    return mip__error_set(r->err, MIP_EPARSE, r->path, line, col, "%s", text);
}

static int count(sreader_t *r, const mip__csv_row_t *row, long c, const char *what,
                 long *out, int empty_unlimited)
{
    const mip__csv_field_t *f = &row->f[c];
    if (f->len == 0 && empty_unlimited) {
        *out = MIP_UNLIMITED;
        return MIP_OK;
    }
    double v;
    if (mip_parse_double_n(f->s, f->len, &v, NULL) != MIP_OK || v != floor(v))
        return mip__error_set(r->err, MIP_EPARSE, r->path, row->line, c + 1,
                              "%s: '%.*s' is not a whole number", what,
                              (int)(f->len > 40 ? 40 : f->len), f->s);
    if (v < 0.0 || v > 15000.0)
        return mip__error_set(r->err, MIP_ERULE, r->path, row->line, c + 1,
                              "%s: %g is not between 0 and 15000", what, v);
    *out = (long)v;
    return MIP_OK;
}

static int on_row(void *user, const mip__csv_row_t *row)
{
    sreader_t *r = user;
    long need = r->c_start;
    if (r->c_end > need)
        need = r->c_end;
    if (r->c_min > need)
        need = r->c_min;
    if (r->c_max > need)
        need = r->c_max;
    if ((long)row->n <= need)
        return mip__error_set(r->err, MIP_EPARSE, r->path, row->line, (long)row->n,
                              "expected at least %ld fields, found %zu", need + 1,
                              row->n);
    mip_schedule_window_t w;
    memset(&w, 0, sizeof w);
    const mip__csv_field_t *fs = &row->f[r->c_start], *fe = &row->f[r->c_end];
    double a = time_of_day(fs->s, fs->len), b = time_of_day(fe->s, fe->len);
    if ((a >= 0.0) != (b >= 0.0))
        return bad(r, row->line, r->c_end + 1,
                   "start and end must both be times of day (HH:MM) or both dates");
    if (a >= 0.0) {
        w.daily = 1;
        w.start_s = a;
        w.end_s = b;
        if (a == b)
            return bad(r, row->line, r->c_end + 1, "a daily window cannot be empty");
    } else {
        if (mip_parse_timestamp(fs->s, fs->len, &w.start_s, NULL) != MIP_OK)
            return mip__error_set(r->err, MIP_EPARSE, r->path, row->line, r->c_start + 1,
                                  "start: '%.*s' is not a time", (int)fs->len, fs->s);
        if (mip_parse_timestamp(fe->s, fe->len, &w.end_s, NULL) != MIP_OK)
            return mip__error_set(r->err, MIP_EPARSE, r->path, row->line, r->c_end + 1,
                                  "end: '%.*s' is not a time", (int)fe->len, fe->s);
        if (!(w.end_s > w.start_s))
            return bad(r, row->line, r->c_end + 1, "end must be after start");
    }
    int rc;
    if ((rc = count(r, row, r->c_min, "min_envs", &w.min_envs, 0)) != MIP_OK ||
        (rc = count(r, row, r->c_max, "max_envs", &w.max_envs, 1)) != MIP_OK)
        return rc;
    if (w.max_envs != MIP_UNLIMITED && w.min_envs > w.max_envs)
        return mip__error_set(r->err, MIP_ERULE, r->path, row->line, r->c_min + 1,
                              "min_envs %ld is above max_envs %ld", w.min_envs,
                              w.max_envs);
    if (w.min_envs == 0 && w.max_envs != 0)
        return mip__error_set(r->err, MIP_ERULE, r->path, row->line, r->c_min + 1,
                              "min_envs 0 is only valid with max_envs 0 (which "
                              "deactivates the function)");
    mip_schedule_t *s = r->s;
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 16;
        mip_schedule_window_t *nw = realloc(s->w, nc * sizeof *nw);
        if (!nw)
            return mip__error_set(r->err, MIP_ENOMEM, r->path, row->line, 0,
                                  "out of memory");
        s->w = nw;
        s->cap = nc;
    }
    s->w[s->n++] = w;
    return MIP_OK;
}

int mip_schedule_load(const char *path, mip_schedule_t **out, mip_error_t *err)
{
    mip_error_clear(err);
    if (!path || !out)
        return mip__fail(err, MIP_EINVAL, "mip_schedule_load: NULL argument");
    *out = NULL;
    mip_schedule_t *s = calloc(1, sizeof *s);
    if (!s)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    mip_error_t e;
    mip_error_clear(&e);
    sreader_t r = {s, path, &e, -1, -1, -1, -1};
    mip__csv_reader_t rd = {path, on_header, on_row, &r, NULL, NULL,
                            NULL, NULL,      NULL,   0,  0,    0};
    int rc = mip__csv_read(&rd, &e);
    if (rc != MIP_OK) {
        if (err)
            *err = e;
        mip_schedule_free(s);
        return rc;
    }
    *out = s;
    return MIP_OK;
}

void mip_schedule_free(mip_schedule_t *s)
{
    if (!s)
        return;
    free(s->w);
    free(s);
}

size_t mip_schedule_count(const mip_schedule_t *s) { return s ? s->n : 0; }

const mip_schedule_window_t *mip_schedule_at(const mip_schedule_t *s, size_t i)
{
    return s && i < s->n ? &s->w[i] : NULL;
}

const mip_schedule_window_t *mip_schedule_find(const mip_schedule_t *s, double t)
{
    if (!s)
        return NULL;
    double tod = t - 86400.0 * floor(t / 86400.0);
    for (size_t i = s->n; i-- > 0;) {
        const mip_schedule_window_t *w = &s->w[i];
        if (w->daily) {
            if (w->start_s < w->end_s ? (tod >= w->start_s && tod < w->end_s)
                                      : (tod >= w->start_s || tod < w->end_s))
                return w;
        } else if (t >= w->start_s && t < w->end_s) {
            return w;
        }
    }
    return NULL;
}
