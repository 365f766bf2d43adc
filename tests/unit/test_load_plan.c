/* test_load_plan.c — reading the plan, its body hashes (change detection)
 * and "$ref" resolution (load/plan.c, load/resolve.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/load.h"

/* Write text to a temporary plan file; returns its malloc'ed path. */
static char *write_plan(const char *text)
{
	char *path = strdup("/tmp/bwm-plan-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static const char two_entries[] =
	"{\"kind\":\"customer\",\"key\":\"A\",\"batch\":\"w1\",\"depends\":[],"
	"\"request\":{\"method\":\"POST\",\"path\":\"/wholesale/customers\"},\"body\":{\"externalId\":\"A\"}}\n"
	"\n"
	"{\"kind\":\"subscriber\",\"key\":\"A/G/u@x\",\"batch\":\"w1\",\"depends\":[\"customer:A\",\"location:A/G\"],"
	"\"request\":{\"method\":\"POST\",\"path\":\"/wholesale/subscribers\"},"
	"\"body\":{\"customerId\":{\"$ref\":\"customer:A\"},\"email\":\"u@x\"}}\n";

static void test_plan_is_indexed_by_kind_and_key(void **state)
{
	(void)state;
	char *path = write_plan(two_entries);
	struct plan p;
	struct bwm_error err = { 0, "" };
	assert_int_equal(plan_load(&p, path, &err), BWM_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(plan_find(&p, "customer:A"), 0);
	assert_int_equal(plan_find(&p, "subscriber:A/G/u@x"), 1);
	assert_int_equal(plan_find(&p, "customer:B"), -1);
	assert_int_equal(p.v[1].line, 3);                /* blank line counted */
	assert_int_equal(p.v[1].dep_idx[0], 0);
	assert_int_equal(p.v[1].dep_idx[1], -1);         /* not in the plan */
	cJSON *rec = NULL;
	assert_int_equal(plan_record(&p, 1, &rec, &err), BWM_OK);
	assert_string_equal(json_str(cJSON_GetObjectItem(rec, "body"), "email"), "u@x");
	cJSON_Delete(rec);
	plan_free(&p);
	unlink(path);
	free(path);
}

static void test_duplicate_key_is_an_error_naming_the_line(void **state)
{
	(void)state;
	char *path = write_plan("{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\",\"path\":\"/x\"}}\n"
				"{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\",\"path\":\"/x\"}}\n");
	struct plan p;
	struct bwm_error err = { 0, "" };
	assert_int_equal(plan_load(&p, path, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":2: customer:A appears twice"));
	unlink(path);
	free(path);
}

static void test_dependency_on_a_later_line_is_an_error(void **state)
{
	(void)state;
	char *path = write_plan("{\"kind\":\"subscriber\",\"key\":\"u\",\"depends\":[\"customer:A\"],"
				"\"request\":{\"method\":\"POST\",\"path\":\"/x\"}}\n"
				"{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\",\"path\":\"/x\"}}\n");
	struct plan p;
	struct bwm_error err = { 0, "" };
	assert_int_equal(plan_load(&p, path, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":1: subscriber:u depends on customer:A, which comes later (line 2)"));
	unlink(path);
	free(path);
}

static void test_entry_without_request_is_an_error(void **state)
{
	(void)state;
	char *path = write_plan("{\"kind\":\"customer\",\"key\":\"A\",\"body\":{}}\n");
	struct plan p;
	struct bwm_error err = { 0, "" };
	assert_int_equal(plan_load(&p, path, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":1: customer:A has no request.method"));
	unlink(path);
	free(path);
}

static void test_hash_ignores_formatting_but_sees_a_changed_body(void **state)
{
	(void)state;
	char a[PLAN_HASH_LEN], b[PLAN_HASH_LEN], c[PLAN_HASH_LEN];
	cJSON *x = cJSON_Parse("{\"kind\":\"k\",\"key\":\"1\",\"batch\":\"w1\",\"body\":{\"n\":\"Ann\"}}");
	cJSON *y = cJSON_Parse("{ \"kind\" : \"k\", \"key\":\"1\", \"batch\":\"w2\",\n \"body\" : { \"n\" : \"Ann\" } }");
	cJSON *z = cJSON_Parse("{\"kind\":\"k\",\"key\":\"1\",\"batch\":\"w1\",\"body\":{\"n\":\"Anne\"}}");
	plan_hash(x, a);
	plan_hash(y, b);
	plan_hash(z, c);
	assert_string_equal(a, b);        /* whitespace and batch are not the body */
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 16);
	cJSON_Delete(x);
	cJSON_Delete(y);
	cJSON_Delete(z);
}

/* A resolver over a fixed table: customer:A → CUST1, orgId ORG1. */
static const char *table(const char *id, const char *field, void *ctx)
{
	(void)ctx;
	if (strcmp(id, "customer:A") != 0)
		return NULL;
	return field == NULL ? "CUST1" : strcmp(field, "orgId") == 0 ? "ORG1" : NULL;
}

static void test_refs_are_replaced_by_ids_and_fields(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"customerId\":{\"$ref\":\"customer:A\"},"
			       "\"p\":{\"org\":{\"$ref\":\"customer:A#orgId\"}},"
			       "\"list\":[{\"$ref\":\"customer:A\"},\"x\"]}");
	assert_int_equal(resolve_refs(o, table, NULL, NULL), 0);
	char *s = cJSON_PrintUnformatted(o);
	assert_string_equal(s, "{\"customerId\":\"CUST1\",\"p\":{\"org\":\"ORG1\"},\"list\":[\"CUST1\",\"x\"]}");
	cJSON_free(s);
	cJSON_Delete(o);
}

static void test_unknown_ref_is_reported(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"a\":{\"$ref\":\"customer:A\"},\"b\":{\"$ref\":\"location:A/G\"}}");
	char *missing = NULL;
	assert_int_equal(resolve_refs(o, table, NULL, &missing), -1);
	assert_string_equal(missing, "location:A/G");
	assert_string_equal(json_str(o, "a"), "CUST1");   /* the known one is still filled */
	free(missing);
	cJSON_Delete(o);
}

