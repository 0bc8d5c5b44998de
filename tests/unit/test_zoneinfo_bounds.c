// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_zoneinfo_parse at the edges of what it accepts (make mutants):
 * headers and counters one character off, a broken line last (after a
 * good zone, so that nothing else fails the file), sums at the limit of
 * int64_t. test_zoneinfo.c has the real files. The expected values are
 * the numbers in the text, summed per node.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "zoneinfo.h"

/* A zone as zoneinfo_show_print() prints it: free 1, 4 present, 3 managed. */
#define ZONE(node) \
	"Node " #node ", zone   Normal\n" \
	"  pages free     1\n" \
	"        spanned  4\n" \
	"        present  4\n" \
	"        managed  3\n"

static struct mhp_zoneinfo zi;

static void test_broken_last_line(void **state)
{
	static const char *const bad[] = {
		ZONE(0) "Node x, zone DMA\n",
		ZONE(0) "Node 64, zone DMA\n",
		ZONE(0) "Node 1 zone DMA\n",
		ZONE(0) "Node 1, DMA\n",
		ZONE(0) "Node 1, zone\n",
		/* A counter twice in one zone. */
		ZONE(0) "        present  4\n",
		ZONE(0) "              count: x\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (mhp_zoneinfo_parse(bad[i], &zi) != -1)
			fail_msg("accepted: %s", bad[i]);
		/* Nothing half-summed is left. */
		assert_int_equal(zi.node[0].present, 0);
		assert_int_equal(zi.node[0].seen, 0);
	}
}

/* A negative node before a good one: refused, not stored at node[-1]. */
static void test_negative_node(void **state)
{
	(void)state;
	assert_int_equal(mhp_zoneinfo_parse("Node -1, zone DMA\n" ZONE(0), &zi),
			 -1);
}

/* Node 9 (the digit '9'), and node 0; "seen" is 1, a flag. */
static void test_node_digits(void **state)
{
	(void)state;
	assert_int_equal(mhp_zoneinfo_parse(ZONE(9) ZONE(0), &zi), 0);
	assert_int_equal(zi.node[9].seen, 1);
	assert_int_equal(zi.node[0].seen, 1);
	assert_int_equal(zi.node[9].present, 4);
	assert_int_equal(zi.node[9].managed, 3);
	assert_int_equal(zi.node[9].spanned, 4);
	assert_int_equal(zi.node[9].free, 1);
	assert_int_equal(zi.node[1].seen, 0);
}

/* Blanks: none after the comma, some after a count. */
static void test_blanks(void **state)
{
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), "%s%s",
		 "Node 2,zone DMA\n  pages free 5\n  spanned 8\n  present 7",
		 " \t\n  managed 6\n");
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_int_equal(zi.node[2].present, 7);
	assert_int_equal(zi.node[2].managed, 6);
	assert_int_equal(zi.node[2].free, 5);
}

/* An errno left by an earlier call is not this parse's error. */
static void test_stale_errno(void **state)
{
	(void)state;
	errno = ERANGE;
	assert_int_equal(mhp_zoneinfo_parse(ZONE(0), &zi), 0);
	assert_int_equal(zi.node[0].present, 4);
}

/*
 * Sums up to INT64_MAX are sums: two zones of one node whose free pages
 * add up to exactly 2^63 - 1 (9223372036854775806 + 1); one more is an
 * overflow.
 */
static void test_sum_limit(void **state)
{
	static const char text[] =
		"Node 0, zone DMA\n  pages free 9223372036854775806\n"
		"  spanned 1\n  present 1\n  managed 1\n" ZONE(0);
	static const char over[] =
		"Node 0, zone DMA\n  pages free 9223372036854775807\n"
		"  spanned 1\n  present 1\n  managed 1\n" ZONE(0);

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	assert_true(zi.node[0].free == INT64_MAX);
	assert_int_equal(mhp_zoneinfo_parse(over, &zi), -1);
}

/* Free plus per-cpu pages: of one node, of all, of none past the last. */
static void test_free_pcp(void **state)
{
	static const char text[] =
		ZONE(0) "  pagesets\n    cpu: 0\n              count: 10\n"
		ZONE(3) "  pagesets\n    cpu: 0\n              count: 20\n";

	(void)state;
	assert_int_equal(mhp_zoneinfo_parse(text, &zi), 0);
	/* Node 0: 1 + 10; node 3: 1 + 20; all: 32. */
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, 0), 11);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, 3), 21);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, -1), 32);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, MHP_MAX_NODES - 1), 0);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, MHP_MAX_NODES), -1);
	/* The last node's pages count in "all". */
	zi.node[MHP_MAX_NODES - 1].free = 100;
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, -1), 132);
	assert_int_equal(mhp_zoneinfo_free_pcp(&zi, MHP_MAX_NODES - 1), 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_last_line),
		cmocka_unit_test(test_negative_node),
		cmocka_unit_test(test_node_digits),
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_stale_errno),
		cmocka_unit_test(test_sum_limit),
		cmocka_unit_test(test_free_pcp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
