/* test_load_plan.c — reading the plan, checking each entry before anything
 * is loaded, its body hashes (change detection) and "$ref" resolution
 * (load/plan.c, load/plan_check.c, load/resolve.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "load/load.h"
#include "load/run.h"

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
	"{\"kind\":\"subscriber\",\"key\":\"A/G/u@x\",\"batch\":\"w1\",\"depends\":[\"customer:A\"],"
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
	assert_int_equal(p.v[1].ndepends, 1);
	assert_int_equal(plan_dep(&p, 1, 0), 0);
	assert_string_equal(p.v[1].key, "A/G/u@x");
	assert_string_equal(p.v[1].batch, "w1");
	assert_ptr_equal(p.v[0].batch, p.v[1].batch);    /* interned */
	assert_ptr_equal(p.v[0].method, p.v[1].method);
	cJSON *rec = NULL;
	assert_int_equal(plan_record(&p, 1, &rec, &err), BWM_OK);
	assert_string_equal(json_str(cJSON_GetObjectItem(rec, "body"), "email"), "u@x");
	cJSON_Delete(rec);
	plan_free(&p);
	unlink(path);
	free(path);
}

/* The memory budget of a 1M-entry load (bench/bench_memory.sh: ≤ 200 MiB)
 * rests on these sizes: 64 bytes of index and 48 of run state an entry. */
static void test_an_entry_costs_at_most_112_bytes_plus_its_key(void **state)
{
	(void)state;
	assert_true(sizeof(struct plan_entry) <= 64);
	assert_true(sizeof(struct run_entry) <= 48);
}

static void test_duplicate_key_is_an_error_naming_the_line(void **state)
{
	(void)state;
	char *path = write_plan("{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\",\"path\":\"/x\"},\"body\":{}}\n"
				"{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\",\"path\":\"/x\"},\"body\":{}}\n");
	struct plan p;
	struct bwm_error err = { 0, "" };
	assert_int_equal(plan_load(&p, path, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":2: customer:A appears twice"));
	unlink(path);
	free(path);
}

/* plan_load on one bad line after a valid customer A (and its location
 * A/G); the message must hold every piece of want. */
#define PREFIX "{\"kind\":\"customer\",\"key\":\"A\",\"request\":{\"method\":\"POST\"," \
	"\"path\":\"/wholesale/customers\"},\"body\":{}}\n" \
	"{\"kind\":\"location\",\"key\":\"A/G\",\"depends\":[\"customer:A\"]," \
	"\"request\":{\"method\":\"POST\",\"path\":\"/locations\"}," \
	"\"params\":{\"orgId\":{\"$ref\":\"customer:A#orgId\"}},\"body\":{}}\n"

static void refused(const char *line, const char *want1, const char *want2)
{
	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text, "%s%s\n", PREFIX, line);
	char *path = write_plan(text.buf);
	struct plan p;
	struct bwm_error err = { 0, "" };
	int rc = plan_load(&p, path, &err);
	if (rc == BWM_OK)
		plan_free(&p);
	print_message("# %s\n", err.msg);
	assert_int_equal(rc, BWM_EINPUT);
	assert_non_null(strstr(err.msg, ":3: "));
	assert_non_null(strstr(err.msg, want1));
	if (want2)
		assert_non_null(strstr(err.msg, want2));
	unlink(path);
	free(path);
	strbuf_free(&text);
}

static void accepted(const char *line)
{
	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text, "%s%s\n", PREFIX, line);
	char *path = write_plan(text.buf);
	struct plan p;
	struct bwm_error err = { 0, "" };
	int rc = plan_load(&p, path, &err);
	if (rc != BWM_OK)
		print_message("# unexpected: %s\n", err.msg);
	assert_int_equal(rc, BWM_OK);
	assert_int_equal(p.n, 3);
	plan_free(&p);
	unlink(path);
	free(path);
	strbuf_free(&text);
}

#define SUB(rest) "{\"kind\":\"subscriber\",\"key\":\"A/G/u\"," rest "}"
#define OKREQ "\"request\":{\"method\":\"POST\",\"path\":\"/wholesale/subscribers\"}"

