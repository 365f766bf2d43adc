/*
 * devicemove_ucone.c — UC-One clients found in the inventory.
 *
 * A UC-One soft client is a BroadWorks access device like a phone, but the
 * plan has no `device` entry for it: on Webex its user gets the Webex App,
 * not a device. Its move is the upgrade tag on BroadWorks, due once its
 * users are on Webex, so with --inventory the inventory's devices are read
 * one at a time and a client whose device type the policy names as UC-One
 * is written when every user on its lines has a `subscriber` entry done in
 * the journal. The inventory captures only some profile members, so a
 * member it does not name counts as not captured (strict): a policy that
 * changes one is refused for inventory clients rather than guessed back.
 */
#include "load/devicemove_run.h"

#include <string.h>

/* What the journal says of the client's users: how many it knows, how many
 * are in the wave, and the first one that is not done (copied to why). */
static void users_state(struct dm_run *r, const cJSON *rec, size_t *known, size_t *in_wave,
			char *why, size_t nwhy)
{
	const cJSON *lines = cJSON_GetObjectItemCaseSensitive(rec, "lines"), *l;
	*known = *in_wave = 0;
	why[0] = '\0';
	cJSON_ArrayForEach(l, lines) {
		const char *user = json_str(l, "userId");
		if (user == NULL)
			continue;
		struct strbuf key = STRBUF_INIT;
		strbuf_addf(&key, "%s/%s/%s", json_str_or(rec, "enterprise", ""),
			    json_str_or(rec, "group", ""), user);
		char hash[PLAN_HASH_LEN], error[256];
		int state = dm_journal_find(r, "subscriber", key.buf, hash, error, sizeof error);
		if (state >= 0) {
			(*known)++;
			*in_wave += r->o->batch == NULL || strcmp(r->found_batch, r->o->batch) == 0;
			if (state != JS_DONE && why[0] == '\0')
				snprintf(why, nwhy, "its user %s is %s on Webex", user,
					 journal_state_name(state));
		}
		strbuf_free(&key);
	}
}

/* The inventory record as a `bw` member: what BroadWorks holds. */
static cJSON *bw_of(const cJSON *rec)
{
	cJSON *bw = cJSON_CreateObject();
	json_add_str_opt(bw, "serviceProviderId", json_str(rec, "enterprise"));
	json_add_str_opt(bw, "groupId", json_str(rec, "group"));
	json_add_str_opt(bw, "deviceName", json_str(rec, "name"));
	json_add_str_opt(bw, "deviceType", json_str(rec, "type"));
	json_add_str_opt(bw, "description", json_str(rec, "description"));
	return bw;
}

static int one_device(struct dm_run *r, const cJSON *rec, long line, struct bwm_error *err)
{
	int ucone;
	const char *key = json_str(rec, "key");
	char hash[PLAN_HASH_LEN], error[256], why[300];
	dm_map_policy(&r->map, json_str(rec, "type"), &ucone);
	if (!ucone || dm_journal_find(r, "device", key, hash, error, sizeof error) >= 0 ||
	    dm_journal_find(r, "activation_code", key, hash, error, sizeof error) >= 0)
		return BWM_OK;   /* a phone, or an entry of the plan: read there */
	size_t known, in_wave;
	users_state(r, rec, &known, &in_wave, why, sizeof why);
	if (known == 0 || in_wave == 0)
		return BWM_OK;   /* its users are not in this plan, or not in this wave */
	r->s->devices++;
	if (why[0]) {
		r->s->not_done++;
		dm_say(r, "not moved device %s (%s, UC-One client): %s; finish the load, then run "
		       "devicemove again", key, json_str_or(rec, "type", ""), why);
		return BWM_OK;
	}
	char where[600];
	snprintf(where, sizeof where, "%s:%ld", r->o->inventory_path, line);
	cJSON *bw = bw_of(rec);
	int rc = dm_move(r, bw, key, where, 1, err);
	cJSON_Delete(bw);
	return rc;
}

int dm_inventory_clients(struct dm_run *r, struct bwm_error *err)
{
	if (r->o->inventory_path == NULL)
		return BWM_OK;
	struct jsonl_reader in = { 0 };
	int rc = jsonl_open(&in, r->o->inventory_path, err);
	while (rc == BWM_OK) {
		cJSON *rec = NULL;
		rc = jsonl_next(&in, &rec, err);
		if (rc != BWM_OK || rec == NULL)
			break;
		if (strcmp(json_str(rec, "kind"), "device") == 0)
			rc = one_device(r, rec, in.line, err);
		cJSON_Delete(rec);
	}
	if (in.fp)
		jsonl_close(&in);
	return rc;
}
