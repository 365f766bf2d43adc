/*
 * build_supervisor.c — BroadWorks call center supervisors -> one plan
 * `queue_supervisor` entry per supervisor of the customer
 * (POST /telephony/config/supervisors {id, agents[{id}]}), keyed by the
 * supervisor's subscriber key. BroadWorks names supervisors per call
 * center (GroupCallCenterGetSupervisorListResponse16); Webex keeps one
 * supervisor with one list of agents, so a supervisor of several call
 * centers gets the union of their agents, in the order first met.
 *
 * The supervisor's id is its person id and the create answers 201 with
 * no body: `createdId` tells the load the id, and the crash-rule lookup
 * finds the supervisor in GET /telephony/config/supervisors by that id.
 * Only people can be supervisors and supervised agents here; anyone else
 * is left out with a `feature_member_left_out` finding on the call center.
 */
#include "transform/features.h"

#include <stdlib.h>
#include <string.h>

struct sup {
	char *uid;                    /* BroadWorks user id (owned) */
	cJSON *x;                     /* the entry, NULL when it cannot be planned */
};

struct sups {
	struct sup *v;
	size_t n, cap;
};

static struct sup *find(struct sups *s, const char *uid)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].uid, uid) == 0)
			return &s->v[i];
	return NULL;
}

/* The entry for supervisor uid (a person of the plan), or NULL after a
 * finding on the call center f. */
static cJSON *new_entry(struct tx_qfeat *f, const char *uid)
{
	cJSON *x = tx_entry_new("queue_supervisor", "", NULL, "POST", "/telephony/config/supervisors");
	cJSON *id = tx_qfeat_person(f, x, uid, "supervisor");
	if (id == NULL) {
		cJSON_Delete(x);
		return NULL;
	}
	/* "subscriber:KEY#personId" -> KEY */
	char *key = xstrdup(json_str(id, "$ref") + strlen("subscriber:"));
	*strrchr(key, '#') = '\0';
	cJSON_SetValuestring(cJSON_GetObjectItem(x, "key"), key);
	cJSON_AddItemToObject(cJSON_GetObjectItem(x, "params"), "orgId",
			      tx_ref("customer:%s#orgId", f->r->cust_key));
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddItemToObject(body, "id", id);
	cJSON_AddArrayToObject(body, "agents");
	cJSON_AddItemToObject(x, "createdId", cJSON_Duplicate(id, 1));
	cJSON *lk = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lk, "path", "/telephony/config/supervisors");
	cJSON_AddItemToObject(cJSON_AddObjectToObject(lk, "query"), "orgId",
			      tx_ref("customer:%s#orgId", f->r->cust_key));
	cJSON_AddStringToObject(lk, "items", "supervisors");
	cJSON_AddItemToObject(cJSON_AddObjectToObject(lk, "match"), "id", cJSON_Duplicate(id, 1));
	cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "delete"), "path",
				"/telephony/config/supervisors/{id}");
	cJSON_AddArrayToObject(x, "source");
	free(key);
	return x;
}

static int has_agent(const cJSON *agents, const char *ref)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, agents)
		if (strcmp(json_str_or(cJSON_GetObjectItem(a, "id"), "$ref", ""), ref) == 0)
			return 1;
	return 0;
}

/* Call center f's agents into supervisor s's entry. */
static void add_agents(struct tx_qfeat *f, cJSON *x)
{
	cJSON *agents = cJSON_GetObjectItem(cJSON_GetObjectItem(x, "body"), "agents");
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(f->rec, "agents")) {
		cJSON *id = tx_qfeat_person(f, x, json_str(a, "userId"), "supervised agent");
		if (id == NULL)
			continue;
		if (has_agent(agents, json_str(id, "$ref"))) {
			cJSON_Delete(id);
			continue;
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", id);
		cJSON_AddItemToArray(agents, o);
	}
	tx_qfeat_depend(x, "call_queue", f->key);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "source"), cJSON_CreateString(f->obj));
}

static void one_queue(struct tx_qfeat_run *r, const cJSON *rec, struct tx_grp *g, struct sups *s)
{
	struct tx_qfeat f;
	tx_qfeat_init(&f, r, rec, g, "call_queue");
	const cJSON *u;
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(rec, "supervisors")) {
		if (!cJSON_IsString(u))
			continue;
		struct sup *p = find(s, u->valuestring);
		if (p == NULL) {
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 8;
				s->v = xrealloc(s->v, s->cap * sizeof *s->v);
			}
			p = &s->v[s->n++];
			p->uid = xstrdup(u->valuestring);
			p->x = new_entry(&f, u->valuestring);
		}
		if (p->x != NULL)   /* else its finding is written once */
			add_agents(&f, p->x);
	}
	tx_qfeat_free(&f);
}

int tx_plan_supervisors(struct tx_qfeat_run *r)
{
	struct sups s = { 0 };
	for (size_t i = 0; i < r->e->virt.n; i++) {
		const cJSON *rec = r->e->virt.v[i];
		if (strcmp(json_str(rec, "kind"), "call_center") != 0)
			continue;
		for (size_t j = 0; j < r->n_g; j++)
			if (strcmp(r->gs[j]->id, json_str_or(rec, "group", "")) == 0)
				one_queue(r, rec, r->gs[j], &s);
	}
	int rc = BWM_OK;
	for (size_t i = 0; i < s.n; i++) {
		cJSON *x = s.v[i].x;
		if (x != NULL && rc == BWM_OK &&
		    cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(x, "body"), "agents")) > 0) {
			const struct tx_list_ids *l[] = { r->cb, NULL };
			tx_entry_block(x, l);
			rc = r->emit(r->c, x, r->batch, r->sum);
		} else {
			cJSON_Delete(x);
		}
		free(s.v[i].uid);
	}
	free(s.v);
	return rc;
}