static void test_dependency_on_a_later_line_is_an_error(void **state)
{
	(void)state;
	refused(SUB("\"depends\":[\"number:A/G\"]," OKREQ ",\"body\":{}"),
		"subscriber:A/G/u: key depends: \"number:A/G\" is not an earlier entry",
		"move that entry before this line");
	refused(SUB("\"depends\":[\"subscriber:A/G/u\"]," OKREQ ",\"body\":{}"),
		"key depends: the entry depends on itself", NULL);
	refused(SUB("\"depends\":\"customer:A\"," OKREQ ",\"body\":{}"),
		"key depends: must be an array of strings", NULL);
	refused(SUB("\"depends\":[7]," OKREQ ",\"body\":{}"),
		"key depends: holds something that is not a string", NULL);
}

static void test_entry_without_request_is_an_error(void **state)
{
	(void)state;
	refused(SUB("\"body\":{}"), "key request: missing or not an object", NULL);
	refused(SUB("\"request\":\"POST /x\",\"body\":{}"), "key request: missing", NULL);
}

static void test_kind_and_key_are_checked(void **state)
{
	(void)state;
	refused("{\"kind\":\"Subscriber\",\"key\":\"u\"," OKREQ ",\"body\":{}}",
		"Subscriber:u: key kind: must be a lower-case identifier", NULL);
	refused("{\"kind\":\"\",\"key\":\"u\"," OKREQ ",\"body\":{}}", "key kind:", NULL);
	refused("{\"kind\":7,\"key\":\"u\"," OKREQ ",\"body\":{}}", "key kind:", NULL);
	refused("{\"kind\":\"subscriber\",\"key\":\"\"," OKREQ ",\"body\":{}}",
		"key key: must be a non-empty string", NULL);
	refused("{\"kind\":\"subscriber\"," OKREQ ",\"body\":{}}", "key key:", NULL);
	refused("[1,2]", ":3: not a plan entry", NULL);
	/* A kind the load has never heard of is fine (docs/plan-format.md: any lower-case kind). */
	accepted("{\"kind\":\"hunt_group\",\"key\":\"A/G/hg@x\",\"depends\":[\"location:A/G\"],"
		 "\"request\":{\"method\":\"POST\",\"path\":\"/telephony/config/locations/"
		 "{locationId}/huntGroups\"},\"params\":{\"locationId\":{\"$ref\":\"location:A/G\"},"
		 "\"orgId\":{\"$ref\":\"customer:A#orgId\"}},\"body\":{\"name\":\"Sales\"},"
		 "\"lookup\":{\"path\":\"/telephony/config/huntGroups\",\"query\":{\"locationId\":"
		 "{\"$ref\":\"location:A/G\"},\"name\":\"Sales\"},\"items\":\"huntGroups\","
		 "\"match\":{\"name\":\"Sales\"}},\"delete\":{\"path\":\"/telephony/config/"
		 "locations/{locationId}/huntGroups/{id}\"},\"source\":[\"hunt_group:x\"]}");
}

static void test_method_must_be_post_put_or_lookup(void **state)
{
	(void)state;
	refused(SUB("\"request\":{\"method\":\"GET\",\"path\":\"/x\"},\"body\":{}"),
		"key request.method: \"GET\" is not POST, PUT or LOOKUP", NULL);
	refused(SUB("\"request\":{\"method\":\"DELETE\",\"path\":\"/x\"},\"body\":{}"),
		"\"DELETE\" is not POST", NULL);
	refused(SUB("\"request\":{\"path\":\"/x\"},\"body\":{}"), "\"(missing)\" is not", NULL);
	accepted(SUB("\"request\":{\"method\":\"PUT\",\"path\":\"/x\"},\"body\":{}"));
}

