// SPDX-License-Identifier: GPL-2.0
/*
 * Cut a pairing's data into sections (scenario, arch, DIMM size) and
 * compute every metric's statistics on both sides and the change between
 * them, over one value per sample. Invalid samples (the truth check said
 * no, or the sample failed) are left out here, and counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "hotplug_report.h"

static bool obs_in(const struct mhp_obs *o, const struct mhp_side *s,
		   const char *scenario, const char *arch, uint64_t size)
{
	/*
	 * Interned per run: compare the strings, the runs differ. A sample
	 * of another hot-add method than its run's is no side's.
	 */
	return o->size == size && o->traced == s->traced &&
	       !s->rd->smp[o->smp].other_method &&
	       !strcmp(o->variant, s->variant) &&
	       !strcmp(o->scenario, scenario) && !strcmp(o->arch, arch);
}

struct sval {
	size_t smp;
	double v;
};

static int cmp_sval(const void *a, const void *b)
{
	const struct sval *x = a, *y = b;

	if (x->smp != y->smp)
		return (x->smp > y->smp) - (x->smp < y->smp);
	return (x->v > y->v) - (x->v < y->v);
}

double *mhp_side_sample_values(const struct mhp_side *s, const char *scenario,
			       const char *arch, uint64_t size,
			       const char *metric, size_t *nsamples)
{
	const struct mhp_rundata *rd = s->rd;
	struct mhp_metric info;
	struct sval *sv = NULL;
	double *v, *out = NULL;
	size_t i, j, n = 0, cap = 0;

	*nsamples = 0;
	for (i = 0; rd && i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (!o->valid || o->block == MHP_BLOCK_TIME ||
		    strcmp(o->metric, metric) || !obs_in(o, s, scenario, arch, size))
			continue;
		if (n == cap) {
			struct sval *b = realloc(sv, (cap = cap ? cap * 2 : 16) *
						 sizeof(*sv));

			if (!b)
				goto out;
			sv = b;
		}
		sv[n++] = (struct sval){ o->smp, o->value };
	}
	if (!n)
		goto out;
	qsort(sv, n, sizeof(*sv), cmp_sval);
	out = malloc(n * sizeof(*out));
	v = malloc(n * sizeof(*v));
	if (!out || !v) {
		free(out);
		free(v);
		out = NULL;
		goto out;
	}
	mhp_metric_describe(metric, &info);
	for (i = 0; i < n; i = j) {
		size_t k = 0;

		for (j = i; j < n && sv[j].smp == sv[i].smp; j++)
			v[k++] = sv[j].v;
		out[(*nsamples)++] = mhp_reduce(info.reduce, v, k);
	}
	free(v);
out:
	free(sv);
	return out;
}

double *mhp_side_values(const struct mhp_side *s, const char *scenario,
			const char *arch, uint64_t size, const char *metric,
			size_t *n)
{
	const struct mhp_rundata *rd = s->rd;
	double *v = NULL;
	size_t i, cap = 0;

	*n = 0;
	for (i = 0; rd && i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (!o->valid || o->block == MHP_BLOCK_TIME ||
		    strcmp(o->metric, metric) || !obs_in(o, s, scenario, arch, size))
			continue;
		if (*n == cap) {
			double *b = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));

			if (!b)
				break;
			v = b;
		}
		v[(*n)++] = o->value;
	}
	return v;
}

static void count_samples(const struct mhp_side *s, struct mhp_section *sec,
			  int side)
{
	const struct mhp_rundata *rd = s->rd;
	size_t i;

	for (i = 0; rd && i < rd->nsmp; i++) {
		const struct mhp_sample_rec *m = &rd->smp[i];

		if (m->size != sec->size || m->traced != s->traced ||
		    m->other_method || strcmp(m->variant, s->variant) ||
		    strcmp(m->scenario, sec->scenario) || strcmp(m->arch, sec->arch))
			continue;
		sec->samples[side]++;
		sec->valid[side] += m->valid;
	}
}

/* The timings an overhead pairing compares, untraced vs traced. */
static const char *const overhead_metrics[] = {
	"add_total_us", "online_total_us", "add_latency_us", "online_latency_us",
};

static bool wanted(const struct mhp_pairing *p, const char *metric)
{
	size_t i;

	switch (p->kind) {
	case MHP_PAIR_DECOMP:
		return !strncmp(metric, "ftrace_", 7);
	case MHP_PAIR_OVERHEAD:
		for (i = 0; i < ARRAY_SIZE(overhead_metrics); i++)
			if (!strcmp(metric, overhead_metrics[i]))
				return true;
		return false;
	default:
		return true;
	}
}

/* A timing, which traced and untraced samples must not share a test of. */
static bool is_timing(const struct mhp_metric *m)
{
	return !strcmp(m->unit, "us") || !strcmp(m->unit, "ms") ||
	       !strcmp(m->unit, "ns");
}

