/* test_transform_rules.c — the mapping rules of mappings/default.json and
 * how -m files extend them: packages, recognition, locales, time zones,
 * countries, devices, services, package dependencies. */
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

#define DEFAULT "mappings/default.json"

static int setup(void **state)
{
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	if (tx_mappings_load(&m, DEFAULT, NULL, 0, &err) != BWM_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	tx_mappings_free(*state);
	return 0;
}

/* A user with the given services and packs, nothing else. */
static struct tx_user_facts user(const char *const *svc, size_t n_svc,
				 const char *const *packs, size_t n_packs)
{
	struct tx_user_facts f = { 0 };
	f.services = svc;
	f.n_services = n_svc;
	f.packs = packs;
	f.n_packs = n_packs;
	f.user_id = "u1";
	f.first_name = "Ann";
	f.last_name = "Lee";
	return f;
}

static void test_user_without_special_services_gets_webex_calling(void **state)
{
	const char *svc[] = { "Voice Messaging User", "Call Waiting" };
	struct tx_user_facts f = user(svc, 2, NULL, 0);
	assert_string_equal(tx_package_for(*state, &f, NULL), "webex_calling");
}

static void test_call_center_agent_gets_cx_essentials(void **state)
{
	struct tx_user_facts f = user(NULL, 0, NULL, 0);
	f.agent = 1;
	assert_string_equal(tx_package_for(*state, &f, NULL), "cx_essentials");
}

static void test_first_matching_package_rule_wins(void **state)
{
	const char *packs[] = { "Premium Suite Pack" };
	struct tx_user_facts f = user(NULL, 0, packs, 1);
	assert_string_equal(tx_package_for(*state, &f, NULL), "webex_suite");
	f.agent = 1;   /* the agent rule comes first */
	const char *rule = NULL;
	assert_string_equal(tx_package_for(*state, &f, &rule), "cx_essentials");
	assert_string_equal(rule, "call-center agent");
}

static void test_receptionist_gets_attendant_console(void **state)
{
	const char *svc[] = { "Receptionist - Small Business" };
	struct tx_user_facts f = user(svc, 1, NULL, 0);
	assert_string_equal(tx_package_for(*state, &f, NULL), "attendant_console");
}

static void test_meetings_only_pack_gets_webex_meetings(void **state)
{
	const char *packs[] = { "Meetings Only" };
	struct tx_user_facts f = user(NULL, 0, packs, 1);
	assert_string_equal(tx_package_for(*state, &f, NULL), "webex_meetings");
}

static void test_place_is_common_area_not_subscriber(void **state)
{
	struct tx_user_facts f = user(NULL, 0, NULL, 0);
	assert_false(tx_is_common_area(*state, &f));
	f.is_place = 1;
	assert_true(tx_is_common_area(*state, &f));
}

static void test_voice_portal_user_is_virtual(void **state)
{
	struct tx_user_facts f = user(NULL, 0, NULL, 0);
	f.user_id = "voiceportal_acme@acme.example";
	assert_true(tx_is_virtual_user(*state, &f));
	f.user_id = "alice@acme.example";
	assert_false(tx_is_virtual_user(*state, &f));
}

static void test_language_with_country_gives_country_locale(void **state)
{
	char loc[6];
	assert_int_equal(tx_locale_for(*state, "English", "GB", loc), 0);
	assert_string_equal(loc, "en_GB");
	assert_int_equal(tx_locale_for(*state, "Français", "CA", loc), 0);
	assert_string_equal(loc, "fr_CA");
}

static void test_language_falls_back_to_its_default_locale(void **state)
{
	char loc[6];
	assert_int_equal(tx_locale_for(*state, "English", "DE", loc), 0);
	assert_string_equal(loc, "en_US");
	assert_int_equal(tx_locale_for(*state, "French", "BE", loc), 0);
	assert_string_equal(loc, "fr_FR");
	assert_int_equal(tx_locale_for(*state, "es", NULL, loc), 0);
	assert_string_equal(loc, "es_ES");
}

static void test_explicit_language_variant_wins_over_country(void **state)
{
	char loc[6];
	assert_int_equal(tx_locale_for(*state, "English (UK)", "US", loc), 0);
	assert_string_equal(loc, "en_GB");
	assert_int_equal(tx_locale_for(*state, "pt-br", "PT", loc), 0);
	assert_string_equal(loc, "pt_BR");
}

static void test_unknown_language_is_not_mapped(void **state)
{
	char loc[6];
	assert_int_equal(tx_locale_for(*state, "Klingon", "US", loc), -1);
	assert_int_equal(tx_locale_for(*state, "xx", "US", loc), -1);
}

static void test_only_the_29_locales_are_supported(void **state)
{
	(void)state;
	assert_true(tx_locale_supported("es_CO"));
	assert_true(tx_locale_supported("zh_tw"));
	assert_false(tx_locale_supported("en_IE"));
	assert_false(tx_locale_supported("de_AT"));
}

static void test_time_zone_on_allow_list_is_accepted(void **state)
{
	assert_string_equal(tx_timezone_check(*state, "America/New_York"), "America/New_York");
}

static void test_legacy_time_zone_is_aliased(void **state)
{
	assert_string_equal(tx_timezone_check(*state, "US/Eastern"), "America/New_York");
}

static void test_unknown_time_zone_is_rejected(void **state)
{
	assert_null(tx_timezone_check(*state, "Mars/Olympus_Mons"));
	assert_null(tx_timezone_check(*state, ""));
}

static void test_country_names_and_codes_become_alpha2(void **state)
{
	assert_string_equal(tx_country_from_name(*state, "United States"), "US");
	assert_string_equal(tx_country_from_name(*state, "gb"), "GB");
	assert_string_equal(tx_country_from_name(*state, "Deutschland"), "DE");
	assert_null(tx_country_from_name(*state, "Narnia"));
}

static void test_calling_code_prefers_the_partner_country(void **state)
{
	assert_string_equal(tx_country_from_code(*state, "1", NULL), "US");
	assert_string_equal(tx_country_from_code(*state, "+1", "CA"), "CA");
	assert_string_equal(tx_country_from_code(*state, "44", "CA"), "GB");
	assert_null(tx_country_from_code(*state, "999", NULL));
}

static void test_cisco_device_type_maps_to_dms_model(void **state)
{
	char model[64];
	assert_int_equal(tx_device_model(*state, "Cisco 8851", model, sizeof model), 1);
	assert_string_equal(model, "DMS Cisco 8851");
	assert_int_equal(tx_device_model(*state, "Cisco-9861", model, sizeof model), 1);
	assert_string_equal(model, "Cisco 9861");
}

static void test_unknown_device_type_is_unsupported(void **state)
{
	char model[64];
	assert_int_equal(tx_device_model(*state, "Polycom SoundPoint IP 550", model,
					 sizeof model), 0);
	assert_int_equal(tx_device_model(*state, NULL, model, sizeof model), 0);
}

static void test_service_maps_to_webex_feature(void **state)
{
	int known;
	assert_string_equal(tx_service_feature(*state, "Voice Messaging User", &known), "Voicemail");
	assert_true(known);
}

static void test_service_without_equivalent_is_not_migrated(void **state)
{
	int known;
	assert_null(tx_service_feature(*state, "Malicious Call Trace", &known));
	assert_true(known);
	assert_null(tx_service_feature(*state, "Some Custom Service", &known));
	assert_false(known);
}

/* Answers are remembered per service name (memo.c): asking again, in any
 * order, gives each name its own answer, "known" included. */
static void test_service_answers_are_remembered_per_name(void **state)
{
	static const char *const names[] = { "Voice Messaging User", "Malicious Call Trace",
					     "Some Custom Service", "Voice Messaging User Video" };
	const char *first[4];
	int known_first[4];
	for (int i = 0; i < 4; i++)
		first[i] = tx_service_feature(*state, names[i], &known_first[i]);
	for (int round = 0; round < 2; round++) {
		for (int i = 3; i >= 0; i--) {
			int known;
			const char *v = tx_service_feature(*state, names[i], &known);
			assert_ptr_equal(v, first[i]);
			assert_int_equal(known, known_first[i]);
		}
	}
	assert_string_equal(first[0], "Voicemail");
	assert_null(first[1]);
	assert_true(known_first[1]);
	assert_false(known_first[2]);
	int known = 1;
	assert_null(tx_service_feature(*state, NULL, &known));
	assert_false(known);
}

static void test_attendant_console_alone_needs_a_base_package(void **state)
{
	const char *alone[] = { "attendant_console" };
	const char *with[] = { "webex_suite", "attendant_console" };
	const char *add = NULL;
	assert_string_equal(tx_package_unmet(*state, alone, 1, &add), "attendant_console");
	assert_string_equal(add, "webex_calling");
	assert_null(tx_package_unmet(*state, with, 2, &add));
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/bwm-rules-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_user_file_section_replaces_the_default(void **state)
{
	(void)state;
	char *p = write_tmp("{\"packages\": [{\"name\": \"all suite\", \"package\": \"webex_suite\"}]}");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_OK);
	struct tx_user_facts f = user(NULL, 0, NULL, 0);
	f.agent = 1;
	assert_string_equal(tx_package_for(m, &f, NULL), "webex_suite");
	tx_mappings_free(m);
	unlink(p);
	free(p);
}

static void test_plus_section_puts_rules_in_front(void **state)
{
	(void)state;
	char *p = write_tmp("{\"devices+\": [{\"match\": \"^Polycom\", \"model\": \"DMS Polycom X\"}]}");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	char model[64];
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_OK);
	assert_int_equal(tx_device_model(m, "Polycom VVX 400", model, sizeof model), 1);
	assert_string_equal(model, "DMS Polycom X");
	assert_int_equal(tx_device_model(m, "Cisco 8851", model, sizeof model), 1);
	tx_mappings_free(m);
	unlink(p);
	free(p);
}

