/*
 * extract.c — `bwmigrate extract`: options, output file handling and the
 * summary on stderr around the extract library (extract/extract.h).
 *
 * The inventory is written to a temporary file next to -o and renamed
 * only when the whole bundle was read, so a truncated or hostile input
 * never leaves a partial inventory that looks complete; a device or FIFO
 * is written directly (core/outfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "extract/extract.h"
#include "extract/live.h"

static const char usage_text[] =
	"usage: bwmigrate extract [-o inventory.jsonl] [--strict] BUNDLE...\n"
	"       bwmigrate extract --oci URL --enterprise ID [--group ID]... --capture FILE\n"
	"                         [-j N] [--rate R] [-o inventory.jsonl]\n"
	"\n"
	"Read BroadWorks OCI-P export bundles and write the JSON Lines inventory\n"
	"(docs/inventory-format.md). A BUNDLE is an XML file holding one or many\n"
	"BroadsoftDocuments (request/response pairs, bare or wrapped in SOAP\n"
	"processOCIMessage envelopes; see docs/export-format.md), a folder of such\n"
	"*.xml files, a .zip of them, or - for standard input. Responses of a type\n"
	"it cannot read become 'unread' records (count, first file:line), so that\n"
	"the validation report lists them.\n"
	"\n"
	"  -o, --output FILE      inventory file (default: standard output)\n"
	"      --strict           command types the extractor does not know are an\n"
	"                         error (exit 3) instead of a warning\n"
	"\n"
	"Live extraction (docs/live-extract.md): log in to the BroadWorks OCI-P\n"
	"interface, walk the enterprise, write every request/response pair to the\n"
	"capture bundle, then extract the inventory from that bundle. The login is\n"
	"BWM_OCI_USER with BWM_OCI_PASSWORD or --oci-password-file, never argv.\n"
	"  --oci URL              https://AS/webservice/services/ProvisioningService\n"
	"                         (SOAP), oci://AS:2208 (TCP) or ocis://AS:PORT (TLS)\n"
	"  --enterprise ID        the serviceProviderId to walk\n"
	"  --group ID             only this group (repeat for more; default: all)\n"
	"  --capture FILE         the bundle to write (a .zip); an interrupted run\n"
	"                         leaves FILE.partial/ and the next run resumes it\n"
	"  -j, --jobs N           OCI-P sessions at once (default 2; the server is\n"
	"                         a shared production system)\n"
	"      --rate R           at most R requests/s over all sessions (default: none)\n"
	"      --oci-password-file FILE  the password on FILE's first line\n"
	"      --oci-timeout S    seconds for one answer (default 60); timeouts and\n"
	"                         dropped connections are tried again, 8 times\n"
	"      --oci-cacert FILE  CA certificates for https:// and ocis://\n"
	"      --oci-login KIND   signed (default: LoginRequest14sp4, the password\n"
	"                         signed with the server's nonce) or plain\n"
	"                         (LoginRequest22V5 with the password itself, for\n"
	"                         servers with the signed login switched off; only\n"
	"                         over https:// or ocis://)\n"
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 done; 1 done, but some records became source_error\n"
	"(ErrorResponses in the bundle, unreadable records); 2 usage; 3 a bundle\n"
	"could not be read (malformed, truncated, hostile XML; --strict and unknown\n"
	"commands; a hostile answer from the server); 4 the server refused the\n"
	"login or could not be reached. A summary (records per kind, unknown commands) goes to stderr\n"
	"unless --quiet.\n";

enum {
	OPT_STRICT = OPT_COMMON_LAST, OPT_OCI, OPT_ENTERPRISE, OPT_GROUP, OPT_CAPTURE, OPT_RATE,
	OPT_PASSWORD_FILE, OPT_TIMEOUT, OPT_CACERT, OPT_LOGIN
};

/* The live options, gathered before the run. */
struct live_cli {
	struct live_opts o;
	const char **groups;       /* argv strings */
	size_t n_groups;
	const char *password_file;
};

