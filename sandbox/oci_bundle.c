/*
 * oci_bundle.c — an export bundle read into a table of answers: each
 * response command, keyed by the request it answers (extract/live.h's
 * request key), found by the pairing rules of docs/export-format.md: an
 * echo tag, or response i of a document answering request i of the
 * request document before it. Responses that stand alone are not
 * answerable and are left out. The bundle is a test fixture, but it is
 * read with the parser settings of any input all the same.
 */
#include "sandbox/oci.h"
#include "extract/live.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>
#include <libxml/parser.h>

#define MAX_CMDS 64

struct pending {
	char *key[MAX_CMDS];
	size_t n;
};

static void pending_clear(struct pending *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->key[i]);
	p->n = 0;
}

static int is_response(xmlNodePtr cmd)
{
	for (xmlAttrPtr a = cmd->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "type") == 0 && a->children != NULL &&
		    a->children->content != NULL)
			return strstr((const char *)a->children->content, "Response") != NULL;
	return 0;
}

static void store(struct sbx_oci *o, const char *key, xmlNodePtr cmd)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodeDump(b, cmd->doc, cmd, 0, 0);
	if (live_keyset_add(o->answers, key, (const char *)xmlBufferContent(b)))
		o->n_answers++;
	xmlBufferFree(b);
}

static void document(struct sbx_oci *o, xmlNodePtr bd, struct pending *p)
{
	xmlNodePtr cmds[MAX_CMDS];
	size_t n = 0;
	int any_response = 0;
	for (xmlNodePtr c = bd->children; c != NULL && n < MAX_CMDS; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "command") == 0) {
			any_response |= is_response(c);
			cmds[n++] = c;
		}
	if (!any_response) {
		pending_clear(p);
		struct strbuf key = STRBUF_INIT;
		for (size_t i = 0; i < n; i++)
			p->key[p->n++] = live_request_key(cmds[i], &key) == 0 ? xstrdup(key.buf) : NULL;
		strbuf_free(&key);
		return;
	}
	struct strbuf key = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		xmlChar *echo = xmlGetProp(cmds[i], (const xmlChar *)"echo");
		if (echo != NULL && live_echo_key((const char *)echo, &key) == 0)
			store(o, key.buf, cmds[i]);
		else if (i < p->n && p->key[i] != NULL)
			store(o, p->key[i], cmds[i]);
		xmlFree(echo);
	}
	strbuf_free(&key);
	pending_clear(p);
}

static void walk(struct sbx_oci *o, xmlNodePtr n, struct pending *p)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "BroadsoftDocument") == 0)
			document(o, n, p);
		else
			walk(o, n->children, p);
	}
}

static int add_xml(struct sbx_oci *o, const char *name, const char *buf, size_t len,
		   struct pending *p, struct bwm_error *err)
{
	if (strstr(buf, "<!DOCTYPE") != NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: a DOCTYPE; refused", name);
	xmlDocPtr d = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET |
				    XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_HUGE |
				    XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (d == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: not well-formed XML", name);
	walk(o, xmlDocGetRootElement(d), p);
	xmlFreeDoc(d);
	return BWM_OK;
}

static int read_all(const char *path, struct strbuf *sb, struct bwm_error *err)
{
	if (strbuf_read_file(sb, path, 0) != 0)
		return bwm_fail(err, BWM_EUSAGE, "--oci-bundle %s: %s", path, strerror(errno));
	return BWM_OK;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a > b && strcasecmp(s + a - b, suf) == 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_zip(struct sbx_oci *o, const char *path, struct pending *p, struct bwm_error *err)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (z == NULL)
		return bwm_fail(err, BWM_EINPUT, "--oci-bundle %s: cannot open the zip", path);
	zip_int64_t n = zip_get_num_entries(z, 0);
	char **names = xcalloc((size_t)n + 1, sizeof *names);
	size_t k = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *e = zip_get_name(z, (zip_uint64_t)i, 0);
		if (e != NULL && has_suffix(e, ".xml"))
			names[k++] = xstrdup(e);
	}
	qsort(names, k, sizeof *names, name_cmp);
	int rc = BWM_OK;
	for (size_t i = 0; i < k; i++) {
		zip_file_t *zf = rc == BWM_OK ? zip_fopen(z, names[i], 0) : NULL;
		if (zf != NULL) {
			struct strbuf sb = STRBUF_INIT;
			char buf[65536];
			zip_int64_t got;
			while ((got = zip_fread(zf, buf, sizeof buf)) > 0)
				strbuf_add(&sb, buf, (size_t)got);
			zip_fclose(zf);
			rc = add_xml(o, names[i], sb.buf ? sb.buf : "", sb.len, p, err);
			strbuf_free(&sb);
		}
		free(names[i]);
	}
	free(names);
	zip_discard(z);
	return rc;
}

static int add_path(struct sbx_oci *o, const char *path, struct pending *p, int top,
		    struct bwm_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return bwm_fail(err, BWM_EUSAGE, "--oci-bundle %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode) && top) {
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0;
		while (d != NULL && (de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' && (has_suffix(de->d_name, ".xml") ||
						     has_suffix(de->d_name, ".zip"))) {
				names = xrealloc(names, (n + 1) * sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		if (d != NULL)
			closedir(d);
		if (n > 1)
			qsort(names, n, sizeof *names, name_cmp);
		int rc = BWM_OK;
		for (size_t i = 0; i < n; i++) {
			struct strbuf sub = STRBUF_INIT;
			strbuf_addf(&sub, "%s/%s", path, names[i]);
			if (rc == BWM_OK)
				rc = add_path(o, sub.buf, p, 0, err);
			strbuf_free(&sub);
			free(names[i]);
		}
		free(names);
		return rc;
	}
	if (has_suffix(path, ".zip"))
		return add_zip(o, path, p, err);
	struct strbuf sb = STRBUF_INIT;
	int rc = read_all(path, &sb, err);
	if (rc == BWM_OK)
		rc = add_xml(o, path, sb.buf ? sb.buf : "", sb.len, p, err);
	strbuf_free(&sb);
	return rc;
}

int sbx_oci_load(struct sbx_oci *o, const char *bundle, struct bwm_error *err)
{
	o->answers = live_keyset_new();
	o->seen = live_keyset_new();
	struct pending p = { .n = 0 };
	int rc = add_path(o, bundle, &p, 1, err);
	pending_clear(&p);
	if (rc == BWM_OK && o->n_answers == 0)
		rc = bwm_fail(err, BWM_EUSAGE, "--oci-bundle %s: no request/response pair found",
			      bundle);
	return rc;
}
