/*
 * faults.c — the fault plan: parse --faults and decide, for the n-th /v1
 * request, what goes wrong with it.
 *
 * The decision is a pure function of (seed, n, spec): the same seed and the
 * same sequence of requests give the same faults, whatever the clock says.
 * With concurrent clients the order in which requests get their n is the
 * order they arrive, so only a sequential client sees an exactly
 * repeatable sequence.
 */
#include "sandbox/sbx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sbx_parse_share(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s)
		return -1;
	if (*end == '%') {
		v /= 100.0;
		end++;
	}
	if (*end != '\0' || v < 0.0 || v > 1.0)
		return -1;
	*out = v;
	return 0;
}

/* "50", "50±20", "50+-20" (milliseconds). */
static int parse_latency(const char *s, unsigned *ms, unsigned *jitter)
{
	char *end;
	errno = 0;
	long base = strtol(s, &end, 10);
	if (errno != 0 || end == s || base < 0 || base > 600000)
		return -1;
	*jitter = 0;
	if (strncmp(end, "ms", 2) == 0)
		end += 2;
	if (*end != '\0') {
		if (strncmp(end, "\xc2\xb1", 2) == 0)
			end += 2;
		else if (strncmp(end, "+-", 2) == 0)
			end += 2;
		else
			return -1;
		const char *j = end;
		long jit = strtol(j, &end, 10);
		if (end == j || jit < 0 || jit > base)
			return -1;
		if (strncmp(end, "ms", 2) == 0)
			end += 2;
		if (*end != '\0')
			return -1;
		*jitter = (unsigned)jit;
	}
	*ms = (unsigned)base;
	return 0;
}

static double *share_slot(struct sandbox_faults *f, const char *key)
{
	if (strcmp(key, "429") == 0)
		return &f->p429;
	if (strcmp(key, "5xx") == 0)
		return &f->p5xx;
	if (strcmp(key, "423") == 0)
		return &f->p423;
	if (strcmp(key, "reset") == 0)
		return &f->preset;
	if (strcmp(key, "slow") == 0)
		return &f->pslow;
	if (strcmp(key, "lost") == 0)
		return &f->plost;
	if (strcmp(key, "drop") == 0)
		return &f->pdrop;
	return NULL;
}

static int parse_item(char *item, struct sandbox_faults *f, struct bwm_error *err)
{
	char *eq = strchr(item, '=');
	if (eq == NULL)
		return bwm_fail(err, BWM_EUSAGE, "--faults: '%s' is not KEY=VALUE "
				"(e.g. latency=50±20,429=5%%,5xx=10%%)", item);
	*eq = '\0';
	const char *val = eq + 1;
	if (strcmp(item, "latency") == 0) {
		if (parse_latency(val, &f->latency_ms, &f->jitter_ms) != 0)
			return bwm_fail(err, BWM_EUSAGE, "--faults: latency '%s' must be MS or "
					"MS±JITTER with JITTER <= MS (e.g. 50±20 or 50+-20)", val);
		return BWM_OK;
	}
	double *slot = share_slot(f, item);
	if (slot == NULL)
		return bwm_fail(err, BWM_EUSAGE, "--faults: unknown fault '%s'; use latency, 429, "
				"5xx, 423, reset, slow, lost or drop", item);
	if (sbx_parse_share(val, slot) != 0)
		return bwm_fail(err, BWM_EUSAGE, "--faults: %s=%s is not a share "
				"(write 5%% or 0.05)", item, val);
	return BWM_OK;
}

int sandbox_faults_parse(const char *spec, struct sandbox_faults *out, struct bwm_error *err)
{
	struct sandbox_faults f;
	memset(&f, 0, sizeof f);
	char *copy = xstrdup(spec);
	int rc = BWM_OK;
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item && rc == BWM_OK;
	     item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		if (*item != '\0')
			rc = parse_item(item, &f, err);
	}
	free(copy);
	if (rc != BWM_OK)
		return rc;
	double sum = f.p429 + f.p5xx + f.p423 + f.preset + f.pslow + f.plost + f.pdrop;
	if (sum > 1.0 + 1e-9)
		return bwm_fail(err, BWM_EUSAGE, "--faults: the shares add up to %.0f%%, more "
				"than 100%%", sum * 100.0);
	*out = f;
	return BWM_OK;
}

const char *sbx_fault_name(enum sbx_fault_kind k)
{
	static const char *const names[SBX_F_COUNT] = {
		"none", "429", "5xx", "423", "reset", "slow", "lost", "drop"
	};
	return (unsigned)k < SBX_F_COUNT ? names[k] : "?";
}

void sbx_fault_pick(const struct sandbox_faults *f, unsigned base_latency_ms,
		    uint64_t seed, uint64_t n, struct sbx_fault *out)
{
	static const int five[] = { 500, 502, 503, 504 };
	uint64_t h = sbx_mix(seed ^ sbx_mix(n + 1));
	double u = sbx_unit(h);

	memset(out, 0, sizeof *out);
	long lat = (long)base_latency_ms + (long)f->latency_ms;
	if (f->jitter_ms > 0)
		lat += (long)(sbx_mix(h ^ 1) % (2 * (uint64_t)f->jitter_ms + 1)) - (long)f->jitter_ms;
	out->latency_ms = lat > 0 ? (unsigned)lat : 0;

	const double shares[] = { f->p429, f->p5xx, f->p423, f->preset, f->pslow, f->plost,
				  f->pdrop };
	const enum sbx_fault_kind kinds[] = { SBX_F_429, SBX_F_5XX, SBX_F_423, SBX_F_RESET,
					      SBX_F_SLOW, SBX_F_LOST, SBX_F_DROP };
	double acc = 0.0;
	out->kind = SBX_F_NONE;
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		acc += shares[i];
		if (u < acc) {
			out->kind = kinds[i];
			break;
		}
	}
	uint64_t r = sbx_mix(h ^ 2);
	switch (out->kind) {
	case SBX_F_429:
		out->status = 429;
		/* Mostly seconds, sometimes an HTTP-date, now and then junk a
		 * client must survive. */
		out->retry_form = r % 10 < 7 ? 0 : r % 10 < 9 ? 1 : 2;
		break;
	case SBX_F_423:
		out->status = 423;
		break;
	case SBX_F_5XX:
		out->status = five[r % 4];
		break;
	case SBX_F_LOST:
		out->drop = (r >> 8) & 1;
		out->status = five[r % 4];
		break;
	default:
		break;
	}
}
