/* test_transform_validate.c — one validation rule per test: what each
 * inventory problem becomes (finding code, severity, what it blocks), and
 * what is recognised as not a subscriber. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/transform_harness.h"

#define E1G ENT("E1") GRP("E1", "G")
#define MAIL(u) ",\"email\":\"" u "@e1.example\""

static void test_common_area_phone_is_reported_not_subscribed(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "lobby", MAIL("lobby") ",\"isPlace\":true,"
			      "\"extension\":\"9\""), NULL, NULL, 0);
	assert_int_equal(r.st.subscribers, 0);
	assert_null(entry(&r, "subscriber", "E1/G/lobby"));
	assert_non_null(strstr(r.findings, "info,common_area_phone,subscriber:E1/G/lobby"));
	done(&r);
}

static void test_hunt_group_is_a_virtual_user(void **state)
{
	struct result r = run(state, E1G "{\"kind\":\"hunt_group\",\"key\":\"E1/G/hg\",\"enterprise\":"
			      "\"E1\",\"group\":\"G\",\"id\":\"hg\",\"name\":\"Sales\","
			      "\"policy\":\"Regular\",\"extension\":\"100\"}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "info,virtual_user,hunt_group:E1/G/hg"));
	assert_int_equal(r.rc, BWM_OK);
	done(&r);
}

static void test_number_that_is_not_e164_is_an_error(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1")
			      ",\"phoneNumberRaw\":\"5551234\",\"extension\":\"1\""), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,invalid_number,subscriber:E1/G/u1"));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"blocked\""));
	done(&r);
}

static void test_calling_user_without_number_or_extension_is_an_error(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1")), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,no_number_or_extension,subscriber:E1/G/u1"));
	done(&r);
}

static void test_meetings_user_needs_no_number_nor_location(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1"))
			      "{\"kind\":\"service\",\"key\":\"E1/G/u1#pack:Meetings Only\","
			      "\"enterprise\":\"E1\",\"owner\":\"E1/G/u1\",\"ownerKind\":\"user\","
			      "\"name\":\"Meetings Only\",\"type\":\"service_pack\"}\n", NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"packages\":[\"webex_meetings\"]"));
	assert_false(entry_has(&r, "subscriber", "E1/G/u1", "locationId"));
	done(&r);
}

static void test_unsupported_device_is_a_warning(void **state)
{
	struct result r = run(state, E1G "{\"kind\":\"device\",\"key\":\"E1/G/d1\",\"enterprise\":"
			      "\"E1\",\"group\":\"G\",\"name\":\"d1\",\"type\":\"Grandstream GXP1625\"}\n",
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,unsupported_device,device:E1/G/d1"));
	assert_int_equal(r.rc, BWM_OK);
	done(&r);
}

static void test_user_on_several_devices_is_a_warning(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1") ",\"extension\":\"1\"")
			      "{\"kind\":\"device\",\"key\":\"E1/G/a\",\"enterprise\":\"E1\",\"group\":"
			      "\"G\",\"name\":\"a\",\"type\":\"Cisco 8851\",\"lines\":[{\"userId\":\"u1\"}]}\n"
			      "{\"kind\":\"device\",\"key\":\"E1/G/b\",\"enterprise\":\"E1\",\"group\":"
			      "\"G\",\"name\":\"b\",\"type\":\"Cisco 8841\",\"lines\":[{\"userId\":\"u1\"}]}\n",
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,several_devices,subscriber:E1/G/u1"));
	assert_false(entry_has(&r, "subscriber", "E1/G/u1", "\"blocked\""));
	done(&r);
}

static void test_service_without_webex_equivalent_is_reported_per_user(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1") ",\"extension\":\"1\"")
			      "{\"kind\":\"service\",\"key\":\"E1/G/u1#service:Call Me Now\","
			      "\"enterprise\":\"E1\",\"owner\":\"E1/G/u1\",\"ownerKind\":\"user\","
			      "\"name\":\"Call Me Now\",\"type\":\"service\"}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,service_not_migrated,subscriber:E1/G/u1"));
	done(&r);
}

static void test_unmapped_language_is_a_warning(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1") ",\"extension\":\"1\","
			      "\"language\":\"Esperanto\""), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,language_unmapped,subscriber:E1/G/u1"));
	done(&r);
}

static void test_location_language_is_most_common_user_locale(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") GRP("E1", "G")
			      USR("E1", "G", "u1", MAIL("u1") ",\"extension\":\"1\",\"language\":\"French\"")
			      USR("E1", "G", "u2", MAIL("u2") ",\"extension\":\"2\",\"language\":\"French\"")
			      USR("E1", "G", "u3", MAIL("u3") ",\"extension\":\"3\",\"language\":\"English\""),
			      NULL, NULL, 0);
	assert_true(entry_has(&r, "location", "E1/G", "\"preferredLanguage\":\"fr_fr\""));
	done(&r);
}

static void test_group_without_time_zone_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") "{\"kind\":\"group\",\"key\":\"E1/G\",\"enterprise\":"
			      "\"E1\",\"id\":\"G\"," ADDR "}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,location_without_timezone,location:E1/G"));
	assert_true(entry_has(&r, "customer", "E1", "\"blocked\""));   /* the first location */
	done(&r);
}

static void test_partner_default_time_zone_is_a_warning(void **state)
{
	struct result r = run(state, ENT("E1") "{\"kind\":\"group\",\"key\":\"E1/G\",\"enterprise\":"
			      "\"E1\",\"id\":\"G\"," ADDR "}\n",
			      "{\"provisioningId\":\"P\",\"defaultTimeZone\":\"America/Chicago\"}", NULL, 0);
	assert_non_null(strstr(r.findings, "warning,timezone_defaulted,location:E1/G"));
	assert_true(entry_has(&r, "customer", "E1", "\"timezone\":\"America/Chicago\""));
	done(&r);
}

