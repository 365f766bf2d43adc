/*
 * http.c — libcurl multi wrapper (see http.h).
 *
 * One easy handle per request; the multi handle keeps the connection pool,
 * so connections are reused across requests (keep-alive) and multiplexed
 * when HTTP/2 is negotiated.
 */
#include "load/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Plain http:// carries the bearer token in clear text; it is allowed only
 * to this machine (a sandbox rehearsal), never across a network. */
static int host_is_loopback(const char *host, size_t len)
{
	if (len == 9 && strncasecmp(host, "localhost", 9) == 0)
		return 1;
	if (len == 5 && strncmp(host, "[::1]", 5) == 0)
		return 1;
	if (len < 4 || strncmp(host, "127.", 4) != 0)
		return 0;
	for (size_t i = 4; i < len; i++)
		if (!isdigit((unsigned char)host[i]) && host[i] != '.')
			return 0;
	return 1;
}

int http_check_api(const char *api, struct bwm_error *err)
{
	if (strncasecmp(api, "https://", 8) == 0)
		return BWM_OK;
	if (strncasecmp(api, "http://", 7) != 0)
		return bwm_fail(err, BWM_EUSAGE, "--api %s: the URL must start with https://", api);
	const char *host = api + 7;
	size_t len = strcspn(host, "/");
	const char *colon = NULL;
	/* Strip a port (the last ':' after a bracketed IPv6 literal, if any). */
	const char *close = memchr(host, ']', len);
	colon = memchr(close ? close : host, ':', len - (size_t)((close ? close : host) - host));
	if (colon != NULL)
		len = (size_t)(colon - host);
	if (host_is_loopback(host, len))
		return BWM_OK;
	return bwm_fail(err, BWM_EUSAGE,
			"--api %s: refusing to send the API token over plain http to a host that is "
			"not this machine; use https:// (plain http is allowed only for loopback "
			"sandbox rehearsals)", api);
}

int http_client_init(struct http_client *c, const struct http_opts *o, const char *token,
		     struct bwm_error *err)
{
	memset(c, 0, sizeof *c);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return bwm_fail(err, BWM_EINTERNAL, "cannot initialise libcurl");
	c->opts = *o;
	c->multi = curl_multi_init();
	if (c->multi == NULL)
		return bwm_fail(err, BWM_EINTERNAL, "cannot initialise libcurl");
	curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	if (o->max_connections > 0)
		curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o->max_connections);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "Authorization: Bearer %s", token ? token : "");
	c->auth = strbuf_detach(&sb);
	return BWM_OK;
}

void http_client_free(struct http_client *c)
{
	struct http_request *r;
	while ((r = c->active) != NULL) {   /* abandoned transfers */
		c->active = r->next_active;
		curl_multi_remove_handle(c->multi, r->easy);
		http_request_free(r);
	}
	while ((r = http_next_done(c)) != NULL)
		http_request_free(r);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	secret_free(c->auth);
	curl_global_cleanup();
	memset(c, 0, sizeof *c);
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct http_request *r = ctx;
	if (size * n > HTTP_MAX_BODY - r->resp.len)
		return 0;   /* libcurl ends the transfer with CURLE_WRITE_ERROR */
	strbuf_add(&r->resp, data, size * n);
	return size * n;
}

/* Keep a header's value when its name matches. */
static void grab(char **slot, const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1, *end = line + len;
	while (v < end && isspace((unsigned char)*v))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	free(*slot);
	*slot = xstrndup(v, (size_t)(end - v));
}

char *http_link_next(const char *link)
{
	/* Link: <https://…?start=100>; rel="next", <…>; rel="prev" */
	for (const char *s = link; s && (s = strchr(s, '<')) != NULL; ) {
		const char *close = strchr(s, '>');
		if (close == NULL)
			return NULL;
		const char *end = strchr(close, ',');
		size_t n = end ? (size_t)(end - close) : strlen(close);
		char *params = xstrndup(close, n);
		int next = strstr(params, "rel=\"next\"") != NULL || strstr(params, "rel=next") != NULL;
		free(params);
		if (next)
			return xstrndup(s + 1, (size_t)(close - s - 1));
		s = close;
	}
	return NULL;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct http_request *r = ctx;
	grab(&r->location, data, size * n, "Location");
	grab(&r->retry_after, data, size * n, "Retry-After");
	grab(&r->link, data, size * n, "Link");
	return size * n;
}

struct http_request *http_start(struct http_client *c, const char *method, const char *url,
				const char *body, int tag, void *user)
{
	struct http_request *r = xcalloc(1, sizeof *r);
	strbuf_init(&r->resp);
	r->tag = tag;
	r->user = user;
	r->easy = curl_easy_init();
	if (r->easy == NULL)
		abort();
	r->headers = curl_slist_append(NULL, c->auth);
	r->headers = curl_slist_append(r->headers, "Accept: application/json");
	CURL *e = r->easy;
	if (body) {
		r->body = xstrdup(body);
		r->headers = curl_slist_append(r->headers, "Content-Type: application/json");
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
	}
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (body == NULL && strcmp(method, "DELETE") != 0)
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->opts.ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->opts.ca_file);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->opts.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "bwmigrate-load");
	curl_multi_add_handle(c->multi, e);
	c->running++;
	r->next_active = c->active;
	c->active = r;
	return r;
}

static void collect(struct http_client *c)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct http_request *r = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		r->result = m->data.result;
		if (r->result == CURLE_OK)
			curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
		curl_multi_remove_handle(c->multi, m->easy_handle);
		c->running--;
		for (struct http_request **pp = &c->active; *pp; pp = &(*pp)->next_active)
			if (*pp == r) {
				*pp = r->next_active;
				break;
			}
		r->next = c->done;
		c->done = r;
	}
}

void http_wait(struct http_client *c, int timeout_ms)
{
	int still;
	curl_multi_perform(c->multi, &still);
	collect(c);
	if (c->done != NULL)
		return;
	/* Unlike curl_multi_wait, curl_multi_poll also sleeps when nothing is
	 * in flight, so waiting for a backoff timer does not spin. */
	curl_multi_poll(c->multi, NULL, 0, timeout_ms, NULL);
	curl_multi_perform(c->multi, &still);
	collect(c);
}

struct http_request *http_next_done(struct http_client *c)
{
	struct http_request *r = c->done;
	if (r)
		c->done = r->next;
	return r;
}

void http_request_free(struct http_request *r)
{
	if (r == NULL)
		return;
	curl_easy_cleanup(r->easy);
	for (struct curl_slist *h = r->headers; h; h = h->next)
		secret_wipe(h->data);          /* one of them is the auth line */
	curl_slist_free_all(r->headers);
	free(r->body);
	free(r->location);
	free(r->retry_after);
	free(r->link);
	strbuf_free(&r->resp);
	free(r);
}

void http_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			strbuf_addch(sb, (char)ch);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[ch >> 4]);
			strbuf_addch(sb, hex[ch & 15]);
		}
	}
}
