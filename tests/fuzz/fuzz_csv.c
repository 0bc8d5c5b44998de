// SPDX-License-Identifier: GPL-2.0
/* The CSV reader that --resume uses on finished samples. */
#include "fuzz.h"
#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_sample s = { 0 };

	mhp_sample_parse_csv((const char *)data, size, size & 1, &s);
	mhp_sample_free(&s);
	return 0;
}
