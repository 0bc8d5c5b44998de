// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench-lava: the hot-add scenario run from inside a guest that a LAVA
 * job booted. LAVA runs no host command during a test, so the guest plays
 * the host too: it starts the guest driver on a socketpair (as mhpbench
 * native does), drives QEMU's own QMP through the virtio-serial port the
 * device description wires to QEMU's QMP socket (org.mhpbench.qmp), with the host's QMP
 * client (qmp.c) and the host's scenario code (mhp_hotadd_drive), and
 * prints every raw row as a LAVA test case on the console (timings that
 * include its own QMP round trip as METRIC_guest_qmp_us):
 *
 *   MHPB-READY                                   (the job's boot prompt)
 *   MHPB-START                                   (the monitor's start)
 *   MHPB-HELLO release=... build=mhpbench-KEY    (provenance)
 *   MHPB all.memfree_before_kb pass 401234 kB    (one per row; bN. per
 *   MHPB b9.add_latency_us pass 5120 us           block, tN. a timeline)
 *   MHPB all.sample pass 0 outcome               (fail: the outcome code)
 *   MHPB-REASON text                             (when it failed)
 *   MHPB-END                                     (the monitor's end)
 *
 * The derive step and the verdict are not run here: mhpbench lava import
 * runs the scenario's own derive on the rows, on the host, as mhpbench run
 * does. The parameters come from the kernel command line:
 * mhpbench.job=NAME mhpbench.size=BYTES mhpbench.node=N mhpbench.hotplug=METHOD
 * mhpbench.online=TYPE mhpbench.timeout=SECONDS mhpbench.trace=0|1.
 * Then the guest stays up, its console open, until LAVA ends the job.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "guest.h"
#include "lava.h"
#include "native_host.h"
#include "qmp.h"
#include "scenario.h"
#include "timeutil.h"
#include "vport.h"

#define QMP_PORT "org.mhpbench.qmp"
#define DRIVER "/bin/mhpbench-guest"

struct lava_params {
	struct mhp_opts o;
	struct mhp_arch a;
	uint64_t size;
	int node;
	char job[160];
};

static int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

/* One "mhpbench.KEY=VALUE" word of the command line: 0, or -1. */
static int param(struct lava_params *p, const char *key, const char *val)
{
	uint64_t v;

	if (!strcmp(key, "size"))
		return parse_u64(val, 1, UINT64_MAX / 2, &p->size);
	if (!strcmp(key, "node")) {
		if (parse_u64(val, 0, 63, &v))
			return -1;
		p->node = v;
		return 0;
	}
	if (!strcmp(key, "timeout")) {
		if (parse_u64(val, 1, 86400, &v))
			return -1;
		p->o.boot_timeout_s = v;
		return 0;
	}
	if (!strcmp(key, "trace")) {
		if (parse_u64(val, 0, 1, &v))
			return -1;
		p->o.trace = v;
		return 0;
	}
	if (!strcmp(key, "hotplug") && mhp_hotplug_find(val)) {
		snprintf(p->a.hotplug, sizeof(p->a.hotplug), "%s", val);
		return 0;
	}
	/* The exported job's name, for LAVA's log; printed in MHPB-HELLO. */
	if (!strcmp(key, "job") && *val && strlen(val) < sizeof(p->job)) {
		snprintf(p->job, sizeof(p->job), "%s", val);
		return 0;
	}
	if (!strcmp(key, "online") && strlen(val) < sizeof(p->o.online)) {
		snprintf(p->o.online, sizeof(p->o.online), "%s", val);
		return 0;
	}
	return -1;
}

static int lava_params(const char *cmdline, struct lava_params *p, char *err,
		    size_t errlen)
{
	char buf[4096], *save = NULL, *w;

	memset(p, 0, sizeof(*p));
	p->node = 1;
	p->o.boot_timeout_s = 120;
	snprintf(p->o.online, sizeof(p->o.online), "online_movable");
	snprintf(p->a.hotplug, sizeof(p->a.hotplug), "acpi-dimm");
	snprintf(p->o.scenario, sizeof(p->o.scenario), "hotadd");
	snprintf(buf, sizeof(buf), "%s", cmdline);
	for (w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *eq;

		if (strncmp(w, "mhpbench.", 9))
			continue;
		eq = strchr(w, '=');
		if (!eq) {
			snprintf(err, errlen, "command line word %s has no value", w);
			return -1;
		}
		*eq = '\0';
		if (param(p, w + 9, eq + 1)) {
			snprintf(err, errlen, "bad command line word %s=%s", w, eq + 1);
			return -1;
		}
	}
	if (!p->size) {
		snprintf(err, errlen, "no mhpbench.size= on the command line");
		return -1;
	}
	return 0;
}

/*
 * Timings that include the guest's own QMP round trip (the device_add or
 * device_del went from the guest through its port to QEMU), and what
 * derive makes of them: named METRIC_guest_qmp_us in LAVA and in the
 * imported run.
 */
static const char *const via_guest_qmp[] = {
	"qmp_device_add_us", "qmp_device_del_us", "unplug_us", "add_latency_us",
	"add_total_us", "remove_latency_us", "remove_last_us",
	"kernel_online_seen_us", "kernel_online_last_us",
};

#define GUEST_QMP "_guest_qmp_us"

void mhp_lava_qmp_name(char *metric, size_t len, bool to_guest)
{
	size_t i, n = strlen(metric), g = strlen(GUEST_QMP);
	char base[64];

	if (!to_guest) {
		if (n <= g || strcmp(metric + n - g, GUEST_QMP))
			return;
		snprintf(base, sizeof(base), "%.*s_us", (int)(n - g), metric);
	}
	for (i = 0; i < ARRAY_SIZE(via_guest_qmp); i++) {
		const char *m = via_guest_qmp[i];

		if (to_guest && !strcmp(metric, m)) {
			snprintf(base, sizeof(base), "%.*s%s", (int)strlen(m) - 3, m,
				 GUEST_QMP);
			snprintf(metric, len, "%s", base);
			return;
		}
		if (!to_guest && !strcmp(base, m)) {
			snprintf(metric, len, "%s", m);
			return;
		}
	}
}

/* The row's LAVA test case: all.METRIC, bN.METRIC or tN.METRIC. */
static void print_row(const struct mhp_row *r)
{
	char m[64];

	snprintf(m, sizeof(m), "%s", r->metric);
	mhp_lava_qmp_name(m, sizeof(m), true);
	if (r->block == MHP_ROW_TIME)
		printf("MHPB t%ld.%s pass %.17g %s\n", r->t_ms, m, r->value,
		       r->unit);
	else if (r->block < 0)
		printf("MHPB all.%s pass %.17g %s\n", m, r->value, r->unit);
	else
		printf("MHPB b%ld.%s pass %.17g %s\n", r->block, m, r->value,
		       r->unit);
}

/* The driver's own words when it failed: its log, line by line. */
static void print_driver_log(const struct mhp_guest *g)
{
	char line[256];
	FILE *f = fopen(g->console, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("mhpbench-guest: %s", line);
	fclose(f);
}

static void drive(struct lava_params *p, struct mhp_guest *g,
		  struct mhp_sample *s)
{
	struct mhp_ctx ctx = { .opts = &p->o, .arch = &p->a, .accel = "lava" };
	char err[256] = "";
	struct mhp_msg m;
	long long v;
	int fd;

	if (mhp_native_driver_start(DRIVER, "/tmp", g, err, sizeof(err)) ||
	    mhp_guest_hello(g, 30000, &m)) {
		s->outcome = MHP_GUEST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "the guest driver did not start: %s", err[0] ? err : "no HELLO");
		print_driver_log(g);
		return;
	}
	printf("MHPB-HELLO job=%s release=%s build=%s\n", p->job[0] ? p->job : "?",
	       mhp_msg_get(&m, "release") ?: "?", mhp_msg_get(&m, "build") ?: "?");
	if (!mhp_msg_get_ll(&m, "page_size", &v))
		mhp_sample_add(s, -1, "page_size_bytes", v, "bytes");
	if (!mhp_msg_get_ll(&m, "block_size", &v))
		mhp_sample_add(s, -1, "block_size_bytes", v, "bytes");
	fd = mhp_vport_open(QMP_PORT);
	g->qmp = fd < 0 ? NULL : mhp_qmp_open_fd(fd, 30000, err, sizeof(err));
	if (!g->qmp) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason), "QMP through the port %s: %s",
			 QMP_PORT, fd < 0 ? strerror(errno) : err);
		return;
	}
	g->reserve = true;
	if (mhp_hotadd_drive(&ctx, g, s, p->node, false))
		print_driver_log(g);
}

