/*
 * build_location.c — groups become Webex Calling locations: their address
 * (the group's StreetAddress, or the enterprise's when the partner allows
 * it), time zone (allow-list), language (the most common user locale) and
 * numbers (one add-numbers entry for active, one for inactive numbers).
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const addr_fields[] = {
	"addressLine1", "addressLine2", "city", "stateOrProvince", "zipOrPostalCode", "country",
};

/* Characters, not bytes: the API counts characters. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int has_line1_city(const cJSON *a)
{
	return json_str(a, "addressLine1") != NULL && json_str(a, "city") != NULL;
}

/* Errors about one address; each blocks the object whose ids list is given. */
static void check_address(struct tx_ctx *c, const cJSON *a, const char *country,
			  const char *obj, const cJSON *rec, int locations_api,
			  struct tx_list_ids *blocked)
{
	for (size_t i = 0; i < sizeof addr_fields / sizeof addr_fields[0]; i++) {
		const char *v = json_str(a, addr_fields[i]);
		if (v != NULL && utf8_len(v) > 50)
			tx_ids_add(blocked, tx_finding(c->f, TX_ERROR, "line_over_50", obj, rec,
				"shorten it in BroadWorks (or edit the plan) to 50 characters",
				"address %s has %zu characters; Webex allows 50: \"%s\"",
				addr_fields[i], utf8_len(v), v));
	}
	/* Webex wants a state where countries have them; the Locations API
	 * always wants a postal code. */
	static const char *const with_states[] = { "US", "CA", "AU", "BR", "MX", "IN" };
	int need_state = 0;
	for (size_t i = 0; country != NULL && i < sizeof with_states / sizeof *with_states; i++)
		need_state |= strcmp(country, with_states[i]) == 0;
	const char *lacks = NULL;
	if (!has_line1_city(a))
		lacks = "addressLine1 or city";
	else if (need_state && json_str(a, "stateOrProvince") == NULL)
		lacks = "stateOrProvince";
	else if ((need_state || locations_api) && json_str(a, "zipOrPostalCode") == NULL)
		lacks = "zipOrPostalCode";
	if (lacks != NULL)
		tx_ids_add(blocked, tx_finding(c->f, TX_ERROR, "address_incomplete", obj, rec,
			"fill in the StreetAddress in BroadWorks (line 1, city, state, postal code)",
			"address lacks %s", lacks));
	else if (locations_api && json_str(a, "stateOrProvince") == NULL)
		tx_finding(c->f, TX_WARNING, "state_from_city", obj, rec,
			   "set stateOrProvince in BroadWorks (county or region) to choose it",
			   "the Locations API requires a state; using the city \"%s\"",
			   json_str(a, "city"));
}

/* The alpha-2 country of an address, reported when it cannot be mapped. */
static const char *address_country(struct tx_ctx *c, struct tx_ent *e, const cJSON *a,
				   const char *obj, const cJSON *rec, struct tx_list_ids *blocked)
{
	const char *raw = json_str(a, "country");
	const char *cc = tx_country_from_name(c->m, raw);
	if (cc != NULL)
		return cc;
	if (raw != NULL) {
		tx_ids_add(blocked, tx_finding(c->f, TX_ERROR, "unknown_country", obj, rec,
			"add the name to the \"countries\" section of the mappings",
			"country \"%s\" is not a known country name or code", raw));
		return NULL;
	}
	const char *code = e->n_usr ? json_str(e->usr[0].j, "countryCode") : NULL;
	cc = tx_country_from_code(c->m, code, c->p->country);
	if (cc == NULL)
		cc = c->p->country;
	tx_finding(c->f, TX_INFO, "country_defaulted", obj, rec,
		   "add the country to the BroadWorks address to be explicit",
		   "address has no country; using %s", cc);
	return cc;
}

/* The most common supported locale among the group's users, or the
 * partner's default. Ties go to the alphabetically first locale. */
static void group_locale(struct tx_ctx *c, struct tx_grp *g)
{
	char loc[32][6];
	long cnt[32] = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < g->n_users; i++) {
		char l[6];
		const char *cc = g->country ? g->country : c->p->country;
		if (tx_locale_for(c->m, json_str(g->users[i]->j, "language"), cc, l) != 0)
			continue;
		size_t k = 0;
		while (k < n && strcmp(loc[k], l) != 0)
			k++;
		if (k == n && n < 32)
			memcpy(loc[n++], l, 6);
		if (k < n)
			cnt[k]++;
	}
	snprintf(g->locale, sizeof g->locale, "%s", c->p->language);
	long best = 0;
	for (size_t k = 0; k < n; k++) {
		if (cnt[k] > best || (cnt[k] == best && strcmp(loc[k], g->locale) < 0)) {
			best = cnt[k];
			memcpy(g->locale, loc[k], 6);
		}
	}
}

