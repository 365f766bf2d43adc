/*
 * precheck.c — POST /v1/wholesale/customers/validate and
 * /v1/wholesale/subscribers/validate: the provisioning precheck. Nothing is
 * created; the answer is 200 with a message and an info object, or the Webex
 * error shape (400 for a field problem, 409 when the externalId / e-mail is
 * taken, 404 for an unknown customerId).
 *
 * Like the real endpoints, a 200 is not always "success": a subscriber whose
 * e-mail matches --pending-emails (an existing Webex user, who will have to
 * accept the move) passes with another message and infoCode, so that a
 * client learns to read a 200 as a pass. A member the validate schemas of
 * webex-wholesale.json do not define is a 400 naming it: the create body has
 * members (customerInfo.language …) the validate body has not.
 */
#include "sandbox/sbx.h"

#include <string.h>

/* The validate body members by dotted path; a listed path allows its
 * whole subtree. */
static const char *const CUSTOMER_FIELDS[] = {
	"provisioningId", "packages", "orgId", "externalId",
	"address.addressLine1", "address.addressLine2", "address.city",
	"address.stateOrProvince", "address.zipOrPostalCode", "address.country",
	"customerInfo.name", "customerInfo.primaryEmail",
	"provisioningParameters.calling.location.name",
	"provisioningParameters.calling.location.address",
	"provisioningParameters.calling.location.timezone",
	"provisioningParameters.calling.location.language",
	"provisioningParameters.calling.location.emergencyLocationIdentifier",
	"provisioningParameters.meetings.timezone",
	"provisioningParameters.packages.limits", NULL
};
static const char *const SUBSCRIBER_FIELDS[] = {
	"provisioningId", "customerId", "email", "package", "packages",
	"provisioningParameters.firstName", "provisioningParameters.lastName",
	"provisioningParameters.primaryPhoneNumber", "provisioningParameters.extension",
	"provisioningParameters.locationId", "customerInfo.primaryEmail", NULL
};

/* 1 if path is listed, 2 if a member below it is, else 0. */
static int listed(const char *const *fields, const char *path)
{
	size_t n = strlen(path);
	int below = 0;
	for (size_t k = 0; fields[k]; k++) {
		if (strcmp(fields[k], path) == 0)
			return 1;
		if (strncmp(fields[k], path, n) == 0 && fields[k][n] == '.')
			below = 1;
	}
	return below ? 2 : 0;
}

/* 400 naming the first member of obj the schema does not define. */
static int unknown_member(const cJSON *obj, const char *prefix, const char *const *fields,
			  struct sbx_resp *rs)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s%s%s", prefix, *prefix ? "." : "", it->string);
		int how = listed(fields, path.buf);
		int bad = how == 0 ? 1 : how == 2 && cJSON_IsObject(it)
			  ? unknown_member(it, path.buf, fields, rs) : 0;
		if (how == 0)
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s is not a member of the precheck "
					"request; send only what the validate schema defines.",
					path.buf);
		strbuf_free(&path);
		if (bad)
			return 1;
	}
	return 0;
}

static void reply_pass(struct sbx_resp *rs, const char *message, int code, const char *desc)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", message);
	cJSON *info = cJSON_AddObjectToObject(o, "info");
	cJSON_AddNumberToObject(info, "infoCode", code);
	cJSON_AddStringToObject(info, "description", desc);
	sbx_reply_json(rs, 200, o);
}

static void reply_success(struct sbx_resp *rs)
{
	reply_pass(rs, "success", 100, "Provisioning preCheck validation successful.");
}

void sbx_customers_validate(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs) || unknown_member(rq->body, "", CUSTOMER_FIELDS, rs) ||
	    sbx_check_customer_precheck(rq->body, rs))
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
	if (sbx_check_body(rq, rs) || unknown_member(rq->body, "", SUBSCRIBER_FIELDS, rs) ||
	    sbx_check_subscriber_precheck(rq->body, rs))
		return;
	const char *email = json_str(rq->body, "email");
	const char *cust = json_str(rq->body, "customerId");
	if (sbx_email_taken(sb, email, rs))
		return;
	if (cust && sbx_count(sb, "SELECT count(*) FROM customers WHERE id = ?1", cust, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_REFERENCE, "customerId '%s': no such customer.", cust);
		return;
	}
	if (sbx_email_pending(sb, email))
		reply_pass(rs, "validation passed with information", 101, "The e-mail belongs to "
			   "an existing Webex user: provisioning will ask them to accept the move.");
	else
		reply_success(rs);
}
