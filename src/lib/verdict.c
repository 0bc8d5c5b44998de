// SPDX-License-Identifier: GPL-2.0
/*
 * The truth check: four witnesses, each counting pages against theory,
 * exactly. A witness without its input abstains and is not a vote.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "memmap.h"
#include "verdict.h"

#define WBUF 96
/* The page size the stock kernels map the vmemmap with, where they can. */
#define MHP_VMEMMAP_MAP_BYTES ((int64_t)2 << 20)

static const char *const names[MHP_W_COUNT] = {
	[MHP_W_ZONEINFO] = "zoneinfo",
	[MHP_W_KPAGEFLAGS] = "kpageflags",
	[MHP_W_COUNTER] = "counter",
	[MHP_W_MEMFREE] = "memfree",
};

const char *mhp_witness_name(enum mhp_witness w)
{
	return w < MHP_W_COUNT ? names[w] : "?";
}

int64_t mhp_memfree_resolution_kb(int64_t page_size, int64_t nblocks)
{
	return (page_size > 16384 ? 1024 : 512) +
	       MHP_MEMFREE_PER_BLOCK_KB * (nblocks > 0 ? nblocks : 0);
}

static bool have(int64_t v)
{
	return v != MHP_UNMEASURED;
}

/*
 * A count against n blocks of per pages each: all of them (yes), none
 * (no), whole blocks' worth in between (partial), else inexact.
 */
static enum mhp_vote count_vote(int64_t got, int64_t per, int64_t n)
{
	if (got == per * n)
		return MHP_VOTE_YES;
	if (got == 0)
		return MHP_VOTE_NO;
	if (got > 0 && got % per == 0 && got / per < n)
		return MHP_VOTE_PARTIAL;
	return MHP_VOTE_INEXACT;
}

static const char *vote_word(enum mhp_vote v)
{
	static const char *const w[] = {
		[MHP_VOTE_ABSTAIN] = "n/a", [MHP_VOTE_NO] = "no",
		[MHP_VOTE_YES] = "yes", [MHP_VOTE_PARTIAL] = "partial",
		[MHP_VOTE_INEXACT] = "inexact",
	};

	return w[v];
}

/* A witness that counts pages: its vote, and its report in buf. */
static enum mhp_vote count_witness(const char *name, int64_t got,
				   int64_t per, int64_t n, char *buf)
{
	enum mhp_vote v = count_vote(got, per, n);

	snprintf(buf, WBUF, "%s %s (%" PRId64 " of %" PRId64 ")", name,
		 vote_word(v), got, per * n);
	return v;
}

static enum mhp_vote zoneinfo_vote(const struct mhp_vd_in *in,
				   const struct mhp_vd_out *o, char *buf)
{
	if (!have(in->zone_pm)) {
		snprintf(buf, WBUF, "zoneinfo n/a (node not read)");
		return MHP_VOTE_ABSTAIN;
	}
	if (!have(o->reserved_per_block)) {
		snprintf(buf, WBUF, "zoneinfo n/a (no pageblock size)");
		return MHP_VOTE_ABSTAIN;
	}
	if (!o->blocks_online) {
		snprintf(buf, WBUF, "zoneinfo n/a (no block online)");
		return MHP_VOTE_ABSTAIN;
	}
	return count_witness("zoneinfo", in->zone_pm, o->reserved_per_block,
			     o->blocks_online, buf);
}

