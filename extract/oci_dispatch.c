/*
 * oci_dispatch.c — which handler reads which command family, and the
 * helpers every handler uses to find what a response is about.
 *
 * Families are command types without "Response" and the version suffix
 * (UserGetResponse21/22/22V5/23V2 -> UserGet), so every release's
 * version of a command reaches the same handler; later versions mostly
 * append optional elements, which handlers read by name.
 */
#include "extract/oci.h"

#include <string.h>

struct family_entry {
	const char *family;       /* command family */
	oci_handler_fn fn;        /* NULL: known, nothing to migrate */
};

static const struct family_entry families[] = {
	{ "ServiceProviderGet", oci_enterprise_get },
	{ "ServiceProviderLanguageGetList", oci_enterprise_language },
	{ "GroupGetListInServiceProvider", oci_group_list },
	{ "GroupGet", oci_group_get },
	{ "UserGetListInGroup", oci_user_list },
	{ "UserGetListInServiceProvider", oci_user_list },
	{ "UserGet", oci_user_get },
	{ "GroupDnGetList", oci_number_list },
	{ "GroupDnGetAssignmentList", oci_number_assignment_list },
	{ "GroupAccessDeviceGetList", oci_device_list },
	{ "GroupAccessDeviceGet", oci_device_get },
	{ "GroupAccessDeviceGetUserList", oci_device_user_list },
	{ "UserServiceGetAssignmentList", oci_service_assignment_list },
	{ "UserAssignedServicesGetList", oci_service_assigned_list },
	{ "GroupServiceGetAuthorizationList", oci_group_service_authorization_list },
	{ "GroupHuntGroupGetInstanceList", oci_hunt_group_list },
	{ "GroupHuntGroupGetInstance", oci_hunt_group_get },
	{ "GroupAutoAttendantGetInstanceList", oci_auto_attendant_list },
	{ "GroupAutoAttendantGetInstance", oci_auto_attendant_get },
	{ "GroupCallCenterGetInstanceList", oci_call_center_list },
	{ "GroupCallCenterGetInstance", oci_call_center_get },
	{ "GroupCallCenterGetAgentList", oci_call_center_agents },
	{ "GroupAutoAttendantSubmenuGet", oci_auto_attendant_submenu },
	{ "GroupScheduleGetList", oci_schedule_list },
	{ "ServiceProviderScheduleGetList", oci_schedule_list },
	{ "GroupScheduleGetEventDetailList", oci_schedule_events },
	{ "ServiceProviderScheduleGetEventDetailList", oci_schedule_events },
	{ "GroupScheduleGetEvent", oci_schedule_event },
	{ "ServiceProviderScheduleGetEvent", oci_schedule_event },
	{ "GroupCallParkGetInstanceList", oci_call_park_list },
	{ "GroupCallParkGetInstance", oci_call_park_get },
	{ "GroupCallParkGet", oci_call_park_settings },
	{ "GroupCallPickupGetInstanceList", oci_call_pickup_list },
	{ "GroupCallPickupGetInstance", oci_call_pickup_get },
	{ "GroupCallCenterNightServiceGet", oci_call_center_sub },
	{ "GroupCallCenterHolidayServiceGet", oci_call_center_sub },
	{ "GroupCallCenterForcedForwardingGet", oci_call_center_sub },
	{ "GroupCallCenterStrandedCallGet", oci_call_center_sub },
	{ "GroupCallCenterBouncedCallGet", oci_call_center_sub },
	{ "GroupCallCenterOverflowGet", oci_call_center_sub },
	{ "GroupCallCenterComfortMessageBypassGet", oci_call_center_sub },
	{ "GroupCallCenterGetDistinctiveRinging", oci_call_center_sub },
	{ "GroupCallCenterGetAnnouncement", oci_call_center_sub },
	{ "GroupCallCenterGetSupervisorList", oci_call_center_supervisors },
	{ "GroupGroupPagingGetInstanceList", oci_paging_list },
	{ "GroupGroupPagingGetInstance", oci_paging_get },
	{ "GroupGroupPagingGetOriginatorList", oci_paging_members },
	{ "GroupGroupPagingGetTargetList", oci_paging_members },
	{ "UserCallForwardingAlwaysGet", oci_user_setting },
	{ "UserCallForwardingBusyGet", oci_user_setting },
	{ "UserCallForwardingNoAnswerGet", oci_user_setting },
	{ "UserCallForwardingNotReachableGet", oci_user_setting },
	{ "UserVoiceMessagingUserGetVoiceManagement", oci_user_setting },
	{ "UserSharedCallAppearanceGet", oci_user_setting },
	{ "UserSharedCallAppearanceGetEndpoint", oci_user_setting },
	{ "UserDoNotDisturbGet", oci_user_setting },
	{ "UserSimultaneousRingPersonalGet", oci_user_setting },
	{ "UserCallForwardingSelectiveGet", oci_user_setting },
	{ "UserCallForwardingSelectiveGetCriteria", oci_user_setting },
	{ "UserSelectiveCallAcceptanceGetCriteriaList", oci_user_setting },
	{ "UserSelectiveCallAcceptanceGetCriteria", oci_user_setting },
	{ "UserSelectiveCallRejectionGetCriteriaList", oci_user_setting },
	{ "UserSelectiveCallRejectionGetCriteria", oci_user_setting },
	{ "UserVoiceMessagingUserGetAdvancedVoiceManagement", oci_user_setting },
	{ "UserVoiceMessagingUserGetGreeting", oci_user_setting },
	{ "UserCallWaitingGet", oci_user_setting },
	{ "UserCallingLineIDDeliveryBlockingGet", oci_user_setting },
	{ "UserExternalCallingLineIDDeliveryGet", oci_user_setting },
	{ "UserSequentialRingGet", oci_user_setting },
	{ "UserBroadWorksAnywhereGet", oci_user_setting },
	{ "UserBroadWorksAnywhereGetPhoneNumber", oci_user_setting },
	{ "UserAlternateNumbersGet", oci_user_setting },
	{ "UserCallProcessingGetPolicy", oci_user_setting },
	{ "GroupCallProcessingGetPolicy", oci_group_policy },
	{ "Error", oci_error_response },
	/* Known, and nothing in them is migrated: navigation lists and
	 * acknowledgements. Counted as ignored, not as unknown. */
	{ "Success", NULL },
	{ "ServiceProviderGetList", NULL },
	{ "ServiceProviderServicePackGetList", NULL },
	{ "ServiceProviderServicePackGetDetailList", NULL },
	{ "GroupScheduleGetEventList", NULL },          /* names only: GetEvent has them */
	{ "ServiceProviderScheduleGetEventList", NULL },
	{ "GroupAutoAttendantSubmenuGetList", NULL },   /* ids only: SubmenuGet has them */
	{ "Login", NULL },
	{ "Authentication", NULL },
	{ "SystemSoftwareVersionGet", NULL },
};

