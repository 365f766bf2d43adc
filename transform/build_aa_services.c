/*
 * build_aa_services.c — what an auto attendant's service user carries in
 * BroadWorks beyond the attendant itself (spec webex-calling-features.md
 * §5): its alternate numbers (UserAlternateNumbersGetResponse21) become
 * the create body's `alternateNumbers`, its Call Forwarding Always a
 * feature_setting `ENT/GRP/ID#callForwarding` (PUT …/autoAttendants/
 * {autoAttendantId}/callForwarding). Webex attendants have no busy
 * forwarding, and BroadWorks selective criteria are not translated: both
 * are reported.
 */
#include "transform/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The service user's setting record (user_setting:KEY#SETTING), or NULL. */
static const cJSON *service_setting(const struct tx_feat *fc, const cJSON *rec,
				    const char *setting)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user_setting:%s#%s", json_str_or(rec, "key", ""), setting);
	const cJSON *s = tx_map_get(&fc->e->index, sb.buf);
	strbuf_free(&sb);
	return s;
}

static void add_source(cJSON *x, const cJSON *setting)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user_setting:%s", json_str_or(setting, "key", ""));
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
}

void tx_aa_alternates(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
		      const char *obj, cJSON *x)
{
	const cJSON *alt = service_setting(fc, rec, "alternate_numbers");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(alt, "value");
	if (v == NULL)
		return;
	/* BroadWorks keeps alternate numbers national: the country code is the
	 * attendant's, else that of the group's users */
	const char *cc = json_str(rec, "countryCode");
	if (cc == NULL && g->n_users > 0)
		cc = json_str(g->users[0]->j, "countryCode");
	cJSON *list = cJSON_CreateArray();
	for (int i = 1; i <= 10; i++) {
		char name[32], e164[E164_MAX], dep[600];
		snprintf(name, sizeof name, "alternateEntry%02d", i);
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(v, name);
		const char *num = json_str(en, "phoneNumber");
		if (num == NULL)
			continue;
		const cJSON *n = e164_normalize(num, cc ? cc : "1", e164) == 0 ? tx_map_get(&g->nums, e164)
			: NULL;
		if (n == NULL || json_bool(n, "$dup", 0)) {
			tx_finding(fc->c->f, TX_WARNING, "feature_number_not_in_location", obj, rec,
				   "add the number to the group's DN list in the export "
				   "(GroupDnGetAssignmentListRequest18), or add it to the auto "
				   "attendant in Control Hub", "alternate number %s is not among the "
				   "numbers planned for location %s; left out", num, g->key);
			continue;
		}
		snprintf(dep, sizeof dep, "number:%s%s", g->key,
			 json_bool(n, "activated", 1) ? "" : "#inactive");
		tx_depend(x, dep);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "phoneNumber", e164);
		const char *rp = json_bool(v, "distinctiveRing", 0)
				 ? tx_ring_pattern(json_str(en, "ringPattern")) : NULL;
		cJSON_AddStringToObject(o, "ringPattern", rp != NULL ? rp : "NORMAL");
		cJSON_AddItemToArray(list, o);
	}
	if (cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		return;
	}
	cJSON_AddItemToObject(cJSON_GetObjectItem(x, "body"), "alternateNumbers", list);
	add_source(x, alt);
}

/* A forwarding destination as Webex takes it, or NULL after a finding. */
static char *destination(const struct tx_feat *fc, const cJSON *rec, const char *obj,
			 const char *number)
{
	char e164[E164_MAX];
	if (number == NULL || *number == '\0')
		return NULL;
	if (number[0] == '+' && e164_normalize(number, NULL, e164) == 0)
		return xstrdup(e164);
	if (strspn(number, "0123456789") == strlen(number) && strlen(number) <= 15)
		return xstrdup(number);
	tx_finding(fc->c->f, TX_WARNING, "feature_destination_unsupported", obj, rec,
		   "set a phone number or extension as destination in Control Hub",
		   "call forwarding always destination \"%s\" is not a phone number or "
		   "extension (a SIP URI?); that forwarding is left off", number);
	return NULL;
}

/* Busy and selective forwarding of the service user: reported. */
static void not_carried(const struct tx_feat *fc, const cJSON *rec, const char *obj)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(service_setting(fc, rec,
							  "call_forwarding_busy"), "value");
	if (json_bool(b, "isActive", 0))
		tx_finding(fc->c->f, TX_WARNING, "aa_forwarding_not_migrated", obj, rec,
			   "nothing to set: a Webex auto attendant answers every call; use a "
			   "key or the after-hours menu to send callers on", "call forwarding "
			   "busy to %s has no counterpart on a Webex auto attendant; left out",
			   json_str_or(b, "forwardToPhoneNumber", "(no number)"));
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(service_setting(fc, rec,
							  "call_forwarding_selective"), "value");
	if (json_bool(s, "isActive", 0))
		tx_finding(fc->c->f, TX_WARNING, "aa_forwarding_not_migrated", obj, rec,
			   "add the selective forwarding rules in Control Hub (auto attendant, "
			   "call forwarding, selective)", "selective call forwarding (its "
			   "criteria) is not migrated for auto attendants");
}

void tx_aa_forwarding(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
		      const char *obj)
{
	not_carried(fc, rec, obj);
	const cJSON *cfa = service_setting(fc, rec, "call_forwarding_always");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfa, "value");
	if (v == NULL || (!json_bool(v, "isActive", 0) && json_str(v, "forwardToPhoneNumber") == NULL))
		return;
	char *dest = destination(fc, rec, obj, json_str(v, "forwardToPhoneNumber"));
	const char *key = json_str_or(rec, "key", "");
	struct strbuf sk = STRBUF_INIT, dep = STRBUF_INIT;
	strbuf_addf(&sk, "%s#callForwarding", key);
	strbuf_addf(&dep, "auto_attendant:%s", key);
	cJSON *body = tx_feat_setting(fc, g, sk.buf, "/telephony/config/locations/{locationId}/"
				      "autoAttendants/{autoAttendantId}/callForwarding", dep.buf, rec);
	cJSON *x = cJSON_GetArrayItem(fc->settings, cJSON_GetArraySize(fc->settings) - 1);
	cJSON *id = cJSON_CreateObject();
	cJSON_AddStringToObject(id, "$ref", dep.buf);
	cJSON_AddItemToObject(cJSON_GetObjectItem(x, "params"), "autoAttendantId", id);
	add_source(x, cfa);
	cJSON *a = cJSON_AddObjectToObject(cJSON_AddObjectToObject(body, "callForwarding"), "always");
	cJSON_AddBoolToObject(a, "enabled", json_bool(v, "isActive", 0) && dest != NULL);
	if (dest != NULL)
		cJSON_AddStringToObject(a, "destination", dest);
	cJSON_AddBoolToObject(a, "ringReminderEnabled", json_bool(v, "isRingSplashActive", 0));
	cJSON_AddBoolToObject(a, "sendToVoicemailEnabled", 0);
	free(dest);
	strbuf_free(&sk);
	strbuf_free(&dep);
}
