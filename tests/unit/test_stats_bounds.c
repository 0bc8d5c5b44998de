// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics module at its edges (make mutants): what it must not
 * read or write past, the sample sizes where a formula changes, and
 * values where rounding would show. Every expected value is worked out
 * in the comment beside it; test_stats.c has the reference values.
 * Comparisons reject NaN and infinity.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "stats.h"

/* got is finite and within rel of want (relative, at least 1e-300). */
static void near(double got, double want, double rel)
{
	if (!isfinite(got) || !(fabs(got - want) <= rel * fmax(fabs(want), 1e-300)))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void exactly(double got, double want)
{
	if (!isfinite(got) || got != want)
		fail_msg("got %.17g, want %.17g, to the bit", got, want);
}

/*
 * A quantile reads v[0] to v[n - 1] only: a NaN just past the end must
 * not show. q = 1 is the last value; of one value, every quantile is it.
 */
static void test_quantile_reads_within(void **state)
{
	double v[] = { 1, 2, NAN }, one[] = { 7, NAN };

	(void)state;
	exactly(mhp_quantile(v, 2, 1.0), 2);
	exactly(mhp_quantile(v, 2, 0.0), 1);
	/* pos = 0.5 * (2 - 1): halfway, 1.5. */
	exactly(mhp_quantile(v, 2, 0.5), 1.5);
	exactly(mhp_quantile(one, 1, 1.0), 7);
	exactly(mhp_quantile(one, 1, 0.5), 7);
}

/* No values: every field 0, whatever the struct held before. */
static void test_empty_clears(void **state)
{
	struct mhp_stats st;

	(void)state;
	memset(&st, 0x5a, sizeof(st));
	mhp_stats(NULL, 0, &st);
	assert_int_equal(st.n, 0);
	exactly(st.mean, 0);
	exactly(st.stddev, 0);
	exactly(st.cov, 0);
	exactly(st.min, 0);
	exactly(st.max, 0);
	exactly(st.median, 0);
	exactly(st.p95, 0);
	exactly(st.p99, 0);
}

/*
 * The sample standard deviation, sqrt(sum (v - mean)^2 / (n - 1)):
 * of one value 0 (no spread, not 0 / 0); of {1, 3}: mean 2, squares
 * 1 + 1 = 2, over n - 1 = 1, sqrt(2).
 */
static void test_stddev_small_n(void **state)
{
	double one[] = { 5 }, two[] = { 1, 3 };
	struct mhp_stats st;

	(void)state;
	mhp_stats(one, 1, &st);
	exactly(st.stddev, 0);
	exactly(st.cov, 0);
	mhp_stats(two, 2, &st);
	near(st.stddev, M_SQRT2, 1e-15);
	/* cov: sqrt(2) / 2. */
	near(st.cov, M_SQRT2 / 2, 1e-15);
}

/*
 * The spread does not depend on where the values sit: 1e9 + {1, 2, 4}
 * has the spread of {1, 2, 4}: mean 7/3, squares (16 + 1 + 25) / 9 =
 * 42 / 9, over 2: 7 / 3, stddev sqrt(7 / 3). Summing squares of the
 * values instead of the deviations loses it to rounding.
 */
static void test_stddev_offset(void **state)
{
	double v[] = { 1e9 + 1, 1e9 + 2, 1e9 + 4 };
	struct mhp_stats st;

	(void)state;
	mhp_stats(v, ARRAY_SIZE(v), &st);
	near(st.stddev, sqrt(7.0 / 3), 1e-12);
	near(st.mean, 1e9 + 7.0 / 3, 1e-15);
}

/* Seeding writes the generator's four words and nothing after them. */
static void test_seed_in_bounds(void **state)
{
	struct {
		struct mhp_rng rng;
		uint64_t canary;
	} x;

	(void)state;
	x.canary = 0x0123456789abcdefULL;
	mhp_rng_seed(&x.rng, 7);
	assert_true(x.canary == 0x0123456789abcdefULL);
}

/*
 * Past MHP_MWU_EXACT_N the normal approximation: 40 against 40 values
 * all equal have no variance at all (every rank the same); nothing
 * tells them apart, p = 1.
 */
static void test_normal_all_tied(void **state)
{
	double a[40];
	bool exact;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		a[i] = 5;
	exactly(mhp_mann_whitney_p(a, 40, a, 40, &exact), 1);
	assert_false(exact);
}

/* A NaN among the values must not hang the ranking. */
static void test_nan_value_returns(void **state)
{
	double a[] = { 1, NAN, 3 }, b[] = { 4, 5, 6 };
	bool exact;
	double p;

	(void)state;
	p = mhp_mann_whitney_p(a, 3, b, 3, &exact);
	assert_true(isnan(p) || (p >= 0 && p <= 1));
}

/* Either side empty: nothing to test, p = 1. */
static void test_empty_side(void **state)
{
	double a[] = { 1, 2, 3 };
	bool exact = false;

	(void)state;
	exactly(mhp_mann_whitney_p(a, 0, a, 3, &exact), 1);
	assert_true(exact);
	exactly(mhp_mann_whitney_p(a, 3, a, 0, &exact), 1);
}

/*
 * Exact up to MHP_MWU_EXACT_N (60) values in all: 30 + 30 is, 30 + 31
 * is not. Completely separated, the exact p is 2 / C(60, 30) =
 * 1.69e-17, the smallest there is.
 */
static void test_exact_threshold(void **state)
{
	double a[31], b[31];
	bool exact;
	int i;

	(void)state;
	for (i = 0; i < 31; i++) {
		a[i] = i;
		b[i] = 100 + i;
	}
	near(mhp_mann_whitney_p(a, 30, b, 30, &exact),
	     mhp_mann_whitney_p_min(30, 30), 1e-9);
	assert_true(exact);
	mhp_mann_whitney_p(a, 30, b, 31, &exact);
	assert_false(exact);
}

static void test_no_change(void **state)
{
	(void)state;
	exactly(mhp_no_change(MHP_EFFECT_RATIO), 1);
	exactly(mhp_no_change(MHP_EFFECT_DIFF), 0);
}

/* q must be below alpha; the change at least min_change. */
static void test_rule_edges(void **state)
{
	struct mhp_cmp c = { .rel = 0.05 };

	(void)state;
	assert_false(mhp_rule(&c, 0.01, 0.01, 0.05));
	assert_true(mhp_rule(&c, 0.0099, 0.01, 0.05));
	assert_false(mhp_rule(&c, 0.0099, 0.01, 0.0501));
}

/*
 * The smallest detectable change: none (NaN) when even the most extreme
 * split could not be significant (p_min >= alpha); with an interval of
 * width 0 it is the rule's own minimum, relative to the base's mean for
 * a difference, in the metric's unit when that mean is 0.
 */
static void test_detectable_edges(void **state)
{
	struct mhp_cmp c = { .kind = MHP_EFFECT_RATIO, .ci_lo = 2, .ci_hi = 2,
			     .p_min = 0.01 };
	bool abs = true;

	(void)state;
	assert_true(isnan(mhp_detectable(&c, 0.01, 0.05, &abs)));
	c.p_min = 0.0099;
	exactly(mhp_detectable(&c, 0.01, 0.05, &abs), 0.05);
	assert_false(abs);
	c.kind = MHP_EFFECT_DIFF;
	c.base_mean = -4;
	exactly(mhp_detectable(&c, 0.01, 0.05, &abs), 0.05);
	assert_false(abs);
	c.base_mean = 0;
	exactly(mhp_detectable(&c, 0.01, 0.05, &abs), 0);
	assert_true(abs);
}

/*
 * mhp_compare on constant samples, where every resample is the sample:
 * base 2, 2, 2 against 4, 4, 4 is a ratio of 2, interval [2, 2], change
 * |4 - 2| / 2 = 1, p = 2 / C(6, 3) = 0.1. All negative: a ratio too.
 * A base of zeros or of both signs: a difference; from a mean of 0 any
 * change is infinitely large, and none is 0.
 */
static void test_compare_constant(void **state)
{
	double two[] = { 2, 2, 2 }, four[] = { 4, 4, 4 };
	double neg[] = { -2, -2, -2 }, zero[] = { 0, 0, 0 };
	double mixed[] = { -1, 1, 3 };
	struct mhp_cmp c;

	(void)state;
	assert_int_equal(mhp_compare(two, 3, four, 3, 1, &c), 0);
	assert_int_equal(c.kind, MHP_EFFECT_RATIO);
	exactly(c.effect, 2);
	exactly(c.ci_lo, 2);
	exactly(c.ci_hi, 2);
	exactly(c.base_mean, 2);
	exactly(c.rel, 1);
	near(c.p, 0.1, 1e-12);
	near(c.p_min, 0.1, 1e-12);
	assert_true(c.exact);
	assert_true(isnan(c.detectable));
	exactly(c.q, c.p);
	assert_int_equal(mhp_compare(neg, 3, four, 3, 1, &c), 0);
	assert_int_equal(c.kind, MHP_EFFECT_RATIO);
	exactly(c.effect, -2);
	exactly(c.rel, 3);
	assert_int_equal(mhp_compare(zero, 3, four, 3, 1, &c), 0);
	assert_int_equal(c.kind, MHP_EFFECT_DIFF);
	exactly(c.effect, 4);
	assert_true(isinf(c.rel));
	assert_int_equal(mhp_compare(zero, 3, zero, 3, 1, &c), 0);
	exactly(c.rel, 0);
	exactly(c.p, 1);
	assert_int_equal(mhp_compare(mixed, 3, four, 3, 1, &c), 0);
	assert_int_equal(c.kind, MHP_EFFECT_DIFF);
	/* mean(mixed) = 1: 4 - 1. */
	exactly(c.effect, 3);
}

/* BH of one p is that p; of none, nothing (and no failure). */
static void test_bh_small(void **state)
{
	double p[] = { 0.03 }, q[] = { -1 };

	(void)state;
	assert_int_equal(mhp_bh_adjust(p, 1, q), 0);
	exactly(q[0], 0.03);
	q[0] = -1;
	assert_int_equal(mhp_bh_adjust(p, 0, q), 0);
	exactly(q[0], -1);
}

/*
 * The normal approximation, z = (|U - mu| - 0.5) / sd, no ties: 40
 * values against 40 alternating (a 0, 2, ..., 78; b 1, 3, ..., 79): a's
 * ranks 1, 3, ..., 79 sum to 40^2 = 1600, U = 1600 - 40 * 41 / 2 = 780,
 * mu = 40 * 40 / 2 = 800, var = 40 * 40 / 12 * 81 = 10800: z = 19.5 /
 * sqrt(10800) = 0.18764, p = erfc(z / sqrt(2)) = 0.85116 (the textbook
 * formula, computed apart). In blocks a b b a, U = mu: z below 0, p = 1.
 */
static void test_normal_small_z(void **state)
{
	double a[40], b[40];
	bool exact;
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		a[i] = 2 * i;
		b[i] = 2 * i + 1;
	}
	near(mhp_mann_whitney_p(a, 40, b, 40, &exact), 0.8511597790430958,
	     1e-12);
	assert_false(exact);
	for (i = 0; i < 20; i++) {
		a[2 * i] = 4 * i;
		a[2 * i + 1] = 4 * i + 3;
		b[2 * i] = 4 * i + 1;
		b[2 * i + 1] = 4 * i + 2;
	}
	exactly(mhp_mann_whitney_p(a, 40, b, 40, &exact), 1);
}

