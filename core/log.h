/*
 * log.h — messages for the operator on stderr.
 *
 * A struct bwm_log is created by cli/ from --quiet / --log-format and passed
 * down; libraries never pick their own stream. Text lines look like
 * "bwmigrate: warning: ..."; with --log-format json each line is an object
 * {"ts":"2026-01-31T12:00:00.123Z","level":..,"msg":..} (plus fields the
 * caller adds with bwm_log_fields) for automation.
 * Secrets must never be passed in: callers log keys and states, not bodies.
 */
#ifndef BWM_LOG_H
#define BWM_LOG_H

#include <stdio.h>

#include <cjson/cJSON.h>

enum bwm_log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct bwm_log {
	FILE *fp;          /* usually stderr; not owned */
	int json;          /* one JSON object per line */
	int quiet;         /* drop INFO and DEBUG */
	int verbose;       /* keep DEBUG */
	int color;         /* ANSI colours (terminal, NO_COLOR unset) */
};

/* A logger on stderr with defaults (text, not quiet, colour if a tty). */
void bwm_log_init(struct bwm_log *log);
void bwm_log(const struct bwm_log *log, enum bwm_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* bwm_log with fields (an object, not owned, may be NULL): members of the
 * JSON line; in text they are left out (say what matters in the message). */
void bwm_log_fields(const struct bwm_log *log, enum bwm_log_level level, const cJSON *fields,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 1 when a message of this level would be written (build fields only then). */
int bwm_log_on(const struct bwm_log *log, enum bwm_log_level level);

#define bwm_debug(l, ...) bwm_log((l), LOG_DEBUG, __VA_ARGS__)
#define bwm_info(l, ...)  bwm_log((l), LOG_INFO, __VA_ARGS__)
#define bwm_warn(l, ...)  bwm_log((l), LOG_WARN, __VA_ARGS__)
#define bwm_error(l, ...) bwm_log((l), LOG_ERROR, __VA_ARGS__)

#endif
