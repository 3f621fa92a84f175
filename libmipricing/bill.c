/*
 * bill.c - the bill every pricing function returns: named lines and a total.
 */
#include "internal.h"

#include <string.h>

void mip_bill_init(mip_bill_t *bill)
{
    if (!bill)
        return;
    memset(bill, 0, sizeof *bill);
}

const mip_cost_line_t *mip_bill_line(const mip_bill_t *bill, const char *name)
{
    if (!bill || !name)
        return NULL;
    for (size_t i = 0; i < bill->n_lines; i++)
        if (strcmp(bill->lines[i].name, name) == 0)
            return &bill->lines[i];
    return NULL;
}

int mip__bill_add(mip_bill_t *bill, const char *name, double quantity, const char *unit,
                  double rate_usd, mip_error_t *err)
{
    if (bill->n_lines >= MIP_BILL_MAX_LINES)
        return mip__fail(err, MIP_ETOOMANY, "a bill holds at most %d lines",
                         MIP_BILL_MAX_LINES);
    mip_cost_line_t *l = &bill->lines[bill->n_lines++];
    mip__strlcpy(l->name, name, sizeof l->name);
    mip__strlcpy(l->unit, unit, sizeof l->unit);
    l->quantity = quantity;
    l->rate_usd = rate_usd;
    l->usd = quantity * rate_usd;
    return MIP_OK;
}

void mip__bill_total(mip_bill_t *bill)
{
    mip__sum_t s = MIP__SUM_INIT;
    for (size_t i = 0; i < bill->n_lines; i++)
        mip__sum_add(&s, bill->lines[i].usd);
    bill->total_usd = mip__sum_value(&s);
}

double mip__bill_usd_of(const mip_bill_t *bill, const char *prefix)
{
    size_t n = strlen(prefix);
    double s = 0.0;
    for (size_t i = 0; i < bill->n_lines; i++)
        if (strncmp(bill->lines[i].name, prefix, n) == 0)
            s += bill->lines[i].usd;
    return s;
}
