/* test_transform_devices.c — what BroadWorks access devices become: a
 * device by MAC or an activation code for the primary owner (person or
 * workspace), the phone's members (shared appearances on their ports),
 * applyChanges, and the findings of the phones that do not migrate. Also
 * the device mapping rules (mappings/devices.json) and their overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/transform_harness.h"
#include "transform/internal.h"

#define E1G ENT("E1") GRP("E1", "G")
#define MAIL(u) ",\"email\":\"" u "@e1.example\""
/* a user whose accessDeviceEndpoint names device dev */
#define OWNER(u, ext, dev) USR("E1", "G", u, MAIL(u) ",\"extension\":\"" ext "\",\"device\":" \
	"{\"level\":\"Group\",\"name\":\"" dev "\",\"linePort\":\"" u "_lp@x\"}")
#define DEV(name, type, extra) "{\"kind\":\"device\",\"key\":\"E1/G/" name "\",\"enterprise\":" \
	"\"E1\",\"group\":\"G\",\"name\":\"" name "\",\"type\":\"" type "\"" extra "}\n"
/* user u's shared call appearances: endpoint rows (Device Name, Line/Port, Port Number) */
#define SCA(u, rows) "{\"kind\":\"user_setting\",\"key\":\"E1/G/" u "#shared_call_appearance\"," \
	"\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/" u "\",\"setting\":" \
	"\"shared_call_appearance\",\"value\":{\"endpointTable\":[" rows "]}}\n"
#define EP(dev, lp, port) "{\"Device Level\":\"Group\",\"Device Name\":\"" dev "\",\"Line/Port\":" \
	"\"" lp "\",\"Port Number\":\"" port "\",\"Is Active\":\"true\"}"

/* Position of kind:key in the plan (for order checks); -1 when absent. */
static long pos(const struct result *r, const char *kind, const char *key)
{
	const char *e = entry(r, kind, key);
	return e ? (long)(e - r->plan) : -1;
}

static void test_mpp_phone_by_mac_for_its_owner(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Cisco_MPP_8865", ",\"mac\":\"0004F2AA0001\",\"protocol\":"
				  "\"SIP 2.0\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"body\":{\"mac\":\"0004F2AA0001\","
			      "\"model\":\"DMS Cisco 8865\",\"personId\":{\"$ref\":"
			      "\"subscriber:E1/G/u1#personId\"}}"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"params\":{\"orgId\":{\"$ref\":"
			      "\"customer:E1#orgId\"}}"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"depends\":[\"subscriber:E1/G/u1\"]"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"match\":{\"mac\":\"0004F2AA0001\"}"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"delete\":{\"path\":\"/devices/{id}\"}"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"bw\":{\"serviceProviderId\":\"E1\","
			      "\"groupId\":\"G\",\"deviceName\":\"p1\",\"deviceType\":\"Cisco_MPP_8865\","
			      "\"macAddress\":\"0004F2AA0001\",\"protocol\":\"SIP 2.0\",\"users\":[\"u1\"]}"));
	assert_false(entry_has(&r, "device", "E1/G/p1", "password"));
	/* one line only: no members entry, applyChanges right after the device */
	assert_null(entry(&r, "device_members", "E1/G/p1"));
	assert_true(entry_has(&r, "device_apply", "E1/G/p1", "\"depends\":[\"device:E1/G/p1\"]"));
	assert_true(entry_has(&r, "device_apply", "E1/G/p1", "\"resend\":true"));
	assert_null(strstr(r.findings, "not_migrated"));
	assert_int_equal(r.rc, BWM_OK);
	done(&r);
}

static void test_phone_without_mac_gets_an_activation_code(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1") DEV("p1", "Cisco 8851", ""),
			      NULL, NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_true(entry_has(&r, "activation_code", "E1/G/p1", "\"path\":\"/devices/activationCode\""));
	assert_true(entry_has(&r, "activation_code", "E1/G/p1", "\"body\":{\"model\":\"DMS Cisco 8851\","
			      "\"personId\":"));
	assert_true(entry_has(&r, "activation_code", "E1/G/p1", "\"resend\":true,\"record\":[\"code\","
			      "\"expiryTime\"]"));
	assert_false(entry_has(&r, "activation_code", "E1/G/p1", "\"lookup\""));
	assert_null(entry(&r, "device_apply", "E1/G/p1"));
	done(&r);
}

