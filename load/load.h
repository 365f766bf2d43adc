/*
 * load.h — what the load stage offers: provisioning a plan (docs/plan-format.md)
 * through the Wholesale API, resumably, with a crash-safe journal.
 *
 *   plan.h       reading and indexing the plan, body hashes
 *   journal.h    the SQLite journal: entry states and the audit trail
 *   ratelimit.h  Retry-After, AIMD concurrency, backoff, client-side rate cap
 *   resolve.h    "$ref" placeholders → ids recorded in the journal
 *   devicemove.h the BroadWorks side of a device move: OCI-P apply and
 *                rollback files (bwmigrate devicemove, the cutover's last step)
 *
 * This header is the entry point cli/ uses: load_run() (live, --dry-run,
 * --precheck), load_status() and load_rollback(). The library never parses
 * argv and never prints to stdout; progress goes through a callback.
 */
#ifndef BWM_LOAD_H
#define BWM_LOAD_H

#include <signal.h>
#include <stddef.h>

#include "core/core.h"
#include "load/journal.h"
#include "load/plan.h"
#include "load/ratelimit.h"
#include "load/resolve.h"

enum load_mode {
	LOAD_LIVE = 0,      /* create the objects */
	LOAD_DRY_RUN,       /* no network: order, resolved requests, estimate */
	LOAD_PRECHECK       /* the validate endpoints only; nothing is created */
};

#define LOAD_DEFAULT_API "https://webexapis.com/v1"

/* A snapshot handed to the progress callback (cli/ draws it). */
struct load_progress {
	size_t total;       /* entries in scope */
	size_t finished;    /* done + failed + skipped */
	size_t failed;      /* failed + skipped */
	size_t requests;    /* HTTP requests sent so far */
	double elapsed_s;   /* since the run started */
	const char *wait_entry; /* "kind:key" of the entry with the longest wait, or NULL */
	const char *wait_why;   /* why it waits */
	double wait_s;          /* seconds left */
};

/* What one run does. Strings are borrowed from the caller. */
struct load_opts {
	enum load_mode mode;
	const char *plan_path;     /* the plan (required) */
	const char *journal_path;  /* NULL: plan_path + ".journal"; or a postgresql:// URL */
	const char *worker_id;     /* shared journal: this worker's id (NULL: host:pid:random) */
	int lease_s;               /* shared journal: claim lease in seconds (0: 30) */
	const char *credentials_path; /* SIP passwords made at send time (secret.c);
				       * NULL: the journal path + ".credentials" */
	const char *batch;         /* only this wave; NULL = all */
	const char *api;           /* base URL, NULL = LOAD_DEFAULT_API */
	const char *token;         /* bearer token; never logged or stored */
	const char *ca_file;       /* extra CA bundle for TLS verification */
	const char *report_dir;    /* NULL: no report files */
	int jobs;                  /* requests in flight at most (default 8) */
	double rate;               /* client-side cap in requests/s, 0 = none */
	int restart;               /* discard an existing journal */
	int retry_failed;          /* re-queue retryable failures */
	int max_attempts;          /* per entry before failed (default 6) */
	long connect_timeout_ms;   /* default 10 s */
	long timeout_ms;           /* whole request, default 60 s */
	long backoff_base_ms;      /* first retry delay (default 200 ms) */
	long poll_ms;              /* first customer poll delay (default 250 ms) */
	long find_timeout_ms;      /* how long a LOOKUP entry may take (default 120 s) */
	long max_wait_ms;          /* retry waits (Retry-After, backoff) per entry (default 600 s) */
	double estimate_rate;      /* --dry-run: requests/s for the estimate (default 10) */
	const char *devicemove_map;  /* cutover: mappings/devicemove.json (docs/devicemove.md) */
	const char *const *devicemove_extra; /* cutover: its -m files, in order */
	size_t ndevicemove_extra;
	const char *devicemove_inventory; /* cutover: NULL, or the inventory's UC-One clients */
	const struct bwm_log *log; /* not owned; may be NULL */
	volatile sig_atomic_t *stop; /* set by a signal handler: finish in-flight, then stop */
	void (*progress)(const struct load_progress *p, void *ctx);
	void *progress_ctx;
};

/* What a run found, for the exit status and the caller's summary line. */
struct load_summary {
	size_t total;                  /* entries in scope */
	size_t count[JS__COUNT];       /* by state, in scope, at the end */
	size_t requests;               /* HTTP requests sent */
	size_t findings;               /* plan entries changed since journaled, etc. */
	size_t precheck_failed;        /* --precheck: validations refused */
	double elapsed_s;
	double estimate_s;             /* --dry-run: at estimate_rate */
};

void load_opts_init(struct load_opts *o);

