/* test_extract_families.c — one behaviour per command family (groups,
 * services, hunt groups, auto attendants, call centers), the family and
 * echo parsers, and the folder/zip containers. */
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



static void test_family_strips_response_and_version(void **state)
{
	(void)state;
	char fam[OCI_NAME_MAX];
	int req = -1;
	assert_int_equal(oci_family("UserGetResponse23V2", fam, &req), 0);
	assert_string_equal(fam, "UserGet");
	assert_int_equal(req, 0);
	assert_int_equal(oci_family("GroupAccessDeviceGetUserListResponse21sp1", fam, &req), 0);
	assert_string_equal(fam, "GroupAccessDeviceGetUserList");
	assert_int_equal(oci_family("UserCallForwardingNoAnswerGetRequest13mp16", fam, &req), 0);
	assert_string_equal(fam, "UserCallForwardingNoAnswerGet");
	assert_int_equal(req, 1);
	assert_int_equal(oci_family("ErrorResponse", fam, &req), 0);
	assert_string_equal(fam, "Error");
	assert_int_equal(oci_family("OCITable", fam, &req), -1);
	/* the last suffix counts, and only when a version (or nothing) follows */
	assert_int_equal(oci_family("ResponseGetResponse22", fam, &req), 0);
	assert_string_equal(fam, "ResponseGet");
	assert_int_equal(req, 0);
	assert_int_equal(oci_family("GroupResponseGetRequest", fam, &req), 0);
	assert_string_equal(fam, "GroupResponseGet");
	assert_int_equal(req, 1);
	assert_int_equal(oci_family("UserGetResponse22-x", fam, &req), -1);
	assert_int_equal(oci_family("Response", fam, &req), -1);
	assert_int_equal(oci_family("Respons", fam, &req), -1);
	assert_int_equal(oci_family("", fam, &req), -1);
}

static void test_echo_tag_is_url_decoded(void **state)
{
	(void)state;
	struct oci_request r;
	assert_int_equal(oci_request_from_echo(&r, "GroupGetRequest22V5?serviceProviderId=My+Ent&groupId=a%2Fb"), 0);
	assert_string_equal(r.type, "GroupGetRequest22V5");
	assert_string_equal(oci_req_get(&r, "serviceProviderId"), "My Ent");
	assert_string_equal(oci_req_get(&r, "groupId"), "a/b");
	oci_request_free(&r);
	assert_int_equal(oci_request_from_echo(&r, "just some text"), -1);
	oci_request_free(&r);
}

static void test_group_profile_keeps_time_zone_and_address(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(RSP("GroupGetResponse22V5",
		"<defaultDomain>x.com</defaultDomain><userLimit>25</userLimit><userCount>3</userCount>"
		"<groupName>Paris</groupName><timeZone>Europe/Paris</timeZone>"
		"<address><addressLine1>1 Rue X</addressLine1><city>Paris</city><country>FR</country></address>"
		SCOPE))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *g = record(out, "ENT/G1");
	assert_non_null(g);
	assert_string_equal(cJSON_GetObjectItem(g, "timeZone")->valuestring, "Europe/Paris");
	assert_int_equal((int)cJSON_GetObjectItem(g, "userLimit")->valuedouble, 25);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(g, "address"), "city")->valuestring, "Paris");
	cJSON_Delete(g);
	free(out);
}

#define USER_ROW DOC(REQ("UserGetListInGroupRequest", "<serviceProviderId>ENT</serviceProviderId><GroupId>G1</GroupId>")) \
	DOC(RSP("UserGetListInGroupResponse", "<userTable>" H("User Id") "<row>" C("u@x.com") "</row></userTable>"))

static void test_only_assigned_services_are_recorded(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USER_ROW
		DOC(REQ("UserServiceGetAssignmentListRequest", "<userId>u@x.com</userId>"))
		DOC(RSP("UserServiceGetAssignmentListResponse",
			"<servicePacksAssignmentTable>" H("Service Pack Name") H("Assigned")
			"<row>" C("Basic Pack") C("true") "</row><row>" C("Gold Pack") C("false") "</row>"
			"</servicePacksAssignmentTable><userServicesAssignmentTable>" H("Assigned") H("Service Name")
			"<row>" C("true") C("Voice Messaging User") "</row><row>" C("false") C("Call Waiting") "</row>"
			"</userServicesAssignmentTable>"))), &rc);
	cJSON *p = record(out, "ENT/G1/u@x.com#pack:Basic Pack");
	cJSON *s = record(out, "ENT/G1/u@x.com#service:Voice Messaging User");
	assert_non_null(p);
	assert_non_null(s);
	assert_string_equal(cJSON_GetObjectItem(s, "owner")->valuestring, "ENT/G1/u@x.com");
	assert_null(strstr(out, "Gold Pack"));
	assert_null(strstr(out, "Call Waiting"));
	cJSON_Delete(p);
	cJSON_Delete(s);
	free(out);
}

