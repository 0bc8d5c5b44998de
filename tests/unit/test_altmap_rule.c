// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream's memmap_on_memory rule (6.12 mhp_supports_memmap_on_memory())
 * and the command line's mode, against arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "altmap_rule.h"

#define MIB (1LL << 20)
#define GIB (1LL << 30)

/* x86_64 and arm64 (4K pages: PMD 2 MiB); powerpc radix, hash. */
static struct mhp_altmap_hooks generic, radix, hash;

static int setup(void **state)
{
	char err[128];

	(void)state;
	return mhp_altmap_hooks_parse("4096:2M", &generic, err, sizeof(err)) ||
	       mhp_altmap_hooks_parse("4096:2M 65536:any", &radix, err,
				      sizeof(err)) ||
	       mhp_altmap_hooks_parse("4096:no 65536:no", &hash, err,
				      sizeof(err));
}

static void rule(enum mhp_mom_mode mode, int64_t page, int64_t block,
		 int64_t pb, int64_t sp, const struct mhp_altmap_hooks *h,
		 struct mhp_rule_out *o)
{
	struct mhp_rule_in in = {
		.mode = mode, .page_size = page, .block_size = block,
		.pageblock_pages = pb, .struct_page_bytes = sp, .hooks = h,
	};

	mhp_altmap_rule(&in, o);
}

static void test_mode_parse(void **state)
{
	(void)state;
	assert_int_equal(mhp_mom_mode_parse(NULL), MHP_MOM_OFF);
	assert_int_equal(mhp_mom_mode_parse(""), MHP_MOM_OFF);
	assert_int_equal(mhp_mom_mode_parse("console=ttyS0 memory_hotplug.memmap_on_memory=1"),
			 MHP_MOM_ON);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=force panic=-1"),
			 MHP_MOM_FORCE);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=FORCE"),
			 MHP_MOM_FORCE);
	/* sysfs_streq() is exact: "Force" goes to kstrtobool(), 'F' false. */
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=Force"),
			 MHP_MOM_OFF);
	/* kstrtobool(): y, t, 1, on true; n, f, 0, off false. */
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=yes"),
			 MHP_MOM_ON);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=on"),
			 MHP_MOM_ON);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=1 memory_hotplug.memmap_on_memory=off"),
			 MHP_MOM_OFF);
	/* The last valid value counts; an invalid one changes nothing. */
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=0 memory_hotplug.memmap_on_memory=force"),
			 MHP_MOM_FORCE);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=force memory_hotplug.memmap_on_memory=bogus"),
			 MHP_MOM_FORCE);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=1 memory_hotplug.memmap_on_memory=o"),
			 MHP_MOM_ON);
	assert_int_equal(mhp_mom_mode_parse("memory_hotplug.memmap_on_memory=1 memory_hotplug.memmap_on_memory"),
			 MHP_MOM_ON);
	/* parameqn(): '-' and '_' alike; a longer name is another one. */
	assert_int_equal(mhp_mom_mode_parse("memory-hotplug.memmap-on-memory=y"),
			 MHP_MOM_ON);
	assert_int_equal(mhp_mom_mode_parse("xmemory_hotplug.memmap_on_memory=1"),
			 MHP_MOM_OFF);
	assert_string_equal(mhp_mom_mode_name(MHP_MOM_FORCE), "force");
	assert_string_equal(mhp_mom_mode_name(MHP_MOM_ON), "1");
}

static void test_hooks_parse(void **state)
{
	struct mhp_altmap_hooks h;
	char err[128];

	(void)state;
	assert_int_equal(radix.n, 2);
	assert_int_equal(radix.h[0].page_size, 4096);
	assert_int_equal(radix.h[0].kind, MHP_HOOK_ALIGN);
	assert_int_equal(radix.h[0].align, 2 * MIB);
	assert_int_equal(radix.h[1].page_size, 65536);
	assert_int_equal(radix.h[1].kind, MHP_HOOK_ANY);
	assert_int_equal(hash.h[1].kind, MHP_HOOK_REFUSE);
	assert_int_equal(mhp_altmap_hooks_parse("", &h, err, sizeof(err)), 0);
	assert_int_equal(h.n, 0);
	assert_int_equal(mhp_altmap_hooks_parse("4096", &h, err, sizeof(err)), -1);
	assert_int_equal(mhp_altmap_hooks_parse("3000:2M", &h, err, sizeof(err)), -1);
	assert_int_equal(mhp_altmap_hooks_parse("4096:0", &h, err, sizeof(err)), -1);
	assert_int_equal(mhp_altmap_hooks_parse("4096:maybe", &h, err, sizeof(err)), -1);
	assert_int_equal(mhp_altmap_hooks_parse("4K:2M 8K:2M 16K:2M 64K:2M 1M:2M",
						&h, err, sizeof(err)), -1);
}

/*
 * x86_64 and arm64, 4K pages, 128 MiB blocks, 64-byte struct page:
 * 32768 pages * 64 B = 2 MiB of vmemmap = 512 pages, one pageblock of
 * 512, a multiple of PMD_SIZE (2 MiB): the altmap, with =1 and =force.
 */
