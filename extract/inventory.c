/*
 * inventory.c — the per-enterprise merge buffer.
 *
 * Handlers add records as responses stream past. Records of the current
 * enterprise are held here until the enterprise changes (or the input
 * ends); then keys still waiting for a group are resolved through the
 * index (user or service instance id -> group), the records are sorted by
 * kind, key, priority and arrival, records with the same kind and key are
 * merged (the later/higher-priority one wins for each field it has), and
 * the result is written as JSON Lines. Memory is therefore bounded by one
 * enterprise, never by the input.
 *
 * A handler fills a record as a cJSON object; when the next record starts
 * the object is "sealed": each member is printed once into the
 * enterprise's arena as a (name, JSON text) pair and the cJSON tree is
 * freed. Tens of thousands of live records thus cost a few large blocks
 * instead of millions of small allocations freed in random order.
 */
#include "extract/oci.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (1u << 20)

/* One member of a sealed record: its name and its value as JSON text. */
struct inv_field {
	const char *name;     /* arena */
	const char *json;     /* arena */
	size_t nlen, jlen;    /* their lengths, to write without strlen */
};

/* One buffered record. Lives in the inventory's arena. */
struct inv_rec {
	enum inv_kind kind;
	int prio;             /* merge priority: detail responses > list rows */
	size_t seq;           /* arrival order, for a stable merge */
	cJSON *obj;           /* members while the record is open; owned; NULL once sealed */
	struct inv_field *f;  /* members once sealed; arena */
	size_t nf;
	const char *key;      /* arena ("" until set) */
	const char *file;     /* source.file; arena, shared by consecutive records */
	long line;            /* source.line */
	const char *pending_id;   /* user/instance id whose group is unknown, or NULL */
	const char *owner_field;  /* member to set to the owner's key, or NULL */
	const char *suffix;       /* appended to the owner key to make the key, or NULL */
	const char *cmd;          /* response type, for the unresolved message, or NULL */
};

/* userId or serviceUserId -> groupId, for records that only know the id. */
struct inv_index_entry {
	const char *id;       /* arena */
	const char *group;    /* arena */
};

struct inventory {
	FILE *out;                    /* not owned */
	const struct bwm_log *log;    /* not owned; may be NULL */
	char *ent;                    /* current enterprise id; owned; NULL before any */
	struct arena arena;           /* records, fields, index of this enterprise */
	struct inv_rec **recs;        /* buffered records (in the arena); array owned */
	size_t n, cap;
	struct inv_rec *open;         /* the record still being filled, or NULL */
	struct inv_index_entry *idx;  /* index of the current enterprise; array owned */
	size_t n_idx, cap_idx;
	size_t seq;                   /* next arrival number */
	size_t written[INV_KIND_COUNT];
	size_t warnings;              /* source_errors made by the extractor */
	struct strbuf line;           /* output line / scratch being built */
	char *pbuf;                   /* print buffer for sealing; owned */
	size_t pcap;
};

static const char *const kind_names[INV_KIND_COUNT] = {
	"enterprise", "group", "user", "number", "device", "service", "hunt_group",
	"auto_attendant", "call_center", "user_setting", "source_error",
};

const char *extract_kind_name(enum inv_kind kind)
{
	return (unsigned)kind < INV_KIND_COUNT ? kind_names[kind] : "?";
}

struct inventory *inv_new(FILE *out, const struct bwm_log *log)
{
	struct inventory *inv = xcalloc(1, sizeof *inv);
	inv->out = out;
	inv->log = log;
	arena_init(&inv->arena, ARENA_BLOCK);
	strbuf_init(&inv->line);
	inv->pcap = 64 * 1024;
	inv->pbuf = xmalloc(inv->pcap);
	return inv;
}

static void buffer_clear(struct inventory *inv)
{
	if (inv->open != NULL)
		cJSON_Delete(inv->open->obj);
	inv->open = NULL;
	inv->n = 0;
	inv->n_idx = 0;
	arena_reset(&inv->arena);
}

void inv_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	buffer_clear(inv);
	arena_free(&inv->arena);
	free(inv->recs);
	free(inv->idx);
	free(inv->ent);
	free(inv->pbuf);
	strbuf_free(&inv->line);
	free(inv);
}

const char *inv_current(const struct inventory *inv)
{
	return inv->ent;
}

