// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's placement rows (bench/placement.c), on the host: what it
 * reads of sysfs, /proc/kpageflags and /proc/pagetypeinfo comes from the
 * fakes below, and what it sends to the host is recorded, row for row.
 * The file is linked in as the guest builds it (make: test_guest_%).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "guest.h"
#include "zoneinfo.h"

#define MIB (1024ULL * 1024)

/* What the guest sent: "block metric value unit", one row each. */
static char rows[32][96];
static int nrows;

int chan_metric(struct guest *g, long block, const char *metric,
		long long value, const char *unit)
{
	(void)g;
	if (nrows < (int)ARRAY_SIZE(rows))
		snprintf(rows[nrows], sizeof(rows[0]), "%ld %s %lld %s", block,
			 metric, value, unit);
	nrows++;
	return 0;
}

/* Fake sysfs: the files that exist, and what the state files hold. */
static const char *files[16];
static const char *texts[16];
static int nfiles;

static void fake(const char *path, const char *text)
{
	files[nfiles] = path;
	texts[nfiles++] = text;
}

static int find(const char *path)
{
	int i;

	for (i = 0; i < nfiles; i++)
		if (!strcmp(files[i], path))
			return i;
	return -1;
}

/* The guest tests a block's node link with access(2): this one. */
int access(const char *path, int mode)
{
	(void)mode;
	return find(path) >= 0 ? 0 : -1;
}

ssize_t read_text(const char *path, char *buf, size_t len)
{
	int i = find(path);

	if (i < 0 || !texts[i])
		return -1;
	snprintf(buf, len, "%s", texts[i]);
	return strlen(buf);
}

/* /proc/kpageflags: the range asked for, and the answer. */
static long kpf_answer;
static uint64_t kpf_start[8], kpf_pages[8];
static int nkpf;

long kpf_self_hosted(uint64_t start_pfn, uint64_t nr_pages)
{
	if (nkpf < (int)ARRAY_SIZE(kpf_start)) {
		kpf_start[nkpf] = start_pfn;
		kpf_pages[nkpf] = nr_pages;
	}
	nkpf++;
	return kpf_answer;
}

static int64_t pageblock;

int64_t pageblock_pages(void)
{
	return pageblock;
}

/* Rows and fakes start empty: a 128 MiB block of 4 KiB pages. */
static int setup(void **state)
{
	(void)state;
	nrows = 0;
	nfiles = 0;
	nkpf = 0;
	kpf_answer = -1;
	pageblock = -1;
	return 0;
}

static struct guest g128 = { .page_size = 4096, .block_size = 128 * MIB };

static void want(int i, const char *row)
{
	assert_true(i < nrows);
	assert_string_equal(rows[i], row);
}

static void test_online_block(void **state)
{
	long ids[] = { 40 };

	(void)state;
	fake("/sys/devices/system/memory/memory40/state", "online\n");
	fake("/sys/devices/system/memory/memory40/node1", NULL);
	kpf_answer = 512;
	pageblock = 512;
	placement_send(&g128, ids, 1, 1, NULL);
	want(0, "40 block_online 1 bool");
	want(1, "40 block_node 1 node");
	want(2, "40 memmap_pages_kpf 512 pages");
	want(3, "-1 pageblock_pages 512 pages");
	assert_int_equal(nrows, 4);
	/*
	 * Block 40 of 128 MiB: 128 MiB / 4 KiB = 32768 pages a block, so
	 * its pages are pfn 40 * 32768 = 1310720 on, 32768 of them.
	 */
	assert_int_equal(nkpf, 1);
	assert_int_equal(kpf_start[0], 1310720);
	assert_int_equal(kpf_pages[0], 32768);
}

static void test_offline_and_unreadable(void **state)
{
	long ids[] = { 41, 42, 43 };

	(void)state;
	/* Offline: its state and node, no kpageflags (not asked). */
	fake("/sys/devices/system/memory/memory41/state", "offline\n");
	fake("/sys/devices/system/memory/memory41/node0", NULL);
	/* No state file: nothing at all of block 42. */
	fake("/sys/devices/system/memory/memory42/node0", NULL);
	/* Online, on no node, its kpageflags 0 (none self-hosted). */
	fake("/sys/devices/system/memory/memory43/state", "online\n");
	kpf_answer = 0;
	pageblock = 0;
	placement_send(&g128, ids, 3, 0, NULL);
	want(0, "41 block_online 0 bool");
	want(1, "41 block_node 0 node");
	want(2, "43 block_online 1 bool");
	want(3, "43 memmap_pages_kpf 0 pages");
	/* A pageblock size of 0 is no size: no row. */
	assert_int_equal(nrows, 4);
	/* Block 43: pfn 43 * 32768 = 1409024. */
	assert_int_equal(nkpf, 1);
	assert_int_equal(kpf_start[0], 1409024);
}

static void test_state_words(void **state)
{
	long ids[] = { 1, 2, 3, 4 };

	(void)state;
	/* Only "online" is online; a word that starts the same is not. */
	fake("/sys/devices/system/memory/memory1/state", "onlinx\n");
	fake("/sys/devices/system/memory/memory2/state", "going-offline\n");
	fake("/sys/devices/system/memory/memory3/state", "online");
	/* An empty state file was read: it says not online. */
	fake("/sys/devices/system/memory/memory4/state", "");
	pageblock = 1;
	placement_send(&g128, ids, 4, 0, NULL);
	want(0, "1 block_online 0 bool");
	want(1, "2 block_online 0 bool");
	want(2, "3 block_online 1 bool");
	want(3, "4 block_online 0 bool");
	want(4, "-1 pageblock_pages 1 pages");
	assert_int_equal(nrows, 5);
	/* kpageflags asked for block 3 only, and said -1: no row. */
	assert_int_equal(nkpf, 1);
}

