/* test_extract_writer.c — the inventory writer thread: the bytes and
 * counts are those of writing on the reading thread, many enterprises in
 * a row are written in order, and a failing output is an error (never a
 * crash, never a success) whichever enterprise it hits. Also the block
 * reader for files: a file read in 256 KiB blocks gives the bytes that
 * the same document read from memory gives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "extract/extract.h"

#define ENV_OPEN "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><sessionId xmlns=\"\">s</sessionId>"
#define ENV_CLOSE "</BroadsoftDocument>"
#define REQ(type) "<command xsi:type=\"" type "\" xmlns=\"\">"
#define RSP(type) "<command echo=\"\" xsi:type=\"" type "\" xmlns=\"\">"

/* An export of n enterprises, each with a user list (index entries and
 * list rows), the detail of one user (merged over its row), that user's
 * services (keyed through the index when written) and the services of a
 * user no list names (a source_error and a warning), in reverse key order
 * so that every enterprise needs sorting. */
static char *many_enterprises(int n, int users)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "<Export>");
	for (int e = n - 1; e >= 0; e--) {
		strbuf_addf(&sb, ENV_OPEN REQ("ServiceProviderGetRequest22V4")
			    "<serviceProviderId>E%03d</serviceProviderId></command>" ENV_CLOSE
			    ENV_OPEN RSP("ServiceProviderGetResponse22V4")
			    "<isEnterprise>true</isEnterprise><serviceProviderName>Ent %d</serviceProviderName>"
			    "</command>" ENV_CLOSE, e, e);
		strbuf_addf(&sb, ENV_OPEN REQ("UserGetListInServiceProviderRequest")
			    "<serviceProviderId>E%03d</serviceProviderId></command>" ENV_CLOSE
			    ENV_OPEN RSP("UserGetListInServiceProviderResponse") "<userTable>"
			    "<colHeading>User Id</colHeading><colHeading>Group Id</colHeading>"
			    "<colHeading>Last Name</colHeading><colHeading>First Name</colHeading>", e);
		for (int u = users - 1; u >= 0; u--)
			strbuf_addf(&sb, "<row><col>u%d@e%d.example</col><col>G%d</col><col>Last%d</col>"
				    "<col>First</col></row>", u, e, u % 3, u);
		strbuf_addstr(&sb, "</userTable></command>" ENV_CLOSE);
		strbuf_addf(&sb, ENV_OPEN REQ("UserGetRequest22")
			    "<userId>u0@e%d.example</userId></command>" ENV_CLOSE
			    ENV_OPEN RSP("UserGetResponse22") "<serviceProviderId>E%03d</serviceProviderId>"
			    "<groupId>G0</groupId><lastName>Detail</lastName><firstName>Zoë</firstName>"
			    "<callingLineIdLastName>D</callingLineIdLastName>"
			    "<callingLineIdFirstName>Z</callingLineIdFirstName>"
			    "<language>English</language><timeZone>Europe/Paris</timeZone>"
			    "</command>" ENV_CLOSE, e, e);
		strbuf_addf(&sb, ENV_OPEN REQ("UserServiceGetAssignmentListRequest")
			    "<userId>u1@e%d.example</userId></command>" ENV_CLOSE
			    ENV_OPEN RSP("UserServiceGetAssignmentListResponse") "<servicePacksAssignmentTable>"
			    "<colHeading>Service Pack Name</colHeading><colHeading>Assigned</colHeading>"
			    "<colHeading>Description</colHeading><row><col>Pack</col><col>true</col><col/>"
			    "</row></servicePacksAssignmentTable><userServicesAssignmentTable>"
			    "<colHeading>Service Name</colHeading><colHeading>Assigned</colHeading>"
			    "<row><col>Voice Messaging User</col><col>true</col></row>"
			    "</userServicesAssignmentTable></command>" ENV_CLOSE, e);
		strbuf_addf(&sb, ENV_OPEN REQ("UserServiceGetAssignmentListRequest")
			    "<userId>ghost@e%d.example</userId></command>" ENV_CLOSE
			    ENV_OPEN RSP("UserServiceGetAssignmentListResponse")
			    "<userServicesAssignmentTable><colHeading>Service Name</colHeading>"
			    "<colHeading>Assigned</colHeading><row><col>Voice Messaging User</col>"
			    "<col>true</col></row></userServicesAssignmentTable></command>" ENV_CLOSE, e);
	}
	strbuf_addstr(&sb, "</Export>");
	return strbuf_detach(&sb);
}

struct run {
	int rc;
	char *out;
	size_t len;
	size_t written[INV_KIND_COUNT];
	size_t warnings;
	struct bwm_error err;
};

/* write_inline 1: no writer thread; 0: a thread for every enterprise
 * (thread_min_records 1), so that small inputs exercise it. */
