/*
 * live_spool.c — the capture being written: CAPTURE.partial/ holds one
 * file per answered request, named by the request's place in the walk
 * (so the bundle is the same whatever the order of answers), written to
 * a temporary name and renamed, so that a run killed at any moment leaves
 * only whole pairs. A new run with the same capture reads
 * them back and asks none of those requests again. At the end the files
 * are zipped, in name order, into CAPTURE and the folder is removed.
 *
 * Spool files are not fsync'd one by one: that halved the walk's speed
 * (each session waited for the disk; bench/results.md), and what they
 * protect is cheap to get again. A kill -9 loses nothing (the page cache
 * survives the process); a power cut may leave recent files empty or
 * torn, and such a file is removed on resume and its request asked again.
 * The capture itself is fsync'd before it is renamed into place.
 *
 * A file holds <OCICapture>, the request document and the response
 * document (docs/export-format.md). Answers to optional requests that
 * did not apply are kept as PATH.na: in the archive, not in the
 * inventory. Session ids are replaced by "capture"; the login exchange
 * never comes here.
 */
#include "extract/live_int.h"
#include "extract/oci.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct live_spool {
	char *capture;
	char *dir;
	struct live_keyset *done;   /* request key -> file name in dir */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a > b && strcmp(s + a - b, suffix) == 0;
}

static char *dir_path(const struct live_spool *sp, const char *name)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", sp->dir, name);
	return strbuf_detach(&p);
}

static xmlNodePtr nth_document(xmlDocPtr doc, int n)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "BroadsoftDocument") == 0 && n-- == 0)
			return c;
	return NULL;
}

static int read_file(const char *path, struct strbuf *sb, struct bwm_error *err)
{
	if (strbuf_read_file(sb, path, 0) != 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot read: %s", path, strerror(errno));
	return BWM_OK;
}

/* The request key of one spool file; -1 when it is not a whole pair. */
static int index_file(struct live_spool *sp, const char *name, struct bwm_error *err)
{
	char *path = dir_path(sp, name);
	struct strbuf text = STRBUF_INIT;
	xmlDocPtr doc = NULL;
	int rc = read_file(path, &text, err);
	if (rc == BWM_OK)
		rc = live_parse(path, text.buf ? text.buf : "", text.len, &doc, err);
	if (rc == BWM_OK) {
		xmlNodePtr req = nth_document(doc, 0), resp = nth_document(doc, 1);
		xmlNodePtr cmd = req ? oci_child(req, "command") : NULL;
		struct strbuf key = STRBUF_INIT;
		if (cmd == NULL || resp == NULL || live_request_key(cmd, &key) != 0)
			rc = BWM_EINPUT;
		else
			live_keyset_add(sp->done, key.buf, name);
		strbuf_free(&key);
	}
	xmlFreeDoc(doc);
	strbuf_free(&text);
	if (rc == BWM_EINPUT) {    /* torn by a power cut: ask it again */
		unlink(path);
		rc = BWM_OK;
	}
	free(path);
	return rc;
}

static int scan(struct live_spool *sp, size_t *resumed, struct bwm_error *err)
{
	DIR *d = opendir(sp->dir);
	if (d == NULL)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot open: %s", sp->dir, strerror(errno));
	struct dirent *de;
	int rc = BWM_OK;
	while (rc == BWM_OK && (de = readdir(d)) != NULL) {
		if (ends_with(de->d_name, ".tmp")) {      /* a write cut short */
			char *p = dir_path(sp, de->d_name);
			unlink(p);
			free(p);
		} else if (ends_with(de->d_name, ".xml") || ends_with(de->d_name, ".na")) {
			rc = index_file(sp, de->d_name, err);
			(*resumed)++;
		}
	}
	closedir(d);
	return rc;
}

int live_spool_open(const char *capture, struct live_spool **out, size_t *resumed,
		    struct bwm_error *err)
{
	*out = NULL;
	*resumed = 0;
	struct live_spool *sp = xcalloc(1, sizeof *sp);
	sp->capture = xstrdup(capture);
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "%s.partial", capture);
	sp->dir = strbuf_detach(&d);
	sp->done = live_keyset_new();
	int rc = BWM_OK;
	if (mkdir(sp->dir, 0700) != 0 && errno != EEXIST)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot create the capture spool: %s", sp->dir,
			      strerror(errno));
	if (rc == BWM_OK)
		rc = scan(sp, resumed, err);
	if (rc != BWM_OK) {
		live_spool_close(sp);
		return rc;
	}
	*out = sp;
	return BWM_OK;
}

