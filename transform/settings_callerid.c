/*
 * settings_callerid.c — the user's calling line ID becomes the person's
 * caller ID: one PUT of /people/{personId}/features/callerId
 * (webex-calling-features.md §10.6). The effective BroadWorks policy is
 * the user's call processing policy when it overrides the group's
 * (useUserCLIDSetting), else the group's: "Use DN" -> DIRECT_LINE, "Use
 * Group CLID" -> LOCATION_NUMBER, "Use Configurable CLID" -> CUSTOM with
 * the user's CLID number (a number of the same enterprise and country, or
 * DIRECT_LINE and a finding). The caller ID name is the user's CLID name
 * when it differs from the first and last name; useGroupName picks the
 * location's name for external calls.
 *
 * An entry is planned whenever a policy was read (the user's or the
 * group's), even when it says what Webex does by default: the plan then
 * states the caller ID the migration decided, verify can compare it, and
 * a person whose Webex defaults differ (a location rule, a re-run after
 * someone changed it) is set back to the export. With no policy read,
 * nothing is planned; a user with a configurable CLID number, or whose
 * own policy defers to a group policy that was not captured, gets one
 * report row saying so. A group policy that itself defers to the
 * enterprise's (useGroupCLIDSetting false) is taken as it reads: the
 * enterprise's policy is not part of the export.
 */
#include "settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What decides the caller ID: the policy object (user_setting value or
 * the group's callProcessingPolicy), the record that cites it. */
struct clid {
	const cJSON *policy;          /* holds clidPolicy, useGroupName */
	const cJSON *src;             /* has "source" (file:line) */
	const cJSON *user_rec;        /* the user's record, or NULL */
	const char *from;             /* "user" or "group" */
};

