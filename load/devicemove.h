/*
 * devicemove.h — the BroadWorks side of a device move (docs/devicemove.md).
 *
 * Once the Webex side of a phone is loaded (its `device` entry is done in
 * the journal), the phone itself still takes its configuration from
 * BroadWorks. devicemove_run() writes the OCI-P requests that point it at
 * Webex (apply.xml) and their exact inverse (rollback.xml), built from the
 * values the export captured (the `bw` member of the plan's device
 * entries). It never sends them: an engineer runs them on BroadWorks.
 *
 *   devicemove.c       reading the plan and the journal, what each device
 *                      gets, the summary (devicemove.txt)
 *   devicemove_ucone.c UC-One clients of the inventory (no device entry:
 *                      Webex has no device for a soft client)
 *   devicemove_map.c   the policy: mappings/devicemove.json and -m files
 *   devicemove_xml.c   writing OCI-P: escaping, commands, documents of at
 *                      most 15 commands (the R25 schema's limit) in files
 *                      renamed into place only when all are complete
 */
#ifndef BWM_LOAD_DEVICEMOVE_H
#define BWM_LOAD_DEVICEMOVE_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/strbuf.h"

/* ---- the policy (devicemove_map.c) ---- */

/* The members of GroupAccessDeviceModifyRequest22 a policy may change,
 * in the schema's element order; the export captures each of them
 * (GroupAccessDeviceGetResponse element of the same name). */
#define DM_FIELDS 7
extern const char *const dm_field_names[DM_FIELDS];
/* 1 when the schema lets the field be cleared (xsi:nil). */
extern const unsigned char dm_field_nillable[DM_FIELDS];

/* What one class of device gets. Strings point into the mapping's JSON. */
struct dm_policy {
	int set[DM_FIELDS];            /* 1: apply changes this field */
	const char *value[DM_FIELDS];  /* the new value; NULL = clear it (nil) */
	const char **tag_names;        /* device-level custom tags to set */
	const char **tag_values;
	size_t ntags;
	int rebuild;                   /* GroupCPEConfigRebuildDeviceConfigFileRequest */
	int reset;                     /* GroupCPEConfigResetDeviceRequest */
};

/* The whole mapping: phones, and UC-One clients (by BroadWorks device
 * type) whose users are upgraded to the Webex App. */
struct dm_map {
	cJSON *json;                   /* owned: the merged mapping */
	struct dm_policy device, ucone;
	const char **ucone_types;      /* exact device types, or prefixes ending in '*' */
	size_t nucone_types;
};

/* Read the default mapping, then each of the extra files in order (a
 * top-level section of a later file replaces the same section), and check
 * every value against the R25 schema's types. BWM_EINPUT names the file,
 * the member and what to do. */
int dm_map_load(struct dm_map *m, const char *default_path, const char *const *extra,
		size_t nextra, struct bwm_error *err);
void dm_map_free(struct dm_map *m);
/* The policy for a BroadWorks device type. */
const struct dm_policy *dm_map_policy(const struct dm_map *m, const char *device_type,
				      int *is_ucone);

/* ---- OCI-P writing (devicemove_xml.c) ---- */

/* Append s to sb escaped for XML character data or an attribute: & < > "
 * ' as entities, tab/newline/carriage return as character references.
 * Returns -1 (nothing appended) if s holds another control character,
 * which XML 1.0 cannot carry. */
int oci_escape(struct strbuf *sb, const char *s);
/* <command xsi:type="TYPE" xmlns=""> … </command> */
void oci_command_begin(struct strbuf *sb, const char *type);
void oci_command_end(struct strbuf *sb);
/* <name>value</name>, or -1 when value cannot be written (see oci_escape). */
int oci_element(struct strbuf *sb, const char *name, const char *value);
/* <name xsi:nil="true"/> */
void oci_element_nil(struct strbuf *sb, const char *name);
/* An XML comment holding text, with "--" made harmless. */
void oci_comment(struct strbuf *sb, const char *text);

/* OCI-P files: BASE.xml, then BASE-2.xml, BASE-3.xml … each one
 * BroadsoftDocument of at most OCI_MAX_COMMANDS commands, a device's
 * commands never split over two. Written to temporary names; put in place
 * by oci_files_finish(keep = 1). */
#define OCI_MAX_COMMANDS 15
struct oci_files {
	const char *dir, *base;        /* borrowed */
	const char *header;            /* borrowed: comment at the top of every file */
	FILE *fp;                      /* the file being written, or NULL */
	int parts;                     /* files started */
	int commands;                  /* in the current file */
	size_t total;                  /* commands in all files */
	int failed;                    /* a write failed */
};
void oci_files_init(struct oci_files *f, const char *dir, const char *base,
		    const char *header);
/* Add one device's block (ncommands commands, ncommands <= 15). */
int oci_files_add(struct oci_files *f, const char *block, int ncommands,
		  struct bwm_error *err);
/* Close; when keep, rename every part into place and remove parts left
 * by an earlier, longer run; else remove the temporary files. */
int oci_files_finish(struct oci_files *f, int keep, struct bwm_error *err);
/* Path of part k (1-based) into sb: DIR/BASE.xml, DIR/BASE-k.xml. */
void oci_files_path(struct strbuf *sb, const char *dir, const char *base, int k);

/* ---- the run (devicemove.c) ---- */

struct devicemove_opts {
	const char *plan_path;         /* the plan (required) */
	const char *journal_path;      /* NULL: plan_path + ".journal" */
	const char *out_dir;           /* where the files go (created) */
	const char *batch;             /* only this wave; NULL = all */
	const char *inventory_path;    /* NULL, or the inventory: its UC-One clients */
	const char *map_path;          /* mappings/devicemove.json */
	const char *const *extra_maps; /* -m files, in order */
	size_t nextra_maps;
	/* Each summary line as it is written to devicemove.txt; may be NULL. */
	void (*line)(const char *text, void *ctx);
	void *line_ctx;
};

struct devicemove_summary {
	size_t devices;                /* device entries (and inventory UC-One clients) in scope */
	size_t written;                /* devices in apply.xml and rollback.xml */
	size_t ucone;                  /* of them, UC-One clients */
	size_t not_done;               /* device entries whose Webex side is not done */
	size_t refused;                /* done, but the policy cannot be undone for them */
	size_t activation;             /* activation_code entries (never written) */
	size_t apply_commands, rollback_commands;
	int apply_files, rollback_files;
};

/* Write OUT/apply.xml, OUT/rollback.xml (and their further parts) and
 * OUT/devicemove.txt. BWM_OK when every device entry in scope was written;
 * BWM_EPARTIAL when files were written but some devices were not (not done
 * on the Webex side, or their policy could not be undone); BWM_EINPUT for
 * an unreadable plan, journal or mapping, or a journal that is not the
 * plan's; BWM_EINTERNAL when OUT cannot be written. */
int devicemove_run(const struct devicemove_opts *o, struct devicemove_summary *s,
		   struct bwm_error *err);

#endif
