// SPDX-License-Identifier: GPL-2.0
/*
 * The kpageflags witness's test of a self-hosted memmap page, against
 * the flags each kernel gives such a page and the pages it must not be
 * taken for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kpf.h"

#define BIT(n) (1ULL << (n))
/* include/uapi/linux/kernel-page-flags.h */
#define UPTODATE BIT(3)
#define LRU BIT(5)
#define SLAB BIT(7)
#define BUDDY BIT(10)
#define MMAP BIT(11)
#define ANON BIT(12)
#define SWAPCACHE BIT(13)
#define SWAPBACKED BIT(14)
#define OFFLINE BIT(23)
#define PGTABLE BIT(26)
#define RESERVED BIT(32)
#define OWNER_PRIVATE BIT(37)

static void test_self_hosted(void **state)
{
	(void)state;
	/* 6.1 (and the series): left PageReserved, PG_vmemmap_self_hosted. */
	assert_true(mhp_kpf_self_hosted(RESERVED | OWNER_PRIVATE));
	/* 6.12: PageOffline cleared, the bit alone. */
	assert_true(mhp_kpf_self_hosted(OWNER_PRIVATE));
	/* A hot-added page not online yet (6.12), or still reserved (6.1). */
	assert_false(mhp_kpf_self_hosted(OFFLINE));
	assert_false(mhp_kpf_self_hosted(RESERVED));
	/* Free, or in use: the memmap of another range is not on it. */
	assert_false(mhp_kpf_self_hosted(BUDDY));
	assert_false(mhp_kpf_self_hosted(0));
	assert_false(mhp_kpf_self_hosted(SLAB));
	/* PG_checked on a page cache page, PG_swapcache on an anon page. */
	assert_false(mhp_kpf_self_hosted(OWNER_PRIVATE | LRU | UPTODATE | MMAP));
	assert_false(mhp_kpf_self_hosted(OWNER_PRIVATE | ANON | SWAPCACHE |
					 SWAPBACKED | LRU));
	assert_false(mhp_kpf_self_hosted(OWNER_PRIVATE | PGTABLE));
	assert_false(mhp_kpf_self_hosted(OWNER_PRIVATE | OFFLINE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_hosted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
