/*
 * settings_reach.c — BroadWorks Anywhere becomes Single Number Reach (a
 * PUT of its switch and a POST per number, found again by its phone
 * number after a crash), and alternate numbers become the person's
 * `numbers` PUT (each number must be one the location gets).
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

static void add_ref(cJSON *o, const char *name, const char *kind, const char *key,
		    const char *field)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s#%s", kind, key, field);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, name), "$ref", sb.buf);
	strbuf_free(&sb);
}

/* The Anywhere number's details that Webex has no field for. */
static void number_extras(struct us_ctx *s, const cJSON *d, const char *num)
{
	const cJSON *v = us_value(d);
	if (json_bool(v, "broadworksCallControl", 0) || json_str(v, "outboundAlternateNumber") ||
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, "criteriaTable")) > 0)
		us_not_carried(s, d, 1, "anywhere_options_not_migrated", "tell the user: the "
			       "number rings, but without BroadWorks call control, outbound "
			       "alternate number or criteria", "Anywhere number %s has call "
			       "control, an outbound alternate number or criteria; Webex single "
			       "number reach has none of these", num);
}

static void reach_number(struct us_ctx *s, const cJSON *rec, const cJSON *row)
{
	const char *raw = json_str(row, "Phone Number");
	if (raw == NULL)
		return;
	const cJSON *d = us_record(s, "broadworks_anywhere_number", raw);
	const cJSON *src = d ? d : rec;
	char *num = us_destination(s, src, raw, "BroadWorks Anywhere number");
	if (num != NULL && num[0] != '+') {
		us_finding(s, TX_WARNING, src, "bad_destination", "use the full number (E.164) in "
			   "BroadWorks and extract again, or add it in Control Hub",
			   "%s:%ld: Anywhere number %s is an extension; single number reach takes "
			   "E.164 numbers only, so it is left out", tx_src_file(src),
			   tx_src_line(src), num);
		free(num);
		num = NULL;
	}
	if (num == NULL)
		return;
	const cJSON *v = d ? us_value(d) : NULL;
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "singleNumberReach:%s", num);
	cJSON *x = us_entry(s, name.buf, "POST",
			    "/telephony/config/people/{personId}/singleNumberReach/numbers", src);
	strbuf_free(&name);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddStringToObject(body, "phoneNumber", num);
	int on = v ? json_bool(v, "isActive", 0)
		   : strcmp(json_str_or(row, "Activated", "false"), "true") == 0;
	cJSON_AddBoolToObject(body, "enabled", on);
	const char *desc = v ? json_str(v, "description") : json_str(row, "Description");
	cJSON_AddStringToObject(body, "name", desc && *desc ? desc : num);
	cJSON_AddBoolToObject(body, "doNotForwardCallsEnabled",
			      v ? json_bool(v, "useDiversionInhibitor", 0) : 0);
	cJSON_AddBoolToObject(body, "answerConfirmationEnabled",
			      v ? json_bool(v, "answerConfirmationRequired", 0) : 0);
	cJSON *lk = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lk, "path", "/telephony/config/people/{personId}/singleNumberReach");
	cJSON *q = cJSON_AddObjectToObject(lk, "query");
	add_ref(q, "personId", "subscriber", s->ukey, "personId");
	add_ref(q, "orgId", "customer", s->cust_key, "orgId");
	cJSON_AddStringToObject(lk, "items", "numbers");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(lk, "match"), "phoneNumber", num);
	if (d != NULL)
		number_extras(s, d, num);
	free(num);
}

void us_plan_reach(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "broadworks_anywhere", NULL);
	if (rec == NULL)
		return;
	const cJSON *v = us_value(rec);
	const cJSON *tab = cJSON_GetObjectItemCaseSensitive(v, "phoneNumberTable");
	if (!us_package_has(s->u->package, "singleNumberReach")) {
		us_not_carried(s, rec, cJSON_GetArraySize(tab) > 0, "package_lacks_feature",
			       "give the user a calling package, or tell the user Anywhere ends",
			       "package %s has no single number reach; BroadWorks Anywhere is not "
			       "migrated", s->u->package);
		return;
	}
	cJSON *x = us_entry(s, "singleNumberReach", "PUT",
			    "/telephony/config/people/{personId}/singleNumberReach", rec);
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(x, "body"),
			      "alertAllNumbersForClickToDialCallsEnabled",
			      json_bool(v, "alertAllLocationsForClickToDialCalls", 0));
	if (json_bool(v, "alertAllLocationsForGroupPagingCalls", 0))
		us_finding(s, TX_INFO, rec, "anywhere_paging_not_migrated", "tell the user: paging "
			   "calls ring the desk phone only", "Anywhere alerts all locations for "
			   "group paging; Webex has no such option");
	const cJSON *row;
	cJSON_ArrayForEach(row, tab)
		reach_number(s, rec, row);
}

