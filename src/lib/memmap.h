/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memmap arithmetic, and the truth check: was the memmap of a sample
 * really placed on the hot-added memory?
 */
#ifndef MHP_MEMMAP_H
#define MHP_MEMMAP_H

#include <stdint.h>

/* Pages of memmap for size bytes: size/PAGE_SIZE * sizeof(struct page)
 * / PAGE_SIZE, rounded up to whole pages.
 */
uint64_t mhp_memmap_pages(uint64_t size, unsigned int page_size,
			  unsigned int struct_page_bytes);

/* What one sample measured, for the verdict. */
struct mhp_memmap_obs {
	uint64_t size;			/* bytes hot-added */
	unsigned int page_size;
	unsigned int struct_page_bytes;
	int64_t present_minus_managed;	/* target node, after online */
	int64_t kpf_self_hosted;	/* RESERVED|OWNER_PRIVATE leading PFNs */
	int64_t memfree_drop_kb;	/* MemFree before add - after add */
};

enum mhp_verdict {
	MHP_ALTMAP_NO = 0,
	MHP_ALTMAP_YES = 1,
	MHP_ALTMAP_INCONSISTENT = 2,	/* the three witnesses disagree */
};

/*
 * Three witnesses, each yes or no:
 *  - zoneinfo: present - managed on the target node equals the expected
 *    memmap pages (yes) or is zero (no);
 *  - kpageflags: the hot-added blocks start with that many self-hosted
 *    pages (yes) or none (no);
 *  - MemFree at add: dropped by less than half the memmap (yes: the
 *    memmap did not come from existing memory) or by more (no). It
 *    abstains when half the memmap is under MHP_MEMFREE_RESOLUTION_KB.
 * The verdict is theirs when all agree, else inconsistent; why is
 * written to reason.
 */
/*
 * What MemFree can tell apart. Adding and onlining memory allocates
 * more than the memmap from existing memory (memory block devices, the
 * new node's per-node slab and memcg structures, page tables), and with
 * 64K pages every such allocation is 64 kB: measured on ppc64le pseries,
 * 256 MiB hot-adds spread by 800 kB from one boot to the next. A memmap
 * under 2 MiB (256 MiB of 64K pages: 256 kB) is below that noise, and
 * the MemFree witness then abstains; at 2 MiB and more (128 MiB of 4K
 * pages, 2 GiB of 64K pages) it votes.
 */
#define MHP_MEMFREE_RESOLUTION_KB 1024

enum mhp_verdict mhp_memmap_verdict(const struct mhp_memmap_obs *o,
				    char *reason, unsigned long len);

/*
 * Pages a hot-add of blocks memory blocks sets aside on the memory for
 * memmap_pages pages of memmap in all: each block reserves its share at
 * its start, rounded up to whole pageblocks (onlining starts on a
 * pageblock boundary). 512 per 128 MiB block with 4K pages; 32 (4 of
 * memmap) per 256 MiB block with 64K pages and 2 MiB pageblocks. A
 * pageblock_pages of 0 or less means no rounding.
 */
int64_t mhp_memmap_reserved_pages(int64_t memmap_pages, int64_t blocks,
				  int64_t pageblock_pages);

/*
 * What a kernel with the mhpbench memmap accounting reports, for the
 * cross-check against zoneinfo; in pages, -1 when not measured.
 */
struct mhp_counter_obs {
	int64_t blocks;
	int64_t pageblock_pages;
	int64_t vmstat_pages;	/* nr_memmap_on_memory: after online - before */
	int64_t meminfo_pages;	/* MemmapOnMemory, the same difference */
	int64_t present_minus_managed;	/* zoneinfo, target node */
};

/*
 * 1 when the counters agree with each other and, once rounded up to the
 * reservation, with zoneinfo; 0 when they do not (why says how); -1 when
 * there is no counter to check (a kernel without the accounting).
 */
int mhp_memmap_counter_check(const struct mhp_counter_obs *o, char *why,
			     unsigned long len);

#endif
