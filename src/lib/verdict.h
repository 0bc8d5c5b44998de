/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The truth check every scenario shares: was the memmap of the hot-added
 * memory placed on that memory (vmem_altmap) or taken from memory already
 * online? Four witnesses count pages, each against theory, exactly.
 */
#ifndef MHP_VERDICT_H
#define MHP_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

/* A value that was not measured. */
#define MHP_UNMEASURED INT64_MIN

enum mhp_witness {
	MHP_W_ZONEINFO,		/* present - managed of the DIMM's node */
	MHP_W_KPAGEFLAGS,	/* leading self-hosted PFNs of each block */
	MHP_W_COUNTER,		/* nr_memmap_on_memory (altmap kernels) */
	MHP_W_MEMFREE,		/* free memory taken by the add */
	MHP_W_COUNT,
};

enum mhp_vote {
	MHP_VOTE_ABSTAIN,	/* missing input: not a vote */
	MHP_VOTE_NO,		/* exactly what the stock placement gives */
	MHP_VOTE_YES,		/* exactly what the altmap gives */
	MHP_VOTE_PARTIAL,	/* some blocks self-hosted, others not */
	MHP_VOTE_INEXACT,	/* neither: a count theory does not explain */
};

enum mhp_placement {
	MHP_PLACED_NO,		/* memmap from existing memory */
	MHP_PLACED_YES,		/* memmap on the hot-added memory */
	MHP_PLACED_INVALID,	/* no verdict: the reason says why */
};

struct mhp_vd_block {
	long id;
	int node;		/* the block's node (sysfs); -1: not read */
	int64_t kpf;		/* leading self-hosted pages, or unmeasured */
	bool online;		/* zoneinfo and kpageflags see online blocks */
};

/* What a sample measured; MHP_UNMEASURED (or NULL) where it did not. */
struct mhp_vd_in {
	int64_t page_size;
	int64_t block_size;
	int64_t struct_page_bytes;
	int64_t pageblock_pages;
	int dimm_node;		/* the node the DIMM was given; -1: unknown */
	const struct mhp_vd_block *blk;	/* the blocks that were added */
	int nblk;
	int64_t zone_pm;	/* growth of present - managed, DIMM's node */
	int64_t counter_pages;	/* growth of nr_memmap_on_memory */
	int64_t counter_meminfo_pages;	/* growth of MemmapOnMemory */
	int64_t memfree_drop_kb;	/* free memory the add took */
	const char *memfree_why;	/* set: why MemFree cannot vote */
};

struct mhp_vd_out {
	enum mhp_placement placement;
	enum mhp_vote vote[MHP_W_COUNT];
	int64_t used_per_block;		/* pages of memmap, theory */
	int64_t reserved_per_block;	/* rounded up to whole pageblocks */
	int blocks_online;
	char reason[240];
};

/* "zoneinfo", "kpageflags", "counter", "memfree". */
const char *mhp_witness_name(enum mhp_witness w);

/*
 * What free-memory counts tell apart, by page size: allocations other
 * than the memmap (memory block devices, the node's per-node structures,
 * page tables) come and go during an add, in base pages. Measured: with
 * 4K pages a 2048 kB memmap dropped MemFree by 1536 to 2560 kB (x86_64,
 * arm64); with 64K pages 256 MiB adds spread by 800 kB between boots
 * (pseries). 512 kB with pages up to 16K, 1024 kB above; and 8 kB more
 * per block added, for what each block brings besides its memmap (its
 * struct memory_block, sysfs directory and attributes): measured 5.5 kB
 * a block over the memmap, plus 140 kB, for 128 blocks added and onlined
 * one after another (x86_64, virtio-mem, 16 GiB).
 */
#define MHP_MEMFREE_PER_BLOCK_KB 8
int64_t mhp_memfree_resolution_kb(int64_t page_size, int64_t nblocks);

/*
 * The verdict. Theory: per block, block_size / page_size *
 * struct_page_bytes / page_size pages of memmap (rounded up to pages),
 * reserved as whole pageblocks. Each witness votes yes only for exactly
 * the altmap's count, no only for exactly none (MemFree: within its
 * resolution of the memmap and of nothing), partial for whole blocks'
 * worth in between; anything else is inexact. Invalid: a block on
 * another node than the DIMM's ("wrong node"), a partial vote
 * ("partial"), fewer than two votes ("not enough witnesses"), votes that
 * differ or are inexact ("witnesses disagree").
 */
void mhp_verdict(const struct mhp_vd_in *in, struct mhp_vd_out *out);

#endif
