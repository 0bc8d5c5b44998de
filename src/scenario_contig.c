// SPDX-License-Identifier: GPL-2.0
/*
 * The contig scenario, host side: what the altmap takes. A memmap at the
 * start of every memory block cuts that block's contiguity: 2 MiB huge
 * pages lose the first of every block, a 1 GiB gigantic page spanning
 * eight blocks cannot come at all, MAX_ORDER blocks lose the first, and
 * a DIMM added block by block gets no 1 GiB direct-map entries. The
 * guest (bench/contig.c) counts what node 1's hot-added memory gives,
 * online movable and online kernel in one boot; here each count meets
 * its theory (src/lib/contig.c), from the sample's own page, block,
 * pageblock and huge page sizes and the variant's altmap claim. A count
 * off theory makes the sample invalid, naming the pages that blocked it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "contig.h"
#include "guest.h"
#include "memmap.h"
#include "scenario.h"
#include "scenario_util.h"
#include "scenario_verdict.h"
#include "size.h"

#define TARGET_NODE 1
#define THP_MB 64
#define GIGANTIC_BYTES (1ULL << 30)

static int contig_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		      struct mhp_sample *s)
{
	int timeout_ms = ctx->opts->boot_timeout_s * 1000;

	mhp_guest_send(g, "CONTIG size=%llu node=%d timeout_ms=%d compact=%d thp_mb=%d",
		       (unsigned long long)s->size, TARGET_NODE, timeout_ms,
		       !ctx->opts->no_compact, THP_MB);
	if (mhp_scn_arm_add(ctx, g, s, TARGET_NODE, timeout_ms))
		return -1;
	/* Two online passes, compaction and hugetlb allocations. */
	return mhp_scn_collect(g, 4 * timeout_ms, s);
}

/* What the sample's hot-added range is, in its own pages. */
struct range {
	double page, start, pages, block, reserved;
};

/* A count and its theory; the blockers the guest found under tag. */
struct check {
	const char *row;	/* measured */
	const char *tag;	/* blocked_TAG_* rows, or NULL */
	const char *needs;	/* the fact row it needs, or NULL */
	const char *lacks;	/* what the kernel lacks when that is 0 */
};

static const struct check checks[] = {
	{ "gigantic_pages_allocated", "gigantic", "has_gigantic",
	  "no 1 GiB hugetlb pages (hugepages-1048576kB)" },
	{ "huge_pages_allocated_movable", "huge_movable", NULL, NULL },
	{ "huge_pages_allocated_kernel", "huge_kernel", NULL, NULL },
	{ "buddy_max_order_blocks_movable", NULL, NULL, NULL },
	{ "buddy_max_order_blocks_kernel", NULL, NULL, NULL },
	{ "thp_fault_alloc", NULL, "has_thp",
	  "no THP (/sys/kernel/mm/transparent_hugepage)" },
	{ "thp_fault_fallback", NULL, "has_thp", NULL },
	/* Without pdpe1gb the theory has no 1 GiB entries. */
	{ "directmap_1g_gain_kb", NULL, "directmap2m_before_kb", NULL },
	{ "directmap_2m_gain_kb", NULL, "directmap2m_before_kb", NULL },
};

static void __printf(2, 3)
add_reason(struct mhp_sample *s, const char *fmt, ...)
{
	size_t w = strlen(s->reason);
	char one[224];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	s->outcome = MHP_INVALID;
	snprintf(s->reason + w, sizeof(s->reason) - w, "%s%s", w ? "; " : "",
		 one);
}

/* " by pfn 0x.. FLAGS xREFS, ..." for the first blockers of tag. */
static void blocker_text(const struct mhp_sample *s, const char *tag,
			 char *buf, size_t len)
{
	char name[64], flags[160];
	double pfn, fl, cnt, other;
	size_t w = 0;
	int i;

	buf[0] = '\0';
	snprintf(name, sizeof(name), "blocked_%s_by_other", tag);
	other = mhp_scn_get(s, name);
	for (i = 0; i < 2 && i < other && w < len; i++) {
		snprintf(name, sizeof(name), "blocked_%s_%d_pfn", tag, i);
		pfn = mhp_scn_get(s, name);
		snprintf(name, sizeof(name), "blocked_%s_%d_flags", tag, i);
		fl = mhp_scn_get(s, name);
		snprintf(name, sizeof(name), "blocked_%s_%d_count", tag, i);
		cnt = mhp_scn_get(s, name);
		mhp_kpf_format((uint64_t)fl, flags, sizeof(flags));
		if (pfn < 0)
			w += snprintf(buf + w, len - w, "%s a unit with no page in use",
				      i ? "," : ": not come:");
		else
			w += snprintf(buf + w, len - w, "%s pfn %#llx %s x%.0f",
				      i ? "," : ": blocked by",
				      (unsigned long long)pfn, flags, cnt);
	}
	if (other > 2 && w < len)
		snprintf(buf + w, len - w, " and %.0f more", other - 2);
}

