/*
 * features.h — shared by features.c (routes, store, lists) and
 * feature_checks.c (what a real server refuses in a feature's body).
 * Private to sandbox/.
 */
#ifndef BWM_SANDBOX_FEATURES_H
#define BWM_SANDBOX_FEATURES_H

#include "sandbox/sbx.h"

/* Where a feature body is checked: its org and location, and (PUT) its
 * own id so that its own number and extension do not count as taken. */
struct sbx_feature_ctx {
	struct sandbox *sb;
	const char *org;
	const char *loc;
	const char *self;             /* NULL on create */
};

/* Each returns 0 when the body is acceptable, else fills rs (400 or 409)
 * and returns -1. */
typedef int sbx_feature_check(const struct sbx_feature_ctx *fc, const cJSON *body,
			      struct sbx_resp *rs);

struct sbx_feature_kind {
	const char *kind;             /* features.kind column */
	const char *items;            /* the list's array name, and the state's count */
	const char *id_kind;          /* kind inside the opaque id */
	sbx_feature_check *check;
};

sbx_feature_check sbx_check_schedule, sbx_check_auto_attendant, sbx_check_call_park,
	sbx_check_call_pickup;

/* The feature id now owns its phone number in the location (auto
 * attendants); release gives the numbers of id back. */
void sbx_features_claim(const struct sbx_feature_ctx *fc, const cJSON *doc, const char *id);
void sbx_features_release(struct sandbox *sb, const char *id);

/* The auto attendant of the path (location rq->id, id rq->id2, org
 * ?orgId=), or NULL after a 404 in rs. */
cJSON *sbx_aa_find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs);

/* supervisors.c: counts and duplicates of /_sandbox/state. */
void sbx_supervisors_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates);

sbx_handler sbx_aa_forwarding_get, sbx_aa_forwarding_put, sbx_park_settings_get,
	sbx_park_settings_put, sbx_supervisors_list, sbx_supervisors_create, sbx_supervisor_get,
	sbx_supervisor_delete;

#endif
