/*
 * settings_voicemail.c — BroadWorks Voice Messaging User (voice
 * management, greeting, advanced) becomes the `voicemail` PUT. What Webex
 * cannot hold or this migration cannot read is a finding saying what to do
 * by hand: greeting audio (not captured), alternate greetings, extended
 * away, out-of-primary-zone redirect, personal mail servers, passcodes.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

/* An e-mail member that is either text or {"emailAddress": "…"}. */
static const char *email_of(const cJSON *v, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(v, name);
	if (cJSON_IsString(it))
		return it->valuestring;
	return json_str(it, "emailAddress");
}

static void add_enabled(cJSON *body, const char *name, int on, const char *field,
			const char *value)
{
	cJSON *o = cJSON_AddObjectToObject(body, name);
	cJSON_AddBoolToObject(o, "enabled", on);
	if (value != NULL && field != NULL)
		cJSON_AddStringToObject(o, field, value);
}

/* Greeting selections: Personal needs audio this migration did not
 * capture, so DEFAULT is planned and the user told to record it again. */
static const char *greeting(struct us_ctx *s, const cJSON *g, const char *field, const char *what)
{
	const char *sel = json_str(us_value(g), field);
	if (sel == NULL || strcmp(sel, "Default") == 0)
		return "DEFAULT";
	us_not_carried(s, g, 1, "greeting_not_migrated",
		       "record the greeting again (user hub or voice portal), or upload it with "
		       "POST /people/{personId}/features/voicemail/actions/upload…Greeting/invoke",
		       "the %s greeting is \"%s\": its audio is not in the export, so the "
		       "default greeting plays", what, sel);
	return "DEFAULT";
}

static void greeting_extras(struct us_ctx *s, const cJSON *g)
{
	const cJSON *v = us_value(g);
	if (json_bool(v, "extendedAwayEnabled", 0))
		us_not_carried(s, g, 1, "extended_away_not_migrated", "tell the user: Webex has "
			       "no extended-away greeting; use send-all-calls to voicemail instead",
			       "extended away is on; Webex has no counterpart");
	for (int i = 1; i <= 3; i++) {
		char name[48];
		snprintf(name, sizeof name, "noAnswerAlternateGreeting0%d", i);
		if (cJSON_GetObjectItemCaseSensitive(v, name) != NULL)
			us_not_carried(s, g, 0, "alternate_greeting_not_migrated", "tell the user: "
				       "Webex has one no-answer greeting", "alternate greeting %d has "
				       "no Webex counterpart", i);
	}
}

static void add_unanswered(struct us_ctx *s, cJSON *body, const cJSON *v, const cJSON *g)
{
	cJSON *o = cJSON_AddObjectToObject(body, "sendUnansweredCalls");
	cJSON_AddBoolToObject(o, "enabled", json_bool(v, "noAnswerRedirectToVoiceMail", 0));
	if (g == NULL)
		return;
	cJSON_AddStringToObject(o, "greeting", greeting(s, g, "noAnswerAnnouncementSelection",
							"no-answer"));
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(us_value(g), "noAnswerNumberOfRings");
	if (cJSON_IsNumber(n) && n->valuedouble >= 2 && n->valuedouble <= 20)
		cJSON_AddNumberToObject(o, "numberOfRings", n->valuedouble);
	else if (n != NULL && !(cJSON_IsNumber(n) && n->valuedouble == 0))
		us_finding(s, TX_WARNING, g, "bad_number_of_rings", "set 2-20 rings in BroadWorks "
			   "and extract again", "%s:%ld: voicemail noAnswerNumberOfRings is not "
			   "2-20; the Webex default applies", tx_src_file(g), tx_src_line(g));
}

static void add_storage(struct us_ctx *s, cJSON *body, const cJSON *rec, const cJSON *v)
{
	cJSON *o = cJSON_AddObjectToObject(body, "messageStorage");
	cJSON_AddBoolToObject(o, "mwiEnabled", json_bool(v, "usePhoneMessageWaitingIndicator", 0));
	const char *proc = json_str_or(v, "processing", "Unified Voice and Email Messaging");
	if (strcmp(proc, "Deliver To Email Address Only") == 0) {
		cJSON_AddStringToObject(o, "storageType", "EXTERNAL");
		json_add_str_opt(o, "externalEmail", email_of(v, "voiceMessageDeliveryEmailAddress"));
		return;
	}
	if (strcmp(proc, "Unified Voice and Email Messaging") != 0)
		us_finding(s, TX_WARNING, rec, "bad_value", "correct processing in BroadWorks",
			   "%s:%ld: voicemail processing \"%s\" is unknown; internal storage is "
			   "planned", tx_src_file(rec), tx_src_line(rec), proc);
	cJSON_AddStringToObject(o, "storageType", "INTERNAL");
}

