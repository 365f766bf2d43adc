/*
 * status.c — `bwmigrate status`: what a journal holds, counted per state,
 * kind and batch, and what the plan's "record" journaled (activation codes),
 * read without taking the run lock (a status may be asked while a load is
 * running); with a shared journal, its workers too.
 */
#include "load/load.h"

#include <string.h>
#include <unistd.h>

/* counts[name][state] += 1, creating the objects on first use. */
static void bump(cJSON *parent, const char *name, const char *state)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, name);
	if (o == NULL)
		o = cJSON_AddObjectToObject(parent, name);
	cJSON *n = cJSON_GetObjectItemCaseSensitive(o, state);
	if (n == NULL)
		cJSON_AddNumberToObject(o, state, 1);
	else
		cJSON_SetNumberValue(n, n->valuedouble + 1);
}

/* What the plan's "record" journaled for the row (an activation code and
 * its expiry): {kind, key, MEMBER: value …}. */
static void add_recorded(cJSON *list, const struct journal_row *row)
{
	if (row->fields == NULL || strstr(row->fields, "\"recorded\"") == NULL)
		return;
	cJSON *f = cJSON_Parse(row->fields);
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(f, "recorded"), *m;
	if (cJSON_IsObject(got) && got->child != NULL) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", row->kind);
		cJSON_AddStringToObject(o, "key", row->key);
		cJSON_ArrayForEach(m, got)
			cJSON_AddItemToObject(o, m->string, cJSON_Duplicate(m, 1));
		cJSON_AddItemToArray(list, o);
	}
	cJSON_Delete(f);
}

static int status_row(const struct journal_row *row, void *ctx)
{
	cJSON *out = ctx;
	const char *state = journal_state_name(row->state);
	cJSON *total = cJSON_GetObjectItemCaseSensitive(out, "total");
	cJSON_SetNumberValue(total, total->valuedouble + 1);
	cJSON *states = cJSON_GetObjectItemCaseSensitive(out, "states");
	cJSON *n = cJSON_GetObjectItemCaseSensitive(states, state);
	cJSON_SetNumberValue(n, n->valuedouble + 1);
	bump(cJSON_GetObjectItemCaseSensitive(out, "kinds"), row->kind, state);
	bump(cJSON_GetObjectItemCaseSensitive(out, "batches"), row->batch[0] ? row->batch : "-",
	     state);
	add_recorded(cJSON_GetObjectItemCaseSensitive(out, "recorded"), row);
	return 0;
}

/* One worker of a shared journal; "status" says whether it finished,
 * is alive (heard of within a lease), or went silent. */
static int worker_row(const struct journal_worker *w, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", w->id);
	cJSON_AddStringToObject(o, "host", w->host);
	cJSON_AddNumberToObject(o, "pid", (double)w->pid);
	cJSON_AddStringToObject(o, "started", w->started);
	cJSON_AddStringToObject(o, "heartbeat", w->heartbeat);
	cJSON_AddNumberToObject(o, "done", (double)w->done);
	if (w->learned_rate > 0)
		cJSON_AddNumberToObject(o, "learned_rate", w->learned_rate);
	cJSON_AddStringToObject(o, "status", w->finished ? "finished" : w->silent_s > JOURNAL_LEASE_S
				? "silent" : "running");
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

int load_status(const char *journal_path, cJSON **out, struct bwm_error *err)
{
	*out = NULL;
	if (!journal_is_url(journal_path) && access(journal_path, R_OK) != 0)
		return bwm_fail(err, BWM_EINPUT, "%s: no such journal; give the --journal of a "
				"load (default: the plan path + .journal)", journal_path);
	struct journal j;
	int rc = journal_open(&j, journal_path, 0, 1, err);
	if (rc != BWM_OK)
		return rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "journal", j.path);   /* a URL without its password */
	cJSON_AddNumberToObject(o, "total", 0);
	cJSON *states = cJSON_AddObjectToObject(o, "states");
	for (int s = 0; s < JS__COUNT; s++)
		cJSON_AddNumberToObject(states, journal_state_name(s), 0);
	cJSON_AddObjectToObject(o, "kinds");
	cJSON_AddObjectToObject(o, "batches");
	cJSON_AddArrayToObject(o, "recorded");
	rc = journal_each(&j, status_row, o, err);
	cJSON *workers = cJSON_AddArrayToObject(o, "workers");
	if (rc == BWM_OK)
		rc = journal_each_worker(&j, worker_row, workers, err);
	journal_close(&j);
	if (rc != BWM_OK) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return BWM_OK;
}
