/* test_extract_fidelity.c — what an export says must reach the inventory:
 * the older DN table's "Assigned To", a user's calling line id number,
 * group services seen in a user's or the group's responses, unknown
 * commands carried as `unread` records, and OCI-P wrapped in SOAP. */
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
#define USER_ROW DOC(REQ("UserGetListInGroupRequest", "<serviceProviderId>ENT</serviceProviderId><GroupId>G1</GroupId>")) \
	DOC(RSP("UserGetListInGroupResponse", "<userTable>" H("User Id") "<row>" C("u@x.com") "</row></userTable>"))



static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_older_dn_table_assigned_to_marks_the_number_in_use(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(REQ("GroupDnGetAssignmentListRequest", SCOPE))
		DOC(RSP("GroupDnGetAssignmentListResponse", "<dnTable>" H("Phone Numbers")
			H("Assigned To") H("Department") H("Activated")
			"<row>" C("+1-6175550101") C("Doe, Jane") "<col/>" C("true") "</row>"
			"<row>" C("+1-6175550102") "<col/><col/><col/></row></dnTable>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *used = record(out, "ENT/G1/+16175550101");
	cJSON *free_ = record(out, "ENT/G1/+16175550102");
	assert_non_null(used);
	assert_non_null(free_);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(used, "assigned")));
	assert_string_equal(str(used, "assignedToName"), "Doe, Jane");
	assert_null(cJSON_GetObjectItem(free_, "assigned"));
	cJSON_Delete(used);
	cJSON_Delete(free_);
	free(out);
}

static void test_r18_dn_table_user_id_marks_the_number_in_use(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(REQ("GroupDnGetAssignmentListRequest18", SCOPE))
		DOC(RSP("GroupDnGetAssignmentListResponse18", "<dnTable>" H("Phone Numbers")
			H("User Id") "<row>" C("+1-6175550101") C("u@x.com") "</row></dnTable>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *n = record(out, "ENT/G1/+16175550101");
	assert_non_null(n);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(n, "assigned")));
	assert_string_equal(str(n, "assignedTo"), "u@x.com");
	cJSON_Delete(n);
	free(out);
}

