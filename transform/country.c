/*
 * country.c — sorted string tables from the mappings (country names,
 * calling codes, time-zone aliases) and the country look-ups built on them:
 * BroadWorks writes countries as names or codes, the Wholesale API wants
 * ISO-3166 alpha-2.
 */
#include "transform/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tx_kv *)a)->k, ((const struct tx_kv *)b)->k);
}

static char *upper_dup(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return d;
}

int tx_kv_load(struct tx_kv **out, size_t *n, const cJSON *obj, int upper_keys,
	       const char *where, struct bwm_error *err)
{
	*out = NULL;
	*n = 0;
	if (obj == NULL)
		return BWM_OK;
	if (!cJSON_IsObject(obj))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"%s\" must be an object of "
				"strings", where);
	*out = xcalloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof **out);
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		if (!cJSON_IsString(it))
			return bwm_fail(err, BWM_EINPUT, "mappings: %s.\"%s\" must be a string",
					where, it->string);
		struct tx_kv *x = &(*out)[(*n)++];
		x->k = upper_keys ? upper_dup(it->string) : xstrdup(it->string);
		x->v = xstrdup(it->valuestring);
	}
	qsort(*out, *n, sizeof **out, kv_cmp);
	return BWM_OK;
}

const char *tx_kv_get(const struct tx_kv *kv, size_t n, const char *k)
{
	if (k == NULL || n == 0)
		return NULL;
	struct tx_kv key = { (char *)k, NULL };
	const struct tx_kv *hit = bsearch(&key, kv, n, sizeof *kv, kv_cmp);
	return hit ? hit->v : NULL;
}

const char *tx_country_from_name(const struct tx_mappings *m, const char *name)
{
	if (name == NULL || name[0] == '\0')
		return NULL;
	char *up = upper_dup(name);
	const char *v = tx_kv_get(m->country, m->n_country, up);
	if (v == NULL && strlen(up) == 2 && isalpha((unsigned char)up[0]) &&
	    isalpha((unsigned char)up[1])) {
		/* Already alpha-2: only if the table knows it as a value. */
		for (size_t i = 0; i < m->n_country && v == NULL; i++)
			if (strcmp(m->country[i].v, up) == 0)
				v = m->country[i].v;
	}
	free(up);
	return v;
}

const char *tx_country_from_code(const struct tx_mappings *m, const char *code,
				 const char *prefer)
{
	char cc[5];
	if (code == NULL || country_code_normalize(code, cc) != 0)
		return NULL;
	const char *v = tx_kv_get(m->ccode, m->n_ccode, cc);
	if (v == NULL)
		return NULL;
	/* "US,CA": the preferred country if listed, else the first. */
	if (prefer != NULL && strlen(prefer) == 2) {
		for (const char *p = v; *p; ) {
			size_t len = strcspn(p, ",");
			if (len == 2 && strncmp(p, prefer, 2) == 0)
				return tx_country_from_name(m, prefer);
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (strcspn(v, ",") != 2)
		return NULL;
	char first[3] = { v[0], v[1], '\0' };
	return tx_country_from_name(m, first);
}
