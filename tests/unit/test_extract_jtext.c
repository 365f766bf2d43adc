/* test_extract_jtext.c — the extract stage's fast paths must write the
 * same bytes as the cJSON path they replace: JSON string escaping
 * (extract/jtext.h), the generic user_setting conversion and the merge
 * buffer's sort (extract/runsort.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/jtext.h"
#include "extract/runsort.h"
#include <cjson/cJSON.h>

/* What cJSON prints for s as a JSON string; caller frees. */
static char *cjson_string(const char *s)
{
	cJSON *v = cJSON_CreateString(s);
	char *p = cJSON_PrintUnformatted(v);
	cJSON_Delete(v);
	return p;
}

static void test_jtext_escapes_every_byte_as_cjson_does(void **state)
{
	(void)state;
	char s[300];
	size_t n = 0;
	for (int c = 1; c < 256; c++)   /* every byte but NUL, then UTF-8 text */
		s[n++] = (char)c;
	memcpy(s + n, "Z\xc3\xa9nith", 8);
	s[n + 8] = '\0';
	struct strbuf sb = STRBUF_INIT;
	jtext_string(&sb, s);
	char *want = cjson_string(s);
	assert_string_equal(sb.buf, want);
	assert_int_equal(sb.len, strlen(want));
	free(want);
	strbuf_free(&sb);
}

static void test_jtext_plain_string_is_quoted_as_is(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '[');
	jtext_string(&sb, "u1@ENT00000.example.com");
	jtext_string(&sb, "");
	assert_string_equal(sb.buf, "[\"u1@ENT00000.example.com\"\"\"");
	assert_true(jtext_is_plain("abc", 3));
	assert_false(jtext_is_plain("a\"c", 3));
	strbuf_free(&sb);
}

static void test_jtext_long_writes_zero_and_negatives(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	jtext_long(&sb, 0);
	strbuf_addch(&sb, ' ');
	jtext_long(&sb, -42);
	strbuf_addch(&sb, ' ');
	jtext_long(&sb, 1234567890123L);
	assert_string_equal(sb.buf, "0 -42 1234567890123");
	strbuf_free(&sb);
}

static void format_into(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jtext_vformat(sb, fmt, ap);
	va_end(ap);
}

static void test_jtext_format_builds_keys_and_refuses_other_conversions(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_true(jtext_format_simple("%s/%s/%s#%%x"));
	format_into(&sb, "%s/%s/%s#%%x", "ENT", "G 1", "u@x");
	assert_string_equal(sb.buf, "ENT/G 1/u@x#%x");
	assert_false(jtext_format_simple("%s#error:%s:%ld"));
	assert_false(jtext_format_simple("trailing %"));
	assert_true(jtext_format_simple("no conversion"));
	strbuf_free(&sb);
}

/* ---- the extract output through the fast paths ---------------------------- */

#define DOC(cmds) "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" cmds "</BroadsoftDocument>"
#define CMD(type, body) "<command xsi:type=\"" type "\" xmlns=\"\">" body "</command>"

static char *extract_text(const char *xml)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct extract_session *s = extract_open(fp, NULL);
	struct bwm_error err = { BWM_OK, "" };
	assert_int_equal(extract_add_memory(s, "t.xml", xml, strlen(xml), &err), BWM_OK);
	assert_int_equal(extract_finish(s, &err), BWM_OK);
	extract_close(s);
	fclose(fp);
	return out;
}

static void test_user_fields_with_control_characters_are_escaped(void **state)
{
	(void)state;
	char *out = extract_text("<X>"
		DOC(CMD("UserGetRequest22", "<userId>u1</userId>"))
		DOC(CMD("UserGetResponse22", "<serviceProviderId>E</serviceProviderId>"
			"<groupId>G</groupId><firstName>A&quot;B\\C&#9;D&#13;E&#10;</firstName>"
			"<address><city>Q&lt;&gt;</city></address>"))
		"</X>");
	assert_non_null(strstr(out, "\"firstName\":\"A\\\"B\\\\C\\tD\\rE\\n\""));
	assert_non_null(strstr(out, "\"address\":{\"city\":\"Q<>\"}"));
	free(out);
}

