// SPDX-License-Identifier: GPL-2.0
/* The KVM probe's decision and the report rule's parsers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "accel.h"
#include "opts.h"

/* Silence decides within 3 s; a boot that prints gets up to 20 s. */
static void test_probe_state(void **state)
{
	(void)state;
	assert_int_equal(mhp_accel_probe_state(0, 0), MHP_PROBE_WAIT);
	assert_int_equal(mhp_accel_probe_state(2999, 2999), MHP_PROBE_WAIT);
	assert_int_equal(mhp_accel_probe_state(3000, 3000), MHP_PROBE_SILENT);
	assert_int_equal(mhp_accel_probe_state(9000, 3000), MHP_PROBE_SILENT);
	assert_int_equal(mhp_accel_probe_state(19999, 100), MHP_PROBE_WAIT);
	assert_int_equal(mhp_accel_probe_state(20000, 100), MHP_PROBE_SLOW);
}

static void test_alpha(void **state)
{
	double a = -1;
	char err[256];

	(void)state;
	assert_int_equal(mhp_alpha_parse("0.01", &a, err, sizeof(err)), 0);
	assert_true(a == 0.01);
	assert_int_equal(mhp_alpha_parse("0.5", &a, err, sizeof(err)), 0);
	assert_true(a == 0.5);
	a = 7;
	assert_int_equal(mhp_alpha_parse("0", &a, err, sizeof(err)), -1);
	assert_int_equal(mhp_alpha_parse("1", &a, err, sizeof(err)), -1);
	assert_int_equal(mhp_alpha_parse("", &a, err, sizeof(err)), -1);
	assert_int_equal(mhp_alpha_parse("0.01x", &a, err, sizeof(err)), -1);
	assert_int_equal(mhp_alpha_parse("nan", &a, err, sizeof(err)), -1);
	assert_int_equal(mhp_alpha_parse("-0.1", &a, err, sizeof(err)), -1);
	assert_true(a == 7);
	assert_string_equal(err, "bad alpha '-0.1' (want a probability between 0 and 1, e.g. 0.01 or 1%)");
	assert_int_equal(mhp_alpha_parse("1%", &a, err, sizeof(err)), 0);
	assert_true(a == 0.01);
}

static void test_min_change(void **state)
{
	double x = -1;
	char err[256];

	(void)state;
	assert_int_equal(mhp_min_change_parse("5%", &x, err, sizeof(err)), 0);
	assert_true(x == 0.05);
	assert_int_equal(mhp_min_change_parse("0.05", &x, err, sizeof(err)), 0);
	assert_true(x == 0.05);
	assert_int_equal(mhp_min_change_parse("0", &x, err, sizeof(err)), 0);
	assert_true(x == 0);
	assert_int_equal(mhp_min_change_parse("100%", &x, err, sizeof(err)), 0);
	assert_true(x == 1);
	x = 7;
	assert_int_equal(mhp_min_change_parse("101%", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("1.5", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse(" 0.05", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("-5%", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("%", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("5%%", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("inf", &x, err, sizeof(err)), -1);
	assert_int_equal(mhp_min_change_parse("", &x, err, sizeof(err)), -1);
	assert_true(x == 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_state),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_min_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
