/*
 * csvio.c - streaming CSV on libcsv with exact line and column numbers.
 *
 * Line numbers (libcsv recipe of STYLE.md): with CSV_REPALL_NL every newline
 * outside quotes ends a row once, so a counter kept in the callbacks knows
 * the first line of every row; newlines inside quoted fields are added when
 * the field arrives. A CRLF reaches the row callback twice (CR, then an empty
 * row for LF): the LF after a CR is not counted again. Syntax errors are
 * located by re-reading the file up to the offset libcsv stopped at.
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MIP__CSV_CHUNK (64 * 1024)
#define MIP__CSV_PROGRESS_EVERY (1024.0 * 1024.0)

typedef struct csv_state {
    const mip__csv_reader_t *rd;
    mip_error_t *err;
    /* the row being built: fields copied back to back, each NUL-terminated */
    char *buf;
    size_t blen, bcap;
    size_t *off;
    size_t *len;
    mip__csv_field_t *f;
    size_t nf, fcap;
    /* lines */
    long cur_line; /* the line the parser is on, as far as callbacks know */
    long row_line; /* first line of the row being built */
    int in_row;    /* a field of the row has arrived */
    int prev_cr;   /* the last row ended with a CR */
    size_t rows;   /* non-empty rows passed on (header included) */
    long header_line;
    int quotes;     /* a '"' was seen: fields may hold newlines */
    int by_field;   /* data rows go to rd->field / rd->row_end */
    int held_empty; /* by_field: an empty first field not passed on yet */
    int skipping;   /* header read, rows up to rd->data_start ignored */
    int stop;       /* a callback failed: feed nothing more */
    int rc;         /* its status */
} csv_state_t;

/* Newlines inside a field: LF, and CR not followed by LF. */
static long count_newlines(const char *s, size_t n)
{
    long k = 0;
    if (!memchr(s, '\n', n) && !memchr(s, '\r', n))
        return 0; /* the common case, at memchr's speed */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > '\r')
            continue;
        if (c == '\n' || (c == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
            k++;
    }
    return k;
}

static int grow_buf(char **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need)
        ncap *= 2;
    char *np = realloc(*p, ncap);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

static void fail_nomem(csv_state_t *st)
{
    st->rc = mip__error_set(st->err, MIP_ENOMEM, st->rd->path, st->row_line, 0,
                            "out of memory reading a row");
    st->stop = 1;
}

static void on_field(void *s, size_t n, void *data)
{
    csv_state_t *st = data;
    if (st->stop || st->skipping)
        return;
    const char *p = s ? (const char *)s : "";
    if (!st->in_row) {
        st->in_row = 1;
        st->row_line = st->cur_line;
    }
    if (st->quotes)
        st->cur_line += count_newlines(p, n);
    if (st->by_field) {
        /* an empty first field may be a blank row: hold it back */
        if (st->nf == 0 && n == 0) {
            st->held_empty = 1;
            st->nf = 1;
            return;
        }
        int rc = MIP_OK;
        if (st->held_empty) {
            st->held_empty = 0;
            rc = st->rd->field(st->rd->user, 0, "", 0, st->row_line);
        }
        if (rc == MIP_OK)
            rc = st->rd->field(st->rd->user, st->nf, p, n, st->row_line);
        st->nf++;
        if (rc != MIP_OK) {
            st->rc = rc;
            st->stop = 1;
        }
        return;
    }

    if (st->nf + 1 > st->fcap) {
        /* every array keeps at least the old capacity if one realloc fails */
        size_t ncap = st->fcap ? 2 * st->fcap : 16;
        size_t *o = realloc(st->off, ncap * sizeof *o);
        if (o)
            st->off = o;
        size_t *l = realloc(st->len, ncap * sizeof *l);
        if (l)
            st->len = l;
        mip__csv_field_t *f = realloc(st->f, ncap * sizeof *f);
        if (f)
            st->f = f;
        if (!o || !l || !f) {
            fail_nomem(st);
            return;
        }
        st->fcap = ncap;
    }
    if (grow_buf(&st->buf, &st->bcap, st->blen + n + 1)) {
        fail_nomem(st);
        return;
    }
    memcpy(st->buf + st->blen, p, n);
    st->buf[st->blen + n] = '\0';
    st->off[st->nf] = st->blen;
    st->len[st->nf] = n;
    st->nf++;
    st->blen += n + 1;
}

