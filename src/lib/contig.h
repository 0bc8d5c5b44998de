/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contig scenario's theory, shared by host and guest: how many
 * naturally aligned units of a size (a huge page, a gigantic page, a
 * MAX_ORDER block, a direct-map entry) a hot-added range can give when
 * each memory block may start with pages its altmap keeps; and the
 * names of /proc/kpageflags bits, for saying what blocked a unit.
 */
#ifndef MHP_CONTIG_H
#define MHP_CONTIG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Aligned units of unit_pages pages wholly inside [start, start + pages)
 * (PFNs) that hold none of the reserved_pages pages each memory block of
 * block_pages pages keeps at its start (0: none).
 */
int64_t mhp_contig_units(uint64_t start, uint64_t pages, uint64_t block_pages,
			 uint64_t reserved_pages, uint64_t unit_pages);

/*
 * What the direct map of a hot-add of pages PFNs at start gains per
 * entry size: the kernel maps each add range with the largest aligned
 * entries it may use (x86_64's split_mem_range()). add_pages is the
 * range of one arch_add_memory() call: the whole DIMM, or one memory
 * block when every block gets its own altmap. levels holds the entry
 * sizes in pages, largest first (0 ends); gain[i] the pages mapped by
 * levels[i].
 */
void mhp_contig_directmap(uint64_t start, uint64_t pages, uint64_t add_pages,
			  const uint64_t *levels, uint64_t *gain);

/* "RESERVED|OWNER_PRIVATE" for a kpageflags word ("none" for 0). */
void mhp_kpf_format(uint64_t flags, char *buf, size_t len);

#endif
