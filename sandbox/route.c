/*
 * route.c — which handler serves which path and method.
 *
 * One table row per resource path; "{id}" matches one path segment and is
 * handed to the handler as rq->id. The row's path is also the template the
 * statistics of /_sandbox/state count requests under, so ids do not
 * explode the table.
 */
#include "sandbox/devices.h"
#include "sandbox/features.h"
#include "sandbox/queue_features.h"
#include "sandbox/sbx.h"

#include <stdlib.h>
#include <string.h>

struct route {
	const char *path;        /* template; "{id}" is one segment */
	sbx_handler *get;        /* handlers by method; NULL = 405 */
	sbx_handler *post;
	sbx_handler *put;
	sbx_handler *del;
};

/* Literal segments before "{id}" rows: "validate" is not a customer id. */
static const struct route routes[] = {
	{ "/v1/wholesale/customers/validate", NULL, sbx_customers_validate, NULL, NULL },
	{ "/v1/wholesale/customers", sbx_customers_list, sbx_customers_create, NULL, NULL },
	{ "/v1/wholesale/customers/{id}", sbx_customer_get, NULL, sbx_customer_update,
	  sbx_customer_delete },
	{ "/v1/wholesale/subscribers/validate", NULL, sbx_subscribers_validate, NULL, NULL },
	{ "/v1/wholesale/subscribers", sbx_subscribers_list, sbx_subscribers_create, NULL, NULL },
	{ "/v1/wholesale/subscribers/{id}", sbx_subscriber_get, NULL, sbx_subscriber_update,
	  sbx_subscriber_delete },
	{ "/v1/subscribers/{id}/emails/consentMove", NULL, sbx_subscriber_consent, NULL, NULL },
	{ "/v1/locations", sbx_locations_list, sbx_locations_create, NULL, NULL },
	{ "/v1/locations/{id}", sbx_location_get, NULL, NULL, sbx_location_delete },
	{ "/v1/telephony/config/locations/{id}/numbers", NULL, sbx_numbers_add,
	  sbx_numbers_update, sbx_numbers_remove },
	{ "/v1/telephony/config/numbers", sbx_numbers_search, NULL, NULL, NULL },
	{ "/v1/people/{id}/features/callForwarding", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/people/{id}/features/voicemail", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/people/{id}/features/doNotDisturb", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/people/{id}/features/callWaiting", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/people/{id}/features/numbers", sbx_person_setting_get, NULL, NULL, NULL },
	{ "/v1/people/{id}/features/callerId", sbx_person_setting_get, NULL,
	  sbx_person_callerid_put, NULL },
	{ "/v1/telephony/config/people/{id}/simultaneousRing", sbx_person_setting_get, NULL,
	  sbx_person_simring_put, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveForward", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveAccept", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveReject", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveForward/criteria", NULL,
	  sbx_person_criteria_add, NULL, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveAccept/criteria", NULL,
	  sbx_person_criteria_add, NULL, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveReject/criteria", NULL,
	  sbx_person_criteria_add, NULL, NULL },
	{ "/v1/telephony/config/people/{id}/selectiveForward/criteria/{criteriaId}",
	  sbx_person_criterion_get, NULL, sbx_person_criterion_put, sbx_person_criterion_delete },
	{ "/v1/telephony/config/people/{id}/selectiveAccept/criteria/{criteriaId}",
	  sbx_person_criterion_get, NULL, sbx_person_criterion_put, sbx_person_criterion_delete },
	{ "/v1/telephony/config/people/{id}/selectiveReject/criteria/{criteriaId}",
	  sbx_person_criterion_get, NULL, sbx_person_criterion_put, sbx_person_criterion_delete },
	{ "/v1/telephony/config/people/{id}/singleNumberReach", sbx_person_setting_get, NULL,
	  sbx_person_setting_put, NULL },
	{ "/v1/telephony/config/people/{id}/singleNumberReach/numbers", NULL,
	  sbx_person_reach_add, NULL, NULL },
	{ "/v1/telephony/config/people/{id}/numbers", NULL, NULL, sbx_person_numbers_put, NULL },
	{ "/v1/telephony/config/locations/{id}/schedules", sbx_schedules_list,
	  sbx_schedules_create, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/schedules/{type}/{scheduleId}", sbx_schedule_get,
	  NULL, sbx_schedule_update, sbx_schedule_delete },
	{ "/v1/telephony/config/autoAttendants", sbx_aa_org_list, NULL, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/autoAttendants", NULL, sbx_aa_create, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/autoAttendants/{autoAttendantId}", sbx_aa_get,
	  NULL, sbx_aa_update, sbx_aa_delete },
	{ "/v1/telephony/config/locations/{id}/autoAttendants/{autoAttendantId}/callForwarding",
	  sbx_aa_forwarding_get, NULL, sbx_aa_forwarding_put, NULL },
	{ "/v1/telephony/config/locations/{id}/callParks/settings", sbx_park_settings_get, NULL,
	  sbx_park_settings_put, NULL },
	{ "/v1/telephony/config/supervisors", sbx_supervisors_list, sbx_supervisors_create, NULL,
	  NULL },
	{ "/v1/telephony/config/supervisors/{id}", sbx_supervisor_get, NULL, NULL,
	  sbx_supervisor_delete },
	{ "/v1/telephony/config/locations/{id}/callParks", sbx_parks_list, sbx_parks_create,
	  NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/callParks/{callParkId}", sbx_park_get, NULL,
	  sbx_park_update, sbx_park_delete },
	{ "/v1/telephony/config/locations/{id}/callPickups", sbx_pickups_list, sbx_pickups_create,
	  NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/callPickups/{callPickupId}", sbx_pickup_get, NULL,
	  sbx_pickup_update, sbx_pickup_delete },
	/* call features (features.h); "{featureId}" is the feature's id */
	{ "/v1/telephony/config/huntGroups", sbx_hunt_groups_list, NULL, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/huntGroups", NULL, sbx_hunt_group_create, NULL,
	  NULL },
	{ "/v1/telephony/config/locations/{id}/huntGroups/{featureId}", sbx_hunt_group_get, NULL,
	  sbx_hunt_group_update, sbx_hunt_group_delete },
	{ "/v1/telephony/config/locations/{id}/huntGroups/{featureId}/callForwarding",
	  sbx_hunt_group_setting_get, NULL, sbx_hunt_group_setting_put, NULL },
	{ "/v1/telephony/config/queues", sbx_queues_list, NULL, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/queues", NULL, sbx_queue_create, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}", sbx_queue_get, NULL,
	  sbx_queue_update, sbx_queue_delete },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}/nightService", sbx_queue_setting_get,
	  NULL, sbx_queue_setting_put, NULL },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}/holidayService",
	  sbx_queue_setting_get, NULL, sbx_queue_setting_put, NULL },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}/forcedForward", sbx_queue_setting_get,
	  NULL, sbx_queue_setting_put, NULL },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}/strandedCalls", sbx_queue_setting_get,
	  NULL, sbx_queue_setting_put, NULL },
	{ "/v1/telephony/config/locations/{id}/queues/{featureId}/callForwarding",
	  sbx_queue_setting_get, NULL, sbx_queue_setting_put, NULL },
	{ "/v1/telephony/config/paging", sbx_paging_list, NULL, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/paging", NULL, sbx_paging_create, NULL, NULL },
	{ "/v1/telephony/config/locations/{id}/paging/{featureId}", sbx_paging_get, NULL,
	  sbx_paging_update, sbx_paging_delete },
	/* devices and workspaces (devices.h); literal segments before "{id}" */
	{ "/v1/workspaces", sbx_workspaces_list, sbx_workspaces_create, NULL, NULL },
	{ "/v1/workspaces/{id}", sbx_workspace_get, NULL, NULL, sbx_workspace_delete },
	{ "/v1/workspaces/{id}/features/callForwarding", sbx_workspace_setting_get, NULL,
	  sbx_workspace_setting_put, NULL },
	{ "/v1/workspaces/{id}/features/callWaiting", sbx_workspace_setting_get, NULL,
	  sbx_workspace_setting_put, NULL },
	{ "/v1/devices/activationCode", NULL, sbx_device_activation_code, NULL, NULL },
	{ "/v1/devices", sbx_devices_list, sbx_devices_create, NULL, NULL },
	{ "/v1/devices/{id}", sbx_device_get, NULL, NULL, sbx_device_delete },
	{ "/v1/telephony/config/supportedDevices", sbx_supported_devices, NULL, NULL, NULL },
	{ "/v1/telephony/config/devices/actions/validateMacs/invoke", NULL,
	  sbx_devices_validate_macs, NULL, NULL },
	{ "/v1/telephony/config/devices/{id}/members", sbx_device_members_get, NULL,
	  sbx_device_members_put, NULL },
	{ "/v1/telephony/config/devices/{id}/actions/applyChanges/invoke", NULL, sbx_device_apply,
	  NULL, NULL },
	{ "/_sandbox/state", sbx_inspect_state, NULL, NULL, NULL },
	{ "/v1/people/{id}", sbx_person_get, NULL, NULL, NULL },
	{ "/_sandbox/reset", NULL, sbx_inspect_reset, NULL, NULL },
	{ "/_sandbox/alter", NULL, sbx_inspect_alter, NULL, NULL },
};

