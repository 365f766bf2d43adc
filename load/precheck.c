/*
 * precheck.c — `load --precheck`: ask the API to validate every customer
 * (POST /wholesale/customers/validate) and subscriber
 * (POST /wholesale/subscribers/validate) of the plan; nothing is created and
 * no journal is written. References to objects that do not exist yet
 * (customerId, locationId) are left out of the validated body, and so is
 * every member the validate schemas of the Wholesale API do not define (the
 * create body has more, e.g. customerInfo.language). Each refusal is listed
 * with the API's code and description. The MACs of device entries are
 * checked by precheck_macs.c.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>

/* The members of the validate bodies (webex-wholesale.json), by dotted
 * path; a listed path keeps its whole subtree. */
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

/* 1 if path is listed (keep all of it), 2 if something below it is
 * (keep the object, prune inside), 0 if neither. */
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

/* Remove from obj (at dotted prefix) every member fields does not list. */
static void keep_only(cJSON *obj, const char *prefix, const char *const *fields)
{
	cJSON *it = obj ? obj->child : NULL;
	while (it != NULL) {
		cJSON *next = it->next;
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s%s%s", prefix, *prefix ? "." : "", it->string);
		int how = listed(fields, path.buf);
		if (how == 2 && cJSON_IsObject(it))
			keep_only(it, path.buf, fields);
		else if (how != 1)
			cJSON_Delete(cJSON_DetachItemViaPointer(obj, it));
		strbuf_free(&path);
		it = next;
	}
}

static const char *const *validate_fields(const char *kind)
{
	return strcmp(kind, "customer") == 0 ? CUSTOMER_FIELDS : SUBSCRIBER_FIELDS;
}

static const char *validate_path(const char *kind)
{
	if (strcmp(kind, "customer") == 0)
		return "/wholesale/customers/validate";
	if (strcmp(kind, "subscriber") == 0)
		return "/wholesale/subscribers/validate";
	return NULL;
}

static void precheck_dispatch(struct run *r, size_t i)
{
	if (precheck_macs_wanted(r, i)) {
		precheck_macs_dispatch(r, i);
		return;
	}
	cJSON *rec = NULL;
	struct bwm_error err = { 0, "" };
	if (plan_record(&r->plan, i, &rec, &err) != BWM_OK) {
		r->e[i].last_error = xstrdup(err.msg);
		r->e[i].state = JS_FAILED;
		return;
	}
	cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
	resolve_drop_unresolved(body);
	keep_only(body, "", validate_fields(r->plan.v[i].kind));
	const char *path = validate_path(r->plan.v[i].kind);
	char *url = request_url(r, path, NULL);
	char *text = cJSON_PrintUnformatted(body);
	ratelimit_take(&r->rl, run_now_ms());
	http_start(&r->http, "POST", url, text, TAG_VALIDATE, (void *)i);
	r->inflight++;
	r->sum->requests++;
	run_count_endpoint(r, "POST", path);
	cJSON_free(text);
	free(url);
	cJSON_Delete(rec);
}

static void refused(struct run *r, size_t i, const struct http_request *q)
{
	struct run_entry *e = &r->e[i];
	cJSON *b = cJSON_Parse(q->resp.buf);
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(b, "info");
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(b, "errors");
	const cJSON *one = cJSON_IsArray(errs) ? cJSON_GetArrayItem(errs, 0)
			 : cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(b, "message"))
			 ? cJSON_GetObjectItemCaseSensitive(b, "message") : info ? info : b;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(one, "errorCode");
	if (code == NULL)
		code = cJSON_GetObjectItemCaseSensitive(one, "infoCode");
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "kind", r->plan.v[i].kind);
	cJSON_AddStringToObject(f, "key", r->plan.v[i].key);
	cJSON_AddNumberToObject(f, "http", (double)q->status);
	if (cJSON_IsNumber(code))
		cJSON_AddNumberToObject(f, "code", code->valuedouble);
	else if (cJSON_IsString(code))
		cJSON_AddStringToObject(f, "code", code->valuestring);
	char *text = request_error_text(q);
	const char *desc = json_str(one, "description");
	cJSON_AddStringToObject(f, "description", desc ? desc : text);
	cJSON_AddItemToArray(r->precheck, f);
	free(e->last_error);
	e->last_error = text;
	e->state = JS_FAILED;
	r->sum->precheck_failed++;
	cJSON_Delete(b);
}

