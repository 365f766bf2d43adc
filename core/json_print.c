/*
 * json_print.c — a cJSON tree as one line of unformatted JSON, the same
 * bytes cJSON_PrintUnformatted gives, in about a third of its time.
 *
 * Every plan entry and inventory record goes through here; cJSON's printer
 * looks at each character of a string twice and prints every number with
 * sprintf and reads it back with sscanf, which made printing a seventh of
 * a transform. This one copies the runs of a string that need no escape in
 * one go, writes into the buffer without a call per byte and prints whole
 * numbers by hand; the output is byte for byte cJSON's (a unit test
 * compares the two on strings with every control character, fractions,
 * large and negative numbers, NaN, raw items and nesting), so plans,
 * goldens and digests do not change.
 */
#include "core/json_print.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Room for n more bytes at sb->buf + sb->len, and the final NUL. */
static inline void reserve(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		strbuf_grow(sb, n);
}

static inline void put_ch(struct strbuf *sb, char c)
{
	reserve(sb, 1);
	sb->buf[sb->len++] = c;
}

static inline void put_mem(struct strbuf *sb, const void *p, size_t n)
{
	reserve(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
}

/* 1 for the bytes a JSON string must escape: '"', '\\' and those below
 * 0x20 (the NUL that ends the string among them). */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Nonzero when one of the 8 bytes of w needs an escape: a byte below
 * 0x20, a '"' or a '\\' (the "has a byte less than n" and "has a zero
 * byte" word tricks). */
static inline uint64_t word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	return ((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & highs;
}

/* The length of the run at p[0..n) that needs no escape. */
static size_t plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if (word_needs_escape(w))
			break;
	}
	while (i < n && !needs_escape[p[i]])
		i++;
	return i;
}

static void put_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t n = strlen((const char *)p);
	put_ch(sb, '"');
	while (n > 0) {
		size_t run = plain_run(p, n);
		put_mem(sb, p, run);
		p += run;
		n -= run;
		if (n == 0)
			break;
		char esc[8];
		switch (*p) {
		case '"': put_mem(sb, "\\\"", 2); break;
		case '\\': put_mem(sb, "\\\\", 2); break;
		case '\b': put_mem(sb, "\\b", 2); break;
		case '\f': put_mem(sb, "\\f", 2); break;
		case '\n': put_mem(sb, "\\n", 2); break;
		case '\r': put_mem(sb, "\\r", 2); break;
		case '\t': put_mem(sb, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			put_mem(sb, esc, 6);
			break;
		}
		p++;
		n--;
	}
	put_ch(sb, '"');
}

/* v's decimal digits (with "-0" for a negative zero, as "%g" has it). */
static void put_whole(struct strbuf *sb, double d)
{
	char tmp[24];
	size_t n = sizeof tmp;
	long long v = (long long)d;
	/* through unsigned: the magnitude of LLONG_MIN does not fit */
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0 || (v == 0 && signbit(d)))
		tmp[--n] = '-';
	put_mem(sb, tmp + n, sizeof tmp - n);
}

/* cJSON's equality of a number read back: within one epsilon of the
 * larger. */
static int same_double(double a, double b)
{
	double max = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= max * DBL_EPSILON;
}

/* cJSON's rule: 15 significant digits when they read back as the same
 * double, else 17. Whole numbers below 10^15 print the same by hand. */
static void put_number(struct strbuf *sb, const cJSON *item)
{
	double d = item->valuedouble;
	if (isnan(d) || isinf(d)) {
		put_mem(sb, "null", 4);
		return;
	}
	if (fabs(d) < 1e15 && d == floor(d)) {
		put_whole(sb, d);
		return;
	}
	char buf[32];
	double back = 0;
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &back) != 1 || !same_double(back, d))
		snprintf(buf, sizeof buf, "%1.17g", d);
	put_mem(sb, buf, strlen(buf));
}

static int put_value(struct strbuf *sb, const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_NULL: put_mem(sb, "null", 4); return 0;
	case cJSON_False: put_mem(sb, "false", 5); return 0;
	case cJSON_True: put_mem(sb, "true", 4); return 0;
	case cJSON_Number: put_number(sb, item); return 0;
	case cJSON_String: put_string(sb, item->valuestring); return 0;
	case cJSON_Raw:
		if (item->valuestring == NULL)
			return -1;
		put_mem(sb, item->valuestring, strlen(item->valuestring));
		return 0;
	case cJSON_Array:
	case cJSON_Object: {
		int obj = (item->type & 0xFF) == cJSON_Object;
		put_ch(sb, obj ? '{' : '[');
		for (const cJSON *c = item->child; c != NULL; c = c->next) {
			if (obj) {
				put_string(sb, c->string);
				put_ch(sb, ':');
			}
			if (put_value(sb, c) != 0)
				return -1;
			if (c->next != NULL)
				put_ch(sb, ',');
		}
		put_ch(sb, obj ? '}' : ']');
		return 0;
	}
	default:
		return -1;
	}
}

int json_print(struct strbuf *sb, const cJSON *item)
{
	if (sb->buf == NULL)
		strbuf_init(sb);
	size_t at = sb->len;
	int rc = item == NULL ? -1 : put_value(sb, item);
	if (rc != 0)
		sb->len = at;
	sb->buf[sb->len] = '\0';
	return rc;
}
