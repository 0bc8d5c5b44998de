// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_kpf_self_hosted, one flag of use at a time (make mutants): each of
 * them beside PG_owner_priv_1 (OWNER_PRIVATE) says another owner of the
 * bit, a page in use, not a self-hosted memmap page. Bits from
 * include/uapi/linux/kernel-page-flags.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "compiler.h"
#include "kpf.h"

#define BIT(n) (1ULL << (n))
#define OWNER_PRIVATE BIT(37)
#define RESERVED BIT(32)

static void test_each_use_flag(void **state)
{
	/* LRU 5, SLAB 7, BUDDY 10, MMAP 11, ANON 12, COMPOUND_HEAD 15,
	 * COMPOUND_TAIL 16, HUGE 17, OFFLINE 23, PGTABLE 26.
	 */
	static const int use[] = { 5, 7, 10, 11, 12, 15, 16, 17, 23, 26 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(use); i++) {
		if (mhp_kpf_self_hosted(OWNER_PRIVATE | BIT(use[i])))
			fail_msg("bit %d taken for a self-hosted page", use[i]);
		/* PageReserved (6.1) wins over any of them. */
		assert_true(mhp_kpf_self_hosted(OWNER_PRIVATE | RESERVED |
						BIT(use[i])));
	}
	/* Bits of no use (UPTODATE 3, DIRTY 4): still self-hosted. */
	assert_true(mhp_kpf_self_hosted(OWNER_PRIVATE | BIT(3) | BIT(4)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_use_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