static char *dump_node(xmlNodePtr node)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodeDump(b, node->doc, node, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

char *live_spool_answer(struct live_spool *sp, const char *key, int *optional_error)
{
	int found = 0;
	const char *name = live_keyset_get(sp->done, key, &found);
	if (!found || name == NULL)
		return NULL;
	*optional_error = ends_with(name, ".na");
	char *path = dir_path(sp, name);
	struct strbuf text = STRBUF_INIT;
	struct bwm_error err;
	xmlDocPtr doc = NULL;
	char *answer = NULL;
	if (read_file(path, &text, &err) == BWM_OK &&
	    live_parse(path, text.buf ? text.buf : "", text.len, &doc, &err) == BWM_OK) {
		xmlNodePtr resp = nth_document(doc, 1);
		if (resp != NULL) {
			char *s = dump_node(resp);
			struct strbuf a = STRBUF_INIT;
			strbuf_addstr(&a, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			strbuf_addstr(&a, s);
			free(s);
			answer = strbuf_detach(&a);
		}
	}
	xmlFreeDoc(doc);
	strbuf_free(&text);
	free(path);
	return answer;
}

static int write_file(const char *tmp, const char *final, const char *data, size_t len,
			 struct bwm_error *err)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write: %s", tmp, strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write: %s", tmp, strerror(e));
		}
		off += (size_t)n;
	}
	if (close(fd) != 0 || rename(tmp, final) != 0)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot save: %s", final, strerror(errno));
	return BWM_OK;
}

int live_spool_put(struct live_spool *sp, const char *path, const char *request,
		   xmlDocPtr answer, int optional_error, struct bwm_error *err)
{
	xmlNodePtr sid = live_session_node(answer);
	if (sid != NULL)
		xmlNodeSetContent(sid, (const xmlChar *)"capture");
	const char *req = request;
	if (strncmp(req, "<?xml", 5) == 0 && strstr(req, "?>") != NULL)
		req = strstr(req, "?>") + 2;
	req += strspn(req, "\r\n");
	char *resp = dump_node(xmlDocGetRootElement(answer));
	struct strbuf text = STRBUF_INIT;
	strbuf_addstr(&text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OCICapture>\n");
	strbuf_addstr(&text, req);
	strbuf_addstr(&text, resp);
	strbuf_addstr(&text, "\n</OCICapture>\n");
	free(resp);
	struct strbuf tmp = STRBUF_INIT, fin = STRBUF_INIT;
	strbuf_addf(&tmp, "%s/%s.tmp", sp->dir, path);
	strbuf_addf(&fin, "%s/%s.%s", sp->dir, path, optional_error ? "na" : "xml");
	int rc = write_file(tmp.buf, fin.buf, text.buf, text.len, err);
	strbuf_free(&tmp);
	strbuf_free(&fin);
	strbuf_free(&text);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The spool's file names, sorted. */
static char **list(const struct live_spool *sp, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	DIR *d = opendir(sp->dir);
	struct dirent *de;
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!ends_with(de->d_name, ".xml") && !ends_with(de->d_name, ".na"))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = xstrdup(de->d_name);
	}
	if (d != NULL)
		closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

static int zip_all(const struct live_spool *sp, const char *tmp, char **names, size_t n,
		   struct bwm_error *err)
{
	int zerr = 0;
	unlink(tmp);
	zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &zerr);
	if (z == NULL)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot create the capture (libzip error %d)",
				tmp, zerr);
	for (size_t i = 0; i < n; i++) {
		char *p = dir_path(sp, names[i]);
		zip_source_t *src = zip_source_file(z, p, 0, -1);
		free(p);
		if (src == NULL || zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			int rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot add %s: %s", tmp, names[i],
					  zip_strerror(z));
			zip_discard(z);
			return rc;
		}
	}
	if (zip_close(z) != 0) {
		int rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the capture: %s", tmp,
				  zip_strerror(z));
		zip_discard(z);
		return rc;
	}
	return BWM_OK;
}

int live_spool_finish(struct live_spool *sp, struct bwm_error *err)
{
	size_t n = 0;
	char **names = list(sp, &n);
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s.tmp", sp->capture);
	int rc = zip_all(sp, tmp.buf, names, n, err);
	if (rc == BWM_OK) {
		int fd = open(tmp.buf, O_RDONLY);
		if (fd < 0 || fchmod(fd, 0600) != 0 || fsync(fd) != 0 ||
		    rename(tmp.buf, sp->capture) != 0)
			rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot save the capture: %s",
				      sp->capture, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; i < n; i++) {
		if (rc == BWM_OK) {
			char *p = dir_path(sp, names[i]);
			unlink(p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
	strbuf_free(&tmp);
	if (rc == BWM_OK)
		rmdir(sp->dir);
	return rc;
}

void live_spool_close(struct live_spool *sp)
{
	if (sp == NULL)
		return;
	live_keyset_free(sp->done);
	free(sp->capture);
	free(sp->dir);
	free(sp);
}
