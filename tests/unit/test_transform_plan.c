/* test_transform_plan.c — the stage end to end through its library API:
 * plan entries, run-wide validation, blocking, batches, granularity,
 * merging of split records, determinism. Inventories are small strings. */
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

static void test_clean_enterprise_plans_without_errors(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100")
			      USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":"
				  "\"+16175550100\""), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_int_equal(r.st.customers, 1);
	assert_int_equal(r.st.subscribers, 1);
	assert_int_equal(r.st.errors, 0);
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"primaryPhoneNumber\":\"+16175550100\""));
	assert_true(entry_has(&r, "location", "E1/G", "\"method\":\"LOOKUP\""));
	done(&r);
}

static void test_entries_come_in_dependency_order(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") GRP("E1", "B")
			      NUM("E1", "B", "+16175550100")
			      USR("E1", "B", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":"
				  "\"+16175550100\""), NULL, NULL, 0);
	const char *c = entry(&r, "customer", "E1"), *lb = entry(&r, "location", "E1/B");
	const char *nb = entry(&r, "number", "E1/B"), *s = entry(&r, "subscriber", "E1/B/u1");
	assert_true(c && lb && nb && s);
	assert_true(c < lb && lb < nb && nb < s);
	assert_true(entry_has(&r, "location", "E1/B", "\"method\":\"POST\""));
	done(&r);
}

static void test_user_without_email_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") USR("E1", "G", "u1",
			      ",\"extension\":\"100\""), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_EPARTIAL);
	assert_non_null(strstr(r.findings, "error,missing_email,subscriber:E1/G/u1"));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"blocked\":[\"F"));
	done(&r);
}

static void test_email_template_fills_missing_email_when_enabled(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") USR("E1", "G", "Jo.Doe@x",
			      ",\"extension\":\"100\""), "{\"provisioningId\":\"P\","
			      "\"userEmailTemplate\":\"{userPart}@mail.example\"}", NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_true(entry_has(&r, "subscriber", "E1/G/Jo.Doe@x", "\"email\":\"jo.doe@mail.example\""));
	assert_non_null(strstr(r.findings, "info,email_from_template"));
	done(&r);
}

static void test_duplicate_email_across_enterprises_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") USR("E1", "G", "u1",
			      ",\"email\":\"x@same.example\",\"extension\":\"1\"")
			      ENT("E2") GRP("E2", "G") USR("E2", "G", "u1",
			      ",\"email\":\"X@same.example\",\"extension\":\"1\""), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_EPARTIAL);
	assert_non_null(strstr(r.findings, "duplicate_email,subscriber:E2/G/u1"));
	assert_null(strstr(r.findings, "duplicate_email,subscriber:E1/G/u1"));
	done(&r);
}

static void test_duplicate_number_across_enterprises_is_left_out(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100")
			      ENT("E2") GRP("E2", "G") NUM("E2", "G", "+16175550100")
			      NUM("E2", "G", "+16175550101"), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "duplicate_number,number:E2/G/+16175550100"));
	assert_true(entry_has(&r, "number", "E2/G", "\"phoneNumbers\":[\"+16175550101\"]"));
	done(&r);
}

static void test_duplicate_extension_in_location_is_an_error(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G")
			      USR("E1", "G", "u1", ",\"email\":\"a@e1.example\",\"extension\":\"7\"")
			      USR("E1", "G", "u2", ",\"email\":\"b@e1.example\",\"extension\":\"7\""),
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "duplicate_extension,subscriber:E1/G/u2"));
	done(&r);
}

static void test_number_missing_from_group_blocks_user(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") USR("E1", "G", "u1",
			      ",\"email\":\"a@e1.example\",\"phoneNumber\":\"+16175550199\""),
			      NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "number_not_in_group,subscriber:E1/G/u1"));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"blocked\""));
	done(&r);
}

