// SPDX-License-Identifier: GPL-2.0
/*
 * The numa scenario, guest side. Node 1 has a CPU and, once the host adds
 * the DIMM, only hot-added memory. We report where the memmap of that
 * memory went: node 0's MemFree drop at add (the stock placement takes
 * the memmap from node 0, node 1 having no memory online yet), node 1's
 * present - managed pages and each block's self-hosted pages (the
 * altmap). Then struct-page-heavy work runs bound to node 1 (numactl
 * --cpunodebind --membind): faults, MADV_DONTNEED, page migration
 * between the nodes, fio's mmap engine on a tmpfs file bound to node 1,
 * and a sequential read of /proc/kpageflags over node 1's PFNs.
 *
 *   host:  NUMA size=S node=1 online=online_movable timeout_ms=T
 *              work_mb=32 work_s=2
 *   guest: ARMED; host: GO and device_add; guest: M ..., F ..., DONE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "nodemem.h"
#include "zoneinfo.h"

#define MAX_BLOCKS 256
#define NUMACTL "/usr/bin/numactl"
#define FIO "/usr/bin/fio"
#define SELF "/bin/mhpbench-guest"
#define FIO_DIR "/mnt/mhp-node"

static int fail(struct guest *g, const char *reason)
{
	return chan_send(g, "DONE status=error reason=%s", reason);
}

static int node_meminfo(int node, struct mhp_meminfo *mi)
{
	char path[64], text[4096];
	int n;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo",
		 node);
	if (read_text(path, text, sizeof(text)) < 0)
		return -1;
	return mhp_node_meminfo_parse(text, &n, mi) || n != node ? -1 : 0;
}

/* What a node has free: MemFree, and with the per-cpu lists (zoneinfo). */
struct node_snap {
	struct mhp_meminfo mi;	/* mem_total_kb -1: none */
	long long free_pcp_kb;	/* -1: none */
};

/*
 * The per-cpu lists matter: a pageblock-order allocation (the vmemmap
 * PMD) refills its list with two, and MemFree drops by both.
 */
static void snap_node(struct guest *g, int node, struct node_snap *ns)
{
	static struct mhp_zoneinfo zi;
	static char text[256 * 1024];

	if (node_meminfo(node, &ns->mi))
		ns->mi.mem_total_kb = -1;
	ns->free_pcp_kb = -1;
	if (read_text("/proc/zoneinfo", text, sizeof(text)) >= 0 &&
	    !mhp_zoneinfo_parse(text, &zi))
		ns->free_pcp_kb = mhp_zoneinfo_free_pcp(&zi, node) *
				  (g->page_size / 1024);
}

static void send_snap(struct guest *g, int node, const char *when,
		      const struct node_snap *ns)
{
	char name[64];

	if (ns->mi.mem_total_kb >= 0) {
		snprintf(name, sizeof(name), "node%d_memfree_%s_kb", node, when);
		chan_metric(g, -1, name, ns->mi.mem_free_kb, "kB");
		snprintf(name, sizeof(name), "node%d_memtotal_%s_kb", node,
			 when);
		chan_metric(g, -1, name, ns->mi.mem_total_kb, "kB");
	}
	if (ns->free_pcp_kb >= 0) {
		snprintf(name, sizeof(name), "node%d_free_pcp_%s_kb", node,
			 when);
		chan_metric(g, -1, name, ns->free_pcp_kb, "kB");
	}
}

static void send_node(struct guest *g, int node, const char *when)
{
	struct node_snap ns;

	snap_node(g, node, &ns);
	send_snap(g, node, when, &ns);
}

/*
 * Run one work loop bound to node; its rate (ops per second) or -1. Its
 * output goes to the host as raw/work-KIND.
 */
static long long bound_work(struct guest *g, int node,
			    const char *const work[], int timeout_ms)
{
	char cpus[32], mem[32], out[1024], name[32];
	const char *argv[16], *r;
	unsigned long long ops, ns;
	int i = 0, j, st = -1, ret;

	snprintf(cpus, sizeof(cpus), "--cpunodebind=%d", node);
	snprintf(mem, sizeof(mem), "--membind=%d", node);
	argv[i++] = NUMACTL;
	argv[i++] = cpus;
	argv[i++] = mem;
	argv[i++] = SELF;
	argv[i++] = "work";
	for (j = 0; work[j] && i < 15; j++)
		argv[i++] = work[j];
	argv[i] = NULL;
	ret = tool_run(argv, out, sizeof(out), timeout_ms, &st);
	snprintf(name, sizeof(name), "work-%s", work[0]);
	chan_file(g, name, out, strlen(out));
	r = strstr(out, "ops=");
	if (ret || !WIFEXITED(st) || WEXITSTATUS(st) || !r ||
	    sscanf(r, "ops=%llu ns=%llu", &ops, &ns) != 2 || !ns)
		return -1;
	return (long long)(ops * 1e9 / ns);
}

