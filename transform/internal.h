/*
 * internal.h — the structures the transform files share among themselves.
 * Not part of the stage's public API (that is transform.h).
 *
 * Ownership in one sentence: a struct tx_ent owns every inventory record of
 * one enterprise and everything derived from it; it is freed after its plan
 * entries are written. Mappings and partner live for the whole run.
 */
#ifndef BWM_TRANSFORM_INTERNAL_H
#define BWM_TRANSFORM_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "transform/transform.h"

/* ---- mappings ---------------------------------------------------------- */

/* The conditions of one rule; every condition given must hold. */
struct tx_when {
	pcre2_code *service;     /* any assigned service matches; NULL = any */
	pcre2_code *pack;        /* any assigned service pack matches */
	pcre2_code *device;      /* the primary device type matches */
	pcre2_code *user_id, *first_name, *last_name;
	int agent, is_place, trunk;  /* -1 = either, else must equal */
};

/* A rule with conditions and an outcome (package rules, recognition). */
struct tx_rule {
	char *name;              /* for findings and docs; owned */
	struct tx_when when;
	char *value;             /* package name (NULL for recognition rules) */
};

/* A pattern -> value rule (languages, devices, services). value NULL means
 * "unsupported" / "not migrated". */
struct tx_pat {
	pcre2_code *re;
	char *value;             /* may hold $1..$9 (devices); owned */
	char *alt;               /* devices: the Cisco-managed model, or NULL; owned */
};

/* How a Webex device model is onboarded ("deviceModels", devices.json). */
enum tx_managed { TX_DEV_CISCO, TX_DEV_CUSTOMER, TX_DEV_APP };

/* One Webex device model the "deviceModels" section describes. */
struct tx_devmodel {
	char *model;             /* the API model string; owned */
	int ports;               /* line ports: members a device can hold */
	enum tx_managed managed; /* Cisco-managed, customer-managed (SIP password), soft client */
	int by_code;             /* can be onboarded with an activation code */
};

/* A sorted string -> string table (countries, calling codes, aliases). */
struct tx_kv {
	char *k, *v;             /* both owned */
};

/* A package add-on dependency: pkg needs one of any_of; add is what the
 * rules add to the customer when none is there (NULL: report an error). */
struct tx_dep {
	char *pkg;
	char **any_of;
	size_t n_any;
	char *add;
};

struct tx_feature_policy;

struct tx_mappings {
	struct tx_rule *pkg; size_t n_pkg;          /* "packages" */
	struct tx_rule *common; size_t n_common;    /* "commonArea" */
	struct tx_rule *virt; size_t n_virt;        /* "virtualUsers" */
	struct tx_pat *lang; size_t n_lang;         /* "languages" -> "en" or "en_GB" */
	struct tx_pat *dev; size_t n_dev;           /* "devices" */
	struct tx_pat *svc; size_t n_svc;           /* "services" */
	struct tx_kv *country; size_t n_country;    /* "countries": name (upper) -> alpha-2 */
	struct tx_kv *ccode; size_t n_ccode;        /* "callingCodes": "1" -> "US,CA" */
	struct tx_kv *tzalias; size_t n_tzalias;    /* "timeZoneAliases" */
	char **tz; size_t n_tz;                     /* "timeZones" allow-list, sorted */
	struct tx_dep *dep; size_t n_dep;           /* "packageDependencies" */
	struct tx_kv *feat; size_t n_feat;          /* "features": policy -> value */
	struct tx_feature_policy *fp;               /* "featurePolicies" (features.h) */
	struct tx_kv *uset; size_t n_uset;          /* "userSettings": setting -> policy */
	struct tx_devmodel *devm; size_t n_devm;    /* "deviceModels", sorted by model */
	int third_party_cisco;                      /* devicePolicies.thirdParty = ciscoManaged */
	pcre2_match_data *md;                       /* scratch for matching; owned */
	struct tx_memo *svc_memo;                   /* service name -> rule (memo.c); owned */
};

/* Compile pattern (UTF, JIT when available). Returns NULL and fills err
 * naming where (file, section, index) on a syntax error. */
/* A whole (small) configuration file as a NUL-terminated string the caller
 * frees; NULL with BWM_EINPUT naming the file when it cannot be read. */
char *tx_read_file(const char *path, struct bwm_error *err);
pcre2_code *tx_re_compile(const char *pat, const char *where, struct bwm_error *err);
int tx_re_match(const struct tx_mappings *m, const pcre2_code *re, const char *s);
/* 1 if tz names a zone of the IANA database on this machine, 0 if not,
 * -1 when the machine has no database to ask. */
