// SPDX-License-Identifier: GPL-2.0
/* mhp_meminfo_parse, on a real /proc/meminfo and on broken ones. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "fixture.h"
#include "meminfo.h"

/*
 * tests/fixtures/host-meminfo.txt is this build machine's /proc/meminfo
 * (kernel 6.18), copied verbatim; the numbers below are read off it with
 * grep -E '^(MemTotal|MemFree|MemAvailable):'.
 */
#define HOST_TOTAL_KB 24684096
#define HOST_FREE_KB 23428428
#define HOST_AVAIL_KB 23970360

static void test_host_capture(void **state)
{
	struct mhp_meminfo mi;
	char *text = fixture_read("host-meminfo.txt", NULL);

	(void)state;
	assert_non_null(text);
	assert_int_equal(mhp_meminfo_parse(text, &mi), 0);
	assert_int_equal(mi.mem_total_kb, HOST_TOTAL_KB);
	assert_int_equal(mi.mem_free_kb, HOST_FREE_KB);
	assert_int_equal(mi.mem_available_kb, HOST_AVAIL_KB);
	/* A stock kernel has no MemmapOnMemory line. */
	assert_int_equal(mi.memmap_on_memory_kb, -1);
	free(text);
}

static void test_patched_kernel_field(void **state)
{
	struct mhp_meminfo mi;
	char *text = fixture_read("host-meminfo.txt", NULL);
	char *patched;
	size_t n;

	(void)state;
	assert_non_null(text);
	/* The patch adds its line after the others; append it likewise. */
	n = strlen(text) + 64;
	patched = malloc(n);
	assert_non_null(patched);
	snprintf(patched, n, "%sMemmapOnMemory:     2048 kB\n", text);
	assert_int_equal(mhp_meminfo_parse(patched, &mi), 0);
	assert_int_equal(mi.memmap_on_memory_kb, 2048);
	assert_int_equal(mi.mem_total_kb, HOST_TOTAL_KB);
	free(patched);
	free(text);
}

static void test_minimal(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal:  100 kB\n"
					   "MemFree:    40 kB", &mi), 0);
	assert_int_equal(mi.mem_total_kb, 100);
	assert_int_equal(mi.mem_free_kb, 40);
	assert_int_equal(mi.mem_available_kb, -1);
	assert_int_equal(mi.memmap_on_memory_kb, -1);
}

static void test_missing_required(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemFree: 40 kB\n", &mi), -1);
	assert_int_equal(mhp_meminfo_parse("MemTotal: 40 kB\n", &mi), -1);
	assert_int_equal(mhp_meminfo_parse("", &mi), -1);
	assert_int_equal(mhp_meminfo_parse(NULL, &mi), -1);
	assert_int_equal(mi.mem_total_kb, -1);
}

static void test_name_must_match_exactly(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	/* Prefixes and near misses are other fields, not ours. */
	assert_int_equal(mhp_meminfo_parse("MemTotalX: 1 kB\n"
					   "memtotal: 2 kB\n"
					   " MemTotal: 3 kB\n"
					   "MemFree: 4 kB\n", &mi), -1);
	assert_int_equal(mi.mem_free_kb, 4);
	assert_int_equal(mi.mem_total_kb, -1);
}

static void test_node_meminfo_is_not_supported(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	/* /sys/devices/system/node/node0/meminfo: names carry "Node 0 ". */
	assert_int_equal(mhp_meminfo_parse("Node 0 MemTotal:  1048576 kB\n"
					   "Node 0 MemFree:    524288 kB\n",
					   &mi), -1);
}

static void test_malformed_values(void **state)
{
	static const char *const bad[] = {
		"MemTotal: kB\nMemFree: 1 kB\n",
		"MemTotal: -5 kB\nMemFree: 1 kB\n",
		"MemTotal: 12x kB\nMemFree: 1 kB\n",
		"MemTotal: 12 MB\nMemFree: 1 kB\n",
		"MemTotal: 12 kB junk\nMemFree: 1 kB\n",
		"MemTotal: 0x10 kB\nMemFree: 1 kB\n",
		"MemTotal: 99999999999999999999 kB\nMemFree: 1 kB\n",
		"MemTotal:\nMemFree: 1 kB\n",
		"MemTotal",
	};
	struct mhp_meminfo mi;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (mhp_meminfo_parse(bad[i], &mi) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(mi.mem_total_kb, -1);
	}
}

