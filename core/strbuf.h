/*
 * strbuf.h — a growable, always NUL-terminated byte string.
 *
 * Owner: whoever declared the struct; release with strbuf_free(). Allocation
 * failure aborts (there is no sensible recovery from a failed small malloc
 * in a batch tool, and checking every append would hide the logic).
 */
#ifndef BWM_STRBUF_H
#define BWM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;     /* NUL-terminated; never NULL after init */
	size_t len;    /* bytes before the NUL */
	size_t cap;    /* bytes allocated */
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
/* Append the whole file at path. -1 with errno set when it cannot be
 * opened or read, or (EFBIG) when it holds more than max bytes (0: no
 * limit); sb then keeps what was appended so far. */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hand the buffer to the caller (who frees it) and reset sb. */
char *strbuf_detach(struct strbuf *sb);
/* Remove leading and trailing ASCII whitespace in place. */
void strbuf_trim(struct strbuf *sb);

/* Out-of-memory-checked allocation helpers shared by the whole project. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Zero a secret string (a token, a key) in place; the writes are volatile,
 * so the compiler cannot drop them as it may drop a memset before free. */
void secret_wipe(char *s);
/* Keep the n bytes at p in RAM (mlock), so that they are never written to
 * swap. 0, or -1 when the system refuses (RLIMIT_MEMLOCK, no privilege):
 * not fatal, the secret is then only as safe as the rest of memory. The
 * pages stay locked until the process ends. */
int secret_lock(const void *p, size_t n);
/* secret_wipe(s), then free(s). NULL is allowed. */
void secret_free(char *s);

#endif
