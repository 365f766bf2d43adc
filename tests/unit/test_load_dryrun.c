/* test_load_dryrun.c — load_run() in --dry-run mode, through the library
 * API: ordering and skip rules, counts and the estimate, without network. */
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

#define CUSTOMER(key, batch, extra) \
	"{\"kind\":\"customer\",\"key\":\"" key "\",\"batch\":\"" batch "\",\"depends\":[]," \
	"\"request\":{\"method\":\"POST\",\"path\":\"/wholesale/customers\"},\"params\":{}," \
	"\"body\":{\"externalId\":\"" key "\"}" extra "}\n"
#define SUBSCRIBER(key, batch, dep, extra) \
	"{\"kind\":\"subscriber\",\"key\":\"" key "\",\"batch\":\"" batch "\"," \
	"\"depends\":[\"" dep "\"],\"request\":{\"method\":\"POST\",\"path\":" \
	"\"/wholesale/subscribers\"},\"params\":{},\"body\":{\"customerId\":{\"$ref\":\"" dep \
	"\"},\"email\":\"" key "\"}" extra "}\n"

static char *write_plan(const char *text)
{
	char *path = strdup("/tmp/bwm-dry-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Dry-run path with a non-existing journal so no earlier run is read. */
static int dry(const char *path, const char *batch, struct load_summary *sum,
	       struct bwm_error *err)
{
	struct load_opts o;
	load_opts_init(&o);
	o.mode = LOAD_DRY_RUN;
	o.plan_path = path;
	o.journal_path = "/nonexistent/journal";
	o.batch = batch;
	o.estimate_rate = 2;
	return load_run(&o, sum, err);
}

static void test_dry_run_counts_requests_and_estimates_the_duration(void **state)
{
	(void)state;
	char *path = write_plan(CUSTOMER("A", "w1", "") SUBSCRIBER("a@x", "w1", "customer:A", "")
				SUBSCRIBER("b@x", "w1", "customer:A", ""));
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(dry(path, NULL, &sum, &err), BWM_OK);
	assert_int_equal(sum.total, 3);
	assert_int_equal(sum.count[JS_PENDING], 3);     /* would be sent */
	assert_int_equal(sum.requests, 4);              /* + one customer poll */
	assert_true(sum.estimate_s == 2.0);             /* 4 requests at 2/s */
	unlink(path);
	free(path);
}

static void test_blocked_entry_and_its_dependants_would_be_skipped(void **state)
{
	(void)state;
	char *path = write_plan(CUSTOMER("A", "w1", ",\"blocked\":[\"F1\"]")
				SUBSCRIBER("a@x", "w1", "customer:A", "")
				CUSTOMER("B", "w1", "") SUBSCRIBER("b@x", "w1", "customer:B", ""));
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(dry(path, NULL, &sum, &err), BWM_EPARTIAL);
	assert_int_equal(sum.count[JS_SKIPPED], 2);
	assert_int_equal(sum.count[JS_PENDING], 2);
	assert_non_null(strstr(err.msg, "2 of 4 entries would be skipped"));
	unlink(path);
	free(path);
}

static void test_dependency_in_another_batch_would_be_skipped(void **state)
{
	(void)state;
	char *path = write_plan(CUSTOMER("A", "w1", "") SUBSCRIBER("a@x", "w2", "customer:A", ""));
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(dry(path, "w2", &sum, &err), BWM_EPARTIAL);
	assert_int_equal(sum.total, 1);                 /* only the wave's entries */
	assert_int_equal(sum.count[JS_SKIPPED], 1);
	unlink(path);
	free(path);
}

/* A plan that depends on an entry it does not hold was edited wrongly:
 * refused before anything runs, naming the line and the dependency. */
static void test_dependency_missing_from_the_plan_is_refused(void **state)
{
	(void)state;
	char *path = write_plan(SUBSCRIBER("a@x", "w1", "customer:GONE", ""));
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(dry(path, NULL, &sum, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":1: subscriber:a@x: key depends: \"customer:GONE\" is "
			       "not an earlier entry of the plan"));
	unlink(path);
	free(path);
}

static void test_malformed_plan_is_an_input_error_naming_the_line(void **state)
{
	(void)state;
	char *path = write_plan(CUSTOMER("A", "w1", "") "{\"kind\":\"customer\"\n");
	struct load_summary sum;
	struct bwm_error err = { 0, "" };
	assert_int_equal(dry(path, NULL, &sum, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":2: not a plan entry"));
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run_counts_requests_and_estimates_the_duration),
		cmocka_unit_test(test_blocked_entry_and_its_dependants_would_be_skipped),
		cmocka_unit_test(test_dependency_in_another_batch_would_be_skipped),
		cmocka_unit_test(test_dependency_missing_from_the_plan_is_refused),
		cmocka_unit_test(test_malformed_plan_is_an_input_error_naming_the_line),
	};
	return cmocka_run_group_tests_name("load_dryrun", tests, NULL, NULL);
}
