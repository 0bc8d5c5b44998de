// SPDX-License-Identifier: GPL-2.0
/*
 * The numa scenario, host side: drawback (b) of the seed. Node 1 gets a
 * CPU (the profile's numa_node1_cpus) and, from the DIMM of the sample's
 * size, only hot-added memory. Where does the memmap of that memory
 * live? The stock kernel allocates it when node 1 has no memory online
 * yet, so it lands on node 0 (node 0's MemFree drops by it at the add);
 * with the altmap it is on node 1 itself (node 1's present - managed
 * pages, the blocks' self-hosted pages). Then struct-page-heavy work
 * runs bound to node 1 and its rates are reported per variant.
 *
 * Under TCG, and on a host with one NUMA node or without the profile's
 * numa_host_nodes binding, every guest node is the same host memory: the
 * placement is real, a timing difference between the variants is not
 * expected (numa_timing_expected 0), and the summary says so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "scenario.h"
#include "scenario_util.h"
#include "scenario_verdict.h"
#include "size.h"

#define TARGET_NODE 1

static void numa_machine(const struct mhp_opts *o, struct mhp_arch *a)
{
	(void)o;
	a->node1_cpus = a->numa_node1_cpus;
}

static const char *numa_not_applicable(const struct mhp_ctx *ctx)
{
	if (!ctx->arch->numa_node1_cpus)
		return "the arch profile gives node 1 no CPU (numa_node1_cpus = 0)";
	return NULL;
}

static int numa_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		    struct mhp_sample *s)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	const struct mhp_opts *o = ctx->opts;
	int timeout_ms = o->boot_timeout_s * 1000;
	int nodes = mhp_scn_host_nodes();
	bool bound = ctx->arch->numa_host_nodes[0];

	mhp_sample_add(s, -1, "host_numa_nodes", nodes, "nodes");
	mhp_sample_add(s, -1, "numa_host_bound", bound, "bool");
	mhp_sample_add(s, -1, "numa_timing_expected",
		       nodes > 1 && bound && !strcmp(ctx->accel, "kvm"), "bool");
	mhp_sample_add(s, -1, "node1_cpus", ctx->arch->node1_cpus, "cpus");
	mhp_guest_send(g, "NUMA size=%llu node=%d online=%s timeout_ms=%d work_mb=%llu work_s=%d",
		       (unsigned long long)s->size, TARGET_NODE,
		       hp->kernel_onlines ? "kernel" : o->online, timeout_ms,
		       (unsigned long long)(o->work_size >> 20), o->work_s);
	if (mhp_scn_arm_add(ctx, g, s, TARGET_NODE, timeout_ms))
		return -1;
	/* Five work loops of work_s seconds each, and their boots of tools. */
	return mhp_scn_collect(g, timeout_ms + 10 * 1000 * o->work_s, s);
}

/*
 * The MemFree witness here is node 0's: the stock kernel takes the memmap
 * of node-1 memory from node 0 at the add. Free memory with the per-cpu
 * lists when the guest read them (a 2 MiB vmemmap allocation refills its
 * list with two pageblocks). Kernel-onlined memory has no moment after
 * the add: after the online, node 0's MemTotal does not move either.
 */
static int64_t numa_memfree(const struct mhp_sample *s)
{
	double d;

	if (mhp_scn_diff(s, "node0_free_pcp_after_add_kb", "node0_free_pcp_before_kb", &d) ||
	    mhp_scn_diff(s, "node0_memfree_after_add_kb", "node0_memfree_before_kb", &d) ||
	    mhp_scn_diff(s, "node0_free_pcp_after_online_kb", "node0_free_pcp_before_kb", &d) ||
	    mhp_scn_diff(s, "node0_memfree_after_online_kb", "node0_memfree_before_kb", &d))
		return llround(d);
	return MHP_UNMEASURED;
}

static void numa_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	char why[sizeof(s->reason)];
	enum mhp_placement p;
	int64_t drop;
	double page, v;

	(void)ctx;
	drop = numa_memfree(s);
	if (drop != MHP_UNMEASURED &&
	    mhp_sample_get(s, "page_size_bytes", &page) && page >= 1024)
		mhp_sample_add(s, -1, "memmap_pages_node0",
			       llround(drop * 1024.0 / page), "pages");
	p = mhp_scn_verdict(s, drop, NULL, why, sizeof(why));
	if (mhp_sample_get(s, "memmap_pages_on_hotadded", &v))
		mhp_sample_add(s, -1, "memmap_pages_node1", v, "pages");
	if (mhp_sample_get(s, "memmap_pages_on_hotadded_kpf", &v))
		mhp_sample_add(s, -1, "memmap_pages_kpf_node1", v, "pages");
	/* The node that holds the memmap, when the witnesses say. */
	if (p != MHP_PLACED_INVALID)
		mhp_sample_add(s, -1, "memmap_node", p == MHP_PLACED_YES,
			       "node");
	if (s->outcome == MHP_OK)
		snprintf(s->reason, sizeof(s->reason), "memmap on node %d: %s",
			 p == MHP_PLACED_YES, why);
}

static void numa_summary(FILE *f, const struct mhp_sample *smp, int n)
{
	int i, timing = 0, any = 0;
	char sz[32];

	fprintf(f, "\nWhere the memmap of node-1 memory lives (pages on node 0 / node 1, of expected):\n");
	for (i = 0; i < n; i++) {
		const struct mhp_sample *s = &smp[i];

		if (s->outcome == MHP_NOT_APPLICABLE || mhp_scn_get(s, "memmap_pages_expected") < 0)
			continue;
		any = 1;
		timing |= mhp_scn_get(s, "numa_timing_expected") == 1;
		mhp_size_format(s->size, sz, sizeof(sz));
		fprintf(f, "  %-8s %-10s %6s #%d: %.0f / %.0f of %.0f; fault %.0f/s, dontneed %.0f/s, migrate %.0f/s, kpageflags %.0f/s%s\n",
			s->kernel->arch, s->kernel->variant, sz, s->index,
			mhp_scn_get(s, "memmap_pages_node0"),
			mhp_scn_get(s, "memmap_pages_node1"),
			mhp_scn_get(s, "memmap_pages_expected"),
			mhp_scn_get(s, "fault_pages_per_s"),
			mhp_scn_get(s, "dontneed_pages_per_s"),
			mhp_scn_get(s, "migrate_pages_per_s"),
			mhp_scn_get(s, "kpageflags_pfns_per_s"),
			s->valid ? "" : " (invalid)");
	}
	if (any && !timing)
		fprintf(f, "  Guest nodes 0 and 1 are the same host memory here (one host NUMA node, no numa_host_nodes binding, or TCG): the placement is real, a timing difference between the variants is not expected.\n");
}

const struct mhp_scenario mhp_scenario_numa = {
	.name = "numa",
	.help = "where the memmap of node-1 memory lives, and work bound to node 1",
	.run = numa_run,
	.derive = numa_derive,
	.tools = true,
	.machine = numa_machine,
	.not_applicable = numa_not_applicable,
	.summary = numa_summary,
};