/* A count against its theory: a difference makes the sample invalid. */
static void check_one(struct mhp_sample *s, const struct check *c)
{
	double v = mhp_scn_get(s, c->row), e;
	char name[96], why[200];

	if (c->needs && mhp_scn_get(s, c->needs) == 0) {
		if (c->lacks)
			add_reason(s, "%s: the guest kernel has %s", c->row,
				   c->lacks);
		return;
	}
	snprintf(name, sizeof(name), "%s_expected", c->row);
	e = mhp_scn_get(s, name);
	if (e < 0 || v == e)
		return;
	if (v < 0) {
		snprintf(name, sizeof(name), "%s_alloc_errno", c->row);
		if (mhp_scn_get(s, name) > 0)
			add_reason(s, "%s: the guest kernel refuses run-time allocation (errno %.0f; no CONTIG_ALLOC?)",
				   c->row, mhp_scn_get(s, name));
		else
			add_reason(s, "%s: not measured (theory %.0f)", c->row, e);
		return;
	}
	why[0] = '\0';
	if (c->tag)
		blocker_text(s, c->tag, why, sizeof(why));
	add_reason(s, "%s %.0f, theory %.0f%s", c->row, v, e, why);
}

static void add_expected(struct mhp_sample *s, const char *row, double v,
			 const char *unit)
{
	char name[96];

	snprintf(name, sizeof(name), "%s_expected", row);
	mhp_sample_add(s, -1, name, v, unit);
}

static double units(const struct range *r, double unit_bytes)
{
	return mhp_contig_units(r->start, r->pages, r->block, r->reserved,
				unit_bytes / r->page);
}

/*
 * The direct map: DirectMap4k/2M/1G gains at the add, and their theory:
 * each arch_add_memory() range mapped with the largest entries it can
 * take (1 GiB ones only with the cpu's pdpe1gb); one range for the DIMM,
 * or one per block when every block carries its own altmap.
 */
static void directmap_rows(struct mhp_sample *s, const struct range *r,
		      double huge_kb, bool altmap)
{
	static const char *const key[] = { "1g", "2m", "4k" };
	uint64_t levels[4], gain[3];
	char b[64], a[64], row[64];
	double before, after;
	int i, n = 0;

	if (mhp_scn_get(s, "directmap2m_before_kb") < 0)
		return;
	for (i = 0; i < 3; i++) {
		snprintf(b, sizeof(b), "directmap%s_before_kb", key[i]);
		snprintf(a, sizeof(a), "directmap%s_after_add_kb", key[i]);
		before = mhp_scn_get(s, b);
		after = mhp_scn_get(s, a);
		snprintf(row, sizeof(row), "directmap_%s_gain_kb", key[i]);
		if (before >= 0 && after >= 0)
			mhp_sample_add(s, -1, row, after - before, "kB");
	}
	if (mhp_scn_get(s, "cpu_gbpages") == 1)
		levels[n++] = GIGANTIC_BYTES / r->page;
	levels[n++] = huge_kb * 1024 / r->page;
	levels[n++] = 1;
	levels[n] = 0;
	mhp_contig_directmap(r->start, r->pages, altmap ? r->block : r->pages,
			     levels, gain);
	for (i = 0; i < 3; i++) {
		double kb = 0;
		int j = i - (3 - n);	/* no 1G level: key 0 has none */

		if (j >= 0)
			kb = gain[j] * r->page / 1024;
		snprintf(row, sizeof(row), "directmap_%s_gain_kb", key[i]);
		add_expected(s, row, kb, "kB");
	}
}

/*
 * What the altmap takes, for the report's figure: each count as a
 * percentage of what the range gives with no memmap on it; and the
 * memmap the range holds (first block's self-hosted pages, every block).
 */
static void pct_rows(struct mhp_sample *s, const struct range *r,
		     double huge_kb, double orders)
{
	const struct { const char *row, *pct; double unit; } p[] = {
		{ "gigantic_pages_allocated", "gigantic_pages_pct", GIGANTIC_BYTES },
		{ "huge_pages_allocated_movable", "huge_pages_movable_pct",
		  huge_kb * 1024 },
		{ "huge_pages_allocated_kernel", "huge_pages_kernel_pct",
		  huge_kb * 1024 },
		{ "buddy_max_order_blocks_kernel", "buddy_max_order_pct",
		  orders > 0 ? r->page * (double)(1ULL << (int)(orders - 1)) : 0 },
	};
	struct range none = *r;
	double v, all, kpf = mhp_scn_get(s, "memmap_pages_kpf");
	size_t i;

	none.reserved = 0;
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		v = mhp_scn_get(s, p[i].row);
		all = p[i].unit > 0 ? units(&none, p[i].unit) : 0;
		if (v >= 0 && all > 0)
			mhp_sample_add(s, -1, p[i].pct, 100 * v / all, "%");
	}
	if (kpf >= 0)
		mhp_sample_add(s, -1, "memmap_on_range_kb",
			       kpf * (r->pages / r->block) * r->page / 1024, "kB");
}

