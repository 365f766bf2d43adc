/*
 * ratelimit.c — AIMD concurrency, client-side rate cap, backoff and
 * Retry-After parsing (see ratelimit.h).
 */
#include "load/ratelimit.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Space requests at `rate` per second (0 = no cap). A tenth of a second of
 * burst smooths timer granularity without letting the average exceed it. */
static void set_rate(struct ratelimit *rl, double rate)
{
	rl->rate = rate;
	rl->interval_ms = rate > 0 ? 1000.0 / rate : 0;
	rl->burst_ms = rl->interval_ms > 0 ? fmax(100.0, rl->interval_ms) : 0;
}

/* Move the ring of per-100 ms start counters up to now. */
static void advance(struct ratelimit *rl, double now_ms)
{
	long slot = (long)(now_ms / 100.0);
	if (slot <= rl->slot)
		return;
	long gap = slot - rl->slot;
	for (long k = 1; k <= gap && k <= RATELIMIT_SLOTS; k++) {
		long at = (rl->slot + k) % RATELIMIT_SLOTS;
		rl->starts[at] = rl->answers[at] = rl->throttles[at] = 0;
	}
	rl->slot = slot;
}

double ratelimit_observed(struct ratelimit *rl, double now_ms)
{
	advance(rl, now_ms);
	double n = 0;
	for (int k = 0; k < RATELIMIT_SLOTS; k++)
		n += rl->starts[k];
	return n * 1000.0 / (RATELIMIT_SLOTS * 100.0);
}

void ratelimit_init(struct ratelimit *rl, int max_concurrency, double rate_per_s,
		    double backoff_base_ms, uint64_t seed)
{
	memset(rl, 0, sizeof *rl);
	rl->max = max_concurrency > 0 ? max_concurrency : 1;
	rl->window = rl->max;
	rl->user_rate = rate_per_s > 0 ? rate_per_s : 0;
	set_rate(rl, rl->user_rate);
	rl->base_ms = backoff_base_ms > 0 ? backoff_base_ms : 200;
	rl->cap_ms = 30000;
	rl->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
	rl->last_cut_ms = -1e18;
	rl->last_learn_ms = -1e18;
	rl->first_take_ms = -1;
	rl->saturated_ms = -1e18;
	rl->ref_ms = -1;
}

int ratelimit_window(const struct ratelimit *rl)
{
	int w = (int)rl->window;
	return w < 1 ? 1 : w;
}

double ratelimit_delay(const struct ratelimit *rl, double now_ms)
{
	double wait = rl->pause_until_ms - now_ms;
	if (rl->interval_ms > 0) {
		double w = rl->tat_ms - rl->burst_ms - now_ms;
		if (w > wait)
			wait = w;
	}
	return wait > 0 ? wait : 0;
}

void ratelimit_take(struct ratelimit *rl, double now_ms)
{
	advance(rl, now_ms);
	rl->starts[rl->slot % RATELIMIT_SLOTS]++;
	if (rl->first_take_ms < 0)
		rl->first_take_ms = now_ms;
	if (rl->interval_ms <= 0)
		return;
	if (rl->tat_ms < now_ms)
		rl->tat_ms = now_ms;
	rl->tat_ms += rl->interval_ms;
}

void ratelimit_saturated(struct ratelimit *rl, double now_ms)
{
	rl->saturated_ms = now_ms;
}

void ratelimit_answered(struct ratelimit *rl, double now_ms)
{
	advance(rl, now_ms);
	rl->answers[rl->slot % RATELIMIT_SLOTS]++;
}

/* Answers and 429s of the last second. */
static void last_second(const struct ratelimit *rl, unsigned *answers, unsigned *throttles)
{
	*answers = *throttles = 0;
	for (int k = 0; k < RATELIMIT_SLOTS; k++) {
		*answers += rl->answers[k];
		*throttles += rl->throttles[k];
	}
}

/* How many milliseconds the rings cover now: nine whole slots and the
 * current one so far. */
static double ring_span(double now_ms)
{
	return (RATELIMIT_SLOTS - 1) * 100.0 + fmod(now_ms, 100.0) + 1.0;
}

/* Were the 429s of the last second dense enough to mean the server wants
 * all of us slower? With too few answers to tell, assume so (the safe side). */
