/*
 * extract.h — the extract stage: BroadWorks OCI-P export bundles in,
 * JSON Lines inventory out (docs/inventory-format.md).
 *
 * A session reads any number of inputs (an XML file, a folder of them, a
 * .zip of them; docs/export-format.md) in the order given, streaming one
 * OCI-P command at a time, and writes the inventory enterprise by
 * enterprise to the FILE it was opened with. Memory is bounded by the
 * largest enterprise, never by the size of the input.
 *
 *     struct extract_session *s = extract_open(out, &opts);
 *     for each input: extract_add_path(s, path, &err)
 *     extract_finish(s, &err);            flushes the last enterprise
 *     extract_stats(s) -> counts for the summary
 *     extract_close(s);
 *
 * A malformed or hostile input stops the session with BWM_EINPUT and a
 * "file:line:col: what" message; what remains in `out` must then be thrown
 * away (the command line writes to a temporary file and removes it).
 */
#ifndef BWM_EXTRACT_H
#define BWM_EXTRACT_H

#include <stddef.h>
#include <stdio.h>

#include "core/core.h"

/* Inventory kinds, in the order records are written within an enterprise. */
enum inv_kind {
	INV_ENTERPRISE,
	INV_GROUP,
	INV_USER,
	INV_NUMBER,
	INV_DEVICE,
	INV_SERVICE,
	INV_HUNT_GROUP,
	INV_AUTO_ATTENDANT,
	INV_CALL_CENTER,
	INV_PAGING_GROUP,
	INV_USER_SETTING,
	INV_SCHEDULE,
	INV_CALL_PARK,
	INV_CALL_PICKUP,
	INV_CALL_PARK_SETTINGS, /* a group's call park settings */
	INV_SOURCE_ERROR,
	INV_UNREAD,          /* commands of a family the extractor cannot read */
	INV_KIND_COUNT
};

/* The inventory name of a kind ("hunt_group"). */
const char *extract_kind_name(enum inv_kind kind);

struct extract_opts {
	const struct bwm_log *log;   /* warnings go here; may be NULL; not owned */
	int write_inline;            /* write each enterprise on the calling thread
	                              * instead of a writer thread (same bytes) */
	size_t thread_min_records;   /* an enterprise of fewer records is written
	                              * inline: a thread costs more than it saves
	                              * (0: EXTRACT_THREAD_MIN_RECORDS) */
};

#define EXTRACT_THREAD_MIN_RECORDS 1000

/* One command type the extractor does not understand, and how often it came. */
struct extract_unknown {
	char *type;                  /* xsi:type as written, prefix stripped; owned */
	size_t count;
};

/* What a session has read and written, for the summary on stderr. */
struct extract_stats {
	size_t written[INV_KIND_COUNT];  /* records written per kind */
	size_t files;                    /* XML files (or zip entries) read */
	size_t documents;                /* BroadsoftDocument elements */
	size_t commands;                 /* command elements */
	size_t ignored;                  /* known commands that carry nothing to migrate */
	size_t warnings;                 /* records turned into source_error by the extractor */
	struct extract_unknown *unknown; /* sorted by type; owned by the session */
	size_t n_unknown;
};

struct extract_session;

/* Start a session writing to out (not owned; left open). Never NULL. */
struct extract_session *extract_open(FILE *out, const struct extract_opts *opts);
/* Read one input: a file, a folder (*.xml in byte order) or a .zip. */
int extract_add_path(struct extract_session *s, const char *path, struct bwm_error *err);
/* Read one XML document from memory; name is used in `source.file`. */
int extract_add_memory(struct extract_session *s, const char *name,
		       const void *buf, size_t len, struct bwm_error *err);
/* Write what is still buffered (the last enterprise). */
int extract_finish(struct extract_session *s, struct bwm_error *err);
const struct extract_stats *extract_stats(const struct extract_session *s);
void extract_close(struct extract_session *s);

#endif
