/* test_core.c — normalisation, JSON Lines and error helpers in core/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

static void test_e164_from_national_and_country_code(void **state)
{
	(void)state;
	char out[E164_MAX];
	assert_int_equal(e164_normalize("6175551212", "1", out), 0);
	assert_string_equal(out, "+16175551212");
	assert_int_equal(e164_normalize("020 7946 0958", "44", out), 0);
	assert_string_equal(out, "+442079460958");
}

static void test_e164_from_dashed_international(void **state)
{
	(void)state;
	char out[E164_MAX];
	assert_int_equal(e164_normalize("+1-6175551212", NULL, out), 0);
	assert_string_equal(out, "+16175551212");
	assert_int_equal(e164_normalize("+1 (617) 555-1212", "44", out), 0);
	assert_string_equal(out, "+16175551212");
}

static void test_e164_nanp_number_with_leading_one_is_not_doubled(void **state)
{
	(void)state;
	char out[E164_MAX];
	assert_int_equal(e164_normalize("16175551212", "1", out), 0);
	assert_string_equal(out, "+16175551212");
}

static void test_e164_rejects_garbage(void **state)
{
	(void)state;
	char out[E164_MAX];
	assert_int_equal(e164_normalize("6175551212", NULL, out), -1);  /* no country */
	assert_int_equal(e164_normalize("617x551212", "1", out), -1);
	assert_int_equal(e164_normalize("+1234567890123456", NULL, out), -1); /* 16 digits */
	assert_int_equal(e164_normalize("", "1", out), -1);
	assert_int_equal(e164_normalize("+", NULL, out), -1);
}

static void test_dn_range_is_parsed_inclusive(void **state)
{
	(void)state;
	char lo[E164_MAX], hi[E164_MAX];
	uint64_t n = 0;
	assert_int_equal(dn_range_parse("+1-5551231207 - +1-5551231210", NULL, lo, hi, &n), 0);
	assert_string_equal(lo, "+15551231207");
	assert_string_equal(hi, "+15551231210");
	assert_int_equal(n, 4);
	assert_int_equal(dn_range_parse("+1-5551231207", NULL, lo, hi, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hi, "+15551231207");
}

static void test_dn_range_refuses_reversed_and_huge(void **state)
{
	(void)state;
	char lo[E164_MAX], hi[E164_MAX];
	uint64_t n;
	assert_int_equal(dn_range_parse("+1-5551231210 - +1-5551231207", NULL, lo, hi, &n), -1);
	assert_int_equal(dn_range_parse("+1-5550000000 - +1-5559999999", NULL, lo, hi, &n), -1);
	assert_int_equal(dn_range_parse("+1-555123 - +1-5551231210", NULL, lo, hi, &n), -1);
}

static void test_e164_offset_carries(void **state)
{
	(void)state;
	char out[E164_MAX];
	assert_int_equal(e164_offset("+15551231299", 3, out), 0);
	assert_string_equal(out, "+15551231302");
	assert_int_equal(e164_offset("+99999999999", 1, out), -1);
}

static void test_mac_forms(void **state)
{
	(void)state;
	char out[MAC_LEN];
	assert_int_equal(mac_normalize("aa:bb:cc:11:22:33", out), 0);
	assert_string_equal(out, "AABBCC112233");
	assert_int_equal(mac_normalize("aabb.cc11.2233", out), 0);
	assert_string_equal(out, "AABBCC112233");
	assert_int_equal(mac_normalize("aabbcc11223", out), -1);
	assert_int_equal(mac_normalize("aabbcc1122334", out), -1);
	assert_int_equal(mac_normalize("gabbcc112233", out), -1);
}

static void test_email(void **state)
{
	(void)state;
	assert_true(email_valid("jdoe@example.com"));
	assert_true(email_valid("first.last+tag@sub.example.co.uk"));
	assert_false(email_valid("jdoe"));
	assert_false(email_valid("jdoe@localhost"));
	assert_false(email_valid("j doe@example.com"));
	assert_false(email_valid("jdoe@@example.com"));
	assert_false(email_valid(""));
	assert_false(email_valid(NULL));
}

static void test_country_code(void **state)
{
	(void)state;
	char cc[5];
	assert_int_equal(country_code_normalize("+44", cc), 0);
	assert_string_equal(cc, "44");
	assert_int_equal(country_code_normalize("1234", cc), -1);
	assert_int_equal(country_code_normalize("x", cc), -1);
}

static char *write_tmp(const char *text)
{
	char *path = xstrdup("/tmp/bwm-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_jsonl_reads_records_and_counts_lines(void **state)
{
	(void)state;
	char *path = write_tmp("{\"kind\":\"user\",\"key\":\"E/G/u\"}\n\n{\"kind\":\"group\",\"key\":\"E/G\"}");
	struct jsonl_reader r;
	struct bwm_error err;
	cJSON *rec;
	assert_int_equal(jsonl_open(&r, path, &err), BWM_OK);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_OK);
	assert_string_equal(json_str(rec, "key"), "E/G/u");
	cJSON_Delete(rec);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_OK);
	assert_non_null(rec);
	assert_int_equal(r.line, 3);
	cJSON_Delete(rec);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_OK);
	assert_null(rec);
	jsonl_close(&r);
	unlink(path);
	free(path);
}

static void test_jsonl_bad_line_names_file_and_line(void **state)
{
	(void)state;
	char *path = write_tmp("{\"kind\":\"user\",\"key\":\"k\"}\n{\"kind\": oops}\n");
	struct jsonl_reader r;
	struct bwm_error err;
	cJSON *rec;
	assert_int_equal(jsonl_open(&r, path, &err), BWM_OK);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_OK);
	cJSON_Delete(rec);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_EINPUT);
	char want[256];
	snprintf(want, sizeof want, "%s:2:", path);
	assert_non_null(strstr(err.msg, want));
	jsonl_close(&r);
	unlink(path);
	free(path);
}

static void test_jsonl_record_without_key_is_refused(void **state)
{
	(void)state;
	char *path = write_tmp("{\"kind\":\"user\"}\n");
	struct jsonl_reader r;
	struct bwm_error err;
	cJSON *rec;
	assert_int_equal(jsonl_open(&r, path, &err), BWM_OK);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "\"key\""));
	jsonl_close(&r);
	unlink(path);
	free(path);
}

static void test_error_prefix_keeps_message(void **state)
{
	(void)state;
	struct bwm_error err;
	bwm_error_clear(&err);
	assert_int_equal(bwm_fail(&err, BWM_EINPUT, "line %d bad", 7), BWM_EINPUT);
	bwm_fail_prefix(&err, "reading %s", "x.xml");
	assert_string_equal(err.msg, "reading x.xml: line 7 bad");
	assert_int_equal(err.status, BWM_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e164_from_national_and_country_code),
		cmocka_unit_test(test_e164_from_dashed_international),
		cmocka_unit_test(test_e164_nanp_number_with_leading_one_is_not_doubled),
		cmocka_unit_test(test_e164_rejects_garbage),
		cmocka_unit_test(test_dn_range_is_parsed_inclusive),
		cmocka_unit_test(test_dn_range_refuses_reversed_and_huge),
		cmocka_unit_test(test_e164_offset_carries),
		cmocka_unit_test(test_mac_forms),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_country_code),
		cmocka_unit_test(test_jsonl_reads_records_and_counts_lines),
		cmocka_unit_test(test_jsonl_bad_line_names_file_and_line),
		cmocka_unit_test(test_jsonl_record_without_key_is_refused),
		cmocka_unit_test(test_error_prefix_keeps_message),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
