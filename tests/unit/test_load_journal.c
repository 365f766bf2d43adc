/* test_load_journal.c — the journal's states, transitions, persistence,
 * lock and file mode (load/journal.c), each behaviour run against both
 * backends: SQLite, and PostgreSQL on the throwaway server tests/run.sh
 * starts (BWM_TEST_PG_URL; without one the PostgreSQL group prints
 * "# skipped"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sys/time.h>

#include "load/load.h"

/* A fresh journal: a path in a private temporary folder, or a migration
 * of its own on the test server. */
struct fixture {
	char dir[64];
	char path[512];
	int pg;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/bwm-jtest-XXXXXX");
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
	snprintf(f->path, sizeof f->path, "%s%smigration=t%ld_%d", url, strchr(url, '?') ? "&" : "?",
		 (long)getpid(), ++n);
	f->pg = 1;
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

static struct journal_row row(const char *key, int state, int attempts)
{
	struct journal_row r = { .kind = "subscriber", .key = key, .batch = "wave1",
				 .state = state, .attempts = attempts, .hash = "00000000000000aa" };
	return r;
}

/* Collects the rows journal_each hands out. */
struct seen {
	int n;
	int state[8];
	int attempts[8];
	char remote[8][32];
};

static int collect(const struct journal_row *r, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		s->state[s->n] = r->state;
		s->attempts[s->n] = r->attempts;
		snprintf(s->remote[s->n], sizeof s->remote[0], "%s", r->remote_id ? r->remote_id : "");
		s->n++;
	}
	return 0;
}

static void test_sending_requires_pending_or_in_flight(void **state)
{
	(void)state;
	assert_true(journal_transition_ok(JS_PENDING, JS_IN_FLIGHT));
	assert_true(journal_transition_ok(JS_IN_FLIGHT, JS_IN_FLIGHT));   /* re-sent */
	assert_false(journal_transition_ok(JS_DONE, JS_IN_FLIGHT));
	assert_false(journal_transition_ok(JS_SKIPPED, JS_IN_FLIGHT));
}

static void test_done_only_moves_to_rolled_back(void **state)
{
	(void)state;
	for (int to = 0; to < JS__COUNT; to++)
		assert_int_equal(journal_transition_ok(JS_DONE, to),
				 to == JS_DONE || to == JS_ROLLED_BACK);
}

static void test_pending_cannot_jump_to_done(void **state)
{
	(void)state;
	assert_false(journal_transition_ok(JS_PENDING, JS_DONE));
	assert_false(journal_transition_ok(JS_PENDING, JS_ACCEPTED));
	assert_false(journal_transition_ok(JS_PENDING, JS_ROLLED_BACK));
}

static void test_state_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < JS__COUNT; s++)
		assert_int_equal(journal_state_parse(journal_state_name(s)), s);
	assert_int_equal(journal_state_parse("bogus"), -1);
}

static void test_committed_state_survives_reopen(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_add(&j, "subscriber", "E/G/a@x", "wave1", "00000000000000aa", &err), 0);
	struct journal_row r = row("E/G/a@x", JS_IN_FLIGHT, 1);
	assert_int_equal(journal_set(&j, &r, JS_PENDING, "sent", &err), BWM_OK);
	r.state = JS_DONE;
	r.remote_id = "SUB1";
	assert_int_equal(journal_set(&j, &r, JS_IN_FLIGHT, "created", &err), BWM_OK);
	journal_close(&j);

	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	struct seen s = { 0 };
	assert_int_equal(journal_each(&j, collect, &s, &err), BWM_OK);
	journal_close(&j);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.state[0], JS_DONE);
	assert_int_equal(s.attempts[0], 1);
	assert_string_equal(s.remote[0], "SUB1");
}

static void test_forbidden_transition_is_refused_and_not_written(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_add(&j, "subscriber", "E/G/b@x", "wave1", "00000000000000aa", &err);
	struct journal_row r = row("E/G/b@x", JS_DONE, 0);
	assert_int_equal(journal_set(&j, &r, JS_PENDING, "skip the send", &err), BWM_EINTERNAL);
	assert_non_null(strstr(err.msg, "cannot move from pending to done"));
	struct seen s = { 0 };
	journal_each(&j, collect, &s, &err);
	journal_close(&j);
	assert_int_equal(s.state[0], JS_PENDING);
}

