/* test_transform_user_settings.c — user_setting plan entries: the exact
 * PUT bodies, params and depends; destinations made E.164 or rewritten to
 * another user's number; findings (naming file:line) for bad values, for
 * services the package lacks and for every setting not carried; settings
 * of a blocked subscriber blocked with it; the per-user report rows. */
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
	NUM("E1", "G", "+16175550101") NUM("E1", "G", "+16175550111") \
	USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":\"+16175550100\"," \
	    "\"extension\":\"100\",\"countryCode\":\"1\"") \
	USR("E1", "G", "u2", ",\"email\":\"u2@e1.example\",\"phoneNumber\":\"+16175550101\"," \
	    "\"extension\":\"101\",\"countryCode\":\"1\"")
/* A user_setting record of user UID with VALUE, read from f.xml line LINE. */
#define SET(uid, setting, value, line) "{\"kind\":\"user_setting\",\"key\":\"E1/G/" uid "#" \
	setting "\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/" uid "\",\"setting\":\"" \
	setting "\",\"value\":" value ",\"source\":{\"file\":\"f.xml\",\"line\":" #line "}}\n"

static void test_forwarding_is_one_put_with_every_kind(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "call_forwarding_always", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"6175559876\",\"isRingSplashActive\":true}", 10)
		SET("u1", "call_forwarding_no_answer", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"+16175559877\",\"numberOfRings\":4}", 11)
		SET("u1", "call_forwarding_not_reachable", "{\"isActive\":true,"
		    "\"forwardToPhoneNumber\":\"+16175559878\"}", 12), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	const char *k = "E1/G/u1#callForwarding";
	assert_true(entry_has(&r, "user_setting", k, "\"method\":\"PUT\",\"path\":"
			      "\"/people/{personId}/features/callForwarding\""));
	assert_true(entry_has(&r, "user_setting", k, "\"params\":{\"personId\":{\"$ref\":"
			      "\"subscriber:E1/G/u1#personId\"},\"orgId\":{\"$ref\":\"customer:E1#orgId\"}}"));
	assert_true(entry_has(&r, "user_setting", k, "\"depends\":[\"subscriber:E1/G/u1\"]"));
	/* a national number gets + and the calling code */
	assert_true(entry_has(&r, "user_setting", k, "\"body\":{\"callForwarding\":{\"always\":"
			      "{\"enabled\":true,\"destination\":\"+16175559876\",\"ringReminderEnabled\":"
			      "true,\"destinationVoicemailEnabled\":false},\"noAnswer\":{\"enabled\":true,"
			      "\"destination\":\"+16175559877\",\"numberOfRings\":4,"
			      "\"destinationVoicemailEnabled\":false}},\"businessContinuity\":{\"enabled\":"
			      "true,\"destination\":\"+16175559878\",\"destinationVoicemailEnabled\":false}}"));
	/* settings come after the subscribers */
	assert_true(entry(&r, "subscriber", "E1/G/u2") < entry(&r, "user_setting", k));
	done(&r);
}

static void test_bad_destination_and_rings_are_findings_with_file_line(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "call_forwarding_busy", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"voicemail\"}", 21)
		SET("u1", "call_forwarding_no_answer", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"sip:bob@example.com\",\"numberOfRings\":0}", 22), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,bad_destination,user_setting:E1/G/u1#"
			       "call_forwarding_busy,E1,f.xml,21,\"f.xml:21: call forwarding busy"));
	assert_non_null(strstr(r.findings, "forward_sip_uri"));
	assert_non_null(strstr(r.findings, "info,cfna_rings_zero"));
	/* planned off, without the destination, and without rings */
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callForwarding",
			      "\"busy\":{\"enabled\":false,\"destinationVoicemailEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callForwarding",
			      "\"noAnswer\":{\"enabled\":false,\"destinationVoicemailEnabled\":false}"));
	done(&r);
}

