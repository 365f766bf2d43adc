/*
 * server.c — the sandbox's life cycle: defaults, start (copy the config,
 * compile the pending-e-mail pattern, read the OCI-P bundle, open the
 * store, bind) and stop.
 */
#include "sandbox/sbx.h"
#include "sandbox/oci.h"

#include <stdlib.h>
#include <string.h>

void sandbox_config_init(struct sandbox_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->bind_addr = "127.0.0.1";
	cfg->provision_delay_ms = 300;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int compile_pending(struct sandbox *sb, struct bwm_error *err)
{
	if (sb->pending_src == NULL || sb->pending_src[0] == '\0')
		return BWM_OK;
	int code;
	PCRE2_SIZE off;
	sb->pending_re = pcre2_compile((PCRE2_SPTR)sb->pending_src, PCRE2_ZERO_TERMINATED,
				       PCRE2_CASELESS, &code, &off, NULL);
	if (sb->pending_re == NULL) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof msg);
		return bwm_fail(err, BWM_EUSAGE, "--pending-emails: bad pattern at offset %zu: %s",
				(size_t)off, (const char *)msg);
	}
	return BWM_OK;
}

/* The OCI-P responder: its bundle read, its TCP listener started. */
static int start_oci(struct sandbox *sb, const struct sandbox_config *cfg, struct bwm_error *err)
{
	sb->cfg.oci_user = sb->cfg.oci_password = sb->cfg.oci_error_for = NULL;
	sb->cfg.oci_bundle = NULL;
	if (cfg->oci_bundle == NULL)
		return BWM_OK;
	if (cfg->oci_user == NULL || cfg->oci_password == NULL)
		return bwm_fail(err, BWM_EUSAGE, "--oci-bundle: the responder needs the login it "
				"accepts: set BWM_OCI_USER and BWM_OCI_PASSWORD (or "
				"--oci-password-file)");
	struct sbx_oci *o = xcalloc(1, sizeof *o);
	sb->oci = o;
	pthread_mutex_init(&o->lock, NULL);
	o->listen_fd = -1;
	o->sandbox = sb;
	o->user = xstrdup(cfg->oci_user);
	o->password = xstrdup(cfg->oci_password);
	o->error_for = cfg->oci_error_for ? xstrdup(cfg->oci_error_for) : NULL;
	o->forget_every = cfg->oci_forget_every;
	o->logins_taken = cfg->oci_logins ? cfg->oci_logins : SBX_OCI_LOGIN_SIGNED | SBX_OCI_LOGIN_PLAIN;
	int rc = sbx_oci_load(o, cfg->oci_bundle, err);
	if (rc == BWM_OK && cfg->oci_tcp)
		rc = sbx_oci_tcp_start(o, sb->bind_addr, cfg->oci_tcp_port, err);
	return rc;
}

static void stop_oci(struct sandbox *sb)
{
	if (sb->oci == NULL)
		return;
	sbx_oci_tcp_stop(sb->oci);
	sbx_oci_free(sb->oci);
	pthread_mutex_destroy(&sb->oci->lock);
	free(sb->oci);
	sb->oci = NULL;
}

static void destroy(struct sandbox *sb)
{
	stop_oci(sb);
	sbx_store_close(sb);
	pcre2_code_free(sb->pending_re);
	sbx_bucket_destroy(&sb->bucket);
	pthread_mutex_destroy(&sb->lock);
	free(sb->bind_addr);
	free(sb->state_path);
	secret_free(sb->token);
	free(sb->pending_src);
	secret_free(sb->tls_cert);
	secret_free(sb->tls_key);
	free(sb);
}

int sandbox_start(const struct sandbox_config *cfg, struct sandbox **out, struct bwm_error *err)
{
	*out = NULL;
	if (cfg->token == NULL || cfg->token[0] == '\0')
		return bwm_fail(err, BWM_EUSAGE, "the sandbox needs a token: set WEBEX_TOKEN or "
				"give --token-file");
	struct sandbox *sb = xcalloc(1, sizeof *sb);
	sb->cfg = *cfg;
	sb->bind_addr = xstrdup(cfg->bind_addr ? cfg->bind_addr : "127.0.0.1");
	sb->state_path = dup_or_null(cfg->state_path);
	sb->token = xstrdup(cfg->token);
	sb->pending_src = dup_or_null(cfg->pending_emails);
	sb->cfg.bind_addr = sb->bind_addr;
	sb->cfg.state_path = sb->state_path;
	sb->cfg.token = NULL;   /* only sb->token holds it */
	sb->cfg.pending_emails = sb->pending_src;
	pthread_mutex_init(&sb->lock, NULL);
	sbx_bucket_init(&sb->bucket, cfg->rate);
	atomic_init(&sb->nreq, 0);
	atomic_init(&sb->inflight, 0);
	atomic_store(&sb->start_ms, sbx_now_ms());
	for (int k = 0; k < SBX_SECONDS; k++)
		atomic_init(&sb->per_second[k], 0);

	/* The PEM text is read now; the paths are not kept. */
	sb->cfg.tls_cert_path = sb->cfg.tls_key_path = NULL;
	int rc = compile_pending(sb, err);
	if (rc == BWM_OK)
		rc = sbx_tls_load(sb, cfg->tls_cert_path, cfg->tls_key_path, err);
	if (rc == BWM_OK)
		rc = start_oci(sb, cfg, err);
	if (rc == BWM_OK)
		rc = sbx_store_open(sb, sb->state_path, err);
	if (rc == BWM_OK)
		rc = sbx_http_start(sb, err);
	if (rc != BWM_OK) {
		destroy(sb);
		return rc;
	}
	*out = sb;
	return BWM_OK;
}

unsigned sandbox_port(const struct sandbox *sb)
{
	return sb->port;
}

unsigned sandbox_oci_tcp_port(const struct sandbox *sb)
{
	return sb->oci != NULL && sb->oci->listen_fd >= 0 ? sb->oci->tcp_port : 0;
}

const char *sandbox_scheme(const struct sandbox *sb)
{
	return sb->tls_cert != NULL ? "https" : "http";
}

void sandbox_stop(struct sandbox *sb)
{
	if (sb == NULL)
		return;
	sbx_http_stop(sb);
	destroy(sb);
}
