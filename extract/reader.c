/*
 * reader.c — the streaming loop and the session.
 *
 * libxml2's xmlTextReader walks the input; each `command` element under a
 * BroadsoftDocument (which may sit under any wrapper root) is expanded to
 * a small subtree, handed to its family's handler, and released when the
 * reader moves on. The document itself is never held.
 *
 * Pairing (docs/export-format.md): a document made of requests is
 * remembered; the next document's response i answers its request i. A
 * response's echo attribute "TYPE?key=value&..." is used instead when
 * present. A request must be of the same family as its response (or the
 * response an ErrorResponse), otherwise the pairing is not trusted.
 *
 * OCI-P over SOAP: a capture of processOCIMessage calls holds each
 * OCI-P document as escaped text (processOCIMessageReturn in the
 * response, the call's one argument in the request). That text, one
 * element's content and so within the parser's limits, is parsed as a
 * document of its own with the same options and checks (no DTD, no
 * entities, no network), and its lines are counted from the element's
 * line in the outer file.
 */
#include "extract/oci.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OCI_DOC_COMMANDS 64   /* OCI allows 15 commands per document */

struct extract_session {
	struct extract_opts opts;           /* copied from extract_open */
	struct inventory *inv;              /* owned */
	struct oci_request prev[OCI_DOC_COMMANDS]; /* previous request document; owned */
	size_t n_prev;
	struct oci_request cur[OCI_DOC_COMMANDS];  /* requests of the current document */
	size_t n_cur;
	size_t cmd_index;                   /* index of the next command in the document */
	int doc_has_response;               /* current document holds a response */
	struct extract_stats stats;         /* counts; unknown[] owned */
	size_t cap_unknown;
	long line_base;                     /* lines of the outer file before an
	                                     * embedded (SOAP) document; 0 */
};

struct extract_session *extract_open(FILE *out, const struct extract_opts *opts)
{
	struct extract_session *s = xcalloc(1, sizeof *s);
	if (opts != NULL)
		s->opts = *opts;
	size_t thread_min = s->opts.thread_min_records ? s->opts.thread_min_records
			    : EXTRACT_THREAD_MIN_RECORDS;
	s->inv = inv_new(out, s->opts.log, s->opts.write_inline ? SIZE_MAX : thread_min);
	return s;
}

static void requests_free(struct oci_request *r, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		oci_request_free(&r[i]);
	*n = 0;
}

void extract_close(struct extract_session *s)
{
	if (s == NULL)
		return;
	inv_free(s->inv);
	requests_free(s->prev, &s->n_prev);
	requests_free(s->cur, &s->n_cur);
	for (size_t i = 0; i < s->stats.n_unknown; i++)
		free(s->stats.unknown[i].type);
	free(s->stats.unknown);
	free(s);
}

int extract_finish(struct extract_session *s, struct bwm_error *err)
{
	return inv_flush(s->inv, err);
}

static int unknown_cmp(const void *a, const void *b)
{
	return strcmp(((const struct extract_unknown *)a)->type,
		      ((const struct extract_unknown *)b)->type);
}

const struct extract_stats *extract_stats(const struct extract_session *s)
{
	struct extract_session *m = (struct extract_session *)s;
	memcpy(m->stats.written, inv_written(m->inv), sizeof m->stats.written);
	m->stats.warnings = inv_warnings(m->inv);
	if (m->stats.n_unknown > 1)
		qsort(m->stats.unknown, m->stats.n_unknown, sizeof *m->stats.unknown, unknown_cmp);
	return &s->stats;
}

static void count_unknown(struct extract_session *s, const char *type)
{
	for (size_t i = 0; i < s->stats.n_unknown; i++)
		if (strcmp(s->stats.unknown[i].type, type) == 0) {
			s->stats.unknown[i].count++;
			return;
		}
	if (s->stats.n_unknown == s->cap_unknown) {
		s->cap_unknown = s->cap_unknown ? s->cap_unknown * 2 : 8;
		s->stats.unknown = xrealloc(s->stats.unknown, s->cap_unknown * sizeof *s->stats.unknown);
	}
	s->stats.unknown[s->stats.n_unknown].type = xstrdup(type);
	s->stats.unknown[s->stats.n_unknown].count = 1;
	s->stats.n_unknown++;
}

