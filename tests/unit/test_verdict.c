// SPDX-License-Identifier: GPL-2.0
/*
 * The truth check (src/lib/verdict.c) at the edges of each witness and
 * of the theory: every boundary its comparisons draw, on both sides
 * (make mutants). test_memmap.c has the usual cases.
 *
 * The arithmetic, for a block of B bytes, pages of P bytes and a struct
 * page of S bytes: B / P pages, B / P * S bytes of memmap, that over P
 * (rounded up) pages; reserved: rounded up to whole pageblocks. For the
 * x86_64 128 MiB block (P 4096, S 64): 32768 pages, 2 MiB of memmap, 512
 * pages, 2048 kB; pageblock 512, so 512 reserved. MemFree's resolution
 * (verdict.h): 512 kB for pages up to 16K, 1024 kB above, plus 8 kB a
 * block; for one block of 4K pages 520 kB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "verdict.h"

#define MIB (1024LL * 1024)
#define GIB (1024 * MIB)

static const struct mhp_vd_block one[] = {
	{ .id = 40, .node = 1, .kpf = MHP_UNMEASURED, .online = true },
};

/* One 128 MiB block of 4K pages; every witness unmeasured. */
static struct mhp_vd_in base(void)
{
	struct mhp_vd_in in = {
		.page_size = 4096, .block_size = 128 * MIB,
		.struct_page_bytes = 64, .pageblock_pages = 512,
		.dimm_node = 1, .blk = one, .nblk = 1,
		.zone_pm = MHP_UNMEASURED, .counter_pages = MHP_UNMEASURED,
		.counter_meminfo_pages = MHP_UNMEASURED,
		.memfree_drop_kb = MHP_UNMEASURED,
	};

	return in;
}

static void verdict(const struct mhp_vd_in *in, struct mhp_vd_out *o)
{
	/* What was in *o before does not show through. */
	memset(o, 0xa5, sizeof(*o));
	mhp_verdict(in, o);
}

static void has(const struct mhp_vd_out *o, const char *s)
{
	if (!strstr(o->reason, s))
		fail_msg("reason \"%s\" lacks \"%s\"", o->reason, s);
}

static void test_resolution(void **state)
{
	(void)state;
	/* "512 kB with pages up to 16K, 1024 kB above": 16K is up to. */
	assert_int_equal(mhp_memfree_resolution_kb(4096, 0), 512);
	assert_int_equal(mhp_memfree_resolution_kb(16384, 0), 512);
	assert_int_equal(mhp_memfree_resolution_kb(16385, 0), 1024);
	assert_int_equal(mhp_memfree_resolution_kb(65536, 0), 1024);
	/* 8 kB a block: 512 + 8, 1024 + 2 * 8; no blocks below none. */
	assert_int_equal(mhp_memfree_resolution_kb(4096, 1), 520);
	assert_int_equal(mhp_memfree_resolution_kb(65536, 2), 1040);
	assert_int_equal(mhp_memfree_resolution_kb(4096, -3), 512);
}

/* Nothing added: invalid, and every vote an abstention, not garbage. */
static void test_no_block_clears(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;
	int i;

	(void)state;
	in.nblk = 0;
	verdict(&in, &o);
	assert_int_equal(o.placement, MHP_PLACED_INVALID);
	for (i = 0; i < MHP_W_COUNT; i++)
		assert_int_equal(o.vote[i], MHP_VOTE_ABSTAIN);
	assert_int_equal(o.blocks_online, 0);
	assert_string_equal(o.reason, "not enough witnesses: no block was added");
}

