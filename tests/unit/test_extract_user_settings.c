/* test_extract_user_settings.c — the per-user settings families: each
 * release's version reaches its `user_setting`, items (BroadWorks
 * Anywhere numbers, selective criteria) get their own key, values keep
 * OCI-P names and types, and a feature's service user keeps its settings
 * keyed to the feature. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract_harness.h"
#include "extract/oci.h"

#define H(x) "<colHeading>" x "</colHeading>"
#define C(x) "<col>" x "</col>"
#define SCOPE "<serviceProviderId>ENT</serviceProviderId><groupId>G1</groupId>"
#define USER "<userId>a@x.com</userId>"
#define USERS DOC(REQ("UserGetListInGroupRequest", SCOPE)) \
	DOC(RSP("UserGetListInGroupResponse", "<userTable>" H("User Id") H("Last Name") \
		"<row>" C("a@x.com") C("Doe") "</row></userTable>"))
/* A request for a@x.com and its response, in one document each. */
#define PAIR(req, rsp, body) DOC(REQ(req, USER)) DOC(RSP(rsp, body))

static const cJSON *value_of(const cJSON *rec)
{
	return cJSON_GetObjectItemCaseSensitive(rec, "value");
}

static void test_every_family_has_its_setting_name(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "UserCallForwardingSelectiveGet", "call_forwarding_selective" },
		{ "UserCallForwardingSelectiveGetCriteria", "call_forwarding_selective_criteria" },
		{ "UserSelectiveCallAcceptanceGetCriteriaList", "selective_call_acceptance" },
		{ "UserSelectiveCallAcceptanceGetCriteria", "selective_call_acceptance_criteria" },
		{ "UserSelectiveCallRejectionGetCriteriaList", "selective_call_rejection" },
		{ "UserSelectiveCallRejectionGetCriteria", "selective_call_rejection_criteria" },
		{ "UserVoiceMessagingUserGetAdvancedVoiceManagement", "voice_messaging_advanced" },
		{ "UserVoiceMessagingUserGetGreeting", "voice_messaging_greeting" },
		{ "UserCallWaitingGet", "call_waiting" },
		{ "UserCallingLineIDDeliveryBlockingGet", "calling_line_id_delivery_blocking" },
		{ "UserExternalCallingLineIDDeliveryGet", "external_calling_line_id_delivery" },
		{ "UserSequentialRingGet", "sequential_ring" },
		{ "UserBroadWorksAnywhereGet", "broadworks_anywhere" },
		{ "UserBroadWorksAnywhereGetPhoneNumber", "broadworks_anywhere_number" },
		{ "UserAlternateNumbersGet", "alternate_numbers" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		int ignored = 1;
		assert_string_equal(oci_setting_name(pairs[i][0]), pairs[i][1]);
		assert_ptr_equal(oci_dispatch(pairs[i][0], &ignored), oci_user_setting);
		assert_int_equal(ignored, 0);
	}
}

static void test_no_answer_keeps_rings_as_a_number(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserCallForwardingNoAnswerGetRequest13mp16", "UserCallForwardingNoAnswerGetResponse13mp16",
		     "<isActive>true</isActive><forwardToPhoneNumber>6175550100</forwardToPhoneNumber>"
		     "<numberOfRings>3</numberOfRings>")), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/a@x.com#call_forwarding_no_answer");
	assert_non_null(s);
	const cJSON *v = value_of(s);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(v, "numberOfRings")));
	assert_int_equal(cJSON_GetObjectItem(v, "numberOfRings")->valueint, 3);
	assert_string_equal(cJSON_GetObjectItem(v, "forwardToPhoneNumber")->valuestring, "6175550100");
	cJSON_Delete(s);
	free(out);
}

static void test_call_waiting_and_dnd_versions(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserCallWaitingGetRequest17sp4", "UserCallWaitingGetResponse17sp4",
		     "<isActive>false</isActive><disableCallingLineIdDelivery>false</disableCallingLineIdDelivery>")
		PAIR("UserDoNotDisturbGetRequest", "UserDoNotDisturbGetResponse",
		     "<isActive>true</isActive><ringSplash>true</ringSplash>")
		PAIR("UserCallingLineIDDeliveryBlockingGetRequest", "UserCallingLineIDDeliveryBlockingGetResponse",
		     "<isActive>true</isActive>")), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *w = record(out, "ENT/G1/a@x.com#call_waiting");
	assert_non_null(w);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(value_of(w), "isActive")));
	cJSON *d = record(out, "ENT/G1/a@x.com#do_not_disturb");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(value_of(d), "ringSplash")));
	cJSON *b = record(out, "ENT/G1/a@x.com#calling_line_id_delivery_blocking");
	assert_non_null(b);
	cJSON_Delete(w);
	cJSON_Delete(d);
	cJSON_Delete(b);
	free(out);
}

