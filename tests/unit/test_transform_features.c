/* test_transform_features.c — call features through the stage: schedules
 * (types, times, recurrences, enterprise copies), auto attendants (always
 * open schedule, submenus, scopes), call park and call pickup members. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transform/transform.h"

#include "tests/unit/transform_harness.h"

#define BASE ENT("E") GRP("E", "G") NUM("E", "G", "+16175550100") NUM("E", "G", "+16175550150") \
	USR("E", "G", "u1", ",\"email\":\"u1@e.example\",\"phoneNumber\":\"+16175550100\"") \
	USR("E", "G", "u2", ",\"extension\":\"102\"")
#define SCHED(key, type, name, events) "{\"kind\":\"schedule\",\"key\":\"" key "\",\"enterprise\":" \
	"\"E\",\"group\":\"G\",\"level\":\"Group\",\"type\":\"" type "\",\"name\":\"" name \
	"\",\"events\":[" events "]}\n"
#define AA(extra) "{\"kind\":\"auto_attendant\",\"key\":\"E/G/aa\",\"enterprise\":\"E\"," \
	"\"group\":\"G\",\"id\":\"aa\",\"name\":\"Main\",\"phoneNumber\":\"+16175550150\"" extra "}\n"
#define MENUS(keys) ",\"menus\":{\"businessHours\":{\"announcementSelection\":\"Default\"," \
	"\"keys\":[" keys "]},\"afterHours\":{\"keys\":[]}}"
#define WEEKDAYS "{\"eventName\":\"Day\",\"startDate\":\"2026-01-05\",\"endDate\":\"2026-01-05\"," \
	"\"startTime\":{\"hour\":8,\"minute\":30},\"endTime\":{\"hour\":17,\"minute\":0}," \
	"\"recurrence\":{\"recurWeekly\":{\"recurInterval\":1,\"monday\":true},\"recurForEver\":true}}"

static int count(const char *s, const char *sub)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, sub)) != NULL; p++)
		n++;
	return n;
}

static void test_time_schedule_becomes_business_hours_with_times(void **state)
{
	struct result r = run(state, BASE SCHED("E/G#Time:Open", "Time", "Open", WEEKDAYS),
			      NULL, NULL, 0);
	assert_true(entry_has(&r, "schedule", "E/G#businessHours:Open", "\"type\":\"businessHours\""));
	assert_true(entry_has(&r, "schedule", "E/G#businessHours:Open", "\"startTime\":\"08:30\""));
	assert_true(entry_has(&r, "schedule", "E/G#businessHours:Open",
			      "\"recurWeekly\":{\"sunday\":false,\"monday\":true"));
	assert_true(entry_has(&r, "schedule", "E/G#businessHours:Open",
			      "\"delete\":{\"path\":\"/telephony/config/locations/{locationId}/"
			      "schedules/businessHours/{id}\"}"));
	assert_true(entry(&r, "subscriber", "E/G/u1") < entry(&r, "schedule", "E/G#businessHours:Open"));
	done(&r);
}

static void test_yearly_recurrences_cross_names(void **state)
{
	struct result r = run(state, BASE SCHED("E/G#Holiday:H", "Holiday", "H",
		"{\"eventName\":\"NY\",\"startDate\":\"2026-01-01\",\"endDate\":\"2026-01-01\","
		"\"allDayEvent\":true,\"recurrence\":{\"recurYearlyByDay\":{\"dayOfMonth\":1,"
		"\"month\":\"January\"},\"recurForEver\":true}},"
		"{\"eventName\":\"TG\",\"startDate\":\"2026-11-26\",\"endDate\":\"2026-11-26\","
		"\"allDayEvent\":true,\"recurrence\":{\"recurYearlyByWeek\":{\"dayOfWeek\":\"Thursday\","
		"\"dayOfWeekInMonth\":\"Fourth\",\"month\":\"November\"},\"recurEndOccurrence\":3}}"),
			      NULL, NULL, 0);
	const char *k = "E/G#holidays:H";
	assert_true(entry_has(&r, "schedule", k, "\"recurYearlyByDate\":{\"dayOfMonth\":1,\"month\":\"JANUARY\"}"));
	assert_true(entry_has(&r, "schedule", k, "\"recurYearlyByDay\":{\"day\":\"THURSDAY\",\"week\":\"FOURTH\","
			      "\"month\":\"NOVEMBER\"},\"recurEndDate\":\"2028-12-31\""));
	assert_non_null(strstr(r.findings, "schedule_end_after_occurrences"));
	done(&r);
}

static void test_monthly_and_backwards_events_are_left_out_with_findings(void **state)
{
	struct result r = run(state, BASE SCHED("E/G#Time:T", "Time", "T",
		"{\"eventName\":\"Monthly\",\"startDate\":\"2026-01-05\",\"endDate\":\"2026-01-05\","
		"\"allDayEvent\":true,\"recurrence\":{\"recurMonthlyByDay\":{\"dayOfMonth\":5},"
		"\"recurForEver\":true}},"
		"{\"eventName\":\"Back\",\"startDate\":\"2026-02-05\",\"endDate\":\"2026-02-01\","
		"\"allDayEvent\":true}," WEEKDAYS), NULL, NULL, 0);
	assert_true(entry_has(&r, "schedule", "E/G#businessHours:T", "\"name\":\"Day\""));
	assert_false(entry_has(&r, "schedule", "E/G#businessHours:T", "Monthly"));
	assert_false(entry_has(&r, "schedule", "E/G#businessHours:T", "\"Back\""));
	assert_non_null(strstr(r.findings, "schedule_recurrence_unsupported"));
	assert_non_null(strstr(r.findings, "schedule_event_end_before_start"));
	done(&r);
}

static void test_enterprise_schedule_is_copied_where_a_feature_names_it(void **state)
{
	struct result r = run(state, BASE GRP("E", "G2")
		"{\"kind\":\"schedule\",\"key\":\"E#Time:Corp\",\"enterprise\":\"E\",\"level\":"
		"\"Service Provider\",\"type\":\"Time\",\"name\":\"Corp\",\"events\":[" WEEKDAYS "]}\n"
		AA(",\"businessHours\":\"Corp\",\"businessHoursLevel\":\"Service Provider\"" MENUS("")),
			      NULL, NULL, 0);
	assert_non_null(entry(&r, "schedule", "E/G#businessHours:Corp"));
	assert_null(entry(&r, "schedule", "E/G2#businessHours:Corp"));
	assert_true(entry_has(&r, "auto_attendant", "E/G/aa", "\"businessSchedule\":\"Corp\""));
	assert_true(entry_has(&r, "auto_attendant", "E/G/aa", "\"schedule:E/G#businessHours:Corp\""));
	done(&r);
}

static void test_attendant_without_schedule_gets_one_always_open_schedule(void **state)
{
	struct result r = run(state, BASE AA(MENUS(""))
		"{\"kind\":\"auto_attendant\",\"key\":\"E/G/ab\",\"enterprise\":\"E\",\"group\":\"G\","
		"\"id\":\"ab\",\"name\":\"Second\",\"extension\":\"300\"" MENUS("") "}\n", NULL, NULL, 0);
	const char *s = entry(&r, "schedule", "E/G#businessHours:Always Open");
	assert_non_null(s);
	assert_true(s < entry(&r, "auto_attendant", "E/G/aa"));
	assert_int_equal(count(r.plan, "\"key\":\"E/G#businessHours:Always Open\""), 1);
	assert_true(entry_has(&r, "auto_attendant", "E/G/ab", "\"businessSchedule\":\"Always Open\""));
	assert_true(entry_has(&r, "auto_attendant", "E/G/ab",
			      "\"schedule:E/G#businessHours:Always Open\""));
	assert_true(entry_has(&r, "auto_attendant", "E/G/aa", "\"number:E/G\""));
	done(&r);
}

static void test_attendant_keys_scopes_and_submenus(void **state)
{
	struct result r = run(state, BASE AA(",\"nameDialingScope\":\"Department\","
		"\"submenus\":[{\"submenuId\":\"S\",\"keys\":[{\"key\":\"1\",\"action\":"
		"\"Transfer Without Prompt\",\"phoneNumber\":\"105\"}]}]"
		MENUS("{\"key\":\"0\",\"action\":\"Transfer To Operator\",\"phoneNumber\":\"+1-6175550100\"},"
		      "{\"key\":\"2\",\"action\":\"Transfer To Submenu\",\"submenuId\":\"S\"}")),
			      NULL, NULL, 0);
	const char *k = "E/G/aa";
	assert_true(entry_has(&r, "auto_attendant", k, "\"nameDialing\":\"GROUP\""));
	assert_true(entry_has(&r, "auto_attendant", k, "\"extensionDialing\":\"ENTERPRISE\""));
	assert_true(entry_has(&r, "auto_attendant", k, "{\"key\":\"0\",\"action\":\"TRANSFER_TO_OPERATOR\","
			      "\"value\":\"+16175550100\"}"));
	assert_false(entry_has(&r, "auto_attendant", k, "\"key\":\"2\""));
	assert_false(entry_has(&r, "auto_attendant", k, "\"value\":\"105\""));
	assert_non_null(strstr(r.findings, "aa_submenu_not_migrated"));
	assert_non_null(strstr(r.findings, "aa_department_scope"));
	done(&r);
}

static void test_flatten_policy_brings_submenu_keys_up(void **state)
{
	(void)state;
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	char *extra = write_tmp("{\"features\":{\"autoAttendantSubmenus\":\"flatten\"}}");
	const char *const ex[] = { extra };
	assert_int_equal(tx_mappings_load(&m, "mappings/default.json", ex, 1, &err), BWM_OK);
	void *st = m;
	struct result r = run(&st, BASE AA(",\"submenus\":[{\"submenuId\":\"S\",\"keys\":["
		"{\"key\":\"1\",\"action\":\"Transfer Without Prompt\",\"phoneNumber\":\"105\"},"
		"{\"key\":\"#\",\"action\":\"Return to Previous Menu\"}]}]"
		MENUS("{\"key\":\"2\",\"action\":\"Transfer To Submenu\",\"submenuId\":\"S\"}")),
			      NULL, NULL, 0);
	assert_true(entry_has(&r, "auto_attendant", "E/G/aa", "{\"key\":\"1\",\"action\":"
			      "\"TRANSFER_WITHOUT_PROMPT\",\"value\":\"105\"}"));
	assert_false(entry_has(&r, "auto_attendant", "E/G/aa", "\"key\":\"#\""));
	assert_non_null(strstr(r.findings, "aa_submenu_flattened"));
	done(&r);
	tx_mappings_free(m);
	unlink(extra);
	free(extra);
}

static void test_members_not_planned_are_left_out_with_a_finding(void **state)
{
	/* u2 has no e-mail: an error blocks it, so it is not a member */
	struct result r = run(state, BASE
		"{\"kind\":\"call_pickup\",\"key\":\"E/G#P\",\"enterprise\":\"E\",\"group\":\"G\","
		"\"name\":\"P\",\"members\":[\"u1\",\"u2\",\"ghost\"]}\n", NULL, NULL, 0);
	assert_true(entry_has(&r, "call_pickup", "E/G#P",
			      "\"agents\":[{\"$ref\":\"subscriber:E/G/u1#personId\"}]"));
	assert_int_equal(count(r.findings, "feature_member_left_out"), 2);
	assert_non_null(strstr(r.findings, "\"member \"\"ghost\"\" is not in the export"));
	done(&r);
}

