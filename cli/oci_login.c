/*
 * oci_login.c — the OCI-P login of `extract --oci` and of the sandbox's
 * OCI-P responder: the user from BWM_OCI_USER, the password from
 * --oci-password-file (first line) or BWM_OCI_PASSWORD; never argv, which
 * every user of the machine can read. The password is kept in locked
 * memory and the process gives up core dumps first, as for the API token.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "load/load.h"

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int from_file(const char *path, const struct bwm_log *log, char **out,
		     struct bwm_error *err)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return bwm_fail(err, BWM_EUSAGE, "cannot read the file given to "
				"--oci-password-file: %s", strerror(errno));
	setvbuf(fp, NULL, _IONBF, 0);   /* no stdio copy of the password */
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077) != 0 && log)
		bwm_warn(log, "the file given to --oci-password-file is readable by others; "
			 "chmod 600 it");
	size_t cap = 1024;
	char *line = xcalloc(cap, 1);
	(void)secret_lock(line, cap);
	ssize_t n = getline(&line, &cap, fp);
	fclose(fp);
	if (n <= 0) {
		secret_free(line);
		return bwm_fail(err, BWM_EUSAGE, "the file given to --oci-password-file is empty");
	}
	(void)secret_lock(line, cap);
	trim(line);
	*out = line;
	return BWM_OK;
}

int cli_oci_login(const char *password_file, const struct bwm_log *log, const char **user,
		  char **password, struct bwm_error *err)
{
	*password = NULL;
	*user = getenv("BWM_OCI_USER");
	if (*user == NULL || (*user)[0] == '\0')
		return bwm_fail(err, BWM_EUSAGE, "no OCI-P login: set BWM_OCI_USER (and the "
				"password in BWM_OCI_PASSWORD or --oci-password-file)");
	if (load_protect_memory() != 0 && log)
		bwm_warn(log, "cannot turn core dumps off (%s); a crash dump could hold the "
			 "OCI-P password", strerror(errno));
	if (password_file != NULL)
		return from_file(password_file, log, password, err);
	const char *env = getenv("BWM_OCI_PASSWORD");
	if (env == NULL || env[0] == '\0')
		return bwm_fail(err, BWM_EUSAGE, "no OCI-P password: set BWM_OCI_PASSWORD or give "
				"--oci-password-file FILE");
	size_t n = strlen(env) + 1;
	*password = xmalloc(n);
	(void)secret_lock(*password, n);
	memcpy(*password, env, n);
	return BWM_OK;
}