/* ---- documents and commands ------------------------------------------------- */

static void doc_begin(struct extract_session *s)
{
	s->stats.documents++;
	requests_free(s->cur, &s->n_cur);
	s->cmd_index = 0;
	s->doc_has_response = 0;
}

static void doc_end(struct extract_session *s)
{
	/* A request document waits for the next one; a response document
	 * has consumed the requests before it. */
	requests_free(s->prev, &s->n_prev);
	if (!s->doc_has_response && s->n_cur > 0) {
		memcpy(s->prev, s->cur, s->n_cur * sizeof *s->cur);
		s->n_prev = s->n_cur;
		s->n_cur = 0;
	}
	requests_free(s->cur, &s->n_cur);
}

/* The request that gives response number idx its key, NULL if none. */
static const struct oci_request *pick_request(struct extract_session *s, xmlNodePtr node,
					      const char *family, size_t idx,
					      struct oci_request *echo_req)
{
	const struct oci_request *req = NULL;
	xmlChar *echo = xmlGetNoNsProp(node, (const xmlChar *)"echo");
	if (echo != NULL && echo[0] != '\0' && oci_request_from_echo(echo_req, (const char *)echo) == 0)
		req = echo_req;
	else if (idx < s->n_prev)
		req = &s->prev[idx];
	xmlFree(echo);
	if (req == NULL || strcmp(family, "Error") == 0)
		return req;
	char rfam[OCI_NAME_MAX];
	int is_req = 0;
	if (oci_family(req->type, rfam, &is_req) != 0 || strcmp(rfam, family) != 0)
		return NULL;
	return req;
}

static int run_handler(struct extract_session *s, const struct oci_cmd *c, oci_handler_fn fn,
		       struct bwm_error *err)
{
	struct bwm_error rerr = { BWM_OK, "" };
	int rc = fn(s->inv, c, &rerr);
	if (rc == BWM_OK)
		return BWM_OK;
	if (rc != BWM_EINPUT)
		return bwm_fail(err, rc, "%s", rerr.msg);
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "%s:%ld: %s", c->file, c->line, rerr.msg);
	inv_error(s->inv, c->file, c->line, c->type, c->req ? c->req->type : NULL, NULL, msg.buf);
	strbuf_free(&msg);
	return BWM_OK;
}

static int command(struct extract_session *s, xmlNodePtr node, const char *file,
		   struct bwm_error *err)
{
	s->stats.commands++;
	size_t idx = s->cmd_index++;
	long line = xmlGetLineNo(node) + s->line_base;
	const char *type = oci_xsi_type(node);
	char family[OCI_NAME_MAX];
	int is_req = 0;
	if (type == NULL) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s:%ld: command without xsi:type; every OCI-P "
			 "command names its type (e.g. xsi:type=\"UserGetResponse23V2\")", file, line);
		inv_error(s->inv, file, line, NULL, NULL, NULL, msg);
		return BWM_OK;
	}
	if (oci_family(type, family, &is_req) != 0) {
		count_unknown(s, type);
		inv_unread(s->inv, type, type, file, line);
		return BWM_OK;
	}
	if (is_req) {
		if (s->n_cur < OCI_DOC_COMMANDS)
			oci_request_from_node(&s->cur[s->n_cur++], type, node);
		return BWM_OK;
	}
	s->doc_has_response = 1;
	int ignored = 0;
	oci_handler_fn fn = oci_dispatch(family, &ignored);
	if (fn == NULL) {
		if (ignored) {
			s->stats.ignored++;
		} else {
			count_unknown(s, type);
			inv_unread(s->inv, family, type, file, line);
		}
		return BWM_OK;
	}
	struct oci_request echo_req = { 0 };
	struct oci_cmd c = { type, family, node, NULL, file, line };
	c.req = pick_request(s, node, family, idx, &echo_req);
	int rc = run_handler(s, &c, fn, err);
	oci_request_free(&echo_req);
	return rc;
}

/* ---- the XML loop ----------------------------------------------------------- */

