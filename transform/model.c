/*
 * model.c — one enterprise's index: every inventory record of the
 * enterprise, merged by kind and key (later members win), sorted by key,
 * and linked (users to groups, services and devices to users). It is the
 * unit of memory of the stage: built, planned, freed.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- a small string -> pointer hash table ------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ^ (h >> 29);   /* fold high bits into the slot bits */
}

static void map_insert(struct tx_map *m, const char *k, uint64_t h, void *v)
{
	size_t i = h & (m->cap - 1);
	while (m->k[i] != NULL && (m->h[i] != h || strcmp(m->k[i], k) != 0))
		i = (i + 1) & (m->cap - 1);
	if (m->k[i] == NULL)
		m->n++;
	m->k[i] = k;
	m->h[i] = h;
	m->v[i] = v;
}

static void map_grow(struct tx_map *m)
{
	struct tx_map old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->k = xcalloc(m->cap, sizeof *m->k);
	m->v = xcalloc(m->cap, sizeof *m->v);
	m->h = xcalloc(m->cap, sizeof *m->h);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.k[i] != NULL)
			map_insert(m, old.k[i], old.h[i], old.v[i]);
	free(old.k);
	free(old.v);
	free(old.h);
}

void *tx_map_get(const struct tx_map *m, const char *k)
{
	if (m->cap == 0 || k == NULL)
		return NULL;
	uint64_t h = hash_str(k);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->k[i] == NULL)
			return NULL;
		if (m->h[i] == h && strcmp(m->k[i], k) == 0)
			return m->v[i];
	}
}

/* Kept at most half full so that probe sequences stay short. */
void tx_map_put(struct tx_map *m, const char *k, void *v)
{
	if ((m->n + 1) * 2 >= m->cap)
		map_grow(m);
	map_insert(m, k, hash_str(k), v);
}

void tx_map_free(struct tx_map *m)
{
	free(m->k);
	free(m->v);
	free(m->h);
	memset(m, 0, sizeof *m);
}

void tx_ids_add(struct tx_list_ids *l, const char *id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(id);
}

void tx_ids_free(struct tx_list_ids *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- the enterprise index ------------------------------------------------ */

static void list_add(struct tx_list *l, cJSON *rec)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = rec;
}

void tx_ent_init(struct tx_ent *e, const char *id, long ordinal)
{
	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	e->ordinal = ordinal;
}

const char *tx_record_enterprise(const cJSON *rec)
{
	const char *kind = json_str(rec, "kind");
	if (kind != NULL && strcmp(kind, "enterprise") == 0)
		return json_str(rec, "id") ? json_str(rec, "id") : json_str(rec, "key");
	return json_str(rec, "enterprise");
}

