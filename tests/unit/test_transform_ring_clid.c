/* test_transform_ring_clid.c — simultaneous ring and caller ID plan
 * entries: the exact PUT bodies; the mappings switch
 * userSettings.simultaneousRing ("carry" by default, "report" leaves a
 * finding, anything else refused); criteria, bad and surplus numbers as
 * findings naming file:line; the effective calling line ID policy (the
 * user's when it overrides the group's), a configurable number that is not
 * the enterprise's, an unknown policy, and a user with a CLID number but
 * no policy captured. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transform/internal.h"
#include "transform/transform.h"

#include "tests/unit/transform_harness.h"

#define BASE ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100") \
	NUM("E1", "G", "+16175550101") NUM("E1", "G", "+16175550111") \
	USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":\"+16175550100\"," \
	    "\"extension\":\"100\",\"countryCode\":\"1\"") \
	USR("E1", "G", "u2", ",\"email\":\"u2@e1.example\",\"phoneNumber\":\"+16175550101\"," \
	    "\"extension\":\"101\",\"countryCode\":\"1\"")
#define SET(uid, setting, value, line) "{\"kind\":\"user_setting\",\"key\":\"E1/G/" uid "#" \
	setting "\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/" uid "\",\"setting\":\"" \
	setting "\",\"value\":" value ",\"source\":{\"file\":\"f.xml\",\"line\":" #line "}}\n"
/* The group's policy, as GroupCallProcessingGetPolicy adds it to G. */
#define GPOL(policy, group_name) "{\"kind\":\"group\",\"key\":\"E1/G\",\"enterprise\":\"E1\"," \
	"\"id\":\"G\",\"callProcessingPolicy\":{\"useGroupCLIDSetting\":true,\"clidPolicy\":\"" \
	policy "\",\"useGroupName\":" group_name ",\"source\":{\"file\":\"g.xml\",\"line\":9}}}\n"
#define UPOL(uid, use_user, policy, group_name, line) SET(uid, "call_processing_policy", \
	"{\"useUserCLIDSetting\":" use_user ",\"clidPolicy\":\"" policy "\",\"useGroupName\":" \
	group_name "}", line)

static const char *const SIMRING = "E1/G/u1#simultaneousRing";

static void test_simultaneous_ring_is_carried_by_default(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "simultaneous_ring", "{\"isActive\":true,\"doNotRingIfOnCall\":true,"
		    "\"simultaneousRingNumber\":[{\"phoneNumber\":\"6175551501\","
		    "\"answerConfirmationRequired\":false},{\"phoneNumber\":\"101\","
		    "\"answerConfirmationRequired\":true}],\"criteriaTable\":[{\"Is Active\":\"true\","
		    "\"Criteria Name\":\"Evenings\"}]}", 12), NULL, NULL, 0);
	assert_int_equal(r.rc, BWM_OK);
	assert_true(entry_has(&r, "user_setting", SIMRING, "\"method\":\"PUT\",\"path\":"
			      "\"/telephony/config/people/{personId}/simultaneousRing\""));
	/* a national number gets +1; another user's extension stays one */
	assert_true(entry_has(&r, "user_setting", SIMRING, "\"body\":{\"enabled\":true,"
			      "\"doNotRingIfOnCallEnabled\":true,\"phoneNumbers\":[{\"phoneNumber\":"
			      "\"+16175551501\",\"answerConfirmationEnabled\":false},{\"phoneNumber\":"
			      "\"101\",\"answerConfirmationEnabled\":true}],\"criteriasEnabled\":false}"));
	assert_true(entry_has(&r, "user_setting", SIMRING, "\"depends\":[\"subscriber:E1/G/u1\"]"));
	/* the criterion is a finding naming where it was read */
	assert_non_null(strstr(r.findings, "warning,simultaneous_ring_criteria_not_migrated,"
			       "user_setting:E1/G/u1#simultaneous_ring,E1,f.xml,12,\"f.xml:12: "
			       "simultaneous ring criterion \"\"Evenings\"\" (active)"));
	assert_null(strstr(r.findings, "simultaneous_ring_not_migrated"));
	done(&r);
}

