/*
 * entry_log.c — log lines about one plan entry, and the waits of entries.
 *
 * In text a line says what happened in words; with --log-format json it
 * also carries the fields an operator's tooling filters on: kind, key,
 * state, http_status and the TrackingID Webex returned with the answer
 * (what Cisco support asks for when a request went wrong).
 */
#include "load/run.h"

#include <stdarg.h>
#include <time.h>

void run_log(struct run *r, size_t i, enum bwm_log_level level, const char *state,
	     const char *fmt, ...)
{
	const struct bwm_log *log = r->o->log;
	if (!bwm_log_on(log, level))
		return;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	cJSON *f = NULL;
	if (log->json) {
		f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "kind", r->plan.v[i].kind);
		cJSON_AddStringToObject(f, "key", r->plan.v[i].key);
		cJSON_AddStringToObject(f, "state", state);
		if (r->e[i].http_status > 0)
			cJSON_AddNumberToObject(f, "http_status", r->e[i].http_status);
		if (r->tracking)
			cJSON_AddStringToObject(f, "tracking_id", r->tracking);
	}
	bwm_log_fields(log, level, f, "%s", msg.buf);
	cJSON_Delete(f);
	strbuf_free(&msg);
}

void run_iso_time(double at_ms, char out[32])
{
	time_t t = time(NULL) + (time_t)((at_ms - run_now_ms()) / 1000.0);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int run_wait(struct run *r, size_t i, double ms, const char *why)
{
	struct run_entry *e = &r->e[i];
	double max = (double)r->o->max_wait_ms;
	if (e->waited_ms + ms > max) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "gave up waiting: %s: %.0f s more, after %.0f s of waits in "
			    "this run, would pass --max-wait %.0f s; send it again later with "
			    "--retry-failed", why, ms / 1000.0, e->waited_ms / 1000.0, max / 1000.0);
		run_fail(r, i, 1, sb.buf);
		strbuf_free(&sb);
		return -1;
	}
	e->waited_ms += ms;
	double until = run_now_ms() + ms;
	if (ms >= RUN_WAIT_LOGGED_MS) {
		char iso[32];
		run_iso_time(until, iso);
		run_log(r, i, LOG_INFO, "waiting", "%s:%s waits %.0f s, until %s: %s",
			r->plan.v[i].kind, r->plan.v[i].key, ms / 1000.0, iso, why);
	}
	if (r->wait_i < 0 || until > r->wait_until_ms || r->wait_i == (long)i) {
		r->wait_i = (long)i;
		r->wait_why = why;
		r->wait_until_ms = until;
	}
	run_schedule(r, i, ms);
	return 0;
}
