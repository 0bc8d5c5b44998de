// SPDX-License-Identifier: GPL-2.0
/*
 * The truth check of a sample, from its rows: the same for every
 * scenario (hotadd, oom, numa, native). Values that were not measured
 * stay out of the verdict's input and out of samples.csv.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "altmap_rule.h"
#include "scenario_util.h"
#include "scenario_verdict.h"
#include "vmstat.h"

#define MAX_VD_BLOCKS 4096

/* A whole-sample row as an integer, or MHP_UNMEASURED. */
static int64_t row(const struct mhp_sample *s, const char *metric)
{
	double v;

	return mhp_sample_get(s, metric, &v) ? (int64_t)llround(v) :
	       MHP_UNMEASURED;
}

static bool have(int64_t v)
{
	return v != MHP_UNMEASURED;
}

/* after - before of two rows, or MHP_UNMEASURED. */
static int64_t growth(const struct mhp_sample *s, const char *after,
		      const char *before)
{
	int64_t a = row(s, after), b = row(s, before);

	return have(a) && have(b) ? a - b : MHP_UNMEASURED;
}

void mhp_scn_invalid(struct mhp_sample *s, const char *reason)
{
	if (s->outcome != MHP_OK)
		return;
	s->outcome = MHP_INVALID;
	snprintf(s->reason, sizeof(s->reason), "%s", reason);
}

/* The blocks the guest reported (block_online rows), with their data. */
static int take_blocks(const struct mhp_sample *s, struct mhp_vd_block *b)
{
	int i, n = 0;
	double v;

	for (i = 0; i < s->nrows && n < MAX_VD_BLOCKS; i++) {
		const struct mhp_row *r = &s->rows[i];

		if (r->block < 0 || strcmp(r->metric, "block_online"))
			continue;
		b[n] = (struct mhp_vd_block){ .id = r->block, .node = -1,
			.kpf = MHP_UNMEASURED, .online = r->value == 1 };
		if (mhp_scn_block_get(s, r->block, "block_node", &v) && v >= 0)
			b[n].node = v;
		if (mhp_scn_block_get(s, r->block, "memmap_pages_kpf", &v) &&
		    v >= 0)
			b[n].kpf = v;
		n++;
	}
	return n;
}

static void add_if(struct mhp_sample *s, const char *metric, int64_t v,
		   const char *unit)
{
	if (have(v))
		mhp_sample_add(s, -1, metric, v, unit);
}

static void verdict_rows(struct mhp_sample *s, const struct mhp_vd_in *in,
			 const struct mhp_vd_out *o)
{
	int64_t kpf = 0;
	char name[48];
	int i, nk = 0;

	if (have(o->used_per_block))
		mhp_sample_add(s, -1, "memmap_pages_expected",
			       o->used_per_block * in->nblk, "pages");
	if (have(o->reserved_per_block))
		mhp_sample_add(s, -1, "memmap_pages_reserved_expected",
			       o->reserved_per_block * in->nblk, "pages");
	add_if(s, "memmap_pages_on_hotadded", in->zone_pm, "pages");
	for (i = 0; i < in->nblk; i++) {
		if (!in->blk[i].online || !have(in->blk[i].kpf))
			continue;
		kpf += in->blk[i].kpf;
		nk++;
	}
	if (nk)
		mhp_sample_add(s, -1, "memmap_pages_on_hotadded_kpf", kpf,
			       "pages");
	add_if(s, "memmap_pages_counter", in->counter_pages, "pages");
	for (i = 0; i < MHP_W_COUNT; i++) {
		if (o->vote[i] != MHP_VOTE_YES && o->vote[i] != MHP_VOTE_NO)
			continue;
		snprintf(name, sizeof(name), "witness_%s", mhp_witness_name(i));
		mhp_sample_add(s, -1, name, o->vote[i] == MHP_VOTE_YES, "bool");
	}
	if (o->placement == MHP_PLACED_INVALID)
		return;
	mhp_sample_add(s, -1, "altmap_in_effect",
		       o->placement == MHP_PLACED_YES, "bool");
	if (o->placement == MHP_PLACED_YES)
		mhp_sample_add(s, -1, "memmap_pages_wasted",
			       (o->reserved_per_block - o->used_per_block) *
			       o->blocks_online, "pages");
}

