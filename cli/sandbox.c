/*
 * sandbox.c — `bwmigrate sandbox`: run the local Wholesale API stand-in
 * until SIGTERM or SIGINT. Options in, sandbox_start(), print the
 * "listening on" line, wait for the signal, sandbox_stop().
 *
 * The token comes from --token-file or WEBEX_TOKEN, never from argv: a
 * command line is visible to every user of the machine (ps, /proc).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "load/load.h"
#include "sandbox/sandbox.h"

/* The one global the project allows: set by the signal handler. */
static volatile sig_atomic_t sandbox_stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	sandbox_stop_requested = 1;
}

static const char USAGE[] =
	"usage: bwmigrate sandbox [OPTIONS]\n"
	"\n"
	"Run a local stand-in for the Webex Wholesale API (customers, subscribers,\n"
	"precheck) and the Webex Calling locations, numbers and person call settings\n"
	"APIs, for rehearsals and tests. The API is under http://ADDR:PORT/v1;\n"
	"GET /_sandbox/state tells\n"
	"what it holds. Stops on SIGTERM or SIGINT. See docs/sandbox.md.\n"
	"\n"
	"The bearer token clients must send comes from --token-file or the\n"
	"WEBEX_TOKEN environment variable (never from the command line).\n"
	"\n"
	"  -p, --port N                 port to listen on; 0 picks a free one (default 0)\n"
	"      --bind ADDR              IPv4 address to listen on (default 127.0.0.1)\n"
	"      --state FILE             keep the state in this SQLite file (default: memory)\n"
	"      --token-file FILE        read the token from FILE (first line)\n"
	"      --latency-ms N           add N ms to every /v1 request\n"
	"      --rate N                 token bucket: N requests/s, then 429 (default: off)\n"
	"      --faults SPEC            e.g. 'latency=50±20,429=5%,5xx=10%,423=1%,reset=2%,\n"
	"                               slow=1%,lost=2%,drop=1%' ('+-' for '±')\n"
	"      --seed N                 seed of faults, outcomes and ids (default 0)\n"
	"      --provision-delay-ms N   provisioning -> provisioned after N ms (default 300)\n"
	"      --outcomes SPEC          e.g. 'provisioned_with_errors=10%,pending_rpl_review=5%,\n"
	"                               error=0%' (per externalId and seed)\n"
	"      --pending-emails REGEX   subscribers whose e-mail matches get 202\n"
	"                               pending_user_migration (pcre2, case-insensitive)\n"
	"      --allow-duplicates       no 409 on duplicate keys (to test duplicate checks)\n"
	"      --tls-cert FILE          serve HTTPS with this PEM certificate (needs --tls-key)\n"
	"      --tls-key FILE           the PEM private key of --tls-cert (unencrypted)\n"
	"\n"
	"OCI-P responder (stands in for a BroadWorks Application Server, for\n"
	"`extract --oci`): answers each request from an export bundle over SOAP at\n"
	"POST /webservice/services/ProvisioningService and, with --oci-tcp-port, over\n"
	"TCP; --latency-ms and --faults apply to it too. The login it accepts is\n"
	"BWM_OCI_USER with BWM_OCI_PASSWORD or --oci-password-file; GET /_sandbox/oci\n"
	"gives its counts.\n"
	"      --oci-bundle BUNDLE      answer OCI-P from this file, folder or zip\n"
	"      --oci-tcp-port N         also listen for OCI-P over TCP (0: a free port)\n"
	"      --oci-error-for COMMAND  answer every COMMAND (e.g. UserGetRequest23V2\n"
	"                               or UserGet) with an ErrorResponse\n"
	"      --oci-password-file FILE the responder's password on FILE's first line\n"
	"      --oci-forget-every N     every Nth request, forget every session (as a\n"
	"                               restarted server does): clients log in again\n"
	"      --oci-logins KIND        the logins taken: both (default), signed\n"
	"                               (LoginRequest14sp4) or plain (LoginRequest22V5)\n"
	CLI_COMMON_USAGE
	"\n"
	"The first line on stdout is 'listening on http://ADDR:PORT' (https with\n"
	"--tls-cert); with --oci-tcp-port the second is 'oci-p tcp on ADDR:PORT'.\n";

