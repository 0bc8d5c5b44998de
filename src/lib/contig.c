// SPDX-License-Identifier: GPL-2.0
/* The contig scenario's theory and the kpageflags names (contig.h). */
#include <stdio.h>

#include "compiler.h"
#include "contig.h"

int64_t mhp_contig_units(uint64_t start, uint64_t pages, uint64_t block_pages,
			 uint64_t reserved_pages, uint64_t unit_pages)
{
	uint64_t a, end = start + pages;
	int64_t n = 0;

	if (!unit_pages || !block_pages)
		return 0;
	for (a = (start + unit_pages - 1) / unit_pages * unit_pages;
	     a + unit_pages <= end; a += unit_pages) {
		/* A unit as large as a block holds a block's start. */
		if (reserved_pages && (unit_pages >= block_pages ||
				       a % block_pages < reserved_pages))
			continue;
		n++;
	}
	return n;
}

/* Pages of [s, e) in aligned runs of unit pages. */
static uint64_t aligned_span(uint64_t s, uint64_t e, uint64_t unit)
{
	uint64_t a = (s + unit - 1) / unit * unit, b = e / unit * unit;

	return b > a ? b - a : 0;
}

void mhp_contig_directmap(uint64_t start, uint64_t pages, uint64_t add_pages,
			  const uint64_t *levels, uint64_t *gain)
{
	uint64_t s, e, span, larger, end = start + pages;
	int i;

	for (i = 0; levels[i]; i++)
		gain[i] = 0;
	if (!add_pages)
		return;
	for (s = start; s < end; s += add_pages) {
		e = s + add_pages < end ? s + add_pages : end;
		/*
		 * The sizes nest, so each size maps its aligned middle less
		 * what the larger sizes took of it.
		 */
		for (i = 0, larger = 0; levels[i]; i++) {
			span = aligned_span(s, e, levels[i]);
			gain[i] += span - larger;
			larger = span;
		}
	}
}

static const char *const kpf_names[64] = {
	[0] = "LOCKED", [1] = "ERROR", [2] = "REFERENCED", [3] = "UPTODATE",
	[4] = "DIRTY", [5] = "LRU", [6] = "ACTIVE", [7] = "SLAB",
	[8] = "WRITEBACK", [9] = "RECLAIM", [10] = "BUDDY", [11] = "MMAP",
	[12] = "ANON", [13] = "SWAPCACHE", [14] = "SWAPBACKED",
	[15] = "COMPOUND_HEAD", [16] = "COMPOUND_TAIL", [17] = "HUGE",
	[18] = "UNEVICTABLE", [19] = "HWPOISON", [20] = "NOPAGE", [21] = "KSM",
	[22] = "THP", [23] = "OFFLINE", [24] = "ZERO_PAGE", [25] = "IDLE",
	[26] = "PGTABLE", [32] = "RESERVED", [33] = "MLOCKED",
	[34] = "MAPPEDTODISK", [35] = "PRIVATE", [36] = "PRIVATE_2",
	[37] = "OWNER_PRIVATE", [38] = "ARCH", [39] = "UNCACHED",
	[40] = "SOFTDIRTY", [41] = "ARCH_2",
};

void mhp_kpf_format(uint64_t flags, char *buf, size_t len)
{
	size_t w = 0;
	int i;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < 64 && w < len; i++) {
		if (!(flags & (1ULL << i)))
			continue;
		if (kpf_names[i])
			w += snprintf(buf + w, len - w, "%s%s", w ? "|" : "",
				      kpf_names[i]);
		else
			w += snprintf(buf + w, len - w, "%sbit%d", w ? "|" : "",
				      i);
	}
	if (!w)
		snprintf(buf, len, "none");
}
