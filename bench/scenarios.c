// SPDX-License-Identifier: GPL-2.0
/* The guest's scenarios: the host names one by its verb. */
#include <string.h>

#include "compiler.h"
#include "guest.h"

static const struct guest_scenario scenarios[] = {
	{ "HOTADD", hotadd_run },
	{ "OOM", oom_run },
	{ "NUMA", numa_run },
	{ "CONTIG", contig_run },
	{ "SELFTEST", selftest_run },
	{ "CYCLE", cycle_run },
};

const struct guest_scenario *guest_scenario_find(const char *verb)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		if (!strcmp(scenarios[i].verb, verb))
			return &scenarios[i];
	return NULL;
}