enum {
	OPT_BIND = OPT_COMMON_LAST, OPT_STATE, OPT_TOKEN_FILE, OPT_LATENCY, OPT_RATE, OPT_FAULTS,
	OPT_SEED, OPT_DELAY, OPT_OUTCOMES, OPT_PENDING, OPT_ALLOW_DUPS,
	OPT_TLS_CERT, OPT_TLS_KEY, OPT_OCI_BUNDLE, OPT_OCI_TCP, OPT_OCI_ERROR, OPT_OCI_PWFILE,
	OPT_OCI_FORGET, OPT_OCI_LOGINS
};

static const struct option options[] = {
	{ "port", required_argument, NULL, 'p' },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "faults", required_argument, NULL, OPT_FAULTS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "provision-delay-ms", required_argument, NULL, OPT_DELAY },
	{ "outcomes", required_argument, NULL, OPT_OUTCOMES },
	{ "pending-emails", required_argument, NULL, OPT_PENDING },
	{ "allow-duplicates", no_argument, NULL, OPT_ALLOW_DUPS },
	{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
	{ "tls-key", required_argument, NULL, OPT_TLS_KEY },
	{ "oci-bundle", required_argument, NULL, OPT_OCI_BUNDLE },
	{ "oci-tcp-port", required_argument, NULL, OPT_OCI_TCP },
	{ "oci-error-for", required_argument, NULL, OPT_OCI_ERROR },
	{ "oci-password-file", required_argument, NULL, OPT_OCI_PWFILE },
	{ "oci-forget-every", required_argument, NULL, OPT_OCI_FORGET },
	{ "oci-logins", required_argument, NULL, OPT_OCI_LOGINS },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A whole non-negative number no larger than max; -1 otherwise. */
static long long parse_count(const char *s, long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > max)
		return -1;
	return v;
}

/* What the command line asked for. */
struct sandbox_opts {
	struct sandbox_config cfg;   /* handed to sandbox_start(); strings point into argv */
	const char *token_file;      /* --token-file, or NULL for WEBEX_TOKEN */
	const char *oci_password_file;
};

/* One option into o; returns 0, or the exit status of a usage error. */
static int take_option(struct sandbox_opts *o, int opt, const char *arg, struct bwm_error *err)
{
	long long v;
	switch (opt) {
	case 'p':
		if ((v = parse_count(arg, 65535)) < 0)
			return cli_usage_error("sandbox", "--port must be 0..65535, not '%s'", arg);
		o->cfg.port = (unsigned)v;
		return 0;
	case OPT_BIND: o->cfg.bind_addr = arg; return 0;
	case OPT_STATE: o->cfg.state_path = arg; return 0;
	case OPT_TOKEN_FILE: o->token_file = arg; return 0;
	case OPT_PENDING: o->cfg.pending_emails = arg; return 0;
	case OPT_ALLOW_DUPS: o->cfg.allow_duplicates = 1; return 0;
	case OPT_TLS_CERT: o->cfg.tls_cert_path = arg; return 0;
	case OPT_TLS_KEY: o->cfg.tls_key_path = arg; return 0;
	case OPT_OCI_BUNDLE: o->cfg.oci_bundle = arg; return 0;
	case OPT_OCI_ERROR: o->cfg.oci_error_for = arg; return 0;
	case OPT_OCI_PWFILE: o->oci_password_file = arg; return 0;
	case OPT_OCI_LOGINS:
		if (strcmp(arg, "both") == 0)
			o->cfg.oci_logins = SBX_OCI_LOGIN_SIGNED | SBX_OCI_LOGIN_PLAIN;
		else if (strcmp(arg, "signed") == 0)
			o->cfg.oci_logins = SBX_OCI_LOGIN_SIGNED;
		else if (strcmp(arg, "plain") == 0)
			o->cfg.oci_logins = SBX_OCI_LOGIN_PLAIN;
		else
			return cli_usage_error("sandbox", "--oci-logins is both, signed or plain, "
					       "not '%s'", arg);
		return 0;
	case OPT_OCI_FORGET:
		if ((v = parse_count(arg, 1000000000)) < 0)
			return cli_usage_error("sandbox", "--oci-forget-every must be a whole number, "
					       "not '%s'", arg);
		o->cfg.oci_forget_every = (unsigned)v;
		return 0;
	case OPT_OCI_TCP:
		if ((v = parse_count(arg, 65535)) < 0)
			return cli_usage_error("sandbox", "--oci-tcp-port must be 0..65535, not '%s'",
					       arg);
		o->cfg.oci_tcp = 1;
		o->cfg.oci_tcp_port = (unsigned)v;
		return 0;
	case OPT_LATENCY:
	case OPT_DELAY:
		if ((v = parse_count(arg, 3600000)) < 0)
			return cli_usage_error("sandbox", "%s must be milliseconds (0..3600000), "
					       "not '%s'", opt == OPT_LATENCY ? "--latency-ms"
					       : "--provision-delay-ms", arg);
		*(opt == OPT_LATENCY ? &o->cfg.latency_ms : &o->cfg.provision_delay_ms) = (unsigned)v;
		return 0;
	case OPT_RATE:
		if ((v = parse_count(arg, 1000000)) < 0)
			return cli_usage_error("sandbox", "--rate must be requests per second, "
					       "not '%s'", arg);
		o->cfg.rate = (double)v;
		return 0;
	case OPT_SEED:
		if ((v = parse_count(arg, 0x7fffffffffffffffLL)) < 0)
			return cli_usage_error("sandbox", "--seed must be a whole number, not '%s'", arg);
		o->cfg.seed = (uint64_t)v;
		return 0;
	case OPT_FAULTS:
		if (sandbox_faults_parse(arg, &o->cfg.faults, err) != BWM_OK)
			return cli_usage_error("sandbox", "%s", err->msg);
		return 0;
	case OPT_OUTCOMES:
		if (sandbox_outcomes_parse(arg, &o->cfg.outcomes, err) != BWM_OK)
			return cli_usage_error("sandbox", "%s", err->msg);
		return 0;
	default:
		return cli_usage_error("sandbox", "unknown option");
	}
}

