/*
 * cutover.h — internal to load/: one wave, unattended, in steps.
 *
 *   cutover.c          the steps in order, their record in the journal,
 *                      resume after a kill, --until
 *   cutover_wave.c     the wave's entries as the journal holds them
 *   cutover_report.c   cutover.json (for the scheduler) and cutover.html
 *                      (one page for a project manager)
 */
#ifndef BWM_LOAD_CUTOVER_H
#define BWM_LOAD_CUTOVER_H

#include "load/journal.h"
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
	const char *journal;           /* path or URL */
	struct journal held;           /* a shared journal, open for the cutover's
					* life (it holds the wave's lock) */
	const char *report_dir;        /* the wave's folder, or NULL */
	struct cutover_step_row steps[CUTOVER_STEPS];
	int stopped_at;                /* index of the failed step, or -1 */
	int exit;                      /* CUTOVER_* */
	char plan_sha256[65];
	char journal_sha256[65];       /* of the wave's entries: kind, key, state, id */
	char devicemove_dir[4096];     /* where the device move writes its OCI-P files */
};

/* One entry of the wave (cutover_wave.c), owned strings ("" for none). */
struct cutover_entry {
	char *kind, *key, *remote_id, *error;
	int state;                 /* enum journal_state */
	double done_at;            /* seconds from the journal's first event to
				    * its first done, -1 if none (report) */
};

struct cutover_wave {
	struct cutover_entry *v;   /* sorted by kind, key */
	size_t n;
};

int cutover_wave_load(struct journal *j, const char *batch, struct cutover_wave *w,
		      struct bwm_error *err);
struct cutover_entry *cutover_wave_find(const struct cutover_wave *w, const char *kind,
					const char *key);
void cutover_wave_digest(const struct cutover_wave *w, char out[65]);
void cutover_wave_free(struct cutover_wave *w);

/* cutover_report.c: from the journal j, open, and the wave read from it. */
int cutover_report_write(struct cutover_state *s, struct journal *j,
			 struct cutover_wave *w, struct bwm_error *err);

#endif
