/*
 * build_schedule.c — BroadWorks time and holiday schedules -> `schedule`
 * entries (POST /telephony/config/locations/{locationId}/schedules, body
 * type, name, events), keyed GRPKEY#businessHours:NAME or GRPKEY#holidays:NAME.
 *
 * A group schedule goes to its group's location; an enterprise schedule
 * is copied into each location with a feature (or a person's selective
 * criterion) that names it. Events are
 * translated one by one (spec webex-calling-features.md §6); an event whose
 * recurrence has no Webex counterpart is left out with a finding, so the
 * schedule is "migrated with changes".
 */
#include "transform/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long jint(const cJSON *o, const char *name, long dflt)
{
	return (long)json_num(o, name, (double)dflt);
}

/* BroadWorks ScheduleType -> Webex schedule type, NULL if none. */
static const char *webex_type(const char *bw_type)
{
	if (bw_type != NULL && strcmp(bw_type, "Time") == 0)
		return "businessHours";
	if (bw_type != NULL && strcmp(bw_type, "Holiday") == 0)
		return "holidays";
	return NULL;
}

/* "Fourth" -> "FOURTH", "January" -> "JANUARY". */
static cJSON *upper(const char *s)
{
	char buf[32];
	size_t i = 0;
	for (; s != NULL && s[i] && i + 1 < sizeof buf; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
	return cJSON_CreateString(buf);
}

static int parse_date(const char *s, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	if (s == NULL || sscanf(s, "%d-%d-%d", &tm->tm_year, &tm->tm_mon, &tm->tm_mday) != 3)
		return -1;
	tm->tm_year -= 1900;
	tm->tm_mon -= 1;
	tm->tm_hour = 12;
	return timegm(tm) == (time_t)-1 ? -1 : 0;
}

/* Minutes of an {hour, minute} object, 0 when absent. */
static int minutes(const cJSON *hm)
{
	return hm ? jint(hm, "hour", 0) * 60 + jint(hm, "minute", 0) : 0;
}

static void put_time(cJSON *o, const char *name, const cJSON *hm)
{
	char buf[8];
	int m = minutes(hm);
	snprintf(buf, sizeof buf, "%02d:%02d", m / 60 % 100, m % 60);
	cJSON_AddStringToObject(o, name, buf);
}

/* The date of the n-th weekly occurrence from start (days as in recurWeekly). */
static void weekly_end(const char *start, const cJSON *wk, long n, char out[24])
{
	static const char *const days[] = {
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	};
	struct tm tm;
	parse_date(start, &tm);
	time_t t = timegm(&tm);
	for (long seen = 0, guard = 0; guard < 366L * 20; guard++, t += 86400) {
		struct tm d;
		gmtime_r(&t, &d);
		if (json_bool(wk, days[d.tm_wday], 0) && ++seen == n) {
			strftime(out, 24, "%Y-%m-%d", &d);
			return;
		}
	}
	strftime(out, 24, "%Y-%m-%d", &tm);
}

/* The BroadWorks recurrence as the Webex one, or NULL with *why set. */
static cJSON *recurrence(const cJSON *r, const char *start, const char **why, char *note,
			 size_t note_len)
{
	const cJSON *x;
	cJSON *w = cJSON_CreateObject();
	*why = NULL;
	if ((x = cJSON_GetObjectItem(r, "recurDaily")) != NULL) {
		if (jint(x, "recurInterval", 1) != 1)
			*why = "repeats every few days";
		/* every day = every week on every day */
		static const char *const all[] = { "sunday", "monday", "tuesday", "wednesday",
						   "thursday", "friday", "saturday" };
		cJSON *wk = cJSON_AddObjectToObject(w, "recurWeekly");
		for (size_t i = 0; i < 7; i++)
			cJSON_AddBoolToObject(wk, all[i], 1);
	} else if ((x = cJSON_GetObjectItem(r, "recurWeekly")) != NULL) {
		if (jint(x, "recurInterval", 1) != 1)
			*why = "repeats every few weeks";
		static const char *const days[] = { "sunday", "monday", "tuesday", "wednesday",
						    "thursday", "friday", "saturday" };
		cJSON *wk = cJSON_AddObjectToObject(w, "recurWeekly");
		for (size_t i = 0; i < 7; i++)
			cJSON_AddBoolToObject(wk, days[i], json_bool(x, days[i], 0));
	} else if ((x = cJSON_GetObjectItem(r, "recurYearlyByDay")) != NULL) {
		if (jint(x, "recurInterval", 1) != 1)
			*why = "repeats every few years";
		cJSON *y = cJSON_AddObjectToObject(w, "recurYearlyByDate");
		cJSON_AddNumberToObject(y, "dayOfMonth", jint(x, "dayOfMonth", 1));
		cJSON_AddItemToObject(y, "month", upper(json_str(x, "month")));
	} else if ((x = cJSON_GetObjectItem(r, "recurYearlyByWeek")) != NULL) {
		if (jint(x, "recurInterval", 1) != 1)
			*why = "repeats every few years";
		cJSON *y = cJSON_AddObjectToObject(w, "recurYearlyByDay");
		cJSON_AddItemToObject(y, "day", upper(json_str(x, "dayOfWeek")));
		cJSON_AddItemToObject(y, "week", upper(json_str(x, "dayOfWeekInMonth")));
		cJSON_AddItemToObject(y, "month", upper(json_str(x, "month")));
	} else if (cJSON_GetObjectItem(r, "recurMonthlyByDay") != NULL ||
		   cJSON_GetObjectItem(r, "recurMonthlyByWeek") != NULL) {
		*why = "repeats monthly, which Webex schedules cannot express";
	} else {
		*why = "has a recurrence this tool does not know";
	}
	long n = jint(r, "recurEndOccurrence", 0);
	if (n > 999)
		n = 999;
	if (json_str(r, "recurEndDate") != NULL) {
		cJSON_AddStringToObject(w, "recurEndDate", json_str(r, "recurEndDate"));
	} else if (n > 0) {
		/* Webex has no end-after-N: the date of the N-th occurrence */
		char end[24];
		const cJSON *wk = cJSON_GetObjectItem(w, "recurWeekly");
		if (wk != NULL) {
			weekly_end(start, wk, n, end);
		} else {
			struct tm tm;
			parse_date(start, &tm);
			snprintf(end, sizeof end, "%04d-12-31", (tm.tm_year + 1900 + (int)n - 1) % 10000);
		}
		cJSON_AddStringToObject(w, "recurEndDate", end);
		snprintf(note, note_len, "ends after %ld occurrences: given the end date %s", n, end);
	} else {
		cJSON_AddBoolToObject(w, "recurForEver", 1);
	}
	if (*why != NULL) {
		cJSON_Delete(w);
		return NULL;
	}
	return w;
}

/* One event, or NULL (after a finding about rec) when it cannot be carried. */
static cJSON *event(const struct tx_feat *fc, const cJSON *rec, const char *obj, const cJSON *ev)
{
	const char *name = json_str_or(ev, "eventName", "");
	const char *sd = json_str(ev, "startDate"), *ed = json_str(ev, "endDate");
	struct tm a, b;
	int all_day = json_bool(ev, "allDayEvent", 0);
	if (parse_date(sd, &a) != 0 || parse_date(ed, &b) != 0) {
		tx_finding(fc->c->f, TX_WARNING, "schedule_event_invalid", obj, rec,
			   "give the event a start and end date in BroadWorks, or add it by hand",
			   "event \"%s\" has no valid startDate/endDate; it is left out", name);
		return NULL;
	}
	long da = (long)(timegm(&a) / 86400), db = (long)(timegm(&b) / 86400);
	int ma = minutes(cJSON_GetObjectItem(ev, "startTime"));
	int mb = minutes(cJSON_GetObjectItem(ev, "endTime"));
	if (db < da || (db == da && !all_day && mb <= ma)) {
		tx_finding(fc->c->f, TX_WARNING, "schedule_event_end_before_start", obj, rec,
			   "correct the event's end in BroadWorks and extract again, or add it by "
			   "hand in Control Hub", "event \"%s\" ends (%s) before it starts (%s); it "
			   "is left out", name, ed, sd);
		return NULL;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "startDate", sd);
	cJSON_AddStringToObject(o, "endDate", ed);
	if (all_day) {
		cJSON_AddBoolToObject(o, "allDayEnabled", 1);
	} else {
		put_time(o, "startTime", cJSON_GetObjectItem(ev, "startTime"));
		put_time(o, "endTime", cJSON_GetObjectItem(ev, "endTime"));
	}
	const cJSON *r = cJSON_GetObjectItem(ev, "recurrence");
	if (r == NULL)
		return o;
	const char *why;
	char note[128] = "";
	cJSON *w = recurrence(r, sd, &why, note, sizeof note);
	if (w == NULL) {
		tx_finding(fc->c->f, TX_WARNING, "schedule_recurrence_unsupported", obj, rec,
			   "add the occurrences as separate events in Control Hub after the load",
			   "event \"%s\" %s; it is left out", name, why);
		cJSON_Delete(o);
		return NULL;
	}
	if (note[0] != '\0')
		tx_finding(fc->c->f, TX_INFO, "schedule_end_after_occurrences", obj, rec,
			   "nothing to do; check the date", "event \"%s\" %s", name, note);
	cJSON_AddItemToObject(o, "recurrence", w);
	return o;
}

/* The entry of schedule rec in location g. */
static cJSON *schedule_entry(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
			     const char *wtype)
{
	const char *name = json_str_or(rec, "name", "");
	struct strbuf key = STRBUF_INIT, obj = STRBUF_INIT, del = STRBUF_INIT;
	strbuf_addf(&key, "%s#%s:%s", g->key, wtype, name);
	strbuf_addf(&obj, "schedule:%s", json_str(rec, "key"));
	cJSON *x = tx_feat_entry(fc, g, "schedule", key.buf, rec, "schedules", "schedules", name);
	cJSON *body = cJSON_GetObjectItem(x, "body");
	cJSON_AddStringToObject(body, "type", wtype);
	cJSON_AddStringToObject(body, "name", name);
	cJSON *events = cJSON_AddArrayToObject(body, "events");
	const cJSON *ev;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItem(rec, "events")) {
		cJSON *w = event(fc, rec, obj.buf, ev);
		if (w != NULL)
			cJSON_AddItemToArray(events, w);
	}
	cJSON *lk = cJSON_GetObjectItem(x, "lookup");
	cJSON_AddStringToObject(cJSON_GetObjectItem(lk, "query"), "type", wtype);
	cJSON_AddStringToObject(cJSON_GetObjectItem(lk, "match"), "type", wtype);
	/* the type is a path segment of the schedule's own URL */
	strbuf_addf(&del, "/telephony/config/locations/{locationId}/schedules/%s/{id}", wtype);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(x, "delete"), "path",
				  cJSON_CreateString(del.buf));
	strbuf_free(&key);
	strbuf_free(&obj);
	strbuf_free(&del);
	return x;
}

