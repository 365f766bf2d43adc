/*
 * plan.c — planning one enterprise: decide its customers (one per
 * enterprise, or one per group), run the checks that concern the whole
 * enterprise, and write the entries in dependency order: customer,
 * locations with their numbers, subscribers, workspaces, call features,
 * settings, devices. Errors travel down: a blocked
 * customer blocks its locations, a blocked location its numbers and users.
 */
#include "transform/internal.h"
#include "transform/settings.h"
#include "transform/features.h"
#include "transform/devices.h"

#include <stdlib.h>
#include <string.h>

cJSON *tx_entry_new(const char *kind, const char *key, const char *batch,
		    const char *method, const char *path)
{
	cJSON *x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "kind", kind);
	cJSON_AddStringToObject(x, "key", key);
	cJSON_AddStringToObject(x, "batch", batch ? batch : "");
	cJSON_AddArrayToObject(x, "depends");
	cJSON *req = cJSON_AddObjectToObject(x, "request");
	cJSON_AddStringToObject(req, "method", method);
	cJSON_AddStringToObject(req, "path", path);
	cJSON_AddObjectToObject(x, "params");
	return x;
}

cJSON *tx_entry_delete(cJSON *entry, const char *path)
{
	cJSON *d = cJSON_AddObjectToObject(entry, "delete");
	cJSON_AddStringToObject(d, "path", path);
	return d;
}

void tx_entry_block(cJSON *entry, const struct tx_list_ids *const *lists)
{
	cJSON *arr = NULL;
	for (; *lists != NULL; lists++) {
		for (size_t i = 0; i < (*lists)->n; i++) {
			if (arr == NULL)
				arr = cJSON_AddArrayToObject(entry, "blocked");
			cJSON_AddItemToArray(arr, cJSON_CreateString((*lists)->v[i]));
		}
	}
}

/* Write an entry with its batch, count it, free it. */
static int emit(struct tx_ctx *c, cJSON *x, const char *batch, struct tx_cust_sum *sum)
{
	cJSON_SetValuestring(cJSON_GetObjectItem(x, "batch"), batch);
	int blocked = cJSON_GetObjectItem(x, "blocked") != NULL;
	c->f->entries++;
	c->f->blocked += blocked;
	const char *kind = json_str(x, "kind");
	if (strcmp(kind, "subscriber") == 0) {
		c->f->subscribers++;
		sum->subscribers++;
		sum->blocked += blocked;
	} else if (strcmp(kind, "location") == 0) {
		c->f->locations++;
		sum->locations++;
	} else if (strcmp(kind, "customer") == 0) {
		c->f->customers++;
		sum->blocked_customer = blocked;
	} else if (strcmp(kind, "device") == 0 || strcmp(kind, "activation_code") == 0 ||
		   strcmp(kind, "workspace") == 0) {
		int i = kind[0] == 'w' ? TX_PH_WORKSPACES : kind[0] == 'a' ? TX_PH_CODES
									  : TX_PH_DEVICES;
		c->f->phones[i]++;
		sum->phones[i]++;
	}
	tx_feature_rows_entry(c->f, x);
	int rc = jsonl_write(c->plan, x, c->err);
	cJSON_Delete(x);
	return rc;
}

int tx_emit(struct tx_ctx *c, cJSON *x, const char *batch, struct tx_cust_sum *sum)
{
	return emit(c, x, batch, sum);
}

static const char *const virt_names[][2] = {
	{ "hunt_group", "hunt group" },
	{ "auto_attendant", "auto attendant" },
	{ "call_center", "call center (call queue)" },
	{ "paging_group", "paging group" },
};

/* Findings about the enterprise as a whole: BroadWorks errors met during
 * extraction, virtual users, users outside any group, services
 * assigned to groups. */
