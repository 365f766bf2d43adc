/*
 * inventory.c — the per-enterprise merge buffer.
 *
 * Handlers add records as responses stream past. Records of the current
 * enterprise are held here until the enterprise changes (or the input
 * ends); then keys still waiting for a group are resolved through the
 * index (user or service instance id -> group), the records are sorted by
 * kind, key, priority and arrival, records with the same kind and key are
 * merged (the later/higher-priority one wins for each field it has), and
 * the result is written as JSON Lines (inv_write.c, on a thread of its
 * own while the next enterprise is read). Memory is therefore bounded by
 * two enterprises, never by the input.
 *
 * A record is a list of (name, JSON text) fields in the enterprise's
 * arena. Plain strings and booleans (most of an inventory) are written
 * there directly by inv_put_str/inv_put_bool_text, with no allocation of
 * their own. Nested or numeric values go through a cJSON object
 * (inv_obj), created on first use; when the next record starts the record
 * is "sealed": each cJSON member is printed once into the arena and the
 * tree is freed. Once a record has a cJSON object, later inv_put_* calls
 * go into it too, so members always keep the order they were added in.
 * Tens of thousands of live records thus cost a few large blocks instead
 * of millions of small allocations freed in random order.
 */
#include "extract/inv_write.h"
#include "extract/jtext.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* userId or serviceUserId -> groupId, for records that only know the id. */
struct inv_index_entry {
	const char *id;       /* arena */
	const char *group;    /* arena */
};

struct inventory {
	const struct bwm_log *log;    /* not owned; may be NULL */
	char *ent;                    /* current enterprise id; owned; NULL before any */
	struct inv_batch batches[2];  /* one being filled, the other maybe being written */
	struct inv_batch *cur;        /* records, fields, index of this enterprise */
	struct inv_writer writer;
	struct inv_rec *open;         /* the record still being filled, or NULL */
	struct inv_index_entry *idx;  /* index of the current enterprise; array owned */
	size_t n_idx, cap_idx;
	size_t seq;                   /* next arrival number */
	size_t warnings;              /* source_errors made by the extractor */
	struct strbuf line;           /* scratch for keys */
	char *pbuf;                   /* print buffer for sealing; owned */
	size_t pcap;
	struct inv_field *direct;     /* direct fields of the open record; owned */
	size_t n_direct, cap_direct;
};

static const char *const kind_names[INV_KIND_COUNT] = {
	"enterprise", "group", "user", "number", "device", "service", "hunt_group",
	"auto_attendant", "call_center", "user_setting", "source_error",
};

const char *extract_kind_name(enum inv_kind kind)
{
	return (unsigned)kind < INV_KIND_COUNT ? kind_names[kind] : "?";
}

struct inventory *inv_new(FILE *out, const struct bwm_log *log, int threaded)
{
	struct inventory *inv = xcalloc(1, sizeof *inv);
	inv->log = log;
	inv_batch_init(&inv->batches[0]);
	inv_batch_init(&inv->batches[1]);
	inv->cur = &inv->batches[0];
	inv_writer_init(&inv->writer, out, threaded);
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
	inv->n_direct = 0;
	inv->n_idx = 0;
	inv_batch_clear(inv->cur);
}

void inv_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	inv_writer_free(&inv->writer);   /* first: it may still read a batch */
	buffer_clear(inv);
	inv_batch_free(&inv->batches[0]);
	inv_batch_free(&inv->batches[1]);
	free(inv->idx);
	free(inv->ent);
	free(inv->pbuf);
	free(inv->direct);
	strbuf_free(&inv->line);
	free(inv);
}

const char *inv_current(const struct inventory *inv)
{
	return inv->ent;
}

static int flush(struct inventory *inv, struct bwm_error *err);

int inv_enterprise(struct inventory *inv, const char *id, struct bwm_error *err)
{
	if (inv->ent != NULL && strcmp(inv->ent, id) == 0)
		return BWM_OK;
	if (inv->ent != NULL || inv->cur->n > 0) {
		int rc = flush(inv, err);
		if (rc != BWM_OK)
			return rc;
	}
	free(inv->ent);
	inv->ent = xstrdup(id);
	return BWM_OK;
}

/* A value whose JSON text is this long is not OCI-P data: it is written
 * as null (as the cJSON printer, limited to JSONL_MAX_LINE, always did). */
static int too_large(size_t jlen)
{
	return jlen + 2 >= JSONL_MAX_LINE;
}

/* Field f = name (not copied: it must live as long as the arena's
 * contents) and the JSON string literal of value, in the arena. */