const char *oci_dispatch_family(size_t i, int *read)
{
	if (i >= sizeof families / sizeof families[0])
		return NULL;
	*read = families[i].fn != NULL;
	return families[i].family;
}

oci_handler_fn oci_dispatch(const char *family, int *ignored)
{
	*ignored = 0;
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
		if (families[i].family[0] == family[0] && strcmp(families[i].family, family) == 0) {
			*ignored = families[i].fn == NULL;
			return families[i].fn;
		}
	return NULL;
}

const char *oci_key(const struct oci_cmd *c, const char *name)
{
	const char *v = oci_get(c->node, name);
	return v ? v : oci_req_get(c->req, name);
}

int oci_scope(struct inventory *inv, const struct oci_cmd *c, int need_group,
	      const char **group, struct bwm_error *err)
{
	const char *ent = oci_key(c, "serviceProviderId");
	if (ent == NULL)
		ent = inv_current(inv);
	if (ent == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s names no serviceProviderId, no request "
				"names one and no enterprise came before it; put the "
				"ServiceProviderGet pair first or pair this response with its "
				"request", c->type);
	int rc = inv_enterprise(inv, ent, err);
	if (rc != BWM_OK)
		return rc;
	if (group == NULL)
		return BWM_OK;
	*group = oci_key(c, "groupId");
	if (*group == NULL)
		*group = oci_key(c, "GroupId");   /* UserGetListInGroupRequest spells it so */
	if (*group == NULL && need_group)
		return bwm_fail(err, BWM_EINPUT, "%s names no groupId and no request names "
				"one; pair it with its request (or an echo tag) so that its "
				"group is known", c->type);
	return BWM_OK;
}
