/* test_extract_features.c — the call feature families read on their own:
 * schedules (list, event detail list, one event at a time, enterprise
 * level), auto attendant menus and submenus, call park and call pickup,
 * the group's call park settings and call center supervisors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/oci.h"

#define ENV_OPEN "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
#define DOC(cmds) ENV_OPEN cmds "</BroadsoftDocument>"
#define REQ(type, body) "<command xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define RSP(type, body) "<command echo=\"\" xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define WRAP(x) "<Export>" x "</Export>"
#define H(x) "<colHeading>" x "</colHeading>"
#define C(x) "<col>" x "</col>"
#define SCOPE "<serviceProviderId>ENT</serviceProviderId><groupId>G1</groupId>"
#define SKEY(n, t) "<scheduleKey><scheduleName>" n "</scheduleName><scheduleType>" t \
	"</scheduleType></scheduleKey>"

static char *extract_text(const char *xml)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct extract_session *s = extract_open(fp, NULL);
	struct bwm_error err = { 0, "" };
	int rc = extract_add_memory(s, "f.xml", xml, strlen(xml), &err);
	if (rc == BWM_OK)
		rc = extract_finish(s, &err);
	assert_int_equal(rc, BWM_OK);
	extract_close(s);
	fclose(fp);
	return out;
}

/* The record of kind with key (caller deletes), NULL if none. */
static cJSON *record(const char *out, const char *kind, const char *key)
{
	for (const char *p = out; p != NULL && *p;) {
		const char *nl = strchr(p, '\n');
		cJSON *o = cJSON_ParseWithLength(p, nl ? (size_t)(nl - p) : strlen(p));
		const char *k = json_str(o, "key"), *kd = json_str(o, "kind");
		if (k && kd && strcmp(k, key) == 0 && strcmp(kd, kind) == 0)
			return o;
		cJSON_Delete(o);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static const cJSON *at(const cJSON *o, const char *a, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(o, a), i);
}

static void test_schedule_list_and_event_details_make_one_record(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupScheduleGetListRequest17sp1", SCOPE))
		DOC(RSP("GroupScheduleGetListResponse17sp1", "<scheduleGlobalKey>" SKEY("Open", "Time")
			"<scheduleLevel>Group</scheduleLevel></scheduleGlobalKey>"))
		DOC(REQ("GroupScheduleGetEventDetailListRequest", SCOPE SKEY("Open", "Time")))
		DOC(RSP("GroupScheduleGetEventDetailListResponse", "<scheduleEventsList>"
			"<eventname>Weekdays</eventname><startDate>2026-01-05</startDate>"
			"<startTime><hour>8</hour><minute>30</minute></startTime>"
			"<endTime><hour>17</hour><minute>0</minute></endTime><endDate>2026-01-05</endDate>"
			"<recurrence><recurWeekly><recurInterval>1</recurInterval><sunday>false</sunday>"
			"<monday>true</monday></recurWeekly><recurForEver>true</recurForEver></recurrence>"
			"</scheduleEventsList>"))));
	cJSON *s = record(out, "schedule", "ENT/G1#Time:Open");
	assert_non_null(s);
	assert_string_equal(json_str(s, "level"), "Group");
	assert_string_equal(json_str(s, "type"), "Time");
	assert_string_equal(json_str(s, "group"), "G1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "events")), 1);
	const cJSON *ev = at(s, "events", 0);
	assert_string_equal(json_str(ev, "eventName"), "Weekdays");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(ev, "allDayEvent")));
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "startTime"), "minute")->valueint, 30);
	const cJSON *rec = cJSON_GetObjectItem(ev, "recurrence");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rec, "recurForEver")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "recurWeekly"), "monday")));
	cJSON_Delete(s);
	free(out);
}

static void test_schedule_events_read_one_by_one_are_joined(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupScheduleGetEventRequest", SCOPE SKEY("Closed", "Holiday")
			"<eventName>New Year</eventName>")
		    REQ("GroupScheduleGetEventRequest", SCOPE SKEY("Closed", "Holiday")
			"<eventName>Labour Day</eventName>"))
		DOC(RSP("GroupScheduleGetEventResponse", "<startDate>2026-01-01</startDate>"
			"<allDayEvent>true</allDayEvent><endDate>2026-01-01</endDate>")
		    RSP("GroupScheduleGetEventResponse", "<startDate>2026-09-07</startDate>"
			"<allDayEvent>true</allDayEvent><endDate>2026-09-07</endDate>"))));
	cJSON *s = record(out, "schedule", "ENT/G1#Holiday:Closed");
	assert_non_null(s);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "events")), 2);
	assert_string_equal(json_str(at(s, "events", 0), "eventName"), "New Year");
	assert_string_equal(json_str(at(s, "events", 1), "eventName"), "Labour Day");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(at(s, "events", 1), "allDayEvent")));
	cJSON_Delete(s);
	free(out);
}

