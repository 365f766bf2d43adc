/* test_transform_criteria.c — selective forward / accept / reject
 * criteria: one POST entry each after the feature's PUT and the location
 * schedule it names, with the OpenAPI body, a distinct lookup on the
 * feature's criteria list and a chain between one feature's criteria;
 * every criterion that cannot be carried is a finding naming file:line
 * and planned not at all. */
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

#define BASE ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100") \
	USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":\"+16175550100\"," \
	    "\"extension\":\"100\",\"countryCode\":\"1\"") \
	"{\"kind\":\"schedule\",\"key\":\"E1/G#Time:Office Hours\",\"enterprise\":\"E1\"," \
	"\"group\":\"G\",\"level\":\"Group\",\"type\":\"Time\",\"name\":\"Office Hours\"," \
	"\"events\":[]}\n"
#define SET(setting, value, line) "{\"kind\":\"user_setting\",\"key\":\"E1/G/u1#" setting \
	"\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/u1\",\"setting\":\"" \
	setting "\",\"value\":" value ",\"source\":{\"file\":\"f.xml\",\"line\":" #line "}}\n"
#define CRIT(fam, name, value, line) "{\"kind\":\"user_setting\",\"key\":\"E1/G/u1#" fam \
	"_criteria:" name "\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/u1\"," \
	"\"setting\":\"" fam "_criteria\",\"item\":\"" name "\",\"value\":" value \
	",\"source\":{\"file\":\"f.xml\",\"line\":" #line "}}\n"
#define ROW(name, active) "{\"Is Active\":\"" active "\",\"Criteria Name\":\"" name "\"}"
#define SELECTIVE(rows) SET("call_forwarding_selective", "{\"isActive\":true," \
	"\"defaultForwardToPhoneNumber\":\"6175559000\",\"playRingReminder\":false," \
	"\"criteriaTable\":[" rows "]}", 10)
#define ANY "\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Any\"," \
	"\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false}"
#define FWD "call_forwarding_selective"
#define REJ "selective_call_rejection"
#define ACC "selective_call_acceptance"

