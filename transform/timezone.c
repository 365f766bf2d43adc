/*
 * timezone.c — the time-zone allow-list. BroadWorks stores IANA-style ids
 * (sometimes legacy ones such as "US/Eastern", mapped by timeZoneAliases);
 * Wholesale accepts only the zones on its list, which the partner can
 * replace with the "timeZones" section (a file name or an inline array).
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ZONEINFO "/usr/share/zoneinfo"

int tx_timezone_is_iana(const char *tz)
{
	struct stat st;
	if (stat(ZONEINFO "/zone1970.tab", &st) != 0)
		return -1;   /* no time-zone database on this machine */
	if (tz == NULL || tz[0] == '\0' || tz[0] == '/' || strstr(tz, "..") != NULL ||
	    strlen(tz) > 200)
		return 0;
	char path[256];
	snprintf(path, sizeof path, ZONEINFO "/%s", tz);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_list(struct tx_mappings *m, const cJSON *arr, const char *where,
		    struct bwm_error *err)
{
	m->tz = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *m->tz);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || strchr(it->valuestring, '/') == NULL) {
			if (cJSON_IsString(it) && strcmp(it->valuestring, "UTC") == 0) {
				m->tz[m->n_tz++] = xstrdup("UTC");
				continue;
			}
			return bwm_fail(err, BWM_EINPUT, "%s: time zone #%zu is not an IANA name "
					"like \"Europe/Paris\"", where, m->n_tz + 1);
		}
		if (tx_timezone_is_iana(it->valuestring) == 0)
			return bwm_fail(err, BWM_EINPUT, "%s: \"%s\" is not an IANA time-zone name; "
					"correct the allow-list", where, it->valuestring);
		m->tz[m->n_tz++] = xstrdup(it->valuestring);
	}
	qsort(m->tz, m->n_tz, sizeof *m->tz, str_cmp);
	return BWM_OK;
}

int tx_timezones_load(struct tx_mappings *m, const cJSON *sec, const char *file,
		      struct bwm_error *err)
{
	if (sec == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: no \"timeZones\" section; name the allow-list "
				"file (e.g. \"timezones.json\")", file);
	if (cJSON_IsArray(sec))
		return add_list(m, sec, file, err);
	if (!cJSON_IsString(sec))
		return bwm_fail(err, BWM_EINPUT, "%s: \"timeZones\" must be a file name or an array",
				file);
	const char *path = sec->valuestring;
	char *text = tx_read_file(path, err);
	if (text == NULL)
		return bwm_fail_prefix(err, "reading the time-zone list");
	cJSON *doc = cJSON_Parse(text);
	free(text);
	const cJSON *arr = cJSON_IsObject(doc) ? cJSON_GetObjectItemCaseSensitive(doc, "timeZones")
					       : doc;
	int rc;
	if (!cJSON_IsArray(arr))
		rc = bwm_fail(err, BWM_EINPUT, "%s: expected a JSON array of time-zone names or "
			      "{\"timeZones\": [...]}", path);
	else
		rc = add_list(m, arr, path, err);
	cJSON_Delete(doc);
	return rc;
}

const char *tx_timezone_check(const struct tx_mappings *m, const char *tz)
{
	if (tz == NULL || tz[0] == '\0')
		return NULL;
	const char *alias = tx_kv_get(m->tzalias, m->n_tzalias, tz);
	if (alias != NULL)
		tz = alias;
	char *const *hit = bsearch(&tz, m->tz, m->n_tz, sizeof *m->tz, str_cmp);
	return hit ? *hit : NULL;
}