static void test_path_stays_on_the_api(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{ "x/y", "does not start with '/'" },
		{ "https://evil.example/x", "does not start with '/'" },
		{ "//evil.example/x", "names a scheme or host" },
		{ "/x/http://evil", "names a scheme or host" },
		{ "/x/../admin", "contains '..'" },
		{ "/x y", "contains a space" },
		{ "/x\\ty", "contains a space or a control character" },
		{ "/x/{", "has a '{' without" },
		{ "/x/{}", "has a '{' without" },
		{ "/x/}", "has a '}' without" },
		{ "/x/{a-b}", "parameter name" },
		{ "/x/{locationId}", "uses {locationId}, which is not in params" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		struct strbuf line = STRBUF_INIT;
		strbuf_addf(&line, SUB("\"request\":{\"method\":\"POST\",\"path\":\"%s\"},\"body\":{}"),
			    bad[k][0]);
		refused(line.buf, "key request.path: ", bad[k][1]);
		strbuf_free(&line);
	}
	refused(SUB("\"request\":{\"method\":\"POST\",\"path\":7},\"body\":{}"),
		"key request.path: missing or not a string", NULL);
	accepted(SUB("\"depends\":[\"location:A/G\"],\"request\":{\"method\":\"POST\",\"path\":"
		     "\"/telephony/config/locations/{locationId}/numbers\"},\"params\":{\"locationId\":"
		     "{\"$ref\":\"location:A/G\"}},\"body\":{}"));
	accepted(SUB("\"request\":{\"method\":\"POST\",\"path\":\"/people/{pid}\"},"
		     "\"params\":{\"pid\":\"literal\"},\"body\":{}"));
}

static void test_params_hold_strings_or_refs(void **state)
{
	(void)state;
	refused(SUB(OKREQ ",\"params\":[],\"body\":{}"), "key params: must be an object", NULL);
	refused(SUB(OKREQ ",\"params\":{\"max\":10},\"body\":{}"),
		"key params: member \"max\" is neither a string nor", NULL);
	refused(SUB(OKREQ ",\"params\":{\"o\":{\"id\":\"x\"}},\"body\":{}"),
		"member \"o\" is neither", NULL);
	refused(SUB(OKREQ ",\"params\":{\"o\":{\"$ref\":\"customer:A\",\"x\":1}},\"body\":{}"),
		"member \"o\" is neither", NULL);
}

static void test_body_is_an_object_for_post_and_put(void **state)
{
	(void)state;
	refused(SUB(OKREQ), "key body: missing; a POST sends a JSON object", NULL);
	refused(SUB(OKREQ ",\"body\":[1]"), "key body: must be a JSON object", NULL);
	refused(SUB(OKREQ ",\"body\":\"{}\""), "key body: must be a JSON object", NULL);
	refused(SUB("\"request\":{\"method\":\"PUT\",\"path\":\"/x\"},\"body\":null"),
		"key body: must be a JSON object", NULL);
	/* A LOOKUP sends nothing: no body needed. */
	accepted("{\"kind\":\"location\",\"key\":\"A/H\",\"depends\":[\"customer:A\"],"
		 "\"request\":{\"method\":\"LOOKUP\",\"path\":\"/locations\"},"
		 "\"lookup\":{\"name\":\"HQ\",\"orgId\":{\"$ref\":\"customer:A#orgId\"}}}");
}

static void test_created_id_is_a_string_or_reference_on_a_post(void **state)
{
	(void)state;
	accepted(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{},"
		     "\"createdId\":{\"$ref\":\"customer:A#orgId\"}"));
	accepted(SUB(OKREQ ",\"body\":{},\"createdId\":\"abc\""));
	refused(SUB("\"request\":{\"method\":\"PUT\",\"path\":\"/x\"},\"body\":{},"
		    "\"createdId\":\"abc\""), "key createdId: is only for a POST", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"createdId\":7"), "key createdId:", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"createdId\":{\"$ref\":\"customer:A#orgId\"}"),
		"createdId", "customer:A");
}