static void test_forward_criteria_bodies_depends_and_lookup(void **state)
{
	struct result r = run(state, BASE SELECTIVE(ROW("Hours", "true") "," ROW("Boss", "true"))
		CRIT(FWD, "Hours", "{\"timeSchedule\":{\"type\":\"Group\",\"name\":\"Office Hours\"},"
		     "\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false}", 11)
		CRIT(FWD, "Boss", "{\"forwardToNumberSelection\":\"Forward To Specified Number\","
		     "\"forwardToPhoneNumber\":\"6175559001\",\"fromDnCriteria\":"
		     "{\"fromDnCriteriaSelection\":\"Specified Only\",\"includeAnonymousCallers\":"
		     "false,\"includeUnavailableCallers\":true,\"phoneNumber\":[\"6175550199\","
		     "\"+442071234567\"]},\"blacklisted\":true}", 12), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	const char *h = "E1/G/u1#selectiveForward:Hours", *b = "E1/G/u1#selectiveForward:Boss";
	assert_true(entry_has(&r, "user_setting", h, "\"request\":{\"method\":\"POST\",\"path\":"
			      "\"/telephony/config/people/{personId}/selectiveForward/criteria\"}"));
	assert_true(entry_has(&r, "user_setting", h, "\"depends\":[\"subscriber:E1/G/u1\","
			      "\"user_setting:E1/G/u1#selectiveForward\","
			      "\"schedule:E1/G#businessHours:Office Hours\"]"));
	/* the default number, a group schedule as the location's (GROUP level) */
	assert_true(entry_has(&r, "user_setting", h, "\"body\":{\"forwardToPhoneNumber\":"
			      "\"+16175559000\",\"sendToVoicemailEnabled\":false,\"scheduleName\":"
			      "\"Office Hours\",\"scheduleType\":\"businessHours\",\"scheduleLevel\":"
			      "\"GROUP\",\"callsFrom\":\"ANY_PHONE_NUMBER\",\"anonymousCallersEnabled\":"
			      "false,\"unavailableCallersEnabled\":false,\"forwardEnabled\":true}"));
	assert_true(entry_has(&r, "user_setting", h, "\"lookup\":{\"path\":\"/telephony/config/"
			      "people/{personId}/selectiveForward\",\"query\":{\"personId\":{\"$ref\":"
			      "\"subscriber:E1/G/u1#personId\"},\"orgId\":{\"$ref\":\"customer:E1#orgId\"}},"
			      "\"items\":\"criteria\",\"match\":{\"source\":\"ALL_NUMBERS\","
			      "\"scheduleName\":\"Office Hours\"},\"distinct\":true}"));
	assert_true(entry_has(&r, "user_setting", h, "\"read\":{\"path\":\"/telephony/config/"
			      "people/{personId}/selectiveForward/criteria/{id}\"}"));
	/* the second criterion follows the first (one unsettled after a crash) */
	assert_true(entry_has(&r, "user_setting", b, "\"depends\":[\"subscriber:E1/G/u1\","
			      "\"user_setting:E1/G/u1#selectiveForward:Hours\"]"));
	assert_true(entry_has(&r, "user_setting", b, "\"body\":{\"forwardToPhoneNumber\":"
			      "\"+16175559001\",\"sendToVoicemailEnabled\":false,\"callsFrom\":"
			      "\"SELECT_PHONE_NUMBERS\",\"anonymousCallersEnabled\":false,"
			      "\"unavailableCallersEnabled\":true,\"phoneNumbers\":[\"+16175550199\","
			      "\"+442071234567\"],\"forwardEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", b, "\"match\":{\"source\":\"SPECIFIC_NUMBERS\"}"));
	assert_true(entry(&r, "user_setting", "E1/G/u1#selectiveForward") <
		    entry(&r, "user_setting", h));
	assert_null(strstr(r.findings, "selective_criteria"));
	done(&r);
}

static void test_rejection_and_acceptance_puts_and_criteria(void **state)
{
	struct result r = run(state, BASE
		SET(REJ, "{\"criteriaTable\":[" ROW("Anon", "true") "]}", 20)
		CRIT(REJ, "Anon", "{\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Specified Only\","
		     "\"includeAnonymousCallers\":true,\"includeUnavailableCallers\":false},"
		     "\"blacklisted\":false,\"private\":false}", 21)
		SET(ACC, "{\"criteriaTable\":[" ROW("Off", "false") "]}", 22), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject", "\"request\":{\"method\":"
			      "\"PUT\",\"path\":\"/telephony/config/people/{personId}/selectiveReject\"}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject",
			      "\"body\":{\"enabled\":true}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Anon",
			      "\"body\":{\"callsFrom\":\"SELECT_PHONE_NUMBERS\",\"anonymousCallersEnabled\":"
			      "true,\"unavailableCallersEnabled\":false,\"rejectEnabled\":true}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Anon",
			      "\"depends\":[\"subscriber:E1/G/u1\",\"user_setting:E1/G/u1#selectiveReject\"]"));
	/* acceptance with no criterion carried stays off: on, it would refuse every call */
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveAccept",
			      "\"body\":{\"enabled\":false}"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveAccept:Off"));
	assert_non_null(strstr(r.findings, "info,selective_criteria_inactive,user_setting:E1/G/u1#"
			       "selective_call_acceptance,"));
	done(&r);
}

