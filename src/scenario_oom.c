// SPDX-License-Identifier: GPL-2.0
/*
 * The oom scenario, host side: drawback (a) of the seed. A memory hog in
 * the guest holds a share of MemAvailable (--hog); we hot-add the
 * sample's size as N DIMMs of one memory block each, one after another
 * (so that it works on stock 6.1 too, whose memmap_on_memory only takes
 * a range of exactly one block), while onlining waits for --online-delay
 * (or the kernel onlines each block at once: --policy at-once). The stock
 * kernel takes each block's memmap (1/64 of it with 4 KiB pages and a
 * 64-byte struct page) from memory already online; when that is more
 * than what is free, the add fails or the OOM killer strikes. With the
 * altmap the memmap is on the new memory and costs almost nothing.
 *
 * Per sample: hotadd_ok per block (0 for a DIMM whose block never came,
 * with the ACPI _OST status QEMU reported, when it reports one), the
 * OOM kills, the MemAvailable timeline (block "t<ms>"), the time until
 * everything is online, and oom_survived. An OOM kill is a result: the
 * sample stays valid when the truth check (scenario_verdict.c) has its
 * verdict on the blocks that came, whatever the policy. The summary
 * gives the largest size that survived.
 *
 * A device that plugs over time (virtio-mem, eager_online) is asked for
 * the whole size at once. Its guest driver adds no more memory blocks
 * while max(1 GiB, 2 blocks) of what it added is offline, so with
 * delayed onlining the plug stalls until the guest onlines, and the
 * memmap never goes on the memory it adds. There the scenario measures
 * the plug: its timeline (plug_progress_bytes, block "t<ms>"), how much
 * was plugged when onlining began, its longest stall, and its time, or
 * how far it got; OOM kills are counted as ever. The summary says so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "appendf.h"
#include "compiler.h"
#include "guest.h"
#include "memmap.h"
#include "qmp.h"
#include "scenario.h"
#include "scenario_util.h"
#include "scenario_verdict.h"
#include "size.h"
#include "stats.h"
#include "timeutil.h"

#define TARGET_NODE 1
#define MAX_DIMMS 256
/*
 * How often a device's plugged size is read: fine against stalls of
 * seconds, coarse enough to leave the host's CPUs to QEMU.
 */

static void oom_machine(const struct mhp_opts *o, struct mhp_arch *a)
{
	int i, n;

	/* One slot per block of the largest size. */
	for (i = 0; i < o->nsizes; i++) {
		n = o->sizes[i] / a->block_size;
		if (n > a->slots)
			a->slots = n > MAX_DIMMS ? MAX_DIMMS : n;
	}
}

static const char *oom_not_applicable(const struct mhp_ctx *ctx)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);

	if (hp->kernel_onlines && !strcmp(ctx->opts->policy, "delayed"))
		return "the kernel onlines hot-added memory itself with this hot-add method (pseries DLPAR in 6.1), so onlining cannot be delayed; --policy at-once applies";
	return NULL;
}

/* The block number of each DIMM, from QEMU's view of its address. */
static void dimm_blocks(struct mhp_guest *g, uint64_t block_size, long *blk,
			long *slot, int n)
{
	json_object *ret = NULL, *d, *data, *v;
	char err[128];
	size_t i, len;
	int k;

	for (k = 0; k < n; k++)
		blk[k] = slot[k] = -1;
	if (mhp_qmp_exec(g->qmp, "query-memory-devices", NULL, &ret, 10000, err,
			 sizeof(err)) || !json_object_is_type(ret, json_type_array)) {
		json_object_put(ret);
		return;
	}
	len = json_object_array_length(ret);
	for (i = 0; i < len; i++) {
		const char *id;

		d = json_object_array_get_idx(ret, i);
		if (!json_object_object_get_ex(d, "data", &data) ||
		    !json_object_object_get_ex(data, "id", &v))
			continue;
		id = json_object_get_string(v);
		if (!id || strncmp(id, "dimm", 4))
			continue;
		k = atoi(id + 4);
		if (k < 0 || k >= n || !json_object_object_get_ex(data, "addr", &v))
			continue;
		blk[k] = json_object_get_uint64(v) / block_size;
		if (json_object_object_get_ex(data, "slot", &v))
			slot[k] = json_object_get_int(v);
	}
	json_object_put(ret);
}

