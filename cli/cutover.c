/*
 * cutover.c — `bwmigrate cutover --batch W [OPTIONS] plan.jsonl`: one wave
 * from a scheduler, precheck → load → verify → devicemove, each step's exit
 * status distinct; see load_cutover in load/load.h and docs/guide.md.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "load/load.h"

/* Set by the signal handler, read by the steps: finish in flight, then stop. */
static volatile sig_atomic_t cutover_stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	cutover_stop_flag = 1;
}

static const char usage[] =
	"usage: bwmigrate cutover --batch WAVE [OPTIONS] plan.jsonl\n"
	"\n"
	"Run one wave unattended: precheck, load, verify, and the device move\n"
	"when the plan has devices (the OCI-P files for BroadWorks, written and\n"
	"never sent), stopping at the first step that fails. Each\n"
	"step is recorded in the journal: after a crash or kill, run the same\n"
	"command to continue where it stopped. One cutover of a wave at a time.\n"
	"The token comes from WEBEX_TOKEN or --token-file.\n"
	"\n"
	"      --batch WAVE       the wave to cut over (required)\n"
	"      --journal FILE|URL journal (default: BWM_JOURNAL_URL, else the plan path\n"
	"                         + .journal); a postgresql:// URL is a shared journal:\n"
	"                         the load step is one worker among those of other\n"
	"                         hosts, the report lists every worker\n"
	"      --credentials FILE SIP passwords of customer-managed phones, mode 0600\n"
	"                         (default: the journal path + .credentials)\n"
	"      --until STEP       stop after precheck, load, verify or devicemove\n"
	"      --report DIR       cutover.html, cutover.json, and each step's report\n"
	"                         in DIR/precheck, DIR/load, DIR/verify; the device\n"
	"                         move files in DIR/devicemove (without --report:\n"
	"                         JOURNAL.WAVE.devicemove)\n"
	"  -m, --mappings FILE    device move policy overrides on top of\n"
	"                         mappings/devicemove.json (repeatable)\n"
	"      --inventory FILE   the device move also writes the UC-One clients of\n"
	"                         this inventory whose users are done on Webex\n"
	"      --retry-failed     the load re-queues entries that failed for a\n"
	"                         retryable reason\n"
	"  -j, --jobs N           requests in flight at most (default 8)\n"
	"      --rate N           at most N requests per second (default: no cap)\n"
	"      --api URL          API base (default https://webexapis.com/v1)\n"
	"      --token-file FILE  read the token from FILE instead of WEBEX_TOKEN\n"
	"      --ca-file FILE     extra CA certificates for TLS verification\n"
	"      --max-attempts N   sends per entry before it fails (default 6)\n"
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 the wave is loaded and verified; 10 precheck refused\n"
	"entries; 11 the load left entries failed, skipped or waiting; 12 verify\n"
	"found differences; 13 the device move files could not be written for\n"
	"every device (devicemove/devicemove.txt says why); 2 usage or\n"
	"the journal is in use; 3 plan unreadable; 4 the API refused the token or\n"
	"is unreachable.\n";

enum {
	OPT_BATCH = OPT_COMMON_LAST, OPT_JOURNAL, OPT_UNTIL, OPT_REPORT, OPT_RETRY, OPT_RATE,
	OPT_API, OPT_TOKEN_FILE, OPT_CA, OPT_ATTEMPTS, OPT_INVENTORY, OPT_CREDENTIALS
};

#define MAX_MAPS 16

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "credentials", required_argument, NULL, OPT_CREDENTIALS },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "retry-failed", no_argument, NULL, OPT_RETRY },
	{ "jobs", required_argument, NULL, 'j' },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "api", required_argument, NULL, OPT_API },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "max-attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "mappings", required_argument, NULL, 'm' },
	{ "inventory", required_argument, NULL, OPT_INVENTORY },
	{ NULL, 0, NULL, 0 }
};

static int parse(int argc, char **argv, struct cli_common *c, struct load_opts *o,
		 const char **until, const char **token_file, const char **maps)
{
	int opt;
	while ((opt = cli_next_option(c, argc, argv, "qhj:m:", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return -1;
		case OPT_BATCH: o->batch = optarg; break;
		case OPT_JOURNAL: o->journal_path = optarg; break;
		case OPT_CREDENTIALS: o->credentials_path = optarg; break;
		case OPT_UNTIL: *until = optarg; break;
		case OPT_REPORT: o->report_dir = optarg; break;
		case OPT_RETRY: o->retry_failed = 1; break;
		case OPT_API: o->api = optarg; break;
		case OPT_TOKEN_FILE: *token_file = optarg; break;
		case OPT_CA: o->ca_file = optarg; break;
		case OPT_INVENTORY: o->devicemove_inventory = optarg; break;
		case 'm':
			if (o->ndevicemove_extra == MAX_MAPS)
				return cli_usage_error("cutover", "at most %d -m files", MAX_MAPS);
			maps[o->ndevicemove_extra++] = optarg;
			break;
		case OPT_RATE:
		case OPT_ATTEMPTS:
		case 'j':
			if (cli_api_option("cutover", opt == 'j' ? CLI_API_JOBS : opt == OPT_RATE ?
					   CLI_API_RATE : CLI_API_ATTEMPTS, optarg, o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		default: return cli_usage_error("cutover", "unknown option");
		}
	}
	if (o->batch == NULL || optind != argc - 1)
		return cli_usage_error("cutover", "give --batch WAVE and exactly one plan file");
	o->plan_path = argv[optind];
	return cli_journal_option("cutover", &o->journal_path);
}

int cmd_cutover(int argc, char **argv)
{
	struct cli_common c;
	struct load_opts o;
	const char *until = NULL, *token_file = NULL, *maps[MAX_MAPS];
	char map_path[PATH_MAX];
	cli_common_init(&c);
	load_opts_init(&o);
	int rc = parse(argc, argv, &c, &o, &until, &token_file, maps);
	if (rc != BWM_OK)
		return rc < 0 ? BWM_OK : rc;
	o.devicemove_map = cli_mapping_file("devicemove.json", map_path, sizeof map_path);
	o.devicemove_extra = maps;
	struct bwm_error err = { 0, "" };
	char *token = NULL;
	if (load_token(token_file, &c.log, &token, &err) != BWM_OK)
		return cli_report(&c, &err);
	o.token = token;
	o.log = &c.log;
	o.stop = &cutover_stop_flag;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	struct cutover_summary cs;
	rc = load_cutover(&o, until, &cs, &err);
	secret_free(token);
	for (int k = 0; k < CUTOVER_STEPS; k++)
		if (cs.line[k][0])
			printf("cutover %s: %s\n", cutover_step_name(k), cs.line[k]);
	if (o.report_dir)
		printf("report: %s/cutover.html\n", o.report_dir);
	if (rc == BWM_OK)
		return BWM_OK;
	cli_report(&c, &err);
	return rc == BWM_EPARTIAL ? cs.exit : rc;
}