static void test_simultaneous_ring_bad_and_surplus_numbers(void **state)
{
	char value[2048] = "{\"isActive\":true,\"simultaneousRingNumber\":[{\"phoneNumber\":"
			   "\"call me\"}";
	for (int i = 0; i < 11; i++)
		snprintf(value + strlen(value), sizeof value - strlen(value),
			 ",{\"phoneNumber\":\"+161755516%02d\"}", i);
	strcat(value, "]}");
	char inv[8192];
	snprintf(inv, sizeof inv, "%s{\"kind\":\"user_setting\",\"key\":\"E1/G/u1#simultaneous_ring\","
		 "\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/u1\",\"setting\":"
		 "\"simultaneous_ring\",\"value\":%s,\"source\":{\"file\":\"f.xml\",\"line\":7}}\n",
		 BASE, value);
	struct result r = run(state, inv, NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,bad_destination,user_setting:E1/G/u1#"
			       "simultaneous_ring,E1,f.xml,7,\"f.xml:7: simultaneous ring number "
			       "\"\"call me\"\" is not a phone number"));
	assert_non_null(strstr(r.findings, "simultaneous_ring_too_many,user_setting:E1/G/u1#"
			       "simultaneous_ring,E1,f.xml,7,f.xml:7: simultaneous ring number "
			       "+16175551610 is past the 10"));
	/* ten numbers, the bad one left out */
	const char *e = entry(&r, "user_setting", SIMRING);
	assert_non_null(e);
	int n = 0;
	for (const char *p = e; (p = strstr(p, "\"phoneNumber\":")) != NULL && p < strchr(e, '\n'); p++)
		n++;
	assert_int_equal(n, 10);
	assert_true(entry_has(&r, "user_setting", SIMRING, "\"+16175551609\""));
	assert_false(entry_has(&r, "user_setting", SIMRING, "\"+16175551610\""));
	done(&r);
}

/* Mappings with an overlay that sets userSettings.simultaneousRing. */
static struct tx_mappings *with_policy(const char *policy, struct bwm_error *err)
{
	char text[256];
	snprintf(text, sizeof text, "{\"userSettings\":{\"simultaneousRing\":\"%s\"}}", policy);
	char *path = write_tmp(text);
	const char *extra[] = { path };
	struct tx_mappings *m = NULL;
	tx_mappings_load(&m, "mappings/default.json", extra, 1, err);
	unlink(path);
	free(path);
	return m;
}

static void test_simultaneous_ring_report_policy(void **state)
{
	(void)state;
	struct bwm_error err = { 0 };
	struct tx_mappings *m = with_policy("report", &err);
	assert_non_null(m);
	void *st = m;
	struct result r = run(&st, BASE
		SET("u1", "simultaneous_ring", "{\"isActive\":true,\"simultaneousRingNumber\":"
		    "{\"phoneNumber\":\"+16175551501\"}}", 3), NULL, NULL, 0);
	assert_null(entry(&r, "user_setting", SIMRING));
	assert_non_null(strstr(r.findings, "warning,simultaneous_ring_not_migrated,user_setting:"
			       "E1/G/u1#simultaneous_ring"));
	assert_non_null(strstr(r.findings, "userSettings.simultaneousRing"));
	done(&r);
	tx_mappings_free(m);
	/* a value that is neither is refused when the mappings load */
	assert_null(with_policy("maybe", &err));
	assert_non_null(strstr(err.msg, "userSettings.simultaneousRing must be \"carry\" or "
			       "\"report\", not \"maybe\""));
}

static void test_simultaneous_ring_one_number_is_an_object(void **state)
{
	struct result r = run(state, BASE
		SET("u1", "simultaneous_ring", "{\"isActive\":false,\"simultaneousRingNumber\":"
		    "{\"phoneNumber\":\"+16175551501\",\"answerConfirmationRequired\":true}}", 3),
		NULL, NULL, 0);
	assert_true(entry_has(&r, "user_setting", SIMRING, "\"body\":{\"enabled\":false,"
			      "\"doNotRingIfOnCallEnabled\":false,\"phoneNumbers\":[{\"phoneNumber\":"
			      "\"+16175551501\",\"answerConfirmationEnabled\":true}]"));
	done(&r);
}

static void test_caller_id_from_the_users_policy(void **state)
{
	struct result r = run(state, ENT("E1") GRP("E1", "G") NUM("E1", "G", "+16175550100")
		NUM("E1", "G", "+16175550111")
		USR("E1", "G", "u1", ",\"email\":\"u1@e1.example\",\"phoneNumber\":\"+16175550100\","
		    "\"callingLineIdFirstName\":\"Acme\",\"callingLineIdLastName\":\"Sales\","
		    "\"callingLineIdPhoneNumber\":\"+16175550111\"")
		GPOL("Use DN", "false")
		UPOL("u1", "true", "Use Configurable CLID", "true", 20), NULL, NULL, 0);
	const char *k = "E1/G/u1#callerId";
	assert_true(entry_has(&r, "user_setting", k, "\"method\":\"PUT\",\"path\":"
			      "\"/people/{personId}/features/callerId\""));
	assert_true(entry_has(&r, "user_setting", k, "\"body\":{\"selected\":\"CUSTOM\","
			      "\"customNumber\":\"+16175550111\",\"directLineCallerIdName\":"
			      "{\"selection\":\"CUSTOM_NAME\",\"customName\":\"Acme Sales\"},"
			      "\"externalCallerIdNamePolicy\":\"LOCATION\"}"));
	assert_true(entry_has(&r, "user_setting", k, "\"source\":[\"user_setting:E1/G/u1#"
			      "call_processing_policy\"]"));
	done(&r);
}

