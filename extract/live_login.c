/*
 * live_login.c — the OCI-P login, the same over SOAP and TCP: an
 * AuthenticationRequest gets the server's nonce and the algorithm it
 * wants, then LoginRequest14sp4 carries the password signed as
 * HEX(ALG(nonce ":" HEX(SHA1(password)))) — never the password itself.
 * Servers that have the signed login switched off (it is deprecated from
 * R22 on) take LoginRequest22V5 with the password itself; the client
 * sends that only when asked to and only over TLS (live_run.c refuses it
 * otherwise). Neither exchange is written to the capture.
 */
#include "extract/live_int.h"
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int live_sign_password(const char *alg, const char *nonce, const char *password, char out[41])
{
	char pw[41];
	sha1_hex(password, strlen(password), pw);
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "%s:%s", nonce, pw);
	int rc = 0;
	if (strcasecmp(alg, "MD5") == 0)
		md5_hex(m.buf, m.len, out);
	else if (strcasecmp(alg, "SHA") == 0 || strcasecmp(alg, "SHA-1") == 0 ||
		 strcasecmp(alg, "SHA1") == 0)
		sha1_hex(m.buf, m.len, out);
	else
		rc = -1;
	secret_wipe(m.buf);
	strbuf_free(&m);
	secret_wipe(pw);
	return rc;
}

void live_simple_request(struct strbuf *doc, const char *session, const char *type,
			 const char *const *names, const char *const *values, size_t n)
{
	strbuf_reset(doc);
	strbuf_addstr(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" "
		      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><sessionId xmlns=\"\">");
	live_xml_escape(doc, session);
	strbuf_addf(doc, "</sessionId><command xsi:type=\"%s\" xmlns=\"\">", type);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(doc, "<%s>", names[i]);
		live_xml_escape(doc, values[i]);
		strbuf_addf(doc, "</%s>", names[i]);
	}
	strbuf_addstr(doc, "</command></BroadsoftDocument>\n");
}

/* One login exchange: the answer's first command, parsed. */
static int ask(const struct live_transport *t, struct live_conn *c, struct strbuf *doc,
	       xmlDocPtr *out, xmlNodePtr *cmd, struct bwm_error *err)
{
	struct strbuf ans = STRBUF_INIT;
	int rc = t->exchange(c, doc->buf, doc->len, &ans, err);
	if (rc == BWM_OK)
		rc = live_parse("login answer", ans.buf, ans.len, out, err);
	strbuf_free(&ans);
	if (rc != BWM_OK)
		return rc;
	if (live_commands(*out, cmd, 1) != 1) {
		xmlFreeDoc(*out);
		*out = NULL;
		return bwm_fail(err, BWM_EINPUT, "the login answer holds no OCI-P command");
	}
	return BWM_OK;
}

static int refused_by(xmlNodePtr cmd, const char *step, const char *user, int *refused,
		      struct bwm_error *err)
{
	const char *type = oci_xsi_type(cmd);
	if (type != NULL && strcmp(type, "ErrorResponse") == 0) {
		const char *summary = oci_get(cmd, "summary");
		*refused = 1;
		return bwm_fail(err, BWM_EAPI, "the server refused the OCI-P login of '%s' (%s: %s); "
				"check BWM_OCI_USER and the password (BWM_OCI_PASSWORD or "
				"--oci-password-file)", user, step, summary ? summary : "ErrorResponse");
	}
	return BWM_OK;
}

/* LoginRequest22V5: the password itself, in one exchange. */
static int login_plain(const struct live_transport *t, struct live_conn *c,
		       const struct live_opts *o, const char *session, int *refused,
		       struct bwm_error *err)
{
	struct strbuf doc = STRBUF_INIT;
	const char *names[2] = { "userId", "password" };
	const char *values[2] = { o->user, o->password };
	live_simple_request(&doc, session, "LoginRequest22V5", names, values, 2);
	xmlDocPtr d = NULL;
	xmlNodePtr cmd = NULL;
	int rc = ask(t, c, &doc, &d, &cmd, err);
	if (rc == BWM_OK)
		rc = refused_by(cmd, "LoginRequest22V5", o->user, refused, err);
	xmlFreeDoc(d);
	secret_wipe(doc.buf);
	strbuf_free(&doc);
	return rc;
}

static int login_once(const struct live_transport *t, struct live_conn *c,
		      const struct live_opts *o, const char *session, int *refused,
		      struct bwm_error *err)
{
	*refused = 0;
	if (o->login == LIVE_LOGIN_PLAIN)
		return login_plain(t, c, o, session, refused, err);
	struct strbuf doc = STRBUF_INIT;
	const char *names[2] = { "userId", "signedPassword" };
	const char *values[2] = { o->user, NULL };
	live_simple_request(&doc, session, "AuthenticationRequest", names, values, 1);
	xmlDocPtr d = NULL;
	xmlNodePtr cmd = NULL;
	int rc = ask(t, c, &doc, &d, &cmd, err);
	if (rc == BWM_OK)
		rc = refused_by(cmd, "AuthenticationRequest", o->user, refused, err);
	char signed_pw[41] = "";
	if (rc == BWM_OK) {
		const char *nonce = oci_get(cmd, "nonce"), *alg = oci_get(cmd, "passwordAlgorithm");
		if (nonce == NULL || live_sign_password(alg ? alg : "MD5", nonce, o->password,
							signed_pw) != 0)
			rc = bwm_fail(err, BWM_EAPI, "the server's AuthenticationResponse has no "
				      "nonce or asks for password algorithm '%s' (MD5 and SHA are "
				      "known)", alg ? alg : "");
	}
	xmlFreeDoc(d);
	d = NULL;
	if (rc == BWM_OK) {
		values[1] = signed_pw;
		live_simple_request(&doc, session, "LoginRequest14sp4", names, values, 2);
		rc = ask(t, c, &doc, &d, &cmd, err);
		if (rc == BWM_OK)
			rc = refused_by(cmd, "LoginRequest14sp4", o->user, refused, err);
		xmlFreeDoc(d);
	}
	secret_wipe(doc.buf);
	strbuf_free(&doc);
	secret_wipe(signed_pw);
	return rc;
}

/* A LoginRequest whose answer was lost may be sent again by the HTTP
 * layer on a new connection; the server then finds its nonce used and
 * refuses. So a refusal is believed when a fresh nonce is refused too. */
int live_login(const struct live_transport *t, struct live_conn *c, const struct live_opts *o,
	       const char *session, int *refused, struct bwm_error *err)
{
	int rc = login_once(t, c, o, session, refused, err);
	/* a plain login has no nonce to have been used up: a refusal is the
	 * password's, and asking again would count twice towards a lockout */
	if (rc != BWM_OK && *refused && o->login == LIVE_LOGIN_SIGNED)
		rc = login_once(t, c, o, session, refused, err);
	return rc;
}
