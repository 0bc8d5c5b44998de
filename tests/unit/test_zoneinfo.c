// SPDX-License-Identifier: GPL-2.0
/* mhp_zoneinfo_parse, on a real /proc/zoneinfo and on broken ones. */
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
#include "zoneinfo.h"

/*
 * tests/fixtures/host-zoneinfo.txt is this build machine's /proc/zoneinfo
 * (kernel 6.18, one node, zones DMA DMA32 Normal Movable Device), copied
 * verbatim. The totals were computed independently at capture time with
 *
 *   awk '/^Node/ { n = $2; sub(",", "", n) }
 *        $1 == "pages" && $2 == "free" { f[n] += $3 }
 *        $1 == "spanned" { s[n] += $2 }  $1 == "present" { p[n] += $2 }
 *        $1 == "managed" { m[n] += $2 }
 *        END { for (k in s) print k, s[k], p[k], m[k], f[k] }'
 *
 * which printed "0 6553599 6291358 1530422 1216518".
 */
#define HOST_SPANNED 6553599
#define HOST_PRESENT 6291358
#define HOST_MANAGED 1530422
#define HOST_FREE 1216518

/*
 * A 6.1 guest after hot-adding 128M to node 1 as ZONE_MOVABLE with
 * memmap_on_memory: constructed (not captured) by printing, field for
 * field, the format strings of zoneinfo_show_print() in linux 6.1
 * mm/vmstat.c, with per-node and per-zone stat lists shortened. Node 1
 * has 512 pages of present but unmanaged memmap. Same awk as above:
 * node 0: 131071 130944 116840 93840; node 1: 32768 32768 32256 32000.
 */
static const char guest61[] =
	"Node 0, zone      DMA\n"
	"  per-node stats\n"
	"      nr_inactive_anon 120\n"
	"      nr_active_anon 30\n"
	"      nr_file_pages 900\n"
	"  pages free     3840\n"
	"        boost    0\n"
	"        min      21\n"
	"        low      26\n"
	"        high     31\n"
	"        spanned  4095\n"
	"        present  3998\n"
	"        managed  3840\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"      nr_free_pages 3840\n"
	"      nr_zone_inactive_anon 0\n"
	"      nr_mlock     0\n"
	"      numa_hit     5\n"
	"      numa_miss    0\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 10\n"
	"              high:  186\n"
	"              batch: 31\n"
	"  vm stats threshold: 4\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           1\n"
	"Node 0, zone    DMA32\n"
	"  pages free     90000\n"
	"        boost    0\n"
	"        min      1000\n"
	"        low      1250\n"
	"        high     1500\n"
	"        spanned  126976\n"
	"        present  126946\n"
	"        managed  113000\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"      nr_free_pages 90000\n"
	"      nr_zone_inactive_anon 0\n"
	"      nr_mlock     0\n"
	"      numa_hit     5\n"
	"      numa_miss    0\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 10\n"
	"              high:  186\n"
	"              batch: 31\n"
	"  vm stats threshold: 4\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           4096\n"
	"Node 0, zone   Normal\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone  Movable\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 0, zone   Device\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 1, zone      DMA\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 1, zone    DMA32\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 1, zone   Normal\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"Node 1, zone  Movable\n"
	"  per-node stats\n"
	"      nr_inactive_anon 120\n"
	"      nr_active_anon 30\n"
	"      nr_file_pages 900\n"
	"  pages free     32000\n"
	"        boost    0\n"
	"        min      128\n"
	"        low      160\n"
	"        high     192\n"
	"        spanned  32768\n"
	"        present  32768\n"
	"        managed  32256\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n"
	"      nr_free_pages 32000\n"
	"      nr_zone_inactive_anon 0\n"
	"      nr_mlock     0\n"
	"      numa_hit     5\n"
	"      numa_miss    0\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 10\n"
	"              high:  186\n"
	"              batch: 31\n"
	"  vm stats threshold: 4\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           1048576\n"
	"Node 1, zone   Device\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n";

static void assert_node(const struct mhp_zoneinfo *zi, int n, int64_t spanned,
			int64_t present, int64_t managed, int64_t free_pages)
{
	assert_true(zi->node[n].seen);
	assert_int_equal(zi->node[n].spanned, spanned);
	assert_int_equal(zi->node[n].present, present);
	assert_int_equal(zi->node[n].managed, managed);
	assert_int_equal(zi->node[n].free, free_pages);
}

static void assert_all_clear(const struct mhp_zoneinfo *zi)
{
	static const struct mhp_zoneinfo zero;

	assert_memory_equal(zi, &zero, sizeof(zero));
}

static void test_host_capture(void **state)
{
	struct mhp_zoneinfo zi;
	char *text = fixture_read("host-zoneinfo.txt", NULL);
	int n;

	(void)state;
	assert_non_null(text);
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_node(&zi, 0, HOST_SPANNED, HOST_PRESENT, HOST_MANAGED,
		    HOST_FREE);
	for (n = 1; n < MHP_MAX_NODES; n++)
		assert_false(zi.node[n].seen);
	free(text);
}

