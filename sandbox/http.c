/*
 * http.c — the libmicrohttpd glue: collect the body, then for /v1 paths
 * apply latency, auth, the rate limit and the seeded faults, run the
 * handler under the sandbox lock and send what it decided.
 *
 * POST /webservice/services/ProvisioningService goes to the OCI-P
 * responder (oci_soap.c) when the sandbox has one.
 *
 * The daemon runs one thread per connection (plus MHD's listening thread),
 * so latency and slow bodies are plain sleeps that hold up only their own
 * client, and many keep-alive clients can be connected at once.
 */
#include "sandbox/sbx.h"
#include "sandbox/oci.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SBX_MAX_BODY (4u * 1024u * 1024u)

/* Per-request state kept by MHD between calls (its con_cls). */
struct sbx_conn {
	struct strbuf body;       /* the upload so far */
	int too_big;              /* the upload passed SBX_MAX_BODY */
};

/* A body dribbled out in small pieces (the "slow" fault). */
struct sbx_slow {
	char *data;               /* owned copy of the body */
	size_t len;
	size_t chunk;             /* bytes per piece */
	unsigned pause_ms;        /* sleep before each piece */
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	struct sbx_req *rq = cls;
	rq->query = xrealloc(rq->query, (rq->nquery + 1) * sizeof *rq->query);
	rq->query[rq->nquery].key = xstrdup(key);
	rq->query[rq->nquery].value = xstrdup(value ? value : "");
	rq->nquery++;
	return MHD_YES;
}

/* Location and Link use the host the client dialled, when it is sane. */
static char *base_url(struct sandbox *sb, struct MHD_Connection *conn)
{
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	char buf[300];
	if (host != NULL && *host != '\0' && strlen(host) < 256 &&
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
	    == strlen(host))
		snprintf(buf, sizeof buf, "%s://%s", sandbox_scheme(sb), host);
	else
		snprintf(buf, sizeof buf, "%s://%s:%u", sandbox_scheme(sb), sb->bind_addr,
			 sb->port);
	return xstrdup(buf);
}

/* Constant-time comparison: the token must not leak through timing. */
static int token_ok(const struct sandbox *sb, struct MHD_Connection *conn)
{
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		return 0;
	const char *given = auth + 7;
	size_t a = strlen(given), b = strlen(sb->token);
	unsigned char diff = (unsigned char)(a != b);
	for (size_t i = 0; i < a && i < b; i++)
		diff |= (unsigned char)(given[i] ^ sb->token[i]);
	return diff == 0;
}

static int body_parse(struct MHD_Connection *conn, struct sbx_conn *c, struct sbx_req *rq,
		      struct sbx_resp *rs)
{
	if (c->too_big) {
		sbx_reply_error(rs, 413, SBX_E_BODY, "The request body is larger than %u bytes.",
				SBX_MAX_BODY);
		return -1;
	}
	if (c->body.len == 0)
		return 0;
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (ct == NULL || strstr(ct, "json") == NULL) {
		sbx_reply_error(rs, 415, SBX_E_MEDIA, "Send the body as JSON with "
				"'Content-Type: application/json' (got '%s').", ct ? ct : "none");
		return -1;
	}
	/* The parse end, not cJSON_GetErrorPtr(): that one is a process global. */
	const char *end = NULL;
	rq->body = cJSON_ParseWithLengthOpts(c->body.buf, c->body.len, &end, 0);
	if (rq->body == NULL) {
		sbx_reply_error(rs, 400, SBX_E_BODY, "The request body is not valid JSON "
				"(error near byte %ld).", (long)(end ? end - c->body.buf : 0));
		return -1;
	}
	return 0;
}

static void retry_after(struct sbx_resp *rs, const struct sbx_fault *f, uint64_t n,
			int64_t now_ms)
{
	char buf[48];
	if (f->retry_form == 1)
		sbx_http_date(now_ms + 2000, buf);
	else if (f->retry_form == 2)
		snprintf(buf, sizeof buf, "%s", n % 2 ? "soon" : "1.5");
	else
		snprintf(buf, sizeof buf, "1");
	rs->retry_after = xstrdup(buf);
}

