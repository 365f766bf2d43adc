/*
 * build_user_setting.c — a user's BroadWorks call settings become
 * `user_setting` plan entries: one PUT per Webex feature (a POST per
 * Single Number Reach number and per selective criterion), each on /people/{personId}/… or
 * /telephony/config/people/{personId}/… with the person's id taken from
 * the subscriber the load created. Every setting read that is not carried
 * is a finding, and each user gets a report row saying what was carried.
 *
 * This file holds the helpers every settings planner uses and the entry
 * point; the planners are in settings_*.c.
 */
#include "settings.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const cJSON *us_record(const struct us_ctx *s, const char *setting, const char *item)
{
	/* the key is "UKEY#SETTING[:ITEM]"; every record of the range starts
	 * with "UKEY#" (user_range), so only the rest is compared */
	size_t skip = strlen(s->ukey) + 1, slen = strlen(setting);
	for (size_t i = 0; i < s->n_recs; i++) {
		const char *k = json_str(s->recs[i], "key") + skip;
		if (strncmp(k, setting, slen) != 0)
			continue;
		k += slen;
		if (item == NULL ? *k != '\0' : *k != ':' || strcmp(k + 1, item) != 0)
			continue;
		s->used[i] = 1;
		return s->recs[i];
	}
	return NULL;
}

/* The range of e->usettings whose keys start with "UKEY#". */
static void user_range(struct us_ctx *s)
{
	const struct tx_list *l = &s->e->usettings;
	size_t klen = strlen(s->ukey), lo = 0, hi = l->n;
	struct strbuf prefix = STRBUF_INIT;
	strbuf_addf(&prefix, "%s#", s->ukey);
	while (lo < hi) {            /* the first key >= "UKEY#" */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(json_str(l->v[mid], "key"), prefix.buf) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	strbuf_free(&prefix);
	size_t end = lo;
	while (end < l->n) {
		const char *k = json_str(l->v[end], "key");
		if (strncmp(k, s->ukey, klen) != 0 || k[klen] != '#')
			break;
		end++;
	}
	s->recs = l->v + lo;
	s->n_recs = end - lo;
	s->used = xcalloc(s->n_recs + 1, 1);
}

const cJSON *us_value(const cJSON *rec)
{
	static const cJSON empty = { .type = cJSON_Object };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, "value");
	return cJSON_IsObject(v) ? v : &empty;
}

/* A common-area phone's workspace takes the settings of the Common Area
 * package (us_package_has: call forwarding and call waiting) at paths of
 * its own; the two lists must agree. */
static const char *const workspace_paths[][2] = {
	{ "/people/{personId}/features/callForwarding",
	  "/workspaces/{workspaceId}/features/callForwarding" },
	{ "/people/{personId}/features/callWaiting",
	  "/workspaces/{workspaceId}/features/callWaiting" },
};

static const char *workspace_path(const char *person_path)
{
	for (size_t i = 0; i < sizeof workspace_paths / sizeof workspace_paths[0]; i++)
		if (strcmp(workspace_paths[i][0], person_path) == 0)
			return workspace_paths[i][1];
	return NULL;
}

cJSON *us_entry(struct us_ctx *s, const char *name, const char *method, const char *path,
		const cJSON *rec)
{
	/* a person path with no workspace counterpart is a planner that
	 * skipped the package check: still planned, on the person path, so
	 * the load's 404 shows it rather than a silent drop */
	const char *wpath = s->workspace ? workspace_path(path) : NULL;
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s#%s", s->ukey, name);
	cJSON *x = tx_entry_new("user_setting", key.buf, NULL, method, wpath ? wpath : path);
	strbuf_free(&key);
	struct strbuf dep = STRBUF_INIT;
	strbuf_addf(&dep, "%s:%s", s->workspace ? "workspace" : "subscriber", s->ukey);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(dep.buf));
	strbuf_free(&dep);
	cJSON *params = cJSON_GetObjectItem(x, "params");
	if (s->workspace)
		cJSON_AddItemToObject(params, "workspaceId", tx_ref("workspace:%s", s->ukey));
	else
		cJSON_AddItemToObject(params, "personId", tx_ref("subscriber:%s#personId", s->ukey));
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", s->cust_key));
	cJSON *src = cJSON_AddArrayToObject(x, "source");
	if (rec != NULL) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "user_setting:%s", json_str_or(rec, "key", ""));
		cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
		strbuf_free(&sb);
	}
	cJSON_AddItemToArray(s->out, x);
	cJSON_AddItemToArray(s->carried, cJSON_CreateString(name));
	return x;
}

