#include "testutil.h"
Test(lambda_cost, placeholder) { cr_assert(1); }
