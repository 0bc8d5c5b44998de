// SPDX-License-Identifier: GPL-2.0
/*
 * The rule of a report, over every test it makes at once: the p-values
 * of all tested rows are adjusted together (Benjamini-Hochberg, which
 * holds the false discovery rate at alpha), and a change is significant
 * when its adjusted p is below alpha and it is at least min_change of
 * the base's mean. A row that is not gets the smallest change the run
 * could have detected.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"

/* A row in the family: a test was made and is reported. */
static bool tested(const struct mhp_pairing *p, const struct mhp_mrow *row)
{
	return p->kind != MHP_PAIR_OVERHEAD && row->compared &&
	       !(row->info.flags & (MHP_METRIC_RAW | MHP_METRIC_TIMELINE)) &&
	       /* every value the same on both sides: nothing to test */
	       !(row->st[MHP_BASE].min == row->st[MHP_BASE].max &&
		 row->st[MHP_NEW].min == row->st[MHP_NEW].max &&
		 row->st[MHP_BASE].min == row->st[MHP_NEW].min);
}

/* Call fn on every compared row of the report. */
static void each_row(struct mhp_report *r,
		     void (*fn)(struct mhp_report *r, struct mhp_pairing *p,
				struct mhp_mrow *row, void *arg), void *arg)
{
	size_t i, j, k;

	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			for (k = 0; k < r->pair[i].sec[j].nrows; k++)
				if (r->pair[i].sec[j].rows[k].compared)
					fn(r, &r->pair[i], &r->pair[i].sec[j].rows[k],
					   arg);
}

struct family {
	double *p;
	size_t n;
};

static void collect(struct mhp_report *r, struct mhp_pairing *p,
		    struct mhp_mrow *row, void *arg)
{
	struct family *f = arg;

	(void)r;
	row->cmp.tested = tested(p, row);
	if (!row->cmp.tested)
		return;
	if (f->p)
		f->p[f->n] = row->cmp.p;
	f->n++;
}

static void decide(struct mhp_report *r, struct mhp_pairing *p,
		   struct mhp_mrow *row, void *arg)
{
	struct family *f = arg;
	struct mhp_cmp *c = &row->cmp;

	(void)p;
	c->q = c->p;
	c->significant = false;
	c->detectable = mhp_detectable(c, r->alpha, r->min_change,
				       &c->detectable_abs);
	if (!c->tested)
		return;
	/* Out of memory (no q): nothing is significant. */
	c->q = f->p ? f->p[f->n++] : 1;
	c->significant = mhp_rule(c, c->q, r->alpha, r->min_change);
}

void mhp_report_rule(struct mhp_report *r, double alpha, double min_change)
{
	struct family f = { NULL, 0 };
	double *q;

	r->alpha = alpha;
	r->min_change = min_change;
	each_row(r, collect, &f);
	r->ntests = f.n;
	f.p = calloc(f.n ? f.n : 1, sizeof(*f.p));
	q = calloc(f.n ? f.n : 1, sizeof(*q));
	if (f.p && q) {
		f.n = 0;
		each_row(r, collect, &f);
		mhp_bh_adjust(f.p, f.n, q);
		memcpy(f.p, q, f.n * sizeof(*q));
	} else {
		free(f.p);
		f.p = NULL;
	}
	f.n = 0;
	each_row(r, decide, &f);
	free(f.p);
	free(q);
}

double mhp_parse_fraction(const char *s)
{
	char *end;
	double v;

	if (!s || !*s || ((*s < '0' || *s > '9') && *s != '.'))
		return -1;
	v = strtod(s, &end);
	if (*end == '%' && !end[1]) {
		v /= 100;
		end++;
	}
	return *end || !isfinite(v) || v < 0 || v > 1 ? -1 : v;
}

double mhp_meta_fraction(json_object *meta, const char *key)
{
	char path[64];
	double v;

	snprintf(path, sizeof(path), "options.%s", key);
	v = mhp_parse_fraction(mhp_meta_get(meta, path));
	return v < 0 ? NAN : v;
}
