// SPDX-License-Identifier: GPL-2.0
/* lava-run's log records (YAML flow, every scalar quoted) as JSON. */
#include <json-c/json.h>

#include "fuzz.h"
#include "lavalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[2 * 65536];
	char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	if (mhp_lava_line_json(s, out, sizeof(out)) == 0) {
		json_object *o = json_tokener_parse(out);

		json_object_put(o);
	}
	free(s);
	return 0;
}