/* The ACPI _OST status QEMU saw for a DIMM's insertion, or -1. */
static int ost_status(struct mhp_guest *g, int dimm)
{
	json_object *ev = mhp_qmp_events(g->qmp), *e, *v, *data, *info;
	char id[32];
	size_t i, n;
	int status = -1;

	if (!ev)
		return -1;
	snprintf(id, sizeof(id), "dimm%d", dimm);
	n = json_object_array_length(ev);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(ev, i);
		if (!json_object_object_get_ex(e, "event", &v) ||
		    strcmp(json_object_get_string(v) ?: "", "ACPI_DEVICE_OST") ||
		    !json_object_object_get_ex(e, "data", &data) ||
		    !json_object_object_get_ex(data, "info", &info) ||
		    !json_object_object_get_ex(info, "device", &v) ||
		    strcmp(json_object_get_string(v) ?: "", id))
			continue;
		/* source 1: the insertion; status 0 is success. */
		if (json_object_object_get_ex(info, "source", &v) &&
		    json_object_get_int(v) == 1 &&
		    json_object_object_get_ex(info, "status", &v))
			status = json_object_get_int(v);
	}
	return status;
}

/* Did the guest see "add_memory failed" for the ACPI device of a slot? */
static int slot_failed(const struct mhp_sample *s, long slot)
{
	int i;

	for (i = 0; i < s->nrows; i++)
		if (s->rows[i].block == -1 && s->rows[i].value == slot &&
		    !strcmp(s->rows[i].metric, "add_memory_failed_slot"))
			return 1;
	return 0;
}

/* DIMMs: one block each, one after another; ADDED when all are in. */
static int oom_dimms(const struct mhp_ctx *ctx, struct mhp_guest *g,
		     struct mhp_sample *s, int timeout_ms)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	uint64_t bs = ctx->arch->block_size, qmp_us;
	static long blk[MAX_DIMMS], slot[MAX_DIMMS];
	int n = s->size / bs, k, ok;
	char err[256];
	double v;

	mhp_sample_add(s, -1, "dimms_requested", n, "dimms");
	for (k = 0; k < n; k++) {
		if (hp->add(g, bs, TARGET_NODE, &qmp_us, err, sizeof(err))) {
			/* Not the guest's doing: QEMU refused the DIMM. */
			snprintf(s->reason, sizeof(s->reason), "hot-add of DIMM %d: %s",
				 k, err);
			s->outcome = MHP_HOST_ERROR;
			mhp_guest_send(g, "ADDED dimms=%d", k);
			return -1;
		}
		mhp_sample_add(s, -1, "qmp_device_add_us", qmp_us, "us");
	}
	mhp_guest_send(g, "ADDED dimms=%d", n);
	if (mhp_scn_collect(g, 4 * timeout_ms, s))
		return -1;
	/* A DIMM whose block never came: the add failed in the guest. */
	dimm_blocks(g, bs, blk, slot, n);
	for (k = ok = 0; k < n; k++) {
		int st = ost_status(g, k);

		if (blk[k] < 0)
			continue;
		if (st >= 0)
			mhp_sample_add(s, blk[k], "acpi_ost_status", st, "code");
		if (!mhp_scn_block_get(s, blk[k], "hotadd_ok", &v)) {
			mhp_sample_add(s, blk[k], "hotadd_ok", 0, "bool");
			/* The kernel's word on it: "add_memory failed". */
			mhp_sample_add(s, blk[k], "kernel_add_memory_failed",
				       slot_failed(s, slot[k]), "bool");
			continue;
		}
		ok++;
	}
	mhp_sample_add(s, -1, "hotadd_failed", n - ok, "dimms");
	return 0;
}

/*
 * The progress of a device's plug, polled from the request on: the
 * plugged size last seen and the most it reached, and its longest time
 * without progress below the request. The size may also fall: the guest
 * driver gives back what it plugged but could not add (add_memory
 * failed), and tries again later.
 */
