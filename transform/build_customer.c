/*
 * build_customer.c — the Wholesale customer entry: externalId, billing
 * address, customerInfo (name, primaryEmail, language), the complete
 * package list (partner defaults + every subscriber's package + add-on
 * dependencies) and the first calling location, which the customer request
 * creates itself.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

#define N_PKG 14   /* Wholesale customer packages (rules.c order) */

static const char *const pkg_names[N_PKG] = {
	"common_area_calling", "webex_calling", "webex_meetings", "webex_suite",
	"webex_voice", "cx_essentials", "webex_calling_standard", "cisco_calling_plan",
	"attendant_console", "cx_premium_agent", "cx_standard_agent", "cx_voice_ports",
	"cx_ai_assistant", "webex_ai_agent",
};

static void block(struct tx_list_ids *b, const char *id)
{
	tx_ids_add(b, id);
}

static const char *primary_email(struct tx_ctx *c, struct tx_ent *e, const char *key,
				 struct tx_grp *const *gs, size_t n_g, char **owned)
{
	*owned = NULL;
	if (c->p->email_template_mode) {
		const char *vars[][2] = {
			{ "customer", key }, { "enterprise", e->id },
			{ "group", n_g ? gs[0]->id : NULL },
		};
		*owned = tx_template(c->p->customer_email, vars, 3, 1);
		return *owned;
	}
	const cJSON *contact = cJSON_GetObjectItemCaseSensitive(e->ent, "contact");
	const char *v = json_str(contact, "email");
	if (v == NULL)
		v = json_str(e->ent, "supportEmail");
	if (v == NULL && n_g > 0)
		v = json_str(cJSON_GetObjectItemCaseSensitive(gs[0]->j, "contact"), "email");
	return v;
}

/* The complete package list, with add-on dependencies satisfied. */
static void packages(struct tx_ctx *c, const char *obj, const cJSON *rec,
		     struct tx_grp *const *gs, size_t n_g, struct tx_cust_sum *sum,
		     struct tx_list_ids *blocked, int want[N_PKG])
{
	for (size_t i = 0; i < c->p->n_packages; i++)
		want[tx_package_rank(c->p->packages[i])] = 1;
	for (size_t i = 0; i < n_g; i++) {
		for (size_t j = 0; j < gs[i]->n_users; j++) {
			const struct tx_user *u = gs[i]->users[j];
			/* a workspace needs its package on the customer, but the
			 * counts are of subscribers */
			int r = u->skip && !u->common ? -1 : tx_package_rank(u->package);
			if (r < 0)
				continue;
			want[r] = 1;
			if (u->common)
				continue;
			sum->pkg[r]++;
			c->f->pkg[r]++;
		}
	}
	for (int round = 0; round < N_PKG; round++) {
		const char *list[N_PKG];
		size_t n = 0;
		for (int i = 0; i < N_PKG; i++)
			if (want[i])
				list[n++] = pkg_names[i];
		const char *add = NULL;
		const char *unmet = tx_package_unmet(c->m, list, n, &add);
		if (unmet == NULL)
			return;
		if (add == NULL || tx_package_rank(add) < 0 || want[tx_package_rank(add)]) {
			block(blocked, tx_finding(c->f, TX_ERROR, "package_dependency_missing", obj,
				rec, "add a package it depends on to customerPackages in partner.json",
				"package %s needs one of the packages it depends on", unmet));
			return;
		}
		want[tx_package_rank(add)] = 1;
		tx_finding(c->f, TX_WARNING, "package_dependency_added", obj, rec,
			   "nothing to do unless another base package is wanted",
			   "package %s depends on a base package; adding %s", unmet, add);
	}
}

static void limits(struct tx_ctx *c, const char *obj, const cJSON *rec,
		   const struct tx_cust_sum *sum, cJSON *pp)
{
	if (c->p->limits == NULL)
		return;
	cJSON *pk = cJSON_AddObjectToObject(pp, "packages");
	cJSON_AddItemToObject(pk, "limits", cJSON_Duplicate(c->p->limits, 1));
	const cJSON *it;
	cJSON_ArrayForEach(it, c->p->limits) {
		int r = tx_package_rank(it->string);
		if (r >= 0 && sum->pkg[r] > it->valuedouble)
			tx_finding(c->f, TX_WARNING, "package_limit_exceeded", obj, rec,
				   "raise packageLimits in partner.json or move users to another "
				   "package", "%ld subscribers need %s; the limit is %.0f",
				   sum->pkg[r], it->string, it->valuedouble);
	}
}