static void test_refs_name_earlier_entries_in_depends(void **state)
{
	(void)state;
	refused(SUB(OKREQ ",\"body\":{\"customerId\":{\"$ref\":\"customer:A\"}}"),
		"key body.customerId: \"$ref\": \"customer:A\" names customer:A, which is not in "
		"\"depends\"", "add \"customer:A\" to depends");
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"x\":{\"$ref\":\"customer:B\"}}"),
		"key body.x: \"$ref\": \"customer:B\" names customer:B, which is not an earlier "
		"entry", NULL);
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"a\":[{\"$ref\":\"nocolon\"}]}"),
		"key body.a: \"$ref\": \"nocolon\" is not \"KIND:KEY\"", NULL);
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"a\":{\"$ref\":\"customer:\"}}"),
		"is not \"KIND:KEY\"", NULL);
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"a\":{\"$ref\":\"customer:A#\"}}"),
		"is not \"KIND:KEY\"", NULL);
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"a\":{\"$ref\":7}}"),
		"key body.a: a reference must be exactly", NULL);
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{\"a\":{\"$ref\":\"customer:A\","
		    "\"b\":1}}"), "key body.a: a reference must be exactly", NULL);
	/* Through what it depends on: location A/G depends on customer A. */
	accepted(SUB("\"depends\":[\"location:A/G\"]," OKREQ ",\"body\":{\"c\":{\"$ref\":"
		     "\"customer:A\"},\"o\":{\"$ref\":\"customer:A#orgId\"}}"));
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"params\":{\"l\":{\"$ref\":"
		    "\"location:A/G\"}},\"body\":{}"), "key params.l: \"$ref\": \"location:A/G\"",
		"not in \"depends\"");
	refused(SUB("\"depends\":[\"customer:A\"]," OKREQ ",\"body\":{},\"lookup\":{\"email\":"
		    "\"u@x\",\"l\":{\"$ref\":\"location:A/G\"}}"), "key lookup.l:", NULL);
}

static void test_lookup_forms(void **state)
{
	(void)state;
	refused(SUB(OKREQ ",\"body\":{},\"lookup\":\"u@x\""), "key lookup: must be an object",
		NULL);
	refused(SUB(OKREQ ",\"body\":{},\"lookup\":{\"name\":\"u\"}"),
		"key lookup: a subscriber is looked up by \"email\"", NULL);
	accepted(SUB(OKREQ ",\"body\":{},\"lookup\":{\"email\":\"u@x\"}"));
	refused("{\"kind\":\"number\",\"key\":\"A/G\",\"depends\":[\"location:A/G\"],"
		"\"request\":{\"method\":\"POST\",\"path\":\"/n\"},\"body\":{},\"lookup\":"
		"{\"locationId\":{\"$ref\":\"location:A/G\"}}}", "key lookup.phoneNumbers:", NULL);
	refused("{\"kind\":\"number\",\"key\":\"A/G\",\"depends\":[\"location:A/G\"],"
		"\"request\":{\"method\":\"POST\",\"path\":\"/n\"},\"body\":{},\"lookup\":"
		"{\"locationId\":{\"$ref\":\"location:A/G\"},\"phoneNumbers\":[1]}}",
		"key lookup.phoneNumbers: holds something", NULL);
	refused("{\"kind\":\"location\",\"key\":\"A/H\",\"depends\":[\"customer:A\"],"
		"\"request\":{\"method\":\"LOOKUP\",\"path\":\"/locations\"}}",
		"key lookup: missing; a LOOKUP entry", NULL);
	refused("{\"kind\":\"schedule\",\"key\":\"A/G#businessHours:Day\"," OKREQ ",\"body\":{},"
		"\"lookup\":{\"name\":\"Day\"}}", "key lookup: has no \"path\"", NULL);
#define GEN(rest) "{\"kind\":\"schedule\",\"key\":\"A/G#holidays:H\"," OKREQ ",\"body\":{}," \
	"\"lookup\":{" rest "}}"
	refused(GEN("\"path\":\"/s/{locationId}\",\"match\":{\"name\":\"H\"}"),
		"key lookup.path: \"/s/{locationId}\" uses {locationId}, which is not in "
		"lookup.query", NULL);
	refused(GEN("\"path\":\"x\",\"match\":{\"name\":\"H\"}"), "key lookup.path:", NULL);
	refused(GEN("\"path\":\"/s\",\"query\":{\"o\":[1]},\"match\":{\"name\":\"H\"}"),
		"key lookup.query: member \"o\"", NULL);
	refused(GEN("\"path\":\"/s\",\"items\":7,\"match\":{\"name\":\"H\"}"),
		"key lookup.items:", NULL);
	refused(GEN("\"path\":\"/s\""), "key lookup.match: must be an object", NULL);
	refused(GEN("\"path\":\"/s\",\"match\":{}"), "key lookup.match: is empty", NULL);
	refused(GEN("\"path\":\"/s\",\"match\":{\"n\":{\"a\":1}}"), "key lookup.match: member",
		NULL);
	accepted(GEN("\"path\":\"/s\",\"match\":{\"name\":\"H\",\"type\":\"holidays\"}"));
	accepted(GEN("\"path\":\"/s\",\"query\":{\"max\":100},\"match\":{\"on\":true}"));
	refused(GEN("\"path\":\"/s\",\"match\":{\"name\":\"H\"},\"distinct\":\"yes\""),
		"key lookup.distinct: must be true or false", NULL);
	accepted(GEN("\"path\":\"/s\",\"match\":{\"name\":\"H\"},\"distinct\":true"));
}

