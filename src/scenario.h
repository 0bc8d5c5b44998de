/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_SCENARIO_H
#define MHP_SCENARIO_H

#include "mhpbench.h"

extern const struct mhp_scenario mhp_scenario_hotadd;
extern const struct mhp_scenario mhp_scenario_oom;
extern const struct mhp_scenario mhp_scenario_numa;
extern const struct mhp_scenario mhp_scenario_contig;

/*
 * The hot-add scenario's run, to a node of choice: node_before when the
 * node has memory already (mhpbench native), whose present - managed
 * before the add the memmap verdict then subtracts.
 */
int mhp_hotadd_drive(const struct mhp_ctx *ctx, struct mhp_guest *g,
		     struct mhp_sample *s, int node, bool node_before);

#endif