/*
 * Upstream's nr_memmap_pages (6.11+) counts the memmap of every
 * hot-added section wherever it was put: it witnesses the memmap's
 * size, never its place, so it is no placement vote (its row is
 * memmap_pages_upstream_agrees, not a witness_* one). A count that
 * differs from theory makes the sample invalid.
 *
 * 6.12: sparse_add_section() populates each section's memmap with
 * populate_section_memmap() (mm/sparse-vmemmap.c), which adds
 * section_nr_vmemmap_pages() = DIV_ROUND_UP(nr_pages * sizeof(struct
 * page), PAGE_SIZE) to nr_memmap_pages (memmap_pages_add(); the boot
 * memmap goes to nr_memmap_boot_pages instead), with or without an
 * altmap: neither the altmap's reserve (altmap->free) nor the pages the
 * altmap handed out are counted, the section's share rounded up is.
 * (vmemmap_can_optimize() needs a dev_pagemap: never for hot-added RAM.)
 * So the count is the same with memmap_on_memory=0, 1 and force:
 * x86_64 and arm64, 128 MiB sections, 4K pages: 32768 * 64 B / 4096 =
 * 512 pages a section, 512 per 128 MiB block; powerpc, 16 MiB sections,
 * 64K pages: 256 * 64 B = 16 KiB, rounded up to 1 page a section, 16 per
 * 256 MiB LMB, where the memmap itself is 4 pages (=force reserves 32:
 * neither number is the counter's).
 */
static void upstream_check(struct mhp_sample *s, const struct mhp_vd_in *in)
{
	int64_t got = row(s, "memmap_pages_upstream");
	int64_t sec = row(s, "section_size_bytes"), want;
	char buf[sizeof(s->reason)];

	if (!have(got) || !have(sec) || !have(in->page_size) ||
	    !have(in->struct_page_bytes) || sec <= 0)
		return;
	want = mhp_upstream_memmap_expected(s->size, in->page_size,
					    in->struct_page_bytes, sec);
	if (want < 0)
		return;
	mhp_sample_add(s, -1, "memmap_pages_upstream_expected", want, "pages");
	mhp_sample_add(s, -1, "memmap_pages_upstream_agrees", got == want,
		       "bool");
	if (got == want)
		return;
	snprintf(buf, sizeof(buf),
		 "witnesses disagree: upstream nr_memmap_pages counted %lld, theory %lld (size of the memmap)",
		 (long long)got, (long long)want);
	mhp_scn_invalid(s, buf);
}

bool mhp_scn_altmap_expected(const struct mhp_sample *s,
			     struct mhp_rule_out *r)
{
	const struct mhp_kernel *k = s->kernel;
	int64_t page = row(s, "page_size_bytes");
	int64_t block = row(s, "block_size_bytes");
	int64_t bp = row(s, "block_pages");
	struct mhp_rule_in in = {
		.mode = k->mom_mode,
		.page_size = page,
		.pageblock_pages = row(s, "pageblock_pages"),
		.struct_page_bytes = mhp_sample_struct_page(s),
		.hooks = &k->altmap_hooks,
	};

	memset(r, 0, sizeof(*r));
	if (k->altmap_expect != MHP_EXPECT_RULE) {
		r->decided = true;
		r->altmap = k->expect_altmap;
		return r->altmap;
	}
	/* The contig guest says block_pages, the others block_size_bytes. */
	in.block_size = have(block) ? block :
			have(bp) && have(page) ? bp * page : MHP_UNMEASURED;
	mhp_altmap_rule(&in, r);
	return r->altmap;
}

const char *mhp_scn_memmap_never(const struct mhp_sample *s)
{
	const struct mhp_hotplug *hp = s->hotplug ?
				       mhp_hotplug_find(s->hotplug) : NULL;

	return hp ? hp->no_memmap_on_memory : NULL;
}

