/*
 * api_options.c — the option values every command that talks to the API
 * reads the same way (load, rollback, verify, cutover), so that -j 300 or
 * --rate abc gets the same answer whichever command it was given to.
 */
#include "cli/cli.h"
#include "load/load.h"

#include <stdlib.h>
#include <string.h>

int cli_api_option(const char *cmd, enum cli_api_opt which, const char *arg,
		   struct load_opts *o)
{
	double v;
	switch (which) {
	case CLI_API_JOBS:
		if ((v = cli_number(arg, 256)) < 1)
			return cli_usage_error(cmd, "-j wants 1..256, not '%s'", arg);
		o->jobs = (int)v;
		return BWM_OK;
	case CLI_API_RATE:
		if ((v = cli_number(arg, 1e6)) < 0)
			return cli_usage_error(cmd, "--rate wants requests/s, not '%s'", arg);
		o->rate = v;
		return BWM_OK;
	case CLI_API_ATTEMPTS:
		if ((v = cli_number(arg, 100)) < 1)
			return cli_usage_error(cmd, "--max-attempts wants 1..100, not '%s'", arg);
		o->max_attempts = (int)v;
		return BWM_OK;
	}
	return BWM_EUSAGE;
}

int cli_journal_option(const char *cmd, const char **journal)
{
	if (*journal == NULL) {
		const char *env = getenv("BWM_JOURNAL_URL");
		if (env && *env)
			*journal = env;
		return BWM_OK;
	}
	if (!journal_is_url(*journal))
		return BWM_OK;
	char *shown = journal_display_name(*journal);
	int has_password = strcmp(shown, *journal) != 0;
	int rc = has_password ? cli_usage_error(cmd, "--journal %s: leave the password out of the "
						"URL (every user can read a command line); put it in "
						"~/.pgpass or the file PGPASSFILE names", shown)
			      : BWM_OK;
	free(shown);
	return rc;
}
