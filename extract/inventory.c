/*
 * inventory.c — the per-enterprise merge buffer.
 *
 * Handlers add records as responses stream past. Records of the current
 * enterprise are held here, in a batch, until the enterprise changes (or
 * the input ends); then the batch goes to the writer (inv_write.c), which
 * on a thread of its own resolves keys still waiting for a group through
 * the index (inv_resolve.c), sorts the records by kind, key, priority and
 * arrival, merges records with the same kind and key (the later/higher-
 * priority one wins for each field it has) and writes JSON Lines, while
 * the next enterprise is read into the other batch. Memory is therefore
 * bounded by two enterprises, never by the input.
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

/* One command family of the current enterprise the extractor cannot read:
 * how often it came and where first. Becomes an `unread` record. */
struct inv_unread {
	char *family, *type, *file;   /* owned */
	long line;
	size_t count;
};

struct inventory {
	const struct bwm_log *log;    /* not owned; may be NULL */
	char *ent;                    /* current enterprise id; owned; NULL before any */
	struct inv_batch batches[2];  /* one being filled, the other maybe being written */
	struct inv_batch *cur;        /* records, fields, index of this enterprise */
	struct inv_writer writer;
	struct inv_rec *open;         /* the record still being filled, or NULL */
	size_t seq;                   /* next arrival number */
	size_t warnings;              /* source_errors made by the extractor */
	struct strbuf line;           /* scratch for keys */
	char *pbuf;                   /* print buffer for sealing; owned */
	size_t pcap;
	struct inv_field *direct;     /* direct fields of the open record; owned */
	size_t n_direct, cap_direct;
	struct inv_unread *unread;    /* unknown families of this enterprise; owned */
	size_t n_unread, cap_unread;
};

static const char *const kind_names[INV_KIND_COUNT] = {
	"enterprise", "group", "user", "number", "device", "service", "hunt_group",
	"auto_attendant", "call_center", "paging_group", "user_setting", "schedule",
	"call_park", "call_pickup", "call_park_settings", "source_error", "unread",
};

const char *extract_kind_name(enum inv_kind kind)
{
	return (unsigned)kind < INV_KIND_COUNT ? kind_names[kind] : "?";
}

struct inventory *inv_new(FILE *out, const struct bwm_log *log, size_t thread_min)
{
	struct inventory *inv = xcalloc(1, sizeof *inv);
	inv->log = log;
	inv_batch_init(&inv->batches[0]);
	inv_batch_init(&inv->batches[1]);
	inv->cur = &inv->batches[0];
	inv_writer_init(&inv->writer, out, thread_min);
	strbuf_init(&inv->line);
	inv->pcap = 64 * 1024;
	inv->pbuf = xmalloc(inv->pcap);
	return inv;
}

static void unread_clear(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n_unread; i++) {
		free(inv->unread[i].family);
		free(inv->unread[i].type);
		free(inv->unread[i].file);
	}
	inv->n_unread = 0;
}

static void buffer_clear(struct inventory *inv)
{
	if (inv->open != NULL)
		cJSON_Delete(inv->open->obj);
	inv->open = NULL;
	inv->n_direct = 0;
	inv_batch_clear(inv->cur);
}

void inv_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	inv_writer_free(&inv->writer);   /* first: it may still read a batch */
	buffer_clear(inv);
	unread_clear(inv);
	free(inv->unread);
	inv_batch_free(&inv->batches[0]);
	inv_batch_free(&inv->batches[1]);
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
	if (inv->ent != NULL || inv->cur->n > 0 || inv->n_unread > 0) {
		int rc = flush(inv, err);
		if (rc != BWM_OK)
			return rc;
	}
	free(inv->ent);
	inv->ent = xstrdup(id);
	return BWM_OK;
}

