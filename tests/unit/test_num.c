#include "testutil.h"
Test(num, placeholder) { cr_assert(1); }
