// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics module against reference values computed independently:
 * tests/unit/stats_reference.py prints every constant below (python3's
 * statistics module; Mann-Whitney by enumerating every split with
 * itertools; the bootstrap with a python reimplementation of the
 * generator; Benjamini-Hochberg from its definition, not the step-up
 * loop of src/stats.c). The Conover example also matches scipy's
 * documentation of mannwhitneyu (exact p 0.1111, asymptotic p
 * 0.11134688653314); the BH example is the paper's own (Benjamini and
 * Hochberg 1995, section 4.3: at 0.05 the four smallest are rejected).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <cmocka.h>

#include "compiler.h"
#include "stats.h"

/*
 * Equal to 1e-9 relative (the references are printed with repr()). The
 * test is written so that NaN and infinity fail it: every comparison with
 * NaN is false, so "not within" must not be spelt "further than".
 */
static void near(double got, double want)
{
	if (!isfinite(got) || !(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void test_descriptive(void **state)
{
	/* add_total_us of five baseline 128M samples (a TCG run). */
	double v[] = { 42332, 55540, 29710, 38120, 47415 };
	struct mhp_stats st;

	(void)state;
	mhp_stats(v, ARRAY_SIZE(v), &st);
	assert_int_equal(st.n, 5);
	near(st.mean, 42623.4);
	near(st.median, 42332);
	near(st.p95, 53915);
	near(st.p99, 55215);
	near(st.stddev, 9707.2062304249);
	near(st.cov, 0.22774359226211185);
	near(st.min, 29710);
	near(st.max, 55540);
}

static void test_descriptive_interpolated(void **state)
{
	double v[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct mhp_stats st;

	(void)state;
	mhp_stats(v, ARRAY_SIZE(v), &st);
	near(st.mean, 5.5);
	near(st.median, 5.5);
	near(st.p95, 9.55);
	near(st.p99, 9.91);
	near(st.stddev, 3.0276503540974917);
	near(st.cov, 0.5504818825631803);
}

static void test_descriptive_edges(void **state)
{
	double one[] = { 7 }, zeros[] = { 0, 0, 0 };
	struct mhp_stats st;

	(void)state;
	mhp_stats(NULL, 0, &st);
	assert_int_equal(st.n, 0);
	mhp_stats(one, 1, &st);
	near(st.median, 7);
	near(st.p99, 7);
	near(st.stddev, 0);
	/* A mean of 0 has no coefficient of variation: 0, not NaN. */
	mhp_stats(zeros, 3, &st);
	near(st.cov, 0);
}

static void test_rng_reference(void **state)
{
	struct mhp_rng rng;
	struct mhp_rng again;
	int i;

	(void)state;
	mhp_rng_seed(&rng, 0);
	assert_true(mhp_rng_next(&rng) == 0x99ec5f36cb75f2b4ULL);
	assert_true(mhp_rng_next(&rng) == 0xbf6e1f784956452aULL);
	assert_true(mhp_rng_next(&rng) == 0x1a5f849d4933e6e0ULL);
	mhp_rng_seed(&rng, 42);
	mhp_rng_seed(&again, 42);
	for (i = 0; i < 1000; i++) {
		uint64_t x = mhp_rng_below(&rng, 7);

		assert_true(x < 7);
		assert_true(x == mhp_rng_below(&again, 7));
	}
}

static void mwu(const double *a, size_t na, const double *b, size_t nb,
		double want, bool want_exact)
{
	bool exact;

	near(mhp_mann_whitney_p(a, na, b, nb, &exact), want);
	assert_int_equal(exact, want_exact);
	/* Two-sided: the order of the sides does not matter. */
	near(mhp_mann_whitney_p(b, nb, a, na, &exact), want);
}

static void test_mann_whitney_exact(void **state)
{
	/* Conover's example (scipy's docs): 14 of 126 splits. */
	double males[] = { 19, 22, 16, 29, 24 }, females[] = { 20, 11, 17, 12 };
	/* Ties, midranks: 48 of 252 splits. */
	double ta[] = { 1, 2, 2, 3, 3 }, tb[] = { 2, 3, 3, 4, 5 };
	double a3[] = { 1, 2, 3 }, b3[] = { 4, 5, 6 };
	double a5[] = { 1, 2, 3, 4, 5 }, b5[] = { 6, 7, 8, 9, 10 };
	double same[] = { 4, 4, 4 };

	(void)state;
	mwu(males, 5, females, 4, 14.0 / 126, true);
	mwu(ta, 5, tb, 5, 48.0 / 252, true);
	/* Complete separation: 2 of C(6,3) = 20, and 2 of C(10,5) = 252. */
	mwu(a3, 3, b3, 3, 0.1, true);
	mwu(a5, 5, b5, 5, 2.0 / 252, true);
	mwu(same, 3, same, 3, 1, true);
	near(mhp_mann_whitney_p_min(3, 3), 0.1);
	near(mhp_mann_whitney_p_min(5, 5), 2.0 / 252);
	near(mhp_mann_whitney_p_min(1, 1), 1);
}

static void test_mann_whitney_normal(void **state)
{
	double a[40], b[40], ta[40], tb[40];
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		a[i] = i;
		b[i] = i + 10.5;
		ta[i] = i / 4;
		tb[i] = i / 4 + 2;
	}
	mwu(a, 40, b, 40, 0.00045250348643015396, false);
	/* Groups of four ties: the tie correction matters. */
	mwu(ta, 40, tb, 40, 0.005468015007400785, false);
}

static void test_bootstrap_reference(void **state)
{
	double base[] = { 100, 104, 98, 101, 97 };
	double new[] = { 110, 113, 108, 115, 109 };
	struct mhp_cmp c;

	(void)state;
	assert_int_equal(mhp_compare(base, 5, new, 5, 1, &c), 0);
	assert_int_equal(c.kind, MHP_EFFECT_RATIO);
	near(c.effect, 1.11);
	near(c.ci_lo, 1.0773658961640844);
	near(c.ci_hi, 1.1443089430894309);
	near(c.p, 2.0 / 252);
	assert_true(c.exact);
	near(c.rel, 0.11);
	assert_true(mhp_rule(&c, c.p, 0.01, 0.05));
}

static void test_bootstrap_seeded(void **state)
{
	double base[] = { 10, 12, 11, 13, 9, 10 }, new[] = { 11, 12, 13, 10, 12 };
	struct mhp_cmp c1, c2, c3;

	(void)state;
	mhp_compare(base, 6, new, 5, 7, &c1);
	mhp_compare(base, 6, new, 5, 7, &c2);
	mhp_compare(base, 6, new, 5, 8, &c3);
	near(c1.ci_lo, c2.ci_lo);
	near(c1.ci_hi, c2.ci_hi);
	assert_true(c1.ci_lo != c3.ci_lo || c1.ci_hi != c3.ci_hi);
	assert_true(c1.ci_lo <= c1.effect && c1.effect <= c1.ci_hi);
	assert_false(mhp_rule(&c1, c1.p, 0.01, 0.05));
}

static void test_rule(void **state)
{
	double same[] = { 5, 5, 5, 5, 5 };
	double a3[] = { 100, 101, 102 }, b3[] = { 200, 201, 202 };
	double zero[] = { 0, 0, 0, 0, 0 }, pages[] = { 512, 512, 512, 512, 512 };
	double base[] = { 100, 101, 102, 103, 104 };
	double new[] = { 105, 106, 107, 108, 109 };
	struct mhp_cmp c;

	(void)state;
	/* No change at all: CI [1, 1], p = 1. */
	mhp_compare(same, 5, same, 5, 1, &c);
	near(c.ci_lo, 1);
	near(c.ci_hi, 1);
	near(c.p, 1);
	assert_false(mhp_rule(&c, c.p, 0.01, 0.05));
	/* Doubled, but 3 vs 3 samples cannot give p < 0.1. */
	mhp_compare(a3, 3, b3, 3, 1, &c);
	assert_true(c.ci_lo > 1);
	near(c.p, 0.1);
	near(c.p_min, 0.1);
	assert_false(mhp_rule(&c, c.p, 0.05, 0.05));
	/* A base of zeros has no ratio: the change is a difference. */
	mhp_compare(zero, 5, pages, 5, 1, &c);
	assert_int_equal(c.kind, MHP_EFFECT_DIFF);
	near(c.effect, 512);
	near(c.ci_lo, 512);
	near(c.ci_hi, 512);
	assert_true(mhp_rule(&c, c.p, 0.01, 0.05));
	/* Separated (p = 2/252) but +4.9 %: significant, not large enough. */
	mhp_compare(base, 5, new, 5, 1, &c);
	near(c.p, 2.0 / 252);
	near(c.rel, 5.0 / 102);
	assert_false(mhp_rule(&c, c.p, 0.01, 0.05));
	assert_true(mhp_rule(&c, c.p, 0.01, 0.04));
	/* The adjusted p decides, not the raw one. */
	assert_false(mhp_rule(&c, 0.02, 0.01, 0.04));
}

static void test_bh_reference(void **state)
{
	/* stats_reference.py, "bh 1995 example" and "bh ties unsorted". */
	static const double p95[] = {
		0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
		0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000 };
	static const double q95[] = {
		0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286,
		0.06385714285714286, 0.0645, 0.0765, 0.48600000000000004,
		0.5811818181818182, 0.714875, 0.7532307692307694,
		0.8132142857142857, 1.0 };
	static const double pt[] = { 0.04, 0.01, 0.03, 0.01, 0.2 };
	static const double qt[] = { 0.05, 0.025, 0.049999999999999996, 0.025,
				     0.2 };
	double q[ARRAY_SIZE(p95)];
	size_t i, rejected = 0;

	(void)state;
	assert_int_equal(mhp_bh_adjust(p95, ARRAY_SIZE(p95), q), 0);
	for (i = 0; i < ARRAY_SIZE(p95); i++) {
		near(q[i], q95[i]);
		rejected += q[i] < 0.05;
	}
	assert_int_equal(rejected, 4);
	assert_int_equal(mhp_bh_adjust(pt, ARRAY_SIZE(pt), q), 0);
	for (i = 0; i < ARRAY_SIZE(pt); i++)
		near(q[i], qt[i]);
	/* One test: no adjustment. */
	assert_int_equal(mhp_bh_adjust(pt, 1, q), 0);
	near(q[0], 0.04);
}

static void test_p_never_below_p_min(void **state)
{
	double a[40], b[40], many[65];
	/* Ties: one-sided tail 1/3, doubled 2/3 (stats_reference.py). */
	double t1[] = { 1, 1 }, t2[] = { 2 };
	struct mhp_rng rng;
	size_t na, nb, i;
	bool exact;
	int round;

	(void)state;
	near(mhp_mann_whitney_p(t1, 2, t2, 1, &exact), 2.0 / 3);
	near(mhp_mann_whitney_p_min(2, 1), 2.0 / 3);
	/*
	 * The invariant the report relies on: for every data set, exact or
	 * normal, separated, tied or mixed, p >= p_min(na, nb).
	 */
	mhp_rng_seed(&rng, 3);
	for (round = 0; round < 400; round++) {
		double p;

		na = 1 + mhp_rng_below(&rng, 40);
		nb = 1 + mhp_rng_below(&rng, 40);
		for (i = 0; i < na; i++)
			a[i] = mhp_rng_below(&rng, round % 4 ? 1000 : 3);
		for (i = 0; i < nb; i++)
			b[i] = mhp_rng_below(&rng, round % 4 ? 1000 : 3) +
			       (round % 3 ? 0 : 2000);
		p = mhp_mann_whitney_p(a, na, b, nb, &exact);
		if (p < mhp_mann_whitney_p_min(na, nb))
			fail_msg("%zu vs %zu (%s): p %g below p_min %g", na, nb,
				 exact ? "exact" : "normal", p,
				 mhp_mann_whitney_p_min(na, nb));
	}
	/*
	 * Normal approximation (more than 60 values), all ties but one: the
	 * tie correction shrinks the variance to z = 7.6, p ~ 3e-14, where
	 * the exact test cannot go below 2/66: floored there.
	 */
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = 5;
	a[0] = 9;
	near(mhp_mann_whitney_p(a, 1, many, ARRAY_SIZE(many), &exact),
	     mhp_mann_whitney_p_min(1, ARRAY_SIZE(many)));
	near(mhp_mann_whitney_p_min(1, ARRAY_SIZE(many)), 2.0 / 66);
	assert_false(exact);
}

static void test_z_upper(void)
{
	/* python3: statistics.NormalDist().inv_cdf(1 - p) */
	near(mhp_z_upper(0.025), 1.9599639845400536);
	near(mhp_z_upper(0.005), 2.5758293035489);
	near(mhp_z_upper(0.05), 1.6448536269514715);
	assert_true(isnan(mhp_z_upper(0)));
	assert_true(isnan(mhp_z_upper(0.5)));
	assert_true(isnan(mhp_z_upper(NAN)));
}

static void test_detectable(void **state)
{
	struct mhp_cmp c = { .kind = MHP_EFFECT_RATIO, .ci_lo = 0.9,
			     .ci_hi = 1.3, .base_mean = 100,
			     .p_min = 2.0 / 252 };
	bool abs;

	(void)state;
	test_z_upper();
	/*
	 * The 95 % interval is 0.2 wide each side of the change: at alpha
	 * 0.05 a change of 20 % moves it off 1; at 0.01 the 99 % interval
	 * is 2.5758293035489 / 1.9599639845400536 times wider (python3:
	 * 0.2 * inv_cdf(0.995) / inv_cdf(0.975) = 0.26284455468230167).
	 */
	near(mhp_detectable(&c, 0.05, 0.05, &abs), 0.2);
	near(mhp_detectable(&c, 0.01, 0.05, &abs), 0.26284455468230167);
	assert_false(abs);
	/* Never below the smallest change the rule reports. */
	near(mhp_detectable(&c, 0.01, 0.3, &abs), 0.3);
	/* 3 vs 3 samples: p >= 0.1, nothing is detectable at 0.01. */
	c.p_min = 0.1;
	assert_true(isnan(mhp_detectable(&c, 0.01, 0.05, &abs)));
	/*
	 * A difference: relative to the base's mean, or in its unit. Half
	 * width 20 at 95 %: 20 * 1.3142227734115083 = 26.284455468230167
	 * at 99 %, 0.13142227734115083 of a mean of 200.
	 */
	c = (struct mhp_cmp){ .kind = MHP_EFFECT_DIFF, .ci_lo = -30,
			      .ci_hi = 10, .base_mean = 200, .p_min = 0.001 };
	near(mhp_detectable(&c, 0.01, 0.05, &abs), 0.13142227734115083);
	c.base_mean = 0;
	near(mhp_detectable(&c, 0.01, 0.05, &abs), 26.284455468230167);
	assert_true(abs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptive),
		cmocka_unit_test(test_descriptive_interpolated),
		cmocka_unit_test(test_descriptive_edges),
		cmocka_unit_test(test_rng_reference),
		cmocka_unit_test(test_mann_whitney_exact),
		cmocka_unit_test(test_mann_whitney_normal),
		cmocka_unit_test(test_bootstrap_reference),
		cmocka_unit_test(test_bootstrap_seeded),
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_bh_reference),
		cmocka_unit_test(test_p_never_below_p_min),
		cmocka_unit_test(test_detectable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
