// SPDX-License-Identifier: GPL-2.0
/*
 * The oom scenario, guest side: under a memory hog (stress-ng holding a
 * share of MemAvailable), the host hot-adds N single-block DIMMs one
 * after another; the blocks stay offline for the online delay (the
 * kernel's auto_online_blocks=offline) or the kernel onlines each at once
 * ("at-once": auto_online_blocks set to the online type, the policy the
 * seed calls a hack); then we online them. Meanwhile MemAvailable is
 * sampled every 10 ms, and the kernel log is read for the OOM killer's
 * victims and hot-add errors. The host turns this into survival.
 *
 *   host:  OOM blocks=N node=1 hog_pct=80 delay_ms=2000 policy=delayed
 *              online=online_movable timeout_ms=T [device=1]
 *   guest: ARMED                        (the hog holds its memory)
 *   host:  GO, then device_add of each DIMM, then ADDED dimms=N
 *   guest: M ... (block=t<ms> for the timeline), F ..., DONE
 *
 * device=1 (virtio-mem): the host asks for the whole size at once and
 * the device adds blocks while no more than max(1 GiB, 2 blocks) of what
 * it added is offline. Blocks stay offline until delay_ms after GO (the
 * request), then we online each as it comes; the host says how far the
 * plug got (ADDED blocks=K) when it is complete or gave up waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "meminfo.h"
#include "nodemem.h"
#include "zoneinfo.h"

#define MAX_BLOCKS 1024	/* 128 GiB of 128 MiB blocks */
#define MAX_POINTS 8192
#define SAMPLE_US 10000
#define SETTLE_US 3000000	/* after ADDED, no new block for this long */
#define TAIL_US 500000
/*
 * The hog fills its memory at the pace of the machine: under TCG on a busy
 * host 480 MiB took more than 120 s. It holds its memory when it has 95 %
 * and MemAvailable is still, or 80 % and no more for HOG_SETTLED_US; it
 * fails when MemAvailable has not dropped for HOG_STALL_US, or after the
 * run's timeout in all (the host waits twice that for ARMED).
 */
#define HOG_STALL_US 60000000
#define HOG_SETTLED_US 10000000
#define HOG_LOG "/tmp/stress-ng.log"
#define STILL_KB 512		/* the hog is done: MemAvailable moves less */
#define KMSG_MAX 16384
#define STRESS_NG "/usr/bin/stress-ng"
#define AUTO_ONLINE "/sys/devices/system/memory/auto_online_blocks"

struct oblock {
	long id;
	uint64_t added_us;	/* since GO */
	uint64_t online_us;	/* our write; at-once: its "online" uevent */
	int online_errno;
	bool online;
	bool tried;		/* we wrote its state (once, whatever came) */
};

struct point {
	uint32_t t_ms;
	int64_t kb;
};

struct oom_state {
	struct oblock blk[MAX_BLOCKS];
	long nblk;
	struct point pt[MAX_POINTS];
	long npt;
	int step;		/* keep every step-th sample when full */
	long taken;
	int64_t avail_min_kb;
	char kmsg[KMSG_MAX];	/* the kernel's lines of interest */
	size_t kmsg_len;
	int oom_lines;
	int failed_slot[MAX_BLOCKS];	/* ACPI memory devices whose add failed */
	int nfailed;
	int vmem_add_failed;	/* virtio-mem: "adding memory failed" */
	bool hog_killed;
	int kmsg_fd;
	int ufd;
	uint64_t t0, last_sample;
	uint64_t online_end;	/* since t0: the last online write's end */
};

/* What the host asked for. */
struct oom_args {
	long long n, node, pct, delay_ms, timeout_ms, device;
	const char *how;
	bool at_once;
};

/* Right after the add: memory, the DIMM's node, the OOM kills so far. */
struct add_snap {
	struct mhp_meminfo mi;
	struct mhp_zoneinfo zi;
	bool zi_ok;
	int64_t kills;
};

