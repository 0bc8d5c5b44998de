// SPDX-License-Identifier: GPL-2.0
/*
 * Pair the variants to compare, cut the data into sections (scenario,
 * arch, DIMM size) and compute every metric's statistics on both sides
 * and the change between them. Invalid samples (the truth check said
 * no, or the sample failed) are left out here, and counted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "provenance.h"

#define MHP_MAX_PAIRS 16

bool mhp_report_two_runs(const struct mhp_report *r)
{
	return r->run[MHP_BASE] != r->run[MHP_NEW];
}

void mhp_report_warn(struct mhp_report *r, const char *fmt, ...)
{
	char **n = realloc(r->warn, (r->nwarn + 1) * sizeof(*n));
	va_list ap;

	if (!n)
		return;
	r->warn = n;
	va_start(ap, fmt);
	if (vasprintf(&r->warn[r->nwarn], fmt, ap) >= 0)
		r->nwarn++;
	va_end(ap);
}

static bool obs_in(const struct mhp_obs *o, const struct mhp_side *s,
		   const char *scenario, const char *arch, uint64_t size)
{
	/* Interned per run: compare the strings, the runs differ. */
	return o->size == size && !strcmp(o->variant, s->variant) &&
	       !strcmp(o->scenario, scenario) && !strcmp(o->arch, arch);
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

		if (m->size != sec->size || strcmp(m->variant, s->variant) ||
		    strcmp(m->scenario, sec->scenario) || strcmp(m->arch, sec->arch))
			continue;
		sec->samples[side]++;
		sec->valid[side] += m->valid;
	}
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

			if (o->block == MHP_BLOCK_TIME ||
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

static int fill_row(const struct mhp_pairing *p, const struct mhp_section *sec,
		    struct mhp_mrow *row, uint64_t seed)
{
	double *v[2];
	size_t n[2];
	int side, ret = 0;

	mhp_metric_describe(row->metric, &row->info);
	row->per_block = is_per_block(p, row->metric);
	for (side = 0; side < 2; side++) {
		v[side] = mhp_side_values(&p->side[side], sec->scenario, sec->arch,
					  sec->size, row->metric, &n[side]);
		/* mhp_compare wants the values, mhp_stats sorts: compare first. */
	}
	if (n[MHP_BASE] && n[MHP_NEW]) {
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
static int make_sections(struct mhp_pairing *p, uint64_t seed)
{
	size_t i, j;
	int side;

	for (side = 0; side < 2; side++) {
		const struct mhp_rundata *rd = p->side[side].rd;

		for (i = 0; rd && i < rd->nsmp; i++) {
			const struct mhp_sample_rec *m = &rd->smp[i];
			struct mhp_section *n;

			if (strcmp(m->variant, p->side[side].variant))
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
	return 0;
}

static bool has_variant(const struct mhp_rundata *rd, const char *v)
{
	const char *vs[64];
	size_t i, n = mhp_rundata_variants(rd, vs, 64);

	for (i = 0; i < n && i < 64; i++)
		if (!strcmp(vs[i], v))
			return true;
	return false;
}

static void unknown_variant(const struct mhp_rundata *rd, const char *v,
			    char *err, size_t errlen)
{
	const char *vs[16];
	size_t i, n = mhp_rundata_variants(rd, vs, 16);
	int len;

	len = snprintf(err, errlen, "no variant '%s' in %s (it has:", v, rd->id);
	for (i = 0; i < n && i < 16 && len > 0 && (size_t)len < errlen; i++)
		len += snprintf(err + len, errlen - len, " %s", vs[i]);
	if (len > 0 && (size_t)len < errlen)
		snprintf(err + len, errlen - len, ")");
}

static void set_side(struct mhp_side *s, const struct mhp_rundata *rd,
		     const char *variant, const char *tag)
{
	s->rd = rd;
	s->variant = variant;
	snprintf(s->label, sizeof(s->label), "%s%s%s", tag ? tag : "",
		 tag ? ":" : "", variant);
}

static int add_pair(struct mhp_report *r, const struct mhp_rundata *a,
		    const char *va, const struct mhp_rundata *b, const char *vb)
{
	struct mhp_pairing *p;
	bool two = a != b;

	if (r->npair == MHP_MAX_PAIRS)
		return 0;
	p = &r->pair[r->npair++];
	memset(p, 0, sizeof(*p));
	set_side(&p->side[MHP_BASE], a, va, two ? "A" : NULL);
	if (vb)
		set_side(&p->side[MHP_NEW], b, vb, two ? "B" : NULL);
	return make_sections(p, r->seed);
}

static const char *default_baseline(const struct mhp_rundata *rd)
{
	const char *v[1];

	if (has_variant(rd, "baseline"))
		return "baseline";
	return mhp_rundata_variants(rd, v, 1) ? v[0] : NULL;
}

static int pair_one_run(struct mhp_report *r, const struct mhp_rundata *a,
			const char *base)
{
	const char *vs[MHP_MAX_PAIRS];
	size_t i, n = mhp_rundata_variants(a, vs, MHP_MAX_PAIRS);
	int ret = 0;

	for (i = 0; i < n && i < MHP_MAX_PAIRS && !ret; i++)
		if (strcmp(vs[i], base))
			ret = add_pair(r, a, base, a, vs[i]);
	if (!ret && !r->npair)
		ret = add_pair(r, a, base, a, NULL);
	return ret;
}

static int pair_two_runs(struct mhp_report *r, const struct mhp_rundata *a,
			 const struct mhp_rundata *b, const char *base)
{
	const char *vs[MHP_MAX_PAIRS];
	size_t i, n = mhp_rundata_variants(b, vs, MHP_MAX_PAIRS);
	int ret = 0;

	for (i = 0; i < n && i < MHP_MAX_PAIRS && !ret; i++) {
		if (base)
			ret = add_pair(r, a, base, b, vs[i]);
		else if (has_variant(a, vs[i]))
			ret = add_pair(r, a, vs[i], b, vs[i]);
	}
	return ret;
}

int mhp_report_build(struct mhp_report *r, const struct mhp_rundata *a,
		     const struct mhp_rundata *b, const char *baseline,
		     uint64_t seed, char *err, size_t errlen)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->run[MHP_BASE] = a;
	r->run[MHP_NEW] = b;
	r->seed = seed;
	if (baseline && !has_variant(a, baseline)) {
		unknown_variant(a, baseline, err, errlen);
		return -1;
	}
	if (a == b && !baseline)
		baseline = default_baseline(a);
	if (!baseline && a == b) {
		snprintf(err, errlen, "%s has no samples", a->id);
		return -1;
	}
	r->pair = calloc(MHP_MAX_PAIRS, sizeof(*r->pair));
	if (!r->pair) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ret = a == b ? pair_one_run(r, a, baseline) :
		       pair_two_runs(r, a, b, baseline);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (!r->npair) {
		snprintf(err, errlen, "%s and %s have no variant in common; name the base with --baseline VARIANT",
			 a->dir, b->dir);
		goto fail;
	}
	mhp_provenance_check(r);
	return 0;
fail:
	mhp_report_free(r);
	return -1;
}

void mhp_report_free(struct mhp_report *r)
{
	size_t i, j;

	for (i = 0; i < r->npair; i++) {
		for (j = 0; j < r->pair[i].nsec; j++)
			free(r->pair[i].sec[j].rows);
		free(r->pair[i].sec);
	}
	free(r->pair);
	for (i = 0; i < r->nwarn; i++)
		free(r->warn[i]);
	free(r->warn);
	memset(r, 0, sizeof(*r));
}
