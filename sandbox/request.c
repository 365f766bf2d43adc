/*
 * request.c — reading a parsed request: query parameters and the lifetime
 * of struct sbx_req / struct sbx_resp.
 */
#include "sandbox/sbx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sbx_req_free(struct sbx_req *rq)
{
	for (size_t i = 0; i < rq->nquery; i++) {
		free(rq->query[i].key);
		free(rq->query[i].value);
	}
	free(rq->query);
	cJSON_Delete(rq->body);
	free(rq->base_url);
	free(rq->id);
	rq->id = NULL;
	free(rq->sub);
	rq->sub = NULL;
	rq->query = NULL;
	rq->nquery = 0;
	rq->body = NULL;
	rq->base_url = NULL;
}

void sbx_resp_free(struct sbx_resp *rs)
{
	cJSON_Delete(rs->json);
	free(rs->location);
	free(rs->link);
	free(rs->retry_after);
	free(rs->allow);
	rs->json = NULL;
	rs->location = rs->link = rs->retry_after = rs->allow = NULL;
}

const char *sbx_query(const struct sbx_req *rq, const char *key)
{
	for (size_t i = 0; i < rq->nquery; i++)
		if (strcmp(rq->query[i].key, key) == 0)
			return rq->query[i].value;
	return NULL;
}

int sbx_query_int(const struct sbx_req *rq, struct sbx_resp *rs, const char *key,
		  long dflt, long lo, long hi, long *out)
{
	const char *s = sbx_query(rq, key);
	if (s == NULL || *s == '\0') {
		*out = dflt;
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi) {
		sbx_reply_error(rs, 400, SBX_E_QUERY,
				"Query parameter '%s' must be an integer from %ld to %ld, not '%s'.",
				key, lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}
