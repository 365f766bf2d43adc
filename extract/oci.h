/*
 * oci.h — what the extract stage's files share internally (not public:
 * see extract.h for that).
 *
 *   oci_envelope.c   xsi:type, command families, echo tags, request fields,
 *                    small DOM helpers for one expanded command subtree
 *   oci_table.c      OCITable: columns found by heading text
 *   jtext.c          JSON text without cJSON (escaping as cJSON does)
 *   runsort.c        the merge buffer's sort (mostly sorted input)
 *   reader.c         streaming xmlTextReader loop, request/response pairing,
 *                    dispatch to the per-family handlers
 *   container.c      file, folder and zip inputs
 *   inventory.c      the per-enterprise merge buffer, key index, sorted write
 *   oci_*.c          one file per family of commands
 */
#ifndef BWM_EXTRACT_OCI_H
#define BWM_EXTRACT_OCI_H

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <cjson/cJSON.h>

#include "core/core.h"
#include "extract/extract.h"

/* ---- requests and commands ---------------------------------------------- */

#define OCI_REQ_FIELDS 16   /* leaf fields kept per request; keys come first */
#define OCI_NAME_MAX 96     /* longest command type we care about */

/* A request (or an echo tag) remembered to give its response a key. */
struct oci_request {
	char *type;                       /* "UserGetRequest23V2"; owned */
	size_t n;                         /* fields used */
	char *name[OCI_REQ_FIELDS];       /* element names; owned */
	char *value[OCI_REQ_FIELDS];      /* their text; owned */
};

void oci_request_free(struct oci_request *r);
/* Value of a request field, NULL if absent. */
const char *oci_req_get(const struct oci_request *r, const char *name);
/* Keep the leaf children of a request command element. */
void oci_request_from_node(struct oci_request *r, const char *type, xmlNodePtr cmd);
/* Parse an echo tag "TYPE?name=value&..." (percent-encoded). Returns 0, or
 * -1 when the tag is not in that form (it is then ignored). */
int oci_request_from_echo(struct oci_request *r, const char *echo);

/* One response command, expanded, with what is known about it. */
struct oci_cmd {
	const char *type;                 /* xsi:type, prefix stripped */
	const char *family;               /* type without Response/version */
	xmlNodePtr node;                  /* the command element */
	const struct oci_request *req;    /* paired request or echo; may be NULL */
	const char *file;                 /* source.file */
	long line;                        /* source.line */
};

/* The xsi:type of a command (prefix stripped), NULL when it has none. */
const char *oci_xsi_type(xmlNodePtr cmd);
/* Split "UserGetResponse23V2" into family "UserGet"; *is_request tells
 * Request from Response. Returns -1 for a type that is neither. */
int oci_family(const char *type, char family[OCI_NAME_MAX], int *is_request);

/* ---- DOM helpers over one command subtree -------------------------------- */

/* First element child named name (NULL name: any), NULL if none. */
xmlNodePtr oci_child(xmlNodePtr parent, const char *name);
/* Next element sibling with the same name as el. */
xmlNodePtr oci_next_same(xmlNodePtr el);
/* Text of a leaf element, NULL when absent or empty. Not a copy. */
const char *oci_text(xmlNodePtr el);
/* oci_text(oci_child(parent, name)). */
const char *oci_get(xmlNodePtr parent, const char *name);

/* Copy child elem of parent into obj as name: string, bool, integer. */
void oci_put_str(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem);
void oci_put_bool(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem);
void oci_put_int(cJSON *obj, const char *name, xmlNodePtr parent, const char *elem);
/* A cell or text "true"/"false" as JSON bool; other text as is. */
void oci_put_bool_text(cJSON *obj, const char *name, const char *text);
/* An integer text as a JSON number (other text is kept as a string). */
void oci_put_int_text(cJSON *obj, const char *name, const char *text);
/* StreetAddress and Contact elements to inventory objects (NULL if empty). */
cJSON *oci_address(xmlNodePtr el);
cJSON *oci_contact(xmlNodePtr el);
/* Members "contact" and "address" from n's contact and address children,
 * each only when it has something (service provider and group responses). */
void oci_put_contact_address(cJSON *obj, xmlNodePtr n);
/* Generic conversion of a subtree for user_setting values (see
 * docs/inventory-format.md), appended to sb as JSON text (no cJSON tree:
 * this runs per user): booleans, integers, repeated elements as arrays,
 * tables as arrays of objects keyed by heading. */
