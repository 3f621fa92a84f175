#include "testutil.h"
Test(sim, placeholder) { cr_assert(1); }
