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
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "guest.h"
#include "memmap.h"
#include "qmp.h"
#include "scenario.h"
#include "scenario_util.h"
#include "scenario_verdict.h"
#include "size.h"

#define TARGET_NODE 1
#define MAX_DIMMS 256

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

static int oom_run(const struct mhp_ctx *ctx, struct mhp_guest *g,
		   struct mhp_sample *s)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(ctx->arch->hotplug);
	const struct mhp_opts *o = ctx->opts;
	int timeout_ms = o->boot_timeout_s * 1000;
	uint64_t bs = ctx->arch->block_size, qmp_us;
	static long blk[MAX_DIMMS], slot[MAX_DIMMS];
	int n = s->size / bs, k, ok;
	char err[256];
	double v;

	mhp_sample_add(s, -1, "boot_mem_bytes", ctx->arch->boot_mem, "bytes");
	mhp_sample_add(s, -1, "hog_pct", o->hog_pct, "%");
	mhp_sample_add(s, -1, "online_delay_ms", o->online_delay_ms, "ms");
	mhp_sample_add(s, -1, "online_at_once_policy",
		       !strcmp(o->policy, "at-once"), "bool");
	mhp_sample_add(s, -1, "online_to_movable",
		       !strcmp(o->online, "online_movable"), "bool");
	mhp_sample_add(s, -1, "dimms_requested", n, "dimms");
	mhp_sample_add(s, -1, "dimm_node", TARGET_NODE, "node");
	mhp_guest_send(g, "OOM blocks=%d node=%d hog_pct=%d delay_ms=%d policy=%s online=%s timeout_ms=%d",
		       n, TARGET_NODE, o->hog_pct, o->online_delay_ms, o->policy,
		       o->online, timeout_ms);
	/* The hog first takes its memory: that may take a while under TCG. */
	if (mhp_scn_expect(g, "ARMED", 2 * timeout_ms, s))
		return -1;
	mhp_guest_send(g, "GO");
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
 * The MemFree witness, from GO to right after the add (at once: and the
 * online): what MemTotal gained and free memory (with the per-cpu
 * lists, when read) did not. Delayed, MemTotal does not move before the
 * online and this is the drop of free memory at the add.
 */
static int64_t oom_memfree(struct mhp_sample *s, const char **why)
{
	double gain, free_gain, kills, drop;

	*why = NULL;
	if (mhp_scn_diff(s, "memfree_at_go_kb", "memfree_after_add_kb", &drop))
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

static void oom_derive(const struct mhp_ctx *ctx, struct mhp_sample *s)
{
	double n = s->size / ctx->arch->block_size;
	double online = mhp_scn_get(s, "blocks_online");
	double kills, per;
	char why[sizeof(s->reason)];
	const char *drop_why;
	int64_t drop;
	int survived;

	if (!mhp_sample_get(s, "oom_kills", &kills) &&
	    mhp_sample_get(s, "oom_kill_lines", &kills))
		mhp_sample_add(s, -1, "oom_kills", kills, "count");
	else if (!mhp_sample_get(s, "oom_kills", &kills))
		kills = -1;
	survived = online == n && kills == 0;
	mhp_sample_add(s, -1, "oom_survived", survived, "bool");
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
	snprintf(s->reason, sizeof(s->reason), "%s: %.0f of %.0f blocks online, %.0f OOM kills",
		 survived ? "survived" : "did not survive", fmax(online, 0), n,
		 fmax(kills, 0));
}

/* Sizes of one arch and variant, smallest first, and whether they all
 * survived in every valid sample.
 */
struct outcome {
	const char *arch, *variant;
	uint64_t size;
	int runs, survived;
	double boot, hog, delay, at_once, movable;
};

static int cmp_outcome(const void *a, const void *b)
{
	const struct outcome *x = a, *y = b;
	int c = strcmp(x->arch, y->arch);

	if (!c)
		c = strcmp(x->variant, y->variant);
	if (!c)
		c = (x->size > y->size) - (x->size < y->size);
	return c;
}

static void oom_summary(FILE *f, const struct mhp_sample *smp, int n)
{
	struct outcome *o = calloc(n ? n : 1, sizeof(*o));
	int i, j, m = 0;
	char a[32], b[32];

	if (!o)
		return;
	for (i = 0; i < n; i++) {
		const struct mhp_sample *s = &smp[i];

		if (!s->valid)
			continue;
		for (j = 0; j < m; j++)
			if (!strcmp(o[j].arch, s->kernel->arch) &&
			    !strcmp(o[j].variant, s->kernel->variant) &&
			    o[j].size == s->size)
				break;
		if (j == m) {
			o[m++] = (struct outcome){
				.arch = s->kernel->arch, .variant = s->kernel->variant,
				.size = s->size,
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
	fprintf(f, "\nLargest hot-add that survived (every valid sample: all blocks online, no OOM kill):\n");
	for (i = 0; i < m; i = j) {
		uint64_t best = 0, fail = 0;

		for (j = i; j < m && !strcmp(o[j].arch, o[i].arch) &&
		     !strcmp(o[j].variant, o[i].variant); j++) {
			if (o[j].survived == o[j].runs && !fail)
				best = o[j].size;
			else if (o[j].survived != o[j].runs && !fail)
				fail = o[j].size;
		}
		mhp_size_format((uint64_t)o[i].boot, a, sizeof(a));
		fprintf(f, "  %-8s %-10s boot RAM %s, hog %.0f %%, ", o[i].arch,
			o[i].variant, a, o[i].hog);
		if (o[i].at_once == 1)
			fprintf(f, "online at once");
		else
			fprintf(f, "online %.1f s after the add", o[i].delay / 1000);
		fprintf(f, " (%s): ", o[i].movable == 1 ? "ZONE_MOVABLE" :
			o[i].movable == 0 ? "a kernel zone" : "?");
		if (best) {
			mhp_size_format(best, b, sizeof(b));
			fprintf(f, "%s", b);
		} else {
			fprintf(f, "none");
		}
		if (fail) {
			mhp_size_format(fail, b, sizeof(b));
			fprintf(f, " (smallest that failed: %s)\n", b);
		} else {
			fprintf(f, " (the largest tried; none failed)\n");
		}
	}
	free(o);
}

const struct mhp_scenario mhp_scenario_oom = {
	.name = "oom",
	.help = "hot-add under a memory hog with delayed onlining: who survives",
	.run = oom_run,
	.derive = oom_derive,
	.tools = true,
	.machine = oom_machine,
	.not_applicable = oom_not_applicable,
	.summary = oom_summary,
	.eager_ok = true,
};
