/*
 * ratelimit.h — how fast and how many: one limiter shared by all requests.
 *
 * Concurrency follows AIMD: a 429 halves the window (at most once per
 * second, so one burst of 429s counts once); each success adds 1/window, so
 * the window grows back by about one per round of successes. A sparse,
 * random 429 delays only the request that got it, so it cannot stall the
 * whole run. 5xx, 423, resets and timeouts never touch the limiter: they
 * delay only their own entry (see response.c). An optional client-side cap
 * (--rate) spaces requests evenly (GCRA with a small burst). Retries of
 * 5xx, 423, resets and timeouts wait an exponential backoff with jitter.
 *
 * Dense throttling (at least RATELIMIT_DENSE_SHARE of the answers of the
 * last second) means the server holds us to a rate. Concurrency cannot hold
 * a rate (it depends on the round trip), so the limiter then paces requests
 * and adjusts that rate once a second:
 *   - the server's limit (the "ceiling") is what it let through between
 *     two 429s at least a second apart (a 429 means its bucket was empty,
 *     so in between it let through exactly what it refilled); a 429 starts
 *     that measurement, a dense one before it is a second old pauses every
 *     new request for its Retry-After, the next dense one sets the rate
 *     to RATELIMIT_CUT_SHARE of the ceiling, under the limit so that the
 *     server's bucket refills, and from then on nothing pauses everyone
 *     (a pause per burst of 429s made the rate swing between 0 and twice
 *     the limit): only the throttled request waits its Retry-After;
 *   - while paced, a second with RATELIMIT_OVER_SHARE of 429s is over the
 *     limit and cuts again, to RATELIMIT_CUT_SHARE of what came through in
 *     that second (a few random 429s stay under the share);
 *   - each second without a cut, the rate climbs back: half-way to the
 *     ceiling, then above it by 1 % of the ceiling three times, 2 % three
 *     times, 3 % …, so a limit that was raised (or lifted) is found again.
 * The rate thus settles within a few percent of the server's limit.
 * The limiter owns no clock: callers pass "now" in milliseconds, which keeps
 * it deterministic under test.
 */
#ifndef BWM_LOAD_RATELIMIT_H
#define BWM_LOAD_RATELIMIT_H

#include <stdint.h>
#include <time.h>

#define RATELIMIT_DEFAULT_RETRY_MS 2000.0  /* unparsable Retry-After */
#define RATELIMIT_MAX_RETRY_MS 300000.0    /* never wait longer than 5 minutes */
#define RATELIMIT_SLOTS 10                 /* one second of start counters */
#define RATELIMIT_DENSE_SHARE 0.10         /* 429s per answer that mean "slow down" */
#define RATELIMIT_DENSE_MIN 20             /* fewer answers a second: assume dense */
#define RATELIMIT_OVER_SHARE 0.05          /* 429s per answer that mean "over" once paced */
#define RATELIMIT_CUT_SHARE 0.95           /* paced rate after a cut, of the ceiling */
#define RATELIMIT_PROBE_SHARE 0.01         /* first step above the ceiling */
#define RATELIMIT_REF_MAX_MS 5000.0        /* oldest 429 a limit is measured from */

struct ratelimit {
	double window;        /* requests allowed in flight now, 1..max */
	int max;              /* the -j ceiling */
	double interval_ms;   /* 1000 / rate, 0 = no client-side cap */
	double burst_ms;      /* how far ahead of schedule the cap lets us run */
	double tat_ms;        /* GCRA theoretical arrival time of the next request */
	double pause_until_ms;/* no new request before this (Retry-After) */
	double last_cut_ms;   /* when the window was last halved */
	double last_learn_ms; /* when dense 429s last lowered the rate */
	double first_take_ms; /* when the first request started, -1 before */
	double rate;          /* current cap in requests/s, 0 = none */
	double user_rate;     /* the --rate cap, 0 = none */
	int learned;          /* rate was lowered by 429s and is paced (see above) */
	double ceiling;       /* the server's limit as last measured, requests/s */
	int probes;           /* seconds in a row the rate rose above the ceiling */
	double ref_ms;        /* a 429 the limit is measured from, -1 none */
	double ref_ok;        /* successes since ref_ms */
	double last_raise_ms; /* when the learned rate was last raised */
	unsigned starts[RATELIMIT_SLOTS]; /* requests started per 100 ms, a ring */
	unsigned answers[RATELIMIT_SLOTS]; /* responses (any status) per 100 ms */
	unsigned throttles[RATELIMIT_SLOTS]; /* 429s per 100 ms */
	long slot;            /* the 100 ms slot the rings are at */
	double saturated_ms;  /* when work last waited for a free window slot */
	double base_ms;       /* first backoff delay */
	double cap_ms;        /* longest backoff delay */
	uint64_t rng;         /* xorshift state for jitter */
	unsigned throttled;   /* 429s seen */
};

void ratelimit_init(struct ratelimit *rl, int max_concurrency, double rate_per_s,
		    double backoff_base_ms, uint64_t seed);

/* Requests started per second over the last second. */
double ratelimit_observed(struct ratelimit *rl, double now_ms);

/* Requests allowed in flight now (>= 1). */
int ratelimit_window(const struct ratelimit *rl);

/* Milliseconds until a new request may start (0 = now). Does not consume. */
double ratelimit_delay(const struct ratelimit *rl, double now_ms);
/* A request starts now: consume its slot of the client-side cap. */
void ratelimit_take(struct ratelimit *rl, double now_ms);

/* Work is waiting because the window is full (the server sets the pace). */
void ratelimit_saturated(struct ratelimit *rl, double now_ms);

/* A response (or a transport error) arrived: the denominator of the 429 share. */
void ratelimit_answered(struct ratelimit *rl, double now_ms);

void ratelimit_on_success(struct ratelimit *rl, double now_ms);
/* A 429. Sparse: cut the window (once per second). Dense: pace at a rate
 * under what the server let through (or, with too little to measure, pause
 * every new request for retry_ms). Returns 1 when it was dense (or over the
 * limit while paced), 0 otherwise; the caller's entry always waits retry_ms. */
int ratelimit_on_throttle(struct ratelimit *rl, double now_ms, double retry_ms);

/* Delay before retry number `attempt` (1 = first retry): base * 2^(attempt-1),
 * capped, times a jitter factor in [0.5, 1). */
double ratelimit_backoff(struct ratelimit *rl, int attempt);

/* Parse a Retry-After value: delta-seconds ("120", "1.5") or an HTTP-date
 * ("Wed, 21 Oct 2015 07:28:00 GMT", also RFC 850 and asctime forms) relative
 * to now. Returns 0 and *ms (clamped to 0..RATELIMIT_MAX_RETRY_MS), or -1 if
 * the value is absent or not understood (caller uses a default backoff). */
int ratelimit_parse_retry_after(const char *value, time_t now, double *ms);

#endif
