/*
 * oci_error.c — ErrorResponse -> `source_error`. The capture asked
 * BroadWorks for something and was refused ("[Error 4008] User not
 * found"); the record says which request, about what, and why, so that
 * the validation report can list it. It is not an extractor warning.
 */
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>

/* The key of what the request was about, as far as the request tells. */
static void subject(const struct oci_request *req, const char *ent, struct strbuf *out)
{
	static const char *const ids[] = { "userId", "serviceUserId", "deviceName" };
	const char *group = oci_req_get(req, "groupId");
	if (group == NULL)
		group = oci_req_get(req, "GroupId");
	const char *id = NULL;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0] && id == NULL; i++)
		id = oci_req_get(req, ids[i]);
	if (id != NULL && group != NULL && ent != NULL)
		strbuf_addf(out, "%s/%s/%s", ent, group, id);
	else if (id != NULL)
		strbuf_addstr(out, id);
	else if (group != NULL && ent != NULL)
		strbuf_addf(out, "%s/%s", ent, group);
	else if (oci_req_get(req, "serviceProviderId") != NULL)
		strbuf_addstr(out, oci_req_get(req, "serviceProviderId"));
}

/* errorCode element, else the number in "[Error 4008] ...". */
static void put_code(cJSON *o, xmlNodePtr n)
{
	const char *code = oci_get(n, "errorCode");
	const char *summary = oci_get(n, "summary");
	if (code == NULL && summary != NULL && strncmp(summary, "[Error ", 7) == 0)
		code = summary + 7;
	if (code == NULL)
		return;
	char *end;
	long v = strtol(code, &end, 10);
	if (end != code)
		cJSON_AddNumberToObject(o, "errorCode", (double)v);
}

int oci_error_response(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	if (oci_req_get(c->req, "serviceProviderId") != NULL) {
		int rc = oci_scope(inv, c, 0, NULL, err);
		if (rc != BWM_OK)
			return rc;
	}
	struct strbuf sb = STRBUF_INIT;
	if (c->req != NULL)
		subject(c->req, inv_current(inv), &sb);
	struct inv_rec *r = inv_error(inv, c->file, c->line, "ErrorResponse",
				      c->req ? c->req->type : NULL, sb.len ? sb.buf : NULL, NULL);
	cJSON *o = inv_obj(r);
	strbuf_free(&sb);
	put_code(o, c->node);
	const char *summary = oci_get(c->node, "summaryEnglish");
	oci_put_str(o, "summary", c->node, summary ? "summaryEnglish" : "summary");
	oci_put_str(o, "detail", c->node, "detail");
	return BWM_OK;
}
