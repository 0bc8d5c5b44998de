// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmstat, /proc/pagetypeinfo and upstream's memmap counters at the
 * edges of what the parser accepts (make mutants); test_vmstat.c has the
 * real files. Expected values are the numbers in the text, or the
 * arithmetic in the comment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmstat.h"

/* 0 and 9 are digits; a sign is not. */
static void test_digits(void **state)
{
	(void)state;
	assert_int_equal(mhp_vmstat_get("nr_a 0\n", "nr_a"), 0);
	assert_int_equal(mhp_vmstat_get("nr_a 9\n", "nr_a"), 9);
	assert_int_equal(mhp_vmstat_get("nr_a 90\n", "nr_a"), 90);
	assert_int_equal(mhp_vmstat_get("nr_a +5\n", "nr_a"), -1);
	assert_int_equal(mhp_vmstat_get("nr_a /\n", "nr_a"), -1);
	assert_int_equal(mhp_vmstat_get("nr_a :\n", "nr_a"), -1);
}

/* Blanks around the number, several, at the end of the text too. */
static void test_blanks(void **state)
{
	char text[32];

	(void)state;
	assert_int_equal(mhp_vmstat_get("nr_a  \t 12 \t ", "nr_a"), 12);
	assert_int_equal(mhp_vmstat_get("nr_a 12\nnr_b 3", "nr_a"), 12);
	assert_int_equal(mhp_vmstat_get("nr_b 3\nnr_a   7", "nr_a"), 7);
	/*
	 * The key alone, nothing after it: not its line, the search goes
	 * on (a line "nr_a " then "nr_a 5").
	 */
	strcpy(text, "nr_a ");
	strcat(text, "\nnr_a 5\n");
	assert_int_equal(mhp_vmstat_get(text, "nr_a"), 5);
	text[5] = '\0';
	assert_int_equal(mhp_vmstat_get(text, "nr_a"), -1);
}

/*
 * The name with its blank must fit the 96-byte key: 94 characters do
 * (94 + ' ' + NUL = 96), 95 do not.
 */
static void test_name_length(void **state)
{
	char text[128], name[100];

	(void)state;
	memset(name, 'n', 94);
	name[94] = '\0';
	memcpy(text, name, 94);
	strcpy(text + 94, " 5\n");
	assert_int_equal(mhp_vmstat_get(text, name), 5);
	memset(name, 'n', 95);
	name[95] = '\0';
	memcpy(text, name, 95);
	strcpy(text + 95, " 6\n");
	assert_int_equal(mhp_vmstat_get(text, name), -1);
	assert_int_equal(mhp_vmstat_get("nr_a 1\n", NULL), -1);
	/* No name at all is none, not the lines that start with a blank. */
	assert_int_equal(mhp_vmstat_get(" 5\n", ""), -1);
}

/* The name is whole: "nr_a" is not the start of "nr_ab". */
static void test_whole_name(void **state)
{
	(void)state;
	assert_int_equal(mhp_vmstat_get("nr_ab 7\nnr_a 5\n", "nr_a"), 5);
	assert_int_equal(mhp_vmstat_get("nr_ab 7\n", "nr_a"), -1);
}

/*
 * The first pair both found wins: 6.12's names, then 6.11's. Only 6.11's
 * here: 2560 and 4096.
 */
static void test_upstream_pairs(void **state)
{
	int64_t pages = 0, boot = 0;

	(void)state;
	assert_int_equal(mhp_vmstat_upstream_memmap(
		"nr_memmap 2560\nnr_memmap_boot 4096\n", &pages, &boot), 0);
	assert_int_equal(pages, 2560);
	assert_int_equal(boot, 4096);
	assert_int_equal(mhp_vmstat_upstream_memmap(
		"nr_memmap_pages 0\nnr_memmap_boot_pages 0\n", &pages, &boot), 0);
	assert_int_equal(pages, 0);
	assert_int_equal(boot, 0);
	/* Both forms: the newer one. */
	assert_int_equal(mhp_vmstat_upstream_memmap(
		"nr_memmap 1\nnr_memmap_boot 2\nnr_memmap_pages 3\nnr_memmap_boot_pages 4\n",
		&pages, &boot), 0);
	assert_int_equal(pages, 3);
	assert_int_equal(boot, 4);
	/* Half a pair of either form is none: both -1. */
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap 5\n", &pages,
						    &boot), -1);
	assert_int_equal(pages, -1);
	assert_int_equal(boot, -1);
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap_boot 7\n",
						    &pages, &boot), -1);
	assert_int_equal(pages, -1);
	assert_int_equal(boot, -1);
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap_boot_pages 4\n",
						    &pages, &boot), -1);
	assert_int_equal(pages, -1);
	assert_int_equal(boot, -1);
}

/*
 * Upstream's memmap of a hot-added range: per section, section / page *
 * struct page bytes, rounded up to pages.
 */
static void test_upstream_expected(void **state)
{
	(void)state;
	/*
	 * arm64 with 64K pages and 512 MiB sections: 8192 pages * 64 B =
	 * 512 KiB, 8 pages a section; 1 GiB is two sections, 16 pages.
	 */
	assert_int_equal(mhp_upstream_memmap_expected(1ULL << 30, 65536, 64,
						      512 << 20), 16);
	/*
	 * 4K pages, 2 MiB sections (made up): 512 pages * 56 B = 28672 B,
	 * 7 pages exactly; with 57 B, 29184 B: 7.125, so 8.
	 */
	assert_int_equal(mhp_upstream_memmap_expected(2 << 20, 4096, 56,
						      2 << 20), 7);
	assert_int_equal(mhp_upstream_memmap_expected(2 << 20, 4096, 57,
						      2 << 20), 8);
	/* A section of one page, a 1-byte struct page: 1 byte, one page. */
	assert_int_equal(mhp_upstream_memmap_expected(4096, 4096, 1, 4096), 1);
	/* Degenerate: no page, no section; a size or section not whole. */
	assert_int_equal(mhp_upstream_memmap_expected(128 << 20, 0, 64,
						      128 << 20), -1);
	assert_int_equal(mhp_upstream_memmap_expected(128 << 20, 4096, 64, 0),
			 -1);
	assert_int_equal(mhp_upstream_memmap_expected(192 << 20, 4096, 64,
						      128 << 20), -1);
	assert_int_equal(mhp_upstream_memmap_expected(6000, 4096, 64, 3000),
			 -1);
}

static void test_pagetypeinfo(void **state)
{
	(void)state;
	assert_int_equal(mhp_pagetypeinfo_block_pages(
		"Page block order: 9\nPages per block:  512\n"), 512);
	assert_int_equal(mhp_pagetypeinfo_block_pages("Pages per block:"), -1);
	assert_int_equal(mhp_pagetypeinfo_block_pages(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_whole_name),
		cmocka_unit_test(test_upstream_pairs),
		cmocka_unit_test(test_upstream_expected),
		cmocka_unit_test(test_pagetypeinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
