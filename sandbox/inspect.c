/*
 * inspect.c — /_sandbox/state and /_sandbox/reset: what a test or a
 * rehearsal asks the sandbox afterwards. Never subject to faults or auth.
 *
 * GET /_sandbox/state
 *   {"counts": {"customers", "subscribers", "locations", "numbers", "schedules",
 *               "autoAttendants", "callParks", "callPickups", "huntGroups",
 *               "queues", "paging", "featureSettings"},
 *    "statuses": {"customers": {STATUS: N}, "subscribers": {STATUS: N}},
 *    "duplicates": {"customers.externalId", "subscribers.email",
 *                   "locations.name", "numbers.phoneNumber", "schedules.name",
 *                   "autoAttendants.name", "callParks.name", "callPickups.name",
 *                   "huntGroups.name", "queues.name", "paging.name"},
 *    "requests": [{"method", "path", "status", "count"}],
 *    "faults": {"requests": N, "429": N, ..., "throttled": N},
 *    "perSecond": {"max": N, "counts": [N, ...]}  /v1 requests arrived in
 *                 each second since the start (or reset), up to the last busy one,
 *    "inFlight": N}
 * A duplicate count is the number of rows beyond the first per natural key
 * (location names per org, e-mails case-insensitively); it stays 0 unless
 * --allow-duplicates let a client create one. Status 0 in "requests" means
 * the connection was dropped without an answer. ?items=1 adds "items" with
 * every object's key fields. Person settings add "counts.personSettings"
 * and "duplicates.singleNumberReach.phoneNumber"; ?settings=1 adds
 * "settings": [{personId, email, features: {NAME: settings}}]. Devices and
 * workspaces add their counts, duplicates and items (device_state.c).
 */
#include "sandbox/devices.h"

#include <stdio.h>
#include <string.h>

/* Hunt groups, queues, paging groups by kind (queue_features.h), and
 * their sub-resources. */
static void add_feature_counts(struct sandbox *sb, cJSON *c)
{
	static const char *const kinds[] = { "huntGroups", "queues", "paging" };
	for (int i = 0; i < 3; i++)
		cJSON_AddNumberToObject(c, kinds[i], (double)sbx_count(sb, "SELECT count(*) FROM "
					"queue_features WHERE kind = ?1", kinds[i], NULL));
	cJSON_AddNumberToObject(c, "featureSettings", (double)sbx_count(sb, "SELECT count(*) "
				"FROM queue_feature_settings", NULL, NULL));
}

static void add_counts(struct sandbox *sb, cJSON *o)
{
	static const char *const tables[] = { "customers", "subscribers", "locations", "numbers" };
	cJSON *c = cJSON_AddObjectToObject(o, "counts");
	for (int i = 0; i < 4; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		cJSON_AddNumberToObject(c, tables[i], (double)sbx_count(sb, sql, NULL, NULL));
	}
	sbx_features_state(sb, c, NULL);
	add_feature_counts(sb, c);
	sbx_devices_state(sb, c, NULL, NULL);
}

/* How many customers and subscribers are in each status. */
static void add_statuses(struct sandbox *sb, cJSON *o)
{
	static const char *const tables[] = { "customers", "subscribers" };
	cJSON *all = cJSON_AddObjectToObject(o, "statuses");
	for (int i = 0; i < 2; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT status, count(*) FROM %s GROUP BY status "
			 "ORDER BY status", tables[i]);
		cJSON *one = cJSON_AddObjectToObject(all, tables[i]);
		sqlite3_stmt *st = sbx_prep(sb, sql);
		while (st && sqlite3_step(st) == SQLITE_ROW)
			cJSON_AddNumberToObject(one, (const char *)sqlite3_column_text(st, 0),
						(double)sqlite3_column_int64(st, 1));
		sqlite3_finalize(st);
	}
}

static void add_duplicates(struct sandbox *sb, cJSON *o)
{
	static const char *const names[] = { "customers.externalId", "subscribers.email",
					     "locations.name", "numbers.phoneNumber" };
	static const char *const sql[] = {
		"SELECT count(*) - count(DISTINCT external_id) FROM customers",
		"SELECT count(*) - count(DISTINCT email_key) FROM subscribers",
		"SELECT count(*) - count(DISTINCT org_id || char(31) || lower(name)) FROM locations",
		"SELECT count(*) - count(DISTINCT phone) FROM numbers",
	};
	cJSON *d = cJSON_AddObjectToObject(o, "duplicates");
	for (int i = 0; i < 4; i++)
		cJSON_AddNumberToObject(d, names[i], (double)sbx_count(sb, sql[i], NULL, NULL));
	sbx_features_state(sb, NULL, d);
	sbx_devices_state(sb, NULL, d, NULL);
	/* a feature's natural key: its name within its location */
	static const char *const kinds[][2] = { { "huntGroups", "huntGroups.name" },
						{ "queues", "queues.name" },
						{ "paging", "paging.name" } };
	for (int i = 0; i < 3; i++)
		cJSON_AddNumberToObject(d, kinds[i][1], (double)sbx_count(sb, "SELECT count(*) - "
					"count(DISTINCT location_id || char(31) || lower(name)) FROM "
					"queue_features WHERE kind = ?1", kinds[i][0], NULL));
}

static void add_requests(struct sandbox *sb, cJSON *o)
{
	cJSON *list = cJSON_AddArrayToObject(o, "requests");
	sqlite3_stmt *st = sbx_prep(sb, "SELECT method, path, status, count FROM requests "
				    "ORDER BY path, method, status");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "method", (const char *)sqlite3_column_text(st, 0));
		cJSON_AddStringToObject(r, "path", (const char *)sqlite3_column_text(st, 1));
		cJSON_AddNumberToObject(r, "status", sqlite3_column_int(st, 2));
		cJSON_AddNumberToObject(r, "count", (double)sqlite3_column_int64(st, 3));
		cJSON_AddItemToArray(list, r);
	}
	sqlite3_finalize(st);
}

