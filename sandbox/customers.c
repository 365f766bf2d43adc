/*
 * customers.c — /v1/wholesale/customers: list, provision (202 + Location),
 * get, update (complete package list) and remove.
 *
 * Provisioning is asynchronous as in the real API: a new customer is
 * `provisioning`; provision.c moves it on when --provision-delay-ms has
 * passed, computed lazily from the row's since_ms at the next request.
 */
#include "sandbox/sbx.h"

#include <stdlib.h>
#include <string.h>

/* The Customer object of the spec, from the stored document. */
static cJSON *customer_view(const cJSON *doc)
{
	static const char *const keys[] = { "id", "orgId", "externalId", "address", "status",
					    "packages", "resourceDetails", "errors", NULL };
	const char *status = json_str(doc, "status");
	int has_org = status && (strcmp(status, "provisioned") == 0 ||
				 strcmp(status, "provisioned_with_errors") == 0 ||
				 strcmp(status, "updating") == 0);
	cJSON *v = cJSON_CreateObject();
	for (int i = 0; keys[i]; i++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
		if (it == NULL || (strcmp(keys[i], "orgId") == 0 && !has_org))
			continue;
		cJSON_AddItemToObject(v, keys[i], cJSON_Duplicate(it, 1));
	}
	return v;
}

int sbx_customer_store(struct sandbox *sb, const cJSON *doc, int64_t since_ms, int insert)
{
	char *text = cJSON_PrintUnformatted(doc);
	const char *sql = insert
		? "INSERT INTO customers(id, external_id, org_id, status, since_ms, doc) "
		  "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		: "UPDATE customers SET external_id = ?2, org_id = ?3, status = ?4, "
		  "since_ms = coalesce(?5, since_ms), doc = ?6 WHERE id = ?1";
	sqlite3_stmt *st = sbx_prep(sb, sql);
	int rc = -1;
	if (st != NULL) {
		sbx_bind(st, 1, json_str(doc, "id"));
		sbx_bind(st, 2, json_str(doc, "externalId"));
		sbx_bind(st, 3, json_str(doc, "orgId"));
		sbx_bind(st, 4, json_str(doc, "status"));
		if (since_ms >= 0)
			sqlite3_bind_int64(st, 5, since_ms);
		sbx_bind(st, 6, text);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	cJSON_free(text);
	return rc;
}

static void reply_accepted(const struct sbx_req *rq, struct sbx_resp *rs, const char *id)
{
	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s/v1/wholesale/customers/%s", rq->base_url, id);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "url", url.buf);
	rs->location = strbuf_detach(&url);
	sbx_reply_json(rs, 202, o);
}

/* Copy the members of src named in keys into dst (replacing). */
static void take(cJSON *dst, const cJSON *src, const char *const *keys)
{
	for (; *keys; keys++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(src, *keys);
		if (it == NULL)
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(dst, *keys);
		cJSON_AddItemToObject(dst, *keys, cJSON_Duplicate(it, 1));
	}
}

static int external_id_taken(struct sandbox *sb, const char *ext, const char *except_id,
			     struct sbx_resp *rs)
{
	if (sb->cfg.allow_duplicates)
		return 0;
	if (sbx_count(sb, "SELECT count(*) FROM customers WHERE external_id = ?1 "
		      "AND id IS NOT ?2", ext, except_id) == 0)
		return 0;
	sbx_reply_error(rs, 409, SBX_E_EXISTS, "A customer with externalId '%s' already exists; "
			"find it with GET /wholesale/customers?externalId=...", ext);
	return 1;
}

void sbx_customers_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	static const char *const keys[] = { "provisioningId", "packages", "orgId", "externalId",
					    "address", "customerInfo", "provisioningParameters",
					    "subPartnerAdminEmail", NULL };
	if (sbx_check_body(rq, rs) || sbx_check_customer(rq->body, 0, rs) ||
	    external_id_taken(sb, json_str(rq->body, "externalId"), NULL, rs))
		return;
	char *id = sbx_new_id(sb, "CUSTOMER");
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	take(doc, rq->body, keys);
	cJSON_AddStringToObject(doc, "status", "provisioning");
	if (sbx_customer_store(sb, doc, rq->now_ms, 1) == 0)
		reply_accepted(rq, rs, id);
	cJSON_Delete(doc);
	free(id);
}

/* includePackageLicenseInfo=true: one licence id per provisioned package,
 * stable for a customer and package. */
static void add_license_ids(struct sandbox *sb, cJSON *view)
{
	const char *id = json_str_or(view, "id", "");
	cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(view, "resourceDetails"), "packages");
	cJSON *p;
	cJSON_ArrayForEach(p, pkgs) {
		if (strcmp(json_str_or(p, "status", ""), "provisioned") != 0)
			continue;
		char *lic = sbx_make_id("LICENSE", sb->cfg.seed,
					sbx_hash_str(id) ^ sbx_hash_str(json_str_or(p, "name", "")));
		cJSON *list = cJSON_AddArrayToObject(p, "licenseIds");
		cJSON_AddItemToArray(list, cJSON_CreateString(lic));
		free(lic);
	}
}

