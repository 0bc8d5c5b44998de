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

#include "guest.h"
#include "memmap.h"
#include "scenario.h"
#include "scenario_util.h"

#define TARGET_NODE 1

/* The guest offlined the DIMM's blocks: unplug it, tell the guest. */
struct unplug_arg {
	const struct mhp_hotplug *hp;
	struct mhp_guest *g;
	struct mhp_sample *s;
	int timeout_ms;
};

static int unplug(void *arg)
{
	struct unplug_arg *u = arg;
	uint64_t qmp_us, deleted_us;
	char err[200];

	if (u->hp->remove(u->g, u->timeout_ms, &qmp_us, &deleted_us, err,
			  sizeof(err))) {
		mhp_guest_send(u->g, "UNPLUGGED status=error");
		snprintf(u->s->reason, sizeof(u->s->reason), "hot-remove: %s",
			 err);
		u->s->outcome = MHP_HOST_ERROR;
		return -1;
	}
	mhp_sample_add(u->s, -1, "qmp_device_del_us", qmp_us, "us");
	mhp_sample_add(u->s, -1, "unplug_us", deleted_us, "us");
	mhp_guest_send(u->g, "UNPLUGGED status=ok");
	return 0;
}

int mhp_hotadd_drive(const struct mhp_ctx *ctx, struct mhp_guest *g,
		     struct mhp_sample *s, int node, bool node_before)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	int timeout_ms = ctx->opts->boot_timeout_s * 1000;
	struct unplug_arg u;
	char err[256];
	uint64_t qmp_us;

	/*
	 * When the kernel onlines the memory itself, the guest only watches.
	 * Then the guest offlines the blocks and we unplug the DIMM again.
	 */
	mhp_guest_send(g, "HOTADD size=%llu node=%d online=%s timeout_ms=%d remove=1 trace=%d node_before=%d",
		       (unsigned long long)s->size, node,
		       hp->kernel_onlines ? "kernel" : ctx->opts->online,
		       timeout_ms, s->traced, node_before);
	if (mhp_scn_expect(g, "ARMED", timeout_ms, s))
		return -1;
	mhp_guest_send(g, "GO");
	if (hp->add(g, s->size, node, &qmp_us, err, sizeof(err))) {
		snprintf(s->reason, sizeof(s->reason), "hot-add: %s", err);
		s->outcome = MHP_HOST_ERROR;
		return -1;
	}
	mhp_sample_add(s, -1, "qmp_device_add_us", qmp_us, "us");
	u = (struct unplug_arg){ .hp = hp, .g = g, .s = s,
				 .timeout_ms = timeout_ms };
	return mhp_scn_collect_on(g, timeout_ms, s, "OFFLINED", unplug, &u);
}

static int hotadd_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		      struct mhp_sample *s)
{
	return mhp_hotadd_drive(ctx, g, s, TARGET_NODE, false);
}

static double get0(const struct mhp_sample *s, const char *metric)
{
	double v;

	return mhp_sample_get(s, metric, &v) ? v : -1;
}

/* Sum of a per-block metric, and the largest value. */
static void per_block(const struct mhp_sample *s, const char *metric,
		      double *sum, double *max)
{
	int i;

	*sum = 0;
	*max = -1;
	for (i = 0; i < s->nrows; i++) {
		const struct mhp_row *r = &s->rows[i];

		if (r->block < 0 || strcmp(r->metric, metric))
			continue;
		*sum += r->value;
		if (r->value > *max)
			*max = r->value;
	}
}

static void invalid(struct mhp_sample *s, const char *why)
{
	if (s->outcome != MHP_OK)
		return;
	s->outcome = MHP_INVALID;
	snprintf(s->reason, sizeof(s->reason), "%s", why);
}

/*
 * The memmap counter of the patched kernels (nr_memmap_on_memory,
 * MemmapOnMemory) against zoneinfo; then the hot-remove: MemTotal and the
 * counter must be back where they were before the add. A sample failing
 * either is invalid (unless it already is, for another reason).
 */
