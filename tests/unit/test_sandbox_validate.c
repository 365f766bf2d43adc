/* test_sandbox_validate.c — the sandbox's request checks, called directly:
 * each rule of the Wholesale spec refuses what it should, with a
 * description naming the field, and accepts what it should. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sandbox/sbx.h"

static const char GOOD_CUSTOMER[] =
	"{\"provisioningId\":\"P\",\"packages\":[\"webex_calling\"],\"externalId\":\"E\","
	"\"address\":{\"addressLine1\":\"1 Main St\",\"city\":\"Boston\",\"stateOrProvince\":\"MA\","
	"\"zipOrPostalCode\":\"02110\",\"country\":\"US\"},"
	"\"customerInfo\":{\"name\":\"Acme\",\"primaryEmail\":\"it@acme.example\"},"
	"\"provisioningParameters\":{\"calling\":{\"location\":{\"name\":\"HQ\",\"address\":"
	"{\"addressLine1\":\"1 Main St\",\"city\":\"Boston\",\"stateOrProvince\":\"MA\","
	"\"zipOrPostalCode\":\"02110\",\"country\":\"US\"},\"timezone\":\"America/New_York\","
	"\"language\":\"en_us\"}}}}";

/* Run the customer check on GOOD_CUSTOMER with one member replaced by the
 * JSON text `value` (NULL removes it); return the status (0 = accepted) and
 * keep the description in desc. */
static int customer_with(const char *member, const char *value, char *desc, size_t n)
{
	cJSON *body = cJSON_Parse(GOOD_CUSTOMER);
	if (member != NULL) {
		cJSON_DeleteItemFromObject(body, member);
		if (value != NULL)
			cJSON_AddItemToObject(body, member, cJSON_Parse(value));
	}
	struct sbx_resp rs = { 0 };
	int rc = sbx_check_customer(body, 0, &rs);
	snprintf(desc, n, "%s", rs.json ? json_str(rs.json, "message") : "");
	int status = rc == 0 ? 0 : rs.status;
	sbx_resp_free(&rs);
	cJSON_Delete(body);
	return status;
}

static void test_good_customer_is_accepted(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with(NULL, NULL, d, sizeof d), 0);
}

static void test_customer_without_provisioning_id_is_refused(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with("provisioningId", NULL, d, sizeof d), 400);
	assert_non_null(strstr(d, "provisioningId is required"));
}

static void test_unknown_customer_package_is_named(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with("packages", "[\"webex_calling\",\"webex_holo\"]", d,
				       sizeof d), 400);
	assert_non_null(strstr(d, "webex_holo"));
}

static void test_attendant_console_needs_a_calling_package(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with("packages", "[\"webex_meetings\",\"attendant_console\"]",
				       d, sizeof d), 400);
	assert_non_null(strstr(d, "attendant_console is dependent"));
	assert_int_equal(customer_with("packages", "[\"webex_suite\",\"attendant_console\"]",
				       d, sizeof d), 0);
}

static void test_address_line_of_51_characters_is_refused(void **state)
{
	(void)state;
	char d[1024];
	char addr[512];
	snprintf(addr, sizeof addr, "{\"addressLine1\":\"%051d\",\"city\":\"Leeds\",\"country\":\"GB\"}",
		 7);
	assert_int_equal(customer_with("address", addr, d, sizeof d), 400);
	assert_non_null(strstr(d, "address.addressLine1 is 51 characters"));
	snprintf(addr, sizeof addr, "{\"addressLine1\":\"%050d\",\"city\":\"Leeds\",\"country\":\"GB\"}",
		 7);
	assert_int_equal(customer_with("address", addr, d, sizeof d), 0);
}

static void test_percent_in_customer_name_is_refused(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with("customerInfo",
				       "{\"name\":\"50% Off Ltd\",\"primaryEmail\":\"a@b.example\"}",
				       d, sizeof d), 400);
	assert_non_null(strstr(d, "must not contain '%'"));
}

static void test_customer_info_is_optional_with_an_org_id(void **state)
{
	(void)state;
	char d[1024];
	assert_int_equal(customer_with("customerInfo", NULL, d, sizeof d), 400);
	cJSON *body = cJSON_Parse(GOOD_CUSTOMER);
	cJSON_DeleteItemFromObject(body, "customerInfo");
	cJSON_AddStringToObject(body, "orgId", "Y2lzY28");
	struct sbx_resp rs = { 0 };
	assert_int_equal(sbx_check_customer(body, 0, &rs), 0);
	sbx_resp_free(&rs);
	cJSON_Delete(body);
}

static void test_meetings_only_customer_needs_no_calling_location(void **state)
{
	(void)state;
	cJSON *body = cJSON_Parse(GOOD_CUSTOMER);
	cJSON_DeleteItemFromObject(body, "provisioningParameters");
	cJSON_ReplaceItemInObject(body, "packages", cJSON_Parse("[\"webex_meetings\"]"));
	struct sbx_resp rs = { 0 };
	assert_int_equal(sbx_check_customer(body, 0, &rs), 0);
	cJSON_ReplaceItemInObject(body, "packages", cJSON_Parse("[\"webex_voice\"]"));
	assert_int_equal(sbx_check_customer(body, 0, &rs), -1);
	assert_int_equal(rs.status, 400);
	sbx_resp_free(&rs);
	cJSON_Delete(body);
}

