/*
 * fuzz.h - what the fuzz harnesses share: a scratch directory for the files
 * the readers take by path, and splitting an input at NUL bytes.
 *
 * Every harness defines LLVMFuzzerTestOneInput(); clang links it with
 * libFuzzer (make fuzz), gcc with replay.c (make check replays tests/fuzz/).
 */
#ifndef MIP_FUZZ_H
#define MIP_FUZZ_H

#include "mipricing.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Remove path and, if it is a directory, everything under it. */
static inline void fuzz_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                    continue;
                char sub[4096];
                if (snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) <
                    (int)sizeof sub)
                    fuzz_remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char fuzz_scratch_dir[1024];

static inline void fuzz_scratch_cleanup(void) { fuzz_remove_tree(fuzz_scratch_dir); }

/* Remove the scratch directories of harnesses that are gone: libFuzzer
 * leaves by _Exit() after a finding or -max_total_time, past atexit(). */
static inline void fuzz_scratch_sweep(const char *base)
{
    DIR *d = opendir(base);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        long pid = 0;
        if (strncmp(de->d_name, "mipfuzz.", 8) != 0 ||
            sscanf(de->d_name + 8, "%ld.", &pid) != 1 || pid <= 0 ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", base, de->d_name) < (int)sizeof path)
            fuzz_remove_tree(path);
    }
    closedir(d);
}

/* A private directory, made once (in /dev/shm when there is one, else
 * $TMPDIR or /tmp) and removed at exit, or by the next harness to start
 * when it was left behind. */
static inline const char *fuzz_scratch(void)
{
    if (fuzz_scratch_dir[0])
        return fuzz_scratch_dir;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
        access("/dev/shm", W_OK) == 0)
        base = "/dev/shm";
    if (!base || !base[0])
        base = "/tmp";
    fuzz_scratch_sweep(base);
    snprintf(fuzz_scratch_dir, sizeof fuzz_scratch_dir, "%s/mipfuzz.%ld.XXXXXX", base,
             (long)getpid());
    if (!mkdtemp(fuzz_scratch_dir)) {
        perror("mkdtemp");
        abort();
    }
    atexit(fuzz_scratch_cleanup);
    return fuzz_scratch_dir;
}

/* buf = <scratch>/name */
static inline void fuzz_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", fuzz_scratch(), name);
}

/* Write n bytes to path; aborts on failure (the harness is broken, not the
 * library). */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n > 0 && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* Split data at NUL bytes into at most max parts (the last part keeps any
 * further NULs). Returns the number of parts. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, size_t max,
                                const uint8_t **part, size_t *len)
{
    size_t n = 0;
    while (n + 1 < max) {
        const uint8_t *z = memchr(data, 0, size);
        if (!z)
            break;
        part[n] = data;
        len[n] = (size_t)(z - data);
        n++;
        size -= len[n - 1] + 1;
        data = z + 1;
    }
    part[n] = data;
    len[n] = size;
    return n + 1;
}

/* A failed call must say what failed: the code it returns, and a text. And
 * it is not out of memory: under the fuzzer an allocation never fails (it
 * aborts beyond -rss_limit_mb), so MIP_ENOMEM would be a wrong diagnosis. */
static inline void fuzz_check_error(int rc, const mip_error_t *e)
{
    if (rc != MIP_OK && (e->code != rc || e->text[0] == '\0' || rc == MIP_ENOMEM)) {
        fprintf(stderr, "error %s without a matching mip_error_t (code %d, text '%s')\n",
                mip_errname(rc), e->code, e->text);
        abort();
    }
}

#endif
