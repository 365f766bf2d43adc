/* test_core_sha256.c — SHA-256 against the FIPS 180-4 / NIST example
 * digests, across block boundaries, and of a file. */
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

static void digest(const char *msg, char out[65])
{
	struct sha256 c;
	sha256_init(&c);
	sha256_update(&c, msg, strlen(msg));
	sha256_hex(&c, out);
}

static void test_known_digests(void **state)
{
	(void)state;
	char h[65];
	digest("", h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the length no longer fits in the first padded block */
	digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_pieces_give_the_same_digest(void **state)
{
	(void)state;
	char a[65], b[65];
	char msg[1000];
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (char)('a' + i % 26);
	struct sha256 c;
	sha256_init(&c);
	sha256_update(&c, msg, sizeof msg);
	sha256_hex(&c, a);
	sha256_init(&c);
	for (size_t i = 0; i < sizeof msg; i += 7)
		sha256_update(&c, msg + i, sizeof msg - i < 7 ? sizeof msg - i : 7);
	sha256_hex(&c, b);
	assert_string_equal(a, b);
}

/* Both ways of hashing blocks (the portable rounds and, where the
 * processor has them, the SHA extensions) give the same digests, for
 * every length around the block and buffer boundaries. */
static void test_portable_and_x86_agree(void **state)
{
	(void)state;
	unsigned char msg[300];
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)(i * 131 + 7);
	struct sha256 c;
	sha256_init(&c);
	c.x86 = 0;
	sha256_update(&c, "abc", 3);
	char h[65];
	sha256_hex(&c, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	if (!sha256_x86_available()) {
		print_message("# skipped: no SHA extensions on this processor\n");
		return;
	}
	for (size_t len = 0; len <= sizeof msg; len++) {
		char a[65], b[65];
		sha256_init(&c);
		c.x86 = 0;
		sha256_update(&c, msg, len);
		sha256_hex(&c, a);
		sha256_init(&c);
		assert_true(c.x86);
		sha256_update(&c, msg, len / 3);
		sha256_update(&c, msg + len / 3, len - len / 3);
		sha256_hex(&c, b);
		assert_string_equal(a, b);
	}
}

static void test_file_digest_and_missing_file(void **state)
{
	(void)state;
	char path[] = "/tmp/bwm-sha-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	char h[65];
	struct bwm_error err = { 0 };
	assert_int_equal(sha256_file(path, h, &err), BWM_OK);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	assert_int_equal(sha256_file(path, h, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_digests),
		cmocka_unit_test(test_pieces_give_the_same_digest),
		cmocka_unit_test(test_portable_and_x86_agree),
		cmocka_unit_test(test_file_digest_and_missing_file),
	};
	return cmocka_run_group_tests_name("core_sha256", tests, NULL, NULL);
}
