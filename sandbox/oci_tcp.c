/*
 * oci_tcp.c — OCI-P over TCP (what an Application Server offers on port
 * 2208): an accept thread and one detached thread per connection, each
 * reading documents back to back (up to the closing BroadsoftDocument
 * tag) and writing each answer followed by a newline. Plain TCP only: a
 * TLS rehearsal uses the SOAP listener with --tls-cert. The sandbox's
 * faults apply per document: reset, drop, lost, 5xx, 429 and 423 close
 * the connection (the session with it), slow answers after a second.
 */
#include "sandbox/sbx.h"
#include "sandbox/oci.h"
#include "extract/live.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn_arg {
	struct sbx_oci *o;
	int fd;
};

static size_t doc_end(const char *buf, size_t len)
{
	static const char tag[] = "BroadsoftDocument>";
	for (size_t i = 2; i + sizeof tag - 1 <= len; i++)
		if (buf[i] == 'B' && memcmp(buf + i, tag, sizeof tag - 1) == 0) {
			size_t j = i;
			while (j > 0 && buf[j - 1] != '<' && buf[j - 1] != '>' && buf[j - 1] != '/')
				j--;
			if (j >= 2 && buf[j - 1] == '/' && buf[j - 2] == '<')
				return i + sizeof tag - 1;
		}
	return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* One document answered; -1 ends the connection. */
static int serve_one(struct sbx_oci *o, int fd, struct strbuf *in, size_t end)
{
	struct sbx_fault f;
	sbx_oci_fault(o->sandbox, &f);
	if (f.kind == SBX_F_RESET || f.kind == SBX_F_DROP || f.kind == SBX_F_5XX ||
	    f.kind == SBX_F_429 || f.kind == SBX_F_423)
		return -1;
	struct strbuf out = STRBUF_INIT;
	sbx_oci_answer(o, in->buf, end, &out);
	int rc = f.kind == SBX_F_LOST ? -1 : send_all(fd, out.buf, out.len);
	strbuf_free(&out);
	size_t rest = end + strspn(in->buf + end, " \t\r\n");
	memmove(in->buf, in->buf + rest, in->len - rest);
	in->len -= rest;
	in->buf[in->len] = '\0';
	return rc;
}

static void *serve_conn(void *p)
{
	struct conn_arg *a = p;
	struct strbuf in = STRBUF_INIT;
	char buf[65536];
	while (!a->o->stopping) {
		struct pollfd pf = { .fd = a->fd, .events = POLLIN };
		if (poll(&pf, 1, 200) <= 0)
			continue;
		ssize_t n = recv(a->fd, buf, sizeof buf, 0);
		if (n <= 0 || in.len + (size_t)n > LIVE_MAX_DOC)
			break;
		strbuf_add(&in, buf, (size_t)n);
		size_t end;
		int rc = 0;
		while (rc == 0 && (end = doc_end(in.buf, in.len)) != 0)
			rc = serve_one(a->o, a->fd, &in, end);
		if (rc != 0)
			break;
	}
	close(a->fd);
	strbuf_free(&in);
	pthread_mutex_lock(&a->o->lock);
	a->o->active--;
	pthread_mutex_unlock(&a->o->lock);
	free(a);
	return NULL;
}

static void *accept_loop(void *p)
{
	struct sbx_oci *o = p;
	while (!o->stopping) {
		struct pollfd pf = { .fd = o->listen_fd, .events = POLLIN };
		if (poll(&pf, 1, 200) <= 0)
			continue;
		int fd = accept(o->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		struct conn_arg *a = xcalloc(1, sizeof *a);
		a->o = o;
		a->fd = fd;
		pthread_mutex_lock(&o->lock);
		o->active++;
		pthread_mutex_unlock(&o->lock);
		pthread_t t;
		if (pthread_create(&t, NULL, serve_conn, a) != 0) {
			close(fd);
			pthread_mutex_lock(&o->lock);
			o->active--;
			pthread_mutex_unlock(&o->lock);
			free(a);
			continue;
		}
		pthread_detach(t);
	}
	return NULL;
}

int sbx_oci_tcp_start(struct sbx_oci *o, const char *bind_addr, unsigned port,
		      struct bwm_error *err)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1)
		return bwm_fail(err, BWM_EUSAGE, "--bind: '%s' is not an IPv4 address", bind_addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	socklen_t len = sizeof addr;
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return bwm_fail(err, BWM_EAPI, "cannot listen for OCI-P on %s:%u: %s", bind_addr,
				port, strerror(e));
	}
	o->listen_fd = fd;
	o->tcp_port = ntohs(addr.sin_port);
	if (pthread_create(&o->accept_thread, NULL, accept_loop, o) != 0) {
		close(fd);
		o->listen_fd = -1;
		return bwm_fail(err, BWM_EINTERNAL, "cannot start the OCI-P listener thread");
	}
	return BWM_OK;
}

void sbx_oci_tcp_stop(struct sbx_oci *o)
{
	if (o->listen_fd < 0)
		return;
	o->stopping = 1;
	pthread_join(o->accept_thread, NULL);
	close(o->listen_fd);
	o->listen_fd = -1;
	/* Connection threads see `stopping` within 200 ms. */
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&o->lock);
		int active = o->active;
		pthread_mutex_unlock(&o->lock);
		if (active == 0)
			break;
		usleep(50000);
	}
}
