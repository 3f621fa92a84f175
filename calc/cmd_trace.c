/* placeholder */
#include "cli.h"
typedef int mip__placeholder_cmd_trace;