int inv_enterprise(struct inventory *inv, const char *id, struct bwm_error *err)
{
	if (inv->ent != NULL && strcmp(inv->ent, id) == 0)
		return BWM_OK;
	if (inv->ent != NULL || inv->n > 0) {
		int rc = inv_flush(inv, err);
		if (rc != BWM_OK)
			return rc;
	}
	free(inv->ent);
	inv->ent = xstrdup(id);
	return BWM_OK;
}

/* Field f = name and the JSON text of cJSON value v, in the arena. */
static void set_field(struct inventory *inv, struct inv_field *f, const char *name, const cJSON *v)
{
	f->nlen = strlen(name);
	f->name = arena_strndup(&inv->arena, name, f->nlen);
	while (!cJSON_PrintPreallocated((cJSON *)v, inv->pbuf, (int)inv->pcap - 1, 0)) {
		if (inv->pcap >= JSONL_MAX_LINE) {
			inv->pbuf[0] = '\0';   /* a value this large is not OCI-P data */
			break;
		}
		inv->pcap *= 2;
		inv->pbuf = xrealloc(inv->pbuf, inv->pcap);
	}
	if (inv->pbuf[0] == '\0')
		strcpy(inv->pbuf, "null");
	f->jlen = strlen(inv->pbuf);
	f->json = arena_strndup(&inv->arena, inv->pbuf, f->jlen);
}

/* Turn the open record's cJSON members into arena fields. */
static void seal(struct inventory *inv)
{
	struct inv_rec *r = inv->open;
	if (r == NULL)
		return;
	size_t n = 0;
	for (const cJSON *it = r->obj->child; it != NULL; it = it->next)
		n++;
	r->f = arena_alloc(&inv->arena, (n ? n : 1) * sizeof *r->f);
	r->nf = 0;
	for (const cJSON *it = r->obj->child; it != NULL; it = it->next)
		set_field(inv, &r->f[r->nf++], it->string, it);
	cJSON_Delete(r->obj);
	r->obj = NULL;
	inv->open = NULL;
}