int mhp_lava_guest_main(int argc, char **argv)
{
	static struct lava_params p;
	struct mhp_kernel k = { .variant = "lava" };
	struct mhp_sample s = { .kernel = &k };
	struct mhp_guest g = { .pid = -1, .ctl = -1, .host_node = -1 };
	char cmdline[4096] = "", err[256];
	uint64_t t0 = mhp_now_us();
	int i, fd;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	fd = open(argc > 1 ? argv[1] : "/proc/cmdline", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0 || lava_params(cmdline, &p, err, sizeof(err))) {
		printf("MHPB-READY\nMHPB-START\nMHPB all.sample fail %d outcome\nMHPB-REASON %s\nMHPB-END\n",
		       MHP_HOST_ERROR, n < 0 ? "cannot read the command line" : err);
		return 2;
	}
	s.size = p.size;
	printf("MHPB-READY\nMHPB-START\n");
	drive(&p, &g, &s);
	mhp_native_driver_stop(&g);
	if (g.qmp)
		mhp_qmp_close(g.qmp);
	s.wall_us = mhp_now_us() - t0;
	mhp_sample_add(&s, -1, "wall_ms", s.wall_us / 1000, "ms");
	for (i = 0; i < s.nrows; i++)
		print_row(&s.rows[i]);
	printf("MHPB all.sample %s %d outcome\n", s.outcome == MHP_OK ? "pass" : "fail",
	       (int)s.outcome);
	if (s.outcome != MHP_OK)
		printf("MHPB-REASON %s: %s\n", mhp_outcome_name(s.outcome), s.reason);
	printf("MHPB-END\n");
	mhp_sample_free(&s);
	return s.outcome == MHP_OK ? 0 : 1;
}
