/*
 * catalog.c - the price catalogue: load and strictly validate a JSON file
 * (schema in doc/catalog.md), copy it into C structures, look prices up.
 *
 * The json_t tree lives only while loading; the catalogue owns plain structs
 * and strdup'd strings and is read-only afterwards, so lookups may run in
 * many threads at once.
 */
#include "internal.h"

#include <ctype.h>
#include <fnmatch.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MIP_PKGDATADIR
#define MIP_PKGDATADIR "/usr/local/share/libmipricing"
#endif

#define CATALOG_SCHEMA_VERSION 1
#define CATALOG_FILE "prices/aws.json"
/* Longest region code or instance type name (fits MIP_NAME_LENGTH). */
#define MAX_NAME_LENGTH (MIP_NAME_LENGTH - 1)
/* Longest JSON path built while validating (err->text is shorter anyway). */
#define PATH_LENGTH 512
/* Suggestions in "did you mean" messages. */
#define MAX_SUGGESTIONS 3
#define MAX_SUGGESTION_DISTANCE 3

json_t *mip__json_string(const char *s)
{
    json_t *v = json_string(s);
    if (v || !s)
        return v;
    char *ascii = strdup(s);
    if (!ascii)
        return NULL;
    for (char *p = ascii; *p; p++)
        if ((unsigned char)*p > 0x7f)
            *p = '?';
    v = json_string(ascii);
    free(ascii);
    return v;
}

typedef struct cat_region {
    mip_region_t r;
    mip_instance_t *insts; /* sorted in family/size order */
    size_t n_insts;
} cat_region_t;

struct mip_catalog {
    char *version;
    cat_region_t *regions; /* sorted by code */
    size_t n_regions;
};

/* ------------------------------------------------------------------------ */
/* Instance type names: family and size                                     */

/* Size classes, in order: words (nano..large), xlarge and Nxlarge, metal and
 * metal-Nxl, anything else. */
enum { SIZE_WORD = 0, SIZE_XLARGE = 1, SIZE_METAL = 2, SIZE_OTHER = 3 };

typedef struct size_key {
    int cls;
    unsigned long n;
} size_key_t;

/* Parse a run of decimal digits without a leading zero; returns the number
 * of characters used (0 if none) and the value in *n (saturated). */
static size_t parse_count(const char *s, unsigned long *n)
{
    size_t i = 0;
    unsigned long v = 0;
    if (s[0] < '1' || s[0] > '9')
        return 0;
    while (s[i] >= '0' && s[i] <= '9') {
        if (v < 1000000UL)
            v = v * 10 + (unsigned long)(s[i] - '0');
        i++;
    }
    *n = v;
    return i;
}

static size_key_t size_key(const char *size)
{
    static const char *const words[] = {"nano", "micro", "small", "medium", "large"};
    size_key_t k = {SIZE_OTHER, 0};
    unsigned long n = 0;
    size_t d;

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(size, words[i]) == 0) {
            k.cls = SIZE_WORD;
            k.n = i;
            return k;
        }
    }
    if (strcmp(size, "xlarge") == 0) {
        k.cls = SIZE_XLARGE;
        k.n = 1;
    } else if ((d = parse_count(size, &n)) > 0 && strcmp(size + d, "xlarge") == 0) {
        k.cls = SIZE_XLARGE;
        k.n = n;
    } else if (strcmp(size, "metal") == 0) {
        k.cls = SIZE_METAL;
        k.n = 0;
    } else if (strncmp(size, "metal-", 6) == 0 && (d = parse_count(size + 6, &n)) > 0 &&
               strcmp(size + 6 + d, "xl") == 0) {
        k.cls = SIZE_METAL;
        k.n = n;
    }
    return k;
}

/* The size part of "family.size" ("" when there is no dot). */
static const char *type_size(const char *type, size_t *family_len)
{
    const char *dot = strchr(type, '.');
    if (!dot) {
        *family_len = strlen(type);
        return "";
    }
    *family_len = (size_t)(dot - type);
    return dot + 1;
}

static int compare_instances(const void *pa, const void *pb)
{
    const mip_instance_t *a = pa, *b = pb;
    size_t fa, fb;
    const char *sa = type_size(a->type, &fa), *sb = type_size(b->type, &fb);
    int c = memcmp(a->type, b->type, fa < fb ? fa : fb);
    if (c != 0)
        return c;
    if (fa != fb)
        return fa < fb ? -1 : 1;
    size_key_t ka = size_key(sa), kb = size_key(sb);
    if (ka.cls != kb.cls)
        return ka.cls < kb.cls ? -1 : 1;
    if (ka.n != kb.n)
        return ka.n < kb.n ? -1 : 1;
    if (a->vcpu != b->vcpu)
        return a->vcpu < b->vcpu ? -1 : 1;
    return strcmp(a->type, b->type);
}

static int compare_regions(const void *pa, const void *pb)
{
    const cat_region_t *a = pa, *b = pb;
    return strcmp(a->r.code, b->r.code);
}

