/*
 * plan_features.c — one customer's call features, in the plan
 * order: hunt groups, call queues, paging groups (each after the people
 * and numbers it refers to), then the feature_setting entries of all of
 * them (each after its feature and the schedules it names).
 *
 * A feature whose group is not one of the customer's locations is not
 * this customer's; records without a group became source errors in
 * extract.
 */
#include "transform/features.h"

#include <string.h>

typedef cJSON *builder_fn(struct tx_qfeat *f);

static int plan_kind(struct tx_qfeat_run *r, const char *inv_kind, const char *kind,
		     builder_fn *build)
{
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < r->e->virt.n; i++) {
		const cJSON *rec = r->e->virt.v[i];
		if (strcmp(json_str(rec, "kind"), inv_kind) != 0)
			continue;
		struct tx_grp *g = NULL;
		for (size_t j = 0; j < r->n_g && g == NULL; j++)
			if (strcmp(r->gs[j]->id, json_str_or(rec, "group", "")) == 0)
				g = r->gs[j];
		if (g == NULL)
			continue;
		struct tx_qfeat f;
		tx_qfeat_init(&f, r, rec, g, kind);
		int first = cJSON_GetArraySize(r->settings);
		cJSON *x = build(&f);
		/* its settings are written later, blocked by the same findings */
		for (int k = first; k < cJSON_GetArraySize(r->settings); k++)
			tx_qfeat_block(&f, cJSON_GetArrayItem(r->settings, k));
		tx_qfeat_block(&f, x);
		rc = r->emit(r->c, x, r->batch, r->sum);
		tx_qfeat_free(&f);
	}
	return rc;
}

int tx_plan_hunt_groups(struct tx_qfeat_run *r)
{
	return plan_kind(r, "hunt_group", "hunt_group", tx_build_hunt_group);
}

int tx_plan_call_queues(struct tx_qfeat_run *r)
{
	return plan_kind(r, "call_center", "call_queue", tx_build_call_queue);
}

int tx_plan_paging_groups(struct tx_qfeat_run *r)
{
	return plan_kind(r, "paging_group", "paging_group", tx_build_paging);
}

int tx_plan_feature_settings(struct tx_qfeat_run *r)
{
	int rc = BWM_OK;
	cJSON *x;
	while (rc == BWM_OK && (x = cJSON_DetachItemFromArray(r->settings, 0)) != NULL)
		rc = r->emit(r->c, x, r->batch, r->sum);
	return rc;
}
