/*
 * validate.c — the request checks of the Wholesale spec (wholesale-api.md
 * §3-§6): required fields, package enums and their dependencies, E.164,
 * e-mail, 50-character address lines, no '%' in a customer name, exactly
 * one subscriber package, the number/extension rule of calling packages.
 *
 * Each check answers 400 with a description naming the field (its JSON
 * path) and what would be accepted, so a migration engineer can fix the
 * plan without reading the spec.
 */
#include "sandbox/sbx.h"

#include <ctype.h>
#include <string.h>

static const char *const CUSTOMER_PACKAGES[] = {
	"common_area_calling", "webex_calling", "webex_meetings", "webex_suite", "webex_voice",
	"cx_essentials", "webex_calling_standard", "cisco_calling_plan", "attendant_console",
	"cx_premium_agent", "cx_standard_agent", "cx_voice_ports", "cx_ai_assistant",
	"webex_ai_agent", NULL
};
static const char *const SUBSCRIBER_PACKAGES[] = {
	"webex_calling", "webex_meetings", "webex_suite", "webex_voice", "cx_essentials",
	"webex_calling_standard", "attendant_console", "cx_premium_agent", "cx_standard_agent",
	NULL
};
static const char *const LEGACY_PACKAGES[] = {
	"webex_calling", "webex_meetings", "webex_suite", "webex_voice", "cx_essentials",
	"webex_calling_standard", NULL
};
/* Packages that carry Webex Calling, so they need a location / number. */
static const char *const CALLING_PACKAGES[] = {
	"common_area_calling", "webex_calling", "webex_suite", "webex_voice", "cx_essentials",
	"webex_calling_standard", NULL
};
/* "X is dependent on: ..." read as "needs at least one of". */
static const char *const CALLING_PLAN_NEEDS[] = {
	"common_area_calling", "webex_calling", "webex_suite", "webex_voice", "cx_essentials",
	"webex_calling_standard", NULL
};
static const char *const ATTENDANT_NEEDS[] = { "webex_calling", "webex_suite", "cx_essentials",
					       NULL };

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static void join(const char *const *list, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t used = 0; *list; list++) {
		int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", *list);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

int sbx_package_is_calling(const char *pkg)
{
	return in_list(CALLING_PACKAGES, pkg);
}

int sbx_check_e164(const char *s)
{
	char out[E164_MAX];
	return s != NULL && s[0] == '+' && e164_normalize(s, NULL, out) == 0 &&
	       strcmp(out, s) == 0;
}

int sbx_check_body(const struct sbx_req *rq, struct sbx_resp *rs)
{
	if (!cJSON_IsObject(rq->body)) {
		sbx_reply_error(rs, 400, SBX_E_BODY, "The request needs a JSON object body.");
		return -1;
	}
	return 0;
}

/* A string member: required or optional, at most maxlen characters (0 = no
 * limit). *out is the value or NULL. */
static int want_str(const cJSON *obj, const char *name, const char *where, int required,
		    size_t maxlen, struct sbx_resp *rs, const char **out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	*out = NULL;
	if (it == NULL || cJSON_IsNull(it)) {
		if (!required)
			return 0;
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s%s is required.", where, name);
		return -1;
	}
	if (!cJSON_IsString(it) || (required && it->valuestring[0] == '\0')) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s%s must be a non-empty string.", where,
				name);
		return -1;
	}
	if (maxlen > 0 && strlen(it->valuestring) > maxlen) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "%s%s is %zu characters long; at most %zu "
				"are allowed.", where, name, strlen(it->valuestring), maxlen);
		return -1;
	}
	*out = it->valuestring;
	return 0;
}

static const cJSON *want_obj(const cJSON *obj, const char *name, const char *where,
			     int required, struct sbx_resp *rs, int *bad)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
	*bad = 0;
	if (it == NULL || cJSON_IsNull(it)) {
		if (required) {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s%s is required.", where, name);
			*bad = 1;
		}
		return NULL;
	}
	if (!cJSON_IsObject(it)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s%s must be an object.", where, name);
		*bad = 1;
		return NULL;
	}
	return it;
}

static int check_country(const char *c, const char *where, struct sbx_resp *rs)
{
	if (strlen(c) != 2 || !isupper((unsigned char)c[0]) || !isupper((unsigned char)c[1])) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "%scountry '%s' must be an ISO 3166 "
				"alpha-2 code such as US or GB.", where, c);
		return -1;
	}
	return 0;
}

