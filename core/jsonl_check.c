/*
 * jsonl_check.c — refuse a JSON Lines record that cJSON would read wrongly
 * (see jsonl_check_text in jsonl.h).
 *
 * cJSON ends a string at a NUL, so a "\u0000" escape or a raw NUL byte cut
 * a value short without a word, and it passes any byte through, so invalid
 * UTF-8 would reach the plan and the API. One pass over the raw line finds
 * the first such flaw and the member it sits in, before cJSON sees it.
 */
#include "core/jsonl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

#define CHECK_DEPTH 32   /* members named in messages; deeper ones are not */

/* A member name as it stands in the text (between its quotes). */
struct name_ref {
	const char *s;
	size_t n;
};

struct flaw {
	size_t at;            /* byte offset of the flaw */
	const char *what;     /* "a NUL character (\u0000)" ... */
	int in_name;          /* the flaw is inside a member name */
	struct name_ref path[CHECK_DEPTH + 1];
	int depth;
};

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

char *json_utf8_copy(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len = u[i] < 0x80 ? 1 : utf8_len(u + i, n - i);
		if (len == 0) {
			strbuf_addstr(&out, "\xEF\xBF\xBD");   /* U+FFFD */
			i++;
		} else {
			strbuf_add(&out, s + i, len);
			i += len;
		}
	}
	return out.buf != NULL ? out.buf : xstrdup("");
}

/* Whether the string opening at s[open] is a member name: a ':' follows
 * its closing quote. */
static int is_name(const char *s, size_t n, size_t open)
{
	size_t i = open + 1;
	while (i < n && s[i] != '"')
		i += s[i] == '\\' ? 2 : 1;
	for (i++; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'); i++)
		;
	return i < n && s[i] == ':';
}

/* 1 when s[0..n) holds no NUL byte, no \u0000 escape and only valid
 * UTF-8: the common case, checked without tracking member names (which
 * find_flaw does only to say where a flaw is). */
static int plain_word(const unsigned char *u)
{
	/* 8 bytes at once: none is NUL, none has the high bit, none is '\\'
	 * (the usual "has a zero byte" test, on the word and on it XOR '\\') */
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t v, x;
	memcpy(&v, u, sizeof v);
	x = v ^ (ones * '\\');
	return (((v - ones) & ~v) | v | ((x - ones) & ~x)) & highs ? 0 : 1;
}

static int clean(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		while (i + 8 <= n && plain_word(u + i))   /* most of a line is plain ASCII */
			i += 8;
		if (i >= n)
			break;
		if (u[i] == 0)
			return 0;
		if (u[i] >= 0x80) {
			size_t len = utf8_len(u + i, n - i);
			if (len == 0)
				return 0;
			i += len - 1;
		} else if (u[i] == '\\') {
			if (i + 5 < n && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
				return 0;
			i++;
		}
	}
	return 1;
}

/* The first flaw of s[0..n), or 0 when there is none. */
static int find_flaw(const char *s, size_t n, struct flaw *f)
{
	struct name_ref stack[CHECK_DEPTH], cur = { NULL, 0 };
	int depth = 0, in_str = 0;
	size_t open = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		f->what = NULL;
		if (u[i] == 0) {
			f->what = "a NUL byte";
		} else if (u[i] >= 0x80) {
			size_t len = utf8_len(u + i, n - i);
			if (len == 0)
				f->what = "a byte that is not UTF-8";
			else
				i += len - 1;
		} else if (in_str && u[i] == '\\') {
			if (i + 5 < n && s[i + 1] == 'u' && strncmp(s + i + 2, "0000", 4) == 0)
				f->what = "a NUL character (\\u0000)";
			i++;
		} else if (u[i] == '"') {
			if (in_str && is_name(s, n, open))
				cur = (struct name_ref){ s + open + 1, i - open - 1 };
			in_str = !in_str;
			open = i;
		} else if (!in_str && (u[i] == '{' || u[i] == '[')) {
			if (depth < CHECK_DEPTH)
				stack[depth] = cur;
			depth++;
			cur = (struct name_ref){ NULL, 0 };
		} else if (!in_str && (u[i] == '}' || u[i] == ']') && depth > 0) {
			depth--;
			cur = depth < CHECK_DEPTH ? stack[depth] : (struct name_ref){ NULL, 0 };
		}
		if (f->what == NULL)
			continue;
		f->at = i;
		f->in_name = in_str && is_name(s, n, open);
		f->depth = 0;
		for (int d = 0; d < depth && d < CHECK_DEPTH; d++)
			if (stack[d].s != NULL)
				f->path[f->depth++] = stack[d];
		if (!f->in_name && cur.s != NULL)
			f->path[f->depth++] = cur;
		return 1;
	}
	return 0;
}

/* The record's key for a message: printable ASCII kept, the rest '?'. */
static void key_of(const char *s, size_t n, struct strbuf *out)
{
	cJSON *rec = cJSON_ParseWithLength(s, n);
	const char *key = json_str(rec, "key");
	if (key != NULL) {
		strbuf_addstr(out, "record \"");
		for (size_t i = 0; key[i] != '\0' && i < 120; i++)
			strbuf_addch(out, key[i] >= 0x20 && key[i] < 0x7f ? key[i] : '?');
		strbuf_addstr(out, "\", ");
	}
	cJSON_Delete(rec);
}

int jsonl_check_text(const char *path, long line, const char *s, size_t n,
		     struct bwm_error *err)
{
	struct flaw f;
	if (clean(s, n) || !find_flaw(s, n, &f))
		return BWM_OK;
	struct strbuf where = STRBUF_INIT;
	key_of(s, n, &where);
	if (f.in_name)
		strbuf_addstr(&where, "a member name");
	else if (f.depth == 0)
		strbuf_addstr(&where, "outside any member");
	if (f.in_name && f.depth > 0)
		strbuf_addstr(&where, " in ");
	if (f.depth > 0) {
		strbuf_addstr(&where, "member \"");
		for (int d = 0; d < f.depth; d++)
			strbuf_addf(&where, "%s%.*s", d ? "." : "", (int)(f.path[d].n > 60 ? 60
				    : f.path[d].n), f.path[d].s);
		strbuf_addch(&where, '"');
	}
	int rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: %s holds %s at column %zu: the value "
			  "would be cut short or reach the API garbled; fix it where it comes "
			  "from (the BroadWorks data, or the file's encoding: it must be UTF-8) "
			  "and write the file again", path, line, where.buf, f.what, f.at + 1);
	strbuf_free(&where);
	return rc;
}