/* An empty side is p = 1 and exact, however many the other has. */
static void test_empty_side_large(void **state)
{
	double b[61] = { 0 };
	bool exact = false;

	(void)state;
	exactly(mhp_mann_whitney_p(b, 0, b, 61, &exact), 1);
	assert_true(exact);
	/* C(5, 0) = 1 way: 2 / 1, held to 1. */
	exactly(mhp_mann_whitney_p_min(0, 5), 1);
	exactly(mhp_mann_whitney_p_min(5, 0), 1);
}

/* What the comparison does not set is cleared, whatever was there. */
static void test_compare_clears(void **state)
{
	double two[] = { 2, 2, 2 }, four[] = { 4, 4, 4 };
	struct mhp_cmp c;

	(void)state;
	/* Bytes of 1: every bool true (a bool must hold 0 or 1). */
	memset(&c, 1, sizeof(c));
	assert_int_equal(mhp_compare(two, 3, four, 3, 1, &c), 0);
	assert_false(c.tested);
	assert_false(c.significant);
	assert_false(c.detectable_abs);
}

/* Upper quantiles of the standard normal (the tables' values). */
static void test_z_upper(void **state)
{
	(void)state;
	near(mhp_z_upper(0.025), 1.9599639845400536, 1e-12);
	near(mhp_z_upper(0.005), 2.5758293035489, 1e-12);
	near(mhp_z_upper(0.25), 0.6744897501960817, 1e-12);
	near(mhp_z_upper(0.4), 0.2533471031357998, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantile_reads_within),
		cmocka_unit_test(test_empty_clears),
		cmocka_unit_test(test_stddev_small_n),
		cmocka_unit_test(test_stddev_offset),
		cmocka_unit_test(test_seed_in_bounds),
		cmocka_unit_test(test_normal_all_tied),
		cmocka_unit_test(test_nan_value_returns),
		cmocka_unit_test(test_empty_side),
		cmocka_unit_test(test_exact_threshold),
		cmocka_unit_test(test_no_change),
		cmocka_unit_test(test_rule_edges),
		cmocka_unit_test(test_detectable_edges),
		cmocka_unit_test(test_compare_constant),
		cmocka_unit_test(test_bh_small),
		cmocka_unit_test(test_normal_small_z),
		cmocka_unit_test(test_empty_side_large),
		cmocka_unit_test(test_compare_clears),
		cmocka_unit_test(test_z_upper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