/* text, loaded as a -m file, must be refused with a message (in err)
 * that names the file. */
static void expect_refused(const char *text, struct bwm_error *err)
{
	char *p = write_tmp(text);
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, err), BWM_EINPUT);
	assert_null(m);
	assert_non_null(strstr(err->msg, p));
	unlink(p);
	free(p);
}

static void test_bad_pattern_names_file_and_rule(void **state)
{
	(void)state;
	struct bwm_error err = { 0 };
	expect_refused("{\"services+\": [{\"match\": \"(unclosed\", \"feature\": \"x\"}]}", &err);
	assert_non_null(strstr(err.msg, "services+[0]"));
}

static void test_unknown_section_is_an_error(void **state)
{
	(void)state;
	/* a misspelt section would otherwise change nothing, silently */
	struct bwm_error err = { 0 };
	expect_refused("{\"comment\": \"mine\", \"_note\": 1, "
		       "\"packges\": [{\"package\": \"webex_voice\"}]}", &err);
	assert_non_null(strstr(err.msg, "unknown section \"packges\""));
	assert_non_null(strstr(err.msg, "packages, commonArea"));
	/* notes and the prepend form of a known section load */
	struct tx_mappings *m = NULL;
	char *p = write_tmp("{\"comment\": \"mine\", \"_note\": 1, "
		      "\"devices+\": [{\"match\": \"^X$\", \"model\": \"unsupported\"}]}");
	const char *extra[] = { p };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_OK);
	tx_mappings_free(m);
	unlink(p);
	free(p);
	expect_refused("{\"services++\": []}", &err);
	assert_non_null(strstr(err.msg, "unknown section \"services++\""));
}

