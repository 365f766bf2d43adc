/* test_extract_features.c — hunt group, call center (with its sub-requests)
 * and paging group readers: every field transform maps reaches the
 * inventory, whichever release version of a response carries it. */
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


#define HG_LIST DOC(REQ("GroupHuntGroupGetInstanceListRequest", SCOPE)) \
	DOC(RSP("GroupHuntGroupGetInstanceListResponse", "<huntGroupTable>" H("Service User Id") \
		H("Name") H("Is Active") "<row>" C("hg@x.com") C("Sales") C("false") "</row></huntGroupTable>"))

static void test_hunt_group_keeps_policy_options_and_list_state(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(HG_LIST
		DOC(REQ("GroupHuntGroupGetInstanceRequest20", "<serviceUserId>hg@x.com</serviceUserId>"))
		DOC(RSP("GroupHuntGroupGetInstanceResponse20", "<serviceInstanceProfile><name>Sales</name>"
			"<callingLineIdLastName>Line</callingLineIdLastName>"
			"<callingLineIdFirstName>Sales</callingLineIdFirstName></serviceInstanceProfile>"
			"<policy>Circular</policy><huntAfterNoAnswer>true</huntAfterNoAnswer>"
			"<allowCallWaitingForAgents>true</allowCallWaitingForAgents>"
			"<enableNotReachableForwarding>true</enableNotReachableForwarding>"
			"<notReachableForwardToPhoneNumber>+15550001</notReachableForwardToPhoneNumber>"
			"<enableGroupBusy>true</enableGroupBusy>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *h = record(out, "ENT/G1/hg@x.com");
	assert_non_null(h);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(h, "isActive")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(h, "huntAfterNoAnswer")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(h, "allowCallWaitingForAgents")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(h, "enableGroupBusy")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(h, "enableNotReachableForwarding")));
	assert_string_equal(cJSON_GetObjectItem(h, "notReachableForwardToPhoneNumber")->valuestring,
			    "+15550001");
	assert_string_equal(cJSON_GetObjectItem(h, "callingLineIdLastName")->valuestring, "Line");
	cJSON_Delete(h);
	free(out);
}

static void test_call_center_sub_requests_merge_as_members(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupCallCenterGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupCallCenterGetInstanceListResponse", "<callCenterTable>" H("Service User Id")
			H("Name") H("Type") "<row>" C("cc@x.com") C("Q") C("Premium") "</row></callCenterTable>"))
		DOC(REQ("GroupCallCenterNightServiceGetRequest20", "<serviceUserId>cc@x.com</serviceUserId>"))
		DOC(RSP("GroupCallCenterNightServiceGetResponse20", "<action>Transfer</action>"
			"<businessHours><type>Group</type><name>Office</name></businessHours>"
			"<forceNightService>false</forceNightService>"))
		/* a newer release's version reaches the same reader */
		DOC(REQ("GroupCallCenterStrandedCallGetRequest24", "<serviceUserId>cc@x.com</serviceUserId>"))
		DOC(RSP("GroupCallCenterStrandedCallGetResponse24", "<action>Night Service</action>"))
		DOC(REQ("GroupCallCenterGetDistinctiveRingingRequest", "<serviceUserId>cc@x.com</serviceUserId>"))
		DOC(RSP("GroupCallCenterGetDistinctiveRingingResponse",
			"<distinctiveRingingCallCenterCalls>true</distinctiveRingingCallCenterCalls>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *q = record(out, "ENT/G1/cc@x.com");
	assert_non_null(q);
	assert_string_equal(cJSON_GetObjectItem(q, "type")->valuestring, "Premium");
	cJSON *ns = cJSON_GetObjectItem(q, "nightService");
	assert_string_equal(cJSON_GetObjectItem(ns, "action")->valuestring, "Transfer");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ns, "businessHours"), "name")
			    ->valuestring, "Office");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(ns, "forceNightService")));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(q, "strandedCalls"), "action")
			    ->valuestring, "Night Service");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(q, "distinctiveRinging"),
						     "distinctiveRingingCallCenterCalls")));
	cJSON_Delete(q);
	free(out);
}

static void test_paging_group_has_originators_and_targets_in_order(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupGroupPagingGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupGroupPagingGetInstanceListResponse", "<pagingGroupTable>" H("Service User Id")
			H("Name") H("Is Active") "<row>" C("pg@x.com") C("Floor") C("true") "</row></pagingGroupTable>"))
		DOC(REQ("GroupGroupPagingGetInstanceRequest19sp1", "<serviceUserId>pg@x.com</serviceUserId>"))
		DOC(RSP("GroupGroupPagingGetInstanceResponse19sp1", "<serviceInstanceProfile><name>Floor"
			"</name><extension>300</extension></serviceInstanceProfile>"
			"<deliverOriginatorCLIDInstead>true</deliverOriginatorCLIDInstead>"))
		DOC(REQ("GroupGroupPagingGetOriginatorListRequest", "<serviceUserId>pg@x.com</serviceUserId>"))
		DOC(RSP("GroupGroupPagingGetOriginatorListResponse", "<originatorTable>" H("User Id")
			H("Last Name") "<row>" C("o@x.com") C("O") "</row></originatorTable>"))
		DOC(REQ("GroupGroupPagingGetTargetListRequest", "<serviceUserId>pg@x.com</serviceUserId>"))
		DOC(RSP("GroupGroupPagingGetTargetListResponse", "<targetTable>" H("Last Name") H("User Id")
			"<row>" C("Z") C("z@x.com") "</row><row>" C("A") C("a@x.com") "</row></targetTable>"))),
		&rc);
	assert_int_equal(rc, BWM_OK);
	assert_non_null(strstr(out, "\"kind\":\"paging_group\""));
	cJSON *p = record(out, "ENT/G1/pg@x.com");
	assert_non_null(p);
	assert_string_equal(cJSON_GetObjectItem(p, "extension")->valuestring, "300");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(p, "deliverOriginatorCLIDInstead")));
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(p, "originators"), 0)->valuestring,
			    "o@x.com");
	cJSON *t = cJSON_GetObjectItem(p, "targets");
	assert_int_equal(cJSON_GetArraySize(t), 2);
	assert_string_equal(cJSON_GetArrayItem(t, 0)->valuestring, "z@x.com");
	assert_string_equal(cJSON_GetArrayItem(t, 1)->valuestring, "a@x.com");
	cJSON_Delete(p);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hunt_group_keeps_policy_options_and_list_state),
		cmocka_unit_test(test_call_center_sub_requests_merge_as_members),
		cmocka_unit_test(test_paging_group_has_originators_and_targets_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
