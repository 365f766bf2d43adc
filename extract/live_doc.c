/*
 * live_doc.c — OCI-P documents in memory for the live walk: answers are
 * parsed with the parser settings of files (no network, no DTD, no
 * entity substitution, libxml2's text-node limit) and refused outright
 * when they carry a DOCTYPE, since an OCI-P document never has one — so
 * an XXE or an entity bomb never reaches the parser's DTD code.
 */
#include "extract/live.h"
#include "extract/oci.h"

#include <string.h>
#include <libxml/parser.h>

void live_xml_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\r': strbuf_addstr(sb, "&#13;"); break;
		default: strbuf_addch(sb, *s);
		}
	}
}

static int has_doctype(const char *buf, size_t len)
{
	static const char pat[] = "<!DOCTYPE";
	for (size_t i = 0; i + sizeof pat - 1 <= len; i++)
		if (buf[i] == '<' && buf[i + 1] == '!' && strncmp(buf + i, pat, sizeof pat - 1) == 0)
			return 1;
	return 0;
}

int live_parse(const char *what, const char *buf, size_t len, xmlDocPtr *out,
	       struct bwm_error *err)
{
	*out = NULL;
	if (len > LIVE_MAX_DOC)
		return bwm_fail(err, BWM_EINPUT, "%s: the answer has %zu bytes, more than the %u "
				"accepted; refused", what, len, LIVE_MAX_DOC);
	if (has_doctype(buf, len))
		return bwm_fail(err, BWM_EINPUT, "%s: the answer carries a DOCTYPE (entities or an "
				"external DTD); OCI-P documents have none, so it is refused", what);
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, what, NULL, OCI_XML_OPTIONS | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();
		return bwm_fail(err, BWM_EINPUT, "%s: the answer is not well-formed XML: %s", what,
				e && e->message ? e->message : "malformed");
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		return bwm_fail(err, BWM_EINPUT, "%s: the answer carries a DTD; refused", what);
	}
	*out = doc;
	return BWM_OK;
}

static int local_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

size_t live_commands(xmlDocPtr doc, xmlNodePtr *cmds, size_t max)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t n = 0;
	if (root == NULL || !local_is(root, "BroadsoftDocument"))
		return 0;
	for (xmlNodePtr c = root->children; c != NULL && n < max; c = c->next)
		if (local_is(c, "command"))
			cmds[n++] = c;
	return n;
}

xmlNodePtr live_session_node(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL)
		return NULL;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (local_is(c, "sessionId"))
			return c;
	return NULL;
}

static xmlNodePtr find(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next) {
		if (local_is(n, name))
			return n;
		xmlNodePtr f = n->type == XML_ELEMENT_NODE ? find(n->children, name) : NULL;
		if (f != NULL)
			return f;
	}
	return NULL;
}

char *live_find_text(xmlDocPtr doc, const char *name)
{
	xmlNodePtr n = find(xmlDocGetRootElement(doc), name);
	if (n == NULL)
		return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	char *s = xstrdup(t ? (const char *)t : "");
	xmlFree(t);
	return s;
}
