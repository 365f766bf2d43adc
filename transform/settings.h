/*
 * settings.h — what the per-user call settings planners share among
 * themselves (build_user_setting.c and settings_*.c): the state of one
 * user's planning, entry helpers, number and enum translation, the package
 * table and the per-user report rows. Not used outside transform/.
 */
#ifndef BWM_TRANSFORM_SETTINGS_H
#define BWM_TRANSFORM_SETTINGS_H

#include "transform/internal.h"

/* One user's settings being planned. */
struct us_ctx {
	struct tx_ctx *c;
	struct tx_ent *e;
	struct tx_user *u;
	const char *cust_key;         /* the customer the subscriber belongs to */
	const char *ukey;             /* the user's inventory key */
	const char *cc;               /* calling code of national numbers ("1") */
	cJSON *out;                   /* entries planned so far (array, owned by caller) */
	cJSON *carried;               /* report row: Webex features planned */
	cJSON *not_carried;           /* report row: {setting, finding} */
	cJSON *const *recs;           /* the user's user_setting records, key order */
	size_t n_recs;
	unsigned char *used;          /* per record: a planner looked at it */
	int workspace;                /* a common-area phone: its workspace takes them */
};

/* The user_setting record SETTING of the user (or with ":ITEM"), or NULL;
 * marks it as looked at (a record nobody looked at gets a finding). */
const cJSON *us_record(const struct us_ctx *s, const char *setting, const char *item);
/* Its `value` object (never NULL: an empty object when absent). */
const cJSON *us_value(const cJSON *rec);

/* A new user_setting entry USERKEY#NAME: method and path (with
 * {personId}), personId and orgId params, depends on the subscriber; its
 * `source` names rec. Appended to s->out and recorded as carried. */
cJSON *us_entry(struct us_ctx *s, const char *name, const char *method, const char *path,
		const cJSON *rec);

/* A setting that is not carried: a finding on rec (warning when it was
 * active, else info) that the report row lists. */
void us_not_carried(struct us_ctx *s, const cJSON *rec, int active, const char *code,
		    const char *fix, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A finding about part of a carried setting (its rec, file:line). */
void us_finding(struct us_ctx *s, enum tx_severity sev, const cJSON *rec, const char *code,
		const char *fix, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A forwarding destination as Webex takes it: E.164 ("+..."), or an
 * extension (all digits, at most 6); national numbers get "+" and the
 * calling code; a number or extension of another migrated user becomes
 * that user's Webex number. NULL (and a finding on rec naming what) when
 * it is a SIP URI or not a number. Caller frees. */
char *us_destination(struct us_ctx *s, const cJSON *rec, const char *raw, const char *what);

/* 1 (and a package_lacks_feature finding on rec, a warning when active,
 * naming `what`) when the user's package lacks the Webex feature. */
int us_package_refuses(struct us_ctx *s, const cJSON *rec, int active, const char *feature,
		       const char *what);

/* 1 when the user's package includes the Webex feature ("voicemail",
 * "callForwarding", …); unknown packages include everything. */
int us_package_has(const char *package, const char *feature);

/* The planners, one per Webex feature (or group of BroadWorks settings). */
void us_plan_forwarding(struct us_ctx *s);
void us_plan_selective(struct us_ctx *s);
void us_plan_accept_reject(struct us_ctx *s);  /* selective call acceptance, rejection */
/* The criteria of list (a BroadWorks criteria list: which 0 selective
 * forwarding, 1 acceptance, 2 rejection) as POST entries after the
 * feature's PUT; dflt is forwarding's default number. Returns how many
 * were planned (settings_criteria.c). */
int us_plan_criteria(struct us_ctx *s, int which, const cJSON *list, const char *dflt);
void us_plan_voicemail(struct us_ctx *s);
void us_plan_simple(struct us_ctx *s);     /* DND, call waiting, reported-only services */
void us_plan_simring(struct us_ctx *s);    /* simultaneous ring (mappings policy) */
void us_plan_callerid(struct us_ctx *s);   /* caller ID from the call processing policy */
void us_plan_reach(struct us_ctx *s);      /* single number reach */
void us_plan_numbers(struct us_ctx *s);    /* alternate numbers */

/* Per-user report rows ("userSettings" in report.json). */
int us_report_open(struct tx_findings *f, const char *report_dir, struct bwm_error *err);
void us_report_row(struct tx_findings *f, const char *user, const cJSON *carried,
		   const cJSON *not_carried);
long us_report_copy(const struct tx_findings *f, FILE *out, long max, int escape_tags);
void us_report_close(struct tx_findings *f);
/* report.html: called inside the data <script> block, after the data;
 * closes it, writes the table, and leaves a JSON block open that the
 * page's script closes. */
void us_report_html(const struct tx_findings *f, FILE *fp);

#endif
