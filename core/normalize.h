/*
 * normalize.h — canonical forms for the values BroadWorks writes loosely.
 *
 * Phone numbers become E.164 ("+16175551212"), MAC addresses 12 upper-case
 * hex digits, e-mail addresses are checked against one pattern. Each
 * function writes into a caller buffer and returns 0 on success or -1 when
 * the input cannot be normalised (the caller reports it with context).
 */
#ifndef BWM_NORMALIZE_H
#define BWM_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#define E164_MAX 17        /* '+', up to 15 digits, NUL */
#define MAC_LEN 13         /* 12 hex digits, NUL */
#define DN_RANGE_MAX 100000 /* a range wider than this is refused as implausible */

/* Any of "+1-6175551212", "+16175551212", "+1 (617) 555-1212" (leading '+'
 * means the country code is included), or national digits "6175551212" with
 * country_code "1" (country_code may be NULL or "" when the input has '+').
 * A national number that already starts with the country code and has the
 * right length for NANP is not doubled. */
int e164_normalize(const char *in, const char *country_code, char out[E164_MAX]);

/* Parse a DN table cell: one number, or a range "LOW - HIGH" (inclusive).
 * On success lo and hi are E.164 (equal for a single number) and *count is
 * hi - lo + 1. Ranges with different lengths, hi < lo, or more than
 * DN_RANGE_MAX numbers are refused. */
int dn_range_parse(const char *cell, const char *country_code,
		   char lo[E164_MAX], char hi[E164_MAX], uint64_t *count);

/* out = e164 + offset, keeping the digit count (for range expansion). */
int e164_offset(const char *e164, uint64_t offset, char out[E164_MAX]);

/* "aa:bb:cc:11:22:33", "AABB.CC11.2233", "aabbcc112233" -> "AABBCC112233". */
int mac_normalize(const char *in, char out[MAC_LEN]);

/* 1 if s looks like a deliverable address (local@domain.tld), else 0. */
int email_valid(const char *s);

/* Digits of a country calling code ("1", "+44" -> "44"); -1 if not 1-3 digits. */
int country_code_normalize(const char *in, char out[5]);

#endif