/* One alternate entry as a Webex phone number, or NULL (with a finding). */
static cJSON *alternate(struct us_ctx *s, const cJSON *rec, const cJSON *e, const char *name,
			cJSON *x)
{
	const char *bw = json_str_or(e, "ringPattern", "Normal");
	const char *rp = tx_ring_pattern(bw);
	if (rp == NULL) {
		us_finding(s, TX_WARNING, rec, "bad_ring_pattern", "use Normal, Long-Long, "
			   "Short-Short-Long or Short-Long-Short in BroadWorks and extract again",
			   "%s:%ld: %s has ring pattern \"%s\", which is not a BroadWorks "
			   "RingPattern; NORMAL is planned", tx_src_file(rec), tx_src_line(rec),
			   name, bw);
		rp = "NORMAL";
	}
	const char *ext = json_str(e, "extension");
	char *num = us_destination(s, rec, json_str(e, "phoneNumber"), name);
	const struct tx_grp *g = s->u->grp;
	const cJSON *nrec = num && g ? tx_map_get(&g->nums, num) : NULL;
	if (num == NULL || num[0] != '+' || nrec == NULL) {
		us_not_carried(s, rec, 1, "alternate_number_not_migrated", "add the number to the "
			       "group in BroadWorks (or to the location in Control Hub) and assign "
			       "it again", "%s:%ld: %s %s is not a number of the user's location; "
			       "it is left out", tx_src_file(rec), tx_src_line(rec), name,
			       num ? num : json_str_or(e, "phoneNumber", "(none)"));
		free(num);
		return NULL;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "primary", 0);
	cJSON_AddStringToObject(o, "action", "ADD");
	cJSON_AddStringToObject(o, "directNumber", num);
	if (ext != NULL)
		cJSON_AddStringToObject(o, "extension", ext);
	cJSON_AddStringToObject(o, "ringPattern", rp);
	struct strbuf dep = STRBUF_INIT;
	strbuf_addf(&dep, "number:%s%s", g->key, json_bool(nrec, "activated", 1) ? "" : "#inactive");
	cJSON *deps = cJSON_GetObjectItem(x, "depends");
	int have = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, deps)
		have |= strcmp(it->valuestring, dep.buf) == 0;
	if (!have)
		cJSON_AddItemToArray(deps, cJSON_CreateString(dep.buf));
	strbuf_free(&dep);
	free(num);
	return o;
}

void us_plan_numbers(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "alternate_numbers", NULL);
	if (rec == NULL)
		return;
	const cJSON *v = us_value(rec);
	if (!us_package_has(s->u->package, "numbers")) {
		us_not_carried(s, rec, 1, "package_lacks_feature", "give the user a calling "
			       "package", "package %s has no alternate numbers; they are not "
			       "migrated", s->u->package);
		return;
	}
	cJSON *x = us_entry(s, "numbers", "PUT", "/telephony/config/people/{personId}/numbers", rec);
	/* The numbers are read back where the People API lists them. */
	cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "read"), "path",
				"/people/{personId}/features/numbers");
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddBoolToObject(body, "distinctiveRingEnabled", json_bool(v, "distinctiveRing", 0));
	cJSON *arr = cJSON_AddArrayToObject(body, "phoneNumbers");
	for (int i = 1; i <= 10; i++) {
		char name[32];
		snprintf(name, sizeof name, "alternateEntry%02d", i);
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(v, name);
		cJSON *o = cJSON_IsObject(e) ? alternate(s, rec, e, name, x) : NULL;
		if (o != NULL)
			cJSON_AddItemToArray(arr, o);
	}
	if (cJSON_GetArraySize(arr) == 0) {      /* nothing to add: no entry */
		cJSON_DeleteItemFromArray(s->out, cJSON_GetArraySize(s->out) - 1);
		cJSON_DeleteItemFromArray(s->carried, cJSON_GetArraySize(s->carried) - 1);
	}
}
