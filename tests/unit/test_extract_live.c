/* test_extract_live.c — the live walk's parts that need no server: every
 * family extract reads is asked by the walk; request keys ignore versions,
 * member order and paging; the signed password; which requests follow
 * from an answer; the key set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/live_int.h"
#include "extract/oci.h"

static void test_every_family_extract_reads_is_walked(void **state)
{
	(void)state;
	const struct live_req *const *reqs = live_walk_requests();
	int read;
	const char *family;
	size_t checked = 0;
	for (size_t i = 0; (family = oci_dispatch_family(i, &read)) != NULL; i++) {
		if (!read || strcmp(family, "Error") == 0)
			continue;
		int asked = live_walk_alternate(family) != NULL;
		for (size_t k = 0; reqs[k] != NULL && !asked; k++) {
			char f[OCI_NAME_MAX];
			int is_request = 0;
			assert_int_equal(oci_family(reqs[k]->type, f, &is_request), 0);
			assert_true(is_request);
			asked = strcmp(f, family) == 0;
		}
		if (!asked)
			fail_msg("extract reads %s but the live walk never asks it", family);
		checked++;
	}
	assert_true(checked > 50);
}

static xmlNodePtr command(xmlDocPtr *doc, const char *body)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" xmlns:xsi=\"http://www.w3."
		    "org/2001/XMLSchema-instance\"><sessionId xmlns=\"\">s</sessionId>%s"
		    "</BroadsoftDocument>", body);
	struct bwm_error err;
	assert_int_equal(live_parse("test", sb.buf, sb.len, doc, &err), BWM_OK);
	strbuf_free(&sb);
	xmlNodePtr cmd = NULL;
	assert_int_equal(live_commands(*doc, &cmd, 1), 1);
	return cmd;
}

static char *key_of(const char *body)
{
	xmlDocPtr doc;
	struct strbuf key = STRBUF_INIT;
	assert_int_equal(live_request_key(command(&doc, body), &key), 0);
	xmlFreeDoc(doc);
	return strbuf_detach(&key);
}

static void test_request_key(void **state)
{
	(void)state;
	char *a = key_of("<command xsi:type=\"UserGetRequest23V2\" xmlns=\"\"><userId>a@x</userId></command>");
	char *b = key_of("<command xsi:type=\"UserGetRequest22\" xmlns=\"\"><userId>a@x</userId></command>");
	char *c = key_of("<command xsi:type=\"UserGetRequest23V2\" xmlns=\"\"><userId>b@x</userId></command>");
	assert_string_equal(a, "UserGet?userId=a@x");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	char *d = key_of("<command xsi:type=\"UserGetListInGroupRequest\" xmlns=\"\"><serviceProviderId>E"
			 "</serviceProviderId><GroupId>G</GroupId><responseSizeLimit>1000"
			 "</responseSizeLimit></command>");
	char *e = key_of("<command xsi:type=\"UserGetListInGroupRequest\" xmlns=\"\"><GroupId>G</GroupId>"
			 "<serviceProviderId>E</serviceProviderId></command>");
	assert_string_equal(d, e);
	/* a value cannot forge another member */
	char *f = key_of("<command xsi:type=\"UserGetRequest\" xmlns=\"\"><userId>a&amp;groupId=g"
			 "</userId></command>");
	assert_string_equal(f, "UserGet?userId=a%26groupId%3Dg");
	struct strbuf k = STRBUF_INIT;
	assert_int_equal(live_echo_key("UserGetRequest22?userId=a%40x", &k), 0);
	assert_string_equal(k.buf, a);
	strbuf_free(&k);
	free(a); free(b); free(c); free(d); free(e); free(f);
}

static void test_signed_password(void **state)
{
	(void)state;
	char out[41];
	/* MD5("1234567890abcdef:" SHA1HEX("secret")) and the same with SHA-1 */
	assert_int_equal(live_sign_password("MD5", "1234567890abcdef", "secret", out), 0);
	assert_string_equal(out, "c3daee7279e4b01a92ace72159d545ed");
	assert_int_equal(live_sign_password("SHA", "1234567890abcdef", "secret", out), 0);
	assert_string_equal(out, "7316e06de6c8854e0cf65ffee5511a9534f23b3c");
	assert_int_equal(live_sign_password("ROT13", "n", "p", out), -1);
}

struct pushed {
	struct live_item *v[256];
	size_t n;
};

static void collect(void *ctx, struct live_item *it)
{
	struct pushed *p = ctx;
	assert_true(p->n < 256);
	p->v[p->n++] = it;
}

static void pushed_free(struct pushed *p)
{
	for (size_t i = 0; i < p->n; i++)
		live_item_free(p->v[i]);
	p->n = 0;
}

static size_t count_type(const struct pushed *p, const char *type)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += strcmp(p->v[i]->req->type, type) == 0;
	return n;
}

