// SPDX-License-Identifier: GPL-2.0
/* One sample's measurements. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "mhpbench.h"

static const char *const outcome_names[] = {
	[MHP_OK] = "ok",
	[MHP_INVALID] = "invalid",
	[MHP_GUEST_ERROR] = "guest-error",
	[MHP_PANIC] = "panic",
	[MHP_TIMEOUT] = "timeout",
	[MHP_QEMU_EXIT] = "qemu-exit",
	[MHP_HOST_ERROR] = "host-error",
	[MHP_NOT_APPLICABLE] = "not-applicable",
};

const char *mhp_outcome_name(enum mhp_outcome o)
{
	return outcome_names[o];
}

int mhp_sample_add(struct mhp_sample *s, long block, const char *metric,
		   double value, const char *unit)
{
	struct mhp_row *r;

	if (s->nrows == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		struct mhp_row *n = realloc(s->rows, cap * sizeof(*n));

		if (!n)
			return -1;
		s->rows = n;
		s->cap = cap;
	}
	r = &s->rows[s->nrows++];
	r->block = block < 0 ? -1 : block;
	r->t_ms = 0;
	r->value = value;
	snprintf(r->metric, sizeof(r->metric), "%s", metric);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	return 0;
}

int mhp_sample_add_t(struct mhp_sample *s, long t_ms, const char *metric,
		     double value, const char *unit)
{
	if (t_ms < 0 || mhp_sample_add(s, -1, metric, value, unit))
		return -1;
	s->rows[s->nrows - 1].block = MHP_ROW_TIME;
	s->rows[s->nrows - 1].t_ms = t_ms;
	return 0;
}

bool mhp_sample_get(const struct mhp_sample *s, const char *metric, double *v)
{
	int i;

	for (i = 0; i < s->nrows; i++)
		if (s->rows[i].block == -1 && !strcmp(s->rows[i].metric, metric)) {
			*v = s->rows[i].value;
			return true;
		}
	return false;
}

unsigned int mhp_sample_struct_page(const struct mhp_sample *s)
{
	double v;

	if (mhp_sample_get(s, "struct_page_bytes", &v) && v > 0)
		return v;
	return s->kernel->struct_page_bytes;
}

void mhp_sample_free(struct mhp_sample *s)
{
	free(s->rows);
	s->rows = NULL;
	s->nrows = s->cap = 0;
}
