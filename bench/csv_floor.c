/*
 * csv_floor.c - libcsv's own speed on a file: csv_parse with callbacks that
 * do nothing, CPU time of the parse alone. The floor under any reader built
 * on libcsv (bench/RESULTS.md). Usage: csv_floor FILE
 */
#include <csv.h>
#include <stdio.h>
#include <time.h>

static size_t fields, rows;

static void on_field(void *s, size_t n, void *data)
{
    (void)s;
    (void)n;
    (void)data;
    fields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    (void)data;
    rows++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: csv_floor FILE\n", stderr);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT) != 0)
        return 1;
    static char buf[1 << 16];
    size_t n, total = 0;
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        total += n;
        if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
            fprintf(stderr, "csv_floor: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    csv_fini(&p, on_field, on_row, NULL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%zu bytes, %zu rows, %zu fields: %.3f s of CPU, %.0f MB/s\n", total, rows,
           fields, s, (double)total / s / 1e6);
    csv_free(&p);
    fclose(f);
    return 0;
}
