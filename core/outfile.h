/*
 * outfile.h — the file a stage writes its result to (-o): standard output,
 * or a temporary file renamed onto the target when the run succeeded, so
 * that a failed or interrupted run never leaves a partial inventory or plan
 * that looks complete.
 *
 * Only a regular file or a missing path is replaced that way. Renaming onto
 * a device would replace the device node itself (as root, "-o /dev/null"
 * turned the machine's /dev/null into a regular file), so a character
 * device or a FIFO is written directly instead; a folder, a block device or
 * a socket is refused. A symbolic link to a regular file keeps the link:
 * the file it points to is replaced (docs/security.md, "Output files").
 */
#ifndef BWM_OUTFILE_H
#define BWM_OUTFILE_H

#include <stdio.h>

#include "core/error.h"

struct bwm_outfile {
	FILE *fp;          /* where to write; stdout for "-" */
	char *target;      /* owned: the path that gets the result (a link resolved) */
	char *tmp;         /* owned: the temporary file, NULL when writing directly */
	const char *shown; /* the path as given, for messages */
	char *vbuf;        /* owned: the stream's buffer (glibc ignores a size without one) */
};

/* Open path for writing ("-" or NULL = standard output). The file is
 * created 0600. what ("inventory", "plan") goes into messages. */
int bwm_outfile_open(struct bwm_outfile *o, const char *path, const char *what,
		     struct bwm_error *err);
/* Finish: when keep, flush and put the result in place (rename); else
 * remove the temporary file. A direct write (device, FIFO) cannot be taken
 * back. Returns BWM_EINTERNAL on a write or rename error (only when keep). */
int bwm_outfile_close(struct bwm_outfile *o, int keep, struct bwm_error *err);

#endif
