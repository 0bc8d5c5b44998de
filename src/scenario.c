// SPDX-License-Identifier: GPL-2.0
/* The scenarios the runner knows: one line per scenario file. */
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "scenario.h"

static const struct mhp_scenario *const scenarios[] = {
	&mhp_scenario_hotadd,
	&mhp_scenario_oom,
	&mhp_scenario_numa,
	&mhp_scenario_contig,
};

#define NR_SCENARIOS (ARRAY_SIZE(scenarios))

const struct mhp_scenario *mhp_scenario_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_SCENARIOS; i++)
		if (!strcmp(scenarios[i]->name, name))
			return scenarios[i];
	return NULL;
}

void mhp_scenario_list(FILE *f)
{
	size_t i;

	for (i = 0; i < NR_SCENARIOS; i++)
		fprintf(f, "  %-10s %s\n", scenarios[i]->name, scenarios[i]->help);
}
