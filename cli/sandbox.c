/* sandbox.c — placeholder until the sandbox subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_sandbox(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate sandbox: not built yet\n");
	return BWM_EUSAGE;
}
