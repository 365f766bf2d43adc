/*
 * devicemove.c — `bwmigrate devicemove`: the OCI-P requests that move the
 * phones of a loaded plan from BroadWorks to Webex, and their inverse.
 *
 * The plan is read one line at a time (only device entries matter; their
 * `bw` member is what the export captured), the journal is asked about one
 * device at a time, so memory does not grow with the plan. apply.xml gets
 * each device's requests in plan order as soon as it is read; the inverse
 * requests are spooled to a temporary file and written to rollback.xml in
 * reverse order at the end, so that undoing a night walks back through it.
 * Only a device whose `device` entry is done in the journal is written:
 * a phone pointed at Webex before Webex knows it would be left without
 * service. Everything else is listed in devicemove.txt with the reason.
 */
#include "load/devicemove_run.h"
#include "core/jsonl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char file_header[] =
	"bwmigrate devicemove: OCI-P requests for BroadWorks, never sent by bwmigrate; "
	"see docs/devicemove.md";

void dm_say(struct dm_run *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r->txt)
		fprintf(r->txt, "%s\n", sb.buf);
	if (r->o->line)
		r->o->line(sb.buf, r->o->line_ctx);
	strbuf_free(&sb);
}

/* ---- one device's requests ---- */

static int ids(struct strbuf *sb, const cJSON *bw)
{
	return oci_element(sb, "serviceProviderId", json_str(bw, "serviceProviderId")) |
	       oci_element(sb, "groupId", json_str(bw, "groupId")) |
	       oci_element(sb, "deviceName", json_str(bw, "deviceName"));
}

/* The value the export captured for field f, or NULL when it captured
 * none; *odd is set when the member is there but neither a string nor a
 * boolean (restoring "nothing" would then be a guess). */
static const char *captured(const cJSON *bw, int f, int *odd)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(bw, dm_field_names[f]);
	*odd = v != NULL && !cJSON_IsBool(v) && !cJSON_IsString(v) && !cJSON_IsNull(v);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int any_field(const struct dm_policy *p)
{
	for (int f = 0; f < DM_FIELDS; f++)
		if (p->set[f])
			return 1;
	return 0;
}

/* GroupAccessDeviceModifyRequest22 with the policy's values (restore = 0)
 * or the captured ones (restore = 1). */
static int modify(struct strbuf *sb, const cJSON *bw, const struct dm_policy *p, int restore,
		  int strict, char *why, size_t nwhy)
{
	int bad = 0;
	oci_command_begin(sb, "GroupAccessDeviceModifyRequest22");
	bad |= ids(sb, bw);
	for (int f = 0; f < DM_FIELDS && !bad; f++) {
		if (!p->set[f])
			continue;
		int odd = 0;
		const char *v = restore ? captured(bw, f, &odd) : p->value[f];
		if (odd) {
			snprintf(why, nwhy, "bw.%s is neither a string nor true/false, so its "
				 "value could not be restored; transform the inventory again",
				 dm_field_names[f]);
			return 1;
		}
		if (v != NULL) {
			bad |= oci_element(sb, dm_field_names[f], v);
		} else if (strict) {
			snprintf(why, nwhy, "the policy changes %s, which the inventory does not "
				 "capture for this device, so it could not be restored; take it out "
				 "of the mapping's \"modify\"", dm_field_names[f]);
			return 1;
		} else if (dm_field_nillable[f]) {
			oci_element_nil(sb, dm_field_names[f]);
		} else {
			snprintf(why, nwhy, "the policy changes %s, but the export did not capture "
				 "its value and BroadWorks cannot clear it, so it could not be "
				 "restored; take %s out of the mapping's \"modify\" or export the "
				 "device again", dm_field_names[f], dm_field_names[f]);
			return 1;
		}
	}
	oci_command_end(sb);
	if (bad)
		snprintf(why, nwhy, "a value holds a control character XML cannot carry");
	return bad;
}