struct inv_rec *inv_add(struct inventory *inv, enum inv_kind kind, int prio,
			const char *file, long line)
{
	seal(inv);
	struct inv_rec *r = arena_alloc(&inv->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->prio = prio;
	r->seq = inv->seq++;
	/* consecutive records mostly come from one file: share the string */
	if (inv->n > 0 && strcmp(inv->recs[inv->n - 1]->file, file) == 0)
		r->file = inv->recs[inv->n - 1]->file;
	else
		r->file = arena_strdup(&inv->arena, file);
	r->line = line;
	r->key = "";
	r->obj = cJSON_CreateObject();
	if (inv->ent != NULL && kind != INV_ENTERPRISE)
		cJSON_AddStringToObject(r->obj, "enterprise", inv->ent);
	if (inv->n == inv->cap) {
		inv->cap = inv->cap ? inv->cap * 2 : 256;
		inv->recs = xrealloc(inv->recs, inv->cap * sizeof *inv->recs);
	}
	inv->recs[inv->n++] = r;
	inv->open = r;
	return r;
}

cJSON *inv_obj(struct inv_rec *r)
{
	return r->obj;
}

static const char *str_arena(struct inventory *inv, const char *s)
{
	return s ? arena_strdup(&inv->arena, s) : NULL;
}

void inv_set_key(struct inventory *inv, struct inv_rec *r, const char *fmt, ...)
{
	va_list ap;
	strbuf_reset(&inv->line);
	va_start(ap, fmt);
	strbuf_vaddf(&inv->line, fmt, ap);
	va_end(ap);
	r->key = arena_strndup(&inv->arena, inv->line.buf, inv->line.len);
}

void inv_set_owner(struct inventory *inv, struct inv_rec *r, const char *id,
		   const char *owner_field, const char *suffix, const char *cmd)
{
	r->pending_id = str_arena(inv, id);
	r->owner_field = str_arena(inv, owner_field);
	r->suffix = str_arena(inv, suffix);
	r->cmd = str_arena(inv, cmd);
}

void inv_index(struct inventory *inv, const char *id, const char *group)
{
	if (id == NULL || group == NULL)
		return;
	if (inv->n_idx == inv->cap_idx) {
		inv->cap_idx = inv->cap_idx ? inv->cap_idx * 2 : 256;
		inv->idx = xrealloc(inv->idx, inv->cap_idx * sizeof *inv->idx);
	}
	inv->idx[inv->n_idx].id = arena_strdup(&inv->arena, id);
	inv->idx[inv->n_idx].group = arena_strdup(&inv->arena, group);
	inv->n_idx++;
}

struct inv_rec *inv_error(struct inventory *inv, const char *file, long line,
			  const char *command, const char *request, const char *subject,
			  const char *message)
{
	struct inv_rec *r = inv_add(inv, INV_SOURCE_ERROR, 0, file, line);
	if (message != NULL && subject != NULL)
		inv_set_key(inv, r, "%s#error:%s:%ld#%s", inv->ent ? inv->ent : "", file, line, subject);
	else
		inv_set_key(inv, r, "%s#error:%s:%ld", inv->ent ? inv->ent : "", file, line);
	json_add_str_opt(r->obj, "command", command);
	json_add_str_opt(r->obj, "request", request);
	json_add_str_opt(r->obj, "subject", subject);
	json_add_str_opt(r->obj, "message", message);
	if (message != NULL) {
		inv->warnings++;
		bwm_warn(inv->log, "%s", message);
	}
	return r;
}

/* ---- flush -------------------------------------------------------------- */

static int idx_cmp(const void *a, const void *b)
{
	const struct inv_index_entry *x = a, *y = b;
	return strcmp(x->id, y->id);
}

static const char *idx_find(const struct inventory *inv, const char *id)
{
	if (inv->n_idx == 0)
		return NULL;
	struct inv_index_entry key = { id, NULL };
	struct inv_index_entry *e = bsearch(&key, inv->idx, inv->n_idx, sizeof *inv->idx, idx_cmp);
	return e ? e->group : NULL;
}

/* Append a string member to a sealed record. */
static void add_field(struct inventory *inv, struct inv_rec *r, const char *name, const char *value)
{
	struct inv_field *f = arena_alloc(&inv->arena, (r->nf + 1) * sizeof *f);
	memcpy(f, r->f, r->nf * sizeof *f);
	cJSON *v = cJSON_CreateString(value);
	set_field(inv, &f[r->nf], name, v);
	cJSON_Delete(v);
	r->f = f;
	r->nf++;
}

/* Give a waiting record its key, or put a source_error in its place. */
static void resolve(struct inventory *inv, size_t i)
{
	struct inv_rec *r = inv->recs[i];
	const char *group = idx_find(inv, r->pending_id);
	const char *ent = inv->ent ? inv->ent : "";
	if (group != NULL && inv->ent != NULL) {
		struct strbuf owner = STRBUF_INIT;
		strbuf_addf(&owner, "%s/%s/%s", ent, group, r->pending_id);
		add_field(inv, r, "group", group);
		if (r->owner_field != NULL)
			add_field(inv, r, r->owner_field, owner.buf);
		if (r->suffix != NULL)
			strbuf_addstr(&owner, r->suffix);
		r->key = arena_strndup(&inv->arena, owner.buf, owner.len);
		strbuf_free(&owner);
		return;
	}
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "%s:%ld: %s for '%s' cannot be placed: no user list, UserGet, "
		    "service instance list or device user list of enterprise '%s' names it; "
		    "capture one of those for '%s' (or pair the response with a request "
		    "naming its group)", r->file, r->line, r->cmd ? r->cmd : "response",
		    r->pending_id, ent, r->pending_id);
	struct inv_rec *e = inv_error(inv, r->file, r->line, r->cmd, NULL, r->pending_id, msg.buf);
	seal(inv);
	strbuf_free(&msg);
	/* inv_error appended e at the end; it takes r's place. */
	inv->recs[i] = e;
	inv->n--;
	e->seq = r->seq;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct inv_rec *x = *(struct inv_rec *const *)a, *y = *(struct inv_rec *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Same kind and key: the two records describe one object. */
static int rec_same(const struct inv_rec *x, const struct inv_rec *y)
{
	return x->kind == y->kind && strcmp(x->key, y->key) == 0;
}

/* A JSON string literal, escaped exactly as cJSON prints it. Runs of
 * plain bytes are copied at once. */
static void add_json_string(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	const unsigned char *p = (const unsigned char *)s, *run = p;
	for (; *p; p++) {
		if (*p >= 32 && *p != '"' && *p != '\\')
			continue;
		strbuf_add(sb, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': strbuf_addstr(sb, "\\\""); break;
		case '\\': strbuf_addstr(sb, "\\\\"); break;
		case '\b': strbuf_addstr(sb, "\\b"); break;
		case '\f': strbuf_addstr(sb, "\\f"); break;
		case '\n': strbuf_addstr(sb, "\\n"); break;
		case '\r': strbuf_addstr(sb, "\\r"); break;
		case '\t': strbuf_addstr(sb, "\\t"); break;
		default: strbuf_addf(sb, "\\u%04x", *p); break;
		}
	}
	strbuf_add(sb, run, (size_t)(p - run));
	strbuf_addch(sb, '"');
}

static void add_member(struct strbuf *sb, const struct inv_field *f)
{
	strbuf_grow(sb, f->nlen + f->jlen + 4);
	char *p = sb->buf + sb->len;
	*p++ = ',';
	*p++ = '"';
	memcpy(p, f->name, f->nlen);
	p += f->nlen;
	*p++ = '"';
	*p++ = ':';
	memcpy(p, f->json, f->jlen);
	p += f->jlen;
	*p = '\0';
	sb->len = (size_t)(p - sb->buf);
}

/* Member name of the last of recs[i..j) that has it, or NULL. */
static const struct inv_field *field_of(const struct inventory *inv, size_t i, size_t j, const char *name)
{
	for (size_t q = j; q-- > i;) {
		const struct inv_rec *r = inv->recs[q];
		for (size_t t = 0; t < r->nf; t++)
			if (strcmp(r->f[t].name, name) == 0)
				return &r->f[t];
	}
	return NULL;
}

/* Write records recs[i..j) (sorted by priority and arrival) as one line:
 * the first record's members in order, each replaced by the last record
 * that has it; members only later records have are appended. */
static int write_merged(struct inventory *inv, size_t i, size_t j, struct bwm_error *err)
{
	struct inv_rec *base = inv->recs[i], *last = inv->recs[j - 1];
	struct strbuf *sb = &inv->line;
	strbuf_reset(sb);
	strbuf_addstr(sb, "{\"kind\":\"");
	strbuf_addstr(sb, kind_names[base->kind]);
	strbuf_addstr(sb, "\",\"key\":");
	add_json_string(sb, base->key);
	for (size_t k = i; k < j; k++) {
		const struct inv_rec *r = inv->recs[k];
		for (size_t m = 0; m < r->nf; m++) {
			const char *name = r->f[m].name;
			if (j == i + 1) {      /* nothing to merge: the common case */
				add_member(sb, &r->f[m]);
				continue;
			}
			/* emit a member where it first appears ... */
			if (k > i && field_of(inv, i, k, name) != NULL)
				continue;
			/* ... with the value of the last record that has it */
			add_member(sb, field_of(inv, k, j, name));
		}
	}
	strbuf_addstr(sb, ",\"source\":{\"file\":");
	add_json_string(sb, last->file);
	strbuf_addf(sb, ",\"line\":%ld}}\n", last->line);
	if (fwrite(sb->buf, 1, sb->len, inv->out) != sb->len)
		return bwm_fail(err, BWM_EINTERNAL, "write error on the inventory");
	inv->written[base->kind]++;
	return BWM_OK;
}

int inv_flush(struct inventory *inv, struct bwm_error *err)
{
	int rc = BWM_OK;
	seal(inv);
	if (inv->n_idx > 1)
		qsort(inv->idx, inv->n_idx, sizeof *inv->idx, idx_cmp);
	size_t n = inv->n;
	for (size_t i = 0; i < n; i++)
		if (inv->recs[i]->pending_id != NULL)
			resolve(inv, i);
	if (inv->n > 1)
		qsort(inv->recs, inv->n, sizeof *inv->recs, rec_cmp);
	for (size_t i = 0; i < inv->n && rc == BWM_OK;) {
		size_t j = i + 1;
		while (j < inv->n && rec_same(inv->recs[i], inv->recs[j]))
			j++;
		rc = write_merged(inv, i, j, err);
		i = j;
	}
	buffer_clear(inv);
	return rc;
}

const size_t *inv_written(const struct inventory *inv)
{
	return inv->written;
}

size_t inv_warnings(const struct inventory *inv)
{
	return inv->warnings;
}