static void set_str_field(struct inventory *inv, struct inv_field *f, const char *name,
			  const char *value)
{
	inv_field_str(&inv->cur->arena, f, name, value);
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
	f->jlen = inv_json_too_large(len) ? 4 : len;
	f->json = inv_json_too_large(len) ? "null" : arena_strndup(&inv->cur->arena, json, len);
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

void inv_set_group_owner(struct inventory *inv, struct inv_rec *r, const char *id,
			 const char *owner_field, const char *suffix, const char *cmd)
{
	inv_set_owner(inv, r, id, owner_field, suffix, cmd);
	r->group_owner = 1;
}

void inv_index(struct inventory *inv, const char *id, const char *group)
{
	if (id != NULL && group != NULL)
		inv_batch_index(inv->cur, id, group);
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

void inv_unread(struct inventory *inv, const char *family, const char *type, const char *file,
		long line)
{
	for (size_t i = 0; i < inv->n_unread; i++)
		if (strcmp(inv->unread[i].family, family) == 0) {
			inv->unread[i].count++;
			return;
		}
	if (inv->n_unread == inv->cap_unread) {
		inv->cap_unread = inv->cap_unread ? inv->cap_unread * 2 : 8;
		inv->unread = xrealloc(inv->unread, inv->cap_unread * sizeof *inv->unread);
	}
	struct inv_unread *u = &inv->unread[inv->n_unread++];
	u->family = xstrdup(family);
	u->type = xstrdup(type);
	u->file = xstrdup(file);
	u->line = line;
	u->count = 1;
}

/* The enterprise's unread families become records (the writer sorts
 * them by key, so the order they came in does not matter). */
static void add_unread_records(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n_unread; i++) {
		const struct inv_unread *u = &inv->unread[i];
		struct inv_rec *r = inv_add(inv, INV_UNREAD, 0, u->file, u->line);
		inv_set_key(inv, r, "%s#unread:%s", inv->ent ? inv->ent : "", u->family);
		inv_put_str(inv, r, "command", u->type);
		cJSON_AddNumberToObject(inv_obj(r), "count", (double)u->count);
	}
	unread_clear(inv);
}

/* ---- flush -------------------------------------------------------------- */

/* Log what the writer found while writing batch b (records it could not
 * place); b is finished with. Done on this thread, in batch order: right
 * after the batch when it was written inline, and at the next hand-over
 * (after the next enterprise's own read warnings) when a thread wrote it. */
static void log_writer_warnings(struct inventory *inv, struct inv_batch *b)
{
	const char *p = b->warnings.buf;
	for (size_t i = 0; i < b->n_warnings; i++) {
		bwm_warn(inv->log, "%s", p);
		p += strlen(p) + 1;
	}
	inv->warnings += b->n_warnings;
	strbuf_reset(&b->warnings);
	b->n_warnings = 0;
}

static struct inv_batch *other(struct inventory *inv)
{
	return inv->cur == &inv->batches[0] ? &inv->batches[1] : &inv->batches[0];
}

/* Hand the enterprise's records to the writer and go on filling the
 * other batch, which the writer has finished with (submit waits for it). */
static int flush(struct inventory *inv, struct bwm_error *err)
{
	add_unread_records(inv);
	seal(inv);
	inv->cur->ent = inv->ent ? arena_strdup(&inv->cur->arena, inv->ent) : NULL;
	struct inv_batch *sent = inv->cur;
	int rc = inv_writer_submit(&inv->writer, sent, err);
	inv->cur = other(inv);
	log_writer_warnings(inv, inv->cur);   /* the batch before: submit waited for it */
	if (!inv_writer_busy(&inv->writer))
		log_writer_warnings(inv, sent);   /* written inline */
	buffer_clear(inv);
	return rc;
}

/* Wait for the writer and log what it found. */
static int sync_writer(struct inventory *inv, struct bwm_error *err)
{
	int rc = inv_writer_wait(&inv->writer, err);
	log_writer_warnings(inv, other(inv));
	return rc;
}

int inv_flush(struct inventory *inv, struct bwm_error *err)
{
	int rc = flush(inv, err);
	int wrc = sync_writer(inv, rc == BWM_OK ? err : NULL);
	return rc != BWM_OK ? rc : wrc;
}

const size_t *inv_written(struct inventory *inv)
{
	sync_writer(inv, NULL);   /* counts are the writer's */
	return inv->writer.written;
}

size_t inv_warnings(struct inventory *inv)
{
	sync_writer(inv, NULL);
	return inv->warnings;
}
