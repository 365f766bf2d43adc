/*
 * oci_answer.c — one OCI-P request document in, one response document
 * out, the way an Application Server answers: AuthenticationRequest gives
 * a nonce (MD5), LoginRequest14sp4 must carry the password signed with it
 * (LoginRequest22V5 may carry it plain), and every other request needs a
 * logged-in sessionId. A request is answered from the bundle by its key;
 * one the bundle cannot answer gets an ErrorResponse, as a server does for
 * a service that is not assigned. --oci-error-for names a command that
 * always gets an ErrorResponse (the fault for source_error tests).
 */
#include "sandbox/oci.h"
#include "sandbox/sandbox.h"
#include "extract/live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

struct sbx_oci_session {
	char *id;
	char nonce[33];
	int logged_in;
	struct sbx_oci_session *next;
};

static struct sbx_oci_session *session(struct sbx_oci *o, const char *id, int create)
{
	for (struct sbx_oci_session *s = o->sessions; s != NULL; s = s->next)
		if (strcmp(s->id, id) == 0)
			return s;
	if (!create)
		return NULL;
	struct sbx_oci_session *s = xcalloc(1, sizeof *s);
	s->id = xstrdup(id);
	s->next = o->sessions;
	o->sessions = s;
	return s;
}

void sbx_oci_free(struct sbx_oci *o)
{
	while (o->sessions != NULL) {
		struct sbx_oci_session *n = o->sessions->next;
		free(o->sessions->id);
		free(o->sessions);
		o->sessions = n;
	}
	live_keyset_free(o->answers);
	live_keyset_free(o->seen);
	free(o->user);
	secret_free(o->password);
	free(o->error_for);
}

static void begin(struct strbuf *out, const char *sid)
{
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BroadsoftDocument "
		      "protocol=\"OCI\" xmlns=\"C\" xmlns:xsi=\"http://www.w3.org/2001/"
		      "XMLSchema-instance\"><sessionId xmlns=\"\">");
	live_xml_escape(out, sid);
	strbuf_addstr(out, "</sessionId>");
}

static void error_response(struct strbuf *out, const char *summary)
{
	strbuf_addstr(out, "<command type=\"Error\" echo=\"\" xsi:type=\"c:ErrorResponse\" "
		      "xmlns:c=\"C\" xmlns=\"\"><summary>");
	live_xml_escape(out, summary);
	strbuf_addstr(out, "</summary><summaryEnglish>");
	live_xml_escape(out, summary);
	strbuf_addstr(out, "</summaryEnglish></command>");
}

static const char *text_of(xmlNodePtr cmd, const char *name)
{
	for (xmlNodePtr c = cmd->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c->children && c->children->content ? (const char *)c->children->content : "";
	return NULL;
}

static const char *type_of(xmlNodePtr cmd)
{
	for (xmlAttrPtr a = cmd->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "type") == 0 && a->ns != NULL && a->children) {
			const char *t = (const char *)a->children->content;
			const char *colon = strchr(t, ':');
			return colon ? colon + 1 : t;
		}
	return "";
}

static void authenticate(struct sbx_oci *o, struct sbx_oci_session *s, xmlNodePtr cmd,
			 struct strbuf *out)
{
	unsigned char b[16] = { 0 };
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		memset(b, 7, sizeof b);
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(s->nonce + 2 * i, 3, "%02x", b[i]);
	s->logged_in = 0;
	const char *user = text_of(cmd, "userId");
	strbuf_addstr(out, "<command xsi:type=\"AuthenticationResponse\" xmlns=\"\"><userId>");
	live_xml_escape(out, user ? user : "");
	strbuf_addf(out, "</userId><nonce>%s</nonce><passwordAlgorithm>MD5</passwordAlgorithm>"
		    "</command>", s->nonce);
	(void)o;
}

static int password_ok(struct sbx_oci *o, struct sbx_oci_session *s, xmlNodePtr cmd)
{
	const char *user = text_of(cmd, "userId");
	if (user == NULL || strcmp(user, o->user) != 0)
		return 0;
	const char *plain = text_of(cmd, "password");
	if (plain != NULL)
		return strcmp(plain, o->password) == 0;
	const char *sig = text_of(cmd, "signedPassword");
	char want[41];
	if (sig == NULL || s->nonce[0] == '\0' ||
	    live_sign_password("MD5", s->nonce, o->password, want) != 0)
		return 0;
	return strcmp(sig, want) == 0;
}

