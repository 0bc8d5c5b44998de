// SPDX-License-Identifier: GPL-2.0
/* A position effect within a round (position.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "position.h"
#include "stats.h"

/* One valid sample of a metric: its stratum, round, position, value. */
struct pt {
	size_t stratum;
	int round;
	double pos;
	double value;
	double rank;	/* centred rank within the stratum */
	double dpos;	/* position centred within the round */
};

/* The sample's run_round and run_position rows, -1 when absent. */
static void sample_place(const struct mhp_rundata *rd, int *round, int *pos)
{
	size_t i;

	for (i = 0; i < rd->nsmp; i++)
		round[i] = pos[i] = -1;
	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (o->block != MHP_BLOCK_ALL)
			continue;
		if (!strcmp(o->metric, "run_round"))
			round[o->smp] = (int)o->value;
		else if (!strcmp(o->metric, "run_position"))
			pos[o->smp] = (int)o->value;
	}
}

static bool timing(const struct mhp_obs *o)
{
	struct mhp_metric m;

	if (o->block != MHP_BLOCK_ALL || !o->valid ||
	    (strcmp(o->unit, "us") && strcmp(o->unit, "ms")))
		return false;
	mhp_metric_describe(o->metric, &m);
	return !(m.flags & (MHP_METRIC_RAW | MHP_METRIC_TIMELINE));
}

static int cmp_value(const void *a, const void *b)
{
	const struct pt *x = *(const struct pt *const *)a;
	const struct pt *y = *(const struct pt *const *)b;

	return (x->value > y->value) - (x->value < y->value);
}

/* Centred midranks of the values of each stratum, in p[i].rank. */
static int stratum_ranks(struct pt *p, size_t n, size_t nstrata)
{
	struct pt **s = malloc((n ? n : 1) * sizeof(*s));
	size_t k, i, j, m, a;

	if (!s)
		return -1;
	for (k = 0; k < nstrata; k++) {
		for (i = m = 0; i < n; i++)
			if (p[i].stratum == k)
				s[m++] = &p[i];
		qsort(s, m, sizeof(*s), cmp_value);
		for (i = 0; i < m; i = j) {
			for (j = i; j < m && s[j]->value == s[i]->value; j++)
				;
			/* ranks i+1..j share (i + 1 + j) / 2 */
			for (a = i; a < j; a++)
				s[a]->rank = (i + 1 + j) / 2.0 - (m + 1) / 2.0;
		}
	}
	free(s);
	return 0;
}

/* Positions centred within their round. */
static void round_centre(struct pt *p, size_t n)
{
	size_t i, j, c;
	double sum;

	for (i = 0; i < n; i++) {
		for (j = c = 0, sum = 0; j < n; j++)
			if (p[j].round == p[i].round) {
				sum += p[j].pos;
				c++;
			}
		p[i].dpos = p[i].pos - sum / c;
	}
}

static double corr(const struct pt *p, const double *dpos, size_t n)
{
	double sxy = 0, sxx = 0, syy = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sxy += p[i].rank * dpos[i];
		sxx += p[i].rank * p[i].rank;
		syy += dpos[i] * dpos[i];
	}
	return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
}

/*
 * Permute the positions within each round (Fisher-Yates per round): p is
 * sorted by round, so a round is a run of consecutive points.
 */
static void shuffle_rounds(const struct pt *p, size_t n, double *dpos,
			   struct mhp_rng *rng)
{
	size_t i = 0, j, k, r;
	double t;

	for (j = 0; j < n; j++)
		dpos[j] = p[j].dpos;
	while (i < n) {
		for (j = i; j < n && p[j].round == p[i].round; j++)
			;
		for (k = j - 1; k > i; k--) {
			r = i + mhp_rng_below(rng, k - i + 1);
			t = dpos[k];
			dpos[k] = dpos[r];
			dpos[r] = t;
		}
		i = j;
	}
}

static int cmp_round(const void *a, const void *b)
{
	int x = ((const struct pt *)a)->round, y = ((const struct pt *)b)->round;

	return (x > y) - (x < y);
}

/* rho and its randomization p for the points of one metric. */
static int test_metric(struct pt *p, size_t n, size_t nstrata, uint64_t seed,
		       struct mhp_position_effect *e)
{
	double *dpos = malloc(n * sizeof(*dpos));
	struct mhp_rng rng;
	size_t i, hits = 0;
	int d;

