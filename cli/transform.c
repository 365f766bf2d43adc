/* transform.c — placeholder until the transform subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_transform(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate transform: not built yet\n");
	return BWM_EUSAGE;
}
