/* test_load_resume.c — the crash rule of a live load (design §2): an entry
 * found in_flight in the journal may exist already, so the resume looks it
 * up before re-sending it, and a run stopped before that lookup answered
 * must leave it in_flight for the next run. No server: the API address is
 * a loopback port nothing listens on, so every request fails to connect.
 * Each test runs with a SQLite journal and, when tests/run.sh started a
 * PostgreSQL server (BWM_TEST_PG_URL), with a PostgreSQL one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/load.h"

#define UNREACHABLE_API "http://127.0.0.1:9/v1"

static const char customer_line[] =
	"{\"kind\":\"customer\",\"key\":\"A\",\"batch\":\"w1\",\"depends\":[],"
	"\"request\":{\"method\":\"POST\",\"path\":\"/wholesale/customers\"},\"params\":{},"
	"\"body\":{\"externalId\":\"A\"},\"lookup\":{\"externalId\":\"A\"}}\n";

/* A plan file and its journal path, both removed by cleanup(). */
struct fixture {
	char plan[32];
	char journal[512];
};

/* The tests' state: 1 for the PostgreSQL journal. */
static int use_pg = 1, use_sqlite = 0;

static void setup_plan(struct fixture *f, void **state)
{
	static int n;
	snprintf(f->plan, sizeof f->plan, "/tmp/bwm-resume-XXXXXX");
	int fd = mkstemp(f->plan);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, customer_line, strlen(customer_line)),
			 (ssize_t)strlen(customer_line));
	close(fd);
	snprintf(f->journal, sizeof f->journal, "%s.journal", f->plan);
	if (*(int *)*state) {
		const char *url = getenv("BWM_TEST_PG_URL");
		snprintf(f->journal, sizeof f->journal, "%s%smigration=resume%ld_%d", url,
			 strchr(url, '?') ? "&" : "?", (long)getpid(), ++n);
	}
}

static void cleanup(struct fixture *f)
{
	char p[600];
	unlink(f->plan);
	unlink(f->journal);
	snprintf(p, sizeof p, "%s-wal", f->journal);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->journal);
	unlink(p);
}

/* Journal the plan's one entry in `state`, as a killed run would leave it. */
static void seed_journal(const struct fixture *f, int state)
{
	struct bwm_error err = { 0, "" };
	struct plan p;
	assert_int_equal(plan_load(&p, f->plan, &err), BWM_OK);
	struct journal j;
	assert_int_equal(journal_open(&j, f->journal, 0, 0, &err), BWM_OK);
	char hash[PLAN_HASH_LEN];
	plan_digest_text(p.v[0].digest, hash);
	assert_int_equal(journal_add(&j, "customer", "A", "w1", hash, &err), BWM_OK);
	struct journal_row row = { .kind = "customer", .key = "A", .batch = "w1",
				   .state = state, .attempts = 1, .hash = hash };
	assert_int_equal(journal_set(&j, &row, JS_PENDING, "sent", &err), BWM_OK);
	journal_close(&j);
	plan_free(&p);
}

static int live(const struct fixture *f, struct load_summary *sum, struct bwm_error *err)
{
	struct load_opts o;
	load_opts_init(&o);
	o.plan_path = f->plan;
	o.journal_path = f->journal;
	o.api = UNREACHABLE_API;
	o.token = "test-token";
	o.max_attempts = 1;
	return load_run(&o, sum, err);
}

static double journal_count(const struct fixture *f, const char *state)
{
	struct bwm_error err = { 0, "" };
	cJSON *st = NULL;
	assert_int_equal(load_status(f->journal, &st, &err), BWM_OK);
	double n = json_num(cJSON_GetObjectItemCaseSensitive(st, "states"), state, -1);
	cJSON_Delete(st);
	return n;
}

static void test_in_flight_entry_stays_in_flight_when_its_lookup_cannot_connect(void **state)
{
	struct fixture f;
	setup_plan(&f, state);
	seed_journal(&f, JS_IN_FLIGHT);
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(live(&f, &sum, &err), BWM_EAPI);
	assert_non_null(strstr(err.msg, "cannot reach the API"));
	/* Pending would let the next run send it again without looking first. */
	assert_true(journal_count(&f, "in_flight") == 1);
	assert_true(journal_count(&f, "pending") == 0);
	cleanup(&f);
}

static void test_pending_entry_whose_create_cannot_connect_stays_pending(void **state)
{
	struct fixture f;
	setup_plan(&f, state);
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(live(&f, &sum, &err), BWM_EAPI);
	/* Nothing reached the API, so the send does not count. */
	assert_true(journal_count(&f, "pending") == 1);
	assert_true(journal_count(&f, "in_flight") == 0);
	cleanup(&f);
}

#define ON(t, backend) { #t " (" #backend ")", t, NULL, NULL, &use_##backend }

int main(void)
{
	const struct CMUnitTest tests[] = {
		ON(test_in_flight_entry_stays_in_flight_when_its_lookup_cannot_connect, sqlite),
		ON(test_pending_entry_whose_create_cannot_connect_stays_pending, sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		ON(test_in_flight_entry_stays_in_flight_when_its_lookup_cannot_connect, pg),
		ON(test_pending_entry_whose_create_cannot_connect_stays_pending, pg),
	};
	int rc = cmocka_run_group_tests_name("load_resume_sqlite", tests, NULL, NULL);
	if (getenv("BWM_TEST_PG_URL") == NULL || *getenv("BWM_TEST_PG_URL") == '\0') {
		printf("# skipped: load_resume_postgresql: no PostgreSQL server "
		       "(BWM_TEST_PG_URL; tests/run.sh starts one)\n");
		return rc;
	}
	return rc | cmocka_run_group_tests_name("load_resume_postgresql", pg_tests, NULL, NULL);
}