static void test_adding_an_existing_entry_keeps_its_state(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_add(&j, "subscriber", "E/G/c@x", "wave1", "00000000000000aa", &err);
	struct journal_row r = row("E/G/c@x", JS_IN_FLIGHT, 1);
	journal_set(&j, &r, JS_PENDING, "sent", &err);
	assert_int_equal(journal_add(&j, "subscriber", "E/G/c@x", "wave1", "00000000000000bb", &err), 0);
	struct seen s = { 0 };
	journal_each(&j, collect, &s, &err);
	journal_close(&j);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.state[0], JS_IN_FLIGHT);
}

static void test_restart_forgets_everything(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_add(&j, "customer", "E", "wave1", "00000000000000aa", &err);
	journal_close(&j);
	assert_int_equal(journal_open(&j, f->path, 1, 0, &err), BWM_OK);
	struct seen s = { 0 };
	journal_each(&j, collect, &s, &err);
	journal_close(&j);
	assert_int_equal(s.n, 0);
}

static void test_second_open_is_locked_out(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_EUSAGE);
	assert_non_null(strstr(err.msg, "another load"));
	journal_close(&a);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_OK);
	journal_close(&b);
}

static void test_journal_file_is_private(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_close(&j);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* The events of one key, in order. */
struct events {
	const char *key;
	int n;
	char from[4][16], to[4][16];
	int http[4];
};

static int keep_event(const struct journal_event *e, void *ctx)
{
	struct events *ev = ctx;
	if (ev->n < 4 && e->key && strcmp(e->key, ev->key) == 0) {
		snprintf(ev->from[ev->n], sizeof ev->from[0], "%s", e->from_state ? e->from_state : "");
		snprintf(ev->to[ev->n], sizeof ev->to[0], "%s", e->to_state ? e->to_state : "");
		ev->http[ev->n] = e->http_status;
		ev->n++;
	}
	return 0;
}

static void test_every_change_appends_an_event(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_add(&j, "subscriber", "E/G/d@x", "wave1", "00000000000000aa", &err);
	struct journal_row r = row("E/G/d@x", JS_IN_FLIGHT, 1);
	journal_set(&j, &r, JS_PENDING, "sent", &err);
	r.state = JS_FAILED;
	r.http_status = 400;
	journal_set(&j, &r, JS_IN_FLIGHT, "refused", &err);
	struct events ev = { .key = "E/G/d@x" };
	assert_int_equal(journal_each_event(&j, keep_event, &ev, &err), BWM_OK);
	assert_int_equal(ev.n, 2);
	assert_string_equal(ev.to[0], "in_flight");
	assert_string_equal(ev.from[1], "in_flight");
	assert_string_equal(ev.to[1], "failed");
	assert_int_equal(ev.http[1], 400);
	journal_close(&j);
}

static void test_display_name_hides_the_password(void **state)
{
	(void)state;
	char *a = journal_display_name("postgresql://ops:s3cret@db.example/bwm?password=x&sslmode=require");
	assert_string_equal(a, "postgresql://ops@db.example/bwm?sslmode=require");
	char *b = journal_display_name("postgres://db.example/bwm?migration=w1&password=s3cret");
	assert_string_equal(b, "postgres://db.example/bwm?migration=w1");
	char *c = journal_display_name("/var/lib/bwm/plan.journal");
	assert_string_equal(c, "/var/lib/bwm/plan.journal");
	free(a);
	free(b);
	free(c);
}

/* Two load workers open one migration at once (no file lock). */
static void test_two_workers_share_one_migration(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_OK);
	assert_true(a.shared && b.shared);
	assert_string_not_equal(a.worker, b.worker);
	assert_int_equal(journal_add(&a, "customer", "E", "wave1", "00000000000000aa", &err), BWM_OK);
	struct seen s = { 0 };
	assert_int_equal(journal_each(&b, collect, &s, &err), BWM_OK);
	assert_int_equal(s.n, 1);
	journal_close(&a);
	journal_close(&b);
}

/* Claimed rows, by key. */
struct claimed {
	int n;
	char key[8][16];
	int state[8];
};