static void calling_location(struct tx_ctx *c, struct tx_grp *g, cJSON *pp,
			     struct tx_list_ids *blocked)
{
	cJSON *loc = cJSON_AddObjectToObject(cJSON_AddObjectToObject(pp, "calling"), "location");
	char lang[6];
	for (int i = 0; i < 6; i++)
		lang[i] = (g->locale[i] >= 'A' && g->locale[i] <= 'Z') ? (char)(g->locale[i] + 32)
								    : g->locale[i];
	cJSON_AddStringToObject(loc, "name", json_str_or(g->j, "name", g->id));
	cJSON_AddItemToObject(loc, "address", tx_address_body(g->addr, g->country, 0));
	cJSON_AddStringToObject(loc, "timezone", g->tz ? g->tz : "");
	cJSON_AddStringToObject(loc, "language", lang);
	/* The customer request creates this location: its errors are ours. */
	for (size_t i = 0; i < g->blocked.n; i++)
		block(blocked, g->blocked.v[i]);
	(void)c;
}

static const cJSON *customer_address(struct tx_ctx *c, struct tx_ent *e,
				     struct tx_grp *const *gs, size_t n_g, const char **country,
				     const char *obj, const cJSON *rec, struct tx_list_ids *blocked)
{
	const cJSON *a = c->p->group_granularity ? NULL
		: cJSON_GetObjectItemCaseSensitive(e->ent, "address");
	*country = NULL;
	if (json_str(a, "addressLine1") == NULL && n_g > 0) {
		a = gs[0]->addr;
		*country = gs[0]->country;
		return a;   /* already checked as the first location */
	}
	if (a == NULL) {
		block(blocked, tx_finding(c->f, TX_ERROR, "customer_without_address", obj, rec,
			"set the enterprise's StreetAddress in BroadWorks",
			"no billing address for the customer"));
		return NULL;
	}
	*country = tx_country_from_name(c->m, json_str(a, "country"));
	if (*country == NULL)
		*country = c->p->country;
	for (const cJSON *it = a->child; it != NULL; it = it->next) {
		size_t n = 0;
		for (const char *s = it->valuestring ? it->valuestring : ""; *s; s++)
			n += ((unsigned char)*s & 0xC0) != 0x80;
		if (n > 50)
			block(blocked, tx_finding(c->f, TX_ERROR, "line_over_50", obj, rec,
				"shorten it in BroadWorks (or edit the plan) to 50 characters",
				"billing address %s has %zu characters; Webex allows 50",
				it->string, n));
	}
	return a;
}

/* The most common supported locale among the customer's users, into out;
 * 0 when none of them has one. Ties go to the alphabetically first. */
static int users_locale(struct tx_ctx *c, struct tx_grp *const *gs, size_t n_g,
			const char *country, char out[6])
{
	char loc[32][6];
	long cnt[32] = { 0 }, best = 0;
	size_t n = 0;
	for (size_t g = 0; g < n_g; g++) {
		for (size_t i = 0; i < gs[g]->n_users; i++) {
			char l[6];
			if (tx_locale_for(c->m, json_str(gs[g]->users[i]->j, "language"),
					  country, l) != 0)
				continue;
			size_t k = 0;
			while (k < n && strcmp(loc[k], l) != 0)
				k++;
			if (k == n && n < 32)
				memcpy(loc[n++], l, 6);
			if (k < n)
				cnt[k]++;
		}
	}
	for (size_t k = 0; k < n; k++) {
		if (cnt[k] > best || (cnt[k] == best && strcmp(loc[k], out) < 0)) {
			best = cnt[k];
			memcpy(out, loc[k], 6);
		}
	}
	return best > 0 ? 0 : -1;
}

/* customerInfo.language: the enterprise's default language in BroadWorks
 * (ServiceProviderLanguageGetListResponse, extracted as the enterprise's
 * "language"), else the most common language of its users, else the
 * partner's default; through the "languages" rules, as users' are. */
