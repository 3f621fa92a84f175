/*
 * mipricing.c - the command-line calculator: hands argv to the CLI core.
 */
#include "cli.h"

#include <stdio.h>

int main(int argc, char **argv) { return mip_cli_main(argc, argv, stdout, stderr); }
