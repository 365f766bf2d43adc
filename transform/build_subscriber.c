/*
 * build_subscriber.c — users become Wholesale subscribers: one package
 * (mapping rules), an e-mail (BroadWorks, or the partner's template when
 * allowed), a primary number and/or extension. Everything that would make
 * the request fail or surprise someone is a finding on the user.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

/* The maps that detect duplicates among the enterprise's users. */
struct dup_maps {
	struct tx_map email;     /* lower-case e-mail -> user */
	struct tx_map number;    /* E.164 -> user */
	struct tx_map ext;       /* "GROUPKEY\nEXT" -> user; keys owned by exts */
	struct tx_map ws;        /* "GROUPKEY\nWORKSPACE NAME" -> user; keys owned by exts */
	char **exts; size_t n_exts, cap_exts;
};

static void facts_of(const struct tx_user *u, struct tx_user_facts *f)
{
	memset(f, 0, sizeof *f);
	f->services = u->svc;
	f->n_services = u->n_svc;
	f->packs = u->pack;
	f->n_packs = u->n_pack;
	f->device_type = u->device_type;
	f->user_id = json_str(u->j, "id");
	f->first_name = json_str(u->j, "firstName");
	f->last_name = json_str(u->j, "lastName");
	f->agent = u->agent;
	f->is_place = json_bool(u->j, "isPlace", 0);
	f->trunk = json_bool(u->j, "trunk", 0);
}

static void block(struct tx_user *u, const char *id)
{
	tx_ids_add(&u->blocked, id);
}

static void decide_email(struct tx_ctx *c, struct tx_ent *e, struct tx_user *u,
			 const char *obj, struct dup_maps *d)
{
	const char *raw = json_str(u->j, "email");
	if (raw == NULL && c->p->user_email != NULL) {
		const char *id = json_str(u->j, "id");
		char part[256];
		snprintf(part, sizeof part, "%s", id ? id : "");
		char *at = strchr(part, '@');
		if (at)
			*at = '\0';
		const char *vars[][2] = {
			{ "userId", id }, { "userPart", part },
			{ "firstName", json_str(u->j, "firstName") },
			{ "lastName", json_str(u->j, "lastName") },
			{ "enterprise", e->id }, { "group", u->grp ? u->grp->id : NULL },
			{ "domain", u->grp ? json_str(u->grp->j, "defaultDomain") : NULL },
		};
		u->email = tx_template(c->p->user_email, vars, sizeof vars / sizeof vars[0], 1);
		tx_finding(c->f, TX_INFO, "email_from_template", obj, u->j,
			   "set the user's e-mail in BroadWorks to choose it yourself",
			   "user has no e-mail; using %s from userEmailTemplate", u->email);
	} else if (raw == NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "missing_email", obj, u->j,
			"set the user's e-mail in BroadWorks, or userEmailTemplate in partner.json",
			"user has no e-mail; Wholesale subscribers need one"));
		return;
	} else {
		u->email = tx_template(raw, NULL, 0, 1);
	}
	if (!email_valid(u->email)) {
		block(u, tx_finding(c->f, TX_ERROR, "invalid_email", obj, u->j,
			"correct the e-mail address in BroadWorks",
			"\"%s\" is not a valid e-mail address", u->email));
		return;
	}
	const struct tx_user *first = tx_map_get(&d->email, u->email);
	long owner = first ? 0 : tx_seen_check(c->emails, u->email, (long)c->f->n_cust);
	if (first == NULL && owner == 0) {
		tx_map_put(&d->email, u->email, u);
		return;
	}
	char where[300];
	if (first != NULL)
		snprintf(where, sizeof where, "user %s", json_str(first->j, "key"));
	else
		snprintf(where, sizeof where, "a user of customer %s", c->f->cust[owner - 1].key);
	block(u, tx_finding(c->f, TX_ERROR, "duplicate_email", obj, u->j,
		"give each user a distinct e-mail in BroadWorks",
		"e-mail %s is also used by %s", u->email, where));
}

