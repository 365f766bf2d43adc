/*
 * mappings.c — loading the mapping rules: mappings/default.json plus the
 * files given with -m, merged section by section, patterns compiled once
 * with pcre2 (JIT when the platform has it). The matching itself lives in
 * rules.c; the file format is documented in docs/mappings.md.
 */
#include "transform/features.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *tx_read_file(const char *path, struct bwm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	if (strbuf_read_file(&sb, path, 0) != 0) {
		bwm_fail(err, BWM_EINPUT, "%s: cannot read: %s", path, strerror(errno));
		strbuf_free(&sb);
		return NULL;
	}
	if (sb.buf == NULL)
		strbuf_addstr(&sb, "");
	return strbuf_detach(&sb);
}

/* Parse a JSON configuration file; a syntax error names line and column. */
static cJSON *parse_file(const char *path, struct bwm_error *err)
{
	char *text = tx_read_file(path, err);
	if (text == NULL)
		return NULL;
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithOpts(text, &end, 1);
	if (doc == NULL || !cJSON_IsObject(doc)) {
		const char *at = end ? end : text;
		if (doc == NULL && cJSON_GetErrorPtr() != NULL)
			at = cJSON_GetErrorPtr();
		long line = 1, col = 1;
		for (const char *s = text; s < at && *s; s++) {
			if (*s == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		bwm_fail(err, BWM_EINPUT, "%s:%ld:%ld: not a valid JSON object; fix the syntax "
			 "near this position", path, line, col);
		cJSON_Delete(doc);
		doc = NULL;
	}
	free(text);
	return doc;
}

/* Tag each rule object with where it came from, so that a compile error
 * can name the file and the rule. */
static void tag_rules(cJSON *sec, const char *path, const char *name)
{
	int i = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, sec) {
		if (cJSON_IsObject(it) && !cJSON_HasObjectItem(it, "$at")) {
			char at[512];
			snprintf(at, sizeof at, "%s: %s[%d]", path, name, i);
			cJSON_AddStringToObject(it, "$at", at);
		}
		i++;
	}
}

/* A relative time-zone file name is relative to the file naming it. */
static void resolve_tz_path(cJSON *sec, const char *path)
{
	if (!cJSON_IsString(sec) || sec->valuestring[0] == '/')
		return;
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, path, (size_t)(slash - path + 1));
	strbuf_addstr(&sb, sec->valuestring);
	cJSON_SetValuestring(sec, sb.buf);
	strbuf_free(&sb);
}

static const char *const section_names[] = {
	"packages", "commonArea", "virtualUsers", "languages", "devices", "services",
	"countries", "callingCodes", "timeZones", "timeZoneAliases", "packageDependencies",
	"features", "featurePolicies", "deviceModels", "devicePolicies", "userSettings",
};

/* A section the loader reads, or a note for people ("comment", "_..."):
 * anything else is a misspelt section that would silently change nothing. */
static int known_section(const char *name)
{
	if (strcmp(name, "comment") == 0 || name[0] == '_')
		return 1;
	for (size_t i = 0; i < sizeof section_names / sizeof *section_names; i++)
		if (strcmp(name, section_names[i]) == 0)
			return 1;
	return 0;
}

