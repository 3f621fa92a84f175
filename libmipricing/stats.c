/* stats.c - placeholder */
#include "internal.h"
typedef int mip__placeholder_stats;
