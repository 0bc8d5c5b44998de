/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A position effect: does a sample's timing depend on where it ran in its
 * round? With the order drawn at random for each round (order.h) the
 * position is no variant's, so any dependence is the host's (a cache
 * warmed by the boot before, a QEMU still tearing down) and adds to the
 * noise of every side alike; a strong one is worth knowing about.
 *
 * The test, per timing metric (whole-sample rows in us or ms): within each
 * stratum (arch, variant, size, traced) the values become ranks, centred;
 * within each round the positions are centred; rho is the correlation of
 * the two over all valid samples (a stratified Spearman correlation). Its
 * p-value is a randomization test: the positions are permuted within
 * each round, as the run's own draw could have placed them, and p is the
 * share of draws with |rho| at least as large (plus one, over draws plus
 * one). Benjamini-Hochberg adjusts over the metrics tested.
 */
#ifndef MHP_POSITION_H
#define MHP_POSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rundata.h"

#define MHP_POSITION_DRAWS	1999

/* What a run's order lets a report say. */
enum mhp_order {
	MHP_ORDER_UNKNOWN,	/* a run from before run_position rows */
	MHP_ORDER_FIXED,	/* --order fixed: position is the variant's */
	MHP_ORDER_RANDOM,
};

struct mhp_position_effect {
	const char *metric;
	size_t n;		/* valid samples tested */
	double rho;		/* stratified Spearman, position vs value */
	double p;		/* randomization test, two-sided */
	double q;		/* BH over the metrics of the run */
};

/*
 * The run's order (meta.json options.order, and whether its samples have
 * run_position rows) and, for a random order, one effect per timing
 * metric with at least 2 rounds and 8 samples, in *out (malloc'd,
 * *nout of them; free() it). 0, or -1 when out of memory.
 */
int mhp_position_effects(const struct mhp_rundata *rd, uint64_t seed,
			 enum mhp_order *order,
			 struct mhp_position_effect **out, size_t *nout);

#endif