static struct oom_state st;

static int fail(struct guest *g, const char *reason)
{
	return chan_send(g, "DONE status=error reason=%s", reason);
}

/* MemAvailable, or -1; *out gets every field, -1 where not read. */
static int64_t mem_available(struct mhp_meminfo *out)
{
	static char text[8192];
	struct mhp_meminfo mi;

	if (read_text("/proc/meminfo", text, sizeof(text)) < 0 ||
	    mhp_meminfo_parse(text, &mi))
		mi = (struct mhp_meminfo){ .mem_total_kb = -1,
			.mem_free_kb = -1, .mem_available_kb = -1,
			.memmap_on_memory_kb = -1 };
	if (out)
		*out = mi;
	return mi.mem_available_kb;
}

/* One timeline point; when the buffer is full, every other point goes. */
static void sample(uint64_t t)
{
	int64_t kb = mem_available(NULL);
	long i;

	st.last_sample = t;
	if (kb < 0)
		return;
	if (st.avail_min_kb < 0 || kb < st.avail_min_kb)
		st.avail_min_kb = kb;
	if (st.taken++ % st.step)
		return;
	if (st.npt == MAX_POINTS) {
		for (i = 0; i < MAX_POINTS / 2; i++)
			st.pt[i] = st.pt[2 * i];
		st.npt = MAX_POINTS / 2;
		st.step *= 2;
	}
	st.pt[st.npt].t_ms = (t - st.t0) / 1000;
	st.pt[st.npt++].kb = kb;
}

/* Kernel log lines worth keeping: OOM kills, hot-add and memory errors. */
static void kmsg_drain(void)
{
	static const char *const keep[] = {
		"of memory", "oom", "add_memory", "memory", "hotplug", "ACPI",
		"acpi", "page allocation failure", "vmemmap", "virtio_mem",
	};
	char rec[1024], comm[32];
	const char *p;
	ssize_t n;
	size_t i;
	long pid;

	if (st.kmsg_fd < 0)
		return;
	for (;;) {
		n = read(st.kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			return;
		rec[n] = '\0';
		/* "acpi PNP0C80:1f: add_memory failed": the slot, in hex. */
		p = strstr(rec, "PNP0C80:");
		if (p && strstr(rec, "add_memory failed") && st.nfailed < MAX_BLOCKS)
			st.failed_slot[st.nfailed++] = strtol(p + 8, NULL, 16);
		/* virtio-mem gives back what it plugged and retries later. */
		if (strstr(rec, "virtio_mem") &&
		    strstr(rec, "adding memory failed"))
			st.vmem_add_failed++;
		if (!mhp_oom_kill_parse(rec, &pid, comm, sizeof(comm))) {
			st.oom_lines++;
			if (!strncmp(comm, "stress-ng", 9))
				st.hog_killed = true;
		}
		for (i = 0; i < ARRAY_SIZE(keep); i++)
			if (strstr(rec, keep[i]))
				break;
		if (i == ARRAY_SIZE(keep) || st.kmsg_len + n >= sizeof(st.kmsg))
			continue;
		memcpy(st.kmsg + st.kmsg_len, rec, n);
		st.kmsg_len += n;
		if (rec[n - 1] != '\n' && st.kmsg_len < sizeof(st.kmsg) - 1)
			st.kmsg[st.kmsg_len++] = '\n';
	}
}

static struct oblock *find(long id)
{
	long i;

	for (i = 0; i < st.nblk; i++)
		if (st.blk[i].id == id)
			return &st.blk[i];
	return NULL;
}

/* Take the memory-block uevents that are waiting. */
static void uevents(void)
{
	static char raw[512];
	char action[16];
	struct oblock *b;
	uint64_t t;
	size_t len;
	long id;

	while ((id = uevent_next_block(st.ufd, 1, &t, raw, sizeof(raw), &len,
				       action, sizeof(action))) >= 0) {
		b = find(id);
		if (!strcmp(action, "add") && !b && st.nblk < MAX_BLOCKS) {
			b = &st.blk[st.nblk++];
			memset(b, 0, sizeof(*b));
			b->id = id;
			b->added_us = t - st.t0;
		} else if (!strcmp(action, "online") && b && !b->online) {
			b->online = true;
			b->online_us = t - st.t0;
		}
	}
}

/*
 * Wait until deadline (µs), sampling every 10 ms, taking uevents, kernel
 * log lines and, when m is given, stopping at a host message (1).
 */
static int idle_until(struct guest *g, uint64_t deadline, struct mhp_msg *m)
{
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = st.ufd, .events = POLLIN },
			{ .fd = st.kmsg_fd, .events = POLLIN },
			{ .fd = g->ctl, .events = POLLIN },
		};
		uint64_t t = now_us(), next = st.last_sample + SAMPLE_US;
		int wait;

		if (t >= next) {
			sample(t);
			next = t + SAMPLE_US;
		}
		if (m && chan_recv(g, m, 0) == 0)
			return 1;
		if (t >= deadline)
			return 0;
		if (next > deadline)
			next = deadline;
		wait = next > t ? (int)((next - t + 999) / 1000) : 0;
		if (poll(p, m ? 3 : 2, wait) <= 0)
			continue;
		if (p[0].revents & POLLIN)
			uevents();
		if (p[1].revents & POLLIN)
			kmsg_drain();
		if (m && (p[2].revents & POLLIN) && chan_recv(g, m, 1) == 0)
			return 1;
	}
}