int tx_timezone_is_iana(const char *tz);
int tx_timezones_load(struct tx_mappings *m, const cJSON *sec, const char *file,
		      struct bwm_error *err);
/* "deviceModels" and "devicePolicies" (device_rules.c). */
int tx_device_models_load(struct tx_mappings *m, const cJSON *models, const cJSON *policies,
			  struct bwm_error *err);
void tx_device_models_free(struct tx_mappings *m);
/* The description of Webex model, or NULL when "deviceModels" has none. */
const struct tx_devmodel *tx_device_info(const struct tx_mappings *m, const char *model);
int tx_kv_load(struct tx_kv **out, size_t *n, const cJSON *obj, int upper_keys,
	       const char *where, struct bwm_error *err);
const char *tx_kv_get(const struct tx_kv *kv, size_t n, const char *k);

/* ---- partner ----------------------------------------------------------- */

struct tx_partner {
	char *provisioning_id;        /* customer template id */
	char **packages; size_t n_packages;  /* always on every customer */
	char *country;                /* default ISO alpha-2 */
	char *language;               /* default locale, "en_US" */
	char *timezone;               /* used when a group has none; NULL = error */
	int email_template_mode;      /* primaryEmail from template, not contact */
	char *customer_email;         /* template for primaryEmail */
	char *user_email;             /* template for users without one; NULL = off */
	int group_granularity;        /* each group its own customer */
	int address_fallback;         /* a group without address uses the enterprise's */
	cJSON *limits;                /* provisioningParameters.packages.limits; owned */
	char *sub_partner_org;        /* onBehalfOfSubPartnerOrgId */
	char *sub_partner_admin;      /* subPartnerAdminEmail */
};

/* Expand {enterprise} {group} {customer} {userId} {userPart} {firstName}
 * {lastName} {domain} in tpl; NULL values expand to "". Result is
 * lower-cased when lower is set. Caller frees. */
char *tx_template(const char *tpl, const char *const vars[][2], size_t n, int lower);

/* ---- one enterprise's index (model.c) ---------------------------------- */

/* A growable array of records (not owned: the enterprise frees them). */
struct tx_list {
	cJSON **v;                    /* the records */
	size_t n, cap;                /* used and allocated slots */
};

/* A string -> pointer hash table (open addressing, linear probing, at most
 * half full); keys and values are not owned. */
struct tx_map {
	const char **k;               /* keys; NULL marks a free slot */
	void **v;                     /* values */
	uint64_t *h;                  /* hash of each key, compared before strcmp */
	size_t n, cap;                /* keys stored; slots (a power of two) */
};

struct tx_grp;

/* Everything derived about one user while planning. */
struct tx_user {
	cJSON *j;                     /* the merged record; owned by the index */
	struct tx_grp *grp;           /* its group */
	const char **svc; size_t n_svc;   /* service names (point into records) */
	const char **pack; size_t n_pack;
	int agent;                    /* appears in a call center's agents */
	int n_devices;                /* devices with a line for this user */
	const char *device_type;      /* type of its primary device */
	const char *package;          /* decided package (mappings-owned) */
	char *email;                  /* decided e-mail; owned */
	const char *number;           /* E.164 primary number (record-owned) */
	int number_active;            /* the number is activated */
	int skip;                     /* common-area or virtual: no subscriber */
	int common;                   /* common-area phone: a workspace instead */
	struct tx_list_ids { char **v; size_t n, cap; } blocked;  /* finding ids */
};

struct tx_grp {
	cJSON *j;                     /* the merged group record */
	const char *key, *id;         /* "ENT/GRP" and "GRP" (record-owned) */
	struct tx_user **users; size_t n_users, cap_users;   /* its users, key order */
	cJSON **num; size_t n_num, cap_num;   /* its number records, key order */
	struct tx_map nums;           /* E.164 -> number record */
	char locale[6];               /* location language */
	const char *tz;               /* checked time zone, or NULL */
	cJSON *addr;                  /* address to use (record-owned) */
	const char *country;          /* alpha-2 of addr */
	struct tx_list_ids blocked;
};

