/* log.c — operator messages in text or JSON (see log.h). */
#include "core/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "core/strbuf.h"

void bwm_log_init(struct bwm_log *log)
{
	log->fp = stderr;
	log->json = 0;
	log->quiet = 0;
	log->verbose = 0;
	const char *nc = getenv("NO_COLOR");
	log->color = isatty(STDERR_FILENO) && (nc == NULL || nc[0] == '\0');
}

static const char *level_name(enum bwm_log_level level)
{
	switch (level) {
	case LOG_DEBUG: return "debug";
	case LOG_INFO: return "info";
	case LOG_WARN: return "warning";
	case LOG_ERROR: return "error";
	}
	return "?";
}

void bwm_log(const struct bwm_log *log, enum bwm_log_level level, const char *fmt, ...)
{
	if (log == NULL || log->fp == NULL)
		return;
	if (level == LOG_DEBUG && !log->verbose)
		return;
	if (level == LOG_INFO && log->quiet)
		return;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (log->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "level", level_name(level));
		cJSON_AddStringToObject(o, "msg", msg.buf);
		char *s = cJSON_PrintUnformatted(o);
		fprintf(log->fp, "%s\n", s);
		cJSON_free(s);
		cJSON_Delete(o);
	} else if (level == LOG_INFO) {
		fprintf(log->fp, "%s\n", msg.buf);
	} else {
		const char *on = "", *off = "";
		if (log->color) {
			on = level == LOG_ERROR ? "\033[31m" : level == LOG_WARN ? "\033[33m" : "";
			off = "\033[0m";
		}
		fprintf(log->fp, "bwmigrate: %s%s%s: %s\n", on, level_name(level), off, msg.buf);
	}
	strbuf_free(&msg);
}
