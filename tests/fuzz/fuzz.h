/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz targets: each file defines LLVMFuzzerTestOneInput for one parser.
 * `make fuzz` links them with libFuzzer (clang); `make test` links them
 * with replay.c and runs the saved corpus and every crash ever found.
 */
#ifndef MHP_FUZZ_H
#define MHP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (parsers of text files want one). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
