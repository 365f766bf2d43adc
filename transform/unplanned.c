/*
 * unplanned.c — what the inventory holds that the plan does not: the ONE
 * table of inventory kinds transform reads but does not plan yet, and
 * the finding each of their records gets, so that the validation report
 * says per customer what will not exist in Webex after cutover and what
 * to do about it by hand.
 *
 * When a kind becomes planned, its line leaves this table and nothing
 * else here changes. A record of a kind transform does not know at all
 * (an inventory from a newer extract) is reported the same way: nothing
 * read may vanish without a word.
 */
#include "transform/internal.h"

#include <string.h>

/* One kind that is read but not planned. */
struct unplanned_kind {
	const char *kind;        /* inventory kind */
	const char *what;        /* for people, singular */
	enum tx_severity sev;
	const char *fix;         /* what to do by hand */
};

static const struct unplanned_kind unplanned[] = {
	{ "unread", "unread command family", TX_WARNING,
	  "look at these responses in the export and re-create what they configure in Webex "
	  "by hand" },
};

#define N_UNPLANNED (sizeof unplanned / sizeof unplanned[0])

/* Kinds transform knows and plans (or reports otherwise). */
static const char *const known_kinds[] = {
	"enterprise", "group", "user", "number", "service", "source_error", "user_setting",
	"schedule", "hunt_group", "call_center", "auto_attendant", "call_park", "call_pickup",
	"paging_group", "device", "call_park_settings",
};

size_t tx_unplanned_count(void)
{
	return N_UNPLANNED;
}

const char *tx_unplanned_name(size_t i)
{
	return i < N_UNPLANNED ? unplanned[i].kind : "other";
}

int tx_unplanned_index(const char *kind)
{
	for (size_t i = 0; i < N_UNPLANNED; i++)
		if (strcmp(unplanned[i].kind, kind) == 0)
			return (int)i;
	for (size_t i = 0; i < sizeof known_kinds / sizeof known_kinds[0]; i++)
		if (strcmp(known_kinds[i], kind) == 0)
			return -1;
	return (int)N_UNPLANNED;   /* unknown kind: "other" */
}

/* How people recognise the record: its name, setting or command. */
static const char *label(const cJSON *r)
{
	const char *s = json_str(r, "name");
	if (s == NULL)
		s = json_str(r, "setting");
	if (s == NULL)
		s = json_str(r, "command");
	return s != NULL ? s : json_str_or(r, "id", "");
}

static void finding(struct tx_ctx *c, const cJSON *r, size_t i, struct tx_cust_sum *sum)
{
	const char *kind = json_str(r, "kind");
	char obj[512];
	snprintf(obj, sizeof obj, "%s:%s", kind, json_str_or(r, "key", ""));
	sum->unplanned[i]++;
	c->f->unplanned[i]++;
	if (i == N_UNPLANNED) {
		tx_finding(c->f, TX_WARNING, "not_migrated", obj, r,
			   "extract and transform with the same bwmigrate version, or re-create it "
			   "in Webex by hand", "%s record \"%s\" is of a kind this transform does not "
			   "know: it will not exist in Webex after cutover", kind, label(r));
		return;
	}
	const struct unplanned_kind *u = &unplanned[i];
	if (strcmp(kind, "unread") == 0) {
		long n = (long)json_num(r, "count", 1);
		tx_finding(c->f, u->sev, "not_migrated", obj, r, u->fix, "%ld %s response%s could "
			   "not be read by the extractor: what %s will not exist in Webex after "
			   "cutover", n, label(r), n == 1 ? "" : "s", n == 1 ? "it holds" : "they hold");
		return;
	}
	const char *owner = json_str(r, "user");
	tx_finding(c->f, u->sev, "not_migrated", obj, r, u->fix, "%s \"%s\"%s%s is not migrated: "
		   "it will not exist in Webex after cutover", u->what, label(r),
		   owner ? " of " : "", owner ? owner : "");
}

/* 1 when record r belongs to the customer made of groups gs: its group
 * is one of them, or (no known group) the customer is the enterprise's
 * first. */
static int belongs(const struct tx_ent *e, const cJSON *r, struct tx_grp *const *gs, size_t n_g,
		   int first)
{
	if (n_g == e->n_grp)
		return first;
	const struct tx_grp *g = tx_map_get(&e->grp_by_id, json_str(r, "group"));
	if (g == NULL)
		return first;
	for (size_t i = 0; i < n_g; i++)
		if (gs[i] == g)
			return 1;
	return 0;
}

void tx_unplanned_findings(struct tx_ctx *c, struct tx_ent *e, struct tx_grp *const *gs,
			   size_t n_g, int first, struct tx_cust_sum *sum)
{
	const struct tx_list *lists[] = { &e->groups, &e->users, &e->numbers, &e->devices,
					  &e->services, &e->virt, &e->settings, &e->errors };
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
		for (size_t j = 0; j < lists[l]->n; j++) {
			const cJSON *r = lists[l]->v[j];
			int i = tx_unplanned_index(json_str_or(r, "kind", ""));
			if (i >= 0 && belongs(e, r, gs, n_g, first))
				finding(c, r, (size_t)i, sum);
		}
	}
}