static void on_row(int c, void *data)
{
    csv_state_t *st = data;
    if (st->stop || st->skipping)
        return;
    int empty =
        st->nf == 0 || (st->nf == 1 && (st->by_field ? st->held_empty : st->len[0] == 0));
    long line = st->in_row ? st->row_line : st->cur_line;

    /* advance past the terminator */
    if (c == '\r')
        st->cur_line++;
    else if (c == '\n' && !(st->prev_cr && st->nf == 0 && !st->in_row))
        st->cur_line++;
    st->prev_cr = c == '\r';

    if (!empty && st->by_field) {
        st->rows++;
        int rc = st->rd->row_end(st->rd->user, st->nf, line);
        if (rc != MIP_OK) {
            st->rc = rc;
            st->stop = 1;
        }
    } else if (!empty) {
        for (size_t i = 0; i < st->nf; i++) {
            st->f[i].s = st->buf + st->off[i];
            st->f[i].len = st->len[i];
        }
        mip__csv_row_t row = {st->f, st->nf, line, st->rows};
        mip__csv_row_fn fn = st->rows == 0 ? st->rd->header : st->rd->row;
        if (st->rows == 0)
            st->header_line = line;
        st->rows++;
        int rc = fn ? fn(st->rd->user, &row) : MIP_OK;
        if (rc != MIP_OK) {
            st->rc = rc;
            st->stop = 1;
        }
        if (st->rows == 1 && st->rd->field && st->rd->row_end && st->rd->field_mode &&
            *st->rd->field_mode)
            st->by_field = 1;
        if (st->rows == 1 && st->rd->data_start > 0)
            st->skipping = 1; /* the data rows of this part start further on */
    }
    st->nf = 0;
    st->held_empty = 0;
    st->blen = 0;
    st->in_row = 0;
}

/* The file being read: plain (fp), or gzip-compressed (gz, detected by its
 * magic bytes 1f 8b), in which case offsets count uncompressed bytes. */
typedef struct csv_src {
    FILE *fp;
    gzFile gz;
} csv_src_t;

static size_t src_read(csv_src_t *src, void *buf, size_t n, int *failed)
{
    *failed = 0;
    if (!src->gz) {
        size_t got = fread(buf, 1, n, src->fp);
        if (got == 0 && ferror(src->fp))
            *failed = 1;
        return got;
    }
    int got = gzread(src->gz, buf, (unsigned)n);
    if (got < 0) {
        *failed = 1;
        return 0;
    }
    return (size_t)got;
}

static int src_seek(csv_src_t *src, uint64_t pos)
{
    if (!src->gz)
        return fseeko(src->fp, (off_t)pos, SEEK_SET) == 0 ? 0 : -1;
    return gzseek(src->gz, (z_off_t)pos, SEEK_SET) == (z_off_t)pos ? 0 : -1;
}

/* Bytes of the file itself consumed so far (compressed bytes for gzip). */
static double src_offset(const csv_src_t *src, uint64_t fed)
{
    if (!src->gz)
        return (double)fed;
    z_off_t off = gzoffset(src->gz);
    return off >= 0 ? (double)off : (double)fed;
}

/* Line and byte column of absolute offset pos (counted from the first byte of
 * the file, BOM included; uncompressed for gzip), by reading the file again. */
static int locate(csv_src_t *src, uint64_t pos, size_t bom, long *line, long *col)
{
    if (src_seek(src, 0) != 0)
        return -1;
    char buf[8192];
    uint64_t at = 0;
    long ln = 1;
    uint64_t line_start = 0;
    int prev_cr = 0;
    while (at < pos) {
        size_t want = sizeof buf;
        if (pos - at < want)
            want = (size_t)(pos - at);
        int failed;
        size_t got = src_read(src, buf, want, &failed);
        if (got == 0)
            return -1;
        for (size_t i = 0; i < got; i++) {
            char ch = buf[i];
            if (ch == '\n') {
                if (!prev_cr)
                    ln++;
                line_start = at + i + 1;
            } else if (ch == '\r') {
                ln++;
                line_start = at + i + 1;
            }
            prev_cr = ch == '\r';
        }
        at += got;
    }
    uint64_t c = pos - line_start + 1;
    if (ln == 1 && c > bom)
        c -= bom;
    *line = ln;
    *col = (long)c;
    return 0;
}

static int io_error(mip_error_t *err, const char *path, const char *what, int e)
{
    char msg[128];
    if (strerror_r(e, msg, sizeof msg) != 0)
        snprintf(msg, sizeof msg, "error %d", e);
    return mip__error_set(err, MIP_EIO, path, 0, 0, "%s: %s", what, msg);
}

