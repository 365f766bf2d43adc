/*
 * devicemove_map.c — the device move policy: which custom tags and device
 * profile members a move changes, whether the configuration file is rebuilt
 * and the phone reset, and which BroadWorks device types are UC-One clients
 * (docs/devicemove.md). mappings/devicemove.json holds the defaults; a -m
 * file replaces whole top-level sections. Every value is checked here
 * against the R25 schema's types, so that a wrong policy is refused before
 * any file is written rather than by BroadWorks in the middle of a night.
 */
#include "load/devicemove.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const dm_field_names[DM_FIELDS] = {
	"protocol", "outboundProxyServerNetAddress", "stunServerNetAddress", "description",
	"configurationMode", "transportProtocol", "useCustomUserNamePassword"
};
const unsigned char dm_field_nillable[DM_FIELDS] = { 0, 1, 1, 1, 1, 0, 0 };
/* Longest value the schema allows (AccessDeviceProtocol 20, NetAddress 80,
 * AccessDeviceDescription 80); the enumerations are checked by name. */
static const size_t field_max[DM_FIELDS] = { 20, 80, 80, 80, 0, 0, 0 };

static cJSON *read_json(const char *path, struct bwm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = strbuf_read_file(&sb, path, 1u << 20);
	if (rc != 0 && errno != EFBIG) {
		bwm_fail(err, BWM_EINPUT, "%s: cannot open the device move mapping: %s", path,
			 strerror(errno));
		strbuf_free(&sb);
		return NULL;
	}
	int bad = rc != 0;   /* over 1 MiB */
	cJSON *doc = bad || sb.buf == NULL ? NULL : cJSON_ParseWithLength(sb.buf, sb.len);
	strbuf_free(&sb);
	if (doc == NULL || !cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		bwm_fail(err, BWM_EINPUT, "%s: not a JSON object (or over 1 MiB); fix its syntax "
			 "(docs/devicemove.md shows the format)", path);
		return NULL;
	}
	return doc;
}

static int bad(struct bwm_error *err, const char *sec, const char *member, const char *what)
{
	return bwm_fail(err, BWM_EINPUT, "device move mapping: \"%s\".\"%s\": %s; fix the "
			"mapping (docs/devicemove.md)", sec, member, what);
}

static int is_one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

/* One "modify" member: its value must fit the schema's type. */
static int field_value(struct dm_policy *p, const char *sec, const cJSON *v,
		       struct bwm_error *err)
{
	static const char *const modes[] = { "Default", "Manual", "Custom", NULL };
	static const char *const transports[] = { "UDP", "TCP", "TLS", "Unspecified", NULL };
	int f = 0;
	while (f < DM_FIELDS && strcmp(dm_field_names[f], v->string) != 0)
		f++;
	if (f == DM_FIELDS)
		return bad(err, sec, v->string, "not a member a device move may change (protocol, "
			   "outboundProxyServerNetAddress, stunServerNetAddress, description, "
			   "configurationMode, transportProtocol, useCustomUserNamePassword)");
	p->set[f] = 1;
	p->value[f] = NULL;
	if (cJSON_IsNull(v))
		return dm_field_nillable[f] ? BWM_OK
		       : bad(err, sec, v->string, "cannot be cleared (the schema has no nil for it)");
	if (f == DM_FIELDS - 1) {
		if (!cJSON_IsBool(v))
			return bad(err, sec, v->string, "must be true or false");
		p->value[f] = cJSON_IsTrue(v) ? "true" : "false";
		return BWM_OK;
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return bad(err, sec, v->string, "must be a non-empty string or null");
	p->value[f] = v->valuestring;
	if (strcmp(v->string, "configurationMode") == 0 && !is_one_of(p->value[f], modes))
		return bad(err, sec, v->string, "must be Default, Manual or Custom");
	if (strcmp(v->string, "transportProtocol") == 0 && !is_one_of(p->value[f], transports))
		return bad(err, sec, v->string, "must be UDP, TCP, TLS or Unspecified");
	if (field_max[f] && strlen(p->value[f]) > field_max[f])
		return bad(err, sec, v->string, "is longer than the schema allows");
	return BWM_OK;
}

/* DeviceManagementTagName: %NAME%, no other %, not %BW…, at most 64. */
static int tag_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 64 || s[0] != '%' || s[n - 1] != '%' || strncmp(s, "%BW", 3) == 0)
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == '%' || (unsigned char)s[i] <= ' ')
			return 0;
	return 1;
}

