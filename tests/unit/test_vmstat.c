// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_vmstat_get and mhp_pagetypeinfo_block_pages on real /proc files,
 * and the memmap counter cross-check of memmap.c.
 */
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
#include "memmap.h"
#include "vmstat.h"

/*
 * tests/fixtures/host-vmstat.txt and host-pagetypeinfo.txt are this build
 * machine's /proc/vmstat and /proc/pagetypeinfo (kernel 6.18), copied
 * verbatim; the numbers are read off them with grep.
 */
#define HOST_FREE_PAGES 1426861

static void test_host_vmstat(void **state)
{
	char *text = fixture_read("host-vmstat.txt", NULL);

	(void)state;
	assert_non_null(text);
	assert_int_equal(mhp_vmstat_get(text, "nr_free_pages"), HOST_FREE_PAGES);
	/* The first counter of the file, and a prefix of another name. */
	assert_int_equal(mhp_vmstat_get(text, "nr_free_cma"), 0);
	assert_int_equal(mhp_vmstat_get(text, "nr_free"), -1);
	/* Upstream's own counter is not ours: a stock kernel has none. */
	assert_int_equal(mhp_vmstat_get(text, "nr_memmap_on_memory"), -1);
	assert_int_equal(mhp_vmstat_get(text, ""), -1);
	assert_int_equal(mhp_vmstat_get(text, "nr free_pages"), -1);
	assert_int_equal(mhp_vmstat_get(NULL, "nr_free_pages"), -1);
	free(text);
}

/*
 * Upstream's counters in both of their forms: 6.18 (the host fixture,
 * nr_memmap_pages / nr_memmap_boot_pages after the dirty thresholds) and
 * 6.11 (vmstat-6.11-excerpt.txt: nr_memmap / nr_memmap_boot after
 * pgdemote_khugepaged, as 6.11's vmstat_text[] has them; the values
 * are a guest's with 512 MiB of boot memory and a 128 MiB DIMM plus a
 * 32 MiB section's worth, made up in that kernel's format).
 */
static void test_upstream_memmap(void **state)
{
	char *text = fixture_read("host-vmstat.txt", NULL);
	int64_t pages, boot;

	(void)state;
	assert_non_null(text);
	assert_int_equal(mhp_vmstat_upstream_memmap(text, &pages, &boot), 0);
	assert_int_equal(pages, 0);
	assert_int_equal(boot, 98304);
	/* The 6.11 name is a prefix of the new one: never matched there. */
	assert_int_equal(mhp_vmstat_get(text, "nr_memmap"), -1);
	free(text);
	text = fixture_read("vmstat-6.11-excerpt.txt", NULL);
	assert_non_null(text);
	assert_int_equal(mhp_vmstat_upstream_memmap(text, &pages, &boot), 0);
	assert_int_equal(pages, 2560);
	assert_int_equal(boot, 4096);
	free(text);
	/* 6.1 has neither; half a pair is none. */
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_free_pages 5\n", &pages,
						    &boot), -1);
	assert_int_equal(pages, -1);
	assert_int_equal(boot, -1);
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap_pages 5\n",
						    &pages, &boot), -1);
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap 5\nnr_memmap_boot_pages 7\n",
						    &pages, &boot), -1);
	assert_int_equal(mhp_vmstat_upstream_memmap("nr_memmap_pages x\nnr_memmap_boot_pages 7\n",
						    &pages, &boot), -1);
}

static void test_upstream_expected(void **state)
{
	(void)state;
	/* x86_64: 128 MiB sections, 512 pages each, placed anywhere. */
	assert_int_equal(mhp_upstream_memmap_expected(128 << 20, 4096, 64, 128 << 20), 512);
	assert_int_equal(mhp_upstream_memmap_expected(1ULL << 30, 4096, 64, 128 << 20), 4096);
	/* powerpc, 64K pages, 16 MiB sections: 16 KiB rounds up to a page
	 * per section, 16 per 256 MiB LMB where the theory says 4.
	 */
	assert_int_equal(mhp_upstream_memmap_expected(256 << 20, 65536, 64, 16 << 20), 16);
	assert_int_equal(mhp_upstream_memmap_expected(0, 4096, 64, 128 << 20), -1);
	assert_int_equal(mhp_upstream_memmap_expected(64 << 20, 4096, 64, 128 << 20), -1);
	assert_int_equal(mhp_upstream_memmap_expected(128 << 20, 4096, 0, 128 << 20), -1);
}

static void test_broken_vmstat(void **state)
{
	(void)state;
	assert_int_equal(mhp_vmstat_get("nr_memmap_on_memory 512\n",
					"nr_memmap_on_memory"), 512);
	/* The last line without its newline. */
	assert_int_equal(mhp_vmstat_get("a 1\nnr_memmap_on_memory 4",
					"nr_memmap_on_memory"), 4);
	assert_int_equal(mhp_vmstat_get("nr_memmap_on_memory -4\n",
					"nr_memmap_on_memory"), -1);
	assert_int_equal(mhp_vmstat_get("nr_memmap_on_memory 4x\n",
					"nr_memmap_on_memory"), -1);
	assert_int_equal(mhp_vmstat_get("nr_memmap_on_memory\t\n",
					"nr_memmap_on_memory"), -1);
	assert_int_equal(mhp_vmstat_get("nr_memmap_on_memory 99999999999999999999\n",
					"nr_memmap_on_memory"), -1);
	/* Not at the start of a line. */
	assert_int_equal(mhp_vmstat_get("x nr_memmap_on_memory 4\n",
					"nr_memmap_on_memory"), -1);
}

static void test_host_pagetypeinfo(void **state)
{
	char *text = fixture_read("host-pagetypeinfo.txt", NULL);

	(void)state;
	assert_non_null(text);
	/* x86_64 with 4K pages and hugetlb: order 9, 512 pages. */
	assert_int_equal(mhp_pagetypeinfo_block_pages(text), 512);
	assert_int_equal(mhp_pagetypeinfo_block_pages("Page block order: 5\n"), -1);
	assert_int_equal(mhp_pagetypeinfo_block_pages("Pages per block: 32"), 32);
	assert_int_equal(mhp_pagetypeinfo_block_pages(NULL), -1);
	free(text);
}

static void test_reserved_pages(void **state)
{
	(void)state;
	/* x86_64: 128 MiB blocks, 512 pages of memmap, pageblock 512. */
	assert_int_equal(mhp_memmap_reserved_pages(8192, 16, 512), 8192);
	/* x86_64 without hugetlb: pageblock 1024, half of it padding. */
	assert_int_equal(mhp_memmap_reserved_pages(4096, 8, 1024), 8192);
	/* ppc64 64K: 4 pages per 256 MiB LMB in a 32-page pageblock. */
	assert_int_equal(mhp_memmap_reserved_pages(4, 1, 32), 32);
	assert_int_equal(mhp_memmap_reserved_pages(16, 4, 32), 128);
	assert_int_equal(mhp_memmap_reserved_pages(0, 4, 32), 0);
	assert_int_equal(mhp_memmap_reserved_pages(512, 1, 0), 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_vmstat),
		cmocka_unit_test(test_broken_vmstat),
		cmocka_unit_test(test_upstream_memmap),
		cmocka_unit_test(test_upstream_expected),
		cmocka_unit_test(test_host_pagetypeinfo),
		cmocka_unit_test(test_reserved_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
