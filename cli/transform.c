/*
 * transform.c — `bwmigrate transform`: options, then the transform stage
 * library (transform/transform.h) does the work. The mapping rules come
 * from mappings/default.json (found next to the source tree, the binary,
 * or the installed data folder) plus any -m files.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "transform/transform.h"

static const char usage_text[] =
"usage: bwmigrate transform [-m mappings.json]... [-p partner.json]\n"
"                           [--waves FILE | --batch-size N] [-o plan.jsonl]\n"
"                           [--report DIR] inventory.jsonl\n"
"\n"
"Map a BroadWorks inventory (from 'bwmigrate extract') to a plan of Webex\n"
"Wholesale requests, and validate it: every problem becomes a finding with\n"
"severity, object, source file:line and a fix. Errors block the object and\n"
"what depends on it ('blocked' in the plan entry).\n"
"\n"
"  -m, --mappings FILE    extra mapping rules; a section replaces the default's,\n"
"                         \"NAME+\" puts rules in front (docs/mappings.md)\n"
"  -p, --partner FILE     partner profile: provisioningId, defaults, e-mail\n"
"                         rules, granularity (docs/partner.md)\n"
"      --waves FILE       CSV 'enterprise id,wave name': the batch of each customer\n"
"      --batch-size N     N customers per batch (batch-0001, batch-0002, ...)\n"
"  -o, --output FILE      the plan (JSON Lines; default: standard output)\n"
"      --report DIR       write report.json, findings.csv and report.html there\n"
CLI_COMMON_USAGE
"\n"
"Environment: BWM_MAPPINGS names the default rule file (devices.json beside it\n"
"holds the device rules and models); SOURCE_DATE_EPOCH (seconds since 1970,\n"
"UTC) is the time the report says it was made.\n"
"Exit status: 0 no errors; 1 plan written but some objects blocked by errors;\n"
"2 usage; 3 unreadable input (inventory, mappings, partner or waves file).\n";

enum { OPT_WAVES = OPT_COMMON_LAST, OPT_BATCH_SIZE, OPT_REPORT };

static int readable(const char *p)
{
	return access(p, R_OK) == 0;
}

/* mappings/default.json: $BWM_MAPPINGS, ./mappings, beside the binary
 * (../share/bwmigrate/mappings when installed, ../mappings and
 * ../../mappings for build folders), then the compiled-in data folder. */
static const char *default_mappings(char *buf, size_t size)
{
	const char *env = getenv("BWM_MAPPINGS");
	if (env != NULL && env[0] != '\0')
		return env;
	if (readable("mappings/default.json"))
		return "mappings/default.json";
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		/* An installed binary finds PREFIX/share beside PREFIX/bin, so a
		 * build configured for one PREFIX still works installed in another. */
		static const char *const rel[] = { "/../share/bwmigrate/mappings/default.json",
						   "/../mappings/default.json",
						   "/../../mappings/default.json" };
		for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
			snprintf(buf, size, "%s%s", exe, rel[i]);
			if (readable(buf))
				return buf;
		}
	}
	snprintf(buf, size, "%s/mappings/default.json", BWM_DATADIR);
	return buf;
}

/* The command line, as parsed. */
struct args {
	const char *extra[16];        /* -m files, in order */
	size_t n_extra;
	const char *partner;          /* -p, or NULL for the built-in profile */
	const char *waves;            /* --waves CSV */
	const char *output;           /* -o, NULL or "-" for stdout */
	const char *report;           /* --report DIR */
	const char *inventory;        /* the one operand ("-" = stdin) */
	long batch_size;              /* --batch-size, 0 = unset */
};