static void test_blocked_location_blocks_its_numbers_and_users(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A")
			      "{\"kind\":\"group\",\"key\":\"E1/B\",\"enterprise\":\"E1\",\"id\":\"B\","
			      "\"name\":\"Bee\",\"timeZone\":\"Nowhere/Land\"," ADDR "}\n"
			      NUM("E1", "B", "+16175550100")
			      USR("E1", "B", "u1", ",\"email\":\"a@e1.example\",\"phoneNumber\":"
				  "\"+16175550100\""), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "timezone_not_allowed,location:E1/B"));
	assert_true(entry_has(&r, "location", "E1/B", "\"blocked\""));
	assert_true(entry_has(&r, "number", "E1/B", "\"blocked\""));
	assert_true(entry_has(&r, "subscriber", "E1/B/u1", "\"blocked\""));
	assert_false(entry_has(&r, "location", "E1/A", "\"blocked\""));
	assert_false(entry_has(&r, "customer", "E1", "\"blocked\""));
	done(&r);
}

static void test_percent_in_customer_name_blocks_everything(void **state)
{
	struct result r = run(state, "{\"kind\":\"enterprise\",\"key\":\"E1\",\"id\":\"E1\","
			      "\"name\":\"100% Co\",\"contact\":{\"email\":\"it@e1.example\"}," ADDR "}\n"
			      GRP("E1", "G") USR("E1", "G", "u1", ",\"email\":\"a@e1.example\","
			      "\"extension\":\"1\""), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "percent_in_name,customer:E1"));
	assert_true(entry_has(&r, "customer", "E1", "\"blocked\""));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"blocked\""));
	done(&r);
}

static void test_address_line_over_50_characters_is_an_error(void **state)
{
	struct result r = run(state, "{\"kind\":\"enterprise\",\"key\":\"E1\",\"id\":\"E1\","
			      "\"contact\":{\"email\":\"it@e1.example\"},\"address\":{\"addressLine1\":"
			      "\"123456789012345678901234567890123456789012345678901\",\"city\":\"X\","
			      "\"country\":\"GB\"}}\n", NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "line_over_50,customer:E1"));
	done(&r);
}

static void test_customer_packages_cover_subscribers_and_dependencies(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G")
			      USR("E1", "G", "u1", ",\"email\":\"a@e1.example\",\"extension\":\"1\"")
			      "{\"kind\":\"service\",\"key\":\"E1/G/u1#service:Receptionist - Office\","
			      "\"enterprise\":\"E1\",\"owner\":\"E1/G/u1\",\"ownerKind\":\"user\","
			      "\"name\":\"Receptionist - Office\",\"type\":\"service\"}\n", NULL, NULL, 0);
	assert_true(entry_has(&r, "customer", "E1",
			      "\"packages\":[\"webex_calling\",\"attendant_console\"]"));
	assert_non_null(strstr(r.findings, "package_dependency_added"));
	done(&r);
}

static void test_split_records_are_merged_later_fields_win(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G")
			      USR("E1", "G", "u1", ",\"email\":\"old@e1.example\",\"extension\":\"1\"")
			      USR("E1", "G", "u1", ",\"email\":\"new@e1.example\""), NULL, NULL, 0);
	assert_int_equal(r.st.subscribers, 1);
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"email\":\"new@e1.example\""));
	assert_true(entry_has(&r, "subscriber", "E1/G/u1", "\"extension\":\"1\""));
	done(&r);
}

static void test_enterprise_split_in_two_runs_is_planned_whole(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") ENT("E2") GRP("E1", "B")
			      USR("E1", "B", "u1", ",\"email\":\"a@e1.example\",\"extension\":\"1\"")
			      GRP("E2", "A"), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_int_equal(r.st.customers, 2);
	const char *c1 = entry(&r, "customer", "E1"), *b = entry(&r, "location", "E1/B");
	const char *u = entry(&r, "subscriber", "E1/B/u1"), *c2 = entry(&r, "customer", "E2");
	assert_true(c1 && b && u && c2);
	assert_true(c1 < b && b < u && u < c2);
	done(&r);
}

