// SPDX-License-Identifier: GPL-2.0
/* mhp_size_parse / mhp_size_format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "size.h"

static void parse_ok(const char *s, uint64_t want)
{
	uint64_t v = 0;

	if (mhp_size_parse(s, &v))
		fail_msg("'%s' refused", s);
	assert_int_equal(v, want);
}

static void parse_bad(const char *s)
{
	uint64_t v = 12345;

	if (!mhp_size_parse(s, &v))
		fail_msg("'%s' accepted", s);
	/* A refused size must not leave a half-parsed result behind. */
	assert_int_equal(v, 12345);
}

static void test_plain_bytes(void **state)
{
	(void)state;
	parse_ok("4096", 4096);
	parse_ok("1", 1);
	parse_ok("18446744073709551615", UINT64_MAX);
}

static void test_suffixes(void **state)
{
	(void)state;
	parse_ok("2048K", 2048ULL << 10);
	parse_ok("128M", 128ULL << 20);
	parse_ok("1G", 1ULL << 30);
	parse_ok("2T", 2ULL << 40);
	parse_ok("128m", 128ULL << 20);
	parse_ok("1g", 1ULL << 30);
	parse_ok("128MiB", 128ULL << 20);
	parse_ok("4KiB", 4096);
	parse_ok("1GIB", 1ULL << 30);
	parse_ok("1tib", 1ULL << 40);
}

static void test_same_as_configs(void **state)
{
	/* The values configs/arch and configs/bench use. */
	(void)state;
	parse_ok("512M", 536870912ULL);
	parse_ok("16G", 17179869184ULL);
	parse_ok("256M", 268435456ULL);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	parse_bad("");
	parse_bad("M");
	parse_bad("-1");
	parse_bad("-1G");
	parse_bad("+1G");
	parse_bad(" 1G");
	parse_bad("1G ");
	parse_bad("1.5G");
	parse_bad("1GB");
	parse_bad("1KB");
	parse_bad("1Gi");
	parse_bad("1GiBs");
	parse_bad("1 G");
	parse_bad("1P");
	parse_bad("1X");
	parse_bad("0x10");
	parse_bad("12abc");
	parse_bad(NULL);
}

static void test_zero(void **state)
{
	(void)state;
	parse_bad("0");
	parse_bad("0M");
	parse_bad("000");
}

static void test_overflow(void **state)
{
	(void)state;
	parse_bad("18446744073709551616");
	parse_bad("99999999999999999999999");
	parse_bad("16777216T");		/* 2^24 TiB = 2^64 bytes */
	parse_ok("16777215T", 16777215ULL << 40);
	parse_bad("17179869184G");	/* 2^34 GiB */
	parse_bad("18014398509481984K");	/* 2^54 KiB */
}

static void format_is(uint64_t bytes, const char *want)
{
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	mhp_size_format(bytes, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format(void **state)
{
	(void)state;
	format_is(134217728, "128M");
	format_is(1ULL << 30, "1G");
	format_is(1536ULL << 20, "1536M");
	format_is(4097, "4097");
	format_is(4096, "4K");
	format_is(1024, "1K");
	format_is(1023, "1023");
	format_is(3ULL << 40, "3T");
	format_is(1ULL << 50, "1024T");
	format_is(UINT64_MAX, "18446744073709551615");
	format_is(0, "0");
}

static void test_format_round_trip(void **state)
{
	static const uint64_t sizes[] = {
		1, 4095, 4096, 1 << 20, 3 << 20, 128ULL << 20, 1536ULL << 20,
		1ULL << 30, 5ULL << 40, 1ULL << 63,
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		char buf[32];
		uint64_t v = 0;

		mhp_size_format(sizes[i], buf, sizeof(buf));
		assert_int_equal(mhp_size_parse(buf, &v), 0);
		assert_int_equal(v, sizes[i]);
	}
}

static void test_format_small_buffer(void **state)
{
	char buf[4] = "zzz";

	(void)state;
	mhp_size_format(1536ULL << 20, buf, sizeof(buf));
	/* Truncated, but still a string. */
	assert_string_equal(buf, "153");
	mhp_size_format(1536ULL << 20, buf, 0);
	assert_string_equal(buf, "153");
	mhp_size_format(4096, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_bytes),
		cmocka_unit_test(test_suffixes),
		cmocka_unit_test(test_same_as_configs),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
