// SPDX-License-Identifier: GPL-2.0
/*
 * The report's rule (src/rule.c) on a report built by hand: which rows
 * are in the family of tests, their Benjamini-Hochberg q (worked out in
 * the comments from the definition), which are significant; and the
 * parser of "0.05" and "5%". test_report.c runs it on real runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "compiler.h"
#include "comparison.h"
#include "metrics.h"

static void near(double got, double want)
{
	if (!isfinite(got) || !(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
		fail_msg("got %.17g, want %.17g", got, want);
}

/* A compared row: base values 1..2, new 3..4 (not all the same). */
static void row(struct mhp_mrow *r, double p, double rel)
{
	memset(r, 0, sizeof(*r));
	r->compared = true;
	r->st[MHP_BASE].min = 1;
	r->st[MHP_BASE].max = 2;
	r->st[MHP_NEW].min = 3;
	r->st[MHP_NEW].max = 4;
	r->cmp.p = p;
	r->cmp.rel = rel;
	r->cmp.kind = MHP_EFFECT_RATIO;
	r->cmp.ci_lo = 1;
	r->cmp.ci_hi = 1;
	r->cmp.p_min = 0.001;
}

/*
 * Rows in the family of tests: compared, not raw, not a timeline, not
 * every value the same on both sides, not of an overhead pairing. Rows
 * out of it keep q = p and are never significant.
 */
static void test_family(void **state)
{
	struct mhp_mrow a[6], b[3], ov[1];
	struct mhp_section sec[2] = {
		{ .rows = a, .nrows = ARRAY_SIZE(a) },
		{ .rows = b, .nrows = ARRAY_SIZE(b) },
	};
	struct mhp_section osec = { .rows = ov, .nrows = 1 };
	struct mhp_pairing pair[2] = {
		{ .kind = MHP_PAIR_MAIN, .sec = sec, .nsec = 2 },
		{ .kind = MHP_PAIR_OVERHEAD, .sec = &osec, .nsec = 1 },
	};
	struct mhp_report r = { .pair = pair, .npair = 2 };

	(void)state;
	row(&a[0], 0.01, 0.5);
	row(&a[1], 0.5, 0.5);
	a[1].compared = false;
	row(&a[2], 0.04, 0.5);
	row(&a[3], 0.001, 0.5);
	a[3].info.flags = MHP_METRIC_RAW;
	row(&a[4], 0.001, 0.5);
	a[4].info.flags = MHP_METRIC_TIMELINE;
	/* Every value 7 on both sides: nothing to test. */
	row(&a[5], 0.002, 0.5);
	a[5].st[MHP_BASE].min = a[5].st[MHP_BASE].max = 7;
	a[5].st[MHP_NEW].min = a[5].st[MHP_NEW].max = 7;
	row(&b[0], 0.03, 0.5);
	row(&b[1], 0.2, 0.5);
	/* The base all 7, the new all 8: a difference, tested. */
	row(&b[2], 0.01, 0.01);
	b[2].st[MHP_BASE].min = b[2].st[MHP_BASE].max = 7;
	b[2].st[MHP_NEW].min = b[2].st[MHP_NEW].max = 8;
	row(&ov[0], 0.001, 0.5);
	/* What a row said before is not kept. */
	a[3].cmp.significant = true;
	ov[0].cmp.significant = true;

	/* alpha 0.045: clear of the q of 0.05 (rounding either way). */
	mhp_report_rule(&r, 0.045, 0.1);
	near(r.alpha, 0.045);
	near(r.min_change, 0.1);
	/*
	 * Five tested: a[0], a[2], b[0], b[1], b[2]: p = 0.01, 0.04, 0.03,
	 * 0.2, 0.01; m = 5. Ranked 0.01 (1, 2), 0.03 (3), 0.04 (4), 0.2 (5):
	 * p * 5 / rank = 0.05, 0.025, 0.05, 0.05, 0.2; running minimum from
	 * the top: 0.2, 0.05, 0.05, 0.025, 0.025.
	 */
	assert_int_equal(r.ntests, 5);
	assert_true(a[0].cmp.tested && a[2].cmp.tested && b[0].cmp.tested &&
		    b[1].cmp.tested && b[2].cmp.tested);
	assert_false(a[1].cmp.tested || a[3].cmp.tested || a[4].cmp.tested ||
		     a[5].cmp.tested || ov[0].cmp.tested);
	near(a[0].cmp.q, 0.025);
	near(a[2].cmp.q, 0.05);
	near(b[0].cmp.q, 0.05);
	near(b[1].cmp.q, 0.2);
	near(b[2].cmp.q, 0.025);
	/* q < 0.045 and rel >= 0.1: a[0]; b[2] changed by 1 % only. */
	assert_true(a[0].cmp.significant);
	assert_false(a[2].cmp.significant || b[0].cmp.significant ||
		     b[1].cmp.significant || b[2].cmp.significant);
	/* Out of the family: q is p, never significant. */
	near(a[3].cmp.q, 0.001);
	near(a[5].cmp.q, 0.002);
	near(ov[0].cmp.q, 0.001);
	assert_false(a[3].cmp.significant || a[4].cmp.significant ||
		     a[5].cmp.significant || ov[0].cmp.significant);
	/* The row not compared is not looked at. */
	near(a[1].cmp.q, 0);
	/*
	 * Every compared row gets the smallest change it could have shown:
	 * a ratio with an interval of width 0 and p_min 0.001 < alpha: the
	 * rule's own minimum, 0.1.
	 */
	near(a[0].cmp.detectable, 0.1);
	near(a[3].cmp.detectable, 0.1);
	near(ov[0].cmp.detectable, 0.1);
}

