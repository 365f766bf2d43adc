/*
 * tls.c — HTTPS for the sandbox: read the PEM certificate and private key
 * named by --tls-cert / --tls-key into memory and hand them to
 * libmicrohttpd (built with GnuTLS), so a rehearsal can prove that the load
 * client verifies certificates (docs/security.md).
 *
 * The key is wiped from memory when the sandbox stops. The files are read
 * once, at start; a size limit keeps a wrong path (a log, a disk image)
 * from being slurped whole.
 */
#include "sandbox/sbx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A PEM chain of a few certificates is a few KiB; 1 MiB is generous. */
#define SBX_TLS_MAX_PEM (1024 * 1024)

/* The whole of path as a NUL-terminated string; it must look like PEM.
 * Messages call the file `shown`: the key's path is the value of an option
 * naming a secret, and is never quoted (docs/security.md). */
static int read_pem(const char *path, const char *shown, const char *what, char **out,
		    struct bwm_error *err)
{
	*out = NULL;
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot read the TLS %s: %s", shown, what,
				strerror(errno));
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && sb.len <= SBX_TLS_MAX_PEM)
		strbuf_add(&sb, buf, n);
	int bad = ferror(fp);
	fclose(fp);
	int rc = BWM_OK;
	if (bad)
		rc = bwm_fail(err, BWM_EINPUT, "%s: error reading the TLS %s", shown, what);
	else if (sb.len > SBX_TLS_MAX_PEM)
		rc = bwm_fail(err, BWM_EINPUT, "%s: the TLS %s is larger than 1 MiB; give a PEM "
			      "file", shown, what);
	else if (sb.buf == NULL || strstr(sb.buf, "-----BEGIN ") == NULL)
		rc = bwm_fail(err, BWM_EINPUT, "%s: the TLS %s is not PEM (no '-----BEGIN' "
			      "line); convert it with openssl", shown, what);
	if (rc != BWM_OK) {
		secret_free(sb.buf);
		return rc;
	}
	*out = sb.buf;
	return BWM_OK;
}

int sbx_tls_load(struct sandbox *sb, const char *cert, const char *key, struct bwm_error *err)
{
	if (cert == NULL && key == NULL)
		return BWM_OK;
	if (cert == NULL || key == NULL)
		return bwm_fail(err, BWM_EUSAGE, "TLS needs both --tls-cert FILE and --tls-key FILE");
	if (read_pem(cert, cert, "certificate", &sb->tls_cert, err) != BWM_OK)
		return err->status;
	return read_pem(key, "--tls-key", "private key", &sb->tls_key, err);
}
