/* test_load_journal_steps.c — the cutover's records behind the journal's
 * interface (journal_each_step, journal_set_step) on both backends; on
 * PostgreSQL the upgrade of a version-1 schema that keeps its entries,
 * the cutover lock of one wave, and a handle that is no load worker. The
 * PostgreSQL group needs the throwaway server tests/run.sh starts
 * (BWM_TEST_PG_URL; without one it prints "# skipped"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "load/journal.h"

struct fixture {
	char dir[64];
	char path[512];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/bwm-jstest-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/j.db", f->dir);
	*state = f;
	return 0;
}

static int setup_pg(void **state)
{
	static int n;
	if (setup(state) != 0)
		return -1;
	struct fixture *f = *state;
	const char *url = getenv("BWM_TEST_PG_URL");
	snprintf(f->path, sizeof f->path, "%s%smigration=s%ld_%d", url, strchr(url, '?') ? "&" : "?",
		 (long)getpid(), ++n);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

struct steps_seen {
	int n;
	char step[4][16], status[4][16], summary[4][64];
	int runs[4];
};

static int collect_step(const struct journal_step *s, void *ctx)
{
	struct steps_seen *v = ctx;
	if (v->n < 4) {
		snprintf(v->step[v->n], sizeof v->step[0], "%s", s->step);
		snprintf(v->status[v->n], sizeof v->status[0], "%s", s->status);
		snprintf(v->summary[v->n], sizeof v->summary[0], "%s", s->summary ? s->summary : "");
		v->runs[v->n] = s->runs;
		v->n++;
	}
	return 0;
}

static void test_a_step_is_kept_per_wave_and_replaced_when_written_again(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	struct journal_step s = { .batch = "wave1", .step = "load", .status = "running",
				  .runs = 1, .started = "2026-01-01T00:00:00Z", .finished = "",
				  .summary = "" };
	assert_int_equal(journal_set_step(&j, &s, &err), BWM_OK);
	s.status = "ok";
	s.summary = "21 entries: 21 done";
	s.seconds = 1.5;
	assert_int_equal(journal_set_step(&j, &s, &err), BWM_OK);
	s.batch = "wave2";
	s.status = "failed";
	assert_int_equal(journal_set_step(&j, &s, &err), BWM_OK);
	journal_close(&j);

	assert_int_equal(journal_open(&j, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	struct steps_seen v = { 0 };
	assert_int_equal(journal_each_step(&j, "wave1", collect_step, &v, &err), BWM_OK);
	journal_close(&j);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.step[0], "load");
	assert_string_equal(v.status[0], "ok");
	assert_string_equal(v.summary[0], "21 entries: 21 done");
	assert_int_equal(v.runs[0], 1);
}

/* The one value sql gives on the test server, outside the journal. */
static void server_value(const char *sql, char *out, size_t cap)
{
	PGconn *c = PQconnectdb(getenv("BWM_TEST_PG_URL"));
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	assert_true(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK);
	snprintf(out, cap, "%s", st == PGRES_TUPLES_OK && PQntuples(res) > 0
		 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	PQfinish(c);
}

static const char *migration(const struct fixture *f)
{
	return strstr(f->path, "migration=") + 10;
}

static int count_row(const struct journal_row *r, void *ctx)
{
	(void)r;
	++*(int *)ctx;
	return 0;
}

/* A schema written by a bwmigrate before the cutover's steps (version 1)
 * is brought up to date on open and keeps its entries. */
static void test_a_version_1_schema_is_upgraded_and_keeps_its_entries(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_add(&j, "customer", "E1", "wave1", "00000000000000aa", &err), BWM_OK);
	assert_int_equal(journal_add(&j, "subscriber", "u1", "wave1", "00000000000000bb", &err), BWM_OK);
	journal_close(&j);
	char sql[256], v[64];
	snprintf(sql, sizeof sql, "DROP TABLE bwm_%s.cutover_steps; UPDATE bwm_%s.meta SET v = '1' "
		 "WHERE k = 'schema_version'", migration(f), migration(f));
	server_value(sql, v, sizeof v);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM information_schema.tables WHERE "
		 "table_schema = 'bwm_%s' AND table_name = 'cutover_steps'", migration(f));
	server_value(sql, v, sizeof v);
	assert_string_equal(v, "0");   /* a version-1 schema indeed */

	assert_int_equal(journal_open(&j, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	int n = 0;
	assert_int_equal(journal_each(&j, count_row, &n, &err), BWM_OK);
	assert_int_equal(n, 2);
	struct journal_step s = { .batch = "wave1", .step = "precheck", .status = "ok",
				  .runs = 1, .started = "", .finished = "", .summary = "" };
	assert_int_equal(journal_set_step(&j, &s, &err), BWM_OK);
	journal_close(&j);
	snprintf(sql, sizeof sql, "SELECT v FROM bwm_%s.meta WHERE k = 'schema_version'",
		 migration(f));
	server_value(sql, v, sizeof v);
	assert_string_equal(v, "2");
}

/* One cutover per wave on every host: the second handle's lock on the
 * same wave is refused while the first is open, another wave is not. */
static void test_one_cutover_lock_per_wave(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	assert_int_equal(journal_lock_batch(&a, "wave1", &err), BWM_OK);
	assert_int_equal(journal_lock_batch(&b, "wave1", &err), BWM_EUSAGE);
	assert_non_null(strstr(err.msg, "another cutover of wave wave1"));
	assert_int_equal(journal_lock_batch(&b, "wave2", &err), BWM_OK);
	journal_close(&a);
	assert_int_equal(journal_lock_batch(&b, "wave1", &err), BWM_OK);
	journal_close(&b);
}

static int count_worker(const struct journal_worker *w, void *ctx)
{
	(void)w;
	++*(int *)ctx;
	return 0;
}

/* The cutover's own handle is no load worker: the report lists only those
 * that load. */
static void test_a_handle_that_is_no_worker_is_not_listed(void **state)
{
	struct fixture *f = *state;
	struct journal j, w;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, JOURNAL_NO_WORKER, &err), BWM_OK);
	int n = 0;
	assert_int_equal(journal_each_worker(&j, count_worker, &n, &err), BWM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(journal_open_as(&w, f->path, 0, 0, "loader", &err), BWM_OK);
	assert_int_equal(journal_each_worker(&j, count_worker, &n, &err), BWM_OK);
	assert_int_equal(n, 1);
	journal_close(&w);
	journal_close(&j);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_a_step_is_kept_per_wave_and_replaced_when_written_again),
	};
	const struct CMUnitTest pg_tests[] = {
		PG(test_a_step_is_kept_per_wave_and_replaced_when_written_again),
		PG(test_a_version_1_schema_is_upgraded_and_keeps_its_entries),
		PG(test_one_cutover_lock_per_wave),
		PG(test_a_handle_that_is_no_worker_is_not_listed),
	};
	int rc = cmocka_run_group_tests_name("load_journal_steps_sqlite", tests, NULL, NULL);
	if (getenv("BWM_TEST_PG_URL") == NULL || *getenv("BWM_TEST_PG_URL") == '\0') {
		printf("# skipped: load_journal_steps_postgresql: no PostgreSQL server "
		       "(BWM_TEST_PG_URL; tests/run.sh starts one)\n");
		return rc;
	}
	return rc | cmocka_run_group_tests_name("load_journal_steps_postgresql", pg_tests, NULL,
						NULL);
}
