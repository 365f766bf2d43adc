/*
 * load.c — `bwmigrate load`: options, token, progress line and summary
 * around load_run() (load/load.h). SIGINT/SIGTERM stop dispatching new
 * requests; the run finishes what is in flight, journals it and exits, so
 * that the next run resumes cleanly.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "load/load.h"

/* The one piece of global state: set by the signal handler, read by the run. */
static volatile sig_atomic_t load_stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	load_stop_flag = 1;
}

static const char usage[] =
	"usage: bwmigrate load [--dry-run | --precheck] [OPTIONS] plan.jsonl\n"
	"\n"
	"Provision a plan through the Webex Wholesale API, resumably. The journal\n"
	"(a SQLite file, or a shared PostgreSQL server) records every entry; run the\n"
	"same command again to resume. Several loads on one postgresql:// journal\n"
	"share the plan's work as workers.\n"
	"The API token comes from WEBEX_TOKEN or --token-file, never the command line.\n"
	"The plan must be a file (not '-'): it is read again while loading.\n"
	"\n"
	"      --dry-run          no network: order, resolved requests, counts, estimate\n"
	"      --precheck         validate every customer, subscriber and device MAC;\n"
	"                         create nothing\n"
	"      --journal FILE|URL journal (default: BWM_JOURNAL_URL, else the plan path\n"
	"                         + .journal); postgresql://[user@]host/db?migration=NAME\n"
	"                         is a shared journal (password from ~/.pgpass)\n"
	"      --worker-id ID     shared journal: this worker's name (default host:pid:random)\n"
	"      --lease SECS       shared journal: claim lease, renewed every third (default 30)\n"
	"      --restart          forget an existing journal and start over\n"
	"      --credentials FILE SIP passwords of customer-managed phones, mode 0600\n"
	"                         (default: the journal path + .credentials)\n"
	"      --batch NAME       load only this wave\n"
	"      --retry-failed     re-queue entries that failed for a retryable reason\n"
	"  -j, --jobs N           requests in flight at most (default 8)\n"
	"      --rate N           at most N requests per second (default: no cap)\n"
	"      --api URL          API base (default https://webexapis.com/v1)\n"
	"      --token-file FILE  read the token from FILE instead of WEBEX_TOKEN\n"
	"      --ca-file FILE     extra CA certificates for TLS verification\n"
	"      --timeout SECS     per request (default 60)\n"
	"      --max-attempts N   sends per entry before it fails (default 6)\n"
	"      --max-wait SECS    waits (Retry-After, backoff) one entry may do before it\n"
	"                         fails, retryable (default 600)\n"
	"      --progress-interval SECS\n"
	"                         when stderr is not a terminal (or with --log-format\n"
	"                         json), a progress line every SECS (default 30)\n"
	"      --report DIR       run.json, results.csv, failed.csv, run.html\n"
	"                         (--dry-run also writes requests.jsonl)\n"
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 all done, 1 some entries failed, skipped or still pending,\n"
	"2 usage, 3 plan unreadable, 4 the API refused the token or is unreachable.\n"
	"See docs/load.md.\n";

enum {
	OPT_DRY = OPT_COMMON_LAST, OPT_PRECHECK, OPT_JOURNAL, OPT_RESTART, OPT_BATCH,
	OPT_RETRY, OPT_RATE, OPT_API, OPT_TOKEN_FILE, OPT_CA, OPT_REPORT, OPT_TIMEOUT,
	OPT_ATTEMPTS, OPT_MAX_WAIT, OPT_PROGRESS_INTERVAL, OPT_CREDENTIALS, OPT_WORKER_ID,
	OPT_LEASE
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "dry-run", no_argument, NULL, OPT_DRY },
	{ "precheck", no_argument, NULL, OPT_PRECHECK },
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "credentials", required_argument, NULL, OPT_CREDENTIALS },
	{ "restart", no_argument, NULL, OPT_RESTART },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "retry-failed", no_argument, NULL, OPT_RETRY },
	{ "jobs", required_argument, NULL, 'j' },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "api", required_argument, NULL, OPT_API },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
	{ "progress-interval", required_argument, NULL, OPT_PROGRESS_INTERVAL },
	{ "worker-id", required_argument, NULL, OPT_WORKER_ID },
	{ "lease", required_argument, NULL, OPT_LEASE },
	{ NULL, 0, NULL, 0 }
};

/* How progress is shown: a line drawn in place on a terminal, else (piped
 * stderr, JSON logs) one log line every interval_s. */