static void test_delete_and_lists(void **state)
{
	(void)state;
	refused(SUB(OKREQ ",\"body\":{},\"delete\":\"/x\""), "key delete: must be an object", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"delete\":{}"), "key delete.path: missing", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"delete\":{\"path\":\"/l/{locationId}/h/{id}\"}"),
		"key delete.path: \"/l/{locationId}/h/{id}\" uses {locationId}, which is not in "
		"params", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"delete\":{\"path\":\"/x/../{id}\"}"),
		"key delete.path:", "'..'");
	accepted(SUB(OKREQ ",\"body\":{},\"delete\":{\"path\":\"/people/{id}\"}"));
	refused(SUB(OKREQ ",\"body\":{},\"batch\":1"), "key batch: must be a string", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"blocked\":\"F1\""), "key blocked: must be an array", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"blocked\":[1]"), "key blocked: holds", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"source\":{}"), "key source: must be an array", NULL);
	refused(SUB(OKREQ ",\"body\":{},\"source\":[null]"), "key source: holds", NULL);
	accepted(SUB(OKREQ ",\"body\":{},\"batch\":\"w2\",\"blocked\":[],\"source\":[\"user:u\"]"));
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
		cmocka_unit_test(test_an_entry_costs_at_most_112_bytes_plus_its_key),
		cmocka_unit_test(test_dependency_on_a_later_line_is_an_error),
		cmocka_unit_test(test_entry_without_request_is_an_error),
		cmocka_unit_test(test_kind_and_key_are_checked),
		cmocka_unit_test(test_method_must_be_post_put_or_lookup),
		cmocka_unit_test(test_path_stays_on_the_api),
		cmocka_unit_test(test_params_hold_strings_or_refs),
		cmocka_unit_test(test_body_is_an_object_for_post_and_put),
		cmocka_unit_test(test_refs_name_earlier_entries_in_depends),
		cmocka_unit_test(test_created_id_is_a_string_or_reference_on_a_post),
		cmocka_unit_test(test_lookup_forms),
		cmocka_unit_test(test_delete_and_lists),
		cmocka_unit_test(test_hash_ignores_formatting_but_sees_a_changed_body),
		cmocka_unit_test(test_refs_are_replaced_by_ids_and_fields),
		cmocka_unit_test(test_unknown_ref_is_reported),
		cmocka_unit_test(test_object_with_more_than_ref_is_not_a_placeholder),
		cmocka_unit_test(test_split_ref_into_id_and_field),
		cmocka_unit_test(test_precheck_drops_unresolved_placeholders),
	};
	return cmocka_run_group_tests_name("load_plan", tests, NULL, NULL);
}