static void contig_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	double huge_kb = mhp_scn_get(s, "huge_page_kb");
	double orders = mhp_scn_get(s, "buddy_orders");
	double pb = mhp_scn_get(s, "pageblock_pages"), max_order;
	struct mhp_rule_out ru;
	bool altmap = mhp_scn_altmap_expected(s, &ru);
	struct range r;
	size_t i;

	(void)ctx;
	r.page = mhp_scn_get(s, "page_size_bytes");
	r.start = mhp_scn_get(s, "dimm_start_pfn");
	r.block = mhp_scn_get(s, "block_pages");
	if (r.page <= 0 || r.start < 0 || r.block <= 0)
		return;
	r.pages = s->size / r.page;
	if (s->kernel->altmap_expect == MHP_EXPECT_RULE)
		snprintf(s->note, sizeof(s->note), "%s", ru.reason);
	/*
	 * The variant's claim (or upstream's rule): its memmap at the start
	 * of every block, rounded up to whole pageblocks.
	 */
	r.reserved = altmap ?
		mhp_memmap_reserved_pages(mhp_memmap_pages(r.block * r.page, r.page,
							   mhp_sample_struct_page(s)),
					  1, pb) : 0;
	mhp_sample_add(s, -1, "memmap_pages_reserved_per_block_expected",
		       r.reserved, "pages");
	add_expected(s, "gigantic_pages_allocated", units(&r, GIGANTIC_BYTES),
		     "pages");
	if (huge_kb > 0) {
		add_expected(s, "huge_pages_allocated_movable",
			     units(&r, huge_kb * 1024), "pages");
		add_expected(s, "huge_pages_allocated_kernel",
			     units(&r, huge_kb * 1024), "pages");
		add_expected(s, "thp_fault_alloc", THP_MB * 1024 / huge_kb,
			     "faults");
		add_expected(s, "thp_fault_fallback", 0, "faults");
	}
	if (orders > 0) {
		max_order = r.page * (double)(1ULL << (int)(orders - 1));
		add_expected(s, "buddy_max_order_blocks_movable",
			     units(&r, max_order), "blocks");
		add_expected(s, "buddy_max_order_blocks_kernel",
			     units(&r, max_order), "blocks");
	}
	pct_rows(s, &r, huge_kb, orders);
	directmap_rows(s, &r, huge_kb, altmap);
	if (s->outcome != MHP_OK)
		return;
	if (!ctx->opts->no_compact && mhp_scn_get(s, "has_compaction") == 0)
		add_reason(s, "the guest kernel has no compaction (vm/compact_memory)");
	for (i = 0; i < ARRAY_SIZE(checks); i++)
		check_one(s, &checks[i]);
}

static void contig_summary(FILE *f, const struct mhp_sample *smp, int n)
{
	static const char *const rows[] = {
		"gigantic_pages_allocated", "huge_pages_allocated_movable",
		"huge_pages_allocated_kernel", "buddy_max_order_blocks_kernel",
		"thp_fault_alloc", "directmap_1g_gain_kb", "directmap_2m_gain_kb",
	};
	char sz[32], name[96];
	size_t j;
	int i;

	fprintf(f, "\nWhat the hot-added memory of node 1 gives, measured / theory (gigantic, huge movable, huge kernel, MAX_ORDER blocks kernel, THP faults, DirectMap 1G and 2M gain kB):\n");
	for (i = 0; i < n; i++) {
		const struct mhp_sample *s = &smp[i];

		if (s->outcome == MHP_NOT_APPLICABLE ||
		    mhp_scn_get(s, "block_pages") < 0)
			continue;
		mhp_size_format(s->size, sz, sizeof(sz));
		fprintf(f, "  %-8s %-10s %6s #%d:", s->kernel->arch,
			s->kernel->variant, sz, s->index);
		for (j = 0; j < ARRAY_SIZE(rows); j++) {
			snprintf(name, sizeof(name), "%s_expected", rows[j]);
			if (mhp_scn_get(s, name) < 0)
				fprintf(f, " -");
			else if (mhp_scn_get(s, rows[j]) < 0)
				fprintf(f, " -/%.0f", mhp_scn_get(s, name));
			else
				fprintf(f, " %.0f/%.0f", mhp_scn_get(s, rows[j]),
					mhp_scn_get(s, name));
		}
		fprintf(f, "%s\n", s->valid ? "" : " (invalid)");
	}
}

const struct mhp_scenario mhp_scenario_contig = {
	.name = "contig",
	.help = "what node 1's hot-added memory gives in huge and gigantic pages, MAX_ORDER blocks, THP and direct map",
	.run = contig_run,
	.derive = contig_derive,
	.summary = contig_summary,
};
