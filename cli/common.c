/* common.c — options and error printing shared by every subcommand. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_common_init(struct cli_common *c)
{
	bwm_log_init(&c->log);
}

int cli_common_option(struct cli_common *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_QUIET:
		c->log.quiet = 1;
		return 1;
	case OPT_VERBOSE:
		c->log.verbose = 1;
		return 1;
	case OPT_LOG_FORMAT:
		if (strcmp(arg, "json") == 0) {
			c->log.json = 1;
		} else if (strcmp(arg, "text") == 0) {
			c->log.json = 0;
		} else {
			fprintf(stderr, "bwmigrate: --log-format must be 'text' or 'json', not '%s'\n", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "bwmigrate %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bwmigrate %s --help'.\n", cmd);
	return BWM_EUSAGE;
}

int cli_report(const struct cli_common *c, const struct bwm_error *err)
{
	if (err->status != BWM_OK && err->msg[0] != '\0')
		bwm_error(&c->log, "%s", err->msg);
	return err->status;
}
