/*
 * oci_auto_attendant.c — an auto attendant's own responses:
 * GroupAutoAttendantGetInstanceResponse (17 … 24: later releases append
 * optional elements, read by name) and GroupAutoAttendantSubmenuGet
 * (20 …) -> the `auto_attendant` record keyed ENT/GRP/SERVICEUSERID.
 *
 * Menus keep their OCI-P names (docs/inventory-format.md); transform
 * translates them. Each submenu response adds one element to the record's
 * "submenus" array (the writer joins them).
 */
#include "extract/oci.h"

#include <string.h>

/* AnnouncementFileLevelKey {name, mediaFileType, level} (older releases: a
 * plain file name, or a URL in ExtendedFileResource) as an object. */
static void put_audio_file(cJSON *o, const char *name, xmlNodePtr f)
{
	if (f == NULL)
		return;
	cJSON *a = cJSON_AddObjectToObject(o, name);
	if (oci_child(f, NULL) == NULL) {
		json_add_str_opt(a, "name", oci_text(f));
		return;
	}
	oci_put_str(a, "name", f, "name");
	oci_put_str(a, "mediaFileType", f, "mediaFileType");
	oci_put_str(a, "level", f, "level");
	oci_put_str(a, "url", f, "url");
}

static cJSON *keys_json(xmlNodePtr m)
{
	cJSON *keys = cJSON_CreateArray();
	for (xmlNodePtr k = oci_child(m, "keyConfiguration"); k != NULL; k = oci_next_same(k)) {
		xmlNodePtr e = oci_child(k, "entry");
		cJSON *ko = cJSON_CreateObject();
		oci_put_str(ko, "key", k, "key");
		oci_put_str(ko, "action", e, "action");
		oci_put_str(ko, "description", e, "description");
		oci_put_str(ko, "phoneNumber", e, "phoneNumber");
		oci_put_str(ko, "submenuId", e, "submenuId");
		put_audio_file(ko, "audioFile", oci_child(e, "audioFile"));
		cJSON_AddItemToArray(keys, ko);
	}
	return keys;
}

/* AutoAttendantReadMenu (16 … 20) and the submenu response share these. */
static cJSON *menu_json(xmlNodePtr m, const char *ext_elem)
{
	cJSON *o = cJSON_CreateObject();
	oci_put_str(o, "announcementSelection", m, "announcementSelection");
	put_audio_file(o, "audioFile", oci_child(m, "audioFile"));
	oci_put_bool(o, "enableExtensionDialing", m, ext_elem);
	cJSON_AddItemToObject(o, "keys", keys_json(m));
	return o;
}

/* Schedule {type (level), name} -> name and level members. */
static void put_schedule(cJSON *o, const char *name, const char *level, xmlNodePtr s)
{
	if (s == NULL)
		return;
	oci_put_str(o, name, s, "name");
	oci_put_str(o, level, s, "type");
}

/* The detail record for the attendant the request names. */
static struct inv_rec *aa_rec(struct inventory *inv, const struct oci_cmd *c, int prio,
			      struct bwm_error *err)
{
	const char *id = oci_key(c, "serviceUserId");
	if (id == NULL) {
		bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; pair it "
			 "with its request or tag it with an echo", c->type);
		return NULL;
	}
	const char *group = NULL;
	if (oci_scope(inv, c, 0, &group, err) != BWM_OK)
		return NULL;
	struct inv_rec *r = inv_add(inv, INV_AUTO_ATTENDANT, prio, c->file, c->line);
	cJSON *o = inv_obj(r);
	if (group != NULL) {
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, id);
		cJSON_AddStringToObject(o, "group", group);
	} else {
		inv_set_owner(inv, r, id, NULL, NULL, c->type);
	}
	cJSON_AddStringToObject(o, "id", id);
	return r;
}

static void put_profile(cJSON *o, xmlNodePtr p)
{
	char e164[E164_MAX];
	oci_put_str(o, "name", p, "name");
	const char *number = oci_get(p, "phoneNumber");
	if (number != NULL && e164_normalize(number, oci_get(p, "countryCode"), e164) == 0)
		cJSON_AddStringToObject(o, "phoneNumber", e164);
	else
		json_add_str_opt(o, "phoneNumberRaw", number);
	oci_put_str(o, "extension", p, "extension");
	oci_put_str(o, "callingLineIdFirstName", p, "callingLineIdFirstName");
	oci_put_str(o, "callingLineIdLastName", p, "callingLineIdLastName");
	oci_put_str(o, "language", p, "language");
	oci_put_str(o, "timeZone", p, "timeZone");
}

int oci_auto_attendant_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	static const char *const menus[][2] = {
		{ "businessHoursMenu", "businessHours" }, { "afterHoursMenu", "afterHours" },
		{ "holidayMenu", "holiday" },
	};
	struct inv_rec *r = aa_rec(inv, c, 1, err);
	if (r == NULL)
		return err->status;
	cJSON *o = inv_obj(r);
	xmlNodePtr n = c->node;
	put_profile(o, oci_child(n, "serviceInstanceProfile"));
	oci_put_str(o, "type", n, "type");
	oci_put_int(o, "firstDigitTimeoutSeconds", n, "firstDigitTimeoutSeconds");
	oci_put_bool(o, "enableVideo", n, "enableVideo");
	put_schedule(o, "businessHours", "businessHoursLevel", oci_child(n, "businessHours"));
	put_schedule(o, "holidaySchedule", "holidayScheduleLevel", oci_child(n, "holidaySchedule"));
	oci_put_str(o, "extensionDialingScope", n, "extensionDialingScope");
	oci_put_str(o, "nameDialingScope", n, "nameDialingScope");
	cJSON *m = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof menus / sizeof menus[0]; i++) {
		xmlNodePtr menu = oci_child(n, menus[i][0]);
		if (menu != NULL)
			cJSON_AddItemToObject(m, menus[i][1],
					      menu_json(menu, "enableFirstMenuLevelExtensionDialing"));
	}
	cJSON_AddItemToObject(o, "menus", m);
	return BWM_OK;
}

int oci_auto_attendant_submenu(struct inventory *inv, const struct oci_cmd *c,
			       struct bwm_error *err)
{
	const char *sub = oci_key(c, "submenuId");
	if (sub == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its submenuId; pair "
				"it with its GroupAutoAttendantSubmenuGetRequest", c->type);
	struct inv_rec *r = aa_rec(inv, c, 2, err);
	if (r == NULL)
		return err->status;
	cJSON *menu = menu_json(c->node, "enableLevelExtensionDialing");
	cJSON_AddStringToObject(menu, "submenuId", sub);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(inv_obj(r), "submenus"), menu);
	return BWM_OK;
}
