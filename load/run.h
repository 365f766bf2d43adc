/*
 * run.h — internal to load/: the state of one load run shared by the
 * executor (executor.c: scheduling, states), the request side (request.c:
 * building URLs and bodies; response.c: what a response means), the modes (dryrun.c,
 * precheck.c, rollback.c) and the report writer (report.c, report_html.c).
 */
#ifndef BWM_LOAD_RUN_H
#define BWM_LOAD_RUN_H

#include <cjson/cJSON.h>

#include "load/http.h"
#include "load/load.h"

/* What an entry does next when it is dispatched. */
enum run_step {
	STEP_SEND = 0,   /* the create request of the plan */
	STEP_LOOKUP,     /* find it by natural key first (crash rule, 409, lost reply) */
	STEP_POLL,       /* GET the asynchronous customer until it settles */
	STEP_FIND,       /* a LOOKUP entry: GET /locations?orgId=&name= */
	STEP_DELETE      /* rollback */
};

/* Purpose of a request (http_request.tag). */
enum run_tag { TAG_CREATE = 1, TAG_LOOKUP, TAG_POLL, TAG_FIND, TAG_VALIDATE, TAG_DELETE };

/* Runtime state of one plan entry; index = plan index. 48 bytes, so that a
 * plan of a million entries fits in memory with room to spare: small
 * counters, flags as bits; the strings exist only while they are needed
 * (fields only once something is recorded; remote_id and fields are
 * dropped when the entry is done and nothing depends on it, see run_done). */
struct run_entry {
	char *remote_id;    /* owned */
	cJSON *fields;      /* owned object (orgId, location, note …), NULL while empty */
	char *last_error;   /* owned */
	float first_ms;     /* when the current step started, ms after the run's t0 (find timeout) */
	float poll_ms;      /* next poll interval */
	float waited_ms;    /* retry waits in this run (--max-wait) */
	unsigned short attempts;  /* create requests sent (journaled) */
	unsigned short tries;     /* consecutive failed reads (lookup, poll, find) */
	unsigned short throttles; /* 429s this run */
	unsigned short unmet;     /* dependencies not yet done */
	unsigned state : 3;       /* enum journal_state, mirrors the journal row */
	unsigned step : 3;        /* enum run_step */
	unsigned retryable : 1;   /* of the last failure */
	unsigned in_scope : 1;    /* belongs to the --batch being loaded */
	unsigned busy : 1;        /* a request is in flight */
	unsigned parked : 1;      /* settled for this run without being done (rpl review) */
	unsigned changed : 1;     /* plan body differs from the journaled hash */
	unsigned journaled : 1;   /* the journal has a row for it */
	unsigned stale : 1;       /* the journal holds another hash than the plan's
				   * (kept there until the new body is sent) */
	unsigned http_status : 10;/* last status seen */
	unsigned pages : 9;       /* list pages read by the current lookup */
};

/* An entry waiting for its time (backoff, poll interval). */
struct run_timer {
	size_t i;
	double due_ms;
};

struct run {
	const struct load_opts *o;
	struct load_summary *sum;
	struct plan plan;
	struct journal j;           /* j.db == NULL in dry-run and precheck */
	struct http_client http;
	int http_ready;
	struct ratelimit rl;
	struct run_entry *e;        /* plan.n entries */
	uint32_t *dep_start;        /* CSR: dependants of i are dep_list[dep_start[i] .. [i+1]) */
	uint32_t *dep_list;
	long *ready;                /* FIFO of entries to dispatch */
	size_t rhead, rtail, rcap;
	struct run_timer *timers;   /* entries waiting for their time */
	size_t ntimers, tcap;
	size_t inflight;
	double t0_ms;
	char *api;                  /* base URL without trailing '/' */
	int fatal;                  /* stop dispatching: auth refused, journal error */
	struct bwm_error fatal_err;
	int ever_ok;                /* some HTTP response arrived */
	cJSON *findings;            /* array of {kind,key,message} */
	cJSON *notes;               /* array of {kind,key,message} warnings */
	cJSON *endpoints;           /* "METHOD /path" → request count */
	cJSON *precheck;            /* array of precheck failures */
	double last_progress_ms;
	const char *tracking;       /* TrackingID of the answer being handled, or NULL */
	long wait_i;                /* the entry with the longest pending wait, or -1 */
	const char *wait_why;       /* why it waits (static text) */
	char wait_id[256];          /* "kind:key" of wait_i, for the progress line */
	double wait_until_ms;       /* until when (run_now_ms clock) */
	unsigned *tl_ok, *tl_bad;   /* per 100 ms since t0: entries done / failed+skipped */
	size_t ntl;
	void *mode;                 /* what a mode keeps besides (precheck: MAC batches) */
	/* One worker among several on a shared journal (workers.c). */
	int workers;                /* claims, refreshes and heartbeats are on */
	unsigned char *wflags;      /* per entry, WF_* (outside run_entry, which
				     * must stay 48 bytes), NULL unless workers */
	int shared_rate;            /* --rate is one budget with the other workers */
	char *rate_origin;          /* scheme://host[:port] of the API, owned */
	int tokens;                 /* request slots taken from the shared bucket */
	double next_take_ms, next_beat_ms, next_refresh_ms, next_full_ms;
	long done_here;             /* entries this worker brought to done */
};