static void test_park_recall_to_hunt_group_references_its_entry(void **state)
{
	struct result r = run(state, BASE
		"{\"kind\":\"hunt_group\",\"key\":\"E/G/hg\",\"enterprise\":\"E\",\"group\":\"G\","
		"\"id\":\"hg\",\"name\":\"HG\"}\n"
		"{\"kind\":\"call_park\",\"key\":\"E/G#K\",\"enterprise\":\"E\",\"group\":\"G\","
		"\"name\":\"K\",\"recallTo\":\"Alternate User Only\",\"recallAlternateUserId\":\"hg\","
		"\"members\":[\"u1\"]}\n"
		"{\"kind\":\"call_park\",\"key\":\"E/G#L\",\"enterprise\":\"E\",\"group\":\"G\","
		"\"name\":\"L\",\"recallTo\":\"Parking User Then Alternate User\","
		"\"recallAlternateUserId\":\"nobody\",\"members\":[]}\n", NULL, NULL, 0);
	assert_true(entry_has(&r, "call_park", "E/G#K", "\"recall\":{\"huntGroupId\":{\"$ref\":"
			      "\"hunt_group:E/G/hg\"},\"option\":\"ALERT_HUNT_GROUP_ONLY\"}"));
	assert_true(entry_has(&r, "call_park", "E/G#K", "\"depends\":[\"location:E/G\",\"hunt_group:E/G/hg\",\"subscriber:E/G/u1\"]"));
	assert_true(entry_has(&r, "call_park", "E/G#L", "\"option\":\"ALERT_PARKING_USER_ONLY\""));
	assert_non_null(strstr(r.findings, "park_recall_target_missing"));
	done(&r);
}