/* Block the signals, then wait for one with sigsuspend: no window in which
 * a signal could arrive unnoticed between the check and the wait. */
static void wait_for_signal(void)
{
	sigset_t waitmask;
	sigprocmask(SIG_BLOCK, NULL, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	while (!sandbox_stop_requested)
		sigsuspend(&waitmask);
}

static int serve(struct cli_common *common, struct sandbox_opts *o, struct bwm_error *err)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Block before the server threads exist, so they inherit the mask and
	 * the signal is delivered to this thread. */
	sigset_t blocked;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, NULL);

	struct sandbox *sb = NULL;
	o->cfg.log = &common->log;
	if (sandbox_start(&o->cfg, &sb, err) != BWM_OK)
		return cli_report(common, err);
	printf("listening on %s://%s:%u\n", sandbox_scheme(sb),
	       o->cfg.bind_addr ? o->cfg.bind_addr : "127.0.0.1", sandbox_port(sb));
	if (sandbox_oci_tcp_port(sb) != 0)
		printf("oci-p tcp on %s:%u\n", o->cfg.bind_addr ? o->cfg.bind_addr : "127.0.0.1",
		       sandbox_oci_tcp_port(sb));
	fflush(stdout);
	bwm_info(&common->log, "sandbox: serving /v1 and /_sandbox/state; stop with SIGTERM or "
		 "Ctrl-C");
	wait_for_signal();
	sandbox_stop(sb);
	bwm_info(&common->log, "sandbox: stopped");
	return BWM_OK;
}

int cmd_sandbox(int argc, char **argv)
{
	struct cli_common common;
	struct sandbox_opts o;
	struct bwm_error err;
	cli_common_init(&common);
	sandbox_config_init(&o.cfg);
	o.token_file = NULL;
	o.oci_password_file = NULL;
	bwm_error_clear(&err);
	int opt;
	optind = 1;
	while ((opt = cli_next_option(&common, argc, argv, "p:qh", options)) != -1) {
		if (opt == CLI_OPT_ERROR)
			return BWM_EUSAGE;
		if (opt == OPT_HELP) {
			fputs(USAGE, stdout);
			return BWM_OK;
		}
		int rc = take_option(&o, opt, optarg, &err);
		if (rc != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("sandbox", "unexpected argument '%s'", argv[optind]);

	char *token = NULL;
	if (load_token(o.token_file, &common.log, &token, &err) != BWM_OK)
		return cli_report(&common, &err);
	o.cfg.token = token;
	char *oci_password = NULL;
	if (o.cfg.oci_bundle != NULL) {
		if (cli_oci_login(o.oci_password_file, &common.log, &o.cfg.oci_user, &oci_password,
				  &err) != BWM_OK) {
			secret_free(token);
			return cli_report(&common, &err);
		}
		o.cfg.oci_password = oci_password;
	}
	int rc = serve(&common, &o, &err);
	secret_free(token);
	secret_free(oci_password);
	return rc;
}