static void enterprise_checks(struct tx_ctx *c, struct tx_ent *e)
{
	char obj[400];
	for (size_t i = 0; i < e->errors.n; i++) {
		const cJSON *r = e->errors.v[i];
		const char *subj = json_str(r, "subject");
		snprintf(obj, sizeof obj, "%s", subj ? subj : json_str(r, "key"));
		const char *summary = json_str(r, "summary");
		if (summary != NULL)
			tx_finding(c->f, TX_WARNING, "source_error", obj, r,
				   "re-capture this request from BroadWorks; the object may be "
				   "incomplete", "BroadWorks answered %s: %s",
				   json_str_or(r, "command", "an error"), summary);
		else
			tx_finding(c->f, TX_WARNING, "source_error", obj, r,
				   "fix the export (see the message) and extract again",
				   "the extractor could not read %s: %s",
				   json_str_or(r, "command", "a response"),
				   json_str_or(r, "message", "no detail"));
	}
	for (size_t i = 0; i < e->virt.n; i++) {
		const cJSON *r = e->virt.v[i];
		const char *kind = json_str(r, "kind"), *what = kind;
		for (size_t k = 0; k < sizeof virt_names / sizeof virt_names[0]; k++)
			if (strcmp(kind, virt_names[k][0]) == 0)
				what = virt_names[k][1];
		snprintf(obj, sizeof obj, "%s:%s", kind, json_str(r, "key"));
		tx_finding(c->f, TX_INFO, "virtual_user", obj, r,
			   "it is re-created as a location feature, not a subscriber",
			   "%s \"%s\" is a virtual user: not a subscriber", what,
			   json_str_or(r, "name", json_str_or(r, "id", "")));
	}
	for (size_t i = 0; i < e->n_usr; i++) {
		if (e->usr[i].grp != NULL)
			continue;
		snprintf(obj, sizeof obj, "user:%s", json_str(e->usr[i].j, "key"));
		tx_finding(c->f, TX_ERROR, "user_without_group", obj, e->usr[i].j,
			   "capture the user's group in the export", "user's group \"%s\" is not in "
			   "the inventory; the user is left out", json_str_or(e->usr[i].j, "group", ""));
	}
	for (size_t i = 0; i < e->services.n; i++) {
		const cJSON *s = e->services.v[i];
		int known;
		if (strcmp(json_str_or(s, "ownerKind", ""), "group") != 0 ||
		    strcmp(json_str_or(s, "type", "service"), "service") != 0 ||
		    tx_service_feature(c->m, json_str(s, "name"), &known) != NULL)
			continue;
		snprintf(obj, sizeof obj, "group:%s", json_str_or(s, "owner", ""));
		tx_finding(c->f, TX_WARNING, known ? "service_not_migrated" : "service_unknown",
			   obj, s, known ? "plan a replacement; Webex has no equivalent"
			   : "add a rule for it to the \"services\" mappings",
			   "group service \"%s\" will not be migrated", json_str_or(s, "name", ""));
	}
}

/* Each user's call settings, after every subscriber (and feature) of the
 * customer; blocked like the user's subscriber. */
static int plan_user_settings(struct tx_ctx *c, struct tx_ent *e, const char *key,
			      const char *batch, struct tx_cust_sum *sum, struct tx_grp *const *gs,
			      size_t n_g, const struct tx_list_ids *cb)
{
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < n_g; i++) {
		for (size_t j = 0; rc == BWM_OK && j < gs[i]->n_users; j++) {
			struct tx_user *u = gs[i]->users[j];
			cJSON *out = cJSON_CreateArray();
			tx_build_user_settings(c, e, u, key, out);
			const struct tx_list_ids *lu[] = { cb, &gs[i]->blocked, &u->blocked, NULL };
			cJSON *x;
			while (rc == BWM_OK && (x = cJSON_DetachItemFromArray(out, 0)) != NULL) {
				tx_entry_block(x, lu);
				rc = emit(c, x, batch, sum);
			}
			cJSON_Delete(out);
		}
	}
	return rc;
}

