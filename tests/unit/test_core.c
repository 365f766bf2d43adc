/* test_core.c — normalisation, JSON Lines and error helpers in core/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
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

/* cJSON would end "Ann\u0000e" at the NUL: the reader refuses the line and
 * says where, instead of handing on "Ann". */
static void test_jsonl_nul_escape_is_refused_with_place(void **state)
{
	(void)state;
	char *path = write_tmp("{\"kind\":\"user\",\"key\":\"k\"}\n"
			       "{\"kind\":\"user\",\"key\":\"E/G/u\",\"firstName\":\"Ann\\u0000e\"}\n");
	struct jsonl_reader r;
	struct bwm_error err;
	cJSON *rec;
	assert_int_equal(jsonl_open(&r, path, &err), BWM_OK);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_OK);
	cJSON_Delete(rec);
	assert_int_equal(jsonl_next(&r, &rec, &err), BWM_EINPUT);
	assert_null(rec);
	char want[256];
	snprintf(want, sizeof want, "%s:2: record \"E/G/u\", member \"firstName\" holds a NUL "
		 "character", path);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "write the file again"));
	jsonl_close(&r);
	unlink(path);
	free(path);
}

static void expect_flaw(const char *text, size_t n, const char *where, const char *what)
{
	struct bwm_error err = { 0, "" };
	assert_int_equal(jsonl_check_text("inv.jsonl", 7, text, n, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "inv.jsonl:7: "));
	if (strstr(err.msg, where) == NULL || strstr(err.msg, what) == NULL)
		fail_msg("'%s' lacks '%s' or '%s'", err.msg, where, what);
}

static void test_jsonl_check_names_the_member_of_a_flaw(void **state)
{
	(void)state;
	const char *nested = "{\"kind\":\"group\",\"key\":\"E/G\",\"contact\":{\"email\":\"a@b\","
			     "\"name\":\"x\\u0000\"}}";
	expect_flaw(nested, strlen(nested), "member \"contact.name\"", "NUL character");
	const char *arr = "{\"kind\":\"user\",\"key\":\"E/G/u\",\"aliases\":[{\"a\":1},\"\\u0000\"]}";
	expect_flaw(arr, strlen(arr), "member \"aliases\"", "NUL character");
	const char *name = "{\"kind\":\"user\",\"key\":\"E/G/u\",\"fi\\u0000rst\":\"A\"}";
	expect_flaw(name, strlen(name), "record \"E/G/u\", a member name", "NUL character");
	const char raw[] = "{\"kind\":\"user\",\"key\":\"E/G/u\",\"lastName\":\"B\0C\"}";
	expect_flaw(raw, sizeof raw - 1, "member \"lastName\"", "a NUL byte at column 43");
}

static void test_jsonl_check_refuses_bytes_that_are_not_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xc3\x28",           /* a lead byte without its continuation */
		"\xc0\xaf",           /* overlong '/' */
		"\xe0\x80\xaf",       /* overlong, three bytes */
		"\xed\xa0\x80",       /* a UTF-16 surrogate */
		"\xf4\x90\x80\x80",   /* above U+10FFFF */
		"\xe9t\xe9",          /* Latin-1 */
		"\xe2\x82",           /* cut short at the end of the value */
		"\x80",               /* a lone continuation byte */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char line[128];
		snprintf(line, sizeof line, "{\"kind\":\"user\",\"key\":\"E/G/u\",\"title\":\"%s\"}",
			 bad[i]);
		expect_flaw(line, strlen(line), "member \"title\"", "not UTF-8");
	}
}

static void test_jsonl_check_accepts_utf8_and_escaped_controls(void **state)
{
	(void)state;
	/* é, €, an emoji, an escaped control character, an escaped backslash
	 * before the text u0000 (not a NUL), and \u00e9. */
	const char *good = "{\"kind\":\"user\",\"key\":\"E/G/u\",\"a\":\"caf\xc3\xa9 \xe2\x82\xac "
			   "\xf0\x9f\x98\x80\",\"b\":\"x\\u0001y\\t\",\"c\":\"\\\\u0000\","
			   "\"d\":\"\\u00e9\"}\n";
	struct bwm_error err = { 0, "" };
	assert_int_equal(jsonl_check_text("inv.jsonl", 1, good, strlen(good), &err), BWM_OK);
	cJSON *rec = cJSON_Parse(good);
	assert_string_equal(json_str(rec, "b"), "x\001y\t");
	cJSON_Delete(rec);
}

/* The clean-line check skips 8 plain ASCII bytes at a time: a flaw (NUL,
 * bad UTF-8, \u0000) at any offset of a long line is still found, and a
 * valid UTF-8 character or escape at any offset is still accepted. */
