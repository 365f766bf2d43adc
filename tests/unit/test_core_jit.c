/*
 * test_core_jit.c — the BWM_NO_JIT switch (core/jit.h): JIT is on by
 * default and for "" and "0", off for any other value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/core.h"

static void test_jit_is_on_without_bwm_no_jit(void **state)
{
	(void)state;
	unsetenv("BWM_NO_JIT");
	assert_int_equal(bwm_jit_enabled(), 1);
}

static void test_jit_is_on_for_empty_or_zero(void **state)
{
	(void)state;
	setenv("BWM_NO_JIT", "", 1);
	assert_int_equal(bwm_jit_enabled(), 1);
	setenv("BWM_NO_JIT", "0", 1);
	assert_int_equal(bwm_jit_enabled(), 1);
	unsetenv("BWM_NO_JIT");
}

static void test_jit_is_off_when_bwm_no_jit_is_set(void **state)
{
	(void)state;
	setenv("BWM_NO_JIT", "1", 1);
	assert_int_equal(bwm_jit_enabled(), 0);
	unsetenv("BWM_NO_JIT");
}

static void test_email_check_is_the_same_without_jit(void **state)
{
	(void)state;
	setenv("BWM_NO_JIT", "1", 1);
	assert_true(email_valid("alice.smith@acme.example.com"));
	assert_false(email_valid("alice smith@acme"));
	unsetenv("BWM_NO_JIT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jit_is_on_without_bwm_no_jit),
		cmocka_unit_test(test_jit_is_on_for_empty_or_zero),
		cmocka_unit_test(test_jit_is_off_when_bwm_no_jit_is_set),
		cmocka_unit_test(test_email_check_is_the_same_without_jit),
	};
	return cmocka_run_group_tests_name("core_jit", tests, NULL, NULL);
}