struct plug {
	uint64_t t0;		/* the request */
	uint64_t size;		/* plugged, last seen */
	uint64_t high;		/* the most plugged so far */
	uint64_t high_us;	/* since t0: when it got there (or the request) */
	uint64_t stall_us;	/* the longest time without a new high */
	uint64_t stall_at;	/* the high during that time */
	unsigned int setbacks;	/* times the size fell */
};

/* No new high from high_us to t_us: the longest stall yet? */
static void plug_stand(struct plug *p, uint64_t t_us)
{
	if (t_us - p->high_us <= p->stall_us)
		return;
	p->stall_us = t_us - p->high_us;
	p->stall_at = p->high;
}

/* The size as seen t_us after the request: a timeline point if it moved. */
static void plug_seen(struct mhp_sample *s, struct plug *p, uint64_t t_us,
		      uint64_t size)
{
	if (size > p->high) {
		plug_stand(p, t_us);
		p->high = size;
		p->high_us = t_us;
	}
	if (size == p->size)
		return;
	p->setbacks += size < p->size;
	p->size = size;
	mhp_sample_add_t(s, t_us / 1000, "plug_progress_bytes", size, "bytes");
}

/*
 * A device that plugs over time (virtio-mem): request the whole size at
 * once, then poll the plugged size until it is all there or timeout_ms
 * after the online delay. With delayed onlining the device stops adding
 * while too much of it is offline: the plug stalls until the guest
 * onlines, delay_ms after the request. ADDED blocks=K tells the guest
 * how far it got.
 */
static int oom_plug(const struct mhp_ctx *ctx, struct mhp_guest *g,
		    struct mhp_sample *s, int timeout_ms)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	const struct mhp_opts *o = ctx->opts;
	uint64_t delay_us = (uint64_t)o->online_delay_ms * 1000, qmp_us, t;
	uint64_t end_us = delay_us + (uint64_t)timeout_ms * 1000, got;
	bool delayed = strcmp(o->policy, "at-once"), done = false;
	struct plug p = { .t0 = mhp_now_us() };
	char err[256];

	mhp_sample_add(s, -1, "plug_requested_bytes", s->size, "bytes");
	if (hp->add(g, s->size, TARGET_NODE, &qmp_us, err, sizeof(err))) {
		snprintf(s->reason, sizeof(s->reason), "plug request: %s", err);
		s->outcome = MHP_HOST_ERROR;
		mhp_guest_send(g, "ADDED blocks=0");
		return -1;
	}
	mhp_sample_add(s, -1, "qmp_plug_request_us", qmp_us, "us");
	mhp_sample_add_t(s, 0, "plug_progress_bytes", 0, "bytes");
	do {
		if (mhp_vmem_plugged(g, &got, err, sizeof(err))) {
			snprintf(s->reason, sizeof(s->reason),
				 "plugged size: %s", err);
			s->outcome = MHP_HOST_ERROR;
			mhp_guest_send(g, "ADDED blocks=0");
			return -1;
		}
		t = mhp_now_us() - p.t0;
		/* What the guest found when it began to online. */
		if (delayed && t >= delay_us) {
			mhp_sample_add(s, -1, "plugged_at_delay_end_bytes",
				       p.size, "bytes");
			delayed = false;
		}
		plug_seen(s, &p, t, got);
		done = got == g->vmem_requested;
		if (!done)
			usleep(g->vmem_poll_us);
	} while (!done && t < end_us);
	/* All there before the delay ended: the guest found it so. */
	if (delayed && done)
		mhp_sample_add(s, -1, "plugged_at_delay_end_bytes", p.size,
			       "bytes");
	if (!done)
		plug_stand(&p, t);
	mhp_sample_add(s, -1, "plugged_bytes", p.size, "bytes");
	mhp_sample_add(s, -1, "plug_setbacks", p.setbacks, "count");
	mhp_sample_add(s, -1, "plug_stall_ms", p.stall_us / 1000, "ms");
	mhp_sample_add(s, -1, "plug_stall_at_bytes", p.stall_at, "bytes");
	if (done)
		mhp_sample_add(s, -1, "plug_us", t, "us");
	else
		mhp_sample_add(s, -1, "plug_stalled_bytes", p.size, "bytes");
	if (hp->rows)
		hp->rows(g, s);
	mhp_guest_send(g, "ADDED blocks=%llu",
		       (unsigned long long)(p.size / ctx->arch->block_size));
	return mhp_scn_collect(g, 4 * timeout_ms, s);
}