static void test_third_party_phone_is_customer_managed_with_a_secret(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u2", "102", "p2")
			      DEV("p1", "Polycom_VVX400", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p2", "Yealink T46S", ",\"mac\":\"805EC0000002\""), NULL, NULL, 0);
	for (int i = 0; i < 2; i++) {
		const char *key = i ? "E1/G/p2" : "E1/G/p1";
		assert_true(entry_has(&r, "device", key, "\"model\":\"Generic IPPhone Customer "
				      "Managed\""));
		assert_true(entry_has(&r, "device", key, "\"password\":{\"$secret\":\"sip_password\"}"));
	}
	done(&r);
}

static void test_third_party_policy_picks_the_cisco_managed_model(void **state)
{
	(void)state;
	char *extra = write_tmp("{\"devicePolicies\": {\"thirdParty\": \"ciscoManaged\"}}");
	const char *ex[] = { extra };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, "mappings/default.json", ex, 1, &err), BWM_OK);
	void *st = m;
	struct result r = run(&st, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Polycom_VVX400", ",\"mac\":\"0004F2AA0001\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"model\":\"DMS Polycom VVX400\""));
	assert_false(entry_has(&r, "device", "E1/G/p1", "password"));
	done(&r);
	tx_mappings_free(m);
	unlink(extra);
	free(extra);
}

static void test_shared_appearances_become_members_on_their_ports(void **state)
{
	/* u3 appears on u1's phone (port 2) and twice on u2's (port 3, and a
	 * port 1 that the owner holds: the next free port, one member of
	 * line weight 2) */
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u2", "102", "p2")
			      OWNER("u3", "103", "p3")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p2", "Cisco 8865", ",\"mac\":\"0004F2AA0002\"")
			      DEV("p3", "Cisco 8841", ",\"mac\":\"0004F2AA0003\"")
			      SCA("u3", EP("p1", "u3_a@x", "2") "," EP("p2", "u3_b@x", "3") ","
				  EP("p2", "u3_c@x", "1")), NULL, NULL, 0);
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "\"members\":[{\"id\":{\"$ref\":"
			      "\"subscriber:E1/G/u1#personId\"},\"port\":1,\"primaryOwner\":true,"
			      "\"lineType\":\"PRIMARY\",\"lineWeight\":1,\"hotlineEnabled\":false,"
			      "\"allowCallDeclineEnabled\":true},{\"id\":{\"$ref\":"
			      "\"subscriber:E1/G/u3#personId\"},\"port\":2,\"primaryOwner\":false,"
			      "\"lineType\":\"SHARED_CALL_APPEARANCE\",\"lineWeight\":1,"));
	assert_true(entry_has(&r, "device_members", "E1/G/p2", "\"port\":3,\"primaryOwner\":false,"
			      "\"lineType\":\"SHARED_CALL_APPEARANCE\",\"lineWeight\":2,"));
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "\"depends\":[\"device:E1/G/p1\","
			      "\"subscriber:E1/G/u1\",\"subscriber:E1/G/u3\"]"));
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "\"method\":\"PUT\",\"path\":"
			      "\"/telephony/config/devices/{deviceId}/members\""));
	assert_true(entry_has(&r, "device_apply", "E1/G/p1", "\"depends\":[\"device_members:E1/G/p1\"]"));
	assert_null(entry(&r, "device_members", "E1/G/p3"));
	/* carried, not reported as a setting left behind */
	assert_null(strstr(r.findings, "shared_call_appearance_devices"));
	/* plan order: devices, then members, then applyChanges; after settings */
	assert_true(pos(&r, "device", "E1/G/p3") < pos(&r, "device_members", "E1/G/p1"));
	assert_true(pos(&r, "device_members", "E1/G/p2") < pos(&r, "device_apply", "E1/G/p1"));
	assert_true(pos(&r, "subscriber", "E1/G/u3") < pos(&r, "device", "E1/G/p1"));
	done(&r);
}

/* UserSharedCallAppearanceGetEndpoint: the appearance's own isActive and
 * hotline win over the endpoint table's. */
