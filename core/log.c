/* log.c — operator messages in text or JSON (see log.h). */
#include "core/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
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

int bwm_log_on(const struct bwm_log *log, enum bwm_log_level level)
{
	if (log == NULL || log->fp == NULL)
		return 0;
	if (level == LOG_DEBUG && !log->verbose)
		return 0;
	return !(level == LOG_INFO && log->quiet);
}

/* ISO 8601 UTC with milliseconds: lines of long runs are read by machines. */
static void now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

static void log_v(const struct bwm_log *log, enum bwm_log_level level, const cJSON *fields,
		  const char *fmt, va_list ap)
{
	if (!bwm_log_on(log, level))
		return;
	struct strbuf msg = STRBUF_INIT;
	strbuf_vaddf(&msg, fmt, ap);
	if (log->json) {
		char ts[32];
		now_iso(ts);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ts", ts);
		cJSON_AddStringToObject(o, "level", level_name(level));
		cJSON_AddStringToObject(o, "msg", msg.buf);
		const cJSON *f;
		cJSON_ArrayForEach(f, fields)
			if (f->string && !cJSON_HasObjectItem(o, f->string))
				cJSON_AddItemToObject(o, f->string, cJSON_Duplicate(f, 1));
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

void bwm_log(const struct bwm_log *log, enum bwm_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(log, level, NULL, fmt, ap);
	va_end(ap);
}

void bwm_log_fields(const struct bwm_log *log, enum bwm_log_level level, const cJSON *fields,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(log, level, fields, fmt, ap);
	va_end(ap);
}
