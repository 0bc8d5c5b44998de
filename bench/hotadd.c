// SPDX-License-Identifier: GPL-2.0
/*
 * The hot-add scenario, guest side. The host adds one DIMM after GO; we
 * timestamp every memory block the kernel announces, online each block
 * ourselves (timing the sysfs write, which is where the memmap is
 * initialised), and report what the memory counters say before add,
 * after add and after online. The host turns these raw numbers into the
 * derived metrics and the altmap verdict.
 *
 * With online=kernel (pseries DLPAR: the kernel onlines each LMB right
 * after adding it) we write nothing: we record that the kernel onlined
 * the blocks and when each block's "online" uevent arrived. There is no
 * moment between add and online to take a snapshot in, so there is no
 * "after add" meminfo either.
 *
 * With eager=1 (virtio-mem: its driver adds no more while about 1 GiB of
 * what it added is offline, so a larger plug waits on us) each block is
 * onlined as soon as its "add" uevent comes; there is no moment after
 * the add either.
 *
 * With remove=1 the DIMM is then hot-removed again (hotremove.c). Kernels
 * with the mhpbench memmap accounting also report nr_memmap_on_memory of
 * /proc/vmstat at each step, for the host to check against zoneinfo.
 * With remove=device the device takes the memory back itself, and then
 * the host plugs it once more (REPLUG), onlined eagerly again.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "meminfo.h"
#include "zoneinfo.h"

#define PROC_BUF (256 * 1024)

/* What the host asked for: HOTADD's arguments. */
struct hotadd_args {
	long long size, node, timeout_ms;
	long long trace;	/* the latency decomposition (ftrace.c) */
	/*
	 * node_before=1: the node has memory already (mhpbench native). The
	 * node's pages before the add are sent in any case.
	 */
	long long node_before;
	long long eager;
	const char *how;	/* "online_movable", ..., "kernel", "offline" */
	bool by_kernel;
	enum { REMOVE_NONE, REMOVE_GUEST, REMOVE_DEVICE } remove;
};

/* The integer arguments: which must be there. */
static const struct {
	const char *key;
	size_t off;
	bool required;
} int_args[] = {
	{ "size", offsetof(struct hotadd_args, size), true },
	{ "node", offsetof(struct hotadd_args, node), true },
	{ "timeout_ms", offsetof(struct hotadd_args, timeout_ms), true },
	{ "trace", offsetof(struct hotadd_args, trace), false },
	{ "node_before", offsetof(struct hotadd_args, node_before), false },
	{ "eager", offsetof(struct hotadd_args, eager), false },
};

struct block {
	long id;
	char uevent[512];	/* the raw netlink message */
	size_t uevent_len;
	uint64_t added_us;	/* since GO */
	uint64_t online_us;	/* the write; or, kernel-onlined, since GO */
	bool online_seen;	/* kernel-onlined: its "online" uevent came */
	int online_errno;
};

static int cmp_block(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Parse /proc/meminfo and keep its text for the host (raw snapshot). */
static int snap_meminfo(char *buf, size_t len, struct mhp_meminfo *mi)
{
	if (read_text("/proc/meminfo", buf, len) < 0)
		return -1;
	return mhp_meminfo_parse(buf, mi);
}

static int snap_zoneinfo(char *buf, size_t len, struct mhp_zoneinfo *zi)
{
	if (read_text("/proc/zoneinfo", buf, len) < 0)
		return -1;
	return mhp_zoneinfo_parse(buf, zi);
}

static void online_block(struct block *b, const char *how)
{
	char path[96];
	uint64_t t0;

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%ld/state",
		 b->id);
	ftrace_mark("online", b->id);
	t0 = now_us();
	b->online_errno = write_text(path, how) ? errno : 0;
	b->online_us = now_us() - t0;
}

static struct block *find_block(struct block *b, long n, long id)
{
	long i;

	for (i = 0; i < n; i++)
		if (b[i].id == id)
			return &b[i];
	return NULL;
}

/* A block's "add" uevent, its raw message kept: the next of blk. */
static struct block *block_added(struct block *blk, long *n, long id,
				 const char *raw, size_t len, uint64_t since_go)
{
	struct block *b = &blk[(*n)++];

	memset(b, 0, sizeof(*b));
	b->id = id;
	memcpy(b->uevent, raw, len);
	b->uevent_len = len;
	b->added_us = since_go;
	return b;
}

/*
 * Collect the uevents of the DIMM's blocks: each one's "add" and, when
 * the kernel onlines them, its "online". With eager (the state to write,
 * or NULL) each block is onlined as soon as its "add" comes: its
 * added_us is then when we read its uevent, after the write of the block
 * before it (which in turn waits for the add of a later block, holding
 * the device hotplug lock). Returns how many were added; *nonline how
 * many the kernel was seen to online.
 */