static void set_str_field(struct inventory *inv, struct inv_field *f, const char *name,
			  const char *value)
{
	f->nlen = strlen(name);
	f->name = name;
	size_t n = strlen(value);
	char *j;
	if (jtext_is_plain(value, n)) {   /* the usual case: copy as is */
		f->jlen = n + 2;
		j = arena_alloc(&inv->cur->arena, n + 3);
		j[0] = '"';
		memcpy(j + 1, value, n);
		j[n + 1] = '"';
		j[n + 2] = '\0';
	} else {
		f->jlen = jtext_quoted_len(value, n);
		j = arena_alloc(&inv->cur->arena, f->jlen + 1);
		jtext_quote(j, value, n);
	}
	f->json = j;
	if (too_large(f->jlen)) {
		f->json = "null";   /* static: never freed */
		f->jlen = 4;
	}
}

/* Field f = name and the JSON text of cJSON value v, in the arena. */
static void set_field(struct inventory *inv, struct inv_field *f, const char *name, const cJSON *v)
{
	name = arena_strdup(&inv->cur->arena, name);   /* the cJSON tree dies at seal */
	if (cJSON_IsString(v) && v->valuestring != NULL) {
		set_str_field(inv, f, name, v->valuestring);
		return;
	}
	f->nlen = strlen(name);
	f->name = name;
	if (cJSON_IsRaw(v) && v->valuestring != NULL) {   /* JSON text made by a handler */
		f->jlen = strlen(v->valuestring);
		f->json = arena_strndup(&inv->cur->arena, v->valuestring, f->jlen);
		return;
	}
	if (cJSON_IsBool(v)) {
		f->json = cJSON_IsTrue(v) ? "true" : "false";   /* static: never freed */
		f->jlen = strlen(f->json);
		return;
	}
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
	f->json = arena_strndup(&inv->cur->arena, inv->pbuf, f->jlen);
}

/* Give the open record its fields: the direct ones, then its cJSON
 * members (which were all added after them) printed into the arena. */
static void seal(struct inventory *inv)
{
	struct inv_rec *r = inv->open;
	if (r == NULL)
		return;
	size_t n = inv->n_direct;
	if (r->obj != NULL)
		for (const cJSON *it = r->obj->child; it != NULL; it = it->next)
			n++;
	r->f = arena_alloc(&inv->cur->arena, (n ? n : 1) * sizeof *r->f);
	if (inv->n_direct > 0)   /* direct is NULL until the first one */
		memcpy(r->f, inv->direct, inv->n_direct * sizeof *r->f);
	r->nf = inv->n_direct;
	inv->n_direct = 0;
	if (r->obj != NULL) {
		for (const cJSON *it = r->obj->child; it != NULL; it = it->next)
			set_field(inv, &r->f[r->nf++], it->string, it);
		cJSON_Delete(r->obj);
		r->obj = NULL;
	}
	inv->open = NULL;
}

