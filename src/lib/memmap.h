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
 *    memmap did not come from existing memory) or by more (no).
 * The verdict is theirs when all agree, else inconsistent; why is
 * written to reason.
 */
enum mhp_verdict mhp_memmap_verdict(const struct mhp_memmap_obs *o,
				    char *reason, unsigned long len);

#endif