static struct tx_list *list_for(struct tx_ent *e, const char *kind)
{
	static const struct { const char *kind; size_t off; } kinds[] = {
		{ "group", offsetof(struct tx_ent, groups) },
		{ "user", offsetof(struct tx_ent, users) },
		{ "number", offsetof(struct tx_ent, numbers) },
		{ "device", offsetof(struct tx_ent, devices) },
		{ "service", offsetof(struct tx_ent, services) },
		{ "hunt_group", offsetof(struct tx_ent, virt) },
		{ "auto_attendant", offsetof(struct tx_ent, virt) },
		{ "call_center", offsetof(struct tx_ent, virt) },
		{ "paging_group", offsetof(struct tx_ent, virt) },
		{ "user_setting", offsetof(struct tx_ent, usettings) },
		{ "source_error", offsetof(struct tx_ent, errors) },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (struct tx_list *)((char *)e + kinds[i].off);
	return NULL;
}

/* Later members win: move every member of rec into old. */
static void merge_into(cJSON *old, cJSON *rec)
{
	cJSON *it;
	while ((it = rec->child) != NULL) {
		cJSON_DetachItemViaPointer(rec, it);
		cJSON_DeleteItemFromObjectCaseSensitive(old, it->string);
		cJSON_AddItemToObject(old, it->string, it);
	}
	cJSON_Delete(rec);
}

/* A setting of a feature's service user (its forwarding, its alternate
 * numbers): kept for the feature planners. The extractor writes features
 * before user settings, so the feature is indexed already. */
static int feature_setting(const struct tx_ent *e, const cJSON *rec)
{
	static const char *const kinds[] = { "hunt_group", "call_center", "paging_group" };
	const char *user = json_str(rec, "user");
	int found = 0;
	if (e->virt.n == 0)          /* no feature read yet: nothing to look up */
		return 0;
	for (size_t i = 0; user != NULL && !found && i < sizeof kinds / sizeof kinds[0]; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s:%s", kinds[i], user);
		found = tx_map_get(&e->index, sb.buf) != NULL;
		strbuf_free(&sb);
	}
	return found;
}

void tx_ent_add(struct tx_ent *e, cJSON *rec)
{
	const char *kind = json_str(rec, "kind");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", kind, json_str(rec, "key"));
	cJSON *old = tx_map_get(&e->index, sb.buf);
	if (old != NULL) {
		merge_into(old, rec);
		strbuf_free(&sb);
		return;
	}
	if (e->n_keys == e->cap_keys) {
		e->cap_keys = e->cap_keys ? e->cap_keys * 2 : 64;
		e->keys = xrealloc(e->keys, e->cap_keys * sizeof *e->keys);
	}
	char *k = strbuf_detach(&sb);
	e->keys[e->n_keys++] = k;
	tx_map_put(&e->index, k, rec);
	if (strcmp(kind, "enterprise") == 0 && e->ent == NULL) {
		e->ent = rec;
		return;
	}
	struct tx_list *l = list_for(e, kind);
	/* a feature's service user settings are read by the feature planners
	 * (through the index), not planned as a person's settings */
	if (strcmp(kind, "user_setting") == 0 && feature_setting(e, rec))
		l = &e->settings;
	if (l == NULL)          /* unknown kinds and a second enterprise record with */
		l = &e->settings;   /* another key are kept (and freed), not planned */
	list_add(l, rec);
}

static int key_cmp(const void *a, const void *b)
{
	const char *ka = json_str(*(cJSON *const *)a, "key");
	const char *kb = json_str(*(cJSON *const *)b, "key");
	return strcmp(ka, kb);
}

/* The extractor writes records in key order, so usually this is one
 * linear check; runs merged from several parts of the input get sorted. */
static void sort_list(struct tx_list *l)
{
	for (size_t i = 1; i < l->n; i++) {
		if (key_cmp(&l->v[i - 1], &l->v[i]) > 0) {
			qsort(l->v, l->n, sizeof *l->v, key_cmp);
			return;
		}
	}
}

static void push_str(const char ***v, size_t *n, const char *s)
{
	/* Small per-user arrays: grow by powers of two. */
	if ((*n & (*n - 1)) == 0 || *n == 0)
		*v = xrealloc(*v, (*n ? *n * 2 : 2) * sizeof **v);
	(*v)[(*n)++] = s;
}

static void link_groups(struct tx_ent *e)
{
	e->n_grp = e->groups.n;
	e->grp = xcalloc(e->n_grp + 1, sizeof *e->grp);
	for (size_t i = 0; i < e->n_grp; i++) {
		struct tx_grp *g = &e->grp[i];
		g->j = e->groups.v[i];
		g->key = json_str(g->j, "key");
		g->id = json_str_or(g->j, "id", g->key);
		tx_map_put(&e->grp_by_id, g->id, g);
	}
	for (size_t i = 0; i < e->numbers.n; i++) {
		cJSON *n = e->numbers.v[i];
		struct tx_grp *g = tx_map_get(&e->grp_by_id, json_str(n, "group"));
		const char *num = json_str(n, "number");
		if (g == NULL || num == NULL)
			continue;
		if (g->n_num == g->cap_num) {
			g->cap_num = g->cap_num ? g->cap_num * 2 : 16;
			g->num = xrealloc(g->num, g->cap_num * sizeof *g->num);
		}
		g->num[g->n_num++] = n;
		tx_map_put(&g->nums, num, n);
	}
}

static void link_users(struct tx_ent *e)
{
	e->n_usr = e->users.n;
	e->usr = xcalloc(e->n_usr + 1, sizeof *e->usr);
	for (size_t i = 0; i < e->n_usr; i++) {
		struct tx_user *u = &e->usr[i];
		u->j = e->users.v[i];
		u->grp = tx_map_get(&e->grp_by_id, json_str(u->j, "group"));
		tx_map_put(&e->usr_by_key, json_str(u->j, "key"), u);
		if (json_str(u->j, "id") != NULL)
			tx_map_put(&e->usr_by_id, json_str(u->j, "id"), u);
		if (u->grp != NULL) {
			struct tx_grp *g = u->grp;
			if (g->n_users == g->cap_users) {
				g->cap_users = g->cap_users ? g->cap_users * 2 : 16;
				g->users = xrealloc(g->users, g->cap_users * sizeof *g->users);
			}
			g->users[g->n_users++] = u;
		}
	}
	for (size_t i = 0; i < e->services.n; i++) {
		cJSON *s = e->services.v[i];
		struct tx_user *u = tx_map_get(&e->usr_by_key, json_str(s, "owner"));
		const char *name = json_str(s, "name");
		if (u == NULL || name == NULL)
			continue;
		if (strcmp(json_str_or(s, "type", "service"), "service_pack") == 0)
			push_str(&u->pack, &u->n_pack, name);
		else
			push_str(&u->svc, &u->n_svc, name);
	}
}

/* Devices: count each user's devices and find the primary device's type;
 * call centers: mark their agents. */
static void link_devices(struct tx_ent *e)
{
	for (size_t i = 0; i < e->devices.n; i++) {
		cJSON *d = e->devices.v[i];
		const cJSON *ln;
		struct tx_user *last = NULL;
		cJSON_ArrayForEach(ln, cJSON_GetObjectItemCaseSensitive(d, "lines")) {
			struct tx_user *u = tx_map_get(&e->usr_by_id, json_str(ln, "userId"));
			if (u == NULL || u == last)
				continue;
			last = u;
			u->n_devices++;
		}
	}
	for (size_t i = 0; i < e->n_usr; i++) {
		struct tx_user *u = &e->usr[i];
		const cJSON *dev = cJSON_GetObjectItemCaseSensitive(u->j, "device");
		const char *name = json_str(dev, "name");
		if (name == NULL || u->grp == NULL)
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "device:%s/%s", u->grp->key, name);
		cJSON *d = tx_map_get(&e->index, sb.buf);
		strbuf_free(&sb);
		u->device_type = json_str(d, "type");
	}
	for (size_t i = 0; i < e->virt.n; i++) {
		if (strcmp(json_str(e->virt.v[i], "kind"), "call_center") != 0)
			continue;
		const cJSON *a;
		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(e->virt.v[i], "agents")) {
			struct tx_user *u = tx_map_get(&e->usr_by_id, json_str(a, "userId"));
			if (u != NULL)
				u->agent = 1;
		}
	}
}