int mip_instance_lmi_eligible(const char *type)
{
    size_t i = 1, family_len;
    if (!type || (type[0] != 'c' && type[0] != 'm' && type[0] != 'r'))
        return 0;
    const char *size = type_size(type, &family_len);
    /* family = [cmr][0-9]+[a-z]* */
    if (!isdigit((unsigned char)type[i]))
        return 0;
    while (isdigit((unsigned char)type[i]))
        i++;
    while (type[i] >= 'a' && type[i] <= 'z')
        i++;
    if (i != family_len || type[i] != '.')
        return 0;
    size_key_t k = size_key(size);
    if (k.cls == SIZE_XLARGE || k.cls == SIZE_METAL)
        return 1;
    /* words: index 4 is "large" */
    return type[0] != 'c' && k.cls == SIZE_WORD && k.n == 4;
}

/* ------------------------------------------------------------------------ */
/* Freeing                                                                   */

static void free_region(cat_region_t *cr)
{
    free((char *)cr->r.code);
    free((char *)cr->r.name);
    for (size_t i = 0; i < cr->n_insts; i++) {
        free((char *)cr->insts[i].type);
        free((char *)cr->insts[i].source);
    }
    free(cr->insts);
}

void mip_catalog_free(mip_catalog_t *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->n_regions; i++)
        free_region(&cat->regions[i]);
    free(cat->regions);
    free(cat->version);
    free(cat);
}

/* ------------------------------------------------------------------------ */
/* Validation helpers                                                        */

typedef struct load_ctx {
    mip_error_t *err;
    const char *source;
} load_ctx_t;

static int schema_error(const load_ctx_t *c, const char *path, const char *fmt, ...)
    MIP__PRINTF(3, 4);

static int schema_error(const load_ctx_t *c, const char *path, const char *fmt, ...)
{
    char msg[MIP_ERROR_TEXT_LENGTH];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mip__error_set(c->err, MIP_ESCHEMA, c->source, 0, 0, "%s: %s", path, msg);
}

static int oom(const load_ctx_t *c)
{
    return mip__error_set(c->err, MIP_ENOMEM, c->source, 0, 0,
                          "out of memory while loading the catalogue");
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; s[i]; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* dst = path + ".key" or path + "[\"key\"]" (escaped); cut if too long. */
static void path_key(char *dst, size_t size, const char *path, const char *key)
{
    size_t n = mip__strlcpy(dst, path, size);
    if (n >= size)
        return;
    if (is_identifier(key)) {
        snprintf(dst + n, size - n, ".%s", key);
        return;
    }
    char *p = dst + n, *end = dst + size - 1;
    const char *hex = "0123456789abcdef";
    if (p < end)
        *p++ = '[';
    if (p < end)
        *p++ = '"';
    for (const unsigned char *k = (const unsigned char *)key; *k && p < end; k++) {
        if (*k == '"' || *k == '\\') {
            if (end - p < 2)
                break;
            *p++ = '\\';
            *p++ = (char)*k;
        } else if (*k < 0x20) {
            if (end - p < 6)
                break;
            memcpy(p, "\\u00", 4);
            p[4] = hex[*k >> 4];
            p[5] = hex[*k & 15];
            p += 6;
        } else {
            *p++ = (char)*k;
        }
    }
    if (p < end)
        *p++ = '"';
    if (p < end)
        *p++ = ']';
    *p = '\0';
}

static void path_index(char *dst, size_t size, const char *path, size_t i)
{
    size_t n = mip__strlcpy(dst, path, size);
    if (n < size)
        snprintf(dst + n, size - n, "[%zu]", i);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
    default:
        return "null";
    }
}

/* Every key of obj must be one of keys[0..n); say which is not. */
static int check_keys(const load_ctx_t *c, const json_t *obj, const char *path,
                      const char *const *keys, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        size_t i, best = n, best_d = (size_t)-1;
        for (i = 0; i < n; i++) {
            if (strcmp(key, keys[i]) == 0)
                break;
            size_t d = mip__edit_distance(key, keys[i]);
            if (d < best_d) {
                best_d = d;
                best = i;
            }
        }
        if (i < n)
            continue;
        char sub[PATH_LENGTH], allowed[MIP_ERROR_TEXT_LENGTH];
        path_key(sub, sizeof sub, path, key);
        if (best < n && best_d <= 2)
            return schema_error(c, sub, "unknown key (did you mean %s?)", keys[best]);
        size_t len = 0;
        allowed[0] = '\0';
        for (i = 0; i < n && len < sizeof allowed; i++) {
            int w = snprintf(allowed + len, sizeof allowed - len, "%s%s", i ? ", " : "",
                             keys[i]);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        return schema_error(c, sub, "unknown key (allowed: %s)", allowed);
    }
    return MIP_OK;
}

/* The member key of obj, which must exist (unless optional) and have the
 * given type (JSON_INTEGER means any number). *out is NULL if absent. */
