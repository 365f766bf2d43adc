/* test_load_devicemove.c — the OCI-P writer of the device move (escaping,
 * command order, documents of at most 15 commands), its policy checks, and
 * a run over a plan whose journal is marked through the public journal API
 * (load/devicemove.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/devicemove.h"
#include "load/journal.h"
#include "load/plan.h"

/* ---- helpers ---- */

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	if (sb.buf == NULL)
		strbuf_addstr(&sb, "");
	return strbuf_detach(&sb);
}

static void spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* ---- the writer ---- */

static void test_escape_writes_entities_for_markup_and_quotes(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(oci_escape(&sb, "R&D <lab> \"a\" 'b'\tc"), 0);
	assert_string_equal(sb.buf, "R&amp;D &lt;lab&gt; &quot;a&quot; &apos;b&apos;&#9;c");
	strbuf_free(&sb);
}

static void test_escape_refuses_control_characters(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "kept");
	assert_int_equal(oci_element(&sb, "description", "bell\x07"), -1);
	assert_string_equal(sb.buf, "kept");   /* nothing half-written */
	strbuf_free(&sb);
}

static void test_comment_breaks_double_hyphens(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	oci_comment(&sb, "a--b---c");
	assert_string_equal(sb.buf, "  <!-- a- -b- - -c -->\n");
	strbuf_free(&sb);
}

static void test_nil_element_is_self_closing_with_xsi_nil(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	oci_element_nil(&sb, "description");
	assert_string_equal(sb.buf, "    <description xsi:nil=\"true\"/>\n");
	strbuf_free(&sb);
}