static int unknown_section(const char *path, const char *name, struct bwm_error *err)
{
	struct strbuf list = STRBUF_INIT;
	for (size_t i = 0; i < sizeof section_names / sizeof *section_names; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", section_names[i]);
	int rc = bwm_fail(err, BWM_EINPUT, "%s: unknown section \"%s\": it would change nothing; "
			  "the sections are %s (NAME+ puts rules in front of NAME; \"comment\" and "
			  "names starting with _ are notes)", path, name, list.buf);
	strbuf_free(&list);
	return rc;
}

/* Merge the sections of doc (from path) into base. */
static int merge(cJSON *base, cJSON *doc, const char *path, struct bwm_error *err)
{
	cJSON *sec = doc->child;
	while (sec != NULL) {
		cJSON *next = sec->next;
		char name[128];
		snprintf(name, sizeof name, "%s", sec->string);
		size_t len = strlen(name);
		int prepend = len > 1 && name[len - 1] == '+';
		if (prepend)
			name[len - 1] = '\0';
		if (!known_section(name))
			return unknown_section(path, sec->string, err);
		if (cJSON_IsArray(sec))
			tag_rules(sec, path, sec->string);
		if (strcmp(name, "timeZones") == 0)
			resolve_tz_path(sec, path);
		cJSON_DetachItemViaPointer(doc, sec);
		cJSON *old = cJSON_GetObjectItemCaseSensitive(base, name);
		if (prepend && cJSON_IsArray(old) && cJSON_IsArray(sec)) {
			cJSON *it;
			while ((it = cJSON_DetachItemFromArray(sec, cJSON_GetArraySize(sec) - 1)) != NULL)
				cJSON_InsertItemInArray(old, 0, it);
			cJSON_Delete(sec);
		} else if (prepend && cJSON_IsObject(old) && cJSON_IsObject(sec)) {
			cJSON *it;
			while ((it = sec->child) != NULL) {
				cJSON_DetachItemViaPointer(sec, it);
				cJSON_DeleteItemFromObjectCaseSensitive(old, it->string);
				cJSON_AddItemToObject(old, it->string, it);
			}
			cJSON_Delete(sec);
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(base, name);
			cJSON_AddItemToObject(base, name, sec);
		}
		sec = next;
	}
	return BWM_OK;
}

pcre2_code *tx_re_compile(const char *pat, const char *where, struct bwm_error *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
				       &code, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		bwm_fail(err, BWM_EINPUT, "%s: pattern \"%s\" at offset %zu: %s; fix the "
			 "regular expression", where, pat, (size_t)off, (const char *)msg);
		return NULL;
	}
	/* JIT is an optimisation: when unavailable (or BWM_NO_JIT, for
	 * valgrind) the interpreter still works. */
	if (bwm_jit_enabled())
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static const char *where_of(const cJSON *rule, const char *dflt)
{
	return json_str_or(rule, "$at", dflt);
}

static int compile_opt(pcre2_code **out, const cJSON *when, const char *name,
		       const char *where, struct bwm_error *err)
{
	const char *pat = json_str(when, name);
	*out = NULL;
	if (pat == NULL)
		return BWM_OK;
	char w[640];
	snprintf(w, sizeof w, "%s.when.%s", where, name);
	*out = tx_re_compile(pat, w, err);
	return *out ? BWM_OK : BWM_EINPUT;
}

static int tri(const cJSON *when, const char *name)
{
	return json_bool(when, name, -1);
}

/* Compile a list of {name, when, <value_key>} rules. */
static int load_rules(struct tx_rule **out, size_t *n, const cJSON *sec, const char *secname,
		      const char *value_key, struct bwm_error *err)
{
	*out = NULL;
	*n = 0;
	if (sec == NULL)
		return BWM_OK;
	if (!cJSON_IsArray(sec))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"%s\" must be an array of rules",
				secname);
	*out = xcalloc((size_t)cJSON_GetArraySize(sec) + 1, sizeof **out);
	const cJSON *r;
	cJSON_ArrayForEach(r, sec) {
		struct tx_rule *x = &(*out)[*n];
		const char *where = where_of(r, secname);
		const cJSON *when = cJSON_GetObjectItemCaseSensitive(r, "when");
		x->name = xstrdup(json_str_or(r, "name", where));
		(*n)++;
		if (value_key != NULL) {
			const char *v = json_str(r, value_key);
			if (v == NULL || tx_package_rank(v) < 0)
				return bwm_fail(err, BWM_EINPUT, "%s: \"%s\" must be a Wholesale package "
						"name (see docs/mappings.md)", where, value_key);
			x->value = xstrdup(v);
		}
		if (compile_opt(&x->when.service, when, "service", where, err) ||
		    compile_opt(&x->when.pack, when, "pack", where, err) ||
		    compile_opt(&x->when.device, when, "device", where, err) ||
		    compile_opt(&x->when.user_id, when, "userId", where, err) ||
		    compile_opt(&x->when.first_name, when, "firstName", where, err) ||
		    compile_opt(&x->when.last_name, when, "lastName", where, err))
			return BWM_EINPUT;
		x->when.agent = tri(when, "agent");
		x->when.is_place = tri(when, "isPlace");
		x->when.trunk = tri(when, "trunk");
	}
	return BWM_OK;
}