/* Does any string in o equal s? */
static int mentions(const cJSON *o, const char *s)
{
	if (cJSON_IsString(o))
		return strcmp(o->valuestring, s) == 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, o)
		if (c->string == NULL || strcmp(c->string, "key") != 0)
			if (mentions(c, s))
				return 1;
	return 0;
}

/* The groups (id -> non-NULL) with a feature (other than a schedule) or a
 * person's selective criterion that names schedule name: one pass over
 * the enterprise's features and criteria. */
static void groups_using(const struct tx_feat *fc, const char *name, struct tx_map *out)
{
	const struct tx_list *ls[] = { &fc->e->virt, &fc->e->settings };
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < ls[l]->n; i++) {
			const cJSON *r = ls[l]->v[i];
			const char *kind = json_str_or(r, "kind", ""), *group = json_str(r, "group");
			if (group == NULL || !tx_is_feature_kind(kind) || strcmp(kind, "schedule") == 0)
				continue;
			if (tx_map_get(out, group) == NULL && mentions(r, name))
				tx_map_put(out, group, (void *)r);
		}
	/* and the selective criteria of the people (settings_criteria.c) */
	for (size_t i = 0; i < fc->e->usettings.n; i++) {
		const cJSON *r = fc->e->usettings.v[i];
		const char *group = json_str(r, "group"), *set = json_str_or(r, "setting", "");
		size_t n = strlen(set);
		if (group != NULL && n > 9 && strcmp(set + n - 9, "_criteria") == 0 &&
		    tx_map_get(out, group) == NULL && mentions(r, name))
			tx_map_put(out, group, (void *)r);
	}
}