static void group_timezone(struct tx_ctx *c, struct tx_grp *g, const char *obj)
{
	const char *raw = json_str(g->j, "timeZone");
	g->tz = tx_timezone_check(c->m, raw);
	if (g->tz != NULL)
		return;
	if (raw == NULL && c->p->timezone != NULL) {
		g->tz = tx_timezone_check(c->m, c->p->timezone);
		if (g->tz != NULL) {
			tx_finding(c->f, TX_WARNING, "timezone_defaulted", obj, g->j,
				   "set the group's time zone in BroadWorks",
				   "group has no time zone; using the partner default %s", g->tz);
			return;
		}
	}
	if (raw == NULL)
		tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "location_without_timezone",
			obj, g->j, "set the group's time zone in BroadWorks or defaultTimeZone in "
			"partner.json", "group has no time zone"));
	else
		tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "timezone_not_allowed", obj,
			g->j, "map it in \"timeZoneAliases\" or add it to the time-zone allow-list",
			"time zone \"%s\" %s", raw, tx_timezone_is_iana(raw) == 0
			? "is not an IANA time-zone name" : "is not on the Wholesale allow-list"));
}

static void group_address(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *g,
			  const char *obj, int locations_api)
{
	const cJSON *ga = cJSON_GetObjectItemCaseSensitive(g->j, "address");
	const cJSON *ea = cJSON_GetObjectItemCaseSensitive(e->ent, "address");
	g->addr = (cJSON *)ga;
	if (!has_line1_city(ga) && c->p->address_fallback && has_line1_city(ea)) {
		g->addr = (cJSON *)ea;
		tx_finding(c->f, TX_WARNING, "location_address_from_enterprise", obj, g->j,
			   "check that the enterprise address is right for this site (it is its "
			   "emergency address); set the group address in BroadWorks otherwise",
			   "group has no address; using the enterprise address");
	}
	if (g->addr == NULL) {
		tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "location_without_address", obj,
			g->j, "set the group's StreetAddress in BroadWorks",
			"group has no usable address"));
		return;
	}
	g->country = address_country(c, e, g->addr, obj, g->j, &g->blocked);
	check_address(c, g->addr, g->country, obj, g->j, locations_api, &g->blocked);
}

/* Numbers used twice (in this enterprise or an earlier one) are errors;
 * the later use is left out of the add-numbers entry. */
static void group_numbers(struct tx_ctx *c, struct tx_grp *g,
			  struct tx_map *ent_nums)
{
	for (size_t i = 0; i < g->n_num; i++) {
		cJSON *n = g->num[i];
		const char *num = json_str(n, "number");
		char obj[256];
		snprintf(obj, sizeof obj, "number:%s", json_str(n, "key"));
		const struct tx_grp *other = tx_map_get(ent_nums, num);
		long owner = other ? 0 : tx_seen_check(c->numbers, num, (long)c->f->n_cust);
		if (other == NULL && owner == 0) {
			tx_map_put(ent_nums, num, g);
			continue;
		}
		tx_finding(c->f, TX_ERROR, "duplicate_number", obj, n,
			   "a number can live in one location only: remove it from one group",
			   "number %s is also in %s %s", num, other ? "group" : "customer",
			   other ? other->key : c->f->cust[owner - 1].key);
		cJSON_AddBoolToObject(n, "$dup", 1);
	}
}

void tx_groups_decide(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *gs, size_t n_g,
		      int first_is_customer)
{
	struct tx_map names = { 0 }, nums = { 0 };
	for (size_t i = 0; i < n_g; i++) {
		struct tx_grp *g = gs[i];
		char obj[256];
		snprintf(obj, sizeof obj, "location:%s", g->key);
		const char *name = json_str_or(g->j, "name", g->id);
		if (strchr(name, '%') != NULL)
			tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "percent_in_name", obj,
				g->j, "rename the group without '%%'",
				"location name \"%s\" contains '%%', which Webex refuses", name));
		if (utf8_len(name) > 80)
			tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "name_too_long", obj,
				g->j, "shorten the group name to 80 characters",
				"calling location names are limited to 80 characters"));
		const struct tx_grp *same = tx_map_get(&names, name);
		if (same != NULL)
			tx_ids_add(&g->blocked, tx_finding(c->f, TX_ERROR, "duplicate_location_name",
				obj, g->j, "give the groups distinct names",
				"location name \"%s\" is also used by %s", name, same->key));
		else
			tx_map_put(&names, name, g);
		group_address(c, e, g, obj, !(first_is_customer && i == 0));
		group_timezone(c, g, obj);
		group_locale(c, g);
		group_numbers(c, g, &nums);
	}
	tx_map_free(&names);
	tx_map_free(&nums);
}

