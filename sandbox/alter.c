/*
 * alter.c — POST /_sandbox/alter: change what the sandbox holds behind the
 * client's back, the way an administrator in Control Hub would, so that a
 * test can prove `verify` notices. Inspection only: never subject to
 * faults, and it changes documents without any of the API's checks.
 *
 * Body: {"table": "subscribers" | "customers" | "locations", "id": ID,
 *        "set": {"dotted.path": VALUE, …}}   change fields of a document
 *       {"table": …, "id": ID, "delete": true} remove the object
 *       {"table": "numbers", "phoneNumber": "+E164", "delete": true}
 * Answers 204, or 404 when nothing matched, 400 for a malformed body.
 */
#include "sandbox/sbx.h"

#include <stdio.h>
#include <string.h>

static int known_table(const char *t)
{
	return t && (strcmp(t, "subscribers") == 0 || strcmp(t, "customers") == 0 ||
		     strcmp(t, "locations") == 0);
}

/* Set doc's member at a dotted path, creating objects on the way. */
static void set_path(cJSON *doc, const char *path, const cJSON *value)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	cJSON *at = doc;
	char *seg = buf, *dot;
	while ((dot = strchr(seg, '.')) != NULL) {
		*dot = '\0';
		cJSON *next = cJSON_GetObjectItemCaseSensitive(at, seg);
		if (!cJSON_IsObject(next)) {
			next = cJSON_CreateObject();
			sbx_set(at, seg, next);
		}
		at = next;
		seg = dot + 1;
	}
	sbx_set(at, seg, cJSON_Duplicate(value, 1));
}

static int save_doc(struct sandbox *sb, const char *table, const char *id, const cJSON *doc)
{
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE %s SET doc = ?1 WHERE id = ?2", table);
	char *text = cJSON_PrintUnformatted(doc);
	int rc = sbx_exec(sb, sql, text, id, NULL);
	cJSON_free(text);
	return rc;
}

static void alter_doc(struct sandbox *sb, const char *table, const char *id,
		      const cJSON *set, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, table, id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "No %s with id '%s'.", table, id);
		return;
	}
	const cJSON *kv;
	cJSON_ArrayForEach(kv, set)
		set_path(doc, kv->string, kv);
	if (save_doc(sb, table, id, doc) == 0)
		rs->status = 204;
	else
		sbx_reply_error(rs, 500, SBX_E_SERVER, "could not store the altered %s", table);
	cJSON_Delete(doc);
}

static void delete_row(struct sandbox *sb, const char *sql, const char *what,
		       const char *key, struct sbx_resp *rs)
{
	int before = sqlite3_total_changes(sb->db);
	if (sbx_exec(sb, sql, key, NULL, NULL) != 0 || sqlite3_total_changes(sb->db) == before)
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "No %s '%s'.", what, key);
	else
		rs->status = 204;
}

void sbx_inspect_alter(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *table = json_str(rq->body, "table"), *id = json_str(rq->body, "id");
	const cJSON *set = cJSON_GetObjectItemCaseSensitive(rq->body, "set");
	int del = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rq->body, "delete"));
	if (table && strcmp(table, "numbers") == 0 && del && json_str(rq->body, "phoneNumber")) {
		delete_row(sb, "DELETE FROM numbers WHERE phone = ?1", "number",
			   json_str(rq->body, "phoneNumber"), rs);
		return;
	}
	if (!known_table(table) || id == NULL || (!del && !cJSON_IsObject(set))) {
		sbx_reply_error(rs, 400, SBX_E_BODY, "alter takes {\"table\": subscribers|customers|"
				"locations, \"id\": ID, \"set\": {…}} or \"delete\": true, or "
				"{\"table\": \"numbers\", \"phoneNumber\": …, \"delete\": true}");
		return;
	}
	if (del) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?1", table);
		delete_row(sb, sql, table, id, rs);
		return;
	}
	alter_doc(sb, table, id, set, rs);
}
