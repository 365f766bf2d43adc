/*
 * fuzz_zip.c — any bytes as a .zip export bundle, through the same path
 * as `bwmigrate extract bundle.zip`: the bytes are written to a temporary
 * file and handed to extract_add_path(), which checks the magic, opens it
 * with libzip, refuses unsafe entry names and streams every *.xml entry
 * through the XML reader. Output goes to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "extract/extract.h"

/* The bytes in a new temporary file named *.zip; 0, or -1 on failure. */
static int write_temp(char *path, const uint8_t *data, size_t size)
{
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	if (off != size) {
		unlink(path);
		return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/bwm-fuzz-zip-XXXXXX.zip";
	if (size == 0 || write_temp(path, data, size) != 0)
		return 0;
	FILE *out = fopen("/dev/null", "w");
	if (out != NULL) {
		/* a writer thread for every enterprise, however small */
		struct extract_opts opts = { .thread_min_records = 1 };
		struct extract_session *s = extract_open(out, &opts);
		struct bwm_error err = { BWM_OK, "" };
		int rc = extract_add_path(s, path, &err);
		if (rc == BWM_OK)
			rc = extract_finish(s, &err);
		(void)extract_stats(s);
		if (rc != BWM_OK && err.msg[0] == '\0')
			__builtin_trap();   /* a failed input always says why */
		extract_close(s);
		fclose(out);
	}
	unlink(path);
	return 0;
}
