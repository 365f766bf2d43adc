/* test_extract_oci.c — the extract stage on small in-memory bundles:
 * envelope variants, pairing, tables, number ranges, command families,
 * error records. Each test feeds XML through extract_add_memory() and
 * looks at the inventory lines it wrote. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

#define ENV_OPEN "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><sessionId xmlns=\"\">s</sessionId>"
#define ENV_CLOSE "</BroadsoftDocument>"
#define DOC(cmds) ENV_OPEN cmds ENV_CLOSE
#define REQ(type, body) "<command xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define RSP(type, body) "<command echo=\"\" xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define WRAP(x) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Export>" x "</Export>"

#define SPGET DOC(REQ("ServiceProviderGetRequest22V4", "<serviceProviderId>ENT</serviceProviderId>")) \
	DOC(RSP("ServiceProviderGetResponse22V4", "<isEnterprise>true</isEnterprise>" \
		"<defaultDomain>x.com</defaultDomain><serviceProviderName>Ent</serviceProviderName>"))

/* The result of one extraction: status, and the inventory text. */
struct run {
	int rc;
	char *out;
	size_t len;
	struct bwm_error err;
};

static void extract_text(struct run *r, const char *xml, size_t len)
{
	memset(r, 0, sizeof *r);
	FILE *fp = open_memstream(&r->out, &r->len);
	struct extract_opts opts = { .log = NULL };
	struct extract_session *s = extract_open(fp, &opts);
	r->rc = extract_add_memory(s, "t.xml", xml, len, &r->err);
	if (r->rc == BWM_OK)
		r->rc = extract_finish(s, &r->err);
	extract_close(s);
	fclose(fp);
}

static void run_free(struct run *r)
{
	free(r->out);
}

