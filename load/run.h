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

/* Runtime state of one plan entry; index = plan index. */
struct run_entry {
	int state;          /* enum journal_state, mirrors the journal row */
	int attempts;       /* create requests sent (journaled) */
	int tries;          /* consecutive failed reads (lookup, poll, find) */
	int throttles;      /* 429s this run */
	int retryable;      /* of the last failure */
	int http_status;    /* last status seen */
	int step;           /* enum run_step */
	int in_scope;       /* belongs to the --batch being loaded */
	int unmet;          /* dependencies not yet done */
	int busy;           /* a request is in flight */
	int parked;         /* settled for this run without being done (rpl review) */
	int changed;        /* plan body differs from the journaled hash */
	int journaled;      /* the journal has a row for it */
	int pages;          /* list pages read by the current lookup */
	double due_ms;      /* not before this time (backoff, poll interval) */
	double first_ms;    /* when the current step started (find timeout) */
	double poll_ms;     /* next poll interval */
	char *remote_id;    /* owned */
	cJSON *fields;      /* owned object: orgId, location, note … */
	char *last_error;   /* owned */
	char hash[PLAN_HASH_LEN]; /* journaled hash */
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
	size_t *dep_start;          /* CSR: dependants of i are dep_list[dep_start[i] .. [i+1]) */
	size_t *dep_list;
	long *ready;                /* FIFO of entries to dispatch */
	size_t rhead, rtail, rcap;
	long *timers;               /* entries waiting for due_ms */
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
	unsigned *tl_ok, *tl_bad;   /* per 100 ms since t0: entries done / failed+skipped */
	size_t ntl;
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
const char *run_ref(const char *id, const char *field, void *ctx);
int run_loop(struct run *r, void (*dispatch)(struct run *r, size_t i),
	     void (*handle)(struct run *r, struct http_request *q));
void run_count_endpoint(struct run *r, const char *method, const char *path);
void run_progress(struct run *r, int force);
/* Fill r->sum with the counts of the entries in scope. */
void run_summarize(struct run *r);

int run_prepare(struct run *r, struct bwm_error *err);

/* request.c */
void request_dispatch(struct run *r, size_t i);
/* Start one request for entry i (rate-limited, counted per endpoint). */
void request_send(struct run *r, size_t i, const char *method, const char *url,
		  const cJSON *body, int tag, const char *endpoint);
/* The most list pages one lookup reads before it concludes "not there". */
#define REQUEST_MAX_PAGES 1000
/* Send the GET of the rel="next" page of list response q (same origin as
 * the API only); 0 when there is none. */
int request_next_page(struct run *r, size_t i, const struct http_request *q,
		      const char *endpoint);
/* 1 for a method whose request may be sent again without looking first
 * (PUT replaces a setting with the same value): never looked up. */
static inline int request_idempotent(const char *method)
{
	return method[0] == 'P' && method[1] == 'U' && method[2] == 'T' && method[3] == '\0';
}

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
/* Close a report file, turning a write error into BWM_EINTERNAL. */
int report_close(FILE *fp, const char *dir, const char *name, struct bwm_error *err);
/* One CSV field (quoted when needed), then ',' or, when last, '\n'. */
void report_csv_field(FILE *fp, const char *s, int last);
/* s with <, >, & and " escaped for HTML. */
void report_html_esc(FILE *fp, const char *s);

/* report_html.c */
/* Write the self-contained HTML page for runjson (what run.json holds). */
void report_html(struct run *r, FILE *fp, const cJSON *runjson);

/* dryrun.c, precheck.c */
int dryrun_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);
int precheck_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err);

#endif
