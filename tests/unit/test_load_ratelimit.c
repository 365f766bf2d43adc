/* test_load_ratelimit.c — Retry-After parsing, AIMD concurrency, backoff
 * and the client-side rate cap (load/ratelimit.c). Time is passed in, so
 * nothing here sleeps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "load/load.h"

/* 2015-10-21 07:28:00 UTC, the RFC's example instant. */
#define RFC_NOW ((time_t)1445412480)

static void test_retry_after_in_seconds(void **state)
{
	(void)state;
	double ms;
	assert_int_equal(ratelimit_parse_retry_after("120", RFC_NOW, &ms), 0);
	assert_true(ms == 120000.0);
	assert_int_equal(ratelimit_parse_retry_after(" 2 ", RFC_NOW, &ms), 0);
	assert_true(ms == 2000.0);
	assert_int_equal(ratelimit_parse_retry_after("0.5", RFC_NOW, &ms), 0);
	assert_true(ms == 500.0);
}

static void test_retry_after_as_imf_fixdate(void **state)
{
	(void)state;
	double ms;
	assert_int_equal(ratelimit_parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", RFC_NOW, &ms), 0);
	assert_true(ms == 30000.0);
}

static void test_retry_after_in_obsolete_date_forms(void **state)
{
	(void)state;
	double ms;
	assert_int_equal(ratelimit_parse_retry_after("Wednesday, 21-Oct-15 07:28:10 GMT", RFC_NOW, &ms), 0);
	assert_true(ms == 10000.0);
	assert_int_equal(ratelimit_parse_retry_after("Wed Oct 21 07:28:05 2015", RFC_NOW, &ms), 0);
	assert_true(ms == 5000.0);
}

static void test_retry_after_in_the_past_means_now(void **state)
{
	(void)state;
	double ms = -1;
	assert_int_equal(ratelimit_parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", RFC_NOW, &ms), 0);
	assert_true(ms == 0.0);
}

static void test_huge_retry_after_is_capped(void **state)
{
	(void)state;
	double ms;
	assert_int_equal(ratelimit_parse_retry_after("999999999", RFC_NOW, &ms), 0);
	assert_true(ms == RATELIMIT_MAX_RETRY_MS);
}

static void test_garbage_retry_after_is_refused_not_crashed(void **state)
{
	(void)state;
	static const char *const bad[] = { "", "soon", "-5", "12abc", "Wed, 32 Oct 2015 07:28:00 GMT",
					   "Wed, 21 Foo 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:28:00 PST",
					   "1e400x", NULL };
	double ms = 42;
	for (int i = 0; bad[i]; i++)
		assert_int_equal(ratelimit_parse_retry_after(bad[i], RFC_NOW, &ms), -1);
	assert_int_equal(ratelimit_parse_retry_after(NULL, RFC_NOW, &ms), -1);
	assert_true(ms == 42);
}

static void test_throttle_halves_the_window_once_per_second(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	assert_int_equal(ratelimit_window(&rl), 16);
	ratelimit_on_throttle(&rl, 1000, 0);
	assert_int_equal(ratelimit_window(&rl), 8);
	ratelimit_on_throttle(&rl, 1500, 0);     /* same burst */
	assert_int_equal(ratelimit_window(&rl), 8);
	ratelimit_on_throttle(&rl, 2100, 0);
	assert_int_equal(ratelimit_window(&rl), 4);
}

static void test_window_never_drops_below_one(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 2, 0, 100, 1);
	for (int i = 0; i < 10; i++)
		ratelimit_on_throttle(&rl, 1000.0 * (i + 1) * 2, 0);
	assert_int_equal(ratelimit_window(&rl), 1);
}

static void test_successes_raise_the_window_slowly_to_the_ceiling(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 8, 0, 100, 1);
	ratelimit_on_throttle(&rl, 1000, 0);
	assert_int_equal(ratelimit_window(&rl), 4);
	for (int i = 0; i < 3; i++)
		ratelimit_on_success(&rl, 3000);
	assert_int_equal(ratelimit_window(&rl), 4);      /* not yet a full round */
	ratelimit_on_success(&rl, 3000);
	ratelimit_on_success(&rl, 3000);
	assert_int_equal(ratelimit_window(&rl), 5);      /* about one per window of successes */
	for (int i = 0; i < 1000; i++)
		ratelimit_on_success(&rl, 60000);
	assert_int_equal(ratelimit_window(&rl), 8);
}

