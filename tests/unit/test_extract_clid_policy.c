/* test_extract_clid_policy.c — the call processing policies caller ID
 * needs: the user's (UserCallProcessingGetPolicy, R23 and older versions)
 * becomes the user_setting call_processing_policy; the group's
 * (GroupCallProcessingGetPolicy, 22V3 and older) adds callProcessingPolicy
 * to the group record, with its own source, without taking the group's
 * source from its profile. */
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
#define USERS DOC(REQ("UserGetListInGroupRequest", SCOPE)) \
	DOC(RSP("UserGetListInGroupResponse", "<userTable>" H("User Id") H("Last Name") \
		"<row>" C("a@x.com") C("Doe") "</row></userTable>"))
#define CLID(prefix, policy, group_name) "<" prefix "CLIDSetting>true</" prefix "CLIDSetting>" \
	"<clidPolicy>" policy "</clidPolicy><emergencyClidPolicy>Use DN</emergencyClidPolicy>" \
	"<useGroupName>" group_name "</useGroupName>"

static void test_both_families_are_read(void **state)
{
	(void)state;
	int ignored = 1;
	assert_string_equal(oci_setting_name("UserCallProcessingGetPolicy"), "call_processing_policy");
	assert_ptr_equal(oci_dispatch("UserCallProcessingGetPolicy", &ignored), oci_user_setting);
	assert_int_equal(ignored, 0);
	assert_ptr_equal(oci_dispatch("GroupCallProcessingGetPolicy", &ignored), oci_group_policy);
	assert_int_equal(ignored, 0);
}

static void test_user_policy_is_a_user_setting(void **state)
{
	(void)state;
	int rc;
	/* an older release's version reaches the same family */
	char *out = extract_text(WRAP(USERS
		DOC(REQ("UserCallProcessingGetPolicyRequest22", "<userId>a@x.com</userId>"))
		DOC(RSP("UserCallProcessingGetPolicyResponse22",
			CLID("useUser", "Use Configurable CLID", "true")))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *s = record(out, "ENT/G1/a@x.com#call_processing_policy");
	assert_non_null(s);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "value");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(v, "useUserCLIDSetting")));
	assert_string_equal(cJSON_GetObjectItem(v, "clidPolicy")->valuestring, "Use Configurable CLID");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(v, "useGroupName")));
	cJSON_Delete(s);
	free(out);
}

static void test_group_policy_joins_the_group_record(void **state)
{
	(void)state;
	int rc;
	/* one document a line: the profile answers on line 2, the policy on 4 */
	char *out = extract_text(WRAP(
		DOC(REQ("GroupGetRequest22V5", SCOPE)) "\n"
		DOC(RSP("GroupGetResponse22V5", "<defaultDomain>x.com</defaultDomain><userLimit>5"
			"</userLimit><userCount>1</userCount><groupName>Group One</groupName>"
			"<timeZone>America/New_York</timeZone>")) "\n"
		DOC(REQ("GroupCallProcessingGetPolicyRequest22V3", SCOPE)) "\n"
		DOC(RSP("GroupCallProcessingGetPolicyResponse22V3",
			CLID("useGroup", "Use Group CLID", "false")))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *g = record(out, "ENT/G1");
	assert_non_null(g);
	assert_string_equal(cJSON_GetObjectItem(g, "name")->valuestring, "Group One");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(g, "callProcessingPolicy");
	assert_non_null(p);
	assert_string_equal(cJSON_GetObjectItem(p, "clidPolicy")->valuestring, "Use Group CLID");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(p, "useGroupCLIDSetting")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(p, "useGroupName")));
	/* the group's source stays its profile's; the policy names its own */
	const cJSON *gs = cJSON_GetObjectItem(g, "source");
	const cJSON *ps = cJSON_GetObjectItem(p, "source");
	assert_string_equal(cJSON_GetObjectItem(ps, "file")->valuestring, "f.xml");
	assert_int_equal(cJSON_GetObjectItem(gs, "line")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(ps, "line")->valueint, 4);
	cJSON_Delete(g);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_families_are_read),
		cmocka_unit_test(test_user_policy_is_a_user_setting),
		cmocka_unit_test(test_group_policy_joins_the_group_record),
	};
	return cmocka_run_group_tests_name("extract call processing policies", tests, NULL, NULL);
}
