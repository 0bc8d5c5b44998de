// SPDX-License-Identifier: GPL-2.0
/*
 * What the virtio-mem driver said at probe (src/lib/vmemlog.c), from the
 * kernel's log buffer: whether it works in sub-block or big-block mode,
 * its sub-block or big-block size, the device's block size. Rows only
 * for what the log says: a log that wrapped past the probe says nothing.
 */
#include <stddef.h>
#include <stdlib.h>
#include <sys/klog.h>

#include "compiler.h"
#include "guest.h"
#include "vmemlog.h"

/* syslog(2) actions (include/linux/syslog.h). */
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_SIZE_BUFFER	10

static const struct {
	const char *metric;
	size_t off;
} sizes[] = {
	{ "vmem_subblock_bytes", offsetof(struct mhp_vmem_probe, subblock_bytes) },
	{ "vmem_bigblock_bytes", offsetof(struct mhp_vmem_probe, bigblock_bytes) },
	{ "vmem_device_block_bytes",
	  offsetof(struct mhp_vmem_probe, device_block_bytes) },
};

static void send_probe(struct guest *g, const struct mhp_vmem_probe *p)
{
	int64_t v;
	size_t i;

	if (mhp_vmem_probe_sbm(p) >= 0)
		chan_metric(g, -1, "vmem_sbm", mhp_vmem_probe_sbm(p), "bool");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		v = *(const int64_t *)((const char *)p + sizes[i].off);
		if (v >= 0)
			chan_metric(g, -1, sizes[i].metric, v, "bytes");
	}
}

void vmem_probe_send(struct guest *g)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	struct mhp_vmem_probe p;
	char *log;
	int n;

	if (size <= 0)
		return;
	log = malloc(size);
	if (!log)
		return;
	n = klogctl(SYSLOG_ACTION_READ_ALL, log, size);
	if (n > 0 && !mhp_vmem_probe_parse(log, n, &p))
		send_probe(g, &p);
	free(log);
}
