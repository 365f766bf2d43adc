/*
 * oci_number.c — directory numbers: GroupDnGetList (phoneNumber
 * elements) and GroupDnGetAssignmentList (dnTable with activation and
 * assignment) -> one `number` record per number, ranges expanded.
 *
 * A cell that cannot be read as E.164 (a national number without a
 * country code, a range the wrong way round) becomes a source_error on
 * its own; the other numbers of the response are kept.
 */
#include "extract/oci.h"

#include <stdint.h>

/* Fields a table row adds to each number of its cell. */
struct dn_extra {
	const char *activated;   /* "true"/"false" or NULL */
	const char *assigned_to; /* userId / serviceUserId or NULL */
	const char *assigned_name; /* "Assigned To" of the older table: a name */
	const char *assigned;    /* "true" when someone holds it, else NULL */
	const char *user_type;
	const char *extension;
};

static void bad_cell(struct inventory *inv, const struct oci_cmd *c, const char *group,
		     const char *cell)
{
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "%s:%ld: number '%s' of group '%s' cannot be read as E.164 "
		    "(national number without a country code, or a bad range); export "
		    "it as +CC-NUMBER or fix it on BroadWorks", c->file, c->line, cell, group);
	inv_error(inv, c->file, c->line, c->type, c->req ? c->req->type : NULL, cell, msg.buf);
	strbuf_free(&msg);
}

static void add_cell(struct inventory *inv, const struct oci_cmd *c, const char *group,
		     const char *cell, const char *cc, const struct dn_extra *x, int prio)
{
	char lo[E164_MAX], hi[E164_MAX], num[E164_MAX];
	uint64_t count = 0;
	if (dn_range_parse(cell, cc, lo, hi, &count) != 0) {
		bad_cell(inv, c, group, cell);
		return;
	}
	for (uint64_t k = 0; k < count; k++) {
		if (e164_offset(lo, k, num) != 0)
			break;
		struct inv_rec *r = inv_add(inv, INV_NUMBER, prio, c->file, c->line);
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, num);
		inv_put_str(inv, r, "group", group);
		inv_put_str(inv, r, "number", num);
		if (x != NULL) {
			inv_put_bool_text(inv, r, "activated", x->activated);
			inv_put_bool_text(inv, r, "assigned", x->assigned);
			inv_put_str(inv, r, "assignedTo", x->assigned_to);
			inv_put_str(inv, r, "assignedToName", x->assigned_name);
			inv_put_str(inv, r, "userType", x->user_type);
			/* an extension belongs to one number, not to a range */
			if (count == 1)
				inv_put_str(inv, r, "extension", x->extension);
		}
		if (count > 1)
			inv_put_str(inv, r, "range", cell);
	}
}

int oci_number_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	for (xmlNodePtr n = oci_child(c->node, "phoneNumber"); n != NULL; n = oci_next_same(n)) {
		const char *cell = oci_text(n);
		if (cell != NULL)
			add_cell(inv, c, group, cell, NULL, NULL, 0);
	}
	return BWM_OK;
}

int oci_number_assignment_list(struct inventory *inv, const struct oci_cmd *c,
			       struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "dnTable")) != 0)
		return BWM_OK;
	if (oci_table_col(&t, "Phone Numbers") < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: dnTable has no \"Phone Numbers\" column",
				c->type);
	while (oci_table_next(&t)) {
		const char *cell = oci_table_get(&t, "Phone Numbers");
		if (cell == NULL)
			continue;
		struct dn_extra x = {
			oci_table_get(&t, "Activated"), oci_table_get(&t, "User Id"),
			oci_table_get(&t, "Assigned To"), NULL,
			oci_table_get(&t, "User Type"), oci_table_get(&t, "Extension"),
		};
		/* Either version's holder column filled: the number is in use.
		 * Never "false": the group's calling line id may list a held
		 * number a second time with the cell empty, and records of
		 * one number merge. */
		if (x.assigned_to != NULL || x.assigned_name != NULL)
			x.assigned = "true";
		inv_index(inv, x.assigned_to, group);
		add_cell(inv, c, group, cell, oci_table_get(&t, "Country Code"), &x, 1);
	}
	return BWM_OK;
}
