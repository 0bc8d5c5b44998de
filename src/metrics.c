// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics the reports know, in report order. The names are the
 * contract with the scenarios (see "Reports" in README.md for the shapes
 * of the oom and numa scenarios' rows).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "metrics.h"

#define L MHP_BETTER_LOWER
#define H MHP_BETTER_HIGHER
#define U MHP_BETTER_UNKNOWN
#define RAW MHP_METRIC_RAW
#define MED MHP_REDUCE_MEDIAN
#define SUM MHP_REDUCE_SUM
#define MAX MHP_REDUCE_MAX
#define MIN MHP_REDUCE_MIN
#define M(name, label, unit, better, flags) \
	{ name, label, unit, better, flags, NULL, 0, MED }
#define N(name, label, unit, better, flags, note) \
	{ name, label, unit, better, flags, note, 0, MED }
/* A per-block metric and how a sample's blocks reduce to one value. */
#define B(name, label, unit, better, flags, reduce) \
	{ name, label, unit, better, flags, NULL, 0, reduce }

/*
 * A trailing '*' matches any name with that prefix. Per-block rows (B)
 * name their reduction to one value per sample: the median of a
 * sample's block latencies, the sum of what a DIMM's blocks split.
 */
static const struct mhp_metric known[] = {
	/* hotadd */
	M("qmp_device_add_us", "QMP device_add", "us", L, 0),
	/* a device that plugs on request (virtio-mem), and plugs again */
	M("qmp_plug_request_us", "QMP plug request (requested-size)", "us", L,
	  0),
	M("plug_us", "plug, request to all plugged", "us", L, 0),
	M("replug_us", "replug after unplug, request to all plugged", "us", L,
	  0),
	M("add_total_us", "hot-add, all blocks", "us", L, 0),
	M("online_total_us", "online, all blocks", "us", L, 0),
	B("add_latency_us", "hot-add per block", "us", L, 0, MED),
	B("online_latency_us", "online per block", "us", L, 0, MED),
	/* hot-remove, after each hot-add */
	M("offline_total_us", "offline, all blocks", "us", L, 0),
	B("offline_latency_us", "offline per block", "us", L, 0, MED),
	M("qmp_device_del_us", "QMP device_del", "us", L, 0),
	M("qmp_unplug_request_us", "QMP unplug request (requested-size 0)",
	  "us", L, 0),
	M("unplug_us", "unplug, request to gone (DEVICE_DELETED, size 0)", "us",
	  L, 0),
	M("remove_last_us", "removal, last block gone", "us", L, 0),
	B("remove_latency_us", "removal per block", "us", L, 0, MED),
	M("memfree_drop_at_add_kb", "MemFree drop at hot-add", "kB", L, 0),
	M("free_pcp_drop_at_add_kb", "free + per-cpu lists drop at hot-add",
	  "kB", L, 0),
	M("memtotal_gain_kb", "MemTotal gain", "kB", U, 0),
	M("memmap_pages_expected", "memmap pages expected", "pages", U, 0),
	M("memmap_pages_reserved_expected",
	  "memmap pages reserved (whole pageblocks, theory)", "pages", U, 0),
	M("memmap_pages_wasted", "reserved pages not holding memmap", "pages",
	  L, 0),
	M("memmap_pages_on_hotadded", "memmap pages on hot-added memory",
	  "pages", U, 0),
	M("memmap_pages_on_hotadded_kpf", "memmap pages on hot-added (kpageflags)",
	  "pages", U, 0),
	M("memmap_pages_from_existing", "memmap pages from existing RAM",
	  "pages", L, 0),
	M("altmap_in_effect", "altmap in effect", "bool", U, 0),
	/* altmap = rule kernels: upstream's rule (the sample's note says why) */
	M("altmap_expected", "altmap by upstream's rule", "bool", U, 0),
	M("witness_*", "truth-check witness (1 yes, 0 no)", "bool", U, RAW),
	/* hot-add methods where the kernel onlines (pseries DLPAR) */
	B("kernel_online_seen_us", "block seen online (kernel-onlined)", "us",
	  L, 0, MED),
	M("memfree_shortfall_kb", "MemFree shortfall (a truth witness)", "kB",
	  L, RAW),
	N("online_by_kernel", "memory onlined by the kernel", "bool", U, RAW,
	  "the kernel onlined the hot-added memory itself (the hot-add method, e.g. pseries DLPAR): there is no online latency to report, kernel_online_seen_us is when each block was seen online"),
	N("online_eager", "each block onlined as it came", "bool", U, RAW,
	  "the guest onlined each block as soon as it was added (virtio-mem adds no more while about 1 GiB is offline): add_latency_us is when the guest read each block's uevent, after the online write of the block before it"),
	/* virtio-mem: what the device and its guest driver are */
	M("plugged_bytes", "plugged size reached", "bytes", U, RAW),
	M("plug_stalled_bytes", "plug stalled at", "bytes", U, RAW),
	M("replug_stalled_bytes", "replug stalled at", "bytes", U, RAW),
	M("replug_blocks", "memory blocks replugged and onlined", "blocks", U,
	  RAW),
	M("vmem_sbm", "virtio-mem sub-block mode (0: big blocks)", "bool", U,
	  RAW),
	M("vmem_subblock_bytes", "virtio-mem sub-block size", "bytes", U, RAW),
	M("vmem_bigblock_bytes", "virtio-mem big block size", "bytes", U, RAW),
	M("vmem_device_block_bytes", "virtio-mem device block size (guest)",
	  "bytes", U, RAW),
	M("vmem_block_bytes", "virtio-mem device block size (QEMU)", "bytes",
	  U, RAW),
	M("vmem_addr", "virtio-mem device address", "bytes", U, RAW),
	M("plug_poll_us", "virtio-mem plugged size read every", "us", U, RAW),
	/* --trace yes: function_graph time per function, split by block */
	B("ftrace_*", "function_graph time", "us", L, 0, SUM),
	/* oom: per block */
	B("hotadd_ok", "block hot-added", "bool", H, 0, MIN),
	B("kernel_add_memory_failed", "kernel: add_memory failed", "bool", L, 0,
	  MAX),
	B("acpi_ost_status", "ACPI _OST status", "code", U, RAW, MAX),
	M("boot_ms", "guest boot", "ms", L, 0),
	M("wall_ms", "sample wall time", "ms", L, 0),
	/* every booted sample: what the guest cost the host */
	M("host_qemu_peak_rss_kb", "host: QEMU peak RSS", "kB", L, 0),
	/* oom (issue 5): one row per sample, and a MemAvailable timeline */
	M("oom_survived", "survived the hot-add", "bool", H, 0),
	M("oom_kills", "OOM kills", "count", L, 0),
	M("time_to_online_ms", "time until all online", "ms", L, 0),
	M("memavailable_kb", "MemAvailable", "kB", U, MHP_METRIC_TIMELINE),
	/* oom with a device that plugs over time (virtio-mem) */
	N("plug_stall_ms", "plug stood still (longest, below the request)",
	  "ms", L, 0,
	  "virtio-mem adds no more memory while max(1 GiB, 2 memory blocks) of what it added is offline: with delayed onlining its plug stalls until the guest onlines, so the oom scenario with virtio-mem measures the stall and how far the plug got, not OOM kills (still counted)"),
	M("plug_completed", "plug reached the request", "bool", H, 0),
	M("plug_setbacks", "plugged size fell (plugged, not added, given back)",
	  "count", L, 0),
	M("vmem_add_failed", "virtio-mem: adding memory failed (kernel log)",
	  "count", L, 0),
	M("plugged_at_delay_end_bytes", "plugged when onlining began", "bytes",
	  U, 0),
	M("plug_stall_at_bytes", "plugged during the longest stall", "bytes",
	  U, 0),
	M("blocks_added_at_delay_end", "blocks added when onlining began",
	  "blocks", U, 0),
	M("plug_progress_bytes", "plugged size", "bytes", U,
	  MHP_METRIC_TIMELINE),
	M("plug_requested_bytes", "plug requested", "bytes", U, RAW),
	/* numa (issue 5): where the memmap of node-1 memory lives */
	M("memmap_pages_node*", "memmap pages on node", "pages", U, 0),
	/* raw inputs of the metrics above */
	M("blocks", "memory blocks added", "blocks", U, RAW),
	M("traced", "sample taken under function_graph", "bool", U, RAW),
	/* where the sample ran: its round, its place in the round's order */
	M("run_round", "round of the sample", "index", U, RAW),
	M("run_position", "position in its round (order.h)", "index", U, RAW),
	B("block_node", "node of the block", "node", U, RAW, MAX),
	B("block_online", "block online when read", "bool", U, RAW, MIN),
	M("dimm_node", "node the DIMM was given", "node", U, RAW),
	B("memmap_pages_kpf", "memmap pages of the block (kpageflags)", "pages",
	  U, RAW, SUM),
	B("online_errno", "online errno", "errno", U, RAW, MAX),
	M("page_size_bytes", "page size", "bytes", U, RAW),
	M("block_size_bytes", "memory block size", "bytes", U, RAW),
	M("section_size_bytes", "memory section size", "bytes", U, RAW),
	M("pageblock_pages", "pageblock size", "pages", U, RAW),
	M("blocks_removed", "memory blocks removed", "blocks", U, RAW),
	B("offline_errno", "offline errno", "errno", U, RAW, MAX),
	M("memfree_*", "MemFree", "kB", U, RAW),
	M("memtotal_*", "MemTotal", "kB", U, RAW),
	M("node_*", "node 1 zone counters", "pages", U, RAW),
	/* sizeof(struct page) and where from; upstream's memmap counters */
	M("struct_page_bytes", "sizeof(struct page)", "bytes", U, RAW),
	M("struct_page_bytes_btf", "sizeof(struct page) from BTF", "bool", U, RAW),
	M("memmap_pages_upstream", "memmap pages (upstream nr_memmap_pages)",
	  "pages", U, 0),
	M("memmap_pages_upstream_agrees",
	  "nr_memmap_pages as theory (size, not placement)", "bool", U, RAW),
	M("memmap_pages_upstream_expected",
	  "memmap pages upstream counts (theory)", "pages", U, RAW),
	M("upstream_memmap_*", "upstream nr_memmap_pages", "pages", U, RAW),
};

/* Units and directions from a name's suffix, for metrics not above. */
static const struct {
	const char *suffix;
	const char *unit;
	enum mhp_better better;
} suffixes[] = {
	{ "_per_s", "1/s", H },
	{ "_iops", "IO/s", H },
	{ "_mbps", "MB/s", H },
	{ "_us", "us", L },
	{ "_ms", "ms", L },
	{ "_ns", "ns", L },
	{ "_kb", "kB", U },
	{ "_pages", "pages", U },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static bool matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, name, n - 1);
	return !strcmp(pattern, name);
}