static void test_sca_endpoint_flags_give_hotline_and_inactive(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u3", "103", "p3")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p3", "Cisco 8851", ",\"mac\":\"0004F2AA0003\"")
			      SCA("u3", EP("p1", "u3_a@x", "2") "," EP("p1", "u3_b@x", "3"))
			      "{\"kind\":\"user_setting\",\"key\":\"E1/G/u3#shared_call_appearance_endpoint:"
			      "u3_a@x\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/u3\","
			      "\"setting\":\"shared_call_appearance_endpoint\",\"item\":\"u3_a@x\",\"value\":"
			      "{\"isActive\":true,\"useHotline\":true,\"hotlineContact\":\"+16175550199\"}}\n"
			      "{\"kind\":\"user_setting\",\"key\":\"E1/G/u3#shared_call_appearance_endpoint:"
			      "u3_b@x\",\"enterprise\":\"E1\",\"group\":\"G\",\"user\":\"E1/G/u3\","
			      "\"setting\":\"shared_call_appearance_endpoint\",\"item\":\"u3_b@x\",\"value\":"
			      "{\"isActive\":false}}\n", NULL, NULL, 0);
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "\"port\":2,\"primaryOwner\":false,"
			      "\"lineType\":\"SHARED_CALL_APPEARANCE\",\"lineWeight\":1,\"hotlineEnabled\":true,"
			      "\"hotlineDestination\":\"+16175550199\""));
	assert_false(entry_has(&r, "device_members", "E1/G/p1", "\"port\":3"));
	assert_non_null(strstr(r.findings, "info,shared_line_inactive,device:E1/G/p1"));
	/* read by the device planner: not a setting left behind */
	assert_null(strstr(r.findings, "shared_call_appearance_endpoint is not"));
	assert_null(strstr(r.findings, "setting_not_migrated"));
	done(&r);
}

static void test_device_user_table_gives_lines_without_sca_settings(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u2", "102", "p2")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\",\"lines\":["
				  "{\"linePort\":\"u1_lp@x\",\"userId\":\"u1\",\"order\":1,\"primary\":true},"
				  "{\"linePort\":\"u2_sca@x\",\"userId\":\"u2\",\"order\":4,\"primary\":false}]")
			      DEV("p2", "Cisco 8851", ",\"mac\":\"0004F2AA0002\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "\"subscriber:E1/G/u2#personId\"},"
			      "\"port\":4,"));
	done(&r);
}

static void test_common_area_phone_becomes_a_workspace_with_its_phone(void **state)
{
	struct result r = run(state, E1G NUM("E1", "G", "+16175550110")
			      USR("E1", "G", "lobby", ",\"isPlace\":true,\"extension\":\"110\","
				  "\"phoneNumber\":\"+16175550110\",\"device\":"
				  "{\"name\":\"p1\",\"linePort\":\"lobby_lp@x\"}")
			      OWNER("u1", "101", "p2")
			      DEV("p1", "Cisco 6821", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p2", "Cisco 8851", ",\"mac\":\"0004F2AA0002\"")
			      SCA("u1", EP("p1", "u1_a@x", "2")), NULL, NULL, 0);
	assert_null(entry(&r, "subscriber", "E1/G/lobby"));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"path\":\"/workspaces\""));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"supportedDevices\":\"phones\""));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"calling\":{\"type\":\"webexCalling\","
			      "\"webexCalling\":{\"phoneNumber\":\"+16175550110\",\"extension\":\"110\","));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"depends\":[\"location:E1/G\","
			      "\"number:E1/G\"]"));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"match\":{\"displayName\":\"F L\"}"));
	assert_true(entry_has(&r, "customer", "E1", "\"common_area_calling\""));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"workspaceId\":{\"$ref\":"
			      "\"workspace:E1/G/lobby\"}"));
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"depends\":[\"workspace:E1/G/lobby\"]"));
	/* the workspace as the primary member of its phone */
	assert_true(entry_has(&r, "device_members", "E1/G/p1", "{\"id\":{\"$ref\":"
			      "\"workspace:E1/G/lobby\"},\"port\":1,\"primaryOwner\":true"));
	assert_true(pos(&r, "subscriber", "E1/G/u1") < pos(&r, "workspace", "E1/G/lobby"));
	done(&r);
}

static void test_workspace_without_number_or_extension_is_blocked(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "lobby", ",\"isPlace\":true"), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "error,no_number_or_extension,workspace:E1/G/lobby"));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby", "\"blocked\""));
	done(&r);
}