static void test_caller_id_from_the_groups_policy(void **state)
{
	/* u1 does not override the group; u2 read no policy of its own */
	struct result r = run(state, BASE GPOL("Use Group CLID", "false")
		UPOL("u1", "false", "Use DN", "true", 21), NULL, NULL, 0);
	const char *body = "\"body\":{\"selected\":\"LOCATION_NUMBER\",\"directLineCallerIdName\":"
			   "{\"selection\":\"FIRSTNAME_LASTNAME\"},\"externalCallerIdNamePolicy\":"
			   "\"DIRECT_LINE\"}";
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callerId", body));
	assert_true(entry_has(&r, "user_setting", "E1/G/u2#callerId", body));
	assert_true(entry_has(&r, "user_setting", "E1/G/u2#callerId", "\"source\":[\"group:E1/G\"]"));
	done(&r);
}

static void test_caller_id_number_elsewhere_and_unknown_policy(void **state)
{
	struct result r = run(state, BASE
		USR("E1", "G", "u3", ",\"email\":\"u3@e1.example\",\"extension\":\"103\","
		    "\"callingLineIdPhoneNumber\":\"+13125550100\"")
		USR("E1", "G", "u4", ",\"email\":\"u4@e1.example\",\"extension\":\"104\","
		    "\"callingLineIdPhoneNumberRaw\":\"555-CLID\"")
		UPOL("u1", "true", "Use Department CLID", "false", 30)
		UPOL("u3", "true", "Use Configurable CLID", "false", 31)
		UPOL("u4", "true", "Use Configurable CLID", "false", 32), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "warning,bad_clid_policy,user_setting:E1/G/u1#"
			       "call_processing_policy,E1,f.xml,30,\"f.xml:30: user calling line ID "
			       "policy \"\"Use Department CLID\"\" is not a BroadWorks GroupCLIDPolicy"));
	assert_non_null(strstr(r.findings, "warning,caller_id_number_not_migrated,user_setting:"
			       "E1/G/u3#call_processing_policy,E1,f.xml,31,\"f.xml:31: user policy "
			       "\"\"Use Configurable CLID\"\" with number +13125550100"));
	/* a number that is not E.164 is named as the export wrote it */
	assert_non_null(strstr(r.findings, "f.xml:32: user policy \"\"Use Configurable CLID\"\" "
			       "with number 555-CLID"));
	assert_true(entry_has(&r, "user_setting", "E1/G/u1#callerId", "\"selected\":\"DIRECT_LINE\""));
	assert_true(entry_has(&r, "user_setting", "E1/G/u3#callerId", "\"selected\":\"DIRECT_LINE\""));
	assert_false(entry_has(&r, "user_setting", "E1/G/u3#callerId", "customNumber"));
	done(&r);
}

static void test_caller_id_without_a_policy(void **state)
{
	/* no policy read: nothing planned; only the user with a CLID number
	 * is told, once */
	struct result r = run(state, BASE
		USR("E1", "G", "u3", ",\"email\":\"u3@e1.example\",\"extension\":\"103\","
		    "\"callingLineIdPhoneNumber\":\"+16175550111\""), NULL, NULL, 0);
	assert_null(strstr(r.plan, "#callerId"));
	const char *code = "info,caller_id_policy_not_captured,user:E1/G/u3";
	const char *f = strstr(r.findings, code);
	assert_non_null(f);
	assert_null(strstr(f + strlen(code), "caller_id_policy_not_captured"));
	assert_null(strstr(r.findings, "caller_id_policy_not_captured,user:E1/G/u1"));
	done(&r);
}

static void test_caller_id_deferring_to_a_group_policy_not_captured(void **state)
{
	struct result r = run(state, BASE UPOL("u1", "false", "Use Group CLID", "true", 40),
			      NULL, NULL, 0);
	assert_null(strstr(r.plan, "#callerId"));
	assert_non_null(strstr(r.findings, "info,caller_id_policy_not_captured,user_setting:"
			       "E1/G/u1#call_processing_policy,E1,f.xml,40,\"f.xml:40: the user's "
			       "calling line ID follows the group's policy"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simultaneous_ring_is_carried_by_default),
		cmocka_unit_test(test_simultaneous_ring_bad_and_surplus_numbers),
		cmocka_unit_test(test_simultaneous_ring_report_policy),
		cmocka_unit_test(test_simultaneous_ring_one_number_is_an_object),
		cmocka_unit_test(test_caller_id_from_the_users_policy),
		cmocka_unit_test(test_caller_id_from_the_groups_policy),
		cmocka_unit_test(test_caller_id_number_elsewhere_and_unknown_policy),
		cmocka_unit_test(test_caller_id_without_a_policy),
		cmocka_unit_test(test_caller_id_deferring_to_a_group_policy_not_captured),
	};
	return cmocka_run_group_tests_name("transform simultaneous ring and caller id", tests,
					   setup, teardown);
}
