// SPDX-License-Identifier: GPL-2.0
/* Helpers the host sides of the scenarios share. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "scenario_util.h"

/* An M line's row into s; a malformed one is said and dropped. */
static void keep_metric(struct mhp_sample *s, const struct mhp_msg *m)
{
	if (mhp_scn_take_metric(s, m))
		fprintf(stderr, "mhpbench: ignoring a malformed metric from the guest\n");
}

int mhp_scn_expect(struct mhp_guest *g, const char *verb, int timeout_ms,
		   struct mhp_sample *s)
{
	struct mhp_msg m;
	int ret;

	/* Rows before the verb are kept: a guest that fails says why. */
	for (;;) {
		ret = mhp_guest_recv(g, &m, timeout_ms);
		if (ret || (strcmp(m.verb, "HELLO") && strcmp(m.verb, "M")))
			break;
		if (!strcmp(m.verb, "M"))
			keep_metric(s, &m);
	}
	if (ret == 0 && !strcmp(m.verb, verb))
		return 0;
	if (ret == 0 && !strcmp(m.verb, "DONE")) {
		snprintf(s->reason, sizeof(s->reason), "guest: %s",
			 mhp_msg_get(&m, "reason") ?: "error");
		s->outcome = MHP_GUEST_ERROR;
	} else if (ret == 0) {
		snprintf(s->reason, sizeof(s->reason),
			 "guest said %s, expected %s", m.verb, verb);
		s->outcome = MHP_GUEST_ERROR;
	} else {
		s->outcome = mhp_guest_diagnose(g, s->reason, sizeof(s->reason));
	}
	return -1;
}

int mhp_scn_take_metric(struct mhp_sample *s, const struct mhp_msg *m)
{
	const char *block = mhp_msg_get(m, "block");
	const char *metric = mhp_msg_get(m, "metric");
	const char *unit = mhp_msg_get(m, "unit");
	long long v, b = -1;
	char *end;

	if (!block || !metric || !unit || mhp_msg_get_ll(m, "value", &v))
		return -1;
	if (block[0] == 't') {
		b = strtoll(block + 1, &end, 10);
		if (end == block + 1 || *end || b < 0)
			return -1;
		return mhp_sample_add_t(s, b, metric, v, unit);
	}
	if (strcmp(block, "all") && (mhp_msg_get_ll(m, "block", &b) || b < 0))
		return -1;
	return mhp_sample_add(s, b, metric, v, unit);
}

static const struct mhp_scn_verb *verb_find(const struct mhp_scn_verb *verbs,
					    const char *verb)
{
	for (; verbs && verbs->verb; verbs++)
		if (!strcmp(verbs->verb, verb))
			return verbs;
	return NULL;
}

int mhp_scn_collect_on(struct mhp_guest *g, int timeout_ms,
		       struct mhp_sample *s, const struct mhp_scn_verb *verbs,
		       void *arg)
{
	const struct mhp_scn_verb *v;
	struct mhp_msg m;

	for (;;) {
		if (mhp_guest_recv(g, &m, timeout_ms)) {
			s->outcome = mhp_guest_diagnose(g, s->reason,
							sizeof(s->reason));
			return -1;
		}
		if (!strcmp(m.verb, "M")) {
			keep_metric(s, &m);
			continue;
		}
		v = verb_find(verbs, m.verb);
		if (v) {
			if (v->on(&m, arg))
				return -1;
			continue;
		}
		if (strcmp(m.verb, "DONE"))
			continue;
		if (!strcmp(mhp_msg_get(&m, "status") ?: "", "ok"))
			return 0;
		snprintf(s->reason, sizeof(s->reason), "guest: %s",
			 mhp_msg_get(&m, "reason") ?: "error");
		s->outcome = MHP_GUEST_ERROR;
		return -1;
	}
}

int mhp_scn_collect(struct mhp_guest *g, int timeout_ms, struct mhp_sample *s)
{
	return mhp_scn_collect_on(g, timeout_ms, s, NULL, NULL);
}

double mhp_scn_get(const struct mhp_sample *s, const char *metric)
{
	double v;

	return mhp_sample_get(s, metric, &v) ? v : -1;
}

bool mhp_scn_diff(const struct mhp_sample *s, const char *a, const char *b,
		  double *d)
{
	double x, y;

	if (!mhp_sample_get(s, a, &x) || !mhp_sample_get(s, b, &y))
		return false;
	*d = y - x;
	return true;
}

void mhp_scn_per_block(const struct mhp_sample *s, const char *metric,
		       double *sum, double *max)
{
	int i;

	*sum = 0;
	*max = -1;
	for (i = 0; i < s->nrows; i++) {
		const struct mhp_row *r = &s->rows[i];

		if (r->block < 0 || strcmp(r->metric, metric))
			continue;
		*sum += r->value;
		if (r->value > *max)
			*max = r->value;
	}
}

bool mhp_scn_block_get(const struct mhp_sample *s, long block,
		       const char *metric, double *v)
{
	int i;

	for (i = 0; i < s->nrows; i++)
		if (s->rows[i].block == block && !strcmp(s->rows[i].metric, metric)) {
			*v = s->rows[i].value;
			return true;
		}
	return false;
}

int mhp_scn_host_nodes(void)
{
	DIR *d = opendir("/sys/devices/system/node");
	struct dirent *de;
	int n = 0;

	if (!d)
		return 1;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "node", 4) &&
		    de->d_name[4] >= '0' && de->d_name[4] <= '9')
			n++;
	closedir(d);
	return n ? n : 1;
}

int mhp_scn_arm_add(const struct mhp_ctx *ctx, struct mhp_guest *g,
		    struct mhp_sample *s, int node, int timeout_ms)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	uint64_t qmp_us;
	char err[256];

	if (mhp_scn_expect(g, "ARMED", timeout_ms, s))
		return -1;
	/* Before GO: its QMP queries are not to delay the plug's wait. */
	if (hp->rows)
		hp->rows(g, s);
	mhp_guest_send(g, "GO");
	if (hp->add(g, s->size, node, &qmp_us, err, sizeof(err))) {
		snprintf(s->reason, sizeof(s->reason), "hot-add: %s", err);
		s->outcome = MHP_HOST_ERROR;
		return -1;
	}
	/* A request to a device (virtio-mem) is not yet its plug. */
	mhp_sample_add(s, -1, hp->wait ? "qmp_plug_request_us" :
		       "qmp_device_add_us", qmp_us, "us");
	/* The truth check wants every block on this node. */
	mhp_sample_add(s, -1, "dimm_node", node, "node");
	return 0;
}
