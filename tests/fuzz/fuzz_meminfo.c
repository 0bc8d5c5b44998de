// SPDX-License-Identifier: GPL-2.0
#include "fuzz.h"
#include "meminfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_meminfo mi;
	char *s = fuzz_text(data, size);

	if (s)
		mhp_meminfo_parse(s, &mi);
	free(s);
	return 0;
}
