// SPDX-License-Identifier: GPL-2.0
/*
 * The contig scenario, guest side: what the hot-added memory of node 1
 * can still give in contiguous pieces. After all the DIMM's blocks are
 * added (DirectMap before and after the add), two sub-runs in one boot:
 *
 *  1. online_movable: 2 MiB (PMD-size) hugetlb pages on node 1; then
 *     they are freed and the blocks offlined (movable memory offlines);
 *  2. online_kernel: node 1's buddyinfo, 2 MiB hugetlb pages, 1 GiB
 *     hugetlb pages (gigantic pages never come from ZONE_MOVABLE), and
 *     a THP workload bound to node 1 (set_mempolicy, MADV_HUGEPAGE).
 *
 * Memory is compacted before each count when the host asks (compact=1).
 * For each unit of a huge page that did not come, the first page in use
 * in its range is the blocker: one that is the altmap's own memmap
 * (mhp_kpf_self_hosted()) is counted, the others are reported with
 * their PFN, kpageflags and kpagecount.
 *
 *   host:  CONTIG size=S node=1 timeout_ms=T compact=1 thp_mb=64
 *   guest: ARMED; host: GO and device_add; guest: M ..., DONE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"
#include "kpf.h"
#include "zoneinfo.h"

#define MAX_BLOCKS 256
#define MAX_BLOCKERS 8
#define MPOL_DEFAULT 0
#define MPOL_BIND 2
#define NODE_SYS "/sys/devices/system/node"
#define THP_SYS "/sys/kernel/mm/transparent_hugepage"

struct contig {
	struct guest *g;
	int node;
	bool compact;
	long ids[MAX_BLOCKS];
	long n;
	uint64_t block_pages;
};

static int fail(struct guest *g, const char *reason)
{
	return chan_send(g, "DONE status=error reason=%s", reason);
}

/* A value of /proc/meminfo ("DirectMap2M", "Hugepagesize"), or -1. */
static long long meminfo_kb(const char *key)
{
	static char text[8192];
	size_t kl = strlen(key);
	char *p;

	if (read_text("/proc/meminfo", text, sizeof(text)) < 0)
		return -1;
	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ':')
			return strtoll(p + kl + 1, NULL, 10);
	return -1;
}

static const char *const directmap_keys[] = {
	"DirectMap4k", "DirectMap2M", "DirectMap1G",
};

static void directmap(struct guest *g, const char *when, long long *kb)
{
	char name[64], lower[16];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(directmap_keys); i++) {
		kb[i] = meminfo_kb(directmap_keys[i]);
		if (kb[i] < 0 || !when)
			continue;
		for (j = 0; directmap_keys[i][j] && j < sizeof(lower) - 1; j++)
			lower[j] = directmap_keys[i][j] | 0x20;
		lower[j] = '\0';
		snprintf(name, sizeof(name), "%s_%s_kb", lower, when);
		chan_metric(g, -1, name, kb[i], "kB");
	}
}

/* The CPU may map 1 GiB pages (x86_64's pdpe1gb). */
static bool cpu_gbpages(void)
{
	static char text[65536];

	return read_text("/proc/cpuinfo", text, sizeof(text)) > 0 &&
	       strstr(text, " pdpe1gb");
}

static void compact(struct contig *c)
{
	if (c->compact)
		write_text("/proc/sys/vm/compact_memory", "1");
}

/*
 * Every block to a state; a block the kernel onlined by itself (DLPAR)
 * is offlined first, so that the sub-runs choose the zone.
 */
static int set_state(struct contig *c, const char *how)
{
	char path[96], state[32];
	long i;

	for (i = 0; i < c->n; i++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/memory/memory%ld/state", c->ids[i]);
		if (strcmp(how, "offline") &&
		    read_text(path, state, sizeof(state)) > 0 &&
		    !strncmp(state, "online", 6) && write_text(path, "offline"))
			return -1;
		if (write_text(path, how))
			return -1;
	}
	return 0;
}

