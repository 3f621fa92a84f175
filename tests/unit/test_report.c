#include "testutil.h"
Test(report, placeholder) { cr_assert(1); }
