/*
 * settings_criteria.c — the criteria of BroadWorks selective call
 * forwarding, acceptance and rejection become Webex selectiveForward,
 * selectiveAccept and selectiveReject criteria: one POST entry each,
 * `UKEY#selectiveForward:CRITERIANAME`, after the feature's PUT and the
 * location schedule it names. Acceptance and rejection also get their PUT
 * (`enabled`), since BroadWorks has no switch for them beyond their
 * criteria.
 *
 * A criterion POST is not idempotent: its lookup reads the feature's
 * criteria list and adopts one with the same calls-from source (and
 * schedule). The criteria of one feature are chained (each depends on the
 * one before) and the lookup is `distinct`, so after a crash at most one
 * of them is unsettled and it never adopts a criterion an earlier entry
 * holds. A criterion that cannot be carried as BroadWorks has it is a
 * finding, never a partial criterion.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

struct family {
	const char *list;          /* user_setting of the list */
	const char *crit;          /* user_setting of one criterion */
	const char *feature;       /* Webex feature (path segment, entry name) */
	const char *flag;          /* the criterion's "applies" member */
	const char *label;
	int internal_external;     /* callsFrom takes ANY_INTERNAL / ANY_EXTERNAL */
	int forwarded;             /* callsFrom takes FORWARDED */
};

static const struct family families[] = {
	{ "call_forwarding_selective", "call_forwarding_selective_criteria", "selectiveForward",
	  "forwardEnabled", "selective forwarding", 1, 0 },
	{ "selective_call_acceptance", "selective_call_acceptance_criteria", "selectiveAccept",
	  "acceptEnabled", "selective call acceptance", 0, 0 },
	{ "selective_call_rejection", "selective_call_rejection_criteria", "selectiveReject",
	  "rejectEnabled", "selective call rejection", 0, 1 },
};

/* What one criterion becomes, gathered before any entry is made. */
struct crit {
	const struct family *f;
	const cJSON *rec;          /* the detail record, else the list's */
	const char *name;
	cJSON *body;               /* owned until it is planned */
	char dep[600];             /* the schedule entry it needs, or "" */
};

static int crit_refuse(struct us_ctx *s, struct crit *k, const char *code, const char *fix,
		       const char *why)
{
	us_not_carried(s, k->rec, 1, code, fix, "%s:%ld: %s criterion \"%s\" is not migrated: %s",
		       tx_src_file(k->rec), tx_src_line(k->rec), k->f->label, k->name, why);
	return -1;
}

#define BY_HAND "re-create the criterion by hand in Control Hub"

/* The schedule of the criterion: a location schedule the plan creates. */
static int schedule(struct us_ctx *s, struct crit *k, const cJSON *v)
{
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(v, "timeSchedule");
	const cJSON *hs = cJSON_GetObjectItemCaseSensitive(v, "holidaySchedule");
	if (ts != NULL && hs != NULL)
		return crit_refuse(s, k, "selective_criteria_two_schedules", BY_HAND " with one "
				   "of the two schedules, or as two criteria", "it has both a time "
				   "and a holiday schedule; a Webex criterion takes one");
	const cJSON *sc = ts ? ts : hs;
	if (sc == NULL)
		return 0;
	const char *level = json_str_or(sc, "type", "Group"), *name = json_str(sc, "name");
	const char *bw_type = ts ? "Time" : "Holiday", *wtype = ts ? "businessHours" : "holidays";
	char why[900], inv[600];
	const struct tx_grp *g = s->u->grp;
	if (name == NULL || g == NULL)
		return crit_refuse(s, k, "selective_criteria_schedule_not_migrated", BY_HAND,
				   "its schedule has no name or the user no group");
	if (strcmp(level, "User") == 0) {
		snprintf(why, sizeof why, "it uses the user's own %s schedule \"%s\", and this "
			 "migration creates location schedules only", bw_type, name);
		return crit_refuse(s, k, "selective_criteria_schedule_not_migrated", "create the "
				   "schedule under the person in Control Hub (or as a location "
				   "schedule), then " BY_HAND, why);
	}
	if (strcmp(level, "Service Provider") == 0)
		snprintf(inv, sizeof inv, "schedule:%s#%s:%s", s->e->id, bw_type, name);
	else
		snprintf(inv, sizeof inv, "schedule:%s#%s:%s", g->key, bw_type, name);
	if (tx_map_get(&s->e->index, inv) == NULL) {
		snprintf(why, sizeof why, "its %s schedule \"%s\" (%s) is not in the export",
			 bw_type, name, level);
		return crit_refuse(s, k, "selective_criteria_schedule_not_migrated", "extract the "
				   "schedule too and transform again, or " BY_HAND, why);
	}
	snprintf(k->dep, sizeof k->dep, "schedule:%s#%s:%s", g->key, wtype, name);
	cJSON_AddStringToObject(k->body, "scheduleName", name);
	cJSON_AddStringToObject(k->body, "scheduleType", wtype);
	cJSON_AddStringToObject(k->body, "scheduleLevel", "GROUP");
	return 0;
}

