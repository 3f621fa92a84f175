#include "testutil.h"
Test(trace, placeholder) { cr_assert(1); }
