/*
 * device_lines.c — who appears on which phone. A phone's primary owner is
 * the user whose accessDeviceEndpoint names it; its other lines are the
 * rows of its deviceUserTable (GroupAccessDeviceGetUserList) and the
 * endpoints of the users' shared call appearances
 * (UserSharedCallAppearanceGet endpointTable). The owners and appearances
 * are gathered in one pass over the customer's users into maps by device
 * key, so that each device then costs only its own lines.
 */
#include "transform/devices.h"

#include <stdlib.h>
#include <string.h>

static const char *own_key(struct dev_lines *dl, const char *grp_key, const char *name)
{
	if (dl->n_keys == dl->cap_keys) {
		dl->cap_keys = dl->cap_keys ? dl->cap_keys * 2 : 32;
		dl->keys = xrealloc(dl->keys, dl->cap_keys * sizeof *dl->keys);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", grp_key, name);
	dl->keys[dl->n_keys] = strbuf_detach(&sb);
	return dl->keys[dl->n_keys++];
}

static struct dev_sca *sca_for(struct dev_lines *dl, const char *grp_key, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", grp_key, name);
	struct dev_sca *s = tx_map_get(&dl->sca, sb.buf);
	strbuf_free(&sb);
	if (s != NULL)
		return s;
	s = xcalloc(1, sizeof *s);
	if (dl->n_scas == dl->cap_scas) {
		dl->cap_scas = dl->cap_scas ? dl->cap_scas * 2 : 16;
		dl->scas = xrealloc(dl->scas, dl->cap_scas * sizeof *dl->scas);
	}
	dl->scas[dl->n_scas++] = s;
	s->key = own_key(dl, grp_key, name);
	tx_map_put(&dl->sca, s->key, s);
	return s;
}

static void sca_add(struct dev_sca *s, const struct dev_line *l)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = *l;
}

static int truthy(const cJSON *o, const char *name, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, "true") == 0;
	return dflt;
}

static int port_of(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsNumber(v))
		return v->valueint;
	if (cJSON_IsString(v))
		return atoi(v->valuestring);
	return 0;
}

/* The value of user u's shared_call_appearance_endpoint record of
 * line/port lp, or NULL when the export has none. */
static const cJSON *endpoint_of(const struct tx_feat *fc, const struct tx_user *u,
				const char *lp)
{
	if (lp == NULL)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user_setting:%s#shared_call_appearance_endpoint:%s",
		    json_str(u->j, "key"), lp);
	const cJSON *rec = tx_map_get(&fc->e->index, sb.buf);
	strbuf_free(&sb);
	return rec ? cJSON_GetObjectItemCaseSensitive(rec, "value") : NULL;
}

/* The shared appearances of user u: each active endpoint of its SCA
 * setting names a device of the user's group. */
static void gather_sca(struct dev_lines *dl, const struct tx_feat *fc, struct tx_user *u)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user_setting:%s#shared_call_appearance", json_str(u->j, "key"));
	const cJSON *rec = tx_map_get(&fc->e->index, sb.buf);
	strbuf_free(&sb);
	const cJSON *row;
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(
				   cJSON_GetObjectItemCaseSensitive(rec, "value"), "endpointTable")) {
		const char *dev = json_str(row, "Device Name");
		if (dev == NULL)
			continue;
		/* UserSharedCallAppearanceGetEndpoint, when captured, has the
		 * appearance's own flags and hotline */
		const cJSON *ep = endpoint_of(fc, u, json_str(row, "Line/Port"));
		if (!truthy(ep ? ep : row, ep ? "isActive" : "Is Active", 1)) {
			char obj[400];
			snprintf(obj, sizeof obj, "device:%s/%s", u->grp->key, dev);
			tx_finding(fc->c->f, TX_INFO, "shared_line_inactive", obj, rec,
				   "add the shared line by hand if the user still needs it",
				   "the inactive shared appearance of %s on \"%s\" is not migrated",
				   json_str_or(u->j, "id", "?"), dev);
			continue;
		}
		struct dev_line l = { u, json_str(u->j, "id"), json_str(row, "Line/Port"),
				      port_of(row, "Port Number"), 0, NULL, rec };
		if (truthy(ep, "useHotline", 0))
			l.hotline = json_str(ep, "hotlineContact");
		sca_add(sca_for(dl, u->grp->key, dev), &l);
	}
}

void dev_lines_gather(struct dev_lines *dl, const struct tx_feat *fc)
{
	memset(dl, 0, sizeof *dl);
	for (size_t i = 0; i < fc->n_g; i++) {
		for (size_t j = 0; j < fc->gs[i]->n_users; j++) {
			struct tx_user *u = fc->gs[i]->users[j];
			const char *dev = json_str(cJSON_GetObjectItemCaseSensitive(u->j, "device"),
						   "name");
			if (dev != NULL) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_addf(&sb, "%s/%s", fc->gs[i]->key, dev);
				/* two users naming one device: the first (key order) owns it */
				if (tx_map_get(&dl->owners, sb.buf) == NULL)
					tx_map_put(&dl->owners, own_key(dl, fc->gs[i]->key, dev), u);
				strbuf_free(&sb);
			}
			gather_sca(dl, fc, u);
		}
	}
}

