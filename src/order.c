// SPDX-License-Identifier: GPL-2.0
/* The order of a round's samples (order.h). */
#include "order.h"
#include "stats.h"

void mhp_round_order(uint64_t seed, int round, bool random, int *perm,
		     int n)
{
	struct mhp_rng rng;
	int i, j, t;

	for (i = 0; i < n; i++)
		perm[i] = i;
	if (!random)
		return;
	/*
	 * One stream per round: splitmix64 (inside mhp_rng_seed) spreads
	 * seed + round * the golden ratio over the whole state.
	 */
	mhp_rng_seed(&rng, seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(round + 1));
	for (i = n - 1; i > 0; i--) {
		j = (int)mhp_rng_below(&rng, (uint64_t)i + 1);
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
}
