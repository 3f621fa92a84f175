/*
 * fuzz_import.c - mip_catalog_import() on any bytes.
 *
 * Input: one option byte, then the offer file(s).
 *   bits 0-1: how many files (1 to 4), split at NUL bytes;
 *   bits 2-3: which regions to keep (all, us-east-1, ap-northeast-1 and
 *   us-east-1, a region no offer has).
 * What the importer writes must load as a catalogue.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t a = data[0];
    data++;
    size--;

    const uint8_t *part[4];
    size_t len[4];
    size_t n = fuzz_split(data, size, (size_t)(a & 3) + 1, part, len);
    char paths[4][1100];
    const char *files[4];
    static const char *const names[4] = {"a.csv", "b.csv", "c.csv", "d.csv"};
    for (size_t i = 0; i < n; i++) {
        fuzz_path(paths[i], sizeof paths[i], names[i]);
        fuzz_write(paths[i], part[i], len[i]);
        files[i] = paths[i];
    }
    static const char *const keep[][2] = {{NULL, NULL},
                                          {"us-east-1", NULL},
                                          {"ap-northeast-1", "us-east-1"},
                                          {"xx-nowhere-9", NULL}};
    static const size_t n_keep[] = {0, 1, 2, 1};
    size_t k = (a >> 2) & 3;

    char *json = NULL;
    mip_error_t e;
    mip_error_clear(&e);
    int rc =
        mip_catalog_import(files, n, n_keep[k] ? keep[k] : NULL, n_keep[k], &json, &e);
    fuzz_check_error(rc, &e);
    if (rc == MIP_OK) {
        mip_catalog_t *cat = NULL;
        mip_error_clear(&e);
        rc = mip_catalog_load_string(json, "<import>", &cat, &e);
        if (rc != MIP_OK) {
            fprintf(stderr, "the imported catalogue does not load: %s: %s\n%s\n",
                    mip_errname(rc), e.text, json);
            abort();
        }
        mip_catalog_free(cat);
    }
    mip_free(json);
    return 0;
}
