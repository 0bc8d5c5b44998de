// SPDX-License-Identifier: GPL-2.0
/*
 * How many pages of memmap a hot-added range needs, and whether it was
 * put on the range itself (vmem_altmap) or taken from memory already
 * online. No single counter says so for certain, so three witnesses are
 * asked and must agree.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memmap.h"

/*
 * ceil(pages * struct_page_bytes / page_size) without the 64-bit
 * product, which could overflow for absurd sizes: split pages into
 * whole multiples of page_size and the rest. Saturates at UINT64_MAX.
 */
uint64_t mhp_memmap_pages(uint64_t size, unsigned int page_size,
			  unsigned int struct_page_bytes)
{
	uint64_t pages, q, r, whole, part;

	if (!page_size)
		return 0;
	pages = size / page_size;
	q = pages / page_size;
	r = pages % page_size;
	if (struct_page_bytes && q > UINT64_MAX / struct_page_bytes)
		return UINT64_MAX;
	whole = q * struct_page_bytes;
	/* r < page_size, so r * struct_page_bytes < 2^64. */
	part = (r * struct_page_bytes + page_size - 1) / page_size;
	if (whole > UINT64_MAX - part)
		return UINT64_MAX;
	return whole + part;
}

enum witness {
	W_NO = MHP_ALTMAP_NO,
	W_YES = MHP_ALTMAP_YES,
	W_ABSTAIN,
};

/* Half of n, rounded up: at least this many pages count as "there". */
static uint64_t half_up(uint64_t n)
{
	return n - n / 2;
}

static enum witness zoneinfo_witness(const struct mhp_memmap_obs *o,
				     uint64_t expected, char *buf, size_t len)
{
	enum witness w;

	if (o->present_minus_managed < 0) {
		snprintf(buf, len, "zoneinfo n/a");
		return W_ABSTAIN;
	}
	w = (uint64_t)o->present_minus_managed >= half_up(expected) ?
	    W_YES : W_NO;
	snprintf(buf, len, "zoneinfo %s (%" PRId64 " of %" PRIu64 ")",
		 w == W_YES ? "yes" : "no", o->present_minus_managed,
		 expected);
	return w;
}

static enum witness kpageflags_witness(const struct mhp_memmap_obs *o,
				       uint64_t expected, char *buf,
				       size_t len)
{
	enum witness w;

	if (o->kpf_self_hosted < 0) {
		snprintf(buf, len, "kpageflags n/a");
		return W_ABSTAIN;
	}
	w = (uint64_t)o->kpf_self_hosted >= half_up(expected) ? W_YES : W_NO;
	snprintf(buf, len, "kpageflags %s (%" PRId64 ")",
		 w == W_YES ? "yes" : "no", o->kpf_self_hosted);
	return w;
}

/*
 * With the altmap, adding memory costs MemFree next to nothing; without
 * it, the whole memmap comes out of MemFree. Half of it is the line.
 */
static enum witness memfree_witness(const struct mhp_memmap_obs *o,
				    uint64_t expected, char *buf, size_t len)
{
	uint64_t memmap_kb, half_kb;
	enum witness w;

	if (o->memfree_drop_kb < 0) {
		snprintf(buf, len, "memfree n/a");
		return W_ABSTAIN;
	}
	if (expected > UINT64_MAX / o->page_size)
		memmap_kb = UINT64_MAX / 1024;
	else
		memmap_kb = expected * o->page_size / 1024;
	half_kb = memmap_kb / 2;
	if (half_kb < MHP_MEMFREE_RESOLUTION_KB) {
		snprintf(buf, len, "memfree n/a (memmap %" PRIu64
			 " kB, below what MemFree resolves)", memmap_kb);
		return W_ABSTAIN;
	}
	w = (uint64_t)o->memfree_drop_kb < half_kb ? W_YES : W_NO;
	snprintf(buf, len, "memfree %s (drop %" PRId64 " kB %s %" PRIu64
		 " kB)", w == W_YES ? "yes" : "no", o->memfree_drop_kb,
		 w == W_YES ? "<" : ">=", half_kb);
	return w;
}