struct tx_ent {
	char *id;                     /* enterprise id; owned */
	long ordinal;                 /* 1-based order in the run */
	cJSON *ent;                   /* the enterprise record, or NULL */
	struct tx_map index;          /* "kind:key" -> record */
	char **keys; size_t n_keys, cap_keys;  /* owned strings the index points at */
	/* Records by kind (owned here); virt holds hunt groups, auto
	 * attendants, call centers and paging groups; settings holds records
	 * of unknown kinds, extra enterprise records, and the settings of a
	 * feature's service user (read by the feature planners). */
	struct tx_list groups, users, numbers, devices, services, virt, settings, errors;
	struct tx_list usettings;     /* user_setting records, key order */
	struct tx_grp *grp; size_t n_grp;      /* derived, in key order */
	struct tx_user *usr; size_t n_usr;     /* derived, in key order */
	struct tx_map grp_by_id;      /* group id -> struct tx_grp */
	struct tx_map usr_by_id;      /* BroadWorks userId -> struct tx_user */
	struct tx_map usr_by_key;     /* user key -> struct tx_user */
};

void tx_ent_init(struct tx_ent *e, const char *id, long ordinal);
/* Take ownership of rec, merging into an earlier record of the same kind
 * and key (later members win). */
void tx_ent_add(struct tx_ent *e, cJSON *rec);
/* Sort, link users to groups, services and devices to users. */
void tx_ent_index(struct tx_ent *e);
void tx_ent_free(struct tx_ent *e);

void *tx_map_get(const struct tx_map *m, const char *k);
void tx_map_put(struct tx_map *m, const char *k, void *v);
void tx_map_free(struct tx_map *m);
void tx_ids_add(struct tx_list_ids *l, const char *id);

/* Remembered answers for strings (memo.c): get gives 1 and the answer
 * stored for s, or 0; put on a NULL memo does nothing. */
struct tx_memo;
struct tx_memo *tx_memo_new(void);
int tx_memo_get(const struct tx_memo *mo, const char *s, size_t *answer);
void tx_memo_put(struct tx_memo *mo, const char *s, size_t answer);
void tx_memo_free(struct tx_memo *mo);
void tx_ids_free(struct tx_list_ids *l);

/* The enterprise of a record: its "enterprise" member, or the id of an
 * enterprise record; NULL when unknown. */
const char *tx_record_enterprise(const cJSON *rec);

/* ---- findings (findings.c) --------------------------------------------- */

enum tx_severity { TX_ERROR, TX_WARNING, TX_INFO };

/* ---- what is read but not planned (unplanned.c) ------------------------ */

/* Room for the kinds in unplanned.c's table plus "other". */
#define TX_UNPLANNED_MAX 16
/* Kinds in the table (their indexes are 0 .. count-1; count is "other",
 * a kind transform does not know). */
size_t tx_unplanned_count(void);
/* Name of index i ("user_setting"), "other" for count. */
const char *tx_unplanned_name(size_t i);
/* Index of an inventory kind that is not planned, -1 for a planned one. */
int tx_unplanned_index(const char *kind);

/* What became of the phones ("phones" in report.json). */
enum tx_phone_count { TX_PH_DEVICES, TX_PH_CODES, TX_PH_WORKSPACES, TX_PH_LEFT, TX_PHONES };

/* Per-customer summary kept for the report (O(customers) memory). */
struct tx_cust_sum {
	char *key, *name, *batch;     /* owned */
	long locations, subscribers, blocked, skipped;
	long sev[3];                  /* findings by severity */
	long pkg[16];                 /* subscribers by package rank */
	int blocked_customer;         /* the customer entry itself is blocked */
	long unplanned[TX_UNPLANNED_MAX];  /* records not planned, by tx_unplanned_name() */
	char passcode_finding[16];    /* its voicemail_passcode finding, or "" */
	long phones[TX_PHONES];       /* phones and workspaces, by enum tx_phone_count */
	cJSON *features;              /* feature table rows (feature_table.c); owned */
};

/* Where findings go: counted, streamed to CSV and a JSON Lines spool for
 * report.json, and attributed to the current customer. */
struct tx_findings {
	FILE *csv;                    /* findings.csv, or NULL; owned */
	char *csv_path;               /* owned */
	FILE *spool;                  /* findings as JSON Lines; owned */
	char *spool_path;             /* owned */
	long next_id;
	long sev[3];
	struct tx_cust_sum *cust; size_t n_cust, cap_cust;  /* report rows */
	long pkg[16];                 /* subscribers by package rank, whole run */
	long unplanned[TX_UNPLANNED_MAX];  /* records not planned, whole run */
	long entries, blocked, customers, locations, subscribers, skipped;
	long phones[TX_PHONES];       /* whole run */
	char last_id[16];             /* id of the latest finding */
	FILE *us_spool;               /* per-user settings rows as JSON Lines; owned */
	char *us_spool_path;          /* owned */
	struct tx_map feat;           /* "kind:key" -> row of the current customer's
				       * feature table (rows owned by cust[].features) */
};