double run_now_ms(void);

/* executor.c */
/* An empty run for o: API base, rate limiter, report lists; no plan yet. */
void run_init(struct run *r, const struct load_opts *o, struct load_summary *sum);
/* run_init, then the plan of o (and, with_journal, its journal, locked). */
int run_open(struct run *r, const struct load_opts *o, struct load_summary *sum,
	     int with_journal, struct bwm_error *err);
void run_close(struct run *r);
int run_http(struct run *r, struct bwm_error *err);
/* Take the entry states of an existing journal without locking it. */
int run_read_journal(struct run *r, const char *path, struct bwm_error *err);
/* Move entry i to state `to`, journaling it (http status, message). */
int run_set(struct run *r, size_t i, int to, const char *msg);
void run_schedule(struct run *r, size_t i, double delay_ms);
void run_push_ready(struct run *r, size_t i);
void run_done(struct run *r, size_t i, const char *msg);
void run_fail(struct run *r, size_t i, int retryable, const char *msg);
void run_note(struct run *r, cJSON *list, size_t i, const char *msg);
/* Entry e's fields object, created when it has none yet. */
cJSON *run_fields(struct run_entry *e);
/* Record field name = value (nothing when value is NULL). */
void run_set_field(struct run_entry *e, const char *name, const char *value);
const char *run_ref(const char *id, const char *field, void *ctx);
int run_loop(struct run *r, void (*dispatch)(struct run *r, size_t i),
	     void (*handle)(struct run *r, struct http_request *q));
void run_count_endpoint(struct run *r, const char *method, const char *path);
void run_progress(struct run *r, int force);
/* Waits of this length or longer are logged (info) with their reason. */
#define RUN_WAIT_LOGGED_MS 5000.0
/* Schedule entry i again in ms, for why (a static text such as "throttled
 * (429 Retry-After)"): logged when long, shown by the progress line. When
 * the entry's waits in this run would pass --max-wait, it fails instead
 * (retryable, with the reason) and -1 is returned. */
int run_wait(struct run *r, size_t i, double ms, const char *why);
/* at_ms (run_now_ms clock) as ISO 8601 UTC, whole seconds. */
void run_iso_time(double at_ms, char out[32]);
/* A log line about entry i: the message in text; in JSON also the fields
 * kind, key, state, http_status and tracking_id (of the answer in hand). */