/* Faults decided before the handler runs; 1 if the request stops here. */
static int fault_before(const struct sbx_fault *f, uint64_t n, int64_t now_ms,
			struct sbx_resp *rs)
{
	switch (f->kind) {
	case SBX_F_429:
		sbx_reply_error(rs, 429, SBX_E_THROTTLED, "Too many requests; retry later.");
		retry_after(rs, f, n, now_ms);
		return 1;
	case SBX_F_423:
		sbx_reply_error(rs, 423, SBX_E_LOCKED, "The resource is temporarily locked; "
				"retry later.");
		rs->retry_after = xstrdup("1");
		return 1;
	case SBX_F_5XX:
		sbx_reply_error(rs, f->status, SBX_E_SERVER, "Injected server error %d; nothing "
				"was done.", f->status);
		if (f->status == 503)  /* "overloaded, try later" often says when */
			rs->retry_after = xstrdup("1");
		return 1;
	case SBX_F_RESET:
		return 1;
	default:
		return 0;
	}
}

static ssize_t slow_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sbx_slow *s = cls;
	if (pos >= s->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	sleep_ms(s->pause_ms);
	size_t n = s->len - (size_t)pos;
	if (n > s->chunk)
		n = s->chunk;
	if (n > max)
		n = max;
	memcpy(buf, s->data + pos, n);
	return (ssize_t)n;
}

static void slow_free(void *cls)
{
	struct sbx_slow *s = cls;
	free(s->data);
	free(s);
}

static struct MHD_Response *make_response(const struct sbx_resp *rs, int slow)
{
	char *text = rs->json ? cJSON_PrintUnformatted(rs->json) : NULL;
	size_t len = text ? strlen(text) : 0;
	struct MHD_Response *r;
	if (slow && len > 0) {
		struct sbx_slow *s = xcalloc(1, sizeof *s);
		s->data = xstrndup(text, len);
		s->len = len;
		s->chunk = len / 10 + 1;
		s->pause_ms = 100;
		r = MHD_create_response_from_callback(len, 64, slow_read, s, slow_free);
	} else {
		r = MHD_create_response_from_buffer(len, text ? text : (char *)"",
						    MHD_RESPMEM_MUST_COPY);
	}
	cJSON_free(text);
	if (r == NULL)
		return NULL;
	if (len > 0)
		MHD_add_response_header(r, "Content-Type", "application/json");
	if (rs->location)
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->link)
		MHD_add_response_header(r, "Link", rs->link);
	if (rs->retry_after)
		MHD_add_response_header(r, "Retry-After", rs->retry_after);
	if (rs->allow)
		MHD_add_response_header(r, "Allow", rs->allow);
	return r;
}

/* Run the handler (or the route's 404/405) with the store locked. */
static void run_locked(struct sandbox *sb, sbx_handler *h, struct sbx_req *rq,
		       struct sbx_resp *rs, int api)
{
	pthread_mutex_lock(&sb->lock);
	if (h != NULL) {
		if (api || h == sbx_inspect_state)
			sbx_provision_settle(sb, rq->now_ms);
		h(sb, rq, rs);
		if (rs->status == 0)
			sbx_reply_error(rs, 500, SBX_E_SERVER, "The sandbox failed to answer.");
	}
	pthread_mutex_unlock(&sb->lock);
}

static void count(struct sandbox *sb, const struct sbx_req *rq, const char *tmpl, int status,
		  enum sbx_fault_kind fault, int throttled)
{
	pthread_mutex_lock(&sb->lock);
	if (strncmp(tmpl, "/_sandbox", 9) != 0)
		sbx_stat_request(sb, rq->method, tmpl, status);
	if (fault != SBX_F_NONE)
		sb->nfault[fault]++;
	if (throttled)
		sb->nthrottled++;
	pthread_mutex_unlock(&sb->lock);
	bwm_debug(sb->cfg.log, "sandbox: %s %s -> %d%s%s", rq->method, rq->path, status,
		  fault != SBX_F_NONE ? " fault " : "", fault != SBX_F_NONE ? sbx_fault_name(fault) : "");
}

