/*
 * oci_user_setting.c — per-user service settings -> `user_setting`.
 *
 * One table names every OCI-P family read (each release's version of a
 * command reaches the same family, e.g. UserAlternateNumbersGetResponse17
 * and ...21) and the `setting` it becomes. The value is the response's
 * elements converted generically (oci_json_text): the settings differ per
 * service and release, and transform picks what it maps. The userId comes
 * from the request; settings of a feature's service user (a hunt group's
 * forwarding) are placed like a user's, so their `user` is the feature's
 * key ENT/GRP/SERVICEUSERID.
 *
 * Families read once per item (a BroadWorks Anywhere number, a selective
 * criterion) take the item from the request: the key ends
 * `#SETTING:ITEM` and the record has `item`.
 */
#include "extract/oci.h"

#include <string.h>

static const struct {
	const char *family;
	const char *setting;
	const char *item;         /* request element naming the item, or NULL */
} settings[] = {
	{ "UserCallForwardingAlwaysGet", "call_forwarding_always", NULL },
	{ "UserCallForwardingBusyGet", "call_forwarding_busy", NULL },
	{ "UserCallForwardingNoAnswerGet", "call_forwarding_no_answer", NULL },
	{ "UserCallForwardingNotReachableGet", "call_forwarding_not_reachable", NULL },
	{ "UserCallForwardingSelectiveGet", "call_forwarding_selective", NULL },
	{ "UserCallForwardingSelectiveGetCriteria", "call_forwarding_selective_criteria",
	  "criteriaName" },
	/* selective call acceptance and rejection: the list, then each criterion */
	{ "UserSelectiveCallAcceptanceGetCriteriaList", "selective_call_acceptance", NULL },
	{ "UserSelectiveCallAcceptanceGetCriteria", "selective_call_acceptance_criteria",
	  "criteriaName" },
	{ "UserSelectiveCallRejectionGetCriteriaList", "selective_call_rejection", NULL },
	{ "UserSelectiveCallRejectionGetCriteria", "selective_call_rejection_criteria",
	  "criteriaName" },
	{ "UserVoiceMessagingUserGetVoiceManagement", "voice_messaging", NULL },
	{ "UserVoiceMessagingUserGetAdvancedVoiceManagement", "voice_messaging_advanced", NULL },
	{ "UserVoiceMessagingUserGetGreeting", "voice_messaging_greeting", NULL },
	{ "UserSharedCallAppearanceGet", "shared_call_appearance", NULL },
	/* one appearance's flags and hotline, by its line/port */
	{ "UserSharedCallAppearanceGetEndpoint", "shared_call_appearance_endpoint", "linePort" },
	{ "UserDoNotDisturbGet", "do_not_disturb", NULL },
	{ "UserCallWaitingGet", "call_waiting", NULL },
	{ "UserCallingLineIDDeliveryBlockingGet", "calling_line_id_delivery_blocking", NULL },
	{ "UserExternalCallingLineIDDeliveryGet", "external_calling_line_id_delivery", NULL },
	{ "UserSimultaneousRingPersonalGet", "simultaneous_ring", NULL },
	{ "UserSequentialRingGet", "sequential_ring", NULL },
	{ "UserBroadWorksAnywhereGet", "broadworks_anywhere", NULL },
	{ "UserBroadWorksAnywhereGetPhoneNumber", "broadworks_anywhere_number", "phoneNumber" },
	{ "UserAlternateNumbersGet", "alternate_numbers", NULL },
	/* the calling line ID policy (and whether the group's applies) */
	{ "UserCallProcessingGetPolicy", "call_processing_policy", NULL },
};

static int setting_index(const char *family)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].family, family) == 0)
			return (int)i;
	return -1;
}

const char *oci_setting_name(const char *family)
{
	int i = setting_index(family);
	return i < 0 ? NULL : settings[i].setting;
}

int oci_user_setting(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	int at = setting_index(c->family);
	const char *user = oci_key(c, "userId");
	if (at < 0)
		return bwm_fail(err, BWM_EINPUT, "%s is not a user setting", c->type);
	if (user == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its userId; pair it "
				"with its request or tag it with an echo", c->type);
	const char *item = NULL;
	if (settings[at].item != NULL) {
		item = oci_req_get(c->req, settings[at].item);
		if (item == NULL)
			return bwm_fail(err, BWM_EINPUT, "%s has no request naming its %s; pair "
					"it with its request", c->type, settings[at].item);
	}
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_USER_SETTING, 1, c->file, c->line);
	struct strbuf suffix = STRBUF_INIT;
	strbuf_addch(&suffix, '#');
	strbuf_addstr(&suffix, settings[at].setting);
	if (item != NULL) {
		strbuf_addch(&suffix, ':');
		strbuf_addstr(&suffix, item);
	}
	inv_set_owner(inv, r, user, "user", suffix.buf, c->type);
	strbuf_free(&suffix);
	inv_put_str(inv, r, "setting", settings[at].setting);
	inv_put_str(inv, r, "item", item);
	struct strbuf value = STRBUF_INIT;
	oci_json_text(&value, c->node);
	inv_put_json(inv, r, "value", value.buf, value.len);
	strbuf_free(&value);
	return BWM_OK;
}