static int tags_set(struct strbuf *sb, const cJSON *bw, const struct dm_policy *p)
{
	int bad = 0;
	oci_command_begin(sb, "GroupAccessDeviceCustomTagAddOrModifyListRequest");
	bad |= ids(sb, bw);
	for (size_t t = 0; t < p->ntags; t++) {
		strbuf_addstr(sb, "    <tag>\n  ");
		bad |= oci_element(sb, "tagName", p->tag_names[t]);
		strbuf_addstr(sb, "  ");
		bad |= oci_element(sb, "tagValue", p->tag_values[t]);
		strbuf_addstr(sb, "    </tag>\n");
	}
	oci_command_end(sb);
	return bad;
}

static int tags_delete(struct strbuf *sb, const cJSON *bw, const struct dm_policy *p)
{
	int bad = 0;
	oci_command_begin(sb, "GroupAccessDeviceCustomTagDeleteListRequest");
	bad |= ids(sb, bw);
	for (size_t t = 0; t < p->ntags; t++)
		bad |= oci_element(sb, "tagName", p->tag_names[t]);
	oci_command_end(sb);
	return bad;
}

static int action(struct strbuf *sb, const cJSON *bw, const char *type)
{
	oci_command_begin(sb, type);
	int bad = ids(sb, bw);
	oci_command_end(sb);
	return bad;
}

/* Rebuild the configuration file, then reset the phone so that it fetches
 * it: both directions end this way. */
static int rebuild_reset(struct strbuf *sb, const cJSON *bw, const struct dm_policy *p, int *n)
{
	int bad = 0;
	if (p->rebuild) {
		bad |= action(sb, bw, "GroupCPEConfigRebuildDeviceConfigFileRequest");
		(*n)++;
	}
	if (p->reset) {
		bad |= action(sb, bw, "GroupCPEConfigResetDeviceRequest");
		(*n)++;
	}
	return bad;
}

/* Both blocks of one device: apply changes the profile, then the tags;
 * rollback deletes the tags, then restores the profile (the inverse in
 * reverse order); both end with rebuild and reset. Returns 0, or 1 with
 * why filled when the device cannot be moved and restored. */
static int device_blocks(const cJSON *bw, const struct dm_policy *p, const char *key,
			 int strict, struct strbuf *ap, int *na, struct strbuf *rb, int *nr,
			 char *why, size_t nwhy)
{
	int bad = 0;
	*na = *nr = 0;
	oci_comment(ap, key);
	oci_comment(rb, key);
	if (any_field(p)) {
		if (modify(ap, bw, p, 0, strict, why, nwhy))
			return 1;
		(*na)++;
	}
	if (p->ntags) {
		bad |= tags_set(ap, bw, p);
		(*na)++;
		bad |= tags_delete(rb, bw, p);
		(*nr)++;
	}
	if (any_field(p)) {
		if (modify(rb, bw, p, 1, strict, why, nwhy))
			return 1;
		(*nr)++;
	}
	bad |= rebuild_reset(ap, bw, p, na);
	bad |= rebuild_reset(rb, bw, p, nr);
	if (bad)
		snprintf(why, nwhy, "a value holds a control character XML cannot carry");
	return bad;
}

/* ---- the journal ---- */

