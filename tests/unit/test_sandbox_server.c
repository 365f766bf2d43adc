/* test_sandbox_server.c — the sandbox run in-process and spoken to with
 * libcurl: life cycle, auth, asynchronous customers and their outcomes,
 * the ordering rules, duplicates on demand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sandbox/sandbox.h"

static const char TOKEN[] = "unit-test-token";

/* One exchange: status, body (parsed when JSON) and the Location header. */
struct reply {
	long status;
	struct strbuf body;
	char location[512];
	cJSON *json;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	strbuf_add(ud, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct reply *r = ud;
	size_t len = size * n;
	if (len > 10 && strncasecmp(p, "Location: ", 10) == 0) {
		size_t v = len - 10;
		while (v > 0 && (p[10 + v - 1] == '\r' || p[10 + v - 1] == '\n'))
			v--;
		if (v < sizeof r->location) {
			memcpy(r->location, p + 10, v);
			r->location[v] = '\0';
		}
	}
	return len;
}

static void call(struct sandbox *sb, const char *method, const char *path, const char *body,
		 const char *token, struct reply *r)
{
	char url[1024];
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", sandbox_port(sb), path);
	memset(r, 0, sizeof *r);
	strbuf_init(&r->body);
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char auth[128];
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	r->json = cJSON_Parse(r->body.buf);
}

static void reply_free(struct reply *r)
{
	strbuf_free(&r->body);
	cJSON_Delete(r->json);
}

static struct sandbox *start(struct sandbox_config *cfg)
{
	struct sandbox *sb = NULL;
	struct bwm_error err;
	cfg->token = TOKEN;
	assert_int_equal(sandbox_start(cfg, &sb, &err), BWM_OK);
	assert_true(sandbox_port(sb) > 0);
	return sb;
}

static const char CUSTOMER[] =
	"{\"provisioningId\":\"P\",\"packages\":[\"webex_calling\",\"webex_meetings\"],"
	"\"externalId\":\"%s\",\"address\":{\"addressLine1\":\"1 Main St\",\"city\":\"Boston\","
	"\"stateOrProvince\":\"MA\",\"zipOrPostalCode\":\"02110\",\"country\":\"US\"},"
	"\"customerInfo\":{\"name\":\"Acme\",\"primaryEmail\":\"it@acme.example\"},"
	"\"provisioningParameters\":{\"calling\":{\"location\":{\"name\":\"HQ\",\"address\":"
	"{\"addressLine1\":\"1 Main St\",\"city\":\"Boston\",\"stateOrProvince\":\"MA\","
	"\"zipOrPostalCode\":\"02110\",\"country\":\"US\"},\"timezone\":\"America/New_York\","
	"\"language\":\"en_us\"}}}}";

/* POST a customer, return its id (caller frees). */
static char *post_customer(struct sandbox *sb, const char *ext)
{
	char body[2048];
	struct reply r;
	snprintf(body, sizeof body, CUSTOMER, ext);
	call(sb, "POST", "/v1/wholesale/customers", body, TOKEN, &r);
	assert_int_equal(r.status, 202);
	char *id = xstrdup(strrchr(r.location, '/') + 1);
	reply_free(&r);
	return id;
}

/* GET the customer until it leaves `provisioning` (at most ~2 s). */
static cJSON *settled_customer(struct sandbox *sb, const char *id)
{
	char path[512];
	snprintf(path, sizeof path, "/v1/wholesale/customers/%s", id);
	for (int i = 0; i < 200; i++) {
		struct reply r;
		call(sb, "GET", path, NULL, TOKEN, &r);
		assert_int_equal(r.status, 200);
		if (strcmp(json_str(r.json, "status"), "provisioning") != 0) {
			cJSON *c = r.json;
			r.json = NULL;
			reply_free(&r);
			return c;
		}
		reply_free(&r);
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	fail_msg("customer %s never settled", id);
	return NULL;
}

static void test_start_without_token_is_a_usage_error(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	struct sandbox *sb = NULL;
	struct bwm_error err;
	sandbox_config_init(&cfg);
	assert_int_equal(sandbox_start(&cfg, &sb, &err), BWM_EUSAGE);
	assert_null(sb);
	assert_non_null(strstr(err.msg, "WEBEX_TOKEN"));
}

static void test_two_sandboxes_run_side_by_side_with_separate_state(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	struct sandbox *a = start(&cfg), *b = start(&cfg);
	assert_int_not_equal(sandbox_port(a), sandbox_port(b));
	free(post_customer(a, "ONLY-IN-A"));
	struct reply r;
	call(b, "GET", "/v1/wholesale/customers?externalId=ONLY-IN-A", NULL, TOKEN, &r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), 0);
	reply_free(&r);
	sandbox_stop(a);
	sandbox_stop(b);
}

static void test_missing_token_gets_401_in_the_webex_error_shape(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	struct sandbox *sb = start(&cfg);
	struct reply r;
	call(sb, "GET", "/v1/wholesale/customers", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	assert_non_null(json_str(r.json, "message"));
	assert_non_null(json_str(r.json, "trackingId"));
	const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "errors"), 0);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e, "errorCode")));
	assert_non_null(json_str(e, "description"));
	reply_free(&r);
	sandbox_stop(sb);
}

static void test_subscriber_for_a_provisioning_customer_is_refused(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.provision_delay_ms = 60000;
	struct sandbox *sb = start(&cfg);
	char *id = post_customer(sb, "SLOW");
	char body[512];
	snprintf(body, sizeof body, "{\"customerId\":\"%s\",\"email\":\"a@acme.example\","
		 "\"packages\":[\"webex_meetings\"],\"provisioningParameters\":{}}", id);
	struct reply r;
	call(sb, "POST", "/v1/wholesale/subscribers", body, TOKEN, &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body.buf, "provisioning"));
	reply_free(&r);
	free(id);
	sandbox_stop(sb);
}