static int member(const load_ctx_t *c, const json_t *obj, const char *path,
                  const char *key, json_type type, int optional, json_t **out)
{
    json_t *v = json_object_get(obj, key);
    char sub[PATH_LENGTH];
    const char *want;
    *out = NULL;
    if (!v) {
        if (optional)
            return MIP_OK;
        path_key(sub, sizeof sub, path, key);
        return schema_error(c, sub, "missing");
    }
    switch (type) {
    case JSON_OBJECT:
        want = "an object";
        break;
    case JSON_ARRAY:
        want = "an array";
        break;
    case JSON_STRING:
        want = "a string";
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        want = "a boolean (true or false)";
        break;
    default:
        want = "a number";
        break;
    }
    int ok;
    if (type == JSON_INTEGER || type == JSON_REAL)
        ok = json_is_number(v);
    else if (type == JSON_TRUE || type == JSON_FALSE)
        ok = json_is_boolean(v);
    else
        ok = json_typeof(v) == type;
    if (!ok) {
        path_key(sub, sizeof sub, path, key);
        return schema_error(c, sub, "must be %s, not %s", want, type_name(v));
    }
    *out = v;
    return MIP_OK;
}

/* Constraints on numbers. */
enum { NUM_NONNEG, NUM_POSITIVE, NUM_FRACTION, NUM_WHOLE_POSITIVE };

static int check_number(const load_ctx_t *c, const char *path, double v, int rule)
{
    if (!isfinite(v))
        return schema_error(c, path, "must be a finite number");
    switch (rule) {
    case NUM_NONNEG:
        if (v < 0)
            return schema_error(c, path, "must be >= 0, not %.15g", v);
        break;
    case NUM_POSITIVE:
        if (v <= 0)
            return schema_error(c, path, "must be > 0, not %.15g", v);
        break;
    case NUM_FRACTION:
        if (v < 0 || v > 1)
            return schema_error(c, path, "must be between 0 and 1, not %.15g", v);
        break;
    case NUM_WHOLE_POSITIVE:
    default:
        if (v <= 0)
            return schema_error(c, path, "must be > 0, not %.15g", v);
        if (v != floor(v))
            return schema_error(c, path, "must be a whole number, not %.15g", v);
        break;
    }
    return MIP_OK;
}

static int get_number(const load_ctx_t *c, const json_t *obj, const char *path,
                      const char *key, int rule, double *out)
{
    json_t *v;
    char sub[PATH_LENGTH];
    int rc = member(c, obj, path, key, JSON_REAL, 0, &v);
    if (rc != MIP_OK)
        return rc;
    path_key(sub, sizeof sub, path, key);
    *out = json_number_value(v);
    return check_number(c, sub, *out, rule);
}

/* A required non-empty string. */
static int get_string(const load_ctx_t *c, const json_t *obj, const char *path,
                      const char *key, const char **out)
{
    json_t *v;
    int rc = member(c, obj, path, key, JSON_STRING, 0, &v);
    if (rc != MIP_OK)
        return rc;
    if (json_string_length(v) == 0) {
        char sub[PATH_LENGTH];
        path_key(sub, sizeof sub, path, key);
        return schema_error(c, sub, "must not be empty");
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        char sub[PATH_LENGTH];
        path_key(sub, sizeof sub, path, key);
        return schema_error(c, sub, "must not contain NUL characters");
    }
    *out = json_string_value(v);
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* The schema, level by level                                               */

static int load_tiers(const load_ctx_t *c, const json_t *rates, const char *path,
                      mip_lambda_arch_rates_t *out)
{
    static const char *const keys[] = {"up_to_gb_s", "usd_per_gb_s"};
    char tpath[PATH_LENGTH], epath[PATH_LENGTH], vpath[PATH_LENGTH];
    json_t *tiers, *t, *up;
    size_t i;
    int rc = member(c, rates, path, "duration_tiers", JSON_ARRAY, 0, &tiers);
    if (rc != MIP_OK)
        return rc;
    path_key(tpath, sizeof tpath, path, "duration_tiers");
    size_t n = json_array_size(tiers);
    if (n < 1 || n > MIP_MAX_TIERS)
        return schema_error(c, tpath, "must hold 1 to %d tiers, not %zu", MIP_MAX_TIERS,
                            n);
    out->n_tiers = n;
    json_array_foreach(tiers, i, t)
    {
        mip_tier_t *tier = &out->tiers[i];
        path_index(epath, sizeof epath, tpath, i);
        if (!json_is_object(t))
            return schema_error(c, epath, "must be an object, not %s", type_name(t));
        if ((rc = check_keys(c, t, epath, keys, 2)) != MIP_OK)
            return rc;
        rc = get_number(c, t, epath, "usd_per_gb_s", NUM_NONNEG, &tier->usd_per_gb_s);
        if (rc != MIP_OK)
            return rc;
        path_key(vpath, sizeof vpath, epath, "up_to_gb_s");
        up = json_object_get(t, "up_to_gb_s");
        if (!up)
            return schema_error(c, vpath, "missing (null for the last tier)");
        if (json_is_null(up)) {
            if (i + 1 < n)
                return schema_error(c, vpath,
                                    "only the last tier may be null (unbounded)");
            tier->up_to_gb_s = INFINITY;
            continue;
        }
        if (!json_is_number(up))
            return schema_error(c, vpath, "must be a number or null, not %s",
                                type_name(up));
        if (i + 1 == n)
            return schema_error(c, vpath,
                                "the last tier must be null (unbounded), not %.15g",
                                json_number_value(up));
        tier->up_to_gb_s = json_number_value(up);
        if ((rc = check_number(c, vpath, tier->up_to_gb_s, NUM_POSITIVE)) != MIP_OK)
            return rc;
        if (i > 0 && tier->up_to_gb_s <= out->tiers[i - 1].up_to_gb_s)
            return schema_error(c, vpath,
                                "must be greater than the previous tier's %.15g, "
                                "not %.15g",
                                out->tiers[i - 1].up_to_gb_s, tier->up_to_gb_s);
    }
    return MIP_OK;
}

static int load_arch_rates(const load_ctx_t *c, const json_t *lambda, const char *path,
                           const char *arch, mip_lambda_arch_rates_t *out)
{
    static const char *const keys[] = {"request_usd_per_million", "duration_tiers",
                                       "provisioned_concurrency_usd_per_gb_s",
                                       "provisioned_duration_usd_per_gb_s"};
    char apath[PATH_LENGTH];
    json_t *rates;
    int rc = member(c, lambda, path, arch, JSON_OBJECT, 0, &rates);
    if (rc != MIP_OK)
        return rc;
    path_key(apath, sizeof apath, path, arch);
    if ((rc = check_keys(c, rates, apath, keys, 4)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, rates, apath, "request_usd_per_million", NUM_NONNEG,
                         &out->request_usd_per_million)) != MIP_OK)
        return rc;
    if ((rc = load_tiers(c, rates, apath, out)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, rates, apath, "provisioned_concurrency_usd_per_gb_s",
                         NUM_NONNEG, &out->provisioned_concurrency_usd_per_gb_s)) !=
        MIP_OK)
        return rc;
    return get_number(c, rates, apath, "provisioned_duration_usd_per_gb_s", NUM_NONNEG,
                      &out->provisioned_duration_usd_per_gb_s);
}