static void test_optional_field_malformed(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	/* A broken optional field reads as absent; the rest still parse. */
	assert_int_equal(mhp_meminfo_parse("MemTotal: 8 kB\nMemFree: 4 kB\n"
					   "MemAvailable: lots kB\n"
					   "MemmapOnMemory: -1 kB\n", &mi), 0);
	assert_int_equal(mi.mem_available_kb, -1);
	assert_int_equal(mi.memmap_on_memory_kb, -1);
}

static void test_unit_optional_no_crlf_first_wins(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal:\t8\r\n"
					   "MemFree: 4 kB\n"
					   "MemFree: 5 kB\n", &mi), -1);
	/* "\r" is not a blank: a CRLF file is not /proc/meminfo. */
	assert_int_equal(mi.mem_total_kb, -1);
	assert_int_equal(mhp_meminfo_parse("MemTotal:\t8\n"
					   "MemFree: 4 kB\n"
					   "MemFree: 5 kB\n", &mi), 0);
	assert_int_equal(mi.mem_total_kb, 8);
	assert_int_equal(mi.mem_free_kb, 4);
}

static void test_truncated_capture(void **state)
{
	struct mhp_meminfo mi;
	char *text = fixture_read("host-meminfo.txt", NULL);
	char *cut;

	(void)state;
	assert_non_null(text);
	/* A read cut short inside MemFree's number must not give a value. */
	cut = strstr(text, "MemFree:");
	assert_non_null(cut);
	cut[strlen("MemFree:")] = '\0';
	assert_int_equal(mhp_meminfo_parse(text, &mi), -1);
	assert_int_equal(mi.mem_total_kb, HOST_TOTAL_KB);
	assert_int_equal(mi.mem_free_kb, -1);
	free(text);
}

/*
 * Real captures from the x86_64 6.1 guests around one 128M hot-add
 * (tests/fixtures/guest-x86_64/, from a sample's raw/ dir). With the
 * altmap the memmap (2 MiB) is not taken from MemFree at add, and the
 * block brings 128 MiB - 2 MiB to MemTotal; without it MemFree drops by
 * the memmap at add and MemTotal grows by the full 128 MiB.
 */
static void read_guest(const char *name, struct mhp_meminfo *mi)
{
	char *text = fixture_read(name, NULL);

	assert_non_null(text);
	assert_int_equal(mhp_meminfo_parse(text, mi), 0);
	free(text);
}

static void test_guest_altmap_128m(void **state)
{
	struct mhp_meminfo before, added, onlined;

	(void)state;
	read_guest("guest-x86_64/altmap-128M/meminfo-before", &before);
	read_guest("guest-x86_64/altmap-128M/meminfo-after-add", &added);
	read_guest("guest-x86_64/altmap-128M/meminfo-after-online", &onlined);
	assert_int_equal(before.mem_total_kb, 434880);
	assert_int_equal(before.mem_free_kb, 421608);
	assert_int_equal(added.mem_free_kb, 421512);
	assert_int_equal(onlined.mem_total_kb, 563904);
	assert_true(before.mem_free_kb - added.mem_free_kb < 1024);
	assert_int_equal(onlined.mem_total_kb - before.mem_total_kb,
			 128 * 1024 - 2048);
}

static void test_guest_baseline_128m(void **state)
{
	struct mhp_meminfo before, added, onlined;

	(void)state;
	read_guest("guest-x86_64/baseline-128M/meminfo-before", &before);
	read_guest("guest-x86_64/baseline-128M/meminfo-after-add", &added);
	read_guest("guest-x86_64/baseline-128M/meminfo-after-online", &onlined);
	assert_int_equal(before.mem_free_kb, 421240);
	assert_int_equal(added.mem_free_kb, 419096);
	assert_int_equal(onlined.mem_total_kb, 565952);
	assert_true(before.mem_free_kb - added.mem_free_kb >= 2048);
	assert_int_equal(onlined.mem_total_kb - before.mem_total_kb, 128 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_capture),
		cmocka_unit_test(test_patched_kernel_field),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_name_must_match_exactly),
		cmocka_unit_test(test_node_meminfo_is_not_supported),
		cmocka_unit_test(test_malformed_values),
		cmocka_unit_test(test_optional_field_malformed),
		cmocka_unit_test(test_unit_optional_no_crlf_first_wins),
		cmocka_unit_test(test_truncated_capture),
		cmocka_unit_test(test_guest_altmap_128m),
		cmocka_unit_test(test_guest_baseline_128m),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