/* Node's free blocks of the largest order (all its zones); orders seen. */
static long long buddy_max(struct contig *c, const char *kind)
{
	static char text[8192];
	long long v[32], max = 0;
	int orders = 0, k, node;
	char name[64], *p, *q;

	if (read_text("/proc/buddyinfo", text, sizeof(text)) < 0)
		return -1;
	chan_file(c->g, kind[0] == 'k' ? "buddyinfo-kernel" : "buddyinfo-movable",
		  text, strlen(text));
	memset(v, 0, sizeof(v));
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (sscanf(p, "Node %d,", &node) != 1 || node != c->node)
			continue;
		q = strstr(p, "zone");
		if (!q)
			continue;
		q += 4;
		while (*q == ' ')
			q++;
		q += strcspn(q, " ");
		for (k = 0; k < 32; k++) {
			char *end;
			long long x = strtoll(q, &end, 10);

			if (end == q)
				break;
			v[k] += x;
			q = end;
		}
		if (k > orders)
			orders = k;
	}
	if (!orders)
		return -1;
	for (k = 0; k < orders; k++) {
		snprintf(name, sizeof(name), "buddy_order%d_%s", k, kind);
		chan_metric(c->g, -1, name, v[k], "blocks");
	}
	max = v[orders - 1];
	if (kind[0] == 'k')
		chan_metric(c->g, -1, "buddy_orders", orders, "orders");
	snprintf(name, sizeof(name), "buddy_max_order_blocks_%s", kind);
	chan_metric(c->g, -1, name, max, "blocks");
	return max;
}

/*
 * Why the units of unit_pages in the DIMM that are not a hugetlb page
 * did not come: the first page in use in each.
 */
static void blockers(struct contig *c, const char *what, uint64_t unit_pages)
{
	uint64_t start = c->ids[0] * c->block_pages;
	uint64_t end = start + c->n * c->block_pages, u, p, *fl, *cnt;
	long long by_memmap = 0, by_other = 0, units = 0;
	int ff = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	int fc = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	char name[64], line[160], *log = NULL;
	size_t loglen = 0;
	FILE *lf = open_memstream(&log, &loglen);

	fl = malloc(unit_pages * 8);
	cnt = malloc(unit_pages * 8);
	if (ff < 0 || fc < 0 || !fl || !cnt || !lf)
		goto out;
	for (u = (start + unit_pages - 1) / unit_pages * unit_pages;
	     u + unit_pages <= end; u += unit_pages) {
		if (pread(ff, fl, unit_pages * 8, u * 8) != (ssize_t)(unit_pages * 8) ||
		    pread(fc, cnt, unit_pages * 8, u * 8) != (ssize_t)(unit_pages * 8))
			goto out;
		units++;
		if ((fl[0] & (MHP_KPF_HUGE | MHP_KPF_COMPOUND_HEAD)) ==
		    (MHP_KPF_HUGE | MHP_KPF_COMPOUND_HEAD))
			continue;
		for (p = 0; p < unit_pages; p++)
			if (cnt[p] || (fl[p] & ~MHP_KPF_BUDDY))
				break;
		if (p < unit_pages && mhp_kpf_self_hosted(fl[p])) {
			by_memmap++;
			continue;
		}
		if (by_other < MAX_BLOCKERS) {
			snprintf(name, sizeof(name), "blocked_%s_%lld_pfn", what,
				 by_other);
			chan_metric(c->g, -1, name,
				    p < unit_pages ? (long long)(u + p) : -1,
				    "pfn");
			snprintf(name, sizeof(name), "blocked_%s_%lld_flags",
				 what, by_other);
			chan_metric(c->g, -1, name,
				    p < unit_pages ? (long long)fl[p] : 0, "flags");
			snprintf(name, sizeof(name), "blocked_%s_%lld_count",
				 what, by_other);
			chan_metric(c->g, -1, name,
				    p < unit_pages ? (long long)cnt[p] : 0, "refs");
		}
		snprintf(line, sizeof(line), "unit %#llx: pfn %#llx flags %#llx count %llu\n",
			 (unsigned long long)u,
			 (unsigned long long)(u + (p < unit_pages ? p : 0)),
			 (unsigned long long)(p < unit_pages ? fl[p] : 0),
			 (unsigned long long)(p < unit_pages ? cnt[p] : 0));
		fputs(line, lf);
		by_other++;
	}
	snprintf(name, sizeof(name), "blocked_%s_by_memmap", what);
	chan_metric(c->g, -1, name, by_memmap, "units");
	snprintf(name, sizeof(name), "blocked_%s_by_other", what);
	chan_metric(c->g, -1, name, by_other, "units");
	snprintf(name, sizeof(name), "units_%s", what);
	chan_metric(c->g, -1, name, units, "units");
out:
	if (lf) {
		fclose(lf);
		snprintf(name, sizeof(name), "blocked-%s", what);
		if (log && loglen)
			chan_file(c->g, name, log, loglen);
		free(log);
	}
	free(fl);
	free(cnt);
	if (ff >= 0)
		close(ff);
	if (fc >= 0)
		close(fc);
}

