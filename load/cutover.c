/*
 * cutover.c — `bwmigrate cutover`: one wave, unattended, in steps.
 *
 *   precheck → load → verify → devicemove (only when the plan has devices)
 *
 * Each step is the command of the same name run as a library call, with
 * its report in REPORT/STEP. Before and after a step its state is written
 * to the journal (its cutover steps: running, ok, failed), so
 * a cutover killed at any moment is resumed by running the same command:
 * finished steps are not run again, the interrupted one is (each step is
 * itself resumable: the load by its crash rule, verify by its pass), and a
 * failed one is tried again. A separate lock file (with a shared
 * PostgreSQL journal: the journal's lock on the wave) keeps two cutovers
 * off one wave; the steps take the journal's own lock one after another.
 * The records go through the journal's interface (journal_set_step), so
 * either backend keeps them.
 */
#include "load/cutover.h"
#include "load/devicemove.h"
#include "load/run.h"
#include "core/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const step_names[CUTOVER_STEPS] = {
	"precheck", "load", "verify", "devicemove"
};
static const int step_exit[CUTOVER_STEPS] = {
	CUTOVER_PRECHECK, CUTOVER_LOAD, CUTOVER_VERIFY, CUTOVER_DEVICEMOVE
};

const char *cutover_step_name(int k)
{
	return k >= 0 && k < CUTOVER_STEPS ? step_names[k] : NULL;
}