static void test_unknown_country_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") "{\"kind\":\"group\",\"key\":\"E1/G\",\"enterprise\":"
			      "\"E1\",\"id\":\"G\",\"timeZone\":\"UTC\",\"address\":{\"addressLine1\":"
			      "\"1 Rd\",\"city\":\"Cair Paravel\",\"country\":\"Narnia\"}}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,unknown_country,location:E1/G"));
	done(&r);
}

static void test_location_without_state_outside_states_countries_uses_city(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") "{\"kind\":\"group\",\"key\":\"E1/L\","
			      "\"enterprise\":\"E1\",\"id\":\"L\",\"name\":\"London\",\"timeZone\":"
			      "\"Europe/London\",\"address\":{\"addressLine1\":\"1 Canada Sq\",\"city\":"
			      "\"London\",\"zipOrPostalCode\":\"E14 5AB\",\"country\":\"GB\"}}\n",
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,state_from_city,location:E1/L"));
	assert_true(entry_has(&r, "location", "E1/L", "\"state\":\"London\""));
	assert_false(entry_has(&r, "location", "E1/L", "\"blocked\""));
	done(&r);
}

static void test_us_location_without_state_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") "{\"kind\":\"group\",\"key\":\"E1/B\","
			      "\"enterprise\":\"E1\",\"id\":\"B\",\"timeZone\":\"America/Chicago\","
			      "\"address\":{\"addressLine1\":\"1 Rd\",\"city\":\"Austin\",\"zipOrPostalCode\":"
			      "\"73301\",\"country\":\"US\"}}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,address_incomplete,location:E1/B"));
	assert_true(entry_has(&r, "location", "E1/B", "\"blocked\""));
	done(&r);
}

static void test_sub_partner_acts_on_behalf_on_every_request(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "u1", MAIL("u1") ",\"extension\":\"1\""),
			      "{\"provisioningId\":\"P\",\"subPartner\":{\"orgId\":\"SUB1\","
			      "\"adminEmail\":\"admin@sub.example\"}}", NULL, 0);
	assert_true(entry_has(&r, "customer", "E1", "\"onBehalfOfSubPartnerOrgId\":\"SUB1\""));
	assert_true(entry_has(&r, "customer", "E1", "\"subPartnerAdminEmail\":\"admin@sub.example\""));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"onBehalfOfSubPartnerOrgId\":\"SUB1\""));
	done(&r);
}

static void test_primary_email_from_template(void **state)
{
	struct result r = run(state, E1G, "{\"provisioningId\":\"P\",\"primaryEmail\":{\"source\":"
			      "\"template\",\"template\":\"admin+{customer}@partner.example\"}}", NULL, 0);
	assert_true(entry_has(&r, "customer", "E1", "\"primaryEmail\":\"admin+e1@partner.example\""));
	done(&r);
}

static void test_customer_without_contact_email_is_an_error(void **state)
{
	struct result r = run(state, "{\"kind\":\"enterprise\",\"key\":\"E1\",\"id\":\"E1\"," ADDR "}\n"
			      GRP("E1", "G"), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,missing_primary_email,customer:E1"));
	done(&r);
}

static void test_partner_packages_are_on_every_customer(void **state)
{
	struct result r = run(state, E1G, "{\"provisioningId\":\"P\",\"customerPackages\":"
			      "[\"common_area_calling\"]}", NULL, 0);
	assert_true(entry_has(&r, "customer", "E1", "\"packages\":[\"common_area_calling\"]"));
	done(&r);
}

static void test_source_error_is_reported_with_its_subject(void **state)
{
	struct result r = run(state, E1G "{\"kind\":\"source_error\",\"key\":\"E1#error:x.xml:9\","
			      "\"enterprise\":\"E1\",\"command\":\"ErrorResponse\",\"subject\":\"E1/G/u9\","
			      "\"summary\":\"User not found\",\"source\":{\"file\":\"x.xml\",\"line\":9}}\n",
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,source_error,E1/G/u9,E1,x.xml,9,"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_area_phone_is_reported_not_subscribed),
		cmocka_unit_test(test_hunt_group_is_a_virtual_user),
		cmocka_unit_test(test_number_that_is_not_e164_is_an_error),
		cmocka_unit_test(test_calling_user_without_number_or_extension_is_an_error),
		cmocka_unit_test(test_meetings_user_needs_no_number_nor_location),
		cmocka_unit_test(test_unsupported_device_is_a_warning),
		cmocka_unit_test(test_user_on_several_devices_is_a_warning),
		cmocka_unit_test(test_service_without_webex_equivalent_is_reported_per_user),
		cmocka_unit_test(test_unmapped_language_is_a_warning),
		cmocka_unit_test(test_location_language_is_most_common_user_locale),
		cmocka_unit_test(test_group_without_time_zone_is_an_error),
		cmocka_unit_test(test_partner_default_time_zone_is_a_warning),
		cmocka_unit_test(test_unknown_country_is_an_error),
		cmocka_unit_test(test_location_without_state_outside_states_countries_uses_city),
		cmocka_unit_test(test_us_location_without_state_is_an_error),
		cmocka_unit_test(test_sub_partner_acts_on_behalf_on_every_request),
		cmocka_unit_test(test_primary_email_from_template),
		cmocka_unit_test(test_customer_without_contact_email_is_an_error),
		cmocka_unit_test(test_partner_packages_are_on_every_customer),
		cmocka_unit_test(test_source_error_is_reported_with_its_subject),
	};
	return cmocka_run_group_tests_name("transform validation", tests, setup, teardown);
}