static int oom_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		   struct mhp_sample *s)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	const struct mhp_opts *o = ctx->opts;
	int timeout_ms = o->boot_timeout_s * 1000;

	mhp_sample_add(s, -1, "boot_mem_bytes", ctx->arch->boot_mem, "bytes");
	mhp_sample_add(s, -1, "hog_pct", o->hog_pct, "%");
	mhp_sample_add(s, -1, "online_delay_ms", o->online_delay_ms, "ms");
	mhp_sample_add(s, -1, "online_at_once_policy",
		       !strcmp(o->policy, "at-once"), "bool");
	mhp_sample_add(s, -1, "online_to_movable",
		       !strcmp(o->online, "online_movable"), "bool");
	mhp_sample_add(s, -1, "dimm_node", TARGET_NODE, "node");
	mhp_guest_send(g, "OOM blocks=%d node=%d hog_pct=%d delay_ms=%d policy=%s online=%s timeout_ms=%d device=%d",
		       (int)(s->size / ctx->arch->block_size), TARGET_NODE,
		       o->hog_pct, o->online_delay_ms, o->policy, o->online,
		       timeout_ms, hp->eager_online);
	/* The hog first takes its memory: that may take a while under TCG. */
	if (mhp_scn_expect(g, "ARMED", 2 * timeout_ms, s))
		return -1;
	mhp_guest_send(g, "GO");
	return hp->eager_online ? oom_plug(ctx, g, s, timeout_ms) :
	       oom_dimms(ctx, g, s, timeout_ms);
}

/* The memmap of one block, in kB, when the page size is known. */
static bool memmap_kb_per_block(const struct mhp_ctx *ctx,
				const struct mhp_sample *s, double *kb)
{
	double page;

	if (!mhp_sample_get(s, "page_size_bytes", &page) || page < 1024)
		return false;
	*kb = mhp_memmap_pages(ctx->arch->block_size, page,
			       mhp_sample_struct_page(s)) * page / 1024;
	return true;
}

/*
 * The MemFree witness, from GO to right after the add (at once, or
 * blocks onlined as they came: and the online): what MemTotal gained
 * and free memory (with the per-cpu lists, when read) did not. Delayed,
 * MemTotal does not move before the online and this is the drop of free
 * memory at the add: for blocks onlined as they came (a device's, after
 * the delay), up to the delay's end.
 */
static int64_t oom_memfree(struct mhp_sample *s, const char **why)
{
	double gain, free_gain, kills, drop;
	const char *added = mhp_scn_get(s, "online_eager") == 1 ?
			    "memfree_before_online_kb" : "memfree_after_add_kb";

	*why = NULL;
	if (mhp_scn_diff(s, "memfree_at_go_kb", added, &drop))
		mhp_sample_add(s, -1, "memfree_drop_at_add_kb", -drop, "kB");
	if (mhp_sample_get(s, "oom_kills_during_add", &kills) && kills) {
		*why = "an OOM kill during the add";
		return MHP_UNMEASURED;
	}
	if (!mhp_scn_diff(s, "memtotal_at_go_kb", "memtotal_after_add_kb", &gain) ||
	    !(mhp_scn_diff(s, "free_pcp_at_go_kb", "free_pcp_after_add_kb",
		   &free_gain) ||
	      mhp_scn_diff(s, "memfree_at_go_kb", "memfree_after_add_kb", &free_gain)))
		return MHP_UNMEASURED;
	mhp_sample_add(s, -1, "memfree_shortfall_kb", gain - free_gain, "kB");
	return llround(gain - free_gain);
}

/* A size row as "1G", or "?" when absent. */
static const char *size_row(const struct mhp_sample *s, const char *metric,
			    char *buf, size_t len)
{
	double v;

	if (!mhp_sample_get(s, metric, &v) || v < 0)
		return "?";
	mhp_size_format((uint64_t)v, buf, len);
	return buf;
}

