/*
 * jtext.c — JSON string literals, numbers and record keys written without
 * cJSON or printf (see jtext.h). Plain strings, the usual case, are found
 * by one table lookup per byte and copied with memcpy.
 */
#include "extract/jtext.h"

#include <stdarg.h>
#include <string.h>

/* 1 for a byte that cJSON escapes in a string: control characters,
 * the quote and the backslash. */
static inline int json_escaped(unsigned char c)
{
	/* a table: this is asked once per byte of every value written */
	static const unsigned char esc[256] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		['"'] = 1, ['\\'] = 1,
	};
	return esc[c];
}

/* Length of s (n bytes) as a JSON string literal, quotes included. */
size_t jtext_quoted_len(const char *s, size_t n)
{
	size_t len = n + 2;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!json_escaped(c))
			continue;
		len += c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' ||
		       c == '\r' || c == '\t' ? 1 : 5;
	}
	return len;
}

/* Write s (n bytes) as a JSON string literal at out, then a NUL, escaped
 * exactly as cJSON prints it so that the inventory does not depend on
 * which path a value took. Runs of plain bytes are copied at once. */
void jtext_quote(char *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;
	*out++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!json_escaped(c))
			continue;
		memcpy(out, s + run, i - run);
		out += i - run;
		run = i + 1;
		*out++ = '\\';
		switch (c) {
		case '"': *out++ = '"'; break;
		case '\\': *out++ = '\\'; break;
		case '\b': *out++ = 'b'; break;
		case '\f': *out++ = 'f'; break;
		case '\n': *out++ = 'n'; break;
		case '\r': *out++ = 'r'; break;
		case '\t': *out++ = 't'; break;
		default:
			memcpy(out, "u00", 3);
			out[3] = hex[c >> 4];
			out[4] = hex[c & 15];
			out += 5;
			break;
		}
	}
	memcpy(out, s + run, n - run);
	out += n - run;
	*out++ = '"';
	*out = '\0';
}

int jtext_is_plain(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !json_escaped((unsigned char)s[i]))
		i++;
	return i == n;
}

void jtext_string(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (jtext_is_plain(s, n)) {   /* the usual case: copy as is */
		strbuf_grow(sb, n + 2);
		char *p = sb->buf + sb->len;
		p[0] = '"';
		memcpy(p + 1, s, n);
		p[n + 1] = '"';
		p[n + 2] = '\0';
		sb->len += n + 2;
		return;
	}
	size_t len = jtext_quoted_len(s, n);
	strbuf_grow(sb, len);
	jtext_quote(sb->buf + sb->len, s, n);
	sb->len += len;
}

/* Without printf: this runs once per record. */
void jtext_long(struct strbuf *sb, long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof buf - p));
}


int jtext_format_simple(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p != NULL; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != '%')
			return 0;
	return 1;
}

void jtext_vformat(struct strbuf *sb, const char *fmt, va_list ap)
{
	const char *p = fmt, *pct;
	while ((pct = strchr(p, '%')) != NULL) {
		strbuf_add(sb, p, (size_t)(pct - p));
		if (pct[1] == 's')
			strbuf_addstr(sb, va_arg(ap, const char *));
		else
			strbuf_addch(sb, '%');
		p = pct + 2;
	}
	strbuf_addstr(sb, p);
}
