/*
 * sbx.h — the sandbox's private shapes, shared by the files of sandbox/ and
 * by nothing else (the public face is sandbox.h).
 *
 * A request travels: http.c (libmicrohttpd glue: body, auth, latency,
 * faults) -> route.c (path -> handler) -> one resource file (customers.c,
 * subscribers.c, locations.c, numbers.c, precheck.c, inspect.c) which reads
 * and writes the SQLite store (store.c) and fills a struct sbx_resp. The
 * handlers never see libmicrohttpd, so they stay plain functions.
 *
 * Every prefix here is sbx_ so that nothing clashes with the other stages
 * linked into the same binary.
 */
#ifndef BWM_SANDBOX_SBX_H
#define BWM_SANDBOX_SBX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "core/core.h"
#include "sandbox/sandbox.h"

/* ---- sandbox-specific error codes (the real set is open; see docs) ---- */
enum {
	SBX_E_BODY = 1000,        /* body missing, not JSON, not an object */
	SBX_E_REQUIRED = 1001,    /* a required field is missing */
	SBX_E_FORMAT = 1002,      /* wrong type or format */
	SBX_E_ENUM = 1003,        /* value not in the allowed set */
	SBX_E_DEPENDS = 1004,     /* package dependency not satisfied */
	SBX_E_LENGTH = 1005,      /* value too long */
	SBX_E_QUERY = 1006,       /* bad query parameter */
	SBX_E_REFERENCE = 1007,   /* a referenced object does not exist */
	SBX_E_NOT_FOUND = 4040,
	SBX_E_METHOD = 4050,
	SBX_E_AUTH = 4010,
	SBX_E_MEDIA = 4150,
	SBX_E_EXISTS = 4090,      /* externalId / location name / number exists */
	SBX_E_NOT_READY = 4091,   /* customer not provisioned (yet) */
	SBX_E_IN_USE = 4092,      /* number or extension already assigned */
	SBX_E_EMAIL_TAKEN = 10022,/* the code the spec's Error example uses */
	SBX_E_MAINTENANCE = 2560, /* the asynchronous package error of the spec */
	SBX_E_THROTTLED = 4290,
	SBX_E_LOCKED = 4230,
	SBX_E_SERVER = 5000
};

/* ---- token bucket (ratelimit.c) ---- */
struct sbx_bucket {
	pthread_mutex_t lock;     /* guards the two fields below */
	double tokens;            /* available now, at most rate (1 s burst) */
	int64_t last_ms;          /* when tokens was last refilled */
	double rate;              /* refill per second; 0 = unlimited */
};

void sbx_bucket_init(struct sbx_bucket *b, double rate);
void sbx_bucket_destroy(struct sbx_bucket *b);
/* 0 if a token was taken, else the whole seconds to wait (>= 1). */
int sbx_bucket_take(struct sbx_bucket *b, int64_t now_ms);
void sbx_bucket_reset(struct sbx_bucket *b);

/* ---- faults (faults.c) ---- */
enum sbx_fault_kind {
	SBX_F_NONE, SBX_F_429, SBX_F_5XX, SBX_F_423, SBX_F_RESET, SBX_F_SLOW, SBX_F_LOST,
	SBX_F_DROP, SBX_F_COUNT
};

/* What happens to the n-th /v1 request; a pure function of seed and n. */
struct sbx_fault {
	enum sbx_fault_kind kind;
	unsigned latency_ms;      /* total added latency */
	int status;               /* 429/423/5xx status to answer, or the 5xx of a lost reply */
	int retry_form;           /* 429: 0 seconds, 1 HTTP-date, 2 odd text */
	int drop;                 /* lost: 1 drop the connection, 0 answer `status` */
};

void sbx_fault_pick(const struct sandbox_faults *f, unsigned base_latency_ms,
		    uint64_t seed, uint64_t n, struct sbx_fault *out);
const char *sbx_fault_name(enum sbx_fault_kind k);
/* "5%" or "0.05" -> 0.05; -1 unless in [0, 1]. */
int sbx_parse_share(const char *s, double *out);

/* ---- the server ---- */
struct MHD_Daemon;

#define SBX_SECONDS 3600           /* seconds of per-second request counts */