static void test_two_workspaces_with_one_name_in_a_location_is_an_error(void **state)
{
	struct result r = run(state, E1G USR("E1", "G", "lobby1", ",\"isPlace\":true,\"extension\":\"8\"")
			      USR("E1", "G", "lobby2", ",\"isPlace\":true,\"extension\":\"9\""),
			      NULL, NULL, 0);
	assert_false(entry_has(&r, "workspace", "E1/G/lobby1", "\"blocked\""));
	assert_true(entry_has(&r, "workspace", "E1/G/lobby2", "\"blocked\""));
	assert_non_null(strstr(r.findings, "error,duplicate_workspace_name,workspace:E1/G/lobby2"));
	done(&r);
}

/* A feature naming a common-area user leaves it out with a finding: no
 * $ref to a subscriber the plan does not have. */
static void test_feature_member_that_became_a_workspace_is_left_out(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      USR("E1", "G", "lobby", ",\"isPlace\":true,\"extension\":\"9\"")
			      "{\"kind\":\"hunt_group\",\"key\":\"E1/G/hg\",\"enterprise\":\"E1\","
			      "\"group\":\"G\",\"id\":\"hg\",\"name\":\"Sales\",\"extension\":\"500\","
			      "\"policy\":\"Regular\",\"agents\":[{\"userId\":\"u1\"},{\"userId\":\"lobby\"}]}\n",
			      NULL, NULL, 0);
	assert_true(entry_has(&r, "hunt_group", "E1/G/hg", "subscriber:E1/G/u1#personId"));
	assert_null(strstr(r.plan, "subscriber:E1/G/lobby"));
	assert_non_null(strstr(r.findings, "feature_member_left_out,hunt_group:E1/G/hg"));
	assert_non_null(strstr(r.findings, "agent lobby is a common-area or virtual user"));
	done(&r);
}

static void test_mac_in_two_devices_migrates_the_first_only(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u2", "102", "p2")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p2", "Cisco 8851", ",\"mac\":\"0004F2AA0001\""), NULL, NULL, 0);
	assert_non_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "device", "E1/G/p2"));
	assert_null(entry(&r, "device_apply", "E1/G/p2"));
	assert_non_null(strstr(r.findings, "error,duplicate_mac,device:E1/G/p2"));
	assert_non_null(strstr(r.findings, "also the MAC of device E1/G/p1"));
	assert_int_equal(r.rc, BWM_EPARTIAL);
	done(&r);
}

static void test_mac_used_by_an_earlier_enterprise_is_an_error(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      ENT("E2") GRP("E2", "G")
			      USR("E2", "G", "v1", ",\"email\":\"v1@e2.example\",\"extension\":\"1\","
				  "\"device\":{\"name\":\"q1\"}")
			      "{\"kind\":\"device\",\"key\":\"E2/G/q1\",\"enterprise\":\"E2\",\"group\":"
			      "\"G\",\"name\":\"q1\",\"type\":\"Cisco 8851\",\"mac\":\"0004F2AA0001\"}\n",
			      NULL, NULL, 0);
	assert_null(entry(&r, "device", "E2/G/q1"));
	assert_non_null(strstr(r.findings, "error,duplicate_mac,device:E2/G/q1"));
	assert_non_null(strstr(r.findings, "a device of customer E1"));
	done(&r);
}

static void test_malformed_mac_is_an_error_with_file_and_line(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Cisco 8851", ",\"macRaw\":\"00:1B:ZZ:01\""), NULL, NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "activation_code", "E1/G/p1"));
	/* the inventory line of the device record: ENT, GRP, USR, DEV */
	assert_non_null(strstr(r.findings, "error,invalid_mac,device:E1/G/p1,E1,"));
	assert_non_null(strstr(r.findings, ",4,\"MAC address \"\"00:1B:ZZ:01\"\""));
	done(&r);
}

static void test_unmapped_type_is_reported_and_not_planned(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Grandstream GXP2170", ",\"mac\":\"0004F2AA0001\""), NULL,
			      NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_non_null(strstr(r.findings, "warning,unsupported_device,device:E1/G/p1"));
	assert_non_null(strstr(r.findings, "mappings/devices.json"));
	/* devices are planned now: no "not migrated" record finding */
	assert_null(strstr(r.findings, "not_migrated"));
	done(&r);
}

static void test_more_lines_than_ports_is_an_error(void **state)
{
	/* a 6821 has 2 line ports */
	struct result r = run(state, E1G OWNER("u1", "101", "p1") OWNER("u2", "102", "p2")
			      OWNER("u3", "103", "p3")
			      DEV("p1", "Cisco 6821", ",\"mac\":\"0004F2AA0001\"")
			      SCA("u2", EP("p1", "u2_a@x", "2")) SCA("u3", EP("p1", "u3_a@x", "3")),
			      NULL, NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "device_members", "E1/G/p1"));
	assert_non_null(strstr(r.findings, "error,too_many_lines,device:E1/G/p1"));
	assert_non_null(strstr(r.findings, "3 lines and model DMS Cisco 6821 has 2 line ports"));
	done(&r);
}

