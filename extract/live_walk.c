/*
 * live_walk.c — which requests the live walk asks, and which follow from
 * each answer: the enterprise, its groups (or those of --group), per
 * group its numbers, devices, call features and users, per user its
 * detail and every setting family extract reads (docs/export-format.md,
 * "What to capture"). List answers give the detail requests; a
 * schedule's event detail list refused by an older release falls back to
 * the event list and one request per event.
 *
 * The table is checked against extract's dispatch table by
 * tests/unit/test_extract_live_walk.c: every family extract reads is
 * asked here, or named in `alternates` with the reason it is not.
 */
#include "extract/live_int.h"
#include "extract/oci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R(t, s, o, n) static const struct live_req t = { #t, s, o, n }

/* enterprise */
R(ServiceProviderGetRequest22V4, SC_ENT, 0, NX_NONE);
R(ServiceProviderLanguageGetListRequest, SC_ENT, 1, NX_NONE);
R(GroupGetListInServiceProviderRequest, SC_ENT, 0, NX_GROUPS);
R(ServiceProviderScheduleGetListRequest, SC_ENT, 1, NX_SP_SCHEDULES);
R(ServiceProviderScheduleGetEventDetailListRequest, SC_SP_SCHED, 1, NX_SP_EVENT_DETAIL);
R(ServiceProviderScheduleGetEventListRequest, SC_SP_SCHED, 1, NX_SP_EVENTS);
R(ServiceProviderScheduleGetEventRequest, SC_SP_EVENT, 1, NX_NONE);
/* group */
R(GroupGetRequest22V5, SC_GROUP, 0, NX_NONE);
R(GroupDnGetAssignmentListRequest18, SC_GROUP, 0, NX_NONE);
R(GroupCallProcessingGetPolicyRequest22V3, SC_GROUP, 1, NX_NONE);
R(GroupServiceGetAuthorizationListRequest, SC_GROUP, 1, NX_NONE);
R(GroupAccessDeviceGetListRequest, SC_GROUP, 1, NX_DEVICES);
R(GroupAccessDeviceGetRequest24V3, SC_DEVICE, 0, NX_NONE);
R(GroupAccessDeviceGetUserListRequest21sp1, SC_DEVICE, 0, NX_NONE);
R(GroupHuntGroupGetInstanceListRequest, SC_GROUP, 1, NX_HUNT);
R(GroupAutoAttendantGetInstanceListRequest, SC_GROUP, 1, NX_AA);
R(GroupCallCenterGetInstanceListRequest, SC_GROUP, 1, NX_CC);
R(GroupGroupPagingGetInstanceListRequest, SC_GROUP, 1, NX_PAGING);
R(GroupScheduleGetListRequest17sp1, SC_GROUP, 1, NX_SCHEDULES);
R(GroupScheduleGetEventDetailListRequest, SC_SCHED, 1, NX_EVENT_DETAIL);
R(GroupScheduleGetEventListRequest, SC_SCHED, 1, NX_EVENTS);
R(GroupScheduleGetEventRequest, SC_EVENT, 1, NX_NONE);
R(GroupCallParkGetInstanceListRequest, SC_GROUP, 1, NX_PARKS);
R(GroupCallParkGetInstanceRequest16sp2, SC_NAMED, 0, NX_NONE);
R(GroupCallParkGetRequest16sp2, SC_GROUP, 1, NX_NONE);
R(GroupCallPickupGetInstanceListRequest, SC_GROUP, 1, NX_PICKUPS);
R(GroupCallPickupGetInstanceRequest, SC_NAMED, 0, NX_NONE);
R(UserGetListInGroupRequest, SC_GROUP_UL, 0, NX_USERS);
/* call features */
R(GroupHuntGroupGetInstanceRequest20, SC_SVC, 0, NX_NONE);
R(GroupAutoAttendantGetInstanceRequest24, SC_SVC, 0, NX_AA_MENUS);
R(GroupAutoAttendantSubmenuGetListRequest, SC_SVC, 1, NX_SUBMENUS);
R(GroupAutoAttendantSubmenuGetRequest20, SC_SUBMENU, 1, NX_NONE);
R(GroupCallCenterGetInstanceRequest22, SC_SVC, 0, NX_NONE);
R(GroupCallCenterGetAgentListRequest, SC_SVC, 1, NX_NONE);
R(GroupCallCenterNightServiceGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterHolidayServiceGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterForcedForwardingGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterStrandedCallGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterBouncedCallGetRequest17, SC_SVC, 1, NX_NONE);
R(GroupCallCenterOverflowGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterComfortMessageBypassGetRequest20, SC_SVC, 1, NX_NONE);
R(GroupCallCenterGetDistinctiveRingingRequest, SC_SVC, 1, NX_NONE);
R(GroupCallCenterGetAnnouncementRequest22, SC_SVC, 1, NX_NONE);
R(GroupCallCenterGetSupervisorListRequest16, SC_SVC, 1, NX_NONE);
R(GroupGroupPagingGetInstanceRequest19sp1, SC_SVC, 0, NX_NONE);
R(GroupGroupPagingGetOriginatorListRequest, SC_SVC, 1, NX_NONE);
R(GroupGroupPagingGetTargetListRequest, SC_SVC, 1, NX_NONE);
/* users (and the service users of call features) */
R(UserGetRequest23V2, SC_USER, 0, NX_NONE);
R(UserServiceGetAssignmentListRequest, SC_USER, 1, NX_NONE);
R(UserCallForwardingAlwaysGetRequest, SC_USER, 1, NX_NONE);
R(UserCallForwardingBusyGetRequest, SC_USER, 1, NX_NONE);
R(UserCallForwardingNoAnswerGetRequest13mp16, SC_USER, 1, NX_NONE);
R(UserCallForwardingNotReachableGetRequest, SC_USER, 1, NX_NONE);
R(UserCallForwardingSelectiveGetRequest16, SC_USER, 1, NX_SELECTIVE);
R(UserCallForwardingSelectiveGetCriteriaRequest21, SC_CRITERIA, 1, NX_NONE);
R(UserSelectiveCallAcceptanceGetCriteriaListRequest, SC_USER, 1, NX_ACCEPT);
R(UserSelectiveCallAcceptanceGetCriteriaRequest21, SC_CRITERIA, 1, NX_NONE);
R(UserSelectiveCallRejectionGetCriteriaListRequest, SC_USER, 1, NX_REJECT);
R(UserSelectiveCallRejectionGetCriteriaRequest21, SC_CRITERIA, 1, NX_NONE);
R(UserVoiceMessagingUserGetVoiceManagementRequest23, SC_USER, 1, NX_NONE);
R(UserVoiceMessagingUserGetAdvancedVoiceManagementRequest14sp3, SC_USER, 1, NX_NONE);
R(UserVoiceMessagingUserGetGreetingRequest20, SC_USER, 1, NX_NONE);
R(UserDoNotDisturbGetRequest, SC_USER, 1, NX_NONE);
R(UserCallWaitingGetRequest17sp4, SC_USER, 1, NX_NONE);
R(UserCallingLineIDDeliveryBlockingGetRequest, SC_USER, 1, NX_NONE);
R(UserExternalCallingLineIDDeliveryGetRequest, SC_USER, 1, NX_NONE);
R(UserSimultaneousRingPersonalGetRequest17, SC_USER, 1, NX_NONE);
R(UserSequentialRingGetRequest14sp4, SC_USER, 1, NX_NONE);
R(UserBroadWorksAnywhereGetRequest16sp2, SC_USER, 1, NX_BWA);
R(UserBroadWorksAnywhereGetPhoneNumberRequest, SC_BWA_PHONE, 1, NX_NONE);
R(UserAlternateNumbersGetRequest21, SC_USER, 1, NX_NONE);
R(UserCallProcessingGetPolicyRequest23, SC_USER, 1, NX_NONE);
R(UserSharedCallAppearanceGetRequest21sp1, SC_USER, 1, NX_SCA);
R(UserSharedCallAppearanceGetEndpointRequest22, SC_SCA_ENDPOINT, 1, NX_NONE);