static int cmp_oblock(const void *a, const void *b)
{
	const struct oblock *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static void online_all(const char *how)
{
	char path[96];
	uint64_t t0;
	long i;

	qsort(st.blk, st.nblk, sizeof(st.blk[0]), cmp_oblock);
	for (i = 0; i < st.nblk; i++) {
		struct oblock *b = &st.blk[i];

		if (b->online || b->tried)
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/memory/memory%ld/state", b->id);
		t0 = now_us();
		b->online_errno = write_text(path, how) ? errno : 0;
		b->online_us = now_us() - t0;
		b->online = !b->online_errno;
		b->tried = true;
		if (b->online)
			st.online_end = t0 + b->online_us - st.t0;
		sample(now_us());
		kmsg_drain();
	}
}

/*
 * Start the hog and wait until it holds its memory; its pid, or -1 with
 * *last_kb the MemAvailable last read and *why what went wrong.
 */
static pid_t start_hog(int64_t hog_kb, int64_t avail_kb, long long timeout_ms,
		       int64_t *last_kb, const char **why)
{
	char bytes[32];
	const char *const argv[] = {
		STRESS_NG, "--vm", "1", "--vm-bytes", bytes, "--vm-keep",
		"--vm-hang", "0", "--vm-populate", "--oomable", "--timeout", "0",
		NULL,
	};
	uint64_t deadline = now_us() + timeout_ms * 1000ULL, moved = now_us();
	int64_t last = -1, low = INT64_MAX;
	pid_t pid;

	snprintf(bytes, sizeof(bytes), "%lldk", (long long)hog_kb);
	*why = "the_hog_did_not_start";
	pid = tool_spawn(argv, HOG_LOG, NULL);
	if (pid < 0)
		return -1;
	/* Until it holds (nearly) all of it and MemAvailable is still. */
	while (now_us() < deadline && now_us() - moved < HOG_STALL_US) {
		int64_t kb = mem_available(NULL);

		if (kb >= 0 && avail_kb - kb >= hog_kb * 95 / 100 && last >= 0 &&
		    llabs(last - kb) < STILL_KB)
			return pid;
		/*
		 * Or most of it, and no more for HOG_SETTLED_US: MAP_POPULATE
		 * is best effort, and a hog that stops at 85 % still leaves
		 * what it leaves (the host records MemAvailable and MemFree
		 * with the hog; the checks weigh those, not the 90 %).
		 */
		if (kb >= 0 && avail_kb - kb >= hog_kb * 80 / 100 &&
		    now_us() - moved >= HOG_SETTLED_US)
			return pid;
		/* Progress: a new low of MemAvailable, by STILL_KB or more. */
		if (kb >= 0 && kb <= low - STILL_KB) {
			low = kb;
			moved = now_us();
		}
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			*why = "the_hog_exited_before_taking_its_memory";
			*last_kb = kb;
			return -1;
		}
		last = kb;
		usleep(500000);
	}
	*why = "the_hog_did_not_take_its_memory";
	*last_kb = last;
	tool_kill(pid);
	return -1;
}