static void run_on(struct run *r, FILE *fp, const char *xml, int write_inline)
{
	struct extract_opts opts = { .log = NULL, .write_inline = write_inline,
				     .thread_min_records = 1 };
	struct extract_session *s = extract_open(fp, &opts);
	r->rc = extract_add_memory(s, "many.xml", xml, strlen(xml), &r->err);
	if (r->rc == BWM_OK)
		r->rc = extract_finish(s, &r->err);
	memcpy(r->written, extract_stats(s)->written, sizeof r->written);
	r->warnings = extract_stats(s)->warnings;
	extract_close(s);
}

static void run_memory(struct run *r, const char *xml, int write_inline)
{
	memset(r, 0, sizeof *r);
	FILE *fp = open_memstream(&r->out, &r->len);
	run_on(r, fp, xml, write_inline);
	fclose(fp);
}

static size_t count_lines(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Run xml twice (write_inline as given for each) and check both
 * succeeded with the same bytes and counts. */
static void run_twice_same(struct run *a, struct run *b, const char *xml, int inline_a,
			   int inline_b)
{
	run_memory(a, xml, inline_a);
	run_memory(b, xml, inline_b);
	assert_int_equal(a->rc, BWM_OK);
	assert_int_equal(b->rc, BWM_OK);
	assert_true(a->len > 0);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->out, b->out, a->len);
	assert_memory_equal(a->written, b->written, sizeof a->written);
	assert_int_equal(a->warnings, b->warnings);
}

static void test_threaded_bytes_equal_inline(void **state)
{
	(void)state;
	char *xml = many_enterprises(40, 30);
	struct run a, b;
	run_twice_same(&a, &b, xml, 1, 0);
	/* every enterprise and user arrived, and nothing twice */
	assert_int_equal(a.written[INV_ENTERPRISE], 40);
	assert_int_equal(a.written[INV_USER], 40 * 30);
	assert_int_equal(count_lines(b.out, "\"kind\":\"enterprise\""), 40);
	assert_int_equal(count_lines(b.out, "\"kind\":\"user\""), 40 * 30);
	/* enterprises come out in input order (E039 first), each sorted */
	const char *first = strstr(b.out, "\"key\":\"E039\"");
	const char *last = strstr(b.out, "\"key\":\"E000\"");
	assert_non_null(first);
	assert_non_null(last);
	assert_true(first < last);
	const char *u0 = strstr(b.out, "\"key\":\"E005/G0/u0@e5.example\"");
	const char *u3 = strstr(b.out, "\"key\":\"E005/G0/u3@e5.example\"");
	assert_non_null(u0);
	assert_non_null(u3);
	assert_true(u0 < u3);
	/* the detail response was merged over the list row */
	const char *eol = strchr(u0, '\n');
	assert_non_null(eol);
	assert_non_null(strstr(u0, "\"lastName\":\"Detail\""));
	assert_true(strstr(u0, "\"lastName\":\"Detail\"") < eol);
	/* the service record found its group through the index */
	assert_non_null(strstr(b.out, "\"key\":\"E005/G1/u1@e5.example"));
	/* the unnamed user's services became one source_error and one warning
	 * per enterprise */
	assert_int_equal(a.written[INV_SOURCE_ERROR], 40);
	assert_int_equal(a.warnings, 40);
	assert_non_null(strstr(b.out, "\"key\":\"E005#error:many.xml:"));
	assert_non_null(strstr(b.out, "for 'ghost@e5.example' cannot be placed"));
	free(a.out);
	free(b.out);
	free(xml);
}

static void test_threaded_runs_are_deterministic(void **state)
{
	(void)state;
	char *xml = many_enterprises(25, 10);
	struct run a, b;
	run_twice_same(&a, &b, xml, 0, 0);
	free(a.out);
	free(b.out);
	free(xml);
}

/* The warnings the writer makes reach the log once each, in enterprise
 * order, with or without the writer thread. */
static char *log_of(const char *xml, int write_inline)
{
	char *text = NULL, *out = NULL;
	size_t tlen = 0, olen = 0;
	FILE *lf = open_memstream(&text, &tlen);
	FILE *of = open_memstream(&out, &olen);
	struct bwm_log log = { .fp = lf };
	struct extract_opts opts = { .log = &log, .write_inline = write_inline,
				     .thread_min_records = 1 };
	struct extract_session *s = extract_open(of, &opts);
	struct bwm_error err = { 0, "" };
	assert_int_equal(extract_add_memory(s, "many.xml", xml, strlen(xml), &err), BWM_OK);
	assert_int_equal(extract_finish(s, &err), BWM_OK);
	extract_close(s);
	fclose(of);
	fclose(lf);
	free(out);
	return text;
}

