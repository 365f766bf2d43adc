/* test_transform_features.c — hunt groups, call queues and paging groups
 * in the plan: members as references to planned people (and findings for
 * the others), the policies of "featurePolicies" and their overrides,
 * sub-resources as feature_setting entries, and what is reported. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/transform_harness.h"

#define E1G ENT("E1") GRP("E1", "G")
#define U(u) USR("E1", "G", u, ",\"email\":\"" u "@e1.example\",\"extension\":\"1" u "\"")
#define SRC ",\"source\":{\"file\":\"x.xml\",\"line\":42}"
#define HG(extra) "{\"kind\":\"hunt_group\",\"key\":\"E1/G/hg\",\"enterprise\":\"E1\"," \
	"\"group\":\"G\",\"id\":\"hg\",\"name\":\"Sales\",\"extension\":\"500\"" extra SRC "}\n"
#define CC(extra) "{\"kind\":\"call_center\",\"key\":\"E1/G/cc\",\"enterprise\":\"E1\"," \
	"\"group\":\"G\",\"id\":\"cc\",\"name\":\"Queue\",\"extension\":\"600\",\"policy\":" \
	"\"Regular\"" extra SRC "}\n"

static const char *line_of(const struct result *r, const char *kind, const char *key)
{
	const char *e = entry(r, kind, key);
	assert_non_null(e);
	return e;
}

/* Is s inside the line starting at e? */
static int in_line(const char *e, const char *s)
{
	const char *nl = strchr(e, '\n'), *hit = strstr(e, s);
	return hit != NULL && (nl == NULL || hit < nl);
}

static void test_hunt_group_agents_are_person_refs_in_table_order(void **state)
{
	struct result r = run(state, E1G U("b") U("a") HG(",\"policy\":\"Weighted\",\"agents\":["
			      "{\"userId\":\"b\",\"weight\":70},{\"userId\":\"a\",\"weight\":30}]"),
			      NULL, NULL, 0);
	const char *e = line_of(&r, "hunt_group", "E1/G/hg");
	const char *b = strstr(e, "{\"id\":{\"$ref\":\"subscriber:E1/G/b#personId\"},\"weight\":\"70\"}");
	const char *a = strstr(e, "{\"id\":{\"$ref\":\"subscriber:E1/G/a#personId\"},\"weight\":\"30\"}");
	assert_non_null(b);
	assert_non_null(a);
	assert_true(b < a);   /* BroadWorks order, not key order */
	assert_true(in_line(e, "\"subscriber:E1/G/a\""));
	assert_true(in_line(e, "\"policy\":\"WEIGHTED\""));
	assert_true(in_line(e, "\"path\":\"/telephony/config/locations/{locationId}/huntGroups\""));
	assert_true(in_line(e, "\"items\":\"huntGroups\",\"match\":{\"name\":\"Sales\"}"));
	assert_true(in_line(e, "\"delete\":{\"path\":\"/telephony/config/locations/{locationId}/"
			    "huntGroups/{id}\"}"));
	/* the feature comes after the people it names */
	assert_true(entry(&r, "subscriber", "E1/G/b") < e);
	done(&r);
}

static void test_member_not_planned_is_a_finding_not_a_ref(void **state)
{
	struct result r = run(state, E1G U("a") USR("E1", "G", "bad", ",\"email\":\"bad@e1.example\","
			      "\"phoneNumberRaw\":\"12\"")
			      HG(",\"policy\":\"Regular\",\"agents\":[{\"userId\":\"ghost\"},"
				 "{\"userId\":\"a\"},{\"userId\":\"bad\"}]"), NULL, NULL, 0);
	const char *e = line_of(&r, "hunt_group", "E1/G/hg");
	assert_false(in_line(e, "ghost"));
	assert_false(in_line(e, "E1/G/bad"));
	assert_true(in_line(e, "subscriber:E1/G/a#personId"));
	assert_false(in_line(e, "\"blocked\""));
	assert_non_null(strstr(r.findings, "warning,feature_member_left_out,hunt_group:E1/G/hg,E1,"
			       "x.xml,42,agent ghost is not in the export"));
	assert_non_null(strstr(r.findings, "agent bad is blocked by findings"));
	done(&r);
}

static void test_unknown_policy_blocks_with_a_fix(void **state)
{
	struct result r = run(state, E1G HG(",\"policy\":\"Random\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "hunt_group", "E1/G/hg", "\"blocked\""));
	assert_non_null(strstr(r.findings, "error,feature_policy_unknown,hunt_group:E1/G/hg,E1,x.xml,42,"));
	assert_non_null(strstr(r.findings, "featurePolicies.huntPolicies"));
	done(&r);
}

