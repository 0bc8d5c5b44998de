/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What /proc/kpageflags says of a page (the bits of
 * include/uapi/linux/kernel-page-flags.h the suite reads).
 */
#ifndef MHP_KPF_H
#define MHP_KPF_H

#include <stdbool.h>
#include <stdint.h>

#define MHP_KPF_LRU		(1ULL << 5)
#define MHP_KPF_SLAB		(1ULL << 7)
#define MHP_KPF_BUDDY		(1ULL << 10)
#define MHP_KPF_MMAP		(1ULL << 11)
#define MHP_KPF_ANON		(1ULL << 12)
#define MHP_KPF_COMPOUND_HEAD	(1ULL << 15)
#define MHP_KPF_COMPOUND_TAIL	(1ULL << 16)
#define MHP_KPF_HUGE		(1ULL << 17)
#define MHP_KPF_OFFLINE		(1ULL << 23)
#define MHP_KPF_PGTABLE		(1ULL << 26)
#define MHP_KPF_RESERVED	(1ULL << 32)
#define MHP_KPF_OWNER_PRIVATE	(1ULL << 37)

/*
 * Whether a page of a hot-added range holds its own memmap:
 * mhp_init_memmap_on_memory() sets PG_vmemmap_self_hosted
 * (PG_owner_priv_1, OWNER_PRIVATE). Up to 6.11 the page stays
 * PageReserved, as every hot-added page starts; from 6.12 hot-added
 * pages start PageOffline instead, which it clears, so the page is
 * OWNER_PRIVATE and in no use: not free, on no LRU, no slab, no
 * mapping, no page table. Another owner of the bit (PG_checked,
 * PG_swapcache) marks a page in use.
 */
bool mhp_kpf_self_hosted(uint64_t flags);

#endif
