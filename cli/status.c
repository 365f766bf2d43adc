/*
 * status.c — `bwmigrate status --journal FILE [--json]`: what a load journal
 * holds, counted per state, kind and batch (load_status in load/load.h).
 * Safe to run while a load is using the journal.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "load/load.h"

static const char usage[] =
	"usage: bwmigrate status --journal FILE [--json]\n"
	"\n"
	"Show how many entries of a load journal are in each state\n"
	"(pending, in_flight, accepted, done, failed, skipped, rolled_back),\n"
	"in total, per kind and per batch, and what the plan asked to record\n"
	"from the responses (activation codes and their expiry); on a shared\n"
	"PostgreSQL journal, each worker too (host, pid, last heartbeat, entries\n"
	"done).\n"
	"\n"
	"      --journal FILE|URL the journal of a load (required unless\n"
	"                         BWM_JOURNAL_URL is set)\n"
	"      --json             one JSON object instead of tables\n"
	CLI_COMMON_USAGE;

enum { OPT_JOURNAL = OPT_COMMON_LAST, OPT_JSON };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

/* One table: rows are the members of groups, columns the states. */
static void table(const char *title, const cJSON *groups)
{
	printf("\n%-28s", title);
	for (int s = 0; s < JS__COUNT; s++)
		printf(" %11s", journal_state_name(s));
	putchar('\n');
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		printf("%-28s", g->string);
		for (int s = 0; s < JS__COUNT; s++)
			printf(" %11.0f", json_num(g, journal_state_name(s), 0));
		putchar('\n');
	}
}

/* The workers of a shared journal: who, where, when last heard of, how much. */
static void workers_table(const cJSON *workers)
{
	if (cJSON_GetArraySize(workers) == 0)
		return;
	printf("\n%-36s %-20s %8s %-20s %8s  %s\n", "worker", "host", "pid", "heartbeat", "done",
	       "status");
	const cJSON *w;
	cJSON_ArrayForEach(w, workers) {
		printf("%-36s %-20s %8.0f %-20s %8.0f  %s\n", json_str(w, "id"), json_str(w, "host"),
		       json_num(w, "pid", 0), json_str(w, "heartbeat"), json_num(w, "done", 0),
		       json_str(w, "status"));
	}
}

int cmd_status(int argc, char **argv)
{
	struct cli_common c;
	const char *journal = NULL;
	int json = 0, opt;
	cli_common_init(&c);
	while ((opt = cli_next_option(&c, argc, argv, "qh", longopts)) != -1) {
		switch (opt) {
		case CLI_OPT_ERROR: return BWM_EUSAGE;
		case OPT_HELP: fputs(usage, stdout); return BWM_OK;
		case OPT_JOURNAL: journal = optarg; break;
		case OPT_JSON: json = 1; break;
		default: return cli_usage_error("status", "unknown option");
		}
	}
	if (optind != argc || cli_journal_option("status", &journal) != BWM_OK)
		return cli_usage_error("status", "give --journal FILE (or URL) and nothing else");
	if (journal == NULL)
		return cli_usage_error("status", "give --journal FILE or URL (or set BWM_JOURNAL_URL)");
	struct bwm_error err = { 0, "" };
	cJSON *out = NULL;
	if (load_status(journal, &out, &err) != BWM_OK)
		return cli_report(&c, &err);
	if (json) {
		char *s = cJSON_Print(out);
		puts(s);
		cJSON_free(s);
	} else {
		printf("journal %s: %.0f entries\n", json_str(out, "journal"), json_num(out, "total", 0));
		const cJSON *states = cJSON_GetObjectItemCaseSensitive(out, "states");
		cJSON *all = cJSON_CreateObject();
		cJSON_AddItemReferenceToObject(all, "all", (cJSON *)states);
		table("", all);
		cJSON_Delete(all);
		table("kind", cJSON_GetObjectItemCaseSensitive(out, "kinds"));
		table("batch", cJSON_GetObjectItemCaseSensitive(out, "batches"));
		const cJSON *rec = cJSON_GetObjectItemCaseSensitive(out, "recorded"), *it, *m;
		if (cJSON_GetArraySize(rec) > 0)
			printf("\nrecorded from responses\n");
		cJSON_ArrayForEach(it, rec) {
			printf("%s:%s", json_str_or(it, "kind", ""), json_str_or(it, "key", ""));
			cJSON_ArrayForEach(m, it)
				if (cJSON_IsString(m) && strcmp(m->string, "kind") != 0 &&
				    strcmp(m->string, "key") != 0)
					printf("  %s=%s", m->string, m->valuestring);
			putchar('\n');
		}
		workers_table(cJSON_GetObjectItemCaseSensitive(out, "workers"));
	}
	cJSON_Delete(out);
	return BWM_OK;
}
