// SPDX-License-Identifier: GPL-2.0
/* mhp_memmap_pages and the verdict of the four witnesses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "memmap.h"
#include "verdict.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

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

/* One block of 128 MiB, 4K pages: 512 pages of memmap, pageblock 512. */
static struct mhp_vd_block blk1[] = {
	{ .id = 40, .node = 1, .kpf = 512, .online = true },
};

static struct mhp_vd_in in_128m(int64_t pm, int64_t counter, int64_t drop)
{
	struct mhp_vd_in in = {
		.page_size = 4096, .block_size = 128 * MIB,
		.struct_page_bytes = 64, .pageblock_pages = 512,
		.dimm_node = 1, .blk = blk1, .nblk = 1,
		.zone_pm = pm, .counter_pages = counter,
		.counter_meminfo_pages = MHP_UNMEASURED,
		.memfree_drop_kb = drop,
	};

	return in;
}

static enum mhp_placement run(const struct mhp_vd_in *in,
			      struct mhp_vd_out *o)
{
	mhp_verdict(in, o);
	return o->placement;
}

static void test_verdict_yes(void **state)
{
	struct mhp_vd_in in = in_128m(512, 512, 12);
	struct mhp_vd_out o;

	(void)state;
	blk1[0].kpf = 512;
	assert_int_equal(run(&in, &o), MHP_PLACED_YES);
	assert_int_equal(o.used_per_block, 512);
	assert_int_equal(o.reserved_per_block, 512);
	assert_string_equal(o.reason,
			    "zoneinfo yes (512 of 512), kpageflags yes (1 of 1 blocks self-hosted), counter yes (512 of 512), memfree yes (drop 12 kB, 0 +- 520)");
}

static void test_verdict_no(void **state)
{
	struct mhp_vd_in in = in_128m(0, 0, 2060);
	struct mhp_vd_out o;
	int i;

	(void)state;
	blk1[0].kpf = 0;
	assert_int_equal(run(&in, &o), MHP_PLACED_NO);
	for (i = 0; i < MHP_W_COUNT; i++)
		assert_int_equal(o.vote[i], MHP_VOTE_NO);
	assert_non_null(strstr(o.reason, "memfree no (drop 2060 kB, 2048 +- 520)"));
	blk1[0].kpf = 512;
}

/* Exactly: one page more than the reservation is no vote for yes. */
static void test_verdict_exact(void **state)
{
	struct mhp_vd_in in = in_128m(513, 512, 12);
	struct mhp_vd_out o;

	(void)state;
	blk1[0].kpf = 512;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_INEXACT);
	assert_true(!strncmp(o.reason, "witnesses disagree: zoneinfo inexact (513 of 512)", 49));
	in.zone_pm = 512;
	blk1[0].kpf = 513;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_non_null(strstr(o.reason, "kpageflags inexact (513 on block 40, of 512)"));
	blk1[0].kpf = 512;
	/* MemFree outside both windows: 1024 kB is neither 0 nor 2048. */
	in.memfree_drop_kb = 1024;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_int_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_INEXACT);
	/* vmstat and meminfo disagree. */
	in.memfree_drop_kb = 0;
	in.counter_meminfo_pages = 511;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_non_null(strstr(o.reason, "counter inexact (vmstat 512, meminfo 511)"));
}

static void test_verdict_disagree(void **state)
{
	struct mhp_vd_in in = in_128m(512, 0, 12);
	struct mhp_vd_out o;

	(void)state;
	blk1[0].kpf = 512;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_true(!strncmp(o.reason, "witnesses disagree: ", 20));
}

/* 8 blocks, 5 of them self-hosted. */
static void test_verdict_partial(void **state)
{
	struct mhp_vd_block b[8];
	struct mhp_vd_in in = in_128m(5 * 512, 5 * 512, 3 * 2048);
	struct mhp_vd_out o;
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		b[i] = (struct mhp_vd_block){ .id = 40 + i, .node = 1,
			.kpf = i < 5 ? 512 : 0, .online = true };
	in.blk = b;
	in.nblk = 8;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_PARTIAL);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_PARTIAL);
	assert_int_equal(o.vote[MHP_W_COUNTER], MHP_VOTE_PARTIAL);
	assert_string_equal(o.reason,
			    "partial: zoneinfo partial (2560 of 4096), kpageflags partial (5 of 8 blocks self-hosted), counter partial (2560 of 4096), memfree inexact (drop 6144 kB, 0 or 16384 +- 576)");
}

static void test_verdict_wrong_node(void **state)
{
	struct mhp_vd_in in = in_128m(512, 512, 12);
	struct mhp_vd_out o;

	(void)state;
	blk1[0].node = 0;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_string_equal(o.reason,
			    "wrong node: block 40 on node 0, the DIMM on node 1");
	blk1[0].node = 1;
}

