/* test_sandbox_faults.c — the sandbox's fault plan, outcome shares and
 * token bucket: parsing, and decisions that depend on the seed alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/sbx.h"

static void test_fault_spec_with_plus_minus_sign(void **state)
{
	(void)state;
	struct sandbox_faults f;
	struct bwm_error err;
	assert_int_equal(sandbox_faults_parse("latency=50\xc2\xb1" "20,429=5%,5xx=10%,423=1%,"
					      "reset=2%,slow=1%,lost=2%,drop=3%", &f, &err), BWM_OK);
	assert_int_equal(f.latency_ms, 50);
	assert_int_equal(f.jitter_ms, 20);
	assert_true(f.p429 > 0.0499 && f.p429 < 0.0501);
	assert_true(f.p5xx > 0.0999 && f.p5xx < 0.1001);
	assert_true(f.plost > 0.0199 && f.plost < 0.0201);
	assert_true(f.pdrop > 0.0299 && f.pdrop < 0.0301);
}

static void test_fault_spec_accepts_ascii_plus_minus_and_fractions(void **state)
{
	(void)state;
	struct sandbox_faults f;
	struct bwm_error err;
	assert_int_equal(sandbox_faults_parse("latency=50+-20,5xx=0.25", &f, &err), BWM_OK);
	assert_int_equal(f.jitter_ms, 20);
	assert_true(f.p5xx > 0.2499 && f.p5xx < 0.2501);
}

static void test_fault_spec_errors_name_the_item(void **state)
{
	(void)state;
	struct sandbox_faults f;
	struct bwm_error err;
	bwm_error_clear(&err);
	assert_int_equal(sandbox_faults_parse("429=5%,teleport=1%", &f, &err), BWM_EUSAGE);
	assert_non_null(strstr(err.msg, "teleport"));
	assert_int_equal(sandbox_faults_parse("429=150%", &f, &err), BWM_EUSAGE);
	assert_int_equal(sandbox_faults_parse("429", &f, &err), BWM_EUSAGE);
	assert_int_equal(sandbox_faults_parse("latency=fast", &f, &err), BWM_EUSAGE);
}

static void test_fault_shares_over_100_percent_are_refused(void **state)
{
	(void)state;
	struct sandbox_faults f;
	struct bwm_error err;
	assert_int_equal(sandbox_faults_parse("429=60%,5xx=50%", &f, &err), BWM_EUSAGE);
	assert_non_null(strstr(err.msg, "110%"));
}

static void test_same_seed_gives_same_fault_sequence(void **state)
{
	(void)state;
	struct sandbox_faults f = { 50, 20, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0 };
	for (uint64_t n = 0; n < 500; n++) {
		struct sbx_fault a, b;
		sbx_fault_pick(&f, 0, 7, n, &a);
		sbx_fault_pick(&f, 0, 7, n, &b);
		assert_memory_equal(&a, &b, sizeof a);
	}
}

static void test_another_seed_gives_another_fault_sequence(void **state)
{
	(void)state;
	struct sandbox_faults f = { 0, 0, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0 };
	int differ = 0;
	for (uint64_t n = 0; n < 200; n++) {
		struct sbx_fault a, b;
		sbx_fault_pick(&f, 0, 7, n, &a);
		sbx_fault_pick(&f, 0, 8, n, &b);
		differ += a.kind != b.kind;
	}
	assert_true(differ > 20);
}

static void test_fault_shares_are_honoured(void **state)
{
	(void)state;
	struct sandbox_faults f = { 0, 0, 0.05, 0.10, 0.01, 0.02, 0.01, 0.02, 0 };
	unsigned seen[SBX_F_COUNT] = { 0 };
	const unsigned N = 20000;
	for (uint64_t n = 0; n < N; n++) {
		struct sbx_fault x;
		sbx_fault_pick(&f, 0, 42, n, &x);
		seen[x.kind]++;
	}
	/* Within a fifth of the share: the hash is uniform enough, and the
	 * result is fixed for this seed, so this cannot flake. */
	assert_in_range(seen[SBX_F_429], N * 5 / 100 * 4 / 5, N * 5 / 100 * 6 / 5);
	assert_in_range(seen[SBX_F_5XX], N * 10 / 100 * 4 / 5, N * 10 / 100 * 6 / 5);
	assert_in_range(seen[SBX_F_RESET], N * 2 / 100 * 4 / 5, N * 2 / 100 * 6 / 5);
	assert_in_range(seen[SBX_F_NONE], N * 79 / 100 * 9 / 10, N * 79 / 100 * 11 / 10);
}

