/*
 * spans.c — the first, cheap pass over a seekable inventory: where each
 * enterprise's records are. The extractor writes one run of lines per
 * enterprise, but an enterprise split across two parts of a bundle comes out
 * as two runs (docs/inventory-format.md); the planner must see all of its
 * records at once. This pass reads each line's top-level "kind", "id" and
 * "enterprise" with a small scanner (no tree is built) and records the runs
 * as byte ranges, so that the second pass can seek to them.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* s is at a '"': return the position after the closing quote, or NULL. */
static const char *skip_string(const char *s, int *escaped)
{
	for (s++; *s; s++) {
		if (*s == '\\') {
			*escaped = 1;
			if (*++s == '\0')
				return NULL;
		} else if (*s == '"') {
			return s + 1;
		}
	}
	return NULL;
}

/* Skip one JSON value (nested objects and arrays included). */
static const char *skip_value(const char *s)
{
	int depth = 0, esc = 0;
	for (; *s; s++) {
		if (*s == '"') {
			s = skip_string(s, &esc);
			if (s == NULL)
				return NULL;
			if (depth == 0)
				return s;
			s--;
		} else if (*s == '{' || *s == '[') {
			depth++;
		} else if (*s == '}' || *s == ']') {
			if (depth == 0)
				return s;
			if (--depth == 0)
				return s + 1;
		} else if (depth == 0 && (*s == ',')) {
			return s;
		}
	}
	return NULL;
}

/* The enterprise of one inventory line, into out; 0 when found, -1 when the
 * line has none (or is not the simple form: the caller then parses it). */
static int line_enterprise(const char *line, char *out, size_t outsz, int *complex)
{
	const char *kind = NULL, *id = NULL, *ent = NULL;
	size_t kind_n = 0, id_n = 0, ent_n = 0;
	const char *s = ws(line);
	*complex = 0;
	if (*s++ != '{')
		return -1;
	for (;;) {
		s = ws(s);
		if (*s == '}')
			break;
		if (*s != '"')
			return -1;
		const char *k = s + 1;
		s = skip_string(s, complex);
		if (s == NULL)
			return -1;
		size_t kn = (size_t)(s - 1 - k);
		s = ws(s);
		if (*s++ != ':')
			return -1;
		s = ws(s);
		const char *v = s + 1;
		if (*s == '"') {
			s = skip_string(s, complex);
			if (s == NULL)
				return -1;
			size_t vn = (size_t)(s - 1 - v);
			/* the first of a repeated member counts, as for cJSON */
			if (kn == 4 && kind == NULL && strncmp(k, "kind", 4) == 0) { kind = v; kind_n = vn; }
			else if (kn == 2 && id == NULL && strncmp(k, "id", 2) == 0) { id = v; id_n = vn; }
			else if (kn == 10 && ent == NULL && strncmp(k, "enterprise", 10) == 0) { ent = v; ent_n = vn; }
		} else if ((s = skip_value(s)) == NULL) {
			return -1;
		}
		/* enough read: the rest of a line (a setting's value, a
		 * device's lines) is most of its bytes */
		if (kind != NULL && (kind_n == 10 && strncmp(kind, "enterprise", 10) == 0 ?
				     id != NULL : ent != NULL))
			break;
		s = ws(s);
		if (*s == ',')
			s++;
	}
	if (kind != NULL && kind_n == 10 && strncmp(kind, "enterprise", 10) == 0) {
		ent = id;
		ent_n = id_n;
	}
	if (ent == NULL || ent_n >= outsz)
		return -1;
	memcpy(out, ent, ent_n);
	out[ent_n] = '\0';
	return 0;
}

/* Same as line_enterprise, but correct for escaped strings too. */
static int enterprise_of(const char *line, char *out, size_t outsz)
{
	int complex;
	int rc = line_enterprise(line, out, outsz, &complex);
	if (!complex)
		return rc;
	cJSON *rec = cJSON_Parse(line);
	const char *e = rec ? tx_record_enterprise(rec) : NULL;
	rc = (e != NULL && strlen(e) < outsz) ? 0 : -1;
	if (rc == 0)
		memcpy(out, e, strlen(e) + 1);
	cJSON_Delete(rec);
	return rc;
}

/* A new run starts at off; the previous one ends at prev_end (after its
 * last non-blank line, so that a reader of the run never steps into the
 * next one while skipping blank lines). */
static void span_open(struct tx_spans *s, const char *ent, long off, long line, long prev_end)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	if (s->n > 0)
		s->v[s->n - 1].end = prev_end;
	struct tx_span *x = &s->v[s->n++];
	x->ent = ent ? xstrdup(ent) : NULL;
	x->off = off;
	x->end = -1;
	x->line = line;
}

static int blank(const char *s)
{
	return *ws(s) == '\0';
}

int tx_spans_scan(FILE *fp, struct tx_spans *s)
{
	memset(s, 0, sizeof *s);
	char *buf = NULL, ent[1024];
	size_t cap = 0;
	long off = ftell(fp), line = 0, tail = off;
	ssize_t n;
	if (off < 0)
		return -1;
	while ((n = getline(&buf, &cap, fp)) > 0) {
		if (!blank(buf)) {
			int has = enterprise_of(buf, ent, sizeof ent) == 0;
			struct tx_span *cur = s->n ? &s->v[s->n - 1] : NULL;
			if (cur == NULL)
				span_open(s, has ? ent : NULL, off, line, tail);
			else if (has && cur->ent == NULL)
				cur->ent = xstrdup(ent);   /* leading records join the first enterprise */
			else if (has && strcmp(cur->ent, ent) != 0)
				span_open(s, ent, off, line, tail);
			tail = off + n;
		}
		off += n;
		line++;
	}
	free(buf);
	if (s->n > 0)
		s->v[s->n - 1].end = tail;
	/* Split enterprises: the same id in two spans. */
	struct tx_map seen = { 0 };
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].ent == NULL)
			continue;
		if (tx_map_get(&seen, s->v[i].ent) != NULL)
			s->split = 1;
		tx_map_put(&seen, s->v[i].ent, s);
	}
	tx_map_free(&seen);
	return ferror(fp) ? -1 : 0;
}

void tx_spans_free(struct tx_spans *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].ent);
	free(s->v);
	memset(s, 0, sizeof *s);
}
