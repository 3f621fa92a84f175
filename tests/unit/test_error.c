#include "testutil.h"
Test(error, placeholder) { cr_assert(1); }
