/*
 * live_run.c — the live walk: -j sessions (threads), each with its own
 * connection and login, take requests from one shared stack (depth
 * first, so the queue stays small), ask them under the --rate cap, spool
 * the answers and push the requests that follow. A request asked before
 * (by key) is skipped; one whose answer is in the spool of an interrupted
 * run is answered from there without asking.
 *
 * Failures: a timeout or dropped connection is tried again on a new
 * connection, with backoff, up to max_attempts; an ErrorResponse that
 * says the session is gone logs in again; a refused login, a hostile
 * answer or an unwritable spool stops the walk (the spool stays, so the
 * next run resumes).
 */
#include "extract/live_int.h"
#include "extract/oci.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

struct run {
	const struct live_opts *o;
	const struct live_transport *t;
	struct live_walk_cfg cfg;
	struct live_spool *spool;
	pthread_mutex_t mu;            /* guards everything below but rate */
	pthread_cond_t cv;
	struct live_item **stack;
	size_t n, cap;
	size_t busy;                   /* requests being worked on */
	int failed;
	struct bwm_error err;
	struct live_keyset *asked;
	struct live_stats st;
	pthread_mutex_t rate_mu;
	int64_t next_us;               /* the earliest start of the next request */
};

struct session {
	struct run *r;
	struct live_conn *c;           /* NULL: not connected */
	int logged_in;
	char sid[33];
};

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_us(int64_t us)
{
	if (us <= 0)
		return;
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void push(void *ctx, struct live_item *it)
{
	struct run *r = ctx;
	pthread_mutex_lock(&r->mu);
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->stack = xrealloc(r->stack, r->cap * sizeof *r->stack);
	}
	r->stack[r->n++] = it;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void rate_wait(struct run *r)
{
	if (r->o->rate <= 0)
		return;
	int64_t gap = (int64_t)(1e6 / r->o->rate), now = now_us();
	pthread_mutex_lock(&r->rate_mu);
	int64_t start = r->next_us > now ? r->next_us : now;
	r->next_us = start + gap;
	pthread_mutex_unlock(&r->rate_mu);
	sleep_us(start - now);
}

static void new_session_id(char sid[33])
{
	unsigned char b[16] = { 0 };
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (unsigned char)(now_us() >> (i % 8));
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(sid + 2 * i, 3, "%02x", b[i]);
}

static void disconnect(struct session *s)
{
	s->r->t->close(s->c);
	s->c = NULL;
	s->logged_in = 0;
}

/* Connected and logged in, or why not (*fatal: a refused login). */
static int ready(struct session *s, int *fatal, struct bwm_error *err)
{
	struct run *r = s->r;
	*fatal = 0;
	if (s->c == NULL && r->t->open(r->o, &s->c, err) != BWM_OK)
		return BWM_EAPI;
	if (s->logged_in)
		return BWM_OK;
	new_session_id(s->sid);
	int rc = live_login(r->t, s->c, r->o, s->sid, fatal, err);
	if (rc == BWM_EINPUT)
		*fatal = 1;
	if (rc != BWM_OK)
		return rc;
	s->logged_in = 1;
	pthread_mutex_lock(&r->mu);
	r->st.logins++;
	pthread_mutex_unlock(&r->mu);
	return BWM_OK;
}

/* An ErrorResponse that means the session is gone, not the request. */
static int session_lost(xmlNodePtr cmd)
{
	const char *summary = oci_get(cmd, "summary");
	if (summary == NULL)
		return 0;
	for (const char *p = summary; *p; p++)
		if (strncasecmp(p, "session", 7) == 0 || strncasecmp(p, "not logged in", 13) == 0)
			return 1;
	return 0;
}

static int is_error_response(xmlNodePtr cmd)
{
	const char *type = oci_xsi_type(cmd);
	return type != NULL && strcmp(type, "ErrorResponse") == 0;
}

static void count(struct run *r, size_t *field)
{
	pthread_mutex_lock(&r->mu);
	(*field)++;
	pthread_mutex_unlock(&r->mu);
}

/* Ask it over the network: the parsed answer in *doc. */
static int ask(struct session *s, const struct live_item *it, xmlDocPtr *doc,
	       struct bwm_error *err)
{
	struct run *r = s->r;
	struct strbuf req = STRBUF_INIT, ans = STRBUF_INIT;
	int rc = BWM_EAPI, relogins = 0;
	for (unsigned attempt = 1; attempt <= r->o->max_attempts; attempt++) {
		if (attempt > 1) {
			count(r, &r->st.retries);
			int64_t back = 100000LL << (attempt - 2 < 5 ? attempt - 2 : 5);
			sleep_us(back);
		}
		int fatal = 0;
		rc = ready(s, &fatal, err);
		if (rc == BWM_OK) {
			rate_wait(r);
			live_item_request(it, s->sid, &req);
			rc = r->t->exchange(s->c, req.buf, req.len, &ans, err);
		}
		if (rc == BWM_OK)
			rc = live_parse(it->req->type, ans.buf, ans.len, doc, err);
		if (rc == BWM_OK) {
			xmlNodePtr cmd;
			if (live_commands(*doc, &cmd, 1) != 1) {
				rc = bwm_fail(err, BWM_EINPUT, "the answer to %s holds no OCI-P "
					      "command", it->req->type);
			} else if (is_error_response(cmd) && session_lost(cmd) && relogins++ < 2) {
				xmlFreeDoc(*doc);
				*doc = NULL;
				s->logged_in = 0;
				attempt--;      /* a new login, not a failed attempt */
				continue;
			}
		}
		if (rc == BWM_OK || rc == BWM_EINPUT || fatal)
			break;
		disconnect(s);          /* a timeout or drop: start afresh */
	}
	strbuf_free(&req);
	strbuf_free(&ans);
	if (rc == BWM_EAPI && s->c != NULL)
		disconnect(s);
	return rc;
}

static int process(struct session *s, struct live_item *it, struct bwm_error *err)
{
	struct run *r = s->r;
	struct strbuf neutral = STRBUF_INIT, key = STRBUF_INIT;
	live_item_request(it, "capture", &neutral);
	xmlDocPtr mine = NULL, doc = NULL;
	xmlNodePtr cmd;
	int rc = live_parse(it->req->type, neutral.buf, neutral.len, &mine, err);
	if (rc == BWM_OK && (live_commands(mine, &cmd, 1) != 1 || live_request_key(cmd, &key) != 0))
		rc = bwm_fail(err, BWM_EINTERNAL, "cannot key request %s", it->req->type);
	xmlFreeDoc(mine);
	int fresh = 0;
	if (rc == BWM_OK) {
		pthread_mutex_lock(&r->mu);
		fresh = live_keyset_add(r->asked, key.buf, NULL);
		pthread_mutex_unlock(&r->mu);
	}
	int optional_error = 0, from_spool = 0;
	if (rc == BWM_OK && fresh) {
		char *saved = live_spool_answer(r->spool, key.buf, &optional_error);
		if (saved != NULL) {
			from_spool = 1;
			rc = live_parse(it->path, saved, strlen(saved), &doc, err);
			free(saved);
			count(r, &r->st.from_spool);
		} else {
			rc = ask(s, it, &doc, err);
		}
	}
	if (rc == BWM_OK && fresh && live_commands(doc, &cmd, 1) == 1) {
		int is_error = is_error_response(cmd);
		if (!from_spool) {
			optional_error = is_error && it->req->optional;
			rc = live_spool_put(r->spool, it->path, neutral.buf, doc, optional_error, err);
			count(r, &r->st.asked);
			if (is_error)
				count(r, optional_error ? &r->st.not_applicable : &r->st.errors);
		}
		if (rc == BWM_OK)
			live_walk_children(&r->cfg, it, cmd, is_error, push, r);
	}
	xmlFreeDoc(doc);
	strbuf_free(&neutral);
	strbuf_free(&key);
	return rc;
}

static void *worker(void *arg)
{
	struct session s = { .r = arg };
	struct run *r = s.r;
	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (!r->failed && r->n == 0 && r->busy > 0)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->failed || r->n == 0) {
			pthread_cond_broadcast(&r->cv);
			pthread_mutex_unlock(&r->mu);
			break;
		}
		struct live_item *it = r->stack[--r->n];
		r->busy++;
		pthread_mutex_unlock(&r->mu);
		struct bwm_error err = { BWM_OK, "" };
		int rc = process(&s, it, &err);
		live_item_free(it);
		pthread_mutex_lock(&r->mu);
		r->busy--;
		if (rc != BWM_OK && !r->failed) {
			r->failed = 1;
			r->err = err;
		}
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	if (s.c != NULL)
		r->t->close(s.c);
	return NULL;
}