static void test_user_setting_value_keeps_types_arrays_and_tables(void **state)
{
	(void)state;
	char *out = extract_text("<X>"
		DOC(CMD("UserGetListInGroupRequest", "<serviceProviderId>E</serviceProviderId>"
			"<GroupId>G</GroupId>"))
		DOC(CMD("UserGetListInGroupResponse", "<userTable><colHeading>User Id</colHeading>"
			"<row><col>u1</col></row></userTable>"))
		DOC(CMD("UserSharedCallAppearanceGetRequest21sp1", "<userId>u1</userId>"))
		DOC(CMD("UserSharedCallAppearanceGetResponse21sp1",
			"<isActive>true</isActive><maxAppearances>-0</maxAppearances>"
			"<phoneNumber>0123</phoneNumber><count>0044</count><e>1</e><e>x\"y</e><empty/>"
			"<endpointTable><colHeading>Device</colHeading><colHeading>Port</colHeading>"
			"<row><col>d1</col><col/></row><row><col>d2</col><col>p</col></row>"
			"</endpointTable><nested><a>false</a></nested>"))
		"</X>");
	const char *want = "\"value\":{\"isActive\":true,\"maxAppearances\":-0,"
		"\"phoneNumber\":\"0123\",\"count\":\"0044\",\"e\":[1,\"x\\\"y\"],\"empty\":\"\","
		"\"endpointTable\":[{\"Device\":\"d1\"},{\"Device\":\"d2\",\"Port\":\"p\"}],"
		"\"nested\":{\"a\":false}}";
	assert_non_null(strstr(out, want));
	free(out);
}

/* ---- runsort ------------------------------------------------------------------ */

/* An element with a sort key and its original position (for stability). */
struct item {
	int key;
	int pos;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

/* Sorted by key, and equal keys keep their original order. */
static void assert_sorted_stable(const struct item *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		assert_true(v[i - 1].key <= v[i].key);
		if (v[i - 1].key == v[i].key)
			assert_true(v[i - 1].pos < v[i].pos);
	}
}

static void test_runsort_merges_a_few_runs_stably(void **state)
{
	(void)state;
	enum { N = 3000 };
	struct item v[N], tmp[N];
	for (int i = 0; i < N; i++)   /* three ascending runs with shared keys */
		v[i] = (struct item){ (i % 1000) / 2, i };
	runsort(v, tmp, N, sizeof *v, item_cmp);
	assert_sorted_stable(v, N);
	assert_int_equal(v[0].pos, 0);
	assert_int_equal(v[1].pos, 1);
	assert_int_equal(v[2].pos, 1000);
}

static void test_runsort_sorts_input_of_many_runs(void **state)
{
	(void)state;
	enum { N = 5000 };
	struct item v[N], tmp[N];
	unsigned x = 12345;
	long sum = 0;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		v[i] = (struct item){ (int)((x >> 8) % 1000), i };
		sum += v[i].key;
	}
	runsort(v, tmp, N, sizeof *v, item_cmp);
	for (int i = 1; i < N; i++)
		assert_true(v[i - 1].key <= v[i].key);
	for (int i = 0; i < N; i++)
		sum -= v[i].key;
	assert_int_equal(sum, 0);
}

static void test_runsort_leaves_sorted_and_tiny_input_alone(void **state)
{
	(void)state;
	struct item v[4] = { { 1, 0 }, { 2, 1 }, { 2, 2 }, { 9, 3 } }, tmp[4];
	runsort(v, tmp, 4, sizeof *v, item_cmp);
	assert_sorted_stable(v, 4);
	runsort(v, tmp, 0, sizeof *v, item_cmp);
	runsort(v, tmp, 1, sizeof *v, item_cmp);
	assert_int_equal(v[0].key, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jtext_escapes_every_byte_as_cjson_does),
		cmocka_unit_test(test_jtext_plain_string_is_quoted_as_is),
		cmocka_unit_test(test_jtext_long_writes_zero_and_negatives),
		cmocka_unit_test(test_jtext_format_builds_keys_and_refuses_other_conversions),
		cmocka_unit_test(test_user_fields_with_control_characters_are_escaped),
		cmocka_unit_test(test_user_setting_value_keeps_types_arrays_and_tables),
		cmocka_unit_test(test_runsort_merges_a_few_runs_stably),
		cmocka_unit_test(test_runsort_sorts_input_of_many_runs),
		cmocka_unit_test(test_runsort_leaves_sorted_and_tiny_input_alone),
	};
	return cmocka_run_group_tests_name("extract_jtext", tests, NULL, NULL);
}
