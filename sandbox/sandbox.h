/*
 * sandbox.h — what the sandbox stage offers: a local stand-in for the Webex
 * Wholesale provisioning API (customers, subscribers, precheck) and the few
 * Webex Calling calls a migration needs (locations, numbers), with seeded,
 * repeatable faults. See docs/sandbox.md for the behaviour and design §6.
 *
 * The server runs in-process on libmicrohttpd threads, so unit tests can
 * start one, talk to it over loopback and stop it; cli/sandbox.c does the
 * same for the `bwmigrate sandbox` command. State lives in SQLite (a file,
 * or memory by default).
 */
#ifndef BWM_SANDBOX_H
#define BWM_SANDBOX_H

#include <stdint.h>

#include "core/core.h"

/* Faults injected into /v1 requests (never into /_sandbox). Shares are
 * probabilities in [0,1]; their sum must not exceed 1. */
struct sandbox_faults {
	unsigned latency_ms;      /* added to every request */
	unsigned jitter_ms;       /* latency varies by +- this much */
	double p429;              /* answer 429 with Retry-After (mixed forms) */
	double p5xx;              /* answer 500/502/503/504, nothing done */
	double p423;              /* answer 423 with Retry-After */
	double preset;            /* close the connection before any response */
	double pslow;             /* do the work, dribble the body slowly */
	double plost;             /* do the work, then drop the connection or answer 5xx */
	double pdrop;             /* do the work, then always close the connection unanswered */
};

/* Shares of new customers that do not end plainly `provisioned`. */
struct sandbox_outcomes {
	double with_errors;       /* provisioned_with_errors (one package failed) */
	double rpl_review;        /* stays pending_rpl_review, never gets an org */
	double error;             /* ends in error, no org */
};

struct sandbox_config {
	const char *bind_addr;       /* IPv4 address to listen on; default 127.0.0.1 */
	unsigned port;               /* 0: the system picks a free port */
	const char *state_path;      /* SQLite file; NULL keeps the state in memory */
	const char *token;           /* the bearer token clients must send; required */
	unsigned latency_ms;         /* base latency of every /v1 request */
	double rate;                 /* token bucket, requests/s; 0 = unlimited */
	struct sandbox_faults faults;
	uint64_t seed;               /* drives faults, outcomes and ids */
	unsigned provision_delay_ms; /* provisioning -> provisioned after this */
	struct sandbox_outcomes outcomes;
	const char *pending_emails;  /* pcre2 pattern: such subscribers are 202
				      * pending_user_migration; NULL = none */
	int allow_duplicates;        /* turn the 409 duplicate checks off, so a
				      * test can prove /_sandbox/state sees them */
	const struct bwm_log *log;   /* request lines at debug level; may be NULL;
				      * not owned, must outlive the sandbox */
	const char *tls_cert_path;   /* PEM certificate (chain): serve HTTPS; NULL = HTTP */
	const char *tls_key_path;    /* PEM private key of tls_cert_path; both or neither */
	/* The OCI-P responder (docs/sandbox.md): answers from this bundle over
	 * SOAP on the HTTP listener and, when oci_tcp is set, over TCP. */
	const char *oci_bundle;      /* NULL: no responder */
	int oci_tcp;                 /* also listen for OCI-P over TCP */
	unsigned oci_tcp_port;       /* 0: the system picks a free port */
	const char *oci_user;        /* the login it accepts */
	const char *oci_password;    /* copied; wiped on stop */
	const char *oci_error_for;   /* a command always answered with an ErrorResponse */
	unsigned oci_forget_every;   /* every N-th request, forget the sessions; 0 never */
	int oci_logins;              /* SBX_OCI_LOGIN_* bits the responder takes (0: both) */
};

/* The logins the OCI-P responder takes (sandbox_config.oci_logins). */
#define SBX_OCI_LOGIN_SIGNED 1       /* AuthenticationRequest + LoginRequest14sp4 */
#define SBX_OCI_LOGIN_PLAIN 2        /* LoginRequest22V5 with the password */

struct sandbox;

/* Defaults: 127.0.0.1, port 0, memory, no faults, 300 ms provisioning. */
void sandbox_config_init(struct sandbox_config *cfg);

/* "latency=50±20,429=5%,5xx=10%,423=1%,reset=2%,slow=1%,lost=2%,drop=1%" ('+-' is
 * accepted for '±'; a share may be written 0.05 or 5%). */
int sandbox_faults_parse(const char *spec, struct sandbox_faults *out, struct bwm_error *err);

/* "provisioned_with_errors=10%,pending_rpl_review=5%,error=0%". */
int sandbox_outcomes_parse(const char *spec, struct sandbox_outcomes *out,
			   struct bwm_error *err);

/* Open the state, bind and start serving. The config is copied. */
int sandbox_start(const struct sandbox_config *cfg, struct sandbox **out,
		  struct bwm_error *err);

/* The port actually bound (useful after port 0). */
unsigned sandbox_port(const struct sandbox *sb);

/* The OCI-P TCP port actually bound, 0 when none. */
unsigned sandbox_oci_tcp_port(const struct sandbox *sb);

/* "https" when serving TLS (tls_cert_path given), else "http". */
const char *sandbox_scheme(const struct sandbox *sb);

/* Stop serving, wait for the connection threads, close the state. NULL is
 * allowed. */
void sandbox_stop(struct sandbox *sb);

#endif
