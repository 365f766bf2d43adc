/*
 * devices.h — what the device planners share (device_lines.c gathers who
 * appears on which phone, build_device.c and device_members.c write the
 * entries). Not used outside transform/; the plan kinds are described in
 * docs/plan-format.md.
 */
#ifndef BWM_TRANSFORM_DEVICES_H
#define BWM_TRANSFORM_DEVICES_H

#include "transform/internal.h"

/* One line of a phone: a user appearing on it. */
struct dev_line {
	struct tx_user *u;            /* who; NULL when not in the export */
	const char *user_id;          /* the BroadWorks user id */
	const char *line_port;        /* BroadWorks line/port (user@host), may be NULL */
	int port;                     /* BroadWorks port number, 0 when unknown */
	int primary;                  /* the user's primary line (accessDeviceEndpoint) */
	const char *hotline;          /* hotline destination (SCA endpoint), or NULL */
	const cJSON *rec;             /* where it was read (device or SCA setting) */
};

/* The lines of every phone of one customer, by device key. */
struct dev_lines {
	struct tx_map owners;         /* device key -> struct tx_user (primary owner) */
	struct tx_map sca;            /* device key -> struct dev_sca (shared appearances) */
	char **keys; size_t n_keys, cap_keys;     /* owned keys of both maps */
	struct dev_sca **scas; size_t n_scas, cap_scas;  /* owned lists */
};

/* The shared call appearances that name one device. */
struct dev_sca {
	struct dev_line *v;
	size_t n, cap;
	const char *key;              /* the device key (owned by dev_lines) */
	int seen;                     /* a device record of the export had it */
};

/* Gather the owners (users' accessDeviceEndpoint) and shared appearances
 * (UserSharedCallAppearanceGet endpoint tables) of the customer's users:
 * one pass over them, no per-device scan. */
void dev_lines_gather(struct dev_lines *dl, const struct tx_feat *fc);
void dev_lines_free(struct dev_lines *dl);
/* A finding for each shared appearance on a device the export does not
 * hold (call after every device's dev_lines_of). */
void dev_lines_orphans(const struct dev_lines *dl, const struct tx_feat *fc);
/* The lines of device rec of group g: its deviceUserTable rows, then the
 * appearances only the SCA settings name; *out is malloc'ed, owner first
 * (primary set), the caller frees it. Returns the count. */
size_t dev_lines_of(const struct dev_lines *dl, const struct tx_feat *fc, const cJSON *rec,
		    struct tx_user **owner, struct dev_line **out);

/* {"$ref": …} of the Webex person or workspace of user u, and the entry it
 * depends on ("subscriber:KEY" / "workspace:KEY") in dep. */
cJSON *dev_owner_ref(const struct tx_user *u, char *dep, size_t dep_len);

/* The device_members and device_apply entries of a planned device. */
cJSON *dev_build_members(const struct tx_feat *fc, const cJSON *rec, const char *owner_dep,
			 const struct dev_line *lines, size_t n, int ports);
cJSON *dev_build_apply(const struct tx_feat *fc, const cJSON *rec, int with_members);

/* Plan every device of the customer (build_device.c). */
int tx_plan_devices(const struct tx_feat *fc);

#endif