/*
 * What oom measures with a device that plugs over time (virtio-mem):
 * how far the plug got and how long it stood still; OOM kills or not.
 */
static void plug_reason(struct mhp_sample *s, double online, double n,
			double kills)
{
	const size_t len = sizeof(s->reason);
	char a[16], b[16], *r = s->reason;
	double v;

	r[0] = '\0';
	if (mhp_sample_get(s, "plug_us", &v))
		mhp_appendf(r, len, "plug of %s complete in %.1f s",
			    size_row(s, "plug_requested_bytes", a, sizeof(a)),
			    v / 1e6);
	else
		mhp_appendf(r, len, "plug stalled at %s of %s",
			    size_row(s, "plugged_bytes", a, sizeof(a)),
			    size_row(s, "plug_requested_bytes", b, sizeof(b)));
	if (mhp_sample_get(s, "plug_stall_ms", &v))
		mhp_appendf(r, len, ", longest stall %.1f s at %s", v / 1000,
			    size_row(s, "plug_stall_at_bytes", a, sizeof(a)));
	if (mhp_sample_get(s, "plug_setbacks", &v) && v)
		mhp_appendf(r, len, " (%.0f setbacks)", v);
	if (mhp_sample_get(s, "plugged_at_delay_end_bytes", &v))
		mhp_appendf(r, len, ", %s plugged when onlining began",
			    size_row(s, "plugged_at_delay_end_bytes", a,
				     sizeof(a)));
	mhp_appendf(r, len, ": %.0f of %.0f blocks online, %.0f OOM kills",
		    fmax(online, 0), n, fmax(kills, 0));
}

static void oom_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	double n = s->size / ctx->arch->block_size;
	double online = mhp_scn_get(s, "blocks_online");
	double kills, per;
	char why[sizeof(s->reason)];
	const char *drop_why;
	bool plug = mhp_sample_get(s, "plug_requested_bytes", &per);
	const char *never = mhp_scn_memmap_never(s);
	struct mhp_rule_out ru;
	int64_t drop;
	int survived;

	if (!mhp_sample_get(s, "oom_kills", &kills) &&
	    mhp_sample_get(s, "oom_kill_lines", &kills))
		mhp_sample_add(s, -1, "oom_kills", kills, "count");
	else if (!mhp_sample_get(s, "oom_kills", &kills))
		kills = -1;
	survived = online == n && kills == 0;
	mhp_sample_add(s, -1, "oom_survived", survived, "bool");
	if (plug)
		mhp_sample_add(s, -1, "plug_completed",
			       mhp_sample_get(s, "plug_us", &per), "bool");
	if (memmap_kb_per_block(ctx, s, &per)) {
		mhp_sample_add(s, -1, "memmap_kb_per_block", per, "kB");
		/* What the stock placement needs before anything is online. */
		mhp_sample_add(s, -1, "memmap_kb_needed", n * per, "kB");
	}
	if (mhp_scn_diff(s, "memavailable_at_go_kb", "memavailable_before_online_kb",
		 &per))
		mhp_sample_add(s, -1, "memavailable_drop_at_add_kb", -per, "kB");
	drop = oom_memfree(s, &drop_why);
	mhp_scn_verdict(s, drop, drop_why, why, sizeof(why));
	if (s->outcome != MHP_OK)
		return;
	if (plug) {
		plug_reason(s, online, n, kills);
		if (never && mhp_scn_altmap_expected(s, &ru))
			mhp_appendf(s->reason, sizeof(s->reason),
				    "; altmap not in effect: %s", never);
		return;
	}
	snprintf(s->reason, sizeof(s->reason), "%s: %.0f of %.0f blocks online, %.0f OOM kills",
		 survived ? "survived" : "did not survive", fmax(online, 0), n,
		 fmax(kills, 0));
}

/*
 * Sizes of one arch, hot-add method and variant, smallest first, and
 * whether they all survived in every valid sample.
 */
struct outcome {
	const char *arch, *method, *variant;
	uint64_t size;
	bool plug;		/* a device that plugs over time */
	int runs, survived;
	double boot, hog, delay, at_once, movable;
};

