/* load.c — placeholder until the load subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_load(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate load: not built yet\n");
	return BWM_EUSAGE;
}
