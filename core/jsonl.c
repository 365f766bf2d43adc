/* jsonl.c — line-at-a-time JSON reading and writing (see jsonl.h). */
#include "core/jsonl.h"
#include "core/json_print.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

#define JSONL_READ_BUFFER (256u * 1024u)

int jsonl_open(struct jsonl_reader *r, const char *path, struct bwm_error *err)
{
	memset(r, 0, sizeof *r);
	if (strcmp(path, "-") == 0) {
		r->fp = stdin;
		r->path = xstrdup("<stdin>");
		return BWM_OK;
	}
	r->fp = fopen(path, "rb");
	if (r->fp == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open: %s", path, strerror(errno));
	/* reads of 256 KiB, not 4 KiB: an inventory is read twice and is
	 * hundreds of megabytes (glibc takes a size only with a buffer of
	 * ours); small enough that a seek to the next run is cheap */
	r->vbuf = xmalloc(JSONL_READ_BUFFER);
	setvbuf(r->fp, r->vbuf, _IOFBF, JSONL_READ_BUFFER);
	r->path = xstrdup(path);
	return BWM_OK;
}

void jsonl_close(struct jsonl_reader *r)
{
	if (r->fp != NULL && r->fp != stdin)
		fclose(r->fp);
	free(r->vbuf);          /* after the stream that used it */
	free(r->path);
	free(r->buf);
	memset(r, 0, sizeof *r);
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int jsonl_next(struct jsonl_reader *r, cJSON **out, struct bwm_error *err)
{
	*out = NULL;
	for (;;) {
		errno = 0;
		ssize_t n = getline(&r->buf, &r->cap, r->fp);
		if (n < 0) {
			if (ferror(r->fp))
				return bwm_fail(err, BWM_EINPUT, "%s:%ld: read error: %s",
						r->path, r->line + 1, strerror(errno));
			return BWM_OK;
		}
		r->line++;
		if ((size_t)n > JSONL_MAX_LINE)
			return bwm_fail(err, BWM_EINPUT,
					"%s:%ld: line of %zd bytes is longer than the %u allowed; "
					"is this a JSON Lines file?", r->path, r->line, n, JSONL_MAX_LINE);
		if (blank(r->buf))
			continue;
		if (jsonl_check_text(r->path, r->line, r->buf, (size_t)n, err) != BWM_OK)
			return err != NULL ? err->status : BWM_EINPUT;
		cJSON *obj = cJSON_ParseWithLength(r->buf, (size_t)n);
		if (obj == NULL || !cJSON_IsObject(obj)) {
			cJSON_Delete(obj);
			return bwm_fail(err, BWM_EINPUT,
					"%s:%ld: not a JSON object; each line must hold one record",
					r->path, r->line);
		}
		if (json_str(obj, "kind") == NULL || json_str(obj, "key") == NULL) {
			cJSON_Delete(obj);
			return bwm_fail(err, BWM_EINPUT,
					"%s:%ld: record has no string \"kind\" and \"key\"",
					r->path, r->line);
		}
		*out = obj;
		return BWM_OK;
	}
}

int jsonl_write(FILE *fp, const cJSON *obj, struct bwm_error *err)
{
	struct strbuf line = STRBUF_INIT;
	strbuf_grow(&line, 2048);
	if (json_print(&line, obj) != 0) {
		strbuf_free(&line);
		return bwm_fail(err, BWM_EINTERNAL, "cannot serialise record");
	}
	strbuf_addch(&line, '\n');
	int ok = fwrite(line.buf, 1, line.len, fp) == line.len;
	strbuf_free(&line);
	if (!ok)
		return bwm_fail(err, BWM_EINTERNAL, "write error: %s", strerror(errno));
	return BWM_OK;
}

const char *json_str(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(it) ? it->valuestring : NULL;
}

const char *json_str_or(const cJSON *obj, const char *name, const char *dflt)
{
	const char *s = json_str(obj, name);
	return s ? s : dflt;
}

int json_bool(const cJSON *obj, const char *name, int dflt)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (cJSON_IsBool(it))
		return cJSON_IsTrue(it);
	return dflt;
}

double json_num(const cJSON *obj, const char *name, double dflt)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsNumber(it) ? it->valuedouble : dflt;
}

void json_add_str_opt(cJSON *obj, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		cJSON_AddStringToObject(obj, name, value);
}
