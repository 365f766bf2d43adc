/*
 * gen_bundle.c — writes a synthetic OCI-P export bundle for benchmarks and
 * scale tests: one XML file, a wrapper root holding request/response
 * document pairs for N users spread over enterprises and groups, with a
 * realistic mix (list and detail responses, devices, numbers, service
 * assignments, voice messaging and forwarding settings).
 *
 *   gen_bundle -u N [-e ENTERPRISES] [-f EVERY] [-o FILE] [--seed S] [--walkable]
 *
 * --walkable adds what a live walk needs to find every user and device
 * (UserGetListInGroup, and per device GroupAccessDeviceGet and its user
 * list), so that the bundle can stand for a server in the sandbox's OCI-P
 * responder (bench/bench_live_extract.sh).
 *
 * Without -e, enterprises hold 2,000 users each, so the extractor's memory
 * (bounded by one enterprise) stays the same whatever N is. With -f, each
 * group also gets one call feature per EVERY users, in turn a hunt group,
 * a call center (with agents) and an auto attendant (business hours on a
 * group schedule), each with 5 of the group's users as agents. The same
 * arguments always give the same bytes.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERS_PER_GROUP 250
#define USERS_PER_ENTERPRISE 2000

/* The generator's state: output, counters and the seeded random stream. */
struct gen {
	FILE *out;          /* not owned */
	uint64_t rng;       /* xorshift64 state */
	long next_user;     /* global user counter, keeps ids unique */
	int walkable;       /* --walkable */
	long feature_every; /* one call feature per this many users; 0 = none */
};

static const char *const first_names[] = { "Alice", "Bruno", "Chen", "Dana", "Emeka", "Fatima",
	"Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lucia", "Marek", "Nadia", "Omar", "Paula" };