static int journal_ready(struct dm_run *r, const char *path, struct bwm_error *err)
{
	struct stat st;
	if (!journal_is_url(path) && (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
		return bwm_fail(err, BWM_EINPUT, "%s: no journal there; the device move needs the "
				"journal of the load (run bwmigrate load first, or give --journal)",
				path);
	int rc = journal_open(&r->j, path, 0, 1, err);
	if (rc == BWM_OK && dm_journal_load(r, err) != BWM_OK)
		rc = bwm_fail(err, BWM_EINPUT, "%s: not a bwmigrate journal (%s); give the journal "
			      "of the load with --journal", path, err->msg);
	return rc;
}

/* ---- the plan ---- */

static const char *const bw_required[] = {
	"serviceProviderId", "groupId", "deviceName", "deviceType", NULL
};

/* Spool one rollback block; it is written to rollback.xml at the end. */
static int spool(struct dm_run *r, const struct strbuf *block, int n, struct bwm_error *err)
{
	if (r->nblocks == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->blocks = realloc(r->blocks, r->cap * sizeof *r->blocks);
		if (r->blocks == NULL)
			return bwm_fail(err, BWM_EINTERNAL, "out of memory");
	}
	struct spooled *b = &r->blocks[r->nblocks++];
	b->off = ftell(r->spool);
	b->len = block->len;
	b->ncommands = n;
	if (fwrite(block->buf, 1, block->len, r->spool) != block->len)
		return bwm_fail(err, BWM_EINTERNAL, "cannot spool the rollback requests: %s; is "
				"the temporary folder full?", strerror(errno));
	return BWM_OK;
}

/* A device whose Webex side is done: write it, or say why not. */
int dm_move(struct dm_run *r, const cJSON *bw, const char *key, const char *where, int strict,
	    struct bwm_error *err)
{
	for (const char *const *m = bw_required; *m; m++)
		if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(bw, *m)) ||
		    json_str(bw, *m)[0] == '\0') {
			r->s->refused++;
			dm_say(r, "refused device %s (%s): member bw.%s is missing; transform the "
			       "inventory again with a version that writes it", key, where, *m);
			return BWM_OK;
		}
	int ucone;
	const struct dm_policy *p = dm_map_policy(&r->map, json_str(bw, "deviceType"), &ucone);
	struct strbuf ap = STRBUF_INIT, rb = STRBUF_INIT, label = STRBUF_INIT;
	strbuf_addf(&label, "device %s (%s%s)", key, json_str(bw, "deviceType"),
		    ucone ? ", UC-One client" : "");
	char why[512];
	int na, nr, rc = BWM_OK;
	if (device_blocks(bw, p, label.buf, strict, &ap, &na, &rb, &nr, why, sizeof why)) {
		r->s->refused++;
		dm_say(r, "refused %s (%s): %s", label.buf, where, why);
	} else if (na == 0) {
		r->s->refused++;
		dm_say(r, "refused %s: the mapping changes nothing for it; fill its section in "
		       "mappings/devicemove.json", label.buf);
	} else if ((rc = oci_files_add(&r->apply, ap.buf, na, err)) == BWM_OK &&
		   (rc = spool(r, &rb, nr, err)) == BWM_OK) {
		r->s->written++;
		r->s->ucone += (size_t)ucone;
		dm_say(r, "moved %s: %d requests in apply, %d in rollback%s", label.buf, na, nr,
		       ucone ? "; its user is offered the Webex App" : "");
	}
	strbuf_free(&ap);
	strbuf_free(&rb);
	strbuf_free(&label);
	return rc;
}

static int one_entry(struct dm_run *r, const cJSON *rec, struct bwm_error *err)
{
	const char *kind = json_str(rec, "kind"), *key = json_str(rec, "key");
	const char *batch = json_str_or(rec, "batch", "");
	if (r->o->batch && strcmp(batch, r->o->batch) != 0)
		return BWM_OK;
	r->in_scope++;
	char hash[PLAN_HASH_LEN], error[256];
	int state = dm_journal_find(r, kind, key, hash, error, sizeof error);
	r->in_journal += state >= 0;
	if (strcmp(kind, "activation_code") == 0) {
		r->s->activation++;
		dm_say(r, "not moved activation_code %s: a phone without a MAC address moves when "
		    "someone enters its activation code on it (the load report lists the codes)",
		    key);
		return BWM_OK;
	}
	if (strcmp(kind, "device") != 0)
		return BWM_OK;
	r->s->devices++;
	if (state != JS_DONE) {
		r->s->not_done++;
		dm_say(r, "not moved device %s: its Webex side is %s%s%s; finish the load "
		    "(bwmigrate load, --retry-failed for failures), then run devicemove again",
		    key, state < 0 ? "not in the journal" : journal_state_name(state),
		    error[0] ? ": " : "", error);
		return BWM_OK;
	}
	char mine[PLAN_HASH_LEN];
	plan_hash(rec, mine);
	if (hash[0] && strcmp(hash, mine) != 0)
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: device:%s: the plan's entry is not the "
				"one the journal loaded (hash %s, journal %s); give the journal of "
				"this plan, or load this plan first", r->o->plan_path, r->plan.line,
				key, mine, hash);
	char where[600];
	snprintf(where, sizeof where, "%s:%ld", r->o->plan_path, r->plan.line);
	return dm_move(r, cJSON_GetObjectItemCaseSensitive(rec, "bw"), key, where, 0, err);
}