/* The theory's inputs: what is too small to be a page, block or struct. */
static void test_theory_inputs(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	/* 1 KiB pages are the smallest: 131072 pages * 64 B = 8 MiB = 8192. */
	in.page_size = 1024;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 8192);
	/* 8192 pages: 16 pageblocks of 512. */
	assert_int_equal(o.reserved_per_block, 8192);
	in.page_size = 1023;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	assert_string_equal(o.reason,
			    "not enough witnesses: no theory (page size odd)");
	in.page_size = 512;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	in.page_size = MHP_UNMEASURED;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	assert_string_equal(o.reason,
			    "not enough witnesses: no theory (page size not read)");

	in = base();
	in.block_size = 0;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	assert_true(o.reserved_per_block == MHP_UNMEASURED);
	in.block_size = MHP_UNMEASURED;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	/* 1 byte is no page: no memmap, and no theory to vote against. */
	in.block_size = 1;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 0);
	assert_string_equal(o.reason,
			    "not enough witnesses: no theory (page size odd)");

	in = base();
	in.struct_page_bytes = 0;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	in.struct_page_bytes = MHP_UNMEASURED;
	verdict(&in, &o);
	assert_true(o.used_per_block == MHP_UNMEASURED);
	/* 32768 pages of 1 byte: 32 KiB, 8 pages; one pageblock of 512. */
	in.struct_page_bytes = 1;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 8);
	assert_int_equal(o.reserved_per_block, 512);
}

/* The pageblock: none, 0 (none either) or 1 page (no rounding). */
static void test_pageblock(void **state)
{
	struct mhp_vd_block b[] = {
		{ .id = 40, .node = 1, .kpf = 512, .online = true },
	};
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.blk = b;
	in.zone_pm = 512;
	in.pageblock_pages = 0;
	verdict(&in, &o);
	assert_true(o.reserved_per_block == MHP_UNMEASURED);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_ABSTAIN);
	has(&o, "zoneinfo n/a (no pageblock size)");
	has(&o, "kpageflags n/a (no pageblock size)");
	in.pageblock_pages = MHP_UNMEASURED;
	verdict(&in, &o);
	assert_true(o.reserved_per_block == MHP_UNMEASURED);
	has(&o, "zoneinfo n/a (no pageblock size)");
	in.pageblock_pages = 1;
	verdict(&in, &o);
	assert_int_equal(o.reserved_per_block, 512);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_YES);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_YES);
}

/* No block online: zoneinfo and kpageflags have nothing to count. */
static void test_none_online(void **state)
{
	struct mhp_vd_block off[] = {
		{ .id = 40, .node = 1, .kpf = 512, .online = false },
	};
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.blk = off;
	in.zone_pm = 0;
	verdict(&in, &o);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_ABSTAIN);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_ABSTAIN);
	has(&o, "zoneinfo n/a (no block online), kpageflags n/a (not read)");
}

/*
 * A count below one block's worth, or below zero, is no whole number of
 * blocks: inexact, not partial.
 */
static void test_count_inexact(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.zone_pm = 100;
	verdict(&in, &o);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_INEXACT);
	has(&o, "zoneinfo inexact (100 of 512)");
	in.zone_pm = -512;
	verdict(&in, &o);
	assert_int_equal(o.vote[MHP_W_ZONEINFO], MHP_VOTE_INEXACT);
}

/*
 * Blocks of 256 KiB: 64 pages * 64 B = 4096 B, one page of memmap. One
 * page for two blocks is one block's worth: partial.
 */
static void test_count_one_page_blocks(void **state)
{
	struct mhp_vd_block two[] = {
		{ .id = 0, .node = 1, .kpf = MHP_UNMEASURED, .online = true },
		{ .id = 1, .node = 1, .kpf = MHP_UNMEASURED, .online = true },
	};
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.block_size = 256 * 1024;
	in.blk = two;
	in.nblk = 2;
	in.counter_pages = 1;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 1);
	assert_int_equal(o.vote[MHP_W_COUNTER], MHP_VOTE_PARTIAL);
	has(&o, "counter partial (1 of 2)");
	assert_true(!strncmp(o.reason, "partial: ", 9));
}

/* The first odd block is named, block 0 included. */
static void test_kpageflags_block_zero(void **state)
{
	struct mhp_vd_block b[] = {
		{ .id = 0, .node = 1, .kpf = 100, .online = true },
		{ .id = 1, .node = 1, .kpf = 200, .online = true },
	};
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.blk = b;
	in.nblk = 2;
	verdict(&in, &o);
	assert_int_equal(o.vote[MHP_W_KPAGEFLAGS], MHP_VOTE_INEXACT);
	has(&o, "kpageflags inexact (100 on block 0, of 512)");
}