static void test_guest61_two_nodes(void **state)
{
	struct mhp_zoneinfo zi;
	int n;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse(guest61, &zi), 0);
	assert_node(&zi, 0, 131071, 130944, 116840, 93840);
	assert_node(&zi, 1, 32768, 32768, 32256, 32000);
	/* What the memmap verdict reads: the altmap pages of node 1. */
	assert_int_equal(zi.node[1].present - zi.node[1].managed, 512);
	for (n = 2; n < MHP_MAX_NODES; n++)
		assert_false(zi.node[n].seen);
}

/*
 * The per-cpu lists: the "count:" of every CPU's pageset, summed per node
 * (awk '/^Node/ { n = $2; sub(",", "", n) } $1 == "count:" { c[n] += $2 }'
 * on the captures: host node 0 74813; guest altmap-128M node 0 498,
 * node 1 0). guest61 has 10 in two zones of node 0 and one of node 1.
 */
static void test_pcp_counts(void **state)
{
	struct mhp_zoneinfo zi;
	char *text;

	(void)state;
	text = fixture_read("host-zoneinfo.txt", NULL);
	assert_non_null(text);
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_int_equal(zi.node[0].pcp, 74813);
	free(text);
	text = fixture_read("guest-x86_64/altmap-128M/zoneinfo-after-online", NULL);
	assert_non_null(text);
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_int_equal(zi.node[0].pcp, 498);
	assert_int_equal(zi.node[1].pcp, 0);
	free(text);
	assert_int_equal(mhp_zoneinfo_parse(guest61, &zi), 0);
	assert_int_equal(zi.node[0].pcp, 20);
	assert_int_equal(zi.node[1].pcp, 10);
	/* free + pcp per node, and of all nodes with -1 */
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, 0), zi.node[0].free + 20);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, 1), zi.node[1].free + 10);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, -1),
			 zi.node[0].free + zi.node[1].free + 30);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, MHP_MAX_NODES), -1);
	/* A count that is no number, or one before any zone: suspect. */
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone   Normal\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n"
					    "              count: x\n", &zi), -1);
	assert_int_equal(mhp_zoneinfo_parse("              count: 1\n"
					    "Node 0, zone   Normal\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi), -1);
	assert_all_clear(&zi);
}

static void test_single_node_3(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("Node 3, zone  Movable\n"
					    "  pages free     7\n"
					    "        spanned  9\n"
					    "        present  8\n"
					    "        managed  7\n", &zi), 0);
	assert_node(&zi, 3, 9, 8, 7, 7);
	assert_false(zi.node[0].seen);
	assert_int_equal(zi.node[0].present, 0);
}

static void test_last_node_id(void **state)
{
	struct mhp_zoneinfo zi;
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), "Node %d, zone   Normal\n"
		 "  pages free 1\n  spanned 4\n  present 3\n  managed 2\n",
		 MHP_MAX_NODES - 1);
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_node(&zi, MHP_MAX_NODES - 1, 4, 3, 2, 1);
}

static void test_node_id_out_of_range(void **state)
{
	static const char *const bad[] = {
		"Node 64, zone   Normal\n",
		"Node -1, zone   Normal\n",
		"Node 99999999999999999999, zone   Normal\n",
		"Node x, zone   Normal\n",
		"Node , zone   Normal\n",
		"Node 1 zone   Normal\n",
		"Node 1, zone\n",
		"Node 1, zone \t\n",
		"Node 1, area   Normal\n",
	};
	const char *counters = "  pages free 1\n  spanned 1\n"
			       "  present 1\n  managed 1\n";
	struct mhp_zoneinfo zi;
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "%s%s", bad[i], counters);
		if (mhp_zoneinfo_parse(text, &zi) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_all_clear(&zi);
	}
}

static void test_zone_without_counters(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	/* Header after header. */
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone      DMA\n"
					    "Node 0, zone    DMA32\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi),
			 -1);
	/* Header at the end. */
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone      DMA\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n"
					    "Node 0, zone    DMA32\n", &zi),
			 -1);
	/* One counter short. */
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone      DMA\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n", &zi), -1);
	assert_all_clear(&zi);
}

static void test_truncated_capture(void **state)
{
	struct mhp_zoneinfo zi;
	char *text = fixture_read("host-zoneinfo.txt", NULL);
	char *cut;

	(void)state;
	assert_non_null(text);
	/* A short read that ends between DMA32's "present" and "managed". */
	cut = strstr(text, "zone    DMA32");
	assert_non_null(cut);
	cut = strstr(cut, "        managed");
	assert_non_null(cut);
	*cut = '\0';
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), -1);
	assert_all_clear(&zi);
	free(text);
}

