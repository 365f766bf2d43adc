/* outfile.c — write a result to a temporary file and rename it onto a
 * regular target, or straight to a device or FIFO (see outfile.h). */
#include "core/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"

/* What path is: 0 missing or regular (take the rename route), 1 to be
 * written directly, or an error. A link to a regular file is resolved into
 * *target so that the rename replaces the file, not the link. */
static int classify(const char *path, const char *what, char **target, struct bwm_error *err)
{
	struct stat st, lst;
	*target = NULL;
	if (lstat(path, &lst) != 0) {
		if (errno != ENOENT)
			return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the %s: %s", path,
					what, strerror(errno));
		*target = xstrdup(path);
		return 0;
	}
	if (stat(path, &st) != 0)
		return bwm_fail(err, BWM_EUSAGE, "%s: a symbolic link to a missing file; give the "
				"file itself for the %s", path, what);
	if (S_ISDIR(st.st_mode))
		return bwm_fail(err, BWM_EUSAGE, "%s: is a folder; give a file name for the %s "
				"(e.g. %s/%s.jsonl)", path, what, path, what);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
		*target = xstrdup(path);
		return 1;
	}
	if (!S_ISREG(st.st_mode))
		return bwm_fail(err, BWM_EUSAGE, "%s: is neither a file, a character device nor "
				"a FIFO; give a file name for the %s", path, what);
	if (S_ISLNK(lst.st_mode)) {
		char *real = realpath(path, NULL);
		if (real == NULL)
			return bwm_fail(err, BWM_EINTERNAL, "%s: cannot resolve the link: %s",
					path, strerror(errno));
		*target = real;
	} else {
		*target = xstrdup(path);
	}
	return 0;
}

static int open_tmp(struct bwm_outfile *o, const char *what, struct bwm_error *err)
{
	size_t n = strlen(o->target) + 16;
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", o->target);
	/* mkstemp: a new file, 0600, never an existing name or link planted
	 * where the temporary file goes. */
	int fd = mkstemp(o->tmp);
	if (fd >= 0 && (o->fp = fdopen(fd, "w")) != NULL)
		return BWM_OK;
	int e = errno;
	if (fd >= 0) {
		close(fd);
		unlink(o->tmp);
	}
	return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the %s: %s", o->shown, what,
			strerror(e));
}

static void outfile_free(struct bwm_outfile *o)
{
	free(o->target);
	free(o->tmp);
	free(o->vbuf);
	o->target = o->tmp = o->vbuf = NULL;
	o->fp = NULL;
}

#define OUTFILE_BUFFER (1u << 20)

int bwm_outfile_open(struct bwm_outfile *o, const char *path, const char *what,
		     struct bwm_error *err)
{
	memset(o, 0, sizeof *o);
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		o->shown = "<stdout>";
		return BWM_OK;
	}
	o->shown = path;
	int kind = classify(path, what, &o->target, err);
	int rc;
	if (kind < 0 || kind > 1) {
		rc = kind;
	} else if (kind == 1) {
		o->fp = fopen(o->target, "w");
		rc = o->fp != NULL ? BWM_OK
				   : bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the %s: %s",
					      path, what, strerror(errno));
	} else {
		rc = open_tmp(o, what, err);
	}
	if (rc != BWM_OK) {
		outfile_free(o);
		return rc;
	}
	/* fewer, larger writes: a megabyte, not the file system's 4 KiB
	 * (glibc takes a size only with a buffer of ours) */
	o->vbuf = xmalloc(OUTFILE_BUFFER);
	setvbuf(o->fp, o->vbuf, _IOFBF, OUTFILE_BUFFER);
	return BWM_OK;
}

int bwm_outfile_close(struct bwm_outfile *o, int keep, struct bwm_error *err)
{
	int rc = BWM_OK;
	if (o->fp == stdout) {
		if (fflush(stdout) != 0 && keep)
			rc = bwm_fail(err, BWM_EINTERNAL, "write error on standard output: %s",
				      strerror(errno));
		o->fp = NULL;
		return rc;
	}
	if (o->fp != NULL && fclose(o->fp) != 0 && keep)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: write error: %s", o->shown, strerror(errno));
	if (o->tmp != NULL) {
		if (keep && rc == BWM_OK && rename(o->tmp, o->target) != 0)
			rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot put the result in place: %s",
				      o->shown, strerror(errno));
		if (!keep || rc != BWM_OK)
			unlink(o->tmp);
	}
	outfile_free(o);
	return rc;
}
