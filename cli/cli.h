/*
 * cli.h — the command-line layer: one file per subcommand (cmd_NAME), a
 * dispatcher in main.c, and the options every subcommand shares. This is
 * the only layer that prints to stdout/stderr on its own account and turns
 * a status into an exit code.
 */
#ifndef BWM_CLI_H
#define BWM_CLI_H

#include <getopt.h>

#include "core/core.h"

/* Options every subcommand accepts; parsed by cli_common_option(). */
struct cli_common {
	struct bwm_log log;
};

enum {
	OPT_QUIET = 'q',
	OPT_HELP = 'h',
	OPT_LOG_FORMAT = 0x1000,
	OPT_VERBOSE,
	OPT_COMMON_LAST   /* subcommands number their own long-only options from here */
};

#define CLI_COMMON_LONGOPTS \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "quiet", no_argument, NULL, OPT_QUIET }, \
	{ "verbose", no_argument, NULL, OPT_VERBOSE }, \
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT }

#define CLI_COMMON_USAGE \
	"  -q, --quiet            only warnings and errors on stderr\n" \
	"      --verbose          also debug messages\n" \
	"      --log-format FMT   text (default) or json, one object per line\n" \
	"  -h, --help             this help\n"

/* What cli_next_option() returns after a bad value of a common option
 * (the message is printed already). */
#define CLI_OPT_ERROR (-2)

void cli_common_init(struct cli_common *c);
/* getopt_long() that handles the common options itself: the next option
 * that is the subcommand's own, -1 after the last, or CLI_OPT_ERROR. */
int cli_next_option(struct cli_common *c, int argc, char **argv, const char *shortopts,
		    const struct option *longopts);
/* s as a number in (0, max], or -1 when it is not one (for option values). */
double cli_number(const char *s, double max);
/* Handle one of the common options. Returns 1 if handled, 0 if c is not a
 * common option, or -1 after printing a usage error. */
int cli_common_option(struct cli_common *c, int opt, const char *arg);
/* Print "bwmigrate NAME: MSG\nTry 'bwmigrate NAME --help'." and return 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* api_options.c: -j, --rate and --max-attempts of the commands that talk
 * to the API, into o; BWM_OK or a usage error (printed). */
struct load_opts;
enum cli_api_opt { CLI_API_JOBS, CLI_API_RATE, CLI_API_ATTEMPTS };
/* The journal of a command: *journal as given by --journal, else
 * BWM_JOURNAL_URL, else left NULL (the command's default). A PostgreSQL
 * URL given on the command line must not hold a password (ps shows argv):
 * usage error. */
int cli_journal_option(const char *cmd, const char **journal);
int cli_api_option(const char *cmd, enum cli_api_opt which, const char *arg,
		   struct load_opts *o);
/* The path of mappings/NAME (the installed copy, or the source tree's):
 * a pointer to buf, filled. */
const char *cli_mapping_file(const char *name, char *buf, size_t size);

/* oci_login.c: the OCI-P login from BWM_OCI_USER and BWM_OCI_PASSWORD or
 * password_file (never argv); free *password with secret_free. */
int cli_oci_login(const char *password_file, const struct bwm_log *log, const char **user,
		  char **password, struct bwm_error *err);

/* Print the message of err on stderr (if any) and return its status. */
int cli_report(const struct cli_common *c, const struct bwm_error *err);

int cmd_extract(int argc, char **argv);
int cmd_transform(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_cutover(int argc, char **argv);
int cmd_devicemove(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);

#endif
