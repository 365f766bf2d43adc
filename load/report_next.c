/*
 * report_next.c — after a live run that left entries not done, the command
 * that would actually help: `--retry-failed` when entries failed (a plain
 * re-run sends nothing for them), the same command when entries are only
 * waiting or skipped. Used by the closing message, run.json and run.html.
 */
#include "load/run.h"

#include <string.h>

/* s as one shell word: bare when it is plainly safe, else single-quoted. */
static void shell_word(struct strbuf *sb, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_./:=@%+,";
	strbuf_addch(sb, ' ');
	if (s[0] != '\0' && strspn(s, safe) == strlen(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static void command(const struct run *r, int retry_failed, struct strbuf *cmd)
{
	const struct load_opts *o = r->o;
	strbuf_addstr(cmd, "bwmigrate load");
	if (retry_failed)
		strbuf_addstr(cmd, " --retry-failed");
	if (r->j.path) {
		strbuf_addstr(cmd, " --journal");
		shell_word(cmd, r->j.path);
	}
	if (o->batch) {
		strbuf_addstr(cmd, " --batch");
		shell_word(cmd, o->batch);
	}
	if (o->api && strcmp(o->api, LOAD_DEFAULT_API) != 0) {
		strbuf_addstr(cmd, " --api");
		shell_word(cmd, o->api);
	}
	shell_word(cmd, o->plan_path);
}

int report_next_step(const struct run *r, struct strbuf *why, struct strbuf *cmd)
{
	size_t failed = 0, permanent = 0, skipped = 0, blocked = 0, waiting = 0;
	for (size_t i = 0; i < r->plan.n; i++) {
		const struct run_entry *e = &r->e[i];
		if (!e->in_scope || e->state == JS_DONE)
			continue;
		if (e->state == JS_FAILED) {
			failed++;
			permanent += !e->retryable;
		} else if (e->state == JS_SKIPPED) {
			skipped++;
			blocked += r->plan.v[i].blocked != 0;
		} else {
			waiting++;
		}
	}
	if (failed > 0) {
		if (permanent > 0)
			strbuf_addf(why, "%zu failed (%zu refused by the API: fix their data as "
				    "failed.csv says and transform again first); send the failed "
				    "entries and what waits on them again with", failed, permanent);
		else
			strbuf_addf(why, "%zu failed for a reason that may pass on another try "
				    "(failed.csv); a plain re-run does not send them: retry them and "
				    "what waits on them with", failed);
		command(r, 1, cmd);
		return 1;
	}
	if (skipped + waiting == 0)
		return 0;
	strbuf_addf(why, "%zu waiting or skipped", waiting + skipped);
	if (blocked > 0)
		strbuf_addf(why, " (%zu blocked in the plan: fix the inventory findings and "
			    "transform again first)", blocked);
	strbuf_addstr(why, "; resume with");
	command(r, 0, cmd);
	return 1;
}
