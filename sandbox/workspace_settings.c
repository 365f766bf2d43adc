/*
 * workspace_settings.c — a workspace's call forwarding and call waiting:
 * GET and PUT /v1/workspaces/{id}/features/{callForwarding, callWaiting},
 * the settings of the Common Area package a migrated common-area phone
 * keeps. The workspace must exist in ?orgId= (404 otherwise); a PUT body
 * is checked with the person feature's field table plus what the
 * workspace schema requires besides (`callForwarding.always` and
 * `businessContinuity`). The documents live beside the person settings,
 * keyed by the workspace id, and a GET before any PUT shows the defaults.
 */
#include "sandbox/person.h"

#include <string.h>

/* The feature named by the path's last segment, when a workspace has it. */
static const struct sbx_feature *feature_of(const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strrchr(rq->path, '/');
	const char *name = slash != NULL ? slash + 1 : "";
	const struct sbx_feature *f = sbx_feature_named(name);
	if (f == NULL || !f->common_area || f->fields == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "No such workspace feature at %s.",
				rq->path);
		return NULL;
	}
	return f;
}

/* 1 when workspace rq->id exists in ?orgId= (else a 404 in rs). */
static int workspace_known(struct sandbox *sb, const struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "workspaces", rq->id);
	const char *org = sbx_query(rq, "orgId");
	int ok = doc != NULL && org != NULL && strcmp(org, json_str_or(doc, "orgId", "")) == 0;
	cJSON_Delete(doc);
	if (!ok)
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Workspace '%s' not found in "
				"organization '%s'.", rq->id ? rq->id : "", org ? org : "");
	return ok;
}

void sbx_workspace_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = feature_of(rq, rs);
	if (f == NULL || !workspace_known(sb, rq, rs))
		return;
	sbx_reply_json(rs, 200, sbx_person_settings_load(sb, rq->id, f->name));
}

void sbx_workspace_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = feature_of(rq, rs);
	if (f == NULL || !workspace_known(sb, rq, rs))
		return;
	if (strcmp(f->name, "callForwarding") == 0) {
		const cJSON *cf = cJSON_GetObjectItemCaseSensitive(rq->body, "callForwarding");
		const char *missing = !cJSON_IsObject(cf) ? "callForwarding"
				      : !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(cf, "always"))
				      ? "callForwarding.always"
				      : !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rq->body,
							"businessContinuity")) ? "businessContinuity" : NULL;
		if (missing != NULL) {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s: required for a workspace.",
					missing);
			return;
		}
	}
	if (sbx_check_fields(f->fields, rq->body, "", rs) != 0)
		return;
	cJSON *doc = sbx_person_settings_load(sb, rq->id, f->name);
	sbx_person_settings_merge(doc, rq->body);
	sbx_person_settings_store(sb, rq->id, f->name, doc);
	cJSON_Delete(doc);
	rs->status = 204;
}
