// SPDX-License-Identifier: GPL-2.0
/* /proc/meminfo: "MemTotal:       16384 kB", one field a line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "meminfo.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Value of a field: blanks, a decimal number, optionally blanks and
 * "kB", then the end of the line. The kernel prints every field we read
 * in kB, so a value in another unit is not one of ours: -1.
 */
static int64_t field_value(const char *p, const char *eol)
{
	long long v;
	char *end;

	while (p < eol && is_blank(*p))
		p++;
	if (p == eol || *p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || end == p || end > eol || v < 0)
		return -1;
	p = end;
	while (p < eol && is_blank(*p))
		p++;
	if (eol - p >= 2 && !strncmp(p, "kB", 2))
		p += 2;
	while (p < eol && is_blank(*p))
		p++;
	return p == eol ? v : -1;
}

/* The field a line names, NULL when it is not one we keep. */
static int64_t *field_slot(struct mhp_meminfo *mi, const char *line,
			   size_t namelen)
{
	static const char *const names[] = {
		"MemTotal", "MemFree", "MemAvailable", "MemmapOnMemory",
	};
	int64_t *slots[] = {
		&mi->mem_total_kb, &mi->mem_free_kb, &mi->mem_available_kb,
		&mi->memmap_on_memory_kb,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (strlen(names[i]) == namelen &&
		    !strncmp(names[i], line, namelen))
			return slots[i];
	}
	return NULL;
}

/* End of the line at p: its '\n' or the final NUL. */
static const char *line_end(const char *p)
{
	while (*p && *p != '\n')
		p++;
	return p;
}

int mhp_meminfo_parse(const char *text, struct mhp_meminfo *mi)
{
	const char *line = text;

	mi->mem_total_kb = -1;
	mi->mem_free_kb = -1;
	mi->mem_available_kb = -1;
	mi->memmap_on_memory_kb = -1;
	if (!text)
		return -1;
	while (*line) {
		const char *eol = line_end(line);
		const char *colon = memchr(line, ':', eol - line);
		int64_t *slot = NULL;

		if (colon)
			slot = field_slot(mi, line, colon - line);
		/* A real file has each field once: keep the first good one. */
		if (slot && *slot < 0)
			*slot = field_value(colon + 1, eol);
		line = *eol ? eol + 1 : eol;
	}
	return mi->mem_total_kb < 0 || mi->mem_free_kb < 0 ? -1 : 0;
}
