/*
 * features.h — what the call feature planners share (hunt groups, call
 * queues, paging groups, and the feature_setting entries of their
 * sub-resources). Not public: transform.h is the stage's API.
 *
 *   feature_policy.c    the "featurePolicies" mappings section
 *   queue_common.c    entry skeletons, members as $refs, numbers,
 *                       caller id names, greetings, schedules
 *   build_hunt_group.c  hunt_group + its callForwarding / alternate numbers
 *   build_call_queue.c  call_queue (policies, bounce, overflow, messages)
 *   build_queue_services.c  its nightService, holidayService,
 *                       forcedForward, strandedCalls, callForwarding
 *   build_paging.c      paging_group
 *   plan_features.c     the per-customer loop, in plan order
 */
#ifndef BWM_TRANSFORM_FEATURES_H
#define BWM_TRANSFORM_FEATURES_H

#include "transform/internal.h"

/* The "featurePolicies" section (docs/mappings.md, docs/cookbook.md). */
struct tx_feature_policy {
	double seconds_per_ring;      /* BroadWorks seconds -> Webex rings */
	int rounding;                 /* -1 down, 0 nearest, 1 up */
	int min_rings, max_rings;     /* Webex range of numberOfRings */
	int default_rings;            /* numberOfRings when BroadWorks gives no time */
	struct tx_kv *hunt; size_t n_hunt;   /* HuntPolicy -> Webex policy */
	int premium_block;            /* Premium call center: 1 error, 0 warning */
	int announcement_block;       /* custom/URL announcement: 1 error, 0 DEFAULT + warning */
	int skill_block;              /* SKILL_BASED with an unsupported policy: 1 error,
				       * 0 fall back to PRIORITY_BASED + warning */
};

int tx_feature_policy_load(struct tx_feature_policy **out, const cJSON *sec,
			   struct bwm_error *err);
void tx_feature_policy_free(struct tx_feature_policy *fp);
/* Rings for seconds under the policy's rounding, clamped to the range;
 * *clamped is set when the range changed the value. */
int tx_rings_for_seconds(const struct tx_feature_policy *fp, long seconds, int *clamped);

/* One customer's feature planning: what every builder needs. */
struct tx_qfeat_run {
	struct tx_ctx *c;
	struct tx_ent *e;
	const char *cust_key;         /* the customer entry's key */
	const char *batch;
	struct tx_cust_sum *sum;
	const struct tx_list_ids *cb; /* the customer's blocking findings */
	struct tx_grp *const *gs;     /* the customer's groups */
	size_t n_g;
	cJSON *settings;              /* feature_setting entries written last */
	/* written by plan.c: entry, batch, summary */
	int (*emit)(struct tx_ctx *c, cJSON *x, const char *batch, struct tx_cust_sum *sum);
};

int tx_plan_hunt_groups(struct tx_qfeat_run *r);
int tx_plan_call_queues(struct tx_qfeat_run *r);
int tx_plan_paging_groups(struct tx_qfeat_run *r);
int tx_plan_feature_settings(struct tx_qfeat_run *r);
/* build_supervisor.c: one `queue_supervisor` entry per supervisor of the
 * customer's call centers, with the union of their agents. */
int tx_plan_supervisors(struct tx_qfeat_run *r);

/* ---- queue_common.c ---- */

/* One feature being planned: its record, group, key, and the findings
 * that block it. */
struct tx_qfeat {
	struct tx_qfeat_run *r;
	const cJSON *rec;             /* inventory record */
	struct tx_grp *g;             /* its group (location) */
	const char *key;              /* inventory key = plan key */
	const char *kind;             /* plan kind: "hunt_group" ... */
	const char *inv_kind;         /* inventory kind: "hunt_group", "call_center" ... */
	char obj[400];                /* "inv_kind:key" for findings */
	struct tx_list_ids blocked;   /* its own error findings */
};