enum mhp_placement mhp_scn_verdict(struct mhp_sample *s, int64_t drop_kb,
				   const char *drop_why, char *why,
				   size_t len)
{
	static struct mhp_vd_block blk[MAX_VD_BLOCKS];
	struct mhp_vd_in in = {
		.page_size = row(s, "page_size_bytes"),
		.block_size = row(s, "block_size_bytes"),
		.struct_page_bytes = mhp_sample_struct_page(s) ?:
				     MHP_UNMEASURED,
		.pageblock_pages = row(s, "pageblock_pages"),
		.dimm_node = -1,
		.blk = blk,
		.memfree_drop_kb = drop_kb,
		.memfree_why = drop_why,
	};
	int64_t pm = growth(s, "node_present_pages", "node_managed_pages");
	int64_t pm0 = growth(s, "node_present_before_pages",
			     "node_managed_before_pages");
	int64_t kb = growth(s, "meminfo_memmap_after_online_kb",
			    "meminfo_memmap_before_kb");
	const char *never = mhp_scn_memmap_never(s);
	bool rule = s->kernel->altmap_expect == MHP_EXPECT_RULE;
	struct mhp_rule_out ru;
	bool expect = mhp_scn_altmap_expected(s, &ru);
	struct mhp_vd_out o;
	char buf[sizeof(s->reason)];

	if (have(row(s, "dimm_node")))
		in.dimm_node = row(s, "dimm_node");
	in.nblk = take_blocks(s, blk);
	/*
	 * present - managed: its growth over the add. A node that zoneinfo
	 * did not list before the add (node_listed_before 0) had no memory:
	 * zoneinfo lists every node with memory.
	 */
	if (!have(pm0) && row(s, "node_listed_before") == 0)
		pm0 = 0;
	in.zone_pm = have(pm) && have(pm0) ? pm - pm0 : MHP_UNMEASURED;
	in.counter_pages = growth(s, "vmstat_memmap_after_online_pages",
				  "vmstat_memmap_before_pages");
	in.counter_meminfo_pages = MHP_UNMEASURED;
	if (have(kb) && have(in.page_size) && in.page_size >= 1024)
		in.counter_meminfo_pages = kb / (in.page_size / 1024);
	mhp_verdict(&in, &o);
	verdict_rows(s, &in, &o);
	upstream_check(s, &in);
	snprintf(why, len, "%s", o.reason);
	if (rule) {
		snprintf(s->note, sizeof(s->note), "%s", ru.reason);
		if (ru.decided)
			mhp_sample_add(s, -1, "altmap_expected", expect, "bool");
	}
	if (o.placement == MHP_PLACED_INVALID) {
		mhp_scn_invalid(s, o.reason);
	} else if (!ru.decided) {
		mhp_scn_invalid(s, ru.reason);
	} else if (never && o.placement == MHP_PLACED_YES) {
		snprintf(buf, sizeof(buf),
			 "the memmap is on the hot-added memory, but %s: %s",
			 never, o.reason);
		mhp_scn_invalid(s, buf);
	} else if (never) {
		/* Every variant is held to "memmap from existing memory". */
		if (expect)
			snprintf(why, len,
				 "%s; the variant's altmap is not in effect: %s",
				 o.reason, never);
	} else if ((o.placement == MHP_PLACED_YES) != expect && rule) {
		snprintf(buf, sizeof(buf), "%s, but the altmap was %sin effect: %s",
			 ru.reason, o.placement == MHP_PLACED_YES ? "" : "not ",
			 o.reason);
		mhp_scn_invalid(s, buf);
	} else if ((o.placement == MHP_PLACED_YES) != expect) {
		snprintf(buf, sizeof(buf),
			 "variant %s %s the altmap but it was %sin effect: %s",
			 s->kernel->variant,
			 s->kernel->expect_altmap ? "asks for" : "does not ask for",
			 o.placement == MHP_PLACED_YES ? "" : "not ", o.reason);
		mhp_scn_invalid(s, buf);
	}
	return o.placement;
}
