/*
 * cutover.h — internal to load/: one wave, unattended, in steps.
 *
 *   cutover.c          the steps in order, their record in the journal,
 *                      resume after a kill, --until
 *   cutover_report.c   cutover.json (for the scheduler) and cutover.html
 *                      (one page for a project manager)
 */
#ifndef BWM_LOAD_CUTOVER_H
#define BWM_LOAD_CUTOVER_H

#include <sqlite3.h>

#include "load/load.h"

/* What one step did, as recorded in the journal (table cutover_steps). */
struct cutover_step_row {
	const char *name;          /* precheck, load, verify, devicemove */
	char status[16];           /* never, running, ok, failed, skipped */
	int exit;                  /* the step's exit status (cutover.h codes) */
	int runs;                  /* how many times it was started */
	double seconds;            /* time spent in it, over every run */
	char started[32];          /* first start, UTC */
	char finished[32];         /* last end, UTC, "" while running */
	char summary[512];         /* one line of what it found */
};

/* Everything the report needs; filled by cutover.c. */
struct cutover_state {
	const struct load_opts *o;
	const char *journal;           /* path */
	const char *report_dir;        /* the wave's folder, or NULL */
	struct cutover_step_row steps[CUTOVER_STEPS];
	int stopped_at;                /* index of the failed step, or -1 */
	int exit;                      /* CUTOVER_* */
	char plan_sha256[65];
	char journal_sha256[65];       /* of the wave's entries: kind, key, state, id */
	char devicemove_dir[4096];     /* where the device move writes its OCI-P files */
};

/* cutover_report.c */
int cutover_report_write(struct cutover_state *s, sqlite3 *db, struct bwm_error *err);

#endif
