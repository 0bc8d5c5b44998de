// SPDX-License-Identifier: GPL-2.0
/* Read fixture files whole; the tests parse them like the real thing. */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

/* Grow by doubling: /proc files report size 0, so stat cannot help. */
static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		char *bigger;

		n += got;
		if (n < cap - 1)
			break;
		bigger = realloc(buf, cap * 2);
		if (!bigger)
			free(buf);
		buf = bigger;
		cap *= 2;
	}
	if (!buf || ferror(f)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int fixture_path(const char *name, char *buf, size_t len)
{
	const char *dir = getenv("MHP_FIXTURES");
	int n;

	if (!dir || !*dir)
		dir = "tests/fixtures";
	n = snprintf(buf, len, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

char *fixture_read(const char *name, size_t *len)
{
	char path[4096];
	char *buf;
	FILE *f;

	if (fixture_path(name, path, sizeof(path)))
		return NULL;
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "fixture: cannot open %s\n", path);
		return NULL;
	}
	buf = read_all(f, len);
	fclose(f);
	return buf;
}

int fixture_copy(const char *name, const char *path)
{
	size_t len;
	char *buf = fixture_read(name, &len);
	FILE *f = buf ? fopen(path, "w") : NULL;
	int ret = f && fwrite(buf, 1, len, f) == len ? 0 : -1;

	if (f && fclose(f))
		ret = -1;
	free(buf);
	return ret;
}
