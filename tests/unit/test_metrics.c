// SPDX-License-Identifier: GPL-2.0
/* The metric table: known names, patterns, and defaults from suffixes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "metrics.h"

static void describe(const char *name, const char *unit, enum mhp_better b,
		     unsigned int flags)
{
	struct mhp_metric m;

	mhp_metric_describe(name, &m);
	assert_string_equal(m.name, name);
	assert_string_equal(m.unit, unit);
	assert_int_equal(m.better, b);
	assert_int_equal(m.flags, flags);
}

static void test_known(void **state)
{
	(void)state;
	describe("add_total_us", "us", MHP_BETTER_LOWER, 0);
	describe("memfree_drop_at_add_kb", "kB", MHP_BETTER_LOWER, 0);
	describe("memmap_pages_on_hotadded", "pages", MHP_BETTER_UNKNOWN, 0);
	describe("oom_survived", "bool", MHP_BETTER_HIGHER, 0);
	describe("memavailable_kb", "kB", MHP_BETTER_UNKNOWN, MHP_METRIC_TIMELINE);
	/* Patterns: a node number, raw inputs. */
	describe("memmap_pages_node3", "pages", MHP_BETTER_UNKNOWN, 0);
	describe("memfree_before_kb", "kB", MHP_BETTER_UNKNOWN, MHP_METRIC_RAW);
	describe("node_present_pages", "pages", MHP_BETTER_UNKNOWN, MHP_METRIC_RAW);
}

static void test_unknown(void **state)
{
	(void)state;
	/* Another engineer's metric: unit and direction from the suffix. */
	describe("vmemmap_populate_us", "us", MHP_BETTER_LOWER, 0);
	describe("fault_loop_per_s", "1/s", MHP_BETTER_HIGHER, 0);
	describe("fio_mmap_iops", "IO/s", MHP_BETTER_HIGHER, 0);
	describe("zone_spanned_kb", "kB", MHP_BETTER_UNKNOWN, 0);
	describe("something", "", MHP_BETTER_UNKNOWN, 0);
	assert_string_equal(mhp_better_name(MHP_BETTER_LOWER), "lower");
	assert_string_equal(mhp_better_name(MHP_BETTER_UNKNOWN), "?");
}

static void test_order(void **state)
{
	static const char *const in[] = { "zzz_us", "boot_ms", "aaa_us",
					  "add_total_us", "qmp_device_add_us" };
	const char *m[ARRAY_SIZE(in)];

	(void)state;
	memcpy(m, in, sizeof(in));
	qsort(m, ARRAY_SIZE(m), sizeof(*m), mhp_metric_cmp);
	/* The table's order first, then unknown ones by name. */
	assert_string_equal(m[0], "qmp_device_add_us");
	assert_string_equal(m[1], "add_total_us");
	assert_string_equal(m[2], "boot_ms");
	assert_string_equal(m[3], "aaa_us");
	assert_string_equal(m[4], "zzz_us");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
