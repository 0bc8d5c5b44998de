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
	/* virtio-mem: its times, and what the device and driver are. */
	describe("plug_us", "us", MHP_BETTER_LOWER, 0);
	describe("unplug_us", "us", MHP_BETTER_LOWER, 0);
	describe("replug_us", "us", MHP_BETTER_LOWER, 0);
	describe("qmp_plug_request_us", "us", MHP_BETTER_LOWER, 0);
	describe("vmem_sbm", "bool", MHP_BETTER_UNKNOWN, MHP_METRIC_RAW);
	describe("online_eager", "bool", MHP_BETTER_UNKNOWN, MHP_METRIC_RAW);
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

static void check_reduce(const char *name, enum mhp_reduce want)
{
	struct mhp_metric m;

	mhp_metric_describe(name, &m);
	if (m.reduce != want)
		fail_msg("%s reduces by %s, want %s", name,
			 mhp_reduce_name(m.reduce), mhp_reduce_name(want));
}

static void test_reduce(void **state)
{
	static const double odd[] = { 1, 2, 10 }, even[] = { 1, 2, 4, 10 };

	(void)state;
	/* Per-block latencies: the median of a sample's blocks. */
	check_reduce("add_latency_us", MHP_REDUCE_MEDIAN);
	check_reduce("online_latency_us", MHP_REDUCE_MEDIAN);
	check_reduce("remove_latency_us", MHP_REDUCE_MEDIAN);
	/* A DIMM's function_graph time split over its blocks: the sum. */
	check_reduce("ftrace_arch_add_memory_us", MHP_REDUCE_SUM);
	check_reduce("memmap_pages_kpf", MHP_REDUCE_SUM);
	/* Any block failing; every block ok. */
	check_reduce("online_errno", MHP_REDUCE_MAX);
	check_reduce("hotadd_ok", MHP_REDUCE_MIN);
	/* Unknown: the median. */
	check_reduce("frobnicate_us", MHP_REDUCE_MEDIAN);
	assert_string_equal(mhp_reduce_name(MHP_REDUCE_SUM), "sum");
	assert_true(mhp_reduce(MHP_REDUCE_MEDIAN, odd, 3) == 2);
	assert_true(mhp_reduce(MHP_REDUCE_MEDIAN, even, 4) == 3);
	assert_true(mhp_reduce(MHP_REDUCE_SUM, even, 4) == 17);
	assert_true(mhp_reduce(MHP_REDUCE_MAX, even, 4) == 10);
	assert_true(mhp_reduce(MHP_REDUCE_MIN, even, 4) == 1);
	assert_true(mhp_reduce(MHP_REDUCE_MEDIAN, odd, 1) == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_reduce),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