static void summary(const struct cli_common *c, const struct extract_stats *st)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "extract: %zu files, %zu documents, %zu commands;", st->files,
		    st->documents, st->commands);
	for (int k = 0; k < INV_KIND_COUNT; k++)
		if (st->written[k] > 0)
			strbuf_addf(&sb, " %s %zu", extract_kind_name((enum inv_kind)k), st->written[k]);
	if (st->ignored > 0)
		strbuf_addf(&sb, "; %zu ignored (nothing to migrate)", st->ignored);
	bwm_info(&c->log, "%s", sb.buf);
	strbuf_free(&sb);
	for (size_t i = 0; i < st->n_unknown; i++)
		bwm_warn(&c->log, "unknown command %s: %zu times (not extracted)",
			 st->unknown[i].type, st->unknown[i].count);
	if (st->written[INV_SOURCE_ERROR] > 0)
		bwm_warn(&c->log, "%zu source_error records (%zu made by the extractor); see the "
			 "inventory", st->written[INV_SOURCE_ERROR], st->warnings);
}

static int run(struct cli_common *c, int strict, const char *out_path, char **inputs, int n)
{
	struct bwm_error err = { BWM_OK, "" };
	struct bwm_outfile out;
	if (bwm_outfile_open(&out, out_path, "inventory", &err) != BWM_OK)
		return cli_report(c, &err);
	struct extract_opts opts = { .log = &c->log };
	struct extract_session *s = extract_open(out.fp, &opts);
	int rc = BWM_OK;
	for (int i = 0; i < n && rc == BWM_OK; i++)
		rc = extract_add_path(s, inputs[i], &err);
	if (rc == BWM_OK)
		rc = extract_finish(s, &err);
	const struct extract_stats *st = extract_stats(s);
	if (rc == BWM_OK && strict && st->n_unknown > 0)
		rc = bwm_fail(&err, BWM_EINPUT, "%zu unknown command types (first: %s) and "
			      "--strict is set; no inventory written", st->n_unknown,
			      st->unknown[0].type);
	if (rc == BWM_OK || rc == BWM_EINPUT)
		summary(c, st);
	size_t errors = st->written[INV_SOURCE_ERROR];
	extract_close(s);
	int crc = bwm_outfile_close(&out, rc == BWM_OK, &err);
	if (rc == BWM_OK)
		rc = crc;
	if (rc != BWM_OK)
		return cli_report(c, &err);
	return errors > 0 ? BWM_EPARTIAL : BWM_OK;
}

static void live_summary(const struct cli_common *c, const struct live_stats *st,
			 const char *capture)
{
	bwm_info(&c->log, "extract: %zu requests asked in %.1f s (%.0f/s), %zu answered from the "
		 "spool of an earlier run, %zu retried, %zu logins; %zu ErrorResponses kept as "
		 "source_error, %zu to optional requests (not applicable); capture %s",
		 st->asked, st->seconds, st->seconds > 0 ? (double)st->asked / st->seconds : 0.0,
		 st->from_spool, st->retries, st->logins, st->errors, st->not_applicable, capture);
}

/* Walk the server into the capture, then extract the inventory from it:
 * the live inventory is the capture's, byte for byte. */
static int run_live(struct cli_common *c, struct live_cli *l, int strict, const char *out_path)
{
	struct bwm_error err = { BWM_OK, "" };
	if (l->o.enterprise == NULL || l->o.capture == NULL)
		return cli_usage_error("extract", "--oci needs --enterprise ID and --capture FILE");
	char *password = NULL;
	if (cli_oci_login(l->password_file, &c->log, &l->o.user, &password, &err) != BWM_OK)
		return cli_report(c, &err);
	l->o.password = password;
	l->o.groups = l->groups;
	l->o.n_groups = l->n_groups;
	l->o.log = &c->log;
	struct live_stats st;
	int rc = live_capture(&l->o, &st, &err);
	secret_free(password);
	l->o.password = NULL;
	if (rc != BWM_OK) {
		if (rc != BWM_EUSAGE)
			bwm_info(&c->log, "extract: %zu answers are in %s.partial; run the same "
				 "command again to resume", st.asked + st.from_spool, l->o.capture);
		return cli_report(c, &err);
	}
	live_summary(c, &st, l->o.capture);
	char *inputs[1] = { (char *)l->o.capture };
	return run(c, strict, out_path, inputs, 1);
}