static void test_block_node_bounds(void **state)
{
	long ids[] = { 7, 8 };

	(void)state;
	/* The last node there is (MHP_MAX_NODES 64: node63). */
	fake("/sys/devices/system/memory/memory7/state", "offline\n");
	fake("/sys/devices/system/memory/memory7/node63", NULL);
	/* Two links (not what sysfs does): the first, node 2. */
	fake("/sys/devices/system/memory/memory8/state", "offline\n");
	fake("/sys/devices/system/memory/memory8/node3", NULL);
	fake("/sys/devices/system/memory/memory8/node2", NULL);
	/* node64 is past the last: not looked for. */
	fake("/sys/devices/system/memory/memory9/node64", NULL);
	placement_send(&g128, ids, 2, 0, NULL);
	want(0, "7 block_online 0 bool");
	want(1, "7 block_node 63 node");
	want(2, "8 block_online 0 bool");
	want(3, "8 block_node 2 node");
	assert_int_equal(nrows, 4);
	nrows = 0;
	ids[0] = 9;
	fake("/sys/devices/system/memory/memory9/state", "offline\n");
	placement_send(&g128, ids, 1, 0, NULL);
	want(0, "9 block_online 0 bool");
	assert_int_equal(nrows, 1);
}

static void test_no_blocks(void **state)
{
	long ids[] = { 40 };

	(void)state;
	pageblock = 2048;
	placement_send(&g128, ids, 0, 0, NULL);
	want(0, "-1 pageblock_pages 2048 pages");
	assert_int_equal(nrows, 1);
	assert_int_equal(nkpf, 0);
}

/*
 * A 64 KiB-page guest (powerpc) with 256 MiB blocks: 256 MiB / 64 KiB =
 * 4096 pages a block, so block 5 starts at pfn 5 * 4096 = 20480.
 */
static void test_page_size(void **state)
{
	struct guest g = { .page_size = 65536, .block_size = 256 * MIB };
	long ids[] = { 5 };

	(void)state;
	fake("/sys/devices/system/memory/memory5/state", "online\n");
	kpf_answer = 32;
	placement_send(&g, ids, 1, 0, NULL);
	assert_int_equal(kpf_start[0], 20480);
	assert_int_equal(kpf_pages[0], 4096);
	want(1, "5 memmap_pages_kpf 32 pages");
}

/*
 * The node's pages: 128 MiB hot-added to node 1 with its memmap on it,
 * 32768 pages present, 32768 - 512 = 32256 managed.
 */
static void test_node_rows(void **state)
{
	static struct mhp_zoneinfo zi;
	long ids[] = { 40 };

	(void)state;
	memset(&zi, 0, sizeof(zi));
	zi.node[1].seen = 1;
	zi.node[1].present = 32768;
	zi.node[1].managed = 32256;
	placement_node(&g128, &zi, 1, "_after");
	want(0, "-1 node_listed_after 1 bool");
	want(1, "-1 node_present_after_pages 32768 pages");
	want(2, "-1 node_managed_after_pages 32256 pages");
	assert_int_equal(nrows, 3);
	/* placement_send names them without a suffix. */
	nrows = 0;
	placement_send(&g128, ids, 0, 1, &zi);
	want(0, "-1 node_listed 1 bool");
	want(1, "-1 node_present_pages 32768 pages");
	want(2, "-1 node_managed_pages 32256 pages");
	assert_int_equal(nrows, 3);
}

static void test_node_unlisted_and_bounds(void **state)
{
	static struct mhp_zoneinfo zi;

	(void)state;
	memset(&zi, 0, sizeof(zi));
	/* Not in zoneinfo: it had no memory; said, and nothing more. */
	placement_node(&g128, &zi, 2, "");
	want(0, "-1 node_listed 0 bool");
	assert_int_equal(nrows, 1);
	/* No node, or one past the last: nothing. */
	nrows = 0;
	placement_node(&g128, &zi, -1, "");
	placement_node(&g128, &zi, MHP_MAX_NODES, "");
	assert_int_equal(nrows, 0);
	/* Node 0 and the last node are nodes. */
	zi.node[0].seen = 1;
	zi.node[0].present = 7;
	zi.node[0].managed = 6;
	placement_node(&g128, &zi, 0, "");
	want(0, "-1 node_listed 1 bool");
	want(1, "-1 node_present_pages 7 pages");
	want(2, "-1 node_managed_pages 6 pages");
	assert_int_equal(nrows, 3);
	nrows = 0;
	placement_node(&g128, &zi, MHP_MAX_NODES - 1, "");
	want(0, "-1 node_listed 0 bool");
	assert_int_equal(nrows, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_online_block, setup),
		cmocka_unit_test_setup(test_offline_and_unreadable, setup),
		cmocka_unit_test_setup(test_state_words, setup),
		cmocka_unit_test_setup(test_block_node_bounds, setup),
		cmocka_unit_test_setup(test_no_blocks, setup),
		cmocka_unit_test_setup(test_page_size, setup),
		cmocka_unit_test_setup(test_node_rows, setup),
		cmocka_unit_test_setup(test_node_unlisted_and_bounds, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
