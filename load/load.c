/*
 * load.c — the stage's entry point: option defaults, the live run (plan +
 * journal + executor), the summary that decides the exit status.
 */
#include "load/run.h"

#include <string.h>

void load_opts_init(struct load_opts *o)
{
	memset(o, 0, sizeof *o);
	o->jobs = 8;
	o->max_attempts = 6;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 60000;
	o->backoff_base_ms = 200;
	o->poll_ms = 250;
	o->find_timeout_ms = 120000;
	o->max_wait_ms = 600000;
	o->estimate_rate = 10;
}

/* BWM_OK when all in scope is done, else BWM_EPARTIAL with a summary and
 * the command that would help (a plain re-run sends no failed entry). */
static int outcome(struct run *r, struct bwm_error *err)
{
	const struct load_summary *s = r->sum;
	if (s->count[JS_DONE] == s->total)
		return BWM_OK;
	struct strbuf why = STRBUF_INIT, cmd = STRBUF_INIT;
	report_next_step(r, &why, &cmd);
	int rc = bwm_fail(err, BWM_EPARTIAL, "%zu of %zu entries not done (%zu failed, %zu "
			  "skipped, %zu waiting)%s: %s: %s", s->total - s->count[JS_DONE], s->total,
			  s->count[JS_FAILED], s->count[JS_SKIPPED], s->total - s->count[JS_DONE] -
			  s->count[JS_FAILED] - s->count[JS_SKIPPED],
			  r->o->stop && *r->o->stop ? " (interrupted)" : "", why.buf, cmd.buf);
	strbuf_free(&why);
	strbuf_free(&cmd);
	return rc;
}

static int live_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	struct run r;
	int rc = run_open(&r, o, sum, 1, err);
	if (rc == BWM_OK && r.j.shared)
		workers_init(&r);
	if (rc == BWM_OK)
		rc = run_http(&r, err);
	if (rc == BWM_OK)
		rc = run_prepare(&r, err);
	if (rc == BWM_OK) {
		journal_note(&r.j, NULL, NULL, o->batch ? "run started (one batch)" : "run started",
			     NULL);
		rc = run_loop(&r, request_dispatch, response_handle);
		if (rc != BWM_OK)
			bwm_fail(err, rc, "%s", r.fatal_err.msg);
		journal_note(&r.j, NULL, NULL, rc == BWM_OK ? "run finished" : "run stopped", NULL);
		struct bwm_error herr = { 0, "" };
		if (r.workers)   /* the status board's last word on this worker */
			journal_heartbeat(&r.j, r.done_here, r.rl.learned ? r.rl.rate : 0, &herr);
	}
	if (r.e != NULL) {
		run_summarize(&r);
		struct bwm_error rerr = { 0, "" };
		if (o->report_dir && report_write(&r, "live", &rerr) != BWM_OK && rc == BWM_OK)
			rc = bwm_fail(err, rerr.status, "%s", rerr.msg);
		if (rc == BWM_OK)
			rc = outcome(&r, err);
	}
	run_close(&r);
	return rc;
}

int load_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	memset(sum, 0, sizeof *sum);
	switch (o->mode) {
	case LOAD_DRY_RUN:
		return dryrun_run(o, sum, err);
	case LOAD_PRECHECK:
		return precheck_run(o, sum, err);
	case LOAD_LIVE:
		break;
	}
	return live_run(o, sum, err);
}