static void decide_number(struct tx_ctx *c, struct tx_user *u, const char *obj,
			  struct dup_maps *d)
{
	const char *num = json_str(u->j, "phoneNumber");
	const char *raw = json_str(u->j, "phoneNumberRaw");
	if (num == NULL && raw != NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "invalid_number", obj, u->j,
			"correct the number in BroadWorks (with its country code)",
			"phone number \"%s\" cannot be written in E.164", raw));
		return;
	}
	if (num == NULL)
		return;
	const cJSON *rec = u->grp ? tx_map_get(&u->grp->nums, num) : NULL;
	if (rec == NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "number_not_in_group", obj, u->j,
			"add the number to the group's numbers in BroadWorks, or unassign it",
			"number %s is not among the numbers of group %s", num,
			u->grp ? u->grp->id : "?"));
		return;
	}
	if (json_bool(rec, "$dup", 0)) {
		block(u, tx_finding(c->f, TX_ERROR, "duplicate_number", obj, u->j,
			"a number can belong to one user: unassign it from one of them",
			"number %s is also in another group", num));
		return;
	}
	const struct tx_user *other = tx_map_get(&d->number, num);
	if (other != NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "duplicate_number", obj, u->j,
			"a number can belong to one user: unassign it from one of them",
			"number %s is also the number of %s", num, json_str(other->j, "key")));
		return;
	}
	tx_map_put(&d->number, num, u);
	u->number = num;
	u->number_active = json_bool(rec, "activated", 1);
}

static void check_extension(struct tx_ctx *c, struct tx_user *u, const char *obj,
			    struct dup_maps *d)
{
	const char *ext = json_str(u->j, "extension");
	if (ext == NULL || u->grp == NULL)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%s", u->grp->key, ext);
	const struct tx_user *other = tx_map_get(&d->ext, sb.buf);
	if (other != NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "duplicate_extension", obj, u->j,
			"give each user of the group a distinct extension",
			"extension %s is also used by %s in the same location", ext,
			json_str(other->j, "key")));
		strbuf_free(&sb);
		return;
	}
	if (d->n_exts == d->cap_exts) {
		d->cap_exts = d->cap_exts ? d->cap_exts * 2 : 64;
		d->exts = xrealloc(d->exts, d->cap_exts * sizeof *d->exts);
	}
	d->exts[d->n_exts] = strbuf_detach(&sb);
	tx_map_put(&d->ext, d->exts[d->n_exts++], u);
}

static void check_names(struct tx_ctx *c, struct tx_user *u, const char *obj)
{
	const char *names[] = { json_str(u->j, "firstName"), json_str(u->j, "lastName") };
	for (int i = 0; i < 2; i++)
		if (names[i] != NULL && strchr(names[i], '%') != NULL)
			block(u, tx_finding(c->f, TX_ERROR, "percent_in_name", obj, u->j,
				"remove '%%' from the user's name in BroadWorks",
				"name \"%s\" contains '%%', which Webex refuses", names[i]));
}

/* Warnings that do not block: devices, services, language. */
static void check_features(struct tx_ctx *c, struct tx_user *u, const char *obj)
{
	if (u->n_devices > 1)
		tx_finding(c->f, TX_WARNING, "several_devices", obj, u->j,
			   "each phone moves with its lines; Webex takes at most 5 devices per person: check the user has no more",
			   "user has lines on %d devices", u->n_devices);
	for (size_t i = 0; i < u->n_svc; i++) {
		int known;
		if (tx_service_feature(c->m, u->svc[i], &known) != NULL)
			continue;
		tx_finding(c->f, TX_WARNING, known ? "service_not_migrated" : "service_unknown",
			   obj, u->j, known ? "tell the user; there is no Webex equivalent"
			   : "add a rule for it to the \"services\" mappings",
			   known ? "service \"%s\" will not be migrated"
			   : "service \"%s\" has no mapping rule and will not be migrated",
			   u->svc[i]);
	}
	const char *lang = json_str(u->j, "language");
	char loc[6];
	if (lang != NULL && tx_locale_for(c->m, lang, u->grp ? u->grp->country : NULL, loc) != 0)
		tx_finding(c->f, TX_WARNING, "language_unmapped", obj, u->j,
			   "add the language to the \"languages\" mappings",
			   "language \"%s\" is not one of the supported locales; the location's "
			   "language applies", lang);
}

