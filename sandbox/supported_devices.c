/*
 * supported_devices.c — the models the sandbox accepts on POST /devices and
 * POST /devices/activationCode, served as GET /telephony/config/supportedDevices
 * ({devices: [{model, displayName, familyDisplayName, type, manufacturer,
 * managedBy, supportedFor, onboardingMethod, numberOfLinePorts, …}]}).
 *
 * The model strings follow the naming rules of the supported-devices list
 * of Webex Calling: Cisco MPP phones "DMS Cisco NNNN", the 9800 series
 * "Cisco 98NN" without the DMS prefix, Cisco-managed third-party phones
 * with the DMS prefix and the vendor's name, customer-managed ones ending
 * in "Customer Managed" (they need a SIP password). Line ports are those
 * of the phones' data sheets; they bound the members of a device.
 */
#include "sandbox/devices.h"

#include <string.h>

static const struct sbx_model models[] = {
	{ "DMS Cisco 6821", "Cisco 6821", "Cisco", "MPP", "CISCO", 2, 1 },
	{ "DMS Cisco 6841", "Cisco 6841", "Cisco", "MPP", "CISCO", 4, 1 },
	{ "DMS Cisco 6851", "Cisco 6851", "Cisco", "MPP", "CISCO", 4, 1 },
	{ "DMS Cisco 6861", "Cisco 6861", "Cisco", "MPP", "CISCO", 4, 1 },
	{ "DMS Cisco 6871", "Cisco 6871", "Cisco", "MPP", "CISCO", 6, 1 },
	{ "DMS Cisco 7811", "Cisco 7811", "Cisco", "MPP", "CISCO", 1, 1 },
	{ "DMS Cisco 7821", "Cisco 7821", "Cisco", "MPP", "CISCO", 2, 1 },
	{ "DMS Cisco 7832", "Cisco 7832", "Cisco", "MPP", "CISCO", 1, 1 },
	{ "DMS Cisco 7841", "Cisco 7841", "Cisco", "MPP", "CISCO", 4, 1 },
	{ "DMS Cisco 7861", "Cisco 7861", "Cisco", "MPP", "CISCO", 16, 1 },
	{ "DMS Cisco 8811", "Cisco 8811", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8832", "Cisco 8832", "Cisco", "MPP", "CISCO", 1, 1 },
	{ "DMS Cisco 8841", "Cisco 8841", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8845", "Cisco 8845", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8851", "Cisco 8851", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8861", "Cisco 8861", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8865", "Cisco 8865", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "DMS Cisco 8875", "Cisco 8875", "Cisco", "MPP", "CISCO", 10, 1 },
	{ "Cisco 9841", "Cisco 9841", "Cisco", "DESK_PHONE", "CISCO", 4, 1 },
	{ "Cisco 9851", "Cisco 9851", "Cisco", "DESK_PHONE", "CISCO", 10, 1 },
	{ "Cisco 9861", "Cisco 9861", "Cisco", "DESK_PHONE", "CISCO", 10, 1 },
	{ "Cisco 9871", "Cisco 9871", "Cisco", "DESK_PHONE", "CISCO", 10, 1 },
	{ "DMS Cisco 191", "Cisco 191", "Cisco", "ATA", "CISCO", 2, 1 },
	{ "DMS Cisco 192", "Cisco 192", "Cisco", "ATA", "CISCO", 2, 1 },
	{ "DMS Polycom EE400", "Polycom EE400", "Poly", "GENERIC_SIP", "CISCO", 14, 0 },
	{ "DMS Poly VVX 400", "Poly VVX 400", "Poly", "GENERIC_SIP", "CISCO", 12, 0 },
	{ "DMS Poly VVX 450", "Poly VVX 450", "Poly", "GENERIC_SIP", "CISCO", 12, 0 },
	{ "DMS Yealink T54W", "Yealink T54W", "Yealink", "GENERIC_SIP", "CISCO", 16, 0 },
	{ "DMS Yealink T46U", "Yealink T46U", "Yealink", "GENERIC_SIP", "CISCO", 16, 0 },
	{ "2N Customer Managed", "2N Customer Managed", "2N", "GENERIC_SIP", "CUSTOMER", 1, 0 },
	{ "Generic IPPhone Customer Managed", "Generic IPPhone Customer Managed", "Generic",
	  "GENERIC_SIP", "CUSTOMER", 1, 0 },
};

const struct sbx_model *sbx_model_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
		if (strcmp(models[k].model, name) == 0 || strcmp(models[k].display, name) == 0)
			return &models[k];
	return NULL;
}

int sbx_model_customer_managed(const struct sbx_model *m)
{
	return strcmp(m->managed_by, "CUSTOMER") == 0;
}

static cJSON *strings(const char *a, const char *b)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON_AddItemToArray(arr, cJSON_CreateString(a));
	if (b != NULL)
		cJSON_AddItemToArray(arr, cJSON_CreateString(b));
	return arr;
}

static cJSON *model_view(const struct sbx_model *m)
{
	cJSON *o = cJSON_CreateObject();
	int cisco = strcmp(m->family, "Cisco") == 0;
	cJSON_AddStringToObject(o, "model", m->model);
	cJSON_AddStringToObject(o, "displayName", m->display);
	cJSON_AddStringToObject(o, "familyDisplayName", m->family);
	cJSON_AddStringToObject(o, "type", m->type);
	cJSON_AddStringToObject(o, "manufacturer", cisco ? "CISCO" : "THIRD_PARTY");
	cJSON_AddStringToObject(o, "managedBy", m->managed_by);
	cJSON_AddItemToObject(o, "supportedFor", strings("PEOPLE", "PLACE"));
	cJSON_AddItemToObject(o, "onboardingMethod", strings("MAC_ADDRESS", m->activation_code
							      ? "ACTIVATION_CODE" : NULL));
	cJSON_AddNumberToObject(o, "numberOfLinePorts", m->line_ports);
	cJSON_AddBoolToObject(o, "allowConfigurePortsEnabled", 1);
	cJSON_AddBoolToObject(o, "supportsApplyChangesEnabled", 1);
	cJSON_AddBoolToObject(o, "supportsHotlineEnabled", 1);
	cJSON_AddBoolToObject(o, "callDeclinedEnabled", 1);
	return o;
}

void sbx_supported_devices(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	(void)sb;
	const char *type = sbx_query(rq, "type");
	cJSON *o = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(o, "devices");
	for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
		if (type == NULL || strcmp(type, models[k].type) == 0)
			cJSON_AddItemToArray(list, model_view(&models[k]));
	sbx_reply_json(rs, 200, o);
}
