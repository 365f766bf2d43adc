/*
 * sha256.h — SHA-256 (FIPS 180-4), so that a report can name the exact
 * files it was made from. Small and self-contained: none of the
 * libraries we link offers a public digest.
 */
#ifndef BWM_CORE_SHA256_H
#define BWM_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct sha256 {
	uint32_t h[8];            /* chaining state */
	uint64_t bytes;           /* message length so far */
	unsigned char block[64];  /* partial block */
	size_t used;              /* bytes in block */
	int x86;                  /* use the SHA extensions (set by init) */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* The digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *c, char out[65]);
/* The digest of a whole file; BWM_EINPUT naming the file when it cannot
 * be read. */
int sha256_file(const char *path, char out[65], struct bwm_error *err);

/* 1 when this processor has the x86 SHA extensions (sha256_x86.c); a
 * test may clear x86 after init to check the portable rounds. */
int sha256_x86_available(void);
/* Hash nblocks 64-byte blocks into h with those extensions. */
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks);

#endif