static void test_hunt_group_instance_finds_group_through_instance_list(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupHuntGroupGetInstanceListRequest", SCOPE))
		DOC(RSP("GroupHuntGroupGetInstanceListResponse", "<huntGroupTable>" H("Service User Id") H("Name")
			"<row>" C("hg@x.com") C("Sales") "</row></huntGroupTable>"))
		DOC(REQ("GroupHuntGroupGetInstanceRequest20", "<serviceUserId>hg@x.com</serviceUserId>"))
		DOC(RSP("GroupHuntGroupGetInstanceResponse20", "<serviceInstanceProfile><name>Sales Line</name>"
			"<phoneNumber>6175550150</phoneNumber><countryCode>1</countryCode></serviceInstanceProfile>"
			"<policy>Weighted</policy><agentUserTable>" H("User Id") H("Weight")
			"<row>" C("a@x.com") C("30") "</row></agentUserTable>"))), &rc);
	cJSON *h = record(out, "ENT/G1/hg@x.com");
	assert_non_null(h);
	assert_string_equal(cJSON_GetObjectItem(h, "name")->valuestring, "Sales Line");
	assert_string_equal(cJSON_GetObjectItem(h, "phoneNumber")->valuestring, "+16175550150");
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(h, "agents"), 0);
	assert_int_equal((int)cJSON_GetObjectItem(a, "weight")->valuedouble, 30);
	cJSON_Delete(h);
	free(out);
}

static void test_auto_attendant_menu_keys_are_kept(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupAutoAttendantGetInstanceRequest24", "<serviceUserId>aa@x.com</serviceUserId>"))
		DOC(RSP("GroupAutoAttendantGetInstanceResponse24", SCOPE "<type>Basic</type>"
			"<businessHoursMenu><announcementSelection>Default</announcementSelection>"
			"<keyConfiguration><key>1</key><entry><action>Transfer To Operator</action></entry></keyConfiguration>"
			"</businessHoursMenu>"))), &rc);
	cJSON *aa = record(out, "ENT/G1/aa@x.com");
	assert_non_null(aa);
	cJSON *k = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(aa, "menus"),
		"businessHours"), "keys"), 0);
	assert_string_equal(cJSON_GetObjectItem(k, "action")->valuestring, "Transfer To Operator");
	cJSON_Delete(aa);
	free(out);
}

static void test_enterprise_user_list_takes_group_from_its_column(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("UserGetListInServiceProviderRequest", "<serviceProviderId>ENT</serviceProviderId>"))
		DOC(RSP("UserGetListInServiceProviderResponse", "<userTable>" H("User Id") H("Group Id")
			H("Phone Number") H("Country Code") "<row>" C("v@x.com") C("G7") C("2079460101") C("44")
			"</row></userTable>"))), &rc);
	cJSON *u = record(out, "ENT/G7/v@x.com");
	assert_non_null(u);
	assert_string_equal(cJSON_GetObjectItem(u, "phoneNumber")->valuestring, "+442079460101");
	cJSON_Delete(u);
	free(out);
}

static void test_device_lines_are_sorted_by_line_port(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupAccessDeviceGetUserListRequest21sp1", SCOPE "<deviceName>d9</deviceName>"))
		DOC(RSP("GroupAccessDeviceGetUserListResponse21sp1", "<deviceUserTable>" H("Line/Port")
			H("User Id") H("Primary Line/Port") "<row>" C("b_lp@x.com") C("b@x.com") C("false") "</row>"
			"<row>" C("a_lp@x.com") C("a@x.com") C("true") "</row></deviceUserTable>"))), &rc);
	cJSON *d = record(out, "ENT/G1/d9");
	assert_non_null(d);
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "lines"), 0);
	assert_string_equal(cJSON_GetObjectItem(first, "linePort")->valuestring, "a_lp@x.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "primary")));
	cJSON_Delete(d);
	free(out);
}

/* What moving the phone off BroadWorks and back needs is kept on the
 * device record, with the profile's element names. */