/* The metrics either side has a value of, in report order. */
static size_t section_metrics(const struct mhp_pairing *p,
			      const struct mhp_section *sec, const char ***out)
{
	const char **m = NULL;
	size_t n = 0, i, j;
	int side;

	for (side = 0; side < 2; side++) {
		const struct mhp_side *s = &p->side[side];

		for (i = 0; s->rd && i < s->rd->nobs; i++) {
			const struct mhp_obs *o = &s->rd->obs[i];

			if (o->block == MHP_BLOCK_TIME || !wanted(p, o->metric) ||
			    !obs_in(o, s, sec->scenario, sec->arch, sec->size))
				continue;
			for (j = 0; j < n && strcmp(m[j], o->metric); j++)
				;
			if (j < n)
				continue;
			if (!(n & 15)) {
				const char **b = realloc(m, (n + 16) * sizeof(*m));

				if (!b)
					goto out;
				m = b;
			}
			m[n++] = o->metric;
		}
	}
out:
	if (n)
		qsort(m, n, sizeof(*m), mhp_metric_cmp);
	*out = m;
	return n;
}

static bool is_per_block(const struct mhp_pairing *p, const char *metric)
{
	size_t i;
	int side;

	for (side = 0; side < 2; side++)
		for (i = 0; p->side[side].rd && i < p->side[side].rd->nobs; i++) {
			const struct mhp_obs *o = &p->side[side].rd->obs[i];

			if (o->block >= 0 && !strcmp(o->metric, metric))
				return true;
		}
	return false;
}

static void block_stats(const struct mhp_side *s, const struct mhp_section *sec,
			struct mhp_mrow *row, int side)
{
	size_t n;
	double *v = mhp_side_values(s, sec->scenario, sec->arch, sec->size,
				    row->metric, &n);

	mhp_stats(v, n, &row->blk[side]);
	free(v);
	free(mhp_side_sample_values(s, sec->scenario, sec->arch, sec->size,
				    row->metric, &row->blk_samples[side]));
}

static int fill_row(const struct mhp_pairing *p, const struct mhp_section *sec,
		    struct mhp_mrow *row, uint64_t seed)
{
	double *v[2];
	size_t n[2];
	int side, ret = 0;

	mhp_metric_describe(row->metric, &row->info);
	row->per_block = is_per_block(p, row->metric);
	for (side = 0; side < 2; side++) {
		v[side] = mhp_side_sample_values(&p->side[side], sec->scenario,
						 sec->arch, sec->size, row->metric,
						 &n[side]);
		if (row->per_block)
			block_stats(&p->side[side], sec, row, side);
		/* mhp_compare wants the values, mhp_stats sorts: compare first. */
	}
	if (n[MHP_BASE] && n[MHP_NEW] &&
	    !(p->mixed_trace && is_timing(&row->info))) {
		row->compared = true;
		ret = mhp_compare(v[MHP_BASE], n[MHP_BASE], v[MHP_NEW], n[MHP_NEW],
				  seed, &row->cmp);
	}
	for (side = 0; side < 2; side++) {
		mhp_stats(v[side], n[side], &row->st[side]);
		free(v[side]);
	}
	return ret;
}

static int fill_section(const struct mhp_pairing *p, struct mhp_section *sec,
			uint64_t seed)
{
	const char **metrics;
	size_t i;
	int side;

	for (side = 0; side < 2; side++)
		count_samples(&p->side[side], sec, side);
	sec->nrows = section_metrics(p, sec, &metrics);
	sec->rows = calloc(sec->nrows ? sec->nrows : 1, sizeof(*sec->rows));
	if (!sec->rows) {
		free(metrics);
		return -1;
	}
	for (i = 0; i < sec->nrows; i++) {
		sec->rows[i].metric = metrics[i];
		if (fill_row(p, sec, &sec->rows[i], seed))
			break;
	}
	free(metrics);
	return i < sec->nrows ? -1 : 0;
}

static int cmp_section(const void *a, const void *b)
{
	const struct mhp_section *x = a, *y = b;
	int c = strcmp(x->scenario, y->scenario);

	if (!c)
		c = strcmp(x->arch, y->arch);
	if (!c)
		c = (x->size > y->size) - (x->size < y->size);
	return c;
}

/* A section per scenario, arch and size that either side has samples of. */
int mhp_pairing_fill(struct mhp_pairing *p, uint64_t seed)
{
	size_t i, j;
	int side;

	for (side = 0; side < 2; side++) {
		const struct mhp_rundata *rd = p->side[side].rd;

		for (i = 0; rd && i < rd->nsmp; i++) {
			const struct mhp_sample_rec *m = &rd->smp[i];
			struct mhp_section *n;

			if (strcmp(m->variant, p->side[side].variant) ||
			    m->traced != p->side[side].traced || m->other_method)
				continue;
			for (j = 0; j < p->nsec; j++)
				if (p->sec[j].size == m->size &&
				    !strcmp(p->sec[j].scenario, m->scenario) &&
				    !strcmp(p->sec[j].arch, m->arch))
					break;
			if (j < p->nsec)
				continue;
			n = realloc(p->sec, (p->nsec + 1) * sizeof(*n));
			if (!n)
				return -1;
			p->sec = n;
			p->sec[p->nsec++] = (struct mhp_section){
				.scenario = m->scenario, .arch = m->arch,
				.size = m->size };
		}
	}
	if (p->nsec)
		qsort(p->sec, p->nsec, sizeof(*p->sec), cmp_section);
	for (i = 0; i < p->nsec; i++)
		if (fill_section(p, &p->sec[i], seed))
			return -1;
	/* Only the main comparison keeps a section without its metrics. */
	for (i = j = 0; i < p->nsec; i++)
		if (p->kind == MHP_PAIR_MAIN || p->sec[i].nrows)
			p->sec[j++] = p->sec[i];
		else
			free(p->sec[i].rows);
	p->nsec = j;
	mhp_pairing_methods(p);
	return 0;
}

