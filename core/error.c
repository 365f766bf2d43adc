/* error.c — filling struct bwm_error; see error.h for the convention. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"

int bwm_fail(struct bwm_error *err, int status, const char *fmt, ...)
{
	if (err == NULL)
		return status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->status = status;
	return status;
}

int bwm_fail_prefix(struct bwm_error *err, const char *fmt, ...)
{
	if (err == NULL)
		return BWM_EINTERNAL;
	char prefix[BWM_ERROR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s: %s", prefix, err->msg);
	size_t n = sb.len < sizeof err->msg - 1 ? sb.len : sizeof err->msg - 1;
	memcpy(err->msg, sb.buf, n);
	err->msg[n] = '\0';
	strbuf_free(&sb);
	return err->status;
}

void bwm_error_clear(struct bwm_error *err)
{
	if (err == NULL)
		return;
	err->status = BWM_OK;
	err->msg[0] = '\0';
}