/* The record with this key, as a cJSON object (caller deletes), or NULL. */
static cJSON *record(const struct run *r, const char *key)
{
	const char *p = r->out;
	while (p != NULL && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		cJSON *o = cJSON_ParseWithLength(p, n);
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(o, "key");
		if (cJSON_IsString(k) && strcmp(k->valuestring, key) == 0)
			return o;
		cJSON_Delete(o);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static int count_kind(const struct run *r, const char *kind)
{
	char pat[64];
	int n = 0;
	snprintf(pat, sizeof pat, "{\"kind\":\"%s\"", kind);
	for (const char *p = r->out; p && (p = strstr(p, pat)) != NULL; p++)
		n++;
	return n;
}

static const char *str_of(const cJSON *o, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(it) ? it->valuestring : "(absent)";
}

#define USERGET_PAIR(uid) \
	DOC(REQ("UserGetRequest23V2", "<userId>" uid "</userId>")) \
	DOC(RSP("UserGetResponse23V2", "<serviceProviderId>ENT</serviceProviderId><groupId>G1</groupId>" \
		"<userId>" uid "</userId><lastName>Doe</lastName><firstName>Jo</firstName>" \
		"<phoneNumber>6175551212</phoneNumber><language>French</language>" \
		"<timeZone>America/New_York</timeZone><countryCode>1</countryCode>"))

static void test_default_namespace_bundle_gives_enterprise_and_user(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERGET_PAIR("jo@x.com"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *u = record(&r, "ENT/G1/jo@x.com");
	assert_non_null(u);
	assert_string_equal(str_of(u, "phoneNumber"), "+16175551212");
	assert_string_equal(str_of(u, "language"), "French");
	cJSON_Delete(u);
	assert_int_equal(count_kind(&r, "enterprise"), 1);
	run_free(&r);
}

static void test_ns0_prefixed_envelope_is_read(void **state)
{
	(void)state;
	static const char xml[] =
		"<ns0:BroadsoftDocument xmlns:ns0=\"C\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" protocol=\"OCI\">"
		"<command xsi:type=\"ServiceProviderGetResponse22V4\"><isEnterprise>true</isEnterprise>"
		"<defaultDomain>n.com</defaultDomain><serviceProviderId>NS0</serviceProviderId></command>"
		"</ns0:BroadsoftDocument>";
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *e = record(&r, "NS0");
	assert_non_null(e);
	assert_string_equal(str_of(e, "defaultDomain"), "n.com");
	cJSON_Delete(e);
	run_free(&r);
}

static void test_utf8_bom_without_declaration_is_read(void **state)
{
	(void)state;
	static const char xml[] = "\xEF\xBB\xBF" DOC(RSP("ServiceProviderGetResponse22V4",
		"<isEnterprise>true</isEnterprise><defaultDomain>b.com</defaultDomain>"
		"<serviceProviderName>Caf\xC3\xA9</serviceProviderName><serviceProviderId>BOM</serviceProviderId>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *e = record(&r, "BOM");
	assert_non_null(e);
	assert_string_equal(str_of(e, "name"), "Caf\xC3\xA9");
	cJSON_Delete(e);
	run_free(&r);
}

static void test_iso_8859_1_text_becomes_utf8(void **state)
{
	(void)state;
	static const char xml[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		DOC(RSP("ServiceProviderGetResponse22V4", "<isEnterprise>true</isEnterprise>"
			"<defaultDomain>l.com</defaultDomain><serviceProviderName>Z\xE9nith</serviceProviderName>"
			"<serviceProviderId>LAT</serviceProviderId>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *e = record(&r, "LAT");
	assert_non_null(e);
	assert_string_equal(str_of(e, "name"), "Z\xC3\xA9nith");
	cJSON_Delete(e);
	run_free(&r);
}

static void test_error_response_with_undeclared_prefix_is_a_source_error(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET
		DOC(REQ("UserGetRequest23V2", "<userId>gone@x.com</userId>"))
		ENV_OPEN "<command type=\"Error\" echo=\"\" xsi:type=\"c:ErrorResponse\" xmlns=\"\">"
		"<summary>[Error 4008] User not found: gone@x.com</summary></command>" ENV_CLOSE);
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	assert_int_equal(count_kind(&r, "source_error"), 1);
	assert_non_null(strstr(r.out, "\"errorCode\":4008"));
	assert_non_null(strstr(r.out, "\"request\":\"UserGetRequest23V2\""));
	assert_non_null(strstr(r.out, "\"subject\":\"gone@x.com\""));
	run_free(&r);
}

static void test_response_pairs_with_request_of_same_index(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERGET_PAIR("a@x.com")
		DOC(REQ("UserCallForwardingAlwaysGetRequest", "<userId>a@x.com</userId>")
		    REQ("UserDoNotDisturbGetRequest", "<userId>a@x.com</userId>"))
		DOC(RSP("UserCallForwardingAlwaysGetResponse", "<isActive>true</isActive>"
			"<forwardToPhoneNumber>6175550000</forwardToPhoneNumber><isRingSplashActive>false</isRingSplashActive>")
		    RSP("UserDoNotDisturbGetResponse", "<isActive>false</isActive><ringSplash>false</ringSplash>")));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *s = record(&r, "ENT/G1/a@x.com#call_forwarding_always");
	assert_non_null(s);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "value");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "isActive")));
	/* a phone number stays text even when it is all digits */
	assert_string_equal(str_of(v, "forwardToPhoneNumber"), "6175550000");
	assert_string_equal(str_of(s, "user"), "ENT/G1/a@x.com");
	cJSON_Delete(s);
	cJSON *d = record(&r, "ENT/G1/a@x.com#do_not_disturb");
	assert_non_null(d);
	cJSON_Delete(d);
	run_free(&r);
}

static void test_echo_tag_keys_a_response_without_request(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERGET_PAIR("b@x.com")
		ENV_OPEN "<command echo=\"UserCallForwardingBusyGetRequest?userId=b%40x.com\" "
		"xsi:type=\"UserCallForwardingBusyGetResponse\" xmlns=\"\"><isActive>true</isActive></command>"
		ENV_CLOSE);
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *s = record(&r, "ENT/G1/b@x.com#call_forwarding_busy");
	assert_non_null(s);
	cJSON_Delete(s);
	run_free(&r);
}

static void test_setting_of_unknown_user_is_a_source_error(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET
		DOC(REQ("UserDoNotDisturbGetRequest", "<userId>ghost@x.com</userId>"))
		DOC(RSP("UserDoNotDisturbGetResponse", "<isActive>true</isActive>")));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	assert_int_equal(count_kind(&r, "user_setting"), 0);
	assert_int_equal(count_kind(&r, "source_error"), 1);
	assert_non_null(strstr(r.out, "cannot be placed"));
	run_free(&r);
}