/* The hot-add method of a sample, or "" when not known. */
static const char *sample_method(const struct mhp_sample *s)
{
	return s->hotplug ?: "";
}

static bool in_group(const struct outcome *o, const struct mhp_sample *s)
{
	return !strcmp(o->arch, s->kernel->arch) &&
	       !strcmp(o->method, sample_method(s)) &&
	       !strcmp(o->variant, s->kernel->variant) && o->size == s->size;
}

static int cmp_outcome(const void *a, const void *b)
{
	const struct outcome *x = a, *y = b;
	int c = strcmp(x->arch, y->arch);

	if (!c)
		c = strcmp(x->method, y->method);
	if (!c)
		c = strcmp(x->variant, y->variant);
	if (!c)
		c = (x->size > y->size) - (x->size < y->size);
	return c;
}

static bool same_machine(const struct outcome *a, const struct outcome *b)
{
	return !strcmp(a->arch, b->arch) && !strcmp(a->method, b->method) &&
	       !strcmp(a->variant, b->variant);
}

/* The valid samples of a group, grouped and sorted. */
static int outcomes(const struct mhp_sample *smp, int n, struct outcome *o)
{
	int i, j, m = 0;

	for (i = 0; i < n; i++) {
		const struct mhp_sample *s = &smp[i];

		if (!s->valid)
			continue;
		for (j = 0; j < m && !in_group(&o[j], s); j++)
			;
		if (j == m) {
			o[m++] = (struct outcome){
				.arch = s->kernel->arch, .method = sample_method(s),
				.variant = s->kernel->variant, .size = s->size,
				.plug = mhp_scn_get(s, "plug_requested_bytes") > 0,
				.boot = mhp_scn_get(s, "boot_mem_bytes"),
				.hog = mhp_scn_get(s, "hog_pct"),
				.delay = mhp_scn_get(s, "online_delay_ms"),
				.at_once = mhp_scn_get(s, "online_at_once_policy"),
				.movable = mhp_scn_get(s, "online_to_movable"),
			};
		}
		o[j].runs++;
		o[j].survived += mhp_scn_get(s, "oom_survived") == 1;
	}
	qsort(o, m, sizeof(*o), cmp_outcome);
	return m;
}

/* "x86_64 altmap acpi-dimm, boot RAM 2G, hog 80 %, online ... (zone)" */
static void machine_line(FILE *f, const struct outcome *o, const char *from)
{
	char a[32];

	mhp_size_format((uint64_t)o->boot, a, sizeof(a));
	fprintf(f, "  %-8s %-10s %s%sboot RAM %s, hog %.0f %%, ", o->arch,
		o->variant, o->method, *o->method ? ", " : "", a, o->hog);
	if (o->at_once == 1)
		fprintf(f, "online at once");
	else
		fprintf(f, "online %.1f s after the %s", o->delay / 1000, from);
	fprintf(f, " (%s)", o->movable == 1 ? "ZONE_MOVABLE" :
		o->movable == 0 ? "a kernel zone" : "?");
}

static void survival_lines(FILE *f, const struct outcome *o, int m)
{
	int i, j;
	char b[32];

	fprintf(f, "\nLargest hot-add that survived (every valid sample: all blocks online, no OOM kill):\n");
	for (i = 0; i < m; i = j) {
		uint64_t best = 0, fail = 0;

		for (j = i; j < m && same_machine(&o[j], &o[i]); j++) {
			if (o[j].survived == o[j].runs && !fail)
				best = o[j].size;
			else if (o[j].survived != o[j].runs && !fail)
				fail = o[j].size;
		}
		machine_line(f, &o[i], "add");
		if (best) {
			mhp_size_format(best, b, sizeof(b));
			fprintf(f, ": %s", b);
		} else {
			fprintf(f, ": none");
		}
		if (fail) {
			mhp_size_format(fail, b, sizeof(b));
			fprintf(f, " (smallest that failed: %s)\n", b);
		} else {
			fprintf(f, " (the largest tried; none failed)\n");
		}
	}
}