static enum mhp_vote kpageflags_vote(const struct mhp_vd_in *in,
				     const struct mhp_vd_out *o, char *buf)
{
	int64_t r = o->reserved_per_block;
	long odd = -1;
	int i, n = 0, self = 0, none = 0;
	int64_t oddv = 0;
	enum mhp_vote v;

	if (!have(r)) {
		snprintf(buf, WBUF, "kpageflags n/a (no pageblock size)");
		return MHP_VOTE_ABSTAIN;
	}
	for (i = 0; i < in->nblk; i++) {
		const struct mhp_vd_block *b = &in->blk[i];

		if (!b->online || !have(b->kpf))
			continue;
		n++;
		if (b->kpf == r) {
			self++;
		} else if (b->kpf == 0) {
			none++;
		} else if (odd < 0) {
			odd = b->id;
			oddv = b->kpf;
		}
	}
	if (!n) {
		snprintf(buf, WBUF, "kpageflags n/a (not read)");
		return MHP_VOTE_ABSTAIN;
	}
	if (odd >= 0) {
		snprintf(buf, WBUF, "kpageflags inexact (%" PRId64
			 " on block %ld, of %" PRId64 ")", oddv, odd, r);
		return MHP_VOTE_INEXACT;
	}
	v = self == n ? MHP_VOTE_YES : none == n ? MHP_VOTE_NO :
	    MHP_VOTE_PARTIAL;
	snprintf(buf, WBUF, "kpageflags %s (%d of %d blocks self-hosted)",
		 vote_word(v), self, n);
	return v;
}

static enum mhp_vote counter_vote(const struct mhp_vd_in *in,
				  const struct mhp_vd_out *o, char *buf)
{
	if (!have(in->counter_pages)) {
		snprintf(buf, WBUF, "counter n/a (none in this kernel)");
		return MHP_VOTE_ABSTAIN;
	}
	if (have(in->counter_meminfo_pages) &&
	    in->counter_meminfo_pages != in->counter_pages) {
		snprintf(buf, WBUF, "counter inexact (vmstat %" PRId64
			 ", meminfo %" PRId64 ")", in->counter_pages,
			 in->counter_meminfo_pages);
		return MHP_VOTE_INEXACT;
	}
	return count_witness("counter", in->counter_pages, o->used_per_block,
			     in->nblk, buf);
}

static enum mhp_vote memfree_vote(const struct mhp_vd_in *in,
				  const struct mhp_vd_out *o, char *buf)
{
	int64_t res = mhp_memfree_resolution_kb(in->page_size, in->nblk);
	int64_t memmap_kb = o->used_per_block * in->nblk *
			    (in->page_size / 1024);
	int64_t d = in->memfree_drop_kb;
	int64_t mapped = MHP_VMEMMAP_MAP_BYTES / in->struct_page_bytes *
			 in->page_size;

	if (in->memfree_why) {
		snprintf(buf, WBUF, "memfree n/a (%s)", in->memfree_why);
		return MHP_VOTE_ABSTAIN;
	}
	if (!have(d)) {
		snprintf(buf, WBUF, "memfree n/a (not read)");
		return MHP_VOTE_ABSTAIN;
	}
	/*
	 * Without the altmap the kernels map the vmemmap with 2 MiB pages
	 * where they can: when one describes more than a block (64K pages:
	 * 2 GiB), a block's memmap comes 0 or 2 MiB at a time.
	 */
	if (mapped > in->block_size) {
		snprintf(buf, WBUF, "memfree n/a (a 2 MiB vmemmap page maps %"
			 PRId64 " MiB)", mapped >> 20);
		return MHP_VOTE_ABSTAIN;
	}
	/* Both answers within its resolution: it cannot tell them apart. */
	if (memmap_kb <= 2 * res) {
		snprintf(buf, WBUF, "memfree n/a (memmap %" PRId64
			 " kB, resolution %" PRId64 " kB)", memmap_kb, res);
		return MHP_VOTE_ABSTAIN;
	}
	if (d >= -res && d <= res) {
		snprintf(buf, WBUF, "memfree yes (drop %" PRId64 " kB, 0 +- %"
			 PRId64 ")", d, res);
		return MHP_VOTE_YES;
	}
	if (d >= memmap_kb - res && d <= memmap_kb + res) {
		snprintf(buf, WBUF, "memfree no (drop %" PRId64 " kB, %" PRId64
			 " +- %" PRId64 ")", d, memmap_kb, res);
		return MHP_VOTE_NO;
	}
	snprintf(buf, WBUF, "memfree inexact (drop %" PRId64 " kB, 0 or %"
		 PRId64 " +- %" PRId64 ")", d, memmap_kb, res);
	return MHP_VOTE_INEXACT;
}

