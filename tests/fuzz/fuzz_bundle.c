/*
 * fuzz_bundle.c — any bytes as one OCI-P export bundle (an XML file), read
 * by the extract stage exactly as `bwmigrate extract` reads a file: the
 * streaming reader, request/response pairing, every family handler, the
 * per-enterprise merge buffer and the JSON Lines writer (to /dev/null).
 *
 * The input is split in two at the first form feed (if any) and read as
 * two files of one session, so that pairing across files and enterprise
 * changes between inputs are exercised too. A hostile or malformed bundle
 * must end in BWM_EINPUT with a message, never in a crash, a leak or UB.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "extract/extract.h"

static void read_all(const uint8_t *data, size_t size)
{
	FILE *out = fopen("/dev/null", "w");
	if (out == NULL)
		return;
	/* a writer thread for every enterprise, however small */
	struct extract_opts opts = { .thread_min_records = 1 };
	struct extract_session *s = extract_open(out, &opts);
	struct bwm_error err = { BWM_OK, "" };
	const uint8_t *ff = memchr(data, '\f', size);
	size_t first = ff != NULL ? (size_t)(ff - data) : size;
	int rc = extract_add_memory(s, "fuzz-1.xml", data, first, &err);
	if (rc == BWM_OK && ff != NULL)
		rc = extract_add_memory(s, "fuzz-2.xml", ff + 1, size - first - 1, &err);
	if (rc == BWM_OK)
		rc = extract_finish(s, &err);
	const struct extract_stats *st = extract_stats(s);
	/* a failed input always says why */
	if (rc != BWM_OK && err.msg[0] == '\0')
		__builtin_trap();
	(void)st;
	extract_close(s);
	fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	read_all(data, size);
	return 0;
}