void dev_lines_free(struct dev_lines *dl)
{
	for (size_t i = 0; i < dl->n_scas; i++) {
		free(dl->scas[i]->v);
		free(dl->scas[i]);
	}
	free(dl->scas);
	for (size_t i = 0; i < dl->n_keys; i++)
		free(dl->keys[i]);
	free(dl->keys);
	tx_map_free(&dl->owners);
	tx_map_free(&dl->sca);
	memset(dl, 0, sizeof *dl);
}

/* The line (user, line/port) among v[0..n), or NULL. */
static struct dev_line *find_line(struct dev_line *v, size_t n, const struct dev_line *l)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].user_id ? v[i].user_id : "", l->user_id ? l->user_id : "") != 0)
			continue;
		if (l->line_port == NULL || v[i].line_port == NULL ||
		    strcmp(v[i].line_port, l->line_port) == 0)
			return &v[i];
	}
	return NULL;
}

static int has_line(struct dev_line *v, size_t n, const struct dev_line *l)
{
	return find_line(v, n, l) != NULL;
}

size_t dev_lines_of(const struct dev_lines *dl, const struct tx_feat *fc, const cJSON *rec,
		    struct tx_user **owner, struct dev_line **out)
{
	const char *key = json_str(rec, "key");
	/* device keys are ENT/GRP/NAME, the maps' GRPKEY/NAME: the same string */
	*owner = tx_map_get(&dl->owners, key);
	const cJSON *lines = cJSON_GetObjectItemCaseSensitive(rec, "lines");
	struct dev_sca *sca = tx_map_get(&dl->sca, key);
	if (sca != NULL)
		sca->seen = 1;
	size_t cap = (size_t)cJSON_GetArraySize(lines) + (sca ? sca->n : 0) + 1, n = 0;
	struct dev_line *v = xcalloc(cap, sizeof *v);
	if (*owner != NULL) {
		const cJSON *ep = cJSON_GetObjectItemCaseSensitive((*owner)->j, "device");
		v[n++] = (struct dev_line){ *owner, json_str((*owner)->j, "id"),
					    json_str(ep, "linePort"), 1, 1, NULL, (*owner)->j };
	}
	const cJSON *ln;
	cJSON_ArrayForEach(ln, lines) {
		const char *uid = json_str(ln, "userId");
		struct dev_line l = { tx_map_get(&fc->e->usr_by_id, uid), uid,
				      json_str(ln, "linePort"), port_of(ln, "order"), 0, NULL, rec };
		if (uid == NULL || has_line(v, n, &l))
			continue;
		/* no user names the phone as its endpoint (not captured): the
		 * row marked as a user's primary line/port gives the owner */
		if (*owner == NULL && l.u != NULL && truthy(ln, "primary", 0)) {
			*owner = l.u;
			l.primary = 1;
			l.port = 1;
			memmove(v + 1, v, n * sizeof *v);
			v[0] = l;
			n++;
			continue;
		}
		v[n++] = l;
	}
	for (size_t i = 0; sca != NULL && i < sca->n; i++) {
		/* a line of the device's user table too: the appearance's
		 * settings (its hotline) still apply */
		struct dev_line *same = find_line(v, n, &sca->v[i]);
		if (same == NULL)
			v[n++] = sca->v[i];
		else if (same->hotline == NULL)
			same->hotline = sca->v[i].hotline;
	}
	*out = v;
	return n;
}

void dev_lines_orphans(const struct dev_lines *dl, const struct tx_feat *fc)
{
	for (size_t i = 0; i < dl->n_scas; i++) {
		const struct dev_sca *s = dl->scas[i];
		for (size_t j = 0; !s->seen && j < s->n; j++) {
			char obj[400];
			snprintf(obj, sizeof obj, "user_setting:%s", json_str_or(s->v[j].rec, "key", ""));
			tx_finding(fc->c->f, TX_INFO, "shared_line_device_missing", obj, s->v[j].rec,
				   "capture the device (GroupAccessDeviceGetRequest) to migrate the "
				   "line, or add it by hand", "the shared appearance of %s on device "
				   "%s is not migrated: the export does not hold that device",
				   s->v[j].user_id, s->key);
		}
	}
}

cJSON *dev_owner_ref(const struct tx_user *u, char *dep, size_t dep_len)
{
	const char *key = json_str(u->j, "key");
	struct strbuf sb = STRBUF_INIT;
	if (u->common) {
		snprintf(dep, dep_len, "workspace:%s", key);
		strbuf_addstr(&sb, dep);
	} else {
		snprintf(dep, dep_len, "subscriber:%s", key);
		strbuf_addf(&sb, "%s#personId", dep);
	}
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "$ref", sb.buf);
	strbuf_free(&sb);
	return r;
}