static void test_error_outcome_has_errors_and_no_org(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.provision_delay_ms = 0;
	cfg.outcomes.error = 1.0;
	struct sandbox *sb = start(&cfg);
	char *id = post_customer(sb, "DOOMED");
	cJSON *c = settled_customer(sb, id);
	assert_string_equal(json_str(c, "status"), "error");
	assert_null(cJSON_GetObjectItem(c, "orgId"));
	const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "errors"), 0);
	assert_int_equal((int)json_num(e, "errorCode", 0), 2560);
	cJSON_Delete(c);
	free(id);
	sandbox_stop(sb);
}

static void test_update_of_a_customer_in_error_provisions_it(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.provision_delay_ms = 0;
	cfg.outcomes.error = 1.0;
	struct sandbox *sb = start(&cfg);
	char *id = post_customer(sb, "RETRY");
	cJSON_Delete(settled_customer(sb, id));
	char path[512];
	snprintf(path, sizeof path, "/v1/wholesale/customers/%s", id);
	struct reply r;
	call(sb, "PUT", path, "{\"packages\":[\"webex_calling\"]}", TOKEN, &r);
	assert_int_equal(r.status, 202);
	reply_free(&r);
	cJSON *c = settled_customer(sb, id);
	while (strcmp(json_str(c, "status"), "updating") == 0) {
		cJSON_Delete(c);
		c = settled_customer(sb, id);
	}
	assert_string_equal(json_str(c, "status"), "provisioned");
	assert_non_null(json_str(c, "orgId"));
	assert_null(cJSON_GetObjectItem(c, "errors"));
	cJSON_Delete(c);
	free(id);
	sandbox_stop(sb);
}

static void test_provisioned_with_errors_marks_one_package_failed(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.provision_delay_ms = 0;
	cfg.outcomes.with_errors = 1.0;
	struct sandbox *sb = start(&cfg);
	char *id = post_customer(sb, "PARTIAL");
	cJSON *c = settled_customer(sb, id);
	assert_string_equal(json_str(c, "status"), "provisioned_with_errors");
	assert_non_null(json_str(c, "orgId"));
	const cJSON *pkgs = cJSON_GetObjectItem(cJSON_GetObjectItem(c, "resourceDetails"), "packages");
	int failed = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs)
		if (strcmp(json_str(p, "status"), "error") == 0) {
			failed++;
			/* The calling package stays usable; meetings fails. */
			assert_string_equal(json_str(p, "name"), "webex_meetings");
		}
	assert_int_equal(failed, 1);
	cJSON_Delete(c);
	free(id);
	sandbox_stop(sb);
}

static void test_outcome_is_the_same_for_an_external_id_on_every_run(void **state)
{
	(void)state;
	char first[8][32];
	for (int run = 0; run < 2; run++) {
		struct sandbox_config cfg;
		sandbox_config_init(&cfg);
		cfg.provision_delay_ms = 0;
		cfg.seed = 11;
		cfg.outcomes.rpl_review = 0.5;
		struct sandbox *sb = start(&cfg);
		for (int i = 0; i < 8; i++) {
			char ext[16];
			snprintf(ext, sizeof ext, "E%d", i);
			char *id = post_customer(sb, ext);
			cJSON *c = settled_customer(sb, id);
			if (run == 0)
				snprintf(first[i], sizeof first[i], "%s", json_str(c, "status"));
			else
				assert_string_equal(first[i], json_str(c, "status"));
			cJSON_Delete(c);
			free(id);
		}
		sandbox_stop(sb);
	}
}

static void test_allow_duplicates_lets_the_state_count_them(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.allow_duplicates = 1;
	struct sandbox *sb = start(&cfg);
	free(post_customer(sb, "TWICE"));
	free(post_customer(sb, "TWICE"));
	struct reply r;
	call(sb, "GET", "/_sandbox/state", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	const cJSON *d = cJSON_GetObjectItem(r.json, "duplicates");
	assert_int_equal((int)json_num(d, "customers.externalId", -1), 1);
	reply_free(&r);
	sandbox_stop(sb);
}

static void test_stop_does_not_wait_for_an_idle_keep_alive_client(void **state)
{
	(void)state;
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	struct sandbox *sb = start(&cfg);
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/_sandbox/state", sandbox_port(sb));
	struct strbuf body = STRBUF_INIT;
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	sandbox_stop(sb);              /* the connection is still open */
	curl_easy_cleanup(c);
	strbuf_free(&body);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_without_token_is_a_usage_error),
		cmocka_unit_test(test_two_sandboxes_run_side_by_side_with_separate_state),
		cmocka_unit_test(test_missing_token_gets_401_in_the_webex_error_shape),
		cmocka_unit_test(test_subscriber_for_a_provisioning_customer_is_refused),
		cmocka_unit_test(test_error_outcome_has_errors_and_no_org),
		cmocka_unit_test(test_update_of_a_customer_in_error_provisions_it),
		cmocka_unit_test(test_provisioned_with_errors_marks_one_package_failed),
		cmocka_unit_test(test_outcome_is_the_same_for_an_external_id_on_every_run),
		cmocka_unit_test(test_allow_duplicates_lets_the_state_count_them),
		cmocka_unit_test(test_stop_does_not_wait_for_an_idle_keep_alive_client),
	};
	int rc = cmocka_run_group_tests_name("sandbox_server", tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