/* A folder of its own per test. */
static int setup_dir(void **state)
{
	char *dir = strdup("/tmp/bwm-dmtest-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int teardown_dir(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_files_never_hold_more_than_15_commands_nor_split_a_device(void **state)
{
	const char *dir = *state;
	struct oci_files f;
	struct bwm_error err = { 0, "" };
	oci_files_init(&f, dir, "apply", "test");
	struct strbuf block = STRBUF_INIT;
	for (int i = 0; i < 4; i++) {
		oci_command_begin(&block, "GroupCPEConfigResetDeviceRequest");
		oci_element(&block, "deviceName", "d");
		oci_command_end(&block);
	}
	for (int d = 0; d < 5; d++)      /* 5 devices of 4 commands: 12 + 8 */
		assert_int_equal(oci_files_add(&f, block.buf, 4, &err), BWM_OK);
	assert_int_equal(oci_files_finish(&f, 1, &err), BWM_OK);
	assert_int_equal(f.parts, 2);
	char path[256];
	snprintf(path, sizeof path, "%s/apply.xml", dir);
	char *one = slurp(path);
	snprintf(path, sizeof path, "%s/apply-2.xml", dir);
	char *two = slurp(path);
	assert_non_null(one);
	assert_non_null(two);
	assert_int_equal(count(one, "<command "), 12);
	assert_int_equal(count(two, "<command "), 8);
	assert_int_equal(count(one, "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\""), 1);
	assert_non_null(strstr(one, "<sessionId xmlns=\"\">"));
	free(one);
	free(two);
	strbuf_free(&block);
}

static void test_files_dropped_leave_nothing(void **state)
{
	const char *dir = *state;
	struct oci_files f;
	struct bwm_error err = { 0, "" };
	oci_files_init(&f, dir, "apply", NULL);
	assert_int_equal(oci_files_add(&f, "  <command/>\n", 1, &err), BWM_OK);
	assert_int_equal(oci_files_finish(&f, 0, &err), BWM_OK);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- the policy ---- */

static int load_policy(const char *dir, const char *text, struct dm_map *m,
		       struct bwm_error *err)
{
	char path[256];
	snprintf(path, sizeof path, "%s/map.json", dir);
	spit(path, text);
	return dm_map_load(m, path, NULL, 0, err);
}

static void test_policy_refuses_a_member_outside_the_modify_request(void **state)
{
	struct dm_map m;
	struct bwm_error err = { 0, "" };
	assert_int_equal(load_policy(*state, "{\"device\":{\"modify\":{\"macAddress\":\"x\"}}}",
				     &m, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "\"device\".\"macAddress\""));
	dm_map_free(&m);
}

static void test_policy_refuses_clearing_a_member_without_nil(void **state)
{
	struct dm_map m;
	struct bwm_error err = { 0, "" };
	assert_int_equal(load_policy(*state, "{\"device\":{\"modify\":{\"transportProtocol\":"
				     "null}}}", &m, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "cannot be cleared"));
	dm_map_free(&m);
}

static void test_policy_refuses_a_value_outside_the_enumeration(void **state)
{
	struct dm_map m;
	struct bwm_error err = { 0, "" };
	assert_int_equal(load_policy(*state, "{\"device\":{\"modify\":{\"configurationMode\":"
				     "\"Auto\"}}}", &m, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "Default, Manual or Custom"));
	dm_map_free(&m);
}

static void test_ucone_types_match_exactly_or_by_prefix(void **state)
{
	struct dm_map m;
	struct bwm_error err = { 0, "" };
	assert_int_equal(load_policy(*state, "{\"device\":{\"reset\":true},\"ucOne\":{"
				     "\"deviceTypes\":[\"Business Communicator*\",\"UC-One\"],"
				     "\"tags\":{\"%UP%\":\"1\"}}}", &m, &err), BWM_OK);
	int uc;
	assert_ptr_equal(dm_map_policy(&m, "Business Communicator - PC", &uc), &m.ucone);
	assert_int_equal(uc, 1);
	assert_ptr_equal(dm_map_policy(&m, "UC-One", &uc), &m.ucone);
	assert_ptr_equal(dm_map_policy(&m, "UC-One Mobile", &uc), &m.device);
	assert_int_equal(uc, 0);
	dm_map_free(&m);
}

/* ---- a run ---- */

static const char plan_text[] =
	"{\"kind\":\"customer\",\"key\":\"E\",\"batch\":\"w\",\"depends\":[],\"request\":"
	"{\"method\":\"POST\",\"path\":\"/wholesale/customers\"},\"params\":{},\"body\":{}}\n"
	"{\"kind\":\"device\",\"key\":\"E/G/one\",\"batch\":\"w\",\"depends\":[],\"request\":"
	"{\"method\":\"POST\",\"path\":\"/devices\"},\"params\":{},\"body\":{\"mac\":"
	"\"0004F2000001\"},\"bw\":{\"serviceProviderId\":\"E\",\"groupId\":\"G\",\"deviceName\":"
	"\"one\",\"deviceType\":\"Cisco MPP 8851\",\"description\":\"old & kept\","
	"\"configurationMode\":\"Manual\"}}\n"
	"{\"kind\":\"device\",\"key\":\"E/G/two\",\"batch\":\"w\",\"depends\":[],\"request\":"
	"{\"method\":\"POST\",\"path\":\"/devices\"},\"params\":{},\"body\":{\"mac\":"
	"\"0004F2000002\"},\"bw\":{\"serviceProviderId\":\"E\",\"groupId\":\"G\",\"deviceName\":"
	"\"two\",\"deviceType\":\"Cisco MPP 8851\"}}\n";

static const char policy_text[] =
	"{\"device\":{\"modify\":{\"description\":\"on Webex\",\"configurationMode\":\"Custom\"},"
	"\"tags\":{\"%WX%\":\"1\"},\"rebuild\":true,\"reset\":true}}";

/* Journal every entry of plan_text; done unless it is E/G/two and two_done is 0. */
static void mark(const char *dir, int two_done)
{
	char path[256];
	snprintf(path, sizeof path, "%s/plan.jsonl.journal", dir);
	struct journal j;
	struct bwm_error err = { 0, "" };
	assert_int_equal(journal_open(&j, path, 1, 0, &err), BWM_OK);
	const char *lines = plan_text;
	for (int n = 0; n < 3; n++) {
		const char *nl = strchr(lines, '\n');
		cJSON *rec = cJSON_ParseWithLength(lines, (size_t)(nl - lines));
		lines = nl + 1;
		char hash[PLAN_HASH_LEN];
		plan_hash(rec, hash);
		const char *kind = cJSON_GetObjectItem(rec, "kind")->valuestring;
		const char *key = cJSON_GetObjectItem(rec, "key")->valuestring;
		assert_int_equal(journal_add(&j, kind, key, "w", hash, &err), BWM_OK);
		struct journal_row r = { .kind = kind, .key = key, .batch = "w", .hash = hash,
					 .state = JS_IN_FLIGHT, .attempts = 1 };
		assert_int_equal(journal_set(&j, &r, JS_PENDING, "sent", &err), BWM_OK);
		if (two_done || strcmp(key, "E/G/two") != 0) {
			r.state = JS_DONE;
			r.remote_id = "id";
			assert_int_equal(journal_set(&j, &r, JS_IN_FLIGHT, "done", &err), BWM_OK);
		}
		cJSON_Delete(rec);
	}
	journal_close(&j);
}

static int run(const char *dir, struct devicemove_summary *s, struct bwm_error *err)
{
	char plan[256], map[256], out[256];
	snprintf(plan, sizeof plan, "%s/plan.jsonl", dir);
	snprintf(map, sizeof map, "%s/map.json", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	spit(plan, plan_text);
	spit(map, policy_text);
	struct devicemove_opts o = { .plan_path = plan, .out_dir = out, .map_path = map };
	return devicemove_run(&o, s, err);
}

static void test_only_devices_done_in_the_journal_are_written(void **state)
{
	const char *dir = *state;
	mark(dir, 0);
	struct devicemove_summary s;
	struct bwm_error err = { 0, "" };
	assert_int_equal(run(dir, &s, &err), BWM_EPARTIAL);
	assert_int_equal(s.devices, 2);
	assert_int_equal(s.written, 1);
	assert_int_equal(s.not_done, 1);
	char path[256];
	snprintf(path, sizeof path, "%s/out/apply.xml", dir);
	char *apply = slurp(path);
	assert_non_null(apply);
	assert_non_null(strstr(apply, "<deviceName>one</deviceName>"));
	assert_null(strstr(apply, "<deviceName>two</deviceName>"));
	free(apply);
	snprintf(path, sizeof path, "%s/out/devicemove.txt", dir);
	char *txt = slurp(path);
	assert_non_null(strstr(txt, "not moved device E/G/two: its Webex side is in_flight"));
	free(txt);
}

static void test_rollback_restores_the_captured_values_in_reverse_order(void **state)
{
	const char *dir = *state;
	mark(dir, 1);
	struct devicemove_summary s;
	struct bwm_error err = { 0, "" };
	assert_int_equal(run(dir, &s, &err), BWM_OK);
	assert_int_equal(s.written, 2);
	char path[256];
	snprintf(path, sizeof path, "%s/out/rollback.xml", dir);
	char *rb = slurp(path);
	assert_non_null(rb);
	/* The last device first; for each, tags before the profile, then
	 * rebuild and reset. */
	const char *two = strstr(rb, "<!-- device E/G/two ");
	const char *one = strstr(rb, "<!-- device E/G/one ");
	assert_true(two != NULL && one != NULL && two < one);
	const char *del = strstr(one, "GroupAccessDeviceCustomTagDeleteListRequest");
	const char *mod = strstr(one, "GroupAccessDeviceModifyRequest22");
	const char *reb = strstr(one, "GroupCPEConfigRebuildDeviceConfigFileRequest");
	const char *rst = strstr(one, "GroupCPEConfigResetDeviceRequest");
	assert_true(del && mod && reb && rst && del < mod && mod < reb && reb < rst);
	/* Captured values, in the schema's order; absent ones cleared. */
	assert_non_null(strstr(one, "<description>old &amp; kept</description>\n"
				    "    <configurationMode>Manual</configurationMode>"));
	assert_non_null(strstr(rb, "<description xsi:nil=\"true\"/>\n"
				   "    <configurationMode xsi:nil=\"true\"/>"));
	free(rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_writes_entities_for_markup_and_quotes),
		cmocka_unit_test(test_escape_refuses_control_characters),
		cmocka_unit_test(test_comment_breaks_double_hyphens),
		cmocka_unit_test(test_nil_element_is_self_closing_with_xsi_nil),
		cmocka_unit_test_setup_teardown(test_files_never_hold_more_than_15_commands_nor_split_a_device,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_files_dropped_leave_nothing, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_policy_refuses_a_member_outside_the_modify_request,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_policy_refuses_clearing_a_member_without_nil,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_policy_refuses_a_value_outside_the_enumeration,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_ucone_types_match_exactly_or_by_prefix,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_only_devices_done_in_the_journal_are_written,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_rollback_restores_the_captured_values_in_reverse_order,
						setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
