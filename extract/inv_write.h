/*
 * inv_write.h — the inventory buffer's records, and the writer that turns
 * one finished enterprise into JSON Lines.
 *
 * Private to extract/: inventory.c fills a batch (one enterprise's
 * records, their arena and the arrays that sort them) and hands it to the
 * writer, which sorts, merges and writes it on a thread of its own while
 * the reader goes on parsing the next enterprise into a second batch. At
 * most two enterprises are held at once, so memory stays bounded by the
 * enterprise, and the output is the same bytes as a single-threaded run:
 * one batch is written at a time, in the order they were handed over.
 */
#ifndef BWM_EXTRACT_INV_WRITE_H
#define BWM_EXTRACT_INV_WRITE_H

#include "extract/oci.h"

#include <pthread.h>
#include <stdio.h>

/* One member of a sealed record: its name and its value as JSON text. */
struct inv_field {
	const char *name;     /* arena */
	const char *json;     /* arena */
	size_t nlen, jlen;    /* their lengths, to write without strlen */
};

/* One buffered record. Lives in its batch's arena. */
struct inv_rec {
	enum inv_kind kind;
	int prio;             /* merge priority: detail responses > list rows */
	size_t seq;           /* arrival order, for a stable merge */
	cJSON *obj;           /* members while the record is open; owned; NULL once sealed */
	struct inv_field *f;  /* members once sealed; arena */
	size_t nf;
	const char *key;      /* arena ("" until set) */
	const char *file;     /* source.file; arena, shared by consecutive records */
	long line;            /* source.line */
	const char *pending_id;   /* user/instance id whose group is unknown, or NULL */
	const char *owner_field;  /* member to set to the owner's key, or NULL */
	const char *suffix;       /* appended to the owner key to make the key, or NULL */
	const char *cmd;          /* response type, for the unresolved message, or NULL */
	int group_owner;          /* the owner is pending_id's group, not pending_id */
};

/* userId or serviceUserId -> groupId, for records that only know the id. */
struct inv_index_entry {
	const char *id;       /* arena */
	const char *group;    /* arena */
};

/* One enterprise's records and everything they point into. */
struct inv_batch {
	struct arena arena;       /* records, fields, strings, index */
	struct inv_rec **recs;    /* the records (in the arena); array owned */
	struct inv_rec **spare;   /* second array of cap entries, for sorting; owned */
	size_t n, cap;
	const char *ent;          /* the enterprise id (arena), NULL before any */
	struct inv_index_entry *idx;   /* id -> group of this enterprise; array owned */
	size_t n_idx, cap_idx;
	struct strbuf warnings;   /* messages for the log made while writing, each
	                           * ending in '\0'; the reader logs them */
	size_t n_warnings;
};

void inv_batch_init(struct inv_batch *b);
/* Forget every record, keep the memory for the next enterprise. */
void inv_batch_clear(struct inv_batch *b);
void inv_batch_free(struct inv_batch *b);
/* Append r, growing both arrays. */
void inv_batch_push(struct inv_batch *b, struct inv_rec *r);
/* Remember that user or service instance id lives in group. */
void inv_batch_index(struct inv_batch *b, const char *id, const char *group);

/* A value whose JSON text is this long is not OCI-P data: it is written
 * as null (as the cJSON printer, limited to JSONL_MAX_LINE, always did). */
int inv_json_too_large(size_t jlen);

/* Field f = name (not copied: it must live as long as the arena's
 * contents) and the JSON string literal of value, in arena a. */
void inv_field_str(struct arena *a, struct inv_field *f, const char *name, const char *value);

/* Give each record that waits for its group (pending_id) its key, group
 * and owner, or turn it into a source_error saying why it cannot be
 * placed (its message is added to b->warnings). inv_resolve.c. */
void inv_resolve(struct inv_batch *b);

/* Writes batches, one at a time, in the order they are submitted. */
struct inv_writer {
	FILE *out;                    /* not owned */
	size_t thread_min;            /* smaller batches are written by submit itself */
	pthread_t thread;
	int running;                  /* thread holds `batch` */
	struct inv_batch *batch;      /* being written; not owned */
	struct strbuf outbuf;         /* lines not yet handed to out */
	size_t written[INV_KIND_COUNT];
	int rc;                       /* first failure; sticky */
	struct bwm_error err;
};

void inv_writer_init(struct inv_writer *w, FILE *out, size_t thread_min);
/* Wait for the batch being written, then write b (sealed; its pending
 * keys are resolved by the writer): on the writer thread when it has at
 * least thread_min records — nothing may touch b until the next submit or
 * wait returns — else before returning. Returns the first write error so
 * far, if any. */
int inv_writer_submit(struct inv_writer *w, struct inv_batch *b, struct bwm_error *err);
/* 1 while the writer thread holds a batch. */
int inv_writer_busy(const struct inv_writer *w);
/* Wait until everything submitted is written; the first error, if any. */
int inv_writer_wait(struct inv_writer *w, struct bwm_error *err);
/* Wait, then release the writer's own memory. */
void inv_writer_free(struct inv_writer *w);

#endif