static void now_utc(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One cutover per wave at a time. A SQLite journal: an exclusive lock on
 * JOURNAL.cutover. A shared journal, which may have no file here: its own
 * lock on the wave, held by the handle the cutover keeps open. */
static int take_lock(struct cutover_state *s, int *fd, struct bwm_error *err)
{
	const char *journal = s->journal;
	if (journal_is_url(journal)) {
		int rc = journal_open(&s->held, journal, 0, JOURNAL_NO_WORKER, err);
		return rc == BWM_OK ? journal_lock_batch(&s->held, s->o->batch, err) : rc;
	}
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s.cutover", journal);
	mode_t old = umask(077);
	*fd = open(p.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	umask(old);
	int rc = BWM_OK;
	if (*fd < 0)
		rc = bwm_fail(err, BWM_EINPUT, "%s: cannot create the cutover lock: %s", p.buf,
			      strerror(errno));
	else if (flock(*fd, LOCK_EX | LOCK_NB) != 0)
		rc = bwm_fail(err, BWM_EUSAGE, "%s: another cutover of this journal is running; "
			      "wait for it to finish (or stop it) first", journal);
	strbuf_free(&p);
	return rc;
}

/* The journal for the cutover's own records: a shared one is held open
 * for the cutover's life; a SQLite one is opened for the moment, as the
 * steps take its lock one after another. */
static struct journal *records_open(struct cutover_state *s, struct journal *tmp,
				    struct bwm_error *err)
{
	if (journal_is_open(&s->held))
		return &s->held;
	return journal_open(tmp, s->journal, 0, JOURNAL_NO_WORKER, err) == BWM_OK ? tmp : NULL;
}

static void records_close(struct cutover_state *s, struct journal *j)
{
	if (j && j != &s->held)
		journal_close(j);
}

static int read_step(const struct journal_step *js, void *ctx)
{
	struct cutover_state *s = ctx;
	for (int k = 0; k < CUTOVER_STEPS; k++) {
		struct cutover_step_row *r = &s->steps[k];
		if (strcmp(step_names[k], js->step) != 0)
			continue;
		snprintf(r->status, sizeof r->status, "%s", js->status);
		r->exit = js->exit;
		r->runs = js->runs;
		r->seconds = js->seconds;
		snprintf(r->started, sizeof r->started, "%s", js->started ? js->started : "");
		snprintf(r->finished, sizeof r->finished, "%s", js->finished ? js->finished : "");
		snprintf(r->summary, sizeof r->summary, "%s", js->summary ? js->summary : "");
	}
	return 0;
}

static int read_steps(struct cutover_state *s, struct bwm_error *err)
{
	for (int k = 0; k < CUTOVER_STEPS; k++) {
		s->steps[k].name = step_names[k];
		snprintf(s->steps[k].status, sizeof s->steps[k].status, "never");
	}
	struct journal tmp, *j = records_open(s, &tmp, err);
	int rc = j ? journal_each_step(j, s->o->batch, read_step, s, err) : err->status;
	records_close(s, j);
	return rc;
}

static int write_step(struct cutover_state *s, const struct cutover_step_row *r,
		      struct bwm_error *err)
{
	struct journal_step js = {
		.batch = s->o->batch, .step = r->name, .status = r->status, .exit = r->exit,
		.runs = r->runs, .seconds = r->seconds, .started = r->started,
		.finished = r->finished, .summary = r->summary,
	};
	struct journal tmp, *j = records_open(s, &tmp, err);
	int rc = j ? journal_set_step(j, &js, err) : err->status;
	records_close(s, j);
	if (rc != BWM_OK)
		bwm_fail_prefix(err, "cutover step %s", r->name);
	return rc;
}

/* The options of one step: its report in REPORT/STEP. */
static void step_opts(const struct load_opts *o, int k, enum load_mode mode,
		      struct load_opts *so, struct strbuf *dir)
{
	*so = *o;
	so->mode = mode;
	so->report_dir = NULL;
	if (o->report_dir) {
		strbuf_addf(dir, "%s/%s", o->report_dir, step_names[k]);
		so->report_dir = dir->buf;
	}
}

static int run_precheck_or_load(const struct load_opts *o, int k, char *line, size_t n,
				struct bwm_error *err)
{
	struct load_opts so;
	struct strbuf dir = STRBUF_INIT;
	struct load_summary sum;
	memset(&sum, 0, sizeof sum);
	step_opts(o, k, k == 0 ? LOAD_PRECHECK : LOAD_LIVE, &so, &dir);
	int rc = load_run(&so, &sum, err);
	if (k == 0)
		snprintf(line, n, "%zu validated, %zu refused", sum.count[JS_DONE],
			 sum.count[JS_FAILED]);
	else
		snprintf(line, n, "%zu entries: %zu done, %zu failed, %zu skipped, %zu waiting; "
			 "%zu requests", sum.total, sum.count[JS_DONE], sum.count[JS_FAILED],
			 sum.count[JS_SKIPPED], sum.total - sum.count[JS_DONE] -
			 sum.count[JS_FAILED] - sum.count[JS_SKIPPED], sum.requests);
	strbuf_free(&dir);
	return rc;
}

static int run_verify(const struct load_opts *o, char *line, size_t n, struct bwm_error *err)
{
	struct load_opts so;
	struct strbuf dir = STRBUF_INIT;
	struct verify_summary vs;
	step_opts(o, 2, LOAD_LIVE, &so, &dir);
	int rc = load_verify(&so, 0, &vs, err);
	snprintf(line, n, "%zu match, %zu differ, %zu missing, %zu not verified, %zu extra",
		 vs.matched, vs.mismatched, vs.missing, vs.unreadable + vs.not_loaded, vs.extra);
	strbuf_free(&dir);
	return rc;
}

/* 1 when the wave holds device entries (then the device move runs; it
 * lists activation codes too). */
static int plan_has_devices(const char *plan, const char *batch, struct bwm_error *err,
			    int *rc)
{
	struct plan p;
	memset(&p, 0, sizeof p);
	*rc = plan_load(&p, plan, err);
	int has = 0;
	for (size_t i = 0; *rc == BWM_OK && i < p.n && !has; i++)
		has = strcmp(p.v[i].batch, batch) == 0 &&
		      (strncmp(p.v[i].kind, "device", 6) == 0 ||
		       strcmp(p.v[i].kind, "activation_code") == 0);
	plan_free(&p);
	return has;
}

/* The device move: OCI-P files in the wave's folder, never sent. Any
 * failure is the step's (exit 13): the load and verify are done, only
 * the BroadWorks side could not be prepared. */
static int run_devicemove(const struct cutover_state *s, char *line, size_t n,
			  struct bwm_error *err)
{
	const struct load_opts *o = s->o;
	struct devicemove_opts d = {
		.plan_path = o->plan_path, .journal_path = s->journal, .out_dir = s->devicemove_dir,
		.batch = o->batch, .map_path = o->devicemove_map, .extra_maps = o->devicemove_extra,
		.nextra_maps = o->ndevicemove_extra, .inventory_path = o->devicemove_inventory
	};
	struct devicemove_summary sum;
	int rc = d.map_path ? devicemove_run(&d, &sum, err)
			    : bwm_fail(err, BWM_EUSAGE, "no device move mapping given");
	struct strbuf sb = STRBUF_INIT;
	if (rc == BWM_OK || rc == BWM_EPARTIAL)
		strbuf_addf(&sb, "%zu of %zu devices written (%zu UC-One clients), %zu not done, "
			    "%zu refused, %zu activation codes; %zu requests in %s/apply.xml%s",
			    sum.written, sum.devices, sum.ucone, sum.not_done, sum.refused,
			    sum.activation, sum.apply_commands, s->devicemove_dir,
			    sum.apply_files > 1 ? " and its parts" : "");
	else
		strbuf_addstr(&sb, err->msg);
	snprintf(line, n, "%s", sb.buf);
	strbuf_free(&sb);
	if (rc != BWM_OK && rc != BWM_EPARTIAL) {
		bwm_fail_prefix(err, "devicemove");
		err->status = rc = BWM_EPARTIAL;
	}
	return rc;
}

static int run_step(const struct cutover_state *s, int k, char *line, size_t n, int *skipped,
		    struct bwm_error *err)
{
	const struct load_opts *o = s->o;
	*skipped = 0;
	if (k < 2)
		return run_precheck_or_load(o, k, line, n, err);
	if (k == 2)
		return run_verify(o, line, n, err);
	int rc;
	if (!plan_has_devices(o->plan_path, o->batch, err, &rc)) {
		*skipped = rc == BWM_OK;
		snprintf(line, n, rc == BWM_OK ? "no devices in the wave" : "%s", err->msg);
		return rc;
	}
	return run_devicemove(s, line, n, err);
}

/* The digest of the wave's final journal state and, with a report folder,
 * cutover.json and cutover.html. */
static int finish(struct cutover_state *s, struct bwm_error *err)
{
	struct bwm_error rerr = { 0, "" };
	int hrc = sha256_file(s->o->plan_path, s->plan_sha256, &rerr);
	struct journal tmp, *j = records_open(s, &tmp, &rerr);
	struct cutover_wave w;
	int rc = j ? cutover_wave_load(j, s->o->batch, &w, &rerr) : rerr.status;
	if (rc == BWM_OK) {
		cutover_wave_digest(&w, s->journal_sha256);
		if (hrc == BWM_OK && s->o->report_dir)
			rc = cutover_report_write(s, j, &w, &rerr);
		cutover_wave_free(&w);
	}
	records_close(s, j);
	if (rc != BWM_OK)
		bwm_fail(err, rerr.status, "%s", rerr.msg);
	return rc;
}

/* Run the steps from the first one not yet done; record each. */
static int run_steps(struct cutover_state *s, const char *until,
		     struct cutover_summary *cs, struct bwm_error *err)
{
	const struct load_opts *o = s->o;
	int rc = BWM_OK;
	for (int k = 0; k < CUTOVER_STEPS && rc == BWM_OK; k++) {
		struct cutover_step_row *r = &s->steps[k];
		if (strcmp(r->status, "ok") == 0 || strcmp(r->status, "skipped") == 0) {
			snprintf(cs->line[k], sizeof cs->line[k], "%s (done before): %s", r->status,
				 r->summary);
		} else {
			if (r->started[0] == '\0')
				now_utc(r->started);
			r->runs++;
			r->finished[0] = '\0';
			snprintf(r->status, sizeof r->status, "running");
			if ((rc = write_step(s, r, err)) != BWM_OK)
				break;
			double t0 = now_s();
			int skipped;
			rc = run_step(s, k, r->summary, sizeof r->summary, &skipped, err);
			r->seconds += now_s() - t0;
			now_utc(r->finished);
			r->exit = rc == BWM_OK ? 0 : rc == BWM_EPARTIAL ? step_exit[k] : rc;
			snprintf(r->status, sizeof r->status, "%s",
				 rc != BWM_OK ? "failed" : skipped ? "skipped" : "ok");
			snprintf(cs->line[k], sizeof cs->line[k], "%s: %s", r->status, r->summary);
			int wrc = write_step(s, r, err);
			if (rc != BWM_OK) {
				s->stopped_at = k;
				s->exit = r->exit;
			} else {
				rc = wrc;
			}
		}
		if (until && strcmp(until, step_names[k]) == 0)
			break;
		if (o->stop && *o->stop && rc == BWM_OK && k + 1 < CUTOVER_STEPS) {
			s->stopped_at = k + 1;
			s->exit = step_exit[k + 1];
			rc = bwm_fail(err, BWM_EPARTIAL, "cutover: stopped before %s; run the same "
				      "command again to continue", step_names[k + 1]);
		}
	}
	return rc;
}

int load_cutover(const struct load_opts *o, const char *until, struct cutover_summary *cs,
		 struct bwm_error *err)
{
	struct cutover_state s;
	memset(&s, 0, sizeof s);
	memset(cs, 0, sizeof *cs);
	cs->failed_step = -1;
	s.o = o;
	s.stopped_at = -1;
	s.report_dir = o->report_dir;
	struct strbuf jp = STRBUF_INIT;
	if (o->journal_path)
		strbuf_addstr(&jp, o->journal_path);
	else
		strbuf_addf(&jp, "%s.journal", o->plan_path);
	s.journal = jp.buf;
	int lock = -1, rc = BWM_OK;
	if (o->batch == NULL || *o->batch == '\0')
		rc = bwm_fail(err, BWM_EUSAGE, "cutover: name the wave with --batch");
	for (int k = 0; rc == BWM_OK && until && k <= CUTOVER_STEPS; k++)
		if (k == CUTOVER_STEPS)
			rc = bwm_fail(err, BWM_EUSAGE, "cutover: --until takes precheck, load, "
				      "verify or devicemove, not '%s'", until);
		else if (strcmp(until, step_names[k]) == 0)
			break;
	if (rc == BWM_OK && o->report_dir)
		rc = report_mkdir(o->report_dir, err);   /* the steps' folders go inside */
	if (rc == BWM_OK && o->report_dir)
		snprintf(s.devicemove_dir, sizeof s.devicemove_dir, "%s/devicemove", o->report_dir);
	else if (rc == BWM_OK)
		snprintf(s.devicemove_dir, sizeof s.devicemove_dir, "%s.%s.devicemove", jp.buf,
			 o->batch);
	if (rc == BWM_OK)
		rc = take_lock(&s, &lock, err);
	if (rc == BWM_OK)
		rc = read_steps(&s, err);
	if (rc == BWM_OK) {
		rc = run_steps(&s, until, cs, err);
		struct bwm_error ferr = { 0, "" };
		if (finish(&s, &ferr) != BWM_OK && rc == BWM_OK)
			rc = bwm_fail(err, ferr.status, "%s", ferr.msg);
	}
	cs->exit = rc == BWM_OK ? CUTOVER_OK : s.stopped_at >= 0 ? s.exit : rc;
	cs->failed_step = s.stopped_at;
	if (journal_is_open(&s.held))
		journal_close(&s.held);
	if (lock >= 0)
		close(lock);
	strbuf_free(&jp);
	return rc;
}