static void test_device_profile_keeps_what_devicemove_needs(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("GroupAccessDeviceGetRequest24V3", SCOPE "<deviceName>d1</deviceName>"))
		DOC(RSP("GroupAccessDeviceGetResponse24V3", "<deviceType>Cisco_MPP_8865</deviceType>"
			"<protocol>SIP 2.0</protocol><outboundProxyServerNetAddress>obp.example"
			"</outboundProxyServerNetAddress><macAddress>5c:a4:8a:00:00:01</macAddress>"
			"<configurationMode>Custom</configurationMode><configurationFileName>c.cfg"
			"</configurationFileName><transportProtocol>TCP</transportProtocol>"
			"<useCustomUserNamePassword>true</useCustomUserNamePassword>"))), &rc);
	cJSON *d = record(out, "ENT/G1/d1");
	assert_non_null(d);
	assert_string_equal(cJSON_GetObjectItem(d, "mac")->valuestring, "5CA48A000001");
	assert_string_equal(cJSON_GetObjectItem(d, "protocol")->valuestring, "SIP 2.0");
	assert_string_equal(cJSON_GetObjectItem(d, "transportProtocol")->valuestring, "TCP");
	assert_string_equal(cJSON_GetObjectItem(d, "configurationMode")->valuestring, "Custom");
	assert_string_equal(cJSON_GetObjectItem(d, "configurationFileName")->valuestring, "c.cfg");
	assert_string_equal(cJSON_GetObjectItem(d, "outboundProxyServerNetAddress")->valuestring,
			    "obp.example");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "useCustomUserNamePassword")));
	cJSON_Delete(d);
	free(out);
}

/* Each shared appearance's own flags and hotline (GetEndpoint22) become a
 * user setting keyed by its line/port; the appearance list keeps its
 * endpoint table. */
static void test_shared_call_appearance_endpoints_are_read(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(REQ("UserGetRequest23V2", "<userId>t@x.com</userId>"))
		DOC(RSP("UserGetResponse23V2", SCOPE "<userId>t@x.com</userId><lastName>T</lastName>"))
		DOC(REQ("UserSharedCallAppearanceGetRequest21sp1", "<userId>t@x.com</userId>"))
		DOC(RSP("UserSharedCallAppearanceGetResponse21sp1", "<maxAppearances>5</maxAppearances>"
			"<endpointTable>" H("Device Level") H("Device Name") H("Line/Port") H("Port Number")
			H("Is Active") "<row>" C("Group") C("d1") C("t_a@x.com") C("2") C("true") "</row>"
			"<row>" C("Group") C("d2") C("t_b@x.com") C("3") C("true") "</row></endpointTable>"))
		DOC(REQ("UserSharedCallAppearanceGetEndpointRequest22", "<userId>t@x.com</userId>"
			"<accessDeviceEndpoint><accessDevice><deviceLevel>Group</deviceLevel><deviceName>d2"
			"</deviceName></accessDevice><linePort>t_b@x.com</linePort></accessDeviceEndpoint>"))
		DOC(RSP("UserSharedCallAppearanceGetEndpointResponse22", "<isActive>true</isActive>"
			"<allowOrigination>true</allowOrigination><allowTermination>false</allowTermination>"
			"<useHotline>true</useHotline><hotlineContact>+12075550199</hotlineContact>"))), &rc);
	cJSON *s = record(out, "ENT/G1/t@x.com#shared_call_appearance");
	assert_non_null(s);
	cJSON *rows = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "value"), "endpointTable");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "Port Number")->valuestring,
			    "3");
	cJSON_Delete(s);
	cJSON *e = record(out, "ENT/G1/t@x.com#shared_call_appearance_endpoint:t_b@x.com");
	assert_non_null(e);
	assert_string_equal(cJSON_GetObjectItem(e, "item")->valuestring, "t_b@x.com");
	cJSON *v = cJSON_GetObjectItem(e, "value");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(v, "useHotline")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(v, "allowTermination")));
	assert_string_equal(cJSON_GetObjectItem(v, "hotlineContact")->valuestring, "+12075550199");
	cJSON_Delete(e);
	free(out);
}

static void test_zip_entries_are_named_zip_bang_entry(void **state)
{
	(void)state;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct extract_session *s = extract_open(fp, NULL);
	struct bwm_error err = { 0, "" };
	assert_int_equal(extract_add_path(s, "samples/multisite", &err), BWM_OK);
	assert_int_equal(extract_finish(s, &err), BWM_OK);
	assert_true(extract_stats(s)->files >= 2);
	extract_close(s);
	fclose(fp);
	assert_non_null(strstr(out, "\"file\":\"samples/multisite/30-london.zip!london/"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_strips_response_and_version),
		cmocka_unit_test(test_echo_tag_is_url_decoded),
		cmocka_unit_test(test_group_profile_keeps_time_zone_and_address),
		cmocka_unit_test(test_only_assigned_services_are_recorded),
		cmocka_unit_test(test_hunt_group_instance_finds_group_through_instance_list),
		cmocka_unit_test(test_auto_attendant_menu_keys_are_kept),
		cmocka_unit_test(test_enterprise_user_list_takes_group_from_its_column),
		cmocka_unit_test(test_device_lines_are_sorted_by_line_port),
		cmocka_unit_test(test_device_profile_keeps_what_devicemove_needs),
		cmocka_unit_test(test_shared_call_appearance_endpoints_are_read),
		cmocka_unit_test(test_zip_entries_are_named_zip_bang_entry),
	};
	return cmocka_run_group_tests_name("extract_families", tests, NULL, NULL);
}