static void test_forward_to_another_user_uses_its_webex_number(void **state)
{
	/* u2's extension 101 stays an extension; u2 by its number is kept;
	 * the lobby phone's extension too (it becomes a workspace, which
	 * keeps it); a target that is not migrated (u9 is blocked) is a
	 * warning */
	struct result r = run(state, BASE
		USR("E1", "G", "lobby", ",\"phoneNumber\":\"+16175550111\",\"extension\":\"111\","
		    "\"isPlace\":true")
		USR("E1", "G", "u9", ",\"extension\":\"109\"")
		SET("u1", "call_forwarding_busy", "{\"isActive\":true,\"forwardToPhoneNumber\":\"101\"}", 5)
		SET("u1", "call_forwarding_no_answer", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"111\"}", 8)
		SET("u2", "call_forwarding_busy", "{\"isActive\":true,\"forwardToPhoneNumber\":\"109\"}", 6)
		SET("u2", "call_forwarding_always", "{\"isActive\":false,\"forwardToPhoneNumber\":"
		    "\"6175550100\"}", 7), NULL, NULL, 0);
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callForwarding", "\"destination\":\"101\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/u2#callForwarding",
			      "\"destination\":\"+16175550100\""));
	assert_non_null(strstr(r.findings, "warning,forward_to_unmigrated,user_setting:E1/G/u2#"
			       "call_forwarding_busy,E1,f.xml,6,\"f.xml:6: call forwarding busy destination "
			       "109 is user u9, which is not migrated\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callForwarding", "\"destination\":\"111\""));
	assert_null(strstr(r.findings, "forward_to_unmigrated,user_setting:E1/G/u1"));
	done(&r);
}

static void test_voicemail_body_and_what_it_cannot_carry(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "voice_messaging", "{\"isActive\":true,\"processing\":\"Deliver To Email "
		    "Address Only\",\"voiceMessageDeliveryEmailAddress\":{\"emailAddress\":\"vm@e1.example\"},"
		    "\"usePhoneMessageWaitingIndicator\":false,\"sendVoiceMessageNotifyEmail\":true,"
		    "\"voiceMessageNotifyEmailAddress\":\"u1@e1.example\",\"sendCarbonCopyVoiceMessage\":false,"
		    "\"transferOnZeroToPhoneNumber\":true,\"transferPhoneNumber\":\"6175550199\","
		    "\"alwaysRedirectToVoiceMail\":false,\"busyRedirectToVoiceMail\":true,"
		    "\"noAnswerRedirectToVoiceMail\":true,\"outOfPrimaryZoneRedirectToVoiceMail\":true}", 30)
		SET("u1", "voice_messaging_greeting", "{\"busyAnnouncementSelection\":\"Personal\","
		    "\"noAnswerAnnouncementSelection\":\"Default\",\"extendedAwayEnabled\":true,"
		    "\"noAnswerNumberOfRings\":3}", 31), NULL, NULL, 0);
	const char *k = "E1/G/u1#voicemail";
	assert_true(entry_has(&r, "user_setting", k, "\"body\":{\"enabled\":true,\"sendAllCalls\":"
			      "{\"enabled\":false},\"sendBusyCalls\":{\"enabled\":true,\"greeting\":"
			      "\"DEFAULT\"},\"sendUnansweredCalls\":{\"enabled\":true,\"greeting\":"
			      "\"DEFAULT\",\"numberOfRings\":3},\"notifications\":{\"enabled\":true,"
			      "\"destination\":\"u1@e1.example\"},\"transferToNumber\":{\"enabled\":true,"
			      "\"destination\":\"+16175550199\"},\"emailCopyOfMessage\":{\"enabled\":false},"
			      "\"messageStorage\":{\"mwiEnabled\":false,\"storageType\":\"EXTERNAL\","
			      "\"externalEmail\":\"vm@e1.example\"}}"));
	assert_non_null(strstr(r.findings, "warning,greeting_not_migrated"));
	assert_non_null(strstr(r.findings, "warning,extended_away_not_migrated"));
	assert_non_null(strstr(r.findings, "warning,out_of_zone_not_migrated"));
	/* one passcode finding for the customer, not one per mailbox */
	assert_non_null(strstr(r.findings, "info,voicemail_passcode,customer:E1,"));
	done(&r);
}