/* One witness alone never decides. */
static void test_verdict_one_witness(void **state)
{
	struct mhp_vd_in in = in_128m(512, MHP_UNMEASURED, MHP_UNMEASURED);
	struct mhp_vd_out o;

	(void)state;
	blk1[0].kpf = MHP_UNMEASURED;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_string_equal(o.reason,
			    "not enough witnesses: zoneinfo yes (512 of 512), kpageflags n/a (not read), counter n/a (none in this kernel), memfree n/a (not read)");
	/* Two do. */
	blk1[0].kpf = 512;
	assert_int_equal(run(&in, &o), MHP_PLACED_YES);
	/* No zoneinfo, no pageblock size: zoneinfo and kpageflags abstain. */
	in.zone_pm = MHP_UNMEASURED;
	in.pageblock_pages = MHP_UNMEASURED;
	in.counter_pages = 512;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_ABSTAIN);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_ABSTAIN);
	assert_true(!strncmp(o.reason, "not enough witnesses: zoneinfo n/a", 34));
	/* No page size: no theory at all. */
	in = in_128m(512, 512, 0);
	in.page_size = MHP_UNMEASURED;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_string_equal(o.reason,
			    "not enough witnesses: no theory (page size not read)");
	/* No block at all. */
	in = in_128m(0, 0, 0);
	in.nblk = 0;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_string_equal(o.reason, "not enough witnesses: no block was added");
}

/*
 * ppc64 64K pages, 256 MiB LMBs, 2 MiB pageblocks: 4 pages of memmap in
 * a reservation of 32. zoneinfo and kpageflags count the reservation,
 * the counter the 4; MemFree abstains: the stock memmap comes in 2 MiB
 * vmemmap pages, each for 2 GiB of memory.
 */
static void test_verdict_64k(void **state)
{
	struct mhp_vd_block b[] = {
		{ .id = 16, .node = 1, .kpf = 32, .online = true },
	};
	struct mhp_vd_in in = {
		.page_size = 65536, .block_size = 256 * MIB,
		.struct_page_bytes = 64, .pageblock_pages = 32,
		.dimm_node = 1, .blk = b, .nblk = 1, .zone_pm = 32,
		.counter_pages = 4, .counter_meminfo_pages = 4,
		.memfree_drop_kb = 320,
	};
	struct mhp_vd_out o;

	(void)state;
	assert_int_equal(run(&in, &o), MHP_PLACED_YES);
	assert_int_equal(o.used_per_block, 4);
	assert_int_equal(o.reserved_per_block, 32);
	assert_int_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_ABSTAIN);
	assert_string_equal(o.reason,
			    "zoneinfo yes (32 of 32), kpageflags yes (1 of 1 blocks self-hosted), counter yes (4 of 4), memfree n/a (a 2 MiB vmemmap page maps 2048 MiB)");
	/* Four used pages self-hosted, not the 32: inexact. */
	b[0].kpf = 4;
	assert_int_equal(run(&in, &o), MHP_PLACED_INVALID);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_INEXACT);
	/* memmap_on_memory=0 on the altmap kernel: every witness says no. */
	b[0].kpf = 0;
	in.zone_pm = 0;
	in.counter_pages = in.counter_meminfo_pages = 0;
	assert_int_equal(run(&in, &o), MHP_PLACED_NO);
	assert_int_equal(mhp_memfree_resolution_kb(65536, 0), 1024);
	/* Blocks as big as 4 GiB: the stock memmap is whole 2 MiB pages. */
	in.nblk = 1;
	in.block_size = 4096 * MIB;
	mhp_verdict(&in, &o);
	assert_int_not_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_ABSTAIN);
	assert_int_equal(mhp_memfree_resolution_kb(4096, 0), 512);
	/* 8 kB a block more: 128 blocks of 16 GiB, 1536 kB. */
	assert_int_equal(mhp_memfree_resolution_kb(4096, 128), 1536);
}

/* Offline blocks are not counted by zoneinfo nor kpageflags. */
static void test_verdict_offline_block(void **state)
{
	struct mhp_vd_block b[] = {
		{ .id = 40, .node = 1, .kpf = 512, .online = true },
		{ .id = 41, .node = 1, .kpf = 0, .online = false },
	};
	struct mhp_vd_in in = in_128m(512, 1024, 0);
	struct mhp_vd_out o;

	(void)state;
	in.blk = b;
	in.nblk = 2;
	assert_int_equal(run(&in, &o), MHP_PLACED_YES);
	assert_int_equal(o.blocks_online, 1);
}

static void test_witness_names(void **state)
{
	(void)state;
	assert_string_equal(mhp_witness_name(MHP_W_ZONEINFO), "zoneinfo");
	assert_string_equal(mhp_witness_name(MHP_W_MEMFREE), "memfree");
	assert_string_equal(mhp_witness_name(MHP_W_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_pages_round_up),
		cmocka_unit_test(test_pages_degenerate),
		cmocka_unit_test(test_verdict_yes),
		cmocka_unit_test(test_verdict_no),
		cmocka_unit_test(test_verdict_exact),
		cmocka_unit_test(test_verdict_disagree),
		cmocka_unit_test(test_verdict_partial),
		cmocka_unit_test(test_verdict_wrong_node),
		cmocka_unit_test(test_verdict_one_witness),
		cmocka_unit_test(test_verdict_64k),
		cmocka_unit_test(test_verdict_offline_block),
		cmocka_unit_test(test_witness_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
