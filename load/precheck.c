/*
 * precheck.c — `load --precheck`: ask the API to validate every customer
 * (POST /wholesale/customers/validate) and subscriber
 * (POST /wholesale/subscribers/validate) of the plan; nothing is created and
 * no journal is written. References to objects that do not exist yet
 * (customerId, locationId) are left out of the validated body. Each refusal
 * is listed with the API's code and description.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>

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
	cJSON *rec = NULL;
	struct bwm_error err = { 0, "" };
	if (plan_record(&r->plan, i, &rec, &err) != BWM_OK) {
		r->e[i].last_error = xstrdup(err.msg);
		r->e[i].state = JS_FAILED;
		return;
	}
	cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
	resolve_drop_unresolved(body);
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

/* Success is 200 with message "success" (or infoCode 100). */
static int validated(const struct http_request *q)
{
	if (q->status != 200)
		return 0;
	cJSON *b = cJSON_Parse(q->resp.buf);
	const char *m = json_str(b, "message");
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(b, "info");
	int ok = (m && strcmp(m, "success") == 0) || json_num(info, "infoCode", 0) == 100;
	cJSON_Delete(b);
	return ok;
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
	if (validated(q)) {
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
		int checked = validate_path(r.plan.v[i].kind) != NULL && !r.plan.v[i].blocked;
		r.e[i].in_scope = r.e[i].in_scope && checked;
		if (r.e[i].in_scope)
			run_push_ready(&r, i);
	}
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
	run_close(&r);
	return rc;
}