static int plan_one(const struct tx_feat *fc, const cJSON *rec)
{
	char obj[400];
	snprintf(obj, sizeof obj, "schedule:%s", json_str(rec, "key"));
	const char *wtype = webex_type(json_str(rec, "type"));
	if (wtype == NULL) {
		tx_finding(fc->c->f, TX_ERROR, "schedule_type_unknown", obj, rec,
			   "only Time and Holiday schedules migrate; recreate it by hand",
			   "schedule type \"%s\" has no Webex counterpart",
			   json_str_or(rec, "type", "?"));
		return BWM_OK;
	}
	if (json_str(rec, "group") != NULL) {
		struct tx_grp *g = tx_feat_group(fc, rec);
		return g ? tx_feat_emit(fc, g, schedule_entry(fc, g, rec, wtype)) : BWM_OK;
	}
	int rc = BWM_OK, copies = 0;
	const char *name = json_str_or(rec, "name", "");
	struct tx_map users = { 0 };
	groups_using(fc, name, &users);
	for (size_t i = 0; rc == BWM_OK && users.n > 0 && i < fc->n_g; i++) {
		struct tx_grp *g = fc->gs[i];
		char gk[600];
		snprintf(gk, sizeof gk, "schedule:%s#%s:%s", g->key, json_str(rec, "type"), name);
		if (tx_map_get(&users, g->id) == NULL || tx_map_get(&fc->e->index, gk) != NULL)
			continue;   /* unused here, or the group's own schedule of that name wins */
		rc = tx_feat_emit(fc, g, schedule_entry(fc, g, rec, wtype));
		copies++;
	}
	tx_map_free(&users);
	if (copies == 0 && fc->n_g > 0)
		tx_finding(fc->c->f, TX_INFO, "schedule_unused", obj, rec,
			   "nothing to do unless people use it; recreate it by hand if so",
			   "enterprise schedule \"%s\" is named by no feature of this customer; "
			   "it is not copied into any location", name);
	return rc;
}

int tx_plan_schedules(const struct tx_feat *fc)
{
	size_t n;
	cJSON **recs = tx_feat_records(fc->e, "schedule", &n);
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < n; i++)
		rc = plan_one(fc, recs[i]);
	free(recs);
	return rc;
}

const char *tx_feat_schedule(const struct tx_feat *fc, struct tx_grp *g, const char *name,
			     const char *level, const char *type, char *dep, size_t dep_len)
{
	char k[600];
	const char *wtype = webex_type(type);
	int ent = level != NULL && strcmp(level, "Service Provider") == 0;
	if (ent)
		snprintf(k, sizeof k, "schedule:%s#%s:%s", fc->e->id, type, name);
	else
		snprintf(k, sizeof k, "schedule:%s#%s:%s", g->key, type, name);
	if (tx_map_get(&fc->e->index, k) == NULL)
		return NULL;
	snprintf(dep, dep_len, "schedule:%s#%s:%s", g->key, wtype, name);
	return name;
}