static long wait_blocks(int fd, struct block *blk, long nblocks,
			bool by_kernel, const char *eager, uint64_t t0,
			long long timeout_ms, long *nonline)
{
	uint64_t deadline = t0 + (uint64_t)timeout_ms * 1000, t;
	static char raw[512];
	char action[16];
	long n = 0, id;
	size_t len;

	*nonline = 0;
	while (n < nblocks || (by_kernel && *nonline < nblocks)) {
		struct block *b;

		id = uevent_next_block_by(fd, deadline, &t, raw, sizeof(raw),
					  &len, action, sizeof(action));
		if (id < 0)
			break;
		b = find_block(blk, n, id);
		if (!strcmp(action, "add") && !b && n < nblocks) {
			b = block_added(blk, &n, id, raw, len, t - t0);
			if (eager)
				online_block(b, eager);
		} else if (!strcmp(action, "online") && by_kernel && b &&
			   !b->online_seen) {
			b->online_seen = true;
			b->online_us = t - t0;
			(*nonline)++;
		}
	}
	return n;
}

/* Free memory in kB, the per-cpu lists included (MemFree leaves them out). */
static long long free_pcp_kb(const struct mhp_zoneinfo *zi, unsigned int page)
{
	return mhp_zoneinfo_free_pcp(zi, -1) * (page / 1024);
}

static int fail(struct guest *g, const char *reason)
{
	return chan_send(g, "DONE status=error reason=%s", reason);
}

static void send_meminfo(struct guest *g, const char *when,
			 const struct mhp_meminfo *mi)
{
	char name[64];

	snprintf(name, sizeof(name), "memfree_%s_kb", when);
	chan_metric(g, -1, name, mi->mem_free_kb, "kB");
	snprintf(name, sizeof(name), "memtotal_%s_kb", when);
	chan_metric(g, -1, name, mi->mem_total_kb, "kB");
	if (mi->memmap_on_memory_kb >= 0) {
		snprintf(name, sizeof(name), "meminfo_memmap_%s_kb", when);
		chan_metric(g, -1, name, mi->memmap_on_memory_kb, "kB");
	}
}

/* nr_memmap_on_memory as read at a step; absent on other kernels. */
static void send_vmstat(struct guest *g, const char *when, int64_t pages)
{
	char name[64];

	if (pages < 0)
		return;
	snprintf(name, sizeof(name), "vmstat_memmap_%s_pages", when);
	chan_metric(g, -1, name, pages, "pages");
}

static void send_blocks(struct guest *g, const struct block *b, int n,
			bool by_kernel)
{
	char name[48];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "uevent-memory%ld", b[i].id);
		chan_file(g, name, b[i].uevent, b[i].uevent_len);
		chan_metric(g, b[i].id, "add_latency_us", b[i].added_us, "us");
		if (by_kernel) {
			chan_metric(g, b[i].id, "kernel_online_seen_us",
				    b[i].online_us, "us");
		} else {
			chan_metric(g, b[i].id, "online_latency_us",
				    b[i].online_us, "us");
			chan_metric(g, b[i].id, "online_errno",
				    b[i].online_errno, "errno");
		}
	}
}

/* Raw text of the /proc files, for the sample's log dir. */
static char mi_before[8192], mi_added[8192], mi_onlined[8192];
static char zi_onlined[PROC_BUF];

static void send_snapshots(struct guest *g, bool after_add)
{
	chan_file(g, "meminfo-before", mi_before, strlen(mi_before));
	if (after_add)
		chan_file(g, "meminfo-after-add", mi_added, strlen(mi_added));
	chan_file(g, "meminfo-after-online", mi_onlined, strlen(mi_onlined));
	chan_file(g, "zoneinfo-after-online", zi_onlined, strlen(zi_onlined));
}

/* HOTADD's arguments into a; -1 when they are not all there or wrong. */
static int parse_args(const struct mhp_msg *m, struct hotadd_args *a)
{
	const char *remove = mhp_msg_get(m, "remove");
	long long *v, r = 0;
	size_t i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < ARRAY_SIZE(int_args); i++) {
		v = (long long *)((char *)a + int_args[i].off);
		if ((int_args[i].required || mhp_msg_get(m, int_args[i].key)) &&
		    mhp_msg_get_ll(m, int_args[i].key, v))
			return -1;
	}
	a->how = mhp_msg_get(m, "online");
	if (!a->how || a->size <= 0 || a->node < 0 || a->node >= MHP_MAX_NODES)
		return -1;
	a->by_kernel = !strcmp(a->how, "kernel");
	if (remove && strcmp(remove, "device") &&
	    mhp_msg_get_ll(m, "remove", &r))
		return -1;
	if (remove && !strcmp(remove, "device"))
		a->remove = REMOVE_DEVICE;
	else
		a->remove = r ? REMOVE_GUEST : REMOVE_NONE;
	/* Eager onlining, and a replug (onlined eagerly), need us to online. */
	if ((a->eager || a->remove == REMOVE_DEVICE) &&
	    (a->by_kernel || !strcmp(a->how, "offline")))
		return -1;
	return 0;
}

