/*
 * extract_harness.h — what the extract unit tests share: OCI-P documents
 * written inline as C string literals, an extract run over one of them,
 * and the record of a key in the inventory it wrote.
 */
#ifndef BWM_TESTS_EXTRACT_HARNESS_H
#define BWM_TESTS_EXTRACT_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "extract/extract.h"

#define ENV_OPEN "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
#define DOC(cmds) ENV_OPEN cmds "</BroadsoftDocument>"
#define REQ(type, body) "<command xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define RSP(type, body) "<command echo=\"\" xsi:type=\"" type "\" xmlns=\"\">" body "</command>"
#define WRAP(x) "<Export>" x "</Export>"

/* Extract xml (as the file f.xml); return the inventory text (caller frees). */
static inline char *extract_text(const char *xml, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct extract_session *s = extract_open(fp, NULL);
	struct bwm_error err = { 0, "" };
	*rc = extract_add_memory(s, "f.xml", xml, strlen(xml), &err);
	if (*rc == BWM_OK)
		*rc = extract_finish(s, &err);
	extract_close(s);
	fclose(fp);
	return out;
}

/* The line of the record with key, as an object (caller deletes). */
static inline cJSON *record(const char *out, const char *key)
{
	for (const char *p = out; p != NULL && *p;) {
		const char *nl = strchr(p, '\n');
		cJSON *o = cJSON_ParseWithLength(p, nl ? (size_t)(nl - p) : strlen(p));
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(o, "key");
		if (cJSON_IsString(k) && strcmp(k->valuestring, key) == 0)
			return o;
		cJSON_Delete(o);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

#endif
