// SPDX-License-Identifier: GPL-2.0
/* mhp_memmap_pages and the three-witness verdict. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "memmap.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define DISAGREE ": witnesses disagree"

static void test_pages(void **state)
{
	(void)state;
	/* 32768 pages * 64 bytes = 2 MiB = 512 pages. */
	assert_int_equal(mhp_memmap_pages(128 * MIB, 4096, 64), 512);
	assert_int_equal(mhp_memmap_pages(256 * MIB, 4096, 64), 1024);
	assert_int_equal(mhp_memmap_pages(2 * GIB, 4096, 64), 8192);
	/* arm64 with 64K pages: 4096 pages * 64 bytes = 4 pages. */
	assert_int_equal(mhp_memmap_pages(256 * MIB, 65536, 64), 4);
	/* Debug kernels have a bigger struct page. */
	assert_int_equal(mhp_memmap_pages(128 * MIB, 4096, 80), 640);
}

static void test_pages_round_up(void **state)
{
	(void)state;
	/* One page of memory needs a part of one page of memmap. */
	assert_int_equal(mhp_memmap_pages(4096, 4096, 64), 1);
	/* 65 pages * 64 bytes = 4160 bytes: two pages. */
	assert_int_equal(mhp_memmap_pages(65 * 4096, 4096, 64), 2);
	assert_int_equal(mhp_memmap_pages(64 * 4096, 4096, 64), 1);
	/* Less than a page of memory is no page, so no memmap. */
	assert_int_equal(mhp_memmap_pages(4095, 4096, 64), 0);
	assert_int_equal(mhp_memmap_pages(0, 4096, 64), 0);
}

static void test_pages_degenerate(void **state)
{
	(void)state;
	assert_int_equal(mhp_memmap_pages(128 * MIB, 0, 64), 0);
	assert_int_equal(mhp_memmap_pages(128 * MIB, 4096, 0), 0);
	/* No 64-bit overflow on the way: 2^64 - 1 bytes. */
	assert_true(mhp_memmap_pages(UINT64_MAX, 4096, 64) ==
		    (UINT64_MAX / 4096 * 64 + 4095) / 4096);
	assert_true(mhp_memmap_pages(UINT64_MAX, 1, 0xffffffffu) ==
		    UINT64_MAX);
	assert_true(mhp_memmap_pages(UINT64_MAX, 0xffffffffu,
				     0xffffffffu) ==
		    UINT64_MAX / 0xffffffffu);
}

static struct mhp_memmap_obs obs_128m(int64_t pmm, int64_t kpf,
				      int64_t drop_kb)
{
	struct mhp_memmap_obs o = {
		.size = 128 * MIB,
		.page_size = 4096,
		.struct_page_bytes = 64,
		.present_minus_managed = pmm,
		.kpf_self_hosted = kpf,
		.memfree_drop_kb = drop_kb,
	};

	return o;
}

static enum mhp_verdict verdict(struct mhp_memmap_obs o, char *reason,
				size_t len)
{
	enum mhp_verdict v;

	memset(reason, 'x', len);
	v = mhp_memmap_verdict(&o, reason, len);
	assert_non_null(memchr(reason, '\0', len));
	assert_null(strchr(reason, '\n'));
	return v;
}

/* The reason must be exactly the three witness reports, in order. */
static void assert_reason(const char *r, const char *zoneinfo,
			  const char *kpageflags, const char *memfree)
{
	char want[256];

	snprintf(want, sizeof(want), "%s, %s, %s", zoneinfo, kpageflags,
		 memfree);
	assert_string_equal(r, want);
}

static void test_all_yes(void **state)
{
	char r[256];

	(void)state;
	/* 512 pages = 2048 kB of memmap; the half is 1024 kB. */
	assert_int_equal(verdict(obs_128m(512, 512, 120), r, sizeof(r)),
			 MHP_ALTMAP_YES);
	assert_reason(r, "zoneinfo yes (512 of 512)", "kpageflags yes (512)",
		      "memfree yes (drop 120 kB < 1024 kB)");
}

static void test_all_no(void **state)
{
	char r[256];

	(void)state;
	assert_int_equal(verdict(obs_128m(0, 0, 2100), r, sizeof(r)),
			 MHP_ALTMAP_NO);
	assert_reason(r, "zoneinfo no (0 of 512)", "kpageflags no (0)",
		      "memfree no (drop 2100 kB >= 1024 kB)");
}

static void test_thresholds(void **state)
{
	char r[256];

	(void)state;
	/* Half of the expected pages is enough to say yes... */
	assert_int_equal(verdict(obs_128m(256, 256, 1023), r, sizeof(r)),
			 MHP_ALTMAP_YES);
	/* ...one less is not. */
	assert_int_equal(verdict(obs_128m(255, 255, 1024), r, sizeof(r)),
			 MHP_ALTMAP_NO);
	assert_non_null(strstr(r, "zoneinfo no (255 of 512)"));
	assert_non_null(strstr(r, "memfree no (drop 1024 kB >= 1024 kB)"));
	/* More than expected (unrelated reservations) still says yes. */
	assert_int_equal(verdict(obs_128m(700, 512, 0), r, sizeof(r)),
			 MHP_ALTMAP_YES);
}