static int read_plan(struct dm_run *r, struct bwm_error *err)
{
	int rc = jsonl_open(&r->plan, r->o->plan_path, err);
	while (rc == BWM_OK) {
		cJSON *rec = NULL;
		rc = jsonl_next(&r->plan, &rec, err);
		if (rc != BWM_OK || rec == NULL)
			break;
		rc = one_entry(r, rec, err);
		cJSON_Delete(rec);
	}
	if (rc == BWM_OK && r->in_scope > 0 && r->in_journal == 0)
		rc = bwm_fail(err, BWM_EINPUT, "%s: the journal holds none of the %zu entries of "
			      "%s%s%s; give the journal of this plan's load with --journal",
			      r->j.path, r->in_scope, r->o->plan_path, r->o->batch ? " in wave " : "",
			      r->o->batch ? r->o->batch : "");
	return rc;
}

/* rollback.xml: the spooled blocks, last device first. */
static int write_rollback(struct dm_run *r, struct bwm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = BWM_OK;
	for (size_t i = r->nblocks; i-- > 0 && rc == BWM_OK;) {
		const struct spooled *b = &r->blocks[i];
		strbuf_reset(&sb);
		strbuf_grow(&sb, b->len);
		if (fseek(r->spool, b->off, SEEK_SET) != 0 ||
		    fread(sb.buf, 1, b->len, r->spool) != b->len) {
			rc = bwm_fail(err, BWM_EINTERNAL, "cannot read the spooled rollback requests "
				      "back: %s", strerror(errno));
			break;
		}
		sb.len = b->len;
		sb.buf[sb.len] = '\0';
		rc = oci_files_add(&r->rollback, sb.buf, b->ncommands, err);
	}
	strbuf_free(&sb);
	return rc;
}

/* ---- the run ---- */

static int out_dir_ready(const char *dir, struct bwm_error *err)
{
	struct stat st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot create the output folder: %s; give "
				"-o a folder you can write to", dir, strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return bwm_fail(err, BWM_EINTERNAL, "%s: not a folder; give -o a folder for "
				"apply.xml and rollback.xml", dir);
	if (access(dir, W_OK | X_OK) != 0)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write there: %s; give -o a folder "
				"you can write to", dir, strerror(errno));
	return BWM_OK;
}

static int open_txt(struct dm_run *r, struct strbuf *tmp, struct bwm_error *err)
{
	strbuf_addf(tmp, "%s/.devicemove.txt.tmp", r->o->out_dir);
	int fd = open(tmp->buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	r->txt = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (r->txt == NULL) {
		if (fd >= 0)
			close(fd);
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot write: %s; give -o a folder you "
				"can write to", tmp->buf, strerror(errno));
	}
	return BWM_OK;
}

