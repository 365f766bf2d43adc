/* test_core_digest.c — SHA-1 and MD5 against the FIPS 180 and RFC 1321
 * test vectors, across the 56-byte padding boundary. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/core.h"

static void test_sha1_vectors(void **state)
{
	(void)state;
	char h[41];
	sha1_hex("", 0, h);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1_hex("abc", 3, h);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_hex(two, strlen(two), h);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_md5_vectors(void **state)
{
	(void)state;
	char h[33];
	md5_hex("", 0, h);
	assert_string_equal(h, "d41d8cd98f00b204e9800998ecf8427e");
	md5_hex("abc", 3, h);
	assert_string_equal(h, "900150983cd24fb0d6963f7d28e17f72");
	md5_hex("message digest", 14, h);
	assert_string_equal(h, "f96b697d7cb7938d525a2f31aaf161d0");
	const char *num = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
	md5_hex(num, strlen(num), h);
	assert_string_equal(h, "57edf4a22be3c955ac49da2e2107b67a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_vectors),
		cmocka_unit_test(test_md5_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