/* The numbers of "Specified Only", translated; -1 (and a finding) when
 * one is not a number. */
static int numbers(struct us_ctx *s, struct crit *k, const cJSON *dn, cJSON *out)
{
	const cJSON *pn = cJSON_GetObjectItemCaseSensitive(dn, "phoneNumber"), *it;
	cJSON *one = NULL;
	if (cJSON_IsString(pn)) {    /* a single repeated element reads as a string */
		one = cJSON_CreateArray();
		cJSON_AddItemToArray(one, cJSON_CreateString(pn->valuestring));
		pn = one;
	}
	int rc = 0;
	cJSON_ArrayForEach(it, pn) {
		char *num = cJSON_IsString(it) ? us_destination(s, k->rec, it->valuestring,
								"calls-from number") : NULL;
		if (num == NULL) {
			char why[300];
			snprintf(why, sizeof why, "calls-from number \"%s\" is not a phone number "
				 "or extension", cJSON_IsString(it) ? it->valuestring : "?");
			rc = crit_refuse(s, k, "selective_criteria_bad_number", "correct the number "
					 "in BroadWorks and extract again, or " BY_HAND, why);
			break;
		}
		cJSON_AddItemToArray(out, cJSON_CreateString(num));
		free(num);
	}
	cJSON_Delete(one);
	return rc;
}

/* callsFrom, anonymousCallersEnabled, unavailableCallersEnabled, phoneNumbers. */
static int calls_from(struct us_ctx *s, struct crit *k, const cJSON *v)
{
	const cJSON *dn = cJSON_GetObjectItemCaseSensitive(v, "fromDnCriteria");
	const char *sel = json_str_or(dn, "fromDnCriteriaSelection", "Any");
	int anon = json_bool(dn, "includeAnonymousCallers", 0);
	int unav = json_bool(dn, "includeUnavailableCallers", 0);
	int in = json_bool(dn, "includeInternalCallers", 0);
	int ext = json_bool(dn, "includeExternalCallers", 0);
	cJSON *nums = cJSON_CreateArray();
	const char *from = NULL;
	char why[300];
	int rc = 0;
	if (strcmp(sel, "Any") == 0) {
		from = "ANY_PHONE_NUMBER";
	} else if (strcmp(sel, "Forwarded") == 0 && k->f->forwarded) {
		from = "FORWARDED";
	} else if (strcmp(sel, "Specified Only") == 0 &&
		   (rc = numbers(s, k, dn, nums)) == 0) {
		int listed = cJSON_GetArraySize(nums) > 0 || anon || unav;
		if ((in || ext) && (listed || !k->f->internal_external))
			snprintf(why, sizeof why, "it matches %s callers%s; Webex %s takes "
				 "internal or external callers alone", in && ext ? "internal and "
				 "external" : in ? "internal" : "external", listed ? " and listed "
				 "numbers" : "", k->f->label);
		else if (in || ext)
			from = in && ext ? "ANY_PHONE_NUMBER" : in ? "ANY_INTERNAL" : "ANY_EXTERNAL";
		else if (listed)
			from = "SELECT_PHONE_NUMBERS";
		else
			snprintf(why, sizeof why, "it is for specified callers but lists none, so "
				 "it never applies");
	} else if (rc == 0) {
		snprintf(why, sizeof why, "its calls-from condition \"%s\" has no Webex %s "
			 "counterpart", sel, k->f->label);
	}
	if (from == NULL) {
		cJSON_Delete(nums);
		return rc != 0 ? rc : crit_refuse(s, k, "selective_criteria_calls_from", BY_HAND,
						  why);
	}
	cJSON_AddStringToObject(k->body, "callsFrom", from);
	cJSON_AddBoolToObject(k->body, "anonymousCallersEnabled", anon);
	cJSON_AddBoolToObject(k->body, "unavailableCallersEnabled", unav);
	if (cJSON_GetArraySize(nums) > 0)
		cJSON_AddItemToObject(k->body, "phoneNumbers", nums);
	else
		cJSON_Delete(nums);
	return 0;
}

