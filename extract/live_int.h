/*
 * live_int.h — what the live_*.c files share (see live.h for their roles).
 */
#ifndef BWM_EXTRACT_LIVE_INT_H
#define BWM_EXTRACT_LIVE_INT_H

#include "extract/live.h"

/* ---- the walk (live_walk.c) ---- */

/* Which members a request carries. */
enum live_scope {
	SC_ENT, SC_GROUP, SC_GROUP_UL, SC_DEVICE, SC_USER, SC_SVC, SC_SUBMENU, SC_SCHED,
	SC_SP_SCHED, SC_EVENT, SC_SP_EVENT, SC_NAMED, SC_BWA_PHONE, SC_CRITERIA, SC_SCA_ENDPOINT
};

/* What the answer leads to. */
enum live_next {
	NX_NONE, NX_GROUPS, NX_DEVICES, NX_USERS, NX_HUNT, NX_AA, NX_AA_MENUS, NX_SUBMENUS,
	NX_CC, NX_PAGING, NX_SCHEDULES, NX_SP_SCHEDULES, NX_EVENT_DETAIL, NX_SP_EVENT_DETAIL,
	NX_EVENTS, NX_SP_EVENTS, NX_PARKS, NX_PICKUPS, NX_BWA, NX_SELECTIVE, NX_ACCEPT, NX_REJECT, NX_SCA
};

/* One request type the walk asks. An optional one may not apply (a
 * service not assigned, a feature the group does not have): BroadWorks
 * answers it with an ErrorResponse that is no fault of the data. */
struct live_req {
	const char *type;            /* xsi:type of the request */
	enum live_scope scope;
	int optional;
	enum live_next next;
};

/* One request to ask, with its members. */
struct live_item {
	const struct live_req *req;
	char *sp, *group;            /* serviceProviderId, groupId */
	char *id;                    /* userId, serviceUserId, deviceName, name */
	char *a, *b;                 /* submenuId | scheduleName+Type | phoneNumber |
	                              * criteriaName | deviceName+linePort; eventName
	                              * in id for events */
	char *level;                 /* deviceLevel of a shared call appearance */
	char *path;                  /* "0002-00005-00011": the capture entry name */
	unsigned nchild;             /* children made so far */
};

typedef void (*live_push_fn)(void *ctx, struct live_item *it);

struct live_walk_cfg {
	const char *enterprise;
	const char *const *groups;
	size_t n_groups;
};

void live_walk_roots(const struct live_walk_cfg *cfg, live_push_fn push, void *ctx);
/* The requests that follow from parent's answer cmd (is_error: an
 * ErrorResponse). */
void live_walk_children(const struct live_walk_cfg *cfg, struct live_item *parent,
			xmlNodePtr cmd, int is_error, live_push_fn push, void *ctx);
/* The request document of it, with session as sessionId. */
void live_item_request(const struct live_item *it, const char *session, struct strbuf *doc);
void live_item_free(struct live_item *it);
/* Every request type the walk can ask, NULL-terminated (for the test that
 * every family extract reads is walked). */
const struct live_req *const *live_walk_requests(void);
/* Families extract reads that the walk asks in another form, and why. */
const char *live_walk_alternate(const char *family);

/* ---- transports (live_soap.c, live_tcp.c) ---- */

struct live_conn;

/* Answers: BWM_OK with the OCI-P document text; BWM_EAPI when the
 * exchange failed and may be tried again (timeout, dropped connection,
 * HTTP 5xx); BWM_EINPUT for an answer refused as hostile or oversized. */
struct live_transport {
	const char *name;
	int (*open)(const struct live_opts *o, struct live_conn **out, struct bwm_error *err);
	int (*exchange)(struct live_conn *c, const char *doc, size_t len, struct strbuf *answer,
			struct bwm_error *err);
	void (*close)(struct live_conn *c);
};

extern const struct live_transport live_soap;
extern const struct live_transport live_tcp;

/* ---- login (live_login.c) ---- */

/* Log session in over conn. *refused is set when the server said no (a
 * wrong user or password: do not try again). */
int live_login(const struct live_transport *t, struct live_conn *c, const struct live_opts *o,
	       const char *session, int *refused, struct bwm_error *err);
/* A document with one command of type and the given leaf members
 * (names[i], values[i]). */
void live_simple_request(struct strbuf *doc, const char *session, const char *type,
			 const char *const *names, const char *const *values, size_t n);

/* ---- the capture spool (live_spool.c) ---- */

struct live_spool;

/* Open CAPTURE.partial/ (create, or index what a previous run left). */
int live_spool_open(const char *capture, struct live_spool **out, size_t *resumed,
		    struct bwm_error *err);
/* The answer already in the spool for key (NULL if none); owned by the
 * caller. */
char *live_spool_answer(struct live_spool *sp, const char *key, int *optional_error);
/* Record request (a document, its sessionId already neutral) and the
 * answer (sessionId replaced here) under path, fsync'd; optional_error
 * files them apart from the bundle's XML (PATH.na). */
int live_spool_put(struct live_spool *sp, const char *path, const char *request,
		   xmlDocPtr answer, int optional_error, struct bwm_error *err);
/* Zip the spool into the capture and remove it. */
int live_spool_finish(struct live_spool *sp, struct bwm_error *err);
void live_spool_close(struct live_spool *sp);

#endif
