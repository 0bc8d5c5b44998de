// SPDX-License-Identifier: GPL-2.0
/* The contig scenario's verdict: counts against theory, blockers named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "scenario.h"

#define GIB (1ULL << 30)

static const struct mhp_opts opts;
static const struct mhp_ctx ctx = { .opts = &opts };

/* What an x86_64 guest sends for a 1 GiB DIMM at 4 GiB, as measured. */
static void guest_rows(struct mhp_sample *s, bool altmap)
{
	static const struct { const char *m; double base, alt; } rows[] = {
		{ "has_compaction", 1, 1 }, { "has_thp", 1, 1 },
		{ "has_gigantic", 1, 1 }, { "cpu_gbpages", 1, 1 },
		{ "huge_page_kb", 2048, 2048 }, { "page_size_bytes", 4096, 4096 },
		{ "block_pages", 32768, 32768 }, { "pageblock_pages", 512, 512 },
		{ "dimm_start_pfn", 1048576, 1048576 }, { "blocks", 8, 8 },
		{ "memmap_pages_kpf", 0, 512 }, { "buddy_orders", 11, 11 },
		{ "buddy_max_order_blocks_movable", 256, 248 },
		{ "buddy_max_order_blocks_kernel", 256, 248 },
		{ "huge_pages_allocated_movable", 512, 504 },
		{ "huge_pages_allocated_kernel", 512, 504 },
		{ "gigantic_pages_allocated", 1, 0 },
		{ "thp_fault_alloc", 32, 32 }, { "thp_fault_fallback", 0, 0 },
		{ "directmap4k_before_kb", 14336, 14336 },
		{ "directmap2m_before_kb", 509952, 509952 },
		{ "directmap1g_before_kb", 0, 0 },
		{ "directmap4k_after_add_kb", 14336, 14336 },
		{ "directmap2m_after_add_kb", 509952, 1558528 },
		{ "directmap1g_after_add_kb", 1048576, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		mhp_sample_add(s, -1, rows[i].m, altmap ? rows[i].alt : rows[i].base,
			       "x");
}

static void set(struct mhp_sample *s, const char *metric, double v)
{
	int i;

	for (i = 0; i < s->nrows; i++)
		if (!strcmp(s->rows[i].metric, metric))
			s->rows[i].value = v;
}

static void derive(struct mhp_sample *s, struct mhp_kernel *k, bool altmap)
{
	memset(k, 0, sizeof(*k));
	k->expect_altmap = altmap;
	k->struct_page_bytes = 64;
	memset(s, 0, sizeof(*s));
	s->kernel = k;
	s->size = GIB;
	guest_rows(s, altmap);
}

static double get(const struct mhp_sample *s, const char *m)
{
	double v;

	return mhp_sample_get(s, m, &v) ? v : -1;
}

static void test_theory(void **state)
{
	struct mhp_kernel k;
	struct mhp_sample s;
	int altmap;

	(void)state;
	for (altmap = 0; altmap < 2; altmap++) {
		derive(&s, &k, altmap);
		mhp_scenario_contig.derive(&ctx, &s);
		assert_int_equal(s.outcome, MHP_OK);
		assert_string_equal(s.reason, "");
		assert_int_equal(get(&s, "gigantic_pages_allocated_expected"), altmap ? 0 : 1);
		assert_int_equal(get(&s, "huge_pages_allocated_kernel_expected"),
				 altmap ? 504 : 512);
		assert_int_equal(get(&s, "buddy_max_order_blocks_kernel_expected"),
				 altmap ? 248 : 256);
		assert_int_equal(get(&s, "directmap_1g_gain_kb_expected"),
				 altmap ? 0 : 1048576);
		assert_int_equal(get(&s, "directmap_2m_gain_kb"), altmap ? 1048576 : 0);
		assert_int_equal(get(&s, "memmap_on_range_kb"), altmap ? 16384 : 0);
		assert_int_equal(get(&s, "huge_pages_kernel_pct") * 10000,
				 altmap ? 984375 : 1000000);
		free(s.rows);
	}
}

static void test_blocked(void **state)
{
	struct mhp_kernel k;
	struct mhp_sample s;

	(void)state;
	derive(&s, &k, false);
	set(&s, "huge_pages_allocated_kernel", 511);
	mhp_sample_add(&s, -1, "blocked_huge_kernel_by_other", 1, "units");
	mhp_sample_add(&s, -1, "blocked_huge_kernel_0_pfn", 0x13fe00, "pfn");
	mhp_sample_add(&s, -1, "blocked_huge_kernel_0_flags", 1 << 7, "flags");
	mhp_sample_add(&s, -1, "blocked_huge_kernel_0_count", 1, "refs");
	mhp_scenario_contig.derive(&ctx, &s);
	assert_int_equal(s.outcome, MHP_INVALID);
	assert_string_equal(s.reason,
			    "huge_pages_allocated_kernel 511, theory 512: blocked by pfn 0x13fe00 SLAB x1");
	free(s.rows);
}

/* A variant that claims the altmap but got none: more than theory. */
static void test_claim(void **state)
{
	struct mhp_kernel k;
	struct mhp_sample s;

	(void)state;
	derive(&s, &k, false);
	k.expect_altmap = true;
	mhp_scenario_contig.derive(&ctx, &s);
	assert_int_equal(s.outcome, MHP_INVALID);
	assert_non_null(strstr(s.reason, "gigantic_pages_allocated 1, theory 0"));
	free(s.rows);
}

/* A kernel with no compaction, no THP, no run-time gigantic pages. */
static void test_lacks(void **state)
{
	struct mhp_kernel k;
	struct mhp_sample s;

	(void)state;
	derive(&s, &k, false);
	set(&s, "has_compaction", 0);
	set(&s, "has_thp", 0);
	set(&s, "gigantic_pages_allocated", -1);
	set(&s, "thp_fault_alloc", -1);
	set(&s, "thp_fault_fallback", -1);
	/* Rows a guest did not send are absent: rename them away. */
	strcpy(s.rows[16].metric, "unsent_1");
	strcpy(s.rows[17].metric, "unsent_2");
	strcpy(s.rows[18].metric, "unsent_3");
	mhp_sample_add(&s, -1, "gigantic_pages_allocated_alloc_errno", 22, "errno");
	mhp_scenario_contig.derive(&ctx, &s);
	assert_int_equal(s.outcome, MHP_INVALID);
	assert_non_null(strstr(s.reason, "has no compaction"));
	assert_non_null(strstr(s.reason, "refuses run-time allocation (errno 22"));
	assert_non_null(strstr(s.reason, "has no THP"));
	free(s.rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_theory),
		cmocka_unit_test(test_blocked),
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_lacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
