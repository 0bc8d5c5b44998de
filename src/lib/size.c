// SPDX-License-Identifier: GPL-2.0
/* Sizes as users write them in configs and on the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compiler.h"
#include "size.h"

static const struct {
	char c;
	unsigned int shift;
} suffixes[] = {
	{ 'T', 40 },
	{ 'G', 30 },
	{ 'M', 20 },
	{ 'K', 10 },
};

/*
 * Shift of the suffix at s: "" is bytes, "K" or "KiB" (any case) is 10,
 * and so on. -1 for anything else: "KB" is refused because it could as
 * well mean 1000.
 */
static int suffix_shift(const char *s)
{
	unsigned int i;
	char c = s[0];

	if (!c)
		return 0;
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		if (suffixes[i].c != c)
			continue;
		if (s[1] == '\0' || !strcasecmp(s + 1, "iB"))
			return suffixes[i].shift;
		return -1;
	}
	return -1;
}

int mhp_size_parse(const char *s, uint64_t *bytes)
{
	unsigned long long n;
	char *end;
	int shift;

	/* strtoull would take a sign or blanks; only digits start a size. */
	if (!s || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	shift = suffix_shift(end);
	if (shift < 0 || n == 0)
		return -1;
	if (n > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)n << shift;
	return 0;
}

void mhp_size_format(uint64_t bytes, char *buf, size_t len)
{
	unsigned int i;

	if (!buf || !len)
		return;
	for (i = 0; bytes && i < ARRAY_SIZE(suffixes); i++) {
		uint64_t unit = (uint64_t)1 << suffixes[i].shift;

		if (bytes % unit == 0) {
			snprintf(buf, len, "%llu%c",
				 (unsigned long long)(bytes / unit),
				 suffixes[i].c);
			return;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
}