static int load_lambda(const load_ctx_t *c, const json_t *reg, const char *path,
                       mip_region_t *r)
{
    static const char *const keys[] = {"x86_64", "arm64",
                                       "ephemeral_storage_usd_per_gb_s", "free_tier"};
    static const char *const free_keys[] = {"requests", "gb_s"};
    char lpath[PATH_LENGTH], fpath[PATH_LENGTH];
    json_t *lambda, *ft;
    int rc = member(c, reg, path, "lambda", JSON_OBJECT, 0, &lambda);
    if (rc != MIP_OK)
        return rc;
    path_key(lpath, sizeof lpath, path, "lambda");
    if ((rc = check_keys(c, lambda, lpath, keys, 4)) != MIP_OK)
        return rc;
    rc = load_arch_rates(c, lambda, lpath, "x86_64", &r->lambda[MIP_ARCH_X86_64]);
    if (rc != MIP_OK)
        return rc;
    rc = load_arch_rates(c, lambda, lpath, "arm64", &r->lambda[MIP_ARCH_ARM64]);
    if (rc != MIP_OK)
        return rc;
    if ((rc = get_number(c, lambda, lpath, "ephemeral_storage_usd_per_gb_s", NUM_NONNEG,
                         &r->ephemeral_usd_per_gb_s)) != MIP_OK)
        return rc;
    if ((rc = member(c, lambda, lpath, "free_tier", JSON_OBJECT, 0, &ft)) != MIP_OK)
        return rc;
    path_key(fpath, sizeof fpath, lpath, "free_tier");
    if ((rc = check_keys(c, ft, fpath, free_keys, 2)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, ft, fpath, "requests", NUM_NONNEG, &r->free_tier_requests)) !=
        MIP_OK)
        return rc;
    return get_number(c, ft, fpath, "gb_s", NUM_NONNEG, &r->free_tier_gb_s);
}

static int load_lmi(const load_ctx_t *c, const json_t *reg, const char *path,
                    mip_region_t *r)
{
    static const char *const keys[] = {"request_usd_per_million",
                                       "management_fee_fraction"};
    char lpath[PATH_LENGTH];
    json_t *lmi, *avail;
    int rc = member(c, reg, path, "lmi_available", JSON_TRUE, 0, &avail);
    if (rc != MIP_OK)
        return rc;
    r->lmi_available = json_is_true(avail);
    if ((rc = member(c, reg, path, "lmi", JSON_OBJECT, 0, &lmi)) != MIP_OK)
        return rc;
    path_key(lpath, sizeof lpath, path, "lmi");
    if ((rc = check_keys(c, lmi, lpath, keys, 2)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, lmi, lpath, "request_usd_per_million", NUM_NONNEG,
                         &r->lmi_request_usd_per_million)) != MIP_OK)
        return rc;
    return get_number(c, lmi, lpath, "management_fee_fraction", NUM_FRACTION,
                      &r->lmi_management_fee_fraction);
}

