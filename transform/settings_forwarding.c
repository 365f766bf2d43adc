/*
 * settings_forwarding.c — BroadWorks call forwarding always / busy / no
 * answer / not reachable become one `callForwarding` PUT (the three kinds
 * under callForwarding, not reachable as businessContinuity); selective
 * forwarding becomes a `selectiveForward` PUT, and its criteria POSTs
 * (settings_criteria.c).
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *setting;      /* BroadWorks user_setting */
	const char *part;         /* Webex member */
	const char *label;        /* for findings */
} parts[] = {
	{ "call_forwarding_always", "always", "call forwarding always destination" },
	{ "call_forwarding_busy", "busy", "call forwarding busy destination" },
	{ "call_forwarding_no_answer", "noAnswer", "call forwarding no answer destination" },
	{ "call_forwarding_not_reachable", "businessContinuity",
	  "call forwarding not reachable destination" },
};

/* CFNA rings: 2–20 is kept; 0 (BroadWorks' unset) keeps the Webex
 * default; anything else is a bad value. */
static void add_rings(struct us_ctx *s, cJSON *o, const cJSON *rec, const cJSON *v)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(v, "numberOfRings");
	if (n == NULL)
		return;
	double r = cJSON_IsNumber(n) ? n->valuedouble : -1;
	if (r >= 2 && r <= 20 && r == (int)r)
		cJSON_AddNumberToObject(o, "numberOfRings", r);
	else if (r == 0)
		us_finding(s, TX_INFO, rec, "cfna_rings_zero", "set the number of rings in "
			   "Control Hub if the Webex default (3) does not suit",
			   "%s:%ld: no-answer forwarding has numberOfRings 0, which Webex does not "
			   "take; the Webex default applies", tx_src_file(rec), tx_src_line(rec));
	else
		us_finding(s, TX_WARNING, rec, "bad_number_of_rings", "set numberOfRings to 2-20 "
			   "in BroadWorks and extract again", "%s:%ld: no-answer forwarding has "
			   "numberOfRings \"%s\"; Webex takes 2-20, so the Webex default applies",
			   tx_src_file(rec), tx_src_line(rec),
			   cJSON_IsString(n) ? n->valuestring : "?");
}

static cJSON *part_body(struct us_ctx *s, const cJSON *rec, size_t i)
{
	const cJSON *v = us_value(rec);
	cJSON *o = cJSON_CreateObject();
	int on = json_bool(v, "isActive", 0);
	char *dest = us_destination(s, rec, json_str(v, "forwardToPhoneNumber"), parts[i].label);
	if (on && dest == NULL && json_str(v, "forwardToPhoneNumber") == NULL)
		us_finding(s, TX_WARNING, rec, "forward_without_destination", "set a destination "
			   "in Control Hub after the migration", "%s:%ld: forwarding is on but has "
			   "no destination; it is planned off", tx_src_file(rec), tx_src_line(rec));
	cJSON_AddBoolToObject(o, "enabled", on && dest != NULL);
	if (dest != NULL)
		cJSON_AddStringToObject(o, "destination", dest);
	free(dest);
	if (i == 0)
		cJSON_AddBoolToObject(o, "ringReminderEnabled", json_bool(v, "isRingSplashActive", 0));
	if (i == 2)
		add_rings(s, o, rec, v);
	cJSON_AddBoolToObject(o, "destinationVoicemailEnabled", 0);
	return o;
}

void us_plan_forwarding(struct us_ctx *s)
{
	const cJSON *recs[4];
	int any = 0;
	for (size_t i = 0; i < 4; i++)
		any |= (recs[i] = us_record(s, parts[i].setting, NULL)) != NULL;
	if (!any)
		return;
	if (!us_package_has(s->u->package, "callForwarding")) {
		for (size_t i = 0; i < 4; i++)
			if (recs[i] != NULL)
				us_not_carried(s, recs[i], json_bool(us_value(recs[i]), "isActive", 0),
					       "package_lacks_feature", "give the user a calling "
					       "package, or tell the user forwarding ends",
					       "package %s has no call forwarding; %s is not migrated",
					       s->u->package, parts[i].setting);
		return;
	}
	const cJSON *first = NULL;
	for (size_t i = 0; i < 4 && first == NULL; i++)
		first = recs[i];
	cJSON *x = us_entry(s, "callForwarding", "PUT", "/people/{personId}/features/callForwarding",
			    first);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON *cf = NULL;
	cJSON *src = cJSON_GetObjectItem(x, "source");
	for (size_t i = 0; i < 4; i++) {
		if (recs[i] == NULL)
			continue;
		if (recs[i] != first) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "user_setting:%s", json_str(recs[i], "key"));
			cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
			strbuf_free(&sb);
		}
		cJSON *o = part_body(s, recs[i], i);
		if (i == 3) {
			cJSON_AddItemToObject(body, parts[i].part, o);
			continue;
		}
		if (cf == NULL)
			cf = cJSON_AddObjectToObject(body, "callForwarding");
		cJSON_AddItemToObject(cf, parts[i].part, o);
	}
	/* callForwarding before businessContinuity, as the schema lists them */
	if (cf != NULL && body->child != cf) {
		cJSON_DetachItemViaPointer(body, cf);
		cJSON_AddItemToObject(body, "callForwarding", cf);
		cJSON *bc = cJSON_DetachItemFromObjectCaseSensitive(body, "businessContinuity");
		if (bc != NULL)
			cJSON_AddItemToObject(body, "businessContinuity", bc);
	}
}

void us_plan_selective(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "call_forwarding_selective", NULL);
	if (rec == NULL)
		return;
	const cJSON *v = us_value(rec);
	int on = json_bool(v, "isActive", 0);
	if (!us_package_has(s->u->package, "selectiveForward")) {
		us_not_carried(s, rec, on, "package_lacks_feature", "give the user a calling "
			       "package, or tell the user selective forwarding ends",
			       "package %s has no selective forwarding; it is not migrated",
			       s->u->package);
		return;
	}
	cJSON *x = us_entry(s, "selectiveForward", "PUT",
			    "/telephony/config/people/{personId}/selectiveForward", rec);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	char *dest = us_destination(s, rec, json_str(v, "defaultForwardToPhoneNumber"),
				    "selective forwarding default destination");
	cJSON_AddBoolToObject(body, "enabled", on);
	if (dest != NULL)
		cJSON_AddStringToObject(body, "defaultPhoneNumberToForward", dest);
	free(dest);
	cJSON_AddBoolToObject(body, "ringReminderEnabled", json_bool(v, "playRingReminder", 0));
	cJSON_AddBoolToObject(body, "destinationVoicemailEnabled", 0);
	/* each criterion: its own entry (settings_criteria.c) */
	us_plan_criteria(s, 0, rec, json_str(v, "defaultForwardToPhoneNumber"));
}