#define USERLIST(heads, rows) \
	DOC(REQ("UserGetListInGroupRequest", "<serviceProviderId>ENT</serviceProviderId><GroupId>G1</GroupId>")) \
	DOC(RSP("UserGetListInGroupResponse", "<userTable>" heads rows "</userTable>"))
#define H(x) "<colHeading>" x "</colHeading>"
#define C(x) "<col>" x "</col>"

static void test_table_columns_are_found_by_heading_not_position(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERLIST(
		H("Email Address") H("Last Name") H("User Id") H("Extension") H("First Name"),
		"<row>" C("z@x.com") C("Zed") C("u1@x.com") C("201") C("Zoe") "</row>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_OK);
	cJSON *u = record(&r, "ENT/G1/u1@x.com");
	assert_non_null(u);
	assert_string_equal(str_of(u, "email"), "z@x.com");
	assert_string_equal(str_of(u, "extension"), "201");
	assert_string_equal(str_of(u, "firstName"), "Zoe");
	cJSON_Delete(u);
	run_free(&r);
}

static void test_empty_table_cell_gives_no_member(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERLIST(
		H("User Id") H("Email Address") H("Last Name"),
		"<row>" C("u2@x.com") "<col/>" C("Roe") "</row>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	cJSON *u = record(&r, "ENT/G1/u2@x.com");
	assert_non_null(u);
	assert_null(cJSON_GetObjectItemCaseSensitive(u, "email"));
	assert_string_equal(str_of(u, "lastName"), "Roe");
	cJSON_Delete(u);
	run_free(&r);
}

static void test_detail_response_wins_over_list_row(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET USERGET_PAIR("jo@x.com") USERLIST(
		H("User Id") H("First Name") H("Department"),
		"<row>" C("jo@x.com") C("Listed") C("Sales") "</row>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	cJSON *u = record(&r, "ENT/G1/jo@x.com");
	assert_non_null(u);
	assert_string_equal(str_of(u, "firstName"), "Jo");        /* from UserGet */
	assert_string_equal(str_of(u, "department"), "Sales");    /* only the row had it */
	cJSON_Delete(u);
	assert_int_equal(count_kind(&r, "user"), 1);
	run_free(&r);
}

#define DNLIST(rows) \
	DOC(REQ("GroupDnGetAssignmentListRequest18", "<serviceProviderId>ENT</serviceProviderId><groupId>G1</groupId>")) \
	DOC(RSP("GroupDnGetAssignmentListResponse18", "<dnTable>" H("Phone Numbers") H("Activated") H("User Id") rows "</dnTable>"))

static void test_number_range_is_expanded(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET DNLIST(
		"<row>" C("+1-5551231207 - +1-5551231210") C("false") "<col/></row>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(count_kind(&r, "number"), 4);
	cJSON *n = record(&r, "ENT/G1/+15551231209");
	assert_non_null(n);
	assert_string_equal(str_of(n, "range"), "+1-5551231207 - +1-5551231210");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(n, "activated")));
	cJSON_Delete(n);
	run_free(&r);
}

static void test_number_without_country_code_is_a_source_error(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET DNLIST(
		"<row>" C("5145550103") C("true") "<col/></row>"
		"<row>" C("+1-5145550104") C("true") C("u@x.com") "</row>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(count_kind(&r, "number"), 1);
	assert_int_equal(count_kind(&r, "source_error"), 1);
	assert_non_null(strstr(r.out, "\"subject\":\"5145550103\""));
	run_free(&r);
}

static void test_unknown_command_is_counted(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET
		DOC(RSP("UserPersonalPhoneListGetListResponse", "<entryTable></entryTable>"))
		DOC(RSP("UserPersonalPhoneListGetListResponse", "<entryTable></entryTable>")));
	FILE *fp = fopen("/dev/null", "w");
	struct extract_session *s = extract_open(fp, NULL);
	struct bwm_error err = { 0, "" };
	assert_int_equal(extract_add_memory(s, "t.xml", xml, strlen(xml), &err), BWM_OK);
	const struct extract_stats *st = extract_stats(s);
	assert_int_equal(st->n_unknown, 1);
	assert_string_equal(st->unknown[0].type, "UserPersonalPhoneListGetListResponse");
	assert_int_equal(st->unknown[0].count, 2);
	extract_close(s);
	fclose(fp);
}

static void test_malformed_xml_names_file_line_and_column(void **state)
{
	(void)state;
	static const char xml[] = "<Export>\n<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\">\n<command></Export>";
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_EINPUT);
	assert_non_null(strstr(r.err.msg, "t.xml:3:"));
	run_free(&r);
}

static void test_doctype_with_entity_is_refused(void **state)
{
	(void)state;
	static const char xml[] = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
		DOC(RSP("ServiceProviderGetResponse22V4", "<serviceProviderName>&e;</serviceProviderName>"
			"<serviceProviderId>X</serviceProviderId>"));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	assert_int_equal(r.rc, BWM_EINPUT);
	assert_non_null(strstr(r.err.msg, "DOCTYPE"));
	run_free(&r);
}

static void test_versions_of_a_command_share_a_handler(void **state)
{
	(void)state;
	static const char xml[] = WRAP(SPGET
		DOC(REQ("GroupAccessDeviceGetRequest18sp1", "<serviceProviderId>ENT</serviceProviderId>"
			"<groupId>G1</groupId><deviceName>d1</deviceName>"))
		DOC(RSP("GroupAccessDeviceGetResponse18sp1", "<deviceType>Polycom VVX 411</deviceType>"
			"<macAddress>0004f2aabbcc</macAddress><numberOfPorts><quantity>4</quantity></numberOfPorts>"
			"<status>Online</status>")));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	cJSON *d = record(&r, "ENT/G1/d1");
	assert_non_null(d);
	assert_string_equal(str_of(d, "mac"), "0004F2AABBCC");
	assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(d, "ports")->valuedouble, 4);
	cJSON_Delete(d);
	run_free(&r);
}