static void test_json_syntax_error_names_line_and_column(void **state)
{
	(void)state;
	char *p = write_tmp("{\n  \"packages\": [\n    {\"package\": }\n  ]\n}\n");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_EINPUT);
	char want[300];
	snprintf(want, sizeof want, "%s:3:", p);
	assert_non_null(strstr(err.msg, want));
	unlink(p);
	free(p);
}

static void test_partner_can_replace_the_time_zone_list(void **state)
{
	(void)state;
	char *p = write_tmp("{\"timeZones\": [\"Europe/Paris\"]}");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_OK);
	assert_non_null(tx_timezone_check(m, "Europe/Paris"));
	assert_null(tx_timezone_check(m, "America/New_York"));
	tx_mappings_free(m);
	unlink(p);
	free(p);
}

static void test_allow_list_entry_that_is_not_iana_is_refused(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/zone1970.tab", R_OK) != 0)
		skip();   /* no time-zone database to check against */
	char *p = write_tmp("{\"timeZones\": [\"Europe/Paris\", \"Europe/Atlantis\"]}");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "Europe/Atlantis"));
	unlink(p);
	free(p);
}

static void test_package_rule_with_unknown_package_is_refused(void **state)
{
	(void)state;
	char *p = write_tmp("{\"packages\": [{\"package\": \"webex_gold\"}]}");
	const char *extra[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, DEFAULT, extra, 1, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "packages[0]"));
	unlink(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_without_special_services_gets_webex_calling),
		cmocka_unit_test(test_call_center_agent_gets_cx_essentials),
		cmocka_unit_test(test_first_matching_package_rule_wins),
		cmocka_unit_test(test_receptionist_gets_attendant_console),
		cmocka_unit_test(test_meetings_only_pack_gets_webex_meetings),
		cmocka_unit_test(test_place_is_common_area_not_subscriber),
		cmocka_unit_test(test_voice_portal_user_is_virtual),
		cmocka_unit_test(test_language_with_country_gives_country_locale),
		cmocka_unit_test(test_language_falls_back_to_its_default_locale),
		cmocka_unit_test(test_explicit_language_variant_wins_over_country),
		cmocka_unit_test(test_unknown_language_is_not_mapped),
		cmocka_unit_test(test_only_the_29_locales_are_supported),
		cmocka_unit_test(test_time_zone_on_allow_list_is_accepted),
		cmocka_unit_test(test_legacy_time_zone_is_aliased),
		cmocka_unit_test(test_unknown_time_zone_is_rejected),
		cmocka_unit_test(test_country_names_and_codes_become_alpha2),
		cmocka_unit_test(test_calling_code_prefers_the_partner_country),
		cmocka_unit_test(test_cisco_device_type_maps_to_dms_model),
		cmocka_unit_test(test_unknown_device_type_is_unsupported),
		cmocka_unit_test(test_service_maps_to_webex_feature),
		cmocka_unit_test(test_service_without_equivalent_is_not_migrated),
		cmocka_unit_test(test_service_answers_are_remembered_per_name),
		cmocka_unit_test(test_attendant_console_alone_needs_a_base_package),
		cmocka_unit_test(test_user_file_section_replaces_the_default),
		cmocka_unit_test(test_plus_section_puts_rules_in_front),
		cmocka_unit_test(test_bad_pattern_names_file_and_rule),
		cmocka_unit_test(test_unknown_section_is_an_error),
		cmocka_unit_test(test_json_syntax_error_names_line_and_column),
		cmocka_unit_test(test_partner_can_replace_the_time_zone_list),
		cmocka_unit_test(test_allow_list_entry_that_is_not_iana_is_refused),
		cmocka_unit_test(test_package_rule_with_unknown_package_is_refused),
	};
	return cmocka_run_group_tests_name("transform rules", tests, setup, teardown);
}