static void theory(const struct mhp_vd_in *in, struct mhp_vd_out *o)
{
	int64_t pb = in->pageblock_pages;
	int i;

	o->used_per_block = MHP_UNMEASURED;
	o->reserved_per_block = MHP_UNMEASURED;
	o->blocks_online = 0;
	for (i = 0; i < in->nblk; i++)
		o->blocks_online += in->blk[i].online;
	if (!have(in->page_size) || in->page_size < 1024 ||
	    !have(in->block_size) || in->block_size <= 0 ||
	    !have(in->struct_page_bytes) || in->struct_page_bytes <= 0)
		return;
	o->used_per_block = mhp_memmap_pages(in->block_size, in->page_size,
					     in->struct_page_bytes);
	if (have(pb) && pb > 0)
		o->reserved_per_block = mhp_memmap_reserved_pages(o->used_per_block,
								  1, pb);
}

static void join(char *dst, size_t len, const char *prefix,
		 char w[MHP_W_COUNT][WBUF])
{
	snprintf(dst, len, "%s%s, %s, %s, %s", prefix, w[0], w[1], w[2], w[3]);
}

/* A block on another node than the DIMM's: its id, or -1. */
static int wrong_node(const struct mhp_vd_in *in)
{
	int i;

	for (i = 0; in->dimm_node >= 0 && i < in->nblk; i++)
		if (in->blk[i].node >= 0 && in->blk[i].node != in->dimm_node)
			return i;
	return -1;
}

void mhp_verdict(const struct mhp_vd_in *in, struct mhp_vd_out *o)
{
	char w[MHP_W_COUNT][WBUF];
	int i, votes = 0, n[MHP_VOTE_INEXACT + 1] = { 0 };
	const char *prefix = "";

	memset(o, 0, sizeof(*o));
	o->placement = MHP_PLACED_INVALID;
	theory(in, o);
	if (!in->nblk) {
		snprintf(o->reason, sizeof(o->reason),
			 "not enough witnesses: no block was added");
		return;
	}
	if (!have(o->used_per_block) || o->used_per_block <= 0) {
		snprintf(o->reason, sizeof(o->reason),
			 "not enough witnesses: no theory (page size %s)",
			 have(in->page_size) ? "odd" : "not read");
		return;
	}
	i = wrong_node(in);
	if (i >= 0) {
		snprintf(o->reason, sizeof(o->reason),
			 "wrong node: block %ld on node %d, the DIMM on node %d",
			 in->blk[i].id, in->blk[i].node, in->dimm_node);
		return;
	}
	o->vote[MHP_W_ZONEINFO] = zoneinfo_vote(in, o, w[MHP_W_ZONEINFO]);
	o->vote[MHP_W_KPAGEFLAGS] = kpageflags_vote(in, o, w[MHP_W_KPAGEFLAGS]);
	o->vote[MHP_W_COUNTER] = counter_vote(in, o, w[MHP_W_COUNTER]);
	o->vote[MHP_W_MEMFREE] = memfree_vote(in, o, w[MHP_W_MEMFREE]);
	for (i = 0; i < MHP_W_COUNT; i++) {
		n[o->vote[i]]++;
		votes += o->vote[i] != MHP_VOTE_ABSTAIN;
	}
	if (n[MHP_VOTE_PARTIAL])
		prefix = "partial: ";
	else if (votes < 2)
		prefix = "not enough witnesses: ";
	else if (n[MHP_VOTE_INEXACT] || (n[MHP_VOTE_YES] && n[MHP_VOTE_NO]))
		prefix = "witnesses disagree: ";
	else
		o->placement = n[MHP_VOTE_YES] ? MHP_PLACED_YES : MHP_PLACED_NO;
	join(o->reason, sizeof(o->reason), prefix, w);
}