static void test_package_without_voicemail_is_a_finding_not_a_put(void **state)
{
	struct result r = run(state, BASE
		"{\"kind\":\"service\",\"key\":\"E1/G/u2#pack:Meetings Only\",\"enterprise\":\"E1\","
		"\"owner\":\"E1/G/u2\",\"ownerKind\":\"user\",\"name\":\"Meetings Only\","
		"\"type\":\"service_pack\"}\n"
		SET("u2", "voice_messaging", "{\"isActive\":true}", 40)
		SET("u2", "do_not_disturb", "{\"isActive\":true,\"ringSplash\":false}", 41), NULL, NULL, 0);
	assert_true(entry_has(&r, "subscriber", "E1/G/u2", "\"packages\":[\"webex_meetings\"]"));
	assert_null(entry(&r, "user_setting", "E1/G/u2#voicemail"));
	assert_null(entry(&r, "user_setting", "E1/G/u2#doNotDisturb"));
	assert_non_null(strstr(r.findings, "warning,package_lacks_feature,user_setting:E1/G/u2#"
			       "voice_messaging"));
	assert_non_null(strstr(r.findings, "package_lacks_feature,user_setting:E1/G/u2#do_not_disturb"));
	done(&r);
}

static void test_dnd_waiting_reach_and_numbers(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "do_not_disturb", "{\"isActive\":true,\"ringSplash\":true}", 1)
		SET("u1", "call_waiting", "{\"isActive\":false}", 2)
		SET("u1", "broadworks_anywhere", "{\"alertAllLocationsForClickToDialCalls\":true,"
		    "\"phoneNumberTable\":[{\"Phone Number\":\"+16175551201\",\"Description\":\"Mobile\","
		    "\"Activated\":\"true\"}]}", 3)
		SET("u1", "alternate_numbers", "{\"distinctiveRing\":true,\"alternateEntry01\":"
		    "{\"phoneNumber\":\"6175550111\",\"extension\":\"111\",\"ringPattern\":\"Long-Long\"},"
		    "\"alternateEntry02\":{\"phoneNumber\":\"+16175550999\",\"ringPattern\":\"Bells\"}}", 4),
		NULL, NULL, 0);
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#doNotDisturb", "\"body\":{\"enabled\":true,"
			      "\"ringSplashEnabled\":true,\"webexGoOverrideEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callWaiting", "\"body\":{\"enabled\":false}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#singleNumberReach",
			      "\"body\":{\"alertAllNumbersForClickToDialCallsEnabled\":true}"));
	const char *n = "E1/G/u1#singleNumberReach:+16175551201";
	assert_true(entry_has(&r, "user_setting", n, "\"method\":\"POST\""));
	assert_true(entry_has(&r, "user_setting", n, "\"body\":{\"phoneNumber\":\"+16175551201\","
			      "\"enabled\":true,\"name\":\"Mobile\",\"doNotForwardCallsEnabled\":false,"
			      "\"answerConfirmationEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", n, "\"items\":\"numbers\",\"match\":{\"phoneNumber\":"
			      "\"+16175551201\"}"));
	const char *a = "E1/G/u1#numbers";
	assert_true(entry_has(&r, "user_setting", a, "\"path\":\"/telephony/config/people/{personId}/numbers\""));
	assert_true(entry_has(&r, "user_setting", a, "\"body\":{\"distinctiveRingEnabled\":true,"
			      "\"phoneNumbers\":[{\"primary\":false,\"action\":\"ADD\",\"directNumber\":"
			      "\"+16175550111\",\"extension\":\"111\",\"ringPattern\":\"LONG_LONG\"}]}"));
	assert_true(entry_has(&r, "user_setting", a, "\"number:E1/G\""));
	/* the unknown pattern and the number the location lacks are findings */
	assert_non_null(strstr(r.findings, "bad_ring_pattern,user_setting:E1/G/u1#alternate_numbers,"
			       "E1,f.xml,4,\"f.xml:4: alternateEntry02"));
	assert_non_null(strstr(r.findings, "alternate_number_not_migrated"));
	done(&r);
}