/* One row alone: q = p * 1 / 1 = p; the rule at rel = min_change. */
static void test_single(void **state)
{
	struct mhp_mrow a[1];
	struct mhp_section sec = { .rows = a, .nrows = 1 };
	struct mhp_pairing pair = { .kind = MHP_PAIR_DECOMP, .sec = &sec,
				    .nsec = 1 };
	struct mhp_report r = { .pair = &pair, .npair = 1 };

	(void)state;
	row(&a[0], 0.004, 0.1);
	mhp_report_rule(&r, 0.01, 0.1);
	assert_int_equal(r.ntests, 1);
	near(a[0].cmp.q, 0.004);
	assert_true(a[0].cmp.significant);
	/* q = alpha is not below it. */
	row(&a[0], 0.01, 0.5);
	mhp_report_rule(&r, 0.01, 0.1);
	assert_false(a[0].cmp.significant);
}

/* No row: no test, nothing to adjust. */
static void test_empty(void **state)
{
	struct mhp_report r = { .npair = 0 };

	(void)state;
	mhp_report_rule(&r, 0.01, 0.05);
	assert_int_equal(r.ntests, 0);
}

static void test_parse_fraction(void **state)
{
	static const struct {
		const char *s;
		double v;
	} good[] = {
		{ "0.05", 0.05 }, { "5%", 0.05 }, { ".5", 0.5 }, { "0", 0 },
		{ "1", 1 }, { "100%", 1 }, { "0%", 0 }, { "9%", 0.09 },
		{ "1e-3", 0.001 },
	};
	/* ':' and '/' sit right after '9' and right before '0' in ASCII. */
	static const char *const bad[] = {
		"", "-0.1", "1.0001", "101%", "abc", "5%x", "0.5 ", "9", ":",
		"/", "inf", "nan", "%", "1e400", "+0.5", " 0.5",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++)
		near(mhp_parse_fraction(good[i].s), good[i].v);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (mhp_parse_fraction(bad[i]) != -1)
			fail_msg("'%s' read as %g", bad[i],
				 mhp_parse_fraction(bad[i]));
	assert_true(mhp_parse_fraction(NULL) == -1);
}

static void test_meta_fraction(void **state)
{
	static const char text[] =
		"{\"options\": {\"alpha\": \"0.02\", \"min_change\": \"5%\", \"bad\": \"2\", \"zero\": \"0\"}}";
	json_object *m = json_tokener_parse(text);

	(void)state;
	assert_non_null(m);
	near(mhp_meta_fraction(m, "alpha"), 0.02);
	near(mhp_meta_fraction(m, "min_change"), 0.05);
	assert_true(isnan(mhp_meta_fraction(m, "bad")));
	/* 0 is a fraction (no change at all is the smallest). */
	assert_true(mhp_meta_fraction(m, "zero") == 0);
	assert_true(isnan(mhp_meta_fraction(m, "missing")));
	json_object_put(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_parse_fraction),
		cmocka_unit_test(test_meta_fraction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