/* forwardToPhoneNumber and sendToVoicemailEnabled of a forwarding criterion. */
static int forward_to(struct us_ctx *s, struct crit *k, const cJSON *v, const char *dflt)
{
	int specified = strcmp(json_str_or(v, "forwardToNumberSelection", ""),
			       "Forward To Specified Number") == 0;
	const char *raw = specified ? json_str(v, "forwardToPhoneNumber") : dflt;
	char *dest = us_destination(s, k->rec, raw, "selective forwarding criterion destination");
	if (dest == NULL)
		return crit_refuse(s, k, "selective_criteria_no_destination", "give it a phone "
				   "number to forward to, or " BY_HAND, specified ? "its destination "
				   "is not a phone number" : "it forwards to the default number, which "
				   "is missing or not a phone number");
	cJSON_AddStringToObject(k->body, "forwardToPhoneNumber", dest);
	cJSON_AddBoolToObject(k->body, "sendToVoicemailEnabled", 0);
	free(dest);
	return 0;
}

static void add_ref(cJSON *o, const char *name, const char *kind, const char *key,
		    const char *field)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s#%s", kind, key, field);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, name), "$ref", sb.buf);
	strbuf_free(&sb);
}

/* The criteria list's `source` of a callsFrom value. */
static const char *source_of(const char *calls_from)
{
	if (strcmp(calls_from, "ANY_PHONE_NUMBER") == 0)
		return "ALL_NUMBERS";
	if (strcmp(calls_from, "SELECT_PHONE_NUMBERS") == 0)
		return "SPECIFIC_NUMBERS";
	return calls_from;
}

/* The entry of a translated criterion, after prev (the feature's PUT or
 * the criterion before). Returns the entry's depends-key (owned). */
static char *plan_crit(struct us_ctx *s, struct crit *k, const char *prev)
{
	struct strbuf name = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&name, "%s:%s", k->f->feature, k->name);
	strbuf_addf(&path, "/telephony/config/people/{personId}/%s/criteria", k->f->feature);
	cJSON *x = us_entry(s, name.buf, "POST", path.buf, k->rec);
	cJSON *deps = cJSON_GetObjectItem(x, "depends");
	cJSON_AddItemToArray(deps, cJSON_CreateString(prev));
	if (k->dep[0] != '\0')
		cJSON_AddItemToArray(deps, cJSON_CreateString(k->dep));
	cJSON_AddItemToObject(x, "body", k->body);
	cJSON *lk = cJSON_AddObjectToObject(x, "lookup");
	strbuf_reset(&path);
	strbuf_addf(&path, "/telephony/config/people/{personId}/%s", k->f->feature);
	cJSON_AddStringToObject(lk, "path", path.buf);
	cJSON *q = cJSON_AddObjectToObject(lk, "query");
	add_ref(q, "personId", "subscriber", s->ukey, "personId");
	add_ref(q, "orgId", "customer", s->cust_key, "orgId");
	cJSON_AddStringToObject(lk, "items", "criteria");
	cJSON *m = cJSON_AddObjectToObject(lk, "match");
	cJSON_AddStringToObject(m, "source", source_of(json_str_or(k->body, "callsFrom", "")));
	json_add_str_opt(m, "scheduleName", json_str(k->body, "scheduleName"));
	cJSON_AddTrueToObject(lk, "distinct");
	/* read back where the criterion lives, by the id the POST returned */
	strbuf_addstr(&path, "/criteria/{id}");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "read"), "path", path.buf);
	k->body = NULL;
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "user_setting:%s#%s", s->ukey, name.buf);
	strbuf_free(&name);
	strbuf_free(&path);
	return strbuf_detach(&key);
}

