/*
 * fuzz_trace.c - mip_trace_load() on any bytes.
 *
 * Input: two option bytes, then the file(s).
 *   byte 0: bits 0-1 layout (auto, intervals, events, azure2019), bits 2-3
 *           step (60, 1, 300, 3600 s), bit 4 skip_bad_rows, bits 5-7 one of
 *           eight --column specifications;
 *   byte 1: bits 0-1 how many files (1 to 4), the rest split at NUL bytes;
 *           bit 2: with the azure2019 layout the second and third parts are
 *           the durations and memory files instead; bit 3 a progress
 *           callback.
 * A loaded trace is walked, summarised (stats) and reported as JSON and CSV;
 * the summaries only when the series hold at most a million intervals in
 * all: the reader allows a series 20 million steps long (a few rows far
 * apart in time), which is correct but slow to summarise three times under
 * the sanitizers.
 */
#include "fuzz.h"

static void progress(void *user, const char *path, double done, double total)
{
    (void)path;
    *(double *)user += done + total;
}

static const char *const column_specs[8] = {
    NULL,
    NULL,
    "timestamp=when,invocations=Sum,duration_ms=Avg",
    "function=name,duration_s=secs",
    "max_concurrency=c,memory_mb=m,cpu_ms=cpu,p99_duration_ms=p99",
    "timestamp=,invocations=x",
    "bogus=x",
    "duration_ms = Duration (Average) , invocations=Invocations (Sum)",
};

static const double steps[4] = {60.0, 1.0, 300.0, 3600.0};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t a = data[0], b = data[1];
    data += 2;
    size -= 2;

    mip_trace_options_t o;
    mip_trace_options_init(&o);
    o.layout = (mip_trace_layout_t)(a & 3);
    o.step_s = steps[(a >> 2) & 3];
    o.skip_bad_rows = (a >> 4) & 1;
    o.columns = column_specs[(a >> 5) & 7];
    double progressed = 0.0;
    if (b & 8) {
        o.progress = progress;
        o.progress_user = &progressed;
    }

    const uint8_t *part[4];
    size_t len[4];
    size_t n = fuzz_split(data, size, (size_t)(b & 3) + 1, part, len);
    char paths[4][1100];
    static const char *const names[4] = {"a.csv", "b.csv", "c.csv", "d.csv"};
    for (size_t i = 0; i < n; i++) {
        fuzz_path(paths[i], sizeof paths[i], names[i]);
        fuzz_write(paths[i], part[i], len[i]);
    }
    const char *files[4];
    size_t n_files = 0;
    if (o.layout == MIP_TRACE_AZURE2019 && (b & 4)) {
        files[n_files++] = paths[0];
        if (n > 1)
            o.azure_durations_path = paths[1];
        if (n > 2)
            o.azure_memory_path = paths[2];
    } else {
        for (size_t i = 0; i < n; i++)
            files[n_files++] = paths[i];
    }

    mip_trace_t *t = NULL;
    mip_error_t e;
    mip_error_clear(&e);
    int rc = mip_trace_load(files, n_files, &o, &t, &e);
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK) {
        volatile double sink = 0.0;
        const mip_trace_info_t *info = mip_trace_info(t);
        sink += (double)info->rows + (double)info->n_reasons;
        size_t total = 0;
        for (size_t i = 0; i < mip_trace_series_count(t); i++) {
            const mip_series_t *s = mip_trace_series_at(t, i);
            sink += (double)strlen(s->function) + s->start_s + s->step_s;
            for (size_t k = 0; k < s->n; k++)
                sink += s->iv[k].invocations;
            total += s->n;
        }
        for (size_t i = 0; total <= 1000000 && i < mip_trace_series_count(t); i++) {
            const mip_series_t *s = mip_trace_series_at(t, i);
            mip_series_stats_t st;
            mip_error_t se;
            mip_error_clear(&se);
            int src = mip_series_stats(s, &st, &se);
            fuzz_check_error(src, &se);
        }
        for (int fmt = MIP_FORMAT_JSON; total <= 1000000 && fmt <= MIP_FORMAT_CSV;
             fmt++) {
            char *doc = NULL;
            mip_error_t re;
            mip_error_clear(&re);
            int rrc =
                mip_report_trace_summary(t, files, n_files, (mip_format_t)fmt, &doc, &re);
            fuzz_check_error(rrc, &re);
            mip_free(doc);
        }
        (void)sink;
    }
    mip_trace_free(t);
    return 0;
}
