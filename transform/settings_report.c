/*
 * settings_report.c — the per-user rows of report.json's "userSettings"
 * (which Webex settings were planned for the user, which BroadWorks
 * settings were not and the finding that says why). Rows are spooled as
 * JSON Lines while planning, like the findings, so memory does not grow
 * with the number of users. report.html shows them as a table of its own.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

int us_report_open(struct tx_findings *f, const char *report_dir, struct bwm_error *err)
{
	if (report_dir == NULL)
		return BWM_OK;
	f->us_spool = tx_report_open(report_dir, ".user_settings.jsonl", &f->us_spool_path, err);
	return f->us_spool == NULL ? BWM_EINTERNAL : BWM_OK;
}

void us_report_row(struct tx_findings *f, const char *user, const cJSON *carried,
		   const cJSON *not_carried)
{
	if (f->us_spool == NULL)
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "user", user);
	cJSON_AddStringToObject(o, "customer", f->n_cust ? f->cust[f->n_cust - 1].key : "");
	/* borrowed for the write, not copied (this runs once per user) */
	cJSON_AddItemReferenceToObject(o, "carried", (cJSON *)carried);
	cJSON_AddItemReferenceToObject(o, "notCarried", (cJSON *)not_carried);
	jsonl_write(f->us_spool, o, NULL);
	cJSON_Delete(o);
}

long us_report_copy(const struct tx_findings *f, FILE *out, long max, int escape_tags)
{
	return tx_spool_copy(f->us_spool, out, max, escape_tags);
}

void us_report_close(struct tx_findings *f)
{
	if (f->us_spool != NULL) {
		fclose(f->us_spool);
		remove(f->us_spool_path);
	}
	free(f->us_spool_path);
	f->us_spool = NULL;
	f->us_spool_path = NULL;
}

/* The report.html table: rows embedded as JSON (at most USERS_HTML_MAX;
 * report.json has them all) and drawn by a small script. */
#define USERS_HTML_MAX 5000

static const char section[] =
"</script>\n<section class=\"card\" id=\"user-settings\"><h2>Call settings per user</h2>"
"<p class=\"note\">What each user's BroadWorks settings became: the Webex settings planned, "
"and those not carried with the finding that says what to do.</p><div class=\"scroll\">"
"<table id=\"settings\"><thead><tr><th>User</th><th>Customer</th><th>Carried</th>"
"<th>Not carried</th></tr></thead><tbody></tbody></table></div></section>\n"
"<script>\n(function(){\n'use strict';\n"
"var U=JSON.parse(document.getElementById('usdata').textContent),"
"tb=document.getElementById('settings').tBodies[0];\n"
"function esc(s){return String(s).replace(/[&<>\"']/g,function(c){return{'&':'&amp;',"
"'<':'&lt;','>':'&gt;','\"':'&quot;',\"'\":'&#39;'}[c]})}\n"
"tb.innerHTML=U.map(function(u){return '<tr><td>'+esc(u.user)+'</td><td>'+esc(u.customer)+"
"'</td><td>'+esc(u.carried.join(', '))+'</td><td>'+esc(u.notCarried.map(function(n){"
"return n.setting+(n.item?' '+n.item:'')+' ('+n.finding+')'}).join(', '))+'</td></tr>'}).join('');\n"
"})();\n</script>\n<script id=\"usdata\" type=\"application/json\">[";

void us_report_html(const struct tx_findings *f, FILE *fp)
{
	fputs(section, fp);
	us_report_copy(f, fp, USERS_HTML_MAX, 1);
	fputs("]", fp);   /* report_html.c's script closes this block */
}