int mip__csv_read(const mip__csv_reader_t *rd, mip_error_t *err)
{
    if (!rd || !rd->path)
        return mip__fail(err, MIP_EINVAL, "no CSV file given");
    const char *path = rd->path;
    csv_src_t src = {fopen(path, "rb"), NULL};
    if (!src.fp)
        return io_error(err, path, "cannot open", errno);

    double total = 0.0;
    struct stat sb;
    if (fstat(fileno(src.fp), &sb) == 0 && S_ISREG(sb.st_mode))
        total = (double)sb.st_size;

    /* gzip: read through zlib (offsets are then in uncompressed bytes) */
    unsigned char magic[2];
    size_t nmagic = fread(magic, 1, 2, src.fp);
    if (nmagic == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        fclose(src.fp);
        src.fp = NULL;
        src.gz = gzopen(path, "rb");
        if (!src.gz)
            return io_error(err, path, "cannot open", errno ? errno : ENOMEM);
        gzbuffer(src.gz, 128 * 1024);
    } else if (fseek(src.fp, 0L, SEEK_SET) != 0) {
        int e = errno;
        fclose(src.fp);
        return io_error(err, path, "seek error", e);
    }

    unsigned char *chunk = malloc(MIP__CSV_CHUNK);
    struct csv_parser p;
    int parser_ok = 0;
    csv_state_t st;
    memset(&st, 0, sizeof st);
    st.rd = rd;
    st.err = err;
    st.cur_line = 1;
    st.rc = MIP_OK;
    int rc = MIP_OK;

    if (!chunk) {
        rc = mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
        0) {
        rc = mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    parser_ok = 1;

    uint64_t fed = 0; /* bytes of the file consumed (BOM included) */
    size_t bom = 0;
    double next_report = MIP__CSV_PROGRESS_EVERY;
    int first = 1;
    int jumped = 0;
    for (;;) {
        size_t want = MIP__CSV_CHUNK;
        if (rd->data_end > 0 && jumped == 0 && rd->data_start == 0) {
            if (fed >= rd->data_end)
                break;
            if (rd->data_end - fed < want)
                want = (size_t)(rd->data_end - fed);
        }
        int failed;
        size_t got = src_read(&src, chunk, want, &failed);
        if (got == 0) {
            if (failed) {
                rc = io_error(err, path, "read error", src.gz ? EIO : errno);
                goto done;
            }
            break;
        }
        size_t skip = 0;
        if (first) {
            first = 0;
            if (got >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
                skip = bom = 3;
        }
        size_t n = got - skip;
        /* Only a quoted field can hold a newline: until the first '"' of the
         * file, no field needs to be searched for one. */
        if (!st.quotes && memchr(chunk + skip, '"', n))
            st.quotes = 1;
        size_t used = csv_parse(&p, chunk + skip, n, on_field, on_row, &st);
        if (st.stop) {
            rc = st.rc;
            goto done;
        }
        if (used != n) {
            long line = st.in_row ? st.row_line : st.cur_line, col = 0;
            int e = csv_error(&p);
            if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
                rc = mip__error_set(err, MIP_ENOMEM, path, line, 0,
                                    "out of memory: a field is too large");
                goto done;
            }
            if (locate(&src, fed + skip + used, bom, &line, &col) != 0)
                col = 0;
            rc =
                mip__error_set(err, MIP_EPARSE, path, line, col,
                               "CSV syntax error: misplaced quote (%s)", csv_strerror(e));
            goto done;
        }
        fed += got;
        if (st.skipping && !jumped) {
            /* the header is read: go on with a fresh parser at this part */
            jumped = 1;
            csv_free(&p);
            parser_ok = 0;
            if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI |
                                 CSV_APPEND_NULL) != 0) {
                rc = mip__error_set(err, MIP_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            parser_ok = 1;
            if (src_seek(&src, rd->data_start) != 0) {
                rc = io_error(err, path, "seek error", errno);
                goto done;
            }
            fed = rd->data_start;
            st.cur_line = rd->data_line;
            st.in_row = st.prev_cr = st.held_empty = 0;
            st.nf = st.blen = 0;
            st.skipping = 0;
            continue;
        }
        if (rd->progress && (double)fed >= next_report) {
            rd->progress(rd->progress_user, path, src_offset(&src, fed), total);
            while (next_report <= (double)fed)
                next_report += MIP__CSV_PROGRESS_EVERY;
        }
    }
    if (csv_fini(&p, on_field, on_row, &st) != 0) {
        long line = st.in_row ? st.row_line : st.cur_line;
        rc = mip__error_set(err, MIP_EPARSE, path, line, (long)st.nf + 1,
                            "unterminated quoted field (a '\"' opened and never closed)");
        goto done;
    }
    if (st.stop) {
        rc = st.rc;
        goto done;
    }
    if (rd->progress)
        rd->progress(rd->progress_user, path, src.gz ? total : (double)fed, total);
    if (st.rows == 0)
        rc = mip__error_set(err, MIP_EPARSE, path, 0, 0, "empty file");
    else if (st.rows == 1 && rd->data_start == 0 && rd->data_end == 0)
        rc = mip__error_set(err, MIP_EPARSE, path, st.header_line, 0,
                            "no data rows (a header only)");

done:
    if (parser_ok)
        csv_free(&p);
    free(chunk);
    free(st.buf);
    free(st.off);
    free(st.len);
    free(st.f);
    if (src.gz)
        gzclose(src.gz);
    else
        fclose(src.fp);
    return rc;
}

void mip__csv_norm_name(const char *s, size_t len, char *out, size_t size)
{
    size_t k = 0;
    if (size == 0)
        return;
    for (size_t i = 0; i < len && k + 1 < size; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '(' || c == ')' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[k++] = c;
    }
    out[k] = '\0';
}

long mip__csv_find(const mip__csv_row_t *header, const char *name)
{
    char want[128], have[128];
    mip__csv_norm_name(name, strlen(name), want, sizeof want);
    for (size_t i = 0; i < header->n; i++) {
        mip__csv_norm_name(header->f[i].s, header->f[i].len, have, sizeof have);
        if (strcmp(want, have) == 0)
            return (long)i;
    }
    return -1;
}

void mip__csv_header_list(const mip__csv_row_t *header, char *out, size_t size)
{
    size_t k = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < header->n; i++) {
        const char *sep = i ? ", " : "";
        size_t need = strlen(sep) + header->f[i].len;
        if (k + need + 4 >= size) {
            if (k + 4 < size)
                memcpy(out + k, "...", 4);
            return;
        }
        memcpy(out + k, sep, strlen(sep));
        k += strlen(sep);
        memcpy(out + k, header->f[i].s, header->f[i].len);
        k += header->f[i].len;
        out[k] = '\0';
    }
}