/* The DIMM on node 0: a block on node 1 is on the wrong node. */
static void test_wrong_node_zero(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.dimm_node = 0;
	verdict(&in, &o);
	assert_int_equal(o.placement, MHP_PLACED_INVALID);
	assert_string_equal(o.reason,
			    "wrong node: block 40 on node 1, the DIMM on node 0");
	/* The DIMM's node unknown: nothing to compare. */
	in.dimm_node = -1;
	verdict(&in, &o);
	has(&o, "not enough witnesses: ");
}

/*
 * MemFree's two windows, one block of 4K pages: 0 +- 520 kB (yes) and
 * 2048 +- 520 kB, 1528 to 2568 (no); their edges in, one kB past out.
 */
static void test_memfree_windows(void **state)
{
	static const struct {
		int64_t drop;
		enum mhp_vote v;
	} c[] = {
		{ -521, MHP_VOTE_INEXACT }, { -520, MHP_VOTE_YES },
		{ 520, MHP_VOTE_YES }, { 521, MHP_VOTE_INEXACT },
		{ 1527, MHP_VOTE_INEXACT }, { 1528, MHP_VOTE_NO },
		{ 2568, MHP_VOTE_NO }, { 2569, MHP_VOTE_INEXACT },
	};
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		in.memfree_drop_kb = c[i].drop;
		verdict(&in, &o);
		if (o.vote[MHP_W_MEMFREE] != c[i].v)
			fail_msg("drop %lld: vote %d, want %d (%s)",
				 (long long)c[i].drop, o.vote[MHP_W_MEMFREE],
				 c[i].v, o.reason);
	}
	in.memfree_drop_kb = 1528;
	verdict(&in, &o);
	has(&o, "memfree no (drop 1528 kB, 2048 +- 520)");
	in.memfree_drop_kb = -520;
	verdict(&in, &o);
	has(&o, "memfree yes (drop -520 kB, 0 +- 520)");
}

/*
 * MemFree cannot tell 0 from the memmap when both are within twice its
 * resolution. 64K pages, one 2 GiB block: 32768 pages * 64 B = 2 MiB of
 * memmap, 2048 kB, against 2 * (1024 + 8) = 2064 kB: it abstains. With
 * an 80-byte struct page: 2.5 MiB, 2560 kB (40 pages): it votes.
 */
static void test_memfree_resolution(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.page_size = 65536;
	in.block_size = 2 * GIB;
	in.pageblock_pages = 8192;
	in.memfree_drop_kb = 0;
	verdict(&in, &o);
	assert_int_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_ABSTAIN);
	has(&o, "memfree n/a (memmap 2048 kB, resolution 1032 kB)");
	in.struct_page_bytes = 80;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 40);
	assert_int_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_YES);
	has(&o, "memfree yes (drop 0 kB, 0 +- 1032)");
}

/*
 * The memmap in kB is pages * page_size / 1024: 1 MiB pages, one 64 GiB
 * block: 65536 pages * 64 B = 4 MiB, 4 pages, 4096 kB; resolution 1032.
 * A drop of 3066 kB is 2 kB over 4096 - 1032 = 3064: no.
 */
static void test_memfree_kb(void **state)
{
	struct mhp_vd_in in = base();
	struct mhp_vd_out o;

	(void)state;
	in.page_size = 1024 * 1024;
	in.block_size = 64 * GIB;
	in.pageblock_pages = 1;
	in.memfree_drop_kb = 3066;
	verdict(&in, &o);
	assert_int_equal(o.used_per_block, 4);
	assert_int_equal(o.vote[MHP_W_MEMFREE], MHP_VOTE_NO);
	has(&o, "memfree no (drop 3066 kB, 4096 +- 1032)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_no_block_clears),
		cmocka_unit_test(test_theory_inputs),
		cmocka_unit_test(test_pageblock),
		cmocka_unit_test(test_none_online),
		cmocka_unit_test(test_count_inexact),
		cmocka_unit_test(test_count_one_page_blocks),
		cmocka_unit_test(test_kpageflags_block_zero),
		cmocka_unit_test(test_wrong_node_zero),
		cmocka_unit_test(test_memfree_windows),
		cmocka_unit_test(test_memfree_resolution),
		cmocka_unit_test(test_memfree_kb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