static const struct live_req *const enterprise_set[] = {
	&ServiceProviderGetRequest22V4, &ServiceProviderLanguageGetListRequest,
	&ServiceProviderScheduleGetListRequest, NULL,
};

static const struct live_req *const group_set[] = {
	&GroupGetRequest22V5, &GroupDnGetAssignmentListRequest18,
	&GroupCallProcessingGetPolicyRequest22V3,
	&GroupServiceGetAuthorizationListRequest, &GroupAccessDeviceGetListRequest,
	&GroupHuntGroupGetInstanceListRequest, &GroupAutoAttendantGetInstanceListRequest,
	&GroupCallCenterGetInstanceListRequest, &GroupGroupPagingGetInstanceListRequest,
	&GroupScheduleGetListRequest17sp1, &GroupCallParkGetInstanceListRequest,
	&GroupCallParkGetRequest16sp2, &GroupCallPickupGetInstanceListRequest,
	&UserGetListInGroupRequest, NULL,
};

static const struct live_req *const device_set[] = {
	&GroupAccessDeviceGetRequest24V3, &GroupAccessDeviceGetUserListRequest21sp1, NULL,
};

static const struct live_req *const user_set[] = {
	&UserGetRequest23V2, &UserServiceGetAssignmentListRequest,
	&UserCallForwardingAlwaysGetRequest, &UserCallForwardingBusyGetRequest,
	&UserCallForwardingNoAnswerGetRequest13mp16, &UserCallForwardingNotReachableGetRequest,
	&UserCallForwardingSelectiveGetRequest16,
	&UserSelectiveCallAcceptanceGetCriteriaListRequest,
	&UserSelectiveCallRejectionGetCriteriaListRequest,
	&UserVoiceMessagingUserGetVoiceManagementRequest23,
	&UserVoiceMessagingUserGetAdvancedVoiceManagementRequest14sp3,
	&UserVoiceMessagingUserGetGreetingRequest20, &UserDoNotDisturbGetRequest,
	&UserCallWaitingGetRequest17sp4, &UserCallingLineIDDeliveryBlockingGetRequest,
	&UserExternalCallingLineIDDeliveryGetRequest, &UserSimultaneousRingPersonalGetRequest17,
	&UserSequentialRingGetRequest14sp4, &UserBroadWorksAnywhereGetRequest16sp2,
	&UserAlternateNumbersGetRequest21, &UserSharedCallAppearanceGetRequest21sp1,
	&UserCallProcessingGetPolicyRequest23, NULL,
};