/* Does path match tmpl? On success id[k] and idlen[k] give the k-th
 * "{…}" segment (at most three). */
static int match(const char *tmpl, const char *path, const char *id[3], size_t idlen[3])
{
	int k = 0;
	for (int i = 0; i < 3; i++) {
		id[i] = NULL;
		idlen[i] = 0;
	}
	while (*tmpl != '\0') {
		if (*path == '\0')
			return 0;
		const char *close = *tmpl == '{' ? strchr(tmpl, '}') : NULL;
		if (close != NULL && k < 3) {
			size_t n = strcspn(path, "/");
			if (n == 0)
				return 0;
			id[k] = path;
			idlen[k++] = n;
			tmpl = close + 1;
			path += n;
			continue;
		}
		if (*tmpl != *path)
			return 0;
		tmpl++;
		path++;
	}
	/* One trailing slash is forgiven. */
	return path[0] == '\0' || (path[0] == '/' && path[1] == '\0');
}

static sbx_handler *for_method(const struct route *r, const char *method)
{
	if (strcmp(method, "GET") == 0)
		return r->get;
	if (strcmp(method, "POST") == 0)
		return r->post;
	if (strcmp(method, "PUT") == 0)
		return r->put;
	if (strcmp(method, "DELETE") == 0)
		return r->del;
	return NULL;
}

