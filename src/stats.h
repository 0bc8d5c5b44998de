/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The statistics of the suite, in one place: descriptive statistics of a
 * metric over samples, and the comparison of two sets of samples (the
 * change of the mean with a bootstrap confidence interval, and a
 * Mann-Whitney U test).
 */
#ifndef MHP_STATS_H
#define MHP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mhp_stats {
	size_t n;
	double mean;
	double median;
	double p95;
	double p99;
	double min;
	double max;
	double stddev;	/* sample standard deviation (n - 1) */
	double cov;	/* stddev / |mean|, 0 when the mean is 0 */
};

/* Sorts v in place. Percentiles by linear interpolation between closest
 * ranks (the method of numpy's default and R's type 7).
 */
void mhp_stats(double *v, size_t n, struct mhp_stats *st);

/* The q quantile (0 <= q <= 1) of sorted v, n > 0, type 7. */
double mhp_quantile(const double *sorted, size_t n, double q);

/* xoshiro256** seeded through splitmix64: the same seed, the same draws. */
struct mhp_rng {
	uint64_t s[4];
};

void mhp_rng_seed(struct mhp_rng *rng, uint64_t seed);
uint64_t mhp_rng_next(struct mhp_rng *rng);
/* Uniform in [0, n), n > 0, without modulo bias. */
uint64_t mhp_rng_below(struct mhp_rng *rng, uint64_t n);

/*
 * Two-sided p-value of the Mann-Whitney U test (midranks for ties).
 * Exact, from the permutation distribution of U over every way of
 * splitting the pooled values, when there are at most MHP_MWU_EXACT_N
 * values in all; else the normal approximation with the tie correction
 * and a continuity correction. *exact says which. 1 when either side is
 * empty or every value is the same.
 */
#define MHP_MWU_EXACT_N 60
double mhp_mann_whitney_p(const double *a, size_t na, const double *b,
			  size_t nb, bool *exact);

/* The smallest p-value the test can give for na and nb samples:
 * 2 / C(na + nb, na), at most 1. The exact p is twice its smaller tail,
 * which holds at least the observed split, so it never goes below this,
 * ties or not; the normal approximation is held to it too.
 */
double mhp_mann_whitney_p_min(size_t na, size_t nb);

/*
 * Benjamini-Hochberg: the adjusted p-values (q) of m p-values, in their
 * order. q_i = min over p_j >= p_i of min(1, p_j * m / rank_j). Out of
 * memory: q = p (no adjustment) and -1.
 */
int mhp_bh_adjust(const double *p, size_t m, double *q);

#define MHP_BOOT_RESAMPLES 10000
#define MHP_BOOT_SEED 1
#define MHP_ALPHA 0.01		/* default: significance after BH */
#define MHP_MIN_CHANGE 0.05	/* default: the smallest change reported */

/* How the change from base to new is measured. */
enum mhp_effect {
	MHP_EFFECT_RATIO,	/* mean(new) / mean(base) */
	MHP_EFFECT_DIFF,	/* mean(new) - mean(base): base has 0 or both signs */
};

struct mhp_cmp {
	enum mhp_effect kind;
	double effect;		/* ratio or difference of the means */
	double base_mean;
	double rel;		/* |mean(new) - mean(base)| / |mean(base)| */
	double ci_lo, ci_hi;	/* bootstrap 95 % percentile interval */
	double p;		/* two-sided Mann-Whitney U */
	bool exact;		/* p from the exact distribution */
	double p_min;		/* the smallest p these sample counts allow */
	/* Set by the report (mhp_report_rule), over all its tests: */
	bool tested;		/* in the report's family of tests */
	double q;		/* Benjamini-Hochberg adjusted p */
	bool significant;	/* q < alpha and rel >= min_change */
	double detectable;	/* see mhp_detectable(); NAN: none */
	bool detectable_abs;	/* detectable in the metric's unit */
};

/*
 * Compare new against base (neither empty). The CI comes from resamples
 * of both sides drawn with replacement from a generator seeded with
 * seed. The change is a ratio when every base value has the same sign
 * and none is 0 (so no resample can divide by 0), else a difference.
 * Neither array is modified. 0, or -1 when out of memory.
 */
int mhp_compare(const double *base, size_t nb, const double *new, size_t nn,
		uint64_t seed, struct mhp_cmp *c);

/* 1 (ratio) or 0 (difference): the value of "no change". */
double mhp_no_change(enum mhp_effect kind);

/*
 * The rule: significant when the BH-adjusted p is below alpha and the
 * change of the mean is at least min_change of the base's mean.
 */
bool mhp_rule(const struct mhp_cmp *c, double q, double alpha,
	      double min_change);

/*
 * The standard normal's upper quantile: z with P(Z > z) = p, for
 * 0 < p < 0.5 (1.959964 for 0.025, 2.575829 for 0.005); NAN otherwise.
 */
double mhp_z_upper(double p);

/*
 * The smallest change this comparison could have detected at alpha: the
 * half width of a two-sided 1 - alpha interval around the change (a
 * change that large moves the interval off "no change"), relative to the
 * base's mean, and never below min_change; in the metric's unit (*abs)
 * when the base's mean is 0. The half width is the bootstrap's standard
 * error, read off its 95 % percentile interval (ci_lo, ci_hi: 2 * 1.96
 * of them wide), times z(1 - alpha / 2): a normal approximation to the
 * bootstrap distribution, so that the figure follows alpha. NAN when no
 * change could be detected: the smallest p these sample counts allow is
 * not below alpha.
 */
double mhp_detectable(const struct mhp_cmp *c, double alpha,
		      double min_change, bool *abs);

#endif
