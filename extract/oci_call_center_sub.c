/*
 * oci_call_center_sub.c — the call center settings BroadWorks keeps in
 * requests of their own (night service, holiday service, forced
 * forwarding, stranded calls, bounced calls, overflow, comfort message
 * bypass, distinctive ringing, announcements), each merged into the
 * `call_center` record as one member holding the response's elements by
 * their OCI-P names (oci_json_text: booleans, numbers, nested objects).
 *
 * Every release's version of a request (GroupCallCenterNightServiceGet
 * Response20, 24 ...) reaches this reader through its family; the member
 * is the same, and transform reads what it maps by name.
 */
#include "extract/oci.h"

#include <string.h>

static const struct {
	const char *family;
	const char *member;
} subs[] = {
	{ "GroupCallCenterNightServiceGet", "nightService" },
	{ "GroupCallCenterHolidayServiceGet", "holidayService" },
	{ "GroupCallCenterForcedForwardingGet", "forcedForwarding" },
	{ "GroupCallCenterStrandedCallGet", "strandedCalls" },
	{ "GroupCallCenterBouncedCallGet", "bouncedCalls" },
	{ "GroupCallCenterOverflowGet", "overflow" },
	{ "GroupCallCenterComfortMessageBypassGet", "comfortMessageBypass" },
	{ "GroupCallCenterGetDistinctiveRinging", "distinctiveRinging" },
	{ "GroupCallCenterGetAnnouncement", "announcements" },
};

static const char *member_of(const char *family)
{
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(subs[i].family, family) == 0)
			return subs[i].member;
	return NULL;
}

int oci_call_center_sub(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *member = member_of(c->family);
	const char *id = oci_key(c, "serviceUserId");
	if (member == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s is not a call center setting", c->type);
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; "
				"pair it with its request or tag it with an echo", c->type);
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	/* One member only: merged into the instance's record by key. */
	struct inv_rec *r = inv_add(inv, INV_CALL_CENTER, 2, c->file, c->line);
	inv_set_owner(inv, r, id, NULL, NULL, c->type);
	inv_put_str(inv, r, "id", id);
	struct strbuf value = STRBUF_INIT;
	oci_json_text(&value, c->node);
	inv_put_json(inv, r, member, value.buf, value.len);
	strbuf_free(&value);
	return BWM_OK;
}