static int policy(struct dm_policy *p, const cJSON *sec, const char *name,
		  struct bwm_error *err)
{
	memset(p, 0, sizeof *p);
	const cJSON *modify = cJSON_GetObjectItemCaseSensitive(sec, "modify");
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(sec, "tags");
	const cJSON *v;
	if (modify && !cJSON_IsObject(modify))
		return bad(err, name, "modify", "must be an object of device profile members");
	cJSON_ArrayForEach(v, modify)
		if (field_value(p, name, v, err) != BWM_OK)
			return err->status;
	if (tags && !cJSON_IsObject(tags))
		return bad(err, name, "tags", "must be an object {\"%TAG%\": \"value\"}");
	size_t n = (size_t)cJSON_GetArraySize(tags);
	p->tag_names = calloc(n + 1, sizeof *p->tag_names);
	p->tag_values = calloc(n + 1, sizeof *p->tag_values);
	cJSON_ArrayForEach(v, tags) {
		if (!tag_name_ok(v->string))
			return bad(err, name, v->string, "a tag name is %NAME% with no other % or "
				   "space inside, at most 64 characters, not starting with %BW");
		if (!cJSON_IsString(v) || v->valuestring[0] == '\0' || strlen(v->valuestring) > 256)
			return bad(err, name, v->string, "a tag value is a string of 1 to 256 "
				   "characters");
		p->tag_names[p->ntags] = v->string;
		p->tag_values[p->ntags++] = v->valuestring;
	}
	p->rebuild = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sec, "rebuild"));
	p->reset = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sec, "reset"));
	return BWM_OK;
}

static int device_types(struct dm_map *m, const cJSON *sec, struct bwm_error *err)
{
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(sec, "deviceTypes"), *t;
	if (types && !cJSON_IsArray(types))
		return bad(err, "ucOne", "deviceTypes", "must be an array of device type names");
	m->ucone_types = calloc((size_t)cJSON_GetArraySize(types) + 1, sizeof *m->ucone_types);
	cJSON_ArrayForEach(t, types) {
		if (!cJSON_IsString(t) || t->valuestring[0] == '\0')
			return bad(err, "ucOne", "deviceTypes", "each entry is a non-empty string");
		m->ucone_types[m->nucone_types++] = t->valuestring;
	}
	return BWM_OK;
}

int dm_map_load(struct dm_map *m, const char *default_path, const char *const *extra,
		size_t nextra, struct bwm_error *err)
{
	memset(m, 0, sizeof *m);
	m->json = read_json(default_path, err);
	for (size_t i = 0; m->json && i < nextra; i++) {
		cJSON *more = read_json(extra[i], err), *sec;
		if (more == NULL) {
			cJSON_Delete(m->json);
			m->json = NULL;
			break;
		}
		while ((sec = more->child) != NULL) {
			cJSON_DetachItemViaPointer(more, sec);
			/* cJSON frees the item's own name while replacing: use a copy. */
			char name[128];
			snprintf(name, sizeof name, "%s", sec->string);
			cJSON_DeleteItemFromObjectCaseSensitive(m->json, name);
			cJSON_AddItemToObject(m->json, name, sec);
		}
		cJSON_Delete(more);
	}
	if (m->json == NULL)
		return err->status;
	const cJSON *dev = cJSON_GetObjectItemCaseSensitive(m->json, "device");
	const cJSON *uc = cJSON_GetObjectItemCaseSensitive(m->json, "ucOne");
	if (!cJSON_IsObject(dev))
		return bad(err, "device", "", "the mapping needs a \"device\" section");
	int rc = policy(&m->device, dev, "device", err);
	if (rc == BWM_OK && uc && !cJSON_IsObject(uc))
		rc = bad(err, "ucOne", "", "must be an object");
	if (rc == BWM_OK)
		rc = policy(&m->ucone, uc, "ucOne", err);
	if (rc == BWM_OK)
		rc = device_types(m, uc, err);
	return rc;
}

void dm_map_free(struct dm_map *m)
{
	struct dm_policy *ps[] = { &m->device, &m->ucone };
	for (int i = 0; i < 2; i++) {
		free(ps[i]->tag_names);
		free(ps[i]->tag_values);
	}
	free(m->ucone_types);
	cJSON_Delete(m->json);
	memset(m, 0, sizeof *m);
}

static int type_matches(const char *pattern, const char *type)
{
	size_t n = strlen(pattern);
	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, type, n - 1) == 0;
	return strcmp(pattern, type) == 0;
}

const struct dm_policy *dm_map_policy(const struct dm_map *m, const char *device_type,
				      int *is_ucone)
{
	*is_ucone = 0;
	for (size_t i = 0; device_type && i < m->nucone_types; i++)
		if (type_matches(m->ucone_types[i], device_type)) {
			*is_ucone = 1;
			return &m->ucone;
		}
	return &m->device;
}
