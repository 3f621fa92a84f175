#include "testutil.h"
Test(capacity, placeholder) { cr_assert(1); }
