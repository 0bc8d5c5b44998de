// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_meminfo_parse at the edges of what it accepts (make mutants: each
 * case is one the parser could get wrong by one character or one
 * comparison). The expected values are the numbers written in the text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "compiler.h"
#include "meminfo.h"

/* 0 and 9 are digits: the first and the last. */
static void test_digit_bounds(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal: 0 kB\n"
					   "MemFree: 9 kB\n"
					   "MemmapOnMemory: 0 kB\n", &mi), 0);
	/* A total of 0 is a value, not a missing field. */
	assert_int_equal(mi.mem_total_kb, 0);
	assert_int_equal(mi.mem_free_kb, 9);
	assert_int_equal(mi.memmap_on_memory_kb, 0);
	assert_int_equal(mhp_meminfo_parse("MemTotal: 95 kB\n"
					   "MemFree: 0 kB\n", &mi), 0);
	assert_int_equal(mi.mem_total_kb, 95);
	assert_int_equal(mi.mem_free_kb, 0);
}

/* Fields not in the text read -1, exactly. */
static void test_absent_fields(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal: 8 kB\nMemFree: 4 kB\n",
					   &mi), 0);
	assert_int_equal(mi.mem_available_kb, -1);
	assert_int_equal(mi.memmap_on_memory_kb, -1);
	assert_int_equal(mhp_meminfo_parse("MemAvailable: 3 kB\n", &mi), -1);
	assert_int_equal(mi.mem_total_kb, -1);
	assert_int_equal(mi.mem_free_kb, -1);
	assert_int_equal(mi.mem_available_kb, 3);
	assert_int_equal(mhp_meminfo_parse(NULL, &mi), -1);
	assert_int_equal(mi.mem_total_kb, -1);
	assert_int_equal(mi.mem_free_kb, -1);
	assert_int_equal(mi.mem_available_kb, -1);
	assert_int_equal(mi.memmap_on_memory_kb, -1);
}

/* What a number must be: digits only, no sign, a unit of kB alone. */
static void test_number_shape(void **state)
{
	static const char *const bad[] = {
		"MemTotal: +5 kB\nMemFree: 1 kB\n",
		"MemTotal: 5 kX\nMemFree: 1 kB\n",
		"MemTotal: 5 k\nMemFree: 1 kB\n",
		"MemTotal: 5 B\nMemFree: 1 kB\n",
	};
	struct mhp_meminfo mi;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(mhp_meminfo_parse(bad[i], &mi), -1);
		assert_int_equal(mi.mem_total_kb, -1);
	}
}

/*
 * Blanks: none after the colon, several after the unit (the last line,
 * which has no newline), a tab before the unit or none.
 */
static void test_blanks(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal:12345 kB\n"
					   "MemmapOnMemory:\t2048kB\n"
					   "MemFree: 678 kB \t ", &mi), 0);
	assert_int_equal(mi.mem_total_kb, 12345);
	assert_int_equal(mi.mem_free_kb, 678);
	assert_int_equal(mi.memmap_on_memory_kb, 2048);
	assert_int_equal(mhp_meminfo_parse("MemTotal: 1 kB\nMemFree: 2 kB\n"
					   "MemAvailable: 77\t \t", &mi), 0);
	assert_int_equal(mi.mem_available_kb, 77);
}

/* The first good value wins, a 0 included. */
static void test_first_zero_wins(void **state)
{
	struct mhp_meminfo mi;

	(void)state;
	assert_int_equal(mhp_meminfo_parse("MemTotal: 8 kB\nMemFree: 0 kB\n"
					   "MemFree: 5 kB\n", &mi), 0);
	assert_int_equal(mi.mem_free_kb, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digit_bounds),
		cmocka_unit_test(test_absent_fields),
		cmocka_unit_test(test_number_shape),
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_first_zero_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