static void test_jsonl_check_finds_flaws_at_every_offset(void **state)
{
	(void)state;
	static const char *const flaws[] = { "\xff", "\xc3(", "\\u0000" };
	static const char *const fine[] = { "\xc3\xa9", "\xe2\x82\xac", "\\u00e9", "\\\"" };
	char line[128];
	for (size_t off = 0; off < 40; off++) {
		for (size_t k = 0; k < sizeof flaws / sizeof flaws[0] + sizeof fine / sizeof fine[0]; k++) {
			int bad = k < sizeof flaws / sizeof flaws[0];
			const char *ins = bad ? flaws[k] : fine[k - sizeof flaws / sizeof flaws[0]];
			int n = snprintf(line, sizeof line, "{\"kind\":\"user\",\"key\":\"%.*s%s%s\"}",
					 (int)off, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
					 ins, "tail-of-the-line-0123456789");
			struct bwm_error err = { 0, "" };
			int rc = jsonl_check_text("inv.jsonl", 1, line, (size_t)n, &err);
			if (rc != (bad ? BWM_EINPUT : BWM_OK))
				fail_msg("offset %zu, insert %zu: got %d", off, k, rc);
		}
		/* a NUL byte: the length says where the line ends, not the NUL */
		int n = snprintf(line, sizeof line, "{\"kind\":\"user\",\"key\":\"%.*sX-tail-0123456789\"}",
				 (int)off, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
		line[21 + off] = '\0';
		struct bwm_error err = { 0, "" };
		assert_int_equal(jsonl_check_text("inv.jsonl", 1, line, (size_t)n, &err), BWM_EINPUT);
	}
}

static void test_json_utf8_copy_replaces_what_is_not_utf8(void **state)
{
	(void)state;
	char *s = json_utf8_copy("caf\xe9/b\xc3\xa9.xml");
	assert_string_equal(s, "caf\xef\xbf\xbd/b\xc3\xa9.xml");
	free(s);
	s = json_utf8_copy("plain.xml");
	assert_string_equal(s, "plain.xml");
	free(s);
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

/* A whole file is read, a missing file or a folder is an error with its
 * reason in errno, and a file over the limit is refused with EFBIG. */
static void test_strbuf_read_file(void **state)
{
	(void)state;
	char path[] = "/tmp/bwm-strbuf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char big[70000];
	memset(big, 'x', sizeof big);
	assert_int_equal(write(fd, big, sizeof big), (ssize_t)sizeof big);
	close(fd);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(strbuf_read_file(&sb, path, 0), 0);
	assert_int_equal(sb.len, sizeof big);
	strbuf_reset(&sb);
	assert_int_equal(strbuf_read_file(&sb, path, sizeof big - 1), -1);
	assert_int_equal(errno, EFBIG);
	strbuf_reset(&sb);
	assert_int_equal(strbuf_read_file(&sb, path, sizeof big), 0);
	unlink(path);
	assert_int_equal(strbuf_read_file(&sb, path, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(strbuf_read_file(&sb, "/tmp", 0), -1);
	assert_int_equal(errno, EISDIR);
	strbuf_free(&sb);
}

/* strbuf_addf's own conversions and its hand-over to vsnprintf give what
 * snprintf gives. */
#define SAME_AS_SNPRINTF(...) do { \
		char want[512]; \
		snprintf(want, sizeof want, __VA_ARGS__); \
		struct strbuf sb = STRBUF_INIT; \
		strbuf_addstr(&sb, "<"); \
		strbuf_addf(&sb, __VA_ARGS__); \
		assert_string_equal(sb.buf + 1, want); \
		assert_int_equal(sb.len, strlen(want) + 1); \
		strbuf_free(&sb); \
	} while (0)

static void test_strbuf_addf_matches_snprintf(void **state)
{
	(void)state;
	const char *volatile nul = NULL;
	SAME_AS_SNPRINTF("%s:%s", "subscriber", "ENT/G/u1");
	SAME_AS_SNPRINTF("plain text, no conversion");
	SAME_AS_SNPRINTF("%s", "");
	SAME_AS_SNPRINTF("100%% of %d users, %ld lines, %zu bytes", -42, -9223372036854775807L - 1,
			 (size_t)18446744073709551615ull);
	SAME_AS_SNPRINTF("%d %d %ld %zu", 2147483647, -2147483647 - 1, 0L, (size_t)0);
	struct strbuf null_sb = STRBUF_INIT;
	strbuf_addf(&null_sb, "[%s]", nul);    /* glibc's way of printing a null string */
	assert_string_equal(null_sb.buf, "[(null)]");
	strbuf_free(&null_sb);
	/* a conversion of its own hands the rest, with the arguments not yet
	 * taken, to vsnprintf */
	SAME_AS_SNPRINTF("%s#%05d then %s and %.3s %x %c%s", "key", 7, "more", "abcdef", 255, 'z',
			 "end");
	SAME_AS_SNPRINTF("%s:%ld: %s is %-8s| %s", "inventory.jsonl", 123456L, "field", "left",
			 "a message long enough to need more than the first sixty-four bytes of room");
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
		cmocka_unit_test(test_strbuf_read_file),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_country_code),
		cmocka_unit_test(test_jsonl_reads_records_and_counts_lines),
		cmocka_unit_test(test_jsonl_bad_line_names_file_and_line),
		cmocka_unit_test(test_jsonl_record_without_key_is_refused),
		cmocka_unit_test(test_jsonl_nul_escape_is_refused_with_place),
		cmocka_unit_test(test_jsonl_check_names_the_member_of_a_flaw),
		cmocka_unit_test(test_jsonl_check_refuses_bytes_that_are_not_utf8),
		cmocka_unit_test(test_jsonl_check_accepts_utf8_and_escaped_controls),
		cmocka_unit_test(test_jsonl_check_finds_flaws_at_every_offset),
		cmocka_unit_test(test_json_utf8_copy_replaces_what_is_not_utf8),
		cmocka_unit_test(test_error_prefix_keeps_message),
		cmocka_unit_test(test_strbuf_addf_matches_snprintf),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
