/*
 * partner.c — the partner profile (partner.json, docs/partner.md): what the
 * inventory cannot say — the customer template (provisioningId), packages
 * every customer gets, defaults for country, language and time zone, how
 * e-mails are found, customer granularity, package limits, sub-partner.
 */
#include "transform/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Used without -p: safe defaults and a placeholder template id that the
 * report flags on every customer. */
#define PLACEHOLDER_ID "UNSET-PROVISIONING-ID"

static char *dup_or(const char *s, const char *dflt)
{
	if (s == NULL)
		s = dflt;
	return s ? xstrdup(s) : NULL;
}

struct tx_partner *tx_partner_default(void)
{
	struct tx_partner *p = xcalloc(1, sizeof *p);
	p->provisioning_id = xstrdup(PLACEHOLDER_ID);
	p->country = xstrdup("US");
	p->language = xstrdup("en_US");
	p->address_fallback = 1;
	return p;
}

static int fail(const char *path, const char *what, struct bwm_error *err)
{
	return bwm_fail(err, BWM_EINPUT, "%s: %s (see docs/partner.md)", path, what);
}

static int load_packages(struct tx_partner *p, const cJSON *arr, const char *path,
			 struct bwm_error *err)
{
	if (arr == NULL)
		return BWM_OK;
	if (!cJSON_IsArray(arr))
		return fail(path, "\"customerPackages\" must be an array of package names", err);
	p->packages = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *p->packages);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || tx_package_rank(it->valuestring) < 0)
			return fail(path, "\"customerPackages\" holds an unknown package name", err);
		p->packages[p->n_packages++] = xstrdup(it->valuestring);
	}
	return BWM_OK;
}

static int load_fields(struct tx_partner *p, const cJSON *d, const char *path,
		       struct bwm_error *err)
{
	const char *id = json_str(d, "provisioningId");
	if (id == NULL || id[0] == '\0')
		return fail(path, "\"provisioningId\" (the customer template id) is required", err);
	free(p->provisioning_id);
	p->provisioning_id = xstrdup(id);
	const char *c = json_str(d, "defaultCountry");
	if (c != NULL) {
		if (strlen(c) != 2)
			return fail(path, "\"defaultCountry\" must be an ISO-3166 alpha-2 code", err);
		free(p->country);
		p->country = xstrdup(c);
		for (char *s = p->country; *s; s++)
			*s = (char)toupper((unsigned char)*s);
	}
	const char *l = json_str(d, "defaultLanguage");
	if (l != NULL) {
		if (!tx_locale_supported(l))
			return fail(path, "\"defaultLanguage\" must be one of the 29 supported "
				    "locales, e.g. \"en_US\"", err);
		free(p->language);
		p->language = xstrdup(l);
	}
	p->timezone = dup_or(json_str(d, "defaultTimeZone"), NULL);
	p->user_email = dup_or(json_str(d, "userEmailTemplate"), NULL);
	const char *g = json_str_or(d, "granularity", "enterprise");
	if (strcmp(g, "group") != 0 && strcmp(g, "enterprise") != 0)
		return fail(path, "\"granularity\" must be \"enterprise\" or \"group\"", err);
	p->group_granularity = strcmp(g, "group") == 0;
	const char *fb = json_str_or(d, "locationAddressFallback", "enterprise");
	p->address_fallback = strcmp(fb, "none") != 0;
	return BWM_OK;
}

static int load_email(struct tx_partner *p, const cJSON *pe, const char *path,
		      struct bwm_error *err)
{
	if (pe == NULL)
		return BWM_OK;
	const char *src = json_str_or(pe, "source", "contact");
	if (strcmp(src, "template") == 0) {
		const char *t = json_str(pe, "template");
		if (t == NULL || strchr(t, '@') == NULL)
			return fail(path, "\"primaryEmail.template\" must be an address template "
				    "such as \"admin+{customer}@partner.example\"", err);
		p->email_template_mode = 1;
		p->customer_email = xstrdup(t);
	} else if (strcmp(src, "contact") != 0) {
		return fail(path, "\"primaryEmail.source\" must be \"contact\" or \"template\"", err);
	}
	return BWM_OK;
}

static int load_doc(struct tx_partner *p, const cJSON *d, const char *path,
		    struct bwm_error *err)
{
	if (load_fields(p, d, path, err) ||
	    load_packages(p, cJSON_GetObjectItemCaseSensitive(d, "customerPackages"), path, err) ||
	    load_email(p, cJSON_GetObjectItemCaseSensitive(d, "primaryEmail"), path, err))
		return BWM_EINPUT;
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(d, "packageLimits");
	if (lim != NULL) {
		if (!cJSON_IsObject(lim))
			return fail(path, "\"packageLimits\" must map package names to numbers", err);
		const cJSON *it;
		cJSON_ArrayForEach(it, lim)
			if (!cJSON_IsNumber(it) || tx_package_rank(it->string) < 0)
				return fail(path, "\"packageLimits\" must map package names to "
					    "numbers", err);
		p->limits = cJSON_Duplicate(lim, 1);
	}
	const cJSON *sp = cJSON_GetObjectItemCaseSensitive(d, "subPartner");
	p->sub_partner_org = dup_or(json_str(sp, "orgId"), NULL);
	p->sub_partner_admin = dup_or(json_str(sp, "adminEmail"), NULL);
	return BWM_OK;
}

int tx_partner_load(struct tx_partner **out, const char *path, struct bwm_error *err)
{
	*out = NULL;
	char *text = tx_read_file(path, err);
	if (text == NULL)
		return err->status;
	cJSON *d = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(d)) {
		cJSON_Delete(d);
		return fail(path, "not a JSON object", err);
	}
	struct tx_partner *p = tx_partner_default();
	int rc = load_doc(p, d, path, err);
	cJSON_Delete(d);
	if (rc != BWM_OK) {
		tx_partner_free(p);
		return rc;
	}
	*out = p;
	return BWM_OK;
}

void tx_partner_free(struct tx_partner *p)
{
	if (p == NULL)
		return;
	free(p->provisioning_id);
	for (size_t i = 0; i < p->n_packages; i++)
		free(p->packages[i]);
	free(p->packages);
	free(p->country);
	free(p->language);
	free(p->timezone);
	free(p->customer_email);
	free(p->user_email);
	cJSON_Delete(p->limits);
	free(p->sub_partner_org);
	free(p->sub_partner_admin);
	free(p);
}

char *tx_template(const char *tpl, const char *const vars[][2], size_t n, int lower)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "");
	for (const char *s = tpl; *s; s++) {
		const char *close = s[0] == '{' ? strchr(s, '}') : NULL;
		size_t i = n;
		if (close != NULL)
			for (i = 0; i < n; i++)
				if (strlen(vars[i][0]) == (size_t)(close - s - 1) &&
				    strncmp(vars[i][0], s + 1, (size_t)(close - s - 1)) == 0)
					break;
		if (i < n) {
			if (vars[i][1] != NULL)
				strbuf_addstr(&sb, vars[i][1]);
			s = close;
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	if (lower)
		for (char *p = sb.buf; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return strbuf_detach(&sb);
}
