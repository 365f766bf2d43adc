/*
 * paging.c — /v1/telephony/config/…/paging: the paging group descriptor
 * for the feature engine (queue_features.c). Create answers 201 {id} (spec §1);
 * name 1-30 characters; originators and targets are arrays of person ids
 * of the org.
 */
#include "sandbox/queue_features.h"

static const char *const selections[] = { "CUSTOM_NAME", "DISPLAY_NAME", NULL };

static const struct sbx_frule rules[] = {
	{ "name", 's', 1, NULL },
	{ "phoneNumber", 's', 0, NULL },
	{ "extension", 's', 0, NULL },
	{ "languageCode", 's', 0, NULL },
	{ "originatorCallerIdEnabled", 'b', 0, NULL },
	{ "originators", 'a', 0, NULL },
	{ "targets", 'a', 0, NULL },
	{ "directLineCallerIdName", 'o', 0, NULL },
	{ "directLineCallerIdName.selection", 's', 0, selections },
};

static int check(struct sandbox *sb, const cJSON *body, const char *org, int is_update,
		 struct sbx_resp *rs)
{
	return sbx_fcheck(body, rules, sizeof rules / sizeof rules[0], is_update, rs) ||
	       sbx_fcheck_people(sb, sbx_fget(body, "originators"), NULL, org, "originators", rs) ||
	       sbx_fcheck_people(sb, sbx_fget(body, "targets"), NULL, org, "targets", rs) ? -1 : 0;
}

const struct sbx_qfkind sbx_kind_paging = {
	"paging", "Paging group", "PAGING_GROUP", "locationPaging", 201, 30, check, NULL,
};

void sbx_paging_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_list(sb, rq, rs, &sbx_kind_paging);
}

void sbx_paging_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_create(sb, rq, rs, &sbx_kind_paging);
}

void sbx_paging_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_get(sb, rq, rs, &sbx_kind_paging);
}

void sbx_paging_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_update(sb, rq, rs, &sbx_kind_paging);
}

void sbx_paging_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_delete(sb, rq, rs, &sbx_kind_paging);
}