struct inv_rec *inv_add(struct inventory *inv, enum inv_kind kind, int prio,
			const char *file, long line)
{
	seal(inv);
	struct inv_rec *r = arena_alloc(&inv->cur->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->prio = prio;
	r->seq = inv->seq++;
	/* consecutive records mostly come from one file: share the string */
	struct inv_batch *b = inv->cur;
	if (b->n > 0 && strcmp(b->recs[b->n - 1]->file, file) == 0)
		r->file = b->recs[b->n - 1]->file;
	else
		r->file = arena_strdup(&inv->cur->arena, file);
	r->line = line;
	r->key = "";
	r->obj = NULL;
	inv_batch_push(b, r);
	inv->open = r;
	if (inv->ent != NULL && kind != INV_ENTERPRISE)
		inv_put_str(inv, r, "enterprise", inv->ent);
	return r;
}

cJSON *inv_obj(struct inv_rec *r)
{
	if (r->obj == NULL)
		r->obj = cJSON_CreateObject();
	return r->obj;
}

/* A new direct field of the open record. */
static struct inv_field *direct_push(struct inventory *inv)
{
	if (inv->n_direct == inv->cap_direct) {
		inv->cap_direct = inv->cap_direct ? inv->cap_direct * 2 : 32;
		inv->direct = xrealloc(inv->direct, inv->cap_direct * sizeof *inv->direct);
	}
	return &inv->direct[inv->n_direct++];
}

void inv_put_str(struct inventory *inv, struct inv_rec *r, const char *name, const char *value)
{
	if (value == NULL || r != inv->open)
		return;
	if (r->obj != NULL)     /* keep the order members were added in */
		cJSON_AddStringToObject(r->obj, name, value);
	else
		set_str_field(inv, direct_push(inv), name, value);
}

void inv_put_bool_text(struct inventory *inv, struct inv_rec *r, const char *name,
		       const char *text)
{
	if (text == NULL || r != inv->open)
		return;
	int is_true = strcmp(text, "true") == 0;
	if (!is_true && strcmp(text, "false") != 0) {
		inv_put_str(inv, r, name, text);
		return;
	}
	if (r->obj != NULL) {
		oci_put_bool_text(r->obj, name, text);
		return;
	}
	struct inv_field *f = direct_push(inv);
	f->nlen = strlen(name);
	f->name = name;
	f->json = is_true ? "true" : "false";   /* static: never freed */
	f->jlen = strlen(f->json);
}

void inv_put_json(struct inventory *inv, struct inv_rec *r, const char *name, const char *json,
		  size_t len)
{
	if (json == NULL || r != inv->open)
		return;
	if (r->obj != NULL) {     /* keep the order members were added in */
		cJSON_AddRawToObject(r->obj, name, json);
		return;
	}
	struct inv_field *f = direct_push(inv);
	f->nlen = strlen(name);
	f->name = name;
	f->jlen = too_large(len) ? 4 : len;
	f->json = too_large(len) ? "null" : arena_strndup(&inv->cur->arena, json, len);
}

static const char *str_arena(struct inventory *inv, const char *s)
{
	return s ? arena_strdup(&inv->cur->arena, s) : NULL;
}

void inv_set_key(struct inventory *inv, struct inv_rec *r, const char *fmt, ...)
{
	va_list ap;
	strbuf_reset(&inv->line);
	va_start(ap, fmt);
	if (jtext_format_simple(fmt))   /* every key's shape: no vsnprintf */
		jtext_vformat(&inv->line, fmt, ap);
	else
		strbuf_vaddf(&inv->line, fmt, ap);
	va_end(ap);
	r->key = arena_strndup(&inv->cur->arena, inv->line.buf, inv->line.len);
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
	inv->idx[inv->n_idx].id = arena_strdup(&inv->cur->arena, id);
	inv->idx[inv->n_idx].group = arena_strdup(&inv->cur->arena, group);
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
	inv_put_str(inv, r, "command", command);
	inv_put_str(inv, r, "request", request);
	inv_put_str(inv, r, "subject", subject);
	inv_put_str(inv, r, "message", message);
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
	struct inv_field *f = arena_alloc(&inv->cur->arena, (r->nf + 1) * sizeof *f);
	memcpy(f, r->f, r->nf * sizeof *f);
	set_str_field(inv, &f[r->nf], name, value);
	r->f = f;
	r->nf++;
}

/* Give a waiting record its key, or put a source_error in its place. */
static void resolve(struct inventory *inv, size_t i)
{
	struct inv_rec *r = inv->cur->recs[i];
	const char *group = idx_find(inv, r->pending_id);
	const char *ent = inv->ent ? inv->ent : "";
	if (group != NULL && inv->ent != NULL) {
		struct strbuf owner = STRBUF_INIT;
		/* not strbuf_addf: this runs for most per-user records */
		strbuf_addstr(&owner, ent);
		strbuf_addch(&owner, '/');
		strbuf_addstr(&owner, group);
		strbuf_addch(&owner, '/');
		strbuf_addstr(&owner, r->pending_id);
		add_field(inv, r, "group", group);
		if (r->owner_field != NULL)
			add_field(inv, r, r->owner_field, owner.buf);
		if (r->suffix != NULL)
			strbuf_addstr(&owner, r->suffix);
		r->key = arena_strndup(&inv->cur->arena, owner.buf, owner.len);
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
	inv->cur->recs[i] = e;
	inv->cur->n--;
	e->seq = r->seq;
}

/* Resolve the enterprise's waiting keys and hand its records to the
 * writer; go on filling the other batch, which the writer has finished
 * with (submit waits for it). */
static int flush(struct inventory *inv, struct bwm_error *err)
{
	seal(inv);
	if (inv->n_idx > 1)
		qsort(inv->idx, inv->n_idx, sizeof *inv->idx, idx_cmp);
	size_t n = inv->cur->n;
	for (size_t i = 0; i < n; i++)
		if (inv->cur->recs[i]->pending_id != NULL)
			resolve(inv, i);
	int rc = inv_writer_submit(&inv->writer, inv->cur, err);
	inv->cur = inv->cur == &inv->batches[0] ? &inv->batches[1] : &inv->batches[0];
	buffer_clear(inv);
	return rc;
}

int inv_flush(struct inventory *inv, struct bwm_error *err)
{
	int rc = flush(inv, err);
	int wrc = inv_writer_wait(&inv->writer, rc == BWM_OK ? err : NULL);
	return rc != BWM_OK ? rc : wrc;
}

const size_t *inv_written(struct inventory *inv)
{
	inv_writer_wait(&inv->writer, NULL);   /* counts are the writer's */
	return inv->writer.written;
}

size_t inv_warnings(const struct inventory *inv)
{
	return inv->warnings;
}
