/*
 * delete.c — how to delete what an entry created (docs/plan-format.md, "delete").
 *
 * A plan entry that creates something may carry
 *   "delete": {"path": "/locations/{id}", "bodies": [ … ]}
 * When the entry becomes done, the load resolves that path — `{id}` is the
 * entry's own remote id, every other `{x}` comes from its resolved params,
 * and `orgId` from params is added as a query parameter — and journals it
 * in the entry's fields as "delete": {"path", "template", "bodies"}.
 * Rollback reads only the journal, so this is what it sends: one DELETE per
 * body (the Numbers API removes at most 5 numbers a request), or one
 * without a body when there are none.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>

/* The params a DELETE path needs: its {x} and orgId, or NULL when one is
 * missing (a reference that did not resolve, or no remote id). */
static cJSON *delete_params(const char *tmpl, const cJSON *params, const char *id)
{
	cJSON *out = cJSON_CreateObject();
	for (const char *s = strchr(tmpl, '{'); s; s = strchr(s + 1, '{')) {
		const char *close = strchr(s, '}');
		if (close == NULL)
			break;
		char *name = xstrndup(s + 1, (size_t)(close - s - 1));
		const char *v = strcmp(name, "id") == 0 ? id : json_str(params, name);
		if (v == NULL) {
			free(name);
			cJSON_Delete(out);
			return NULL;
		}
		cJSON_AddStringToObject(out, name, v);
		free(name);
	}
	const char *org = json_str(params, "orgId");
	if (org != NULL && cJSON_GetObjectItemCaseSensitive(out, "orgId") == NULL)
		cJSON_AddStringToObject(out, "orgId", org);
	return out;
}

void delete_record(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	cJSON *rec = NULL;
	if (plan_record(&r->plan, i, &rec, NULL) != BWM_OK)
		return;
	const cJSON *del = cJSON_GetObjectItemCaseSensitive(rec, "delete");
	const char *tmpl = json_str(del, "path");
	if (tmpl != NULL) {
		resolve_refs(rec, run_ref, r, NULL);
		cJSON *p = delete_params(tmpl, cJSON_GetObjectItemCaseSensitive(rec, "params"),
					 e->remote_id);
		char *url = p ? request_url(r, tmpl, p) : NULL;
		cJSON_DeleteItemFromObjectCaseSensitive(e->fields, "delete");
		if (url != NULL) {
			cJSON *d = cJSON_AddObjectToObject(run_fields(e), "delete");
			cJSON_AddStringToObject(d, "path", url + strlen(r->api));
			cJSON_AddStringToObject(d, "template", tmpl);
			const cJSON *bodies = cJSON_GetObjectItemCaseSensitive(del, "bodies");
			if (cJSON_IsArray(bodies))
				cJSON_AddItemToObject(d, "bodies", cJSON_Duplicate(bodies, 1));
		} else {
			run_note(r, r->notes, i, "its delete path could not be resolved; a rollback "
				 "will leave it in place");
		}
		free(url);
		cJSON_Delete(p);
	}
	cJSON_Delete(rec);
}
