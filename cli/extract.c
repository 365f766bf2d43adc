/* extract.c — placeholder until the extract subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"

int cmd_extract(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "bwmigrate extract: not built yet\n");
	return BWM_EUSAGE;
}