static void test_blank_lines_at_run_boundaries_do_not_move_records(void **state)
{
	struct result r = run(state, ENT("E1") "\n" ENT("E2") "  \n" GRP("E1", "G") "\n" GRP("E2", "H"),
			      NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	const char *c2 = entry(&r, "customer", "E2"), *g = entry(&r, "location", "E1/G");
	const char *h = entry(&r, "location", "E2/H");
	assert_true(c2 && g && h);
	assert_true(g < c2 && c2 < h);
	done(&r);
}

static void test_group_granularity_makes_one_customer_per_group(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") GRP("E1", "B"),
			      "{\"provisioningId\":\"P\",\"granularity\":\"group\"}", NULL, 0);
	assert_int_equal(r.st.customers, 2);
	assert_non_null(entry(&r, "customer", "E1/A"));
	assert_true(entry_has(&r, "customer", "E1/B", "\"externalId\":\"E1/B\""));
	done(&r);
}

static void test_batch_size_counts_customers_never_splits_one(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "A") GRP("E1", "B") ENT("E2") ENT("E3"),
			      NULL, NULL, 2);
	assert_true(entry_has(&r, "customer", "E1", "\"batch\":\"batch-0001\""));
	assert_true(entry_has(&r, "location", "E1/B", "\"batch\":\"batch-0001\""));
	assert_true(entry_has(&r, "customer", "E2", "\"batch\":\"batch-0001\""));
	assert_true(entry_has(&r, "customer", "E3", "\"batch\":\"batch-0002\""));
	done(&r);
}

static void test_waves_file_names_batches_and_flags_missing(void **state)
{
	struct result r = run(state, ENT("E1") ENT("E2"), NULL, "enterprise,wave\nE1,wave-1\n", 0);
	assert_true(entry_has(&r, "customer", "E1", "\"batch\":\"wave-1\""));
	assert_true(entry_has(&r, "customer", "E2", "\"batch\":\"unassigned\""));
	assert_non_null(strstr(r.findings, "warning,not_in_waves,customer:E2"));
	done(&r);
}

static void test_same_input_gives_same_bytes(void **state)
{
	const char *inv = ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100")
		USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":\"+16175550100\"")
		USR("E1", "G", "u2", ",\"extension\":\"5\"");
	struct result a = run(state, inv, NULL, NULL, 0), b = run(state, inv, NULL, NULL, 0);
	assert_string_equal(a.plan, b.plan);
	assert_int_equal(a.st.errors, b.st.errors);
	done(&a);
	done(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_enterprise_plans_without_errors),
		cmocka_unit_test(test_entries_come_in_dependency_order),
		cmocka_unit_test(test_user_without_email_is_an_error),
		cmocka_unit_test(test_email_template_fills_missing_email_when_enabled),
		cmocka_unit_test(test_duplicate_email_across_enterprises_is_an_error),
		cmocka_unit_test(test_duplicate_number_across_enterprises_is_left_out),
		cmocka_unit_test(test_duplicate_extension_in_location_is_an_error),
		cmocka_unit_test(test_number_missing_from_group_blocks_user),
		cmocka_unit_test(test_blocked_location_blocks_its_numbers_and_users),
		cmocka_unit_test(test_percent_in_customer_name_blocks_everything),
		cmocka_unit_test(test_address_line_over_50_characters_is_an_error),
		cmocka_unit_test(test_customer_packages_cover_subscribers_and_dependencies),
		cmocka_unit_test(test_split_records_are_merged_later_fields_win),
		cmocka_unit_test(test_enterprise_split_in_two_runs_is_planned_whole),
		cmocka_unit_test(test_blank_lines_at_run_boundaries_do_not_move_records),
		cmocka_unit_test(test_group_granularity_makes_one_customer_per_group),
		cmocka_unit_test(test_batch_size_counts_customers_never_splits_one),
		cmocka_unit_test(test_waves_file_names_batches_and_flags_missing),
		cmocka_unit_test(test_same_input_gives_same_bytes),
	};
	return cmocka_run_group_tests_name("transform plan", tests, setup, teardown);
}
