/*
 * supervisors.c — call queue supervisors of an organization, at the
 * paths of Cisco's OpenAPI file (webex-features-call-queue):
 *   /v1/telephony/config/supervisors                 GET list, POST
 *   /v1/telephony/config/supervisors/{supervisorId}  GET, DELETE
 *
 * POST {id, agents[{id}]} answers 201 with no body: the supervisor's id is
 * the person's id. As on a real server the supervisor and every agent
 * must be people of ?orgId=, every agent must already be an agent of one
 * of the org's call queues, and a person is supervisor once (409 unless
 * --allow-duplicates, counted in /_sandbox/state).
 */
#include "sandbox/features.h"

#include <stdlib.h>
#include <string.h>

/* ?orgId= of a known customer: the org, or NULL after a 404. */
static const char *org_of(struct sandbox *sb, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = sbx_query(rq, "orgId");
	if (org != NULL && sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1", org,
				     NULL) > 0)
		return org;
	sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Organization '%s' not found.",
			org ? org : "(none)");
	return NULL;
}

static int is_person(struct sandbox *sb, const char *id, const char *org)
{
	return sbx_count(sb, "SELECT count(*) FROM subscribers s JOIN customers c ON "
			 "c.id = s.customer_id WHERE json_extract(s.doc, '$.personId') = ?1 AND "
			 "c.org_id = ?2", id, org) > 0;
}

static int is_queue_agent(struct sandbox *sb, const char *id, const char *org)
{
	return sbx_count(sb, "SELECT count(*) FROM queue_features q, json_each(q.doc, '$.agents') a "
			 "WHERE q.kind = 'queues' AND q.org_id = ?2 AND "
			 "json_extract(a.value, '$.id') = ?1", id, org) > 0;
}

static int check(struct sandbox *sb, const cJSON *body, const char *org, struct sbx_resp *rs)
{
	const char *id = json_str(body, "id");
	const cJSON *agents = cJSON_GetObjectItemCaseSensitive(body, "agents"), *a;
	const cJSON *m;
	cJSON_ArrayForEach(m, body)
		if (strcmp(m->string, "id") != 0 && strcmp(m->string, "agents") != 0) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s is not a member of a supervisor.",
					m->string);
			return -1;
		}
	if (id == NULL || id[0] == '\0') {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "id is required.");
		return -1;
	}
	if (!is_person(sb, id, org)) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "Supervisor '%s' is not a person of "
				"organization '%s'.", id, org);
		return -1;
	}
	if (!cJSON_IsArray(agents) || cJSON_GetArraySize(agents) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "A supervisor must be created with at "
				"least one agent.");
		return -1;
	}
	cJSON_ArrayForEach(a, agents) {
		const char *aid = json_str(a, "id");
		if (aid == NULL || !is_person(sb, aid, org)) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "Agent '%s' is not a person of "
					"organization '%s'.", aid ? aid : "(no id)", org);
			return -1;
		}
		if (!is_queue_agent(sb, aid, org)) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "[Error 6612] Agent %s is not an "
					"agent of a call queue.", aid);
			return -1;
		}
	}
	return 0;
}

void sbx_supervisors_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org;
	if (sbx_check_body(rq, rs) || (org = org_of(sb, rq, rs)) == NULL ||
	    check(sb, rq->body, org, rs))
		return;
	const char *id = json_str(rq->body, "id");
	if (!sb->cfg.allow_duplicates && sbx_count(sb, "SELECT count(*) FROM supervisors WHERE "
						   "id = ?1 AND org_id = ?2", id, org) > 0) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "Supervisor '%s' already exists.", id);
		return;
	}
	char *text = cJSON_PrintUnformatted(rq->body);
	sbx_exec(sb, "INSERT INTO supervisors(id, org_id, doc) VALUES(?1, ?2, ?3)", id, org, text);
	cJSON_free(text);
	rs->status = 201;
}

static void add_row(sqlite3_stmt *st, void *ctx)
{
	cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", json_str_or(doc, "id", ""));
	cJSON_AddNumberToObject(o, "agentCount", cJSON_GetArraySize(cJSON_GetObjectItem(doc,
											"agents")));
	cJSON_AddItemToArray(ctx, o);
	cJSON_Delete(doc);
}

void sbx_supervisors_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = org_of(sb, rq, rs);
	long start, max;
	if (org == NULL || sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &start) ||
	    sbx_query_int(rq, rs, "max", 2000, 1, 2000, &max))
		return;
	struct sbx_filter f[] = { { "org_id = ?", org } };
	cJSON *items = cJSON_CreateArray();
	const struct sbx_list_query q = { "doc", "supervisors", "seq", start, max };
	sbx_list(sb, &q, f, 1, add_row, items);
	cJSON *out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "supervisors", items);
	sbx_reply_json(rs, 200, out);
}

/* The supervisor of the path, or NULL after a 404. */
static cJSON *find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = org_of(sb, rq, rs);
	if (org == NULL)
		return NULL;
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM supervisors WHERE id = ?1 AND org_id = ?2 "
				    "ORDER BY seq LIMIT 1");
	cJSON *doc = NULL;
	if (st != NULL) {
		sbx_bind(st, 1, rq->id);
		sbx_bind(st, 2, org);
		if (sqlite3_step(st) == SQLITE_ROW)
			doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (doc == NULL)
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Supervisor '%s' not found.",
				rq->id ? rq->id : "");
	return doc;
}

void sbx_supervisor_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = find(sb, rq, rs);
	if (doc != NULL)
		sbx_reply_json(rs, 200, doc);
}

void sbx_supervisor_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = find(sb, rq, rs);
	if (doc == NULL)
		return;
	sbx_exec(sb, "DELETE FROM supervisors WHERE id = ?1 AND org_id = ?2", rq->id,
		 sbx_query(rq, "orgId"), NULL);
	rs->status = 204;
	cJSON_Delete(doc);
}

void sbx_supervisors_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates)
{
	if (counts != NULL)
		cJSON_AddNumberToObject(counts, "supervisors", (double)sbx_count(sb,
			"SELECT count(*) FROM supervisors", NULL, NULL));
	if (duplicates != NULL)
		cJSON_AddNumberToObject(duplicates, "supervisors.id", (double)sbx_count(sb,
			"SELECT count(*) - count(DISTINCT org_id || char(31) || id) FROM supervisors",
			NULL, NULL));
}
