/* test_load_journal.c — the journal's states, transitions, persistence,
 * lock and file mode (load/journal.c). */
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

#include "load/load.h"

/* A fresh journal path in a private temporary folder. */
struct fixture {
	char dir[64];
	char path[96];
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
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(j.db, "SELECT from_state, to_state, http_status FROM events "
					    "WHERE key='E/G/d@x' ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "in_flight");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "in_flight");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "failed");
	assert_int_equal(sqlite3_column_int(st, 2), 400);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	journal_close(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sending_requires_pending_or_in_flight),
		cmocka_unit_test(test_done_only_moves_to_rolled_back),
		cmocka_unit_test(test_pending_cannot_jump_to_done),
		cmocka_unit_test(test_state_names_round_trip),
		cmocka_unit_test_setup_teardown(test_committed_state_survives_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forbidden_transition_is_refused_and_not_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adding_an_existing_entry_keeps_its_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_forgets_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_open_is_locked_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_file_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_change_appends_an_event, setup, teardown),
	};
	return cmocka_run_group_tests_name("load_journal", tests, NULL, NULL);
}
