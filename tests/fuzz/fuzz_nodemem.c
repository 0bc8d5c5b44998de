// SPDX-License-Identifier: GPL-2.0
#include "fuzz.h"
#include "nodemem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_meminfo mi;
	char *s = fuzz_text(data, size);
	char comm[16];
	long pid;
	int node;

	if (s) {
		mhp_node_meminfo_parse(s, &node, &mi);
		mhp_oom_kill_parse(s, &pid, comm, sizeof(comm));
	}
	free(s);
	return 0;
}