static void test_enterprise_schedule_has_no_group(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupScheduleGetListRequest17sp1", SCOPE))
		DOC(RSP("GroupScheduleGetListResponse17sp1", "<scheduleGlobalKey>" SKEY("Corp", "Holiday")
			"<scheduleLevel>Service Provider</scheduleLevel></scheduleGlobalKey>"))));
	cJSON *s = record(out, "schedule", "ENT#Holiday:Corp");
	assert_non_null(s);
	assert_string_equal(json_str(s, "level"), "Service Provider");
	assert_null(cJSON_GetObjectItem(s, "group"));
	cJSON_Delete(s);
	free(out);
}

static void test_auto_attendant_keeps_submenus_clid_and_active_flag(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupAutoAttendantGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupAutoAttendantGetInstanceListResponse", "<autoAttendantTable>"
			H("Service User Id") H("Name") H("Is Active") "<row>" C("aa@x.com") C("Main")
			C("false") "</row></autoAttendantTable>"))
		DOC(REQ("GroupAutoAttendantGetInstanceRequest24", "<serviceUserId>aa@x.com</serviceUserId>")
		    REQ("GroupAutoAttendantSubmenuGetRequest20", "<serviceUserId>aa@x.com</serviceUserId>"
			"<submenuId>S1</submenuId>")
		    REQ("GroupAutoAttendantSubmenuGetRequest20", "<serviceUserId>aa@x.com</serviceUserId>"
			"<submenuId>S2</submenuId>"))
		DOC(RSP("GroupAutoAttendantGetInstanceResponse24", "<serviceInstanceProfile><name>Main</name>"
			"<callingLineIdLastName>Line</callingLineIdLastName><callingLineIdFirstName>Main"
			"</callingLineIdFirstName></serviceInstanceProfile><type>Basic</type>"
			"<businessHours><type>Group</type><name>Open</name></businessHours>"
			"<nameDialingScope>Department</nameDialingScope>"
			"<businessHoursMenu><announcementSelection>Personal</announcementSelection>"
			"<audioFile><name>hi.wav</name><mediaFileType>WAV</mediaFileType><level>Group</level>"
			"</audioFile><enableFirstMenuLevelExtensionDialing>true"
			"</enableFirstMenuLevelExtensionDialing></businessHoursMenu>")
		    RSP("GroupAutoAttendantSubmenuGetResponse20", "<announcementSelection>Default"
			"</announcementSelection><enableLevelExtensionDialing>false</enableLevelExtensionDialing>")
		    RSP("GroupAutoAttendantSubmenuGetResponse20", "<announcementSelection>Default"
			"</announcementSelection><enableLevelExtensionDialing>true</enableLevelExtensionDialing>"))));
	cJSON *aa = record(out, "auto_attendant", "ENT/G1/aa@x.com");
	assert_non_null(aa);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(aa, "isActive")));
	assert_string_equal(json_str(aa, "callingLineIdFirstName"), "Main");
	assert_string_equal(json_str(aa, "businessHours"), "Open");
	assert_string_equal(json_str(aa, "businessHoursLevel"), "Group");
	const cJSON *bh = cJSON_GetObjectItem(cJSON_GetObjectItem(aa, "menus"), "businessHours");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(bh, "enableExtensionDialing")));
	assert_string_equal(json_str(cJSON_GetObjectItem(bh, "audioFile"), "name"), "hi.wav");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(aa, "submenus")), 2);
	assert_string_equal(json_str(at(aa, "submenus", 0), "submenuId"), "S1");
	assert_string_equal(json_str(at(aa, "submenus", 1), "submenuId"), "S2");
	cJSON_Delete(aa);
	free(out);
}

static void test_call_park_and_pickup_keep_members_by_user_id(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupCallParkGetInstanceListRequest", SCOPE)
		    REQ("GroupCallPickupGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupCallParkGetInstanceListResponse", "<name>Park</name>")
		    RSP("GroupCallPickupGetInstanceListResponse", "<name>Pick</name><name>Empty</name>"))
		DOC(REQ("GroupCallParkGetInstanceRequest16sp2", SCOPE "<name>Park</name>")
		    REQ("GroupCallPickupGetInstanceRequest", SCOPE "<name>Pick</name>"))
		DOC(RSP("GroupCallParkGetInstanceResponse16sp2", "<recallAlternateUserId>hg@x.com"
			"</recallAlternateUserId><recallTo>Alternate User Only</recallTo><userTable>"
			H("User Id") H("Last Name") "<row>" C("a@x.com") C("A") "</row><row>" C("b@x.com")
			C("B") "</row></userTable>")
		    RSP("GroupCallPickupGetInstanceResponse", "<userTable>" H("User Id") "<row>"
			C("c@x.com") "</row></userTable>"))));
	cJSON *park = record(out, "call_park", "ENT/G1#Park");
	assert_non_null(park);
	assert_string_equal(json_str(park, "recallTo"), "Alternate User Only");
	assert_string_equal(json_str(park, "recallAlternateUserId"), "hg@x.com");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(park, "members")), 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(park, "members"), 1)->valuestring,
			    "b@x.com");
	cJSON *pick = record(out, "call_pickup", "ENT/G1#Pick");
	assert_non_null(pick);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(pick, "members"), 0)->valuestring,
			    "c@x.com");
	cJSON *empty = record(out, "call_pickup", "ENT/G1#Empty");
	assert_non_null(empty);
	assert_non_null(cJSON_GetObjectItem(empty, "source"));
	cJSON_Delete(park);
	cJSON_Delete(pick);
	cJSON_Delete(empty);
	free(out);
}

