/*
 * reply.c — building answers: JSON bodies, the Webex error shape, and the
 * `Link: <...>; rel="next"` header of paged lists.
 *
 * The error shape is the one every Webex API uses:
 *   {"message": "...", "errors": [{"description": "...", "errorCode": N}],
 *    "trackingId": "..."}
 */
#include "sandbox/sbx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbx_reply_json(struct sbx_resp *rs, int status, cJSON *body)
{
	cJSON_Delete(rs->json);
	rs->status = status;
	rs->json = body;
}

void sbx_reply_error(struct sbx_resp *rs, int status, int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char tracking[48];
	sbx_tracking_id(tracking);

	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", msg);
	cJSON *errors = cJSON_AddArrayToObject(o, "errors");
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "description", msg);
	cJSON_AddNumberToObject(e, "errorCode", code);
	cJSON_AddItemToArray(errors, e);
	cJSON_AddStringToObject(o, "trackingId", tracking);
	sbx_reply_json(rs, status, o);
}

void sbx_reply_items(struct sbx_resp *rs, cJSON *items)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	sbx_reply_json(rs, 200, o);
}

/* Percent-encode everything but the unreserved characters of RFC 3986. */
static void add_encoded(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			strbuf_addch(sb, (char)c);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

/* Link rel="next" keeping the other query parameters; skip names the
 * offset parameter ("offset" for Wholesale, "start" for Calling lists). */
static void link_next(const struct sbx_req *rq, struct sbx_resp *rs, const char *skip,
		      long offset, long max, long total)
{
	if (offset + max >= total)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<%s%s?", rq->base_url, rq->path);
	for (size_t i = 0; i < rq->nquery; i++) {
		if (strcmp(rq->query[i].key, skip) == 0 || strcmp(rq->query[i].key, "max") == 0)
			continue;
		add_encoded(&sb, rq->query[i].key);
		strbuf_addch(&sb, '=');
		add_encoded(&sb, rq->query[i].value);
		strbuf_addch(&sb, '&');
	}
	strbuf_addf(&sb, "%s=%ld&max=%ld>; rel=\"next\"", skip, offset + max, max);
	free(rs->link);
	rs->link = strbuf_detach(&sb);
}

void sbx_reply_link(const struct sbx_req *rq, struct sbx_resp *rs, long offset, long max,
		    long total)
{
	link_next(rq, rs, "offset", offset, max, total);
}

void sbx_reply_link_start(const struct sbx_req *rq, struct sbx_resp *rs, long start, long max,
			  long total)
{
	link_next(rq, rs, "start", start, max, total);
}
