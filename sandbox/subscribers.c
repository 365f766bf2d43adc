/*
 * subscribers.c — /v1/wholesale/subscribers: list, provision, get, change
 * package, remove.
 *
 * A subscriber is provisioned synchronously (200, `provisioned`), or 202
 * `pending_user_migration` when its e-mail matches --pending-emails (the
 * consent flow of an existing free Webex account). The rules that catch a
 * loader's ordering mistakes: the customer must exist and be provisioned,
 * the location must belong to the customer's org, and a primary number
 * must already be in that location (added through the numbers API).
 */
#include "sandbox/sbx.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* What the store keeps beside the API document. */
struct sub_row {
	const char *id;
	const char *email;
	const char *customer_id;
	const char *status;
	const char *location_id;     /* NULL without calling */
	const char *phone;           /* E.164 or NULL */
	const char *extension;
};

static char *email_key(const char *email)
{
	char *k = xstrdup(email);
	for (char *p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* The Subscriber object: the stored document minus our private fields. */
static cJSON *subscriber_view(const cJSON *doc)
{
	cJSON *v = cJSON_Duplicate(doc, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(v, "provisioningParameters");
	return v;
}

static int sub_insert(struct sandbox *sb, const struct sub_row *r, const cJSON *doc, int insert)
{
	char *key = email_key(r->email);
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, insert
		? "INSERT INTO subscribers(id, email_key, customer_id, status, location_id, phone, "
		  "extension, doc) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		: "UPDATE subscribers SET email_key = ?2, customer_id = ?3, status = ?4, "
		  "location_id = ?5, phone = ?6, extension = ?7, doc = ?8 WHERE id = ?1");
	int rc = -1;
	if (st != NULL) {
		const char *vals[] = { r->id, key, r->customer_id, r->status, r->location_id,
				       r->phone, r->extension, text };
		for (int i = 0; i < 8; i++)
			sbx_bind(st, i + 1, vals[i]);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	if (rc == 0 && r->phone != NULL)
		sbx_exec(sb, "UPDATE numbers SET owner_id = ?1 WHERE phone = ?2 AND location_id = ?3",
			 r->id, r->phone, r->location_id);
	cJSON_free(text);
	free(key);
	return rc;
}

/* The customer of a new subscriber: it must exist and be provisioned. */
static cJSON *ready_customer(struct sandbox *sb, const char *id, struct sbx_resp *rs)
{
	cJSON *c = sbx_doc_load(sb, "customers", id);
	if (c == NULL) {
		sbx_reply_error(rs, 404, SBX_E_REFERENCE, "customerId '%s': no such customer.", id);
		return NULL;
	}
	const char *st = json_str_or(c, "status", "");
	if (strcmp(st, "provisioned") != 0 && strcmp(st, "provisioned_with_errors") != 0 &&
	    strcmp(st, "updating") != 0) {
		sbx_reply_error(rs, 409, SBX_E_NOT_READY, "Customer '%s' is %s; subscribers can be "
				"added once it is provisioned (poll GET /wholesale/customers/%s).",
				id, st, id);
		cJSON_Delete(c);
		return NULL;
	}
	return c;
}

static int customer_has_package(const cJSON *cust, const char *pkg, struct sbx_resp *rs)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(cust, "packages"))
		if (cJSON_IsString(p) && strcmp(p->valuestring, pkg) == 0)
			return 1;
	sbx_reply_error(rs, 400, SBX_E_DEPENDS, "Customer '%s' has no '%s' package; add it to "
			"the customer first.", json_str_or(cust, "id", "?"), pkg);
	return 0;
}

/* Pick and check the location, number and extension of a calling
 * subscriber. *loc_out is owned by the caller. */
static int check_calling(struct sandbox *sb, const cJSON *cust, const cJSON *pp,
			 const char *self_id, char **loc_out, struct sbx_resp *rs)
{
	const char *org = json_str_or(cust, "orgId", "");
	const char *loc = json_str(pp, "locationId");
	const char *phone = json_str(pp, "primaryPhoneNumber");
	const char *ext = json_str(pp, "extension");
	char *first = NULL;
	*loc_out = NULL;
	if (loc == NULL) {
		sqlite3_stmt *st = sbx_prep(sb, "SELECT id FROM locations WHERE org_id = ?1 "
					    "ORDER BY seq LIMIT 1");
		if (st && (sbx_bind(st, 1, org), sqlite3_step(st) == SQLITE_ROW))
			first = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (first == NULL) {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "provisioningParameters.locationId "
					"is required: the customer's org has no location.");
			return -1;
		}
		loc = first;
	} else if (sbx_count(sb, "SELECT count(*) FROM locations WHERE id = ?1 AND org_id = ?2",
			     loc, org) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "provisioningParameters.locationId '%s' "
				"is not a location of the customer's organization.", loc);
		return -1;
	}
	int rc = 0;
	if (phone && sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
			       "location_id = ?2", phone, loc) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "provisioningParameters.primaryPhoneNumber "
				"%s is not a number of location '%s'; add it with POST "
				"/telephony/config/locations/{locationId}/numbers first.", phone, loc);
		rc = -1;
	} else if (phone && sbx_count(sb, "SELECT count(*) FROM subscribers WHERE phone = ?1 AND "
				      "id IS NOT ?2", phone, self_id) > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "primaryPhoneNumber %s is already assigned "
				"to another subscriber.", phone);
		rc = -1;
	} else if (ext && sbx_count3(sb, "SELECT count(*) FROM subscribers WHERE location_id = ?1 "
				    "AND extension = ?2 AND id IS NOT ?3", loc, ext, self_id) > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "extension %s is already used in location "
				"'%s'.", ext, loc);
		rc = -1;
	}
	if (rc == 0)
		*loc_out = xstrdup(loc);
	free(first);
	return rc;
}

