/*
 * json_print.h — cJSON trees printed fast, byte for byte as
 * cJSON_PrintUnformatted prints them (json_print.c says why).
 */
#ifndef BWM_JSON_PRINT_H
#define BWM_JSON_PRINT_H

#include <cjson/cJSON.h>

#include "core/strbuf.h"

/* Append item as unformatted JSON to sb. -1 (sb unchanged) for NULL, a
 * raw item without text or a type cJSON would not print. */
int json_print(struct strbuf *sb, const cJSON *item);

#endif
