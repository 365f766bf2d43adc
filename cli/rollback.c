/*
 * rollback.c — `bwmigrate rollback --journal FILE [--batch NAME]`: delete
 * what a load journal created, in reverse plan order (subscribers, numbers,
 * locations, then customers); see load_rollback in load/load.h.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "load/load.h"

static const char usage[] =
	"usage: bwmigrate rollback --journal FILE [--batch NAME] [OPTIONS]\n"
	"\n"
	"Delete what a load created, in reverse plan order: subscribers, numbers,\n"
	"locations, then customers (whose delete keeps the Webex org).\n"
	"Each removal is journaled (state rolled_back). The token comes from\n"
	"WEBEX_TOKEN or --token-file.\n"
	"\n"
	"      --journal FILE|URL the journal of the load (required unless\n"
	"                         BWM_JOURNAL_URL is set)\n"
	"      --batch NAME       only what this wave created\n"
	"  -j, --jobs N           requests in flight at most (default 8)\n"
	"      --api URL          API base (default https://webexapis.com/v1)\n"
	"      --token-file FILE  read the token from FILE instead of WEBEX_TOKEN\n"
	"      --ca-file FILE     extra CA certificates for TLS verification\n"
	"      --report DIR       run.json, results.csv, failed.csv, run.html\n"
	CLI_COMMON_USAGE;

enum { OPT_JOURNAL = OPT_COMMON_LAST, OPT_BATCH, OPT_API, OPT_TOKEN_FILE, OPT_CA, OPT_REPORT };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "jobs", required_argument, NULL, 'j' },
	{ "api", required_argument, NULL, OPT_API },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ NULL, 0, NULL, 0 }
};

int cmd_rollback(int argc, char **argv)
{
	struct cli_common c;
	struct load_opts o;
	const char *token_file = NULL;
	int opt;
	cli_common_init(&c);
	load_opts_init(&o);
	while ((opt = cli_next_option(&c, argc, argv, "qhj:", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return BWM_OK;
		case OPT_JOURNAL: o.journal_path = optarg; break;
		case OPT_BATCH: o.batch = optarg; break;
		case OPT_API: o.api = optarg; break;
		case OPT_TOKEN_FILE: token_file = optarg; break;
		case OPT_CA: o.ca_file = optarg; break;
		case OPT_REPORT: o.report_dir = optarg; break;
		case 'j':
			if (cli_api_option("rollback", CLI_API_JOBS, optarg, &o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		default: return cli_usage_error("rollback", "unknown option");
		}
	}
	if (optind != argc || cli_journal_option("rollback", &o.journal_path) != BWM_OK)
		return BWM_EUSAGE;
	if (o.journal_path == NULL)
		return cli_usage_error("rollback", "give --journal FILE or URL (or set "
				       "BWM_JOURNAL_URL) and no other argument");
	struct bwm_error err = { 0, "" };
	char *token = NULL;
	if (load_token(token_file, &c.log, &token, &err) != BWM_OK)
		return cli_report(&c, &err);
	o.token = token;
	o.log = &c.log;
	struct load_summary sum;
	int rc = load_rollback(&o, &sum, &err);
	secret_free(token);
	if (rc == BWM_OK || rc == BWM_EPARTIAL || rc == BWM_EAPI)
		printf("rollback: %zu of %zu entries rolled back (%zu requests)\n",
		       sum.count[JS_ROLLED_BACK], sum.total, sum.requests);
	if (o.report_dir && (rc == BWM_OK || rc == BWM_EPARTIAL))
		printf("report: %s/run.html\n", o.report_dir);
	if (rc != BWM_OK)
		return cli_report(&c, &err);
	return BWM_OK;
}
