/*
 * token.c — where the API token comes from: --token-file (first line, the
 * file should be readable by its owner only) or the WEBEX_TOKEN environment
 * variable; never argv. No message quotes the file's name: it is the value
 * of an option that may have been given a token by mistake. The returned
 * copy should be freed with secret_free (core/strbuf.h).
 *
 * Before the token is read the process gives up core dumps (RLIMIT_CORE 0,
 * soft and hard) and its "dumpable" flag (no core file, /proc/PID/mem and
 * ptrace closed to other processes of the same user), and the copy is kept
 * in locked memory (never swapped) where the system allows it: a crash or a
 * debugger must not carry the token off the machine.
 */
#include "load/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
			 s[n - 1] == '\t'))
		s[--n] = '\0';
}

int load_protect_memory(void)
{
	struct rlimit none = { 0, 0 };
	int rc = setrlimit(RLIMIT_CORE, &none);
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) != 0)
		rc = -1;
	return rc;
}

/* The first line of token_file, read without a stdio buffer (which would
 * keep a copy of the token in freed memory), into a locked buffer. */
static int read_token_file(const char *token_file, const struct bwm_log *log, char **out,
			   struct bwm_error *err)
{
	FILE *fp = fopen(token_file, "r");
	if (fp == NULL)
		return bwm_fail(err, BWM_EINPUT, "cannot read the file given to --token-file: %s",
				strerror(errno));
	setvbuf(fp, NULL, _IONBF, 0);
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077) != 0 && log)
		bwm_warn(log, "the file given to --token-file is readable by others; chmod 600 "
			 "it");
	size_t cap = 4096;
	char *line = xcalloc(cap, 1);   /* NUL-terminated even when getline reads nothing */
	(void)secret_lock(line, cap);
	ssize_t n = getline(&line, &cap, fp);
	fclose(fp);
	if (n <= 0) {
		secret_free(line);
		return bwm_fail(err, BWM_EINPUT, "the file given to --token-file is empty; put the "
				"token on its first line");
	}
	(void)secret_lock(line, cap);   /* getline may have moved a longer line */
	trim(line);
	*out = line;
	return BWM_OK;
}

int load_token(const char *token_file, const struct bwm_log *log, char **out,
	       struct bwm_error *err)
{
	*out = NULL;
	if (load_protect_memory() != 0 && log)
		bwm_warn(log, "cannot turn core dumps off (%s); a crash dump could hold the "
			 "API token", strerror(errno));
	if (token_file != NULL)
		return read_token_file(token_file, log, out, err);
	const char *env = getenv("WEBEX_TOKEN");
	if (env == NULL || env[0] == '\0')
		return bwm_fail(err, BWM_EUSAGE, "no API token: set WEBEX_TOKEN or give "
				"--token-file FILE");
	size_t n = strlen(env) + 1;
	*out = xmalloc(n);
	(void)secret_lock(*out, n);
	memcpy(*out, env, n);
	trim(*out);
	return BWM_OK;
}