static void hotadd_check_counter_and_remove(struct mhp_sample *s,
					    const struct mhp_memmap_obs *o)
{
	struct mhp_counter_obs c = {
		.blocks = get0(s, "blocks"),
		.pageblock_pages = get0(s, "pageblock_pages"),
		.vmstat_pages = -1,
		.meminfo_pages = -1,
		.present_minus_managed = o->present_minus_managed,
	};
	double before = get0(s, "vmstat_memmap_before_pages");
	double after = get0(s, "vmstat_memmap_after_online_pages");
	double sum, max, delta;
	char why[200], buf[256];
	int agree;

	if (before >= 0 && after >= 0)
		c.vmstat_pages = after - before;
	if (get0(s, "meminfo_memmap_before_kb") >= 0 &&
	    get0(s, "meminfo_memmap_after_online_kb") >= 0)
		c.meminfo_pages = round((get0(s, "meminfo_memmap_after_online_kb") -
					 get0(s, "meminfo_memmap_before_kb")) *
					1024.0 / o->page_size);
	agree = mhp_memmap_counter_check(&c, why, sizeof(why));
	if (agree >= 0) {
		mhp_sample_add(s, -1, "memmap_pages_counter", c.vmstat_pages,
			       "pages");
		mhp_sample_add(s, -1, "memmap_pages_reserved",
			       mhp_memmap_reserved_pages(c.vmstat_pages, c.blocks,
							 c.pageblock_pages),
			       "pages");
		mhp_sample_add(s, -1, "memmap_counter_agrees", agree, "bool");
		if (!agree) {
			snprintf(buf, sizeof(buf), "memmap counter disagrees: %s",
				 why);
			invalid(s, buf);
		}
	}

	if (get0(s, "memtotal_after_remove_kb") < 0)
		return;
	per_block(s, "offline_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "offline_total_us", sum, "us");
	per_block(s, "remove_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "remove_last_us", max, "us");
	delta = get0(s, "memtotal_after_remove_kb") - get0(s, "memtotal_before_kb");
	mhp_sample_add(s, -1, "memtotal_remove_delta_kb", delta, "kB");
	if (delta != 0) {
		snprintf(buf, sizeof(buf),
			 "hot-remove left MemTotal %+.0f kB off its value before the add",
			 delta);
		invalid(s, buf);
	}
	after = get0(s, "vmstat_memmap_after_remove_pages");
	if (before >= 0 && after >= 0 && after != before) {
		snprintf(buf, sizeof(buf),
			 "hot-remove left nr_memmap_on_memory at %.0f pages, %.0f before the add",
			 after, before);
		invalid(s, buf);
	}
}

static void hotadd_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	struct mhp_memmap_obs o = { .size = s->size };
	double page = get0(s, "page_size_bytes"), kpf, sum, max, shortfall;
	double gain, free_gain, memfree_drop;
	enum mhp_verdict v;
	char why[200];

	(void)ctx;
	o.page_size = page > 0 ? page : 4096;
	o.struct_page_bytes = mhp_sample_struct_page(s);
	o.present_minus_managed = get0(s, "node_present_pages") -
				  get0(s, "node_managed_pages");
	/* A node with memory before the add (mhpbench native): its growth. */
	if (get0(s, "node_present_before_pages") >= 0)
		o.present_minus_managed -= get0(s, "node_present_before_pages") -
					   get0(s, "node_managed_before_pages");
	per_block(s, "memmap_pages_kpf", &kpf, &max);
	o.kpf_self_hosted = max < 0 ? -1 : kpf;
	/* MemFree can even grow a little at add: that is a drop of 0. */
	o.memfree_drop_kb = -1;
	if (get0(s, "memfree_before_kb") >= 0 && get0(s, "memfree_after_add_kb") >= 0)
		o.memfree_drop_kb = fmax(0, get0(s, "memfree_before_kb") -
					 get0(s, "memfree_after_add_kb"));
	memfree_drop = o.memfree_drop_kb;
	/*
	 * The witness counts the per-cpu lists too when the guest read them:
	 * a vmemmap PMD freed by an earlier removal waits there (THP order)
	 * and comes back for the next add without MemFree seeing it go.
	 */
	if (o.memfree_drop_kb >= 0 && get0(s, "free_pcp_before_kb") >= 0 &&
	    get0(s, "free_pcp_after_add_kb") >= 0) {
		o.memfree_drop_kb = fmax(0, get0(s, "free_pcp_before_kb") -
					 get0(s, "free_pcp_after_add_kb"));
		mhp_sample_add(s, -1, "free_pcp_drop_at_add_kb",
			       o.memfree_drop_kb, "kB");
	}
	/*
	 * Over add and online together, what MemTotal gained and free memory
	 * did not is what the add cost existing memory: the memmap, when it
	 * was not put on the new memory. It is the MemFree witness when the
	 * kernel onlines at once and there is no moment "after add". Free
	 * counts the per-cpu lists when the guest read them (zoneinfo):
	 * with 64K pages they hold megabytes that come and go.
	 */
	shortfall = -1;
	gain = get0(s, "memtotal_after_online_kb") - get0(s, "memtotal_before_kb");
	if (get0(s, "free_pcp_before_kb") >= 0 && get0(s, "free_pcp_after_online_kb") >= 0)
		free_gain = get0(s, "free_pcp_after_online_kb") -
			    get0(s, "free_pcp_before_kb");
	else if (get0(s, "memfree_before_kb") >= 0 && get0(s, "memfree_after_online_kb") >= 0)
		free_gain = get0(s, "memfree_after_online_kb") -
			    get0(s, "memfree_before_kb");
	else
		free_gain = NAN;
	if (get0(s, "memtotal_before_kb") >= 0 && get0(s, "memtotal_after_online_kb") >= 0 &&
	    !isnan(free_gain))
		shortfall = fmax(0, gain - free_gain);
	if (o.memfree_drop_kb < 0 && get0(s, "online_by_kernel") == 1)
		o.memfree_drop_kb = shortfall;

	mhp_sample_add(s, -1, "memmap_pages_expected",
		       mhp_memmap_pages(o.size, o.page_size, o.struct_page_bytes),
		       "pages");
	mhp_sample_add(s, -1, "memmap_pages_on_hotadded",
		       o.present_minus_managed, "pages");
	mhp_sample_add(s, -1, "memmap_pages_on_hotadded_kpf", o.kpf_self_hosted,
		       "pages");
	/* No snapshot between add and online: no drop "at add" to report. */
	if (get0(s, "memfree_after_add_kb") >= 0)
		mhp_sample_add(s, -1, "memfree_drop_at_add_kb", memfree_drop,
			       "kB");
	if (shortfall >= 0)
		mhp_sample_add(s, -1, "memfree_shortfall_kb", shortfall, "kB");
	mhp_sample_add(s, -1, "memmap_pages_from_existing",
		       o.memfree_drop_kb > 0 ?
		       round(o.memfree_drop_kb * 1024.0 / o.page_size) : 0,
		       "pages");
	mhp_sample_add(s, -1, "memtotal_gain_kb",
		       get0(s, "memtotal_after_online_kb") -
		       get0(s, "memtotal_before_kb"), "kB");
	per_block(s, "add_latency_us", &sum, &max);
	mhp_sample_add(s, -1, "add_total_us", max, "us");
	/* Only what was measured: the sum of our sysfs writes, or when the
	 * kernel onlined the blocks, when the last one was seen online.
	 */
	per_block(s, "online_latency_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "online_total_us", sum, "us");
	per_block(s, "kernel_online_seen_us", &sum, &max);
	if (max >= 0)
		mhp_sample_add(s, -1, "kernel_online_last_us", max, "us");
	per_block(s, "online_errno", &sum, &max);

	v = mhp_memmap_verdict(&o, why, sizeof(why));
	mhp_sample_add(s, -1, "altmap_in_effect",
		       v == MHP_ALTMAP_INCONSISTENT ? -1 : (int)v, "bool");
	if (max > 0) {
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "onlining failed (errno %.0f)", max);
	} else if (v == MHP_ALTMAP_INCONSISTENT) {
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "witnesses disagree: %s", why);
	} else if ((v == MHP_ALTMAP_YES) != s->kernel->expect_altmap) {
		s->outcome = MHP_INVALID;
		snprintf(s->reason, sizeof(s->reason),
			 "variant %s %s the altmap but it was %sin effect: %s",
			 s->kernel->variant,
			 s->kernel->expect_altmap ? "asks for" : "does not ask for",
			 v == MHP_ALTMAP_YES ? "" : "not ", why);
	} else {
		snprintf(s->reason, sizeof(s->reason), "%s", why);
	}
	hotadd_check_counter_and_remove(s, &o);
}

const struct mhp_scenario mhp_scenario_hotadd = {
	.name = "hotadd",
	.help = "one DIMM per sample: add, online, memmap placement, remove",
	.run = hotadd_run,
	.derive = hotadd_derive,
	.traces = true,
};