static int keep_claim(const struct journal_row *r, void *ctx)
{
	struct claimed *c = ctx;
	if (c->n < 8) {
		snprintf(c->key[c->n], sizeof c->key[0], "%s", r->key);
		c->state[c->n++] = r->state;
	}
	return 0;
}

static void test_claim_gives_an_entry_to_one_worker_until_its_lease_passes(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_OK);
	const char *kinds[] = { "subscriber", "subscriber", "subscriber" };
	const char *keys[] = { "x", "y", "z" };
	for (int k = 0; k < 3; k++)
		journal_add(&a, kinds[k], keys[k], "wave1", "00000000000000aa", &err);
	struct claimed ca = { 0 }, cb = { 0 };
	assert_int_equal(journal_claim(&a, 2, kinds, keys, keep_claim, &ca, &err), BWM_OK);
	assert_int_equal(journal_claim(&b, 3, kinds, keys, keep_claim, &cb, &err), BWM_OK);
	assert_int_equal(ca.n, 2);
	assert_int_equal(cb.n, 1);
	assert_string_equal(cb.key[0], "z");
	/* a sends x, then dies: its lease is let pass. */
	struct journal_row r = row("x", JS_IN_FLIGHT, 1);
	r.kind = "subscriber";
	assert_int_equal(journal_set(&a, &r, JS_PENDING, "sent", &err), BWM_OK);
	assert_int_equal(a.taken, 0);
	a.lease_s = -1;
	assert_int_equal(journal_heartbeat(&a, 0, 0, &err), BWM_OK);
	memset(&cb, 0, sizeof cb);
	assert_int_equal(journal_claim(&b, 1, kinds, keys, keep_claim, &cb, &err), BWM_OK);
	assert_int_equal(cb.n, 1);
	assert_int_equal(cb.state[0], JS_IN_FLIGHT);   /* the taker runs the crash rule */
	journal_close(&a);
	journal_close(&b);
}

static void test_a_set_on_an_entry_another_worker_holds_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_OK);
	const char *kinds[] = { "subscriber" }, *keys[] = { "E/G/e@x" };
	journal_add(&a, kinds[0], keys[0], "wave1", "00000000000000aa", &err);
	struct claimed ca = { 0 };
	assert_int_equal(journal_claim(&a, 1, kinds, keys, keep_claim, &ca, &err), BWM_OK);
	assert_int_equal(ca.n, 1);
	struct journal_row r = row("E/G/e@x", JS_IN_FLIGHT, 1);
	assert_int_equal(journal_set(&b, &r, JS_PENDING, "sent", &err), BWM_OK);
	assert_int_equal(b.taken, 1);
	struct seen s = { 0 };
	journal_each(&b, collect, &s, &err);
	assert_int_equal(s.state[0], JS_PENDING);
	journal_close(&a);
	journal_close(&b);
}

/* Run sql on the test server as the test role, outside the journal. */
static void server_exec(const char *sql)
{
	char url[512];
	snprintf(url, sizeof url, "%s", getenv("BWM_TEST_PG_URL"));
	PGconn *c = PQconnectdb(url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *res = PQexec(c, sql);
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(c);
}

static void test_a_newer_schema_is_refused_naming_the_url(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	journal_add(&j, "customer", "E", "wave1", "00000000000000aa", &err);
	journal_close(&j);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE bwm_%s.meta SET v = '99' WHERE k = 'schema_version'",
		 strstr(f->path, "migration=") + 10);
	server_exec(sql);
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_EAPI);
	assert_non_null(strstr(err.msg, "version 99, newer"));
	assert_non_null(strstr(err.msg, f->path));
	assert_int_equal(journal_open(&j, f->path, 1, 0, &err), BWM_EAPI);   /* not even --restart */
	snprintf(sql, sizeof sql, "UPDATE bwm_%s.meta SET v = '1' WHERE k = 'schema_version'",
		 strstr(f->path, "migration=") + 10);
	server_exec(sql);
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_OK);
	struct seen s = { 0 };
	journal_each(&j, collect, &s, &err);
	journal_close(&j);
	assert_int_equal(s.n, 1);   /* nothing lost */
}

