/*
 * digest.h — SHA-1 (FIPS 180-4) and MD5 (RFC 1321), for the OCI-P login
 * only: BroadWorks signs the password as MD5 or SHA-1 over the server's
 * nonce and the SHA-1 of the password (extract/live_login.c). Neither is
 * used for anything that needs a strong digest (core/sha256.h does that).
 */
#ifndef BWM_CORE_DIGEST_H
#define BWM_CORE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* The hex digests (lower case, NUL-terminated) of len bytes at data. */
void sha1_hex(const void *data, size_t len, char out[41]);
void md5_hex(const void *data, size_t len, char out[33]);

#endif