/* What stands in front of every /v1 handler: latency, the token, the rate
 * limit and the faults decided before the work. Returns 1 when the answer
 * is already decided (in rs, or a reset). */
static int gate(struct sandbox *sb, struct MHD_Connection *conn, struct sbx_resp *rs,
		struct sbx_fault *f, int *throttled)
{
	uint64_t n = atomic_fetch_add(&sb->nreq, 1);
	int64_t sec = (sbx_now_ms() - (int64_t)atomic_load(&sb->start_ms)) / 1000;
	if (sec >= 0 && sec < SBX_SECONDS)
		atomic_fetch_add(&sb->per_second[sec], 1);
	sbx_fault_pick(&sb->cfg.faults, sb->cfg.latency_ms, sb->cfg.seed, n, f);
	if (f->latency_ms)
		sleep_ms(f->latency_ms);
	int64_t now = sbx_now_ms();
	int wait;
	if (!token_ok(sb, conn)) {
		f->kind = SBX_F_NONE;
		sbx_reply_error(rs, 401, SBX_E_AUTH, "The request requires a valid access token "
				"set in the Authorization header (Bearer).");
		return 1;
	}
	if ((wait = sbx_bucket_take(&sb->bucket, now)) > 0) {
		f->kind = SBX_F_NONE;
		*throttled = 1;
		sbx_reply_error(rs, 429, SBX_E_THROTTLED, "Rate limit of %.0f requests/s exceeded; "
				"retry after %d s.", sb->cfg.rate, wait);
		char buf[16];
		snprintf(buf, sizeof buf, "%d", wait);
		rs->retry_after = xstrdup(buf);
		return 1;
	}
	return fault_before(f, n, now, rs);
}

