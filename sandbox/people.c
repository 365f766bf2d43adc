/*
 * people.c — GET /v1/people/{personId}: the Webex person behind a
 * Wholesale subscriber, in the People API shape (with callingData), so that
 * `verify` can read back the name, number, extension and location a
 * subscriber was provisioned with. The Wholesale Subscriber object itself
 * does not carry them.
 *
 * The person is derived from the subscriber's stored document each time:
 * nothing else in the sandbox creates people.
 */
#include "sandbox/sbx.h"

#include <string.h>

/* The org of the subscriber's customer, or NULL (caller frees). */
static char *org_of(struct sandbox *sb, const cJSON *sub)
{
	cJSON *cust = sbx_doc_load(sb, "customers", json_str_or(sub, "customerId", ""));
	const char *org = json_str(cust, "orgId");
	char *out = org ? xstrdup(org) : NULL;
	cJSON_Delete(cust);
	return out;
}

static cJSON *person_view(const cJSON *sub, const char *org)
{
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(sub, "provisioningParameters");
	const char *first = json_str(pp, "firstName"), *last = json_str(pp, "lastName");
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "id", json_str_or(sub, "personId", ""));
	cJSON *emails = cJSON_AddArrayToObject(p, "emails");
	cJSON_AddItemToArray(emails, cJSON_CreateString(json_str_or(sub, "email", "")));
	json_add_str_opt(p, "firstName", first);
	json_add_str_opt(p, "lastName", last);
	struct strbuf dn = STRBUF_INIT;
	strbuf_addf(&dn, "%s%s%s", first ? first : "", first && last ? " " : "", last ? last : "");
	cJSON_AddStringToObject(p, "displayName", dn.buf);
	strbuf_free(&dn);
	json_add_str_opt(p, "orgId", org);
	const char *num = json_str(pp, "primaryPhoneNumber");
	cJSON *nums = cJSON_AddArrayToObject(p, "phoneNumbers");
	if (num) {
		cJSON *n = cJSON_CreateObject();
		cJSON_AddStringToObject(n, "type", "work");
		cJSON_AddStringToObject(n, "value", num);
		cJSON_AddTrueToObject(n, "primary");
		cJSON_AddItemToArray(nums, n);
	}
	json_add_str_opt(p, "extension", json_str(pp, "extension"));
	json_add_str_opt(p, "locationId", json_str(pp, "locationId"));
	return p;
}

void sbx_person_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM subscribers WHERE "
				    "json_extract(doc, '$.personId') = ?1 LIMIT 1");
	cJSON *sub = NULL;
	if (st != NULL) {
		sbx_bind(st, 1, rq->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			sub = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	char *org = sub ? org_of(sb, sub) : NULL;
	const char *want = sbx_query(rq, "orgId");
	if (sub == NULL || (want && (org == NULL || strcmp(want, org) != 0)))
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Person '%s' not found.", rq->id);
	else
		sbx_reply_json(rs, 200, person_view(sub, org));
	free(org);
	cJSON_Delete(sub);
}
