/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The order in which the samples of one round run. A round is sample n of
 * every arch, size and variant; a position effect (a host cache warmed by
 * the boot before, a QEMU still tearing down, drift within a round) would
 * be confounded with the variant if the order were the same in every
 * round, so by default it is a permutation drawn afresh for each round
 * from the run's seed: the same seed, the same order (what --resume
 * relies on).
 */
#ifndef MHP_ORDER_H
#define MHP_ORDER_H

#include <stdbool.h>
#include <stdint.h>

/*
 * perm[0..n-1]: the items of round `round` in the order they run, each of
 * 0..n-1 once. random: a uniform permutation drawn from (seed, round)
 * (Fisher-Yates over xoshiro256**); else the identity (--order fixed).
 */
void mhp_round_order(uint64_t seed, int round, bool random, int *perm,
		     int n);

#endif