static int parse(int argc, char **argv, struct cli_common *c, struct args *a)
{
	static const struct option longopts[] = {
		{ "mappings", required_argument, NULL, 'm' },
		{ "partner", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "waves", required_argument, NULL, OPT_WAVES },
		{ "batch-size", required_argument, NULL, OPT_BATCH_SIZE },
		{ "report", required_argument, NULL, OPT_REPORT },
		CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int opt;
	optind = 1;
	while ((opt = cli_next_option(c, argc, argv, "m:p:o:qh", longopts)) != -1) {
		char *end;
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return -1;
		case 'm':
			if (a->n_extra == sizeof a->extra / sizeof a->extra[0])
				return cli_usage_error("transform", "at most 16 -m files");
			a->extra[a->n_extra++] = optarg;
			break;
		case 'p': a->partner = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_WAVES: a->waves = optarg; break;
		case OPT_REPORT: a->report = optarg; break;
		case OPT_BATCH_SIZE:
			errno = 0;
			a->batch_size = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || a->batch_size < 1)
				return cli_usage_error("transform", "--batch-size needs a positive "
						       "number, not '%s'", optarg);
			break;
		default:
			return cli_usage_error("transform", "unknown option");
		}
	}
	if (a->waves != NULL && a->batch_size > 0)
		return cli_usage_error("transform", "--waves and --batch-size exclude each other");
	if (optind != argc - 1)
		return cli_usage_error("transform", "expected one inventory file (or '-')");
	a->inventory = argv[optind];
	return BWM_OK;
}

static void summary(const struct cli_common *c, const struct transform_stats *st)
{
	bwm_info(&c->log, "transform: %ld records, %ld customers, %ld locations, %ld subscribers; "
		 "%ld plan entries (%ld blocked); findings: %ld errors, %ld warnings, %ld info",
		 st->records, st->customers, st->locations, st->subscribers, st->entries,
		 st->blocked, st->errors, st->warnings, st->infos);
}

/* SOURCE_DATE_EPOCH when set (reproducible reports), else now. */
static long long made_at(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e != NULL && e[0] != '\0') {
		char *end;
		errno = 0;
		long long t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t > 0)
			return t;
	}
	return (long long)time(NULL);
}

int cmd_transform(int argc, char **argv)
{
	struct cli_common c;
	struct args a = { 0 };
	cli_common_init(&c);
	int rc = parse(argc, argv, &c, &a);
	if (rc != BWM_OK)
		return rc < 0 ? BWM_OK : rc;
	struct bwm_error err = { 0 };
	struct tx_mappings *m = NULL;
	struct tx_partner *p = NULL;
	char buf[PATH_MAX + 64];
	const char *files[2 + sizeof a.extra / sizeof a.extra[0]];
	size_t n_files = 0;
	files[n_files++] = default_mappings(buf, sizeof buf);
	/* devices.json beside it is read too; the report names every input */
	char *devices = tx_devices_companion(files[0]);
	if (devices != NULL)
		files[n_files++] = devices;
	for (size_t i = 0; i < a.n_extra; i++)
		files[n_files++] = a.extra[i];
	rc = tx_mappings_load(&m, files[0], a.extra, a.n_extra, &err);
	if (rc == BWM_OK)
		rc = a.partner ? tx_partner_load(&p, a.partner, &err)
			       : ((p = tx_partner_default()), BWM_OK);
	/* The plan goes to a temporary file renamed when the run finished, so
	 * that an interrupted or failed run never leaves a partial plan; a
	 * device or FIFO is written directly (core/outfile.h). */
	struct bwm_outfile out = { 0 };
	if (rc == BWM_OK)
		rc = bwm_outfile_open(&out, a.output, "plan", &err);
	if (rc == BWM_OK) {
		struct transform_options o = {
			.inventory = a.inventory, .mappings = m, .partner = p, .waves = a.waves,
			.batch_size = a.batch_size, .plan = out.fp, .report_dir = a.report,
			.log = &c.log, .mapping_files = files, .n_mapping_files = n_files,
			.partner_file = a.partner, .made_at = made_at(),
		};
		struct transform_stats st;
		rc = transform_run(&o, &st, &err);
		if (rc == BWM_OK || rc == BWM_EPARTIAL)
			summary(&c, &st);
		int keep = rc == BWM_OK || rc == BWM_EPARTIAL;
		int crc = bwm_outfile_close(&out, keep, &err);
		if (keep && crc != BWM_OK)
			rc = crc;
	}
	tx_mappings_free(m);
	tx_partner_free(p);
	free(devices);
	if (rc == BWM_EPARTIAL) {
		bwm_warn(&c.log, "some objects are blocked by errors; see the report");
		return rc;
	}
	err.status = rc;
	return cli_report(&c, &err);
}
