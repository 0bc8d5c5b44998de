// SPDX-License-Identifier: GPL-2.0
/* /proc/vmstat counters and the pageblock size of /proc/pagetypeinfo. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "vmstat.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* End of the line at p: its '\n' or the final NUL. */
static const char *line_end(const char *p)
{
	while (*p && *p != '\n')
		p++;
	return p;
}

/*
 * A non-negative decimal number between p and eol, blanks around it
 * allowed and nothing else; -1 otherwise.
 */
static int64_t number(const char *p, const char *eol)
{
	long long v;
	char *end;

	while (p < eol && is_blank(*p))
		p++;
	if (p == eol || *p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || end > eol || v < 0)
		return -1;
	while (end < eol && is_blank(*end))
		end++;
	return end == eol ? v : -1;
}

/*
 * The value after the line that starts with key (which includes its
 * separator) at the start of a line; -1 when no line has it.
 */
static int64_t keyed_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	if (!text || !klen)
		return -1;
	while (*line) {
		const char *eol = line_end(line);

		if ((size_t)(eol - line) > klen && !strncmp(line, key, klen))
			return number(line + klen, eol);
		line = *eol ? eol + 1 : eol;
	}
	return -1;
}

int64_t mhp_vmstat_get(const char *text, const char *name)
{
	char key[96];
	size_t n = name ? strlen(name) : 0;

	/* The name must be whole: "nr_free" must not match "nr_free_cma". */
	if (!n || n + 2 > sizeof(key) || strchr(name, ' '))
		return -1;
	memcpy(key, name, n);
	key[n] = ' ';
	key[n + 1] = '\0';
	return keyed_value(text, key);
}

int mhp_vmstat_upstream_memmap(const char *text, int64_t *pages,
			       int64_t *boot)
{
	static const char *const names[][2] = {
		{ "nr_memmap_pages", "nr_memmap_boot_pages" },	/* 6.12+ */
		{ "nr_memmap", "nr_memmap_boot" },		/* 6.11 */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		*pages = mhp_vmstat_get(text, names[i][0]);
		*boot = mhp_vmstat_get(text, names[i][1]);
		if (*pages >= 0 && *boot >= 0)
			return 0;
	}
	*pages = -1;
	*boot = -1;
	return -1;
}

int64_t mhp_upstream_memmap_expected(uint64_t size, unsigned int page_size,
				     unsigned int struct_page_bytes,
				     uint64_t section)
{
	uint64_t per_section;

	if (!size || !page_size || !struct_page_bytes || !section ||
	    size % section || section % page_size)
		return -1;
	per_section = (section / page_size * struct_page_bytes + page_size - 1) /
		      page_size;
	return size / section * per_section;
}

int64_t mhp_pagetypeinfo_block_pages(const char *text)
{
	return keyed_value(text, "Pages per block:");
}