/* The check's verdict; the package it found is copied into pkg. */
static int subscriber(const char *json, char pkg[32])
{
	cJSON *body = cJSON_Parse(json);
	struct sbx_resp rs = { 0 };
	const char *found = NULL;
	int rc = sbx_check_subscriber_fields(body, &rs, &found);
	snprintf(pkg, 32, "%s", rc == 0 ? found : "");
	sbx_resp_free(&rs);
	cJSON_Delete(body);
	return rc;
}

static void test_subscriber_needs_exactly_one_package(void **state)
{
	(void)state;
	char pkg[32];
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[\"webex_meetings\",\"webex_suite\"],"
				    "\"provisioningParameters\":{}}", pkg), -1);
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[],\"provisioningParameters\":{}}", pkg), -1);
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[\"webex_meetings\"],"
				    "\"provisioningParameters\":{}}", pkg), 0);
	assert_string_equal(pkg, "webex_meetings");
}

static void test_deprecated_package_field_is_accepted(void **state)
{
	(void)state;
	char pkg[32];
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"package\":\"webex_voice\",\"provisioningParameters\":"
				    "{\"extension\":\"1234\"}}", pkg), 0);
	assert_string_equal(pkg, "webex_voice");
	/* attendant_console is no legacy `package` value. */
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"package\":\"attendant_console\",\"provisioningParameters\":"
				    "{\"extension\":\"1234\"}}", pkg), -1);
}

static void test_calling_subscriber_needs_number_or_extension(void **state)
{
	(void)state;
	char pkg[32];
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[\"webex_calling\"],\"provisioningParameters\":"
				    "{\"firstName\":\"A\"}}", pkg), -1);
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[\"webex_calling\"],\"provisioningParameters\":"
				    "{\"primaryPhoneNumber\":\"+12405551212\"}}", pkg), 0);
}

static void test_subscriber_number_must_be_e164(void **state)
{
	(void)state;
	char pkg[32];
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"a@b.example\","
				    "\"packages\":[\"webex_calling\"],\"provisioningParameters\":"
				    "{\"primaryPhoneNumber\":\"2405551212\"}}", pkg), -1);
	assert_true(sbx_check_e164("+442079460958"));
	assert_false(sbx_check_e164("+44 20 7946 0958"));
	assert_false(sbx_check_e164("+0123456789"));
}

static void test_subscriber_email_must_be_an_address(void **state)
{
	(void)state;
	char pkg[32];
	assert_int_equal(subscriber("{\"customerId\":\"C\",\"email\":\"jdoe\","
				    "\"packages\":[\"webex_meetings\"],"
				    "\"provisioningParameters\":{}}", pkg), -1);
}

static void test_location_needs_its_languages_and_address(void **state)
{
	(void)state;
	cJSON *body = cJSON_Parse("{\"name\":\"B\",\"timeZone\":\"Europe/London\","
				  "\"preferredLanguage\":\"en_gb\",\"announcementLanguage\":\"en_gb\","
				  "\"address\":{\"address1\":\"1 Elm\",\"city\":\"Leeds\","
				  "\"state\":\"WY\",\"postalCode\":\"LS1\",\"country\":\"GB\"}}");
	struct sbx_resp rs = { 0 };
	assert_int_equal(sbx_check_location(body, &rs), 0);
	cJSON_DeleteItemFromObject(body, "announcementLanguage");
	assert_int_equal(sbx_check_location(body, &rs), -1);
	assert_non_null(strstr(json_str(rs.json, "message"), "announcementLanguage"));
	sbx_resp_free(&rs);
	cJSON_Delete(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_customer_is_accepted),
		cmocka_unit_test(test_customer_without_provisioning_id_is_refused),
		cmocka_unit_test(test_unknown_customer_package_is_named),
		cmocka_unit_test(test_attendant_console_needs_a_calling_package),
		cmocka_unit_test(test_address_line_of_51_characters_is_refused),
		cmocka_unit_test(test_percent_in_customer_name_is_refused),
		cmocka_unit_test(test_customer_info_is_optional_with_an_org_id),
		cmocka_unit_test(test_meetings_only_customer_needs_no_calling_location),
		cmocka_unit_test(test_subscriber_needs_exactly_one_package),
		cmocka_unit_test(test_deprecated_package_field_is_accepted),
		cmocka_unit_test(test_calling_subscriber_needs_number_or_extension),
		cmocka_unit_test(test_subscriber_number_must_be_e164),
		cmocka_unit_test(test_subscriber_email_must_be_an_address),
		cmocka_unit_test(test_location_needs_its_languages_and_address),
	};
	return cmocka_run_group_tests_name("sandbox_validate", tests, NULL, NULL);
}