static void advanced(struct us_ctx *s)
{
	const cJSON *a = us_record(s, "voice_messaging_advanced", NULL);
	const char *sel = a ? json_str(us_value(a), "mailServerSelection") : NULL;
	if (sel != NULL && strcmp(sel, "Group Mail Server") != 0)
		us_not_carried(s, a, 1, "mail_server_not_migrated", "messages now stay in the "
			       "Webex mailbox; tell the user, or forward copies by e-mail",
			       "voicemail uses a personal mail server; Webex has no counterpart");
}

/* Passcodes: one finding per customer (not one per mailbox, which would
 * drown the report), listed in each user's row as not carried. */
static void passcode(struct us_ctx *s, const cJSON *rec)
{
	struct tx_cust_sum *cs = s->c->f->n_cust ? &s->c->f->cust[s->c->f->n_cust - 1] : NULL;
	if (cs == NULL)
		return;
	if (cs->passcode_finding[0] == '\0') {
		char obj[300];
		snprintf(obj, sizeof obj, "customer:%s", cs->key);
		snprintf(cs->passcode_finding, sizeof cs->passcode_finding, "%s",
			 tx_finding(s->c->f, TX_INFO, "voicemail_passcode", obj, rec, "set each "
				    "passcode with PUT /telephony/config/people/{personId}/voicemail/"
				    "passcode, or have the users reset them; report.json userSettings "
				    "lists them", "voicemail passcodes cannot be read from BroadWorks: "
				    "every user with voicemail in this customer needs a new one"));
	}
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "setting", "voice_messaging_passcode");
	cJSON_AddStringToObject(row, "finding", cs->passcode_finding);
	cJSON_AddItemToArray(s->not_carried, row);
}

void us_plan_voicemail(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "voice_messaging", NULL);
	const cJSON *g = us_record(s, "voice_messaging_greeting", NULL);
	if (rec == NULL)
		return;
	const cJSON *v = us_value(rec);
	int on = json_bool(v, "isActive", 0);
	if (!us_package_has(s->u->package, "voicemail")) {
		us_not_carried(s, rec, on, "package_lacks_feature", "give the user a package with "
			       "voicemail (webex_calling), or tell the user the mailbox ends",
			       "package %s has no voicemail; the mailbox is not migrated",
			       s->u->package);
		return;
	}
	cJSON *x = us_entry(s, "voicemail", "PUT", "/people/{personId}/features/voicemail", rec);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddBoolToObject(body, "enabled", on);
	add_enabled(body, "sendAllCalls", json_bool(v, "alwaysRedirectToVoiceMail", 0), NULL, NULL);
	cJSON *busy = cJSON_AddObjectToObject(body, "sendBusyCalls");
	cJSON_AddBoolToObject(busy, "enabled", json_bool(v, "busyRedirectToVoiceMail", 0));
	if (g != NULL)
		cJSON_AddStringToObject(busy, "greeting", greeting(s, g, "busyAnnouncementSelection",
								    "busy"));
	add_unanswered(s, body, v, g);
	add_enabled(body, "notifications", json_bool(v, "sendVoiceMessageNotifyEmail", 0),
		    "destination", email_of(v, "voiceMessageNotifyEmailAddress"));
	char *zero = us_destination(s, rec, json_str(v, "transferPhoneNumber"),
				    "voicemail transfer-on-zero number");
	add_enabled(body, "transferToNumber",
		    json_bool(v, "transferOnZeroToPhoneNumber", 0) && zero != NULL, "destination", zero);
	free(zero);
	add_enabled(body, "emailCopyOfMessage", json_bool(v, "sendCarbonCopyVoiceMessage", 0),
		    "emailId", email_of(v, "voiceMessageCarbonCopyEmailAddress"));
	add_storage(s, body, rec, v);
	if (g != NULL)
		greeting_extras(s, g);
	advanced(s);
	if (json_bool(v, "outOfPrimaryZoneRedirectToVoiceMail", 0))
		us_not_carried(s, rec, 1, "out_of_zone_not_migrated", "tell the user: Webex has no "
			       "out-of-primary-zone redirect", "out-of-primary-zone redirect to "
			       "voicemail is on; Webex has no counterpart");
	if (on)
		passcode(s, rec);
}