static void test_no_answer_seconds_become_rings_rounded_up(void **state)
{
	struct result r = run(state, E1G HG(",\"policy\":\"Circular\",\"forwardAfterTimeout\":true,"
			      "\"forwardTimeoutSeconds\":31,\"forwardToPhoneNumber\":\"+16175550199\""),
			      NULL, NULL, 0);
	const char *e = line_of(&r, "hunt_group", "E1/G/hg");
	assert_true(in_line(e, "\"forwardEnabled\":true,\"numberOfRings\":6,\"destination\":"
			    "\"+16175550199\""));
	done(&r);
	r = run(state, E1G HG(",\"policy\":\"Circular\",\"forwardAfterTimeout\":true,"
		"\"forwardTimeoutSeconds\":600,\"forwardToPhoneNumber\":\"+16175550199\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "hunt_group", "E1/G/hg", "\"numberOfRings\":20"));
	assert_non_null(strstr(r.findings, "warning,feature_rings_clamped,hunt_group:E1/G/hg"));
	done(&r);
}

static void test_policy_overrides_with_a_mappings_file(void **state)
{
	(void)state;
	char *path = write_tmp("{\"featurePolicies\":{\"secondsPerRing\":10,\"ringRounding\":\"down\","
			       "\"premiumCallCenter\":\"block\",\"huntPolicies\":{\"Random\":\"UNIFORM\"}}}");
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	const char *extra[] = { path };
	assert_int_equal(tx_mappings_load(&m, "mappings/default.json", extra, 1, &err), BWM_OK);
	void *st = m;
	struct result r = run(&st, E1G HG(",\"policy\":\"Random\",\"forwardAfterTimeout\":true,"
			      "\"forwardTimeoutSeconds\":39,\"forwardToPhoneNumber\":\"+16175550199\"")
			      CC(",\"type\":\"Premium\""), NULL, NULL, 0);
	const char *e = line_of(&r, "hunt_group", "E1/G/hg");
	assert_true(in_line(e, "\"policy\":\"UNIFORM\""));
	assert_true(in_line(e, "\"numberOfRings\":3,"));
	assert_true(entry_has(&r, "call_queue", "E1/G/cc", "\"blocked\""));
	assert_non_null(strstr(r.findings, "error,queue_premium,call_center:E1/G/cc"));
	done(&r);
	tx_mappings_free(m);
	unlink(path);
	free(path);
}

static void test_bad_feature_policy_is_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{\"featurePolicies\":{\"ringRounding\":\"sideways\"}}",
		"{\"featurePolicies\":{\"secondsPerRing\":0}}",
		"{\"featurePolicies\":{\"premiumCallcenter\":\"block\"}}",
		"{\"featurePolicies\":{\"minRings\":9,\"maxRings\":3}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = write_tmp(bad[i]);
		struct tx_mappings *m = NULL;
		struct bwm_error err = { 0 };
		const char *extra[] = { path };
		assert_int_equal(tx_mappings_load(&m, "mappings/default.json", extra, 1, &err),
				 BWM_EINPUT);
		assert_non_null(strstr(err.msg, "featurePolicies"));
		assert_null(m);
		unlink(path);
		free(path);
	}
}

static void test_service_user_forwarding_becomes_busy_redirect_and_setting(void **state)
{
	struct result r = run(state, E1G HG(",\"policy\":\"Regular\"")
			      "{\"kind\":\"user_setting\",\"key\":\"E1/G/hg#call_forwarding_always\","
			      "\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/hg\",\"setting\":"
			      "\"call_forwarding_always\",\"value\":{\"isActive\":true,"
			      "\"forwardToPhoneNumber\":\"+16175550111\",\"isRingSplashActive\":true}}\n"
			      "{\"kind\":\"user_setting\",\"key\":\"E1/G/hg#call_forwarding_busy\","
			      "\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/hg\",\"setting\":"
			      "\"call_forwarding_busy\",\"value\":{\"isActive\":true,"
			      "\"forwardToPhoneNumber\":\"+16175550112\"}}\n", NULL, NULL, 0);
	assert_true(entry_has(&r, "hunt_group", "E1/G/hg", "\"busyRedirect\":{\"enabled\":true,"
			      "\"destination\":\"+16175550112\""));
	const char *s = line_of(&r, "feature_setting", "E1/G/hg#callForwarding");
	assert_true(in_line(s, "\"method\":\"PUT\",\"path\":\"/telephony/config/locations/{locationId}/"
			    "huntGroups/{huntGroupId}/callForwarding\""));
	assert_true(in_line(s, "\"huntGroupId\":{\"$ref\":\"hunt_group:E1/G/hg\"}"));
	assert_true(in_line(s, "\"always\":{\"enabled\":true,\"destination\":\"+16175550111\","
			    "\"ringReminderEnabled\":true"));
	assert_true(in_line(s, "\"depends\":[\"hunt_group:E1/G/hg\"]"));
	assert_true(line_of(&r, "hunt_group", "E1/G/hg") < s);
	done(&r);
}

