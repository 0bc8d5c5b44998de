// SPDX-License-Identifier: GPL-2.0
/* Config and arch profile files, and the sizes in them. */
#include "conf.h"
#include "fuzz.h"
#include "size.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "arch", "sizes", "block_size", NULL };
	static struct mhp_conf c;
	char *s = fuzz_text(data, size);
	char err[256];
	uint64_t bytes;

	if (!s)
		return 0;
	if (mhp_conf_parse("fuzz.conf", s, &c, err, sizeof(err)) == 0) {
		const char *v = mhp_conf_get(&c, "block_size");

		mhp_conf_check(&c, keys, NULL, err, sizeof(err));
		if (v)
			mhp_size_parse(v, &bytes);
	}
	mhp_size_parse(s, &bytes);
	free(s);
	return 0;
}