/* Plan one customer made of groups gs (in key order). */
static int plan_customer(struct tx_ctx *c, struct tx_ent *e, const char *key, const char *name,
			 const cJSON *rec, struct tx_grp *const *gs, size_t n_g, int first)
{
	const char *batch = tx_batch_for(c->batches, e->id, key);
	struct tx_cust_sum *sum = tx_findings_customer(c->f, key, name,
						       batch ? batch : "unassigned");
	char obj[300];
	snprintf(obj, sizeof obj, "customer:%s", key);
	if (batch == NULL)
		tx_finding(c->f, TX_WARNING, "not_in_waves", obj, rec,
			   "add the enterprise to the waves file", "customer is in no wave; its "
			   "entries carry the batch \"unassigned\"");
	batch = sum->batch;
	tx_feature_rows_begin(c->f, sum, e, gs, n_g, first);
	if (first)
		enterprise_checks(c, e);
	tx_groups_decide(c, e, gs, n_g, 1);
	tx_users_decide(c, e, gs, n_g);
	struct tx_list_ids cb = { 0 };
	cJSON *x = tx_build_customer(c, e, key, name, rec, gs, n_g, sum, &cb);
	const struct tx_list_ids *lc[] = { &cb, NULL };
	tx_entry_block(x, lc);
	int rc = emit(c, x, batch, sum);
	for (size_t i = 0; rc == BWM_OK && i < n_g; i++) {
		const struct tx_list_ids *lg[] = { &cb, &gs[i]->blocked, NULL };
		x = tx_build_location(c, e, gs[i], key, i == 0);
		tx_entry_block(x, lg);
		rc = emit(c, x, batch, sum);
		for (int active = 1; rc == BWM_OK && active >= 0; active--) {
			x = tx_build_numbers(gs[i], key, active);
			if (x == NULL)
				continue;
			tx_entry_block(x, lg);
			rc = emit(c, x, batch, sum);
		}
	}
	for (size_t i = 0; rc == BWM_OK && i < n_g; i++) {
		for (size_t j = 0; rc == BWM_OK && j < gs[i]->n_users; j++) {
			struct tx_user *u = gs[i]->users[j];
			if (u->skip) {
				sum->skipped++;
				c->f->skipped++;
				continue;
			}
			const struct tx_list_ids *lu[] = { &cb, &gs[i]->blocked, &u->blocked, NULL };
			x = tx_build_subscriber(c, u, key);
			tx_entry_block(x, lu);
			rc = emit(c, x, batch, sum);
		}
	}
	/* common-area phones: workspaces, after the people */
	for (size_t i = 0; rc == BWM_OK && i < n_g; i++) {
		for (size_t j = 0; rc == BWM_OK && j < gs[i]->n_users; j++) {
			struct tx_user *u = gs[i]->users[j];
			if (!u->common)
				continue;
			const struct tx_list_ids *lu[] = { &cb, &gs[i]->blocked, &u->blocked, NULL };
			x = tx_build_workspace(c, u, key);
			tx_entry_block(x, lu);
			rc = emit(c, x, batch, sum);
		}
	}
	/* Call features, in the provisioning order of docs/plan-format.md: schedules,
	 * then the features that name them and their members; the features'
	 * sub-resource settings after every feature, then the people's. */
	struct tx_qfeat_run fr = { c, e, key, batch, sum, &cb, gs, n_g, cJSON_CreateArray(), emit };
	const struct tx_feat fc = { c, e, key, batch, sum, gs, n_g, &cb, fr.settings };
	if (rc == BWM_OK)
		rc = tx_plan_schedules(&fc);
	if (rc == BWM_OK)
		rc = tx_plan_hunt_groups(&fr);
	if (rc == BWM_OK)
		rc = tx_plan_call_queues(&fr);
	if (rc == BWM_OK)
		rc = tx_plan_auto_attendants(&fc);
	if (rc == BWM_OK)
		rc = tx_plan_park_pickup(&fc);
	if (rc == BWM_OK)
		rc = tx_plan_paging_groups(&fr);
	if (rc == BWM_OK)
		rc = tx_plan_supervisors(&fr);
	if (rc == BWM_OK)
		rc = tx_plan_feature_settings(&fr);
	cJSON_Delete(fr.settings);
	rc = rc == BWM_OK ? plan_user_settings(c, e, key, batch, sum, gs, n_g, &cb) : rc;
	/* the phones, once everyone who appears on them exists */
	if (rc == BWM_OK)
		rc = tx_plan_devices(&fc);
	/* last: what the plan leaves out blocks nothing */
	if (rc == BWM_OK)
		tx_unplanned_findings(c, e, gs, n_g, first, sum);
	tx_ids_free(&cb);
	return rc;
}

int tx_plan_enterprise(struct tx_ctx *c, struct tx_ent *e)
{
	tx_ent_index(e);
	struct tx_grp **gs = xcalloc(e->n_grp + 1, sizeof *gs);
	for (size_t i = 0; i < e->n_grp; i++)
		gs[i] = &e->grp[i];
	const char *ent_name = json_str_or(e->ent, "name", e->id);
	int rc = BWM_OK;
	if (!c->p->group_granularity || e->n_grp == 0) {
		rc = plan_customer(c, e, e->id, ent_name, e->ent ? e->ent : (e->n_grp ? gs[0]->j
				   : NULL), gs, e->n_grp, 1);
	} else {
		for (size_t i = 0; rc == BWM_OK && i < e->n_grp; i++)
			rc = plan_customer(c, e, gs[i]->key, json_str_or(gs[i]->j, "name", gs[i]->id),
					   gs[i]->j, &gs[i], 1, i == 0);
	}
	free(gs);
	return rc;
}
