/* common.c — options and error printing shared by every subcommand. */
#include "cli/cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Options whose value is a secret or names the file holding one. getopt_long
 * would take "--token SECRET" as an abbreviation of --token-file and the
 * secret would then show in "SECRET: cannot read"; so these must be written
 * in full, and no message quotes their value. */
static const char *const secret_options[] = { "token-file", "tls-key" };

static int is_secret_option(const char *name)
{
	for (size_t i = 0; i < sizeof secret_options / sizeof secret_options[0]; i++)
		if (strcmp(name, secret_options[i]) == 0)
			return 1;
	return 0;
}

/* The length of the name of the long option in arg ("--NAME[=VALUE]"), or 0
 * when arg is not one. */
static size_t long_name_len(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return 0;
	return strcspn(arg + 2, "=");
}

/* Refuse any "--NAME" of argv that is a shortened secret-bearing option of
 * this command. Only the option's name is printed, never what follows it. */
static int refuse_secret_abbreviations(int argc, char **argv, const struct option *longopts)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		size_t n = long_name_len(argv[i]);
		if (n == 0)
			continue;
		for (const struct option *o = longopts; o->name != NULL; o++) {
			if (!is_secret_option(o->name) || strlen(o->name) == n ||
			    strncmp(o->name, argv[i] + 2, n) != 0)
				continue;
			return cli_usage_error(argv[0], "'--%.*s' is refused: write --%s in full "
					       "(an option naming a secret has no abbreviation)",
					       (int)n, argv[i] + 2, o->name);
		}
	}
	return BWM_OK;
}

/* The long option arg names exactly or as its only abbreviation, or NULL. */
static const struct option *find_long(const struct option *longopts, const char *arg, size_t n)
{
	const struct option *found = NULL;
	for (const struct option *o = longopts; o->name != NULL; o++) {
		if (strncmp(o->name, arg, n) != 0)
			continue;
		if (strlen(o->name) == n)
			return o;
		if (found != NULL)
			return NULL;
		found = o;
	}
	return found;
}

/* What getopt_long refused, said without the value that came with it
 * (getopt's own messages quote "--name=value" whole). */
static int option_error(int argc, char **argv, const char *shortopts,
			const struct option *longopts)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	size_t n = long_name_len(arg);
	const struct option *o = n > 0 ? find_long(longopts, arg + 2, n) : NULL;
	/* optopt is the short option at fault, or the val of a long one that
	 * lacks its value; in "-xq" argv[optind - 1] is still the element
	 * before, so a long option there is the culprit only if it matches. */
	if (n > 0 && (optopt == 0 || (o != NULL && o->val == optopt))) {
		if (o != NULL && o->has_arg == required_argument && arg[2 + n] != '=')
			return cli_usage_error(argv[0], "--%s needs a value", o->name);
		if (o != NULL)
			return cli_usage_error(argv[0], "--%s takes no value", o->name);
		return cli_usage_error(argv[0], "'--%.*s' is not an option (or is ambiguous)",
				       (int)n, arg + 2);
	}
	const char *p = optopt > 0 && optopt < 128 ? strchr(shortopts, optopt) : NULL;
	if (p != NULL && p[1] == ':')
		return cli_usage_error(argv[0], "-%c needs a value", optopt);
	if (optopt > 32 && optopt < 127)
		return cli_usage_error(argv[0], "'-%c' is not an option", optopt);
	return cli_usage_error(argv[0], "bad option");
}

int cli_next_option(struct cli_common *c, int argc, char **argv, const char *shortopts,
		    const struct option *longopts)
{
	if (optind <= 1 && refuse_secret_abbreviations(argc, argv, longopts) != BWM_OK)
		return CLI_OPT_ERROR;
	opterr = 0;
	for (;;) {
		int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (opt == -1)
			return -1;
		if (opt == '?' || opt == ':') {
			option_error(argc, argv, shortopts, longopts);
			return CLI_OPT_ERROR;
		}
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

/* mappings/NAME as transform finds default.json: ./mappings, beside the
 * binary (../share/bwmigrate/mappings installed, ../mappings and
 * ../../mappings for build folders), then the compiled-in data folder. */
const char *cli_mapping_file(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "mappings/%s", name);
	if (access(buf, R_OK) == 0)
		return buf;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		static const char *const rel[] = { "/../share/bwmigrate/mappings/", "/../mappings/",
						   "/../../mappings/" };
		for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
			snprintf(buf, size, "%s%s%s", exe, rel[i], name);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, size, "%s/mappings/%s", BWM_DATADIR, name);
	return buf;
}
