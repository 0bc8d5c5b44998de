// SPDX-License-Identifier: GPL-2.0
#include "fgraph.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_fgraph_line l;
	char *s = fuzz_text(data, size);
	char name[32];

	if (s) {
		if (!mhp_fgraph_parse_line(s, &l))
			mhp_fgraph_base_name(l.func, name, sizeof(name));
	}
	free(s);
	return 0;
}