void sbx_customer_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "customers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Customer '%s' not found.", rq->id);
		return;
	}
	cJSON *view = customer_view(doc);
	const char *lic = sbx_query(rq, "includePackageLicenseInfo");
	if (lic != NULL && strcmp(lic, "true") == 0)
		add_license_ids(sb, view);
	sbx_reply_json(rs, 200, view);
	cJSON_Delete(doc);
}

/* The statuses a list filter asked for, as ",a,b," (NULL = any). */
static char *status_filter(const struct sbx_req *rq)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rq->nquery; i++)
		if (strcmp(rq->query[i].key, "status") == 0 && rq->query[i].value[0] != '\0')
			strbuf_addf(&sb, "%s%s,", sb.len ? "" : ",", rq->query[i].value);
	return sb.len ? strbuf_detach(&sb) : NULL;
}

static void customer_row(sqlite3_stmt *st, void *items)
{
	cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	cJSON_AddItemToArray(items, customer_view(doc));
	cJSON_Delete(doc);
}

void sbx_customers_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	long offset, max;
	if (sbx_query_int(rq, rs, "offset", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 100, 1, 1000, &max))
		return;
	char *statuses = status_filter(rq);
	const struct sbx_filter f[] = {
		{ "external_id = ?", sbx_query(rq, "externalId") },
		{ "org_id = ?", sbx_query(rq, "orgId") },
		{ "instr(?, ',' || status || ',') > 0", statuses },
	};
	const struct sbx_list_query q = { "doc", "customers", "seq", offset, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 3, customer_row, items);
	if (total >= 0) {
		sbx_reply_items(rs, items);
		sbx_reply_link(rq, rs, offset, max, total);
	} else {
		cJSON_Delete(items);
	}
	free(statuses);
}

void sbx_customer_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	static const char *const keys[] = { "packages", "externalId", "address",
					    "provisioningParameters", "subPartnerAdminEmail", NULL };
	if (sbx_check_body(rq, rs) || sbx_check_customer(rq->body, 1, rs))
		return;
	cJSON *doc = sbx_doc_load(sb, "customers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Customer '%s' not found.", rq->id);
		return;
	}
	const char *status = json_str(doc, "status");
	const char *ext = json_str(rq->body, "externalId");
	if (strcmp(status, "provisioned") != 0 && strcmp(status, "provisioned_with_errors") != 0 &&
	    strcmp(status, "error") != 0) {
		sbx_reply_error(rs, 409, SBX_E_NOT_READY, "Customer '%s' is %s; it can be updated "
				"once it is provisioned.", rq->id, status);
	} else if (ext == NULL || !external_id_taken(sb, ext, rq->id, rs)) {
		/* The complete-list rule: packages replaces what was there. */
		take(doc, rq->body, keys);
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "errors");
		cJSON_ReplaceItemInObjectCaseSensitive(doc, "status",
						       cJSON_CreateString("updating"));
		if (sbx_customer_store(sb, doc, rq->now_ms, 0) == 0)
			reply_accepted(rq, rs, rq->id);
	}
	cJSON_Delete(doc);
}

/* Removing a customer takes its org's locations and numbers with it, so a
 * rollback leaves nothing behind; its subscribers must go first. */
void sbx_customer_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "customers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Customer '%s' not found.", rq->id);
		return;
	}
	int64_t subs = sbx_count(sb, "SELECT count(*) FROM subscribers WHERE customer_id = ?1",
				 rq->id, NULL);
	if (subs > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "Customer '%s' still has %lld subscriber(s); "
				"delete them first.", rq->id, (long long)subs);
	} else {
		const char *org = json_str(doc, "orgId");
		if (org != NULL) {
			sbx_exec(sb, "DELETE FROM numbers WHERE location_id IN "
				 "(SELECT id FROM locations WHERE org_id = ?1)", org, NULL, NULL);
			sbx_exec(sb, "DELETE FROM locations WHERE org_id = ?1", org, NULL, NULL);
			/* its location features go with it, as on the real server */
			sbx_exec(sb, "DELETE FROM feature_settings WHERE feature_id IN "
				 "(SELECT id FROM features WHERE org_id = ?1)", org, NULL, NULL);
			sbx_exec(sb, "DELETE FROM features WHERE org_id = ?1", org, NULL, NULL);
		}
		sbx_exec(sb, "DELETE FROM customers WHERE id = ?1", rq->id, NULL, NULL);
		rs->status = 202;
	}
	cJSON_Delete(doc);
}
