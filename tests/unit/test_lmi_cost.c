#include "testutil.h"
Test(lmi_cost, placeholder) { cr_assert(1); }
