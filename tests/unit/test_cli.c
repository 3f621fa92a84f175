#include "testutil.h"
Test(cli, placeholder) { cr_assert(1); }