static int dense(const struct ratelimit *rl)
{
	unsigned a, t;
	last_second(rl, &a, &t);
	return a < RATELIMIT_DENSE_MIN || t >= RATELIMIT_DENSE_SHARE * a;
}

/* Raise a paced rate, once a second: half-way back to the ceiling, then
 * past it by growing steps (a limit may have been raised). */
static void raise_rate(struct ratelimit *rl, double now_ms)
{
	double r = rl->rate, step;
	if (r < rl->ceiling * (1 - RATELIMIT_PROBE_SHARE))
		step = (rl->ceiling - r) / 2;
	else
		step = rl->ceiling * RATELIMIT_PROBE_SHARE * (1 + rl->probes++ / 3);
	if (step < RATELIMIT_PROBE_SHARE * rl->ceiling)
		step = RATELIMIT_PROBE_SHARE * rl->ceiling;
	r += step < 0.5 ? 0.5 : step;
	if (rl->user_rate > 0 && r >= rl->user_rate) {
		r = rl->user_rate;
		rl->learned = 0;
	}
	set_rate(rl, r);
	rl->last_raise_ms = now_ms;
}

void ratelimit_on_success(struct ratelimit *rl, double now_ms)
{
	if (rl->window < rl->max) {
		rl->window += 1.0 / rl->window;
		if (rl->window > rl->max)
			rl->window = rl->max;
	}
	rl->ref_ok++;
	if (rl->learned && now_ms - rl->last_raise_ms >= 1000.0 &&
	    now_ms - rl->last_learn_ms >= 1000.0)
		raise_rate(rl, now_ms);
}

/* Pace at RATELIMIT_CUT_SHARE of the server's limit, measured as limit
 * (requests/s), never faster than now nor than the user's cap. */
static void cut_rate(struct ratelimit *rl, double now_ms, double limit)
{
	double r = RATELIMIT_CUT_SHARE * limit;
	if (rl->rate > 0 && r > RATELIMIT_CUT_SHARE * rl->rate)
		r = RATELIMIT_CUT_SHARE * rl->rate;
	if (r < 1.0)
		r = 1.0;
	rl->ceiling = limit > 1.0 ? limit : 1.0;
	rl->probes = 0;
	rl->learned = 1;
	rl->last_learn_ms = rl->last_raise_ms = now_ms;
	set_rate(rl, r);
	/* Pacing replaces the pause that covered the measurement. */
	if (rl->pause_until_ms > now_ms)
		rl->pause_until_ms = now_ms;
}

/* A 429 means the server's bucket was empty. Between two such moments the
 * server let through exactly what it refilled: the successes since the
 * reference 429 over the time since then is its limit. Needs a reference
 * between one and RATELIMIT_REF_MAX_MS seconds old (older, we may have
 * been sending under the limit for part of it) and enough successes to
 * count; -1 when there is none. */
static double measured_limit(const struct ratelimit *rl, double now_ms)
{
	double age = now_ms - rl->ref_ms;
	if (rl->ref_ms < 0 || age < 1000.0 || age > RATELIMIT_REF_MAX_MS ||
	    rl->ref_ok < RATELIMIT_DENSE_MIN)
		return -1;
	return rl->ref_ok * 1000.0 / age;
}

static void set_reference(struct ratelimit *rl, double now_ms)
{
	rl->ref_ms = now_ms;
	rl->ref_ok = 0;
}