/* Compile a list of {match, <value_key>} rules; a null value is kept NULL. */
static int load_pats(struct tx_pat **out, size_t *n, const cJSON *sec, const char *secname,
		     const char *value_key, const char *none_word, struct bwm_error *err)
{
	*out = NULL;
	*n = 0;
	if (sec == NULL)
		return BWM_OK;
	if (!cJSON_IsArray(sec))
		return bwm_fail(err, BWM_EINPUT, "mappings: section \"%s\" must be an array", secname);
	*out = xcalloc((size_t)cJSON_GetArraySize(sec) + 1, sizeof **out);
	const cJSON *r;
	cJSON_ArrayForEach(r, sec) {
		const char *where = where_of(r, secname);
		const char *pat = json_str(r, "match");
		if (pat == NULL)
			return bwm_fail(err, BWM_EINPUT, "%s: rule has no \"match\" pattern", where);
		struct tx_pat *x = &(*out)[(*n)++];
		const char *v = json_str(r, value_key);
		if (v != NULL && (none_word == NULL || strcmp(v, none_word) != 0))
			x->value = xstrdup(v);
		const char *alt = json_str(r, "ciscoManaged");
		if (alt != NULL && x->value != NULL)
			x->alt = xstrdup(alt);
		x->re = tx_re_compile(pat, where, err);
		if (x->re == NULL)
			return BWM_EINPUT;
	}
	return BWM_OK;
}

static int load_deps(struct tx_mappings *m, const cJSON *sec, struct bwm_error *err)
{
	if (sec == NULL)
		return BWM_OK;
	m->dep = xcalloc((size_t)cJSON_GetArraySize(sec) + 1, sizeof *m->dep);
	const cJSON *d;
	cJSON_ArrayForEach(d, sec) {
		const cJSON *any = cJSON_GetObjectItemCaseSensitive(d, "anyOf");
		if (!cJSON_IsArray(any))
			return bwm_fail(err, BWM_EINPUT, "mappings: packageDependencies.%s needs an "
					"\"anyOf\" array of package names", d->string);
		struct tx_dep *x = &m->dep[m->n_dep++];
		x->pkg = xstrdup(d->string);
		x->any_of = xcalloc((size_t)cJSON_GetArraySize(any) + 1, sizeof *x->any_of);
		const cJSON *a;
		cJSON_ArrayForEach(a, any)
			if (cJSON_IsString(a))
				x->any_of[x->n_any++] = xstrdup(a->valuestring);
		const char *add = json_str(d, "add");
		x->add = add ? xstrdup(add) : NULL;
	}
	return BWM_OK;
}

/* "userSettings": how a per-user setting whose admin path is outside
 * the shared OpenAPI files is treated ("carry" or "report"). */
static int user_settings_load(struct tx_mappings *m, const cJSON *sec, struct bwm_error *err)
{
	static const char *const known[] = { "simultaneousRing", NULL };
	if (tx_kv_load(&m->uset, &m->n_uset, sec, 0, "userSettings", err) != BWM_OK)
		return BWM_EINPUT;
	for (size_t i = 0; i < m->n_uset; i++) {
		const char *k = m->uset[i].k, *v = m->uset[i].v;
		if (strcmp(k, "comment") == 0 || k[0] == '_')
			continue;
		size_t j = 0;
		while (known[j] != NULL && strcmp(known[j], k) != 0)
			j++;
		if (known[j] == NULL)
			return bwm_fail(err, BWM_EINPUT, "mappings: userSettings has no setting "
					"\"%s\"; the one known is \"simultaneousRing\"", k);
		if (strcmp(v, "carry") != 0 && strcmp(v, "report") != 0)
			return bwm_fail(err, BWM_EINPUT, "mappings: userSettings.%s must be "
					"\"carry\" or \"report\", not \"%s\"", k, v);
	}
	return BWM_OK;
}

static int compile_all(struct tx_mappings *m, const cJSON *doc, const char *path,
		       struct bwm_error *err)
{
#define SEC(n) cJSON_GetObjectItemCaseSensitive(doc, n)
	if (load_rules(&m->pkg, &m->n_pkg, SEC("packages"), "packages", "package", err) ||
	    load_rules(&m->common, &m->n_common, SEC("commonArea"), "commonArea", NULL, err) ||
	    load_rules(&m->virt, &m->n_virt, SEC("virtualUsers"), "virtualUsers", NULL, err) ||
	    load_pats(&m->lang, &m->n_lang, SEC("languages"), "languages", "locale", NULL, err) ||
	    load_pats(&m->dev, &m->n_dev, SEC("devices"), "devices", "model", "unsupported", err) ||
	    load_pats(&m->svc, &m->n_svc, SEC("services"), "services", "feature", NULL, err) ||
	    tx_kv_load(&m->country, &m->n_country, SEC("countries"), 1, "countries", err) ||
	    tx_kv_load(&m->ccode, &m->n_ccode, SEC("callingCodes"), 0, "callingCodes", err) ||
	    tx_kv_load(&m->tzalias, &m->n_tzalias, SEC("timeZoneAliases"), 0, "timeZoneAliases", err) ||
	    load_deps(m, SEC("packageDependencies"), err) ||
	    tx_kv_load(&m->feat, &m->n_feat, SEC("features"), 0, "features", err) ||
	    user_settings_load(m, SEC("userSettings"), err) ||
	    tx_timezones_load(m, SEC("timeZones"), path, err) ||
	    tx_feature_policy_load(&m->fp, SEC("featurePolicies"), err) ||
	    tx_device_models_load(m, SEC("deviceModels"), SEC("devicePolicies"), err))
		return BWM_EINPUT;
#undef SEC
	if (m->n_pkg == 0)
		return bwm_fail(err, BWM_EINPUT, "%s: no \"packages\" rules; every user needs one "
				"package (see docs/mappings.md)", path);
	return BWM_OK;
}

