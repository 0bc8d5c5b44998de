// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics: descriptive (mean, median, percentiles, spread) and the
 * comparison of two sets of samples. The comparison follows what the
 * mm list expects of a benchmark claim: a change with its spread (a
 * bootstrap confidence interval of the change of the mean) and a
 * distribution-free test (Mann-Whitney U). The values are one per
 * sample (a boot): the report reduces per-block values per sample
 * first. Which changes are significant is the report's decision over
 * all its tests (Benjamini-Hochberg, mhp_bh_adjust, and mhp_rule).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double mhp_quantile(const double *v, size_t n, double q)
{
	double pos = q * (n - 1);
	size_t lo = (size_t)floor(pos);
	size_t hi = lo + 1 < n ? lo + 1 : lo;

	return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

void mhp_stats(double *v, size_t n, struct mhp_stats *st)
{
	double sum = 0, ss = 0;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->n = n;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	st->mean = sum / n;
	for (i = 0; i < n; i++)
		ss += (v[i] - st->mean) * (v[i] - st->mean);
	st->stddev = n > 1 ? sqrt(ss / (n - 1)) : 0;
	st->cov = st->mean != 0 ? st->stddev / fabs(st->mean) : 0;
	st->min = v[0];
	st->max = v[n - 1];
	st->median = mhp_quantile(v, n, 0.5);
	st->p95 = mhp_quantile(v, n, 0.95);
	st->p99 = mhp_quantile(v, n, 0.99);
}

/* splitmix64, to spread a small seed over the generator's state. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void mhp_rng_seed(struct mhp_rng *rng, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t mhp_rng_next(struct mhp_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t mhp_rng_below(struct mhp_rng *rng, uint64_t n)
{
	/* Reject the top partial range so every residue is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;

	do
		x = mhp_rng_next(rng);
	while (x >= limit);
	return x % n;
}

struct ranked {
	double v;
	int from_a;
};

static int cmp_ranked(const void *a, const void *b)
{
	return cmp_double(&((const struct ranked *)a)->v,
			  &((const struct ranked *)b)->v);
}

/*
 * Twice the midrank of every pooled value (integers, so the exact
 * distribution is a table indexed by rank sum); the tie term
 * sum(t^3 - t) into *ties. Returns twice the rank sum of a.
 */
static long doubled_ranks(struct ranked *p, size_t n, long *rank2, double *ties)
{
	long sum_a = 0;
	size_t i = 0, j, k;

	qsort(p, n, sizeof(*p), cmp_ranked);
	*ties = 0;
	while (i < n) {
		for (j = i + 1; j < n && p[j].v == p[i].v; j++)
			;
		/* Ranks i+1 .. j share (i + 1 + j) / 2. */
		for (k = i; k < j; k++) {
			rank2[k] = (long)(i + 1 + j);
			if (p[k].from_a)
				sum_a += rank2[k];
		}
		*ties += (double)(j - i) * (j - i) * (j - i) - (j - i);
		i = j;
	}
	return sum_a;
}

/*
 * The exact null distribution: count[s] = the number of ways na of the
 * pooled values can have doubled rank sum s. Counts are doubles: they
 * outgrow 64 bits long before the table gets slow. Two-sided: twice the
 * smaller tail (with ties the distribution need not be symmetric, and
 * this keeps p at or above 2 / C(n, na), as scipy does).
 */
static double exact_p(const long *rank2, size_t n, size_t na, long obs)
{
	long smax = 0, s;
	double *cnt, lo = 0, hi = 0, all = 0;
	size_t i, k;

	for (i = 0; i < n; i++)
		smax += rank2[i];
	cnt = calloc((na + 1) * (smax + 1), sizeof(*cnt));
	if (!cnt)
		return NAN;
	cnt[0] = 1;
	for (i = 0; i < n; i++)
		for (k = (i + 1 < na ? i + 1 : na); k > 0; k--)
			for (s = smax; s >= rank2[i]; s--)
				cnt[k * (smax + 1) + s] +=
					cnt[(k - 1) * (smax + 1) + s - rank2[i]];
	for (s = 0; s <= smax; s++) {
		double c = cnt[na * (smax + 1) + s];

		all += c;
		if (s <= obs)
			lo += c;
		if (s >= obs)
			hi += c;
	}
	free(cnt);
	return fmin(1, 2 * fmin(lo, hi) / all);
}

static double normal_p(size_t na, size_t nb, long obs2, double ties)
{
	double n = na + nb;
	double u = obs2 / 2.0 - na * (na + 1) / 2.0;
	double mu = na * (double)nb / 2;
	double var = na * (double)nb / 12 * ((n + 1) - ties / (n * (n - 1)));
	double z;

	if (var <= 0)
		return 1;
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	return fmin(1, erfc(z / M_SQRT2));
}

double mhp_mann_whitney_p(const double *a, size_t na, const double *b,
			  size_t nb, bool *exact)
{
	size_t n = na + nb, i;
	struct ranked *p;
	long *rank2, obs;
	double ties, pv;

	*exact = true;
	if (!na || !nb)
		return 1;
	p = calloc(n, sizeof(*p));
	rank2 = calloc(n, sizeof(*rank2));
	if (!p || !rank2) {
		free(p);
		free(rank2);
		return NAN;
	}
	for (i = 0; i < na; i++)
		p[i] = (struct ranked){ a[i], 1 };
	for (i = 0; i < nb; i++)
		p[na + i] = (struct ranked){ b[i], 0 };
	obs = doubled_ranks(p, n, rank2, &ties);
	if (n <= MHP_MWU_EXACT_N) {
		pv = exact_p(rank2, n, na, obs);
	} else {
		*exact = false;
		pv = normal_p(na, nb, obs, ties);
	}
	/*
	 * The exact p is at least p_min (up to rounding, which this evens
	 * out); the normal approximation stands for it and cannot go lower.
	 */
	if (!isnan(pv))
		pv = fmax(pv, mhp_mann_whitney_p_min(na, nb));
	free(p);
	free(rank2);
	return pv;
}

double mhp_mann_whitney_p_min(size_t na, size_t nb)
{
	double c = 1;
	size_t i;

	/* C(na + nb, na), as a product of ratios to stay in range. */
	for (i = 1; i <= na; i++)
		c = c * (nb + i) / i;
	return fmin(1, 2 / c);
}

double mhp_no_change(enum mhp_effect kind)
{
	return kind == MHP_EFFECT_RATIO ? 1 : 0;
}

static double mean_of(const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return sum / n;
}

static double resample_mean(struct mhp_rng *rng, const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[mhp_rng_below(rng, n)];
	return sum / n;
}

static enum mhp_effect effect_kind(const double *base, size_t nb)
{
	size_t pos = 0, neg = 0, i;

	for (i = 0; i < nb; i++) {
		pos += base[i] > 0;
		neg += base[i] < 0;
	}
	return pos == nb || neg == nb ? MHP_EFFECT_RATIO : MHP_EFFECT_DIFF;
}

static double effect(enum mhp_effect kind, double mb, double mn)
{
	return kind == MHP_EFFECT_RATIO ? mn / mb : mn - mb;
}

int mhp_compare(const double *base, size_t nb, const double *new, size_t nn,
		uint64_t seed, struct mhp_cmp *c)
{
	double *boot = malloc(MHP_BOOT_RESAMPLES * sizeof(*boot));
	double mn;
	struct mhp_rng rng;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (!boot)
		return -1;
	c->kind = effect_kind(base, nb);
	c->effect = effect(c->kind, mean_of(base, nb), mean_of(new, nn));
	mhp_rng_seed(&rng, seed);
	for (i = 0; i < MHP_BOOT_RESAMPLES; i++) {
		double mb = resample_mean(&rng, base, nb);

		boot[i] = effect(c->kind, mb, resample_mean(&rng, new, nn));
	}
	qsort(boot, MHP_BOOT_RESAMPLES, sizeof(*boot), cmp_double);
	c->ci_lo = mhp_quantile(boot, MHP_BOOT_RESAMPLES, 0.025);
	c->ci_hi = mhp_quantile(boot, MHP_BOOT_RESAMPLES, 0.975);
	free(boot);
	c->p = mhp_mann_whitney_p(base, nb, new, nn, &c->exact);
	if (isnan(c->p))
		return -1;
	c->p_min = mhp_mann_whitney_p_min(nb, nn);
	c->base_mean = mean_of(base, nb);
	mn = mean_of(new, nn);
	if (c->base_mean != 0)
		c->rel = fabs(mn - c->base_mean) / fabs(c->base_mean);
	else
		c->rel = mn != 0 ? INFINITY : 0;
	c->q = c->p;
	c->detectable = NAN;
	return 0;
}

bool mhp_rule(const struct mhp_cmp *c, double q, double alpha,
	      double min_change)
{
	return q < alpha && c->rel >= min_change;
}

double mhp_z_upper(double p)
{
	double lo = 0, hi = 40, mid;
	int i;

	if (!(p > 0 && p < 0.5))
		return NAN;
	/* P(Z > z) = erfc(z / sqrt(2)) / 2 falls with z: 80 halvings of
	 * [0, 40] leave less than 1e-22 of it.
	 */
	for (i = 0; i < 80; i++) {
		mid = (lo + hi) / 2;
		if (erfc(mid / M_SQRT2) / 2 > p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double mhp_detectable(const struct mhp_cmp *c, double alpha,
		      double min_change, bool *abs)
{
	/*
	 * The 95 % interval's half width is 1.96 standard errors of the
	 * bootstrap distribution; at alpha, the interval that must leave
	 * "no change" is z(1 - alpha / 2) of them wide each side.
	 */
	double se = (c->ci_hi - c->ci_lo) / 2 / mhp_z_upper(0.025);
	double half = se * mhp_z_upper(alpha / 2);

	*abs = false;
	if (c->p_min >= alpha)
		return NAN;
	if (c->kind == MHP_EFFECT_RATIO)
		return fmax(half, min_change);
	if (c->base_mean != 0)
		return fmax(half / fabs(c->base_mean), min_change);
	*abs = true;
	return half;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	return cmp_double(&((const struct pidx *)a)->p,
			  &((const struct pidx *)b)->p);
}

int mhp_bh_adjust(const double *p, size_t m, double *q)
{
	struct pidx *s = calloc(m ? m : 1, sizeof(*s));
	double run = 1;
	size_t k;

	if (!s) {
		memcpy(q, p, m * sizeof(*q));
		return -1;
	}
	for (k = 0; k < m; k++)
		s[k] = (struct pidx){ p[k], k };
	qsort(s, m, sizeof(*s), cmp_pidx);
	/* Step up from the largest p: the running minimum of p * m / rank. */
	for (k = m; k > 0; k--) {
		run = fmin(run, s[k - 1].p * m / k);
		q[s[k - 1].i] = run;
	}
	free(s);
	return 0;
}