static void add_faults(struct sandbox *sb, cJSON *o)
{
	cJSON *f = cJSON_AddObjectToObject(o, "faults");
	cJSON_AddNumberToObject(f, "requests", (double)atomic_load(&sb->nreq));
	for (int k = SBX_F_429; k < SBX_F_COUNT; k++)
		cJSON_AddNumberToObject(f, sbx_fault_name((enum sbx_fault_kind)k),
					(double)sb->nfault[k]);
	cJSON_AddNumberToObject(f, "throttled", (double)sb->nthrottled);
}

/* The clients' send rate as the sandbox saw it: requests per second of
 * arrival (before latency, auth or faults), so a test can prove a cap. */
static void add_per_second(struct sandbox *sb, cJSON *o)
{
	cJSON *p = cJSON_AddObjectToObject(o, "perSecond");
	int last = -1;
	unsigned max = 0;
	for (int k = 0; k < SBX_SECONDS; k++) {
		unsigned n = atomic_load(&sb->per_second[k]);
		if (n > 0)
			last = k;
		if (n > max)
			max = n;
	}
	cJSON_AddNumberToObject(p, "max", max);
	cJSON *c = cJSON_AddArrayToObject(p, "counts");
	for (int k = 0; k <= last; k++)
		cJSON_AddItemToArray(c, cJSON_CreateNumber(atomic_load(&sb->per_second[k])));
}

/* One array of objects from a query whose columns are named like the keys. */
static cJSON *rows(struct sandbox *sb, const char *sql)
{
	cJSON *list = cJSON_CreateArray();
	sqlite3_stmt *st = sbx_prep(sb, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		cJSON *r = cJSON_CreateObject();
		for (int i = 0; i < sqlite3_column_count(st); i++)
			if (sqlite3_column_type(st, i) != SQLITE_NULL)
				cJSON_AddStringToObject(r, sqlite3_column_name(st, i),
							(const char *)sqlite3_column_text(st, i));
		cJSON_AddItemToArray(list, r);
	}
	sqlite3_finalize(st);
	return list;
}

static void add_items(struct sandbox *sb, cJSON *o)
{
	cJSON *it = cJSON_AddObjectToObject(o, "items");
	cJSON_AddItemToObject(it, "customers", rows(sb,
		"SELECT id, external_id AS externalId, status, org_id AS orgId FROM customers "
		"ORDER BY seq"));
	cJSON_AddItemToObject(it, "subscribers", rows(sb,
		"SELECT id, json_extract(doc, '$.email') AS email, json_extract(doc, '$.personId') "
		"AS personId, customer_id AS customerId, "
		"status, location_id AS locationId, phone AS primaryPhoneNumber, extension "
		"FROM subscribers ORDER BY seq"));
	cJSON_AddItemToObject(it, "locations", rows(sb,
		"SELECT id, name, org_id AS orgId FROM locations ORDER BY seq"));
	cJSON_AddItemToObject(it, "numbers", rows(sb,
		"SELECT phone AS phoneNumber, location_id AS locationId, state, "
		"owner_id AS ownerId FROM numbers ORDER BY seq"));
	cJSON *f = sbx_features_items(sb), *k;
	while ((k = f->child) != NULL) {
		cJSON_DetachItemViaPointer(f, k);
		cJSON_AddItemToObject(it, k->string, k);
	}
	cJSON_Delete(f);
	cJSON_AddItemToObject(it, "features", rows(sb,
		"SELECT id, kind, name, org_id AS orgId, location_id AS locationId, phone AS "
		"phoneNumber, extension, json_extract(doc, '$.agents') AS agents, "
		"json_extract(doc, '$.originators') AS originators, "
		"json_extract(doc, '$.targets') AS targets FROM queue_features ORDER BY seq"));
	cJSON_AddItemToObject(it, "featureSettings", rows(sb,
		"SELECT feature_id AS featureId, name, doc FROM queue_feature_settings "
		"ORDER BY feature_id, name"));
	sbx_devices_state(sb, NULL, NULL, it);
}

void sbx_inspect_state(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *o = cJSON_CreateObject();
	add_counts(sb, o);
	add_statuses(sb, o);
	add_duplicates(sb, o);
	add_requests(sb, o);
	add_faults(sb, o);
	add_per_second(sb, o);
	/* Requests being served right now, this one not included. */
	cJSON_AddNumberToObject(o, "inFlight", (double)(atomic_load(&sb->inflight) - 1));
	const char *items = sbx_query(rq, "items");
	if (items && strcmp(items, "0") != 0 && strcmp(items, "false") != 0)
		add_items(sb, o);
	const char *settings = sbx_query(rq, "settings");
	sbx_person_state(sb, o, settings && strcmp(settings, "0") != 0 &&
			 strcmp(settings, "false") != 0);
	sbx_reply_json(rs, 200, o);
}

/* Everything goes, the fault sequence and the token bucket start over; the
 * id counter does not, so ids never repeat on one state. */
void sbx_inspect_reset(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	(void)rq;
	sbx_store_clear(sb);
	atomic_store(&sb->nreq, 0);
	for (int k = 0; k < SBX_SECONDS; k++)
		atomic_store(&sb->per_second[k], 0);
	atomic_store(&sb->start_ms, sbx_now_ms());
	memset(sb->nfault, 0, sizeof sb->nfault);
	sb->nthrottled = 0;
	sbx_bucket_reset(&sb->bucket);
	rs->status = 204;
}