int tx_mappings_load(struct tx_mappings **out, const char *default_path,
		     const char *const *extra, size_t n_extra, struct bwm_error *err)
{
	*out = NULL;
	cJSON *base = parse_file(default_path, err);
	if (base == NULL)
		return BWM_EINPUT;
	cJSON *tmp = cJSON_CreateObject();
	int mrc = merge(tmp, base, default_path, err);
	cJSON_Delete(base);
	base = tmp;
	/* the device rules and models live in their own file beside it */
	char *dev = tx_devices_companion(default_path);
	if (dev != NULL && mrc == BWM_OK) {
		cJSON *doc = parse_file(dev, err);
		mrc = doc ? merge(base, doc, dev, err) : BWM_EINPUT;
		cJSON_Delete(doc);
	}
	free(dev);
	for (size_t i = 0; i < n_extra && mrc == BWM_OK; i++) {
		cJSON *doc = parse_file(extra[i], err);
		if (doc == NULL) {
			cJSON_Delete(base);
			return BWM_EINPUT;
		}
		mrc = merge(base, doc, extra[i], err);
		cJSON_Delete(doc);
	}
	if (mrc != BWM_OK) {
		cJSON_Delete(base);
		return mrc;
	}
	struct tx_mappings *m = xcalloc(1, sizeof *m);
	m->md = pcre2_match_data_create(10, NULL);
	m->svc_memo = tx_memo_new();
	int rc = compile_all(m, base, default_path, err);
	cJSON_Delete(base);
	if (rc != BWM_OK) {
		tx_mappings_free(m);
		return rc;
	}
	*out = m;
	return BWM_OK;
}

static void free_when(struct tx_when *w)
{
	pcre2_code_free(w->service);
	pcre2_code_free(w->pack);
	pcre2_code_free(w->device);
	pcre2_code_free(w->user_id);
	pcre2_code_free(w->first_name);
	pcre2_code_free(w->last_name);
}

static void free_rules(struct tx_rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].name);
		free(r[i].value);
		free_when(&r[i].when);
	}
	free(r);
}

static void free_pats(struct tx_pat *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pcre2_code_free(p[i].re);
		free(p[i].value);
		free(p[i].alt);
	}
	free(p);
}

static void free_kv(struct tx_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].k);
		free(kv[i].v);
	}
	free(kv);
}

void tx_mappings_free(struct tx_mappings *m)
{
	if (m == NULL)
		return;
	/* A rule array may be partly built after an error: count the slot
	 * being filled too (calloc'ed, so its NULLs are harmless). */
	free_rules(m->pkg, m->n_pkg);
	free_rules(m->common, m->n_common);
	free_rules(m->virt, m->n_virt);
	free_pats(m->lang, m->n_lang);
	free_pats(m->dev, m->n_dev);
	free_pats(m->svc, m->n_svc);
	free_kv(m->country, m->n_country);
	free_kv(m->ccode, m->n_ccode);
	free_kv(m->tzalias, m->n_tzalias);
	free_kv(m->feat, m->n_feat);
	free_kv(m->uset, m->n_uset);
	for (size_t i = 0; i < m->n_tz; i++)
		free(m->tz[i]);
	free(m->tz);
	for (size_t i = 0; i < m->n_dep; i++) {
		for (size_t j = 0; j < m->dep[i].n_any; j++)
			free(m->dep[i].any_of[j]);
		free(m->dep[i].any_of);
		free(m->dep[i].pkg);
		free(m->dep[i].add);
	}
	free(m->dep);
	tx_feature_policy_free(m->fp);
	tx_device_models_free(m);
	pcre2_match_data_free(m->md);
	tx_memo_free(m->svc_memo);
	free(m);
}
