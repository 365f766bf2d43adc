/*
 * api_options.c — the option values every command that talks to the API
 * reads the same way (load, rollback, verify, cutover), so that -j 300 or
 * --rate abc gets the same answer whichever command it was given to.
 */
#include "cli/cli.h"
#include "load/load.h"

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
