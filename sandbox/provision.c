/*
 * provision.c — the asynchronous side of customers: when a customer has
 * been `provisioning` (or `updating`) for --provision-delay-ms it settles
 * into its outcome, chosen per externalId and seed by --outcomes, so a
 * rerun of the same plan with the same seed sees the same outcomes.
 *
 *   provisioned              org created, first location from
 *                            provisioningParameters.calling.location
 *   provisioned_with_errors  the same, but one package failed (errorCode
 *                            2560 in resourceDetails and errors)
 *   pending_rpl_review       stays there; no org (a compliance hold)
 *   error                    no org, errors[] says why
 *
 * Settling is lazy: sbx_provision_settle runs before every /v1 request and
 * before /_sandbox/state, under the sandbox lock.
 */
#include "sandbox/sbx.h"

#include <stdlib.h>
#include <string.h>

static const char MAINTENANCE[] = "One or more Webex Calling services are unavailable due to "
				  "maintenance, unable to start provisioning. Consult "
				  "status.webex.com and retry later.";

int sandbox_outcomes_parse(const char *spec, struct sandbox_outcomes *out, struct bwm_error *err)
{
	struct sandbox_outcomes o = { 0, 0, 0 };
	char *copy = xstrdup(spec), *save = NULL;
	int rc = BWM_OK;
	for (char *item = strtok_r(copy, ",", &save); item && rc == BWM_OK;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		double *slot = NULL;
		if (eq != NULL) {
			*eq = '\0';
			slot = strcmp(item, "provisioned_with_errors") == 0 ? &o.with_errors
			     : strcmp(item, "pending_rpl_review") == 0 ? &o.rpl_review
			     : strcmp(item, "error") == 0 ? &o.error : NULL;
		}
		if (slot == NULL || sbx_parse_share(eq + 1, slot) != 0)
			rc = bwm_fail(err, BWM_EUSAGE, "--outcomes: '%s' is not OUTCOME=SHARE with "
				      "OUTCOME one of provisioned_with_errors, pending_rpl_review, "
				      "error (e.g. provisioned_with_errors=10%%)", item);
	}
	free(copy);
	if (rc == BWM_OK && o.with_errors + o.rpl_review + o.error > 1.0 + 1e-9)
		rc = bwm_fail(err, BWM_EUSAGE, "--outcomes: the shares add up to more than 100%%");
	if (rc == BWM_OK)
		*out = o;
	return rc;
}

static const char *pick_outcome(const struct sandbox *sb, const char *external_id)
{
	const struct sandbox_outcomes *o = &sb->cfg.outcomes;
	double u = sbx_unit(sbx_mix(sb->cfg.seed ^ sbx_hash_str(external_id ? external_id : "")));
	if (u < o->with_errors)
		return "provisioned_with_errors";
	if (u < o->with_errors + o->rpl_review)
		return "pending_rpl_review";
	if (u < o->with_errors + o->rpl_review + o->error)
		return "error";
	return "provisioned";
}

static cJSON *error_list(void)
{
	cJSON *errs = cJSON_CreateArray();
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "errorCode", SBX_E_MAINTENANCE);
	cJSON_AddStringToObject(e, "description", MAINTENANCE);
	cJSON_AddItemToArray(errs, e);
	return errs;
}

/* The package that fails in provisioned_with_errors: the last one that does
 * not carry calling if there is one, so the org stays usable for calling. */
static const char *failing_package(const cJSON *pkgs)
{
	const char *pick = NULL;
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs)
		if (cJSON_IsString(p) && (pick == NULL || !sbx_package_is_calling(p->valuestring)))
			pick = p->valuestring;
	return pick;
}