/* A call feature's service user: forwarding and alternate numbers. */
static const struct live_req *const service_user_set[] = {
	&UserCallForwardingAlwaysGetRequest, &UserCallForwardingBusyGetRequest,
	&UserAlternateNumbersGetRequest21, NULL,
};

static const struct live_req *const hunt_set[] = { &GroupHuntGroupGetInstanceRequest20, NULL };
static const struct live_req *const aa_set[] = {
	&GroupAutoAttendantGetInstanceRequest24, &GroupAutoAttendantSubmenuGetListRequest, NULL,
};
static const struct live_req *const cc_set[] = {
	&GroupCallCenterGetInstanceRequest22, &GroupCallCenterGetAgentListRequest,
	&GroupCallCenterNightServiceGetRequest20, &GroupCallCenterHolidayServiceGetRequest20,
	&GroupCallCenterForcedForwardingGetRequest20, &GroupCallCenterStrandedCallGetRequest20,
	&GroupCallCenterBouncedCallGetRequest17, &GroupCallCenterOverflowGetRequest20,
	&GroupCallCenterComfortMessageBypassGetRequest20,
	&GroupCallCenterGetDistinctiveRingingRequest, &GroupCallCenterGetAnnouncementRequest22,
	&GroupCallCenterGetSupervisorListRequest16, NULL,
};
static const struct live_req *const paging_set[] = {
	&GroupGroupPagingGetInstanceRequest19sp1, &GroupGroupPagingGetOriginatorListRequest,
	&GroupGroupPagingGetTargetListRequest, NULL,
};

