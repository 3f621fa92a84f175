/* AWS's first Lambda example with the installed library: prints 2.73. */
#include <mipricing.h>
#include <stdio.h>
int main(void) {
    char path[4096]; mip_catalog_t *cat; const mip_region_t *r; mip_bill_t bill; mip_error_t e;
    mip_lambda_workload_t w = MIP_LAMBDA_WORKLOAD_INIT; mip_lambda_options_t o = {1, 0.0};
    w.memory_mb = 1536; w.duration_ms = 120; w.requests = 3e6;
    if (mip_catalog_default_path(NULL, path, sizeof path) || mip_catalog_load(path, &cat, &e) ||
        mip_catalog_region(cat, "us-east-1", &r, &e) || mip_lambda_cost(r, &w, 1, &o, &bill, &e))
        return fprintf(stderr, "%s\n", e.text), 1;
    printf("%.2f\n", bill.total_usd); mip_catalog_free(cat); return 0; }