void oci_json_text(struct strbuf *sb, xmlNodePtr parent);
/* oci_address() as JSON text; returns 0 and appends nothing when empty. */
int oci_address_text(struct strbuf *sb, xmlNodePtr el);

/* ---- tables --------------------------------------------------------------- */

#define OCI_TABLE_COLS 64

/* An OCITable: headings, then rows. Columns are found by heading text. */
struct oci_table {
	size_t ncols;                          /* headings seen */
	const char *heading[OCI_TABLE_COLS];   /* not copies: point into the DOM */
	xmlNodePtr tab;                        /* the table element */
	xmlNodePtr row;                        /* current row, NULL before the first */
	int done;                              /* no more rows */
	const char *cell[OCI_TABLE_COLS];      /* current row's cells; NULL = empty */
};

/* Open table element tab; returns 0, or -1 when it is no OCITable. */
int oci_table_open(struct oci_table *t, xmlNodePtr tab);
/* Advance to the next row; 1 when there is one, 0 at the end. */
int oci_table_next(struct oci_table *t);
/* Index of the column with heading text h, -1 if the table has none. */
int oci_table_col(const struct oci_table *t, const char *h);
/* Cell of the current row under heading h; NULL when absent or empty. */
const char *oci_table_get(const struct oci_table *t, const char *h);

/* ---- inventory buffer ------------------------------------------------------ */

struct inventory;
struct inv_rec;

/* An enterprise of at least thread_min records is written on a writer
 * thread while the next one is read; smaller ones (and all, with
 * SIZE_MAX) on the calling thread. */
struct inventory *inv_new(FILE *out, const struct bwm_log *log, size_t thread_min);
void inv_free(struct inventory *inv);
/* Make id the current enterprise; writes the previous one if it differs. */
int inv_enterprise(struct inventory *inv, const char *id, struct bwm_error *err);
/* The current enterprise id, NULL before the first. */
const char *inv_current(const struct inventory *inv);
/* A new record of the current enterprise (its "enterprise" member is set).
 * It stays open (inv_obj usable) until the next inv_add or flush.
 * prio orders merging: a record with higher prio (a detail response) wins
 * over a lower one (a list row) for every field both have. */
struct inv_rec *inv_add(struct inventory *inv, enum inv_kind kind, int prio,
			const char *file, long line);
/* The record's cJSON object, created on first use, for nested and
 * numeric members; printed into the arena when the record is sealed. */
cJSON *inv_obj(struct inv_rec *r);
/* A string member (nothing when value is NULL), written straight into
 * the arena unless the record already has a cJSON object (order is kept
 * either way). r must be the open record; name must be a string
 * constant (it is not copied). */
void inv_put_str(struct inventory *inv, struct inv_rec *r, const char *name, const char *value);
/* A member whose value is JSON text already (an object or array built
 * with extract/jtext.h; NULL: nothing). */
void inv_put_json(struct inventory *inv, struct inv_rec *r, const char *name, const char *json,
		  size_t len);
/* "true"/"false" as a JSON bool, other text as a string (NULL: nothing). */
void inv_put_bool_text(struct inventory *inv, struct inv_rec *r, const char *name,
		       const char *text);
