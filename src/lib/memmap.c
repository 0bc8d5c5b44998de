// SPDX-License-Identifier: GPL-2.0
/*
 * How many pages of memmap a hot-added range needs, and how many its
 * altmap reserves at the start of each memory block.
 */

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