static const struct live_req *const all_requests[] = {
	&ServiceProviderGetRequest22V4, &ServiceProviderLanguageGetListRequest,
	&GroupGetListInServiceProviderRequest, &ServiceProviderScheduleGetListRequest,
	&ServiceProviderScheduleGetEventDetailListRequest,
	&ServiceProviderScheduleGetEventListRequest, &ServiceProviderScheduleGetEventRequest,
	&GroupGetRequest22V5, &GroupDnGetAssignmentListRequest18,
	&GroupCallProcessingGetPolicyRequest22V3,
	&GroupServiceGetAuthorizationListRequest, &GroupAccessDeviceGetListRequest,
	&GroupAccessDeviceGetRequest24V3, &GroupAccessDeviceGetUserListRequest21sp1,
	&GroupHuntGroupGetInstanceListRequest, &GroupAutoAttendantGetInstanceListRequest,
	&GroupCallCenterGetInstanceListRequest, &GroupGroupPagingGetInstanceListRequest,
	&GroupScheduleGetListRequest17sp1, &GroupScheduleGetEventDetailListRequest,
	&GroupScheduleGetEventListRequest, &GroupScheduleGetEventRequest,
	&GroupCallParkGetInstanceListRequest, &GroupCallParkGetInstanceRequest16sp2,
	&GroupCallParkGetRequest16sp2, &GroupCallPickupGetInstanceListRequest,
	&GroupCallPickupGetInstanceRequest,
	&UserGetListInGroupRequest, &GroupHuntGroupGetInstanceRequest20,
	&GroupAutoAttendantGetInstanceRequest24, &GroupAutoAttendantSubmenuGetListRequest,
	&GroupAutoAttendantSubmenuGetRequest20, &GroupCallCenterGetInstanceRequest22,
	&GroupCallCenterGetAgentListRequest, &GroupCallCenterNightServiceGetRequest20,
	&GroupCallCenterHolidayServiceGetRequest20, &GroupCallCenterForcedForwardingGetRequest20,
	&GroupCallCenterStrandedCallGetRequest20, &GroupCallCenterBouncedCallGetRequest17,
	&GroupCallCenterOverflowGetRequest20, &GroupCallCenterComfortMessageBypassGetRequest20,
	&GroupCallCenterGetDistinctiveRingingRequest, &GroupCallCenterGetAnnouncementRequest22,
	&GroupCallCenterGetSupervisorListRequest16, &GroupGroupPagingGetInstanceRequest19sp1,
	&GroupGroupPagingGetOriginatorListRequest,
	&GroupGroupPagingGetTargetListRequest, &UserGetRequest23V2,
	&UserServiceGetAssignmentListRequest, &UserCallForwardingAlwaysGetRequest,
	&UserCallForwardingBusyGetRequest, &UserCallForwardingNoAnswerGetRequest13mp16,
	&UserCallForwardingNotReachableGetRequest, &UserCallForwardingSelectiveGetRequest16,
	&UserCallForwardingSelectiveGetCriteriaRequest21,
	&UserSelectiveCallAcceptanceGetCriteriaListRequest,
	&UserSelectiveCallAcceptanceGetCriteriaRequest21,
	&UserSelectiveCallRejectionGetCriteriaListRequest,
	&UserSelectiveCallRejectionGetCriteriaRequest21,
	&UserVoiceMessagingUserGetVoiceManagementRequest23,
	&UserVoiceMessagingUserGetAdvancedVoiceManagementRequest14sp3,
	&UserVoiceMessagingUserGetGreetingRequest20, &UserDoNotDisturbGetRequest,
	&UserCallWaitingGetRequest17sp4, &UserCallingLineIDDeliveryBlockingGetRequest,
	&UserExternalCallingLineIDDeliveryGetRequest, &UserSimultaneousRingPersonalGetRequest17,
	&UserSequentialRingGetRequest14sp4, &UserBroadWorksAnywhereGetRequest16sp2,
	&UserBroadWorksAnywhereGetPhoneNumberRequest, &UserAlternateNumbersGetRequest21,
	&UserSharedCallAppearanceGetRequest21sp1, &UserSharedCallAppearanceGetEndpointRequest22,
	&UserCallProcessingGetPolicyRequest23, NULL,
};

const struct live_req *const *live_walk_requests(void)
{
	return all_requests;
}

static const struct { const char *family, *why; } alternates[] = {
	{ "UserGetListInServiceProvider", "the walk lists users per group" },
	{ "GroupDnGetList", "GroupDnGetAssignmentList carries the same numbers and their holders" },
	{ "UserAssignedServicesGetList", "UserServiceGetAssignmentList is asked instead" },
};

const char *live_walk_alternate(const char *family)
{
	for (size_t i = 0; i < sizeof alternates / sizeof alternates[0]; i++)
		if (strcmp(alternates[i].family, family) == 0)
			return alternates[i].why;
	return NULL;
}

/* ---- items ---- */

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void live_item_free(struct live_item *it)
{
	if (it == NULL)
		return;
	free(it->sp);
	free(it->group);
	free(it->id);
	free(it->a);
	free(it->b);
	free(it->level);
	free(it->path);
	free(it);
}

