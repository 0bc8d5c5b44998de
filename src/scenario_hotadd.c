// SPDX-License-Identifier: GPL-2.0
/*
 * The hot-add scenario, host side: one DIMM of the sample's size on node
 * 1, timed from outside (QMP device_add) and inside (the guest driver's
 * per-block add and online latencies); then the memmap accounting and
 * the verdict on where the memmap went.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "guest.h"
#include "scenario.h"
#include "scenario_util.h"
#include "scenario_verdict.h"

#define TARGET_NODE 1

/* What the guest may ask of us once the memory is in. */
struct after_add {
	const struct mhp_hotplug *hp;
	struct mhp_guest *g;
	struct mhp_sample *s;
	uint64_t block_size;
	int node;
	int timeout_ms;
};

/*
 * Take the memory away: the DIMM whose blocks the guest offlined, or
 * what the device gives back by itself (virtio-mem). Rows: the QMP
 * command's round trip as qmp_metric, unplug_us until QEMU says it is
 * gone. The guest hears how it went.
 */
static int unplug(struct after_add *u, const char *qmp_metric)
{
	uint64_t qmp_us, deleted_us;
	char err[200];

	if (u->hp->remove(u->g, u->timeout_ms, &qmp_us, &deleted_us, err,
			  sizeof(err))) {
		mhp_guest_send(u->g, "UNPLUGGED status=error");
		snprintf(u->s->reason, sizeof(u->s->reason), "hot-remove: %s",
			 err);
		/* A device the guest did not give its memory back to. */
		u->s->outcome = u->hp->device_removes ? MHP_INVALID :
			MHP_HOST_ERROR;
		return -1;
	}
	mhp_sample_add(u->s, -1, qmp_metric, qmp_us, "us");
	mhp_sample_add(u->s, -1, "unplug_us", deleted_us, "us");
	mhp_guest_send(u->g, "UNPLUGGED status=ok");
	return 0;
}

/*
 * A device that plugs on request (virtio-mem): wait until it plugged all
 * that was asked. Row NAME_us from the request on, qmp_us (its round
 * trip) included, and the size reached in *reached. On a stall the row
 * NAME_stalled_bytes and the sample invalid, saying how far it got: -1.
 */
static int plug_wait(struct after_add *u, const char *name, uint64_t qmp_us,
		     uint64_t *reached)
{
	char err[200], metric[48], why[80];
	uint64_t us;

	if (!u->hp->wait(u->g, u->timeout_ms, &us, reached, err,
			 sizeof(err))) {
		snprintf(metric, sizeof(metric), "%s_us", name);
		mhp_sample_add(u->s, -1, metric, qmp_us + us, "us");
		return 0;
	}
	snprintf(metric, sizeof(metric), "%s_stalled_bytes", name);
	mhp_sample_add(u->s, -1, metric, *reached, "bytes");
	/* The guest may have said why (virtio-mem: -ENOMEM for a memmap). */
	if (!mhp_guest_console_has(u->g, "adding memory failed", why,
				   sizeof(why)))
		why[0] = '\0';
	snprintf(u->s->reason, sizeof(u->s->reason),
		 "%s stalled at %llu of %llu memory blocks: %s%s%s", name,
		 (unsigned long long)(*reached / u->block_size),
		 (unsigned long long)(u->g->vmem_requested / u->block_size),
		 err, why[0] ? "; guest: " : "", why);
	u->s->outcome = MHP_INVALID;
	return -1;
}

/* The plug that GO started, until the device has it all. */
static int plug(struct after_add *u)
{
	uint64_t reached;
	double qmp_us;

	if (!mhp_sample_get(u->s, "qmp_plug_request_us", &qmp_us) ||
	    plug_wait(u, "plug", qmp_us, &reached))
		return -1;
	mhp_sample_add(u->s, -1, "plugged_bytes", reached, "bytes");
	return 0;
}

/* The guest offlined the DIMM's blocks: unplug it. */
static int on_offlined(const struct mhp_msg *m, void *arg)
{
	(void)m;
	return unplug(arg, "qmp_device_del_us");
}

/* The guest offlined nothing: the device takes its memory back. */
static int on_unplug(const struct mhp_msg *m, void *arg)
{
	(void)m;
	return unplug(arg, "qmp_unplug_request_us");
}