int ratelimit_on_throttle(struct ratelimit *rl, double now_ms, double retry_ms)
{
	rl->throttled++;
	advance(rl, now_ms);
	rl->throttles[rl->slot % RATELIMIT_SLOTS]++;
	unsigned a, t;
	last_second(rl, &a, &t);
	double limit = measured_limit(rl, now_ms);
	int once = now_ms - rl->last_learn_ms >= 1000.0;
	if (rl->learned) {
		/* Paced already: the rate is the control, the window stays, and
		 * nobody else waits. Over the limit: cut, once a second, under
		 * what the server let through in the last second (not since the
		 * reference: we were under the limit for part of that). With too
		 * few answers to tell, the reference is all there is. */
		int few = a < RATELIMIT_DENSE_MIN;
		int over = few || t >= RATELIMIT_OVER_SHARE * a;
		if (over && once && (!few || limit >= 0))
			cut_rate(rl, now_ms, few ? limit : (a - t) * 1000.0 / ring_span(now_ms));
		if (over && once)
			set_reference(rl, now_ms);
		return over;
	}
	if (now_ms - rl->last_cut_ms >= 1000.0) {
		rl->window = fmax(1.0, rl->window / 2);
		rl->last_cut_ms = now_ms;
	}
	/* Any 429 may start the measurement of a limit. */
	if (limit < 0 && (rl->ref_ms < 0 || now_ms - rl->ref_ms > RATELIMIT_REF_MAX_MS))
		set_reference(rl, now_ms);
	/* One 429 in fifty is noise (a busy shard, a random fault): pausing
	 * everyone or lowering the rate for it would stall the run for nothing. */
	if (!dense(rl))
		return 0;
	if (limit >= 0 && once) {
		cut_rate(rl, now_ms, limit);
		set_reference(rl, now_ms);
		return 1;
	}
	/* Nothing to measure the limit by yet: pause everyone for the
	 * Retry-After (the safe side) while the measurement runs. */
	if (now_ms + retry_ms > rl->pause_until_ms)
		rl->pause_until_ms = now_ms + retry_ms;
	return 1;
}

static double next_unit(struct ratelimit *rl)
{
	uint64_t x = rl->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rl->rng = x;
	return (double)(x >> 11) / 9007199254740992.0;  /* [0, 1) */
}

double ratelimit_backoff(struct ratelimit *rl, int attempt)
{
	if (attempt < 1)
		attempt = 1;
	double d = rl->base_ms * ldexp(1.0, attempt > 30 ? 30 : attempt - 1);
	if (d > rl->cap_ms)
		d = rl->cap_ms;
	return d * (0.5 + next_unit(rl) / 2);
}

static int month_index(const char *m)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	for (int i = 0; i < 12; i++)
		if (strncasecmp(m, months[i], 3) == 0 && m[3] == '\0')
			return i;
	return -1;
}

/* The three date forms of RFC 9110 §5.6.7, all GMT. */
static int parse_http_date(const char *v, time_t *out)
{
	char wd[16], mon[8], tz[8];
	int d, y, h, mi, s, n = 0;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (sscanf(v, "%15[A-Za-z], %d %3s %d %d:%d:%d %7s%n", wd, &d, mon, &y, &h, &mi, &s,
		   tz, &n) == 8 && strcmp(tz, "GMT") == 0) {
		/* IMF-fixdate */
	} else if (sscanf(v, "%15[A-Za-z], %d-%3s-%d %d:%d:%d %7s%n", wd, &d, mon, &y, &h, &mi,
			  &s, tz, &n) == 8 && strcmp(tz, "GMT") == 0) {
		y += y < 70 ? 2000 : (y < 100 ? 1900 : 0);   /* RFC 850 */
	} else if (sscanf(v, "%15[A-Za-z] %3s %d %d:%d:%d %d%n", wd, mon, &d, &h, &mi, &s, &y,
			  &n) == 7) {
		/* asctime */
	} else {
		return -1;
	}
	while (v[n] == ' ')
		n++;
	int m = month_index(mon);
	if (v[n] != '\0' || m < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 ||
	    y < 1970 || y > 9999 || h < 0 || mi < 0 || s < 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = timegm(&tm);
	return 0;
}

static double clamp_ms(double ms)
{
	if (ms < 0)
		return 0;
	return ms > RATELIMIT_MAX_RETRY_MS ? RATELIMIT_MAX_RETRY_MS : ms;
}

int ratelimit_parse_retry_after(const char *value, time_t now, double *ms)
{
	if (value == NULL)
		return -1;
	while (isspace((unsigned char)*value))
		value++;
	if (isdigit((unsigned char)*value)) {
		char *end;
		double secs = strtod(value, &end);
		while (isspace((unsigned char)*end))
			end++;
		if (*end != '\0' || !isfinite(secs))
			return -1;
		*ms = clamp_ms(secs * 1000.0);
		return 0;
	}
	time_t when;
	if (parse_http_date(value, &when) != 0)
		return -1;
	*ms = clamp_ms(difftime(when, now) * 1000.0);
	return 0;
}