static void test_group_granularity_plans_a_feature_in_its_own_customer(void **state)
{
	struct result r = run(state, BASE GRP("E", "H")
		"{\"kind\":\"call_pickup\",\"key\":\"E/H#P\",\"enterprise\":\"E\",\"group\":\"H\","
		"\"name\":\"P\",\"members\":[]}\n",
			      "{\"provisioningId\":\"P\",\"granularity\":\"group\"}", NULL, 0);
	assert_int_equal(count(r.plan, "\"kind\":\"call_pickup\""), 1);
	assert_true(entry_has(&r, "call_pickup", "E/H#P", "\"customer:E/H#orgId\""));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_schedule_becomes_business_hours_with_times),
		cmocka_unit_test(test_yearly_recurrences_cross_names),
		cmocka_unit_test(test_monthly_and_backwards_events_are_left_out_with_findings),
		cmocka_unit_test(test_enterprise_schedule_is_copied_where_a_feature_names_it),
		cmocka_unit_test(test_attendant_without_schedule_gets_one_always_open_schedule),
		cmocka_unit_test(test_attendant_keys_scopes_and_submenus),
		cmocka_unit_test(test_flatten_policy_brings_submenu_keys_up),
		cmocka_unit_test(test_members_not_planned_are_left_out_with_a_finding),
		cmocka_unit_test(test_park_recall_to_hunt_group_references_its_entry),
		cmocka_unit_test(test_group_granularity_plans_a_feature_in_its_own_customer),
	};
	return cmocka_run_group_tests_name("transform features", tests, setup, teardown);
}
