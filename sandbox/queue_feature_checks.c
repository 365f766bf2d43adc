/*
 * queue_feature_checks.c — what a Webex Calling feature body must satisfy in
 * the sandbox: the request schema's required members, types and enums
 * (declared per kind as sbx_frule tables), and people: a member id must
 * be the personId of a subscriber of the same org, as on the real server.
 */
#include "sandbox/queue_features.h"

#include <stdio.h>
#include <string.h>

const cJSON *sbx_fget(const cJSON *body, const char *path)
{
	char part[64];
	const cJSON *o = body;
	while (o != NULL && *path != '\0') {
		size_t n = strcspn(path, ".");
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		o = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, part) : NULL;
		path += n + (path[n] == '.');
	}
	return o;
}

/* The parent object of a dotted path (body itself for a top-level one). */
static const cJSON *parent_of(const cJSON *body, const char *path, int *top)
{
	const char *dot = strrchr(path, '.');
	*top = dot == NULL;
	if (dot == NULL)
		return body;
	char head[160];
	snprintf(head, sizeof head, "%.*s", (int)(dot - path), path);
	return sbx_fget(body, head);
}

static int type_ok(const cJSON *v, char type)
{
	switch (type) {
	case 's': return cJSON_IsString(v);
	case 'b': return cJSON_IsBool(v);
	case 'n': return cJSON_IsNumber(v);
	case 'o': return cJSON_IsObject(v);
	case 'a': return cJSON_IsArray(v);
	default: return 1;
	}
}

static const char *type_name(char type)
{
	return type == 's' ? "a string" : type == 'b' ? "a boolean" : type == 'n' ? "a number"
		: type == 'o' ? "an object" : "an array";
}

int sbx_fcheck(const cJSON *body, const struct sbx_frule *r, size_t n, int is_update,
	       struct sbx_resp *rs)
{
	for (size_t i = 0; i < n; i++) {
		int top;
		const cJSON *parent = parent_of(body, r[i].path, &top);
		const cJSON *v = sbx_fget(body, r[i].path);
		if (v == NULL) {
			if (r[i].required && cJSON_IsObject(parent) && !(top && is_update)) {
				sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s is required.", r[i].path);
				return -1;
			}
			continue;
		}
		if (!type_ok(v, r[i].type)) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s must be %s.", r[i].path,
					type_name(r[i].type));
			return -1;
		}
		if (r[i].enums == NULL)
			continue;
		int found = 0;
		for (size_t k = 0; r[i].enums[k] && !found; k++)
			found = strcmp(v->valuestring, r[i].enums[k]) == 0;
		if (!found) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t k = 0; r[i].enums[k]; k++)
				strbuf_addf(&sb, "%s%s", k ? ", " : "", r[i].enums[k]);
			sbx_reply_error(rs, 400, SBX_E_ENUM, "%s must be one of %s, not '%s'.",
					r[i].path, sb.buf, v->valuestring);
			strbuf_free(&sb);
			return -1;
		}
	}
	return 0;
}

int sbx_fcheck_people(struct sandbox *sb, const cJSON *arr, const char *field, const char *org,
		      const char *what, struct sbx_resp *rs)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, arr) {
		const cJSON *id = field ? cJSON_GetObjectItemCaseSensitive(m, field) : m;
		if (!cJSON_IsString(id) || id->valuestring[0] == '\0') {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s: every member needs an id%s%s.",
					what, field ? " in " : "", field ? field : "");
			return -1;
		}
		if (sbx_count(sb, "SELECT count(*) FROM subscribers s JOIN customers c ON "
			      "c.id = s.customer_id WHERE json_extract(s.doc, '$.personId') = ?1 "
			      "AND c.org_id = ?2", id->valuestring, org) == 0) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s: '%s' is not a person of "
					"organization '%s'.", what, id->valuestring, org);
			return -1;
		}
	}
	return 0;
}
