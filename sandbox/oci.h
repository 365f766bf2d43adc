/*
 * oci.h — the sandbox's OCI-P responder (`--oci-bundle`): answers OCI-P
 * requests from an export bundle, so that a live extract can be tested
 * and rehearsed without a BroadWorks server (docs/sandbox.md).
 *
 *   oci_bundle.c   read the bundle: request key -> the response command
 *   oci_answer.c   answer one OCI-P document: the nonce login, sessions,
 *                  the ErrorResponse fault, the counts
 *   oci_soap.c     SOAP processOCIMessage on the HTTP listener
 *   oci_tcp.c      the OCI-P TCP listener (one thread per connection)
 */
#ifndef BWM_SANDBOX_OCI_H
#define BWM_SANDBOX_OCI_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

#define SBX_OCI_SOAP_PATH "/webservice/services/ProvisioningService"

struct live_keyset;
struct sbx_oci_session;

struct sbx_oci {
	struct live_keyset *answers;   /* request key -> response command XML */
	size_t n_answers;
	char *user;                    /* the login accepted; owned */
	char *password;                /* owned; wiped on stop */
	char *error_for;               /* command (type or family) answered with an
	                                * ErrorResponse; NULL: none */
	int logins_taken;              /* SBX_OCI_LOGIN_* bits */
	unsigned forget_every;         /* every N-th request, forget every session
	                                * (a restarted server); 0: never */
	pthread_mutex_t lock;          /* guards sessions and the counts */
	struct sbx_oci_session *sessions;
	struct live_keyset *seen;      /* request keys asked so far */
	uint64_t requests, logins, refused, missing, repeated, injected, forgotten;
	uint64_t logins_plain;         /* of logins: LoginRequest22V5 with the password */
	/* the TCP listener (oci_tcp.c) */
	int listen_fd;                 /* -1: none */
	unsigned tcp_port;
	pthread_t accept_thread;
	atomic_int stopping;
	int active;                    /* connections being served; under lock */
	void *sandbox;                 /* struct sandbox *, for the faults */
};

/* Read bundle (a file, folder or zip as `extract` takes) into o. */
int sbx_oci_load(struct sbx_oci *o, const char *bundle, struct bwm_error *err);
void sbx_oci_free(struct sbx_oci *o);
/* The answer document (UTF-8) to request document req. *drop is set when
 * the connection should be closed unanswered. */
void sbx_oci_answer(struct sbx_oci *o, const char *req, size_t len, struct strbuf *out);
/* The counts as JSON text (GET /_sandbox/oci). */
void sbx_oci_counts(struct sbx_oci *o, struct strbuf *out);
/* Start and stop the TCP listener on bind_addr:port (0: any free port). */
int sbx_oci_tcp_start(struct sbx_oci *o, const char *bind_addr, unsigned port,
		      struct bwm_error *err);
void sbx_oci_tcp_stop(struct sbx_oci *o);

#endif
