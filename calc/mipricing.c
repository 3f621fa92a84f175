/*
 * mipricing.c - the command-line calculator: hands argv to the CLI core.
 */
#include "cli.h"

#include <signal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    /* A file size limit (ulimit -f) makes a write fail with EFBIG, which the
     * writers report, removing their temporary file, instead of killing the
     * process with SIGXFSZ and leaving that file behind. */
    signal(SIGXFSZ, SIG_IGN);
    return mip_cli_main(argc, argv, stdout, stderr);
}