static void test_phone_without_migrated_owner_is_not_planned(void **state)
{
	/* a virtual user's phone, and a phone nobody names */
	struct result r = run(state, E1G USR("E1", "G", "voiceportal-1", ",\"extension\":\"9\","
				  "\"device\":{\"name\":\"p1\"}")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      DEV("p2", "Cisco 8851", ",\"mac\":\"0004F2AA0002\""), NULL, NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "device", "E1/G/p2"));
	assert_non_null(strstr(r.findings, "warning,device_without_owner,device:E1/G/p1"));
	assert_non_null(strstr(r.findings, "owner: is not migrated (a virtual user)"));
	assert_non_null(strstr(r.findings, "warning,device_without_owner,device:E1/G/p2"));
	done(&r);
}

static void test_shared_line_of_unknown_user_is_left_out(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\",\"lines\":["
				  "{\"linePort\":\"gone@x\",\"userId\":\"gone\",\"order\":2}]"),
			      NULL, NULL, 0);
	assert_non_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "device_members", "E1/G/p1"));
	assert_non_null(strstr(r.findings, "warning,device_line_left_out,device:E1/G/p1"));
	/* devicemove restores the phone on BroadWorks with every line's user */
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"users\":[\"u1\",\"gone\"]"));
	done(&r);
}

static void test_shared_line_on_a_device_not_captured_is_reported(void **state)
{
	struct result r = run(state, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\"")
			      SCA("u1", EP("elsewhere", "u1_x@x", "2")), NULL, NULL, 0);
	assert_non_null(strstr(r.findings, "info,shared_line_device_missing,"
			       "user_setting:E1/G/u1#shared_call_appearance"));
	assert_non_null(strstr(r.findings, "on device E1/G/elsewhere is not migrated"));
	done(&r);
}

static void test_shared_line_of_another_customer_is_left_out(void **state)
{
	/* one customer per group: u2 of group H is in another Webex org */
	struct result r = run(state, E1G GRP("E1", "H") OWNER("u1", "101", "p1")
			      USR("E1", "H", "u2", MAIL("u2") ",\"extension\":\"201\"")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\",\"lines\":["
				  "{\"linePort\":\"u2@x\",\"userId\":\"u2\",\"order\":2}]"),
			      "{\"provisioningId\": \"P\", \"granularity\": \"group\"}", NULL, 0);
	assert_non_null(entry(&r, "device", "E1/G/p1"));
	assert_null(entry(&r, "device_members", "E1/G/p1"));
	assert_non_null(strstr(r.findings, "the line of u2 on this phone is left out: the user "
			       "belongs to another customer"));
	done(&r);
}

static void test_blocked_owner_blocks_the_phone(void **state)
{
	/* u1 has no e-mail: its subscriber, and so its phone, is blocked */
	struct result r = run(state, E1G USR("E1", "G", "u1", ",\"extension\":\"1\",\"device\":"
				  "{\"name\":\"p1\"}")
			      DEV("p1", "Cisco 8851", ",\"mac\":\"0004F2AA0001\""), NULL, NULL, 0);
	assert_true(entry_has(&r, "device", "E1/G/p1", "\"blocked\""));
	assert_true(entry_has(&r, "device_apply", "E1/G/p1", "\"blocked\""));
	done(&r);
}

