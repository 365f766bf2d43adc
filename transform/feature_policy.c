/*
 * feature_policy.c — the "featurePolicies" mappings section: the choices
 * a migration engineer can override with -m for call features (how
 * seconds become rings, which hunt policies exist, what happens to
 * Premium call centers, custom announcements and skill-based queues with
 * a policy Webex does not route by skill). Defaults are in
 * mappings/default.json; docs/cookbook.md shows overrides.
 */
#include "transform/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int num_in(const cJSON *sec, const char *name, double lo, double hi, double *out,
		  struct bwm_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(sec, name);
	if (v == NULL)
		return BWM_OK;
	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi)
		return bwm_fail(err, BWM_EINPUT, "mappings: featurePolicies.%s must be a number "
				"from %g to %g", name, lo, hi);
	*out = v->valuedouble;
	return BWM_OK;
}

/* A string member that must be one of two words; *flag = 1 for the second. */
static int choice(const cJSON *sec, const char *name, const char *first, const char *second,
		  int *flag, struct bwm_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(sec, name);
	if (v == NULL)
		return BWM_OK;
	if (cJSON_IsString(v) && strcmp(v->valuestring, first) == 0)
		*flag = 0;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, second) == 0)
		*flag = 1;
	else
		return bwm_fail(err, BWM_EINPUT, "mappings: featurePolicies.%s must be \"%s\" or "
				"\"%s\"", name, first, second);
	return BWM_OK;
}

/* The five HuntPolicy values, for a section that names no huntPolicies
 * (a -m file replacing the section to change one setting). */
static int default_hunt(struct tx_feature_policy *fp, struct bwm_error *err)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const names[][2] = {
		{ "Circular", "CIRCULAR" }, { "Regular", "REGULAR" },
		{ "Simultaneous", "SIMULTANEOUS" }, { "Uniform", "UNIFORM" },
		{ "Weighted", "WEIGHTED" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		cJSON_AddStringToObject(o, names[i][0], names[i][1]);
	int rc = tx_kv_load(&fp->hunt, &fp->n_hunt, o, 0, "featurePolicies.huntPolicies", err);
	cJSON_Delete(o);
	return rc;
}

int tx_feature_policy_load(struct tx_feature_policy **out, const cJSON *sec,
			   struct bwm_error *err)
{
	struct tx_feature_policy *fp = xcalloc(1, sizeof *fp);
	*out = fp;
	fp->seconds_per_ring = 6;
	fp->rounding = 1;
	fp->min_rings = 2;
	fp->max_rings = 20;
	fp->default_rings = 5;
	if (sec == NULL)
		return default_hunt(fp, err);
	if (!cJSON_IsObject(sec))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"featurePolicies\" must be an "
				"object (see docs/mappings.md)");
	static const char *const keys[] = {
		"secondsPerRing", "ringRounding", "minRings", "maxRings", "defaultRings",
		"premiumCallCenter", "customAnnouncements", "skillBasedUnsupportedPolicy",
		"huntPolicies",
	};
	const cJSON *k;
	cJSON_ArrayForEach(k, sec) {
		size_t i = 0;
		while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i], k->string) != 0)
			i++;
		if (i == sizeof keys / sizeof keys[0] && k->string[0] != '_' &&
		    strcmp(k->string, "comment") != 0)
			return bwm_fail(err, BWM_EINPUT, "mappings: featurePolicies has no setting "
					"\"%s\": it would change nothing; see docs/mappings.md for "
					"the settings", k->string);
	}
	double spr = fp->seconds_per_ring, lo = fp->min_rings, hi = fp->max_rings;
	double dflt = fp->default_rings;
	if (num_in(sec, "secondsPerRing", 1, 60, &spr, err) ||
	    num_in(sec, "minRings", 1, 100, &lo, err) || num_in(sec, "maxRings", 1, 100, &hi, err) ||
	    num_in(sec, "defaultRings", 1, 100, &dflt, err))
		return BWM_EINPUT;
	if (lo > hi)
		return bwm_fail(err, BWM_EINPUT, "mappings: featurePolicies.minRings (%g) is above "
				"maxRings (%g)", lo, hi);
	fp->seconds_per_ring = spr;
	fp->min_rings = (int)lo;
	fp->max_rings = (int)hi;
	fp->default_rings = (int)dflt;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(sec, "ringRounding");
	if (r != NULL) {
		const char *s = cJSON_IsString(r) ? r->valuestring : "";
		if (strcmp(s, "up") == 0)
			fp->rounding = 1;
		else if (strcmp(s, "down") == 0)
			fp->rounding = -1;
		else if (strcmp(s, "nearest") == 0)
			fp->rounding = 0;
		else
			return bwm_fail(err, BWM_EINPUT, "mappings: featurePolicies.ringRounding must "
					"be \"up\", \"down\" or \"nearest\"");
	}
	if (choice(sec, "premiumCallCenter", "report", "block", &fp->premium_block, err) ||
	    choice(sec, "customAnnouncements", "default", "block", &fp->announcement_block, err) ||
	    choice(sec, "skillBasedUnsupportedPolicy", "priorityBased", "block",
		   &fp->skill_block, err))
		return BWM_EINPUT;
	const cJSON *hp = cJSON_GetObjectItemCaseSensitive(sec, "huntPolicies");
	return hp ? tx_kv_load(&fp->hunt, &fp->n_hunt, hp, 0, "featurePolicies.huntPolicies", err)
		: default_hunt(fp, err);
}

void tx_feature_policy_free(struct tx_feature_policy *fp)
{
	if (fp == NULL)
		return;
	for (size_t i = 0; i < fp->n_hunt; i++) {
		free(fp->hunt[i].k);
		free(fp->hunt[i].v);
	}
	free(fp->hunt);
	free(fp);
}

int tx_rings_for_seconds(const struct tx_feature_policy *fp, long seconds, int *clamped)
{
	double q = (double)seconds / fp->seconds_per_ring;
	/* a tiny epsilon keeps 30 s / 6 s at exactly 5 under "up" */
	long rings = fp->rounding > 0 ? (long)ceil(q - 1e-9) : fp->rounding < 0 ? (long)floor(q + 1e-9)
		: lround(q);
	*clamped = 0;
	if (rings < fp->min_rings) {
		*clamped = seconds > 0;
		rings = fp->min_rings;
	} else if (rings > fp->max_rings) {
		*clamped = 1;
		rings = fp->max_rings;
	}
	return (int)rings;
}
