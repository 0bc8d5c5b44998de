/* SPDX-License-Identifier: GPL-2.0 */
/* The guest driver: runs as the guest's init payload, talks to the host. */
#ifndef MHP_GUEST_H
#define MHP_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "compiler.h"
#include "proto.h"

/*
 * Memory blocks one hot-add may bring: 64 GiB (virtio-mem's largest
 * default size) of 128 MiB blocks.
 */
#define GUEST_MAX_BLOCKS 512

struct guest {
	int ctl;		/* control port (virtio-serial) */
	unsigned int page_size;
	uint64_t block_size;
	long struct_page;	/* sizeof(struct page) from BTF, or -1 */
	char lacks[96];		/* what the kernel lacks (lacks.c), or "" */
	char rbuf[MHP_PROTO_MAX_LINE * 4];
	size_t rlen;
};

/* Control channel (chan.c). */
int chan_open(struct guest *g);
int chan_send(struct guest *g, const char *fmt, ...)
	__printf(2, 3);
/* Next message from the host; -1 on EOF, error or timeout (ms, <0: none). */
int chan_recv(struct guest *g, struct mhp_msg *m, int timeout_ms);
/* One measurement: "M block=B metric=NAME value=V unit=U". */
int chan_metric(struct guest *g, long block, const char *metric,
		long long value, const char *unit);

/* A raw snapshot (a /proc file, a uevent) for the sample's log dir. */
int chan_file(struct guest *g, const char *name, const void *buf, size_t len);

/*
 * What the running kernel lacks of what the scenarios need, a comma list
 * of numa, hotremove, kpageflags, acpi_memhp (lacks.c); "" for nothing.
 */
void guest_lacks(char *buf, size_t len);

/* Files and clocks (sys.c). */
uint64_t now_us(void);
/* Read a whole small file into buf (NUL-terminated); length or -1. */
ssize_t read_text(const char *path, char *buf, size_t len);
int write_text(const char *path, const char *text);
/* Leading self-hosted memmap pages (mhp_kpf_self_hosted()) of a range. */
long kpf_self_hosted(uint64_t start_pfn, uint64_t nr_pages);
/* A counter of /proc/vmstat; -1 when the kernel has none by that name. */
int64_t vmstat_value(const char *name);
/* Upstream's nr_memmap_pages / nr_memmap_boot_pages (6.11+); -1: none. */
int vmstat_upstream_memmap(int64_t *pages, int64_t *boot);
/*
 * Rows upstream_memmap_WHEN_pages (and, at "before", the boot count)
 * when the kernel has upstream's counters.
 */
void send_upstream_memmap(struct guest *g, const char *when, int64_t pages,
			  int64_t boot);
/*
 * The rows at "before" and at WHEN, and memmap_pages_upstream, what
 * upstream counted between them for the hot-added memory, wherever its
 * memmap went (when the kernel has upstream's counters).
 */
void send_upstream_memmap_span(struct guest *g, const char *when,
			       int64_t before, int64_t after, int64_t boot);
/* Pages per pageblock (/proc/pagetypeinfo), or -1. */
int64_t pageblock_pages(void);

/* Netlink uevents (uevent_sock.c). */
int uevent_open(void);
/* Wait for the next memory block "add"; its number, or -1 on timeout.
 * The raw message is copied to raw (rawlen bytes at most; *got set).
 */
long uevent_next_block_add(int fd, int timeout_ms, uint64_t *when_us,
			   char *raw, size_t rawlen, size_t *got);
/* The next uevent of any memory block, whatever its action (copied to
 * action, alen bytes at most): its block number, or -1 on timeout.
 */
long uevent_next_block(int fd, int timeout_ms, uint64_t *when_us,
		       char *raw, size_t rawlen, size_t *got, char *action,
		       size_t alen);
/* The same until deadline_us (now_us()'s clock) instead of a timeout. */
long uevent_next_block_by(int fd, uint64_t deadline_us, uint64_t *when_us,
			  char *raw, size_t rawlen, size_t *got, char *action,
			  size_t alen);
