/*
 * verify_compare.c — is what the API holds what the plan sent?
 *
 * Every planned field (a leaf of the request body, after "$ref"s are
 * resolved) must be found at the same place in the object read back, with
 * the same value. The one table below lists the exceptions: fields the
 * server does not give back (write-only), fields read elsewhere, and values
 * it normalises. docs/verify.md prints the same table; keep them together.
 * Fields the server adds (ids, status, timestamps, defaults) are never
 * looked at, since only planned fields are walked.
 */
#include "load/verify.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum how {
	H_SAME = 0,     /* equal JSON values (phone-looking strings as E.164 digits) */
	H_NOCASE,       /* strings equal ignoring case (e-mail, language codes) */
	H_SET,          /* arrays equal ignoring order (packages) */
	H_BY_NUMBER,    /* each planned element found by its number; "action" not read back */
	H_MAC,          /* the same MAC address, whatever the case and separators */
	H_SKIP          /* not given back by the read; see `why` */
};

struct rule {
	const char *kind;      /* plan kind; "person" = a subscriber read as a person */
	const char *field;     /* dotted path in the planned body ("a.b") */
	enum how how;
	const char *why;       /* for H_SKIP: where it is verified instead */
};

static const struct rule rules[] = {
	{ "customer", "provisioningId", H_SKIP, "write-only: not in the Customer object" },
	{ "customer", "customerInfo", H_SKIP, "write-only: not in the Customer object" },
	{ "customer", "provisioningParameters", H_SKIP,
	  "write-only; the calling location is verified as its location entry" },
	{ "customer", "packages", H_SET, NULL },
	{ "device", "mac", H_MAC, NULL },
	{ "device", "password", H_SKIP, "write-only: a SIP password is never read back; it is "
	  "in the credentials file" },
	{ "subscriber", "customerId", H_SAME, NULL },
	{ "subscriber", "email", H_NOCASE, NULL },
	{ "subscriber", "packages", H_SET, NULL },
	{ "subscriber", "provisioningParameters", H_SKIP,
	  "read from the person (GET /people/{personId})" },
	{ "person", "locationId", H_SAME, NULL },
	{ "user_setting", "phoneNumbers", H_BY_NUMBER, NULL },
	{ "location", "preferredLanguage", H_NOCASE, NULL },
	{ "location", "announcementLanguage", H_NOCASE, NULL },
	{ "location", "timeZone", H_SAME, NULL },
};

static const struct rule *rule_for(const char *kind, const char *path)
{
	for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++)
		if (strcmp(rules[k].kind, kind) == 0 && strcmp(rules[k].field, path) == 0)
			return &rules[k];
	return NULL;
}

/* "+1 (617) 555-0100" and "+16175550100" are the same number. */
static int phone_like(const char *s)
{
	if (s[0] != '+' || !isdigit((unsigned char)s[1]))
		return 0;
	for (s++; *s; s++)
		if (!isdigit((unsigned char)*s) && !strchr(" -().", *s))
			return 0;
	return 1;
}

static int same_phone(const char *a, const char *b)
{
	for (;;) {
		while (*a && !isdigit((unsigned char)*a))
			a++;
		while (*b && !isdigit((unsigned char)*b))
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
		a++, b++;
	}
}

static int same_scalar(const cJSON *p, const cJSON *f, enum how how)
{
	if (cJSON_IsString(p) && cJSON_IsString(f)) {
		if (how == H_NOCASE)
			return strcasecmp(p->valuestring, f->valuestring) == 0;
		if (how == H_MAC)
			return response_same_mac(p->valuestring, f->valuestring);
		if (phone_like(p->valuestring) && phone_like(f->valuestring))
			return same_phone(p->valuestring, f->valuestring);
		return strcmp(p->valuestring, f->valuestring) == 0;
	}
	return cJSON_Compare(p, f, 1);
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Arrays as multisets of their printed elements. */
static int same_set(const cJSON *p, const cJSON *f)
{
	int n = cJSON_GetArraySize(p);
	if (!cJSON_IsArray(f) || cJSON_GetArraySize(f) != n)
		return 0;
	char **a = xcalloc((size_t)n + 1, sizeof *a), **b = xcalloc((size_t)n + 1, sizeof *b);
	for (int k = 0; k < n; k++) {
		a[k] = cJSON_PrintUnformatted(cJSON_GetArrayItem(p, k));
		b[k] = cJSON_PrintUnformatted(cJSON_GetArrayItem(f, k));
	}
	qsort(a, (size_t)n, sizeof *a, cmp_text);
	qsort(b, (size_t)n, sizeof *b, cmp_text);
	int same = 1;
	for (int k = 0; k < n; k++) {
		same = same && strcmp(a[k], b[k]) == 0;
		cJSON_free(a[k]);
		cJSON_free(b[k]);
	}
	free(a);
	free(b);
	return same;
}

static void add_mismatch(struct verify *v, size_t i, const char *path, const cJSON *p,
			 const cJSON *f)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "kind", v->r.plan.v[i].kind);
	cJSON_AddStringToObject(m, "key", v->r.plan.v[i].key);
	cJSON_AddStringToObject(m, "field", path);
	char *pt = p ? cJSON_PrintUnformatted(p) : NULL, *ft = f ? cJSON_PrintUnformatted(f) : NULL;
	cJSON_AddStringToObject(m, "planned", pt ? pt : "(absent)");
	cJSON_AddStringToObject(m, "found", ft ? ft : "(absent)");
	cJSON_free(pt);
	cJSON_free(ft);
	cJSON_AddItemToArray(v->mismatches, m);
}

