/*
 * query.c — the paged, filtered SELECT behind every list endpoint.
 *
 * Only the filters a request gives become part of the WHERE clause, so
 * SQLite can use the index of, say, subscribers(email_key) for a lookup by
 * e-mail; a catch-all "(?1 IS NULL OR col = ?1)" would scan the table on
 * every call, and lookups by natural key are what a resuming load does.
 */
#include "sandbox/sbx.h"

#include <string.h>

/* " WHERE c1 AND c2 ..." with each '?' numbered in turn. */
static void add_where(struct strbuf *sql, const struct sbx_filter *f, size_t n)
{
	int param = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i].value == NULL)
			continue;
		strbuf_addstr(sql, param ? " AND " : " WHERE ");
		for (const char *p = f[i].sql; *p; p++) {
			if (*p == '?')
				strbuf_addf(sql, "?%d", ++param);
			else
				strbuf_addch(sql, *p);
		}
	}
}

static int bind_where(sqlite3_stmt *st, const struct sbx_filter *f, size_t n)
{
	int param = 0;
	for (size_t i = 0; i < n; i++)
		if (f[i].value != NULL)
			sbx_bind(st, ++param, f[i].value);
	return param;
}

long sbx_list(struct sandbox *sb, const struct sbx_list_query *q, const struct sbx_filter *f,
	      size_t n, sbx_row_fn *row, void *ctx)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT count(*) FROM %s", q->from);
	add_where(&sql, f, n);
	sqlite3_stmt *cnt = sbx_prep(sb, sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "SELECT %s FROM %s", q->columns, q->from);
	add_where(&sql, f, n);
	strbuf_addf(&sql, " ORDER BY %s LIMIT %ld OFFSET %ld", q->order, q->max, q->offset);
	sqlite3_stmt *st = sbx_prep(sb, sql.buf);
	strbuf_free(&sql);
	long total = -1;
	if (cnt != NULL && st != NULL) {
		bind_where(cnt, f, n);
		bind_where(st, f, n);
		total = sqlite3_step(cnt) == SQLITE_ROW ? (long)sqlite3_column_int64(cnt, 0) : 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			row(st, ctx);
	}
	sqlite3_finalize(cnt);
	sqlite3_finalize(st);
	return total;
}