/* Each criterion that cannot be carried: a warning with file:line, no entry. */
static void test_untranslatable_criteria_are_findings(void **state)
{
	struct result r = run(state, BASE
		SELECTIVE(ROW("Mine", "true") "," ROW("Both", "true") "," ROW("Gone", "true") ","
			  ROW("To", "true") "," ROW("Bad", "true") "," ROW("Unread", "true") ","
			  ROW("Int", "true"))
		CRIT(FWD, "Mine", "{\"timeSchedule\":{\"type\":\"User\",\"name\":\"My hours\"},"
		     "\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false}", 31)
		CRIT(FWD, "Both", "{\"timeSchedule\":{\"type\":\"Group\",\"name\":\"Office Hours\"},"
		     "\"holidaySchedule\":{\"type\":\"Group\",\"name\":\"Office Hours\"},"
		     "\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false}", 32)
		CRIT(FWD, "Gone", "{\"holidaySchedule\":{\"type\":\"Group\",\"name\":\"Nowhere\"},"
		     "\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false}", 33)
		CRIT(FWD, "To", "{\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false,\"callToNumber\":{\"type\":\"Alternate 1\"}}", 34)
		CRIT(FWD, "Bad", "{\"forwardToNumberSelection\":\"Forward To Default Number\","
		     "\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Specified Only\","
		     "\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false,"
		     "\"phoneNumber\":\"call-me\"},\"blacklisted\":false}", 35)
		CRIT(FWD, "Int", "{\"forwardToNumberSelection\":\"Forward To Default Number\","
		     "\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Specified Only\","
		     "\"includeAnonymousCallers\":true,\"includeUnavailableCallers\":false,"
		     "\"includeInternalCallers\":true,\"includeExternalCallers\":false},"
		     "\"blacklisted\":false}", 36), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	static const char *const want[][2] = {
		{ "Mine", "selective_criteria_schedule_not_migrated" },
		{ "Both", "selective_criteria_two_schedules" },
		{ "Gone", "selective_criteria_schedule_not_migrated" },
		{ "To", "selective_criteria_calls_to" },
		{ "Bad", "selective_criteria_bad_number" },
		{ "Int", "selective_criteria_calls_from" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char line[300], key[100];
		snprintf(line, sizeof line, "warning,%s,user_setting:E1/G/u1#"
			 "call_forwarding_selective_criteria:%s,E1,f.xml,%d,\"f.xml:%d: selective "
			 "forwarding criterion \"\"%s\"\" is not migrated", want[i][1], want[i][0],
			 31 + (int)i, 31 + (int)i, want[i][0]);
		assert_non_null(strstr(r.findings, line));
		snprintf(key, sizeof key, "E1/G/u1#selectiveForward:%s", want[i][0]);
		assert_null(entry(&r, "user_setting", key));
	}
	/* the user's own schedule names the schedule and the fix */
	assert_non_null(strstr(r.findings, "user's own Time schedule \"\"My hours\"\""));
	/* a row without its details: the list's record, line 10 */
	assert_non_null(strstr(r.findings, "warning,selective_criteria_not_read,user_setting:E1/G/u1#"
			       "call_forwarding_selective,E1,f.xml,10,"));
	assert_null(strstr(r.plan, "$ref\":\"schedule:"));
	done(&r);
}

/* Internal or external callers alone are Webex's ANY_INTERNAL/ANY_EXTERNAL
 * (forwarding only); a rejection of forwarded calls is FORWARDED. */
static void test_internal_and_forwarded_callers(void **state)
{
	struct result r = run(state, BASE SELECTIVE(ROW("Int", "true"))
		CRIT(FWD, "Int", "{\"forwardToNumberSelection\":\"Forward To Default Number\","
		     "\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Specified Only\","
		     "\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false,"
		     "\"includeInternalCallers\":true,\"includeExternalCallers\":false},"
		     "\"blacklisted\":false}", 41)
		SET(REJ, "{\"criteriaTable\":[" ROW("Fw", "true") "]}", 42)
		CRIT(REJ, "Fw", "{\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Forwarded\","
		     "\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false},"
		     "\"blacklisted\":true,\"private\":false}", 43)
		SET(ACC, "{\"criteriaTable\":[" ROW("Fw", "true") "]}", 44)
		CRIT(ACC, "Fw", "{\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Forwarded\","
		     "\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false},"
		     "\"blacklisted\":false}", 45), NULL, NULL, 0);
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveForward:Int",
			      "\"callsFrom\":\"ANY_INTERNAL\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveForward:Int",
			      "\"match\":{\"source\":\"ANY_INTERNAL\"}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Fw",
			      "\"callsFrom\":\"FORWARDED\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Fw",
			      "\"rejectEnabled\":false"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveAccept:Fw"));
	assert_non_null(strstr(r.findings, "warning,selective_criteria_calls_from,user_setting:"
			       "E1/G/u1#selective_call_acceptance_criteria:Fw,E1,f.xml,45,"));
	done(&r);
}

/* An enterprise schedule named only by a criterion is copied into the
 * user's location, and the criterion depends on that copy. */
static void test_enterprise_schedule_copied_for_a_criterion(void **state)
{
	struct result r = run(state, BASE
		"{\"kind\":\"schedule\",\"key\":\"E1#Holiday:Closed\",\"enterprise\":\"E1\","
		"\"level\":\"Service Provider\",\"type\":\"Holiday\",\"name\":\"Closed\","
		"\"events\":[]}\n"
		SET(REJ, "{\"criteriaTable\":[" ROW("Hol", "true") "]}", 60)
		CRIT(REJ, "Hol", "{\"holidaySchedule\":{\"type\":\"Service Provider\",\"name\":"
		     "\"Closed\"}," ANY ",\"blacklisted\":false,\"private\":false}", 61), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_non_null(entry(&r, "schedule", "E1/G#holidays:Closed"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Hol",
			      "\"schedule:E1/G#holidays:Closed\"]"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject:Hol",
			      "\"scheduleName\":\"Closed\",\"scheduleType\":\"holidays\","
			      "\"scheduleLevel\":\"GROUP\""));
	assert_null(strstr(r.findings, "schedule_unused"));
	done(&r);
}

/* A forwarding criterion needs a number to forward to; "specified
 * callers" listing nobody never applies. */
static void test_no_destination_and_nobody_selected(void **state)
{
	struct result r = run(state, BASE
		SET("call_forwarding_selective", "{\"isActive\":true,\"playRingReminder\":false,"
		    "\"criteriaTable\":[" ROW("Dflt", "true") "," ROW("Sip", "true") "]}", 70)
		CRIT(FWD, "Dflt", "{\"forwardToNumberSelection\":\"Forward To Default Number\"," ANY
		     ",\"blacklisted\":false}", 71)
		CRIT(FWD, "Sip", "{\"forwardToNumberSelection\":\"Forward To Specified Number\","
		     "\"forwardToPhoneNumber\":\"sip:desk@example.com\"," ANY ",\"blacklisted\":false}", 72)
		SET(REJ, "{\"criteriaTable\":[" ROW("Nobody", "true") "]}", 73)
		CRIT(REJ, "Nobody", "{\"fromDnCriteria\":{\"fromDnCriteriaSelection\":\"Specified Only\","
		     "\"includeAnonymousCallers\":false,\"includeUnavailableCallers\":false},"
		     "\"blacklisted\":false,\"private\":false}", 74), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,selective_criteria_no_destination,user_setting:"
			       "E1/G/u1#call_forwarding_selective_criteria:Dflt,E1,f.xml,71,"));
	assert_non_null(strstr(r.findings, "the default number, which is missing"));
	assert_non_null(strstr(r.findings, "warning,selective_criteria_no_destination,user_setting:"
			       "E1/G/u1#call_forwarding_selective_criteria:Sip,E1,f.xml,72,"));
	assert_non_null(strstr(r.findings, "warning,forward_sip_uri,user_setting:E1/G/u1#"
			       "call_forwarding_selective_criteria:Sip,"));
	assert_non_null(strstr(r.findings, "warning,selective_criteria_calls_from,user_setting:"
			       "E1/G/u1#selective_call_rejection_criteria:Nobody,E1,f.xml,74,"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveForward:Dflt"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveForward:Sip"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveReject:Nobody"));
	/* nothing carried: rejection planned off, forwarding keeps its switch */
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#selectiveReject",
			      "\"body\":{\"enabled\":false}"));
	assert_non_null(entry(&r, "user_setting", "E1/G/u1#selectiveForward"));
	done(&r);
}

static void test_package_without_the_feature(void **state)
{
	struct result r = run(state, BASE
		"{\"kind\":\"service\",\"key\":\"E1/G/u1#pack:Meetings Only\",\"enterprise\":\"E1\","
		"\"owner\":\"E1/G/u1\",\"ownerKind\":\"user\",\"name\":\"Meetings Only\","
		"\"type\":\"service_pack\"}\n"
		SET(REJ, "{\"criteriaTable\":[" ROW("Anon", "true") "]}", 50)
		CRIT(REJ, "Anon", "{" ANY ",\"blacklisted\":false}", 51), NULL, NULL, 0);
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveReject"));
	assert_null(entry(&r, "user_setting", "E1/G/u1#selectiveReject:Anon"));
	assert_non_null(strstr(r.findings, "warning,package_lacks_feature,user_setting:E1/G/u1#"
			       "selective_call_rejection,"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forward_criteria_bodies_depends_and_lookup),
		cmocka_unit_test(test_rejection_and_acceptance_puts_and_criteria),
		cmocka_unit_test(test_untranslatable_criteria_are_findings),
		cmocka_unit_test(test_internal_and_forwarded_callers),
		cmocka_unit_test(test_enterprise_schedule_copied_for_a_criterion),
		cmocka_unit_test(test_no_destination_and_nobody_selected),
		cmocka_unit_test(test_package_without_the_feature),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