/* Send rs (or drop the connection for reset / a dropped lost answer). */
static enum MHD_Result send_reply(struct sandbox *sb, struct MHD_Connection *conn,
				  const struct sbx_req *rq, struct sbx_resp *rs, const char *tmpl,
				  const struct sbx_fault *f, int throttled)
{
	int drop = f->kind == SBX_F_RESET || f->kind == SBX_F_DROP ||
		   (f->kind == SBX_F_LOST && f->drop);
	if (f->kind == SBX_F_LOST && !f->drop)
		sbx_reply_error(rs, f->status, SBX_E_SERVER, "Injected server error %d after the "
				"request was carried out.", f->status);
	count(sb, rq, tmpl, drop ? 0 : rs->status, f->kind, throttled);
	if (drop)
		return MHD_NO;
	struct MHD_Response *r = make_response(rs, f->kind == SBX_F_SLOW);
	if (r == NULL)
		return MHD_NO;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result serve(struct sandbox *sb, struct MHD_Connection *conn, const char *url,
			     const char *method, struct sbx_conn *c)
{
	if (sb->oci != NULL && strcmp(url, SBX_OCI_SOAP_PATH) == 0)
		return (enum MHD_Result)sbx_oci_soap(sb, conn, method, c->body.buf, c->body.len);
	if (sb->oci != NULL && strcmp(url, "/_sandbox/oci") == 0)
		return (enum MHD_Result)sbx_oci_counts_reply(sb, conn);
	struct sbx_req rq = { 0 };
	struct sbx_resp rs = { 0 }, route_rs = { 0 };
	struct sbx_fault f = { 0 };
	int throttled = 0, api = strncmp(url, "/v1/", 4) == 0;
	rq.method = method;
	rq.path = url;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &rq);
	rq.base_url = base_url(sb, conn);

	const char *tmpl;
	sbx_handler *h = sbx_route(&rq, &route_rs, &tmpl);
	int stop = api && gate(sb, conn, &rs, &f, &throttled);
	rq.now_ms = sbx_now_ms();
	if (!stop && h == NULL) {      /* the route's 404 or 405 */
		rs = route_rs;
		memset(&route_rs, 0, sizeof route_rs);
		stop = 1;
	}
	if (!stop && body_parse(conn, c, &rq, &rs) == 0)
		run_locked(sb, h, &rq, &rs, api);
	enum MHD_Result ret = send_reply(sb, conn, &rq, &rs, tmpl, &f, throttled);
	sbx_resp_free(&route_rs);
	sbx_resp_free(&rs);
	sbx_req_free(&rq);
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version,
				 const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct sbx_conn *c = *con_cls;
	if (c == NULL) {
		c = xcalloc(1, sizeof *c);
		strbuf_init(&c->body);
		*con_cls = c;
		atomic_fetch_add(&((struct sandbox *)cls)->inflight, 1);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (c->body.len + *upload_size > SBX_MAX_BODY)
			c->too_big = 1;
		else
			strbuf_add(&c->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return serve(cls, conn, url, method, c);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode code)
{
	(void)conn;
	(void)code;
	struct sbx_conn *c = *con_cls;
	if (c != NULL) {
		strbuf_free(&c->body);
		free(c);
		atomic_fetch_sub(&((struct sandbox *)cls)->inflight, 1);
	}
	*con_cls = NULL;
}

int sbx_http_start(struct sandbox *sb, struct bwm_error *err)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)sb->cfg.port);
	if (inet_pton(AF_INET, sb->bind_addr, &addr.sin_addr) != 1)
		return bwm_fail(err, BWM_EUSAGE, "--bind: '%s' is not an IPv4 address "
				"(e.g. 127.0.0.1)", sb->bind_addr);
	/* MHD_USE_ITC lets sbx_http_stop quiesce the daemon (stop accepting)
	 * while the requests in flight finish. */
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_POLL | MHD_USE_ITC;
	/* HTTPS when tls.c loaded a certificate; otherwise the array is empty. */
	struct MHD_OptionItem tls[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, sb->tls_cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, sb->tls_key },
		{ MHD_OPTION_END, 0, NULL },
	};
	if (sb->tls_cert != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return bwm_fail(err, BWM_EUSAGE, "--tls-cert: this libmicrohttpd has no "
					"TLS support; install one built with GnuTLS");
		flags |= MHD_USE_TLS;
	}
	sb->daemon = MHD_start_daemon(flags, (uint16_t)sb->cfg.port, NULL, NULL, on_access, sb,
				      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				      MHD_OPTION_NOTIFY_COMPLETED, on_done, sb,
				      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
				      MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				      MHD_OPTION_ARRAY, sb->tls_cert != NULL ? tls : tls + 2,
				      MHD_OPTION_END);
	if (sb->daemon == NULL && sb->tls_cert != NULL)
		return bwm_fail(err, BWM_EINPUT, "cannot serve HTTPS on %s:%u: the certificate "
				"or key was refused (do they match? is the key unencrypted PEM?) "
				"or the port is in use", sb->bind_addr, sb->cfg.port);
	if (sb->daemon == NULL)
		return bwm_fail(err, BWM_EAPI, "cannot listen on %s:%u; is the port in use? "
				"Try --port 0", sb->bind_addr, sb->cfg.port);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(sb->daemon,
							       MHD_DAEMON_INFO_BIND_PORT);
	sb->port = info ? info->port : sb->cfg.port;
	return BWM_OK;
}

/* Stop accepting, give the requests in flight up to SBX_DRAIN_MS to be
 * answered (a slow body takes about a second), then stop. Idle keep-alive
 * connections are not waited for. */
#define SBX_DRAIN_MS 5000

void sbx_http_stop(struct sandbox *sb)
{
	if (sb->daemon == NULL)
		return;
	MHD_socket listen_fd = MHD_quiesce_daemon(sb->daemon);
	for (int waited = 0; atomic_load(&sb->inflight) > 0 && waited < SBX_DRAIN_MS; waited += 10)
		sleep_ms(10);
	MHD_stop_daemon(sb->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	sb->daemon = NULL;
}
