/*
 * store.c — the sandbox's SQLite state: schema, small query helpers, the
 * id counter and the per-endpoint request statistics.
 *
 * Each object is one row: the columns a list filter or a natural-key check
 * needs, plus `doc`, the JSON the API returns. No UNIQUE constraint guards
 * the natural keys (externalId, e-mail, location name, number): the 409
 * rules are checked by the handlers under the sandbox lock, so that
 * --allow-duplicates can let a misbehaving client create duplicates and
 * /_sandbox/state can count them.
 *
 * Locking: the connection is opened SQLITE_OPEN_FULLMUTEX, and every
 * handler additionally runs under sb->lock (see http.c), which makes a
 * check-then-insert atomic.
 */
#include "sandbox/sbx.h"

#include <stdlib.h>
#include <string.h>

static const char SCHEMA[] =
	"PRAGMA foreign_keys = OFF;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO meta VALUES('next_id', 1);"
	"CREATE TABLE IF NOT EXISTS customers("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, external_id TEXT NOT NULL, org_id TEXT,"
	"  status TEXT NOT NULL,"
	"  since_ms INTEGER NOT NULL,"          /* when the current status began */
	"  doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS customers_id ON customers(id);"
	"CREATE INDEX IF NOT EXISTS customers_ext ON customers(external_id);"
	"CREATE INDEX IF NOT EXISTS customers_status ON customers(status);"
	"CREATE TABLE IF NOT EXISTS subscribers("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, email_key TEXT NOT NULL, customer_id TEXT NOT NULL,"
	"  status TEXT NOT NULL, location_id TEXT, phone TEXT, extension TEXT,"
	"  doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS subscribers_id ON subscribers(id);"
	"CREATE INDEX IF NOT EXISTS subscribers_email ON subscribers(email_key);"
	"CREATE INDEX IF NOT EXISTS subscribers_customer ON subscribers(customer_id);"
	"CREATE INDEX IF NOT EXISTS subscribers_ext ON subscribers(location_id, extension);"
	"CREATE INDEX IF NOT EXISTS subscribers_phone ON subscribers(phone);"
	"CREATE TABLE IF NOT EXISTS locations("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, org_id TEXT NOT NULL, name TEXT NOT NULL,"
	"  doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS locations_id ON locations(id);"
	"CREATE INDEX IF NOT EXISTS locations_org ON locations(org_id);"
	"CREATE TABLE IF NOT EXISTS numbers("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  location_id TEXT NOT NULL, phone TEXT NOT NULL,"
	"  state TEXT NOT NULL, number_type TEXT NOT NULL, owner_id TEXT);"
	"CREATE INDEX IF NOT EXISTS numbers_loc ON numbers(location_id);"
	"CREATE INDEX IF NOT EXISTS numbers_phone ON numbers(phone);"
	"CREATE INDEX IF NOT EXISTS numbers_owner ON numbers(owner_id);"
	"CREATE INDEX IF NOT EXISTS subscribers_person ON subscribers("
	"  json_extract(doc, '$.personId'));"
	"CREATE TABLE IF NOT EXISTS person_settings("
	"  person_id TEXT NOT NULL, feature TEXT NOT NULL, doc TEXT NOT NULL,"
	"  PRIMARY KEY(person_id, feature));"
	/* schedules, auto attendants, call parks, call pickups (features.c):
	 * kind, its location and org, name and (schedules) type for the
	 * natural key, the extension for the per-location check */
	"CREATE TABLE IF NOT EXISTS features("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, kind TEXT NOT NULL, org_id TEXT NOT NULL,"
	"  location_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL DEFAULT '',"
	"  extension TEXT, doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS features_id ON features(id);"
	"CREATE INDEX IF NOT EXISTS features_loc ON features(kind, location_id, name);"
	/* hunt groups, queues, paging groups (queue_features.c) and their
	 * sub-resources */
	"CREATE TABLE IF NOT EXISTS queue_features("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, kind TEXT NOT NULL, org_id TEXT NOT NULL,"
	"  location_id TEXT NOT NULL, name TEXT NOT NULL, phone TEXT, extension TEXT,"
	"  doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS queue_features_id ON queue_features(id);"
	"CREATE INDEX IF NOT EXISTS queue_features_name ON queue_features(kind, location_id, name);"
	"CREATE INDEX IF NOT EXISTS queue_features_org ON queue_features(kind, org_id);"
	"CREATE TABLE IF NOT EXISTS queue_feature_settings("
	"  feature_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,"
	"  PRIMARY KEY(feature_id, name));"
	/* call queue supervisors of an org (supervisors.c) */
	"CREATE TABLE IF NOT EXISTS supervisors("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, org_id TEXT NOT NULL, doc TEXT NOT NULL);"
	/* workspaces, devices and their lines (workspaces.c, devices.c,
	 * device_members.c); activation codes and applyChanges calls are
	 * only counted (device_actions) */
	"CREATE TABLE IF NOT EXISTS workspaces("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, org_id TEXT NOT NULL, location_id TEXT, name TEXT NOT NULL,"
	"  doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS workspaces_id ON workspaces(id);"
	"CREATE INDEX IF NOT EXISTS workspaces_name ON workspaces(org_id, location_id, name);"
	"CREATE TABLE IF NOT EXISTS devices("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL, org_id TEXT NOT NULL, mac TEXT NOT NULL, model TEXT NOT NULL,"
	"  person_id TEXT, workspace_id TEXT, doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS devices_id ON devices(id);"
	"CREATE INDEX IF NOT EXISTS devices_mac ON devices(mac);"
	"CREATE TABLE IF NOT EXISTS device_members("
	"  device_id TEXT PRIMARY KEY, doc TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS device_actions("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  kind TEXT NOT NULL, target TEXT, org_id TEXT);"
	"CREATE TABLE IF NOT EXISTS requests("
	"  method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL,"
	"  count INTEGER NOT NULL, PRIMARY KEY(method, path, status));";