static void finding(struct us_ctx *s, const struct clid *k, enum tx_severity sev,
		    const char *code, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void finding(struct us_ctx *s, const struct clid *k, enum tx_severity sev,
		    const char *code, const char *fix, const char *fmt, ...)
{
	char msg[900], obj[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (k->user_rec != NULL)
		snprintf(obj, sizeof obj, "user_setting:%s", json_str_or(k->user_rec, "key", ""));
	else
		snprintf(obj, sizeof obj, "user:%s", s->ukey);
	tx_finding(s->c->f, sev, code, obj, k->src, fix, "%s", msg);
}

/* The effective policy; 0 when neither the user's nor the group's was
 * read, or the user's defers to a group policy that was not (k->user_rec
 * then says which). */
static int effective(struct us_ctx *s, struct clid *k)
{
	const cJSON *rec = us_record(s, "call_processing_policy", NULL);
	const cJSON *grp = s->u->grp ? cJSON_GetObjectItemCaseSensitive(s->u->grp->j,
									"callProcessingPolicy") : NULL;
	memset(k, 0, sizeof *k);
	k->user_rec = rec;
	if (rec != NULL && json_bool(us_value(rec), "useUserCLIDSetting", 0)) {
		k->policy = us_value(rec);
		k->src = rec;
		k->from = "user";
		return 1;
	}
	if (cJSON_IsObject(grp)) {
		k->policy = grp;
		k->src = grp;
		k->from = "group";
		return 1;
	}
	return 0;
}

/* The user's configurable CLID number when it is a number of a group of
 * the same enterprise in the user's country; else NULL and a finding. */
static const char *custom_number(struct us_ctx *s, const struct clid *k)
{
	const char *num = json_str(s->u->j, "callingLineIdPhoneNumber");
	const struct tx_grp *home = s->u->grp;
	for (size_t i = 0; num != NULL && num[0] == '+' && i < s->e->n_grp; i++) {
		const struct tx_grp *g = &s->e->grp[i];
		int same_country = home == NULL || home->country == NULL || g->country == NULL ||
				   strcmp(home->country, g->country) == 0;
		if (same_country && tx_map_get(&g->nums, num) != NULL)
			return num;
	}
	finding(s, k, TX_WARNING, "caller_id_number_not_migrated",
		"add the number to one of the enterprise's groups in BroadWorks and extract "
		"again, or set the caller ID in Control Hub after the migration",
		"%s:%ld: %s policy \"Use Configurable CLID\" with number %s, which is not a "
		"number of this enterprise in the user's country; DIRECT_LINE is planned",
		tx_src_file(k->src), tx_src_line(k->src), k->from,
		num ? num : json_str_or(s->u->j, "callingLineIdPhoneNumberRaw", "(none)"));
	return NULL;
}

/* "selected" (and customNumber) from the BroadWorks clidPolicy. */
static void selected(struct us_ctx *s, const struct clid *k, cJSON *body)
{
	const char *bw = json_str_or(k->policy, "clidPolicy", "Use DN");
	if (strcmp(bw, "Use Group CLID") == 0) {
		cJSON_AddStringToObject(body, "selected", "LOCATION_NUMBER");
		return;
	}
	if (strcmp(bw, "Use Configurable CLID") == 0) {
		const char *num = custom_number(s, k);
		cJSON_AddStringToObject(body, "selected", num ? "CUSTOM" : "DIRECT_LINE");
		if (num != NULL)
			cJSON_AddStringToObject(body, "customNumber", num);
		return;
	}
	if (strcmp(bw, "Use DN") != 0)
		finding(s, k, TX_WARNING, "bad_clid_policy", "use \"Use DN\", \"Use Group CLID\" "
			"or \"Use Configurable CLID\" in BroadWorks and extract again, or set the "
			"caller ID in Control Hub after the migration",
			"%s:%ld: %s calling line ID policy \"%s\" is not a BroadWorks "
			"GroupCLIDPolicy; DIRECT_LINE is planned", tx_src_file(k->src),
			tx_src_line(k->src), k->from, bw);
	cJSON_AddStringToObject(body, "selected", "DIRECT_LINE");
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The direct line name: the CLID name when it is not the user's name. */
static void line_name(const struct us_ctx *s, cJSON *body)
{
	const cJSON *u = s->u->j;
	const char *cf = json_str(u, "callingLineIdFirstName");
	const char *cl = json_str(u, "callingLineIdLastName");
	cJSON *o = cJSON_AddObjectToObject(body, "directLineCallerIdName");
	if ((cf == NULL && cl == NULL) ||
	    (same(cf, json_str(u, "firstName")) && same(cl, json_str(u, "lastName")))) {
		cJSON_AddStringToObject(o, "selection", "FIRSTNAME_LASTNAME");
		return;
	}
	char name[256];
	snprintf(name, sizeof name, "%s%s%s", cf ? cf : "", cf && cl ? " " : "", cl ? cl : "");
	cJSON_AddStringToObject(o, "selection", "CUSTOM_NAME");
	cJSON_AddStringToObject(o, "customName", name);
}

/* No policy that applies was read. A user whose own policy defers to the
 * group's is told the group's is missing; otherwise only a user with a
 * configurable CLID number loses something, and is told once. */
static void not_captured(struct us_ctx *s, const struct clid *k)
{
	if (k->user_rec != NULL) {
		us_not_carried(s, k->user_rec, 0, "caller_id_policy_not_captured",
			       "capture the group's GroupCallProcessingGetPolicyRequest22V3 and "
			       "extract again, or set the caller ID in Control Hub",
			       "%s:%ld: the user's calling line ID follows the group's policy "
			       "(useUserCLIDSetting false), which was not captured; the caller ID "
			       "is left as Webex's default", tx_src_file(k->user_rec),
			       tx_src_line(k->user_rec));
		return;
	}
	const char *num = json_str(s->u->j, "callingLineIdPhoneNumber");
	if (num == NULL)
		return;
	char obj[600];
	snprintf(obj, sizeof obj, "user:%s", s->ukey);
	const char *id = tx_finding(s->c->f, TX_INFO, "caller_id_policy_not_captured", obj,
				    s->u->j, "capture UserCallProcessingGetPolicyRequest23 (or the "
				    "group's GroupCallProcessingGetPolicyRequest22V3) and extract "
				    "again, or set the caller ID in Control Hub",
				    "the user has calling line ID number %s, but neither the user's "
				    "nor the group's call processing policy was captured, so the "
				    "caller ID is left as Webex's default", num);
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "setting", "call_processing_policy");
	cJSON_AddStringToObject(row, "finding", id);
	cJSON_AddItemToArray(s->not_carried, row);
}

void us_plan_callerid(struct us_ctx *s)
{
	struct clid k;
	if (!effective(s, &k)) {
		not_captured(s, &k);
		return;
	}
	if (!us_package_has(s->u->package, "callerId")) {
		if (k.user_rec != NULL)
			us_not_carried(s, k.user_rec, 0, "package_lacks_feature", "give the user a "
				       "calling package", "package %s has no caller ID settings; the "
				       "calling line ID policy is not migrated", s->u->package);
		return;
	}
	cJSON *x = us_entry(s, "callerId", "PUT", "/people/{personId}/features/callerId",
			    k.user_rec);
	if (k.user_rec == NULL || strcmp(k.from, "group") == 0) {
		char src[600];
		snprintf(src, sizeof src, "group:%s", s->u->grp ? s->u->grp->key : "");
		cJSON_AddItemToArray(cJSON_GetObjectItem(x, "source"), cJSON_CreateString(src));
	}
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	selected(s, &k, body);
	line_name(s, body);
	cJSON_AddStringToObject(body, "externalCallerIdNamePolicy",
				json_bool(k.policy, "useGroupName", 0) ? "LOCATION" : "DIRECT_LINE");
}