/* Instance type names: 1 to 63 of [a-z0-9-] and exactly one inner '.'. */
static int valid_type_name(const char *s)
{
    size_t n = strlen(s), dots = 0;
    if (n == 0 || n > MAX_NAME_LENGTH || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++;
        else if (!((s[i] >= 'a' && s[i] <= 'z') || isdigit((unsigned char)s[i]) ||
                   s[i] == '-'))
            return 0;
    }
    return dots == 1;
}

/* Region codes: 1 to 63 of [a-z0-9-]. */
static int valid_region_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_NAME_LENGTH)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || isdigit((unsigned char)s[i]) ||
              s[i] == '-'))
            return 0;
    return 1;
}

static int load_instance(const load_ctx_t *c, const char *type, const json_t *v,
                         const char *path, const char *region, mip_instance_t *out)
{
    static const char *const keys[] = {"vcpu", "memory_gib", "arch",
                                       "ondemand_usd_per_hour", "source"};
    const char *arch, *source;
    json_t *av;
    int rc;
    if (!valid_type_name(type))
        return schema_error(c, path,
                            "not an instance type name like \"m7g.xlarge\" (1 to %d "
                            "lowercase letters, digits and '-', one '.')",
                            MAX_NAME_LENGTH);
    if (!json_is_object(v))
        return schema_error(c, path, "must be an object, not %s", type_name(v));
    if ((rc = check_keys(c, v, path, keys, 5)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, v, path, "vcpu", NUM_WHOLE_POSITIVE, &out->vcpu)) != MIP_OK)
        return rc;
    if ((rc = get_number(c, v, path, "memory_gib", NUM_POSITIVE, &out->memory_gib)) !=
        MIP_OK)
        return rc;
    if ((rc = member(c, v, path, "arch", JSON_STRING, 0, &av)) != MIP_OK)
        return rc;
    arch = json_string_value(av);
    if (strcmp(arch, "x86_64") == 0) {
        out->arch = MIP_ARCH_X86_64;
    } else if (strcmp(arch, "arm64") == 0) {
        out->arch = MIP_ARCH_ARM64;
    } else {
        char sub[PATH_LENGTH];
        path_key(sub, sizeof sub, path, "arch");
        return schema_error(c, sub, "must be \"x86_64\" or \"arm64\", not \"%s\"", arch);
    }
    if ((rc = get_number(c, v, path, "ondemand_usd_per_hour", NUM_NONNEG,
                         &out->ondemand_usd_per_hour)) != MIP_OK)
        return rc;
    if ((rc = get_string(c, v, path, "source", &source)) != MIP_OK)
        return rc;
    out->region = region;
    out->type = dup_string(type);
    out->source = dup_string(source);
    if (!out->type || !out->source)
        return oom(c);
    return MIP_OK;
}

static int load_region(const load_ctx_t *c, const char *code, const json_t *reg,
                       const char *path, cat_region_t *cr)
{
    static const char *const keys[] = {"name",   "notes", "lmi_available",
                                       "lambda", "lmi",   "instances"};
    char ipath[PATH_LENGTH], sub[PATH_LENGTH];
    const char *name, *type;
    json_t *insts, *v;
    int rc;
    if (!valid_region_code(code))
        return schema_error(c, path,
                            "not a region code like \"us-east-1\" (1 to %d lowercase "
                            "letters, digits and '-')",
                            MAX_NAME_LENGTH);
    if (!json_is_object(reg))
        return schema_error(c, path, "must be an object, not %s", type_name(reg));
    if ((rc = check_keys(c, reg, path, keys, 6)) != MIP_OK)
        return rc;
    if ((rc = get_string(c, reg, path, "name", &name)) != MIP_OK)
        return rc;
    if ((rc = member(c, reg, path, "notes", JSON_STRING, 1, &v)) != MIP_OK)
        return rc;
    if ((rc = load_lmi(c, reg, path, &cr->r)) != MIP_OK)
        return rc;
    if ((rc = load_lambda(c, reg, path, &cr->r)) != MIP_OK)
        return rc;
    if ((rc = member(c, reg, path, "instances", JSON_OBJECT, 0, &insts)) != MIP_OK)
        return rc;
    path_key(ipath, sizeof ipath, path, "instances");

    cr->r.code = dup_string(code);
    cr->r.name = dup_string(name);
    if (!cr->r.code || !cr->r.name)
        return oom(c);
    size_t n = json_object_size(insts);
    if (n > 0) {
        cr->insts = calloc(n, sizeof cr->insts[0]);
        if (!cr->insts)
            return oom(c);
    }
    json_object_foreach(insts, type, v)
    {
        path_key(sub, sizeof sub, ipath, type);
        /* counted before filling so that a failure frees what was copied */
        mip_instance_t *inst = &cr->insts[cr->n_insts++];
        rc = load_instance(c, type, v, sub, cr->r.code, inst);
        if (rc != MIP_OK)
            return rc;
    }
    if (cr->n_insts > 1)
        qsort(cr->insts, cr->n_insts, sizeof cr->insts[0], compare_instances);
    return MIP_OK;
}

