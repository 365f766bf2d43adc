/*
 * jit.c — the BWM_NO_JIT switch of jit.h. Read on every call (patterns are
 * compiled a handful of times per run), so there is no cached global.
 */
#include "core/jit.h"

#include <stdlib.h>
#include <string.h>

int bwm_jit_enabled(void)
{
	const char *v = getenv("BWM_NO_JIT");
	return v == NULL || v[0] == '\0' || strcmp(v, "0") == 0;
}
