/*
 * person_schema.c — the field checks of the person call-settings bodies
 * (webex-calling-features.md §10): each feature's fields as a table of
 * dotted paths with a type, whether required and an enum, and a checker
 * that refuses a member the table does not name, a wrong type, an enum
 * value not listed, rings outside 2–20, a destination that is neither
 * E.164 nor an extension, an e-mail without '@'.
 */
#include "sandbox/person.h"

#include <ctype.h>
#include <string.h>

static const char *const GREETING[] = { "DEFAULT", "CUSTOM", NULL };
static const char *const STORAGE[] = { "INTERNAL", "EXTERNAL", NULL };
static const char *const ACTION[] = { "ADD", "DELETE", NULL };
static const char *const RING[] = { "NORMAL", "LONG_LONG", "SHORT_SHORT_LONG",
				    "SHORT_LONG_SHORT", NULL };

#define B(p) { p, SBX_T_BOOL, 0, NULL }
#define RB(p) { p, SBX_T_BOOL, 1, NULL }
#define D(p) { p, SBX_T_DEST, 0, NULL }
#define O(p) { p, SBX_T_OBJECT, 0, NULL }
#define RO(p) { p, SBX_T_OBJECT, 1, NULL }
#define END { NULL, 0, 0, NULL }

static const struct sbx_field forwarding[] = {
	O("callForwarding"), O("callForwarding.always"), RB("callForwarding.always.enabled"),
	D("callForwarding.always.destination"), B("callForwarding.always.ringReminderEnabled"),
	B("callForwarding.always.destinationVoicemailEnabled"),
	O("callForwarding.busy"), B("callForwarding.busy.enabled"),
	D("callForwarding.busy.destination"), B("callForwarding.busy.destinationVoicemailEnabled"),
	O("callForwarding.noAnswer"), B("callForwarding.noAnswer.enabled"),
	D("callForwarding.noAnswer.destination"),
	{ "callForwarding.noAnswer.numberOfRings", SBX_T_RINGS, 0, NULL },
	B("callForwarding.noAnswer.destinationVoicemailEnabled"),
	O("businessContinuity"), B("businessContinuity.enabled"),
	D("businessContinuity.destination"), B("businessContinuity.destinationVoicemailEnabled"),
	END
};

static const struct sbx_field voicemail[] = {
	B("enabled"), O("sendAllCalls"), B("sendAllCalls.enabled"),
	O("sendBusyCalls"), B("sendBusyCalls.enabled"),
	{ "sendBusyCalls.greeting", SBX_T_ENUM, 0, GREETING },
	O("sendUnansweredCalls"), B("sendUnansweredCalls.enabled"),
	{ "sendUnansweredCalls.greeting", SBX_T_ENUM, 0, GREETING },
	{ "sendUnansweredCalls.numberOfRings", SBX_T_RINGS, 0, NULL },
	RO("notifications"), B("notifications.enabled"),
	{ "notifications.destination", SBX_T_EMAIL, 0, NULL },
	RO("transferToNumber"), B("transferToNumber.enabled"), D("transferToNumber.destination"),
	O("emailCopyOfMessage"), B("emailCopyOfMessage.enabled"),
	{ "emailCopyOfMessage.emailId", SBX_T_EMAIL, 0, NULL },
	O("messageStorage"), B("messageStorage.mwiEnabled"),
	{ "messageStorage.storageType", SBX_T_ENUM, 0, STORAGE },
	{ "messageStorage.externalEmail", SBX_T_EMAIL, 0, NULL },
	O("faxMessage"), B("faxMessage.enabled"), D("faxMessage.phoneNumber"),
	D("faxMessage.extension"),
	END
};

static const struct sbx_field dnd[] = {
	B("enabled"), B("ringSplashEnabled"), RB("webexGoOverrideEnabled"), END
};

static const struct sbx_field waiting[] = { RB("enabled"), END };

static const struct sbx_field selective[] = {
	B("enabled"), D("defaultPhoneNumberToForward"), B("ringReminderEnabled"),
	B("destinationVoicemailEnabled"), END
};

static const struct sbx_field accept_reject[] = { RB("enabled"), END };

static const struct sbx_field reach[] = { B("alertAllNumbersForClickToDialCallsEnabled"), END };

const struct sbx_field sbx_reach_number_fields[] = {
	{ "phoneNumber", SBX_T_E164, 1, NULL }, RB("enabled"),
	{ "name", SBX_T_STRING, 1, NULL }, B("doNotForwardCallsEnabled"),
	B("answerConfirmationEnabled"), END
};

const struct sbx_field sbx_numbers_fields[] = {
	B("distinctiveRingEnabled"), { "phoneNumbers", SBX_T_ARRAY, 1, NULL }, END
};

const struct sbx_field sbx_number_entry_fields[] = {
	RB("primary"), { "action", SBX_T_ENUM, 1, ACTION },
	{ "directNumber", SBX_T_E164, 1, NULL }, { "extension", SBX_T_EXT, 0, NULL },
	{ "ringPattern", SBX_T_ENUM, 0, RING }, END
};