static void test_wrong_password_is_refused_without_showing_it(void **state)
{
	struct fixture *f = *state;
	struct journal j;
	struct bwm_error err = { 0, "" };
	char pass[128], url[600];
	snprintf(pass, sizeof pass, "%s/wrongpass", f->dir);
	FILE *fp = fopen(pass, "w");
	fprintf(fp, "*:*:*:*:not-the-password\n");
	fclose(fp);
	chmod(pass, 0600);
	char *saved = getenv("PGPASSFILE") ? strdup(getenv("PGPASSFILE")) : NULL;
	setenv("PGPASSFILE", pass, 1);
	assert_int_equal(journal_open(&j, f->path, 0, 0, &err), BWM_EAPI);
	assert_non_null(strstr(err.msg, f->path));
	assert_non_null(strstr(err.msg, "password"));
	snprintf(url, sizeof url, "%s&password=hunter2", f->path);
	assert_int_equal(journal_open(&j, url, 0, 0, &err), BWM_EAPI);
	assert_null(strstr(err.msg, "hunter2"));
	assert_int_equal(journal_open(&j, "postgresql:///bwm?host=/nonexistent/dir&migration=x", 0, 0,
				      &err), BWM_EAPI);
	assert_non_null(strstr(err.msg, "postgresql:///bwm?host=/nonexistent/dir"));
	if (saved)
		setenv("PGPASSFILE", saved, 1);
	free(saved);
}

static double now_s(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Two workers taking from one origin's bucket never get more together
 * than the rate allows over the time they asked, plus the burst. */
static void test_shared_rate_budget_is_one_for_all_workers(void **state)
{
	struct fixture *f = *state;
	struct journal a, b;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&a, f->path, 0, 0, &err), BWM_OK);
	assert_int_equal(journal_open(&b, f->path, 0, 0, &err), BWM_OK);
	double t0 = now_s();
	int total = 0;
	for (int k = 0; k < 40; k++) {
		int got = 0;
		double wait = 0;
		assert_int_equal(journal_rate_take(k % 2 ? &a : &b, "http://api.test", 100, 5, 50,
						   &got, &wait, &err), BWM_OK);
		total += got;
		usleep(5000);
	}
	double elapsed = now_s() - t0;
	assert_true(total > 0);
	assert_true(total <= 100 * elapsed + 5);
	journal_close(&a);
	journal_close(&b);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)
/* The behaviours every backend shares. */
#define SHARED(X) \
	X(test_committed_state_survives_reopen), \
	X(test_forbidden_transition_is_refused_and_not_written), \
	X(test_adding_an_existing_entry_keeps_its_state), \
	X(test_restart_forgets_everything), \
	X(test_every_change_appends_an_event)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sending_requires_pending_or_in_flight),
		cmocka_unit_test(test_done_only_moves_to_rolled_back),
		cmocka_unit_test(test_pending_cannot_jump_to_done),
		cmocka_unit_test(test_state_names_round_trip),
		cmocka_unit_test(test_display_name_hides_the_password),
		SHARED(BOTH),
		BOTH(test_second_open_is_locked_out),
		BOTH(test_journal_file_is_private),
	};
	const struct CMUnitTest pg_tests[] = {
		SHARED(PG),
		PG(test_two_workers_share_one_migration),
		PG(test_claim_gives_an_entry_to_one_worker_until_its_lease_passes),
		PG(test_a_set_on_an_entry_another_worker_holds_writes_nothing),
		PG(test_a_newer_schema_is_refused_naming_the_url),
		PG(test_wrong_password_is_refused_without_showing_it),
		PG(test_shared_rate_budget_is_one_for_all_workers),
	};
	int rc = cmocka_run_group_tests_name("load_journal_sqlite", tests, NULL, NULL);
	if (getenv("BWM_TEST_PG_URL") == NULL || *getenv("BWM_TEST_PG_URL") == '\0') {
		printf("# skipped: load_journal_postgresql: no PostgreSQL server "
		       "(BWM_TEST_PG_URL; tests/run.sh starts one)\n");
		return rc;
	}
	return rc | cmocka_run_group_tests_name("load_journal_postgresql", pg_tests, NULL, NULL);
}