/* A 200 is a pass: its body (CustomerProvisioningPrecheckResponse) holds a
 * message and an info {infoCode, description} that may say more than
 * "success" (infoCode 100). Only errors in the body make it a refusal. */
static int validated(const struct http_request *q)
{
	if (q->status != 200)
		return 0;
	cJSON *b = cJSON_Parse(q->resp.buf);
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(b, "errors");
	int ok = !(cJSON_IsArray(errs) && cJSON_GetArraySize(errs) > 0) &&
		 !cJSON_IsObject(errs);
	cJSON_Delete(b);
	return ok;
}

/* A pass that says more than "success": keep what it says in the notes. */
static void note_info(struct run *r, size_t i, const struct http_request *q)
{
	cJSON *b = cJSON_Parse(q->resp.buf);
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(b, "info");
	double code = json_num(info, "infoCode", 100);
	if (code != 100) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "precheck passed with infoCode %.0f: %s", code,
			    json_str_or(info, "description", json_str_or(b, "message", "")));
		run_note(r, r->notes, i, sb.buf);
		strbuf_free(&sb);
	}
	cJSON_Delete(b);
}

static void precheck_handle(struct run *r, struct http_request *q)
{
	size_t i = (size_t)q->user;
	struct run_entry *e = &r->e[i];
	if (q->result == CURLE_OK)
		r->ever_ok = 1;
	if (response_refused(q)) {
		char *text = request_error_text(q);
		r->fatal = 1;
		bwm_fail(&r->fatal_err, BWM_EAPI, "the API refused us (%s); check the token "
			 "(WEBEX_TOKEN or --token-file), its scopes, and --ca-file", text);
		free(text);
		return;
	}
	int again = response_transient(q);
	if (again && response_retry_later(r, i, q))
		return;
	if (again && !r->ever_ok && response_unreachable(q)) {
		r->fatal = 1;
		bwm_fail(&r->fatal_err, BWM_EAPI, "cannot reach the API at %s; check --api",
			 r->api);
		return;
	}
	if (precheck_macs_wanted(r, i)) {
		cJSON *b = q->status == 200 ? cJSON_Parse(q->resp.buf) : NULL;
		char *text = b ? NULL : request_error_text(q);
		precheck_macs_settle(r, i, q->status, b, text);
		free(text);
		cJSON_Delete(b);
	} else if (validated(q)) {
		note_info(r, i, q);
		e->state = JS_DONE;
		ratelimit_on_success(&r->rl, run_now_ms());
	} else {
		refused(r, i, q);
	}
}

int precheck_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	struct run r;
	int rc = run_open(&r, o, sum, 0, err);
	if (rc == BWM_OK)
		rc = run_http(&r, err);
	for (size_t i = 0; rc == BWM_OK && i < r.plan.n; i++) {
		int checked = (validate_path(r.plan.v[i].kind) != NULL && !r.plan.v[i].blocked) ||
			      precheck_macs_wanted(&r, i);
		r.e[i].in_scope = r.e[i].in_scope && checked;
	}
	if (rc == BWM_OK)
		precheck_macs_init(&r);
	for (size_t i = 0; rc == BWM_OK && i < r.plan.n; i++)
		if (r.e[i].in_scope && (!precheck_macs_wanted(&r, i) || precheck_macs_leader(&r, i)))
			run_push_ready(&r, i);
	if (rc == BWM_OK) {
		rc = run_loop(&r, precheck_dispatch, precheck_handle);
		if (rc != BWM_OK)
			bwm_fail(err, rc, "%s", r.fatal_err.msg);
	}
	if (r.e != NULL) {
		run_summarize(&r);
		if (o->report_dir && rc == BWM_OK)
			rc = report_write(&r, "precheck", err);
		if (rc == BWM_OK && sum->count[JS_DONE] != sum->total)
			rc = bwm_fail(err, BWM_EPARTIAL, "precheck: %zu of %zu validations refused; "
				      "see the report", sum->total - sum->count[JS_DONE], sum->total);
	}
	precheck_macs_free(&r);
	run_close(&r);
	return rc;
}