int mip__csv_fail_at(mip__csv_fail_t *rf, int code, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rf->text, sizeof rf->text, fmt, ap);
    va_end(ap);
    rf->code = code;
    rf->col = col;
    return code;
}

int mip__csv_bad_row(const mip__csv_fail_t *rf, const char *path, long line, int skip,
                     mip_error_t *err, char (*reasons)[MIP_ERROR_TEXT_LENGTH], size_t max,
                     size_t *n_reasons, size_t *skipped)
{
    if (rf->code == MIP_ENOMEM || !skip)
        return mip__error_set(err, rf->code, path, line, rf->col, "%s", rf->text);
    if (*n_reasons < max) {
        /* truncated to the size of a reason when it must be */
        if (snprintf(reasons[*n_reasons], MIP_ERROR_TEXT_LENGTH, "%s:%ld:%ld: %s", path,
                     line, rf->col, rf->text) < 0)
            reasons[*n_reasons][0] = '\0';
        (*n_reasons)++;
    }
    (*skipped)++;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Writing a whole file                                                      */

int mip_write_file(const char *path, const char *text, mip_error_t *err)
{
    mip_error_clear(err);
    if (!path || !text)
        return mip__fail(err, MIP_EINVAL, "mip_write_file: NULL argument");
    return mip_write_data(path, text, strlen(text), err);
}

int mip_write_data(const char *path, const void *data, size_t len, mip_error_t *err)
{
    mip_error_clear(err);
    if (!path || (!data && len > 0))
        return mip__fail(err, MIP_EINVAL, "mip_write_data: NULL argument");
    size_t n = strlen(path), size = n + 48;
    char *tmp = malloc(size);
    if (!tmp)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    /* a name of our own beside path, created exclusively with the usual
     * permissions (0666 less the umask), then renamed over path */
    int fd = -1;
    for (unsigned i = 0; fd < 0 && i < 100; i++) {
        snprintf(tmp, size, "%s.tmp.%ld.%u", path, (long)getpid(), i);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return io_error(err, path, "cannot create a temporary file beside it", e);
    }
    FILE *f = fdopen(fd, "w");
    int ok = f != NULL;
    if (!f)
        close(fd);
    if (ok && len > 0 && fwrite(data, 1, len, f) != len)
        ok = 0;
    /* on the disk before the rename, or a crash could leave an empty file */
    if (ok && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        ok = 0;
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        remove(tmp);
        free(tmp);
        return io_error(err, path, "cannot write it", e);
    }
    free(tmp);
    return MIP_OK;
}

/* Where to cut a file in two: the first line start at or after the middle
 * that is outside quotes, and the number of that line. -1: no cut (the file
 * is gzip-compressed, has lone CRs, or no such line). Reads the first half
 * once. */
int mip__csv_find_split(const char *path, uint64_t size, uint64_t *split, long *line)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    enum { BUF = 1 << 20 };
    char *buf = malloc(BUF);
    if (!buf) {
        fclose(fp);
        return -1;
    }
    uint64_t half = size / 2, at = 0;
    long newlines = 0;
    unsigned long quotes = 0;
    int found = 0, bad = 0;
    while (!found && !bad) {
        size_t got = fread(buf, 1, BUF, fp);
        if (got == 0)
            break;
        if (at == 0 && got >= 2 && (unsigned char)buf[0] == 0x1f &&
            (unsigned char)buf[1] == 0x8b)
            bad = 1;       /* offsets of a gzip file are not those of its text */
        size_t scan = got; /* the part before the middle: count only */
        if (at + got > half)
            scan = at < half ? (size_t)(half - at) : 0;
        for (const char *p = buf, *end = buf + scan; p < end;) {
            const char *q = memchr(p, '\n', (size_t)(end - p));
            if (!q)
                break;
            newlines++;
            p = q + 1;
        }
        for (const char *p = buf, *end = buf + scan; p < end;) {
            const char *q = memchr(p, '"', (size_t)(end - p));
            if (!q)
                break;
            quotes++;
            p = q + 1;
        }
        for (const char *p = buf, *end = buf + got; p < end;) {
            const char *q = memchr(p, '\r', (size_t)(end - p));
            if (!q)
                break;
            if (q + 1 >= end || q[1] != '\n') {
                bad = 1; /* lone CRs (or one at a buffer's end): not worth it */
                break;
            }
            p = q + 1;
        }
        /* from the middle on: the first newline outside quotes */
        for (size_t i = scan; i < got && !bad; i++) {
            if (buf[i] == '"') {
                quotes++;
            } else if (buf[i] == '\n') {
                newlines++;
                if (quotes % 2 == 0) {
                    *split = at + i + 1;
                    *line = newlines + 1;
                    found = 1;
                    break;
                }
            }
        }
        at += got;
    }
    free(buf);
    fclose(fp);
    return found && !bad && *split < size ? 0 : -1;
}