static void test_user_calling_line_id_number_is_kept_as_e164(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(RSP("UserGetResponse23V2", SCOPE
		"<userId>u@x.com</userId><lastName>Doe</lastName><firstName>Jane</firstName>"
		"<phoneNumber>6175550101</phoneNumber><callingLineIdPhoneNumber>6175550100"
		"</callingLineIdPhoneNumber><countryCode>1</countryCode>"))
		DOC(RSP("UserGetResponse23V2", SCOPE "<userId>v@x.com</userId>"
		"<callingLineIdPhoneNumber>55-0100</callingLineIdPhoneNumber>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *u = record(out, "ENT/G1/u@x.com");
	assert_non_null(u);
	assert_string_equal(str(u, "callingLineIdPhoneNumber"), "+16175550100");
	cJSON *v = record(out, "ENT/G1/v@x.com");
	assert_non_null(v);
	assert_null(str(v, "callingLineIdPhoneNumber"));
	assert_string_equal(str(v, "callingLineIdPhoneNumberRaw"), "55-0100");
	cJSON_Delete(u);
	cJSON_Delete(v);
	free(out);
}

static void test_group_service_entry_belongs_to_the_users_group(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(USER_ROW
		DOC(REQ("UserAssignedServicesGetListRequest", "<userId>u@x.com</userId>"))
		DOC(RSP("UserAssignedServicesGetListResponse",
			"<groupServiceEntry><serviceName>Music On Hold</serviceName><isActive>true</isActive></groupServiceEntry>"
			"<userServiceEntry><serviceName>Call Waiting</serviceName><isActive>false</isActive></userServiceEntry>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	assert_null(record(out, "ENT/G1/u@x.com#service:Music On Hold"));
	cJSON *g = record(out, "ENT/G1#service:Music On Hold");
	assert_non_null(g);
	assert_string_equal(str(g, "ownerKind"), "group");
	assert_string_equal(str(g, "owner"), "ENT/G1");
	assert_string_equal(str(g, "group"), "G1");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(g, "isActive")));
	cJSON *u = record(out, "ENT/G1/u@x.com#service:Call Waiting");
	assert_non_null(u);
	assert_string_equal(str(u, "ownerKind"), "user");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(u, "isActive")));
	cJSON_Delete(g);
	cJSON_Delete(u);
	free(out);
}

static void test_group_authorization_list_records_assigned_group_services(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(REQ("GroupServiceGetAuthorizationListRequest", SCOPE))
		DOC(RSP("GroupServiceGetAuthorizationListResponse",
			"<servicePacksAuthorizationTable>" H("Service Pack Name") H("Assigned")
			"</servicePacksAuthorizationTable><groupServicesAuthorizationTable>"
			H("Service Name") H("Authorized") H("Assigned")
			"<row>" C("Auto Attendant") C("true") C("true") "</row>"
			"<row>" C("Call Park") C("true") C("false") "</row>"
			"</groupServicesAuthorizationTable><userServicesAuthorizationTable>"
			H("Service Name") H("Assigned") "<row>" C("Call Waiting") C("true") "</row>"
			"</userServicesAuthorizationTable>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *aa = record(out, "ENT/G1#service:Auto Attendant");
	assert_non_null(aa);
	assert_string_equal(str(aa, "ownerKind"), "group");
	assert_string_equal(str(aa, "owner"), "ENT/G1");
	assert_null(record(out, "ENT/G1#service:Call Park"));
	assert_null(strstr(out, "Call Waiting"));
	assert_null(strstr(out, "\"unread\""));
	cJSON_Delete(aa);
	free(out);
}

static void test_unknown_commands_become_one_unread_record_per_family(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(DOC(RSP("ServiceProviderGetResponse22V4",
		"<isEnterprise>true</isEnterprise><serviceProviderId>ENT</serviceProviderId>"))
		"\n" DOC(RSP("UserPersonalPhoneListGetListResponse21", "<x>1</x>"))
		"\n" DOC(RSP("UserPersonalPhoneListGetListResponse", "<x>2</x>"))
		"\n" DOC(RSP("GroupPagingGetInstanceResponse20", "<x>1</x>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *u = record(out, "ENT#unread:UserPersonalPhoneListGetList");
	assert_non_null(u);
	assert_string_equal(str(u, "kind"), "unread");
	assert_string_equal(str(u, "enterprise"), "ENT");
	assert_string_equal(str(u, "command"), "UserPersonalPhoneListGetListResponse21");
	assert_int_equal((int)cJSON_GetObjectItem(u, "count")->valuedouble, 2);
	const cJSON *src = cJSON_GetObjectItem(u, "source");
	assert_string_equal(str(src, "file"), "f.xml");
	assert_int_equal((int)cJSON_GetObjectItem(src, "line")->valuedouble, 2);
	cJSON *p = record(out, "ENT#unread:GroupPagingGetInstance");
	assert_non_null(p);
	assert_int_equal((int)cJSON_GetObjectItem(p, "count")->valuedouble, 1);
	/* the unread records come last, in key order */
	const char *a = strstr(out, "#unread:GroupPaging"), *b = strstr(out, "#unread:UserPers");
	assert_non_null(a);
	assert_true(a < b);
	assert_null(strstr(b, "\"kind\":\"enterprise\""));
	cJSON_Delete(u);
	cJSON_Delete(p);
	free(out);
}

static void test_unread_records_stay_with_their_enterprise(void **state)
{
	(void)state;
	int rc;
	char *out = extract_text(WRAP(
		DOC(RSP("ServiceProviderGetResponse22V4", "<serviceProviderId>A</serviceProviderId>"))
		DOC(RSP("FooGetResponse", "<x>1</x>"))
		DOC(RSP("ServiceProviderGetResponse22V4", "<serviceProviderId>B</serviceProviderId>"))
		DOC(RSP("FooGetResponse", "<x>1</x>")) DOC(RSP("FooGetResponse", "<x>1</x>"))), &rc);
	assert_int_equal(rc, BWM_OK);
	cJSON *a = record(out, "A#unread:FooGet"), *b = record(out, "B#unread:FooGet");
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal((int)cJSON_GetObjectItem(a, "count")->valuedouble, 1);
	assert_int_equal((int)cJSON_GetObjectItem(b, "count")->valuedouble, 2);
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_older_dn_table_assigned_to_marks_the_number_in_use),
		cmocka_unit_test(test_r18_dn_table_user_id_marks_the_number_in_use),
		cmocka_unit_test(test_user_calling_line_id_number_is_kept_as_e164),
		cmocka_unit_test(test_group_service_entry_belongs_to_the_users_group),
		cmocka_unit_test(test_group_authorization_list_records_assigned_group_services),
		cmocka_unit_test(test_unknown_commands_become_one_unread_record_per_family),
		cmocka_unit_test(test_unread_records_stay_with_their_enterprise),
	};
	return cmocka_run_group_tests_name("extract_fidelity", tests, NULL, NULL);
}
