/*
 * fuzz_jsonl.c — the JSON Lines reader and the record accessors on any bytes.
 * Every stage reads its input through jsonl_next(); it must report bad lines,
 * never crash, whatever the file holds.
 */
#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (fp == NULL)
		return 0;
	struct jsonl_reader r = { 0 };
	r.fp = fp;
	r.path = xstrdup("fuzz");
	struct bwm_error err;
	cJSON *rec;
	while (jsonl_next(&r, &rec, &err) == BWM_OK && rec != NULL) {
		char out[E164_MAX], mac[MAC_LEN];
		const char *num = json_str(rec, "number");
		if (num != NULL)
			(void)e164_normalize(num, json_str(rec, "countryCode"), out);
		const char *m = json_str(rec, "mac");
		if (m != NULL)
			(void)mac_normalize(m, mac);
		(void)email_valid(json_str(rec, "email"));
		cJSON_Delete(rec);
	}
	fclose(fp);
	r.fp = NULL;
	jsonl_close(&r);
	return 0;
}