	if (!dpos || stratum_ranks(p, n, nstrata)) {
		free(dpos);
		return -1;
	}
	qsort(p, n, sizeof(*p), cmp_round);
	round_centre(p, n);
	for (i = 0; i < n; i++)
		dpos[i] = p[i].dpos;
	e->n = n;
	e->rho = corr(p, dpos, n);
	mhp_rng_seed(&rng, seed);
	for (d = 0; d < MHP_POSITION_DRAWS && !isnan(e->rho); d++) {
		shuffle_rounds(p, n, dpos, &rng);
		/* 1e-12: the draw that gives the same arrangement counts */
		hits += fabs(corr(p, dpos, n)) >= fabs(e->rho) - 1e-12;
	}
	e->p = isnan(e->rho) ? NAN :
	       (hits + 1.0) / (MHP_POSITION_DRAWS + 1.0);
	free(dpos);
	return 0;
}

/*
 * The stratum of a sample: the index of the first sample of the run with
 * its (arch, variant, size, traced).
 */
static size_t stratum_of(const struct mhp_rundata *rd, size_t smp)
{
	const struct mhp_sample_rec *s = &rd->smp[smp], *t;
	size_t i;

	for (i = 0; i < smp; i++) {
		t = &rd->smp[i];
		if (t->arch == s->arch && t->variant == s->variant &&
		    t->size == s->size && t->traced == s->traced)
			return i;
	}
	return smp;
}

/* The points of one metric in p (*np of them), over *nrounds rounds. */
static void collect(const struct mhp_rundata *rd, const char *metric,
		   const int *round, const int *pos, const size_t *stratum,
		   struct pt *p, size_t *np, size_t *nrounds)
{
	size_t i, n = 0;
	int lo = -1, hi = -1;

	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (o->metric != metric || !timing(o) || pos[o->smp] < 0 ||
		    round[o->smp] < 0)
			continue;
		p[n++] = (struct pt){ .stratum = stratum[o->smp],
				      .round = round[o->smp],
				      .pos = pos[o->smp], .value = o->value };
		if (lo < 0 || round[o->smp] < lo)
			lo = round[o->smp];
		if (round[o->smp] > hi)
			hi = round[o->smp];
	}
	*np = n;
	*nrounds = n ? (size_t)(hi - lo + 1) : 0;
}

int mhp_position_effects(const struct mhp_rundata *rd, uint64_t seed,
			 enum mhp_order *order,
			 struct mhp_position_effect **out, size_t *nout)
{
	int *round = calloc(rd->nsmp + 1, sizeof(*round));
	int *pos = calloc(rd->nsmp + 1, sizeof(*pos));
	size_t *stratum = calloc(rd->nsmp + 1, sizeof(*stratum));
	struct pt *p = calloc(rd->nobs + 1, sizeof(*p));
	struct mhp_position_effect *e = NULL;
	double *pv = NULL, *qv = NULL;
	size_t i, j, n, nr, ne = 0, any = 0;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	*order = MHP_ORDER_UNKNOWN;
	if (!round || !pos || !stratum || !p)
		goto out;
	sample_place(rd, round, pos);
	for (i = 0; i < rd->nsmp; i++) {
		stratum[i] = stratum_of(rd, i);
		any += pos[i] >= 0;
	}
	if (any)
		*order = !strcmp(mhp_meta_get(rd->meta, "options.order"), "fixed") ?
			 MHP_ORDER_FIXED : MHP_ORDER_RANDOM;
	if (*order != MHP_ORDER_RANDOM) {
		ret = 0;
		goto out;
	}
	e = calloc(rd->nobs + 1, sizeof(*e));
	if (!e)
		goto out;
	for (i = 0; i < rd->nobs; i++) {
		const char *m = rd->obs[i].metric;

		if (!timing(&rd->obs[i]))
			continue;
		for (j = 0; j < ne && e[j].metric != m; j++)
			;
		if (j < ne)
			continue;
		collect(rd, m, round, pos, stratum, p, &n, &nr);
		if (n < 8 || nr < 2)
			continue;
		e[ne].metric = m;
		if (test_metric(p, n, rd->nsmp, seed, &e[ne]))
			goto out;
		if (!isnan(e[ne].rho))
			ne++;
	}
	pv = calloc(ne + 1, sizeof(*pv));
	qv = calloc(ne + 1, sizeof(*qv));
	if (!pv || !qv)
		goto out;
	for (i = 0; i < ne; i++)
		pv[i] = e[i].p;
	mhp_bh_adjust(pv, ne, qv);
	for (i = 0; i < ne; i++)
		e[i].q = qv[i];
	*out = e;
	*nout = ne;
	e = NULL;
	ret = 0;
out:
	free(round);
	free(pos);
	free(stratum);
	free(p);
	free(e);
	free(pv);
	free(qv);
	return ret;
}