static void test_throttle_caps_the_rate_under_what_was_sent(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 0, 100, 1);
	ratelimit_take(&rl, 9000);               /* running for over a second */
	for (int i = 0; i < 300; i++)            /* 300 requests in the last second */
		ratelimit_take(&rl, 10000 + i * 3.0);
	ratelimit_saturated(&rl, 10890);         /* as fast as the window allowed */
	ratelimit_on_throttle(&rl, 10900, 0);
	assert_true(rl.rate > 265 && rl.rate < 275);  /* 90% of 300/s */
	ratelimit_on_success(&rl, 11000);            /* too soon to raise */
	assert_true(rl.rate > 265 && rl.rate < 275);
	ratelimit_on_success(&rl, 12000);
	assert_true(rl.rate > 280 && rl.rate < 286);  /* +5% */
}

static void test_a_second_spent_paused_teaches_no_rate(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 0, 100, 1);
	ratelimit_take(&rl, 10000);
	ratelimit_on_throttle(&rl, 10000, 2000);      /* paused until 12000 */
	ratelimit_take(&rl, 12100);
	ratelimit_saturated(&rl, 12150);
	ratelimit_on_throttle(&rl, 12200, 1000);      /* 1 request in the last second */
	assert_true(rl.rate == 0);                    /* no cap learned from that */
}

static void test_a_client_short_of_work_teaches_no_rate(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 0, 100, 1);
	for (int i = 0; i < 5; i++)                   /* 5/s: all the work there is */
		ratelimit_take(&rl, 10000 + i * 200.0);
	ratelimit_on_throttle(&rl, 10950, 0);
	assert_true(rl.rate == 0);
	assert_int_equal(ratelimit_window(&rl), 32);  /* the window is still cut */
}

static void test_the_first_second_of_a_run_teaches_no_rate(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	for (int i = 0; i < 16; i++)                  /* -j 16 starts at once */
		ratelimit_take(&rl, 10000);
	ratelimit_saturated(&rl, 10010);
	ratelimit_on_throttle(&rl, 10011, 1000);      /* 16 "per second": no limit */
	assert_true(rl.rate == 0);
	assert_true(ratelimit_delay(&rl, 10011) > 0); /* but too few answers: pause */
}

static void test_learned_rate_never_exceeds_the_user_cap(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 100, 100, 1);
	ratelimit_take(&rl, 9000);                    /* running for over a second */
	for (int i = 0; i < 100; i++)
		ratelimit_take(&rl, 10000 + i * 9.0);
	ratelimit_saturated(&rl, 10900);
	ratelimit_on_throttle(&rl, 10950, 0);
	assert_true(rl.rate <= 90.0 + 1e-9);
	for (int s = 2; s < 200; s++)
		ratelimit_on_success(&rl, 10950 + s * 1000.0);
	assert_true(rl.rate == 100.0);
}

static void test_retry_after_pauses_every_new_request(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 8, 0, 100, 1);
	assert_true(ratelimit_delay(&rl, 0) == 0);
	ratelimit_on_throttle(&rl, 1000, 3000);
	assert_true(ratelimit_delay(&rl, 1000) == 3000);
	assert_true(ratelimit_delay(&rl, 3500) == 500);
	assert_true(ratelimit_delay(&rl, 4000) == 0);
}

/* A second of traffic: n answers spread over [t, t + 1000). */
static void answer_a_second(struct ratelimit *rl, double t, int n)
{
	for (int k = 0; k < n; k++) {
		ratelimit_take(rl, t + k * 1000.0 / n);
		ratelimit_answered(rl, t + k * 1000.0 / n);
	}
}

static void test_a_sparse_429_pauses_no_other_request(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	answer_a_second(&rl, 10000, 49);
	ratelimit_answered(&rl, 10990);
	assert_int_equal(ratelimit_on_throttle(&rl, 10990, 2000), 0);
	assert_true(ratelimit_delay(&rl, 10990) == 0);
}

static void test_a_sparse_429_teaches_no_rate(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	ratelimit_take(&rl, 9000);                 /* running for over a second */
	answer_a_second(&rl, 10000, 300);
	ratelimit_saturated(&rl, 10980);           /* sending as fast as allowed */
	ratelimit_answered(&rl, 10990);
	ratelimit_on_throttle(&rl, 10990, 1000);
	assert_true(rl.rate == 0);
}

static void test_a_sparse_429_cuts_the_window_which_recovers_within_100_successes(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	answer_a_second(&rl, 10000, 49);
	ratelimit_answered(&rl, 10990);
	ratelimit_on_throttle(&rl, 10990, 1000);
	assert_int_equal(ratelimit_window(&rl), 8);   /* AIMD still cuts */
	for (int i = 0; i < 100; i++)
		ratelimit_on_success(&rl, 11000 + i);
	assert_int_equal(ratelimit_window(&rl), 16);
}

