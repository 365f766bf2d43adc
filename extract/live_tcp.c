/*
 * live_tcp.c — OCI-P over its own TCP port (2208; TLS on 2209 or as the
 * server is set up): documents written back to back on one connection,
 * each answer read until its closing BroadsoftDocument tag. libcurl makes
 * the connection (CURLOPT_CONNECT_ONLY), so TLS and certificate checks
 * are libcurl's: oci://HOST:PORT is plain TCP, ocis://HOST:PORT is TLS.
 */
#include "extract/live_int.h"

#include <curl/curl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct live_conn {
	CURL *h;
	curl_socket_t fd;
	unsigned timeout_ms;
	struct strbuf in;          /* received, not yet handed out */
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int tcp_open(const struct live_opts *o, struct live_conn **out, struct bwm_error *err)
{
	int tls = strncmp(o->url, "ocis://", 7) == 0;
	const char *rest = o->url + (tls ? 7 : 6);
	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s://%s", tls ? "https" : "http", rest);
	struct live_conn *c = xcalloc(1, sizeof *c);
	strbuf_init(&c->in);
	c->timeout_ms = o->timeout_ms;
	c->h = curl_easy_init();
	curl_easy_setopt(c->h, CURLOPT_URL, url.buf);
	curl_easy_setopt(c->h, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, (long)(o->timeout_ms < 10000 ? o->timeout_ms : 10000));
	if (o->cacert != NULL)
		curl_easy_setopt(c->h, CURLOPT_CAINFO, o->cacert);
	CURLcode cc = curl_easy_perform(c->h);
	strbuf_free(&url);
	if (cc == CURLE_OK)
		cc = curl_easy_getinfo(c->h, CURLINFO_ACTIVESOCKET, &c->fd);
	if (cc != CURLE_OK) {
		int rc = bwm_fail(err, BWM_EAPI, "OCI-P over TCP: cannot connect to %s: %s", o->url,
				  curl_easy_strerror(cc));
		curl_easy_cleanup(c->h);
		strbuf_free(&c->in);
		free(c);
		return rc;
	}
	*out = c;
	return BWM_OK;
}

static int wait_fd(struct live_conn *c, short events, int64_t deadline, struct bwm_error *err)
{
	int64_t left = deadline - now_ms();
	struct pollfd p = { .fd = c->fd, .events = events };
	if (left <= 0 || poll(&p, 1, (int)left) <= 0)
		return bwm_fail(err, BWM_EAPI, "OCI-P over TCP: no answer within %u ms",
				c->timeout_ms);
	return BWM_OK;
}

static int send_all(struct live_conn *c, const char *p, size_t len, int64_t deadline,
		    struct bwm_error *err)
{
	while (len > 0) {
		size_t n = 0;
		CURLcode cc = curl_easy_send(c->h, p, len, &n);
		if (cc == CURLE_AGAIN) {
			if (wait_fd(c, POLLOUT, deadline, err) != BWM_OK)
				return BWM_EAPI;
			continue;
		}
		if (cc != CURLE_OK)
			return bwm_fail(err, BWM_EAPI, "OCI-P over TCP: send: %s", curl_easy_strerror(cc));
		p += n;
		len -= n;
	}
	return BWM_OK;
}

/* The end of the first whole document in buf ("</…BroadsoftDocument>"),
 * 0 if none yet. */
static size_t document_end(const char *buf, size_t len)
{
	static const char tag[] = "BroadsoftDocument>";
	size_t t = sizeof tag - 1;
	for (size_t i = 2; i + t <= len; i++) {
		if (buf[i] != 'B' || memcmp(buf + i, tag, t) != 0)
			continue;
		size_t j = i;
		while (j > 0 && buf[j - 1] != '<' && buf[j - 1] != '>' && buf[j - 1] != '/')
			j--;           /* a prefix such as "ns0:" */
		if (j >= 2 && buf[j - 1] == '/' && buf[j - 2] == '<')
			return i + t;
	}
	return 0;
}

static int tcp_exchange(struct live_conn *c, const char *doc, size_t len, struct strbuf *answer,
			struct bwm_error *err)
{
	int64_t deadline = now_ms() + c->timeout_ms;
	if (send_all(c, doc, len, deadline, err) != BWM_OK)
		return BWM_EAPI;
	size_t end;
	while ((end = document_end(c->in.buf ? c->in.buf : "", c->in.len)) == 0) {
		if (c->in.len > LIVE_MAX_DOC)
			return bwm_fail(err, BWM_EINPUT, "the server's answer is larger than %u bytes; "
					"refused", LIVE_MAX_DOC);
		char buf[65536];
		size_t n = 0;
		CURLcode cc = curl_easy_recv(c->h, buf, sizeof buf, &n);
		if (cc == CURLE_AGAIN) {
			if (wait_fd(c, POLLIN, deadline, err) != BWM_OK)
				return BWM_EAPI;
			continue;
		}
		if (cc != CURLE_OK || n == 0)
			return bwm_fail(err, BWM_EAPI, "OCI-P over TCP: the server closed the "
					"connection%s%s", cc != CURLE_OK ? ": " : "",
					cc != CURLE_OK ? curl_easy_strerror(cc) : "");
		strbuf_add(&c->in, buf, n);
	}
	strbuf_reset(answer);
	strbuf_add(answer, c->in.buf, end);
	/* Keep what follows (the next document), less the separating blanks. */
	size_t rest = end + strspn(c->in.buf + end, " \t\r\n");
	memmove(c->in.buf, c->in.buf + rest, c->in.len - rest);
	c->in.len -= rest;
	c->in.buf[c->in.len] = '\0';
	return BWM_OK;
}

static void tcp_close(struct live_conn *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->h);
	strbuf_free(&c->in);
	free(c);
}

const struct live_transport live_tcp = { "tcp", tcp_open, tcp_exchange, tcp_close };
