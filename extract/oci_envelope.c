/*
 * oci_envelope.c — reading the OCI-P envelope around one command: its
 * xsi:type and command family, the request (or echo tag) that gives a
 * response its key, and small helpers to read an expanded command subtree.
 *
 * The DOM helpers return pointers into the subtree, never copies: a
 * command's subtree lives until the reader moves past it, which is after
 * its handler has copied what it needs into JSON.
 */
#include "extract/oci.h"
#include "extract/jtext.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

void oci_request_free(struct oci_request *r)
{
	free(r->type);
	for (size_t i = 0; i < r->n; i++) {
		free(r->name[i]);
		free(r->value[i]);
	}
	memset(r, 0, sizeof *r);
}

const char *oci_req_get(const struct oci_request *r, const char *name)
{
	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->name[i], name) == 0)
			return r->value[i];
	return NULL;
}

static void request_add(struct oci_request *r, const char *name, const char *value)
{
	if (r->n >= OCI_REQ_FIELDS || oci_req_get(r, name) != NULL)
		return;
	r->name[r->n] = xstrdup(name);
	r->value[r->n] = xstrdup(value);
	r->n++;
}

void oci_request_from_node(struct oci_request *r, const char *type, xmlNodePtr cmd)
{
	memset(r, 0, sizeof *r);
	r->type = xstrdup(type);
	for (xmlNodePtr el = oci_child(cmd, NULL); el != NULL; el = el->next) {
		if (el->type != XML_ELEMENT_NODE)
			continue;
		const char *text = oci_text(el);
		if (text != NULL) {
			request_add(r, (const char *)el->name, text);
			continue;
		}
		/* A key element (scheduleKey {scheduleName, scheduleType}) gives
		 * its leaves, under their own names, after the plain fields. */
		for (xmlNodePtr leaf = oci_child(el, NULL); leaf != NULL; leaf = leaf->next)
			if (leaf->type == XML_ELEMENT_NODE && oci_text(leaf) != NULL)
				request_add(r, (const char *)leaf->name, oci_text(leaf));
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode application/x-www-form-urlencoded text of length n into a new string. */
static char *url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			out[j++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
					  hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			out[j++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	out[j] = '\0';
	return out;
}

int oci_request_from_echo(struct oci_request *r, const char *echo)
{
	memset(r, 0, sizeof *r);
	const char *q = strchr(echo, '?');
	if (q == NULL || q == echo)
		return -1;
	for (const char *p = echo; p < q; p++)
		if (!isalnum((unsigned char)*p))
			return -1;
	r->type = xstrndup(echo, (size_t)(q - echo));
	const char *p = q + 1;
	while (*p != '\0') {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq != NULL && eq > p) {
			char *name = url_decode(p, (size_t)(eq - p));
			char *value = url_decode(eq + 1, len - (size_t)(eq - p) - 1);
			if (value[0] != '\0')
				request_add(r, name, value);
			free(name);
			free(value);
		}
		p += len;
		if (*p == '&')
			p++;
	}
	return 0;
}

/* The attribute is xsi:type when its namespace is XSI, or (after a
 * re-serialisation lost the declaration) when it is literally prefixed
 * "xsi". A plain type="Error" on ErrorResponse is not it. */
const char *oci_xsi_type(xmlNodePtr cmd)
{
	for (xmlAttrPtr a = cmd->properties; a != NULL; a = a->next) {
		int is_xsi = 0;
		if (strcmp((const char *)a->name, "type") == 0 && a->ns != NULL &&
		    ((a->ns->href && strcmp((const char *)a->ns->href, XSI_NS) == 0) ||
		     (a->ns->prefix && strcmp((const char *)a->ns->prefix, "xsi") == 0)))
			is_xsi = 1;
		if (strcmp((const char *)a->name, "xsi:type") == 0)
			is_xsi = 1;
		if (!is_xsi || a->children == NULL || a->children->content == NULL)
			continue;
		const char *v = (const char *)a->children->content;
		const char *colon = strrchr(v, ':');
		return colon ? colon + 1 : v;
	}
	return NULL;
}

/* A version suffix: digits, then letters+digits groups ("23V2", "21sp1",
 * "13mp16", "22V5"). */
static int is_version(const char *s)
{
	if (*s == '\0')
		return 1;
	if (!isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s))
			return 0;
	return 1;
}

int oci_family(const char *type, char family[OCI_NAME_MAX], int *is_request)
{
	static const char *const suffix[] = { "Response", "Request" };
	size_t tlen = strlen(type);
	for (int k = 0; k < 2; k++) {
		/* the last occurrence: scan back from the end (this runs for
		 * every command, and the suffix is nearly always at the end) */
		size_t slen = strlen(suffix[k]);
		const char *hit = NULL;
		for (size_t at = tlen >= slen ? tlen - slen + 1 : 0; at-- > 0;)
			if (type[at] == 'R' && memcmp(type + at, suffix[k], slen) == 0) {
				hit = type + at;
				break;
			}
		if (hit == NULL || hit == type || !is_version(hit + slen))
			continue;
		size_t n = (size_t)(hit - type);
		if (n >= OCI_NAME_MAX)
			return -1;
		memcpy(family, type, n);
		family[n] = '\0';
		*is_request = k == 1;
		return 0;
	}
	return -1;
}

/* a == b, first byte compared inline: handlers look up every element by
 * name, and most candidates differ at once. */
static inline int name_is(const xmlChar *a, const char *b)
{
	return (char)a[0] == b[0] && strcmp((const char *)a, b) == 0;
}

/* Two element names of one document: the parser interns names in its
 * dictionary, so equal names are mostly the same pointer. */
static inline int same_name(const xmlChar *a, const xmlChar *b)
{
	return a == b || name_is(a, (const char *)b);
}

xmlNodePtr oci_child(xmlNodePtr parent, const char *name)
{
	if (parent == NULL)
		return NULL;
	for (xmlNodePtr el = parent->children; el != NULL; el = el->next)
		if (el->type == XML_ELEMENT_NODE && (name == NULL || name_is(el->name, name)))
			return el;
	return NULL;
}

xmlNodePtr oci_next_same(xmlNodePtr el)
{
	for (xmlNodePtr n = el->next; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && same_name(n->name, el->name))
			return n;
	return NULL;
}

const char *oci_text(xmlNodePtr el)
{
	if (el == NULL)
		return NULL;
	xmlNodePtr t = el->children;
	/* The parser merges adjacent character data, so a leaf holds one text
	 * (or CDATA) node; anything else is not a leaf. */
	if (t == NULL || t->next != NULL ||
	    (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE))
		return NULL;
	const char *s = (const char *)t->content;
	return s != NULL && s[0] != '\0' ? s : NULL;
}

const char *oci_get(xmlNodePtr parent, const char *name)
{
	return oci_text(oci_child(parent, name));
}

void oci_put_str(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem)
{
	json_add_str_opt(obj, name, oci_get(parent, elem));
}

void oci_put_bool_text(cJSON *obj, const char *name, const char *text)
{
	if (text == NULL)
		return;
	if (strcmp(text, "true") == 0)
		cJSON_AddTrueToObject(obj, name);
	else if (strcmp(text, "false") == 0)
		cJSON_AddFalseToObject(obj, name);
	else
		cJSON_AddStringToObject(obj, name, text);
}

void oci_put_bool(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem)
{
	oci_put_bool_text(obj, name, oci_get(parent, elem));
}

/* An integer small enough to be exact in a double, without leading zeros
 * (so that "0044" stays text). */
static int is_int(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	size_t n = strlen(p);
	if (n == 0 || n > 12 || (n > 1 && p[0] == '0'))
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

void oci_put_int_text(cJSON *obj, const char *name, const char *text)
{
	if (text == NULL)
		return;
	if (is_int(text))
		cJSON_AddNumberToObject(obj, name, strtod(text, NULL));
	else
		cJSON_AddStringToObject(obj, name, text);
}

void oci_put_int(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem)
{
	oci_put_int_text(obj, name, oci_get(parent, elem));
}

static cJSON *nonempty(cJSON *o)
{
	if (o->child == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* StreetAddress members, inventory names = element names. */
static const char *const address_fields[] = { "addressLine1", "addressLine2", "city",
	"stateOrProvince", "zipOrPostalCode", "country" };
#define ADDRESS_FIELDS (sizeof address_fields / sizeof address_fields[0])

cJSON *oci_address(xmlNodePtr el)
{
	if (el == NULL)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < ADDRESS_FIELDS; i++)
		oci_put_str(o, address_fields[i], el, address_fields[i]);
	return nonempty(o);
}

cJSON *oci_contact(xmlNodePtr el)
{
	if (el == NULL)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	oci_put_str(o, "name", el, "contactName");
	oci_put_str(o, "number", el, "contactNumber");
	oci_put_str(o, "email", el, "contactEmail");
	return nonempty(o);
}

void oci_put_contact_address(cJSON *obj, xmlNodePtr n)
{
	cJSON *contact = oci_contact(oci_child(n, "contact"));
	if (contact != NULL)
		cJSON_AddItemToObject(obj, "contact", contact);
	cJSON *addr = oci_address(oci_child(n, "address"));
	if (addr != NULL)
		cJSON_AddItemToObject(obj, "address", addr);
}

/* Element names that hold numbers people dial stay text even when they
 * are all digits. */
static int is_phone_name(const char *name)
{
	size_t n = strlen(name);
	return strstr(name, "Phone") != NULL ||
	       (n >= 6 && strcmp(name + n - 6, "Number") == 0) ||
	       (n >= 8 && strcmp(name + n - 8, "xtension") == 0);   /* extension */
}

/* 1 when an earlier sibling of el has its name. */
static int seen_before(xmlNodePtr el)
{
	for (xmlNodePtr n = el->prev; n != NULL; n = n->prev)
		if (n->type == XML_ELEMENT_NODE && same_name(n->name, el->name))
			return 1;
	return 0;
}

/* ---- subtrees as JSON text ---------------------------------------------------- */

/* "name": (a comma first unless it opens its object). */
static void text_key(struct strbuf *sb, int *count, const char *name)
{
	if ((*count)++ > 0)
		strbuf_addch(sb, ',');
	jtext_string(sb, name);
	strbuf_addch(sb, ':');
}

int oci_address_text(struct strbuf *sb, xmlNodePtr el)
{
	if (el == NULL)
		return 0;
	size_t start = sb->len;
	int count = 0;
	strbuf_addch(sb, '{');
	for (size_t i = 0; i < ADDRESS_FIELDS; i++) {
		const char *v = oci_get(el, address_fields[i]);
		if (v == NULL)
			continue;
		text_key(sb, &count, address_fields[i]);
		jtext_string(sb, v);
	}
	if (count == 0) {          /* an empty address is left out */
		sb->len = start;
		sb->buf[start] = '\0';
		return 0;
	}
	strbuf_addch(sb, '}');
	return 1;
}

/* A table as an array of row objects keyed by heading. */
static void table_text(struct strbuf *sb, xmlNodePtr tab)
{
	struct oci_table t;
	int rows = 0;
	strbuf_addch(sb, '[');
	if (oci_table_open(&t, tab) == 0) {
		while (oci_table_next(&t)) {
			int count = 0;
			if (rows++ > 0)
				strbuf_addch(sb, ',');
			strbuf_addch(sb, '{');
			for (size_t i = 0; i < t.ncols; i++) {
				if (t.cell[i] == NULL)
					continue;
				text_key(sb, &count, t.heading[i]);
				jtext_string(sb, t.cell[i]);
			}
			strbuf_addch(sb, '}');
		}
	}
	strbuf_addch(sb, ']');
}

/* One element's value: a table, an object, true/false, an integer (written
 * as its own text: is_int admits no form that printing the number would
 * change) or a string; an empty element is "". */
static void value_text(struct strbuf *sb, xmlNodePtr el)
{
	if (oci_child(el, "colHeading") != NULL) {
		table_text(sb, el);
		return;
	}
	if (oci_child(el, NULL) != NULL) {
		oci_json_text(sb, el);
		return;
	}
	const char *s = oci_text(el);
	if (s == NULL)
		strbuf_addstr(sb, "\"\"");
	else if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
		 (is_int(s) && !is_phone_name((const char *)el->name)))
		strbuf_addstr(sb, s);
	else
		jtext_string(sb, s);
}

void oci_json_text(struct strbuf *sb, xmlNodePtr parent)
{
	int count = 0;
	strbuf_addch(sb, '{');
	for (xmlNodePtr el = oci_child(parent, NULL); el != NULL; el = el->next) {
		if (el->type != XML_ELEMENT_NODE || seen_before(el))
			continue;
		text_key(sb, &count, (const char *)el->name);
		if (oci_next_same(el) == NULL) {
			value_text(sb, el);
			continue;
		}
		/* a repeated element becomes an array of its values */
		strbuf_addch(sb, '[');
		for (xmlNodePtr n = el; n != NULL; n = oci_next_same(n)) {
			if (n != el)
				strbuf_addch(sb, ',');
			value_text(sb, n);
		}
		strbuf_addch(sb, ']');
	}
	strbuf_addch(sb, '}');
}