void run_log(struct run *r, size_t i, enum bwm_log_level level, const char *state,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Fill r->sum with the counts of the entries in scope. */
void run_summarize(struct run *r);

int run_prepare(struct run *r, struct bwm_error *err);

/* workers.c */
#define WF_CLAIMED 1u      /* this worker holds the entry's claim */
#define WF_ELSEWHERE 2u    /* another worker holds it */
/* Another worker took entry i over (our lease had passed): theirs now. */
void workers_lost(struct run *r, size_t i);
/* Turn on the worker side for a shared journal (after run_open). */
void workers_init(struct run *r);
/* 1 when entry i, at the head of the ready queue, is this worker's to
 * send (claimed now if need be); 0: drop it from the queue. */
int workers_may_dispatch(struct run *r, size_t i);
/* Heartbeat and refresh when due (full re-read only when idle); returns
 * ms until it wants to run again. */
double workers_tick(struct run *r, double now, int idle);
/* 1 while entries in scope are unfinished (other workers hold them). */
int workers_waiting(struct run *r);
/* 1 when a request slot of the shared rate is in hand; else *wait_ms. */
int workers_rate_ready(struct run *r, double now, double *wait_ms);

/* request.c */
void request_dispatch(struct run *r, size_t i);
/* Start one request for entry i (rate-limited, counted per endpoint). */
void request_send(struct run *r, size_t i, const char *method, const char *url,
		  const cJSON *body, int tag, const char *endpoint);
/* The most list pages one lookup reads before it concludes "not there". */
#define REQUEST_MAX_PAGES 500
/* Send the GET of the rel="next" page of list response q (same origin as
 * the API only); 0 when there is none. */
int request_next_page(struct run *r, size_t i, const struct http_request *q,
		      const char *endpoint);
/* 1 for an entry whose request may be sent again without looking first:
 * a PUT (it replaces a setting with the same value) or a POST the plan
 * marks "resend" (an action harmless to repeat, with no natural key, such
 * as an activation code or applyChanges). Never looked up. */
static inline int request_resends(const struct run *r, size_t i)
{
	return r->plan.v[i].resend;
}

/* secret.c */
/* When body holds {"$secret": "sip_password"}: make a password, append
 * "KIND:KEY<TAB>MAC<TAB>PASSWORD" to the credentials file (0600, fsync'ed)
 * and put the password in body. BWM_EINTERNAL when the file cannot be
 * written: then nothing may be sent. */
int secret_fill(struct run *r, size_t i, cJSON *body, struct bwm_error *err);
/* Wipe every "password" string under node (after the send). */
void secret_wipe_body(cJSON *node);
/* The credentials file of o (malloc'ed). */
char *secret_credentials_path(const struct load_opts *o);
/* 1 when pw follows the SIP password rules; a fresh password in out. */
int secret_password_ok(const char *pw);
int secret_password(char out[17], struct bwm_error *err);

/* response.c: 1 when a and b are the same MAC address: the same 12 hex
 * digits, whatever the case and separators ("0004F2AA0001" is how a plan
 * writes it, "00:04:F2:AA:00:01" how the Device API shows it). */
int response_same_mac(const char *a, const char *b);

/* delete.c */
/* Journal in i's fields how to delete what it created (its plan "delete"
 * resolved), before i is marked done. */
void delete_record(struct run *r, size_t i);

/* response.c */
void response_handle(struct run *r, struct http_request *q);
/* 1 when the API refused our credentials (401, 403) or its TLS
 * certificate could not be verified: the run stops with exit 4. */
int response_refused(const struct http_request *q);
/* 1 when no connection could be made at all (connect, name resolution). */
int response_unreachable(const struct http_request *q);
/* 1 when the same request may succeed later: no response, 429, 423, 5xx. */
int response_transient(const struct http_request *q);
/* For precheck and rollback, whose requests change nothing when repeated:
 * schedule entry i again after a backoff (Retry-After on 429) and return 1,
 * or return 0 when it has had o->max_attempts tries. */
int response_retry_later(struct run *r, size_t i, const struct http_request *q);
/* API error text of a response ("400: description (errorCode 1234)"). */
char *request_error_text(const struct http_request *q);
/* Build api + path with {name} filled from params and the rest as query. */
char *request_url(struct run *r, const char *path, const cJSON *params);

/* report.c */
int report_write(struct run *r, const char *mode, struct bwm_error *err);
/* The report folder (0700, may exist) and one private file (0600) in it. */
int report_mkdir(const char *dir, struct bwm_error *err);
FILE *report_open(const char *dir, const char *name, struct bwm_error *err);
/* DIR/NAME (0600) holding j, indented, and a newline. */
int report_write_json(const char *dir, const char *name, const cJSON *j, struct bwm_error *err);
/* Close a report file, turning a write error into BWM_EINTERNAL. */
int report_close(FILE *fp, const char *dir, const char *name, struct bwm_error *err);
/* One CSV field (quoted when needed), then ',' or, when last, '\n'. */
void report_csv_field(FILE *fp, const char *s, int last);
/* s with <, >, & and " escaped for HTML. */
void report_html_esc(FILE *fp, const char *s);

/* report_recorded.c */
/* Add "recorded" and "activation_codes" (per customer) to runjson from
 * the journal's fields.recorded; nothing without a journal. */
void report_recorded(struct run *r, cJSON *runjson);
/* The activation codes of runjson as an HTML table (nothing when none). */
void report_html_codes(FILE *fp, const cJSON *runjson);

/* report_next.c */
/* When entries in scope are not done: what to do (*why, ending in "with")
 * and the command that helps (*cmd: --retry-failed when entries failed);
 * returns 1, or 0 when everything is done. */
int report_next_step(const struct run *r, struct strbuf *why, struct strbuf *cmd);

/* report_html.c */
/* Write the self-contained HTML page for runjson (what run.json holds). */
void report_html(struct run *r, FILE *fp, const cJSON *runjson);

/* precheck_macs.c: the MACs of device entries through validateMacs, in
 * batches; the first device of a batch (its leader) sends the request. */
int precheck_macs_wanted(const struct run *r, size_t i);
void precheck_macs_init(struct run *r);
void precheck_macs_free(struct run *r);
int precheck_macs_leader(const struct run *r, size_t i);
void precheck_macs_dispatch(struct run *r, size_t i);
/* Settle the batch led by i from the answer b, or (b NULL) fail it with text. */
void precheck_macs_settle(struct run *r, size_t i, long http, const cJSON *b,
			  const char *text);

/* dryrun.c, precheck.c */
int dryrun_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);
int precheck_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);

#endif