static const struct live_transport *transport_for(const char *url)
{
	if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0)
		return &live_soap;
	if (strncmp(url, "oci://", 6) == 0 || strncmp(url, "ocis://", 7) == 0)
		return &live_tcp;
	return NULL;
}

static void run_workers(struct run *r, unsigned jobs)
{
	pthread_t *th = xcalloc(jobs, sizeof *th);
	unsigned started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&th[started], NULL, worker, r) != 0)
			break;
	if (started == 0)
		worker(r);
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
}

int live_capture(const struct live_opts *opts, struct live_stats *st, struct bwm_error *err)
{
	memset(st, 0, sizeof *st);
	struct live_opts o = *opts;
	if (o.jobs == 0)
		o.jobs = 2;
	if (o.timeout_ms == 0)
		o.timeout_ms = 60000;
	if (o.max_attempts == 0)
		o.max_attempts = 8;
	struct run r = { .o = &o, .t = transport_for(o.url) };
	if (r.t == NULL)
		return bwm_fail(err, BWM_EUSAGE, "--oci '%s': use https://HOST/webservice/services/"
				"ProvisioningService (SOAP), oci://HOST:2208 (TCP) or "
				"ocis://HOST:PORT (TCP over TLS)", o.url);
	if (o.login == LIVE_LOGIN_PLAIN && strncmp(o.url, "https://", 8) != 0 &&
	    strncmp(o.url, "ocis://", 7) != 0)
		return bwm_fail(err, BWM_EUSAGE, "--oci-login plain sends the password itself: "
				"only over TLS (https:// or ocis://), not '%s'", o.url);
	int64_t t0 = now_us();
	size_t resumed = 0;
	int rc = live_spool_open(o.capture, &r.spool, &resumed, err);
	if (rc != BWM_OK)
		return rc;
	if (resumed > 0)
		bwm_info(o.log, "extract: resuming the capture: %zu answers in %s.partial",
			 resumed, o.capture);
	r.cfg = (struct live_walk_cfg){ o.enterprise, o.groups, o.n_groups };
	r.asked = live_keyset_new();
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	pthread_mutex_init(&r.rate_mu, NULL);
	live_walk_roots(&r.cfg, push, &r);
	run_workers(&r, o.jobs);
	if (r.failed)
		rc = bwm_fail(err, r.err.status, "%s", r.err.msg);
	else
		rc = live_spool_finish(r.spool, err);
	for (size_t i = 0; i < r.n; i++)
		live_item_free(r.stack[i]);
	free(r.stack);
	live_keyset_free(r.asked);
	live_spool_close(r.spool);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.rate_mu);
	*st = r.st;
	st->seconds = (double)(now_us() - t0) / 1e6;
	return rc;
}