static void set_reason(char *reason, unsigned long len, const char *s)
{
	if (reason && len)
		snprintf(reason, len, "%s", s);
}

enum mhp_verdict mhp_memmap_verdict(const struct mhp_memmap_obs *o,
				    char *reason, unsigned long len)
{
	char zw[64], kw[64], mw[80], all[256];
	enum witness w[3];
	uint64_t expected;
	int i, yes = 0, no = 0;

	if (!o || !o->page_size) {
		set_reason(reason, len, "no page size");
		return MHP_ALTMAP_INCONSISTENT;
	}
	expected = mhp_memmap_pages(o->size, o->page_size,
				    o->struct_page_bytes);
	/* Nothing to look for: every witness would say yes. */
	if (!expected) {
		set_reason(reason, len, "no memmap expected (0 pages)");
		return MHP_ALTMAP_INCONSISTENT;
	}
	w[0] = zoneinfo_witness(o, expected, zw, sizeof(zw));
	w[1] = kpageflags_witness(o, expected, kw, sizeof(kw));
	w[2] = memfree_witness(o, expected, mw, sizeof(mw));
	for (i = 0; i < 3; i++) {
		yes += w[i] == W_YES;
		no += w[i] == W_NO;
	}
	if (!yes && !no) {
		set_reason(reason, len, "no witness");
		return MHP_ALTMAP_INCONSISTENT;
	}
	snprintf(all, sizeof(all), "%s, %s, %s%s", zw, kw, mw,
		 yes && no ? ": witnesses disagree" : "");
	set_reason(reason, len, all);
	if (yes && no)
		return MHP_ALTMAP_INCONSISTENT;
	return yes ? MHP_ALTMAP_YES : MHP_ALTMAP_NO;
}

int64_t mhp_memmap_reserved_pages(int64_t memmap_pages, int64_t blocks,
				  int64_t pageblock_pages)
{
	int64_t per_block;

	if (memmap_pages <= 0 || blocks <= 0)
		return memmap_pages > 0 ? memmap_pages : 0;
	per_block = (memmap_pages + blocks - 1) / blocks;
	if (pageblock_pages > 0)
		per_block = (per_block + pageblock_pages - 1) / pageblock_pages *
			    pageblock_pages;
	return per_block * blocks;
}

int mhp_memmap_counter_check(const struct mhp_counter_obs *o, char *why,
			     unsigned long len)
{
	int64_t reserved;

	if (!o || o->vmstat_pages < 0) {
		set_reason(why, len, "no memmap counter");
		return -1;
	}
	if (o->meminfo_pages >= 0 && o->meminfo_pages != o->vmstat_pages) {
		if (why && len)
			snprintf(why, len, "nr_memmap_on_memory %" PRId64
				 " pages but MemmapOnMemory %" PRId64 " pages",
				 o->vmstat_pages, o->meminfo_pages);
		return 0;
	}
	if (o->present_minus_managed < 0) {
		set_reason(why, len, "no zoneinfo to check the counter against");
		return -1;
	}
	reserved = mhp_memmap_reserved_pages(o->vmstat_pages, o->blocks,
					     o->pageblock_pages);
	if (reserved != o->present_minus_managed) {
		if (why && len)
			snprintf(why, len, "memmap counter %" PRId64
				 " pages (%" PRId64 " reserved) but zoneinfo %"
				 PRId64, o->vmstat_pages, reserved,
				 o->present_minus_managed);
		return 0;
	}
	if (why && len)
		snprintf(why, len, "memmap counter %" PRId64 " pages, %" PRId64
			 " reserved, as zoneinfo", o->vmstat_pages, reserved);
	return 1;
}
