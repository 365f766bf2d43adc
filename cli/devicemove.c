/*
 * devicemove.c — `bwmigrate devicemove --plan P --journal J -o DIR`: the
 * OCI-P files that move the loaded phones off BroadWorks, and back
 * (devicemove_run in load/devicemove.h, docs/devicemove.md).
 */
#include <limits.h>
#include <stdio.h>

#include "cli/cli.h"
#include "load/devicemove.h"

static const char usage[] =
	"usage: bwmigrate devicemove --plan FILE [--journal FILE] -o DIR [OPTIONS]\n"
	"\n"
	"Write the OCI-P requests that point the loaded phones at Webex\n"
	"(DIR/apply.xml) and their exact inverse from the values the export\n"
	"captured (DIR/rollback.xml), for an engineer to run on BroadWorks;\n"
	"bwmigrate never sends them. Only devices whose Webex side is done in\n"
	"the journal are written; DIR/devicemove.txt lists every device and why\n"
	"it was or was not. A file holds at most 15 requests (the OCI-P limit):\n"
	"more go in apply-2.xml, apply-3.xml ... (rollback likewise).\n"
	"\n"
	"      --plan FILE        the plan the load ran (required)\n"
	"      --journal FILE     its journal (default: the plan path + .journal)\n"
	"  -o, --output DIR       where the files go (created if missing; required)\n"
	"      --batch WAVE       only the devices of this wave\n"
	"      --inventory FILE   also the UC-One clients of this inventory whose\n"
	"                         users are done on Webex (they have no device entry)\n"
	"  -m, --mappings FILE    policy overrides on top of mappings/devicemove.json\n"
	"                         (repeatable; a section of a later file replaces the\n"
	"                         same section)\n"
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 every device written; 1 files written, but some devices\n"
	"were not (not done on the Webex side, or their change cannot be undone);\n"
	"2 usage; 3 plan, journal or mapping unreadable, or the journal is not\n"
	"the plan's; 5 DIR cannot be written.\n";

enum { OPT_PLAN = OPT_COMMON_LAST, OPT_JOURNAL, OPT_BATCH, OPT_INVENTORY };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "plan", required_argument, NULL, OPT_PLAN },
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "output", required_argument, NULL, 'o' },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "inventory", required_argument, NULL, OPT_INVENTORY },
	{ "mappings", required_argument, NULL, 'm' },
	{ NULL, 0, NULL, 0 }
};

#define MAX_MAPS 16

static void print_line(const char *text, void *ctx)
{
	(void)ctx;
	puts(text);
}

int cmd_devicemove(int argc, char **argv)
{
	struct cli_common c;
	struct devicemove_opts o = { 0 };
	const char *maps[MAX_MAPS];
	int opt;
	cli_common_init(&c);
	while ((opt = cli_next_option(&c, argc, argv, "qho:m:", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return BWM_OK;
		case OPT_PLAN: o.plan_path = optarg; break;
		case OPT_JOURNAL: o.journal_path = optarg; break;
		case OPT_BATCH: o.batch = optarg; break;
		case OPT_INVENTORY: o.inventory_path = optarg; break;
		case 'o': o.out_dir = optarg; break;
		case 'm':
			if (o.nextra_maps == MAX_MAPS)
				return cli_usage_error("devicemove", "at most %d -m files", MAX_MAPS);
			maps[o.nextra_maps++] = optarg;
			break;
		default: return cli_usage_error("devicemove", "unknown option");
		}
	}
	if (o.plan_path == NULL || o.out_dir == NULL || optind != argc)
		return cli_usage_error("devicemove", "give --plan FILE and -o DIR (and no other "
				       "arguments)");
	char path[PATH_MAX];
	o.map_path = cli_mapping_file("devicemove.json", path, sizeof path);
	o.extra_maps = maps;
	o.line = print_line;
	struct devicemove_summary s;
	struct bwm_error err = { 0, "" };
	int rc = devicemove_run(&o, &s, &err);
	if ((rc == BWM_OK || rc == BWM_EPARTIAL) && s.apply_files > 0)
		printf("to run on BroadWorks: %s/apply.xml%s; to undo: %s/rollback.xml%s\n",
		       o.out_dir, s.apply_files > 1 ? " and its further parts" : "", o.out_dir,
		       s.rollback_files > 1 ? " and its further parts" : "");
	else if (rc == BWM_OK || rc == BWM_EPARTIAL)
		printf("no device to move: no OCI-P file written (%s/devicemove.txt)\n",
		       o.out_dir);
	return rc == BWM_OK ? BWM_OK : cli_report(&c, &err);
}
