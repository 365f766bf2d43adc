/*
 * resolve.h — "$ref" placeholders in plan bodies, params and lookups.
 *
 * A placeholder is an object with exactly one member "$ref" whose value is
 * "KIND:KEY" (the remote id of that entry) or "KIND:KEY#FIELD" (a field the
 * journal recorded for it, e.g. orgId). Resolution replaces the object by
 * the string, in place, asking a caller-supplied function for the value.
 */
#ifndef BWM_LOAD_RESOLVE_H
#define BWM_LOAD_RESOLVE_H

#include <cjson/cJSON.h>

/* Value of ref entry `id` ("kind:key") and field (NULL = remote id), or
 * NULL when it is not known (yet). */
typedef const char *(*resolve_fn)(const char *id, const char *field, void *ctx);

/* Replace every placeholder under node. Returns 0, or -1 when one could not
 * be resolved; *missing (if not NULL) then receives a malloc'ed copy of the
 * first unresolved reference text (caller frees). */
int resolve_refs(cJSON *node, resolve_fn fn, void *ctx, char **missing);

/* Split "KIND:KEY#FIELD": writes the id part into a malloc'ed *id and points
 * *field into ref after the '#' (NULL if none). Returns -1 if ref has no ':'. */
int resolve_split(const char *ref, char **id, const char **field);

/* Drop every member whose value is still a placeholder (used by --precheck,
 * which may validate a subscriber before its customer exists). */
void resolve_drop_unresolved(cJSON *node);

#endif
