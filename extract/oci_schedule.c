/*
 * oci_schedule.c — time and holiday schedules of a group or an enterprise
 * (GroupSchedule* and ServiceProviderSchedule*) -> `schedule` records.
 *
 * The list names each schedule and its level; the events come from
 * GetEventDetailList (all events in one response) or one GetEvent per
 * event. Every response about a schedule becomes a record with the same
 * key (ENT/GRP#TYPE:NAME, or ENT#TYPE:NAME for an enterprise schedule), so
 * the writer merges them; it joins their "events" arrays.
 */
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>

/* A leaf as JSON: true/false as bool, digits as number, else string. */
static cJSON *leaf_json(const char *s)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		return cJSON_CreateBool(s[0] == 't');
	size_t n = strspn(s, "0123456789");
	if (n > 0 && n < 10 && s[n] == '\0')
		return cJSON_CreateNumber((double)strtol(s, NULL, 10));
	return cJSON_CreateString(s);
}

/* Any subtree by its OCI-P names (recurrence: the XSD's choice of
 * recurDaily ... recurYearlyByWeek, then the end choice). */
static cJSON *tree_json(xmlNodePtr el)
{
	const char *text = oci_text(el);
	if (oci_child(el, NULL) == NULL)
		return leaf_json(text ? text : "");
	cJSON *o = cJSON_CreateObject();
	for (xmlNodePtr k = oci_child(el, NULL); k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			cJSON_AddItemToObject(o, (const char *)k->name, tree_json(k));
	return o;
}

/* One event: ScheduleEvents (eventname) or GetEventResponse (name from
 * the request). */
static cJSON *event_json(xmlNodePtr ev, const char *name)
{
	cJSON *o = cJSON_CreateObject();
	const char *n = oci_get(ev, "eventname");
	if (n == NULL)
		n = oci_get(ev, "eventName");
	json_add_str_opt(o, "eventName", n ? n : name);
	oci_put_str(o, "startDate", ev, "startDate");
	oci_put_str(o, "endDate", ev, "endDate");
	cJSON_AddBoolToObject(o, "allDayEvent", oci_child(ev, "allDayEvent") != NULL &&
			      strcmp(oci_get(ev, "allDayEvent") ? oci_get(ev, "allDayEvent") : "",
				     "false") != 0);
	static const char *const times[] = { "startTime", "endTime" };
	for (size_t i = 0; i < 2; i++) {
		xmlNodePtr t = oci_child(ev, times[i]);
		if (t == NULL)
			continue;
		cJSON *hm = cJSON_AddObjectToObject(o, times[i]);
		oci_put_int(hm, "hour", t, "hour");
		oci_put_int(hm, "minute", t, "minute");
	}
	xmlNodePtr rec = oci_child(ev, "recurrence");
	if (rec != NULL)
		cJSON_AddItemToObject(o, "recurrence", tree_json(rec));
	return o;
}

/* A schedule record; level "Group" (group given) or "Service Provider". */
static struct inv_rec *schedule_rec(struct inventory *inv, const struct oci_cmd *c,
				    const char *group, const char *name, const char *type,
				    int prio)
{
	struct inv_rec *r = inv_add(inv, INV_SCHEDULE, prio, c->file, c->line);
	cJSON *o = inv_obj(r);
	if (group != NULL) {
		inv_set_key(inv, r, "%s/%s#%s:%s", inv_current(inv), group, type, name);
		cJSON_AddStringToObject(o, "group", group);
		cJSON_AddStringToObject(o, "level", "Group");
	} else {
		inv_set_key(inv, r, "%s#%s:%s", inv_current(inv), type, name);
		cJSON_AddStringToObject(o, "level", "Service Provider");
	}
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "type", type);
	return r;
}

static int is_enterprise_cmd(const struct oci_cmd *c)
{
	return strncmp(c->family, "ServiceProvider", 15) == 0;
}

/* GroupScheduleGetList(17sp1) and ServiceProviderScheduleGetList: one
 * record per schedule (scheduleGlobalKey or plain scheduleKey entries). */
int oci_schedule_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int ent = is_enterprise_cmd(c);
	int rc = oci_scope(inv, c, !ent, ent ? NULL : &group, err);
	if (rc != BWM_OK)
		return rc;
	for (xmlNodePtr k = oci_child(c->node, NULL); k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		xmlNodePtr key = oci_child(k, "scheduleKey");
		if (key == NULL)
			key = k;
		const char *name = oci_get(key, "scheduleName");
		const char *type = oci_get(key, "scheduleType");
		if (name == NULL || type == NULL)
			continue;
		const char *level = oci_get(k, "scheduleLevel");
		int sp = ent || (level != NULL && strcmp(level, "Service Provider") == 0);
		if (level != NULL && strcmp(level, "User") == 0)
			continue;   /* user schedules belong to a person, not a location */
		struct inv_rec *r = schedule_rec(inv, c, sp ? NULL : group, name, type, 0);
		cJSON_AddArrayToObject(inv_obj(r), "events");
	}
	return BWM_OK;
}

/* The schedule a per-schedule request names. */
static int schedule_of(struct inventory *inv, const struct oci_cmd *c, const char **group,
		       const char **name, const char **type, struct bwm_error *err)
{
	*name = oci_key(c, "scheduleName");
	*type = oci_key(c, "scheduleType");
	if (*name == NULL || *type == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its scheduleKey "
				"(scheduleName, scheduleType); pair it with its request or tag "
				"it with an echo", c->type);
	int ent = is_enterprise_cmd(c);
	*group = NULL;
	return oci_scope(inv, c, !ent, ent ? NULL : group, err);
}

/* Group/ServiceProviderScheduleGetEventDetailList: every event. */
int oci_schedule_events(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group, *name, *type;
	int rc = schedule_of(inv, c, &group, &name, &type, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = schedule_rec(inv, c, group, name, type, 1);
	cJSON *events = cJSON_AddArrayToObject(inv_obj(r), "events");
	for (xmlNodePtr ev = oci_child(c->node, "scheduleEventsList"); ev != NULL;
	     ev = oci_next_same(ev))
		cJSON_AddItemToArray(events, event_json(ev, NULL));
	return BWM_OK;
}

/* Group/ServiceProviderScheduleGetEvent: one event, named by the request. */
int oci_schedule_event(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group, *name, *type;
	int rc = schedule_of(inv, c, &group, &name, &type, err);
	if (rc != BWM_OK)
		return rc;
	const char *ev = oci_key(c, "eventName");
	if (ev == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its eventName; pair "
				"it with its request", c->type);
	struct inv_rec *r = schedule_rec(inv, c, group, name, type, 1);
	cJSON *events = cJSON_AddArrayToObject(inv_obj(r), "events");
	cJSON_AddItemToArray(events, event_json(c->node, ev));
	return BWM_OK;
}