const struct sbx_feature sbx_features[] = {
	{ "callForwarding", forwarding, 1 },
	{ "voicemail", voicemail, 0 },
	{ "doNotDisturb", dnd, 0 },
	{ "callWaiting", waiting, 1 },
	{ "selectiveForward", selective, 0 },
	{ "selectiveAccept", accept_reject, 0 },
	{ "selectiveReject", accept_reject, 0 },
	{ "singleNumberReach", reach, 0 },
	{ "numbers", NULL, 0 },
	{ "simultaneousRing", NULL, 0 },   /* person_ring_clid.c */
	{ "callerId", NULL, 0 },
	{ NULL, NULL, 0 },
};

const struct sbx_feature *sbx_feature_named(const char *name)
{
	for (const struct sbx_feature *f = sbx_features; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int digits(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	if (n < lo || n > hi)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* The member at a dotted path, its parent object through *parent. */
static const cJSON *at(const cJSON *body, const char *path, const cJSON **parent)
{
	char buf[160];
	snprintf(buf, sizeof buf, "%s", path);
	const cJSON *o = body;
	char *seg = buf, *dot;
	while ((dot = strchr(seg, '.')) != NULL) {
		*dot = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, seg);
		if (!cJSON_IsObject(o)) {
			*parent = NULL;
			return NULL;
		}
		seg = dot + 1;
	}
	*parent = o;
	return cJSON_GetObjectItemCaseSensitive(o, seg);
}

static int bad(struct sbx_resp *rs, int code, const char *where, const char *path,
	       const char *what)
{
	sbx_reply_error(rs, 400, code, "%s%s%s: %s.", where, *where ? " " : "", path, what);
	return -1;
}

static int check_value(const struct sbx_field *f, const cJSON *v, const char *where,
		       struct sbx_resp *rs)
{
	const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
	switch (f->type) {
	case SBX_T_BOOL:
		return cJSON_IsBool(v) ? 0 : bad(rs, SBX_E_FORMAT, where, f->path, "must be a boolean");
	case SBX_T_OBJECT:
		return cJSON_IsObject(v) ? 0 : bad(rs, SBX_E_FORMAT, where, f->path, "must be an object");
	case SBX_T_ARRAY:
		return cJSON_IsArray(v) ? 0 : bad(rs, SBX_E_FORMAT, where, f->path, "must be an array");
	case SBX_T_STRING:
		return s && *s && strlen(s) <= 255 ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be a non-empty string");
	case SBX_T_RINGS:
		return cJSON_IsNumber(v) && v->valuedouble >= 2 && v->valuedouble <= 20 &&
		       v->valuedouble == (int)v->valuedouble ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be a whole number from 2 to 20");
	case SBX_T_DEST:
		return s && (sbx_check_e164(s) || digits(s, 2, 10)) ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be an E.164 number "
			      "(+15551234567) or an extension (2-10 digits)");
	case SBX_T_E164:
		return s && sbx_check_e164(s) ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be an E.164 number, e.g. "
			      "+15551234567");
	case SBX_T_EXT:
		return s && digits(s, 2, 10) ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be 2-10 digits");
	case SBX_T_EMAIL:
		return s && strchr(s, '@') && s[0] != '@' ? 0
			: bad(rs, SBX_E_FORMAT, where, f->path, "must be an e-mail address");
	case SBX_T_ENUM:
		for (int i = 0; s && f->values[i]; i++)
			if (strcmp(s, f->values[i]) == 0)
				return 0;
		return bad(rs, SBX_E_ENUM, where, f->path, "is not one of the allowed values");
	}
	return 0;
}

/* Every member of obj (at prefix) must be a field of the table. */
static int only_known(const struct sbx_field *fs, const cJSON *obj, const char *prefix,
		      const char *where, struct sbx_resp *rs)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, obj) {
		char path[160];
		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", m->string);
		const struct sbx_field *f = fs;
		while (f->path != NULL && strcmp(f->path, path) != 0)
			f++;
		if (f->path == NULL)
			return bad(rs, SBX_E_FORMAT, where, path, "is not a field of this API");
		if (f->type == SBX_T_OBJECT && cJSON_IsObject(m) &&
		    only_known(fs, m, path, where, rs))
			return -1;
	}
	return 0;
}

int sbx_check_fields(const struct sbx_field *fs, const cJSON *body, const char *where,
		     struct sbx_resp *rs)
{
	if (!cJSON_IsObject(body))
		return bad(rs, SBX_E_BODY, where, "body", "must be a JSON object");
	if (only_known(fs, body, "", where, rs))
		return -1;
	for (const struct sbx_field *f = fs; f->path != NULL; f++) {
		const cJSON *parent;
		const cJSON *v = at(body, f->path, &parent);
		if (v == NULL && f->required && parent != NULL)
			return bad(rs, SBX_E_REQUIRED, where, f->path, "is required");
		if (v != NULL && check_value(f, v, where, rs))
			return -1;
	}
	return 0;
}