/* "en_US" -> "en_us", the form the calling APIs use. */
static void lower_locale(const char *in, char out[6])
{
	for (int i = 0; i < 6; i++)
		out[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char)(in[i] + 32) : in[i];
}

cJSON *tx_address_body(const cJSON *a, const char *country, int locations_api)
{
	static const char *const loc_names[] = {
		"address1", "address2", "city", "state", "postalCode", "country",
	};
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < 5; i++) {
		const char *v = json_str(a, addr_fields[i]);
		/* The Locations API requires a state; countries without states
		 * use the city (reported as state_from_city). */
		if (locations_api && i == 3 && v == NULL)
			v = json_str(a, "city");
		json_add_str_opt(o, locations_api ? loc_names[i] : addr_fields[i], v);
	}
	json_add_str_opt(o, locations_api ? "country" : "country", country);
	return o;
}

cJSON *tx_build_location(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *g,
			 const char *cust_key, int first)
{
	(void)e;
	struct strbuf sb = STRBUF_INIT;
	const char *name = json_str_or(g->j, "name", g->id);
	cJSON *x = tx_entry_new("location", g->key, NULL, first ? "LOOKUP" : "POST", "/locations");
	strbuf_addf(&sb, "customer:%s", cust_key);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(sb.buf));
	cJSON_AddItemToObject(cJSON_GetObjectItem(x, "params"), "orgId", tx_ref("customer:%s#orgId", cust_key));
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	if (!first) {
		char lang[6];
		lower_locale(g->locale, lang);
		cJSON_AddStringToObject(body, "name", name);
		cJSON_AddStringToObject(body, "timeZone", g->tz ? g->tz : "");
		cJSON_AddStringToObject(body, "preferredLanguage", lang);
		cJSON_AddStringToObject(body, "announcementLanguage", lang);
		cJSON_AddItemToObject(body, "address", tx_address_body(g->addr, g->country, 1));
	}
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lookup, "name", name);
	cJSON_AddItemToObject(lookup, "orgId", tx_ref("customer:%s#orgId", cust_key));
	/* The location the customer created too: its delete keeps the org. */
	tx_entry_delete(x, "/locations/{id}");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "group:%s", g->key);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	(void)c;
	return x;
}

/* The Numbers API removes at most 5 numbers a request: one body each. */
static void delete_bodies(cJSON *del, const cJSON *list)
{
	cJSON *bodies = cJSON_AddArrayToObject(del, "bodies"), *chunk = NULL;
	const cJSON *n;
	cJSON_ArrayForEach(n, list) {
		if (chunk == NULL || cJSON_GetArraySize(chunk) == 5) {
			cJSON *b = cJSON_CreateObject();
			chunk = cJSON_AddArrayToObject(b, "phoneNumbers");
			cJSON_AddItemToArray(bodies, b);
		}
		cJSON_AddItemToArray(chunk, cJSON_Duplicate(n, 1));
	}
}

/* One add-numbers entry for the group's active (or inactive) numbers, or
 * NULL when there are none. */
cJSON *tx_build_numbers(struct tx_grp *g, const char *cust_key, int active)
{
	cJSON *list = cJSON_CreateArray(), *src = cJSON_CreateArray();
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < g->n_num; i++) {
		const cJSON *n = g->num[i];
		if (json_bool(n, "$dup", 0) || json_bool(n, "activated", 1) != active)
			continue;
		cJSON_AddItemToArray(list, cJSON_CreateString(json_str(n, "number")));
		strbuf_reset(&sb);
		strbuf_addf(&sb, "number:%s", json_str(n, "key"));
		cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
	}
	if (cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		cJSON_Delete(src);
		strbuf_free(&sb);
		return NULL;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s%s", g->key, active ? "" : "#inactive");
	cJSON *x = tx_entry_new("number", sb.buf, NULL, "POST",
				"/telephony/config/locations/{locationId}/numbers");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "location:%s", g->key);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(sb.buf));
	cJSON *params = cJSON_GetObjectItem(x, "params");
	cJSON *ref = cJSON_AddObjectToObject(params, "locationId");
	cJSON_AddStringToObject(ref, "$ref", sb.buf);
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", cust_key));
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddItemToObject(body, "phoneNumbers", list);
	cJSON_AddStringToObject(body, "numberType", "DID");
	cJSON_AddStringToObject(body, "state", active ? "ACTIVE" : "INACTIVE");
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddItemToObject(lookup, "locationId", cJSON_Duplicate(ref, 1));
	cJSON_AddItemToObject(lookup, "phoneNumbers", cJSON_Duplicate(list, 1));
	delete_bodies(tx_entry_delete(x, "/telephony/config/locations/{locationId}/numbers"),
		      list);
	cJSON_AddItemToObject(x, "source", src);
	strbuf_free(&sb);
	return x;
}
