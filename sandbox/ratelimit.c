/*
 * ratelimit.c — the sandbox's token bucket (--rate N requests/s).
 *
 * Capacity is one second's worth of tokens (at least one), so a client that
 * keeps to the rate never sees a 429 from here, and one that bursts does.
 */
#include "sandbox/sbx.h"

#include <math.h>

static double capacity(const struct sbx_bucket *b)
{
	return b->rate < 1.0 ? 1.0 : b->rate;
}

void sbx_bucket_init(struct sbx_bucket *b, double rate)
{
	pthread_mutex_init(&b->lock, NULL);
	b->rate = rate;
	b->tokens = capacity(b);
	b->last_ms = -1;
}

void sbx_bucket_destroy(struct sbx_bucket *b)
{
	pthread_mutex_destroy(&b->lock);
}

void sbx_bucket_reset(struct sbx_bucket *b)
{
	pthread_mutex_lock(&b->lock);
	b->tokens = capacity(b);
	b->last_ms = -1;
	pthread_mutex_unlock(&b->lock);
}

int sbx_bucket_take(struct sbx_bucket *b, int64_t now_ms)
{
	if (b->rate <= 0.0)
		return 0;
	int wait = 0;
	pthread_mutex_lock(&b->lock);
	if (b->last_ms >= 0 && now_ms > b->last_ms) {
		b->tokens += (double)(now_ms - b->last_ms) * b->rate / 1000.0;
		if (b->tokens > capacity(b))
			b->tokens = capacity(b);
	}
	if (b->last_ms < 0 || now_ms > b->last_ms)
		b->last_ms = now_ms;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
	} else {
		wait = (int)ceil((1.0 - b->tokens) / b->rate);
		if (wait < 1)
			wait = 1;
	}
	pthread_mutex_unlock(&b->lock);
	return wait;
}
