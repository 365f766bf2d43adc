/*
 * devicemove_run.h — internal to the device move: the state of one run,
 * shared by devicemove.c (the plan's device entries, the files) and
 * devicemove_ucone.c (UC-One clients found in the inventory).
 */
#ifndef BWM_LOAD_DEVICEMOVE_RUN_H
#define BWM_LOAD_DEVICEMOVE_RUN_H

#include "load/devicemove.h"
#include "load/journal.h"
#include "load/plan.h"
#include "core/jsonl.h"

/* Where one device's rollback block sits in the spool. */
struct spooled {
	long off;
	size_t len;
	int ncommands;
};

/* The state of one run. */
struct dm_run {
	const struct devicemove_opts *o;
	struct devicemove_summary *s;
	struct dm_map map;
	struct journal j;
	struct dm_jrow *jrows;         /* devices, codes, subscribers of the journal, */
	size_t njrows, jcap;           /* sorted (devicemove_journal.c) */
	struct jsonl_reader plan;
	struct oci_files apply, rollback;
	FILE *spool;                   /* rollback blocks, in plan order */
	struct spooled *blocks;
	size_t nblocks, cap;
	FILE *txt;                     /* devicemove.txt, under a temporary name */
	size_t in_scope, in_journal;   /* plan entries in scope; of them journaled */
	char found_batch[256];         /* batch of the row dm_journal_find found last */
};

/* A line of devicemove.txt (and of the caller's callback). */
void dm_say(struct dm_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* devicemove_journal.c: read the rows the move needs from the open
 * journal r->j; free them. */
int dm_journal_load(struct dm_run *r, struct bwm_error *err);
void dm_journal_free(struct dm_run *r);
/* State of (kind, key) in the journal, -1 if absent; its hash and last
 * error copied out. */
int dm_journal_find(struct dm_run *r, const char *kind, const char *key,
		    char hash[PLAN_HASH_LEN], char *error, size_t nerror);
/* Write the requests of one device whose Webex side is done (bw: what
 * BroadWorks holds; where: "file:line" for messages). strict: a member
 * bw does not name was not captured (rather than empty), so a policy that
 * changes it cannot be undone. */
int dm_move(struct dm_run *r, const cJSON *bw, const char *key, const char *where, int strict,
	    struct bwm_error *err);
/* devicemove_ucone.c: the UC-One clients of the inventory whose users are
 * done on Webex (o->inventory_path). */
int dm_inventory_clients(struct dm_run *r, struct bwm_error *err);

#endif