static void test_writer_warnings_logged_once_in_order(void **state)
{
	(void)state;
	char *xml = many_enterprises(6, 5);
	char *a = log_of(xml, 1), *b = log_of(xml, 0);
	assert_string_equal(a, b);
	assert_int_equal(count_lines(b, "cannot be placed"), 6);
	const char *prev = b;
	for (int e = 5; e >= 0; e--) {   /* input order: E005 first */
		char want[64];
		snprintf(want, sizeof want, "'ghost@e%d.example' cannot be placed", e);
		const char *at = strstr(b, want);
		assert_non_null(at);
		assert_true(at >= prev);
		prev = at;
	}
	free(a);
	free(b);
	free(xml);
}

/* An unbuffered /dev/full fails every write: the first enterprise's
 * write fails on the writer thread, and the run must say so. */
static void write_error_is_reported(int write_inline, int enterprises)
{
	FILE *fp = fopen("/dev/full", "w");
	if (fp == NULL) {
		skip();
		return;
	}
	setvbuf(fp, NULL, _IONBF, 0);
	char *xml = many_enterprises(enterprises, 5);
	struct run r;
	memset(&r, 0, sizeof r);
	run_on(&r, fp, xml, write_inline);
	fclose(fp);
	assert_int_equal(r.rc, BWM_EINTERNAL);
	assert_non_null(strstr(r.err.msg, "write error"));
	free(xml);
}

static void test_write_error_threaded_mid_run(void **state)
{
	(void)state;
	write_error_is_reported(0, 5);   /* seen when the 2nd enterprise is handed over */
}

static void test_write_error_threaded_last(void **state)
{
	(void)state;
	write_error_is_reported(0, 1);   /* seen by extract_finish */
}

static void test_write_error_inline(void **state)
{
	(void)state;
	write_error_is_reported(1, 5);
}

/* A session closed after a failure, with the writer maybe still busy,
 * must neither crash nor leak (ASan and valgrind watch this). */
static void test_close_while_writing(void **state)
{
	(void)state;
	char *xml = many_enterprises(3, 200);
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct extract_opts opts = { .log = NULL, .thread_min_records = 1 };
	struct extract_session *s = extract_open(fp, &opts);
	struct bwm_error err = { 0, "" };
	assert_int_equal(extract_add_memory(s, "many.xml", xml, strlen(xml), &err), BWM_OK);
	/* the last enterprise is still buffered, an earlier one maybe being written */
	const char bad[] = "<Export><BroadsoftDocument>";
	assert_int_equal(extract_add_memory(s, "bad.xml", bad, sizeof bad - 1, &err), BWM_EINPUT);
	extract_close(s);
	fclose(fp);
	assert_non_null(strstr(out, "\"key\":\"E002\""));   /* written before the failure */
	free(out);
	free(xml);
}

/* Documents span the reader's block boundaries many times over. */
static void test_file_reads_in_blocks_like_memory(void **state)
{
	(void)state;
	char *xml = many_enterprises(50, 200);
	size_t len = strlen(xml);
	assert_true(len > 3 * 256 * 1024);
	char path[] = "/tmp/bwm-blocks-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, xml, len), (ssize_t)len);
	close(fd);

	struct run a, b;
	run_memory(&a, xml, 0);   /* extract_add_memory under the name "many.xml" */
	memset(&b, 0, sizeof b);
	FILE *fp = open_memstream(&b.out, &b.len);
	struct extract_opts opts = { .log = NULL };
	struct extract_session *s = extract_open(fp, &opts);
	b.rc = extract_add_path(s, path, &b.err);
	if (b.rc == BWM_OK)
		b.rc = extract_finish(s, &b.err);
	extract_close(s);
	fclose(fp);
	unlink(path);
	assert_int_equal(a.rc, BWM_OK);
	assert_int_equal(b.rc, BWM_OK);
	/* the same bytes once the name is the same (source.file, keys and
	 * messages of source_errors) */
	struct strbuf want = STRBUF_INIT;
	for (const char *p = a.out; *p;) {
		const char *hit = strstr(p, "many.xml");
		if (hit == NULL) {
			strbuf_addstr(&want, p);
			break;
		}
		strbuf_add(&want, p, (size_t)(hit - p));
		strbuf_addstr(&want, path);
		p = hit + strlen("many.xml");
	}
	assert_int_equal(want.len, b.len);
	assert_memory_equal(want.buf, b.out, b.len);
	strbuf_free(&want);
	free(a.out);
	free(b.out);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threaded_bytes_equal_inline),
		cmocka_unit_test(test_threaded_runs_are_deterministic),
		cmocka_unit_test(test_write_error_threaded_mid_run),
		cmocka_unit_test(test_write_error_threaded_last),
		cmocka_unit_test(test_write_error_inline),
		cmocka_unit_test(test_close_while_writing),
		cmocka_unit_test(test_file_reads_in_blocks_like_memory),
		cmocka_unit_test(test_writer_warnings_logged_once_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
