/*
 * test_core_json_print.c — json_print writes exactly what
 * cJSON_PrintUnformatted writes: every plan, golden and digest depends on
 * the bytes staying the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* json_print's text of item equals cJSON's. */
static void same_as_cjson(const cJSON *item)
{
	char *want = cJSON_PrintUnformatted(item);
	assert_non_null(want);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(json_print(&sb, item), 0);
	assert_string_equal(sb.buf, want);
	assert_int_equal(sb.len, strlen(want));
	strbuf_free(&sb);
	cJSON_free(want);
}

static void test_strings_with_every_byte_that_needs_an_escape(void **state)
{
	(void)state;
	char s[256];
	size_t n = 0;
	for (int c = 1; c < 256; c++)
		s[n++] = (char)c;       /* all bytes but NUL, UTF-8 or not */
	s[n] = '\0';
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "every byte", s);
	cJSON_AddStringToObject(o, "", "");
	cJSON_AddStringToObject(o, "quote\"and\\back", "tab\there\nnew\rline\b\f\x01\x1f end");
	cJSON_AddStringToObject(o, "utf8", "Zürich — 東京");
	same_as_cjson(o);
	cJSON_Delete(o);
}

static void test_numbers_whole_fractional_large_and_not_finite(void **state)
{
	(void)state;
	static const double v[] = {
		999999999999999.0, -999999999999999.0, 1e15, 123456789012345.0, 1e16,
		0, -0.0, 1, -1, 42, 2147483647.0, -2147483648.0, 2147483648.0, -2147483649.0,
		1e300, -1e-300, 0.1, 1.0 / 3, 2.5, 123456789.123456789, 4e15, 9007199254740993.0,
		1e21, 5e-324, 17.000000000000004,
	};
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
	same_as_cjson(a);
	cJSON_AddItemToArray(a, cJSON_CreateNumber(NAN));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(INFINITY));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(-INFINITY));
	same_as_cjson(a);
	cJSON_Delete(a);
}

static void test_nesting_literals_raw_and_empty_containers(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"a\":[],\"b\":{},\"c\":[1,[2,[3,{}]],{\"d\":null}],"
			       "\"t\":true,\"f\":false,\"n\":null,\"deep\":{\"x\":{\"y\":[\"z\"]}}}");
	assert_non_null(o);
	cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"pre\":\"printed\"}"));
	same_as_cjson(o);
	cJSON *empty = cJSON_CreateObject();
	same_as_cjson(empty);
	cJSON_Delete(empty);
	cJSON_Delete(o);
}

static void test_appends_and_refuses_what_cjson_would_not_print(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "prefix ");
	cJSON *s = cJSON_CreateString("v");
	assert_int_equal(json_print(&sb, s), 0);
	assert_string_equal(sb.buf, "prefix \"v\"");
	/* a raw item without text and NULL: -1 and the buffer as it was */
	cJSON *o = cJSON_CreateObject();
	cJSON *raw = cJSON_CreateRaw("1");
	free(raw->valuestring);
	raw->valuestring = NULL;
	cJSON_AddItemToObject(o, "r", raw);
	assert_int_equal(json_print(&sb, o), -1);
	assert_string_equal(sb.buf, "prefix \"v\"");
	assert_int_equal(json_print(&sb, NULL), -1);
	assert_string_equal(sb.buf, "prefix \"v\"");
	cJSON_Delete(o);
	cJSON_Delete(s);
	strbuf_free(&sb);
}

static void test_long_lines_grow_the_buffer(void **state)
{
	(void)state;
	cJSON *a = cJSON_CreateArray();
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[100] = '\n';
	for (int i = 0; i < 300; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(big));
	same_as_cjson(a);
	cJSON_Delete(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_with_every_byte_that_needs_an_escape),
		cmocka_unit_test(test_numbers_whole_fractional_large_and_not_finite),
		cmocka_unit_test(test_nesting_literals_raw_and_empty_containers),
		cmocka_unit_test(test_appends_and_refuses_what_cjson_would_not_print),
		cmocka_unit_test(test_long_lines_grow_the_buffer),
	};
	return cmocka_run_group_tests_name("core_json_print", tests, NULL, NULL);
}