/* fio, mmap engine, on a tmpfs file whose pages are bound to node. */
static void fio_work(struct guest *g, int node, long long mb, long long secs,
		     int timeout_ms)
{
	char opts[64], cpus[32], mem[32], size[32], runtime[32], out[8192];
	const char *const argv[] = {
		NUMACTL, cpus, mem, FIO, "--name=mmap", "--ioengine=mmap",
		"--filename=" FIO_DIR "/fio.dat", size, "--bs=4k",
		"--rw=randrw", "--time_based", runtime,
		"--output-format=terse", "--terse-version=3", NULL,
	};
	long long v[2];
	char *f;
	int i, st;

	if (!tool_present(FIO))
		return;
	mkdir(FIO_DIR, 0755);
	snprintf(opts, sizeof(opts), "size=%lldm,mpol=bind:%d", mb * 2, node);
	if (mount("tmpfs", FIO_DIR, "tmpfs", 0, opts)) {
		snprintf(out, sizeof(out), "mount tmpfs %s: %s\n", opts,
			 strerror(errno));
		chan_file(g, "fio-terse", out, strlen(out));
		return;
	}
	snprintf(cpus, sizeof(cpus), "--cpunodebind=%d", node);
	snprintf(mem, sizeof(mem), "--membind=%d", node);
	snprintf(size, sizeof(size), "--size=%lldm", mb);
	snprintf(runtime, sizeof(runtime), "--runtime=%lld", secs);
	i = tool_run(argv, out, sizeof(out), timeout_ms, &st);
	chan_file(g, "fio-terse", out, strlen(out));
	if (!i && WIFEXITED(st) && !WEXITSTATUS(st)) {
		/* terse v3: field 8 is the read IOPS, field 49 the write IOPS */
		f = out;
		v[0] = v[1] = -1;
		for (i = 1; f && i <= 49; i++) {
			if (i == 8)
				v[0] = strtoll(f, NULL, 10);
			if (i == 49)
				v[1] = strtoll(f, NULL, 10);
			f = strchr(f, ';');
			f = f ? f + 1 : NULL;
		}
		if (v[0] >= 0)
			chan_metric(g, -1, "fio_mmap_read_iops", v[0], "IO/s");
		if (v[1] >= 0)
			chan_metric(g, -1, "fio_mmap_write_iops", v[1], "IO/s");
	}
	umount(FIO_DIR);
}

static void work(struct guest *g, int node, long long mb, long long secs,
		 long first_block, long nblocks, int timeout_ms)
{
	char smb[24], ssecs[24], sfrom[24], scount[24], other[8], self[8];
	const char *const fault[] = { "fault", smb, ssecs, NULL };
	const char *const dontneed[] = { "dontneed", smb, ssecs, NULL };
	const char *const migrate[] = { "migrate", smb, ssecs, other, self, NULL };
	const char *const kpf[] = { "kpageflags", sfrom, scount, ssecs, NULL };
	uint64_t pages = g->block_size / g->page_size;
	long long r;

	snprintf(smb, sizeof(smb), "%lld", mb);
	snprintf(ssecs, sizeof(ssecs), "%lld", secs);
	snprintf(sfrom, sizeof(sfrom), "%llu",
		 (unsigned long long)(first_block * pages));
	snprintf(scount, sizeof(scount), "%llu",
		 (unsigned long long)(nblocks * pages));
	snprintf(other, sizeof(other), "%d", node ? 0 : 1);
	snprintf(self, sizeof(self), "%d", node);
	r = bound_work(g, node, fault, timeout_ms);
	chan_metric(g, -1, "fault_pages_per_s", r, "1/s");
	r = bound_work(g, node, dontneed, timeout_ms);
	chan_metric(g, -1, "dontneed_pages_per_s", r, "1/s");
	r = bound_work(g, node, migrate, timeout_ms);
	chan_metric(g, -1, "migrate_pages_per_s", r, "1/s");
	r = bound_work(g, node, kpf, timeout_ms);
	chan_metric(g, -1, "kpageflags_pfns_per_s", r, "1/s");
	fio_work(g, node, mb, secs, timeout_ms);
}

