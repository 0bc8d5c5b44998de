// SPDX-License-Identifier: GPL-2.0
#include "fuzz.h"
#include "uevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhp_uevent ev;
	/* An exact-size copy: a read past the end is caught by ASan. */
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	mhp_uevent_parse(buf, size, &ev);
	free(buf);
	return 0;
}
