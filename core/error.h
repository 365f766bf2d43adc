/*
 * error.h — how failures travel in bwmigrate.
 *
 * A function that can fail returns an int status (BWM_OK or one of the
 * BWM_E* codes below) and fills a caller-owned struct bwm_error with a
 * message that names the file, line, object key and what to do. Only cli/
 * turns a status into text on stderr and an exit code; nothing below cli/
 * calls exit().
 */
#ifndef BWM_ERROR_H
#define BWM_ERROR_H

#include <stddef.h>

/* Status codes double as the process exit status (design §5). */
enum bwm_status {
	BWM_OK = 0,        /* all done */
	BWM_EPARTIAL = 1,  /* finished, but some objects failed or were blocked */
	BWM_EUSAGE = 2,    /* bad command line */
	BWM_EINPUT = 3,    /* input could not be read or is malformed */
	BWM_EAPI = 4,      /* the API refused us or could not be reached */
	BWM_EINTERNAL = 5  /* out of memory, I/O error on our own files */
};

#define BWM_ERROR_MAX 1024

struct bwm_error {
	int status;                 /* one of enum bwm_status */
	char msg[BWM_ERROR_MAX];    /* human text, no trailing newline */
};

/* Record an error and return its status, so callers can write
 * `return bwm_fail(err, BWM_EINPUT, "%s:%d: ...", file, line);`.
 * A NULL err is allowed and only returns the status. */
int bwm_fail(struct bwm_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message with more context ("loading x.json: ..."). */
int bwm_fail_prefix(struct bwm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void bwm_error_clear(struct bwm_error *err);

#endif
