/*
 * testutil.h - helpers shared by the Criterion unit tests.
 */
#ifndef MIP_TESTUTIL_H
#define MIP_TESTUTIL_H

#include "mipricing.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of a file under tests/ of the source tree. */
static inline const char *test_path(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("MIP_TEST_SRCDIR");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests", rel);
    return buf;
}

/* The bundled catalogue (data/prices/aws.json), loaded once per test. */
static inline mip_catalog_t *test_catalog(void)
{
    char path[4096];
    mip_error_t err;
    mip_catalog_t *cat = NULL;
    cr_assert_eq(mip_catalog_default_path(NULL, path, sizeof path), MIP_OK);
    int rc = mip_catalog_load(path, &cat, &err);
    cr_assert_eq(rc, MIP_OK, "loading %s: %s", path, err.text);
    return cat;
}

/* |got - want| <= tol */
#define assert_near(got, want, tol)                                            \
    cr_assert(fabs((double)(got) - (double)(want)) <= (tol),                   \
              "%s = %.10g, want %.10g within %g", #got, (double)(got),         \
              (double)(want), (double)(tol))

#endif
