/*
 * oci_soap.c — OCI-P over SOAP on the sandbox's HTTP listener: POST
 * /webservice/services/ProvisioningService with a processOCIMessage
 * envelope; the OCI-P document in its argument is answered by
 * oci_answer.c and returned as processOCIMessageReturn. The sandbox's
 * --faults and --latency-ms apply here as on /v1 (no bearer token: OCI-P
 * has its own login): reset and drop close the connection unanswered,
 * lost does the work and then closes it, 5xx/429/423 answer HTTP 503,
 * slow answers after a second.
 */
#include "sandbox/sbx.h"
#include "sandbox/oci.h"
#include "extract/live.h"

#include <microhttpd.h>
#include <string.h>
#include <time.h>

void sbx_oci_fault(struct sandbox *sb, struct sbx_fault *f)
{
	uint64_t n = atomic_fetch_add(&sb->nreq, 1);
	sbx_fault_pick(&sb->cfg.faults, sb->cfg.latency_ms, sb->cfg.seed, n, f);
	unsigned ms = f->latency_ms + (f->kind == SBX_F_SLOW ? 1000 : 0);
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (ms > 0 && nanosleep(&ts, &ts) != 0)
		;
	if (f->kind != SBX_F_NONE) {
		pthread_mutex_lock(&sb->lock);
		sb->nfault[f->kind]++;
		pthread_mutex_unlock(&sb->lock);
	}
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *type,
			     const char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

int sbx_oci_counts_reply(struct sandbox *sb, struct MHD_Connection *conn)
{
	struct strbuf sb_json = STRBUF_INIT;
	sbx_oci_counts(sb->oci, &sb_json);
	enum MHD_Result r = reply(conn, 200, "application/json", sb_json.buf, sb_json.len);
	strbuf_free(&sb_json);
	return r;
}

int sbx_oci_soap(struct sandbox *sb, struct MHD_Connection *conn, const char *method,
		 const char *body, size_t len)
{
	if (strcmp(method, "POST") != 0)
		return reply(conn, 405, "text/plain", "POST a processOCIMessage envelope\n", 34);
	struct sbx_fault f;
	sbx_oci_fault(sb, &f);
	if (f.kind == SBX_F_RESET || f.kind == SBX_F_DROP)
		return MHD_NO;
	if (f.kind == SBX_F_5XX || f.kind == SBX_F_429 || f.kind == SBX_F_423)
		return reply(conn, 503, "text/plain", "injected 503\n", 13);
	xmlDocPtr env = NULL;
	struct bwm_error err;
	if (live_parse("SOAP request", body ? body : "", len, &env, &err) != BWM_OK)
		return reply(conn, 400, "text/plain", err.msg, strlen(err.msg));
	char *doc = live_find_text(env, "in0");
	xmlFreeDoc(env);
	if (doc == NULL)
		return reply(conn, 400, "text/plain", "no processOCIMessage/in0\n", 25);
	struct strbuf answer = STRBUF_INIT, out = STRBUF_INIT;
	sbx_oci_answer(sb->oci, doc, strlen(doc), &answer);
	free(doc);
	strbuf_addstr(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope "
		      "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
		      "<ns1:processOCIMessageResponse xmlns:ns1=\"urn:com:broadsoft:webservice\">"
		      "<processOCIMessageReturn>");
	live_xml_escape(&out, answer.buf);
	strbuf_addstr(&out, "</processOCIMessageReturn></ns1:processOCIMessageResponse>"
		      "</soapenv:Body></soapenv:Envelope>\n");
	enum MHD_Result r = f.kind == SBX_F_LOST ? MHD_NO
			    : reply(conn, 200, "text/xml; charset=utf-8", out.buf, out.len);
	strbuf_free(&answer);
	strbuf_free(&out);
	return r;
}