static const char *const wmark_knobs[] = {
	"/proc/sys/vm/min_free_kbytes", "/proc/sys/vm/watermark_boost_factor",
};

/* Watermarks to 0 (low: true), or back to what they were. */
static void watermarks(struct contig *c, bool low)
{
	static char saved[ARRAY_SIZE(wmark_knobs)][32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wmark_knobs); i++) {
		if (!low) {
			if (saved[i][0])
				write_text(wmark_knobs[i], saved[i]);
			continue;
		}
		saved[i][0] = '\0';
		if (read_text(wmark_knobs[i], saved[i], sizeof(saved[i])) < 0 ||
		    write_text(wmark_knobs[i], "0"))
			saved[i][0] = '\0';
	}
	(void)c;
}

/*
 * 6.1 keeps 2 MiB pages on the per-cpu lists, and a CPU whose list is
 * empty takes two from the buddy for one order-9 allocation. When the
 * zone's last two free units go that way, the second waits on the list,
 * where the watermark check (NR_FREE_PAGES) cannot see it: the count
 * would end one short with the unit free. Freeing one huge page on the
 * same CPU flushes one page of its (over-high) list back to the buddy;
 * then the list's page and that one both come. So the count runs on one
 * CPU, and after a short count frees one page and asks again, while that
 * brings more.
 */
static int pin_cpu(bool pin)
{
	static cpu_set_t all;
	cpu_set_t one;
	int cpu;

	if (!pin)
		return sched_setaffinity(0, sizeof(all), &all);
	if (sched_getaffinity(0, sizeof(all), &all))
		return -1;
	for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &all); cpu++)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return sched_setaffinity(0, sizeof(one), &one);
}

static long long nr_pages_of(const char *path)
{
	char buf[32];

	return read_text(path, buf, sizeof(buf)) < 0 ? -1 : strtoll(buf, NULL, 10);
}

/*
 * Ask node 1 for as many hugetlb pages of kb as the DIMM could hold, and
 * count what came; the blockers while they are held; then free them.
 * -1: the kernel has no such pages or cannot allocate them at run time.
 */
static long long hugetlb(struct contig *c, long long kb, const char *row,
			 const char *what)
{
	char path[128], buf[32], name[64];
	long long want = c->n * c->block_pages * c->g->page_size / 1024 / kb;
	long long got, prev;
	int err = 0, i;

	snprintf(path, sizeof(path), NODE_SYS "/node%d/hugepages/hugepages-%lldkB/nr_hugepages",
		 c->node, kb);
	if (access(path, F_OK))
		return -1;
	compact(c);
	/*
	 * The zone's watermarks hold back free memory from any allocation:
	 * they go to 0 while we count contiguity, not free space.
	 */
	watermarks(c, true);
	pin_cpu(true);
	snprintf(buf, sizeof(buf), "%lld", want);
	err = write_text(path, buf) ? errno : 0;
	got = nr_pages_of(path);
	for (i = 0; !err && got > 0 && got < want && i < 4; i++) {
		prev = got;
		snprintf(buf, sizeof(buf), "%lld", got - 1);
		write_text(path, buf);
		snprintf(buf, sizeof(buf), "%lld", want);
		write_text(path, buf);
		got = nr_pages_of(path);
		if (got <= prev)
			break;
	}
	pin_cpu(false);
	watermarks(c, false);
	if (err && err != ENOMEM && err != EBUSY) {
		snprintf(name, sizeof(name), "%s_alloc_errno", row);
		chan_metric(c->g, -1, name, err, "errno");
		return -1;
	}
	if (got < 0)
		return -1;
	chan_metric(c->g, -1, row, got, "pages");
	blockers(c, what, kb * 1024 / c->g->page_size);
	write_text(path, "0");
	return got;
}

