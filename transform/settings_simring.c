/*
 * settings_simring.c — BroadWorks Simultaneous Ring Personal becomes the
 * person's simultaneous ring: one PUT of
 * /telephony/config/people/{personId}/simultaneousRing with the switch,
 * "do not ring if on a call" and up to 10 numbers
 * (webex-calling-features.md §10.7). That admin path is Cisco's "User
 * Call Settings (3/3)", not in the shared OpenAPI split files, so the
 * mappings choose: userSettings.simultaneousRing "carry" (the default)
 * sends it, "report" leaves it to a finding as before. The criteria rows
 * are never carried: each is a finding the user's report row lists.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#define SIMRING_MAX_NUMBERS 10

/* The mappings' choice for simultaneous ring: 1 to carry it. */
static int carry_policy(const struct us_ctx *s)
{
	const char *v = tx_kv_get(s->c->m->uset, s->c->m->n_uset, "simultaneousRing");
	return v == NULL || strcmp(v, "report") != 0;
}

/* A criteria row's name, for the finding. */
static const char *criteria_name(const cJSON *row)
{
	const char *n = json_str(row, "Criteria Name");
	return n != NULL ? n : "(unnamed)";
}

/* Each criterion is reported: Webex keeps its criteria under their own
 * path, which this migration does not send to. */
static int criteria(struct us_ctx *s, const cJSON *rec)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(us_value(rec), "criteriaTable");
	const cJSON *row;
	int n = 0;
	cJSON_ArrayForEach(row, rows) {
		int on = strcmp(json_str_or(row, "Is Active", "false"), "true") == 0;
		us_not_carried(s, rec, on, "simultaneous_ring_criteria_not_migrated",
			       "add the criterion in Control Hub (Calling > Simultaneous ring > "
			       "criteria) after the migration",
			       "%s:%ld: simultaneous ring criterion \"%s\" (%s) is not migrated: "
			       "the numbers ring for every call until it is added in Webex",
			       tx_src_file(rec), tx_src_line(rec), criteria_name(row),
			       on ? "active" : "inactive");
		n++;
	}
	return n;
}

/* The BroadWorks numbers (one element is an object, several an array)
 * as Webex phone numbers, at most 10. */
static void numbers(struct us_ctx *s, const cJSON *rec, cJSON *arr)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(us_value(rec), "simultaneousRingNumber");
	const cJSON *one = cJSON_IsObject(v) ? v : NULL;
	const cJSON *it = one ? one : (cJSON_IsArray(v) ? v->child : NULL);
	for (; it != NULL; it = one ? NULL : it->next) {
		char *num = us_destination(s, rec, json_str(it, "phoneNumber"),
					   "simultaneous ring number");
		if (num == NULL)
			continue;
		if (cJSON_GetArraySize(arr) >= SIMRING_MAX_NUMBERS) {
			us_finding(s, TX_WARNING, rec, "simultaneous_ring_too_many", "keep at most "
				   "10 numbers in BroadWorks, or add the rest in Control Hub",
				   "%s:%ld: simultaneous ring number %s is past the 10 Webex takes; "
				   "it is left out", tx_src_file(rec), tx_src_line(rec), num);
			free(num);
			continue;
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "phoneNumber", num);
		cJSON_AddBoolToObject(o, "answerConfirmationEnabled",
				      json_bool(it, "answerConfirmationRequired", 0));
		cJSON_AddItemToArray(arr, o);
		free(num);
	}
}

void us_plan_simring(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "simultaneous_ring", NULL);
	if (rec == NULL)
		return;
	const cJSON *v = us_value(rec);
	int on = json_bool(v, "isActive", 0);
	if (!carry_policy(s)) {
		us_not_carried(s, rec, on, "simultaneous_ring_not_migrated",
			       "set the numbers in Control Hub (Calling > Simultaneous ring), or "
			       "set userSettings.simultaneousRing to \"carry\" in the mappings",
			       "simultaneous_ring (%s) is not migrated: the mappings say "
			       "userSettings.simultaneousRing \"report\"", on ? "on" : "off");
		return;
	}
	if (us_package_refuses(s, rec, on, "simultaneousRing", "simultaneous ring"))
		return;
	cJSON *x = us_entry(s, "simultaneousRing", "PUT",
			    "/telephony/config/people/{personId}/simultaneousRing", rec);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddBoolToObject(body, "enabled", on);
	cJSON_AddBoolToObject(body, "doNotRingIfOnCallEnabled", json_bool(v, "doNotRingIfOnCall", 0));
	numbers(s, rec, cJSON_AddArrayToObject(body, "phoneNumbers"));
	/* criteria are not carried, so none is enabled */
	cJSON_AddBoolToObject(body, "criteriasEnabled", 0);
	criteria(s, rec);
}