struct progress_view {
	const struct bwm_log *log;
	int in_place;
	double interval_s;
	double last_s;          /* elapsed_s of the last line written */
	int width;              /* length of the line drawn last (in place) */
};

static void progress_text(const struct load_progress *p, struct strbuf *sb)
{
	double rate = p->elapsed_s > 0 ? (double)p->finished / p->elapsed_s : 0;
	double eta = rate > 0 ? (double)(p->total - p->finished) / rate : 0;
	strbuf_addf(sb, "%zu/%zu done, %.1f/s, %zu requests, ETA %.0fs, %zu failed",
		    p->finished, p->total, rate, p->requests, eta, p->failed);
	if (p->wait_entry)
		strbuf_addf(sb, "; %s waits %.0f s more: %s", p->wait_entry, p->wait_s,
			    p->wait_why);
}

/* A log line (text or JSON with the counts as fields) at most once per
 * interval: a piped load still says how far it is and what it waits on. */
static void progress_logged(struct progress_view *v, const struct load_progress *p)
{
	if (p->elapsed_s - v->last_s < v->interval_s)
		return;
	v->last_s = p->elapsed_s;
	struct strbuf sb = STRBUF_INIT;
	progress_text(p, &sb);
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "state", "progress");
	cJSON_AddNumberToObject(f, "total", (double)p->total);
	cJSON_AddNumberToObject(f, "finished", (double)p->finished);
	cJSON_AddNumberToObject(f, "failed", (double)p->failed);
	cJSON_AddNumberToObject(f, "requests", (double)p->requests);
	cJSON_AddNumberToObject(f, "elapsed_s", p->elapsed_s);
	if (p->wait_entry) {
		char until[32];
		time_t t = time(NULL) + (time_t)p->wait_s;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &tm);
		cJSON_AddStringToObject(f, "waiting", p->wait_entry);
		cJSON_AddStringToObject(f, "reason", p->wait_why);
		cJSON_AddStringToObject(f, "until", until);
		strbuf_addf(&sb, ", until %s", until);
	}
	bwm_log_fields(v->log, LOG_INFO, f, "progress: %s", sb.buf);
	cJSON_Delete(f);
	strbuf_free(&sb);
}

