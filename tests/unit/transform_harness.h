/* transform_harness.h — shared by the transform unit tests: small inventory
 * builders (ENT, GRP, USR, NUM), a run of the whole stage on a string, and
 * look-ups in the resulting plan. Included by test_transform_*.c only. */
#ifndef BWM_TEST_TRANSFORM_HARNESS_H
#define BWM_TEST_TRANSFORM_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transform/transform.h"

#define ADDR "\"address\":{\"addressLine1\":\"1 Main St\",\"city\":\"Boston\"," \
	     "\"stateOrProvince\":\"MA\",\"zipOrPostalCode\":\"02110\",\"country\":\"US\"}"
#define ENT(e) "{\"kind\":\"enterprise\",\"key\":\"" e "\",\"id\":\"" e "\",\"name\":\"" e \
	" Inc\",\"contact\":{\"email\":\"it@" e ".example\"}," ADDR "}\n"
#define GRP(e, g) "{\"kind\":\"group\",\"key\":\"" e "/" g "\",\"enterprise\":\"" e \
	"\",\"id\":\"" g "\",\"name\":\"" e " " g "\",\"timeZone\":\"America/New_York\"," ADDR "}\n"
#define USR(e, g, u, extra) "{\"kind\":\"user\",\"key\":\"" e "/" g "/" u "\",\"enterprise\":\"" \
	e "\",\"group\":\"" g "\",\"id\":\"" u "\",\"firstName\":\"F\",\"lastName\":\"L\"" extra "}\n"
#define NUM(e, g, n) "{\"kind\":\"number\",\"key\":\"" e "/" g "/" n "\",\"enterprise\":\"" e \
	"\",\"group\":\"" g "\",\"number\":\"" n "\"}\n"

/* What one run produced. */
struct result {
	int rc;
	char *plan;        /* plan text */
	char *findings;    /* findings.csv text */
	struct transform_stats st;
	char err[BWM_ERROR_MAX];
};

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/bwm-plan-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static char *slurp(FILE *fp)
{
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	rewind(fp);
	char *s = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	return s;
}

static struct result run(void **state, const char *inv, const char *partner, const char *waves,
			 long batch_size)
{
	struct result r = { 0 };
	struct tx_partner *p = NULL;
	struct bwm_error err = { 0 };
	char *inv_path = write_tmp(inv), *partner_path = NULL, *waves_path = NULL;
	if (partner != NULL) {
		partner_path = write_tmp(partner);
		assert_int_equal(tx_partner_load(&p, partner_path, &err), BWM_OK);
	} else {
		p = tx_partner_default();
	}
	if (waves != NULL)
		waves_path = write_tmp(waves);
	char dir[] = "/tmp/bwm-report-XXXXXX";
	assert_non_null(mkdtemp(dir));
	FILE *plan = tmpfile();
	struct transform_options o = { .inventory = inv_path, .mappings = *state, .partner = p,
				       .waves = waves_path, .batch_size = batch_size, .plan = plan,
				       .report_dir = dir };
	r.rc = transform_run(&o, &r.st, &err);
	snprintf(r.err, sizeof r.err, "%s", err.msg);
	r.plan = slurp(plan);
	fclose(plan);
	char csv[128];
	snprintf(csv, sizeof csv, "%s/findings.csv", dir);
	FILE *fp = fopen(csv, "r");
	r.findings = fp ? slurp(fp) : strdup("");
	if (fp)
		fclose(fp);
	const char *files[] = { "findings.csv", "report.json", "report.html" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(csv, sizeof csv, "%s/%s", dir, files[i]);
		unlink(csv);
	}
	rmdir(dir);
	unlink(inv_path);
	free(inv_path);
	if (partner_path)
		unlink(partner_path);
	if (waves_path)
		unlink(waves_path);
	free(partner_path);
	free(waves_path);
	tx_partner_free(p);
	return r;
}

static void done(struct result *r)
{
	free(r->plan);
	free(r->findings);
}

/* The plan line of kind+key, or NULL. */
static const char *entry(const struct result *r, const char *kind, const char *key)
{
	char want[256];
	snprintf(want, sizeof want, "{\"kind\":\"%s\",\"key\":\"%s\"", kind, key);
	return strstr(r->plan, want);
}

static int entry_has(const struct result *r, const char *kind, const char *key, const char *s)
{
	const char *e = entry(r, kind, key);
	if (e == NULL)
		return 0;
	const char *nl = strchr(e, '\n');
	const char *hit = strstr(e, s);
	return hit != NULL && (nl == NULL || hit < nl);
}

static int setup(void **state)
{
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	if (tx_mappings_load(&m, "mappings/default.json", NULL, 0, &err) != BWM_OK)
		return -1;
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	tx_mappings_free(*state);
	return 0;
}

#endif
