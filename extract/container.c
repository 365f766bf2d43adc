/*
 * container.c — where the XML comes from: one file, a folder of *.xml and
 * *.zip files (byte-sorted names, not recursive), a .zip read entry by entry
 * through libzip (never unpacked to disk), or standard input ("-").
 *
 * Every XML stream goes through oci_read_xml() with the same parser
 * options. Zip entries whose names are absolute or climb with ".." are
 * refused: a bundle that carries them was not made by an export tool.
 */
#include "extract/oci.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* A list of owned strings, for sorting names. */
struct name_list {
	char **v;          /* owned strings */
	size_t n, cap;
};

static void names_add(struct name_list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(s);
}

static void names_free(struct name_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_xml_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

int extract_add_memory(struct extract_session *s, const char *name, const void *buf,
		       size_t len, struct bwm_error *err)
{
	if (len > (size_t)INT32_MAX)
		return bwm_fail(err, BWM_EINPUT, "%s: too large to read from memory", name);
	xmlTextReaderPtr rd = xmlReaderForMemory(buf, (int)len, name, NULL, OCI_XML_OPTIONS);
	return oci_read_xml(s, rd, name, err);
}

/* A file descriptor read in large blocks. The parser asks for 4000 bytes
 * at a time; a read(2) for each (what xmlReaderForFd does) cost a tenth
 * of an extract in system calls. */
#define FD_BLOCK (256u * 1024)

struct fd_input {
	int fd;             /* not owned */
	int read_errno;     /* why read(2) failed, 0 if it did not */
	size_t pos, len;    /* unread bytes are buf[pos..len) */
	char buf[FD_BLOCK];
};

static int fd_read_cb(void *ctx, char *out, int len)
{
	struct fd_input *in = ctx;
	if (in->pos == in->len) {
		ssize_t n;
		do
			n = read(in->fd, in->buf, sizeof in->buf);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			in->read_errno = errno;
			return -1;
		}
		if (n == 0)
			return 0;
		in->pos = 0;
		in->len = (size_t)n;
	}
	size_t k = in->len - in->pos;
	if (len < 0)
		return -1;
	if (k > (size_t)len)
		k = (size_t)len;
	memcpy(out, in->buf + in->pos, k);
	in->pos += k;
	return (int)k;
}

/* libxml2 calls this when it frees the reader (also when making one
 * fails); add_fd owns the buffer, to read its errno afterwards. */
static int fd_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static int add_fd(struct extract_session *s, int fd, const char *name, struct bwm_error *err)
{
	struct fd_input *in = xmalloc(sizeof *in);
	in->fd = fd;
	in->read_errno = 0;
	in->pos = in->len = 0;
	xmlTextReaderPtr rd = xmlReaderForIO(fd_read_cb, fd_close_cb, in, name, NULL,
					     OCI_XML_OPTIONS);
	int rc = oci_read_xml(s, rd, name, err);
	if (in->read_errno != 0)   /* the parser only saw the input end early */
		rc = bwm_fail(err, BWM_EINPUT, "%s: read error: %s; the input was not read to "
			      "its end: check the disk or copy the bundle again", name,
			      strerror(in->read_errno));
	free(in);
	return rc;
}

static int add_file(struct extract_session *s, const char *path, struct bwm_error *err)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open: %s", path, strerror(errno));
	int rc = add_fd(s, fd, path, err);
	close(fd);
	return rc;
}

static int has_zip_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".zip") == 0;
}

static int add_zip(struct extract_session *s, const char *path, struct bwm_error *err);

