/* test_load_secret.c — the SIP passwords of {"$secret": "sip_password"}
 * (load/secret.c): the rules each one follows, that they differ, and where
 * the credentials file is by default. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"
#include "load/run.h"

static void test_rules_of_a_sip_password(void **state)
{
	(void)state;
	assert_true(secret_password_ok("Ab3!xK9mPq2Rt7Wz"));
	assert_false(secret_password_ok("Ab3!xK9mPq2Rt7W"));    /* 15 characters */
	assert_false(secret_password_ok("ab3!xk9mpq2rt7wz"));   /* no upper case */
	assert_false(secret_password_ok("AB3!XK9MPQ2RT7WZ"));   /* no lower case */
	assert_false(secret_password_ok("Abc!xKqmPqzRtuWz"));   /* no digit */
	assert_false(secret_password_ok("Ab3dxK9mPq2Rt7Wz"));   /* no special character */
	assert_false(secret_password_ok("Ab3!xK9mmmq2Rt7W"));   /* three repeated */
	assert_false(secret_password_ok("Ab3!xK9abcq2Rt7W"));   /* three counting up */
	assert_false(secret_password_ok("Ab3!xK9321q2Rt7W"));   /* three counting down */
}

static void test_made_passwords_follow_the_rules_and_differ(void **state)
{
	(void)state;
	char prev[17] = "", pw[17];
	struct bwm_error err = { 0, "" };
	for (int k = 0; k < 2000; k++) {
		assert_int_equal(secret_password(pw, &err), BWM_OK);
		assert_true(secret_password_ok(pw));
		assert_string_not_equal(pw, prev);
		memcpy(prev, pw, sizeof pw);
	}
}

static void test_credentials_file_defaults_to_the_journal(void **state)
{
	(void)state;
	struct load_opts o;
	load_opts_init(&o);
	o.plan_path = "wave1.plan.jsonl";
	char *p = secret_credentials_path(&o);
	assert_string_equal(p, "wave1.plan.jsonl.journal.credentials");
	free(p);
	o.journal_path = "w1.db";
	p = secret_credentials_path(&o);
	assert_string_equal(p, "w1.db.credentials");
	free(p);
	o.credentials_path = "/secure/w1.cred";
	p = secret_credentials_path(&o);
	assert_string_equal(p, "/secure/w1.cred");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_of_a_sip_password),
		cmocka_unit_test(test_made_passwords_follow_the_rules_and_differ),
		cmocka_unit_test(test_credentials_file_defaults_to_the_journal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