static void test_walk_children(void **state)
{
	(void)state;
	struct live_walk_cfg cfg = { "ENT", NULL, 0 };
	struct pushed roots = { .n = 0 };
	live_walk_roots(&cfg, collect, &roots);
	assert_int_equal(count_type(&roots, "GroupGetListInServiceProviderRequest"), 1);
	struct live_item *list = NULL;
	for (size_t i = 0; i < roots.n; i++)
		if (strcmp(roots.v[i]->req->type, "UserGetListInGroupRequest") == 0 ||
		    strcmp(roots.v[i]->req->type, "GroupGetListInServiceProviderRequest") == 0)
			list = roots.v[i];
	assert_non_null(list);

	xmlDocPtr doc;
	xmlNodePtr cmd = command(&doc, "<command xsi:type=\"GroupGetListInServiceProviderResponse\" "
				 "xmlns=\"\"><groupTable><colHeading>Group Name</colHeading><colHeading>"
				 "Group Id</colHeading><row><col>One</col><col>G1</col></row><row><col>"
				 "Two</col><col>G2</col></row></groupTable></command>");
	struct pushed kids = { .n = 0 };
	live_walk_children(&cfg, list, cmd, 0, collect, &kids);
	assert_int_equal(count_type(&kids, "GroupGetRequest22V5"), 2);
	assert_int_equal(count_type(&kids, "UserGetListInGroupRequest"), 2);
	/* the request of a child carries its group, its path extends the parent's */
	struct strbuf doc_text = STRBUF_INIT;
	live_item_request(kids.v[0], "sid", &doc_text);
	assert_non_null(strstr(doc_text.buf, "<groupId>G1</groupId>"));
	assert_non_null(strstr(doc_text.buf, "<sessionId xmlns=\"\">sid</sessionId>"));
	assert_int_equal(strncmp(kids.v[0]->path, list->path, strlen(list->path)), 0);
	strbuf_free(&doc_text);
	xmlFreeDoc(doc);

	/* --group: no group list, the groups' requests at once */
	const char *only[] = { "G9" };
	struct live_walk_cfg one = { "ENT", only, 1 };
	struct pushed r2 = { .n = 0 };
	live_walk_roots(&one, collect, &r2);
	assert_int_equal(count_type(&r2, "GroupGetListInServiceProviderRequest"), 0);
	assert_int_equal(count_type(&r2, "GroupGetRequest22V5"), 1);

	/* an event detail list refused: the event list instead */
	struct live_item *sched = NULL;
	for (size_t i = 0; i < kids.n; i++)
		if (strcmp(kids.v[i]->req->type, "GroupScheduleGetListRequest17sp1") == 0)
			sched = kids.v[i];
	assert_non_null(sched);
	cmd = command(&doc, "<command xsi:type=\"GroupScheduleGetListResponse17sp1\" xmlns=\"\">"
		      "<scheduleGlobalKey><scheduleKey><scheduleName>Hours</scheduleName>"
		      "<scheduleType>Time</scheduleType></scheduleKey></scheduleGlobalKey></command>");
	struct pushed s1 = { .n = 0 }, s2 = { .n = 0 };
	live_walk_children(&cfg, sched, cmd, 0, collect, &s1);
	xmlFreeDoc(doc);
	assert_int_equal(s1.n, 1);
	assert_string_equal(s1.v[0]->req->type, "GroupScheduleGetEventDetailListRequest");
	live_walk_children(&cfg, s1.v[0], NULL, 1, collect, &s2);
	assert_int_equal(s2.n, 1);
	assert_string_equal(s2.v[0]->req->type, "GroupScheduleGetEventListRequest");
	assert_string_equal(s2.v[0]->a, "Hours");
	pushed_free(&s1);
	pushed_free(&s2);
	pushed_free(&r2);
	pushed_free(&kids);
	pushed_free(&roots);
}

static void test_hostile_answers_refused(void **state)
{
	(void)state;
	xmlDocPtr doc = NULL;
	struct bwm_error err;
	const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			  "<BroadsoftDocument>&x;</BroadsoftDocument>";
	assert_int_equal(live_parse("answer", xxe, strlen(xxe), &doc, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	assert_null(doc);
	assert_int_equal(live_parse("answer", "<a>", 3, &doc, &err), BWM_EINPUT);
	assert_int_equal(live_parse("answer", "<a/>", (size_t)LIVE_MAX_DOC + 1, &doc, &err), BWM_EINPUT);
	assert_non_null(strstr(err.msg, "more than"));
}

static void test_keyset(void **state)
{
	(void)state;
	struct live_keyset *ks = live_keyset_new();
	char k[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "key%d", i);
		assert_int_equal(live_keyset_add(ks, k, i % 2 ? k : NULL), 1);
	}
	assert_int_equal(live_keyset_add(ks, "key7", NULL), 0);
	int found = 0;
	assert_string_equal(live_keyset_get(ks, "key4999", &found), "key4999");
	assert_true(found);
	assert_null(live_keyset_get(ks, "key4998", &found));
	assert_true(found);
	assert_null(live_keyset_get(ks, "nope", &found));
	assert_false(found);
	live_keyset_free(ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_family_extract_reads_is_walked),
		cmocka_unit_test(test_request_key),
		cmocka_unit_test(test_signed_password),
		cmocka_unit_test(test_walk_children),
		cmocka_unit_test(test_hostile_answers_refused),
		cmocka_unit_test(test_keyset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
