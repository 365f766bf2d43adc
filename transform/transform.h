/*
 * transform.h — what the transform stage offers: inventory (JSON Lines, see
 * docs/inventory-format.md) in, Wholesale plan (docs/plan-format.md) and a
 * validation report (docs/report.md) out.
 *
 * The stage streams: it holds one enterprise's records at a time (an index),
 * emits that enterprise's plan entries and findings, and frees it. Mapping
 * rules (mappings/default.json, docs/mappings.md) and the partner profile
 * (docs/partner.md) are loaded once. Nothing here parses argv or writes to
 * stdout; cli/transform.c does that.
 */
#ifndef BWM_TRANSFORM_H
#define BWM_TRANSFORM_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "core/core.h"

/* ---- mappings (transform/mappings.c) ---------------------------------- */

struct tx_mappings;   /* compiled rules; opaque outside transform/ */

/* Load the rule file at default_path, then apply each file of extra[] in
 * order: a section present there replaces the same section; a section named
 * "NAME+" is put in front of section NAME (its rules match first).
 * Errors name the file and the line/column or rule position. */
int tx_mappings_load(struct tx_mappings **out, const char *default_path,
		     const char *const *extra, size_t n_extra, struct bwm_error *err);
void tx_mappings_free(struct tx_mappings *m);
/* mappings/devices.json beside the default file, which tx_mappings_load
 * reads after it (NULL when absent); caller frees. */
char *tx_devices_companion(const char *default_path);

/* What a user looks like to the package and recognition rules. */
struct tx_user_facts {
	const char *const *services;   /* assigned service names */
	size_t n_services;
	const char *const *packs;      /* assigned service pack names */
	size_t n_packs;
	const char *device_type;       /* primary device type, or NULL */
	const char *user_id, *first_name, *last_name;
	int agent;                     /* is a call-center agent */
	int is_place;                  /* BroadWorks says it is a place */
	int trunk;                     /* trunk-addressed user */
};

/* The one package for a user (first matching rule), or NULL if no rule
 * matched. *rule_name gets the matching rule's name (for findings). */
const char *tx_package_for(const struct tx_mappings *m, const struct tx_user_facts *u,
			   const char **rule_name);
/* 1 if the user is a common-area phone / a virtual user (not subscribers). */
int tx_is_common_area(const struct tx_mappings *m, const struct tx_user_facts *u);
int tx_is_virtual_user(const struct tx_mappings *m, const struct tx_user_facts *u);

/* BroadWorks language name ("English", "Français", "en") plus ISO country
 * ("GB") -> one of the 29 supported locales ("en_GB"), written into out
 * (at least 6 bytes). Returns 0, or -1 when the language is not known. */
int tx_locale_for(const struct tx_mappings *m, const char *language, const char *country,
		  char out[6]);
/* 1 if locale ("en_US", any case) is one of the 29 supported locales. */
int tx_locale_supported(const char *locale);

/* Time zone: the BroadWorks value after aliases, if it is on the allow-list;
 * else NULL. */
const char *tx_timezone_check(const struct tx_mappings *m, const char *tz);

/* Country: a name or code as BroadWorks writes it ("United States", "us")
 * -> ISO-3166 alpha-2, or NULL. Calling code ("1", "+44") -> alpha-2, or
 * NULL; prefer is returned when it is one of several countries sharing the
 * code (e.g. "CA" for +1). */
const char *tx_country_from_name(const struct tx_mappings *m, const char *name);
const char *tx_country_from_code(const struct tx_mappings *m, const char *code,
				 const char *prefer);

/* Device type -> Webex model written into out; returns 1 when supported,
 * 0 when the rules say "unsupported" or nothing matched. */
int tx_device_model(const struct tx_mappings *m, const char *type, char *out, size_t outsz);

/* BroadWorks service name -> Webex feature name, or NULL when it is not
 * migrated. *known is 0 when no rule matched at all. */
const char *tx_service_feature(const struct tx_mappings *m, const char *service, int *known);

/* Package add-on dependencies: for a customer package list (n names),
 * the first package whose dependency is unmet, or NULL; *add receives the
 * package the rules add to satisfy it (NULL if none). */
const char *tx_package_unmet(const struct tx_mappings *m, const char *const *pkgs, size_t n,
			     const char **add);
/* Position of a package in the API enum order (for deterministic lists),
 * or -1 if it is not a Wholesale package name. */
int tx_package_rank(const char *pkg);

/* ---- partner profile (transform/partner.c) ----------------------------- */

struct tx_partner;    /* opaque outside transform/ */
int tx_partner_load(struct tx_partner **out, const char *path, struct bwm_error *err);
/* The built-in profile used without -p (documented in docs/partner.md). */
struct tx_partner *tx_partner_default(void);
void tx_partner_free(struct tx_partner *p);

/* ---- the run (transform/run.c) ------------------------------------------ */

struct transform_options {
	const char *inventory;        /* path, "-" for stdin */
	const struct tx_mappings *mappings;
	const struct tx_partner *partner;
	const char *waves;            /* CSV "enterprise,wave" or NULL */
	long batch_size;              /* customers per batch; 0 = one batch */
	FILE *plan;                   /* where plan lines go; not owned */
	const char *report_dir;       /* NULL = no report files */
	const struct bwm_log *log;    /* operator messages; not owned */
	/* For the report's record of its inputs (names and SHA-256): */
	const char *const *mapping_files;  /* rule files in the order applied */
	size_t n_mapping_files;
	const char *partner_file;     /* the partner profile, NULL: built-in */
	long long made_at;            /* when the report was made, seconds since
	                               * the epoch (UTC); 0: now */
};

/* What a run produced, for the caller's summary line. */
struct transform_stats {
	long records;                 /* inventory lines read */
	long enterprises, customers, locations, subscribers;
	long entries;                 /* plan lines written */
	long blocked;                 /* plan entries carrying "blocked" */
	long errors, warnings, infos; /* findings by severity */
};

/* Run the whole stage. Returns BWM_OK (no errors), BWM_EPARTIAL (plan
 * written, some objects blocked), BWM_EINPUT (unreadable inventory, waves
 * file: err names file:line), BWM_EINTERNAL (cannot write outputs). */
int transform_run(const struct transform_options *o, struct transform_stats *st,
		  struct bwm_error *err);

#endif
