/*
 * queue_common.c — the parts every call feature planner shares: the
 * create entry with its crash-rule lookup and rollback delete, the
 * feature's name, number and caller id name, members as references to
 * the people the plan creates, forwarding destinations, greetings,
 * schedules, and the feature_setting entries of sub-resources.
 *
 * Nothing here makes a reference the load could not resolve: a member who
 * is not planned (not in the export, blocked, not a calling user, in
 * another customer) is left out with a finding naming the feature.
 */
#include "transform/features.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tx_qfeat_init(struct tx_qfeat *f, struct tx_qfeat_run *r, const cJSON *rec, struct tx_grp *g,
		  const char *kind)
{
	memset(f, 0, sizeof *f);
	f->r = r;
	f->rec = rec;
	f->g = g;
	f->kind = kind;
	f->inv_kind = json_str(rec, "kind");
	f->key = json_str(rec, "key");
	snprintf(f->obj, sizeof f->obj, "%s:%s", f->inv_kind, f->key);
}

void tx_qfeat_free(struct tx_qfeat *f)
{
	tx_ids_free(&f->blocked);
}

void tx_qfeat_finding(struct tx_qfeat *f, enum tx_severity sev, const char *code, const char *fix,
		     const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *id = tx_finding(f->r->c->f, sev, code, f->obj, f->rec, fix, "%s", msg);
	if (sev == TX_ERROR)
		tx_ids_add(&f->blocked, id);
}

/* Add "KIND:KEY" to the entry's depends unless it is there. */
void tx_qfeat_depend(cJSON *x, const char *kind, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", kind, key);
	tx_depend(x, sb.buf);
	strbuf_free(&sb);
}

void tx_qfeat_block(struct tx_qfeat *f, cJSON *x)
{
	const struct tx_list_ids *l[] = { f->r->cb, &f->g->blocked, &f->blocked, NULL };
	tx_entry_block(x, l);
}

/* The feature's name as sent: the API's length limit applies. */
static void feat_name(struct tx_qfeat *f, size_t max, char *out, size_t outsz)
{
	const char *name = json_str_or(f->rec, "name", json_str_or(f->rec, "id", f->key));
	snprintf(out, outsz, "%s", name);
	if (strlen(out) > max) {
		out[max] = '\0';
		tx_qfeat_finding(f, TX_WARNING, "feature_name_shortened", "rename it in Control Hub "
				"if the short name is ambiguous", "name \"%s\" is longer than the %zu "
				"characters Webex takes; it becomes \"%s\"", name, max, out);
	}
}

cJSON *tx_qfeat_entry(struct tx_qfeat *f, const char *coll, const char *list_path,
		     const char *items, size_t max_name, cJSON **body_out)
{
	struct tx_qfeat_run *r = f->r;
	char path[160], name[256];
	snprintf(path, sizeof path, "/telephony/config/locations/{locationId}/%s", coll);
	cJSON *x = tx_entry_new(f->kind, f->key, NULL, "POST", path);
	tx_qfeat_depend(x, "location", f->g->key);
	cJSON *params = cJSON_GetObjectItem(x, "params");
	cJSON_AddItemToObject(params, "locationId", tx_ref("location:%s", f->g->key));
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", r->cust_key));
	feat_name(f, max_name, name, sizeof name);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddStringToObject(body, "name", name);
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lookup, "path", list_path);
	cJSON *q = cJSON_AddObjectToObject(lookup, "query");
	cJSON_AddItemToObject(q, "locationId", tx_ref("location:%s", f->g->key));
	cJSON_AddStringToObject(q, "name", name);
	cJSON_AddItemToObject(q, "orgId", tx_ref("customer:%s#orgId", r->cust_key));
	cJSON_AddStringToObject(lookup, "items", items);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(lookup, "match"), "name", name);
	strncat(path, "/{id}", sizeof path - strlen(path) - 1);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "delete"), "path", path);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(f->obj));
	*body_out = body;
	return x;
}

static int is_extension(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 10)
		return 0;
	return strspn(s, "0123456789") == n;
}