static void test_enterprises_are_written_in_order_of_appearance(void **state)
{
	(void)state;
	static const char xml[] = WRAP(
		DOC(RSP("ServiceProviderGetResponse22V4", "<isEnterprise>true</isEnterprise><serviceProviderId>ZZZ</serviceProviderId>"))
		DOC(RSP("ServiceProviderGetResponse22V4", "<isEnterprise>true</isEnterprise><serviceProviderId>AAA</serviceProviderId>")));
	struct run r;
	extract_text(&r, xml, strlen(xml));
	const char *z = strstr(r.out, "\"key\":\"ZZZ\""), *a = strstr(r.out, "\"key\":\"AAA\"");
	assert_non_null(z);
	assert_non_null(a);
	assert_true(z < a);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_namespace_bundle_gives_enterprise_and_user),
		cmocka_unit_test(test_ns0_prefixed_envelope_is_read),
		cmocka_unit_test(test_utf8_bom_without_declaration_is_read),
		cmocka_unit_test(test_iso_8859_1_text_becomes_utf8),
		cmocka_unit_test(test_error_response_with_undeclared_prefix_is_a_source_error),
		cmocka_unit_test(test_response_pairs_with_request_of_same_index),
		cmocka_unit_test(test_echo_tag_keys_a_response_without_request),
		cmocka_unit_test(test_setting_of_unknown_user_is_a_source_error),
		cmocka_unit_test(test_table_columns_are_found_by_heading_not_position),
		cmocka_unit_test(test_empty_table_cell_gives_no_member),
		cmocka_unit_test(test_detail_response_wins_over_list_row),
		cmocka_unit_test(test_number_range_is_expanded),
		cmocka_unit_test(test_number_without_country_code_is_a_source_error),
		cmocka_unit_test(test_unknown_command_is_counted),
		cmocka_unit_test(test_malformed_xml_names_file_line_and_column),
		cmocka_unit_test(test_doctype_with_entity_is_refused),
		cmocka_unit_test(test_versions_of_a_command_share_a_handler),
		cmocka_unit_test(test_enterprises_are_written_in_order_of_appearance),
	};
	return cmocka_run_group_tests_name("extract_oci", tests, NULL, NULL);
}