/* The first error libxml2 reported for this input. */
struct xml_failure {
	int set;          /* a fatal error was seen: the input is refused */
	int have_msg;     /* msg holds an error (fatal, or one that may become so) */
	int line, col;
	char msg[512];
};

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct xml_failure *f = arg;
	/* Warnings ("xmlns: URI C is not absolute") and namespace errors
	 * (an undeclared prefix after re-serialisation) do not stop us. An
	 * error such as "huge text node" is kept in case the reader fails. */
	if (e == NULL || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE)
		return;
	if (e->level == XML_ERR_FATAL)
		f->set = 1;
	if (f->have_msg)
		return;
	f->have_msg = 1;
	f->line = e->line;
	f->col = e->int2;
	snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(f->msg);
	while (n > 0 && (f->msg[n - 1] == '\n' || f->msg[n - 1] == ' '))
		f->msg[--n] = '\0';
}

/* OCI-P documents carry no DTD. One that declares entities is refused
 * before any of them can be used (XXE, billion laughs). */
static int check_dtd(xmlTextReaderPtr rd, const char *name, long base, struct bwm_error *err)
{
	/* Not xmlTextReaderCurrentDoc(): that makes the reader keep every
	 * node (and the caller own the document), which ends streaming. */
	xmlNodePtr node = xmlTextReaderCurrentNode(rd);
	xmlDocPtr doc = node != NULL ? node->doc : NULL;
	if (doc == NULL)
		return BWM_OK;
	xmlDtdPtr dtd = doc->intSubset;
	if (doc->extSubset != NULL ||
	    (dtd != NULL && (dtd->entities != NULL || dtd->pentities != NULL ||
			     dtd->SystemID != NULL)))
		return bwm_fail(err, BWM_EINPUT,
				"%s:%ld: the DOCTYPE declares entities or an external DTD; OCI-P "
				"documents have none, so this input is refused (entity expansion "
				"and external entities are never processed)",
				name, base + xmlTextReaderGetParserLineNumber(rd));
	return BWM_OK;
}

static int read_reader(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		       int soap, size_t *docs, struct bwm_error *err);

/* An element whose text is an escaped OCI-P document: the return value
 * of processOCIMessage, or the argument of the call (in0, arg0 …). */
static int is_soap_text(xmlTextReaderPtr rd, const char *local)
{
	if (strcmp(local, "processOCIMessageReturn") == 0)
		return 1;
	xmlNodePtr n = xmlTextReaderCurrentNode(rd);
	xmlNodePtr p = n != NULL ? n->parent : NULL;
	return p != NULL && p->type == XML_ELEMENT_NODE && p->name != NULL &&
	       strcmp((const char *)p->name, "processOCIMessage") == 0;
}

/* Parse the escaped document inside the current element. Its lines are
 * those of the outer file from the element's own line; whitespace before
 * its XML declaration is skipped (and its newlines counted). An element
 * that holds elements instead (a capture that unescaped the document)
 * is left to the normal walk: *walk is set. -1: the XML is broken. */
