/* strbuf.c — growable strings and checked allocation (see strbuf.h). */
#include "core/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void die_oom(size_t n)
{
	fprintf(stderr, "bwmigrate: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
	sb->len = 0;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
	if (sb->buf == NULL)
		strbuf_init(sb);
	sb->len = 0;
	sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->buf == NULL)
		strbuf_init(sb);
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap * 2;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

/* fmt from its first conversion on, through vsnprintf. */
static void vaddf_slow(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	strbuf_grow(sb, 64);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

/* "-" when neg, then the digits of u. */
static void add_decimal(struct strbuf *sb, int neg, unsigned long long u)
{
	char tmp[24];
	size_t n = sizeof tmp;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (neg)
		tmp[--n] = '-';
	strbuf_add(sb, tmp + n, sizeof tmp - n);
}

static void add_signed(struct strbuf *sb, long v)
{
	/* through unsigned: the magnitude of LONG_MIN does not fit a long */
	add_decimal(sb, v < 0, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
}

/* Keys, references and messages are built with "%s:%s", "%s#%s", "%ld"
 * millions of times a transform; vsnprintf took a tenth of its time. The
 * plain conversions (%s, %d, %ld, %zu, %%) are done here, and the first
 * other one hands the rest of fmt, with the arguments not yet taken, to
 * vsnprintf. */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	const char *p = fmt;
	for (;;) {
		const char *pct = strchr(p, '%');
		strbuf_add(sb, p, pct != NULL ? (size_t)(pct - p) : strlen(p));
		if (pct == NULL)
			return;
		const char *c = pct + 1;
		if (c[0] == 's') {
			const char *s = va_arg(ap, const char *);
			strbuf_addstr(sb, s != NULL ? s : "(null)");   /* as glibc prints it */
			p = c + 1;
		} else if (c[0] == '%') {
			strbuf_addch(sb, '%');
			p = c + 1;
		} else if (c[0] == 'd') {
			add_signed(sb, va_arg(ap, int));
			p = c + 1;
		} else if (c[0] == 'l' && c[1] == 'd') {
			add_signed(sb, va_arg(ap, long));
			p = c + 2;
		} else if (c[0] == 'z' && c[1] == 'u') {
			add_decimal(sb, 0, va_arg(ap, size_t));
			p = c + 2;
		} else {
			vaddf_slow(sb, pct, ap);
			return;
		}
	}
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
	if (sb->buf == NULL)
		strbuf_init(sb);
	char *s = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void strbuf_trim(struct strbuf *sb)
{
	if (sb->buf == NULL)
		return;
	size_t start = 0;
	while (start < sb->len && isspace((unsigned char)sb->buf[start]))
		start++;
	size_t end = sb->len;
	while (end > start && isspace((unsigned char)sb->buf[end - 1]))
		end--;
	memmove(sb->buf, sb->buf + start, end - start);
	sb->len = end - start;
	sb->buf[sb->len] = '\0';
}

void secret_wipe(char *s)
{
	if (s == NULL)
		return;
	for (volatile char *p = s; *p; p++)
		*p = 0;
}

int secret_lock(const void *p, size_t n)
{
	/* The system call itself: AddressSanitizer replaces mlock() with a
	 * no-op, and the sanitizer builds must keep the token locked too. */
	return p != NULL && n > 0 ? (int)syscall(SYS_mlock, p, n) : -1;
}

void secret_free(char *s)
{
	secret_wipe(s);
	free(s);
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t max)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return -1;
	char buf[65536];
	size_t n, got = 0;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		got += n;
		if (max != 0 && got > max) {
			fclose(fp);
			errno = EFBIG;
			return -1;
		}
		strbuf_add(sb, buf, n);
	}
	int bad = ferror(fp), saved = errno;   /* fread's reason, e.g. EISDIR */
	fclose(fp);
	if (bad) {
		errno = saved ? saved : EIO;
		return -1;
	}
	return 0;
}
