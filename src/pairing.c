// SPDX-License-Identifier: GPL-2.0
/*
 * Which variants a report compares: the pairs of the run's meta.json, or
 * the baseline against every other variant, or across two runs the same
 * variant; each side its untraced samples, or its traced ones when it has
 * no other. A run with both adds the decomposition (the traced samples'
 * ftrace_* metrics) and the tracing overhead per variant.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "position.h"
#include "provenance.h"

#define MHP_MAX_PAIRS 32

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

void mhp_report_each(const struct mhp_report *r, enum mhp_pair_kind kind,
		     void (*fn)(const struct mhp_pairing *p,
				const struct mhp_section *sec,
				const struct mhp_mrow *row, void *arg),
		     void *arg)
{
	size_t i, j, k;

	for (i = 0; i < r->npair; i++)
		for (j = 0; r->pair[i].kind == kind && j < r->pair[i].nsec; j++)
			for (k = 0; k < r->pair[i].sec[j].nrows; k++)
				if (r->pair[i].sec[j].rows[k].compared)
					fn(&r->pair[i], &r->pair[i].sec[j],
					   &r->pair[i].sec[j].rows[k], arg);
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

/* Whether variant v has samples taken with (traced) or without tracing. */
static bool has_samples(const struct mhp_rundata *rd, const char *v, bool traced)
{
	size_t i;

	for (i = 0; i < rd->nsmp; i++)
		if (rd->smp[i].traced == traced && !rd->smp[i].other_method &&
		    !strcmp(rd->smp[i].variant, v))
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
		     const char *variant, const char *tag, bool traced)
{
	s->rd = rd;
	s->variant = variant;
	s->traced = traced;
	snprintf(s->label, sizeof(s->label), "%s%s%s", tag ? tag : "",
		 tag ? ":" : "", variant);
}

static struct mhp_pairing *new_pair(struct mhp_report *r,
				    enum mhp_pair_kind kind)
{
	struct mhp_pairing *p;

