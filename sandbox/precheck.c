/*
 * precheck.c — POST /v1/wholesale/customers/validate and
 * /v1/wholesale/subscribers/validate: the provisioning precheck. Nothing is
 * created; the answer is 200 with infoCode 100, or the Webex error shape
 * (400 for a field problem, 409 when the externalId / e-mail is taken, 404
 * for an unknown customerId).
 */
#include "sandbox/sbx.h"

static void reply_success(struct sbx_resp *rs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", "success");
	cJSON *info = cJSON_AddObjectToObject(o, "info");
	cJSON_AddNumberToObject(info, "infoCode", 100);
	cJSON_AddStringToObject(info, "description", "Provisioning preCheck validation successful.");
	sbx_reply_json(rs, 200, o);
}

void sbx_customers_validate(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs) || sbx_check_customer_precheck(rq->body, rs))
		return;
	const char *ext = json_str(rq->body, "externalId");
	if (ext && !sb->cfg.allow_duplicates &&
	    sbx_count(sb, "SELECT count(*) FROM customers WHERE external_id = ?1", ext, NULL) > 0) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "A customer with externalId '%s' already "
				"exists.", ext);
		return;
	}
	reply_success(rs);
}

void sbx_subscribers_validate(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs) || sbx_check_subscriber_precheck(rq->body, rs))
		return;
	const char *email = json_str(rq->body, "email");
	const char *cust = json_str(rq->body, "customerId");
	if (sbx_email_taken(sb, email, rs))
		return;
	if (cust && sbx_count(sb, "SELECT count(*) FROM customers WHERE id = ?1", cust, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_REFERENCE, "customerId '%s': no such customer.", cust);
		return;
	}
	reply_success(rs);
}