static void test_simultaneous_ring_numbers_are_an_array(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserSimultaneousRingPersonalGetRequest17", "UserSimultaneousRingPersonalGetResponse17",
		     "<isActive>true</isActive><doNotRingIfOnCall>true</doNotRingIfOnCall>"
		     "<simultaneousRingNumber><phoneNumber>+16175550101</phoneNumber>"
		     "<answerConfirmationRequired>false</answerConfirmationRequired></simultaneousRingNumber>"
		     "<simultaneousRingNumber><phoneNumber>+16175550102</phoneNumber>"
		     "<answerConfirmationRequired>true</answerConfirmationRequired></simultaneousRingNumber>"
		     "<criteriaTable>" H("Is Active") H("Criteria Name") "</criteriaTable>")), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/a@x.com#simultaneous_ring");
	const cJSON *arr = cJSON_GetObjectItem(value_of(s), "simultaneousRingNumber");
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 1), "phoneNumber")->valuestring,
			    "+16175550102");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(value_of(s), "criteriaTable")));
	cJSON_Delete(s);
	free(out);
}

static void test_anywhere_numbers_are_keyed_by_number(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserBroadWorksAnywhereGetRequest16sp2", "UserBroadWorksAnywhereGetResponse16sp2",
		     "<alertAllLocationsForClickToDialCalls>true</alertAllLocationsForClickToDialCalls>"
		     "<alertAllLocationsForGroupPagingCalls>false</alertAllLocationsForGroupPagingCalls>"
		     "<phoneNumberTable>" H("Phone Number") H("Description") H("Activated")
		     "<row>" C("+16175550103") C("Mobile") C("true") "</row></phoneNumberTable>")
		DOC(REQ("UserBroadWorksAnywhereGetPhoneNumberRequest", USER "<phoneNumber>+16175550103</phoneNumber>"))
		DOC(RSP("UserBroadWorksAnywhereGetPhoneNumberResponse", "<description>Mobile</description>"
			"<isActive>true</isActive><broadworksCallControl>false</broadworksCallControl>"
			"<useDiversionInhibitor>true</useDiversionInhibitor>"
			"<answerConfirmationRequired>false</answerConfirmationRequired>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *a = record(out, "ENT/G1/a@x.com#broadworks_anywhere");
	const cJSON *tab = cJSON_GetObjectItem(value_of(a), "phoneNumberTable");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tab, 0), "Phone Number")->valuestring,
			    "+16175550103");
	cJSON *n = record(out, "ENT/G1/a@x.com#broadworks_anywhere_number:+16175550103");
	assert_non_null(n);
	assert_string_equal(cJSON_GetObjectItem(n, "item")->valuestring, "+16175550103");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(value_of(n), "useDiversionInhibitor")));
	cJSON_Delete(a);
	cJSON_Delete(n);
	free(out);
}

static void test_item_without_request_is_refused(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		ENV_OPEN "<command echo=\"UserBroadWorksAnywhereGetPhoneNumberRequest?userId=a%40x.com\" "
		"xsi:type=\"UserBroadWorksAnywhereGetPhoneNumberResponse\" xmlns=\"\">"
		"<isActive>true</isActive></command></BroadsoftDocument>"), &rc);
	/* the echo names the user but not the number: nothing to key it by */
	assert_int_equal(rc, BWM_OK);
	assert_null(strstr(out, "\"kind\":\"user_setting\""));
	assert_non_null(strstr(out, "no request naming its phoneNumber"));
	free(out);
}

static void test_alternate_numbers_17_and_21_share_a_setting(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserAlternateNumbersGetRequest17", "UserAlternateNumbersGetResponse17",
		     "<distinctiveRing>true</distinctiveRing><alternateEntry01><phoneNumber>6175550104</phoneNumber>"
		     "<extension>0104</extension><ringPattern>Long-Long</ringPattern></alternateEntry01>")), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/a@x.com#alternate_numbers");
	const cJSON *e = cJSON_GetObjectItem(value_of(s), "alternateEntry01");
	/* an extension stays text: "0104" is not the number 104 */
	assert_string_equal(cJSON_GetObjectItem(e, "extension")->valuestring, "0104");
	assert_string_equal(cJSON_GetObjectItem(e, "ringPattern")->valuestring, "Long-Long");
	cJSON_Delete(s);
	free(out);
}