int sbx_email_pending(const struct sandbox *sb, const char *email)
{
	if (sb->pending_re == NULL)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(sb->pending_re, NULL);
	int rc = pcre2_match(sb->pending_re, (PCRE2_SPTR)email, PCRE2_ZERO_TERMINATED, 0, 0, md,
			     NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static void set_location_header(const struct sbx_req *rq, struct sbx_resp *rs, const char *id)
{
	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s/v1/wholesale/subscribers/%s", rq->base_url, id);
	rs->location = strbuf_detach(&url);
}

static cJSON *new_doc(struct sandbox *sb, const struct sbx_req *rq, const cJSON *cust,
		      const char *id, const char *pkg, int is_pending)
{
	char now[32];
	sbx_iso8601(rq->now_ms, now);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	if (!is_pending) {
		char *person = sbx_new_id(sb, "PEOPLE");
		cJSON_AddStringToObject(doc, "personId", person);
		free(person);
	}
	cJSON_AddStringToObject(doc, "email", json_str(rq->body, "email"));
	cJSON_AddStringToObject(doc, "customerId", json_str(cust, "id"));
	json_add_str_opt(doc, "externalCustomerId", json_str(cust, "externalId"));
	cJSON_AddStringToObject(doc, "package", pkg);
	cJSON *pkgs = cJSON_AddArrayToObject(doc, "packages");
	cJSON_AddItemToArray(pkgs, cJSON_CreateString(pkg));
	cJSON_AddStringToObject(doc, "status", is_pending ? "pending_user_migration" : "provisioned");
	cJSON_AddStringToObject(doc, "created", now);
	cJSON_AddStringToObject(doc, "lastStatusChange", now);
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(rq->body, "provisioningParameters");
	cJSON_AddItemToObject(doc, "provisioningParameters", cJSON_Duplicate(pp, 1));
	return doc;
}

int sbx_email_taken(struct sandbox *sb, const char *email, struct sbx_resp *rs)
{
	if (sb->cfg.allow_duplicates ||
	    sbx_count(sb, "SELECT count(*) FROM subscribers WHERE email_key = lower(?1)",
		      email, NULL) == 0)
		return 0;
	sbx_reply_error(rs, 409, SBX_E_EMAIL_TAKEN, "The email %s is already associated "
			"with an existing user.", email);
	return 1;
}

void sbx_subscribers_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *pkg;
	if (sbx_check_body(rq, rs) || sbx_check_subscriber_fields(rq->body, rs, &pkg))
		return;
	const char *email = json_str(rq->body, "email");
	if (sbx_email_taken(sb, email, rs))
		return;
	cJSON *cust = ready_customer(sb, json_str(rq->body, "customerId"), rs);
	if (cust == NULL)
		return;
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(rq->body, "provisioningParameters");
	char *loc = NULL;
	if (customer_has_package(cust, pkg, rs) &&
	    (!sbx_package_is_calling(pkg) || check_calling(sb, cust, pp, NULL, &loc, rs) == 0)) {
		char *id = sbx_new_id(sb, "SUBSCRIBER");
		int is_pending = sbx_email_pending(sb, email);
		cJSON *doc = new_doc(sb, rq, cust, id, pkg, is_pending);
		struct sub_row row = { id, email, json_str(cust, "id"), json_str(doc, "status"), loc,
				       loc ? json_str(pp, "primaryPhoneNumber") : NULL,
				       loc ? json_str(pp, "extension") : NULL };
		if (sub_insert(sb, &row, doc, 1) == 0) {
			set_location_header(rq, rs, id);
			sbx_reply_json(rs, is_pending ? 202 : 200, subscriber_view(doc));
		}
		cJSON_Delete(doc);
		free(id);
	}
	free(loc);
	cJSON_Delete(cust);
}

void sbx_subscriber_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "subscribers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Subscriber '%s' not found.", rq->id);
		return;
	}
	sbx_reply_json(rs, 200, subscriber_view(doc));
	cJSON_Delete(doc);
}