/*
 * Collect the numbers of the next nblocks memory blocks that are added
 * (other actions skipped) into ids, sorted, within timeout_ms: how many
 * came.
 */
long uevent_wait_added(int fd, long *ids, long nblocks, long long timeout_ms);

/* Scenarios: one verb each, looked up in a table (scenarios.c). */
struct guest_scenario {
	const char *verb;
	int (*run)(struct guest *g, const struct mhp_msg *m);
};

const struct guest_scenario *guest_scenario_find(const char *verb);
int hotadd_run(struct guest *g, const struct mhp_msg *m);
/* Offline, let the host unplug, report (hotremove.c); 0, or -1 once the
 * failure was reported to the host.
 */
int hotremove_run(struct guest *g, const long *ids, long nblocks,
		  long long timeout_ms);
/*
 * The same where the device takes its memory back itself (virtio-mem):
 * ask the host to UNPLUG, offline nothing, check the blocks are gone.
 */
int hotremove_device_run(struct guest *g, const long *ids, long nblocks,
			 long long timeout_ms);
/*
 * virtio-mem's probe (vmemprobe.c), from the kernel log: rows vmem_sbm,
 * vmem_subblock_bytes or vmem_bigblock_bytes, vmem_device_block_bytes;
 * none that the log does not say.
 */
void vmem_probe_send(struct guest *g);
/* The kernel's mem-on-off-test.sh, if the image has it (selftest.c). */
int selftest_run(struct guest *g, const struct mhp_msg *m);
/* mhpbench native: offline and online an existing block (cycle.c). */
int cycle_run(struct guest *g, const struct mhp_msg *m);

/* Guest tools and the driver's own work mode (tools.c, work.c). */
bool tool_present(const char *path);
/*
 * Start argv[0] (a path) in its own process group, stdin from /dev/null,
 * stdout and stderr into a pipe (*out_fd) or the log file, else
 * /dev/null. Its pid, or -1.
 */
pid_t tool_spawn(const char *const argv[], const char *log, int *out_fd);
/* Kill a spawned tool's process group and reap it. */
void tool_kill(pid_t pid);
/* Run to the end (or kill at timeout_ms: -1), its stdout in out. */
int tool_run(const char *const argv[], char *out, size_t len, int timeout_ms,
	     int *status);
int work_main(int argc, char **argv);

/*
 * The latency decomposition (ftrace.c): function-graph tracing of the
 * hot-add functions, from before the add to after the removal. Begin: 0,
 * or -1 when the kernel cannot trace them (then no rows). Mark: a line in
 * the trace before writing a block's state ("online", "offline"). End:
 * per-block rows of the calls; the DIMMs in the order they were added,
 * each with its first block and block count.
 */
int ftrace_begin(void);
void ftrace_mark(const char *what, long block);
void ftrace_end(struct guest *g, const long *first, const long *count,
		int ndimms);

/*
 * The truth check's rows (placement.c). Send: per block block_online,
 * block_node and (online blocks) memmap_pages_kpf; the node's
 * node_present_pages and node_managed_pages from zi (when given and the
 * node is in it); pageblock_pages. Node: node_present<when>_pages and
 * node_managed<when>_pages ("" or "_before").
 */
struct mhp_zoneinfo;
void placement_send(struct guest *g, const long *ids, long n, int node,
		    const struct mhp_zoneinfo *zi);
void placement_node(struct guest *g, const struct mhp_zoneinfo *zi, int node,
		    const char *when);

/* The oom and numa scenarios (oom.c, numa.c). */
int oom_run(struct guest *g, const struct mhp_msg *m);
int numa_run(struct guest *g, const struct mhp_msg *m);
/* What hot-added memory gives in contiguous pieces (contig.c). */
int contig_run(struct guest *g, const struct mhp_msg *m);

#endif
