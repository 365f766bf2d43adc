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
	long line = xmlGetLineNo(node);
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
		if (ignored)
			s->stats.ignored++;
		else
			count_unknown(s, type);
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
static int check_dtd(xmlTextReaderPtr rd, const char *name, struct bwm_error *err)
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
				"%s:%d: the DOCTYPE declares entities or an external DTD; OCI-P "
				"documents have none, so this input is refused (entity expansion "
				"and external entities are never processed)",
				name, xmlTextReaderGetParserLineNumber(rd));
	return BWM_OK;
}

static int xml_loop(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		    size_t *docs, struct bwm_error *err)
{
	int doc_depth = -1, checked = 0;
	int ret = xmlTextReaderRead(rd);
	while (ret == 1) {
		int type = xmlTextReaderNodeType(rd);
		if (!checked && (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ELEMENT)) {
			if (check_dtd(rd, name, err) != BWM_OK)
				return err->status;
			checked = type == XML_READER_TYPE_ELEMENT;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *local = (const char *)xmlTextReaderConstLocalName(rd);
			int depth = xmlTextReaderDepth(rd);
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

static int read_named(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		      struct bwm_error *err)
{
	struct xml_failure f = { 0 };
	size_t docs = 0;
	if (rd == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot start the XML reader", name);
	s->stats.files++;
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &f);
	/* on_xml_error ignores warnings, but libxml2 formats and copies each
	 * one before handing it over: every BroadsoftDocument's xmlns="C"
	 * draws "URI C is not absolute". That was a twentieth of the run
	 * (what `xmllint --nowarning` skips the same way). The switch is
	 * libxml2's own per-thread setting: turned off for this input only,
	 * and put back as it was. */
	int warnings = xmlGetWarningsDefaultValue;
	xmlGetWarningsDefaultValue = 0;
	int rc = xml_loop(s, rd, name, &docs, err);
	xmlGetWarningsDefaultValue = warnings;
	if (rc == -1 || (rc == BWM_OK && f.set)) {
		if (f.have_msg)
			rc = bwm_fail(err, BWM_EINPUT, "%s:%d:%d: %s; the input is refused "
				      "(not well-formed XML, truncated, or beyond the parser's "
				      "limits): export it again", name, f.line, f.col, f.msg);
		else
			rc = bwm_fail(err, BWM_EINPUT, "%s:%d: the XML reader failed; the file is "
				      "not well-formed XML", name, xmlTextReaderGetParserLineNumber(rd));
	} else if (rc == BWM_OK && docs == 0) {
		rc = bwm_fail(err, BWM_EINPUT, "%s: no BroadsoftDocument found: this is not an "
			      "OCI-P export (see docs/export-format.md)", name);
	}
	/* A request document at the end of one file may be answered by the
	 * first document of the next (folders of one document per file). */
	xmlFreeTextReader(rd);
	return rc;
}

/* path is from the file system, any bytes: records quote it as
 * source.file, and an inventory holds UTF-8 only (core/jsonl.h). */
int oci_read_xml(struct extract_session *s, xmlTextReaderPtr rd, const char *path,
		 struct bwm_error *err)
{
	char *name = json_utf8_copy(path);
	int rc = read_named(s, rd, name, err);
	free(name);
	return rc;
}