/* A failure after the add's rows were sent: -1 once reported. */
static int fail_later(struct guest *g, const char *reason)
{
	fail(g, reason);
	return -1;
}

/*
 * The device plugs its memory again (remove=device), once it took it
 * back: we ask the host to REPLUG and online the blocks as they come,
 * as the first time. Row replug_blocks: how many came, each onlined.
 * 0, or -1 once the failure was reported.
 */
static int replug(struct guest *g, const struct hotadd_args *a, long nblocks)
{
	static struct block blk[GUEST_MAX_BLOCKS];
	const char *status;
	struct mhp_msg m;
	long n, i, nonline;
	int fd = uevent_open(), err = 0;

	if (fd < 0)
		return fail_later(g, "no_uevent_socket");
	chan_send(g, "REPLUG");
	n = wait_blocks(fd, blk, nblocks, false, a->how, now_us(),
			a->timeout_ms, &nonline);
	close(fd);
	for (i = 0; i < n; i++)
		err |= blk[i].online_errno;
	chan_metric(g, -1, "replug_blocks", n, "blocks");
	if (chan_recv(g, &m, a->timeout_ms) || strcmp(m.verb, "REPLUGGED"))
		return fail_later(g, "no_REPLUGGED_from_host");
	status = mhp_msg_get(&m, "status");
	if (!status || strcmp(status, "ok"))
		return fail_later(g, "the_host_could_not_replug");
	if (n < nblocks)
		return fail_later(g, "timeout_waiting_for_replugged_blocks");
	if (err)
		return fail_later(g, "onlining_replugged_blocks_failed");
	return 0;
}

/* The memory goes again, as the host asked; 0, or -1 once reported. */
static int hotadd_remove(struct guest *g, const struct hotadd_args *a,
			 const long *ids, long nblocks)
{
	switch (a->remove) {
	case REMOVE_GUEST:
		return hotremove_run(g, ids, nblocks, a->timeout_ms);
	case REMOVE_DEVICE:
		if (hotremove_device_run(g, ids, nblocks, a->timeout_ms))
			return -1;
		return replug(g, a, nblocks);
	default:
		return 0;
	}
}