static void test_4k(void **state)
{
	struct mhp_rule_out o;

	(void)state;
	rule(MHP_MOM_ON, 4096, 128 * MIB, 512, 64, &generic, &o);
	assert_true(o.decided);
	assert_true(o.altmap);
	assert_int_equal(o.memmap_pages, 512);
	assert_int_equal(o.reserved_pages, 512);
	assert_string_equal(o.reason, "upstream rule: altmap: memmap 512 pages per 128 MiB block, 512 reserved (pageblocks of 512), 0 wasted (memmap_on_memory=1)");
	rule(MHP_MOM_FORCE, 4096, 128 * MIB, 512, 64, &generic, &o);
	assert_true(o.altmap);
	assert_int_equal(o.reserved_pages, 512);
	/* 2 GiB blocks (the big-block machine): 524288 * 64 B = 32 MiB. */
	rule(MHP_MOM_ON, 4096, 2 * GIB, 512, 64, &generic, &o);
	assert_true(o.altmap);
	assert_int_equal(o.memmap_pages, 8192);
	rule(MHP_MOM_OFF, 4096, 128 * MIB, 512, 64, &generic, &o);
	assert_true(o.decided);
	assert_false(o.altmap);
	assert_string_equal(o.reason, "upstream rule: no altmap: memmap_on_memory=0");
}

/*
 * powerpc, 64K pages, 256 MiB LMBs: 4096 pages * 64 B = 256 KiB = 4
 * pages, pageblocks of 32 (2 MiB). =1: 4 is not a multiple of 32, no
 * altmap. =force: rounded up to 32 reserved, 4 used, 28 wasted; radix's
 * hook says yes with 64K pages, hash's no.
 */
static void test_powerpc(void **state)
{
	struct mhp_rule_out o;

	(void)state;
	rule(MHP_MOM_ON, 65536, 256 * MIB, 32, 64, &radix, &o);
	assert_true(o.decided);
	assert_false(o.altmap);
	assert_int_equal(o.memmap_pages, 4);
	assert_int_equal(o.reserved_pages, 4);
	assert_string_equal(o.reason, "upstream rule: no altmap: memmap 4 pages per 256 MiB block is not whole pageblocks of 32 (memmap_on_memory=1); =force would reserve 32");
	rule(MHP_MOM_FORCE, 65536, 256 * MIB, 32, 64, &radix, &o);
	assert_true(o.altmap);
	assert_int_equal(o.memmap_pages, 4);
	assert_int_equal(o.reserved_pages, 32);
	assert_string_equal(o.reason, "upstream rule: altmap: memmap 4 pages per 256 MiB block, 32 reserved (pageblocks of 32), 28 wasted (memmap_on_memory=force)");
	rule(MHP_MOM_FORCE, 65536, 256 * MIB, 32, 64, &hash, &o);
	assert_true(o.decided);
	assert_false(o.altmap);
	assert_string_equal(o.reason, "upstream rule: no altmap: the arch refuses it with 64 KiB pages (arch_supports_memmap_on_memory())");
	/* A 72-byte struct page: 4096 * 72 B = 288 KiB, 4.5 pages. */
	rule(MHP_MOM_FORCE, 65536, 256 * MIB, 32, 72, &radix, &o);
	assert_false(o.altmap);
	assert_int_equal(o.memmap_pages, 5);
	assert_string_equal(o.reason, "upstream rule: no altmap: the memmap of a 256 MiB block, 288 KiB, is not whole pages (memmap_on_memory=force)");
}

/*
 * The arch hook's PMD alignment, and a memmap as big as its block, with
 * made-up sizes: 4K pages, 192 MiB blocks, pageblocks of 256: 49152 * 64
 * B = 3 MiB = 768 pages, 3 pageblocks, not a multiple of 2 MiB. A
 * 4096-byte struct page: 32768 pages * 4096 B = 128 MiB, the block.
 */
static void test_refusals(void **state)
{
	struct mhp_rule_out o;

	(void)state;
	rule(MHP_MOM_ON, 4096, 192 * MIB, 256, 64, &generic, &o);
	assert_true(o.decided);
	assert_false(o.altmap);
	assert_int_equal(o.memmap_pages, 768);
	assert_string_equal(o.reason, "upstream rule: no altmap: the memmap of a block, 3 MiB, is not a multiple of 2 MiB (arch_supports_memmap_on_memory())");
	rule(MHP_MOM_ON, 4096, 128 * MIB, 512, 4096, &generic, &o);
	assert_false(o.altmap);
	assert_int_equal(o.memmap_pages, 32768);
	assert_string_equal(o.reason, "upstream rule: no altmap: its 32768 pages would fill the 128 MiB block (memmap_on_memory=1)");
}

/* Without an input, or a hook for the page size: no answer. */
static void test_undecided(void **state)
{
	struct mhp_rule_out o;

	(void)state;
	rule(MHP_MOM_ON, 4096, 128 * MIB, 0, 64, &generic, &o);
	assert_false(o.decided);
	assert_string_equal(o.reason, "upstream rule: not decided: pageblock size not read");
	rule(MHP_MOM_ON, 0, 128 * MIB, 512, 64, &generic, &o);
	assert_false(o.decided);
	rule(MHP_MOM_ON, 65536, 256 * MIB, 32, 64, &generic, &o);
	assert_true(o.decided);	/* refused before the hook: not whole pageblocks */
	rule(MHP_MOM_FORCE, 65536, 256 * MIB, 32, 64, &generic, &o);
	assert_false(o.decided);
	assert_false(o.altmap);
	assert_string_equal(o.reason, "upstream rule: not decided: the arch profile has no hook for 64 KiB pages (key altmap_arch_hook)");
	rule(MHP_MOM_ON, 4096, 128 * MIB, 512, 64, NULL, &o);
	assert_false(o.decided);
	/* Mode 0 needs nothing measured. */
	rule(MHP_MOM_OFF, 0, 0, 0, 0, NULL, &o);
	assert_true(o.decided);
	assert_false(o.altmap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_parse),
		cmocka_unit_test(test_hooks_parse),
		cmocka_unit_test(test_4k),
		cmocka_unit_test(test_powerpc),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_undecided),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