static struct live_item *child(struct live_item *parent, const struct live_req *req,
			       const char *group, const char *id, const char *a, const char *b)
{
	struct live_item *it = xcalloc(1, sizeof *it);
	it->req = req;
	it->sp = xstrdup(parent->sp);
	it->group = dup_opt(group);
	it->id = dup_opt(id);
	it->a = dup_opt(a);
	it->b = dup_opt(b);
	char buf[24];
	snprintf(buf, sizeof buf, "-%05u", parent->nchild++);
	struct strbuf p = STRBUF_INIT;
	strbuf_addstr(&p, parent->path);
	strbuf_addstr(&p, buf);
	it->path = strbuf_detach(&p);
	return it;
}

static void push_set(struct live_item *parent, const struct live_req *const *set,
		     const char *group, const char *id, live_push_fn push, void *ctx)
{
	for (size_t i = 0; set[i] != NULL; i++)
		push(ctx, child(parent, set[i], group, id, NULL, NULL));
}

void live_walk_roots(const struct live_walk_cfg *cfg, live_push_fn push, void *ctx)
{
	struct live_item root = { .sp = (char *)cfg->enterprise, .path = (char *)"e" };
	push_set(&root, enterprise_set, NULL, NULL, push, ctx);
	if (cfg->n_groups == 0)
		push(ctx, child(&root, &GroupGetListInServiceProviderRequest, NULL, NULL, NULL, NULL));
	for (size_t g = 0; g < cfg->n_groups; g++)
		push_set(&root, group_set, cfg->groups[g], NULL, push, ctx);
}

/* ---- answers to requests ---- */

/* Calls fn for every row's cell under heading, in any table of cmd. */
static void each_cell(xmlNodePtr cmd, const char *heading,
		      void (*fn)(void *arg, const char *cell), void *arg)
{
	for (xmlNodePtr el = oci_child(cmd, NULL); el != NULL; el = el->next) {
		struct oci_table t;
		if (el->type != XML_ELEMENT_NODE || oci_table_open(&t, el) != 0 ||
		    oci_table_col(&t, heading) < 0)
			continue;
		while (oci_table_next(&t)) {
			const char *v = oci_table_get(&t, heading);
			if (v != NULL)
				fn(arg, v);
		}
	}
}

struct expand {
	struct live_item *parent;
	const struct live_walk_cfg *cfg;
	const struct live_req *const *set;    /* requests per row */
	const struct live_req *const *extra;  /* and these (service users) */
	live_push_fn push;
	void *ctx;
};

static int group_wanted(const struct live_walk_cfg *cfg, const char *g)
{
	if (cfg->n_groups == 0)
		return 1;
	for (size_t i = 0; i < cfg->n_groups; i++)
		if (strcmp(cfg->groups[i], g) == 0)
			return 1;
	return 0;
}

static void on_group(void *arg, const char *g)
{
	struct expand *x = arg;
	if (group_wanted(x->cfg, g))
		push_set(x->parent, x->set, g, NULL, x->push, x->ctx);
}

static void on_id(void *arg, const char *id)
{
	struct expand *x = arg;
	push_set(x->parent, x->set, x->parent->group, id, x->push, x->ctx);
	if (x->extra != NULL)
		push_set(x->parent, x->extra, x->parent->group, id, x->push, x->ctx);
}

static void on_sub(void *arg, const char *v)
{
	struct expand *x = arg;
	struct live_item *p = x->parent;
	x->push(x->ctx, child(p, x->set[0], p->group, p->id, v, NULL));
}

static void on_event(void *arg, const char *v)
{
	struct expand *x = arg;
	struct live_item *p = x->parent;
	x->push(x->ctx, child(p, x->set[0], p->group, v, p->a, p->b));
}

/* Every element named name under n (submenu ids in menus, event names,
 * call park names), or for scheduleKey its name and type. */
static void each_element(xmlNodePtr n, const char *name, struct expand *x,
			 void (*fn)(void *arg, const char *v))
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, name) == 0) {
			const char *v = oci_text(c);
			if (v != NULL)
				fn(x, v);
		} else {
			each_element(c, name, x, fn);
		}
	}
}

static void schedules(xmlNodePtr n, struct expand *x)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "scheduleKey") != 0) {
			schedules(c, x);
			continue;
		}
		const char *name = oci_get(c, "scheduleName"), *type = oci_get(c, "scheduleType");
		if (name != NULL && type != NULL)
			x->push(x->ctx, child(x->parent, x->set[0], x->parent->group, NULL, name, type));
	}
}