/* Why the hog failed: what it was asked for, what it got, its log. */
static int hog_failed(struct guest *g, const char *why, int64_t avail0,
		      int64_t hog_kb, int64_t last_kb)
{
	static char text[16384];

	chan_metric(g, -1, "hog_wanted_kb", hog_kb, "kB");
	chan_metric(g, -1, "memavailable_before_hog_kb", avail0, "kB");
	if (last_kb >= 0)
		chan_metric(g, -1, "memavailable_at_hog_failure_kb", last_kb,
			    "kB");
	if (read_text(HOG_LOG, text, sizeof(text)) >= 0)
		chan_file(g, "stress-ng.log", text, strlen(text));
	if (read_text("/proc/meminfo", text, sizeof(text)) >= 0)
		chan_file(g, "meminfo-at-hog-failure", text, strlen(text));
	return fail(g, why);
}

/* zoneinfo now; 0, or -1 when it cannot be read. */
static int snap_zi(struct mhp_zoneinfo *zi)
{
	static char text[256 * 1024];

	if (read_text("/proc/zoneinfo", text, sizeof(text)) < 0)
		return -1;
	return mhp_zoneinfo_parse(text, zi);
}

/* Free memory with the per-cpu lists, in kB, when zoneinfo was read. */
static void send_free_pcp(struct guest *g, const char *when, bool ok,
			  const struct mhp_zoneinfo *zi)
{
	char name[64];

	if (!ok)
		return;
	snprintf(name, sizeof(name), "free_pcp_%s_kb", when);
	chan_metric(g, -1, name, mhp_zoneinfo_free_pcp(zi, -1) *
		    (g->page_size / 1024), "kB");
}

/* What was read of /proc/meminfo at a step; nothing of what was not. */
static void send_mi(struct guest *g, const char *when,
		    const struct mhp_meminfo *mi)
{
	const struct {
		const char *what;
		int64_t kb;
	} v[] = {
		{ "memavailable", mi->mem_available_kb },
		{ "memfree", mi->mem_free_kb },
		{ "memtotal", mi->mem_total_kb },
	};
	char name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		if (v[i].kb < 0)
			continue;
		snprintf(name, sizeof(name), "%s_%s_kb", v[i].what, when);
		chan_metric(g, -1, name, v[i].kb, "kB");
	}
}

static void send_results(struct guest *g, long nonline, uint64_t online_done)
{
	static char log[16384];
	long i;

	for (i = 0; i < st.nblk; i++) {
		const struct oblock *b = &st.blk[i];

		chan_metric(g, b->id, "hotadd_ok", 1, "bool");
		chan_metric(g, b->id, "add_latency_us", b->added_us, "us");
		chan_metric(g, b->id, "online_latency_us", b->online_us, "us");
		chan_metric(g, b->id, "online_errno", b->online_errno, "errno");
	}
	for (i = 0; i < st.npt; i++)
		chan_send(g, "M block=t%u metric=memavailable_kb value=%lld unit=kB",
			  st.pt[i].t_ms, (long long)st.pt[i].kb);
	for (i = 0; i < st.nfailed; i++)
		chan_metric(g, -1, "add_memory_failed_slot", st.failed_slot[i],
			    "slot");
	chan_metric(g, -1, "blocks_added", st.nblk, "blocks");
	chan_metric(g, -1, "blocks_online", nonline, "blocks");
	chan_metric(g, -1, "memavailable_min_kb", st.avail_min_kb, "kB");
	chan_metric(g, -1, "oom_kill_lines", st.oom_lines, "count");
	chan_metric(g, -1, "oom_killed_hog", st.hog_killed, "bool");
	if (online_done)
		chan_metric(g, -1, "time_to_online_ms", online_done / 1000, "ms");
	chan_file(g, "kmsg", st.kmsg, st.kmsg_len);
	if (read_text("/tmp/stress-ng.log", log, sizeof(log)) > 0)
		chan_file(g, "stress-ng.log", log, strlen(log));
}