/* The replug failed: the guest hears it; err, when not NULL, is why. */
static int replug_failed(struct after_add *u, const char *err)
{
	mhp_guest_send(u->g, "REPLUGGED status=error");
	if (err) {
		snprintf(u->s->reason, sizeof(u->s->reason), "replug: %s", err);
		u->s->outcome = MHP_HOST_ERROR;
	}
	return -1;
}

/* Once the device took its memory back: plug as much again. */
static int on_replug(const struct mhp_msg *m, void *arg)
{
	struct after_add *u = arg;
	uint64_t qmp_us, reached;
	char err[200];

	(void)m;
	if (!u->hp->wait) {
		snprintf(err, sizeof(err), "method %s cannot replug",
			 u->hp->name);
		return replug_failed(u, err);
	}
	if (u->hp->add(u->g, u->s->size, u->node, &qmp_us, err, sizeof(err)))
		return replug_failed(u, err);
	if (plug_wait(u, "replug", qmp_us, &reached))
		return replug_failed(u, NULL);
	mhp_guest_send(u->g, "REPLUGGED status=ok");
	return 0;
}

static const struct mhp_scn_verb after_add_verbs[] = {
	{ "OFFLINED", on_offlined },
	{ "UNPLUG", on_unplug },
	{ "REPLUG", on_replug },
	{ NULL, NULL },
};

int mhp_hotadd_drive(const struct mhp_ctx *ctx, struct mhp_guest *g,
		     struct mhp_sample *s, int node, bool node_before)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	int timeout_ms = ctx->opts->boot_timeout_s * 1000;
	struct after_add u = { .hp = hp, .g = g, .s = s,
			       .block_size = ctx->arch->block_size,
			       .node = node, .timeout_ms = timeout_ms };

	/*
	 * When the kernel onlines the memory itself, the guest only watches.
	 * Then the guest offlines the blocks and we unplug the DIMM again;
	 * or, a device that takes its memory back itself (virtio-mem),
	 * we unplug, and plug again. Such a device adds no more while too
	 * much of it is offline: the guest onlines each block as it comes.
	 */
	mhp_guest_send(g, "HOTADD size=%llu node=%d online=%s timeout_ms=%d remove=%s%s trace=%d node_before=%d",
		       (unsigned long long)s->size, node,
		       hp->kernel_onlines ? "kernel" : ctx->opts->online,
		       timeout_ms, hp->device_removes ? "device" : "1",
		       hp->eager_online ? " eager=1" : "", s->traced,
		       node_before);
	if (mhp_scn_arm_add(ctx, g, s, node, timeout_ms))
		return -1;
	if (hp->wait && plug(&u))
		return -1;
	return mhp_scn_collect_on(g, timeout_ms, s, after_add_verbs, &u);
}

static int hotadd_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		      struct mhp_sample *s)
{
	return mhp_hotadd_drive(ctx, g, s, TARGET_NODE, false);
}

/* A whole-sample value; false when absent. */
static bool get(const struct mhp_sample *s, const char *metric, double *v)
{
	return mhp_sample_get(s, metric, v);
}

/*
 * The hot-remove: MemTotal and the memmap counter must be back where
 * they were before the add, or the sample is invalid.
 */