static void test_settings_without_admin_path_are_findings(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "sequential_ring", "{\"Location01\":{\"phoneNumber\":\"+16175551502\"}}", 2)
		SET("u1", "calling_line_id_delivery_blocking", "{\"isActive\":false}", 3)
		SET("u1", "push_to_talk", "{\"allowAutoAnswer\":true}", 4), NULL, NULL, 0);
	assert_null(strstr(r.plan, "\"kind\":\"user_setting\""));
	assert_non_null(strstr(r.findings, "warning,sequential_ring_not_migrated"));
	assert_non_null(strstr(r.findings, "info,clid_blocking_not_migrated"));
	/* a setting nothing maps still gets its finding */
	assert_non_null(strstr(r.findings, "setting_not_migrated,user_setting:E1/G/u1#push_to_talk"));
	done(&r);
}

static void test_settings_of_a_blocked_subscriber_are_blocked(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G")
		USR("E1", "G", "u9", ",\"extension\":\"109\"")
		SET("u9", "call_waiting", "{\"isActive\":true}", 1), NULL, NULL, 0);
	assert_true(entry_has(&r, "subscriber", "E1/G/u9", "\"blocked\":[\"F"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u9#callWaiting", "\"blocked\":[\"F"));
	done(&r);
}

static void test_settings_of_a_common_area_phone_go_to_its_workspace(void **state)
{
	/* the Common Area package's settings (forwarding, call waiting) on
	 * the workspace's paths; the rest is a finding, never a person PUT */
	struct result r = run(state, BASE
		USR("E1", "G", "lobby", ",\"phoneNumber\":\"+16175550111\",\"isPlace\":true")
		SET("lobby", "call_waiting", "{\"isActive\":true}", 7)
		SET("lobby", "call_forwarding_no_answer", "{\"isActive\":true,\"forwardToPhoneNumber\":"
		    "\"101\",\"numberOfRings\":4}", 8)
		SET("lobby", "do_not_disturb", "{\"isActive\":true}", 9), NULL, NULL, 0);
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callWaiting",
			      "\"path\":\"/workspaces/{workspaceId}/features/callWaiting\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callWaiting",
			      "\"depends\":[\"workspace:E1/G/lobby\"]"));
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callWaiting",
			      "\"workspaceId\":{\"$ref\":\"workspace:E1/G/lobby\"}"));
	/* the workspace schema's required members are filled in as off */
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callForwarding",
			      "\"always\":{\"enabled\":false,\"ringReminderEnabled\":false,"
			      "\"destinationVoicemailEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callForwarding",
			      "\"businessContinuity\":{\"enabled\":false"));
	assert_true(entry_has(&r, "user_setting", "E1/G/lobby#callForwarding",
			      "\"noAnswer\":{\"enabled\":true,\"destination\":\"101\",\"numberOfRings\":4"));
	assert_null(entry(&r, "user_setting", "E1/G/lobby#doNotDisturb"));
	assert_non_null(strstr(r.findings, "package_lacks_feature,user_setting:E1/G/lobby#do_not_disturb"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forwarding_is_one_put_with_every_kind),
		cmocka_unit_test(test_bad_destination_and_rings_are_findings_with_file_line),
		cmocka_unit_test(test_forward_to_another_user_uses_its_webex_number),
		cmocka_unit_test(test_voicemail_body_and_what_it_cannot_carry),
		cmocka_unit_test(test_package_without_voicemail_is_a_finding_not_a_put),
		cmocka_unit_test(test_dnd_waiting_reach_and_numbers),
		cmocka_unit_test(test_settings_without_admin_path_are_findings),
		cmocka_unit_test(test_settings_of_a_blocked_subscriber_are_blocked),
		cmocka_unit_test(test_settings_of_a_common_area_phone_go_to_its_workspace),
	};
	return cmocka_run_group_tests_name("transform user settings", tests, setup, teardown);
}
