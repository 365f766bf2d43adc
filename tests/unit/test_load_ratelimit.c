/* test_load_ratelimit.c — Retry-After parsing, AIMD concurrency, backoff,
 * the client-side rate cap and the pacing learned from 429s, also against a
 * simulated token-bucket server (load/ratelimit.c). Time is passed in, so
 * nothing here sleeps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
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

/* A run sending 150/s against a server that lets 100/s through: the 429
 * at 10000 starts the measurement; a second later, with dense 429s, the
 * limit is what came through in between (about 100/s). */
static void measure_a_limit_of_100(struct ratelimit *rl)
{
	ratelimit_take(rl, 9000);                     /* running for over a second */
	ratelimit_on_throttle(rl, 10000, 1000);       /* too little to tell: pause */
	for (int k = 0; k < 180; k++) {
		double t = 10000 + k * (1200.0 / 180);
		ratelimit_take(rl, t);
		ratelimit_answered(rl, t);
		if (k % 3 == 2)
			ratelimit_on_throttle(rl, t, 1000);
		else
			ratelimit_on_success(rl, t);
	}
	ratelimit_answered(rl, 11200);
	ratelimit_on_throttle(rl, 11200, 1000);
}

static void test_dense_429s_pace_under_what_the_server_let_through(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 0, 100, 1);
	measure_a_limit_of_100(&rl);
	assert_true(rl.ceiling > 99 && rl.ceiling < 102);
	assert_true(rl.rate > 94 && rl.rate < 97);           /* 95 % of it */
	assert_true(rl.pause_until_ms <= 11200);             /* paced, not paused */
	double learned = rl.rate;
	ratelimit_on_success(&rl, 11500);                    /* too soon to raise */
	assert_true(rl.rate == learned);
	ratelimit_on_success(&rl, 12300);                    /* half-way back */
	assert_true(rl.rate > learned + 2 && rl.rate < learned + 3.5);
}

static void test_once_paced_a_dense_429_pauses_no_one(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 0, 100, 1);
	measure_a_limit_of_100(&rl);
	int window = ratelimit_window(&rl);
	double t = 12300;
	for (int k = 0; k < 100; k++, t += 10) {             /* 100/s, 20 % throttled */
		ratelimit_take(&rl, t);
		ratelimit_answered(&rl, t);
		if (k % 5 == 0)
			ratelimit_on_throttle(&rl, t, 5000);
		else
			ratelimit_on_success(&rl, t);
		assert_true(rl.pause_until_ms <= t);         /* nobody waits its 5 s */
	}
	assert_true(rl.rate < 80);                           /* cut under 80/s let through */
	assert_true(ratelimit_window(&rl) >= window);        /* the window is not cut */
}

static void test_learned_rate_never_exceeds_the_user_cap(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 64, 120, 100, 1);
	measure_a_limit_of_100(&rl);
	assert_true(rl.rate < 97);
	for (int s = 2; s < 200; s++)
		ratelimit_on_success(&rl, 11200 + s * 1000.0);
	assert_true(rl.rate == 120.0);
	assert_int_equal(rl.learned, 0);
}

static void test_the_first_dense_429s_pause_every_request(void **state)
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
	assert_true(rl.rate == 0);                   /* nothing measured yet */
	assert_true(rl.ref_ms == 10900);             /* the measurement has begun */
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


/* ---- a simulated server: the sandbox's token bucket (capacity one second
 * of tokens, refilled continuously; a 429 takes no token and says "retry
 * after 1 s") in front of a client that always has work (the 10k-subscriber
 * benchmark), run_loop's order of calls, 1 ms steps. ---- */

#define SIM_MAX_S 120

struct sim {
	double limit;          /* server: requests/s */
	double latency_ms;     /* round trip */
	int jobs;              /* -j */
	double noise;          /* share of answers turned into 429 at random */
	int seconds;
	unsigned sends[SIM_MAX_S];
	unsigned throttled;
};

static void simulate(struct sim *sm)
{
	struct ratelimit rl;
	ratelimit_init(&rl, sm->jobs, 0, 100, 1);
	double tokens = sm->limit, due[256];
	int ok[256], inflight = 0;
	uint64_t x = 88172645463325252ULL;
	memset(sm->sends, 0, sizeof sm->sends);
	for (double now = 1000; now < 1000 + sm->seconds * 1000.0; now += 1) {
		tokens = fmin(sm->limit, tokens + sm->limit / 1000.0);
		/* Answers due now, in order of arrival. */
		for (int k = 0; k < inflight;) {
			if (due[k] > now) {
				k++;
				continue;
			}
			ratelimit_answered(&rl, now);
			if (ok[k])
				ratelimit_on_success(&rl, now);
			else
				ratelimit_on_throttle(&rl, now, 1000);
			due[k] = due[inflight - 1];
			ok[k] = ok[--inflight];
		}
		while (inflight < ratelimit_window(&rl) && ratelimit_delay(&rl, now) == 0) {
			ratelimit_take(&rl, now);
			sm->sends[(int)((now - 1000) / 1000)]++;
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			int noisy = (double)(x % 1000000) / 1e6 < sm->noise;
			ok[inflight] = tokens >= 1 && !noisy;
			if (ok[inflight])
				tokens -= 1;
			else
				sm->throttled++;
			due[inflight++] = now + sm->latency_ms;
		}
		if (inflight >= ratelimit_window(&rl))
			ratelimit_saturated(&rl, now);
	}
}

