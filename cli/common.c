/* common.c — options and error printing shared by every subcommand. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

int cli_next_option(struct cli_common *c, int argc, char **argv, const char *shortopts,
		    const struct option *longopts)
{
	for (;;) {
		int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (opt == -1)
			return -1;
		int h = cli_common_option(c, opt, optarg);
		if (h < 0)
			return CLI_OPT_ERROR;
		if (h == 0)
			return opt;
	}
}

double cli_number(const char *s, double max)
{
	char *end;
	double v = strtod(s, &end);
	return (*s && *end == '\0' && v > 0 && v <= max) ? v : -1;
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