void inv_set_key(struct inventory *inv, struct inv_rec *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The record belongs to user or service instance id whose group is not
 * known yet: at flush its key becomes ENT/GROUP/id + suffix, "group" and
 * owner_field (if not NULL) are filled in; when no index entry names id
 * the record becomes a source_error explaining why. cmd is the response
 * type, for that message. */
void inv_set_owner(struct inventory *inv, struct inv_rec *r, const char *id, const char *owner_field,
		   const char *suffix, const char *cmd);
/* As inv_set_owner, but the record belongs to id's group: key
 * ENT/GROUP + suffix, owner_field = ENT/GROUP (a group service seen in a
 * user's response). */
void inv_set_group_owner(struct inventory *inv, struct inv_rec *r, const char *id,
			 const char *owner_field, const char *suffix, const char *cmd);
/* Remember that user or service instance id lives in group. */
void inv_index(struct inventory *inv, const char *id, const char *group);
/* A source_error record for the current enterprise (none: no
 * "enterprise"). message is the extractor's explanation (logged as a
 * warning), NULL for an OCI ErrorResponse. subject (may be NULL) is what
 * the record is about; with a message it also ends the key, so that one
 * response can yield errors about several objects. */
struct inv_rec *inv_error(struct inventory *inv, const char *file, long line,
			  const char *command, const char *request, const char *subject,
			  const char *message);
/* A response of family (type as written) the extractor cannot read, in
 * file at line: counted per family for the current enterprise, which
 * gets one `unread` record per family (count, first place) when it is
 * written. */
void inv_unread(struct inventory *inv, const char *family, const char *type, const char *file,
		long line);
/* Write and forget the buffered enterprise; returns once it is written. */
int inv_flush(struct inventory *inv, struct bwm_error *err);
/* Records written per kind (waits for the writer), and source_errors made
 * by the extractor. */
const size_t *inv_written(struct inventory *inv);
size_t inv_warnings(struct inventory *inv);

/* ---- streaming -------------------------------------------------------------- */

/* Parser options for every input: no network, no DTD loading, no entity
 * substitution, no huge text nodes; big line numbers for source.line. */
#define OCI_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | \
			 XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* Stream one XML input (reader rd, shown as name) through the session:
 * every BroadsoftDocument under any root, one command at a time. Frees rd.
 * Malformed or hostile XML is BWM_EINPUT "name:line:col: what". */
int oci_read_xml(struct extract_session *s, xmlTextReaderPtr rd, const char *name,
		 struct bwm_error *err);

/* ---- handlers ---------------------------------------------------------------- */

/* A handler turns one response into records. A response it cannot read
 * returns BWM_EINPUT with a message (the caller makes a source_error of it
 * and goes on); it never fails the whole run. */
typedef int (*oci_handler_fn)(struct inventory *inv, const struct oci_cmd *c,
			      struct bwm_error *err);

/* Enterprise and group a response is about: the response's own
 * serviceProviderId/groupId, else its request's, else (enterprise only)
 * the current one. The enterprise becomes current. */
int oci_scope(struct inventory *inv, const struct oci_cmd *c, int need_group,
	      const char **group, struct bwm_error *err);
/* The request field name (or the response's own element), NULL if neither. */
const char *oci_key(const struct oci_cmd *c, const char *name);

int oci_enterprise_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_enterprise_language(struct inventory *inv, const struct oci_cmd *c,
			    struct bwm_error *err);
int oci_group_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_group_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_group_policy(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_user_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_user_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_number_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_number_assignment_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_device_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_device_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_device_user_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_service_assignment_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_service_assigned_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_group_service_authorization_list(struct inventory *inv, const struct oci_cmd *c,
					 struct bwm_error *err);
/* Rows of an instance list table (huntGroupTable ...) -> records of kind,
 * prio 0, each indexed so that later responses find its group. */
int oci_instance_list(struct inventory *inv, const struct oci_cmd *c, enum inv_kind kind,
		      const char *table, struct bwm_error *err);
/* A detail record (prio 1) for the instance the request's serviceUserId
 * names, with its serviceInstanceProfile; NULL with err filled. */
struct inv_rec *oci_instance_rec(struct inventory *inv, const struct oci_cmd *c,
				 enum inv_kind kind, struct bwm_error *err);
int oci_hunt_group_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_hunt_group_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_auto_attendant_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_auto_attendant_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_center_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_center_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_center_agents(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_auto_attendant_submenu(struct inventory *inv, const struct oci_cmd *c,
			       struct bwm_error *err);
int oci_schedule_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_schedule_events(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_schedule_event(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_park_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_park_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_pickup_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_pickup_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_park_settings(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_call_center_supervisors(struct inventory *inv, const struct oci_cmd *c,
				struct bwm_error *err);
int oci_call_center_sub(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_paging_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_paging_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_paging_members(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_user_setting(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);
int oci_error_response(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err);

/* The handler of a response family, NULL if unknown. *ignored is set for
 * families known to carry nothing to migrate (SuccessResponse ...). */
oci_handler_fn oci_dispatch(const char *family, int *ignored);
/* The i-th family of the dispatch table (NULL past the end); *read is set
 * when it has a handler (for the live walk's coverage test). */
const char *oci_dispatch_family(size_t i, int *read);
/* The user_setting name of a family ("call_forwarding_always"), or NULL. */
const char *oci_setting_name(const char *family);

#endif
