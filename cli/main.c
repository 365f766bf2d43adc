/*
 * main.c — the dispatcher: find the subcommand in the table and hand it
 * argc/argv. Everything else lives in one file per subcommand.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#ifdef BWM_MIMALLOC
#include <mimalloc.h>
#endif

#ifndef BWM_VERSION
#define BWM_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "extract", cmd_extract, "read BroadWorks OCI-P export bundles into an inventory" },
	{ "transform", cmd_transform, "map an inventory to a Wholesale plan and validation report" },
	{ "load", cmd_load, "provision a plan (or --dry-run / --precheck it), resumably" },
	{ "status", cmd_status, "show what a load journal holds" },
	{ "rollback", cmd_rollback, "delete what a load journal created" },
	{ "verify", cmd_verify, "read back what a load created and compare it with the plan" },
	{ "cutover", cmd_cutover, "run one wave unattended: precheck, load, verify, device move" },
	{ "devicemove", cmd_devicemove, "write the BroadWorks requests that move loaded phones" },
	{ "sandbox", cmd_sandbox, "run a local Wholesale API stand-in for rehearsals" },
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: bwmigrate COMMAND [OPTIONS] [ARGS]\n\n"
		    "Migrate BroadWorks enterprises onto Webex Wholesale.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nRun 'bwmigrate COMMAND --help' for the options of one command.\n"
		    "Pipeline: extract -> transform -> load; see docs/guide.md.\n");
}

/* What goes to stdout (plans, summaries, status tables, --help) is buffered:
 * a full disk or a closed pipe shows only when it is flushed. As git does,
 * flush before exiting and turn a failure into an error, so that a
 * `bwmigrate status >file` on a full disk does not exit 0. */
static int flush_stdout(int rc)
{
	int bad = fflush(stdout) != 0;
	int saved = errno;
	if (!bad && !ferror(stdout))
		return rc;
	if (rc != BWM_OK && rc != BWM_EPARTIAL)
		return rc;   /* the command failed already and said why */
	fprintf(stderr, "bwmigrate: error: cannot write to standard output%s%s\n",
		bad ? ": " : "", bad ? strerror(saved) : "");
	return BWM_EINTERNAL;
}

static int run(int argc, char **argv)
{
	/* Inventories, plans, reports, journals and the sandbox state hold
	 * names, e-mails and numbers (personal data): whatever the caller's
	 * umask, nothing this process creates is readable by group or others
	 * (docs/security.md). */
	umask(umask(077) | 077);
	if (argc < 2) {
		usage(stderr);
		return BWM_EUSAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return BWM_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("bwmigrate %s\n", BWM_VERSION);
		return BWM_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "bwmigrate: '%s' is not a command.\n\n", name);
	usage(stderr);
	return BWM_EUSAGE;
}

int main(int argc, char **argv)
{
#ifdef BWM_MIMALLOC
	/* Keep freed pages: a transform frees an enterprise's records and
	 * builds the next one's at once, and handing the pages back to the
	 * kernel made it fault them in again (40,000 page faults on 100k users
	 * against glibc's 31,000 and these options' 23,000; a fault is dear in
	 * a VM). The peak is what it was: the pages are reused, not added to.
	 * The delays matter too: pages already queued for decommit are handed
	 * back after the delay, whatever the switch says later. */
	mi_option_disable(mi_option_allow_decommit);
	mi_option_set(mi_option_decommit_delay, 1000000);
	mi_option_set(mi_option_segment_decommit_delay, 1000000);
#endif
	return flush_stdout(run(argc, argv));
}