static void set_resource_details(cJSON *doc, const char *outcome)
{
	const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(doc, "packages");
	const char *failing = strcmp(outcome, "provisioned_with_errors") == 0
				      ? failing_package(pkgs) : NULL;
	const char *pkg_status = strcmp(outcome, "error") == 0 ? "error"
			       : strcmp(outcome, "pending_rpl_review") == 0 ? "provisioning"
			       : "provisioned";
	cJSON *list = cJSON_CreateArray();
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs) {
		cJSON *one = cJSON_CreateObject();
		cJSON_AddStringToObject(one, "name", p->valuestring);
		int bad = failing && strcmp(failing, p->valuestring) == 0;
		cJSON_AddStringToObject(one, "status", bad ? "error" : pkg_status);
		if (bad)
			cJSON_AddItemToObject(one, "errors", error_list());
		cJSON_AddItemToArray(list, one);
	}
	cJSON *rd = cJSON_CreateObject();
	cJSON_AddItemToObject(rd, "packages", list);
	sbx_set(doc, "resourceDetails", rd);
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "errors");
	if (failing || strcmp(outcome, "error") == 0)
		cJSON_AddItemToObject(doc, "errors", error_list());
}

/* provisioningParameters.calling.location (Wholesale shape) -> a body of
 * the Locations API, and insert it into the new org. */
static void first_location(struct sandbox *sb, const cJSON *doc, const char *org)
{
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(doc, "provisioningParameters");
	const cJSON *calling = cJSON_GetObjectItemCaseSensitive(pp, "calling");
	const cJSON *loc = cJSON_GetObjectItemCaseSensitive(calling, "location");
	if (!cJSON_IsObject(loc))
		return;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(loc, "address");
	cJSON *body = cJSON_CreateObject();
	json_add_str_opt(body, "name", json_str(loc, "name"));
	json_add_str_opt(body, "timeZone", json_str(loc, "timezone"));
	json_add_str_opt(body, "preferredLanguage", json_str(loc, "language"));
	json_add_str_opt(body, "announcementLanguage", json_str(loc, "language"));
	cJSON *addr = cJSON_AddObjectToObject(body, "address");
	json_add_str_opt(addr, "address1", json_str(a, "addressLine1"));
	json_add_str_opt(addr, "address2", json_str(a, "addressLine2"));
	json_add_str_opt(addr, "city", json_str(a, "city"));
	json_add_str_opt(addr, "state", json_str(a, "stateOrProvince"));
	json_add_str_opt(addr, "postalCode", json_str(a, "zipOrPostalCode"));
	json_add_str_opt(addr, "country", json_str(a, "country"));
	free(sbx_location_insert(sb, org, body));
	cJSON_Delete(body);
}

static void settle_one(struct sandbox *sb, const char *id, int64_t now_ms)
{
	cJSON *doc = sbx_doc_load(sb, "customers", id);
	if (doc == NULL)
		return;
	const char *was = json_str(doc, "status");
	const char *outcome = strcmp(was, "updating") == 0 ? "provisioned"
			      : pick_outcome(sb, json_str(doc, "externalId"));
	int has_org = strcmp(outcome, "provisioned") == 0 ||
		      strcmp(outcome, "provisioned_with_errors") == 0;
	/* A first provisioning, or an update that rescues a customer in error,
	 * brings the org and its first location into being. */
	if (has_org && (strcmp(was, "provisioning") == 0 || json_str(doc, "orgId") == NULL)) {
		if (json_str(doc, "orgId") == NULL) {
			char *org = sbx_new_id(sb, "ORGANIZATION");
			cJSON_AddStringToObject(doc, "orgId", org);
			free(org);
		}
		first_location(sb, doc, json_str(doc, "orgId"));
	}
	set_resource_details(doc, outcome);
	sbx_set(doc, "status", cJSON_CreateString(outcome));
	sbx_customer_store(sb, doc, now_ms, 0);
	cJSON_Delete(doc);
}

void sbx_provision_settle(struct sandbox *sb, int64_t now_ms)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT id FROM customers WHERE status IN "
				    "('provisioning', 'updating') AND since_ms <= ?1 ORDER BY seq");
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, now_ms - (int64_t)sb->cfg.provision_delay_ms);
	char **ids = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		settle_one(sb, ids[i], now_ms);
		free(ids[i]);
	}
	free(ids);
}
