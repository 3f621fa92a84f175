/* cli.h - the calculator's core, built as a library so tests drive it. */
#ifndef MIP_CLI_H
#define MIP_CLI_H
#include "mipricing.h"
#include <stdio.h>
int mip_cli_main(int argc, char **argv, FILE *out, FILE *errs);
#endif
