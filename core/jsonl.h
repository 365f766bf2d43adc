/*
 * jsonl.h — JSON Lines in and out, one record at a time.
 *
 * Every stage talks through JSON Lines files (design §2): one object per
 * line with at least "kind" and "key". The reader never holds more than one
 * line; it counts lines so that every error can name file:line.
 */
#ifndef BWM_JSONL_H
#define BWM_JSONL_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "core/error.h"

/* The longest line accepted: a record is one object, never a file. */
#define JSONL_MAX_LINE (16u * 1024u * 1024u)

struct jsonl_reader {
	FILE *fp;          /* owned unless it is stdin */
	char *path;        /* owned copy, "-" shown as "<stdin>" */
	long line;         /* number of the line last returned */
	char *buf;         /* owned line buffer */
	size_t cap;
	char *vbuf;        /* owned: the stream's read buffer */
};

/* Open path ("-" = stdin). */
int jsonl_open(struct jsonl_reader *r, const char *path, struct bwm_error *err);
/* Read the next record into *out (caller frees with cJSON_Delete).
 * At end of file returns BWM_OK with *out == NULL. Blank lines are skipped.
 * A line that is not a JSON object with string "kind" and "key" is
 * BWM_EINPUT with "file:line: ..." in err. */
int jsonl_next(struct jsonl_reader *r, cJSON **out, struct bwm_error *err);
void jsonl_close(struct jsonl_reader *r);

/* Refuse the text of one record (n bytes) that cJSON would read wrongly:
 * a NUL byte or a "\u0000" escape (cJSON ends the string there, so the
 * value would be cut short silently) or bytes that are not UTF-8. Returns
 * BWM_OK, or BWM_EINPUT with "path:line: record KEY, member NAME holds ...;
 * what to do" in err. jsonl_next() applies it to every line; any other
 * reader of JSON Lines (the load's plan reader) should too. */
int jsonl_check_text(const char *path, long line, const char *text, size_t n,
		     struct bwm_error *err);
/* A copy of s (caller frees) fit for a JSON string: every byte that does
 * not begin a valid UTF-8 sequence becomes U+FFFD. For names that come
 * from the file system (bundle paths), not from a parser that checks. */
char *json_utf8_copy(const char *s);

/* Write one object as a single line. Returns BWM_EINTERNAL on I/O error. */
int jsonl_write(FILE *fp, const cJSON *obj, struct bwm_error *err);

/* Small accessors that tolerate missing members and wrong types. */
const char *json_str(const cJSON *obj, const char *name);       /* NULL if absent */
const char *json_str_or(const cJSON *obj, const char *name, const char *dflt);
int json_bool(const cJSON *obj, const char *name, int dflt);
double json_num(const cJSON *obj, const char *name, double dflt);
/* Add a string member only when value is non-NULL and non-empty. */
void json_add_str_opt(cJSON *obj, const char *name, const char *value);

#endif