static void object_of(char *buf, size_t n, const cJSON *rec)
{
	snprintf(buf, n, "user_setting:%s", json_str_or(rec, "key", ""));
}

void us_not_carried(struct us_ctx *s, const cJSON *rec, int active, const char *code,
		    const char *fix, const char *fmt, ...)
{
	char msg[900], obj[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	object_of(obj, sizeof obj, rec);
	const char *id = tx_finding(s->c->f, active ? TX_WARNING : TX_INFO, code, obj, rec, fix,
				    "%s", msg);
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "setting", json_str_or(rec, "setting", ""));
	json_add_str_opt(row, "item", json_str(rec, "item"));
	cJSON_AddStringToObject(row, "finding", id);
	cJSON_AddItemToArray(s->not_carried, row);
}

void us_finding(struct us_ctx *s, enum tx_severity sev, const cJSON *rec, const char *code,
		const char *fix, const char *fmt, ...)
{
	char msg[900], obj[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	object_of(obj, sizeof obj, rec);
	tx_finding(s->c->f, sev, code, obj, rec, fix, "%s", msg);
}

static int all_digits(const char *p)
{
	if (*p == '\0')
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

/* The migrated user a number or extension belongs to (same group for an
 * extension), or NULL. */
static struct tx_user *target_of(const struct us_ctx *s, const char *dest)
{
	const struct tx_grp *g = s->u->grp;
	if (g == NULL)
		return NULL;
	if (dest[0] == '+') {
		const cJSON *n = tx_map_get(&g->nums, dest);
		const char *who = n ? json_str(n, "assignedTo") : NULL;
		return who ? tx_map_get(&s->e->usr_by_id, who) : NULL;
	}
	for (size_t i = 0; i < g->n_users; i++) {
		const char *ext = json_str(g->users[i]->j, "extension");
		if (ext != NULL && strcmp(ext, dest) == 0)
			return g->users[i];
	}
	return NULL;
}

/* A destination that is another user's: warn when that user is not
 * migrated, and use its Webex number when it differs. */
static char *retarget(struct us_ctx *s, const cJSON *rec, char *dest, const char *what)
{
	struct tx_user *t = target_of(s, dest);
	if (t == NULL || t == s->u)
		return dest;
	if ((t->skip && !t->common) || t->blocked.n > 0) {
		us_finding(s, TX_WARNING, rec, "forward_to_unmigrated",
			   "migrate that user too, or pick another destination after the migration",
			   "%s:%ld: %s %s is user %s, which is not migrated", tx_src_file(rec),
			   tx_src_line(rec), what, dest, json_str_or(t->j, "id", "?"));
		return dest;
	}
	if (dest[0] == '+' && t->number != NULL && strcmp(t->number, dest) != 0) {
		free(dest);
		return xstrdup(t->number);
	}
	return dest;
}

char *us_destination(struct us_ctx *s, const cJSON *rec, const char *raw, const char *what)
{
	if (raw == NULL || raw[0] == '\0')
		return NULL;
	const char *p = strncmp(raw, "tel:", 4) == 0 ? raw + 4 : raw;
	if (strchr(p, '@') != NULL || strncmp(p, "sip:", 4) == 0 || strncmp(p, "sips:", 5) == 0) {
		us_finding(s, TX_WARNING, rec, "forward_sip_uri",
			   "after the migration set a phone number for it in Control Hub",
			   "%s:%ld: %s \"%s\" is a SIP URI; Webex forwards to numbers only, so it "
			   "is left out", tx_src_file(rec), tx_src_line(rec), what, raw);
		return NULL;
	}
	char *dest = NULL;
	size_t n = strlen(p);
	if (p[0] == '+' && all_digits(p + 1) && n >= 8 && n <= 16)
		dest = xstrdup(p);
	else if (all_digits(p) && n <= 6)
		dest = xstrdup(p);
	else if (all_digits(p) && n >= 7 && n <= 15) {
		struct strbuf sb = STRBUF_INIT;
		size_t cl = strlen(s->cc);
		if (n > 10 && strncmp(p, s->cc, cl) == 0)    /* already has its code */
			strbuf_addf(&sb, "+%s", p);
		else
			strbuf_addf(&sb, "+%s%s", s->cc, p);
		dest = strbuf_detach(&sb);
	}
	if (dest == NULL) {
		us_finding(s, TX_WARNING, rec, "bad_destination",
			   "correct the number in BroadWorks and extract again, or set it in "
			   "Control Hub after the migration",
			   "%s:%ld: %s \"%s\" is not a phone number or extension; it is left out",
			   tx_src_file(rec), tx_src_line(rec), what, raw);
		return NULL;
	}
	return retarget(s, rec, dest, what);
}

int us_package_has(const char *package, const char *feature)
{
	if (package == NULL)
		return 1;
	if (strcmp(package, "webex_meetings") == 0)
		return 0;
	/* Common Area: call forward, BLF, transfer, call waiting, T.38 fax */
	if (strcmp(package, "common_area_calling") == 0)
		return strcmp(feature, "callForwarding") == 0 || strcmp(feature, "callWaiting") == 0;
	return 1;
}

int us_package_refuses(struct us_ctx *s, const cJSON *rec, int active, const char *feature,
		       const char *what)
{
	if (us_package_has(s->u->package, feature))
		return 0;
	us_not_carried(s, rec, active, "package_lacks_feature", "give the user a calling "
		       "package, or tell the user the setting ends",
		       "package %s has no %s; it is not migrated", s->u->package, what);
	return 1;
}

/* 1 when a setting's value says the service was on. */
static int was_active(const cJSON *rec)
{
	const cJSON *v = us_value(rec);
	return json_bool(v, "isActive", 0) || json_bool(v, "distinctiveRing", 0);
}

/* Every record of the user no planner looked at: the user is not a
 * subscriber, or nothing maps the setting. */
static void leftovers(struct us_ctx *s)
{
	for (size_t i = 0; i < s->n_recs; i++) {
		if (s->used[i])
			continue;
		const cJSON *r = s->recs[i];
		if (s->u->skip && !s->u->common)
			us_not_carried(s, r, was_active(r), "setting_not_migrated",
				       "re-create it on the workspace or feature that replaces this user",
				       "%s is not migrated: the user is not a subscriber",
				       json_str_or(r, "setting", "setting"));
		else
			us_not_carried(s, r, was_active(r), "setting_not_migrated",
				       "set it by hand in Control Hub if the user needs it",
				       "%s has no Webex counterpart that this migration sets",
				       json_str_or(r, "setting", "setting"));
	}
}

/* The workspace forwarding body requires what a person's may leave out:
 * `callForwarding.always` and `businessContinuity`; absent in BroadWorks
 * means off, which is what a new workspace has. */
static void workspace_bodies(struct us_ctx *s)
{
	cJSON *x;
	cJSON_ArrayForEach(x, s->out) {
		const char *path = json_str(cJSON_GetObjectItem(x, "request"), "path");
		cJSON *body = cJSON_GetObjectItem(x, "body");
		if (path == NULL || body == NULL || strcmp(path, workspace_paths[0][1]) != 0)
			continue;
		cJSON *cf = cJSON_GetObjectItem(body, "callForwarding");
		if (cf == NULL)
			cf = cJSON_AddObjectToObject(body, "callForwarding");
		if (cJSON_GetObjectItem(cf, "always") == NULL) {
			cJSON *a = cJSON_AddObjectToObject(cf, "always");
			cJSON_AddBoolToObject(a, "enabled", 0);
			cJSON_AddBoolToObject(a, "ringReminderEnabled", 0);
			cJSON_AddBoolToObject(a, "destinationVoicemailEnabled", 0);
		}
		if (cJSON_GetObjectItem(body, "businessContinuity") == NULL) {
			cJSON *b = cJSON_AddObjectToObject(body, "businessContinuity");
			cJSON_AddBoolToObject(b, "enabled", 0);
			cJSON_AddBoolToObject(b, "destinationVoicemailEnabled", 0);
		}
	}
}

void tx_build_user_settings(struct tx_ctx *c, struct tx_ent *e, struct tx_user *u,
			    const char *cust_key, cJSON *out)
{
	struct us_ctx s = { c, e, u, cust_key, json_str(u->j, "key"),
			    json_str_or(u->j, "countryCode", "1"), out,
			    cJSON_CreateArray(), cJSON_CreateArray(), NULL, 0, NULL, u->common };
	user_range(&s);
	if (!u->skip || u->common) {
		us_plan_forwarding(&s);
		us_plan_selective(&s);
		us_plan_accept_reject(&s);
		us_plan_voicemail(&s);
		us_plan_simple(&s);
		us_plan_simring(&s);
		us_plan_callerid(&s);
		us_plan_reach(&s);
		us_plan_numbers(&s);
	}
	if (s.workspace)
		workspace_bodies(&s);
	leftovers(&s);
	if (cJSON_GetArraySize(s.carried) > 0 || cJSON_GetArraySize(s.not_carried) > 0)
		us_report_row(c->f, s.ukey, s.carried, s.not_carried);
	cJSON_Delete(s.carried);
	cJSON_Delete(s.not_carried);
	free(s.used);
}
