#include "testutil.h"
Test(catalog, placeholder) { cr_assert(1); }
