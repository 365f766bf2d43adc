/*
 * test_sandbox_tls.c — the sandbox's TLS options (sandbox/tls.c) at the
 * library level: both files or neither, readable PEM only, and the scheme
 * the sandbox reports. Serving HTTPS end to end (with a certificate made by
 * openssl) is tests/e2e/security_tls.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sandbox/sandbox.h"

/* A scratch file holding text; the path is written into path[64]. */
static void scratch(char path[64], const char *text)
{
	snprintf(path, 64, "/tmp/bwm-tls-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int start(const char *cert, const char *key, struct sandbox **sb,
		 struct bwm_error *err)
{
	struct sandbox_config cfg;
	sandbox_config_init(&cfg);
	cfg.token = "unit-test-token";
	cfg.tls_cert_path = cert;
	cfg.tls_key_path = key;
	bwm_error_clear(err);
	return sandbox_start(&cfg, sb, err);
}

static void test_without_tls_the_sandbox_speaks_http(void **state)
{
	(void)state;
	struct sandbox *sb = NULL;
	struct bwm_error err;
	assert_int_equal(start(NULL, NULL, &sb, &err), BWM_OK);
	assert_string_equal(sandbox_scheme(sb), "http");
	sandbox_stop(sb);
}

static void test_a_certificate_without_a_key_is_a_usage_error(void **state)
{
	(void)state;
	char cert[64];
	scratch(cert, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
	struct sandbox *sb = NULL;
	struct bwm_error err;
	assert_int_equal(start(cert, NULL, &sb, &err), BWM_EUSAGE);
	assert_null(sb);
	assert_non_null(strstr(err.msg, "--tls-key"));
	remove(cert);
}

static void test_a_missing_certificate_file_is_unreadable_input(void **state)
{
	(void)state;
	struct sandbox *sb = NULL;
	struct bwm_error err;
	assert_int_equal(start("/nonexistent/cert.pem", "/nonexistent/key.pem", &sb, &err),
			 BWM_EINPUT);
	assert_non_null(strstr(err.msg, "/nonexistent/cert.pem"));
}

static void test_a_file_that_is_not_pem_is_refused_by_name(void **state)
{
	(void)state;
	char cert[64], key[64];
	scratch(cert, "{\"not\": \"a certificate\"}\n");
	scratch(key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
	struct sandbox *sb = NULL;
	struct bwm_error err;
	assert_int_equal(start(cert, key, &sb, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, cert));
	assert_non_null(strstr(err.msg, "not PEM"));
	remove(cert);
	remove(key);
}

static void test_pem_that_gnutls_rejects_fails_to_start(void **state)
{
	(void)state;
	char cert[64], key[64];
	scratch(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	scratch(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
	struct sandbox *sb = NULL;
	struct bwm_error err;
	assert_int_equal(start(cert, key, &sb, &err), BWM_EINPUT);
	assert_null(sb);
	assert_non_null(strstr(err.msg, "cannot serve HTTPS"));
	remove(cert);
	remove(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_without_tls_the_sandbox_speaks_http),
		cmocka_unit_test(test_a_certificate_without_a_key_is_a_usage_error),
		cmocka_unit_test(test_a_missing_certificate_file_is_unreadable_input),
		cmocka_unit_test(test_a_file_that_is_not_pem_is_refused_by_name),
		cmocka_unit_test(test_pem_that_gnutls_rejects_fails_to_start),
	};
	return cmocka_run_group_tests_name("sandbox_tls", tests, NULL, NULL);
}