static void test_bad_counters(void **state)
{
	/* Each replaces "spanned 1" in a zone that is otherwise fine. */
	static const char *const bad[] = {
		"  spanned  -1\n",
		"  spanned  abc\n",
		"  spanned\n",
		"  spanned  12 pages\n",
		"  spanned  0x10\n",
		"  spanned  99999999999999999999\n",
		"  spanned  1\n  spanned  1\n",	/* twice in one zone */
		"  pages free\n  spanned 1\n",	/* free twice, once empty */
	};
	struct mhp_zoneinfo zi;
	char text[256];
	size_t i;

	(void)state;
	snprintf(text, sizeof(text), "Node 0, zone   Normal\n"
		 "  pages free 1\n%s  present 1\n  managed 1\n",
		 "  spanned  1\n");
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "Node 0, zone   Normal\n"
			 "  pages free 1\n%s  present 1\n  managed 1\n",
			 bad[i]);
		if (mhp_zoneinfo_parse(text, &zi) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_all_clear(&zi);
	}
}

static void test_bad_free_counter(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone   Normal\n"
					    "  pages free\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi),
			 -1);
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone   Normal\n"
					    "  pages free x\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi),
			 -1);
}

static void test_sum_overflow(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("Node 0, zone      DMA\n"
					    "  pages free 1\n"
					    "  spanned 9223372036854775807\n"
					    "  present 1\n  managed 1\n"
					    "Node 0, zone   Normal\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi),
			 -1);
}

static void test_counter_outside_zone(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("  present 5\n"
					    "Node 0, zone      DMA\n"
					    "  pages free 1\n  spanned 1\n"
					    "  present 1\n  managed 1\n", &zi),
			 -1);
}

static void test_other_lines_ignored(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	/* Look-alikes of the counters that belong to other fields. */
	assert_int_equal(mhp_zoneinfo_parse("garbage before\n"
					    "Node 0, zone   Normal\n"
					    "      nr_free_pages 999\n"
					    "  pages free     5\n"
					    "  pages scanned  77\n"
					    "        spanned  8\n"
					    "        spannedx 100\n"
					    "        present  7\n"
					    "        managed  6\n"
					    "        protection: (0, 1, 2)\n"
					    "    cpu: 0\n"
					    "              high:  186\n"
					    "Nodes are not headers\n", &zi), 0);
	assert_node(&zi, 0, 8, 7, 6, 5);
}

static void test_empty(void **state)
{
	struct mhp_zoneinfo zi;

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("", &zi), -1);
	assert_int_equal(mhp_zoneinfo_parse("\n\n", &zi), -1);
	assert_int_equal(mhp_zoneinfo_parse(NULL, &zi), -1);
	assert_all_clear(&zi);
}

/*
 * Real captures from the x86_64 6.1 guests, after onlining one DIMM on
 * node 1 (tests/fixtures/guest-x86_64/, written by the guest driver into
 * a sample's raw/ dir). The awk above, run on them at capture time:
 * altmap-128M node 1: 32768 32768 32256; baseline-128M node 1: 32768
 * 32768 32768; altmap-1G (stock 6.1: no altmap for 8 blocks) node 1:
 * 262144 262144 262144.
 */
static void assert_guest_node1(const char *name, int64_t present,
			       int64_t managed)
{
	struct mhp_zoneinfo zi;
	char *text = fixture_read(name, NULL);

	assert_non_null(text);
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_true(zi.node[0].seen);
	assert_true(zi.node[1].seen);
	assert_int_equal(zi.node[1].spanned, present);
	assert_int_equal(zi.node[1].present, present);
	assert_int_equal(zi.node[1].managed, managed);
	free(text);
}

static void test_guest_altmap_128m(void **state)
{
	(void)state;
	assert_guest_node1("guest-x86_64/altmap-128M/zoneinfo-after-online",
			   32768, 32768 - 512);
}

static void test_guest_baseline_128m(void **state)
{
	(void)state;
	assert_guest_node1("guest-x86_64/baseline-128M/zoneinfo-after-online",
			   32768, 32768);
}

static void test_guest_altmap_1g_stock(void **state)
{
	(void)state;
	assert_guest_node1("guest-x86_64/altmap-1G/zoneinfo-after-online",
			   262144, 262144);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_capture),
		cmocka_unit_test(test_guest61_two_nodes),
		cmocka_unit_test(test_pcp_counts),
		cmocka_unit_test(test_single_node_3),
		cmocka_unit_test(test_last_node_id),
		cmocka_unit_test(test_node_id_out_of_range),
		cmocka_unit_test(test_zone_without_counters),
		cmocka_unit_test(test_truncated_capture),
		cmocka_unit_test(test_bad_counters),
		cmocka_unit_test(test_bad_free_counter),
		cmocka_unit_test(test_sum_overflow),
		cmocka_unit_test(test_counter_outside_zone),
		cmocka_unit_test(test_other_lines_ignored),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_guest_altmap_128m),
		cmocka_unit_test(test_guest_baseline_128m),
		cmocka_unit_test(test_guest_altmap_1g_stock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
