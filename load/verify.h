/*
 * verify.h — internal to load/: `verify` reads back every object the
 * journal says is done and compares it with the body the plan sent.
 *
 *   verify.c          the driver: which entries, which GETs, their answers
 *   verify_read.c     where each kind is read back (URL of each phase)
 *   verify_compare.c  the field rules: what the server fills or normalises
 *   verify_store.c    verification results kept in the journal (resume)
 *   verify_report.c   verify.json, mismatches.csv, verify.html
 */
#ifndef BWM_LOAD_VERIFY_H
#define BWM_LOAD_VERIFY_H

#include "load/run.h"

/* Outcome of one entry. */
enum verify_result {
	VR_NONE = 0,     /* not read (yet) */
	VR_MATCH,        /* every planned field found as planned */
	VR_MISMATCH,     /* read, some fields differ */
	VR_MISSING,      /* the API says it does not exist (404, or absent from its list) */
	VR_UNREADABLE,   /* could not be read: no read path, errors, references */
	VR_ACTION,       /* an action (a "resend" POST: activation code,
			  * applyChanges) left nothing to read back */
	VR__COUNT
};

const char *verify_result_name(int r);

/* Phases of one entry: most kinds are read once; a subscriber is read
 * again as a person (name, number, location live there), a customer's
 * subscribers are listed to find ones the plan did not create, and a
 * number entry reads its location's numbers page by page. */
enum verify_phase { VP_READ = 0, VP_PERSON, VP_EXTRAS };

/* The state of a verify run. `r` comes first, so the run's callbacks can
 * find the whole from it. */
struct verify {
	struct run r;
	struct load_summary sum;     /* r.sum points here */
	int again;                   /* re-read what an earlier run matched */
	unsigned char *result;       /* enum verify_result per plan entry */
	unsigned char *phase;        /* enum verify_phase per plan entry */
	unsigned char *listed;       /* 1: read as an element of a list (read.items or the lookup) */
	cJSON **pages;               /* per entry: list items gathered so far (owned) */
	cJSON *mismatches;           /* [{kind, key, field, planned, found}] */
	cJSON *missing;              /* [{kind, key, message}] */
	cJSON *unreadable;           /* [{kind, key, message}] */
	cJSON *actions;              /* [{kind, key, message}] nothing to read back */
	cJSON *extra;                /* [{kind, id, name, where}] what the plan did not create */
	cJSON *lists_read;           /* "PATH|LOCATION" of feature lists read for extras */
	const char **known;          /* sorted remote ids of every entry (borrowed from r.e) */
	size_t nknown;
	size_t skipped;              /* matched by an earlier run, not read again */
};

/* verify_read.c: the GET of entry i in its current phase (URL owned by
 * the caller, endpoint template borrowed), from the resolved plan record
 * rec. Returns 0, or -1 with a reason in *why when the kind cannot be
 * read back. */
int verify_read_url(struct verify *v, size_t i, const cJSON *rec, char **url,
		    const char **endpoint, const char **why);

/* The list read of entry i (its "read" when it names items, else its
 * "lookup"): "items" names the array, "match" the element. */
const cJSON *verify_list_spec(const cJSON *rec);

/* verify_compare.c: append to v->mismatches every planned field of
 * entry i that the found object does not hold as planned. phase tells
 * which object was found (the subscriber, or its person). Returns how
 * many were appended. */
int verify_compare(struct verify *v, size_t i, int phase, const cJSON *planned,
		   const cJSON *found);
/* The numbers of a number entry against its location's list. */
int verify_compare_numbers(struct verify *v, size_t i, const cJSON *planned,
			   const cJSON *items);

/* verify_store.c: the results table in the journal's database. */
int verify_store_open(struct verify *v, struct bwm_error *err);
int verify_store_put(struct verify *v, size_t i, int result, const char *detail);
/* The pass ran to its end: the next verify reads everything again. */
int verify_store_close_pass(struct verify *v, struct bwm_error *err);

/* verify_report.c */
int verify_report_write(struct verify *v, const struct verify_summary *vs,
			struct bwm_error *err);

#endif
