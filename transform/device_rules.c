/*
 * device_rules.c — the Webex device models a migration may create
 * ("deviceModels": line ports, who manages the phone, whether an
 * activation code can onboard it) and the device choices of the partner
 * ("devicePolicies"). Both live in mappings/devices.json, loaded after
 * mappings/default.json and before the -m files (docs/mappings.md).
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tx_devices_companion(const char *default_path)
{
	const char *slash = strrchr(default_path, '/');
	struct strbuf sb = STRBUF_INIT;
	if (slash != NULL)
		strbuf_add(&sb, default_path, (size_t)(slash - default_path + 1));
	strbuf_addstr(&sb, "devices.json");
	if (access(sb.buf, R_OK) != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static int model_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tx_devmodel *)a)->model,
		      ((const struct tx_devmodel *)b)->model);
}

static int load_model(struct tx_devmodel *x, const cJSON *d, struct bwm_error *err)
{
	x->model = xstrdup(d->string);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(d, "ports");
	if (!cJSON_IsNumber(ports) || ports->valuedouble < 1 || ports->valuedouble > 1000)
		return bwm_fail(err, BWM_EINPUT, "mappings: deviceModels.\"%s\" needs \"ports\", "
				"the model's line ports (1 to 1000)", d->string);
	x->ports = ports->valueint;
	const char *by = json_str_or(d, "managedBy", "cisco");
	if (strcmp(by, "cisco") == 0)
		x->managed = TX_DEV_CISCO;
	else if (strcmp(by, "customer") == 0)
		x->managed = TX_DEV_CUSTOMER;
	else if (strcmp(by, "app") == 0)
		x->managed = TX_DEV_APP;
	else
		return bwm_fail(err, BWM_EINPUT, "mappings: deviceModels.\"%s\".managedBy must be "
				"\"cisco\", \"customer\" or \"app\"", d->string);
	x->by_code = json_bool(d, "activationCode", x->managed == TX_DEV_CISCO);
	return BWM_OK;
}

static int load_policies(struct tx_mappings *m, const cJSON *sec, struct bwm_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(sec, "thirdParty");
	if (v == NULL)
		return BWM_OK;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "customerManaged") == 0)
		m->third_party_cisco = 0;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "ciscoManaged") == 0)
		m->third_party_cisco = 1;
	else
		return bwm_fail(err, BWM_EINPUT, "mappings: devicePolicies.thirdParty must be "
				"\"customerManaged\" or \"ciscoManaged\"");
	return BWM_OK;
}

int tx_device_models_load(struct tx_mappings *m, const cJSON *models, const cJSON *policies,
			  struct bwm_error *err)
{
	if (models != NULL && !cJSON_IsObject(models))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"deviceModels\" must be an "
				"object of model -> {ports, managedBy, activationCode}");
	if (policies != NULL && !cJSON_IsObject(policies))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"devicePolicies\" must be an "
				"object");
	m->devm = xcalloc((size_t)cJSON_GetArraySize(models) + 1, sizeof *m->devm);
	const cJSON *d;
	cJSON_ArrayForEach(d, models) {
		if (d->string[0] == '_' || strcmp(d->string, "comment") == 0)
			continue;
		if (load_model(&m->devm[m->n_devm++], d, err) != BWM_OK)
			return BWM_EINPUT;
	}
	if (m->n_devm > 1)
		qsort(m->devm, m->n_devm, sizeof *m->devm, model_cmp);
	return load_policies(m, policies, err);
}

void tx_device_models_free(struct tx_mappings *m)
{
	for (size_t i = 0; m->devm != NULL && i <= m->n_devm; i++)
		free(m->devm[i].model);
	free(m->devm);
	m->devm = NULL;
	m->n_devm = 0;
}

const struct tx_devmodel *tx_device_info(const struct tx_mappings *m, const char *model)
{
	if (model == NULL || m->n_devm == 0)
		return NULL;
	struct tx_devmodel key = { .model = (char *)model };
	return bsearch(&key, m->devm, m->n_devm, sizeof *m->devm, model_cmp);
}