static void test_object_with_more_than_ref_is_not_a_placeholder(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"a\":{\"$ref\":\"customer:A\",\"note\":\"keep\"}}");
	assert_int_equal(resolve_refs(o, table, NULL, NULL), 0);
	assert_true(cJSON_IsObject(cJSON_GetObjectItem(o, "a")));
	cJSON_Delete(o);
}

static void test_split_ref_into_id_and_field(void **state)
{
	(void)state;
	char *id;
	const char *field;
	assert_int_equal(resolve_split("customer:ACME#orgId", &id, &field), 0);
	assert_string_equal(id, "customer:ACME");
	assert_string_equal(field, "orgId");
	free(id);
	assert_int_equal(resolve_split("location:A/G", &id, &field), 0);
	assert_null(field);
	free(id);
	assert_int_equal(resolve_split("nocolon", &id, &field), -1);
}

static void test_precheck_drops_unresolved_placeholders(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"customerId\":{\"$ref\":\"customer:B\"},\"email\":\"u@x\","
			       "\"pp\":{\"locationId\":{\"$ref\":\"location:B/G\"},\"firstName\":\"U\"}}");
	resolve_drop_unresolved(o);
	char *s = cJSON_PrintUnformatted(o);
	assert_string_equal(s, "{\"email\":\"u@x\",\"pp\":{\"firstName\":\"U\"}}");
	cJSON_free(s);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_is_indexed_by_kind_and_key),
		cmocka_unit_test(test_duplicate_key_is_an_error_naming_the_line),
		cmocka_unit_test(test_dependency_on_a_later_line_is_an_error),
		cmocka_unit_test(test_entry_without_request_is_an_error),
		cmocka_unit_test(test_hash_ignores_formatting_but_sees_a_changed_body),
		cmocka_unit_test(test_refs_are_replaced_by_ids_and_fields),
		cmocka_unit_test(test_unknown_ref_is_reported),
		cmocka_unit_test(test_object_with_more_than_ref_is_not_a_placeholder),
		cmocka_unit_test(test_split_ref_into_id_and_field),
		cmocka_unit_test(test_precheck_drops_unresolved_placeholders),
	};
	return cmocka_run_group_tests_name("load_plan", tests, NULL, NULL);
}
