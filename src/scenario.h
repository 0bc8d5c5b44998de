/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_SCENARIO_H
#define MHP_SCENARIO_H

#include "mhpbench.h"

extern const struct mhp_scenario mhp_scenario_hotadd;
extern const struct mhp_scenario mhp_scenario_oom;
extern const struct mhp_scenario mhp_scenario_numa;

#endif
