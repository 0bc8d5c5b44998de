/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memmap arithmetic: pages of memmap for a range, and the pages its
 * altmap reserves (the truth check itself is verdict.h).
 */
#ifndef MHP_MEMMAP_H
#define MHP_MEMMAP_H

#include <stdint.h>

/* Pages of memmap for size bytes: size/PAGE_SIZE * sizeof(struct page)
 * / PAGE_SIZE, rounded up to whole pages.
 */
uint64_t mhp_memmap_pages(uint64_t size, unsigned int page_size,
			  unsigned int struct_page_bytes);

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

#endif