struct walk {
	struct verify *v;
	size_t i;
	const char *kind;   /* rule kind */
	int n;              /* mismatches appended */
};

static void walk(struct walk *w, const char *path, const cJSON *p, const cJSON *f);

static const char *number_of(const cJSON *o)
{
	const char *n = json_str(o, "directNumber");
	return n ? n : json_str_or(o, "phoneNumber", "");
}

/* Alternate numbers: PUT sends {action: ADD, directNumber, …}; GET lists
 * the person's numbers. Each planned one must be there, by its number. */
static void walk_by_number(struct walk *w, const char *path, const cJSON *p, const cJSON *f)
{
	const cJSON *a, *b;
	cJSON_ArrayForEach(a, p) {
		const cJSON *hit = NULL;
		cJSON_ArrayForEach(b, f)
			if (same_phone(number_of(a), number_of(b)))
				hit = hit ? hit : b;
		char sub[512];
		snprintf(sub, sizeof sub, "%s[%s]", path, number_of(a));
		if (hit == NULL) {
			add_mismatch(w->v, w->i, sub, a, NULL);
			w->n++;
			continue;
		}
		const cJSON *m;
		cJSON_ArrayForEach(m, a) {
			if (strcmp(m->string, "action") == 0)
				continue;
			char leaf[600];
			snprintf(leaf, sizeof leaf, "%s.%s", sub, m->string);
			walk(w, leaf, m, cJSON_GetObjectItemCaseSensitive(hit, m->string));
		}
	}
}

static void walk(struct walk *w, const char *path, const cJSON *p, const cJSON *f)
{
	const struct rule *ru = rule_for(w->kind, path);
	enum how how = ru ? ru->how : H_SAME;
	if (how == H_SKIP || cJSON_GetObjectItemCaseSensitive(p, "$secret") != NULL)
		return;   /* a {"$secret"} is made at send time and never read back */
	if (how == H_BY_NUMBER && cJSON_IsArray(p)) {
		walk_by_number(w, path, p, cJSON_IsArray(f) ? f : NULL);
		return;
	}
	if (cJSON_IsObject(p) && cJSON_IsObject(f)) {
		const cJSON *m;
		cJSON_ArrayForEach(m, p) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", m->string);
			walk(w, sub, m, cJSON_GetObjectItemCaseSensitive(f, m->string));
		}
		return;
	}
	int same;
	if (cJSON_IsArray(p) && cJSON_IsArray(f) && how != H_SET &&
	    cJSON_GetArraySize(p) == cJSON_GetArraySize(f) && cJSON_IsObject(p->child)) {
		/* Lists of objects (members, agents) keep their order: walk each. */
		int k = 0;
		const cJSON *a, *b = f->child;
		cJSON_ArrayForEach(a, p) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s[%d]", path, k++);
			walk(w, sub, a, b);
			b = b ? b->next : NULL;
		}
		return;
	}
	if (cJSON_IsArray(p))
		same = how == H_SET ? same_set(p, f) : cJSON_Compare(p, f, 1);
	else
		same = f != NULL && same_scalar(p, f, how);
	if (!same) {
		add_mismatch(w->v, w->i, path, p, f);
		w->n++;
	}
}

/* The person's fields under the names the subscriber body plans them. */
static cJSON *person_as_planned(const cJSON *person)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const same[] = { "firstName", "lastName", "extension", "locationId" };
	for (size_t k = 0; k < sizeof same / sizeof same[0]; k++)
		json_add_str_opt(o, same[k], json_str(person, same[k]));
	const cJSON *n;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(person, "phoneNumbers"))
		if (strcmp(json_str_or(n, "type", ""), "work") == 0) {
			json_add_str_opt(o, "primaryPhoneNumber", json_str(n, "value"));
			break;
		}
	return o;
}

int verify_compare(struct verify *v, size_t i, int phase, const cJSON *planned,
		   const cJSON *found)
{
	struct walk w = { v, i, v->r.plan.v[i].kind, 0 };
	if (phase == VP_PERSON) {
		cJSON *view = person_as_planned(found);
		w.kind = "person";
		walk(&w, "provisioningParameters",
		     cJSON_GetObjectItemCaseSensitive(planned, "provisioningParameters"), view);
		cJSON_Delete(view);
		return w.n;
	}
	walk(&w, "", planned, found);
	return w.n;
}

int verify_compare_numbers(struct verify *v, size_t i, const cJSON *planned,
			   const cJSON *items)
{
	int n = 0;
	const char *state = json_str(planned, "state");
	const cJSON *want;
	cJSON_ArrayForEach(want, cJSON_GetObjectItemCaseSensitive(planned, "phoneNumbers")) {
		if (!cJSON_IsString(want))
			continue;
		const cJSON *it, *hit = NULL;
		cJSON_ArrayForEach(it, items)
			if (same_phone(json_str_or(it, "phoneNumber", ""), want->valuestring)) {
				hit = it;
				break;
			}
		char path[128];
		snprintf(path, sizeof path, "phoneNumbers[%s]", want->valuestring);
		if (hit == NULL) {
			add_mismatch(v, i, path, want, NULL);
			n++;
		} else if (state && json_str(hit, "state") &&
			   strcasecmp(state, json_str(hit, "state")) != 0) {
			strncat(path, ".state", sizeof path - strlen(path) - 1);
			add_mismatch(v, i, path, cJSON_GetObjectItemCaseSensitive(planned, "state"),
				     cJSON_GetObjectItemCaseSensitive(hit, "state"));
			n++;
		}
	}
	return n;
}