int sbx_store_open(struct sandbox *sb, const char *path, struct bwm_error *err)
{
	const char *name = path ? path : ":memory:";
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
	if (sqlite3_open_v2(name, &sb->db, flags, NULL) != SQLITE_OK) {
		bwm_fail(err, BWM_EINPUT, "%s: cannot open the sandbox state: %s; "
			 "check the path and its permissions", name,
			 sb->db ? sqlite3_errmsg(sb->db) : "out of memory");
		sqlite3_close(sb->db);
		sb->db = NULL;
		return err ? err->status : BWM_EINPUT;
	}
	sqlite3_busy_timeout(sb->db, 5000);
	char *msg = NULL;
	const char *mode = path ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" : "";
	if (sqlite3_exec(sb->db, mode, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(sb->db, SCHEMA, NULL, NULL, &msg) != SQLITE_OK) {
		bwm_fail(err, BWM_EINPUT, "%s: not a usable sandbox state: %s; "
			 "give another --state file", name, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(sb->db);
		sb->db = NULL;
		return err ? err->status : BWM_EINPUT;
	}
	return BWM_OK;
}

void sbx_store_close(struct sandbox *sb)
{
	if (sb->db != NULL)
		sqlite3_close(sb->db);
	sb->db = NULL;
}

/* A failing prepare is a bug in our SQL, not in the client's request; the
 * caller answers 500 when it gets NULL. */
sqlite3_stmt *sbx_prep(struct sandbox *sb, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(sb->db, sql, -1, &st, NULL) != SQLITE_OK) {
		bwm_error(sb->cfg.log, "sandbox: SQL error: %s", sqlite3_errmsg(sb->db));
		return NULL;
	}
	return st;
}

void sbx_bind(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int sbx_exec(struct sandbox *sb, const char *sql, const char *a, const char *b, const char *c)
{
	sqlite3_stmt *st = sbx_prep(sb, sql);
	if (st == NULL)
		return -1;
	int n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		sbx_bind(st, 1, a);
	if (n >= 2)
		sbx_bind(st, 2, b);
	if (n >= 3)
		sbx_bind(st, 3, c);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int64_t sbx_count3(struct sandbox *sb, const char *sql, const char *a, const char *b,
		   const char *c)
{
	sqlite3_stmt *st = sbx_prep(sb, sql);
	if (st == NULL)
		return 0;
	const char *vals[] = { a, b, c };
	int n = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < n && i < 3; i++)
		sbx_bind(st, i + 1, vals[i]);
	int64_t v = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int64_t sbx_count(struct sandbox *sb, const char *sql, const char *a, const char *b)
{
	return sbx_count3(sb, sql, a, b, NULL);
}

/* The counter lives in the state, not in memory, so ids stay unique across
 * restarts on the same --state file and across /_sandbox/reset. */
char *sbx_new_id(struct sandbox *sb, const char *kind)
{
	int64_t n = sbx_count(sb, "UPDATE meta SET v = v + 1 WHERE k = 'next_id' RETURNING v - 1",
			      NULL, NULL);
	return sbx_make_id(kind, sb->cfg.seed, (uint64_t)n);
}

cJSON *sbx_doc_load(struct sandbox *sb, const char *table, const char *id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT doc FROM %s WHERE id = ?1 LIMIT 1", table);
	sqlite3_stmt *st = sbx_prep(sb, sql);
	if (st == NULL)
		return NULL;
	sbx_bind(st, 1, id);
	cJSON *doc = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return doc;
}

void sbx_stat_request(struct sandbox *sb, const char *method, const char *tmpl, int status)
{
	sqlite3_stmt *st = sbx_prep(sb,
		"INSERT INTO requests(method, path, status, count) VALUES(?1, ?2, ?3, 1) "
		"ON CONFLICT(method, path, status) DO UPDATE SET count = count + 1");
	if (st == NULL)
		return;
	sbx_bind(st, 1, method);
	sbx_bind(st, 2, tmpl);
	sqlite3_bind_int(st, 3, status);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

void sbx_store_clear(struct sandbox *sb)
{
	sqlite3_exec(sb->db,
		     "DELETE FROM customers; DELETE FROM subscribers; DELETE FROM locations;"
		     "DELETE FROM numbers; DELETE FROM requests; DELETE FROM person_settings;"
		     "DELETE FROM features; DELETE FROM queue_features;"
		     "DELETE FROM queue_feature_settings; DELETE FROM supervisors; DELETE FROM workspaces;"
		     "DELETE FROM devices; DELETE FROM device_members; DELETE FROM device_actions;",
		     NULL, NULL, NULL);
}