static int soap_document(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
			 size_t *docs, int *walk, struct bwm_error *err)
{
	xmlNodePtr el = xmlTextReaderExpand(rd);
	if (el == NULL)
		return -1;
	for (xmlNodePtr c = el->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			*walk = 1;
			return BWM_OK;
		}
	long base = s->line_base + xmlGetLineNo(el) - 1;
	xmlChar *text = xmlNodeGetContent(el);
	if (text == NULL)
		return BWM_OK;
	const char *p = (const char *)text;
	for (; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		base += *p == '\n';
	size_t len = strlen(p);
	int rc = BWM_OK;
	if (len > 0 && len <= (size_t)INT32_MAX) {
		long saved = s->line_base;
		s->line_base = base;
		/* the text is UTF-8 now, whatever its declaration says */
		xmlTextReaderPtr in = xmlReaderForMemory(p, (int)len, name, "UTF-8",
							 OCI_XML_OPTIONS | XML_PARSE_IGNORE_ENC);
		rc = read_reader(s, in, name, 0, docs, err);
		s->line_base = saved;
	}
	xmlFree(text);
	return rc;
}

static int xml_loop(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		    int soap, size_t *docs, struct bwm_error *err)
{
	int doc_depth = -1, checked = 0;
	int ret = xmlTextReaderRead(rd);
	while (ret == 1) {
		int type = xmlTextReaderNodeType(rd);
		if (!checked && (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ELEMENT)) {
			if (check_dtd(rd, name, s->line_base, err) != BWM_OK)
				return err->status;
			checked = type == XML_READER_TYPE_ELEMENT;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *local = (const char *)xmlTextReaderConstLocalName(rd);
			int depth = xmlTextReaderDepth(rd);
			int walk = 0;
			if (doc_depth < 0 && soap && is_soap_text(rd, local)) {
				int rc = soap_document(s, rd, name, docs, &walk, err);
				if (rc != BWM_OK)
					return rc;
				if (!walk) {
					ret = xmlTextReaderNext(rd);
					continue;
				}
			}
			if (doc_depth < 0 && strcmp(local, "BroadsoftDocument") == 0) {
				doc_begin(s);
				(*docs)++;
				if (xmlTextReaderIsEmptyElement(rd))
					doc_end(s);
				else
					doc_depth = depth;
			} else if (doc_depth >= 0 && depth == doc_depth + 1) {
				if (strcmp(local, "command") == 0) {
					xmlNodePtr node = xmlTextReaderExpand(rd);
					if (node == NULL)
						return -1;
					int rc = command(s, node, name, err);
					if (rc != BWM_OK)
						return rc;
				}
				/* sessionId, trackingId, a command: skip the subtree */
				ret = xmlTextReaderNext(rd);
				continue;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && doc_depth >= 0 &&
			   xmlTextReaderDepth(rd) == doc_depth) {
			doc_end(s);
			doc_depth = -1;
		}
		ret = xmlTextReaderRead(rd);
	}
	return ret < 0 ? -1 : BWM_OK;
}

/* Stream rd through the session (SOAP-embedded documents too when soap
 * is set); frees rd. Malformed XML is BWM_EINPUT "name:line:col: what",
 * lines counted in the outer file. */
static int read_reader(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		       int soap, size_t *docs, struct bwm_error *err)
{
	struct xml_failure f = { 0 };
	if (rd == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot start the XML reader", name);
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &f);
	/* on_xml_error ignores warnings, but libxml2 formats and copies each
	 * one before handing it over: every BroadsoftDocument's xmlns="C"
	 * draws "URI C is not absolute". That was a twentieth of the run
	 * (what `xmllint --nowarning` skips the same way). The switch is
	 * libxml2's own per-thread setting: turned off for this input only,
	 * and put back as it was. */
	int warnings = xmlGetWarningsDefaultValue;
	xmlGetWarningsDefaultValue = 0;
	int rc = xml_loop(s, rd, name, soap, docs, err);
	xmlGetWarningsDefaultValue = warnings;
	if (rc == -1 || (rc == BWM_OK && f.set)) {
		if (f.have_msg)
			rc = bwm_fail(err, BWM_EINPUT, "%s:%ld:%d: %s; the input is refused "
				      "(not well-formed XML, truncated, or beyond the parser's "
				      "limits): export it again", name, s->line_base + f.line, f.col,
				      f.msg);
		else
			rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: the XML reader failed; the file is "
				      "not well-formed XML", name,
				      s->line_base + xmlTextReaderGetParserLineNumber(rd));
	}
	xmlFreeTextReader(rd);
	return rc;
}

/* path is from the file system, any bytes: records quote it as
 * source.file, and an inventory holds UTF-8 only (core/jsonl.h). */
int oci_read_xml(struct extract_session *s, xmlTextReaderPtr rd, const char *path,
		 struct bwm_error *err)
{
	size_t docs = 0;
	char *name = json_utf8_copy(path);
	if (rd != NULL)
		s->stats.files++;
	int rc = read_reader(s, rd, name, 1, &docs, err);
	if (rc == BWM_OK && docs == 0)
		rc = bwm_fail(err, BWM_EINPUT, "%s: no BroadsoftDocument found: this is not an "
			      "OCI-P export (see docs/export-format.md)", name);
	free(name);
	/* A request document at the end of one file may be answered by the
	 * first document of the next (folders of one document per file). */
	return rc;
}