static int live_option(struct live_cli *l, int opt, const char *arg)
{
	double v;
	switch (opt) {
	case OPT_OCI: l->o.url = arg; return 0;
	case OPT_ENTERPRISE: l->o.enterprise = arg; return 0;
	case OPT_CAPTURE: l->o.capture = arg; return 0;
	case OPT_PASSWORD_FILE: l->password_file = arg; return 0;
	case OPT_CACERT: l->o.cacert = arg; return 0;
	case OPT_LOGIN:
		if (strcmp(arg, "signed") == 0)
			l->o.login = LIVE_LOGIN_SIGNED;
		else if (strcmp(arg, "plain") == 0)
			l->o.login = LIVE_LOGIN_PLAIN;
		else
			return cli_usage_error("extract", "--oci-login is signed or plain, not '%s'",
					       arg);
		return 0;
	case OPT_GROUP:
		l->groups = xrealloc(l->groups, (l->n_groups + 1) * sizeof *l->groups);
		l->groups[l->n_groups++] = arg;
		return 0;
	case 'j':
		if ((v = cli_number(arg, 64)) < 1 || v != (unsigned)v)
			return cli_usage_error("extract", "-j must be 1..64, not '%s'", arg);
		l->o.jobs = (unsigned)v;
		return 0;
	case OPT_RATE:
		if ((v = cli_number(arg, 100000)) < 0)
			return cli_usage_error("extract", "--rate must be requests per second, "
					       "not '%s'", arg);
		l->o.rate = v;
		return 0;
	case OPT_TIMEOUT:
		if ((v = cli_number(arg, 3600)) < 0)
			return cli_usage_error("extract", "--oci-timeout must be seconds (up to "
					       "3600), not '%s'", arg);
		l->o.timeout_ms = (unsigned)(v * 1000);
		return 0;
	default:
		return cli_usage_error("extract", "unknown option");
	}
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "oci", required_argument, NULL, OPT_OCI },
		{ "enterprise", required_argument, NULL, OPT_ENTERPRISE },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "capture", required_argument, NULL, OPT_CAPTURE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "rate", required_argument, NULL, OPT_RATE },
		{ "oci-password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "oci-timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "oci-cacert", required_argument, NULL, OPT_CACERT },
		{ "oci-login", required_argument, NULL, OPT_LOGIN },
		CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common c;
	struct live_cli live;
	memset(&live, 0, sizeof live);
	const char *out_path = NULL;
	int strict = 0, opt, rc = -1;
	cli_common_init(&c);
	optind = 1;
	while (rc < 0 && (opt = cli_next_option(&c, argc, argv, "o:j:qh", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR:
			rc = BWM_EUSAGE;
			break;
		case 'o':
			out_path = optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			rc = BWM_OK;
			break;
		default:
			if (live_option(&live, opt, optarg) != 0)
				rc = BWM_EUSAGE;
		}
	}
	if (rc < 0 && live.o.url != NULL && optind < argc)
		rc = cli_usage_error("extract", "give --oci or BUNDLE files, not both");
	else if (rc < 0 && live.o.url == NULL && (live.o.enterprise || live.o.capture))
		rc = cli_usage_error("extract", "--enterprise and --capture go with --oci URL");
	else if (rc < 0 && live.o.url != NULL)
		rc = run_live(&c, &live, strict, out_path);
	else if (rc < 0 && optind >= argc)
		rc = cli_usage_error("extract", "no BUNDLE given");
	else if (rc < 0)
		rc = run(&c, strict, out_path, argv + optind, argc - optind);
	free(live.groups);
	return rc;
}
