// SPDX-License-Identifier: GPL-2.0
/* Run a fuzz target over files given on the command line (no libFuzzer). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *buf = NULL;
		size_t len = 0, n;
		char chunk[4096];
		FILE *f = fopen(argv[i], "rb");
		FILE *m = open_memstream(&buf, &len);

		if (!f || !m) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 2;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			fwrite(chunk, 1, n, m);
		fclose(f);
		fclose(m);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		free(buf);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
