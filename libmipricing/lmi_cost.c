/* lmi_cost.c - placeholder */
#include "internal.h"
typedef int mip__placeholder_lmi_cost;
