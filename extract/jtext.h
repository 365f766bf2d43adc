/*
 * jtext.h — JSON text and record keys written straight into a buffer,
 * without a cJSON tree or printf: the extract stage's hot path (every
 * string and key of every record).
 *
 * Strings are escaped exactly as cJSON prints them (", \, \b \f \n \r \t,
 * other control bytes as \u00XX, everything else as is), so a value
 * reads the same in the inventory whichever way it was written.
 */
#ifndef BWM_EXTRACT_JTEXT_H
#define BWM_EXTRACT_JTEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "core/strbuf.h"

/* 1 when s (n bytes) needs no escaping. */
int jtext_is_plain(const char *s, size_t n);
/* Length of s (n bytes) as a JSON string literal, quotes included. */
size_t jtext_quoted_len(const char *s, size_t n);
/* Write s (n bytes) as a JSON string literal at out: jtext_quoted_len()
 * bytes, then a NUL. */
void jtext_quote(char *out, const char *s, size_t n);
/* Append s as a JSON string literal. */
void jtext_string(struct strbuf *sb, const char *s);
/* Append v in decimal. */
void jtext_long(struct strbuf *sb, long v);
/* 1 when fmt has no conversion but %s and %% — the shape of every key
 * ("%s/%s/%s") — so that jtext_vformat() can build it. */
int jtext_format_simple(const char *fmt);
/* Append fmt with its %s arguments (jtext_format_simple(fmt) holds). */
void jtext_vformat(struct strbuf *sb, const char *fmt, va_list ap);

#endif