static void test_group_call_park_settings_are_one_record_of_the_group(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupCallParkGetRequest16sp2", SCOPE))
		DOC(RSP("GroupCallParkGetResponse16sp2", "<recallTimerSeconds>90</recallTimerSeconds>"
			"<displayTimerSeconds>15</displayTimerSeconds><enableDestinationAnnouncement>"
			"true</enableDestinationAnnouncement><recallAlternateUserId>hg@x.com"
			"</recallAlternateUserId><recallRingPattern>Long-Long</recallRingPattern>"
			"<recallTo>Parking User Then Alternate User</recallTo>"
			"<alternateUserRecallTimerSeconds>45</alternateUserRecallTimerSeconds>"))));
	cJSON *s = record(out, "call_park_settings", "ENT/G1");
	assert_non_null(s);
	assert_string_equal(json_str(s, "group"), "G1");
	assert_int_equal((int)json_num(s, "recallTimerSeconds", 0), 90);
	assert_int_equal((int)json_num(s, "displayTimerSeconds", 0), 15);
	assert_int_equal((int)json_num(s, "alternateUserRecallTimerSeconds", 0), 45);
	assert_true(json_bool(s, "enableDestinationAnnouncement", 0));
	assert_string_equal(json_str(s, "recallRingPattern"), "Long-Long");
	assert_string_equal(json_str(s, "recallTo"), "Parking User Then Alternate User");
	assert_string_equal(json_str(s, "recallAlternateUserId"), "hg@x.com");
	cJSON_Delete(s);
	free(out);
}

static void test_call_center_supervisors_join_the_call_center_record(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupCallCenterGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupCallCenterGetInstanceListResponse", "<callCenterTable>"
			H("Service User Id") H("Name") "<row>" C("cc@x.com") C("Orders") "</row>"
			"</callCenterTable>"))
		DOC(REQ("GroupCallCenterGetSupervisorListRequest16", "<serviceUserId>cc@x.com"
			"</serviceUserId>"))
		DOC(RSP("GroupCallCenterGetSupervisorListResponse16", "<supervisorTable>"
			H("User Id") H("Last Name") "<row>" C("s1@x.com") C("One") "</row><row>"
			C("s2@x.com") C("Two") "</row></supervisorTable>"))));
	cJSON *cc = record(out, "call_center", "ENT/G1/cc@x.com");
	assert_non_null(cc);
	assert_string_equal(json_str(cc, "name"), "Orders");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cc, "supervisors")), 2);
	assert_string_equal(at(cc, "supervisors", 1)->valuestring, "s2@x.com");
	cJSON_Delete(cc);
	free(out);
}

static void test_feature_detail_without_its_request_is_a_source_error(void **state)
{
	(void)state;
	char *out = extract_text(WRAP(
		DOC(REQ("ServiceProviderGetRequest22V4", "<serviceProviderId>ENT</serviceProviderId>"))
		DOC(RSP("GroupCallPickupGetInstanceResponse", SCOPE "<userTable>" H("User Id")
			"</userTable>"))));
	assert_non_null(strstr(out, "\"kind\":\"source_error\""));
	assert_non_null(strstr(out, "name"));
	assert_null(strstr(out, "\"kind\":\"call_pickup\""));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_list_and_event_details_make_one_record),
		cmocka_unit_test(test_schedule_events_read_one_by_one_are_joined),
		cmocka_unit_test(test_enterprise_schedule_has_no_group),
		cmocka_unit_test(test_auto_attendant_keeps_submenus_clid_and_active_flag),
		cmocka_unit_test(test_call_park_and_pickup_keep_members_by_user_id),
		cmocka_unit_test(test_group_call_park_settings_are_one_record_of_the_group),
		cmocka_unit_test(test_call_center_supervisors_join_the_call_center_record),
		cmocka_unit_test(test_feature_detail_without_its_request_is_a_source_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