static int valid_date(const char *s)
{
    /* YYYY-MM-DD */
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int load_root(const load_ctx_t *c, const json_t *root, mip_catalog_t *cat)
{
    static const char *const keys[] = {"schema_version", "catalog_version", "currency",
                                       "description", "regions"};
    const char *version, *currency, *code;
    char sub[PATH_LENGTH];
    json_t *v, *regions, *reg;
    int rc;
    if (!json_is_object(root))
        return schema_error(c, "$", "must be an object, not %s", type_name(root));
    if ((rc = check_keys(c, root, "$", keys, 5)) != MIP_OK)
        return rc;

    if ((rc = member(c, root, "$", "schema_version", JSON_INTEGER, 0, &v)) != MIP_OK)
        return rc;
    if (!json_is_integer(v))
        return schema_error(c, "$.schema_version", "must be an integer, not %.15g",
                            json_number_value(v));
    if (json_integer_value(v) != CATALOG_SCHEMA_VERSION)
        return schema_error(c, "$.schema_version",
                            "unsupported version %" JSON_INTEGER_FORMAT
                            " (this library reads version %d)",
                            json_integer_value(v), CATALOG_SCHEMA_VERSION);

    if ((rc = get_string(c, root, "$", "catalog_version", &version)) != MIP_OK)
        return rc;
    if (!valid_date(version))
        return schema_error(c, "$.catalog_version",
                            "must be a date as YYYY-MM-DD, not \"%s\"", version);
    if ((rc = get_string(c, root, "$", "currency", &currency)) != MIP_OK)
        return rc;
    if (strcmp(currency, "USD") != 0)
        return schema_error(c, "$.currency", "must be \"USD\", not \"%s\"", currency);
    if ((rc = member(c, root, "$", "description", JSON_STRING, 1, &v)) != MIP_OK)
        return rc;

    if ((rc = member(c, root, "$", "regions", JSON_OBJECT, 0, &regions)) != MIP_OK)
        return rc;
    size_t n = json_object_size(regions);
    if (n == 0)
        return schema_error(c, "$.regions", "must hold at least one region");

    cat->version = dup_string(version);
    cat->regions = calloc(n, sizeof cat->regions[0]);
    if (!cat->version || !cat->regions)
        return oom(c);
    json_object_foreach(regions, code, reg)
    {
        path_key(sub, sizeof sub, "$.regions", code);
        cat_region_t *cr = &cat->regions[cat->n_regions++];
        if ((rc = load_region(c, code, reg, sub, cr)) != MIP_OK)
            return rc;
    }
    if (cat->n_regions > 1)
        qsort(cat->regions, cat->n_regions, sizeof cat->regions[0], compare_regions);
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

/* Turn a jansson load error into ours. */
static int json_failure(const json_error_t *jerr, const char *source, mip_error_t *err)
{
    long line = jerr->line > 0 ? jerr->line : 0;
    long column = jerr->column > 0 ? jerr->column : 0;
    switch (json_error_code(jerr)) {
    case json_error_out_of_memory:
        return mip__error_set(err, MIP_ENOMEM, source, 0, 0, "out of memory: %s",
                              jerr->text);
    case json_error_cannot_open_file:
        return mip__error_set(err, MIP_EIO, source, 0, 0, "%s", jerr->text);
    case json_error_duplicate_key: {
        /* jansson says: duplicate object key near '"vcpu"' */
        const char *key = strstr(jerr->text, "near '");
        size_t len = 0;
        if (key) {
            key += 6;
            len = strlen(key);
            if (len > 0 && key[len - 1] == '\'')
                len--;
        }
        return mip__error_set(err, MIP_ESCHEMA, source, line, column,
                              "duplicate key %.*s: a key may appear only once in an "
                              "object",
                              (int)(len < 200 ? len : 200), key ? key : "");
    }
    case json_error_premature_end_of_input:
        return mip__error_set(err, MIP_EPARSE, source, line, column,
                              "invalid JSON: %s (is the file truncated?)", jerr->text);
    default:
        return mip__error_set(err, MIP_EPARSE, source, line, column, "invalid JSON: %s",
                              jerr->text);
    }
}

/* Validate and copy root; takes no ownership of it. */
static int build(const json_t *root, const char *source, mip_catalog_t **out,
                 mip_error_t *err)
{
    load_ctx_t c = {err, source};
    mip_catalog_t *cat = calloc(1, sizeof *cat);
    if (!cat)
        return oom(&c);
    int rc = load_root(&c, root, cat);
    if (rc != MIP_OK) {
        mip_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return MIP_OK;
}

int mip_catalog_load(const char *path, mip_catalog_t **out, mip_error_t *err)
{
    json_error_t jerr;
    mip_error_clear(err);
    if (out)
        *out = NULL;
    if (!path || !out)
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_load: path and out must not be "
                         "NULL");
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return json_failure(&jerr, path, err);
    int rc = build(root, path, out, err);
    json_decref(root);
    return rc;
}

int mip_catalog_load_string(const char *json, const char *source_name,
                            mip_catalog_t **out, mip_error_t *err)
{
    json_error_t jerr;
    const char *source = source_name ? source_name : "<string>";
    mip_error_clear(err);
    if (out)
        *out = NULL;
    if (!json || !out)
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_load_string: json and out must not be NULL");
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return json_failure(&jerr, source, err);
    int rc = build(root, source, out, err);
    json_decref(root);
    return rc;
}

int mip_catalog_default_path(const char *data_dir, char *buf, size_t size)
{
    if (!buf || size == 0)
        return MIP_EINVAL;
    const char *dir = data_dir;
    if (!dir || !*dir)
        dir = getenv("MIPRICING_DATA_DIR");
    if (!dir || !*dir)
        dir = MIP_PKGDATADIR;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    if (len > (size_t)0x7fffffff) {
        buf[0] = '\0';
        return MIP_ERANGE;
    }
    const char *sep = dir[len - 1] == '/' ? "" : "/";
    int n = snprintf(buf, size, "%.*s%s%s", (int)len, dir, sep, CATALOG_FILE);
    if (n < 0 || (size_t)n >= size)
        return MIP_ERANGE;
    return MIP_OK;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */

const char *mip_catalog_version(const mip_catalog_t *cat)
{
    return cat && cat->version ? cat->version : "";
}

size_t mip_catalog_region_count(const mip_catalog_t *cat)
{
    return cat ? cat->n_regions : 0;
}

const mip_region_t *mip_catalog_region_at(const mip_catalog_t *cat, size_t i)
{
    if (!cat || i >= cat->n_regions)
        return NULL;
    return &cat->regions[i].r;
}

typedef const char *(*name_at_fn)(const void *items, size_t i);

static const char *region_name_at(const void *items, size_t i)
{
    return ((const cat_region_t *)items)[i].r.code;
}

static const char *instance_name_at(const void *items, size_t i)
{
    return ((const mip_instance_t *)items)[i].type;
}

/* Write into buf "did you mean a, b or c?" with the names closest to query
 * (case-insensitively; up to 3 at the same, smallest distance, at most 3
 * edits away); "" if none is close. */
static void suggest(char *buf, size_t size, const char *query, const void *items,
                    size_t n, name_at_fn name_at)
{
    char lower[MAX_NAME_LENGTH + 1];
    size_t best[MAX_SUGGESTIONS], best_d[MAX_SUGGESTIONS], k = 0;
    size_t i, j;
    for (i = 0; query[i] && i < MAX_NAME_LENGTH; i++)
        lower[i] = (char)tolower((unsigned char)query[i]);
    lower[i] = '\0';
    buf[0] = '\0';
    if (query[i]) /* longer than any name */
        return;
    for (i = 0; i < n; i++) {
        size_t d = mip__edit_distance(lower, name_at(items, i));
        if (d > MAX_SUGGESTION_DISTANCE)
            continue;
        /* insertion into the sorted best list; ties keep catalogue order */
        for (j = k; j > 0 && best_d[j - 1] > d; j--) {
            if (j < MAX_SUGGESTIONS) {
                best[j] = best[j - 1];
                best_d[j] = best_d[j - 1];
            }
        }
        if (j < MAX_SUGGESTIONS) {
            best[j] = i;
            best_d[j] = d;
            if (k < MAX_SUGGESTIONS)
                k++;
        }
    }
    /* only the closest: one typo should not list every near name */
    while (k > 1 && best_d[k - 1] > best_d[0])
        k--;
    if (k == 0)
        return;
    size_t len = (size_t)snprintf(buf, size, "did you mean ");
    for (j = 0; j < k && len < size; j++) {
        const char *sep = j == 0 ? "" : j + 1 == k ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, name_at(items, best[j]));
        if (w < 0)
            return;
        len += (size_t)w;
    }
    if (len < size)
        snprintf(buf + len, size - len, "?");
}

/* Write into buf "a, b, c" (all names); 0 if they do not all fit. */
static int list_names(char *buf, size_t size, const void *items, size_t n,
                      name_at_fn name_at)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name_at(items, i));
        if (w < 0 || (size_t)w >= size - len)
            return 0;
        len += (size_t)w;
    }
    return 1;
}

