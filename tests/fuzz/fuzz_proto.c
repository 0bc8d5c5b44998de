// SPDX-License-Identifier: GPL-2.0
/* The guest line protocol: message parsing and F-line hex decoding. */
#include "fuzz.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[MHP_PROTO_FILE_CHUNK * 2];
	char *s = fuzz_text(data, size);
	struct mhp_msg m;
	long long v;

	if (!s)
		return 0;
	if (mhp_msg_parse(s, &m) == 0) {
		mhp_msg_get(&m, "name");
		mhp_msg_get_ll(&m, "value", &v);
	}
	mhp_hex_decode(s, out, sizeof(out));
	free(s);
	return 0;
}