struct sandbox {
	struct sandbox_config cfg;   /* copy; its strings point at the owned copies below */
	char *bind_addr;             /* owned */
	char *state_path;            /* owned or NULL */
	char *token;                 /* owned; never logged */
	char *pending_src;           /* owned pattern text or NULL */
	pcre2_code *pending_re;      /* compiled pending_src or NULL; read-only */
	struct MHD_Daemon *daemon;
	unsigned port;
	sqlite3 *db;                 /* opened FULLMUTEX; still used under lock */
	pthread_mutex_t lock;        /* one request's store work at a time, so
				      * check-then-insert (409 rules) is atomic */
	struct sbx_bucket bucket;
	atomic_uint_fast64_t nreq;   /* /v1 requests so far: the fault index */
	atomic_int_fast64_t start_ms; /* sbx_now_ms() at start or reset: second 0 */
	atomic_uint per_second[SBX_SECONDS]; /* /v1 requests arrived in each second
				      * since start_ms (a client's send rate) */
	atomic_int inflight;         /* requests begun and not yet answered */
	uint64_t nfault[SBX_F_COUNT];/* faults injected, by kind; under lock */
	uint64_t nthrottled;         /* 429s from the token bucket; under lock */
	char *tls_cert;              /* owned PEM text of the certificate, or NULL */
	char *tls_key;               /* owned PEM text of the key, or NULL; wiped on stop */
	struct sbx_oci *oci;         /* the OCI-P responder (sandbox/oci.h), or NULL */
};

/* oci_soap.c: OCI-P over SOAP, and GET /_sandbox/oci (the responder's
 * counts); the faults of one OCI-P exchange (latency slept here). */
struct MHD_Connection;
int sbx_oci_soap(struct sandbox *sb, struct MHD_Connection *conn, const char *method,
		 const char *body, size_t len);
int sbx_oci_counts_reply(struct sandbox *sb, struct MHD_Connection *conn);
void sbx_oci_fault(struct sandbox *sb, struct sbx_fault *f);

/* tls.c: read the PEM files into sb->tls_cert/tls_key (nothing when both
 * paths are NULL); free them with secret_free, which zeroes them first. */
int sbx_tls_load(struct sandbox *sb, const char *cert, const char *key, struct bwm_error *err);

/* http.c: start and stop the daemon (sb->port is set on success). */
int sbx_http_start(struct sandbox *sb, struct bwm_error *err);
void sbx_http_stop(struct sandbox *sb);

/* ---- one request and its answer ---- */
struct sbx_kv {
	char *key;                   /* owned, decoded */
	char *value;                 /* owned, decoded */
};

struct sbx_req {
	const char *method;          /* "GET", ... (not owned) */
	const char *path;            /* URL path, no query (not owned) */
	char *id;                    /* owned {id} segment matched by the route, or NULL */
	char *id2, *id3;             /* owned second and third {…} segments, or NULL */
	struct sbx_kv *query;        /* owned array of nquery */
	size_t nquery;
	cJSON *body;                 /* owned parsed body; NULL when there was none */
	char *base_url;              /* owned "http://host:port" for Location and Link */
	int64_t now_ms;              /* wall clock when the request was handled */
};

struct sbx_resp {
	int status;                  /* HTTP status; 0 = nothing decided yet */
	cJSON *json;                 /* owned body, NULL = empty */
	char *location;              /* owned Location header or NULL */
	char *link;                  /* owned Link header or NULL */
	char *retry_after;           /* owned Retry-After header or NULL */
	char *allow;                 /* owned Allow header (405) or NULL */
};

typedef void sbx_handler(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs);

void sbx_req_free(struct sbx_req *rq);
void sbx_resp_free(struct sbx_resp *rs);
/* First value of a query parameter, or NULL. */
const char *sbx_query(const struct sbx_req *rq, const char *key);
/* Integer query parameter in [lo, hi] with a default; -1 (and a 400 in rs)
 * when it is not a number or out of range. */
int sbx_query_int(const struct sbx_req *rq, struct sbx_resp *rs, const char *key,
		  long dflt, long lo, long hi, long *out);

