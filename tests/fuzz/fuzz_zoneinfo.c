// SPDX-License-Identifier: GPL-2.0
#include "fuzz.h"
#include "zoneinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mhp_zoneinfo zi;
	char *s = fuzz_text(data, size);

	if (s)
		mhp_zoneinfo_parse(s, &zi);
	free(s);
	return 0;
}