static const struct live_req *const set_event_detail[] = { &GroupScheduleGetEventDetailListRequest, NULL };
static const struct live_req *const set_sp_event_detail[] = { &ServiceProviderScheduleGetEventDetailListRequest, NULL };
static const struct live_req *const set_events[] = { &GroupScheduleGetEventListRequest, NULL };
static const struct live_req *const set_sp_events[] = { &ServiceProviderScheduleGetEventListRequest, NULL };
static const struct live_req *const set_event[] = { &GroupScheduleGetEventRequest, NULL };
static const struct live_req *const set_sp_event[] = { &ServiceProviderScheduleGetEventRequest, NULL };
static const struct live_req *const set_submenu[] = { &GroupAutoAttendantSubmenuGetRequest20, NULL };
static const struct live_req *const set_park[] = { &GroupCallParkGetInstanceRequest16sp2, NULL };
static const struct live_req *const set_pickup[] = { &GroupCallPickupGetInstanceRequest, NULL };
static const struct live_req *const set_bwa[] = { &UserBroadWorksAnywhereGetPhoneNumberRequest, NULL };
static const struct live_req *const set_criteria[] = { &UserCallForwardingSelectiveGetCriteriaRequest21, NULL };
static const struct live_req *const set_accept[] = { &UserSelectiveCallAcceptanceGetCriteriaRequest21, NULL };
static const struct live_req *const set_reject[] = { &UserSelectiveCallRejectionGetCriteriaRequest21, NULL };

/* Each appearance of a user's shared call appearance table: its
 * endpoint's flags and hotline (UserSharedCallAppearanceGetEndpoint). */
static void sca_endpoints(xmlNodePtr cmd, struct expand *x)
{
	struct live_item *p = x->parent;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(cmd, "endpointTable")) != 0)
		return;
	while (oci_table_next(&t)) {
		const char *dev = oci_table_get(&t, "Device Name");
		const char *port = oci_table_get(&t, "Line/Port");
		const char *level = oci_table_get(&t, "Device Level");
		if (dev == NULL || port == NULL)
			continue;
		struct live_item *it = child(p, &UserSharedCallAppearanceGetEndpointRequest22,
					     p->group, p->id, dev, port);
		it->level = xstrdup(level != NULL ? level : "Group");
		x->push(x->ctx, it);
	}
}

/* An event detail list that the release does not know: ask the names. */
static void on_error(struct expand *x)
{
	struct live_item *p = x->parent;
	if (p->req->next == NX_EVENT_DETAIL)
		x->push(x->ctx, child(p, set_events[0], p->group, NULL, p->a, p->b));
	else if (p->req->next == NX_SP_EVENT_DETAIL)
		x->push(x->ctx, child(p, set_sp_events[0], NULL, NULL, p->a, p->b));
}

void live_walk_children(const struct live_walk_cfg *cfg, struct live_item *p, xmlNodePtr cmd,
			int is_error, live_push_fn push, void *ctx)
{
	struct expand x = { p, cfg, NULL, NULL, push, ctx };
	if (is_error) {
		on_error(&x);
		return;
	}
	switch (p->req->next) {
	case NX_GROUPS: x.set = group_set; each_cell(cmd, "Group Id", on_group, &x); break;
	case NX_DEVICES: x.set = device_set; each_cell(cmd, "Device Name", on_id, &x); break;
	case NX_USERS: x.set = user_set; each_cell(cmd, "User Id", on_id, &x); break;
	case NX_HUNT: x.set = hunt_set; x.extra = service_user_set;
		each_cell(cmd, "Service User Id", on_id, &x); break;
	case NX_AA: x.set = aa_set; x.extra = service_user_set;
		each_cell(cmd, "Service User Id", on_id, &x); break;
	case NX_CC: x.set = cc_set; x.extra = service_user_set;
		each_cell(cmd, "Service User Id", on_id, &x); break;
	case NX_PAGING: x.set = paging_set; x.extra = service_user_set;
		each_cell(cmd, "Service User Id", on_id, &x); break;
	case NX_AA_MENUS: x.set = set_submenu; each_element(cmd, "submenuId", &x, on_sub); break;
	case NX_SUBMENUS: x.set = set_submenu; each_cell(cmd, "Submenu Id", on_sub, &x); break;
	case NX_SCHEDULES: x.set = set_event_detail; schedules(cmd, &x); break;
	case NX_SP_SCHEDULES: x.set = set_sp_event_detail; schedules(cmd, &x); break;
	case NX_EVENTS: x.set = set_event; each_element(cmd, "eventName", &x, on_event); break;
	case NX_SP_EVENTS: x.set = set_sp_event; each_element(cmd, "eventName", &x, on_event); break;
	case NX_PARKS: x.set = set_park; each_element(cmd, "name", &x, on_id); break;
	case NX_PICKUPS: x.set = set_pickup; each_element(cmd, "name", &x, on_id); break;
	case NX_BWA: x.set = set_bwa; each_cell(cmd, "Phone Number", on_sub, &x); break;
	case NX_SELECTIVE: x.set = set_criteria; each_cell(cmd, "Criteria Name", on_sub, &x); break;
	case NX_ACCEPT: x.set = set_accept; each_cell(cmd, "Criteria Name", on_sub, &x); break;
	case NX_REJECT: x.set = set_reject; each_cell(cmd, "Criteria Name", on_sub, &x); break;
	case NX_SCA: sca_endpoints(cmd, &x); break;
	default: break;
	}
}

