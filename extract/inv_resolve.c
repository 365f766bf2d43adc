/*
 * inv_resolve.c — placing records that only know a user or service
 * instance id (see inv_resolve() in inv_write.h).
 *
 * A UserServiceGetAssignmentList response, a user setting or a device
 * user row names a user but not the user's group, and the key of what it
 * describes is ENT/GROUP/user. The group comes from the enterprise's
 * index (user lists, UserGet, service instance lists, device user lists),
 * which is complete only once the whole enterprise has been read; so this
 * runs when the enterprise is written, on the writer's thread.
 */
#include "extract/inv_write.h"

#include <stdlib.h>
#include <string.h>

static int idx_cmp(const void *a, const void *b)
{
	const struct inv_index_entry *x = a, *y = b;
	return strcmp(x->id, y->id);
}

static const char *idx_find(const struct inv_batch *b, const char *id)
{
	if (b->n_idx == 0)
		return NULL;
	struct inv_index_entry key = { id, NULL };
	struct inv_index_entry *e = bsearch(&key, b->idx, b->n_idx, sizeof *b->idx, idx_cmp);
	return e ? e->group : NULL;
}

/* Append string members to a sealed record (value NULL: none). */
static void add_fields(struct inv_batch *b, struct inv_rec *r, const char *n1, const char *v1,
		       const char *n2, const char *v2)
{
	size_t more = (v1 != NULL) + (v2 != NULL);
	struct inv_field *f = arena_alloc(&b->arena, (r->nf + more) * sizeof *f);
	if (r->nf > 0)
		memcpy(f, r->f, r->nf * sizeof *f);
	if (v1 != NULL)
		inv_field_str(&b->arena, &f[r->nf++], n1, v1);
	if (v2 != NULL)
		inv_field_str(&b->arena, &f[r->nf++], n2, v2);
	r->f = f;
}

/* ENT/GROUP/id (ENT/GROUP for a group_owner record): the owner's key;
 * the record's key is that plus its suffix. */
static void place(struct inv_batch *b, struct inv_rec *r, const char *group)
{
	struct strbuf owner = STRBUF_INIT;
	/* not strbuf_addf: this runs for most per-user records */
	strbuf_addstr(&owner, b->ent);
	strbuf_addch(&owner, '/');
	strbuf_addstr(&owner, group);
	if (!r->group_owner) {
		strbuf_addch(&owner, '/');
		strbuf_addstr(&owner, r->pending_id);
	}
	add_fields(b, r, "group", group, r->owner_field, r->owner_field ? owner.buf : NULL);
	if (r->suffix != NULL)
		strbuf_addstr(&owner, r->suffix);
	r->key = arena_strndup(&b->arena, owner.buf, owner.len);
	strbuf_free(&owner);
}

/* The record becomes a source_error about its id, with the members a
 * source_error made while reading has: enterprise, command, subject,
 * message. */
static void unplaced(struct inv_batch *b, struct inv_rec *r)
{
	const char *ent = b->ent ? b->ent : "";
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "%s:%ld: %s for '%s' cannot be placed: no user list, UserGet, "
		    "service instance list or device user list of enterprise '%s' names it; "
		    "capture one of those for '%s' (or pair the response with a request "
		    "naming its group)", r->file, r->line, r->cmd ? r->cmd : "response",
		    r->pending_id, ent, r->pending_id);
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s#error:%s:%ld#%s", ent, r->file, r->line, r->pending_id);

	r->kind = INV_SOURCE_ERROR;
	r->prio = 0;
	r->key = arena_strndup(&b->arena, key.buf, key.len);
	r->f = arena_alloc(&b->arena, 4 * sizeof *r->f);
	r->nf = 0;
	if (b->ent != NULL)
		inv_field_str(&b->arena, &r->f[r->nf++], "enterprise", b->ent);
	if (r->cmd != NULL)
		inv_field_str(&b->arena, &r->f[r->nf++], "command", r->cmd);
	inv_field_str(&b->arena, &r->f[r->nf++], "subject", r->pending_id);
	inv_field_str(&b->arena, &r->f[r->nf++], "message", msg.buf);
	r->pending_id = NULL;

	strbuf_add(&b->warnings, msg.buf, msg.len + 1);   /* with its '\0' */
	b->n_warnings++;
	strbuf_free(&key);
	strbuf_free(&msg);
}

void inv_resolve(struct inv_batch *b)
{
	if (b->n_idx > 1)
		qsort(b->idx, b->n_idx, sizeof *b->idx, idx_cmp);
	for (size_t i = 0; i < b->n; i++) {
		struct inv_rec *r = b->recs[i];
		if (r->pending_id == NULL)
			continue;
		const char *group = idx_find(b, r->pending_id);
		if (group != NULL && b->ent != NULL)
			place(b, r, group);
		else
			unplaced(b, r);
	}
}
