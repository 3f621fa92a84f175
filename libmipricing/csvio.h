/*
 * csvio.h - streaming CSV on libcsv with exact line and column numbers.
 * Private to libmipricing (not installed).
 *
 * The file is read in 64 KiB chunks and fed to libcsv (strict mode). Each
 * non-empty row is handed to a callback as an array of counted,
 * NUL-terminated fields together with the line it starts on (1-based;
 * newlines inside quoted fields are counted, a CRLF counts once). The first
 * non-empty row is the header. A UTF-8 BOM is skipped; blank rows are
 * skipped. The fields are valid only during the callback. For speed, data
 * rows can instead be taken field by field (field mode, below).
 */
#ifndef MIP_CSVIO_H
#define MIP_CSVIO_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

/* One field of a row: s[len] is '\0'. */
typedef struct mip__csv_field {
    const char *s;
    size_t len;
} mip__csv_field_t;

typedef struct mip__csv_row {
    const mip__csv_field_t *f;
    size_t n;     /* fields */
    long line;    /* first line of the row, 1-based */
    size_t index; /* 0 for the header, then 1, 2, ... for data rows */
} mip__csv_row_t;

/* Return MIP_OK to go on; anything else stops reading and becomes the
 * result of mip__csv_read (the callback records the error itself). */
typedef int (*mip__csv_row_fn)(void *user, const mip__csv_row_t *row);

/* Field mode: data fields one by one, straight from libcsv's buffer (no
 * copy); s[len] is '\0'. index is 0-based; line is the row's first line. */
typedef int (*mip__csv_field_fn)(void *user, size_t index, const char *s, size_t len,
                                 long line);
/* Field mode: the end of a non-empty data row of n fields. */
typedef int (*mip__csv_end_fn)(void *user, size_t n, long line);

typedef struct mip__csv_reader {
    const char *path;       /* opened with fopen(path, "rb") */
    mip__csv_row_fn header; /* the first non-empty row */
    mip__csv_row_fn row;    /* every other non-empty row (row mode) */
    void *user;
    /* Field mode (optional): when field, row_end and field_mode are set and
     * *field_mode is non-zero after the header callback returns, data rows go
     * to field and row_end instead of row: no copy of the fields is made. An
     * empty row is skipped as in row mode. */
    mip__csv_field_fn field;
    mip__csv_end_fn row_end;
    const int *field_mode;
    /* Called about every MiB read and once at the end; may be NULL. */
    void (*progress)(void *user, const char *path, double bytes_read, double bytes_total);
    void *progress_user;
    /* Part of a file, for reading it on several threads. The header is read
     * from the top as always; then, with data_start > 0, data rows start at
     * byte data_start (the start of a line outside quotes, whose number is
     * data_line); with data_end > 0 they stop at byte data_end (the start of
     * a line). */
    uint64_t data_start;
    long data_line;
    uint64_t data_end;
} mip__csv_reader_t;

/* Read a whole file. Errors recorded here (source = path):
 *   MIP_EIO     the file cannot be opened or read;
 *   MIP_EPARSE  "empty file" (no non-empty row), "no data rows" (a header
 *               only; line of the header), CSV syntax (line and byte column
 *               of the bad byte), an unterminated quoted field (line of its
 *               row, column = the field's number);
 *   MIP_ENOMEM.
 * Otherwise the first non-MIP_OK value a callback returned. */
int mip__csv_read(const mip__csv_reader_t *rd, mip_error_t *err);

/* Where to cut a file in two for reading on two threads: the first line
 * start at or after the middle that is outside quotes (*split, a byte
 * offset) and that line's number (*line). -1: no cut (the file cannot be
 * opened, is gzip-compressed, has lone CRs, or has no such line). */
int mip__csv_find_split(const char *path, uint64_t size, uint64_t *split, long *line);
/* Files of this size or more are read on two threads, where there are two
 * CPUs. */
#define MIP__SPLIT_MIN ((uint64_t)16 << 20)

/* Read rd's file, on two threads where it pays: a plain file of split_min
 * bytes or more, with two CPUs, is cut at a line start near its middle;
 * rd reads the data rows before the cut, and a copy of rd with user2 and
 * field_mode2 (a second accumulator; callbacks and the rest the same) those
 * after it on a thread of its own, recording its errors in *err2. The
 * status is the first half's, else the second's (copied into err). *halves
 * is 1 when the file was cut: the caller then folds the second accumulator
 * into the first (after the first, so that rows keep their order).
 * split_min 1 (tests) cuts any file that can be cut, even on one CPU. */
int mip__csv_read_split(const mip__csv_reader_t *rd, void *user2, const int *field_mode2,
                        mip_error_t *err2, uint64_t split_min, int *halves,
                        mip_error_t *err);

/* Normalise a column name for comparison: lower case, without ' ', '_', '-',
 * '(' and ')'. Writes at most size-1 characters and a '\0'. */
void mip__csv_norm_name(const char *s, size_t len, char *out, size_t size);

/* The index of the first header field whose normalised name equals the
 * normalised name, or -1. */
long mip__csv_find(const mip__csv_row_t *header, const char *name);

/* "a, b, c": the header's fields, for messages (truncated with "..."). */
void mip__csv_header_list(const mip__csv_row_t *header, char *out, size_t size);

/* Why a data row is bad, before the reader knows its line. */
typedef struct mip__csv_fail {
    int code;
    long col; /* 1-based field, 0 when the row as a whole */
    char text[MIP_ERROR_TEXT_LENGTH];
} mip__csv_fail_t;

/* Fill rf and return code. */
int mip__csv_fail_at(mip__csv_fail_t *rf, int code, long col, const char *fmt, ...)
    MIP__PRINTF(4, 5);

/* A bad row at line of path: the error (in err, returned) unless skip, when
 * it is counted in *skipped and its reason, "path:line:col: text", kept in
 * reasons[*n_reasons] while fewer than max are kept. Running out of memory
 * is never skipped. */
int mip__csv_bad_row(const mip__csv_fail_t *rf, const char *path, long line, int skip,
                     mip_error_t *err, char (*reasons)[MIP_ERROR_TEXT_LENGTH], size_t max,
                     size_t *n_reasons, size_t *skipped);

#endif /* MIP_CSVIO_H */
