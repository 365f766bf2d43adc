/*
 * values.c — values many planners write the same way: a reference to
 * another plan entry's result, a dependency added once, and BroadWorks'
 * ring patterns in Webex's
 * spelling (alternate numbers, hunt groups, queues, attendants, call park
 * recall all take the same four).
 */
#include "transform/internal.h"

#include <stdarg.h>
#include <string.h>

cJSON *tx_ref(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "$ref", sb.buf);
	strbuf_free(&sb);
	return o;
}

void tx_depend(cJSON *x, const char *dep)
{
	cJSON *deps = cJSON_GetObjectItem(x, "depends");
	const cJSON *it;
	cJSON_ArrayForEach(it, deps)
		if (strcmp(it->valuestring, dep) == 0)
			return;
	cJSON_AddItemToArray(deps, cJSON_CreateString(dep));
}

const char *tx_ring_pattern(const char *bw)
{
	static const char *const map[][2] = {
		{ "Normal", "NORMAL" }, { "Long-Long", "LONG_LONG" },
		{ "Short-Short-Long", "SHORT_SHORT_LONG" }, { "Short-Long-Short", "SHORT_LONG_SHORT" },
	};
	for (size_t i = 0; bw != NULL && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], bw) == 0)
			return map[i][1];
	return NULL;
}
