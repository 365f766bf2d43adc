/* status.c — placeholder until the status subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate status: not built yet\n");
	return BWM_EUSAGE;
}