void tx_ent_index(struct tx_ent *e)
{
	struct tx_list *lists[] = { &e->groups, &e->users, &e->numbers, &e->devices,
				    &e->services, &e->virt, &e->errors, &e->usettings };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		sort_list(lists[i]);
	link_groups(e);
	link_users(e);
	link_devices(e);
}

void tx_ent_free(struct tx_ent *e)
{
	for (size_t i = 0; i < e->n_usr; i++) {
		free(e->usr[i].svc);
		free(e->usr[i].pack);
		free(e->usr[i].email);
		tx_ids_free(&e->usr[i].blocked);
	}
	for (size_t i = 0; i < e->n_grp; i++) {
		free(e->grp[i].users);
		free(e->grp[i].num);
		tx_map_free(&e->grp[i].nums);
		tx_ids_free(&e->grp[i].blocked);
	}
	free(e->usr);
	free(e->grp);
	cJSON_Delete(e->ent);
	struct tx_list *lists[] = { &e->groups, &e->users, &e->numbers, &e->devices,
				    &e->services, &e->virt, &e->settings, &e->errors,
				    &e->usettings };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		for (size_t j = 0; j < lists[i]->n; j++)
			cJSON_Delete(lists[i]->v[j]);
		free(lists[i]->v);
	}
	for (size_t i = 0; i < e->n_keys; i++)
		free(e->keys[i]);
	free(e->keys);
	tx_map_free(&e->index);
	tx_map_free(&e->grp_by_id);
	tx_map_free(&e->usr_by_id);
	tx_map_free(&e->usr_by_key);
	free(e->id);
	memset(e, 0, sizeof *e);
}
