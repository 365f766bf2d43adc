/*
 * secret.c — {"$secret": "sip_password"} in a plan body (docs/plan-format.md):
 * the SIP password of a customer-managed phone, made at send time.
 *
 * The plan, the journal and every report hold only the placeholder (the
 * journal's hash is taken over the plan line). The password itself goes to
 * one place: the credentials file (--credentials, default JOURNAL.credentials),
 * created 0600, one line "KIND:KEY<TAB>MAC<TAB>PASSWORD" appended and
 * fsync'ed before the request leaves, so that a crash right after the send
 * cannot lose the password of a phone Webex now knows. If the entry is sent
 * again, a new line follows: the last line of an entry is the password sent
 * last. When the file cannot be written, nothing is sent and the run stops.
 */
#include "load/journal.h"
#include "load/run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define PASSWORD_LEN 16
static const char SPECIALS[] = "!@#$%^&*";

static int has_any(const char *s, int (*pred)(int))
{
	for (; *s; s++)
		if (pred((unsigned char)*s))
			return 1;
	return 0;
}

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_special(int c) { return c != '\0' && strchr(SPECIALS, c) != NULL; }

/* 1 when pw meets the rules Webex states for SIP passwords: upper, lower,
 * digit and special characters, and no three characters in a row that
 * repeat (aaa) or count up or down (abc, 321). */
int secret_password_ok(const char *pw)
{
	if (strlen(pw) != PASSWORD_LEN || !has_any(pw, is_upper) || !has_any(pw, is_lower) ||
	    !has_any(pw, is_digit) || !has_any(pw, is_special))
		return 0;
	for (size_t k = 2; pw[k]; k++) {
		int a = (unsigned char)pw[k - 2], b = (unsigned char)pw[k - 1], c = (unsigned char)pw[k];
		if ((a == b && b == c) || (b - a == 1 && c - b == 1) || (a - b == 1 && b - c == 1))
			return 0;
	}
	return 1;
}

/* A fresh password from the kernel's random source. */
int secret_password(char out[PASSWORD_LEN + 1], struct bwm_error *err)
{
	static const char alnum[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	for (int tries = 0; tries < 1000; tries++) {
		unsigned char raw[PASSWORD_LEN + 1];
		if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
			return bwm_fail(err, BWM_EINTERNAL, "cannot read random bytes for a SIP "
					"password: %s", strerror(errno));
		for (size_t k = 0; k < PASSWORD_LEN; k++)
			out[k] = alnum[raw[k] % (sizeof alnum - 1)];
		/* one special character at a random place */
		out[raw[PASSWORD_LEN] % PASSWORD_LEN] = SPECIALS[raw[0] % (sizeof SPECIALS - 1)];
		out[PASSWORD_LEN] = '\0';
		memset(raw, 0, sizeof raw);
		if (secret_password_ok(out))
			return BWM_OK;
	}
	return bwm_fail(err, BWM_EINTERNAL, "could not make a SIP password that meets the rules");
}

char *secret_credentials_path(const struct load_opts *o)
{
	struct strbuf sb = STRBUF_INIT;
	if (o->credentials_path)
		strbuf_addstr(&sb, o->credentials_path);
	else if (o->journal_path && !journal_is_url(o->journal_path))
		strbuf_addf(&sb, "%s.credentials", o->journal_path);
	else    /* also for a shared journal: each worker's own file, beside the plan */
		strbuf_addf(&sb, "%s.journal.credentials", o->plan_path);
	return strbuf_detach(&sb);
}

/* Append line to path (created 0600) and fsync it. */
static int append_line(const char *path, const char *line, struct bwm_error *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot open the credentials file: %s; "
				"nothing was sent; give a writable --credentials FILE", path,
				strerror(errno));
	struct stat st;
	size_t n = strlen(line), done = 0;
	int rc = BWM_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: the credentials file must be a regular "
			      "file that only its owner can read (mode 0600); nothing was sent", path);
	while (rc == BWM_OK && done < n) {
		ssize_t w = write(fd, line + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the credentials file: "
				      "%s; nothing was sent", path, w < 0 ? strerror(errno) : "short write");
		else
			done += (size_t)w;
	}
	if (rc == BWM_OK && fsync(fd) != 0)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot sync the credentials file: %s; "
			      "nothing was sent", path, strerror(errno));
	if (close(fd) != 0 && rc == BWM_OK)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot close the credentials file: %s; "
			      "nothing was sent", path, strerror(errno));
	return rc;
}

/* Replace every {"$secret": "sip_password"} under node by pw. */
static void replace_secrets(cJSON *node, const char *pw)
{
	cJSON *it = node ? node->child : NULL;
	while (it != NULL) {
		cJSON *next = it->next;
		if (cJSON_IsObject(it) && cJSON_GetObjectItemCaseSensitive(it, "$secret")) {
			if (it->string != NULL)
				cJSON_ReplaceItemInObjectCaseSensitive(node, it->string,
								       cJSON_CreateString(pw));
			else
				cJSON_ReplaceItemViaPointer(node, it, cJSON_CreateString(pw));
		} else if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
			replace_secrets(it, pw);
		}
		it = next;
	}
}

static int holds_secret(const cJSON *node)
{
	for (const cJSON *it = node ? node->child : NULL; it; it = it->next) {
		if (cJSON_IsObject(it) && cJSON_GetObjectItemCaseSensitive(it, "$secret"))
			return 1;
		if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && holds_secret(it))
			return 1;
	}
	return 0;
}

int secret_fill(struct run *r, size_t i, cJSON *body, struct bwm_error *err)
{
	if (!holds_secret(body))
		return BWM_OK;
	char pw[PASSWORD_LEN + 1];
	int rc = secret_password(pw, err);
	if (rc != BWM_OK)
		return rc;
	struct strbuf line = STRBUF_INIT;
	plan_id_add(&line, &r->plan, i);
	strbuf_addf(&line, "\t%s\t%s\n", json_str_or(body, "mac", ""), pw);
	char *path = secret_credentials_path(r->o);
	rc = append_line(path, line.buf, err);
	free(path);
	secret_wipe(line.buf);
	strbuf_free(&line);
	if (rc == BWM_OK)
		replace_secrets(body, pw);
	secret_wipe(pw);
	return rc;
}

void secret_wipe_body(cJSON *node)
{
	for (cJSON *it = node ? node->child : NULL; it; it = it->next) {
		if (cJSON_IsString(it) && it->string && strcmp(it->string, "password") == 0)
			secret_wipe(it->valuestring);
		else if (cJSON_IsObject(it) || cJSON_IsArray(it))
			secret_wipe_body(it);
	}
}