/* Run the plan in o->mode. Returns BWM_OK when every entry in scope is done
 * (or, for --precheck, validated), BWM_EPARTIAL when the run finished with
 * failed, skipped or still pending entries, BWM_EINPUT when the plan cannot
 * be read, BWM_EAPI when the API refused our credentials or could not be
 * reached (the journal is left consistent for a resume). */
int load_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);

/* Counts per state, kind and batch of a journal as JSON:
 * {"journal":..,"total":N,"states":{..},"kinds":{kind:{state:n}},"batches":{..}}.
 * The caller frees *out with cJSON_Delete. */
int load_status(const char *journal_path, cJSON **out, struct bwm_error *err);

/* Delete what the journal created by the delete paths it journaled, kind
 * by kind in reverse plan order (subscribers, numbers, locations, then
 * customers), journaling each as rolled_back. Uses api, token, ca_file, jobs, batch, journal_path, log,
 * report_dir of o (plan_path is not needed). */
int load_rollback(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);

/* What `verify` found (counts of entries in scope unless said otherwise). */
struct verify_summary {
	size_t total;           /* entries in scope */
	size_t matched;         /* read back as planned (this run or an earlier one) */
	size_t mismatched;      /* read back with fields that differ */
	size_t missing;         /* done in the journal, absent from the API */
	size_t unreadable;      /* could not be read back (no path, errors) */
	size_t actions;         /* actions that leave nothing to read (activation
				 * codes, applyChanges): listed, not a difference */
	size_t not_loaded;      /* in scope but not done in the journal (blocked excluded) */
	size_t blocked;         /* blocked by validation findings: never loaded */
	size_t skipped;         /* matched by an earlier run, not read again */
	size_t fields;          /* mismatching fields in all */
	size_t extra;           /* objects in the migrated org the plan did not create */
	size_t requests;        /* HTTP requests sent */
	double elapsed_s;
};

/* Read back every entry the journal says is done and compare it with the
 * plan (docs/verify.md); read-only towards the API, results kept in the
 * journal so a re-run skips what matched (again = 0). Uses the plan,
 * journal, batch, api, token, ca_file, jobs, rate, report_dir, log and
 * stop of o. BWM_OK when everything matches and nothing extra exists,
 * BWM_EPARTIAL otherwise, BWM_EAPI when the API refused us. */
int load_verify(const struct load_opts *o, int again, struct verify_summary *vs,
		struct bwm_error *err);

/* A cutover runs the steps of one wave in this order; a step that fails
 * stops it with its own exit status (stable: schedulers test them). */
#define CUTOVER_STEPS 4
enum cutover_exit {
	CUTOVER_OK = 0,
	CUTOVER_PRECHECK = 10,    /* the validate endpoints refused entries */
	CUTOVER_LOAD = 11,        /* the load ended with failed, skipped or waiting entries */
	CUTOVER_VERIFY = 12,      /* what the API holds differs from the plan */
	CUTOVER_DEVICEMOVE = 13   /* the BroadWorks-side device move files could not be made */
};

struct cutover_summary {
	int exit;                      /* enum cutover_exit, or a BWM_E* status */
	int failed_step;               /* index of the step that stopped it, -1 if none */
	char line[CUTOVER_STEPS][512]; /* per step: "ok: …", "failed: …", "skipped" … */
};

/* Name of step k (precheck, load, verify, devicemove), NULL past the end. */
const char *cutover_step_name(int k);

/* Run o->batch through precheck → load → verify → devicemove (only when the
 * plan has devices), recording each step in the journal so that a cutover
 * killed at any moment continues at the step it was in; until (a step name
 * or NULL) stops after that step. Each step writes its report under
 * o->report_dir/STEP, and cutover.json and cutover.html go in
 * o->report_dir. The device move writes its OCI-P files in
 * o->report_dir/devicemove (without a report folder: JOURNAL.WAVE.devicemove)
 * with the policy of o->devicemove_map and o->devicemove_extra; it never
 * sends them. BWM_OK when every step succeeded; BWM_EPARTIAL when one
 * failed (cs->exit says which); another status when a step could not run
 * at all (plan unreadable, API refused us, journal in use). */
int load_cutover(const struct load_opts *o, const char *until, struct cutover_summary *cs,
		 struct bwm_error *err);

/* The API token from token_file (if not NULL) or WEBEX_TOKEN, in locked
 * memory where the system allows it. Calls load_protect_memory() first (a
 * warning if that fails). Free with secret_free() (core/strbuf.h), which
 * wipes it. */
int load_token(const char *token_file, const struct bwm_log *log, char **out,
	       struct bwm_error *err);
/* No core dump of this process from now on (RLIMIT_CORE 0, soft and hard)
 * and not dumpable (prctl PR_SET_DUMPABLE 0): 0, or -1 with errno. */
int load_protect_memory(void);

#endif