/* The Wholesale address: six keys, lines of at most 50 characters. */
static int check_address(const cJSON *addr, const char *where, struct sbx_resp *rs)
{
	const char *line1, *line2, *city, *state, *zip, *country;
	if (want_str(addr, "addressLine1", where, 1, 50, rs, &line1) ||
	    want_str(addr, "addressLine2", where, 0, 50, rs, &line2) ||
	    want_str(addr, "city", where, 1, 50, rs, &city) ||
	    want_str(addr, "stateOrProvince", where, 0, 50, rs, &state) ||
	    want_str(addr, "zipOrPostalCode", where, 0, 50, rs, &zip) ||
	    want_str(addr, "country", where, 1, 2 + 48, rs, &country) ||
	    check_country(country, where, rs))
		return -1;
	/* North American addresses need both; other countries vary. */
	if ((strcmp(country, "US") == 0 || strcmp(country, "CA") == 0) &&
	    (state == NULL || zip == NULL)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%sstateOrProvince and zipOrPostalCode "
				"are required for an address in %s.", where, country);
		return -1;
	}
	return 0;
}

static int check_language(const char *lang, const char *what, struct sbx_resp *rs)
{
	size_t n = strlen(lang);
	int ok = n >= 2 && islower((unsigned char)lang[0]) && islower((unsigned char)lang[1]) &&
		 (n == 2 || (n == 5 && lang[2] == '_' && isalpha((unsigned char)lang[3]) &&
			     isalpha((unsigned char)lang[4])));
	if (!ok)
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s '%s' must look like en or en_us.",
				what, lang);
	return ok ? 0 : -1;
}

static int has_any(const cJSON *pkgs, const char *const *wanted)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs)
		if (cJSON_IsString(p) && in_list(wanted, p->valuestring))
			return 1;
	return 0;
}

static int check_dependency(const cJSON *pkgs, const char *pkg, const char *const *needs,
			    struct sbx_resp *rs)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs) {
		if (strcmp(p->valuestring, pkg) == 0 && !has_any(pkgs, needs)) {
			char list[256];
			join(needs, list, sizeof list);
			sbx_reply_error(rs, 400, SBX_E_DEPENDS, "packages: %s is dependent on one "
					"of: %s.", pkg, list);
			return -1;
		}
	}
	return 0;
}

static int check_customer_packages(const cJSON *body, struct sbx_resp *rs)
{
	const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(body, "packages");
	if (pkgs == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "packages is required (the complete "
				"list of packages of the customer).");
		return -1;
	}
	if (!cJSON_IsArray(pkgs) || cJSON_GetArraySize(pkgs) == 0) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "packages must be a non-empty array.");
		return -1;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, pkgs) {
		if (!cJSON_IsString(p) || !in_list(CUSTOMER_PACKAGES, p->valuestring)) {
			char list[512];
			join(CUSTOMER_PACKAGES, list, sizeof list);
			sbx_reply_error(rs, 400, SBX_E_ENUM, "packages: '%s' is not a customer "
					"package; use one of: %s.",
					cJSON_IsString(p) ? p->valuestring : "(not a string)", list);
			return -1;
		}
		for (const cJSON *q = p->next; q; q = q->next)
			if (cJSON_IsString(q) && strcmp(q->valuestring, p->valuestring) == 0) {
				sbx_reply_error(rs, 400, SBX_E_FORMAT, "packages lists '%s' twice.",
						p->valuestring);
				return -1;
			}
	}
	if (check_dependency(pkgs, "cisco_calling_plan", CALLING_PLAN_NEEDS, rs) ||
	    check_dependency(pkgs, "attendant_console", ATTENDANT_NEEDS, rs))
		return -1;
	return 0;
}

static int check_calling_location(const cJSON *body, int required, struct sbx_resp *rs)
{
	int bad;
	const char *pp = "provisioningParameters.";
	const cJSON *params = want_obj(body, "provisioningParameters", "", required, rs, &bad);
	if (bad || params == NULL)
		return bad ? -1 : 0;
	const cJSON *calling = want_obj(params, "calling", pp, required, rs, &bad);
	if (bad || calling == NULL)
		return bad ? -1 : 0;
	const cJSON *loc = want_obj(calling, "location", "provisioningParameters.calling.", 1, rs,
				    &bad);
	if (bad)
		return -1;
	const char *w = "provisioningParameters.calling.location.";
	const char *name, *tz, *lang, *eli;
	if (want_str(loc, "name", w, 1, 80, rs, &name) ||
	    want_str(loc, "timezone", w, 1, 64, rs, &tz) ||
	    want_str(loc, "language", w, 1, 16, rs, &lang) ||
	    want_str(loc, "emergencyLocationIdentifier", w, 0, 64, rs, &eli) ||
	    check_language(lang, "provisioningParameters.calling.location.language", rs))
		return -1;
	if (strchr(tz, '/') == NULL && strcmp(tz, "UTC") != 0) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "%stimezone '%s' must be a time zone "
				"name such as America/New_York.", w, tz);
		return -1;
	}
	const cJSON *addr = want_obj(loc, "address", w, 1, rs, &bad);
	if (bad)
		return -1;
	return check_address(addr, "provisioningParameters.calling.location.address.", rs);
}

