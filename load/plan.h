/*
 * plan.h — the plan as the load sees it: an index of entries in file order.
 *
 * The plan (docs/plan-format.md) can be large, so only what scheduling needs
 * stays in memory (kind, key, batch, depends, method, hash, where the line
 * is: about 150 bytes an entry); the request body is read back from the
 * file when the entry is sent.
 */
#ifndef BWM_LOAD_PLAN_H
#define BWM_LOAD_PLAN_H

#include <stdint.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/strbuf.h"

#define PLAN_HASH_LEN 17   /* 16 hex digits + NUL */

/* One plan line, about 64 bytes: the strings live in the plan's arena
 * (kind, batch and method interned, the key once), dependencies are
 * indexes into plan.deps. Its "kind:key" name is plan_id(). */
struct plan_entry {
	const char *kind;  /* customer, location, number, subscriber … */
	const char *key;   /* unique within kind */
	const char *batch; /* wave name ("" when absent) */
	const char *method;/* POST, PUT, LOOKUP … */
	long offset;       /* byte offset of the line */
	uint64_t digest;   /* hash of request + params + body (plan_hash) */
	uint32_t line;     /* 1-based line number in the plan file */
	uint32_t len;      /* bytes of the line */
	uint32_t dep_first;/* its dependencies: plan.deps[dep_first .. +ndepends) */
	uint16_t ndepends;
	/* one byte of flags, so that an entry stays 64 bytes */
	uint8_t blocked : 1; /* the plan marks it blocked by validation findings */
	uint8_t resend : 1;  /* PUT, or a POST marked "resend": sent again after a
			      * crash instead of being looked up */
	uint8_t record : 1;  /* "record" lists response members to journal */
};

/* Append-only storage for the plan's strings: chunks that are never moved,
 * so pointers into them stay valid. */
struct plan_arena {
	char **chunks;
	size_t nchunks;
	size_t used, size;         /* of the last chunk */
};

/* The whole index; entries in file (= dependency) order. */
struct plan {
	char *path;                /* owned copy */
	FILE *fp;                  /* kept open to read bodies back */
	struct plan_entry *v;      /* n entries, owned */
	size_t n, cap;
	uint32_t *deps;            /* every entry's dependencies, as plan indexes */
	size_t ndeps, depcap;
	uint32_t *slots;           /* open-addressed table of ids → index + 1, 0 empty */
	size_t nslots;             /* power of two */
	struct plan_arena text;    /* keys and interned strings */
	const char **interned;     /* open-addressed set of kinds, batches, methods */
	size_t ninterned, interned_slots;
};

/* Read, check (plan_check_entry) and index the plan. A malformed line, an
 * entry that breaks the format, a duplicate kind:key or a depends on a
 * later line is BWM_EINPUT naming file:line. */
int plan_load(struct plan *p, const char *path, struct bwm_error *err);
void plan_free(struct plan *p);

/* Add an entry that has no line in a file (rollback builds its list from
 * the journal). Returns -1 if kind:key is already there. */
int plan_add(struct plan *p, const char *kind, const char *key, const char *batch,
	     const char *method);

/* Index of "kind:key", or -1. */
long plan_find(const struct plan *p, const char *id);

/* Index of the d-th dependency of entry i (always an earlier entry). */
static inline size_t plan_dep(const struct plan *p, size_t i, size_t d)
{
	return p->deps[p->v[i].dep_first + d];
}

/* Check one parsed plan line against docs/plan-format.md, with p holding
 * the entries before it (plan_check.c). BWM_EINPUT names file:line, the
 * entry, the member and what to do. */
int plan_check_entry(const struct plan *p, const cJSON *rec, long line,
		     struct bwm_error *err);

/* Parse entry i again from the file (caller frees with cJSON_Delete). */
int plan_record(const struct plan *p, size_t i, cJSON **out, struct bwm_error *err);

/* The hash stored in the journal: FNV-1a 64 over the canonical (unformatted)
 * request, params and body of a record, as 16 hex digits. */
void plan_hash(const cJSON *rec, char out[PLAN_HASH_LEN]);
uint64_t plan_digest(const cJSON *rec);
/* A digest as the 16 hex digits of the journal, and back (0 if not hex). */
void plan_digest_text(uint64_t digest, char out[PLAN_HASH_LEN]);
uint64_t plan_digest_parse(const char *text);

/* Append "kind:key" of entry i to sb. */
void plan_id_add(struct strbuf *sb, const struct plan *p, size_t i);

#endif
