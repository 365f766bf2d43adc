/*
 * oci_user_setting.c — per-user service settings (call forwarding
 * always/busy/no answer/not reachable, voice messaging, shared call
 * appearance, do not disturb, simultaneous ring) -> `user_setting`.
 *
 * The value is the response's elements converted generically
 * (oci_json_text): the settings differ per service and release, and
 * transform picks what it maps. The userId comes from the request.
 */
#include "extract/oci.h"

#include <string.h>

static const struct {
	const char *family;
	const char *setting;
} settings[] = {
	{ "UserCallForwardingAlwaysGet", "call_forwarding_always" },
	{ "UserCallForwardingBusyGet", "call_forwarding_busy" },
	{ "UserCallForwardingNoAnswerGet", "call_forwarding_no_answer" },
	{ "UserCallForwardingNotReachableGet", "call_forwarding_not_reachable" },
	{ "UserVoiceMessagingUserGetVoiceManagement", "voice_messaging" },
	{ "UserSharedCallAppearanceGet", "shared_call_appearance" },
	{ "UserDoNotDisturbGet", "do_not_disturb" },
	{ "UserSimultaneousRingPersonalGet", "simultaneous_ring" },
};

const char *oci_setting_name(const char *family)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].family, family) == 0)
			return settings[i].setting;
	return NULL;
}

int oci_user_setting(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *setting = oci_setting_name(c->family);
	const char *user = oci_key(c, "userId");
	if (setting == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s is not a user setting", c->type);
	if (user == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its userId; pair it "
				"with its request or tag it with an echo", c->type);
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_USER_SETTING, 1, c->file, c->line);
	struct strbuf suffix = STRBUF_INIT;
	strbuf_addch(&suffix, '#');
	strbuf_addstr(&suffix, setting);
	inv_set_owner(inv, r, user, "user", suffix.buf, c->type);
	strbuf_free(&suffix);
	inv_put_str(inv, r, "setting", setting);
	struct strbuf value = STRBUF_INIT;
	oci_json_text(&value, c->node);
	inv_put_json(inv, r, "value", value.buf, value.len);
	strbuf_free(&value);
	return BWM_OK;
}