int hotadd_run(struct guest *g, const struct mhp_msg *m)
{
	static struct mhp_zoneinfo zi;
	static struct block blk[GUEST_MAX_BLOCKS];
	struct mhp_meminfo before, added, onlined;
	int64_t vm_before, vm_added = -1, vm_onlined;
	int64_t up_before, up_boot, up_added = -1, up_onlined, up_x;
	long long free_pcp_before, free_pcp_added = -1, free_pcp_onlined = -1;
	static struct mhp_zoneinfo zi_before;
	static long ids[GUEST_MAX_BLOCKS];
	bool added_ok = false, onlined_ok, after_add;
	struct hotadd_args a;
	struct mhp_msg go;
	long nblocks, i, nonline;
	uint64_t t0;
	int fd;

	if (parse_args(m, &a))
		return fail(g, "bad_HOTADD_arguments");
	if (a.size % g->block_size)
		return fail(g, "size_not_a_multiple_of_the_block_size");
	nblocks = a.size / g->block_size;
	if (nblocks > GUEST_MAX_BLOCKS)
		return fail(g, "too_many_blocks");
	/* A moment between add and online: when we online, not eagerly. */
	after_add = !a.by_kernel && !a.eager;

	/*
	 * The latency decomposition (ftrace.c), from before the add on; set
	 * up before the "before" snapshot, since the tracer takes memory.
	 */
	if (a.trace)
		ftrace_begin();
	fd = uevent_open();
	if (fd < 0)
		return fail(g, "no_uevent_socket");
	/*
	 * The block slots, faulted in now: 512 of them are 69 pages, which
	 * the MemFree witness would count as taken by the add.
	 */
	memset(blk, 0, sizeof(blk));
	/* zi_onlined's buffer, so that it is already faulted in after. */
	if (snap_meminfo(mi_before, sizeof(mi_before), &before) ||
	    snap_zoneinfo(zi_onlined, sizeof(zi_onlined), &zi)) {
		close(fd);
		return fail(g, "cannot_read_meminfo_or_zoneinfo");
	}
	free_pcp_before = free_pcp_kb(&zi, g->page_size);
	zi_before = zi;
	vm_before = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_before, &up_boot);
	chan_send(g, "ARMED");
	if (chan_recv(g, &go, a.timeout_ms) || strcmp(go.verb, "GO")) {
		close(fd);
		return fail(g, "no_GO_from_host");
	}
	t0 = now_us();
	i = wait_blocks(fd, blk, nblocks, a.by_kernel, a.eager ? a.how : NULL,
			t0, a.timeout_ms, &nonline);
	close(fd);
	if (i < nblocks || nonline < (a.by_kernel ? nblocks : 0)) {
		chan_metric(g, -1, "blocks_seen", i, "blocks");
		if (a.by_kernel)
			chan_metric(g, -1, "blocks_online_seen", nonline, "blocks");
		return fail(g, i < nblocks ? "timeout_waiting_for_memory_blocks" :
			    "timeout_waiting_for_the_kernel_to_online");
	}
	if (after_add) {
		added_ok = !snap_meminfo(mi_added, sizeof(mi_added), &added);
		vm_added = vmstat_value("nr_memmap_on_memory");
		vmstat_upstream_memmap(&up_added, &up_x);
		/*
		 * Free memory with the per-cpu lists too: THP-order pages
		 * (a vmemmap PMD freed by an earlier removal) wait there,
		 * where MemFree does not see them leave.
		 */
		if (!snap_zoneinfo(zi_onlined, sizeof(zi_onlined), &zi))
			free_pcp_added = free_pcp_kb(&zi, g->page_size);
	}

	qsort(blk, nblocks, sizeof(blk[0]), cmp_block);
	/* online=offline: the blocks stay offline (mhpbench selftest). */
	for (i = 0; i < nblocks && after_add && strcmp(a.how, "offline"); i++)
		online_block(&blk[i], a.how);
	onlined_ok = !snap_meminfo(mi_onlined, sizeof(mi_onlined), &onlined);
	vm_onlined = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_onlined, &up_x);
	if (snap_zoneinfo(zi_onlined, sizeof(zi_onlined), &zi))
		return fail(g, "cannot_parse_zoneinfo");
	free_pcp_onlined = free_pcp_kb(&zi, g->page_size);
	for (i = 0; i < nblocks; i++)
		ids[i] = blk[i].id;

	send_snapshots(g, after_add);
	send_blocks(g, blk, nblocks, a.by_kernel);
	send_meminfo(g, "before", &before);
	if (added_ok)
		send_meminfo(g, "after_add", &added);
	if (onlined_ok)
		send_meminfo(g, "after_online", &onlined);
	send_vmstat(g, "before", vm_before);
	send_vmstat(g, "after_add", vm_added);
	send_vmstat(g, "after_online", vm_onlined);
	send_upstream_memmap(g, "before", up_before, up_boot);
	send_upstream_memmap(g, "after_add", up_added, up_x);
	send_upstream_memmap(g, "after_online", up_onlined, up_x);
	/* What upstream counted for the DIMM, wherever its memmap went. */
	if (up_before >= 0 && (after_add ? up_added : up_onlined) >= 0)
		chan_metric(g, -1, "memmap_pages_upstream",
			    (after_add ? up_added : up_onlined) - up_before,
			    "pages");
	placement_send(g, ids, nblocks, a.node, &zi);
	placement_node(g, &zi_before, a.node, "_before");
	chan_metric(g, -1, "online_by_kernel", a.by_kernel, "bool");
	if (a.eager) {
		chan_metric(g, -1, "online_eager", 1, "bool");
		vmem_probe_send(g);
	}
	chan_metric(g, -1, "free_pcp_before_kb", free_pcp_before, "kB");
	if (free_pcp_added >= 0)
		chan_metric(g, -1, "free_pcp_after_add_kb", free_pcp_added,
			    "kB");
	chan_metric(g, -1, "free_pcp_after_online_kb", free_pcp_onlined, "kB");
	if (zi.node[a.node].seen)
		chan_metric(g, -1, "node_spanned_pages", zi.node[a.node].spanned,
			    "pages");
	chan_metric(g, -1, "blocks", nblocks, "blocks");
	if (hotadd_remove(g, &a, ids, nblocks))
		return 0;
	if (a.trace) {
		long first = blk[0].id, count = nblocks;

		ftrace_end(g, &first, &count, 1);
	}
	return chan_send(g, "DONE status=ok");
}