static bool all_online(void)
{
	long i;

	for (i = 0; i < st.nblk; i++)
		if (!st.blk[i].online)
			return false;
	return true;
}

static void snap_add(struct add_snap *a)
{
	mem_available(&a->mi);
	a->zi_ok = !snap_zi(&a->zi);
	a->kills = vmstat_value("oom_kill");
}

/*
 * DIMMs: the host adds them and says ADDED; blocks may lag behind. Then
 * until the N blocks came (at once: and are online) or no new one came
 * for SETTLE_US. The time of ADDED in *t_added; 0, or -1 without it.
 */
static int wait_dimms(struct guest *g, const struct oom_args *a,
		      uint64_t *t_added)
{
	uint64_t end = st.t0 + (uint64_t)a->timeout_ms * 1000;
	struct mhp_msg msg;
	bool added = false;

	while (!added && now_us() < end)
		if (idle_until(g, end, &msg) == 1 && !strcmp(msg.verb, "ADDED")) {
			added = true;
			*t_added = now_us();
		}
	if (!added)
		return -1;
	for (;;) {
		long seen = st.nblk;

		if (seen == a->n && (!a->at_once || all_online()))
			return 0;
		idle_until(g, now_us() + SETTLE_US, NULL);
		if (st.nblk == seen && (!a->at_once || all_online()))
			return 0;
	}
}

/* ADDED blocks=K: how many blocks the plug brought, into *want. */
static void take_added(const struct mhp_msg *m, long long *want)
{
	if (!strcmp(m->verb, "ADDED"))
		mhp_msg_get_ll(m, "blocks", want);
}

/*
 * A device that adds blocks over time (virtio-mem), asked for the whole
 * size at GO: it stops adding while too much of what it added is
 * offline. Delayed: nothing is onlined before delay_ms after GO, when
 * *at_delay_end blocks had come and *mi_pre is read; then each block is
 * onlined as it comes. Until the host's ADDED blocks=K and K blocks are
 * online, or no new block came for SETTLE_US after ADDED. 0, or -1
 * without ADDED.
 */
static int wait_device(struct guest *g, const struct oom_args *a,
		       struct mhp_meminfo *mi_pre, long *at_delay_end)
{
	uint64_t delay_end = st.t0 + (uint64_t)a->delay_ms * 1000;
	uint64_t end = delay_end + 2000ULL * a->timeout_ms, last_new = 0;
	long long want = -1;
	struct mhp_msg msg;
	long seen = -1;

	while (!a->at_once && now_us() < delay_end)
		if (idle_until(g, delay_end, &msg) == 1)
			take_added(&msg, &want);
	if (!a->at_once) {
		*at_delay_end = st.nblk;
		mem_available(mi_pre);
	}
	for (;;) {
		uint64_t t = now_us();

		if (!a->at_once)
			online_all(a->how);
		if (st.nblk != seen) {
			seen = st.nblk;
			last_new = t;
		}
		if (want >= 0 && ((st.nblk >= want && all_online()) ||
				  t - last_new > SETTLE_US))
			return 0;
		if (t > end)
			return -1;
		if (idle_until(g, t + SAMPLE_US, want < 0 ? &msg : NULL) == 1)
			take_added(&msg, &want);
	}
}