/* Fault in mb MiB with MADV_HUGEPAGE, bound to the node. */
static void thp(struct contig *c, long long mb)
{
	unsigned long mask = 1UL << c->node;
	long long a0, f0, huge = meminfo_kb("Hugepagesize");
	size_t len = (size_t)mb << 20, align = huge > 0 ? huge * 1024 : 2 << 20;
	char *raw, *p, enabled[64];
	bool never;
	size_t off;

	if (read_text(THP_SYS "/enabled", enabled, sizeof(enabled)) < 0)
		return;
	/* "never" (the default here) would not even try: madvise for us. */
	never = !!strstr(enabled, "[never]");
	chan_metric(c->g, -1, "thp_enabled_never", never, "bool");
	if (never && write_text(THP_SYS "/enabled", "madvise"))
		return;
	compact(c);
	raw = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return;
	p = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	if (madvise(p, len, MADV_HUGEPAGE) ||
	    syscall(SYS_set_mempolicy, MPOL_BIND, &mask, sizeof(mask) * 8 + 1)) {
		char why[96];

		snprintf(why, sizeof(why), "THP workload: %s\n", strerror(errno));
		chan_file(c->g, "thp", why, strlen(why));
		munmap(raw, len + align);
		if (never)
			write_text(THP_SYS "/enabled", "never");
		return;
	}
	a0 = vmstat_value("thp_fault_alloc");
	f0 = vmstat_value("thp_fault_fallback");
	for (off = 0; off < len; off += c->g->page_size)
		p[off] = 1;
	chan_metric(c->g, -1, "thp_fault_alloc",
		    vmstat_value("thp_fault_alloc") - a0, "faults");
	chan_metric(c->g, -1, "thp_fault_fallback",
		    vmstat_value("thp_fault_fallback") - f0, "faults");
	chan_metric(c->g, -1, "thp_anon_huge_kb", meminfo_kb("AnonHugePages"),
		    "kB");
	chan_metric(c->g, -1, "thp_mb", mb, "MiB");
	syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	munmap(raw, len + align);
	if (never)
		write_text(THP_SYS "/enabled", "never");
}

/* What the kernel has of what this scenario needs. */
static void facts(struct contig *c)
{
	chan_metric(c->g, -1, "has_compaction",
		    !access("/proc/sys/vm/compact_memory", F_OK), "bool");
	chan_metric(c->g, -1, "has_thp", !access(THP_SYS, F_OK), "bool");
	chan_metric(c->g, -1, "has_gigantic",
		    !access("/sys/kernel/mm/hugepages/hugepages-1048576kB", F_OK),
		    "bool");
	chan_metric(c->g, -1, "has_kpagecount", !access("/proc/kpagecount", F_OK),
		    "bool");
	chan_metric(c->g, -1, "cpu_gbpages", cpu_gbpages(), "bool");
	chan_metric(c->g, -1, "huge_page_kb", meminfo_kb("Hugepagesize"), "kB");
	chan_metric(c->g, -1, "page_size_bytes", c->g->page_size, "bytes");
	chan_metric(c->g, -1, "block_pages", c->block_pages, "pages");
	chan_metric(c->g, -1, "pageblock_pages", pageblock_pages(), "pages");
	chan_metric(c->g, -1, "dimm_start_pfn", c->ids[0] * c->block_pages,
		    "pfn");
	chan_metric(c->g, -1, "blocks", c->n, "blocks");
}