	if (r->npair == MHP_MAX_PAIRS)
		return NULL;
	p = &r->pair[r->npair++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	return p;
}

/* The main comparison of va of a (base) and vb of b (new, or none). */
static int add_pair(struct mhp_report *r, const struct mhp_rundata *a,
		    const char *va, const struct mhp_rundata *b, const char *vb,
		    const char *isolates)
{
	struct mhp_pairing *p = new_pair(r, MHP_PAIR_MAIN);
	bool two = a != b;

	if (!p)
		return 0;
	p->isolates = isolates;
	set_side(&p->side[MHP_BASE], a, va, two ? "A" : NULL,
		 !has_samples(a, va, false));
	if (vb)
		set_side(&p->side[MHP_NEW], b, vb, two ? "B" : NULL,
			 !has_samples(b, vb, false));
	if (vb && p->side[MHP_BASE].traced != p->side[MHP_NEW].traced) {
		p->mixed_trace = true;
		mhp_report_warn(r, "%s was taken under function_graph and %s was not: their timings are not compared",
				p->side[p->side[MHP_BASE].traced ? MHP_BASE :
					MHP_NEW].label,
				p->side[p->side[MHP_BASE].traced ? MHP_NEW :
					MHP_BASE].label);
	}
	return mhp_pairing_fill(p, r->seed);
}

/*
 * Where the main pairs compare untraced samples and the run has traced
 * ones too: the pairs again on the traced samples (the ftrace_* metrics
 * only), and per variant its untraced against its traced timings.
 */
static int add_trace_pairs(struct mhp_report *r)
{
	size_t i, j, nmain = r->npair;
	struct mhp_pairing *p;
	int s;

	for (i = 0; i < nmain; i++) {
		const struct mhp_pairing *m = &r->pair[i];
		bool both = true;

		for (s = 0; s < 2; s++)
			if (m->side[s].rd && (m->side[s].traced ||
			    !has_samples(m->side[s].rd, m->side[s].variant, true)))
				both = false;
		if (!both || m->mixed_trace)
			continue;
		p = new_pair(r, MHP_PAIR_DECOMP);
		if (!p)
			return 0;
		p->isolates = m->isolates;
		for (s = 0; s < 2; s++)
			if (m->side[s].rd)
				set_side(&p->side[s], m->side[s].rd, m->side[s].variant,
					 NULL, true);
		memcpy(p->side[0].label, m->side[0].label, sizeof(p->side[0].label));
		memcpy(p->side[1].label, m->side[1].label, sizeof(p->side[1].label));
		if (mhp_pairing_fill(p, r->seed))
			return -1;
	}
	for (i = 0; i < nmain; i++)
		for (s = 0; s < 2; s++) {
			const struct mhp_side *m = &r->pair[i].side[s];

			if (!m->rd || m->traced || !has_samples(m->rd, m->variant, true))
				continue;
			for (j = nmain; j < r->npair; j++)
				if (r->pair[j].kind == MHP_PAIR_OVERHEAD &&
				    r->pair[j].side[0].rd == m->rd &&
				    !strcmp(r->pair[j].side[0].variant, m->variant))
					break;
			if (j < r->npair)
				continue;
			p = new_pair(r, MHP_PAIR_OVERHEAD);
			if (!p)
				return 0;
			p->side[MHP_BASE] = *m;
			p->side[MHP_NEW] = *m;
			p->side[MHP_NEW].traced = true;
			if (mhp_pairing_fill(p, r->seed))
				return -1;
		}
	return 0;
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
			ret = add_pair(r, a, base, a, vs[i], NULL);
	if (!ret && !r->npair)
		ret = add_pair(r, a, base, a, NULL, NULL);
	return ret;
}

static const char *json_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * meta.json "pairs": [{"base", "new", "isolates"}], from the bench
 * config's "pair = BASE NEW text" lines. Pairs of a variant the run
 * does not have are left out; none left: 1 (the default pairing).
 */
static int pair_meta(struct mhp_report *r, const struct mhp_rundata *a)
{
	json_object *pairs;
	size_t i, n;
	int ret = 0;

	if (!json_object_object_get_ex(a->meta, "pairs", &pairs) ||
	    !json_object_is_type(pairs, json_type_array))
		return 1;
	n = json_object_array_length(pairs);
	for (i = 0; i < n && !ret; i++) {
		json_object *e = json_object_array_get_idx(pairs, i);
		const char *base, *new;

		if (!json_object_is_type(e, json_type_object))
			continue;
		base = json_str(e, "base");
		new = json_str(e, "new");
		if (!base || !new || !has_variant(a, base) || !has_variant(a, new))
			continue;
		ret = add_pair(r, a, base, a, new, json_str(e, "isolates"));
	}
	return r->npair ? ret : 1;
}

static int pair_two_runs(struct mhp_report *r, const struct mhp_rundata *a,
			 const struct mhp_rundata *b, const char *base)
{
	const char *vs[MHP_MAX_PAIRS];
	size_t i, n = mhp_rundata_variants(b, vs, MHP_MAX_PAIRS);
	int ret = 0;

	for (i = 0; i < n && i < MHP_MAX_PAIRS && !ret; i++) {
		if (base)
			ret = add_pair(r, a, base, b, vs[i], NULL);
		else if (has_variant(a, vs[i]))
			ret = add_pair(r, a, vs[i], b, vs[i], NULL);
	}
	return ret;
}

/* options.KEY of a, else of b, else def. */
static double meta_rule(const struct mhp_report *r, const char *key, double def)
{
	double v = mhp_meta_fraction(r->run[MHP_BASE]->meta, key);

	if (isnan(v))
		v = mhp_meta_fraction(r->run[MHP_NEW]->meta, key);
	return isnan(v) ? def : v;
}

int mhp_report_build(struct mhp_report *r, const struct mhp_rundata *a,
		     const struct mhp_rundata *b, const char *baseline,
		     uint64_t seed, char *err, size_t errlen)
{
	int ret, i;

	memset(r, 0, sizeof(*r));
	r->run[MHP_BASE] = a;
	r->run[MHP_NEW] = b;
	r->seed = seed;
	if (baseline && !has_variant(a, baseline)) {
		unknown_variant(a, baseline, err, errlen);
		return -1;
	}
	r->pair = calloc(MHP_MAX_PAIRS, sizeof(*r->pair));
	if (!r->pair) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (a == b && !baseline) {
		ret = pair_meta(r, a);
		if (ret <= 0)
			goto pairs_done;
		baseline = default_baseline(a);
	}
	if (!baseline && a == b) {
		snprintf(err, errlen, "%s has no samples", a->id);
		goto fail;
	}
	ret = a == b ? pair_one_run(r, a, baseline) :
		       pair_two_runs(r, a, b, baseline);
pairs_done:
	if (!ret)
		ret = add_trace_pairs(r);
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
	mhp_report_rule(r, meta_rule(r, "alpha", MHP_ALPHA),
			meta_rule(r, "min_change", MHP_MIN_CHANGE));
	/* Each run's own position effect (position.h). */
	for (i = 0; i < (a == b ? 1 : 2); i++)
		if (mhp_position_effects(r->run[i], seed, &r->order[i],
					 &r->pos[i], &r->npos[i])) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
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
	free(r->pos[0]);
	free(r->pos[1]);
	memset(r, 0, sizeof(*r));
}
