// SPDX-License-Identifier: GPL-2.0
/*
 * Hot-remove, guest side, right after a hot-add: offline every block of
 * the DIMM ourselves, from the last one to the first (timing each sysfs
 * write), then tell the host, which unplugs the DIMM (QMP device_del) and
 * waits for QEMU's DEVICE_DELETED. Meanwhile we time each block's
 * "remove" uevent. Once the host says the DIMM is gone, we report what
 * MemTotal and the memmap counters say: they must be back where they were
 * before the add.
 *
 * A device that takes its memory back itself (virtio-mem: its driver
 * offlines and removes the blocks, last first) gets no offlining from us:
 * we ask the host to UNPLUG, time the "remove" uevents as above, and
 * check that every block is gone from sysfs.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "meminfo.h"

struct gone {
	long id;
	uint64_t offline_us;	/* the write */
	int offline_errno;
	uint64_t removed_us;	/* its "remove" uevent, since OFFLINED */
	bool removed;
};

static int fail(struct guest *g, const char *reason)
{
	chan_send(g, "DONE status=error reason=%s", reason);
	return -1;
}

static void offline_block(struct gone *b)
{
	char path[96];
	uint64_t t0;

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%ld/state",
		 b->id);
	ftrace_mark("offline", b->id);
	t0 = now_us();
	b->offline_errno = write_text(path, "offline") ? errno : 0;
	b->offline_us = now_us() - t0;
}

/* Collect the "remove" uevents of the blocks; how many came in time. */
static long wait_removed(int fd, struct gone *b, long n, uint64_t t0,
			 long long timeout_ms)
{
	uint64_t deadline = t0 + (uint64_t)timeout_ms * 1000, t;
	static char raw[512];
	char action[16];
	long seen = 0, i, id;
	size_t len;

	while (seen < n) {
		id = uevent_next_block_by(fd, deadline, &t, raw, sizeof(raw),
					  &len, action, sizeof(action));
		if (id < 0)
			break;
		if (strcmp(action, "remove"))
			continue;
		for (i = 0; i < n; i++) {
			if (b[i].id != id || b[i].removed)
				continue;
			b[i].removed = true;
			b[i].removed_us = t - t0;
			seen++;
		}
	}
	return seen;
}

static void send_counters(struct guest *g, const char *when)
{
	static char text[8192];
	struct mhp_meminfo mi;
	char name[64], *p;
	int64_t pages, boot;

	if (read_text("/proc/meminfo", text, sizeof(text)) < 0 ||
	    mhp_meminfo_parse(text, &mi))
		return;
	snprintf(name, sizeof(name), "meminfo-%s", when);
	for (p = name; *p; p++)
		if (*p == '_')
			*p = '-';
	chan_file(g, name, text, strlen(text));
	snprintf(name, sizeof(name), "memtotal_%s_kb", when);
	chan_metric(g, -1, name, mi.mem_total_kb, "kB");
	snprintf(name, sizeof(name), "memfree_%s_kb", when);
	chan_metric(g, -1, name, mi.mem_free_kb, "kB");
	if (mi.memmap_on_memory_kb >= 0) {
		snprintf(name, sizeof(name), "meminfo_memmap_%s_kb", when);
		chan_metric(g, -1, name, mi.memmap_on_memory_kb, "kB");
	}
	pages = vmstat_value("nr_memmap_on_memory");
	if (pages >= 0) {
		snprintf(name, sizeof(name), "vmstat_memmap_%s_pages", when);
		chan_metric(g, -1, name, pages, "pages");
	}
	if (!vmstat_upstream_memmap(&pages, &boot)) {
		snprintf(name, sizeof(name), "upstream_memmap_%s_pages", when);
		chan_metric(g, -1, name, pages, "pages");
	}
}

/*
 * The blocks of the add, to go, into *b, and a uevent socket to see
 * them go: its fd, or -1 once the failure was reported.
 */
static int removal_begin(struct guest *g, const long *ids, long nblocks,
			 struct gone **b)
{
	static struct gone gone[GUEST_MAX_BLOCKS];
	int fd;
	long i;