/* ---- replies (reply.c) ---- */
void sbx_reply_json(struct sbx_resp *rs, int status, cJSON *body);
void sbx_reply_error(struct sbx_resp *rs, int status, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sets Link rel="next" when offset+count < total, keeping the other query
 * parameters of rq. */
void sbx_reply_link(const struct sbx_req *rq, struct sbx_resp *rs, long offset, long max,
		    long total);
/* The same with another name for the offset (the Numbers API says start). */
void sbx_reply_link_named(const struct sbx_req *rq, struct sbx_resp *rs, const char *name,
			  long offset, long max, long total);
/* {"items": [...]} body helper. */
void sbx_reply_items(struct sbx_resp *rs, cJSON *items);

/* ---- small helpers (util.c) ---- */
int64_t sbx_now_ms(void);
void sbx_iso8601(int64_t ms, char out[32]);
void sbx_http_date(int64_t ms, char out[40]);
uint64_t sbx_mix(uint64_t x);
uint64_t sbx_hash_str(const char *s);
double sbx_unit(uint64_t h);           /* [0, 1) */
/* A Webex-like opaque id: unpadded URL-safe base64 of
 * "ciscospark://us/KIND/uuid", the uuid derived from seed and n. */
char *sbx_make_id(const char *kind, uint64_t seed, uint64_t n);
void sbx_tracking_id(char out[48]);
/* Replace (or add) member key of obj with item, which obj then owns. */
void sbx_set(cJSON *obj, const char *key, cJSON *item);

/* ---- the store (store.c) ---- */
int sbx_store_open(struct sandbox *sb, const char *path, struct bwm_error *err);
void sbx_store_close(struct sandbox *sb);
sqlite3_stmt *sbx_prep(struct sandbox *sb, const char *sql);
/* Bind a string, NULL binding SQL NULL. */
void sbx_bind(sqlite3_stmt *st, int i, const char *s);
/* Run a statement with up to three string parameters; SQLITE_DONE -> 0. */
int sbx_exec(struct sandbox *sb, const char *sql, const char *a, const char *b, const char *c);
/* First column of the first row as an integer (0 if none). */
int64_t sbx_count(struct sandbox *sb, const char *sql, const char *a, const char *b);
int64_t sbx_count3(struct sandbox *sb, const char *sql, const char *a, const char *b,
		   const char *c);
/* Fresh id for an object of KIND (CUSTOMER, SUBSCRIBER, ...). */
char *sbx_new_id(struct sandbox *sb, const char *kind);
/* Load the JSON document stored for id in table, or NULL. */
cJSON *sbx_doc_load(struct sandbox *sb, const char *table, const char *id);
void sbx_stat_request(struct sandbox *sb, const char *method, const char *tmpl, int status);
void sbx_store_clear(struct sandbox *sb);

/* ---- list queries (query.c) ---- */
/* One filter of a list: a condition with exactly one '?', e.g.
 * "email_key = lower(?)"; left out when value is NULL. */
struct sbx_filter {
	const char *sql;
	const char *value;
};

/* The fixed parts of a list query. */
struct sbx_list_query {
	const char *columns;         /* what each row selects */
	const char *from;            /* table, or tables with their JOIN */
	const char *order;           /* ORDER BY expression */
	long offset;                 /* rows skipped */
	long max;                    /* rows returned at most */
};

typedef void sbx_row_fn(sqlite3_stmt *st, void *ctx);

/* Call row for each row of the page; returns how many rows match in all
 * (for the Link header), or -1 after an SQL error. */
long sbx_list(struct sandbox *sb, const struct sbx_list_query *q, const struct sbx_filter *f,
	      size_t n, sbx_row_fn *row, void *ctx);

/* ---- routing (route.c) ---- */
/* Find the handler for rq; fills *tmpl with the templated path used in the
 * statistics (never NULL). Returns NULL after filling rs with 404/405. */
sbx_handler *sbx_route(struct sbx_req *rq, struct sbx_resp *rs, const char **tmpl);

/* ---- resources ---- */
sbx_handler sbx_customers_list, sbx_customers_create, sbx_customer_get,
	sbx_customer_update, sbx_customer_delete, sbx_customers_validate;
sbx_handler sbx_subscribers_list, sbx_subscribers_create, sbx_subscriber_get,
	sbx_subscriber_update, sbx_subscriber_delete, sbx_subscribers_validate,
	sbx_subscriber_consent;
sbx_handler sbx_locations_list, sbx_locations_create, sbx_location_get, sbx_location_delete;
sbx_handler sbx_numbers_add, sbx_numbers_update, sbx_numbers_remove,
	sbx_numbers_search;
sbx_handler sbx_inspect_state, sbx_inspect_reset, sbx_inspect_alter;
sbx_handler sbx_person_get;
sbx_handler sbx_person_setting_get, sbx_person_setting_put, sbx_person_reach_add,
	sbx_person_numbers_put;
/* person_criteria.c: selective forward / accept / reject criteria */
sbx_handler sbx_person_criteria_add, sbx_person_criterion_get, sbx_person_criterion_put,
	sbx_person_criterion_delete;
/* person_ring_clid.c: simultaneous ring and caller ID PUTs */
sbx_handler sbx_person_simring_put, sbx_person_callerid_put;
/* workspace_settings.c: a workspace's call forwarding and call waiting */
sbx_handler sbx_workspace_setting_get, sbx_workspace_setting_put;
/* person_lists.c: person-settings counts, duplicates and (with_settings)
 * every person's settings, added to a /_sandbox/state answer. */
void sbx_person_state(struct sandbox *sb, cJSON *o, int with_settings);
/* features.c: schedules, auto attendants, call parks, call pickups */
sbx_handler sbx_schedules_list, sbx_schedules_create, sbx_schedule_get, sbx_schedule_update,
	sbx_schedule_delete;
sbx_handler sbx_aa_org_list, sbx_aa_create, sbx_aa_get, sbx_aa_update, sbx_aa_delete;
sbx_handler sbx_parks_list, sbx_parks_create, sbx_park_get, sbx_park_update, sbx_park_delete;
sbx_handler sbx_pickups_list, sbx_pickups_create, sbx_pickup_get, sbx_pickup_update,
	sbx_pickup_delete;
/* features.c: counts, duplicates and items of /_sandbox/state */
void sbx_features_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates);
cJSON *sbx_features_items(struct sandbox *sb);

