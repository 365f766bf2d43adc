/*
 * token.c — where the API token comes from: --token-file (first line, the
 * file should be readable by its owner only) or the WEBEX_TOKEN environment
 * variable; never argv. No message quotes the file's name: it is the value
 * of an option that may have been given a token by mistake. The returned copy should be freed with secret_free (core/strbuf.h).
 */
#include "load/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
			 s[n - 1] == '\t'))
		s[--n] = '\0';
}

int load_token(const char *token_file, const struct bwm_log *log, char **out,
	       struct bwm_error *err)
{
	*out = NULL;
	if (token_file == NULL) {
		const char *env = getenv("WEBEX_TOKEN");
		if (env == NULL || env[0] == '\0')
			return bwm_fail(err, BWM_EUSAGE, "no API token: set WEBEX_TOKEN or give "
					"--token-file FILE");
		*out = xstrdup(env);
		trim(*out);
		return BWM_OK;
	}
	FILE *fp = fopen(token_file, "r");
	if (fp == NULL)
		return bwm_fail(err, BWM_EINPUT, "cannot read the file given to --token-file: %s",
				strerror(errno));
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077) != 0 && log)
		bwm_warn(log, "the file given to --token-file is readable by others; chmod 600 "
			 "it");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, fp);
	fclose(fp);
	if (n <= 0) {
		free(line);
		return bwm_fail(err, BWM_EINPUT, "the file given to --token-file is empty; put the "
				"token on its first line");
	}
	trim(line);
	*out = line;
	return BWM_OK;
}
