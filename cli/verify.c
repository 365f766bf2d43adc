/*
 * verify.c — `bwmigrate verify [OPTIONS] plan.jsonl`: read back what a load
 * created and compare it with the plan; see load_verify in load/load.h and
 * docs/verify.md.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "load/load.h"

static const char usage[] =
	"usage: bwmigrate verify [OPTIONS] plan.jsonl\n"
	"\n"
	"Read back every object the journal says is done, by its id, and compare\n"
	"it field by field with the body the plan sent. Also lists what the\n"
	"migrated customers and locations hold that the plan did not create\n"
	"(subscribers, numbers). Read-only; results are kept in the journal, so a\n"
	"verify that was stopped resumes; a finished one is followed by a new pass.\n"
	"The token comes from WEBEX_TOKEN or --token-file.\n"
	"\n"
	"      --journal FILE|URL journal of the load (default: BWM_JOURNAL_URL, else\n"
	"                         the plan path + .journal)\n"
	"      --batch NAME       only this wave\n"
	"      --again            read everything again, also what an interrupted pass\n"
	"                         had matched\n"
	"  -j, --jobs N           requests in flight at most (default 8)\n"
	"      --rate N           at most N requests per second (default: no cap)\n"
	"      --api URL          API base (default https://webexapis.com/v1)\n"
	"      --token-file FILE  read the token from FILE instead of WEBEX_TOKEN\n"
	"      --ca-file FILE     extra CA certificates for TLS verification\n"
	"      --report DIR       verify.json, mismatches.csv, verify.html\n"
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 everything matches, 1 mismatches, missing, unverified or\n"
	"extra objects (the report lists them), 2 usage, 3 plan or journal\n"
	"unreadable, 4 the API refused the token or is unreachable.\n";

enum {
	OPT_JOURNAL = OPT_COMMON_LAST, OPT_BATCH, OPT_AGAIN, OPT_RATE, OPT_API,
	OPT_TOKEN_FILE, OPT_CA, OPT_REPORT
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "again", no_argument, NULL, OPT_AGAIN },
	{ "jobs", required_argument, NULL, 'j' },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "api", required_argument, NULL, OPT_API },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ NULL, 0, NULL, 0 }
};

static void print_summary(const struct verify_summary *vs, const char *report_dir)
{
	printf("verify: %zu entries: %zu match, %zu differ (%zu fields), %zu missing, "
	       "%zu not verified, %zu not loaded, %zu blocked; %zu extra objects; "
	       "%zu skipped (matched before a stop); %zu requests in %.1f s\n",
	       vs->total, vs->matched, vs->mismatched, vs->fields, vs->missing,
	       vs->unreadable, vs->not_loaded, vs->blocked, vs->extra, vs->skipped,
	       vs->requests, vs->elapsed_s);
	if (vs->actions > 0)
		printf("verify: %zu actions (activation codes, applyChanges) have nothing to "
		       "read back\n", vs->actions);
	if (report_dir)
		printf("report: %s/verify.html\n", report_dir);
}

int cmd_verify(int argc, char **argv)
{
	struct cli_common c;
	struct load_opts o;
	const char *token_file = NULL;
	int again = 0, opt;
	cli_common_init(&c);
	load_opts_init(&o);
	while ((opt = cli_next_option(&c, argc, argv, "qhj:", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return BWM_OK;
		case OPT_JOURNAL: o.journal_path = optarg; break;
		case OPT_BATCH: o.batch = optarg; break;
		case OPT_AGAIN: again = 1; break;
		case OPT_API: o.api = optarg; break;
		case OPT_TOKEN_FILE: token_file = optarg; break;
		case OPT_CA: o.ca_file = optarg; break;
		case OPT_REPORT: o.report_dir = optarg; break;
		case OPT_RATE:
		case 'j':
			if (cli_api_option("verify", opt == 'j' ? CLI_API_JOBS : CLI_API_RATE, optarg,
					   &o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		default: return cli_usage_error("verify", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("verify", "give exactly one plan file");
	o.plan_path = argv[optind];
	if (cli_journal_option("verify", &o.journal_path) != BWM_OK)
		return BWM_EUSAGE;
	struct bwm_error err = { 0, "" };
	char *token = NULL;
	if (load_token(token_file, &c.log, &token, &err) != BWM_OK)
		return cli_report(&c, &err);
	o.token = token;
	o.log = &c.log;
	struct verify_summary vs;
	int rc = load_verify(&o, again, &vs, &err);
	secret_free(token);
	if (rc == BWM_OK || rc == BWM_EPARTIAL)
		print_summary(&vs, o.report_dir);
	if (rc != BWM_OK)
		return cli_report(&c, &err);
	return BWM_OK;
}
