/*
 * plan.h — the plan as the load sees it: an index of entries in file order.
 *
 * The plan (docs/plan-format.md) can be large, so only what scheduling needs
 * stays in memory (kind, key, batch, depends, method, hash, where the line
 * is); the request body is read back from the file when the entry is sent.
 */
#ifndef BWM_LOAD_PLAN_H
#define BWM_LOAD_PLAN_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "core/error.h"

#define PLAN_HASH_LEN 17   /* 16 hex digits + NUL */

/* One plan line. All strings are owned by the entry. */
struct plan_entry {
	char *id;          /* "kind:key", the name other entries use in depends */
	char *kind;        /* customer, location, number, subscriber … */
	char *key;         /* unique within kind */
	char *batch;       /* wave name ("" when absent) */
	char *method;      /* POST, LOOKUP … */
	char **depends;    /* ndepends "kind:key" strings */
	size_t ndepends;
	long *dep_idx;     /* index of each depends in the plan, -1 if unknown */
	int blocked;       /* the plan marks it blocked by validation findings */
	long line;         /* 1-based line number in the plan file */
	long offset;       /* byte offset of the line */
	size_t len;        /* bytes of the line */
	char hash[PLAN_HASH_LEN]; /* hash of request + params + body */
};

/* The whole index; entries in file (= dependency) order. */
struct plan {
	char *path;                /* owned copy */
	FILE *fp;                  /* kept open to read bodies back */
	struct plan_entry *v;      /* n entries, owned */
	size_t n, cap;
	long *slots;               /* open-addressed table of ids → index, -1 empty */
	size_t nslots;             /* power of two */
};

/* Read and index the plan. A malformed line, a missing field, a duplicate
 * kind:key or a depends on a later line is BWM_EINPUT naming file:line. */
int plan_load(struct plan *p, const char *path, struct bwm_error *err);
void plan_free(struct plan *p);

/* Add an entry that has no line in a file (rollback builds its list from
 * the journal). Returns -1 if kind:key is already there. */
int plan_add(struct plan *p, const char *kind, const char *key, const char *batch,
	     const char *method);

/* Index of "kind:key", or -1. */
long plan_find(const struct plan *p, const char *id);

/* Parse entry i again from the file (caller frees with cJSON_Delete). */
int plan_record(const struct plan *p, size_t i, cJSON **out, struct bwm_error *err);

/* The hash stored in the journal: FNV-1a 64 over the canonical (unformatted)
 * request, params and body of a record, as 16 hex digits. */
void plan_hash(const cJSON *rec, char out[PLAN_HASH_LEN]);

#endif