static int check_customer_info(const cJSON *body, int required, int name_required,
			       struct sbx_resp *rs)
{
	int bad;
	const cJSON *info = want_obj(body, "customerInfo", "", required, rs, &bad);
	if (bad || info == NULL)
		return bad ? -1 : 0;
	const char *name, *email, *lang;
	if (want_str(info, "name", "customerInfo.", name_required, 256, rs, &name) ||
	    want_str(info, "primaryEmail", "customerInfo.", 1, 254, rs, &email) ||
	    want_str(info, "language", "customerInfo.", 0, 16, rs, &lang))
		return -1;
	if (name != NULL && strchr(name, '%') != NULL) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "customerInfo.name '%s' must not contain "
				"'%%'.", name);
		return -1;
	}
	if (!email_valid(email)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "customerInfo.primaryEmail '%s' is not "
				"an e-mail address.", email);
		return -1;
	}
	return lang ? check_language(lang, "customerInfo.language", rs) : 0;
}

int sbx_check_customer(const cJSON *body, int is_update, struct sbx_resp *rs)
{
	const char *prov, *ext, *org, *admin;
	int bad;
	if (want_str(body, "provisioningId", "", !is_update, 128, rs, &prov) ||
	    want_str(body, "externalId", "", !is_update, 256, rs, &ext) ||
	    want_str(body, "orgId", "", 0, 256, rs, &org) ||
	    want_str(body, "subPartnerAdminEmail", "", 0, 254, rs, &admin) ||
	    check_customer_packages(body, rs))
		return -1;
	const cJSON *addr = want_obj(body, "address", "", !is_update, rs, &bad);
	if (bad || (addr && check_address(addr, "address.", rs)))
		return -1;
	if (!is_update && check_customer_info(body, org == NULL, 1, rs))
		return -1;
	if (admin && !email_valid(admin)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "subPartnerAdminEmail '%s' is not an "
				"e-mail address.", admin);
		return -1;
	}
	const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(body, "packages");
	int calling = has_any(pkgs, CALLING_PACKAGES);
	return check_calling_location(body, calling && !is_update, rs);
}

static int check_sub_package(const cJSON *body, struct sbx_resp *rs, const char **pkg)
{
	const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(body, "packages");
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(body, "package");
	char list[512];
	if (pkgs != NULL) {
		if (!cJSON_IsArray(pkgs) || cJSON_GetArraySize(pkgs) != 1) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "packages must hold exactly one "
					"package for a subscriber.");
			return -1;
		}
		one = cJSON_GetArrayItem(pkgs, 0);
		join(SUBSCRIBER_PACKAGES, list, sizeof list);
		if (!cJSON_IsString(one) || !in_list(SUBSCRIBER_PACKAGES, one->valuestring))
			goto bad_enum;
	} else if (one != NULL) {
		join(LEGACY_PACKAGES, list, sizeof list);
		if (!cJSON_IsString(one) || !in_list(LEGACY_PACKAGES, one->valuestring))
			goto bad_enum;
	} else {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "packages is required (exactly one "
				"subscriber package).");
		return -1;
	}
	*pkg = one->valuestring;
	return 0;
bad_enum:
	sbx_reply_error(rs, 400, SBX_E_ENUM, "'%s' is not a subscriber package; use one of: %s.",
			cJSON_IsString(one) ? one->valuestring : "(not a string)", list);
	return -1;
}

static int check_extension(const char *ext, struct sbx_resp *rs)
{
	size_t n = strlen(ext);
	if (n < 2 || n > 10 || strspn(ext, "0123456789") != n) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "provisioningParameters.extension '%s' "
				"must be 2 to 10 digits.", ext);
		return -1;
	}
	return 0;
}