static void hotadd_check_remove(struct mhp_sample *s)
{
	double sum, max, before, after, total0, total1, delta;
	char buf[256];

	if (!get(s, "memtotal_after_remove_kb", &total1) ||
	    !get(s, "memtotal_before_kb", &total0))
		return;
	mhp_scn_per_block(s, "offline_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "offline_total_us", sum, "us");
	mhp_scn_per_block(s, "remove_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "remove_last_us", max, "us");
	delta = total1 - total0;
	mhp_sample_add(s, -1, "memtotal_remove_delta_kb", delta, "kB");
	if (delta != 0) {
		snprintf(buf, sizeof(buf),
			 "hot-remove left MemTotal %+.0f kB off its value before the add",
			 delta);
		mhp_scn_invalid(s, buf);
	}
	if (get(s, "vmstat_memmap_before_pages", &before) &&
	    get(s, "vmstat_memmap_after_remove_pages", &after) &&
	    after != before) {
		snprintf(buf, sizeof(buf),
			 "hot-remove left nr_memmap_on_memory at %.0f pages, %.0f before the add",
			 after, before);
		mhp_scn_invalid(s, buf);
	}
}

/*
 * The MemFree witness: free memory (with the per-cpu lists when the guest
 * read them: a vmemmap PMD freed by an earlier removal waits there and
 * comes back for the next add unseen by MemFree) before the add minus
 * after it. Where the kernel onlines at once, or the guest onlined each
 * block as it came, there is no moment after the add: then over add and
 * online together, what MemTotal gained and free memory did not (the
 * shortfall).
 */
static int64_t hotadd_memfree(struct mhp_sample *s)
{
	double drop, gain, free_gain, v;
	/* Onlined as added (virtio-mem), there is no moment after the add. */
	bool by_kernel = (get(s, "online_by_kernel", &v) && v == 1) ||
			 (get(s, "online_eager", &v) && v == 1);

	if (mhp_scn_diff(s, "memfree_after_add_kb", "memfree_before_kb", &drop))
		mhp_sample_add(s, -1, "memfree_drop_at_add_kb", drop, "kB");
	if (mhp_scn_diff(s, "free_pcp_after_add_kb", "free_pcp_before_kb", &drop))
		mhp_sample_add(s, -1, "free_pcp_drop_at_add_kb", drop, "kB");
	if (mhp_scn_diff(s, "memtotal_before_kb", "memtotal_after_online_kb", &gain)) {
		mhp_sample_add(s, -1, "memtotal_gain_kb", gain, "kB");
		if (mhp_scn_diff(s, "free_pcp_before_kb", "free_pcp_after_online_kb",
			 &free_gain) ||
		    mhp_scn_diff(s, "memfree_before_kb", "memfree_after_online_kb",
			 &free_gain))
			mhp_sample_add(s, -1, "memfree_shortfall_kb",
				       gain - free_gain, "kB");
	}
	if (by_kernel && get(s, "memfree_shortfall_kb", &v))
		return llround(v);
	if (!by_kernel && (get(s, "free_pcp_drop_at_add_kb", &v) ||
			   get(s, "memfree_drop_at_add_kb", &v)))
		return llround(v);
	return MHP_UNMEASURED;
}

/*
 * Where the MemFree witness cannot see the add alone: the scenario, and
 * why. dax/kmem (mhpbench native) first releases the device's own memmap
 * (a devdax device's, in RAM with -M mem, deduplicated per 2 MiB page)
 * and then allocates the new one: measured 6388 and 6480 kB dropped for
 * an 8192 kB memmap.
 */
static const struct {
	const char *scenario;
	const char *why;
} memfree_blind[] = {
	{ "dax-kmem", "the device's own memmap is freed around the add" },
};

static const char *hotadd_memfree_blind(const struct mhp_sample *s)
{
	size_t i;

	for (i = 0; s->scenario && i < ARRAY_SIZE(memfree_blind); i++)
		if (!strcmp(s->scenario, memfree_blind[i].scenario))
			return memfree_blind[i].why;
	return NULL;
}

static void hotadd_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	double sum, max, page;
	char why[sizeof(s->reason)];
	int64_t drop;

	(void)ctx;
	drop = hotadd_memfree(s);
	if (drop != MHP_UNMEASURED && get(s, "page_size_bytes", &page) &&
	    page >= 1024)
		mhp_sample_add(s, -1, "memmap_pages_from_existing",
			       llround(drop * 1024.0 / page), "pages");
	mhp_scn_per_block(s, "add_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "add_total_us", max, "us");
	/* Only what was measured: the sum of our sysfs writes, or when the
	 * kernel onlined the blocks, when the last one was seen online.
	 */
	mhp_scn_per_block(s, "online_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "online_total_us", sum, "us");
	mhp_scn_per_block(s, "kernel_online_seen_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "kernel_online_last_us", max, "us");
	mhp_scn_per_block(s, "online_errno", &sum, &max);
	if (max > 0) {
		snprintf(why, sizeof(why), "onlining failed (errno %.0f)", max);
		mhp_scn_invalid(s, why);
	}
	mhp_scn_verdict(s, drop, hotadd_memfree_blind(s), why, sizeof(why));
	if (s->outcome == MHP_OK)
		snprintf(s->reason, sizeof(s->reason), "%s", why);
	hotadd_check_remove(s);
}

const struct mhp_scenario mhp_scenario_hotadd = {
	.name = "hotadd",
	.help = "one DIMM per sample: add, online, memmap placement, remove",
	.run = hotadd_run,
	.derive = hotadd_derive,
	.traces = true,
	.eager_ok = true,
};
