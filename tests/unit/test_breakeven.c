#include "testutil.h"
Test(breakeven, placeholder) { cr_assert(1); }