static void summary_line(struct dm_run *r)
{
	const struct devicemove_summary *s = r->s;
	dm_say(r, "devicemove: %zu of %zu devices written (%zu UC-One clients), %zu not done on "
	    "the Webex side, %zu refused, %zu activation codes; apply: %zu requests in %d "
	    "file%s, rollback: %zu requests in %d file%s", s->written, s->devices, s->ucone,
	    s->not_done, s->refused, s->activation, s->apply_commands, s->apply_files,
	    s->apply_files == 1 ? "" : "s", s->rollback_commands, s->rollback_files,
	    s->rollback_files == 1 ? "" : "s");
}

/* Close devicemove.txt and put it in place (keep), or drop it. */
static int finish_txt(struct dm_run *r, const char *tmp, int keep, struct bwm_error *err)
{
	if (r->txt == NULL)
		return BWM_OK;
	int bad = ferror(r->txt) || fclose(r->txt) != 0;
	r->txt = NULL;
	struct strbuf to = STRBUF_INIT;
	strbuf_addf(&to, "%s/devicemove.txt", r->o->out_dir);
	int rc = BWM_OK;
	if (!keep || bad)
		unlink(tmp);
	if (keep && (bad || rename(tmp, to.buf) != 0))
		rc = bwm_fail(err, BWM_EINTERNAL, "%s: cannot write: %s", to.buf, strerror(errno));
	strbuf_free(&to);
	return rc;
}

int devicemove_run(const struct devicemove_opts *o, struct devicemove_summary *s,
		   struct bwm_error *err)
{
	struct dm_run r;
	memset(&r, 0, sizeof r);
	memset(s, 0, sizeof *s);
	r.o = o;
	r.s = s;
	struct strbuf jp = STRBUF_INIT, txt = STRBUF_INIT;
	if (o->journal_path)
		strbuf_addstr(&jp, o->journal_path);
	else
		strbuf_addf(&jp, "%s.journal", o->plan_path);
	oci_files_init(&r.apply, o->out_dir, "apply", file_header);
	oci_files_init(&r.rollback, o->out_dir, "rollback", file_header);
	int rc = dm_map_load(&r.map, o->map_path, o->extra_maps, o->nextra_maps, err);
	if (rc == BWM_OK)
		rc = journal_ready(&r, jp.buf, err);
	if (rc == BWM_OK)
		rc = out_dir_ready(o->out_dir, err);
	if (rc == BWM_OK && (r.spool = tmpfile()) == NULL)
		rc = bwm_fail(err, BWM_EINTERNAL, "cannot create a temporary file: %s",
			      strerror(errno));
	if (rc == BWM_OK)
		rc = open_txt(&r, &txt, err);
	if (rc == BWM_OK)
		rc = read_plan(&r, err);
	if (rc == BWM_OK)
		rc = dm_inventory_clients(&r, err);
	if (rc == BWM_OK)
		rc = write_rollback(&r, err);
	s->apply_commands = r.apply.total;
	s->rollback_commands = r.rollback.total;
	s->apply_files = r.apply.parts;
	s->rollback_files = r.rollback.parts;
	if (rc == BWM_OK)
		summary_line(&r);
	int keep = rc == BWM_OK;
	int frc = oci_files_finish(&r.apply, keep, err);
	if (rc == BWM_OK)
		rc = frc;
	frc = oci_files_finish(&r.rollback, rc == BWM_OK, err);
	if (rc == BWM_OK)
		rc = frc;
	frc = finish_txt(&r, txt.buf, rc == BWM_OK, err);
	if (rc == BWM_OK)
		rc = frc;
	if (rc == BWM_OK && (s->not_done || s->refused))
		rc = bwm_fail(err, BWM_EPARTIAL, "devicemove: %zu devices not written (%zu not "
			      "done on the Webex side, %zu refused); %s/devicemove.txt says why",
			      s->not_done + s->refused, s->not_done, s->refused, o->out_dir);
	jsonl_close(&r.plan);
	if (r.spool)
		fclose(r.spool);
	dm_journal_free(&r);
	journal_close(&r.j);
	dm_map_free(&r.map);
	free(r.blocks);
	strbuf_free(&jp);
	strbuf_free(&txt);
	return rc;
}
