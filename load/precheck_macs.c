/*
 * precheck_macs.c — `load --precheck` for devices: the MAC address of every
 * device entry is put to POST /telephony/config/devices/actions/validateMacs/invoke
 * before cutover, in batches of PRECHECK_MACS_BATCH, so that a MAC Webex
 * refuses (in use in another org, malformed, twice in the plan) is known
 * while BroadWorks still serves the phone.
 *
 * The first device of a batch carries the request; the answer's macStatus
 * [{mac, state, errorCode?, message?}] settles every device of the batch:
 * AVAILABLE passes, anything else is a precheck refusal listed under the
 * device's key. Nothing exists in Webex yet, so no orgId is sent (the API
 * then checks the MACs for the partner, across its customers).
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PRECHECK_MACS_PATH "/telephony/config/devices/actions/validateMacs/invoke"
#define PRECHECK_MACS_BATCH 100

/* The device entries of the run in plan order; entry i's batch starts at
 * the position of its leader. */
struct mac_batches {
	size_t *dev;     /* plan indexes of the device entries checked */
	size_t n;
	long *pos;       /* per plan entry: its position in dev, or -1 */
};

static struct mac_batches *batches(struct run *r)
{
	return r->mode;
}

/* The MAC of device entry i as planned (caller frees), or NULL. */
static char *planned_mac(struct run *r, size_t i)
{
	cJSON *rec = NULL;
	if (plan_record(&r->plan, i, &rec, NULL) != BWM_OK)
		return NULL;
	const char *mac = json_str(cJSON_GetObjectItemCaseSensitive(rec, "body"), "mac");
	char *out = mac ? xstrdup(mac) : NULL;
	cJSON_Delete(rec);
	return out;
}

int precheck_macs_wanted(const struct run *r, size_t i)
{
	return strcmp(r->plan.v[i].kind, "device") == 0 && !r->plan.v[i].blocked;
}

void precheck_macs_init(struct run *r)
{
	struct mac_batches *b = xcalloc(1, sizeof *b);
	b->dev = xcalloc(r->plan.n + 1, sizeof *b->dev);
	b->pos = xcalloc(r->plan.n + 1, sizeof *b->pos);
	for (size_t i = 0; i < r->plan.n; i++) {
		b->pos[i] = -1;
		if (r->e[i].in_scope && precheck_macs_wanted(r, i)) {
			b->pos[i] = (long)b->n;
			b->dev[b->n++] = i;
		}
	}
	r->mode = b;
}

void precheck_macs_free(struct run *r)
{
	struct mac_batches *b = batches(r);
	if (b != NULL) {
		free(b->dev);
		free(b->pos);
		free(b);
	}
	r->mode = NULL;
}

int precheck_macs_leader(const struct run *r, size_t i)
{
	const struct mac_batches *b = r->mode;
	return b != NULL && b->pos[i] >= 0 && b->pos[i] % PRECHECK_MACS_BATCH == 0;
}

/* Positions [*from, *to) of the batch led by i. */
static void batch_range(const struct mac_batches *b, size_t i, size_t *from, size_t *to)
{
	*from = (size_t)b->pos[i];
	*to = *from + PRECHECK_MACS_BATCH < b->n ? *from + PRECHECK_MACS_BATCH : b->n;
}

void precheck_macs_dispatch(struct run *r, size_t i)
{
	struct mac_batches *b = batches(r);
	size_t from, to;
	batch_range(b, i, &from, &to);
	cJSON *body = cJSON_CreateObject();
	cJSON *macs = cJSON_AddArrayToObject(body, "macs");
	for (size_t k = from; k < to; k++) {
		char *mac = planned_mac(r, b->dev[k]);
		cJSON_AddItemToArray(macs, cJSON_CreateString(mac ? mac : ""));
		free(mac);
	}
	char *url = request_url(r, PRECHECK_MACS_PATH, NULL);
	request_send(r, i, "POST", url, body, TAG_VALIDATE, PRECHECK_MACS_PATH);
	r->e[i].busy = 0;   /* precheck does not track busy entries */
	free(url);
	cJSON_Delete(body);
}

/* The status of mac in the answer: the n-th element (the API answers in
 * request order), or the element naming it. */
static const cJSON *status_of(const cJSON *list, size_t n, const char *mac)
{
	const cJSON *it = cJSON_GetArrayItem(list, (int)n);
	if (it && mac && strcasecmp(json_str_or(it, "mac", ""), mac) == 0)
		return it;
	cJSON_ArrayForEach(it, list)
		if (mac && strcasecmp(json_str_or(it, "mac", ""), mac) == 0)
			return it;
	return NULL;
}

static void refuse(struct run *r, size_t i, long http, const cJSON *code, const char *text)
{
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "kind", r->plan.v[i].kind);
	cJSON_AddStringToObject(f, "key", r->plan.v[i].key);
	cJSON_AddNumberToObject(f, "http", (double)http);
	if (cJSON_IsNumber(code))
		cJSON_AddNumberToObject(f, "code", code->valuedouble);
	cJSON_AddStringToObject(f, "description", text);
	cJSON_AddItemToArray(r->precheck, f);
	free(r->e[i].last_error);
	r->e[i].last_error = xstrdup(text);
	r->e[i].state = JS_FAILED;
	r->sum->precheck_failed++;
}

/* Settle every device of the batch led by i from answer b (NULL: the
 * request was refused; every device of the batch gets text). */
void precheck_macs_settle(struct run *r, size_t i, long http, const cJSON *b,
			  const char *text)
{
	struct mac_batches *mb = batches(r);
	size_t from, to;
	batch_range(mb, i, &from, &to);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(b, "macStatus");
	for (size_t k = from; k < to; k++) {
		size_t d = mb->dev[k];
		char *mac = planned_mac(r, d);
		const cJSON *st = b ? status_of(list, k - from, mac) : NULL;
		const char *state = json_str(st, "state");
		if (state && strcmp(state, "AVAILABLE") == 0) {
			r->e[d].state = JS_DONE;
		} else {
			struct strbuf sb = STRBUF_INIT;
			if (b == NULL)
				strbuf_addf(&sb, "MAC %s not validated: %s", mac ? mac : "?", text);
			else if (st == NULL)
				strbuf_addf(&sb, "MAC %s: not in the validateMacs answer", mac ? mac : "?");
			else
				strbuf_addf(&sb, "MAC %s: %s%s%s", mac ? mac : "?", state ? state : "?",
					    json_str(st, "message") ? ": " : "",
					    json_str_or(st, "message", ""));
			refuse(r, d, http, cJSON_GetObjectItemCaseSensitive(st, "errorCode"), sb.buf);
			strbuf_free(&sb);
		}
		free(mac);
	}
}
