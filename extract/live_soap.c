/*
 * live_soap.c — OCI-P over SOAP: each document goes as the escaped
 * argument of processOCIMessage to the provisioning web service, and
 * comes back as the text of processOCIMessageReturn. One libcurl handle
 * per session keeps the connection and the server's session cookie.
 *
 * An answer is refused (BWM_EINPUT, not tried again) when it announces or
 * grows past LIVE_MAX_DOC, or when the envelope or the document in it
 * carries a DOCTYPE (live_doc.c).
 */
#include "extract/live_int.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

struct live_conn {
	CURL *h;
	struct curl_slist *headers;
	struct strbuf body;        /* the answer being received */
	int too_big;               /* it passed LIVE_MAX_DOC */
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct live_conn *c = arg;
	size_t len = size * n;
	if (c->body.len + len > LIVE_MAX_DOC) {
		c->too_big = 1;
		return 0;            /* ends the transfer: CURLE_WRITE_ERROR */
	}
	strbuf_add(&c->body, p, len);
	return len;
}

static int soap_open(const struct live_opts *o, struct live_conn **out, struct bwm_error *err)
{
	struct live_conn *c = xcalloc(1, sizeof *c);
	strbuf_init(&c->body);
	c->h = curl_easy_init();
	if (c->h == NULL) {
		free(c);
		return bwm_fail(err, BWM_EINTERNAL, "cannot start libcurl");
	}
	c->headers = curl_slist_append(NULL, "Content-Type: text/xml; charset=utf-8");
	c->headers = curl_slist_append(c->headers, "SOAPAction: \"\"");
	curl_easy_setopt(c->h, CURLOPT_URL, o->url);
	curl_easy_setopt(c->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->h, CURLOPT_COOKIEFILE, "");   /* keep the session cookie */
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, (long)(o->timeout_ms < 10000 ? o->timeout_ms : 10000));
	curl_easy_setopt(c->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)LIVE_MAX_DOC);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, c);
	if (o->cacert != NULL)
		curl_easy_setopt(c->h, CURLOPT_CAINFO, o->cacert);
	*out = c;
	return BWM_OK;
}

/* The document text with its declaration replaced: it was decoded from
 * the envelope already, so the encoding it names no longer applies. */
static void take_document(const char *text, struct strbuf *answer)
{
	const char *p = text + strspn(text, " \t\r\n");
	if (strncmp(p, "<?xml", 5) == 0) {
		const char *end = strstr(p, "?>");
		if (end != NULL)
			p = end + 2;
	}
	strbuf_reset(answer);
	strbuf_addstr(answer, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	strbuf_addstr(answer, p);
}

static int soap_exchange(struct live_conn *c, const char *doc, size_t len,
			 struct strbuf *answer, struct bwm_error *err)
{
	(void)len;
	struct strbuf env = STRBUF_INIT;
	strbuf_addstr(&env, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope "
		      "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
		      "<processOCIMessage xmlns=\"urn:com:broadsoft:webservice\"><in0>");
	live_xml_escape(&env, doc);
	strbuf_addstr(&env, "</in0></processOCIMessage></soapenv:Body></soapenv:Envelope>\n");
	strbuf_reset(&c->body);
	c->too_big = 0;
	curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, env.buf);
	curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)env.len);
	CURLcode cc = curl_easy_perform(c->h);
	secret_wipe(env.buf);      /* a login document is in it */
	strbuf_free(&env);
	long status = 0;
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	if (c->too_big || cc == CURLE_FILESIZE_EXCEEDED)
		return bwm_fail(err, BWM_EINPUT, "the server's answer is larger than %u bytes; "
				"refused", LIVE_MAX_DOC);
	if (cc != CURLE_OK)
		return bwm_fail(err, BWM_EAPI, "OCI-P over SOAP: %s", curl_easy_strerror(cc));
	if (status >= 500 && strstr(c->body.buf ? c->body.buf : "", "Fault") == NULL)
		return bwm_fail(err, BWM_EAPI, "OCI-P over SOAP: HTTP %ld", status);
	if (status != 200 && status < 500)
		return bwm_fail(err, BWM_EAPI, "OCI-P over SOAP: HTTP %ld from the provisioning "
				"service; is the URL right (…/webservice/services/"
				"ProvisioningService)?", status);
	xmlDocPtr d = NULL;
	int rc = live_parse("SOAP answer", c->body.buf ? c->body.buf : "", c->body.len, &d, err);
	if (rc != BWM_OK)
		return rc;
	char *text = live_find_text(d, "processOCIMessageReturn");
	if (text == NULL) {
		char *fault = live_find_text(d, "faultstring");
		rc = bwm_fail(err, BWM_EAPI, "OCI-P over SOAP: %s", fault ? fault :
			      "the answer holds no processOCIMessageReturn");
		free(fault);
	} else {
		take_document(text, answer);
	}
	free(text);
	xmlFreeDoc(d);
	return rc;
}

static void soap_close(struct live_conn *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->h);
	curl_slist_free_all(c->headers);
	strbuf_free(&c->body);
	free(c);
}

const struct live_transport live_soap = { "soap", soap_open, soap_exchange, soap_close };