static void test_alternate_numbers_of_the_location_become_a_put(void **state)
{
	struct result r = run(state, E1G NUM("E1", "G", "+16175550160") CC("")
			      "{\"kind\":\"user_setting\",\"key\":\"E1/G/cc#alternate_numbers\","
			      "\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/cc\",\"setting\":"
			      "\"alternate_numbers\",\"value\":{\"distinctiveRing\":true,\"alternateEntry01\":"
			      "{\"phoneNumber\":\"+16175550160\",\"ringPattern\":\"Long-Long\"},"
			      "\"alternateEntry02\":{\"phoneNumber\":\"+16175550999\"}}}\n", NULL, NULL, 0);
	const char *s = line_of(&r, "feature_setting", "E1/G/cc#alternateNumbers");
	assert_true(in_line(s, "\"method\":\"PUT\",\"path\":\"/telephony/config/locations/"
			    "{locationId}/queues/{queueId}\""));
	assert_true(in_line(s, "\"alternateNumberSettings\":{\"distinctiveRingEnabled\":true,"
			    "\"alternateNumbers\":[{\"phoneNumber\":\"+16175550160\",\"ringPattern\":"
			    "\"LONG_LONG\"}]}"));
	assert_false(in_line(s, "+16175550999"));
	assert_true(in_line(s, "\"depends\":[\"call_queue:E1/G/cc\",\"number:E1/G\"]"));
	assert_non_null(strstr(r.findings, "alternate number +16175550999 is not among the numbers"));
	done(&r);
}

static void test_feature_number_must_be_in_its_location(void **state)
{
	struct result r = run(state, E1G NUM("E1", "G", "+16175550150")
			      HG(",\"policy\":\"Regular\",\"phoneNumber\":\"+16175550150\"")
			      "{\"kind\":\"paging_group\",\"key\":\"E1/G/pg\",\"enterprise\":\"E1\","
			      "\"group\":\"G\",\"id\":\"pg\",\"name\":\"Page\",\"phoneNumber\":"
			      "\"+16175550999\"" SRC "}\n", NULL, NULL, 0);
	const char *e = line_of(&r, "hunt_group", "E1/G/hg");
	assert_true(in_line(e, "\"phoneNumber\":\"+16175550150\""));
	assert_true(in_line(e, "\"number:E1/G\""));
	assert_true(entry_has(&r, "paging_group", "E1/G/pg", "\"blocked\""));
	assert_false(entry_has(&r, "paging_group", "E1/G/pg", "+16175550999"));
	assert_non_null(strstr(r.findings, "warning,feature_number_not_in_location,paging_group:E1/G/pg"));
	assert_non_null(strstr(r.findings, "error,feature_without_number,paging_group:E1/G/pg"));
	done(&r);
}

static void test_skill_based_queue_with_simultaneous_falls_back(void **state)
{
	struct result r = run(state, E1G U("a") CC(",\"routingType\":\"Skill Based\",\"agents\":"
			      "[{\"userId\":\"a\",\"skillLevel\":3}]")
			      "{\"kind\":\"call_center\",\"key\":\"E1/G/cc2\",\"enterprise\":\"E1\","
			      "\"group\":\"G\",\"id\":\"cc2\",\"name\":\"Q2\",\"extension\":\"601\","
			      "\"policy\":\"Simultaneous\",\"routingType\":\"Skill Based\"}\n",
			      NULL, NULL, 0);
	const char *e = line_of(&r, "call_queue", "E1/G/cc");
	assert_true(in_line(e, "\"routingType\":\"SKILL_BASED\",\"policy\":\"REGULAR\""));
	assert_true(in_line(e, "\"skillLevel\":3"));
	e = line_of(&r, "call_queue", "E1/G/cc2");
	assert_true(in_line(e, "\"routingType\":\"PRIORITY_BASED\",\"policy\":\"SIMULTANEOUS\""));
	assert_non_null(strstr(r.findings, "warning,queue_skill_policy,call_center:E1/G/cc2"));
	done(&r);
}

#define NIGHT ",\"nightService\":{\"action\":\"Transfer\",\"transferPhoneNumber\":\"+16175550100\"," \
	"\"businessHours\":{\"type\":\"Group\",\"name\":\"Office\"},\"forceNightService\":false}"

