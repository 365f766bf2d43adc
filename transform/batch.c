/*
 * batch.c — which batch (wave) each customer belongs to: from a waves CSV
 * ("enterprise id,wave name" per line; a customer key may stand in for the
 * enterprise id with group granularity) or by counting --batch-size
 * customers per batch. A customer is never split: its entries all carry the
 * customer's batch.
 */
#include "transform/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tx_kv *)a)->k, ((const struct tx_kv *)b)->k);
}

/* Trim spaces and optional double quotes around a CSV cell in place. */
static char *cell(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	if (end - s >= 2 && s[0] == '"' && end[-1] == '"') {
		end[-1] = '\0';
		s++;
	}
	return s;
}

static int parse_line(struct tx_batches *b, char *line, const char *path, long lineno,
		      size_t *cap, struct bwm_error *err)
{
	char *comma = strchr(line, ',');
	char *first = cell(line);
	if (first[0] == '\0' || first[0] == '#')
		return BWM_OK;
	if (comma == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: expected \"enterprise id,wave name\"",
				path, lineno);
	*comma = '\0';
	char *ent = cell(line), *wave = cell(comma + 1);
	if (lineno == 1 && strcmp(ent, "enterprise") == 0)
		return BWM_OK;   /* header row */
	if (ent[0] == '\0' || wave[0] == '\0' || strlen(wave) >= sizeof b->name)
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: enterprise id and wave name (under %zu "
				"characters) are both required", path, lineno, sizeof b->name);
	if (b->n_wave == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		b->wave = xrealloc(b->wave, *cap * sizeof *b->wave);
	}
	b->wave[b->n_wave].k = xstrdup(ent);
	b->wave[b->n_wave].v = xstrdup(wave);
	b->n_wave++;
	return BWM_OK;
}

int tx_batches_load(struct tx_batches *b, const char *waves, long size, struct bwm_error *err)
{
	memset(b, 0, sizeof *b);
	b->size = size;
	if (waves == NULL)
		return BWM_OK;
	FILE *fp = fopen(waves, "r");
	if (fp == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open waves file: %s", waves,
				strerror(errno));
	b->from_waves = 1;
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	long lineno = 0;
	int rc = BWM_OK;
	while (rc == BWM_OK && getline(&line, &lcap, fp) >= 0)
		rc = parse_line(b, line, waves, ++lineno, &cap, err);
	if (rc == BWM_OK && ferror(fp))
		rc = bwm_fail(err, BWM_EINPUT, "%s: read error", waves);
	free(line);
	fclose(fp);
	if (rc == BWM_OK && b->n_wave > 1) {
		qsort(b->wave, b->n_wave, sizeof *b->wave, kv_cmp);
		for (size_t i = 1; i < b->n_wave; i++)
			if (strcmp(b->wave[i - 1].k, b->wave[i].k) == 0 &&
			    strcmp(b->wave[i - 1].v, b->wave[i].v) != 0)
				rc = bwm_fail(err, BWM_EINPUT, "%s: \"%s\" is listed in two waves; a "
					      "customer belongs to one", waves, b->wave[i].k);
	}
	if (rc != BWM_OK)
		tx_batches_free(b);
	return rc;
}

const char *tx_batch_for(struct tx_batches *b, const char *ent_id, const char *cust_key)
{
	/* With a waves file, a customer it does not list has no batch (even
	 * when it lists none): numbered batches are for --batch-size only. */
	if (b->from_waves) {
		const char *w = tx_kv_get(b->wave, b->n_wave, cust_key);
		return w ? w : tx_kv_get(b->wave, b->n_wave, ent_id);
	}
	long idx = b->size > 0 ? b->count / b->size : 0;
	b->count++;
	snprintf(b->name, sizeof b->name, "batch-%04ld", idx + 1);
	return b->name;
}

void tx_batches_free(struct tx_batches *b)
{
	for (size_t i = 0; i < b->n_wave; i++) {
		free(b->wave[i].k);
		free(b->wave[i].v);
	}
	free(b->wave);
	memset(b, 0, sizeof *b);
}
