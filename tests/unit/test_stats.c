#include "testutil.h"
Test(stats, placeholder) { cr_assert(1); }
