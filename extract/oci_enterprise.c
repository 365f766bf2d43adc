/*
 * oci_enterprise.c — ServiceProviderGet (R21 ... 22V4) -> `enterprise`.
 * The profile names its serviceProviderId only from 22V4 on; older
 * versions take it from their request. ServiceProviderLanguageGetList adds
 * the enterprise's default language.
 */
#include "extract/oci.h"

int oci_enterprise_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *id = oci_key(c, "serviceProviderId");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s names no serviceProviderId and has no "
				"request; pair it with its ServiceProviderGetRequest", c->type);
	int rc = inv_enterprise(inv, id, err);
	if (rc != BWM_OK)
		return rc;
	xmlNodePtr n = c->node;
	struct inv_rec *r = inv_add(inv, INV_ENTERPRISE, 1, c->file, c->line);
	cJSON *o = inv_obj(r);
	inv_set_key(inv, r, "%s", id);
	cJSON_AddStringToObject(o, "id", id);
	oci_put_str(o, "name", n, "serviceProviderName");
	if (oci_get(n, "isEnterprise") != NULL)
		oci_put_bool(o, "isEnterprise", n, "isEnterprise");
	else if (oci_get(n, "useCustomRoutingProfile") != NULL)
		cJSON_AddFalseToObject(o, "isEnterprise");
	oci_put_str(o, "defaultDomain", n, "defaultDomain");
	oci_put_str(o, "externalId", n, "serviceProviderExternalId");
	oci_put_str(o, "supportEmail", n, "supportEmail");
	oci_put_contact_address(o, n);
	oci_put_str(o, "resellerId", n, "resellerId");
	return BWM_OK;
}

/* ServiceProviderLanguageGetList -> the enterprise's default language, as
 * the member "language" of its `enterprise` record (merged with the
 * profile's, which has none). Transform makes it customerInfo.language. */
int oci_enterprise_language(struct inventory *inv, const struct oci_cmd *c,
			    struct bwm_error *err)
{
	const char *id = oci_key(c, "serviceProviderId");
	const char *lang = oci_get(c->node, "defaultLanguage");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s names no serviceProviderId and has no "
				"request; pair it with its ServiceProviderLanguageGetListRequest",
				c->type);
	if (lang == NULL)
		return BWM_OK;
	int rc = inv_enterprise(inv, id, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_ENTERPRISE, 1, c->file, c->line);
	inv_set_key(inv, r, "%s", id);
	inv_put_str(inv, r, "id", id);
	inv_put_str(inv, r, "language", lang);
	return BWM_OK;
}