static int parse_args(const struct mhp_msg *m, struct oom_args *a)
{
	const char *policy = mhp_msg_get(m, "policy");

	a->how = mhp_msg_get(m, "online");
	a->device = 0;
	if (mhp_msg_get_ll(m, "blocks", &a->n) ||
	    mhp_msg_get_ll(m, "node", &a->node) ||
	    mhp_msg_get_ll(m, "hog_pct", &a->pct) ||
	    mhp_msg_get_ll(m, "delay_ms", &a->delay_ms) ||
	    mhp_msg_get_ll(m, "timeout_ms", &a->timeout_ms) || !policy ||
	    !a->how || a->n <= 0 || a->n > MAX_BLOCKS || a->pct < 0 ||
	    a->pct > 99 || a->delay_ms < 0 ||
	    (strcmp(policy, "delayed") && strcmp(policy, "at-once")))
		return -1;
	/* Absent: DIMMs. */
	mhp_msg_get_ll(m, "device", &a->device);
	a->at_once = !strcmp(policy, "at-once");
	return 0;
}

int oom_run(struct guest *g, const struct mhp_msg *m)
{
	struct mhp_meminfo mi0, mi_hog, mi_go, mi_pre, mi_post;
	static struct mhp_zoneinfo zi_go, zi_on;
	static struct add_snap add;
	int64_t avail0, hog_kb, kills0, kills1, kills_go, hog_last_kb = -1;
	const char *why = NULL;
	int64_t vm_go, vm_on, up_go, up_on, up_boot;
	bool zi_go_ok, zi_on_ok;
	static long ids[MAX_BLOCKS];
	uint64_t t_added = 0, online_done = 0;
	long i, nonline, at_delay_end = -1;
	struct oom_args a;
	struct mhp_msg msg;
	pid_t hog;
	int ret;

	if (parse_args(m, &a))
		return fail(g, "bad_OOM_arguments");
	if (!tool_present(STRESS_NG))
		return fail(g, "no_stress-ng_in_the_guest_image");
	memset(&st, 0, sizeof(st));
	st.step = 1;
	st.avail_min_kb = -1;
	st.kmsg_fd = -1;
	/* The victim must be the hog, never the driver. */
	write_text("/proc/self/oom_score_adj", "-1000");
	if (write_text(AUTO_ONLINE, a.at_once ? a.how : "offline"))
		return fail(g, "cannot_set_auto_online_blocks");
	st.ufd = uevent_open();
	if (st.ufd < 0)
		return fail(g, "no_uevent_socket");
	st.kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (st.kmsg_fd >= 0)
		lseek(st.kmsg_fd, 0, SEEK_END);

	avail0 = mem_available(&mi0);
	if (avail0 < 0)
		return fail(g, "no_MemAvailable");
	hog_kb = avail0 * a.pct / 100;
	kills0 = vmstat_value("oom_kill");
	hog = hog_kb ? start_hog(hog_kb, avail0, a.timeout_ms, &hog_last_kb,
				     &why) : 0;
	if (hog < 0) {
		close(st.ufd);
		return hog_failed(g, why, avail0, hog_kb, hog_last_kb);
	}
	mem_available(&mi_hog);
	chan_send(g, "ARMED");
	if (chan_recv(g, &msg, a.timeout_ms) || strcmp(msg.verb, "GO")) {
		tool_kill(hog);
		close(st.ufd);
		return fail(g, "no_GO_from_host");
	}
	st.t0 = now_us();
	mem_available(&mi_go);
	zi_go_ok = !snap_zi(&zi_go);
	kills_go = vmstat_value("oom_kill");
	vm_go = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_go, &up_boot);
	sample(st.t0);

	/*
	 * Right after the add (at once, or a device's blocks: and the
	 * online), before anything else: what the add took from free
	 * memory, and whether the OOM killer struck meanwhile (then free
	 * memory tells nothing). DIMMs: the delay runs from the end of the
	 * add, then we online.
	 */
	if (a.device) {
		ret = wait_device(g, &a, &mi_pre, &at_delay_end);
		snap_add(&add);
		if (a.at_once)
			mi_pre = add.mi;
	} else {
		ret = wait_dimms(g, &a, &t_added);
		snap_add(&add);
		if (!ret && !a.at_once)
			idle_until(g, t_added + (uint64_t)a.delay_ms * 1000, NULL);
		mem_available(&mi_pre);
	}
	if (ret) {
		tool_kill(hog);
		close(st.ufd);
		return fail(g, "no_ADDED_from_host");
	}
	online_all(a.how);
	for (i = nonline = 0; i < st.nblk; i++) {
		nonline += st.blk[i].online;
		ids[i] = st.blk[i].id;
	}
	/* The placement, as soon as the blocks are online. */
	zi_on_ok = !snap_zi(&zi_on);
	vm_on = vmstat_value("nr_memmap_on_memory");
	vmstat_upstream_memmap(&up_on, &up_boot);
	placement_send(g, ids, st.nblk, a.node, zi_on_ok ? &zi_on : NULL);
	/* At once: the last "online" uevent; else the end of our writes. */
	if (nonline == a.n && !a.at_once)
		online_done = st.online_end;
	for (i = 0; nonline == a.n && a.at_once && i < st.nblk; i++)
		if (st.blk[i].online_us > online_done)
			online_done = st.blk[i].online_us;
	idle_until(g, now_us() + TAIL_US, NULL);
	mem_available(&mi_post);
	kmsg_drain();
	tool_kill(hog);
	close(st.ufd);
	if (st.kmsg_fd >= 0)
		close(st.kmsg_fd);
	kills1 = vmstat_value("oom_kill");

	send_results(g, nonline, online_done);
	chan_metric(g, -1, "hog_kb", hog_kb, "kB");
	send_mi(g, "before_hog", &mi0);
	send_mi(g, "with_hog", &mi_hog);
	send_mi(g, "at_go", &mi_go);
	send_mi(g, "after_add", &add.mi);
	send_free_pcp(g, "at_go", zi_go_ok, &zi_go);
	send_free_pcp(g, "after_add", add.zi_ok, &add.zi);
	if (zi_go_ok)
		placement_node(g, &zi_go, a.node, "_before");
	if (kills_go >= 0 && add.kills >= 0)
		chan_metric(g, -1, "oom_kills_during_add", add.kills - kills_go,
			    "count");
	if (vm_go >= 0 && vm_on >= 0) {
		chan_metric(g, -1, "vmstat_memmap_before_pages", vm_go, "pages");
		chan_metric(g, -1, "vmstat_memmap_after_online_pages", vm_on,
			    "pages");
	}
	/*
	 * Upstream's count of the memmap of the blocks that came, wherever
	 * it went (not memmap_pages_upstream: a failed add counts none).
	 */
	send_upstream_memmap(g, "before", up_go, up_boot);
	send_upstream_memmap(g, "after_online", up_on, up_boot);
	send_mi(g, "before_online", &mi_pre);
	send_mi(g, "after_online", &mi_post);
	if (kills0 >= 0 && kills1 >= 0)
		chan_metric(g, -1, "oom_kills", kills1 - kills0, "count");
	chan_metric(g, -1, "online_at_once", a.at_once, "bool");
	if (at_delay_end >= 0)
		chan_metric(g, -1, "blocks_added_at_delay_end", at_delay_end,
			    "blocks");
	if (a.device && !a.at_once)
		chan_metric(g, -1, "online_eager", 1, "bool");
	if (a.device) {
		chan_metric(g, -1, "vmem_add_failed", st.vmem_add_failed,
			    "count");
		vmem_probe_send(g);
	}
	return chan_send(g, "DONE status=ok");
}
