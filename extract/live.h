/*
 * live.h — live extraction: walk one enterprise over the BroadWorks OCI-P
 * provisioning interface and write the traffic as an export bundle
 * (docs/live-extract.md), which extract.h then reads like any other.
 *
 *   live_key.c        the identity of a request (family + identifying
 *                     members), shared with the sandbox's OCI-P responder
 *   live_doc.c        OCI-P documents: build requests, parse answers with
 *                     the hardened parser settings of files
 *   live_walk.c       which requests follow from which answers
 *   live_login.c      AuthenticationRequest + LoginRequest, signed password
 *   live_soap.c       transport: SOAP processOCIMessage over HTTP(S), libcurl
 *   live_tcp.c        transport: OCI-P over TCP (port 2208), plain or TLS
 *   live_spool.c      the capture: one fsync'd file per answered request in
 *                     BUNDLE.partial/, zipped into BUNDLE at the end
 *   live_run.c        the sessions, the queue, --rate, retries, resume
 *   live_keyset.c     a hash set of strings (keys asked, answers on file)
 *
 * The password is handed in by the caller and never written anywhere: the
 * login exchange is not captured and session ids are replaced.
 */
#ifndef BWM_EXTRACT_LIVE_H
#define BWM_EXTRACT_LIVE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "core/core.h"

/* How the client logs in (docs/live-extract.md). */
enum live_login {
	LIVE_LOGIN_SIGNED = 0,       /* AuthenticationRequest + LoginRequest14sp4 with
	                              * the password signed with the server's nonce */
	LIVE_LOGIN_PLAIN             /* LoginRequest22V5 with the password itself:
	                              * servers that have the signed login switched off;
	                              * only over TLS (https://, ocis://) */
};

struct live_opts {
	const char *url;             /* http(s)://…/webservice/services/ProvisioningService,
	                              * oci://HOST:2208 (TCP) or ocis://HOST:2208 (TLS) */
	const char *enterprise;      /* serviceProviderId to walk */
	const char *const *groups;   /* only these groups (NULL/0: every group) */
	size_t n_groups;
	const char *user;            /* OCI-P login id */
	const char *password;        /* not copied, never logged */
	const char *capture;         /* the bundle to write (a .zip) */
	unsigned jobs;               /* sessions at once (default 2) */
	double rate;                 /* requests/s over all sessions; 0 = no cap */
	unsigned timeout_ms;         /* one exchange (default 60000) */
	unsigned max_attempts;       /* per request, for timeouts and drops (default 8) */
	const char *cacert;          /* CA bundle for https/ocis; NULL: the system's */
	enum live_login login;       /* signed (default) or plain over TLS */
	const struct bwm_log *log;   /* progress and warnings; may be NULL */
};

struct live_stats {
	size_t asked;                /* requests sent and answered */
	size_t from_spool;           /* answers taken from an interrupted run's spool */
	size_t errors;               /* ErrorResponses kept as source_error */
	size_t not_applicable;       /* ErrorResponses to optional requests */
	size_t retries;              /* exchanges tried again */
	size_t logins;               /* logins (one per session, plus re-logins) */
	double seconds;              /* wall time of the walk */
};

/* Walk the enterprise and write opts->capture. BWM_EAPI when the server
 * refuses the login or cannot be reached, BWM_EINPUT for a hostile or
 * unreadable answer. An interrupted run leaves
 * CAPTURE.partial/, which the next run with the same capture resumes. */
int live_capture(const struct live_opts *opts, struct live_stats *st, struct bwm_error *err);

/* ---- shared with the sandbox's OCI-P responder ---- */

/* Largest OCI-P answer accepted (a whole document, or a SOAP envelope). */
#define LIVE_MAX_DOC (64u * 1024u * 1024u)

/* The identity of request command cmd: "Family?name=value&…" with the
 * leaf members sorted (responseSizeLimit and search criteria left out),
 * so that two versions of one request (UserGetRequest22, …23V2) and
 * their member order do not matter. Returns -1 for no request. */
int live_request_key(xmlNodePtr cmd, struct strbuf *key);
/* The same identity from an echo tag "TYPE?name=value&…". */
int live_echo_key(const char *echo, struct strbuf *key);

/* Parse one OCI-P document (or a SOAP envelope) from memory with the
 * parser settings of files; a DOCTYPE, entities or an oversized input
 * are refused with BWM_EINPUT naming what. Caller frees with xmlFreeDoc. */
int live_parse(const char *what, const char *buf, size_t len, xmlDocPtr *out,
	       struct bwm_error *err);
/* The command elements of a BroadsoftDocument (at most max), in order. */
size_t live_commands(xmlDocPtr doc, xmlNodePtr *cmds, size_t max);
/* The sessionId element of a BroadsoftDocument, NULL if none. */
xmlNodePtr live_session_node(xmlDocPtr doc);
/* The text of the first element with local name `name` anywhere in doc
 * (processOCIMessageReturn, in0 …), NULL if none; owned by the caller. */
char *live_find_text(xmlDocPtr doc, const char *name);
/* Append text escaped for XML character data or attributes. */
void live_xml_escape(struct strbuf *sb, const char *text);

/* The signed password: HEX(ALG(nonce ":" SHA1HEX(password))), ALG being
 * "MD5" or "SHA"; -1 for another algorithm. out holds 41 bytes. */
int live_sign_password(const char *alg, const char *nonce, const char *password, char out[41]);
/* A set of strings with a value each (live_keyset.c): keys asked, spool
 * files, a bundle's answers. */

struct live_keyset;
struct live_keyset *live_keyset_new(void);
/* 1 when key was added, 0 when it was there. value (may be NULL) is
 * copied. */
int live_keyset_add(struct live_keyset *ks, const char *key, const char *value);
/* The value stored with key, NULL when absent (or stored without one). */
const char *live_keyset_get(const struct live_keyset *ks, const char *key, int *found);
void live_keyset_free(struct live_keyset *ks);

#endif