static void caller_id_name(const cJSON *rec, cJSON *body)
{
	const char *first = json_str(rec, "callingLineIdFirstName");
	const char *last = json_str(rec, "callingLineIdLastName");
	cJSON *d = cJSON_AddObjectToObject(body, "directLineCallerIdName");
	if (first == NULL && last == NULL) {
		cJSON_AddStringToObject(d, "selection", "DISPLAY_NAME");
		return;
	}
	char name[256];
	snprintf(name, sizeof name, "%s%s%s", first ? first : "", first && last ? " " : "",
		 last ? last : "");
	cJSON_AddStringToObject(d, "selection", "CUSTOM_NAME");
	cJSON_AddStringToObject(d, "customName", name);
}

void tx_qfeat_identity(struct tx_qfeat *f, cJSON *x, cJSON *body)
{
	const char *phone = json_str(f->rec, "phoneNumber");
	const char *raw = json_str(f->rec, "phoneNumberRaw");
	const char *ext = json_str(f->rec, "extension");
	int have = 0;
	if (raw != NULL)
		tx_qfeat_finding(f, TX_WARNING, "feature_number_invalid", "fix the number in "
				"BroadWorks or assign one in Control Hub", "phone number \"%s\" is "
				"not a valid number; the feature keeps only its extension", raw);
	if (phone != NULL) {
		const cJSON *n = tx_map_get(&f->g->nums, phone);
		if (n != NULL && !json_bool(n, "$dup", 0)) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s%s", f->g->key, json_bool(n, "activated", 1) ? ""
				    : "#inactive");
			cJSON_AddStringToObject(body, "phoneNumber", phone);
			tx_qfeat_depend(x, "number", sb.buf);
			strbuf_free(&sb);
			have = 1;
		} else {
			tx_qfeat_finding(f, TX_WARNING, "feature_number_not_in_location", "add the "
					"number to the group's DN list in the export, or assign it in "
					"Control Hub", "phone number %s is not among the numbers planned "
					"for location %s; the feature keeps only its extension", phone,
					f->g->key);
		}
	}
	if (ext != NULL && is_extension(ext)) {
		cJSON_AddStringToObject(body, "extension", ext);
		have = 1;
	} else if (ext != NULL) {
		tx_qfeat_finding(f, TX_WARNING, "feature_extension_invalid", "give the feature an "
				"extension of 2-10 digits in Control Hub", "extension \"%s\" is not "
				"2-10 digits; left out", ext);
	}
	if (!have)
		tx_qfeat_finding(f, TX_ERROR, "feature_without_number", "give the feature a number "
				"or extension in BroadWorks (and capture it) or create it by hand",
				"the feature has neither a number of its location nor an extension; "
				"Webex needs one");
	caller_id_name(f->rec, body);
}

cJSON *tx_qfeat_person(struct tx_qfeat *f, cJSON *x, const char *user_id, const char *role)
{
	struct tx_qfeat_run *r = f->r;
	struct tx_user *u = user_id ? tx_map_get(&r->e->usr_by_id, user_id) : NULL;
	const char *why = NULL;
	if (u == NULL)
		why = "is not in the export";
	else if (u->skip)
		why = "is a common-area or virtual user, not a person";
	else if (u->grp == NULL)
		why = "has no group in the export";
	else if (r->c->p->group_granularity && u->grp != f->g)
		why = "belongs to another customer (one customer per group)";
	else if (u->package == NULL || strcmp(u->package, "webex_meetings") == 0)
		why = "has no calling package";
	else if (u->blocked.n > 0 || u->grp->blocked.n > 0 || r->cb->n > 0)
		why = "is blocked by findings and will not be created";
	if (why != NULL) {
		tx_qfeat_finding(f, TX_WARNING, "feature_member_left_out", "fix the user's "
				"findings or add the member by hand after the migration",
				"%s %s %s; left out of the feature", role, user_id ? user_id : "?", why);
		return NULL;
	}
	const char *key = json_str(u->j, "key");
	tx_qfeat_depend(x, "subscriber", key);
	return tx_ref("subscriber:%s#personId", key);
}

char *tx_qfeat_destination(struct tx_qfeat *f, const char *number, const char *what)
{
	char e164[E164_MAX];
	if (number == NULL || *number == '\0')
		return NULL;
	if (number[0] == '+' && e164_normalize(number, NULL, e164) == 0)
		return xstrdup(e164);
	if (strspn(number, "0123456789") == strlen(number) && strlen(number) <= 15)
		return xstrdup(number);
	tx_qfeat_finding(f, TX_WARNING, "feature_destination_unsupported", "set a phone number "
			"or extension as destination in Control Hub", "%s destination \"%s\" is not "
			"a phone number or extension (a SIP URI?); that forwarding is left off",
			what, number);
	return NULL;
}