int tx_findings_open(struct tx_findings *f, const char *report_dir, struct bwm_error *err);
/* Record a finding; returns its id ("F000001"), valid until the next call. */
const char *tx_finding(struct tx_findings *f, enum tx_severity sev, const char *code,
		       const char *object, const cJSON *rec, const char *fix,
		       const char *fmt, ...) __attribute__((format(printf, 7, 8)));
struct tx_cust_sum *tx_findings_customer(struct tx_findings *f, const char *key,
					 const char *name, const char *batch);
/* Flush findings.csv and the spool: BWM_EINTERNAL if anything written so
 * far was lost (a full disk); call before writing the reports. */
int tx_findings_flush(struct tx_findings *f, struct bwm_error *err);
void tx_findings_close(struct tx_findings *f);
/* Create report file dir/name (*path_out gets the malloc'ed path, also on
 * failure), and close it reporting any write error on it. */
FILE *tx_report_open(const char *dir, const char *name, char **path_out,
		     struct bwm_error *err);
int tx_report_close(FILE *fp, const char *path, struct bwm_error *err);
/* Write s for the inside of an HTML <script>: "</" would end it, so it is
 * written "<\/" (report_html.c). */
void tx_put_script_safe(FILE *fp, const char *s);

/* ---- where each enterprise's records are (spans.c) -------------------- */

/* One run of consecutive inventory lines of one enterprise. */
struct tx_span {
	char *ent;                    /* enterprise id (owned); NULL: none seen */
	long off, end;                /* byte range [off, end) in the file */
	long line;                    /* lines before the first line of the run */
};
struct tx_spans {
	struct tx_span *v; size_t n, cap;
	int split;                    /* some enterprise has more than one run */
};
/* Scan fp from its position to the end (fp is left there). -1 on I/O error. */
int tx_spans_scan(FILE *fp, struct tx_spans *s);
void tx_spans_free(struct tx_spans *s);

/* ---- run-wide duplicate detection (seen.c) ----------------------------- */

/* 64-bit hashes of values already used by earlier enterprises, each with
 * the ordinal of the enterprise that used it first. 16 bytes per value. */
struct tx_seen {
	uint64_t *h;                  /* value hashes; 0 marks a free slot */
	long *owner;                  /* ordinal of the first owner of each */
	size_t n, cap;                /* values stored; slots (a power of two) */
};
/* 0 if value is new (and records it for owner), else the first owner's
 * ordinal. */
long tx_seen_check(struct tx_seen *s, const char *value, long owner);
void tx_seen_free(struct tx_seen *s);

/* ---- batches (batch.c) ------------------------------------------------- */

struct tx_batches {
	struct tx_kv *wave; size_t n_wave;    /* enterprise or customer key -> wave */
	int from_waves;                       /* a waves file was given, even an empty one */
	long size;                            /* customers per batch (0 = one) */
	long count;                           /* customers assigned so far */
	char name[32];                        /* last generated name */
};
int tx_batches_load(struct tx_batches *b, const char *waves, long size, struct bwm_error *err);
/* The batch of a customer; NULL when the waves file does not list it. */
const char *tx_batch_for(struct tx_batches *b, const char *ent_id, const char *cust_key);
void tx_batches_free(struct tx_batches *b);

/* ---- planning (plan.c and build_*.c) ----------------------------------- */

/* Everything the planners need for one enterprise. */
struct tx_ctx {
	const struct tx_mappings *m;  /* the rules */
	const struct tx_partner *p;   /* the partner profile */
	struct tx_findings *f;        /* where findings and counts go */
	struct tx_seen *emails, *numbers, *macs;  /* run-wide duplicate checks */
	struct tx_batches *batches;   /* batch of each customer */
	FILE *plan;                   /* plan output (not owned) */
	struct bwm_error *err;        /* for write errors */
};

int tx_plan_enterprise(struct tx_ctx *c, struct tx_ent *e);
/* A not_migrated finding for every record of customer gs (n_g groups; the
 * enterprise's first customer when first is set, which also gets records
 * without a known group) whose kind is not planned, counted in sum. */