typedef struct half {
    mip__csv_reader_t rd;
    mip_error_t *err;
    int rc;
} half_t;

static void *read_half(void *arg)
{
    half_t *h = arg;
    h->rc = mip__csv_read(&h->rd, h->err);
    return NULL;
}

int mip__csv_read_split(const mip__csv_reader_t *rd, void *user2, const int *field_mode2,
                        mip_error_t *err2, uint64_t split_min, int *halves,
                        mip_error_t *err)
{
    struct stat sb;
    uint64_t split;
    long line;
    *halves = 0;
    if ((split_min > 1 && mip__cpus() < 2) || stat(rd->path, &sb) != 0 ||
        !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size < split_min ||
        mip__csv_find_split(rd->path, (uint64_t)sb.st_size, &split, &line) != 0)
        return mip__csv_read(rd, err);
    half_t h;
    h.rd = *rd;
    h.rd.user = user2;
    h.rd.field_mode = field_mode2;
    h.rd.progress = NULL;
    h.rd.data_start = split;
    h.rd.data_line = line;
    h.err = err2;
    h.rc = MIP_OK;
    mip__csv_reader_t first = *rd;
    first.data_end = split;
    pthread_t tid;
    if (pthread_create(&tid, NULL, read_half, &h) != 0)
        return mip__csv_read(rd, err);
    int rc = mip__csv_read(&first, err);
    pthread_join(tid, NULL);
    if (rc == MIP_OK && h.rc != MIP_OK) {
        if (err && err2)
            *err = *err2;
        rc = h.rc;
    }
    *halves = 1;
    return rc;
}