static void customer_locale(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *gs,
			    size_t n_g, const char *country, char out[6])
{
	const char *cc = country ? country : c->p->country;
	const char *lang = c->p->group_granularity ? NULL : json_str(e->ent, "language");
	if (tx_locale_for(c->m, lang, cc, out) == 0)
		return;
	out[0] = '\0';
	if (users_locale(c, gs, n_g, cc, out) == 0)
		return;
	snprintf(out, 6, "%s", c->p->language);
}

cJSON *tx_build_customer(struct tx_ctx *c, struct tx_ent *e, const char *key, const char *name,
			 const cJSON *rec, struct tx_grp *const *gs, size_t n_g,
			 struct tx_cust_sum *sum, struct tx_list_ids *blocked)
{
	char obj[300];
	snprintf(obj, sizeof obj, "customer:%s", key);
	if (strchr(name, '%') != NULL)
		block(blocked, tx_finding(c->f, TX_ERROR, "percent_in_name", obj, rec,
			"rename the enterprise without '%%'",
			"customer name \"%s\" contains '%%', which Webex refuses", name));
	if (strcmp(c->p->provisioning_id, "UNSET-PROVISIONING-ID") == 0)
		tx_finding(c->f, TX_WARNING, "placeholder_provisioning_id", obj, rec,
			   "pass -p partner.json with your customer template's provisioningId",
			   "no partner profile: provisioningId is a placeholder");
	cJSON *x = tx_entry_new("customer", key, NULL, "POST", "/wholesale/customers");
	if (c->p->sub_partner_org != NULL)
		cJSON_AddStringToObject(cJSON_GetObjectItem(x, "params"), "onBehalfOfSubPartnerOrgId",
					c->p->sub_partner_org);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddStringToObject(body, "provisioningId", c->p->provisioning_id);
	int want[N_PKG] = { 0 };
	packages(c, obj, rec, gs, n_g, sum, blocked, want);
	cJSON *pk = cJSON_AddArrayToObject(body, "packages");
	for (int i = 0; i < N_PKG; i++)
		if (want[i])
			cJSON_AddItemToArray(pk, cJSON_CreateString(pkg_names[i]));
	cJSON_AddStringToObject(body, "externalId", key);
	const char *country;
	const cJSON *a = customer_address(c, e, gs, n_g, &country, obj, rec, blocked);
	cJSON_AddItemToObject(body, "address", tx_address_body(a, country, 0));
	cJSON *ci = cJSON_AddObjectToObject(body, "customerInfo");
	cJSON_AddStringToObject(ci, "name", name);
	char *owned;
	const char *email = primary_email(c, e, key, gs, n_g, &owned);
	if (email == NULL || !email_valid(email))
		block(blocked, tx_finding(c->f, TX_ERROR, "missing_primary_email", obj, rec,
			"set the enterprise contact e-mail in BroadWorks, or a primaryEmail "
			"template in partner.json", email ? "primary e-mail \"%s\" is not valid"
			: "no contact e-mail for the customer%s", email ? email : ""));
	cJSON_AddStringToObject(ci, "primaryEmail", email ? email : "");
	free(owned);
	char locale[6];
	customer_locale(c, e, gs, n_g, country, locale);
	cJSON_AddStringToObject(ci, "language", locale);
	cJSON *pp = cJSON_AddObjectToObject(body, "provisioningParameters");
	if (n_g > 0)
		calling_location(c, gs[0], pp, blocked);
	limits(c, obj, rec, sum, pp);
	if (cJSON_GetArraySize(pp) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(body, "provisioningParameters");
	json_add_str_opt(body, "subPartnerAdminEmail", c->p->sub_partner_admin);
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lookup, "externalId", key);
	tx_entry_delete(x, "/wholesale/customers/{id}");
	cJSON *src = cJSON_AddArrayToObject(x, "source");
	struct strbuf sb = STRBUF_INIT;
	if (e->ent != NULL && !c->p->group_granularity) {
		strbuf_addf(&sb, "enterprise:%s", e->id);
		cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
	}
	if (n_g > 0) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "group:%s", gs[0]->key);
		cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
	}
	strbuf_free(&sb);
	return x;
}
