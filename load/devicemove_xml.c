/*
 * devicemove_xml.c — writing the OCI-P requests of a device move.
 *
 * A command is built in a strbuf, one device at a time; oci_files packs
 * the devices' blocks into BroadsoftDocuments of at most 15 commands (the
 * R25 schema's maxOccurs for <command>), so every file is a document that
 * BroadWorks accepts as it is. Files are written under temporary names
 * and renamed only when every part is complete: an interrupted run never
 * leaves an apply.xml without its rollback.xml.
 */
#include "load/devicemove.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int oci_escape(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return -1;
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&apos;"); break;
		case '\t': strbuf_addstr(sb, "&#9;"); break;
		case '\n': strbuf_addstr(sb, "&#10;"); break;
		case '\r': strbuf_addstr(sb, "&#13;"); break;
		default: strbuf_addch(sb, *p);
		}
	}
	return 0;
}

void oci_command_begin(struct strbuf *sb, const char *type)
{
	strbuf_addf(sb, "  <command xsi:type=\"%s\" xmlns=\"\">\n", type);
}

void oci_command_end(struct strbuf *sb)
{
	strbuf_addstr(sb, "  </command>\n");
}

int oci_element(struct strbuf *sb, const char *name, const char *value)
{
	size_t mark = sb->len;
	strbuf_addf(sb, "    <%s>", name);
	if (oci_escape(sb, value) != 0) {
		sb->len = mark;
		sb->buf[mark] = '\0';
		return -1;
	}
	strbuf_addf(sb, "</%s>\n", name);
	return 0;
}

void oci_element_nil(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "    <%s xsi:nil=\"true\"/>\n", name);
}

/* "--" may not appear inside a comment: a space goes between the two. */
void oci_comment(struct strbuf *sb, const char *text)
{
	strbuf_addstr(sb, "  <!-- ");
	char prev = 0;
	for (const char *p = text; *p; p++) {
		char c = (unsigned char)*p < 0x20 ? ' ' : *p;
		if (c == '-' && prev == '-')
			strbuf_addch(sb, ' ');
		strbuf_addch(sb, c);
		prev = c;
	}
	strbuf_addstr(sb, " -->\n");
}

void oci_files_path(struct strbuf *sb, const char *dir, const char *base, int k)
{
	if (k <= 1)
		strbuf_addf(sb, "%s/%s.xml", dir, base);
	else
		strbuf_addf(sb, "%s/%s-%d.xml", dir, base, k);
}

static void tmp_path(struct strbuf *sb, const struct oci_files *f, int k)
{
	strbuf_addf(sb, "%s/.%s-%d.xml.tmp", f->dir, f->base, k);
}

void oci_files_init(struct oci_files *f, const char *dir, const char *base,
		    const char *header)
{
	memset(f, 0, sizeof *f);
	f->dir = dir;
	f->base = base;
	f->header = header;
}

static const char doc_begin[] =
	"<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" "
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
	"  <sessionId xmlns=\"\">bwmigrate-devicemove</sessionId>\n";
static const char doc_end[] = "</BroadsoftDocument>\n";

static int close_part(struct oci_files *f, struct bwm_error *err)
{
	if (f->fp == NULL)
		return BWM_OK;
	fputs(doc_end, f->fp);
	/* No fsync: the files are made again, byte for byte, from the plan and
	 * the journal; thousands of small syncs would cost a minute a wave. */
	int bad = ferror(f->fp) || fflush(f->fp) != 0;
	bad |= fclose(f->fp) != 0;
	f->fp = NULL;
	if (bad) {
		f->failed = 1;
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write %s.xml: %s; is the disk "
				"full?", f->dir, f->base, strerror(errno));
	}
	return BWM_OK;
}

static int open_part(struct oci_files *f, struct bwm_error *err)
{
	struct strbuf p = STRBUF_INIT;
	tmp_path(&p, f, ++f->parts);
	int fd = open(p.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	f->fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	int rc = BWM_OK;
	if (f->fp == NULL) {
		f->failed = 1;
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the device move files: %s; "
			      "give -o a folder you can write to", f->dir, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f->fp);
		if (f->header)
			fprintf(f->fp, "<!-- %s (part %d) -->\n", f->header, f->parts);
		fputs(doc_begin, f->fp);
		f->commands = 0;
	}
	strbuf_free(&p);
	return rc;
}

int oci_files_add(struct oci_files *f, const char *block, int ncommands,
		  struct bwm_error *err)
{
	int rc = BWM_OK;
	if (f->fp != NULL && f->commands + ncommands > OCI_MAX_COMMANDS)
		rc = close_part(f, err);
	if (rc == BWM_OK && f->fp == NULL)
		rc = open_part(f, err);
	if (rc != BWM_OK)
		return rc;
	fputs(block, f->fp);
	f->commands += ncommands;
	f->total += (size_t)ncommands;
	return BWM_OK;
}

int oci_files_finish(struct oci_files *f, int keep, struct bwm_error *err)
{
	int rc = close_part(f, err);
	if (rc != BWM_OK || f->failed)
		keep = 0;
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	for (int k = 1; k <= f->parts; k++) {
		strbuf_reset(&from);
		strbuf_reset(&to);
		tmp_path(&from, f, k);
		oci_files_path(&to, f->dir, f->base, k);
		if (!keep) {
			unlink(from.buf);
		} else if (rename(from.buf, to.buf) != 0 && rc == BWM_OK) {
			rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot put %s in place: %s", to.buf,
				      from.buf, strerror(errno));
		}
	}
	/* Parts of an earlier run with more devices would be sent by mistake;
	 * temporary parts of a run that was killed are litter. */
	for (int k = f->parts + 1; keep; k++) {
		strbuf_reset(&to);
		oci_files_path(&to, f->dir, f->base, k);
		if (unlink(to.buf) != 0 && k > 1)
			break;
	}
	for (int k = f->parts + 1;; k++) {
		strbuf_reset(&from);
		tmp_path(&from, f, k);
		if (unlink(from.buf) != 0)
			break;
	}
	strbuf_free(&from);
	strbuf_free(&to);
	return rc;
}
