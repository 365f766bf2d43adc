/*
 * devices.h — the sandbox's devices and workspaces, private to sandbox/:
 * the supported-device table (supported_devices.c), workspaces
 * (workspaces.c), devices, activation codes and MAC validation
 * (devices.c), device members and applyChanges (device_members.c), and
 * what /_sandbox/state shows of them (device_state.c).
 */
#ifndef BWM_SANDBOX_DEVICES_H
#define BWM_SANDBOX_DEVICES_H

#include "sandbox/sbx.h"

/* One model of GET /telephony/config/supportedDevices. */
struct sbx_model {
	const char *model;         /* the API string, "DMS Cisco 8865" */
	const char *display;       /* "Cisco 8865" */
	const char *family;        /* "Cisco", "Poly", "Yealink", "Generic" */
	const char *type;          /* MPP, GENERIC_SIP, DESK_PHONE, ATA */
	const char *managed_by;    /* CISCO or CUSTOMER */
	int line_ports;            /* numberOfLinePorts: members at most */
	int activation_code;       /* onboarding by activation code allowed */
};

/* The model whose model string or display name is name, or NULL. */
const struct sbx_model *sbx_model_find(const char *name);
/* 1 when the device needs its own SIP password (customer-managed). */
int sbx_model_customer_managed(const struct sbx_model *m);

/* The org a person (its personId) belongs to, or NULL; caller frees. */
char *sbx_person_org(struct sandbox *sb, const char *person_id);
/* The org of a workspace, or NULL; caller frees. */
char *sbx_workspace_org(struct sandbox *sb, const char *workspace_id);

/* The device rq->id (in ?orgId= when given), or NULL after a 404. */
cJSON *sbx_device_find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs);

/* 1 when mac is 12 hex digits (upper or lower case); out gets it upper-case. */
int sbx_mac_normal(const char *mac, char out[13]);

/* Counts, duplicates and (items != NULL) the objects for /_sandbox/state. */
void sbx_devices_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates, cJSON *items);

sbx_handler sbx_supported_devices;
sbx_handler sbx_workspaces_list, sbx_workspaces_create, sbx_workspace_get, sbx_workspace_delete;
sbx_handler sbx_devices_list, sbx_devices_create, sbx_device_get, sbx_device_delete,
	sbx_device_activation_code, sbx_devices_validate_macs;
sbx_handler sbx_device_members_get, sbx_device_members_put, sbx_device_apply;

#endif