static const cat_region_t *find_region(const mip_catalog_t *cat, const char *code)
{
    size_t lo = 0, hi = cat->n_regions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, cat->regions[mid].r.code);
        if (c == 0)
            return &cat->regions[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The region, or MIP_ENOTFOUND with suggestions. */
static int lookup_region(const mip_catalog_t *cat, const char *code,
                         const cat_region_t **out, mip_error_t *err)
{
    char hint[200];
    *out = find_region(cat, code);
    if (*out)
        return MIP_OK;
    suggest(hint, sizeof hint, code, cat->regions, cat->n_regions, region_name_at);
    if (hint[0])
        return mip__fail(err, MIP_ENOTFOUND, "unknown region '%s' (%s)", code, hint);
    if (list_names(hint, sizeof hint, cat->regions, cat->n_regions, region_name_at))
        return mip__fail(err, MIP_ENOTFOUND, "unknown region '%s' (known regions: %s)",
                         code, hint);
    return mip__fail(err, MIP_ENOTFOUND,
                     "unknown region '%s' (none of the %zu known "
                     "regions is close)",
                     code, cat->n_regions);
}

int mip_catalog_region(const mip_catalog_t *cat, const char *code,
                       const mip_region_t **out, mip_error_t *err)
{
    const cat_region_t *cr;
    mip_error_clear(err);
    if (out)
        *out = NULL;
    if (!cat || !code || !out)
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_region: cat, code and out must not be NULL");
    int rc = lookup_region(cat, code, &cr, err);
    if (rc != MIP_OK)
        return rc;
    *out = &cr->r;
    return MIP_OK;
}

int mip_catalog_instance(const mip_catalog_t *cat, const char *region, const char *type,
                         const mip_instance_t **out, mip_error_t *err)
{
    const cat_region_t *cr;
    char hint[200];
    mip_error_clear(err);
    if (out)
        *out = NULL;
    if (!cat || !region || !type || !out)
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_instance: cat, region, type and out must not be "
                         "NULL");
    int rc = lookup_region(cat, region, &cr, err);
    if (rc != MIP_OK)
        return rc;
    for (size_t i = 0; i < cr->n_insts; i++) {
        if (strcmp(cr->insts[i].type, type) == 0) {
            *out = &cr->insts[i];
            return MIP_OK;
        }
    }
    suggest(hint, sizeof hint, type, cr->insts, cr->n_insts, instance_name_at);
    if (hint[0])
        return mip__fail(err, MIP_ENOTFOUND, "unknown instance type '%s' in %s (%s)",
                         type, cr->r.code, hint);
    if (cr->n_insts == 0)
        return mip__fail(err, MIP_ENOTFOUND,
                         "unknown instance type '%s' in %s (the catalogue has no "
                         "instance type there)",
                         type, cr->r.code);
    if (list_names(hint, sizeof hint, cr->insts, cr->n_insts, instance_name_at))
        return mip__fail(err, MIP_ENOTFOUND,
                         "unknown instance type '%s' in %s (known types: %s)", type,
                         cr->r.code, hint);
    return mip__fail(err, MIP_ENOTFOUND,
                     "unknown instance type '%s' in %s (none of its %zu types is close)",
                     type, cr->r.code, cr->n_insts);
}

