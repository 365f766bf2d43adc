/*
 * resolve.c — replacing "$ref" placeholders (see resolve.h).
 */
#include "load/resolve.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* The reference text if node is a placeholder, else NULL. */
static const char *placeholder(const cJSON *node)
{
	if (!cJSON_IsObject(node) || node->child == NULL || node->child->next != NULL)
		return NULL;
	const cJSON *r = node->child;
	if (r->string == NULL || strcmp(r->string, "$ref") != 0 || !cJSON_IsString(r))
		return NULL;
	return r->valuestring;
}

int resolve_split(const char *ref, char **id, const char **field)
{
	const char *hash = strchr(ref, '#');
	size_t n = hash ? (size_t)(hash - ref) : strlen(ref);
	if (memchr(ref, ':', n) == NULL)
		return -1;
	*id = xstrndup(ref, n);
	*field = hash && hash[1] ? hash + 1 : NULL;
	return 0;
}

static const char *lookup(const char *ref, resolve_fn fn, void *ctx)
{
	char *id;
	const char *field;
	if (resolve_split(ref, &id, &field) != 0)
		return NULL;
	const char *v = fn(id, field, ctx);
	free(id);
	return v;
}

int resolve_refs(cJSON *node, resolve_fn fn, void *ctx, char **missing)
{
	int rc = 0;
	for (cJSON *c = node ? node->child : NULL; c != NULL; c = c->next) {
		const char *ref = placeholder(c);
		if (ref == NULL) {
			if ((cJSON_IsObject(c) || cJSON_IsArray(c)) &&
			    resolve_refs(c, fn, ctx, rc ? NULL : missing) != 0)
				rc = -1;
			continue;
		}
		const char *v = lookup(ref, fn, ctx);
		if (v == NULL) {
			if (rc == 0 && missing)
				*missing = xstrdup(ref);
			rc = -1;
			continue;
		}
		cJSON *s = cJSON_CreateString(v);
		if (s == NULL)
			abort();  /* out of memory, as xmalloc would */
		if (c->string != NULL)    /* keeps the member's name */
			cJSON_ReplaceItemInObjectCaseSensitive(node, c->string, s);
		else
			cJSON_ReplaceItemViaPointer(node, c, s);
		c = s;
	}
	return rc;
}

void resolve_drop_unresolved(cJSON *node)
{
	cJSON *c = node ? node->child : NULL;
	while (c != NULL) {
		cJSON *next = c->next;
		if (placeholder(c) != NULL)
			cJSON_Delete(cJSON_DetachItemViaPointer(node, c));
		else if (cJSON_IsObject(c) || cJSON_IsArray(c))
			resolve_drop_unresolved(c);
		c = next;
	}
}