/* customers.c: write a customer row from its document (status, orgId and
 * externalId columns follow the document); since_ms < 0 keeps the old one. */
int sbx_customer_store(struct sandbox *sb, const cJSON *doc, int64_t since_ms, int insert);

/* provision.c: move customers whose delay has passed to their outcome. */
void sbx_provision_settle(struct sandbox *sb, int64_t now_ms);
/* locations.c: insert a location (body in the Locations API shape) into
 * org; returns its id (caller frees) or NULL. Shared with provision.c. */
char *sbx_location_insert(struct sandbox *sb, const char *org_id, const cJSON *loc);

/* ---- field checks (validate.c) ---- */
/* Each returns 0 when fine, else fills rs with a 400 and returns -1. */
int sbx_check_customer(const cJSON *body, int is_update, struct sbx_resp *rs);
int sbx_check_subscriber_fields(const cJSON *body, struct sbx_resp *rs, const char **pkg);
int sbx_check_location(const cJSON *body, struct sbx_resp *rs);
int sbx_check_customer_precheck(const cJSON *body, struct sbx_resp *rs);
int sbx_check_subscriber_precheck(const cJSON *body, struct sbx_resp *rs);
/* subscribers.c: 1 (after a 409 reply) when a subscriber has this e-mail,
 * in any case, and the sandbox does not allow duplicates. */
int sbx_email_taken(struct sandbox *sb, const char *email, struct sbx_resp *rs);
/* 1 if email matches --pending-emails: an existing Webex user who must
 * accept the move (subscribers.c). */
int sbx_email_pending(const struct sandbox *sb, const char *email);
/* 1 if s is already E.164 ("+" and 7-15 digits, no separators), else 0. */
int sbx_check_e164(const char *s);
/* 1 if the package carries Webex Calling (needs a location, number or extension). */
int sbx_package_is_calling(const char *pkg);
/* Require body to be a JSON object; else 400 and -1. */
int sbx_check_body(const struct sbx_req *rq, struct sbx_resp *rs);

#endif