static void test_selective_criteria_keyed_by_name(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		DOC(REQ("UserCallForwardingSelectiveGetCriteriaRequest21", USER "<criteriaName>After hours</criteriaName>"))
		DOC(RSP("UserCallForwardingSelectiveGetCriteriaResponse21",
			"<forwardToNumberSelection>Forward To Default Number</forwardToNumberSelection>"
			"<fromDnCriteria><fromDnCriteriaSelection>Any</fromDnCriteriaSelection>"
			"<includeAnonymousCallers>false</includeAnonymousCallers>"
			"<includeUnavailableCallers>false</includeUnavailableCallers></fromDnCriteria>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/a@x.com#call_forwarding_selective_criteria:After hours");
	assert_non_null(s);
	cJSON_Delete(s);
	free(out);
}

/* Selective call rejection: the list and each criterion, any release's
 * version of the criterion request reaching one family (16sp1 and 21). */
static void test_rejection_criteria_of_any_release(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USERS
		PAIR("UserSelectiveCallRejectionGetCriteriaListRequest",
		     "UserSelectiveCallRejectionGetCriteriaListResponse",
		     "<criteriaTable>" H("Is Active") H("Criteria Name") H("Calls From") H("Blacklisted")
		     "<row>" C("true") C("No anonymous") C("Anonymous") C("false") "</row></criteriaTable>")
		DOC(REQ("UserSelectiveCallRejectionGetCriteriaRequest16sp1", USER "<criteriaName>No anonymous</criteriaName>"))
		DOC(RSP("UserSelectiveCallRejectionGetCriteriaResponse16sp1",
			"<fromDnCriteria><fromDnCriteriaSelection>Specified Only</fromDnCriteriaSelection>"
			"<includeAnonymousCallers>true</includeAnonymousCallers>"
			"<includeUnavailableCallers>false</includeUnavailableCallers></fromDnCriteria>"
			"<blacklisted>false</blacklisted>"))
		DOC(REQ("UserSelectiveCallAcceptanceGetCriteriaRequest21", USER "<criteriaName>Boss</criteriaName>"))
		DOC(RSP("UserSelectiveCallAcceptanceGetCriteriaResponse21",
			"<blacklisted>false</blacklisted><fromDnCriteria><fromDnCriteriaSelection>Specified Only"
			"</fromDnCriteriaSelection><includeAnonymousCallers>false</includeAnonymousCallers>"
			"<includeUnavailableCallers>false</includeUnavailableCallers>"
			"<phoneNumber>6175550199</phoneNumber></fromDnCriteria>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *l = record(out, "ENT/G1/a@x.com#selective_call_rejection");
	assert_non_null(l);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(value_of(l), "criteriaTable")), 1);
	cJSON *c = record(out, "ENT/G1/a@x.com#selective_call_rejection_criteria:No anonymous");
	assert_non_null(c);
	assert_string_equal(cJSON_GetObjectItem(c, "item")->valuestring, "No anonymous");
	const cJSON *dn = cJSON_GetObjectItem(value_of(c), "fromDnCriteria");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(dn, "includeAnonymousCallers")));
	cJSON *a = record(out, "ENT/G1/a@x.com#selective_call_acceptance_criteria:Boss");
	assert_non_null(a);
	dn = cJSON_GetObjectItem(value_of(a), "fromDnCriteria");
	/* a number people dial stays text */
	assert_string_equal(cJSON_GetObjectItem(dn, "phoneNumber")->valuestring, "6175550199");
	cJSON_Delete(l);
	cJSON_Delete(c);
	cJSON_Delete(a);
	free(out);
}

/* Contract: a hunt group's service user keeps its settings, keyed to the
 * feature (ENT/GRP/SERVICEUSERID), not dropped as an unknown user. */
static void test_feature_service_user_settings_keyed_to_feature(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupHuntGroupGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupHuntGroupGetInstanceListResponse", "<huntGroupTable>" H("Service User Id") H("Name")
			"<row>" C("hg@x.com") C("Sales") "</row></huntGroupTable>"))
		DOC(REQ("UserCallForwardingAlwaysGetRequest", "<userId>hg@x.com</userId>"))
		DOC(RSP("UserCallForwardingAlwaysGetResponse", "<isActive>true</isActive>"
			"<forwardToPhoneNumber>+15551230000</forwardToPhoneNumber><isRingSplashActive>false</isRingSplashActive>"))
		DOC(REQ("UserAlternateNumbersGetRequest21", "<userId>hg@x.com</userId>"))
		DOC(RSP("UserAlternateNumbersGetResponse21", "<distinctiveRing>true</distinctiveRing>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/hg@x.com#call_forwarding_always");
	assert_non_null(s);
	assert_string_equal(cJSON_GetObjectItem(s, "user")->valuestring, "ENT/G1/hg@x.com");
	assert_string_equal(cJSON_GetObjectItem(value_of(s), "forwardToPhoneNumber")->valuestring,
			    "+15551230000");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(value_of(s), "isRingSplashActive")));
	cJSON *a = record(out, "ENT/G1/hg@x.com#alternate_numbers");
	assert_non_null(a);
	cJSON_Delete(s);
	cJSON_Delete(a);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_family_has_its_setting_name),
		cmocka_unit_test(test_no_answer_keeps_rings_as_a_number),
		cmocka_unit_test(test_call_waiting_and_dnd_versions),
		cmocka_unit_test(test_simultaneous_ring_numbers_are_an_array),
		cmocka_unit_test(test_anywhere_numbers_are_keyed_by_number),
		cmocka_unit_test(test_item_without_request_is_refused),
		cmocka_unit_test(test_alternate_numbers_17_and_21_share_a_setting),
		cmocka_unit_test(test_selective_criteria_keyed_by_name),
		cmocka_unit_test(test_rejection_criteria_of_any_release),
		cmocka_unit_test(test_feature_service_user_settings_keyed_to_feature),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