const char *tx_qfeat_greeting(struct tx_qfeat *f, const char *selection, const char *what)
{
	if (selection == NULL || strcmp(selection, "Default") == 0)
		return "DEFAULT";
	int block = f->r->c->m->fp && f->r->c->m->fp->announcement_block;
	tx_qfeat_finding(f, block ? TX_ERROR : TX_WARNING, "feature_custom_announcement",
			strcmp(selection, "URL") == 0 ? "Webex plays no URL sources: record the "
			"announcement as a WAV file, upload it and select it in Control Hub"
			: "upload the audio file to the Webex announcement repository and select "
			"it in Control Hub", "%s uses a %s announcement; the default greeting is "
			"planned instead", what, selection);
	return "DEFAULT";
}

cJSON *tx_qfeat_setting(struct tx_qfeat *f, const char *coll, const char *idparam,
		       const char *sub, const char *path_sub)
{
	struct tx_qfeat_run *r = f->r;
	struct strbuf key = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&key, "%s#%s", f->key, sub);
	strbuf_addf(&path, "/telephony/config/locations/{locationId}/%s/{%s}%s%s", coll, idparam,
		    path_sub ? "/" : "", path_sub ? path_sub : "");
	cJSON *x = tx_entry_new("feature_setting", key.buf, NULL, "PUT", path.buf);
	tx_qfeat_depend(x, f->kind, f->key);
	cJSON *params = cJSON_GetObjectItem(x, "params");
	cJSON_AddItemToObject(params, "locationId", tx_ref("location:%s", f->g->key));
	cJSON_AddItemToObject(params, idparam, tx_ref("%s:%s", f->kind, f->key));
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", r->cust_key));
	cJSON_AddObjectToObject(x, "body");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(f->obj));
	cJSON_AddItemToArray(r->settings, x);
	strbuf_free(&key);
	strbuf_free(&path);
	return x;
}

const cJSON *tx_qfeat_user_setting(const struct tx_qfeat *f, const char *setting)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user_setting:%s#%s", f->key, setting);
	const cJSON *rec = tx_map_get(&f->r->e->index, sb.buf);
	strbuf_free(&sb);
	return rec;
}

const char *tx_qfeat_schedule(struct tx_qfeat *f, cJSON *x, const cJSON *sched,
			     const char *webex_type, const char *what)
{
	const char *name = json_str(sched, "name");
	const char *level = json_str_or(sched, "type", "Group");
	if (name == NULL)
		return NULL;
	const char *bw_type = strcmp(webex_type, "holidays") == 0 ? "Holiday" : "Time";
	struct strbuf sb = STRBUF_INIT;
	if (strcmp(level, "Group") == 0)
		strbuf_addf(&sb, "schedule:%s#%s:%s", f->g->key, bw_type, name);
	else if (strcmp(level, "Service Provider") == 0 || strcmp(level, "Enterprise") == 0)
		strbuf_addf(&sb, "schedule:%s#%s:%s", json_str_or(f->rec, "enterprise", ""),
			    bw_type, name);
	const cJSON *rec = sb.len ? tx_map_get(&f->r->e->index, sb.buf) : NULL;
	strbuf_free(&sb);
	if (rec == NULL) {
		tx_qfeat_finding(f, TX_WARNING, "feature_schedule_missing", "capture "
				"GroupScheduleGetListRequest17sp1 and the schedule's events, or "
				"set it up by hand in Control Hub", "%s names the %s-level "
				"schedule \"%s\", which is not in the export; the %s is not "
				"migrated", what, level, name, what);
		return NULL;
	}
	strbuf_addf(&sb, "%s#%s:%s", f->g->key, webex_type, name);
	tx_qfeat_depend(x, "schedule", sb.buf);
	strbuf_free(&sb);
	return name;
}

void tx_qfeat_source(cJSON *x, const cJSON *rec)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", json_str_or(rec, "kind", "user_setting"), json_str_or(rec, "key", ""));
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
}
