/*
 * fuzz_mappings.c — the mappings loader on any bytes.
 *
 * A partner edits mappings files by hand; whatever they hold (bad JSON,
 * wrong types, patterns pcre2 refuses, catastrophic patterns) must end in
 * an error message, never a crash. When a file loads, its rules are also
 * run over a few users so that compiled patterns are exercised.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/core.h"
#include "transform/transform.h"

static void exercise(const struct tx_mappings *m)
{
	static const char *const services[] = { "Voice Messaging User", "Call Center - Standard",
						"Shared Call Appearance", "Basic Pack" };
	struct tx_user_facts u = { 0 };
	u.services = services;
	u.n_services = 4;
	u.device_type = "Polycom VVX 411";
	u.first_name = "Lobby";
	u.last_name = "Phone";
	const char *rule;
	(void)tx_package_for(m, &u, &rule);
	(void)tx_is_common_area(m, &u);
	(void)tx_is_virtual_user(m, &u);
	char loc[6], out[128];
	(void)tx_locale_for(m, "English", "US", loc);
	(void)tx_timezone_check(m, "America/New_York");
	(void)tx_device_model(m, "Polycom VVX 411", out, sizeof out);
	int known;
	(void)tx_service_feature(m, "Call Forwarding Always", &known);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/bwm-fuzz-mappings-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	struct tx_mappings *m = NULL;
	struct bwm_error err;
	if (tx_mappings_load(&m, path, NULL, 0, &err) == BWM_OK) {
		exercise(m);
		tx_mappings_free(m);
	}
	unlink(path);
	return 0;
}