static int wait_blocks(struct contig *c, int fd, long nblocks,
		       long long timeout_ms)
{
	c->n = uevent_wait_added(fd, c->ids, nblocks, timeout_ms);
	return c->n < nblocks ? -1 : 0;
}

int contig_run(struct guest *g, const struct mhp_msg *m)
{
	static struct contig c;
	long long size, node, timeout_ms, compact_on = 1, mb = 64, huge, dm[3];
	int64_t up_before, up_after, up_boot;
	struct mhp_msg go;
	int fd;

	memset(&c, 0, sizeof(c));
	c.g = g;
	if (mhp_msg_get_ll(m, "size", &size) || mhp_msg_get_ll(m, "node", &node) ||
	    mhp_msg_get_ll(m, "timeout_ms", &timeout_ms) ||
	    (mhp_msg_get(m, "compact") && mhp_msg_get_ll(m, "compact", &compact_on)) ||
	    (mhp_msg_get(m, "thp_mb") && mhp_msg_get_ll(m, "thp_mb", &mb)) ||
	    size <= 0 || node <= 0 || node >= MHP_MAX_NODES || mb <= 0 ||
	    size % g->block_size || size / g->block_size > MAX_BLOCKS)
		return fail(g, "bad_CONTIG_arguments");
	c.node = node;
	c.compact = compact_on && !access("/proc/sys/vm/compact_memory", F_OK);
	c.block_pages = g->block_size / g->page_size;
	fd = uevent_open();
	if (fd < 0)
		return fail(g, "no_uevent_socket");
	directmap(g, NULL, dm);
	vmstat_upstream_memmap(&up_before, &up_boot);
	chan_send(g, "ARMED");
	if (chan_recv(g, &go, timeout_ms) || strcmp(go.verb, "GO")) {
		close(fd);
		return fail(g, "no_GO_from_host");
	}
	if (wait_blocks(&c, fd, size / g->block_size, timeout_ms)) {
		close(fd);
		return fail(g, "timeout_waiting_for_memory_blocks");
	}
	close(fd);
	vmstat_upstream_memmap(&up_after, &up_boot);
	send_upstream_memmap_span(g, "after_add", up_before, up_after, up_boot);
	if (dm[0] >= 0 || dm[1] >= 0 || dm[2] >= 0) {
		long long after[3];
		size_t i;

		for (i = 0; i < ARRAY_SIZE(dm); i++)
			if (dm[i] >= 0)
				chan_metric(g, -1, i == 0 ? "directmap4k_before_kb" :
					    i == 1 ? "directmap2m_before_kb" :
					    "directmap1g_before_kb", dm[i], "kB");
		directmap(g, "after_add", after);
	}
	facts(&c);
	huge = meminfo_kb("Hugepagesize");
	/* 1: movable. */
	if (set_state(&c, "online_movable"))
		return fail(g, "cannot_online_movable");
	/* The first block's self-hosted memmap, once online. */
	chan_metric(g, -1, "memmap_pages_kpf",
		    kpf_self_hosted(c.ids[0] * c.block_pages, c.block_pages),
		    "pages");
	compact(&c);
	buddy_max(&c, "movable");
	if (huge > 0)
		hugetlb(&c, huge, "huge_pages_allocated_movable", "huge_movable");
	if (set_state(&c, "offline"))
		return fail(g, "cannot_offline_the_movable_blocks");
	/* 2: kernel. */
	if (set_state(&c, "online_kernel"))
		return fail(g, "cannot_online_kernel");
	compact(&c);
	buddy_max(&c, "kernel");
	/*
	 * Freed gigantic pages go back a page at a time, onto the per-cpu
	 * lists: the 2 MiB count comes first.
	 */
	if (huge > 0)
		hugetlb(&c, huge, "huge_pages_allocated_kernel", "huge_kernel");
	hugetlb(&c, 1048576, "gigantic_pages_allocated", "gigantic");
	thp(&c, mb);
	return chan_send(g, "DONE status=ok");
}
