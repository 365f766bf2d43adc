/*
 * person.h — the person call-settings part of the sandbox, shared by
 * person_settings.c (the handlers and the store) and person_schema.c (the
 * field checks). Nothing outside sandbox/ uses it.
 */
#ifndef BWM_SANDBOX_PERSON_H
#define BWM_SANDBOX_PERSON_H

#include "sandbox/sbx.h"

enum sbx_ftype {
	SBX_T_BOOL, SBX_T_OBJECT, SBX_T_ARRAY, SBX_T_STRING, SBX_T_RINGS, SBX_T_DEST,
	SBX_T_E164, SBX_T_EXT, SBX_T_EMAIL, SBX_T_ENUM
};

/* One field of a body: dotted path, type, required (when its parent object
 * is present), enum values (NULL-terminated) for SBX_T_ENUM. */
struct sbx_field {
	const char *path;
	enum sbx_ftype type;
	int required;
	const char *const *values;
};

/* A person feature: its PUT body's fields (NULL: its own handler), and
 * whether Common Area packages include it. */
struct sbx_feature {
	const char *name;
	const struct sbx_field *fields;
	int common_area;
};

extern const struct sbx_feature sbx_features[];   /* ends with a NULL name */
extern const struct sbx_field sbx_reach_number_fields[];
extern const struct sbx_field sbx_numbers_fields[];
extern const struct sbx_field sbx_number_entry_fields[];

const struct sbx_feature *sbx_feature_named(const char *name);
/* 0 when body satisfies the table; else a 400 in rs naming where (a
 * prefix for the message, e.g. "phoneNumbers[1]") and the field. */
int sbx_check_fields(const struct sbx_field *fs, const cJSON *body, const char *where,
		     struct sbx_resp *rs);

/* person_settings.c: the checks every person handler starts with (the
 * person's subscriber document, or NULL after a 404/400 reply), and the
 * stored settings of a feature (Webex's defaults before any PUT). */
cJSON *sbx_person_begin(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_feature *f);
cJSON *sbx_person_settings_load(struct sandbox *sb, const char *person, const char *feature);
/* A PUT's members into the stored document: members of src replace those
 * of dst, objects merge member by member (every person PUT does this). */
void sbx_person_settings_merge(cJSON *dst, const cJSON *src);
void sbx_person_settings_store(struct sandbox *sb, const char *person, const char *feature,
			       const cJSON *doc);

/* person_criteria.c: a selective feature's GET lists its criteria (doc's
 * `criteria` replaced; other features untouched), and /_sandbox/state
 * counts duplicate criteria in duplicates.criteria. */
void sbx_person_criteria_summary(struct sandbox *sb, const char *person, const char *feature,
				 cJSON *doc);
void sbx_person_criteria_state(struct sandbox *sb, cJSON *duplicates);

#endif
