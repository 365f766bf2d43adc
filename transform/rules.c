/*
 * rules.c — applying the mapping rules: the one package per user (first
 * matching rule wins), common-area and virtual-user recognition, device
 * models, service features and package add-on dependencies.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

/* The Wholesale package names in the API's enum order; plan package lists
 * follow this order so that they are deterministic. */
static const char *const packages[] = {
	"common_area_calling", "webex_calling", "webex_meetings", "webex_suite",
	"webex_voice", "cx_essentials", "webex_calling_standard", "cisco_calling_plan",
	"attendant_console", "cx_premium_agent", "cx_standard_agent", "cx_voice_ports",
	"cx_ai_assistant", "webex_ai_agent",
};

int tx_package_rank(const char *pkg)
{
	for (size_t i = 0; i < sizeof packages / sizeof packages[0]; i++)
		if (pkg != NULL && strcmp(pkg, packages[i]) == 0)
			return (int)i;
	return -1;
}

int tx_re_match(const struct tx_mappings *m, const pcre2_code *re, const char *s)
{
	if (s == NULL)
		return 0;
	return pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, m->md, NULL) >= 0;
}

static int any_match(const struct tx_mappings *m, const pcre2_code *re,
		     const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tx_re_match(m, re, v[i]))
			return 1;
	return 0;
}

static int flag_ok(int want, int have)
{
	return want < 0 || (want != 0) == (have != 0);
}

static int when_holds(const struct tx_mappings *m, const struct tx_when *w,
		      const struct tx_user_facts *u)
{
	if (w->service && !any_match(m, w->service, u->services, u->n_services))
		return 0;
	if (w->pack && !any_match(m, w->pack, u->packs, u->n_packs))
		return 0;
	if (w->device && !tx_re_match(m, w->device, u->device_type))
		return 0;
	if (w->user_id && !tx_re_match(m, w->user_id, u->user_id))
		return 0;
	if (w->first_name && !tx_re_match(m, w->first_name, u->first_name))
		return 0;
	if (w->last_name && !tx_re_match(m, w->last_name, u->last_name))
		return 0;
	return flag_ok(w->agent, u->agent) && flag_ok(w->is_place, u->is_place) &&
	       flag_ok(w->trunk, u->trunk);
}

static const struct tx_rule *first_rule(const struct tx_mappings *m, const struct tx_rule *r,
					size_t n, const struct tx_user_facts *u)
{
	for (size_t i = 0; i < n; i++)
		if (when_holds(m, &r[i].when, u))
			return &r[i];
	return NULL;
}

const char *tx_package_for(const struct tx_mappings *m, const struct tx_user_facts *u,
			   const char **rule_name)
{
	const struct tx_rule *r = first_rule(m, m->pkg, m->n_pkg, u);
	if (rule_name != NULL)
		*rule_name = r ? r->name : NULL;
	return r ? r->value : NULL;
}

int tx_is_common_area(const struct tx_mappings *m, const struct tx_user_facts *u)
{
	return first_rule(m, m->common, m->n_common, u) != NULL;
}

int tx_is_virtual_user(const struct tx_mappings *m, const struct tx_user_facts *u)
{
	return first_rule(m, m->virt, m->n_virt, u) != NULL;
}

/* Copy a model template, replacing $1..$9 with the captured groups. */
static void expand(const struct tx_mappings *m, const char *tpl, const char *subject,
		   char *out, size_t outsz)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	uint32_t pairs = pcre2_get_ovector_count(m->md);
	size_t o = 0;
	for (const char *s = tpl; *s && o + 1 < outsz; s++) {
		if (s[0] == '$' && s[1] >= '1' && s[1] <= '9') {
			uint32_t g = (uint32_t)(s[1] - '0');
			if (g < pairs && ov[2 * g] != PCRE2_UNSET) {
				for (PCRE2_SIZE i = ov[2 * g]; i < ov[2 * g + 1] && o + 1 < outsz; i++)
					out[o++] = subject[i];
			}
			s++;
			continue;
		}
		out[o++] = *s;
	}
	out[o] = '\0';
}

int tx_device_model(const struct tx_mappings *m, const char *type, char *out, size_t outsz)
{
	out[0] = '\0';
	for (size_t i = 0; type != NULL && i < m->n_dev; i++) {
		if (!tx_re_match(m, m->dev[i].re, type))
			continue;
		if (m->dev[i].value == NULL)
			return 0;
		/* a third-party phone Cisco manages for this partner's orgs */
		const char *tpl = m->third_party_cisco && m->dev[i].alt ? m->dev[i].alt
									 : m->dev[i].value;
		expand(m, tpl, type, out, outsz);
		return 1;
	}
	return 0;
}

const char *tx_service_feature(const struct tx_mappings *m, const char *service, int *known)
{
	*known = 0;
	if (service == NULL)
		return NULL;
	/* the first rule that matches, or n_svc for none; remembered per name
	 * (the memo hangs off the mappings, which the rules never change) */
	size_t i;
	if (!tx_memo_get(m->svc_memo, service, &i)) {
		for (i = 0; i < m->n_svc && !tx_re_match(m, m->svc[i].re, service); i++)
			;
		tx_memo_put(m->svc_memo, service, i);
	}
	if (i == m->n_svc)
		return NULL;
	*known = 1;
	return m->svc[i].value;
}

static int has(const char *const *pkgs, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(pkgs[i], p) == 0)
			return 1;
	return 0;
}

const char *tx_package_unmet(const struct tx_mappings *m, const char *const *pkgs, size_t n,
			     const char **add)
{
	*add = NULL;
	for (size_t d = 0; d < m->n_dep; d++) {
		const struct tx_dep *dep = &m->dep[d];
		if (!has(pkgs, n, dep->pkg))
			continue;
		int met = 0;
		for (size_t j = 0; j < dep->n_any && !met; j++)
			met = has(pkgs, n, dep->any_of[j]);
		if (!met) {
			*add = dep->add;
			return dep->pkg;
		}
	}
	return NULL;
}