static void subscriber_row(sqlite3_stmt *st, void *items)
{
	cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	cJSON_AddItemToArray(items, subscriber_view(doc));
	cJSON_Delete(doc);
}

void sbx_subscribers_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	long offset, max;
	if (sbx_query_int(rq, rs, "offset", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 50, 1, 100, &max))
		return;
	const struct sbx_filter f[] = {
		{ "email_key = lower(?)", sbx_query(rq, "email") },
		{ "customer_id = ?", sbx_query(rq, "customerId") },
		{ "status = ?", sbx_query(rq, "status") },
		{ "json_extract(doc, '$.externalCustomerId') = ?", sbx_query(rq, "externalCustomerId") },
		{ "json_extract(doc, '$.personId') = ?", sbx_query(rq, "personId") },
	};
	const struct sbx_list_query q = { "doc", "subscribers", "seq", offset, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 5, subscriber_row, items);
	if (total >= 0) {
		sbx_reply_items(rs, items);
		sbx_reply_link(rq, rs, offset, max, total);
	} else {
		cJSON_Delete(items);
	}
}

/* PUT changes the package; number, extension and location only matter
 * when the new package carries calling. */
void sbx_subscriber_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs))
		return;
	cJSON *doc = sbx_doc_load(sb, "subscribers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Subscriber '%s' not found.", rq->id);
		return;
	}
	/* Reuse the POST checks on a body completed with the stored fields. */
	cJSON *full = cJSON_Duplicate(rq->body, 1);
	sbx_set(full, "customerId", cJSON_CreateString(json_str_or(doc, "customerId", "")));
	sbx_set(full, "email", cJSON_CreateString(json_str_or(doc, "email", "")));
	if (cJSON_GetObjectItemCaseSensitive(full, "provisioningParameters") == NULL)
		cJSON_AddItemToObject(full, "provisioningParameters", cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(doc, "provisioningParameters"), 1));
	const char *pkg;
	cJSON *cust = NULL;
	char *loc = NULL;
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(full, "provisioningParameters");
	if (sbx_check_subscriber_fields(full, rs, &pkg) == 0 &&
	    (cust = ready_customer(sb, json_str(doc, "customerId"), rs)) != NULL &&
	    customer_has_package(cust, pkg, rs) &&
	    (!sbx_package_is_calling(pkg) || check_calling(sb, cust, pp, rq->id, &loc, rs) == 0)) {
		char now[32];
		sbx_iso8601(rq->now_ms, now);
		sbx_set(doc, "package", cJSON_CreateString(pkg));
		cJSON *pkgs = cJSON_CreateArray();
		cJSON_AddItemToArray(pkgs, cJSON_CreateString(pkg));
		sbx_set(doc, "packages", pkgs);
		sbx_set(doc, "provisioningParameters", cJSON_Duplicate(pp, 1));
		sbx_set(doc, "lastStatusChange", cJSON_CreateString(now));
		sbx_exec(sb, "UPDATE numbers SET owner_id = NULL WHERE owner_id = ?1", rq->id,
			 NULL, NULL);
		struct sub_row row = { rq->id, json_str(doc, "email"), json_str(doc, "customerId"),
				       json_str(doc, "status"), loc,
				       loc ? json_str(pp, "primaryPhoneNumber") : NULL,
				       loc ? json_str(pp, "extension") : NULL };
		if (sub_insert(sb, &row, doc, 0) == 0)
			sbx_reply_json(rs, 200, subscriber_view(doc));
	}
	free(loc);
	cJSON_Delete(cust);
	cJSON_Delete(full);
	cJSON_Delete(doc);
}

void sbx_subscriber_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_count(sb, "SELECT count(*) FROM subscribers WHERE id = ?1", rq->id, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Subscriber '%s' not found.", rq->id);
		return;
	}
	sbx_exec(sb, "UPDATE numbers SET owner_id = NULL WHERE owner_id = ?1", rq->id, NULL, NULL);
	sbx_exec(sb, "DELETE FROM subscribers WHERE id = ?1", rq->id, NULL, NULL);
	rs->status = 204;
}

/* POST /v1/subscribers/{id}/emails/consentMove: resend the consent e-mail
 * of a pending_user_migration subscriber (nothing is sent here). */
void sbx_subscriber_consent(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "subscribers", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Subscriber '%s' not found.", rq->id);
	} else if (strcmp(json_str_or(doc, "status", ""), "pending_user_migration") != 0) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "Subscriber '%s' is %s; only a "
				"pending_user_migration subscriber gets a consent e-mail.", rq->id,
				json_str_or(doc, "status", "?"));
	} else {
		rs->status = 204;
	}
	cJSON_Delete(doc);
}