static int add_folder(struct extract_session *s, const char *path, struct bwm_error *err)
{
	DIR *d = opendir(path);
	if (d == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open folder: %s", path, strerror(errno));
	struct name_list names = { 0 };
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && (has_xml_suffix(de->d_name) || has_zip_suffix(de->d_name)))
			names_add(&names, de->d_name);
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, str_cmp);
	int rc = BWM_OK;
	if (names.n == 0)
		rc = bwm_fail(err, BWM_EINPUT, "%s: folder holds no *.xml or *.zip file; an "
			      "export bundle folder holds OCI-P documents as *.xml", path);
	for (size_t i = 0; i < names.n && rc == BWM_OK; i++) {
		struct strbuf p = STRBUF_INIT;
		size_t plen = strlen(path);
		strbuf_addstr(&p, path);
		if (plen > 0 && path[plen - 1] != '/')
			strbuf_addch(&p, '/');
		strbuf_addstr(&p, names.v[i]);
		rc = has_zip_suffix(names.v[i]) ? add_zip(s, p.buf, err) : add_file(s, p.buf, err);
		strbuf_free(&p);
	}
	names_free(&names);
	return rc;
}

/* ---- zip ------------------------------------------------------------------ */

/* An entry name that is absolute or climbs out of the archive. */
static int unsafe_entry(const char *name)
{
	if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
		return 1;
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static int zip_read_cb(void *ctx, char *buf, int len)
{
	zip_int64_t n = zip_fread((zip_file_t *)ctx, buf, (zip_uint64_t)len);
	return n < 0 ? -1 : (int)n;
}

static int zip_close_cb(void *ctx)
{
	(void)ctx;    /* closed by add_zip_entry, which opened it */
	return 0;
}

static int add_zip_entry(struct extract_session *s, zip_t *z, const char *path,
			 const char *entry, struct bwm_error *err)
{
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s!%s", path, entry);
	int rc;
	zip_file_t *zf = zip_fopen(z, entry, 0);
	if (zf == NULL) {
		rc = bwm_fail(err, BWM_EINPUT, "%s: cannot read zip entry: %s", name.buf,
			      zip_strerror(z));
	} else {
		xmlTextReaderPtr rd = xmlReaderForIO(zip_read_cb, zip_close_cb, zf, name.buf,
						     NULL, OCI_XML_OPTIONS);
		rc = oci_read_xml(s, rd, name.buf, err);
		zip_fclose(zf);
	}
	strbuf_free(&name);
	return rc;
}

static int zip_names(zip_t *z, const char *path, struct name_list *names, struct bwm_error *err)
{
	zip_int64_t n = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *e = zip_get_name(z, (zip_uint64_t)i, 0);
		if (e == NULL)
			return bwm_fail(err, BWM_EINPUT, "%s: zip entry %lld has no name: %s",
					path, (long long)i, zip_strerror(z));
		if (unsafe_entry(e))
			return bwm_fail(err, BWM_EINPUT, "%s!%s: zip entry name is absolute or "
					"contains '..'; refused (rebuild the bundle with relative "
					"names)", path, e);
		if (has_xml_suffix(e))
			names_add(names, e);
	}
	if (names->n == 0)
		return bwm_fail(err, BWM_EINPUT, "%s: zip holds no *.xml entry", path);
	return BWM_OK;
}

static int add_zip(struct extract_session *s, const char *path, struct bwm_error *err)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (z == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		int rc = bwm_fail(err, BWM_EINPUT, "%s: cannot open zip: %s", path,
				  zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	struct name_list names = { 0 };
	int rc = zip_names(z, path, &names, err);
	if (rc == BWM_OK && names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, str_cmp);
	for (size_t i = 0; i < names.n && rc == BWM_OK; i++)
		rc = add_zip_entry(s, z, path, names.v[i], err);
	names_free(&names);
	zip_discard(z);
	return rc;
}

static int is_zip(const char *path)
{
	unsigned char magic[4] = { 0 };
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, magic, sizeof magic);
	close(fd);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

int extract_add_path(struct extract_session *s, const char *path, struct bwm_error *err)
{
	if (strcmp(path, "-") == 0)
		return add_fd(s, STDIN_FILENO, "<stdin>", err);
	struct stat st;
	if (stat(path, &st) != 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return add_folder(s, path, err);
	if (is_zip(path))
		return add_zip(s, path, err);
	return add_file(s, path, err);
}
