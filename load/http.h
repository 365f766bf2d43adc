/*
 * http.h — the HTTP client of the load: libcurl multi, many requests in
 * flight over kept-alive connections (HTTP/2 multiplexed where the server
 * offers it), TLS verification always on.
 *
 * The bearer token lives only inside struct http_client (one header line,
 * wiped on free); it is never logged (curl verbose stays off) and never
 * handed back to the caller.
 */
#ifndef BWM_LOAD_HTTP_H
#define BWM_LOAD_HTTP_H

#include <curl/curl.h>

#include "core/error.h"
#include "core/strbuf.h"

/* The largest answer kept: no Wholesale or Webex answer comes near it, and
 * a server sending more (broken, or hostile) must not grow the load's
 * memory without bound. A larger one ends with CURLE_WRITE_ERROR. */
#define HTTP_MAX_BODY ((size_t)16 << 20)

struct http_opts {
	const char *ca_file;       /* extra CA bundle, NULL = system store */
	long connect_timeout_ms;
	long timeout_ms;
	int max_connections;       /* per host */
};

/* One request and, once finished, its response. Owned by the caller after
 * http_next_done() returns it; free with http_request_free(). */
struct http_request {
	CURL *easy;
	struct curl_slist *headers;  /* shared auth line + content type; owned */
	char *body;                  /* request body, owned, may be NULL */
	void *user;                  /* caller's tag */
	int tag;                     /* caller's purpose code */
	long status;                 /* HTTP status, 0 when no response */
	CURLcode result;             /* CURLE_OK when a response arrived */
	char *location;              /* Location header, owned, or NULL */
	char *retry_after;           /* Retry-After header, owned, or NULL */
	char *link;                  /* Link header (list paging), owned, or NULL */
	struct strbuf resp;          /* response body */
	char errbuf[CURL_ERROR_SIZE];
	struct http_request *next;   /* finished list link */
	struct http_request *next_active; /* in-flight list link */
};

struct http_client {
	CURLM *multi;
	char *auth;                  /* "Authorization: Bearer …", wiped on free */
	struct http_opts opts;
	int running;                 /* transfers in flight */
	struct http_request *done;   /* finished, not yet collected (LIFO) */
	struct http_request *active; /* in flight, owned by the client until done */
};

/* BWM_OK for https:// URLs and for http:// to a loopback host (127.x,
 * localhost, [::1]); BWM_EUSAGE otherwise, so that the token never crosses
 * a network in clear text. */
int http_check_api(const char *api, struct bwm_error *err);

int http_client_init(struct http_client *c, const struct http_opts *o, const char *token,
		     struct bwm_error *err);
void http_client_free(struct http_client *c);

/* Start method url with an optional JSON body (copied). */
struct http_request *http_start(struct http_client *c, const char *method, const char *url,
				const char *body, int tag, void *user);

/* Drive transfers for up to timeout_ms (returns early when one finishes). */
void http_wait(struct http_client *c, int timeout_ms);
/* A finished request, or NULL. */
struct http_request *http_next_done(struct http_client *c);
void http_request_free(struct http_request *r);

/* The URL of rel="next" in a Link header value (owned), or NULL. */
char *http_link_next(const char *link);

/* URL-escape s into sb (for path segments and query values). */
void http_escape(struct strbuf *sb, const char *s);

#endif
