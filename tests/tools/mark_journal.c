/*
 * mark_journal.c — a test helper: the journal a load of PLAN would leave,
 * made through the public journal API (load/journal.h) without an API to
 * load against. Every entry is added with the plan's hash and batch and
 * moved pending → in_flight → done with a made-up remote id, except those
 * named KIND:KEY=STATE (pending, in_flight, failed), which stop there.
 *
 * usage: mark_journal PLAN JOURNAL [KIND:KEY=STATE ...]
 */
#include <stdio.h>
#include <string.h>

#include "core/jsonl.h"
#include "load/journal.h"
#include "load/plan.h"

/* The state asked for kind:key on the command line, or JS_DONE. */
static int wanted(int argc, char **argv, const char *kind, const char *key)
{
	char id[1024];
	snprintf(id, sizeof id, "%s:%s=", kind, key);
	for (int i = 3; i < argc; i++)
		if (strncmp(argv[i], id, strlen(id)) == 0)
			return journal_state_parse(argv[i] + strlen(id));
	return JS_DONE;
}

static int mark(struct journal *j, const cJSON *rec, int state, long n, struct bwm_error *err)
{
	char hash[PLAN_HASH_LEN], rid[32];
	plan_hash(rec, hash);
	snprintf(rid, sizeof rid, "id-%ld", n);
	struct journal_row r = { .kind = json_str(rec, "kind"), .key = json_str(rec, "key"),
				 .batch = json_str_or(rec, "batch", ""), .hash = hash };
	int rc = journal_add(j, r.kind, r.key, r.batch, hash, err);
	if (rc != BWM_OK || state == JS_PENDING)
		return rc;
	r.state = JS_IN_FLIGHT;
	r.attempts = 1;
	if ((rc = journal_set(j, &r, JS_PENDING, "sent", err)) != BWM_OK || state == JS_IN_FLIGHT)
		return rc;
	r.state = state;
	r.remote_id = state == JS_DONE ? rid : NULL;
	r.last_error = state == JS_FAILED ? "400 refused by the test" : NULL;
	r.http_status = state == JS_DONE ? 200 : 400;
	return journal_set(j, &r, JS_IN_FLIGHT, "answered", err);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: mark_journal PLAN JOURNAL [KIND:KEY=STATE ...]\n", stderr);
		return 2;
	}
	struct bwm_error err = { 0, "" };
	struct jsonl_reader rd;
	struct journal j;
	int rc = journal_open(&j, argv[2], 1, 0, &err);
	if (rc == BWM_OK)
		rc = jsonl_open(&rd, argv[1], &err);
	for (long n = 1; rc == BWM_OK; n++) {
		cJSON *rec = NULL;
		rc = jsonl_next(&rd, &rec, &err);
		if (rc != BWM_OK || rec == NULL)
			break;
		int state = wanted(argc, argv, json_str(rec, "kind"), json_str(rec, "key"));
		rc = state < 0 ? bwm_fail(&err, 2, "unknown state for %s", json_str(rec, "key"))
			       : mark(&j, rec, state, n, &err);
		cJSON_Delete(rec);
	}
	if (rd.fp)
		jsonl_close(&rd);
	journal_close(&j);
	if (rc != BWM_OK)
		fprintf(stderr, "mark_journal: %s\n", err.msg);
	return rc;
}
