/*
 * live_key.c — what makes two requests the same question: the command
 * family and the identifying members. The live walk uses it to find, on
 * resume, the answers already in the spool; the sandbox's responder uses
 * it to find a request's answer in a bundle. Versions (UserGetRequest22
 * or 23V2) and member order do not matter; paging and search options
 * (responseSizeLimit, searchCriteria…) do not identify anything.
 */
#include "extract/live.h"
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>

#define KEY_FIELDS 32

struct key_field {
	const char *name;
	const char *value;
};

static int field_cmp(const void *a, const void *b)
{
	const struct key_field *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c != 0 ? c : strcmp(x->value, y->value);
}

static int skipped(const char *name)
{
	return strcmp(name, "responseSizeLimit") == 0 ||
	       strncmp(name, "searchCriteria", 14) == 0 || strncmp(name, "sortBy", 6) == 0;
}

/* Leaves under el (recursing into keys such as scheduleKey). */
static void collect(xmlNodePtr el, struct key_field *f, size_t *n)
{
	for (xmlNodePtr c = el->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped((const char *)c->name))
			continue;
		if (oci_child(c, NULL) != NULL) {
			collect(c, f, n);
		} else if (*n < KEY_FIELDS) {
			const char *t = oci_text(c);
			f[*n].name = (const char *)c->name;
			f[*n].value = t ? t : "";
			(*n)++;
		}
	}
}

/* "%" and the separators are escaped so that no value can forge a field. */
static void add_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '&' || *s == '=' || *s == '?' || (unsigned char)*s < 0x20)
			strbuf_addf(sb, "%%%02X", (unsigned char)*s);
		else
			strbuf_addch(sb, *s);
	}
}

static void key_of(const char *family, struct key_field *f, size_t n, struct strbuf *key)
{
	qsort(f, n, sizeof *f, field_cmp);
	strbuf_reset(key);
	strbuf_addstr(key, family);
	for (size_t i = 0; i < n; i++) {
		strbuf_addch(key, i == 0 ? '?' : '&');
		add_escaped(key, f[i].name);
		strbuf_addch(key, '=');
		add_escaped(key, f[i].value);
	}
}

int live_request_key(xmlNodePtr cmd, struct strbuf *key)
{
	const char *type = oci_xsi_type(cmd);
	char family[OCI_NAME_MAX];
	int is_request = 0;
	if (type == NULL || oci_family(type, family, &is_request) != 0 || !is_request)
		return -1;
	struct key_field f[KEY_FIELDS];
	size_t n = 0;
	collect(cmd, f, &n);
	key_of(family, f, n, key);
	return 0;
}

int live_echo_key(const char *echo, struct strbuf *key)
{
	struct oci_request r = { 0 };
	if (oci_request_from_echo(&r, echo) != 0)
		return -1;
	char family[OCI_NAME_MAX];
	int is_request = 0, rc = -1;
	if (oci_family(r.type, family, &is_request) == 0 && is_request) {
		struct key_field f[KEY_FIELDS];
		size_t n = 0;
		for (size_t i = 0; i < r.n && n < KEY_FIELDS; i++)
			if (!skipped(r.name[i])) {
				f[n].name = r.name[i];
				f[n].value = r.value[i] ? r.value[i] : "";
				n++;
			}
		key_of(family, f, n, key);
		rc = 0;
	}
	oci_request_free(&r);
	return rc;
}