static void login(struct sbx_oci *o, struct sbx_oci_session *s, xmlNodePtr cmd,
		  const char *type, struct strbuf *out)
{
	int plain = strcmp(type, "LoginRequest22V5") == 0;
	if (!(o->logins_taken & (plain ? SBX_OCI_LOGIN_PLAIN : SBX_OCI_LOGIN_SIGNED))) {
		o->refused++;
		s->logged_in = 0;
		error_response(out, plain ? "[Error 4961] LoginRequest22V5 is not allowed on this "
			       "system" : "[Error 4961] Signed password login is not allowed on this "
			       "system; use LoginRequest22V5");
		return;
	}
	if (!password_ok(o, s, cmd)) {
		o->refused++;
		s->logged_in = 0;
		error_response(out, "[Error 4962] Invalid password or user id");
		return;
	}
	s->logged_in = 1;
	s->nonce[0] = '\0';        /* a nonce signs one login */
	o->logins++;
	if (plain)
		o->logins_plain++;
	strbuf_addf(out, "<command xsi:type=\"%s\" xmlns=\"\"><loginType>Provisioning"
		    "</loginType><locale>en_US</locale><encoding>UTF-8</encoding></command>",
		    plain ? "LoginResponse22V5" : "LoginResponse14sp4");
}

static int injected(const struct sbx_oci *o, const char *type)
{
	if (o->error_for == NULL)
		return 0;
	size_t n = strlen(o->error_for);
	return strncmp(type, o->error_for, n) == 0 &&
	       (type[n] == '\0' || strncmp(type + n, "Request", 7) == 0);
}

/* The response command as the bundle holds it. */
static void from_bundle(struct sbx_oci *o, xmlNodePtr cmd, const char *type, struct strbuf *out)
{
	struct strbuf key = STRBUF_INIT;
	int found = 0;
	const char *answer = NULL;
	if (live_request_key(cmd, &key) == 0) {
		if (!live_keyset_add(o->seen, key.buf, NULL))
			o->repeated++;
		answer = live_keyset_get(o->answers, key.buf, &found);
	}
	if (injected(o, type)) {
		o->injected++;
		error_response(out, "[Error 9999] Injected by the sandbox (--oci-error-for)");
	} else if (answer != NULL) {
		strbuf_addstr(out, answer);
	} else {
		o->missing++;
		error_response(out, "[Error 4410] The sandbox bundle holds no answer to this request");
	}
	strbuf_free(&key);
}

static void one_command(struct sbx_oci *o, const char *sid, xmlNodePtr cmd, struct strbuf *out)
{
	const char *type = type_of(cmd);
	struct sbx_oci_session *s = session(o, sid, 1);
	if (strcmp(type, "AuthenticationRequest") == 0) {
		authenticate(o, s, cmd, out);
		return;
	}
	if (strncmp(type, "LoginRequest", 12) == 0) {
		login(o, s, cmd, type, out);
		return;
	}
	if (o->forget_every > 0 && (o->requests + 1) % o->forget_every == 0)
		for (struct sbx_oci_session *f = o->sessions; f != NULL; f = f->next)
			f->logged_in = 0;      /* as after a restart of the server */
	if (!s->logged_in) {
		o->forgotten++;
		error_response(out, "[Error 4003] Invalid session: not logged in");
		o->requests++;         /* so that the next one is not forgotten too */
		return;
	}
	o->requests++;
	if (strncmp(type, "LogoutRequest", 13) == 0)
		strbuf_addstr(out, "<command xsi:type=\"c:SuccessResponse\" xmlns:c=\"C\" xmlns=\"\"/>");
	else
		from_bundle(o, cmd, type, out);
}

void sbx_oci_answer(struct sbx_oci *o, const char *req, size_t len, struct strbuf *out)
{
	strbuf_reset(out);
	xmlDocPtr doc = NULL;
	struct bwm_error err;
	if (live_parse("request", req, len, &doc, &err) != BWM_OK) {
		begin(out, "");
		error_response(out, err.msg);
		strbuf_addstr(out, "</BroadsoftDocument>\n");
		return;
	}
	xmlNodePtr sidn = live_session_node(doc);
	xmlChar *sid = sidn ? xmlNodeGetContent(sidn) : NULL;
	const char *id = sid ? (const char *)sid : "";
	begin(out, id);
	xmlNodePtr cmds[16];
	size_t n = live_commands(doc, cmds, 15);
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < n; i++)
		one_command(o, id, cmds[i], out);
	pthread_mutex_unlock(&o->lock);
	if (n == 0)
		error_response(out, "[Error 4000] The document holds no command");
	strbuf_addstr(out, "</BroadsoftDocument>\n");
	xmlFree(sid);
	xmlFreeDoc(doc);
}

void sbx_oci_counts(struct sbx_oci *o, struct strbuf *out)
{
	pthread_mutex_lock(&o->lock);
	strbuf_addf(out, "{\"answers\":%zu,\"requests\":%llu,\"logins\":%llu,"
		    "\"loginsPlain\":%llu,\"refused\":%llu,"
		    "\"missing\":%llu,\"repeated\":%llu,\"injected\":%llu,\"forgotten\":%llu}\n",
		    o->n_answers,
		    (unsigned long long)o->requests, (unsigned long long)o->logins,
		    (unsigned long long)o->logins_plain, (unsigned long long)o->refused, (unsigned long long)o->missing,
		    (unsigned long long)o->repeated, (unsigned long long)o->injected,
		    (unsigned long long)o->forgotten);
	pthread_mutex_unlock(&o->lock);
}
