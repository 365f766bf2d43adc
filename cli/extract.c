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

static const char usage_text[] =
	"usage: bwmigrate extract [-o inventory.jsonl] [--strict] BUNDLE...\n"
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
	CLI_COMMON_USAGE
	"\n"
	"Exit status: 0 done; 1 done, but some records became source_error\n"
	"(ErrorResponses in the bundle, unreadable records); 2 usage; 3 a bundle\n"
	"could not be read (malformed, truncated, hostile XML; --strict and unknown\n"
	"commands). A summary (records per kind, unknown commands) goes to stderr\n"
	"unless --quiet.\n";

enum { OPT_STRICT = OPT_COMMON_LAST };

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

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common c;
	const char *out_path = NULL;
	int strict = 0, opt;
	cli_common_init(&c);
	optind = 1;
	while ((opt = cli_next_option(&c, argc, argv, "o:qh", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR:
			return BWM_EUSAGE;
		case 'o':
			out_path = optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return BWM_OK;
		default:
			return cli_usage_error("extract", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no BUNDLE given");
	return run(&c, strict, out_path, argv + optind, argc - optind);
}