static const char *const last_names[] = { "Anders", "Becker", "Costa", "Dubois", "Evans", "Fischer",
	"Garcia", "Huang", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Olsen", "Patel" };
static const char *const languages[] = { "English", "English", "English", "French", "Spanish", "German" };
static const char *const devices[] = { "Polycom VVX 411", "Cisco 8841", "Yealink T54W",
	"Generic SIP Phone", "Business Communicator - PC" };
static const char *const zones[][2] = {
	{ "America/New_York", "(GMT-05:00) (US) Eastern Time" },
	{ "America/Chicago", "(GMT-06:00) (US) Central Time" },
	{ "America/Los_Angeles", "(GMT-08:00) (US) Pacific Time" },
};

static uint64_t rnd(struct gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

#define PICK(g, arr) (arr[rnd(g) % (sizeof arr / sizeof arr[0])])

static void doc_open(struct gen *g)
{
	fputs("<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" xmlns:xsi=\"http://www.w3.org/2001/"
	      "XMLSchema-instance\"><sessionId xmlns=\"\">bench</sessionId>\n", g->out);
}

static void doc_close(struct gen *g)
{
	fputs("</BroadsoftDocument>\n", g->out);
}

static void cmd_open(struct gen *g, const char *type, int response)
{
	fprintf(g->out, "<command %sxsi:type=\"%s\" xmlns=\"\">", response ? "echo=\"\" " : "", type);
}

static void cmd_close(struct gen *g)
{
	fputs("</command>\n", g->out);
}

/* A one-command request document with serviceProviderId [+ groupId]. */
static void scoped_request(struct gen *g, const char *type, const char *ent, const char *grp,
			   const char *grp_tag)
{
	doc_open(g);
	cmd_open(g, type, 0);
	fprintf(g->out, "<serviceProviderId>%s</serviceProviderId>", ent);
	if (grp != NULL)
		fprintf(g->out, "<%s>%s</%s>", grp_tag, grp, grp_tag);
	cmd_close(g);
	doc_close(g);
}

static void user_request(struct gen *g, const char *type, const char *uid)
{
	doc_open(g);
	cmd_open(g, type, 0);
	fprintf(g->out, "<userId>%s</userId>", uid);
	cmd_close(g);
	doc_close(g);
}

static void enterprise(struct gen *g, const char *ent, int ngroups)
{
	scoped_request(g, "ServiceProviderGetRequest22V4", ent, NULL, NULL);
	doc_open(g);
	cmd_open(g, "ServiceProviderGetResponse22V4", 1);
	fprintf(g->out, "<isEnterprise>true</isEnterprise><defaultDomain>%s.example.com</defaultDomain>"
		"<serviceProviderName>Enterprise %s</serviceProviderName><supportEmail>support@%s.example.com"
		"</supportEmail><contact><contactName>Pat Admin</contactName><contactNumber>+1-2125550100"
		"</contactNumber></contact><address><addressLine1>1 Main Street</addressLine1><city>Springfield"
		"</city><stateOrProvince>IL</stateOrProvince><zipOrPostalCode>62701</zipOrPostalCode>"
		"<country>US</country></address><serviceProviderId>%s</serviceProviderId>", ent, ent, ent, ent);
	cmd_close(g);
	doc_close(g);
	scoped_request(g, "GroupGetListInServiceProviderRequest", ent, NULL, NULL);
	doc_open(g);
	cmd_open(g, "GroupGetListInServiceProviderResponse", 1);
	fputs("<groupTable><colHeading>Group Id</colHeading><colHeading>Group Name</colHeading>"
	      "<colHeading>User Limit</colHeading>", g->out);
	for (int i = 0; i < ngroups; i++)
		fprintf(g->out, "<row><col>%s-G%d</col><col>Site %d</col><col>%d</col></row>", ent, i, i,
			USERS_PER_GROUP * 2);
	fputs("</groupTable>", g->out);
	cmd_close(g);
	doc_close(g);
}

/* Phone number of user n: +1 NPA 55x xxxx, unique per run. */
static void number_of(long n, char out[16])
{
	snprintf(out, 16, "%03ld55%05ld", 201 + (n / 100000) % 700, n % 100000);
}

static void device_request(struct gen *g, const char *type, const char *ent, const char *grp,
			   long d)
{
	doc_open(g);
	cmd_open(g, type, 0);
	fprintf(g->out, "<serviceProviderId>%s</serviceProviderId><groupId>%s</groupId>"
		"<deviceName>dev%ld</deviceName>", ent, grp, d);
	cmd_close(g);
	doc_close(g);
}

/* The user list of a group and each device's detail and users. */
static void walk_lists(struct gen *g, const char *ent, const char *grp, long first, int n)
{
	scoped_request(g, "UserGetListInGroupRequest", ent, grp, "GroupId");
	doc_open(g);
	cmd_open(g, "UserGetListInGroupResponse", 1);
	fputs("<userTable><colHeading>User Id</colHeading><colHeading>Last Name</colHeading>"
	      "<colHeading>First Name</colHeading><colHeading>Department</colHeading>"
	      "<colHeading>Phone Number</colHeading><colHeading>Phone Number Activated</colHeading>"
	      "<colHeading>Email Address</colHeading><colHeading>Hiragana Last Name</colHeading>"
	      "<colHeading>Hiragana First Name</colHeading><colHeading>In Trunk Group</colHeading>"
	      "<colHeading>Extension</colHeading><colHeading>Country Code</colHeading>"
	      "<colHeading>National Prefix</colHeading>", g->out);
	for (int i = 0; i < n; i++)
		fprintf(g->out, "<row><col>u%ld@%s.example.com</col><col/><col/><col/><col/><col>true"
			"</col><col/><col/><col/><col>false</col><col>%d</col><col>1</col><col/></row>",
			first + i, ent, 1000 + i);
	fputs("</userTable>", g->out);
	cmd_close(g);
	doc_close(g);
	for (int i = 0; i < n; i++) {
		long d = first + i;
		device_request(g, "GroupAccessDeviceGetRequest24V3", ent, grp, d);
		doc_open(g);
		cmd_open(g, "GroupAccessDeviceGetResponse24V3", 1);
		fprintf(g->out, "<deviceType>%s</deviceType><protocol>SIP 2.0</protocol>"
			"<macAddress>0004f2%06lx</macAddress><status>Online</status><deviceName>dev%ld"
			"</deviceName>", PICK(g, devices), d & 0xffffff, d);
		cmd_close(g);
		doc_close(g);
		device_request(g, "GroupAccessDeviceGetUserListRequest21sp1", ent, grp, d);
		doc_open(g);
		cmd_open(g, "GroupAccessDeviceGetUserListResponse21sp1", 1);
		fprintf(g->out, "<deviceUserTable><colHeading>Line/Port</colHeading><colHeading>Last Name"
			"</colHeading><colHeading>First Name</colHeading><colHeading>Phone Number"
			"</colHeading><colHeading>User Id</colHeading><colHeading>User Type</colHeading>"
			"<colHeading>Endpoint Type</colHeading><colHeading>Order</colHeading>"
			"<colHeading>Primary Line/Port</colHeading><colHeading>Extension</colHeading>"
			"<row><col>lp%ld@%s.example.com</col><col/><col/><col/><col>u%ld@%s.example.com"
			"</col><col>Normal</col><col>Primary</col><col>1</col><col>true</col><col>%d</col>"
			"</row></deviceUserTable>", d, ent, d, ent, 1000 + i);
		cmd_close(g);
		doc_close(g);
	}
}

static void group_lists(struct gen *g, const char *ent, const char *grp, long first, int n)
{
	char num[16];
	scoped_request(g, "GroupDnGetAssignmentListRequest18", ent, grp, "groupId");
	doc_open(g);
	cmd_open(g, "GroupDnGetAssignmentListResponse18", 1);
	fputs("<dnTable><colHeading>Phone Numbers</colHeading><colHeading>Activated</colHeading>"
	      "<colHeading>User Id</colHeading><colHeading>Extension</colHeading>"
	      "<colHeading>User Type</colHeading><colHeading>Country Code</colHeading>", g->out);
	for (int i = 0; i < n; i++) {
		number_of(first + i, num);
		fprintf(g->out, "<row><col>+1-%s</col><col>true</col><col>u%ld@%s.example.com</col>"
			"<col>%d</col><col>Normal</col><col>1</col></row>", num, first + i, ent, 1000 + i);
	}
	fputs("</dnTable>", g->out);
	cmd_close(g);
	doc_close(g);
	scoped_request(g, "GroupAccessDeviceGetListRequest", ent, grp, "groupId");
	doc_open(g);
	cmd_open(g, "GroupAccessDeviceGetListResponse", 1);
	fputs("<accessDeviceTable><colHeading>Device Name</colHeading><colHeading>Device Type</colHeading>"
	      "<colHeading>MAC Address</colHeading><colHeading>Status</colHeading>"
	      "<colHeading>Version</colHeading>", g->out);
	for (int i = 0; i < n; i++)
		fprintf(g->out, "<row><col>dev%ld</col><col>%s</col><col>0004f2%06lx</col><col>Online</col>"
			"<col>6.4.3</col></row>", first + i, PICK(g, devices), (first + i) & 0xffffff);
	fputs("</accessDeviceTable>", g->out);
	cmd_close(g);
	doc_close(g);
	if (g->walkable)
		walk_lists(g, ent, grp, first, n);
}

static void user(struct gen *g, const char *ent, const char *grp, long n, int ext, int tz)
{
	char uid[96], num[16];
	const char *fn = PICK(g, first_names), *ln = PICK(g, last_names);
	snprintf(uid, sizeof uid, "u%ld@%s.example.com", n, ent);
	number_of(n, num);
	user_request(g, "UserGetRequest23V2", uid);
	doc_open(g);
	cmd_open(g, "UserGetResponse23V2", 1);
	fprintf(g->out, "<serviceProviderId>%s</serviceProviderId><groupId>%s</groupId><userId>%s</userId>"
		"<lastName>%s</lastName><firstName>%s</firstName><callingLineIdLastName>%s"
		"</callingLineIdLastName><callingLineIdFirstName>%s</callingLineIdFirstName>"
		"<phoneNumber>%s</phoneNumber><extension>%d</extension><language>%s</language>"
		"<timeZone>%s</timeZone><timeZoneDisplayName>%s</timeZoneDisplayName>"
		"<defaultAlias>%s</defaultAlias><accessDeviceEndpoint><accessDevice><deviceLevel>Group"
		"</deviceLevel><deviceName>dev%ld</deviceName></accessDevice><linePort>lp%ld@%s.example.com"
		"</linePort><staticRegistrationCapable>false</staticRegistrationCapable><useDomain>true"
		"</useDomain><supportVisualDeviceManagement>false</supportVisualDeviceManagement>"
		"</accessDeviceEndpoint><emailAddress>%s</emailAddress><countryCode>1</countryCode>"
		"<allowVideo>true</allowVideo>", ent, grp, uid, ln, fn, ln, fn, num, ext,
		PICK(g, languages), zones[tz][0], zones[tz][1], uid, n, n, ent, uid);
	cmd_close(g);
	doc_close(g);
	/* services and the voice messaging setting, two commands per document */
	doc_open(g);
	cmd_open(g, "UserServiceGetAssignmentListRequest", 0);
	fprintf(g->out, "<userId>%s</userId>", uid);
	cmd_close(g);
	cmd_open(g, "UserVoiceMessagingUserGetVoiceManagementRequest23", 0);
	fprintf(g->out, "<userId>%s</userId>", uid);
	cmd_close(g);
	doc_close(g);
	doc_open(g);
	cmd_open(g, "UserServiceGetAssignmentListResponse", 1);
	fprintf(g->out, "<servicePacksAssignmentTable><colHeading>Service Pack Name</colHeading>"
		"<colHeading>Assigned</colHeading><colHeading>Description</colHeading><row><col>Basic Pack"
		"</col><col>true</col><col/></row><row><col>Premium Pack</col><col>%s</col><col/></row>"
		"</servicePacksAssignmentTable><userServicesAssignmentTable><colHeading>Service Name"
		"</colHeading><colHeading>Assigned</colHeading><row><col>Voice Messaging User</col>"
		"<col>true</col></row><row><col>Call Forwarding Always</col><col>true</col></row>"
		"<row><col>Shared Call Appearance</col><col>false</col></row></userServicesAssignmentTable>",
		rnd(g) % 4 == 0 ? "true" : "false");
	cmd_close(g);
	cmd_open(g, "UserVoiceMessagingUserGetVoiceManagementResponse23", 1);
	fprintf(g->out, "<isActive>true</isActive><processing>Unified Voice and Email Messaging"
		"</processing><voiceMessageDeliveryEmailAddress><emailAddress>%s</emailAddress>"
		"</voiceMessageDeliveryEmailAddress><usePhoneMessageWaitingIndicator>true"
		"</usePhoneMessageWaitingIndicator><sendVoiceMessageNotifyEmail>false"
		"</sendVoiceMessageNotifyEmail><alwaysRedirectToVoiceMail>false</alwaysRedirectToVoiceMail>"
		"<busyRedirectToVoiceMail>true</busyRedirectToVoiceMail><noAnswerRedirectToVoiceMail>true"
		"</noAnswerRedirectToVoiceMail>", uid);
	cmd_close(g);
	doc_close(g);
}

#define AGENTS 5

static void service_request(struct gen *g, const char *type, const char *suid)
{
	doc_open(g);
	cmd_open(g, type, 0);
	fprintf(g->out, "<serviceUserId>%s</serviceUserId>", suid);
	cmd_close(g);
	doc_close(g);
}

/* The agent rows of feature fi: 5 consecutive users of the group. */
static void agent_rows(struct gen *g, const char *ent, long first, int n, int fi, int skill)
{
	for (int a = 0; a < AGENTS && a < n; a++) {
		long u = first + (fi * AGENTS + a) % n;
		fprintf(g->out, "<row><col>u%ld@%s.example.com</col><col>L%ld</col><col>F</col><col/>"
			"<col/><col>0</col><col/><col/><col/><col/>%s</row>", u, ent, u,
			skill ? "<col>1</col>" : "");
	}
}

static const char *const feature_kinds[] = { "hg", "cc", "aa" };

/* The instance list of one feature kind in a group: k features, every
 * third starting at kind. */
static void feature_list(struct gen *g, const char *ent, const char *grp, int kind, int k)
{
	static const char *const req[] = { "GroupHuntGroupGetInstanceListRequest",
		"GroupCallCenterGetInstanceListRequest", "GroupAutoAttendantGetInstanceListRequest" };
	static const char *const table[] = { "huntGroupTable", "callCenterTable", "autoAttendantTable" };
	static const char *const cols[] = {
		"<colHeading>Service User Id</colHeading><colHeading>Name</colHeading><colHeading>Phone Number"
		"</colHeading><colHeading>Extension</colHeading><colHeading>Department</colHeading>"
		"<colHeading>Is Active</colHeading><colHeading>Policy</colHeading>",
		"<colHeading>Service User Id</colHeading><colHeading>Name</colHeading><colHeading>Video"
		"</colHeading><colHeading>Phone Number</colHeading><colHeading>Extension</colHeading>"
		"<colHeading>Department</colHeading><colHeading>Is Active</colHeading><colHeading>Policy"
		"</colHeading><colHeading>Type</colHeading>",
		"<colHeading>Service User Id</colHeading><colHeading>Name</colHeading><colHeading>Video"
		"</colHeading><colHeading>Phone Number</colHeading><colHeading>Extension</colHeading>"
		"<colHeading>Department</colHeading><colHeading>Is Active</colHeading><colHeading>Type"
		"</colHeading>" };
	char resp[64];
	scoped_request(g, req[kind], ent, grp, "groupId");
	snprintf(resp, sizeof resp, "%.*sResponse", (int)(strlen(req[kind]) - 7), req[kind]);
	doc_open(g);
	cmd_open(g, resp, 1);
	fprintf(g->out, "<%s>%s", table[kind], cols[kind]);
	for (int fi = kind; fi < k; fi += 3) {
		fprintf(g->out, "<row><col>%s%d-%s@%s.example.com</col><col>%s %d</col>", feature_kinds[kind],
			fi, grp, ent, feature_kinds[kind], fi);
		if (kind == 0)
			fprintf(g->out, "<col/><col>%d</col><col/><col>true</col><col>Circular</col></row>",
				5000 + fi);
		else
			fprintf(g->out, "<col>false</col><col/><col>%d</col><col/><col>true</col><col>%s</col>"
				"</row>", 5000 + fi, kind == 1 ? "Regular</col><col>Premium" : "Standard");
	}
	fprintf(g->out, "</%s>", table[kind]);
	cmd_close(g);
	doc_close(g);
}

static void profile(struct gen *g, const char *grp, int fi, int tz)
{
	fprintf(g->out, "<serviceInstanceProfile><name>%s %d</name><callingLineIdLastName>%d"
		"</callingLineIdLastName><callingLineIdFirstName>%s</callingLineIdFirstName>"
		"<extension>%d</extension><language>English</language><timeZone>%s</timeZone>"
		"<countryCode>1</countryCode></serviceInstanceProfile>", feature_kinds[fi % 3], fi, fi,
		grp, 5000 + fi, zones[tz][0]);
}

static void feature_detail(struct gen *g, const char *ent, const char *grp, long first, int n,
			   int fi, int tz)
{
	char suid[128];
	snprintf(suid, sizeof suid, "%s%d-%s@%s.example.com", feature_kinds[fi % 3], fi, grp, ent);
	static const char *const req[] = { "GroupHuntGroupGetInstanceRequest20",
		"GroupCallCenterGetInstanceRequest22", "GroupAutoAttendantGetInstanceRequest24" };
	static const char *const resp[] = { "GroupHuntGroupGetInstanceResponse20",
		"GroupCallCenterGetInstanceResponse22", "GroupAutoAttendantGetInstanceResponse24" };
	service_request(g, req[fi % 3], suid);
	doc_open(g);
	cmd_open(g, resp[fi % 3], 1);
	profile(g, grp, fi, tz);
	if (fi % 3 == 0) {
		fputs("<policy>Circular</policy><huntAfterNoAnswer>true</huntAfterNoAnswer>"
		      "<noAnswerNumberOfRings>4</noAnswerNumberOfRings><forwardAfterTimeout>false"
		      "</forwardAfterTimeout><forwardTimeoutSeconds>30</forwardTimeoutSeconds><agentUserTable>"
		      "<colHeading>User Id</colHeading><colHeading>Last Name</colHeading><colHeading>First Name"
		      "</colHeading><colHeading>Hiragana Last Name</colHeading><colHeading>Hiragana First Name"
		      "</colHeading><colHeading>Weight</colHeading><colHeading>Phone Number</colHeading>"
		      "<colHeading>Extension</colHeading><colHeading>Department</colHeading><colHeading>Email "
		      "Address</colHeading>", g->out);
		agent_rows(g, ent, first, n, fi, 0);
		fputs("</agentUserTable><allowCallWaitingForAgents>false</allowCallWaitingForAgents>"
		      "<useSystemHuntGroupCLIDSetting>true</useSystemHuntGroupCLIDSetting>"
		      "<includeHuntGroupNameInCLID>true</includeHuntGroupNameInCLID>", g->out);
	} else if (fi % 3 == 1) {
		fputs("<type>Premium</type><routingType>Priority Based</routingType><policy>Regular</policy>"
		      "<enableVideo>false</enableVideo><queueLength>25</queueLength><enableReporting>true"
		      "</enableReporting><allowCallerToDialEscapeDigit>false</allowCallerToDialEscapeDigit>"
		      "<escapeDigit>0</escapeDigit><allowAgentLogoff>true</allowAgentLogoff>"
		      "<allowCallWaitingForAgents>false</allowCallWaitingForAgents>"
		      "<playRingingWhenOfferingCall>true</playRingingWhenOfferingCall>", g->out);
	} else {
		fputs("<type>Standard</type><firstDigitTimeoutSeconds>10</firstDigitTimeoutSeconds>"
		      "<enableVideo>false</enableVideo><businessHours><type>Group</type><name>Office Hours"
		      "</name></businessHours><extensionDialingScope>Group</extensionDialingScope>"
		      "<nameDialingScope>Group</nameDialingScope><nameDialingEntries>LastName + FirstName"
		      "</nameDialingEntries><businessHoursMenu><announcementSelection>Default"
		      "</announcementSelection><enableFirstMenuLevelExtensionDialing>true"
		      "</enableFirstMenuLevelExtensionDialing><keyConfiguration><key>0</key><entry>"
		      "<description>Operator</description><action>Transfer To Operator</action><phoneNumber>"
		      "1000</phoneNumber></entry></keyConfiguration></businessHoursMenu><afterHoursMenu>"
		      "<announcementSelection>Default</announcementSelection>"
		      "<enableFirstMenuLevelExtensionDialing>false</enableFirstMenuLevelExtensionDialing>"
		      "<keyConfiguration><key>*</key><entry><description>Repeat</description><action>Repeat "
		      "Menu</action></entry></keyConfiguration></afterHoursMenu>", g->out);
	}
	cmd_close(g);
	doc_close(g);
	if (fi % 3 != 1)
		return;
	service_request(g, "GroupCallCenterGetAgentListRequest", suid);
	doc_open(g);
	cmd_open(g, "GroupCallCenterGetAgentListResponse", 1);
	fputs("<agentTable><colHeading>User Id</colHeading><colHeading>Last Name</colHeading><colHeading>"
	      "First Name</colHeading><colHeading>Hiragana Last Name</colHeading><colHeading>Hiragana "
	      "First Name</colHeading><colHeading>Weight</colHeading><colHeading>Phone Number</colHeading>"
	      "<colHeading>Extension</colHeading><colHeading>Department</colHeading><colHeading>Email "
	      "Address</colHeading><colHeading>Skill Level</colHeading>", g->out);
	agent_rows(g, ent, first, n, fi, 1);
	fputs("</agentTable>", g->out);
	cmd_close(g);
	doc_close(g);
}

/* The group's "Office Hours" schedule the auto attendants use. */
static void office_hours(struct gen *g, const char *ent, const char *grp)
{
	scoped_request(g, "GroupScheduleGetListRequest17sp1", ent, grp, "groupId");
	doc_open(g);
	cmd_open(g, "GroupScheduleGetListResponse17sp1", 1);
	fputs("<scheduleGlobalKey><scheduleKey><scheduleName>Office Hours</scheduleName><scheduleType>"
	      "Time</scheduleType></scheduleKey><scheduleLevel>Group</scheduleLevel></scheduleGlobalKey>",
	      g->out);
	cmd_close(g);
	doc_close(g);
	doc_open(g);
	cmd_open(g, "GroupScheduleGetEventDetailListRequest", 0);
	fprintf(g->out, "<serviceProviderId>%s</serviceProviderId><groupId>%s</groupId><scheduleKey>"
		"<scheduleName>Office Hours</scheduleName><scheduleType>Time</scheduleType></scheduleKey>",
		ent, grp);
	cmd_close(g);
	doc_close(g);
	doc_open(g);
	cmd_open(g, "GroupScheduleGetEventDetailListResponse", 1);
	fputs("<scheduleEventsList><eventname>Weekdays</eventname><startDate>2026-01-05</startDate>"
	      "<startTime><hour>8</hour><minute>30</minute></startTime><endTime><hour>17</hour><minute>0"
	      "</minute></endTime><endDate>2026-01-05</endDate><recurrence><recurWeekly><recurInterval>1"
	      "</recurInterval><sunday>false</sunday><monday>true</monday><tuesday>true</tuesday>"
	      "<wednesday>true</wednesday><thursday>true</thursday><friday>true</friday><saturday>false"
	      "</saturday></recurWeekly><recurForEver>true</recurForEver></recurrence>"
	      "</scheduleEventsList>", g->out);
	cmd_close(g);
	doc_close(g);
}

/* One call feature per feature_every users of the group. */
static void features(struct gen *g, const char *ent, const char *grp, long first, int n, int tz)
{
	int k = g->feature_every > 0 ? (int)(n / g->feature_every) : 0;
	if (k == 0)
		return;
	if (k > 2)
		office_hours(g, ent, grp);
	for (int kind = 0; kind < 3 && kind < k; kind++)
		feature_list(g, ent, grp, kind, k);
	for (int fi = 0; fi < k; fi++)
		feature_detail(g, ent, grp, first, n, fi, tz);
}

static void group(struct gen *g, const char *ent, int gi, long first, int n)
{
	char grp[64];
	int tz = gi % 3;
	snprintf(grp, sizeof grp, "%s-G%d", ent, gi);
	scoped_request(g, "GroupGetRequest22V5", ent, grp, "groupId");
	doc_open(g);
	cmd_open(g, "GroupGetResponse22V5", 1);
	fprintf(g->out, "<defaultDomain>%s.example.com</defaultDomain><userLimit>%d</userLimit>"
		"<userCount>%d</userCount><groupName>Site %d</groupName><timeZone>%s</timeZone>"
		"<timeZoneDisplayName>%s</timeZoneDisplayName><address><addressLine1>%d Market Street"
		"</addressLine1><city>Springfield</city><stateOrProvince>IL</stateOrProvince>"
		"<zipOrPostalCode>62701</zipOrPostalCode><country>US</country></address>"
		"<serviceProviderId>%s</serviceProviderId><groupId>%s</groupId>", ent,
		USERS_PER_GROUP * 2, n, gi, zones[tz][0], zones[tz][1], 100 + gi, ent, grp);
	cmd_close(g);
	doc_close(g);
	group_lists(g, ent, grp, first, n);
	for (int i = 0; i < n; i++)
		user(g, ent, grp, first + i, 1000 + i, tz);
	features(g, ent, grp, first, n, tz);
}

static int usage(void)
{
	fputs("usage: gen_bundle -u N [-e ENTERPRISES] [-f EVERY] [-o FILE] [--seed S] [--walkable]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "users", required_argument, NULL, 'u' }, { "enterprises", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' }, { "seed", required_argument, NULL, 's' },
		{ "feature-every", required_argument, NULL, 'f' },
		{ "walkable", no_argument, NULL, 'w' }, { NULL, 0, NULL, 0 },
	};
	long users = -1, ents = 0;
	const char *out = NULL;
	struct gen g = { stdout, 88172645463325252ull, 0, 0, 0 };
	int opt;
	while ((opt = getopt_long(argc, argv, "u:e:f:o:s:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u': users = strtol(optarg, NULL, 10); break;
		case 'e': ents = strtol(optarg, NULL, 10); break;
		case 'f': g.feature_every = strtol(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		case 's': g.rng = strtoull(optarg, NULL, 10) * 2654435761u + 1; break;
		case 'w': g.walkable = 1; break;
		default: return usage();
		}
	}
	if (users < 1 || ents < 0 || g.feature_every < 0)
		return usage();
	if (ents == 0)
		ents = (users + USERS_PER_ENTERPRISE - 1) / USERS_PER_ENTERPRISE;
	if (out != NULL && (g.out = fopen(out, "w")) == NULL) {
		perror(out);
		return 3;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OCIExport>\n", g.out);
	long done = 0;
	for (long e = 0; e < ents; e++) {
		char ent[32];
		long n = users / ents + (e < users % ents);
		int ngroups = (int)((n + USERS_PER_GROUP - 1) / USERS_PER_GROUP);
		snprintf(ent, sizeof ent, "ENT%05ld", e);
		enterprise(&g, ent, ngroups);
		for (int gi = 0; gi < ngroups; gi++) {
			int m = (int)(n - (long)gi * USERS_PER_GROUP);
			m = m > USERS_PER_GROUP ? USERS_PER_GROUP : m;
			group(&g, ent, gi, done, m);
			done += m;
		}
	}
	fputs("</OCIExport>\n", g.out);
	int bad = ferror(g.out);
	if (g.out != stdout)
		bad |= fclose(g.out) != 0;
	return bad ? 3 : 0;
}