/* ---- request documents ---- */

static void leaf(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, "<%s>", name);
	live_xml_escape(sb, value ? value : "");
	strbuf_addf(sb, "</%s>", name);
}

static void schedule_key(struct strbuf *sb, const struct live_item *it)
{
	strbuf_addstr(sb, "<scheduleKey>");
	leaf(sb, "scheduleName", it->a);
	leaf(sb, "scheduleType", it->b);
	strbuf_addstr(sb, "</scheduleKey>");
}

static void members(struct strbuf *sb, const struct live_item *it)
{
	switch (it->req->scope) {
	case SC_ENT: leaf(sb, "serviceProviderId", it->sp); break;
	case SC_GROUP: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "groupId", it->group); break;
	case SC_GROUP_UL: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "GroupId", it->group); break;
	case SC_DEVICE: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "groupId", it->group);
		leaf(sb, "deviceName", it->id); break;
	case SC_USER: leaf(sb, "userId", it->id); break;
	case SC_SVC: leaf(sb, "serviceUserId", it->id); break;
	case SC_SUBMENU: leaf(sb, "serviceUserId", it->id); leaf(sb, "submenuId", it->a); break;
	case SC_SCHED: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "groupId", it->group);
		schedule_key(sb, it); break;
	case SC_SP_SCHED: leaf(sb, "serviceProviderId", it->sp); schedule_key(sb, it); break;
	case SC_EVENT: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "groupId", it->group);
		schedule_key(sb, it); leaf(sb, "eventName", it->id); break;
	case SC_SP_EVENT: leaf(sb, "serviceProviderId", it->sp); schedule_key(sb, it);
		leaf(sb, "eventName", it->id); break;
	case SC_NAMED: leaf(sb, "serviceProviderId", it->sp); leaf(sb, "groupId", it->group);
		leaf(sb, "name", it->id); break;
	case SC_BWA_PHONE: leaf(sb, "userId", it->id); leaf(sb, "phoneNumber", it->a); break;
	case SC_CRITERIA: leaf(sb, "userId", it->id); leaf(sb, "criteriaName", it->a); break;
	case SC_SCA_ENDPOINT: leaf(sb, "userId", it->id);
		strbuf_addstr(sb, "<accessDeviceEndpoint><accessDevice>");
		leaf(sb, "deviceLevel", it->level);
		leaf(sb, "deviceName", it->a);
		strbuf_addstr(sb, "</accessDevice>");
		leaf(sb, "linePort", it->b);
		strbuf_addstr(sb, "</accessDeviceEndpoint>");
		break;
	}
}

void live_item_request(const struct live_item *it, const char *session, struct strbuf *doc)
{
	strbuf_reset(doc);
	strbuf_addstr(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" "
		      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
	strbuf_addstr(doc, "<sessionId xmlns=\"\">");
	live_xml_escape(doc, session);
	strbuf_addf(doc, "</sessionId><command xsi:type=\"%s\" xmlns=\"\">", it->req->type);
	members(doc, it);
	strbuf_addstr(doc, "</command></BroadsoftDocument>\n");
}