/* The median of a metric over a group's valid samples; false: none. */
static bool group_median(const struct mhp_sample *smp, int n,
			 const struct outcome *o, const char *metric,
			 double *med)
{
	double *v = calloc(n ? n : 1, sizeof(*v));
	struct mhp_stats st;
	size_t k = 0;
	int i;

	if (!v)
		return false;
	for (i = 0; i < n; i++)
		if (smp[i].valid && in_group(o, &smp[i]) &&
		    mhp_sample_get(&smp[i], metric, &v[k]))
			k++;
	if (k) {
		mhp_stats(v, k, &st);
		*med = st.median;
	}
	free(v);
	return k;
}

/* One figure of a plug line, when measured: "label value". */
struct plug_figure {
	const char *metric;
	const char *label;
	bool bytes;
	double scale;		/* to seconds */
};

static const struct plug_figure plug_figures[] = {
	{ "plugged_at_delay_end_bytes", "plugged when onlining began", true, 0 },
	{ "plug_stall_ms", "longest stall", false, 1e-3 },
	{ "plug_stall_at_bytes", "at", true, 0 },
	{ "plug_us", "plug", false, 1e-6 },
	{ "plug_stalled_bytes", "stalled at", true, 0 },
	{ "plug_setbacks", "setbacks", false, 0 },
	{ "vmem_add_failed", "adds failed", false, 0 },
	{ "oom_kills", "OOM kills", false, 0 },
};

static void plug_size_line(FILE *f, const struct mhp_sample *smp, int n,
			   const struct outcome *o)
{
	const char *sep = "";
	double v, done = 0;
	char b[32];
	size_t i;
	int k;

	mhp_size_format(o->size, b, sizeof(b));
	fprintf(f, "    %s:", b);
	for (i = 0; i < ARRAY_SIZE(plug_figures); i++) {
		const struct plug_figure *p = &plug_figures[i];

		if (!group_median(smp, n, o, p->metric, &v))
			continue;
		fprintf(f, "%s %s ", sep, p->label);
		if (p->bytes) {
			mhp_size_format((uint64_t)v, b, sizeof(b));
			fprintf(f, "%s", b);
		} else if (p->scale) {
			fprintf(f, "%.1f s", v * p->scale);
		} else {
			fprintf(f, "%.0f", v);
		}
		sep = ",";
	}
	for (k = 0; k < n; k++)
		if (smp[k].valid && in_group(o, &smp[k]) &&
		    mhp_sample_get(&smp[k], "plug_us", &v))
			done++;
	fprintf(f, " (medians; %.0f of %d plugs complete)\n", done, o->runs);
}

static void plug_lines(FILE *f, const struct mhp_sample *smp, int n,
		       const struct outcome *o, int m)
{
	int i, j;

	fprintf(f, "\nPlug under the hog, of a device that adds memory over time: it adds\n"
		"no more while too much of what it added is offline, so oom measures\n"
		"its stalls and how far it got, not OOM kills (counted all the same):\n");
	for (i = 0; i < m; i = j) {
		machine_line(f, &o[i], "request");
		fprintf(f, "\n");
		for (j = i; j < m && same_machine(&o[j], &o[i]); j++)
			plug_size_line(f, smp, n, &o[j]);
	}
}

static void oom_summary(FILE *f, const struct mhp_sample *smp, int n)
{
	int i, m, k = 0, d = 0, cap = n ? n : 1;
	struct outcome *o = calloc(2 * cap, sizeof(*o)), *dev = o + cap;

	if (!o)
		return;
	m = outcomes(smp, n, o);
	/* DIMMs, then the devices that plug over time. */
	for (i = 0; i < m; i++) {
		if (o[i].plug)
			dev[d++] = o[i];
		else
			o[k++] = o[i];
	}
	if (k)
		survival_lines(f, o, k);
	if (d)
		plug_lines(f, smp, n, dev, d);
	free(o);
}

const struct mhp_scenario mhp_scenario_oom = {
	.name = "oom",
	.help = "hot-add under a memory hog with delayed onlining: who survives (virtio-mem: how far the plug gets)",
	.run = oom_run,
	.derive = oom_derive,
	.tools = true,
	.machine = oom_machine,
	.not_applicable = oom_not_applicable,
	.summary = oom_summary,
	.eager_ok = true,
};