static void test_latency_stays_within_its_jitter(void **state)
{
	(void)state;
	struct sandbox_faults f = { 50, 20, 0, 0, 0, 0, 0, 0, 0 };
	unsigned lo = 1000, hi = 0;
	for (uint64_t n = 0; n < 2000; n++) {
		struct sbx_fault x;
		sbx_fault_pick(&f, 10, 1, n, &x);
		lo = x.latency_ms < lo ? x.latency_ms : lo;
		hi = x.latency_ms > hi ? x.latency_ms : hi;
		assert_int_equal(x.kind, SBX_F_NONE);
	}
	assert_int_equal(lo, 40);   /* 10 base + 50 - 20 */
	assert_int_equal(hi, 80);   /* 10 base + 50 + 20 */
}

static void test_5xx_faults_use_the_four_server_errors(void **state)
{
	(void)state;
	struct sandbox_faults f = { 0, 0, 0, 1.0, 0, 0, 0, 0, 0 };
	int seen500 = 0, seen502 = 0, seen503 = 0, seen504 = 0;
	for (uint64_t n = 0; n < 400; n++) {
		struct sbx_fault x;
		sbx_fault_pick(&f, 0, 3, n, &x);
		assert_int_equal(x.kind, SBX_F_5XX);
		seen500 |= x.status == 500;
		seen502 |= x.status == 502;
		seen503 |= x.status == 503;
		seen504 |= x.status == 504;
	}
	assert_true(seen500 && seen502 && seen503 && seen504);
}

static void test_outcome_spec_is_parsed(void **state)
{
	(void)state;
	struct sandbox_outcomes o;
	struct bwm_error err;
	assert_int_equal(sandbox_outcomes_parse("provisioned_with_errors=10%,pending_rpl_review=5%,"
						"error=0%", &o, &err), BWM_OK);
	assert_true(o.with_errors > 0.0999 && o.with_errors < 0.1001);
	assert_true(o.rpl_review > 0.0499 && o.rpl_review < 0.0501);
	assert_int_equal(sandbox_outcomes_parse("provisioned=50%", &o, &err), BWM_EUSAGE);
	assert_int_equal(sandbox_outcomes_parse("error=70%,pending_rpl_review=40%", &o, &err),
			 BWM_EUSAGE);
}

static void test_bucket_throttles_a_burst_and_refills(void **state)
{
	(void)state;
	struct sbx_bucket b;
	sbx_bucket_init(&b, 2.0);
	assert_int_equal(sbx_bucket_take(&b, 1000), 0);
	assert_int_equal(sbx_bucket_take(&b, 1000), 0);
	assert_int_equal(sbx_bucket_take(&b, 1000), 1);   /* empty: wait 1 s */
	assert_int_equal(sbx_bucket_take(&b, 1500), 0);   /* half a second = one token */
	assert_int_equal(sbx_bucket_take(&b, 1500), 1);
	sbx_bucket_destroy(&b);
}

static void test_bucket_without_rate_never_throttles(void **state)
{
	(void)state;
	struct sbx_bucket b;
	sbx_bucket_init(&b, 0.0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(sbx_bucket_take(&b, 5), 0);
	sbx_bucket_destroy(&b);
}

static void test_ids_are_stable_per_seed_and_distinct(void **state)
{
	(void)state;
	char *a = sbx_make_id("CUSTOMER", 7, 1);
	char *b = sbx_make_id("CUSTOMER", 7, 1);
	char *c = sbx_make_id("CUSTOMER", 7, 2);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* URL-safe: ids go into paths unescaped. */
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 strlen(a));
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_spec_with_plus_minus_sign),
		cmocka_unit_test(test_fault_spec_accepts_ascii_plus_minus_and_fractions),
		cmocka_unit_test(test_fault_spec_errors_name_the_item),
		cmocka_unit_test(test_fault_shares_over_100_percent_are_refused),
		cmocka_unit_test(test_same_seed_gives_same_fault_sequence),
		cmocka_unit_test(test_another_seed_gives_another_fault_sequence),
		cmocka_unit_test(test_fault_shares_are_honoured),
		cmocka_unit_test(test_latency_stays_within_its_jitter),
		cmocka_unit_test(test_5xx_faults_use_the_four_server_errors),
		cmocka_unit_test(test_outcome_spec_is_parsed),
		cmocka_unit_test(test_bucket_throttles_a_burst_and_refills),
		cmocka_unit_test(test_bucket_without_rate_never_throttles),
		cmocka_unit_test(test_ids_are_stable_per_seed_and_distinct),
	};
	return cmocka_run_group_tests_name("sandbox_faults", tests, NULL, NULL);
}