/* Seconds from `from` on whose sends are within ±share of the limit. */
static int seconds_in_band(const struct sim *sm, int from, double share)
{
	int n = 0;
	for (int s = from; s < sm->seconds; s++)
		n += fabs(sm->sends[s] - sm->limit) <= share * sm->limit;
	return n;
}

static void print_series(const struct sim *sm)
{
	print_message("# limit %.0f/s, latency %.0f ms, -j %d:", sm->limit, sm->latency_ms,
		      sm->jobs);
	for (int s = 0; s < sm->seconds; s++)
		print_message(" %u", sm->sends[s]);
	print_message("\n");
}

/* Under a server's 429s with no client cap the send rate settles within
 * ±15 % of the server's limit, every second after the first few, for slow
 * and fast limits and round trips. (Before: 0 to ~190/s on a 4–6 s cycle
 * against a limit of 100/s.) */
static void test_paced_rate_settles_near_the_servers_limit(void **state)
{
	(void)state;
	static const double cases[][3] = {   /* limit/s, latency ms, -j */
		{ 100, 5, 16 }, { 100, 50, 16 }, { 200, 50, 16 }, { 50, 20, 8 },
		{ 300, 10, 32 }, { 100, 1, 64 },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct sim sm = { .limit = cases[c][0], .latency_ms = cases[c][1],
				  .jobs = (int)cases[c][2], .seconds = 60 };
		simulate(&sm);
		print_series(&sm);
		assert_int_equal(seconds_in_band(&sm, 8, 0.15), sm.seconds - 8);
		assert_true(sm.throttled > 0);      /* the server did push back */
	}
}

/* A limit that was raised (or lifted) is found again: the paced rate
 * climbs half-way back to the ceiling, then past it in growing steps. */
static void test_a_raised_limit_is_found_again(void **state)
{
	(void)state;
	struct ratelimit rl;
	ratelimit_init(&rl, 32, 0, 100, 1);
	measure_a_limit_of_100(&rl);
	int s = 0;
	for (double now = 12300; rl.rate < 150 && s < 60; now += 1000, s++)
		ratelimit_on_success(&rl, now);
	assert_true(rl.rate >= 150);
	assert_true(s <= 20);
}

/* Random 429s (2 % of answers) while paced at a real limit do not ratchet
 * the rate down: it stays near the limit. */
static void test_noise_does_not_ratchet_a_paced_rate_down(void **state)
{
	(void)state;
	struct sim sm = { .limit = 200, .latency_ms = 10, .jobs = 32, .noise = 0.02,
			  .seconds = 60 };
	simulate(&sm);
	print_series(&sm);
	double sum = 0;
	for (int s = 10; s < sm.seconds; s++)
		sum += sm.sends[s];
	assert_true(sum / (sm.seconds - 10) > 0.85 * sm.limit);
	assert_true(sum / (sm.seconds - 10) < 1.15 * sm.limit);
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
		cmocka_unit_test(test_dense_429s_pace_under_what_the_server_let_through),
		cmocka_unit_test(test_once_paced_a_dense_429_pauses_no_one),
		cmocka_unit_test(test_learned_rate_never_exceeds_the_user_cap),
		cmocka_unit_test(test_the_first_second_of_a_run_teaches_no_rate),
		cmocka_unit_test(test_a_second_spent_paused_teaches_no_rate),
		cmocka_unit_test(test_a_client_short_of_work_teaches_no_rate),
		cmocka_unit_test(test_retry_after_pauses_every_new_request),
		cmocka_unit_test(test_a_sparse_429_pauses_no_other_request),
		cmocka_unit_test(test_a_sparse_429_teaches_no_rate),
		cmocka_unit_test(test_a_sparse_429_cuts_the_window_which_recovers_within_100_successes),
		cmocka_unit_test(test_the_first_dense_429s_pause_every_request),
		cmocka_unit_test(test_one_429_in_fifty_does_not_collapse_throughput),
		cmocka_unit_test(test_backoff_grows_exponentially_with_jitter_and_a_cap),
		cmocka_unit_test(test_rate_cap_spaces_requests),
		cmocka_unit_test(test_paced_rate_settles_near_the_servers_limit),
		cmocka_unit_test(test_a_raised_limit_is_found_again),
		cmocka_unit_test(test_noise_does_not_ratchet_a_paced_rate_down),
	};
	return cmocka_run_group_tests_name("load_ratelimit", tests, NULL, NULL);
}