/* Does type match one of the comma-separated shell patterns? Spaces around
 * patterns are ignored, and so are empty ones; a list of none matches all. */
static int match_patterns(const char *patterns, const char *type)
{
    char one[256];
    int any = 0;
    const char *p = patterns;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        p = *end ? end + 1 : end;
        if (a == b)
            continue;
        any = 1;
        /* checked by the caller: every pattern fits */
        memcpy(one, a, (size_t)(b - a));
        one[b - a] = '\0';
        if (fnmatch(one, type, 0) == 0)
            return 1;
    }
    return !any;
}

static int check_patterns(const char *patterns, mip_error_t *err)
{
    const char *p = patterns;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len >= 256)
            return mip__fail(err, MIP_EINVAL,
                             "instance type pattern too long (%zu characters, at most "
                             "255)",
                             len);
        p += len;
        if (*p)
            p++;
    }
    return MIP_OK;
}

long mip_catalog_instances(const mip_catalog_t *cat, const char *region,
                           const mip_instance_filter_t *filter,
                           const mip_instance_t **out, size_t cap, mip_error_t *err)
{
    const cat_region_t *cr;
    mip_instance_filter_t all = MIP_INSTANCE_FILTER_INIT;
    mip_error_clear(err);
    if (!cat || !region || (!out && cap > 0))
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_instances: cat and region must not be NULL, nor "
                         "out when cap > 0");
    if (!filter)
        filter = &all;
    if (filter->arch < -1 || filter->arch >= MIP_ARCH_COUNT)
        return mip__fail(err, MIP_EINVAL,
                         "mip_catalog_instances: arch must be -1 (any) or a "
                         "mip_arch_t, not %d",
                         filter->arch);
    if (filter->pattern) {
        int rc = check_patterns(filter->pattern, err);
        if (rc != MIP_OK)
            return rc;
    }
    int rc = lookup_region(cat, region, &cr, err);
    if (rc != MIP_OK)
        return rc;
    long total = 0;
    for (size_t i = 0; i < cr->n_insts; i++) {
        const mip_instance_t *inst = &cr->insts[i];
        if (filter->arch >= 0 && (int)inst->arch != filter->arch)
            continue;
        if (filter->lmi_only && !mip_instance_lmi_eligible(inst->type))
            continue;
        if (filter->pattern && !match_patterns(filter->pattern, inst->type))
            continue;
        if ((size_t)total < cap)
            out[total] = inst;
        total++;
    }
    return total;
}