static void progress(const struct load_progress *p, void *ctx)
{
	struct progress_view *v = ctx;
	if (!v->in_place) {
		progress_logged(v, p);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	progress_text(p, &sb);
	/* Blank what a longer previous line (one with a wait) left behind. */
	int len = (int)sb.len;
	fprintf(stderr, "\r%s%*s", sb.buf, v->width > len ? v->width - len : 0, "");
	v->width = len;
	strbuf_free(&sb);
	if (p->finished == p->total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Entries a stopped precheck never asked about are not "refused". */
static void print_precheck(const struct load_summary *s)
{
	size_t unchecked = s->total - s->count[JS_DONE] - s->count[JS_FAILED];
	printf("precheck: %zu validated, %zu refused", s->count[JS_DONE], s->count[JS_FAILED]);
	if (unchecked > 0)
		printf(", %zu not checked", unchecked);
	printf(" (%zu requests)\n", s->requests);
}

static void print_summary(const struct load_opts *o, const struct load_summary *s)
{
	if (o->mode == LOAD_DRY_RUN)
		printf("dry-run: %zu entries, %zu would be sent, %zu would be skipped, %zu "
		       "already done; %zu requests, about %.0f s at %.4g requests/s\n", s->total,
		       s->count[JS_PENDING], s->count[JS_SKIPPED], s->count[JS_DONE], s->requests,
		       s->estimate_s, o->rate > 0 ? o->rate : o->estimate_rate);
	else if (o->mode == LOAD_PRECHECK)
		print_precheck(s);
	else
		printf("load: %zu entries: %zu done, %zu failed, %zu skipped, %zu waiting; "
		       "%zu requests in %.1f s%s\n", s->total, s->count[JS_DONE],
		       s->count[JS_FAILED], s->count[JS_SKIPPED],
		       s->total - s->count[JS_DONE] - s->count[JS_FAILED] - s->count[JS_SKIPPED],
		       s->requests, s->elapsed_s, s->findings ? " (findings: see the report)" : "");
	if (o->report_dir)
		printf("report: %s/run.html\n", o->report_dir);
}

static int parse(int argc, char **argv, struct cli_common *c, struct load_opts *o,
		 const char **token_file, double *interval_s)
{
	int opt;
	double v;
	while ((opt = cli_next_option(c, argc, argv, "qhj:", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return -1;
		case OPT_DRY:
		case OPT_PRECHECK: {
			enum load_mode m = opt == OPT_DRY ? LOAD_DRY_RUN : LOAD_PRECHECK;
			if (o->mode != LOAD_LIVE && o->mode != m)
				return cli_usage_error("load", "--dry-run and --precheck exclude "
						       "each other");
			o->mode = m;
			break;
		}
		case OPT_JOURNAL: o->journal_path = optarg; break;
		case OPT_CREDENTIALS: o->credentials_path = optarg; break;
		case OPT_WORKER_ID:
			if (*optarg == '\0' || strlen(optarg) > 100)
				return cli_usage_error("load", "--worker-id wants 1..100 characters");
			o->worker_id = optarg;
			break;
		case OPT_LEASE:
			if ((v = cli_number(optarg, 3600)) < 3)
				return cli_usage_error("load", "--lease wants seconds, 3..3600, not '%s'",
						       optarg);
			o->lease_s = (int)v;
			break;
		case OPT_RESTART: o->restart = 1; break;
		case OPT_BATCH: o->batch = optarg; break;
		case OPT_RETRY: o->retry_failed = 1; break;
		case OPT_API: o->api = optarg; break;
		case OPT_TOKEN_FILE: *token_file = optarg; break;
		case OPT_CA: o->ca_file = optarg; break;
		case OPT_REPORT: o->report_dir = optarg; break;
		case 'j':
			if (cli_api_option("load", CLI_API_JOBS, optarg, o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		case OPT_RATE:
			if (cli_api_option("load", CLI_API_RATE, optarg, o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		case OPT_TIMEOUT:
			if ((v = cli_number(optarg, 3600)) < 0)
				return cli_usage_error("load", "--timeout wants seconds, not '%s'", optarg);
			/* Round up: 0 would mean "no timeout" to libcurl. */
			o->timeout_ms = (long)(v * 1000) > 0 ? (long)(v * 1000) : 1;
			break;
		case OPT_ATTEMPTS:
			if (cli_api_option("load", CLI_API_ATTEMPTS, optarg, o) != BWM_OK)
				return BWM_EUSAGE;
			break;
		case OPT_MAX_WAIT:
			if ((v = cli_number(optarg, 7 * 86400)) < 1)
				return cli_usage_error("load", "--max-wait wants seconds, 1..604800, "
						       "not '%s'", optarg);
			o->max_wait_ms = (long)(v * 1000);
			break;
		case OPT_PROGRESS_INTERVAL:
			if ((v = cli_number(optarg, 86400)) < 0)
				return cli_usage_error("load", "--progress-interval wants seconds, "
						       "not '%s'", optarg);
			*interval_s = v;
			break;
		default:
			return cli_usage_error("load", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("load", "give exactly one plan file");
	/* Bodies are read back from the plan when sent, and the journal is named
	 * after it: a pipe can be neither. */
	if (strcmp(argv[optind], "-") == 0)
		return cli_usage_error("load", "the plan must be a file, not standard input: "
				       "it is read again while loading; save it first "
				       "(bwmigrate transform -o plan.jsonl)");
	o->plan_path = argv[optind];
	return cli_journal_option("load", &o->journal_path);
}

int cmd_load(int argc, char **argv)
{
	struct cli_common c;
	struct load_opts o;
	const char *token_file = NULL;
	struct progress_view view = { .interval_s = 30 };
	cli_common_init(&c);
	load_opts_init(&o);
	int rc = parse(argc, argv, &c, &o, &token_file, &view.interval_s);
	if (rc != BWM_OK)
		return rc < 0 ? BWM_OK : rc;
	struct bwm_error err = { 0, "" };
	char *token = NULL;
	if (o.mode != LOAD_DRY_RUN && load_token(token_file, &c.log, &token, &err) != BWM_OK)
		return cli_report(&c, &err);
	o.token = token;
	o.log = &c.log;
	o.stop = &load_stop_flag;
	view.log = &c.log;
	view.in_place = isatty(STDERR_FILENO) && !c.log.json;
	if (!c.log.quiet) {
		o.progress = progress;
		o.progress_ctx = &view;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	struct load_summary sum;
	rc = load_run(&o, &sum, &err);
	secret_free(token);
	if (view.in_place && o.progress && sum.total > 0 && sum.count[JS_DONE] + sum.count[JS_FAILED] +
	    sum.count[JS_SKIPPED] != sum.total)
		fputc('\n', stderr);   /* end an unfinished progress line */
	if (rc == BWM_OK || rc == BWM_EPARTIAL || rc == BWM_EAPI)
		print_summary(&o, &sum);
	if (rc != BWM_OK)
		return cli_report(&c, &err);
	return BWM_OK;
}