void tx_qfeat_init(struct tx_qfeat *f, struct tx_qfeat_run *r, const cJSON *rec, struct tx_grp *g,
		  const char *kind);
void tx_qfeat_free(struct tx_qfeat *f);
/* A finding about the feature; errors also block it. */
void tx_qfeat_finding(struct tx_qfeat *f, enum tx_severity sev, const char *code, const char *fix,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The create entry: POST /telephony/config/locations/{locationId}/coll
 * with the name (at most max_name characters) in *body_out, lookup in
 * list_path's array items by name, delete at coll/{id}; depends on the
 * location. */
cJSON *tx_qfeat_entry(struct tx_qfeat *f, const char *coll, const char *list_path,
		     const char *items, size_t max_name, cJSON **body_out);
/* phoneNumber/extension (the number checked against the location's
 * inventory: adds its number entry to depends) and directLineCallerIdName
 * into body. */
void tx_qfeat_identity(struct tx_qfeat *f, cJSON *x, cJSON *body);
/* {"$ref":"subscriber:KEY#personId"} for BroadWorks user id, adding the
 * dependency; NULL (and a warning finding naming role) when the user is
 * not planned or is blocked. */
cJSON *tx_qfeat_person(struct tx_qfeat *f, cJSON *x, const char *user_id, const char *role);
/* A forwarding destination as Webex takes it (E.164 or an extension);
 * NULL and a warning when it is not one (SIP URI ...). Caller frees. */
char *tx_qfeat_destination(struct tx_qfeat *f, const char *number, const char *what);
/* DEFAULT for a BroadWorks announcement selection; other selections are
 * reported (and block under the policy). */
const char *tx_qfeat_greeting(struct tx_qfeat *f, const char *selection, const char *what);
/* A feature_setting entry FEATKEY#sub: PUT coll/{idparam}/path_sub (the
 * feature itself when path_sub is NULL), depending on the feature entry;
 * it goes to r->settings, the caller fills its body. */
cJSON *tx_qfeat_setting(struct tx_qfeat *f, const char *coll, const char *idparam,
		       const char *sub, const char *path_sub);
/* The name of schedule sched {type, name} when its inventory record
 * exists (adding the dependency on the location's copy, Webex type
 * webex_type), else NULL and a warning that `what` is not migrated. */
const char *tx_qfeat_schedule(struct tx_qfeat *f, cJSON *x, const cJSON *sched,
			     const char *webex_type, const char *what);
/* The service user's user_setting record (call_forwarding_always ...). */
const cJSON *tx_qfeat_user_setting(const struct tx_qfeat *f, const char *setting);
/* Add "KIND:KEY" to the entry's depends unless it is there already. */
void tx_qfeat_depend(cJSON *x, const char *kind, const char *key);
/* Add inventory record rec ("kind:key") to the entry's source. */
void tx_qfeat_source(cJSON *x, const cJSON *rec);
/* Block x with the customer's, the location's and the feature's error
 * findings. */
void tx_qfeat_block(struct tx_qfeat *f, cJSON *x);
/* The Webex policy for a BroadWorks HuntPolicy (featurePolicies.
 * huntPolicies); NULL and an error finding when it has none. */
const char *tx_qfeat_policy(struct tx_qfeat *f, const char *bw);
/* The alternate_numbers user_setting of the service user -> an
 * `alternateNumbers` feature_setting (PUT on the feature); fill makes the
 * object the list goes into (it sets the distinctive ring flag). */
void tx_qfeat_alternate_numbers(struct tx_qfeat *f, const char *coll, const char *idparam,
			       cJSON *(*fill)(cJSON *body, int distinctive));

/* ---- the builders: each returns the create entry ---- */
cJSON *tx_build_hunt_group(struct tx_qfeat *f);
cJSON *tx_build_call_queue(struct tx_qfeat *f);
cJSON *tx_build_paging(struct tx_qfeat *f);
/* build_queue_services.c: the queue's feature_setting entries. */
void tx_queue_settings(struct tx_qfeat *f);

#endif