static void test_dense_429s_pause_every_request_and_cap_the_rate(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	ratelimit_take(&rl, 9000);                   /* running for over a second */
	answer_a_second(&rl, 10000, 100);
	ratelimit_saturated(&rl, 10900);
	int dense = 0;
	for (int k = 0; k < 12; k++)                 /* 12% of the answers */
		dense = ratelimit_on_throttle(&rl, 10900 + k, 1000);
	assert_int_equal(dense, 1);
	assert_true(ratelimit_delay(&rl, 10911) > 990);
	assert_true(rl.rate > 0 && rl.rate < 100);
}

/* One 429 in fifty, at random, over a minute at 800 answers a second: never
 * a rate cap, no pause once the first second is over (a 429 among its first
 * few answers may pause it, for the 1 s of Retry-After), and the window
 * spends most of its time near -j. */
static void test_one_429_in_fifty_does_not_collapse_throughput(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 16, 0, 100, 1);
	uint64_t x = 12345;
	double paused = 0, wsum = 0;
	int n = 0;
	for (double t = 10000; t < 70000; t += 1.25, n++) {
		ratelimit_saturated(&rl, t);
		ratelimit_take(&rl, t);
		ratelimit_answered(&rl, t);
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (x % 50 == 0)
			ratelimit_on_throttle(&rl, t, 1000);
		else
			ratelimit_on_success(&rl, t);
		paused += t >= 12000 && ratelimit_delay(&rl, t) > 0;
		wsum += ratelimit_window(&rl);
	}
	assert_true(rl.throttled > 800);             /* the 429s did happen */
	assert_true(paused == 0);
	assert_true(rl.rate == 0);
	assert_true(wsum / n > 14);
}

static void test_backoff_grows_exponentially_with_jitter_and_a_cap(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 8, 0, 100, 7);
	for (int attempt = 1; attempt <= 20; attempt++) {
		double full = 100.0 * (1 << (attempt - 1 > 12 ? 12 : attempt - 1));
		if (full > rl.cap_ms)
			full = rl.cap_ms;
		double d = ratelimit_backoff(&rl, attempt);
		assert_true(d >= full * 0.5 && d < full);
	}
}

static void test_rate_cap_spaces_requests(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 10, 100, 1);    /* 10/s: one per 100 ms, 100 ms burst */
	double now = 0;
	int sent = 0;
	/* Simulate 10 s of a client that sends whenever allowed. */
	while (now < 10000) {
		double d = ratelimit_delay(&rl, now);
		if (d == 0) {
			ratelimit_take(&rl, now);
			sent++;
		} else {
			now += d;
		}
	}
	assert_in_range(sent, 100, 102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_after_in_seconds),
		cmocka_unit_test(test_retry_after_as_imf_fixdate),
		cmocka_unit_test(test_retry_after_in_obsolete_date_forms),
		cmocka_unit_test(test_retry_after_in_the_past_means_now),
		cmocka_unit_test(test_huge_retry_after_is_capped),
		cmocka_unit_test(test_garbage_retry_after_is_refused_not_crashed),
		cmocka_unit_test(test_throttle_halves_the_window_once_per_second),
		cmocka_unit_test(test_window_never_drops_below_one),
		cmocka_unit_test(test_successes_raise_the_window_slowly_to_the_ceiling),
		cmocka_unit_test(test_throttle_caps_the_rate_under_what_was_sent),
		cmocka_unit_test(test_learned_rate_never_exceeds_the_user_cap),
		cmocka_unit_test(test_the_first_second_of_a_run_teaches_no_rate),
		cmocka_unit_test(test_a_second_spent_paused_teaches_no_rate),
		cmocka_unit_test(test_a_client_short_of_work_teaches_no_rate),
		cmocka_unit_test(test_retry_after_pauses_every_new_request),
		cmocka_unit_test(test_a_sparse_429_pauses_no_other_request),
		cmocka_unit_test(test_a_sparse_429_teaches_no_rate),
		cmocka_unit_test(test_a_sparse_429_cuts_the_window_which_recovers_within_100_successes),
		cmocka_unit_test(test_dense_429s_pause_every_request_and_cap_the_rate),
		cmocka_unit_test(test_one_429_in_fifty_does_not_collapse_throughput),
		cmocka_unit_test(test_backoff_grows_exponentially_with_jitter_and_a_cap),
		cmocka_unit_test(test_rate_cap_spaces_requests),
	};
	return cmocka_run_group_tests_name("load_ratelimit", tests, NULL, NULL);
}