/* Two workspaces of one location with the same name: the load finds a
 * workspace by name after a crash, so the second one is an error. */
static void check_workspace_name(struct tx_ctx *c, struct tx_user *u, const char *obj,
				 struct dup_maps *d)
{
	char name[256];
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%s", u->grp ? u->grp->key : "",
		    tx_workspace_name(u, name, sizeof name));
	const struct tx_user *other = tx_map_get(&d->ws, sb.buf);
	if (other != NULL) {
		block(u, tx_finding(c->f, TX_ERROR, "duplicate_workspace_name", obj, u->j,
			"rename one of the common-area users in BroadWorks (first and last name)",
			"workspace name \"%s\" is also the name of %s in the same location", name,
			json_str(other->j, "key")));
		strbuf_free(&sb);
		return;
	}
	if (d->n_exts == d->cap_exts) {
		d->cap_exts = d->cap_exts ? d->cap_exts * 2 : 64;
		d->exts = xrealloc(d->exts, d->cap_exts * sizeof *d->exts);
	}
	d->exts[d->n_exts] = strbuf_detach(&sb);   /* exts owns every key */
	tx_map_put(&d->ws, d->exts[d->n_exts++], u);
}

/* A common-area phone's workspace needs a number or extension of its
 * own, checked like a subscriber's, and a name of its own. */
static void decide_workspace(struct tx_ctx *c, struct tx_user *u, struct dup_maps *d)
{
	char obj[300];
	snprintf(obj, sizeof obj, "workspace:%s", json_str(u->j, "key"));
	u->package = "common_area_calling";
	check_names(c, u, obj);
	check_workspace_name(c, u, obj, d);
	decide_number(c, u, obj, d);
	check_extension(c, u, obj, d);
	if (u->number == NULL && json_str(u->j, "extension") == NULL && u->blocked.n == 0)
		block(u, tx_finding(c->f, TX_ERROR, "no_number_or_extension", obj, u->j,
			"give the common-area user a number or an extension in BroadWorks",
			"a workspace with Webex Calling needs a number or an extension"));
}

/* Common-area phones and virtual users are reported, not subscribed. */
static int recognise(struct tx_ctx *c, struct tx_user *u, const char *obj,
		     const struct tx_user_facts *f)
{
	if (tx_is_common_area(c->m, f)) {
		tx_finding(c->f, TX_INFO, "common_area_phone", obj, u->j,
			   "nothing to do: its phone moves to the workspace; feature members and "
			   "settings naming the user are reported where they are left out",
			   "common-area phone: a workspace (common_area_calling), not a subscriber");
		u->common = 1;
		return 1;
	}
	if (tx_is_virtual_user(c->m, f)) {
		tx_finding(c->f, TX_INFO, "virtual_user", obj, u->j,
			   "re-create it as the matching Webex feature (virtual line, queue…)",
			   "virtual user: not a subscriber");
		return 1;
	}
	return 0;
}