int numa_run(struct guest *g, const struct mhp_msg *m)
{
	static struct mhp_zoneinfo zi, zi_before;
	static char zi_text[256 * 1024];
	static long ids[MAX_BLOCKS];
	bool zi_before_ok;
	int64_t vm_before, vm_after, up_before, up_after, up_boot;
	long long size, node, timeout_ms, mb = 32, secs = 2;
	const char *how = mhp_msg_get(m, "online");
	char path[96], cpus[64];
	struct node_snap before0, before1;
	struct mhp_msg go;
	long nblocks, n = 0, i;
	uint64_t t0;
	int fd;

	if (mhp_msg_get_ll(m, "size", &size) || mhp_msg_get_ll(m, "node", &node) ||
	    mhp_msg_get_ll(m, "timeout_ms", &timeout_ms) || !how ||
	    (mhp_msg_get(m, "work_mb") && mhp_msg_get_ll(m, "work_mb", &mb)) ||
	    (mhp_msg_get(m, "work_s") && mhp_msg_get_ll(m, "work_s", &secs)) ||
	    size <= 0 || node <= 0 || node >= MHP_MAX_NODES || mb <= 0 ||
	    secs <= 0 || size % g->block_size)
		return fail(g, "bad_NUMA_arguments");
	nblocks = size / g->block_size;
	if (nblocks > MAX_BLOCKS)
		return fail(g, "too_many_blocks");
	snprintf(path, sizeof(path), "/sys/devices/system/node/node%lld/cpulist",
		 node);
	if (read_text(path, cpus, sizeof(cpus)) <= 1)
		return fail(g, "the_target_node_has_no_cpu");
	if (!tool_present(NUMACTL))
		return fail(g, "no_numactl_in_the_guest_image");
	fd = uevent_open();
	if (fd < 0)
		return fail(g, "no_uevent_socket");
	/* Sent after the run: nothing but ARMED may come before GO. */
	snap_node(g, 0, &before0);
	snap_node(g, node, &before1);
	zi_before_ok = read_text("/proc/zoneinfo", zi_text, sizeof(zi_text)) >= 0 &&
		       !mhp_zoneinfo_parse(zi_text, &zi_before);
	vm_before = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_before, &up_boot);
	chan_send(g, "ARMED");
	if (chan_recv(g, &go, timeout_ms) || strcmp(go.verb, "GO")) {
		close(fd);
		return fail(g, "no_GO_from_host");
	}
	t0 = now_us();
	n = uevent_wait_added(fd, ids, nblocks, timeout_ms);
	close(fd);
	if (n < nblocks)
		return fail(g, "timeout_waiting_for_memory_blocks");
	send_snap(g, 0, "before", &before0);
	send_snap(g, node, "before", &before1);
	send_node(g, 0, "after_add");
	for (i = 0; i < n; i++) {
		char state[32] = "";

		snprintf(path, sizeof(path),
			 "/sys/devices/system/memory/memory%ld/state", ids[i]);
		/* online=kernel: the kernel onlines it (DLPAR); wait for that. */
		while (!strcmp(how, "kernel") && strncmp(state, "online", 6) &&
		       now_us() - t0 < (uint64_t)timeout_ms * 1000) {
			if (read_text(path, state, sizeof(state)) < 0)
				break;
			usleep(10000);
		}
		if (!strcmp(how, "kernel") ? strncmp(state, "online", 6) :
		    write_text(path, how))
			return fail(g, "cannot_online_a_block");
	}
	send_node(g, 0, "after_online");
	send_node(g, node, "after_online");
	if (read_text("/proc/zoneinfo", zi_text, sizeof(zi_text)) < 0 ||
	    mhp_zoneinfo_parse(zi_text, &zi))
		return fail(g, "cannot_parse_zoneinfo");
	chan_file(g, "zoneinfo-after-online", zi_text, strlen(zi_text));
	vm_after = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_after, &up_boot);
	placement_send(g, ids, n, node, &zi);
	if (zi_before_ok)
		placement_node(g, &zi_before, node, "_before");
	if (vm_before >= 0 && vm_after >= 0) {
		chan_metric(g, -1, "vmstat_memmap_before_pages", vm_before,
			    "pages");
		chan_metric(g, -1, "vmstat_memmap_after_online_pages", vm_after,
			    "pages");
	}
	send_upstream_memmap_span(g, "after_online", up_before, up_after,
				  up_boot);
	chan_metric(g, -1, "blocks", n, "blocks");
	work(g, node, mb, secs, ids[0], n, timeout_ms);
	return chan_send(g, "DONE status=ok");
}
