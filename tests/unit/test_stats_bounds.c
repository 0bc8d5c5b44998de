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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