void mhp_metric_describe(const char *name, struct mhp_metric *m)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (matches(known[i].name, name)) {
			*m = known[i];
			m->name = name;
			m->order = i;
			return;
		}
	*m = (struct mhp_metric){ name, name, "", U, 0, NULL, ARRAY_SIZE(known),
				  MED };
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (ends_with(name, suffixes[i].suffix)) {
			m->unit = suffixes[i].unit;
			m->better = suffixes[i].better;
			return;
		}
}

const char *mhp_reduce_name(enum mhp_reduce r)
{
	static const char *const name[] = {
		[MHP_REDUCE_MEDIAN] = "median",
		[MHP_REDUCE_SUM] = "sum",
		[MHP_REDUCE_MAX] = "max",
		[MHP_REDUCE_MIN] = "min",
	};

	return name[r];
}

double mhp_reduce(enum mhp_reduce r, const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	switch (r) {
	case MHP_REDUCE_SUM:
		for (i = 0; i < n; i++)
			sum += v[i];
		return sum;
	case MHP_REDUCE_MAX:
		return v[n - 1];
	case MHP_REDUCE_MIN:
		return v[0];
	default:
		return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}
}

const char *mhp_better_name(enum mhp_better b)
{
	return b == L ? "lower" : b == H ? "higher" : "?";
}

int mhp_metric_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	struct mhp_metric mx, my;

	mhp_metric_describe(x, &mx);
	mhp_metric_describe(y, &my);
	if (mx.order != my.order)
		return mx.order - my.order;
	return strcmp(x, y);
}