static void decide_one(struct tx_ctx *c, struct tx_ent *e, struct tx_user *u,
		       struct dup_maps *d)
{
	char obj[300];
	snprintf(obj, sizeof obj, "subscriber:%s", json_str(u->j, "key"));
	struct tx_user_facts f;
	facts_of(u, &f);
	if (recognise(c, u, obj, &f)) {
		u->skip = 1;
		if (u->common)
			decide_workspace(c, u, d);
		return;
	}
	const char *rule = NULL;
	u->package = tx_package_for(c->m, &f, &rule);
	if (u->package == NULL)
		block(u, tx_finding(c->f, TX_ERROR, "no_package", obj, u->j,
			"add a catch-all rule at the end of the \"packages\" mappings",
			"no package rule matches this user"));
	decide_email(c, e, u, obj, d);
	check_names(c, u, obj);
	decide_number(c, u, obj, d);
	check_extension(c, u, obj, d);
	int calling = u->package && strcmp(u->package, "webex_meetings") != 0;
	if (calling && u->number == NULL && json_str(u->j, "extension") == NULL && u->blocked.n == 0)
		block(u, tx_finding(c->f, TX_ERROR, "no_number_or_extension", obj, u->j,
			"give the user a number or an extension in BroadWorks",
			"a %s subscriber needs a primary number or an extension", u->package));
	check_features(c, u, obj);
}

void tx_users_decide(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *gs, size_t n_g)
{
	struct dup_maps d = { 0 };
	for (size_t i = 0; i < n_g; i++)
		for (size_t j = 0; j < gs[i]->n_users; j++)
			decide_one(c, e, gs[i]->users[j], &d);
	tx_map_free(&d.email);
	tx_map_free(&d.number);
	tx_map_free(&d.ext);
	tx_map_free(&d.ws);
	for (size_t i = 0; i < d.n_exts; i++)
		free(d.exts[i]);
	free(d.exts);
}

static void add_ref(cJSON *obj, const char *name, const char *kind, const char *key)
{
	cJSON_AddItemToObject(obj, name, tx_ref("%s:%s", kind, key));
}

static void add_dep(cJSON *x, const char *kind, const char *key, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s%s", kind, key, suffix);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
}

cJSON *tx_build_subscriber(struct tx_ctx *c, struct tx_user *u, const char *cust_key)
{
	const char *key = json_str(u->j, "key");
	cJSON *x = tx_entry_new("subscriber", key, NULL, "POST", "/wholesale/subscribers");
	if (c->p->sub_partner_org != NULL)
		cJSON_AddStringToObject(cJSON_GetObjectItem(x, "params"), "onBehalfOfSubPartnerOrgId",
					c->p->sub_partner_org);
	add_dep(x, "customer", cust_key, "");
	int calling = u->package && strcmp(u->package, "webex_meetings") != 0;
	if (calling && u->grp != NULL)
		add_dep(x, "location", u->grp->key, "");
	if (calling && u->number != NULL)
		add_dep(x, "number", u->grp->key, u->number_active ? "" : "#inactive");
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	add_ref(body, "customerId", "customer", cust_key);
	cJSON_AddStringToObject(body, "email", u->email ? u->email : "");
	cJSON *pk = cJSON_AddArrayToObject(body, "packages");
	if (u->package != NULL)
		cJSON_AddItemToArray(pk, cJSON_CreateString(u->package));
	cJSON *pp = cJSON_AddObjectToObject(body, "provisioningParameters");
	json_add_str_opt(pp, "firstName", json_str_or(u->j, "firstName",
				json_str(u->j, "callingLineIdFirstName")));
	json_add_str_opt(pp, "lastName", json_str_or(u->j, "lastName",
				json_str(u->j, "callingLineIdLastName")));
	if (calling) {
		json_add_str_opt(pp, "primaryPhoneNumber", u->number);
		json_add_str_opt(pp, "extension", json_str(u->j, "extension"));
		if (u->grp != NULL)
			add_ref(pp, "locationId", "location", u->grp->key);
	}
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lookup, "email", u->email ? u->email : "");
	tx_entry_delete(x, "/wholesale/subscribers/{id}");
	cJSON *src = cJSON_AddArrayToObject(x, "source");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user:%s", key);
	cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	return x;
}
