/*
 * queue_features.h — the sandbox's Webex Calling location features (hunt
 * groups, call queues, paging groups): one engine (queue_features.c, with the
 * field and reference checks of queue_feature_checks.c) driven by one
 * descriptor per kind (hunt_groups.c, queues.c, paging.c), which holds
 * what differs: list array name, create status, the spec's required
 * fields and enums, and the sub-resources a PUT may set.
 *
 * Every feature row lives in one table, `queue_features` (kind, org, location,
 * name, number, extension, doc); sub-resources in `queue_feature_settings`.
 * The natural key is the name within its location and kind: 409 on a
 * second one unless --allow-duplicates, counted in /_sandbox/state.
 */
#ifndef BWM_SANDBOX_QUEUE_FEATURES_H
#define BWM_SANDBOX_QUEUE_FEATURES_H

#include "sandbox/sbx.h"

struct sbx_qfkind {
	const char *kind;             /* store kind and state key: "huntGroups" */
	const char *label;            /* for messages: "Hunt group" */
	const char *id_kind;          /* id prefix kind: "HUNT_GROUP" */
	const char *items;            /* list array: "huntGroups" */
	int create_status;            /* 200 or 201 (spec §1) */
	size_t max_name;              /* name length limit */
	/* kind-specific checks of a create (is_update 0) or PUT body; org
	 * for the people it names. 0 or -1 after a reply in rs. */
	int (*check)(struct sandbox *sb, const cJSON *body, const char *org, int is_update,
		     struct sbx_resp *rs);
	/* checks of a sub-resource PUT (sub: last path segment) */
	int (*check_sub)(const char *sub, const cJSON *body, struct sbx_resp *rs);
};

void sbx_qfeature_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k);
void sbx_qfeature_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		      const struct sbx_qfkind *k);
void sbx_qfeature_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		     const struct sbx_qfkind *k);
void sbx_qfeature_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k);
void sbx_qfeature_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k);
void sbx_qfeature_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			     const struct sbx_qfkind *k);
void sbx_qfeature_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			     const struct sbx_qfkind *k);

/* ---- queue_feature_checks.c ---- */

/* One field rule: dotted path, type ('s' string, 'b' bool, 'n' number,
 * 'o' object, 'a' array), required (when its parent object is present;
 * top-level ones only on create), allowed values (NULL-terminated). */
struct sbx_frule {
	const char *path;
	char type;
	int required;
	const char *const *enums;
};

/* The member at a dotted path, NULL when absent. */
const cJSON *sbx_fget(const cJSON *body, const char *path);
int sbx_fcheck(const cJSON *body, const struct sbx_frule *r, size_t n, int is_update,
	       struct sbx_resp *rs);
/* Every element of arr (objects with member field, or strings when field
 * is NULL) must be the personId of a subscriber of org: else 400. */
int sbx_fcheck_people(struct sandbox *sb, const cJSON *arr, const char *field, const char *org,
		      const char *what, struct sbx_resp *rs);

/* ---- the kinds ---- */
extern const struct sbx_qfkind sbx_kind_hunt_group, sbx_kind_queue, sbx_kind_paging;

sbx_handler sbx_hunt_groups_list, sbx_hunt_group_create, sbx_hunt_group_get,
	sbx_hunt_group_update, sbx_hunt_group_delete, sbx_hunt_group_setting_get,
	sbx_hunt_group_setting_put;
sbx_handler sbx_queues_list, sbx_queue_create, sbx_queue_get, sbx_queue_update,
	sbx_queue_delete, sbx_queue_setting_get, sbx_queue_setting_put;
sbx_handler sbx_paging_list, sbx_paging_create, sbx_paging_get, sbx_paging_update,
	sbx_paging_delete;

#endif