int sbx_check_subscriber_fields(const cJSON *body, struct sbx_resp *rs, const char **pkg)
{
	const char *cust, *email, *first, *last, *phone, *ext, *loc;
	int bad;
	if (want_str(body, "customerId", "", 1, 512, rs, &cust) ||
	    want_str(body, "email", "", 1, 254, rs, &email))
		return -1;
	if (!email_valid(email)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "email '%s' is not an e-mail address.", email);
		return -1;
	}
	if (check_sub_package(body, rs, pkg))
		return -1;
	const char *w = "provisioningParameters.";
	const cJSON *pp = want_obj(body, "provisioningParameters", "", 1, rs, &bad);
	if (bad || want_str(pp, "firstName", w, 0, 64, rs, &first) ||
	    want_str(pp, "lastName", w, 0, 64, rs, &last) ||
	    want_str(pp, "primaryPhoneNumber", w, 0, 32, rs, &phone) ||
	    want_str(pp, "extension", w, 0, 10, rs, &ext) ||
	    want_str(pp, "locationId", w, 0, 512, rs, &loc))
		return -1;
	if (phone && !sbx_check_e164(phone)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "provisioningParameters.primaryPhoneNumber "
				"'%s' must be E.164, e.g. +12405551212.", phone);
		return -1;
	}
	if (ext && check_extension(ext, rs))
		return -1;
	if (sbx_package_is_calling(*pkg) && phone == NULL && ext == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "Package %s includes calling: give "
				"provisioningParameters.primaryPhoneNumber, extension or both.", *pkg);
		return -1;
	}
	return 0;
}

int sbx_check_location(const cJSON *body, struct sbx_resp *rs)
{
	const char *name, *tz, *pref, *ann, *a1, *a2, *city, *state, *zip, *country;
	int bad;
	if (want_str(body, "name", "", 1, 80, rs, &name) ||
	    want_str(body, "timeZone", "", 1, 64, rs, &tz) ||
	    want_str(body, "preferredLanguage", "", 1, 16, rs, &pref) ||
	    want_str(body, "announcementLanguage", "", 1, 16, rs, &ann) ||
	    check_language(pref, "preferredLanguage", rs) ||
	    check_language(ann, "announcementLanguage", rs))
		return -1;
	const cJSON *addr = want_obj(body, "address", "", 1, rs, &bad);
	if (bad || want_str(addr, "address1", "address.", 1, 80, rs, &a1) ||
	    want_str(addr, "address2", "address.", 0, 80, rs, &a2) ||
	    want_str(addr, "city", "address.", 1, 80, rs, &city) ||
	    want_str(addr, "state", "address.", 1, 80, rs, &state) ||
	    want_str(addr, "postalCode", "address.", 1, 32, rs, &zip) ||
	    want_str(addr, "country", "address.", 1, 2, rs, &country) ||
	    check_country(country, "address.", rs))
		return -1;
	return 0;
}

/* The precheck of a customer: address is the only required member; what
 * else is given is checked as a provisioning request would be. */
int sbx_check_customer_precheck(const cJSON *body, struct sbx_resp *rs)
{
	const char *ext;
	int bad;
	const cJSON *addr = want_obj(body, "address", "", 1, rs, &bad);
	if (bad || check_address(addr, "address.", rs) ||
	    want_str(body, "externalId", "", 0, 256, rs, &ext))
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(body, "packages") != NULL &&
	    check_customer_packages(body, rs))
		return -1;
	if (check_customer_info(body, 0, 0, rs))
		return -1;
	return check_calling_location(body, 0, rs);
}

/* The precheck of a subscriber: email is required; a package, number or
 * extension given is checked as a provisioning request would be. */
int sbx_check_subscriber_precheck(const cJSON *body, struct sbx_resp *rs)
{
	const char *email, *cust, *phone, *ext, *pkg;
	int bad;
	if (want_str(body, "email", "", 1, 254, rs, &email) ||
	    want_str(body, "customerId", "", 0, 512, rs, &cust))
		return -1;
	if (!email_valid(email)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "email '%s' is not an e-mail address.", email);
		return -1;
	}
	if ((cJSON_GetObjectItemCaseSensitive(body, "packages") != NULL ||
	     cJSON_GetObjectItemCaseSensitive(body, "package") != NULL) &&
	    check_sub_package(body, rs, &pkg))
		return -1;
	const cJSON *pp = want_obj(body, "provisioningParameters", "", 0, rs, &bad);
	if (bad)
		return -1;
	if (pp == NULL)
		return 0;
	if (want_str(pp, "primaryPhoneNumber", "provisioningParameters.", 0, 32, rs, &phone) ||
	    want_str(pp, "extension", "provisioningParameters.", 0, 10, rs, &ext))
		return -1;
	if (phone && !sbx_check_e164(phone)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "provisioningParameters.primaryPhoneNumber "
				"'%s' must be E.164, e.g. +12405551212.", phone);
		return -1;
	}
	return ext ? check_extension(ext, rs) : 0;
}