static void test_device_mapping_rules(void **state)
{
	const struct tx_mappings *m = *state;
	char model[128];
	static const char *const cases[][2] = {
		{ "Cisco_MPP_8865", "DMS Cisco 8865" },
		{ "Cisco-6871", "DMS Cisco 6871" },
		{ "Polycom_VVX400", "Generic IPPhone Customer Managed" },
		{ "Yealink T46S", "Generic IPPhone Customer Managed" },
		{ "Door Phone 2N Verso", "Generic IPPhone Customer Managed" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(tx_device_model(m, cases[i][0], model, sizeof model), 1);
		assert_string_equal(model, cases[i][1]);
		assert_non_null(tx_device_info(m, model));
	}
	assert_int_equal(tx_device_model(m, "Grandstream GXP2170", model, sizeof model), 0);
	assert_int_equal(tx_device_info(m, "DMS Cisco 6821")->ports, 2);
	assert_int_equal(tx_device_info(m, "Generic IPPhone Customer Managed")->managed,
			 TX_DEV_CUSTOMER);
	assert_false(tx_device_info(m, "Generic IPPhone Customer Managed")->by_code);
	assert_true(tx_device_info(m, "DMS Cisco 8851")->by_code);
	assert_int_equal(tx_device_info(m, "Webex App")->managed, TX_DEV_APP);
	assert_null(tx_device_info(m, "DMS Cisco 9999"));
}

static void test_device_models_are_checked_when_loaded(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{ "{\"deviceModels\": {\"X\": {\"managedBy\": \"cisco\"}}}", "needs \"ports\"" },
		{ "{\"deviceModels\": {\"X\": {\"ports\": 2, \"managedBy\": \"me\"}}}", "managedBy" },
		{ "{\"devicePolicies\": {\"thirdParty\": \"sometimes\"}}", "devicePolicies.thirdParty" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *p = write_tmp(bad[i][0]);
		const char *ex[] = { p };
		struct tx_mappings *m = NULL;
		struct bwm_error err = { 0 };
		assert_int_equal(tx_mappings_load(&m, "mappings/default.json", ex, 1, &err), BWM_EINPUT);
		assert_non_null(strstr(err.msg, bad[i][1]));
		unlink(p);
		free(p);
	}
}

static void test_model_missing_from_device_models_is_reported(void **state)
{
	(void)state;
	char *p = write_tmp("{\"devices+\": [{\"match\": \"^Acme\", \"model\": \"DMS Acme 1\"}]}");
	const char *ex[] = { p };
	struct tx_mappings *m = NULL;
	struct bwm_error err = { 0 };
	assert_int_equal(tx_mappings_load(&m, "mappings/default.json", ex, 1, &err), BWM_OK);
	void *st = m;
	struct result r = run(&st, E1G OWNER("u1", "101", "p1")
			      DEV("p1", "Acme Phone", ",\"mac\":\"0004F2AA0001\""), NULL, NULL, 0);
	assert_null(entry(&r, "device", "E1/G/p1"));
	assert_non_null(strstr(r.findings, "warning,unknown_model,device:E1/G/p1"));
	done(&r);
	tx_mappings_free(m);
	unlink(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mpp_phone_by_mac_for_its_owner),
		cmocka_unit_test(test_phone_without_mac_gets_an_activation_code),
		cmocka_unit_test(test_third_party_phone_is_customer_managed_with_a_secret),
		cmocka_unit_test(test_third_party_policy_picks_the_cisco_managed_model),
		cmocka_unit_test(test_shared_appearances_become_members_on_their_ports),
		cmocka_unit_test(test_sca_endpoint_flags_give_hotline_and_inactive),
		cmocka_unit_test(test_device_user_table_gives_lines_without_sca_settings),
		cmocka_unit_test(test_common_area_phone_becomes_a_workspace_with_its_phone),
		cmocka_unit_test(test_workspace_without_number_or_extension_is_blocked),
		cmocka_unit_test(test_two_workspaces_with_one_name_in_a_location_is_an_error),
		cmocka_unit_test(test_feature_member_that_became_a_workspace_is_left_out),
		cmocka_unit_test(test_mac_in_two_devices_migrates_the_first_only),
		cmocka_unit_test(test_mac_used_by_an_earlier_enterprise_is_an_error),
		cmocka_unit_test(test_malformed_mac_is_an_error_with_file_and_line),
		cmocka_unit_test(test_unmapped_type_is_reported_and_not_planned),
		cmocka_unit_test(test_more_lines_than_ports_is_an_error),
		cmocka_unit_test(test_phone_without_migrated_owner_is_not_planned),
		cmocka_unit_test(test_shared_line_of_unknown_user_is_left_out),
		cmocka_unit_test(test_shared_line_on_a_device_not_captured_is_reported),
		cmocka_unit_test(test_shared_line_of_another_customer_is_left_out),
		cmocka_unit_test(test_blocked_owner_blocks_the_phone),
		cmocka_unit_test(test_device_mapping_rules),
		cmocka_unit_test(test_device_models_are_checked_when_loaded),
		cmocka_unit_test(test_model_missing_from_device_models_is_reported),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