void tx_unplanned_findings(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *gs,
			   size_t n_g, int first, struct tx_cust_sum *sum);
/* Decide each user's package, e-mail, number (build_subscriber.c). */
void tx_users_decide(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *g, size_t n_g);
/* Decide each group's address, time zone, language (build_location.c). */
void tx_groups_decide(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *g, size_t n_g,
		      int first_is_customer);
/* {"$ref": FMT…}: a value the load fills in from another entry's result
 * ("subscriber:KEY#personId"); values.c. */
cJSON *tx_ref(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Add dep ("kind:key") to entry x's depends unless it is there; values.c. */
void tx_depend(cJSON *x, const char *dep);
/* BroadWorks RingPattern -> Webex enum ("Long-Long" -> "LONG_LONG"), or
 * NULL for an unknown one; values.c. */
const char *tx_ring_pattern(const char *bw);
/* Entry builders: each returns a new plan entry. */
cJSON *tx_entry_new(const char *kind, const char *key, const char *batch,
		    const char *method, const char *path);
cJSON *tx_build_customer(struct tx_ctx *c, struct tx_ent *e, const char *key, const char *name,
			 const cJSON *rec, struct tx_grp *const *gs, size_t n_g,
			 struct tx_cust_sum *sum, struct tx_list_ids *blocked);
cJSON *tx_build_location(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *g,
			 const char *cust_key, int first);
cJSON *tx_build_numbers(struct tx_grp *g, const char *cust_key, int active);
cJSON *tx_build_subscriber(struct tx_ctx *c, struct tx_user *u, const char *cust_key);
/* The workspace of a common-area user (build_workspace.c), and its name
(first and last name, else the user id) in buf. */
cJSON *tx_build_workspace(struct tx_ctx *c, struct tx_user *u, const char *cust_key);
const char *tx_workspace_name(const struct tx_user *u, char *buf, size_t len);
/* The user's call settings as user_setting entries appended to out, and
 * findings for those not carried (build_user_setting.c). */
void tx_build_user_settings(struct tx_ctx *c, struct tx_ent *e, struct tx_user *u,
			    const char *cust_key, cJSON *out);
cJSON *tx_address_body(const cJSON *addr, const char *country, int locations_api);
/* Add "blocked" from id lists (NULL-terminated array of lists). */
/* Add to entry how a rollback deletes what it creates (plan-format.md):
 * "delete": {"path": path}; `{id}` is the entry's own remote id. Returns
 * the delete object (the numbers add their "bodies"). */
cJSON *tx_entry_delete(cJSON *entry, const char *path);
void tx_entry_block(cJSON *entry, const struct tx_list_ids *const *lists);
int tx_entry_write(struct tx_ctx *c, cJSON *entry);
/* Record source file:line as a finding needs it. */
const char *tx_src_file(const cJSON *rec);
long tx_src_line(const cJSON *rec);

/* ---- call features (feature_table.c, feature_common.c, build_schedule.c,
 *      build_auto_attendant.c, build_park_pickup.c) ------------------------ */

/* Is kind an inventory feature kind (schedule, hunt_group, call_center,
 * auto_attendant, call_park, call_pickup, paging_group)? */
int tx_is_feature_kind(const char *kind);
/* Start the feature table of the customer just added (sum): a row for
 * every feature record of groups gs (and, for the first customer, the
 * enterprise's own schedules), "not migrated" until an entry names it. */
void tx_feature_rows_begin(struct tx_findings *f, struct tx_cust_sum *sum, struct tx_ent *e,
			   struct tx_grp *const *gs, size_t n_g, int first);
/* A finding about rec (called by tx_finding) and an entry written (by
 * emit): update the row of the record they concern. */
void tx_feature_rows_finding(struct tx_findings *f, const cJSON *rec, enum tx_severity sev,
			     const char *id);
void tx_feature_rows_entry(struct tx_findings *f, const cJSON *entry);
/* The rows with their final status, for report.json (a new array). */
cJSON *tx_feature_rows_report(const struct tx_cust_sum *sum);

/* What the feature planners share for one customer. */
struct tx_feat {
	struct tx_ctx *c;
	struct tx_ent *e;
	const char *cust_key;         /* customer entry key */
	const char *batch;
	struct tx_cust_sum *sum;
	struct tx_grp *const *gs;     /* the customer's groups */
	size_t n_g;
	const struct tx_list_ids *cust_blocked;   /* findings blocking the customer */
	cJSON *settings;              /* feature_setting entries written after every
				       * feature (not owned; plan.c writes them) */
};

/* Write an entry as plan.c does (batch, counts, feature table). */
int tx_emit(struct tx_ctx *c, cJSON *x, const char *batch, struct tx_cust_sum *sum);
/* Records of kind in the enterprise (any list), sorted by key; caller frees
 * the array (not the records). */
cJSON **tx_feat_records(struct tx_ent *e, const char *kind, size_t *n);
/* The customer's group a feature record belongs to, NULL if another's. */
struct tx_grp *tx_feat_group(const struct tx_feat *fc, const cJSON *rec);
/* A new entry at /telephony/config/locations/{locationId}/SUFFIX with
 * params, depends on the location, source "kind:key" of rec, lookup and
 * delete for the resource (items = the list's array name). */
cJSON *tx_feat_entry(const struct tx_feat *fc, struct tx_grp *g, const char *kind,
		     const char *key, const cJSON *rec, const char *suffix, const char *items,
		     const char *name);
/* {"$ref": "subscriber:KEY#personId"} for BroadWorks user id of group g,
 * or NULL after a finding (not in the export, not planned, blocked, in
 * another location) about rec named obj. */
cJSON *tx_feat_person(const struct tx_feat *fc, struct tx_grp *g, const char *user_id,
		      const cJSON *rec, const char *obj);
/* Block the entry like its location, then write it. */
int tx_feat_emit(const struct tx_feat *fc, struct tx_grp *g, cJSON *x);
/* A policy string of the "features" mappings section, or dflt. */
const char *tx_feat_policy(const struct tx_mappings *m, const char *name, const char *dflt);

int tx_plan_schedules(const struct tx_feat *fc);
int tx_plan_auto_attendants(const struct tx_feat *fc);
int tx_plan_park_pickup(const struct tx_feat *fc);
/* build_aa_services.c: the service user's alternate numbers into the
 * auto attendant entry x's body (x then depends on their number entries),
 * and its forwarding as a feature_setting in fc->settings. */
void tx_aa_alternates(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
		      const char *obj, cJSON *x);
void tx_aa_forwarding(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
		      const char *obj);
/* A feature_setting entry KEY (PUT path) of group g, params locationId and
 * orgId, depending on the location and on dep (NULL: none), source rec;
 * goes to fc->settings, blocked like the location. Returns its body. */
cJSON *tx_feat_setting(const struct tx_feat *fc, struct tx_grp *g, const char *key,
		       const char *path, const char *dep, const cJSON *rec);
/* Webex schedule name of a BroadWorks schedule used by a feature of g:
 * NULL (with an error finding about rec) when no schedule entry exists
 * for it; *dep gets "schedule:KEY". type: "Time" or "Holiday". */
const char *tx_feat_schedule(const struct tx_feat *fc, struct tx_grp *g, const char *name,
			     const char *level, const char *type, char *dep, size_t dep_len);

/* ---- reports ----------------------------------------------------------- */

cJSON *tx_report_doc(const struct tx_findings *f);
/* Up to max lines of a JSON Lines spool (max < 0: all) as array elements
 * (report_json.c); the spool is left at its end. */
long tx_spool_copy(FILE *spool, FILE *out, long max, int escape_tags);
long tx_report_copy_findings(const struct tx_findings *f, FILE *out, long max, int escape_tags);
/* The report's inputs: [{"role", "file", "sha256"}] for the inventory,
 * mapping files, partner profile and waves file; NULL with err set when
 * one cannot be read. */
cJSON *tx_report_inputs(const struct transform_options *o, struct bwm_error *err);
/* made_at (0: now) as "2026-12-05T18:40:00Z". */
void tx_report_time(long long made_at, char out[32]);
/* report.html's HTML (report_page.c): heading, counts, inputs, the
 * customers table (after customers_head), what is not migrated; then
 * the rows of up to max spooled findings, errors first. */
void tx_page_top(FILE *fp, const cJSON *d, const char *customers_head);
long tx_page_findings(const struct tx_findings *f, FILE *fp, long max);
/* Add "inventory", "generated" and "inputs" to report document d. */
void tx_report_made(cJSON *d, const struct transform_options *o, const cJSON *inputs);
int tx_report_json(const struct tx_findings *f, const struct transform_options *o,
		   const cJSON *inputs, struct bwm_error *err);
int tx_report_html(const struct tx_findings *f, const struct transform_options *o,
		   const cJSON *inputs, struct bwm_error *err);

#endif