static void test_night_service_depends_on_its_schedule(void **state)
{
	struct result r = run(state, E1G CC(NIGHT ",\"strandedCalls\":{\"action\":\"Night Service\"}")
			      "{\"kind\":\"schedule\",\"key\":\"E1/G#Time:Office\",\"enterprise\":\"E1\","
			      "\"group\":\"G\",\"level\":\"Group\",\"name\":\"Office\",\"type\":\"Time\","
			      "\"events\":[]}\n", NULL, NULL, 0);
	const char *s = line_of(&r, "feature_setting", "E1/G/cc#nightService");
	assert_true(in_line(s, "\"depends\":[\"call_queue:E1/G/cc\",\"schedule:E1/G#businessHours:Office\"]"));
	assert_true(in_line(s, "\"nightServiceEnabled\":true"));
	assert_true(in_line(s, "\"action\":\"TRANSFER\",\"transferPhoneNumber\":\"+16175550100\""));
	assert_true(in_line(s, "\"businessHoursName\":\"Office\",\"businessHoursLevel\":\"LOCATION\""));
	assert_true(entry_has(&r, "feature_setting", "E1/G/cc#strandedCalls", "\"action\":\"NIGHT_SERVICE\""));
	done(&r);
	/* without the schedule in the export: a finding, no entry */
	r = run(state, E1G CC(NIGHT), NULL, NULL, 0);
	assert_null(entry(&r, "feature_setting", "E1/G/cc#nightService"));
	assert_non_null(strstr(r.findings, "warning,feature_schedule_missing,call_center:E1/G/cc,E1,x.xml,42,"));
	done(&r);
}

static void test_announcements_url_reported_wait_message_mapped(void **state)
{
	struct result r = run(state, E1G CC(",\"announcements\":{\"playEntranceMessage\":true,"
			      "\"entranceAudioMessageSelection\":\"URL\",\"estimatedWaitMessageOptionsRead\":"
			      "{\"enabled\":true,\"operatingMode\":\"Time\",\"maximumWaitingMinutes\":9,"
			      "\"playTimeHighVolume\":true}}"), NULL, NULL, 0);
	assert_true(entry_has(&r, "call_queue", "E1/G/cc", "\"waitMessage\":{\"enabled\":true,"
			      "\"waitMode\":\"TIME\",\"handlingTime\":9,\"highVolumeMessageEnabled\":true"));
	assert_true(entry_has(&r, "call_queue", "E1/G/cc", "\"welcomeMessage\":{\"enabled\":true,"
			      "\"greeting\":\"DEFAULT\""));
	assert_non_null(strstr(r.findings, "warning,feature_custom_announcement,call_center:E1/G/cc"));
	done(&r);
}

static void test_paging_members_are_refs(void **state)
{
	struct result r = run(state, E1G U("o") U("t") "{\"kind\":\"paging_group\",\"key\":\"E1/G/pg\","
			      "\"enterprise\":\"E1\",\"group\":\"G\",\"id\":\"pg\",\"name\":\"Page\","
			      "\"extension\":\"700\",\"deliverOriginatorCLIDInstead\":true,"
			      "\"originators\":[\"o\"],\"targets\":[\"t\",\"o\"]}\n", NULL, NULL, 0);
	const char *e = line_of(&r, "paging_group", "E1/G/pg");
	assert_true(in_line(e, "\"originatorCallerIdEnabled\":true,\"originators\":[{\"$ref\":"
			    "\"subscriber:E1/G/o#personId\"}],\"targets\":[{\"$ref\":\"subscriber:E1/G/t"
			    "#personId\"},{\"$ref\":\"subscriber:E1/G/o#personId\"}]"));
	assert_true(in_line(e, "\"items\":\"locationPaging\""));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hunt_group_agents_are_person_refs_in_table_order),
		cmocka_unit_test(test_member_not_planned_is_a_finding_not_a_ref),
		cmocka_unit_test(test_unknown_policy_blocks_with_a_fix),
		cmocka_unit_test(test_no_answer_seconds_become_rings_rounded_up),
		cmocka_unit_test(test_policy_overrides_with_a_mappings_file),
		cmocka_unit_test(test_bad_feature_policy_is_refused),
		cmocka_unit_test(test_service_user_forwarding_becomes_busy_redirect_and_setting),
		cmocka_unit_test(test_alternate_numbers_of_the_location_become_a_put),
		cmocka_unit_test(test_feature_number_must_be_in_its_location),
		cmocka_unit_test(test_skill_based_queue_with_simultaneous_falls_back),
		cmocka_unit_test(test_night_service_depends_on_its_schedule),
		cmocka_unit_test(test_announcements_url_reported_wait_message_mapped),
		cmocka_unit_test(test_paging_members_are_refs),
	};
	return cmocka_run_group_tests_name("transform features", tests, setup, teardown);
}