static char *allow_list(const struct route *r)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_init(&sb);
	const char *names[] = { "GET", "POST", "PUT", "DELETE" };
	sbx_handler *h[] = { r->get, r->post, r->put, r->del };
	for (int i = 0; i < 4; i++)
		if (h[i] != NULL)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", names[i]);
	return strbuf_detach(&sb);
}

sbx_handler *sbx_route(struct sbx_req *rq, struct sbx_resp *rs, const char **tmpl)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const char *id[3];
		size_t idlen[3];
		if (!match(routes[i].path, rq->path, id, idlen))
			continue;
		*tmpl = routes[i].path;
		sbx_handler *h = for_method(&routes[i], rq->method);
		if (h == NULL) {
			rs->allow = allow_list(&routes[i]);
			sbx_reply_error(rs, 405, SBX_E_METHOD, "Method %s is not allowed on %s; "
					"allowed: %s.", rq->method, routes[i].path, rs->allow);
			return NULL;
		}
		free(rq->id);
		free(rq->id2);
		free(rq->id3);
		rq->id = id[0] ? xstrndup(id[0], idlen[0]) : NULL;
		rq->id2 = id[1] ? xstrndup(id[1], idlen[1]) : NULL;
		rq->id3 = id[2] ? xstrndup(id[2], idlen[2]) : NULL;
		return h;
	}
	*tmpl = "(unknown)";
	sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "No API at %s; the sandbox serves "
			"/v1/wholesale/customers, /v1/wholesale/subscribers, /v1/locations, "
			"/v1/telephony/config/locations/{id}/numbers, /v1/telephony/config/numbers, the "
			"location's schedules, autoAttendants, callParks, callPickups, huntGroups, queues "
			"and paging, /v1/workspaces, /v1/devices and the device members.", rq->path);
	return NULL;
}
