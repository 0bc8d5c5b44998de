// SPDX-License-Identifier: GPL-2.0
/*
 * Timeline rows (block "t<ms>") and the not-applicable outcome, as a
 * resumed run reads a finished sample back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mhpbench.h"
#include "results.h"

static void test_timeline_rows(void **state)
{
	static const char csv[] =
		"r,x86_64,baseline,k,oom,268435456,0,all,oom_survived,1,bool,1\n"
		"r,x86_64,baseline,k,oom,268435456,0,t1230,memavailable_kb,81620,kB,1\n"
		"r,x86_64,baseline,k,oom,268435456,0,32,hotadd_ok,1,bool,1\n";
	struct mhp_sample s = { 0 };
	double v;

	(void)state;
	assert_int_equal(mhp_sample_parse_csv(csv, strlen(csv), false, &s), 0);
	assert_int_equal(s.nrows, 3);
	assert_int_equal(s.rows[0].block, -1);
	assert_int_equal(s.rows[1].block, MHP_ROW_TIME);
	assert_int_equal(s.rows[1].t_ms, 1230);
	assert_string_equal(s.rows[1].metric, "memavailable_kb");
	assert_int_equal(s.rows[2].block, 32);
	/* A timeline point is not the sample's value of its metric. */
	assert_false(mhp_sample_get(&s, "memavailable_kb", &v));
	assert_true(mhp_sample_get(&s, "oom_survived", &v));
	assert_true(v == 1);
	mhp_sample_free(&s);
}

static void test_add_t(void **state)
{
	struct mhp_sample s = { 0 };

	(void)state;
	assert_int_equal(mhp_sample_add_t(&s, 10, "memavailable_kb", 5, "kB"), 0);
	assert_int_equal(mhp_sample_add_t(&s, -1, "memavailable_kb", 5, "kB"), -1);
	/* A block below -1 is not a timeline point: it reads "all". */
	assert_int_equal(mhp_sample_add(&s, -2, "x", 1, "u"), 0);
	assert_int_equal(s.nrows, 2);
	assert_int_equal(s.rows[0].block, MHP_ROW_TIME);
	assert_int_equal(s.rows[1].block, -1);
	mhp_sample_free(&s);
}

static void test_not_applicable(void **state)
{
	static const char csv[] =
		"r,powerpc,baseline,k,oom,268435456,0,not-applicable,0,12,not applicable: why,/logs\n";
	struct mhp_sample s = { 0 };

	(void)state;
	assert_string_equal(mhp_outcome_name(MHP_NOT_APPLICABLE), "not-applicable");
	assert_int_equal(mhp_sample_parse_csv(csv, strlen(csv), true, &s), 0);
	assert_int_equal(s.outcome, MHP_NOT_APPLICABLE);
	assert_false(s.valid);
	assert_string_equal(s.reason, "not applicable: why");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeline_rows),
		cmocka_unit_test(test_add_t),
		cmocka_unit_test(test_not_applicable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