static void test_disagree(void **state)
{
	char r[256];

	(void)state;
	assert_int_equal(verdict(obs_128m(512, 0, 120), r, sizeof(r)),
			 MHP_ALTMAP_INCONSISTENT);
	assert_reason(r, "zoneinfo yes (512 of 512)", "kpageflags no (0)",
		      "memfree yes (drop 120 kB < 1024 kB)" DISAGREE);
	assert_int_equal(verdict(obs_128m(0, 0, 120), r, sizeof(r)),
			 MHP_ALTMAP_INCONSISTENT);
	assert_non_null(strstr(r, "memfree yes"));
}

static void test_abstain(void **state)
{
	char r[256];

	(void)state;
	/* One witness alone decides when the others were not measured. */
	assert_int_equal(verdict(obs_128m(512, -1, -1), r, sizeof(r)),
			 MHP_ALTMAP_YES);
	assert_reason(r, "zoneinfo yes (512 of 512)", "kpageflags n/a",
		      "memfree n/a");
	assert_int_equal(verdict(obs_128m(-1, 0, -1), r, sizeof(r)),
			 MHP_ALTMAP_NO);
	assert_int_equal(verdict(obs_128m(-1, -1, 3000), r, sizeof(r)),
			 MHP_ALTMAP_NO);
	assert_int_equal(verdict(obs_128m(-1, 512, 0), r, sizeof(r)),
			 MHP_ALTMAP_YES);
	assert_int_equal(verdict(obs_128m(-1, -1, -1), r, sizeof(r)),
			 MHP_ALTMAP_INCONSISTENT);
	assert_string_equal(r, "no witness");
	assert_int_equal(verdict(obs_128m(-5, INT64_MIN, -1), r, sizeof(r)),
			 MHP_ALTMAP_INCONSISTENT);
	assert_string_equal(r, "no witness");
}

static void test_64k_pages(void **state)
{
	struct mhp_memmap_obs o = obs_128m(4, 4, 100);
	char r[256];

	(void)state;
	/*
	 * 256M of 64K pages: 4 memmap pages, 256 kB, under what MemFree
	 * resolves: zoneinfo and kpageflags decide, whatever MemFree did.
	 */
	o.size = 256 * MIB;
	o.page_size = 65536;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_YES);
	assert_non_null(strstr(r, "(4 of 4)"));
	assert_non_null(strstr(r, "memfree n/a (memmap 256 kB"));
	o.memfree_drop_kb = 2048;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_YES);
	o.kpf_self_hosted = 0;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_INCONSISTENT);
	/* 2G of 64K pages: 32 pages, 2 MiB: MemFree votes, at 1 MiB. */
	o = obs_128m(32, 32, 100);
	o.size = 2048 * MIB;
	o.page_size = 65536;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_YES);
	assert_non_null(strstr(r, "drop 100 kB < 1024 kB"));
	o.memfree_drop_kb = 2048;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_INCONSISTENT);
}

static void test_nothing_expected(void **state)
{
	struct mhp_memmap_obs o = obs_128m(0, 0, 0);
	char r[256];

	(void)state;
	/* With zero pages expected, any count would say yes: no verdict. */
	o.size = 100;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_INCONSISTENT);
	assert_true(r[0]);
	o = obs_128m(512, 512, 0);
	o.page_size = 0;
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_INCONSISTENT);
	assert_true(r[0]);
}

static void test_extremes(void **state)
{
	struct mhp_memmap_obs o = obs_128m(INT64_MAX, INT64_MAX, INT64_MAX);
	char r[256], want[128];

	(void)state;
	o.size = UINT64_MAX;
	o.page_size = 1;
	o.struct_page_bytes = 0xffffffffu;
	/*
	 * The expected count saturates at 2^64 - 1, which no int64_t
	 * reaches: every witness says no, and the reason is whole.
	 */
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_NO);
	snprintf(want, sizeof(want), "zoneinfo no (%" PRId64 " of %" PRIu64
		 ")", INT64_MAX, UINT64_MAX);
	assert_non_null(strstr(r, want));
	snprintf(want, sizeof(want), "memfree no (drop %" PRId64 " kB >= ",
		 INT64_MAX);
	assert_non_null(strstr(r, want));
}

static void test_reason_buffer(void **state)
{
	struct mhp_memmap_obs o = obs_128m(512, 512, 120);
	char r[16];

	(void)state;
	/* Truncated but terminated; or not written at all. */
	assert_int_equal(verdict(o, r, sizeof(r)), MHP_ALTMAP_YES);
	assert_string_equal(r, "zoneinfo yes (5");
	assert_int_equal(mhp_memmap_verdict(&o, NULL, 0), MHP_ALTMAP_YES);
	assert_int_equal(mhp_memmap_verdict(NULL, r, sizeof(r)),
			 MHP_ALTMAP_INCONSISTENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_pages_round_up),
		cmocka_unit_test(test_pages_degenerate),
		cmocka_unit_test(test_all_yes),
		cmocka_unit_test(test_all_no),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_disagree),
		cmocka_unit_test(test_abstain),
		cmocka_unit_test(test_64k_pages),
		cmocka_unit_test(test_nothing_expected),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_reason_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