	if (nblocks > GUEST_MAX_BLOCKS)
		return fail(g, "too_many_blocks");
	fd = uevent_open();
	if (fd < 0)
		return fail(g, "no_uevent_socket");
	memset(gone, 0, sizeof(gone));
	for (i = 0; i < nblocks; i++)
		gone[i].id = ids[i];
	*b = gone;
	return fd;
}

/*
 * Since the host was asked to unplug: the blocks' "remove" uevents and
 * the host's word (rows remove_latency_us, blocks_removed). fd is
 * closed; 0, or -1 once the failure was reported.
 */
static int wait_unplugged(struct guest *g, int fd, struct gone *b,
			  long nblocks, long long timeout_ms)
{
	const char *status;
	struct mhp_msg m;
	uint64_t t0 = now_us();
	long i, seen;

	seen = wait_removed(fd, b, nblocks, t0, timeout_ms);
	close(fd);
	if (chan_recv(g, &m, timeout_ms) || strcmp(m.verb, "UNPLUGGED"))
		return fail(g, "no_UNPLUGGED_from_host");
	status = mhp_msg_get(&m, "status");
	if (!status || strcmp(status, "ok"))
		return fail(g, "the_host_could_not_unplug");
	for (i = 0; i < nblocks; i++)
		if (b[i].removed)
			chan_metric(g, b[i].id, "remove_latency_us",
				    b[i].removed_us, "us");
	chan_metric(g, -1, "blocks_removed", seen, "blocks");
	if (seen < nblocks)
		return fail(g, "timeout_waiting_for_the_blocks_to_go");
	return 0;
}

int hotremove_run(struct guest *g, const long *ids, long nblocks,
		  long long timeout_ms)
{
	struct gone *b;
	int fd = removal_begin(g, ids, nblocks, &b), err = 0;
	long i;

	if (fd < 0)
		return -1;
	for (i = nblocks - 1; i >= 0; i--) {
		offline_block(&b[i]);
		if (b[i].offline_errno && !err)
			err = b[i].offline_errno;
	}
	for (i = 0; i < nblocks; i++) {
		chan_metric(g, b[i].id, "offline_latency_us", b[i].offline_us, "us");
		chan_metric(g, b[i].id, "offline_errno", b[i].offline_errno,
			    "errno");
	}
	if (err) {
		close(fd);
		return fail(g, "offlining_failed");
	}
	send_counters(g, "after_offline");

	chan_send(g, "OFFLINED");
	if (wait_unplugged(g, fd, b, nblocks, timeout_ms))
		return -1;
	send_counters(g, "after_remove");
	return 0;
}

/*
 * Blocks of ids still in /sys/devices/system/memory once timeout_ms has
 * passed: device_del() sends a block's "remove" uevent before it takes
 * its sysfs directory away, so a directory may outlive the uevent a
 * moment.
 */
static long blocks_left(const long *ids, long nblocks, long long timeout_ms)
{
	uint64_t deadline = now_us() + (uint64_t)timeout_ms * 1000;
	char path[96];
	long i, left;

	for (;;) {
		for (i = left = 0; i < nblocks; i++) {
			snprintf(path, sizeof(path),
				 "/sys/devices/system/memory/memory%ld", ids[i]);
			left += !access(path, F_OK);
		}
		if (!left || now_us() >= deadline)
			return left;
		usleep(1000);
	}
}

int hotremove_device_run(struct guest *g, const long *ids, long nblocks,
			 long long timeout_ms)
{
	struct gone *b;
	int fd = removal_begin(g, ids, nblocks, &b);

	if (fd < 0)
		return -1;
	chan_send(g, "UNPLUG");
	if (wait_unplugged(g, fd, b, nblocks, timeout_ms))
		return -1;
	if (blocks_left(ids, nblocks, timeout_ms))
		return fail(g, "blocks_left_in_sysfs_after_the_unplug");
	send_counters(g, "after_remove");
	return 0;
}
