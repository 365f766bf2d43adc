/*
 * fuzz_response.c — what the load reads from a server: the Retry-After
 * header and error bodies.
 *
 * The first line of the input is a Retry-After value (RFC 9110 allows
 * seconds or an HTTP date; servers send odder things), the rest an error
 * body. Neither may crash the load, whatever a broken or hostile server
 * answers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "load/http.h"
#include "load/ratelimit.h"
#include "load/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) : size;
	char *value = xstrndup((const char *)data, head);
	double ms;
	(void)ratelimit_parse_retry_after(value, (time_t)1764115200, &ms);
	free(value);

	struct http_request q;
	memset(&q, 0, sizeof q);
	q.result = CURLE_OK;
	q.status = 400;
	strbuf_init(&q.resp);
	if (nl != NULL)
		strbuf_add(&q.resp, nl + 1, size - head - 1);
	char *text = request_error_text(&q);
	free(text);
	strbuf_free(&q.resp);
	return 0;
}
