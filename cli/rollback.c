/* rollback.c — placeholder until the rollback subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_rollback(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate rollback: not built yet\n");
	return BWM_EUSAGE;
}
