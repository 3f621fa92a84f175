/* lambda_cost.c - placeholder */
#include "internal.h"
typedef int mip__placeholder_lambda_cost;
