// SPDX-License-Identifier: GPL-2.0
/* The order of a round's samples (src/order.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "order.h"

#define N 12

static void assert_permutation(const int *perm, int n)
{
	int seen[64] = { 0 }, i;

	for (i = 0; i < n; i++) {
		assert_in_range(perm[i], 0, n - 1);
		assert_int_equal(seen[perm[i]]++, 0);
	}
}

static void test_permutation_from_seed(void **state)
{
	int a[N], b[N], c[N], round, same = 0, moved = 0, i;

	(void)state;
	for (round = 0; round < 200; round++) {
		mhp_round_order(42, round, true, a, N);
		assert_permutation(a, N);
		/* The same seed and round: the same order (--resume). */
		mhp_round_order(42, round, true, b, N);
		assert_memory_equal(a, b, sizeof(a));
		/* Another round or seed: another draw. */
		mhp_round_order(42, round + 1, true, c, N);
		same += !memcmp(a, c, sizeof(a));
		mhp_round_order(43, round, true, c, N);
		same += !memcmp(a, c, sizeof(a));
		for (i = 0; i < N; i++)
			moved += a[i] != i;
	}
	/* 12! orders: a repeat among 400 pairs has chance ~1e-6. */
	assert_int_equal(same, 0);
	/* A uniform permutation leaves 1 of 12 in place on average. */
	assert_in_range(moved, 200 * (N - 1) - 100, 200 * (N - 1) + 100);
}

static void test_uniform_positions(void **state)
{
	/*
	 * Over 4000 rounds of 4 items each item comes first 1000 times
	 * on average, sd sqrt(4000 * 1/4 * 3/4) = 27.4: within 5 sd.
	 */
	int count[4] = { 0 }, perm[4], round, i;

	(void)state;
	for (round = 0; round < 4000; round++) {
		mhp_round_order(7, round, true, perm, 4);
		count[perm[0]]++;
	}
	for (i = 0; i < 4; i++)
		assert_in_range(count[i], 1000 - 137, 1000 + 137);
}

static void test_fixed_and_trivial(void **state)
{
	int perm[N], i;

	(void)state;
	mhp_round_order(42, 3, false, perm, N);
	for (i = 0; i < N; i++)
		assert_int_equal(perm[i], i);
	mhp_round_order(42, 3, true, perm, 1);
	assert_int_equal(perm[0], 0);
	mhp_round_order(42, 3, true, perm, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permutation_from_seed),
		cmocka_unit_test(test_uniform_positions),
		cmocka_unit_test(test_fixed_and_trivial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