/* One row of the criteria table: 1 when it was planned. */
static int criterion(struct us_ctx *s, const struct family *f, const cJSON *list,
		     const cJSON *row, const char *dflt, char **prev)
{
	struct crit k = { f, list, json_str_or(row, "Criteria Name", "?"), NULL, "" };
	const cJSON *d = us_record(s, f->crit, k.name);
	if (d != NULL)
		k.rec = d;
	if (strcmp(json_str_or(row, "Is Active", "true"), "true") != 0) {
		us_not_carried(s, k.rec, 0, "selective_criteria_inactive", "re-create it in "
			       "Control Hub if the user turns it on again", "%s criterion \"%s\" "
			       "is off in BroadWorks; Webex criteria have no off switch, so it is "
			       "not migrated", f->label, k.name);
		return 0;
	}
	if (d == NULL) {
		crit_refuse(s, &k, "selective_criteria_not_read", "extract the criterion's "
			    "details (the per-criterion Get request) and transform again, or "
			    BY_HAND, "the export has its name only, not its conditions");
		return 0;
	}
	const cJSON *v = us_value(d);
	if (cJSON_GetObjectItemCaseSensitive(v, "callToNumber") != NULL) {
		crit_refuse(s, &k, "selective_criteria_calls_to", BY_HAND " and tell the user it "
			    "applies to calls to any of their numbers", "it applies to calls to "
			    "some of the user's numbers only; Webex criteria have no such condition");
		return 0;
	}
	k.body = cJSON_CreateObject();
	int rc = f == &families[0] ? forward_to(s, &k, v, dflt) : 0;
	if (rc == 0)
		rc = schedule(s, &k, v);
	if (rc == 0)
		rc = calls_from(s, &k, v);
	if (rc != 0) {
		cJSON_Delete(k.body);
		return 0;
	}
	cJSON_AddBoolToObject(k.body, f->flag, !json_bool(v, "blacklisted", 0));
	char *key = plan_crit(s, &k, *prev);
	free(*prev);
	*prev = key;
	return 1;
}

int us_plan_criteria(struct us_ctx *s, int which, const cJSON *list, const char *dflt)
{
	const struct family *f = &families[which];
	struct strbuf put = STRBUF_INIT;
	strbuf_addf(&put, "user_setting:%s#%s", s->ukey, f->feature);
	char *prev = strbuf_detach(&put);
	int n = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(us_value(list), "criteriaTable"))
		n += criterion(s, f, list, row, dflt, &prev);
	free(prev);
	return n;
}

/* Selective call acceptance (which = 1) or rejection (2): the PUT, on
 * when some criterion is planned, then the criteria. */
static void accept_reject(struct us_ctx *s, int which)
{
	const struct family *f = &families[which];
	const cJSON *rec = us_record(s, f->list, NULL), *row;
	if (rec == NULL)
		return;
	int active = 0;
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(us_value(rec), "criteriaTable"))
		active |= strcmp(json_str_or(row, "Is Active", "true"), "true") == 0;
	if (us_package_refuses(s, rec, active, f->feature, f->label))
		return;
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "/telephony/config/people/{personId}/%s", f->feature);
	cJSON *x = us_entry(s, f->feature, "PUT", path.buf, rec);
	strbuf_free(&path);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	int planned = us_plan_criteria(s, which, rec, NULL);
	cJSON_AddBoolToObject(body, "enabled", planned > 0);
}

void us_plan_accept_reject(struct us_ctx *s)
{
	accept_reject(s, 1);
	accept_reject(s, 2);
}
