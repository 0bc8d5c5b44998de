// SPDX-License-Identifier: GPL-2.0
/*
 * Each scenario's derive step (hotadd, oom, numa) from the messages its
 * guest sends (tests/fixtures/derive/SCENARIO.msg), edited into each
 * verdict: in effect, not in effect, partial, wrong node, missing
 * zoneinfo, one witness only. Each asserts the outcome and the reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "fixture.h"
#include "mhpbench.h"
#include "proto.h"
#include "scenario.h"
#include "scenario_util.h"

#define MIB (1ULL << 20)

/* One edit of the message sequence: set a row (adding it), or delete it. */
struct edit {
	const char *metric;
	long block;		/* -1: "all" */
	double value;
	bool del;
};

#define SET(m, b, v) { m, b, v, false }
#define DEL(m, b) { m, b, 0, true }
#define END { NULL, 0, 0, false }

struct scn {
	const char *fixture;
	const struct mhp_scenario *sc;
	const char *free_after;		/* the MemFree witness's "after" row */
	double free_stock;		/* its value when the add took 4 MiB */
	const char *ok_reason;		/* an ok sample's reason starts so */
	uint64_t size;			/* 0: 256 MiB */
	const char *hotplug;		/* the sample's method; NULL: a DIMM's */
};

static const struct scn scns[] = {
	{ "derive/hotadd.msg", &mhp_scenario_hotadd, "free_pcp_after_add_kb",
	  901000 - 4096, "zoneinfo yes", 0, NULL },
	{ "derive/oom.msg", &mhp_scenario_oom, "free_pcp_after_add_kb",
	  181000 - 4096, "survived: 2 of 2 blocks online, 0 OOM kills", 0,
	  NULL },
	{ "derive/numa.msg", &mhp_scenario_numa, "node0_free_pcp_after_add_kb",
	  701000 - 4096, "memmap on node 1: zoneinfo yes", 0, NULL },
};

/*
 * oom with virtio-mem (x86_64 under TCG): a plug that stood still at
 * 1 GiB until the guest onlined, then completed; and one that could not
 * add memory blocks for want of memory for their memmap.
 */
static const struct scn vmem[] = {
	{ "derive/oom-vmem.msg", &mhp_scenario_oom, NULL, 0,
	  "plug of 2G complete in 2.1 s, longest stall 2.0 s at 1G, 1G plugged when onlining began: 16 of 16 blocks online, 0 OOM kills",
	  2048 * MIB, "virtio-mem" },
	{ "derive/oom-vmem-stalled.msg", &mhp_scenario_oom, NULL, 0,
	  "plug stalled at 3712M of 4G, longest stall 119.8 s at 3840M (6 setbacks), 1G plugged when onlining began: 29 of 32 blocks online, 1 OOM kills",
	  4096 * MIB, "virtio-mem" },
};

/* What each sample's blocks need of memmap, and what came before the online. */
static const struct {
	int blocks;
	double drop_kb;		/* MemFree, GO to the end of the delay */
} vmem_want[] = {
	{ 16, 59652 - 43268 },
	{ 29, 59760 - 43256 },
};

static struct mhp_arch arch = { .block_size = 128 * MIB };
/* The sample's own scenario name (mhpbench native's), or NULL. */
static const char *sample_scenario;
/* The sample's hot-add method (virtio-mem), or NULL: a DIMM's. */
static const char *sample_hotplug;
/* Edits before the others (a flow's shape), or NULL. */
static const struct edit *apply_first;
/* Set: the kernel is an altmap = rule one, with this mode and hook. */
static const char *rule_hook;
static enum mhp_mom_mode rule_mode;
static struct mhp_opts opts;
static const struct mhp_ctx ctx = { .opts = &opts, .arch = &arch };

static void apply(struct mhp_sample *s, const struct edit *e)
{
	int i;

	for (; e && e->metric; e++) {
		for (i = 0; i < s->nrows; i++)
			if (s->rows[i].block == e->block &&
			    !strcmp(s->rows[i].metric, e->metric))
				break;
		if (i == s->nrows && !e->del)
			mhp_sample_add(s, e->block, e->metric, e->value, "x");
		else if (i < s->nrows && e->del)
			s->rows[i] = s->rows[--s->nrows];
		else if (i < s->nrows)
			s->rows[i].value = e->value;
	}
}

/* The fixture's messages, edited, then the scenario's derive step. */
static void derive(const struct scn *c, const char *variant, bool altmap,
		   const struct edit *e, const struct edit *e2,
		   struct mhp_sample *s, struct mhp_kernel *k)
{
	char *text = fixture_read(c->fixture, NULL), *line, *save = NULL;
	struct mhp_msg m;

	assert_non_null(text);
	memset(k, 0, sizeof(*k));
	snprintf(k->variant, sizeof(k->variant), "%s", variant);
	snprintf(k->arch, sizeof(k->arch), "x86_64");
	k->struct_page_bytes = 64;
	k->expect_altmap = altmap;
	if (rule_hook) {
		char err[128];

		k->altmap_expect = MHP_EXPECT_RULE;
		k->mom_mode = rule_mode;
		assert_int_equal(mhp_altmap_hooks_parse(rule_hook, &k->altmap_hooks,
							err, sizeof(err)), 0);
	}
	memset(s, 0, sizeof(*s));
	s->kernel = k;
	s->scenario = sample_scenario;
	s->hotplug = c->hotplug ?: sample_hotplug;
	s->size = c->size ?: 256 * MIB;
	s->outcome = MHP_OK;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		assert_int_equal(mhp_msg_parse(line, &m), 0);
		assert_int_equal(mhp_scn_take_metric(s, &m), 0);
	}
	free(text);
	apply(s, apply_first);
	apply(s, e);
	apply(s, e2);
	c->sc->derive(&ctx, s);
}

static double get(const struct mhp_sample *s, const char *metric)
{
	double v;

	return mhp_sample_get(s, metric, &v) ? v : -99;
}

static bool has(const struct mhp_sample *s, const char *metric)
{
	double v;

	return mhp_sample_get(s, metric, &v);
}

static void starts(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)))
		fail_msg("reason \"%s\" does not start with \"%s\"", s, prefix);
}

static void test_in_effect(void **state)
{
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, NULL, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		starts(s.reason, scns[i].ok_reason);
		assert_true(get(&s, "altmap_in_effect") == 1);
		assert_true(get(&s, "witness_zoneinfo") == 1);
		assert_true(get(&s, "witness_kpageflags") == 1);
		assert_true(get(&s, "witness_counter") == 1);
		assert_true(get(&s, "witness_memfree") == 1);
		assert_true(get(&s, "memmap_pages_expected") == 1024);
		assert_true(get(&s, "memmap_pages_reserved_expected") == 1024);
		assert_true(get(&s, "memmap_pages_wasted") == 0);
		mhp_sample_free(&s);
	}
}

/* The altmap kernel booted with memory_hotplug.memmap_on_memory=0. */
static const struct edit stock[] = {
	SET("memmap_pages_kpf", 40, 0), SET("memmap_pages_kpf", 41, 0),
	SET("node_managed_pages", -1, 65536),
	SET("vmstat_memmap_after_online_pages", -1, 0),
	SET("meminfo_memmap_after_online_kb", -1, 0), END,
};

static void test_not_in_effect(void **state)
{
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		const struct edit drop[] = {
			SET(scns[i].free_after, -1, scns[i].free_stock), END,
		};

		derive(&scns[i], "altmap", true, stock, drop, &s, &k);
		assert_int_equal(s.outcome, MHP_INVALID);
		starts(s.reason, "variant altmap asks for the altmap but it was not in effect: zoneinfo no (0 of 1024), kpageflags no (0 of 2 blocks self-hosted), counter no (0 of 1024), memfree no (drop 4096 kB, 4096 +- 528)");
		assert_true(get(&s, "altmap_in_effect") == 0);
		assert_false(has(&s, "memmap_pages_wasted"));
		mhp_sample_free(&s);
		/* The same from the stock variant is what it asks for. */
		derive(&scns[i], "baseline", false, stock, drop, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		assert_true(get(&s, "altmap_in_effect") == 0);
		mhp_sample_free(&s);
	}
}

/* One block self-hosted, the other not. */
static void test_partial(void **state)
{
	const struct edit half[] = {
		SET("memmap_pages_kpf", 41, 0),
		SET("node_managed_pages", -1, 65024),
		SET("vmstat_memmap_after_online_pages", -1, 512),
		SET("meminfo_memmap_after_online_kb", -1, 2048), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, half, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_INVALID);
		starts(s.reason, "partial: zoneinfo partial (512 of 1024), kpageflags partial (1 of 2 blocks self-hosted), counter partial (512 of 1024)");
		assert_false(has(&s, "altmap_in_effect"));
		mhp_sample_free(&s);
	}
}

static void test_wrong_node(void **state)
{
	const struct edit node0[] = { SET("block_node", 41, 0), END };
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, node0, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_INVALID);
		assert_string_equal(s.reason,
				    "wrong node: block 41 on node 0, the DIMM on node 1");
		assert_false(has(&s, "altmap_in_effect"));
		mhp_sample_free(&s);
	}
}

/* No zoneinfo: that witness abstains, the three others decide. */
static void test_missing_zoneinfo(void **state)
{
	const struct edit nozi[] = {
		DEL("node_present_pages", -1), DEL("node_managed_pages", -1),
		DEL("node_present_before_pages", -1),
		DEL("node_managed_before_pages", -1), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, nozi, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		assert_true(get(&s, "altmap_in_effect") == 1);
		assert_false(has(&s, "witness_zoneinfo"));
		assert_false(has(&s, "memmap_pages_on_hotadded"));
		mhp_sample_free(&s);
		/* Only the node missing before the add: the same. */
		derive(&scns[i], "altmap", true, nozi + 2, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		assert_false(has(&s, "witness_zoneinfo"));
		mhp_sample_free(&s);
	}
	/* hotadd says why, in the ok sample's reason. */
	derive(&scns[0], "altmap", true, nozi, NULL, &s, &k);
	starts(s.reason, "zoneinfo n/a (node not read), kpageflags yes");
	mhp_sample_free(&s);
}

/*
 * A node that zoneinfo did not list before the add (no memory: x86_64's
 * node 1 without a CPU) had no pages: zoneinfo votes on its pages after
 * the add. Without that word, a node missing before is no measurement.
 */
static void test_node_offline_before(void **state)
{
	const struct edit off[] = {
		DEL("node_present_before_pages", -1),
		DEL("node_managed_before_pages", -1),
		SET("node_listed_before", -1, 0), END,
	};
	const struct edit on[] = { DEL("node_listed_before", -1), END };
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, off, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		assert_true(get(&s, "witness_zoneinfo") == 1);
		mhp_sample_free(&s);
		derive(&scns[i], "altmap", true, off, on, &s, &k);
		assert_int_equal(s.outcome, MHP_OK);
		assert_false(has(&s, "witness_zoneinfo"));
		mhp_sample_free(&s);
	}
}

/* A stock kernel without the counter, kpageflags unread, no zoneinfo. */
static void test_one_witness(void **state)
{
	const struct edit alone[] = {
		DEL("memmap_pages_kpf", 40), DEL("memmap_pages_kpf", 41),
		DEL("node_present_pages", -1), DEL("node_managed_pages", -1),
		DEL("vmstat_memmap_before_pages", -1),
		DEL("vmstat_memmap_after_online_pages", -1), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "baseline", false, alone, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_INVALID);
		starts(s.reason, "not enough witnesses: zoneinfo n/a (node not read), kpageflags n/a (not read), counter n/a (none in this kernel), memfree yes");
		assert_false(has(&s, "altmap_in_effect"));
		assert_true(get(&s, "witness_memfree") == 1);
		assert_false(has(&s, "memmap_pages_counter"));
		mhp_sample_free(&s);
	}
}

/* No page size from the guest: nothing defaults to 4096. */
static void test_no_page_size(void **state)
{
	const struct edit nopage[] = { DEL("page_size_bytes", -1), END };
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scns); i++) {
		derive(&scns[i], "altmap", true, nopage, NULL, &s, &k);
		assert_int_equal(s.outcome, MHP_INVALID);
		assert_string_equal(s.reason,
				    "not enough witnesses: no theory (page size not read)");
		assert_false(has(&s, "memmap_pages_expected"));
		assert_false(has(&s, "memmap_pages_from_existing"));
		assert_false(has(&s, "memmap_pages_node0"));
		mhp_sample_free(&s);
	}
}

/* oom: an OOM kill during the add silences MemFree, not the others. */
static void test_oom_kill(void **state)
{
	const struct edit kill[] = {
		SET("oom_kills_during_add", -1, 1), SET("oom_kills", -1, 1),
		SET("free_pcp_after_add_kb", -1, 900000), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	derive(&scns[1], "altmap", true, kill, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_in_effect") == 1);
	assert_false(has(&s, "witness_memfree"));
	assert_true(get(&s, "oom_survived") == 0);
	mhp_sample_free(&s);
}

/* mhpbench native's dax-kmem: MemFree cannot see the add alone. */
static void test_dax_kmem(void **state)
{
	const struct edit odd[] = {
		SET("free_pcp_after_add_kb", -1, 901000 - 3000), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	derive(&scns[0], "altmap", true, stock, odd, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	starts(s.reason, "witnesses disagree: ");
	mhp_sample_free(&s);
	sample_scenario = "dax-kmem";
	derive(&scns[0], "6.1.0", false, stock, odd, &s, &k);
	sample_scenario = NULL;
	assert_int_equal(s.outcome, MHP_OK);
	assert_false(has(&s, "witness_memfree"));
	starts(s.reason, "zoneinfo no (0 of 1024), kpageflags no (0 of 2 blocks self-hosted), counter no (0 of 1024), memfree n/a (the device's own memmap is freed around the add)");
	mhp_sample_free(&s);
}

/*
 * Upstream's nr_memmap_pages (6.11+) counts every hot-added section's
 * memmap wherever it went: 512 pages per 128 MiB section here, for the
 * altmap as for the stock placement. It checks the size, not the place.
 */
static void test_upstream_counter(void **state)
{
	static const struct edit right[] = {
		SET("section_size_bytes", -1, 128 * MIB),
		SET("memmap_pages_upstream", -1, 1024), END,
	};
	static const struct edit wrong[] = {
		SET("section_size_bytes", -1, 128 * MIB),
		SET("memmap_pages_upstream", -1, 1000), END,
	};
	static const struct edit no_section[] = {
		SET("memmap_pages_upstream", -1, 1000), END,
	};
	/* The stock placement, with the stock MemFree drop. */
	static const struct edit stock_right[] = {
		SET("memmap_pages_kpf", 40, 0), SET("memmap_pages_kpf", 41, 0),
		SET("node_managed_pages", -1, 65536),
		SET("vmstat_memmap_after_online_pages", -1, 0),
		SET("meminfo_memmap_after_online_kb", -1, 0),
		SET("free_pcp_after_add_kb", -1, 901000 - 4096),
		SET("section_size_bytes", -1, 128 * MIB),
		SET("memmap_pages_upstream", -1, 1024), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	derive(&scns[0], "altmap", true, right, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "memmap_pages_upstream_expected") == 1024);
	assert_true(get(&s, "memmap_pages_upstream_agrees") == 1);
	mhp_sample_free(&s);
	derive(&scns[0], "baseline", false, stock_right, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "memmap_pages_upstream_agrees") == 1);
	mhp_sample_free(&s);
	derive(&scns[0], "altmap", true, wrong, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	starts(s.reason, "witnesses disagree: upstream nr_memmap_pages counted 1000, theory 1024");
	assert_true(get(&s, "memmap_pages_upstream_agrees") == 0);
	mhp_sample_free(&s);
	/* No section size read: the counter abstains. */
	derive(&scns[0], "altmap", true, no_section, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_false(has(&s, "memmap_pages_upstream_agrees"));
	mhp_sample_free(&s);
}

/*
 * A kernel of altmap = rule (upstream 6.12) on the fixture's x86_64
 * numbers: 4K pages, 128 MiB blocks, pageblocks of 512, 64-byte struct
 * page: 32768 * 64 B = 2 MiB = 512 pages a block, one pageblock, a
 * multiple of PMD_SIZE (2 MiB): with =1 upstream uses the altmap, with
 * =0 not. A yes or no variant gets neither the row nor the note.
 */
static void test_rule_x86_64(void **state)
{
	static const struct edit stock_free[] = {
		SET("free_pcp_after_add_kb", -1, 901000 - 4096), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	rule_hook = "4096:2M";
	rule_mode = MHP_MOM_ON;
	derive(&scns[0], "upstream", true, NULL, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_expected") == 1);
	assert_true(get(&s, "altmap_in_effect") == 1);
	assert_string_equal(s.note, "upstream rule: altmap: memmap 512 pages per 128 MiB block, 512 reserved (pageblocks of 512), 0 wasted (memmap_on_memory=1)");
	mhp_sample_free(&s);
	/* =1, but the memmap came from existing memory: invalid. */
	derive(&scns[0], "upstream", true, stock, stock_free, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	starts(s.reason, "upstream rule: altmap: memmap 512 pages per 128 MiB block, 512 reserved (pageblocks of 512), 0 wasted (memmap_on_memory=1), but the altmap was not in effect: zoneinfo no");
	mhp_sample_free(&s);
	rule_mode = MHP_MOM_OFF;
	derive(&scns[0], "upstream-off", false, stock, stock_free, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_expected") == 0);
	assert_string_equal(s.note, "upstream rule: no altmap: memmap_on_memory=0");
	mhp_sample_free(&s);
	/* A hook that refuses 4K pages: the altmap in effect is invalid. */
	rule_hook = "4096:no";
	rule_mode = MHP_MOM_FORCE;
	derive(&scns[0], "upstream-force", true, NULL, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	starts(s.reason, "upstream rule: no altmap: the arch refuses it with 4 KiB pages (arch_supports_memmap_on_memory()), but the altmap was in effect");
	mhp_sample_free(&s);
	/* No hook for the page size: no answer, the sample is invalid. */
	rule_hook = "65536:any";
	derive(&scns[0], "upstream-force", true, NULL, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	assert_false(has(&s, "altmap_expected"));
	starts(s.reason, "upstream rule: not decided: the arch profile has no hook for 4 KiB pages");
	mhp_sample_free(&s);
	rule_hook = NULL;
	derive(&scns[0], "altmap", true, NULL, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_false(has(&s, "altmap_expected"));
	assert_string_equal(s.note, "");
	mhp_sample_free(&s);
}

/*
 * powerpc (pseries radix, 64K pages): 512 MiB is two 256 MiB LMBs, each
 * 4096 pages * 64 B = 256 KiB = 4 pages of memmap, pageblocks of 32.
 * =1: 4 is not whole pageblocks, the memmap comes from existing memory
 * (a valid sample). =force: 32 reserved per LMB (present - managed 64,
 * 32 self-hosted pages each), 4 used, 28 wasted. The counter is the
 * series' (none upstream) and MemFree cannot tell (a 2 MiB vmemmap page
 * maps 2 GiB): zoneinfo and kpageflags vote. nr_memmap_pages counts
 * 16 MiB sections: 256 * 64 B = 16 KiB, one page each, 32 sections =
 * 32 pages in both modes.
 */
static void test_rule_powerpc(void **state)
{
	static const struct edit ppc[] = {
		SET("page_size_bytes", -1, 65536),
		SET("block_size_bytes", -1, 256 * MIB),
		SET("pageblock_pages", -1, 32),
		DEL("vmstat_memmap_after_online_pages", -1),
		DEL("meminfo_memmap_after_online_kb", -1),
		SET("section_size_bytes", -1, 16 * MIB),
		SET("memmap_pages_upstream", -1, 32),
		SET("node_present_pages", -1, 8192), END,
	};
	static const struct edit on[] = {
		SET("memmap_pages_kpf", 40, 0), SET("memmap_pages_kpf", 41, 0),
		SET("node_managed_pages", -1, 8192), END,
	};
	static const struct edit force[] = {
		SET("memmap_pages_kpf", 40, 32), SET("memmap_pages_kpf", 41, 32),
		SET("node_managed_pages", -1, 8192 - 64), END,
	};
	struct scn c = scns[0];
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	c.size = 512 * MIB;
	rule_hook = "4096:2M 65536:any";
	rule_mode = MHP_MOM_ON;
	derive(&c, "upstream", true, ppc, on, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_expected") == 0);
	assert_true(get(&s, "altmap_in_effect") == 0);
	assert_true(get(&s, "memmap_pages_upstream_agrees") == 1);
	assert_string_equal(s.note, "upstream rule: no altmap: memmap 4 pages per 256 MiB block is not whole pageblocks of 32 (memmap_on_memory=1); =force would reserve 32");
	mhp_sample_free(&s);
	rule_mode = MHP_MOM_FORCE;
	derive(&c, "upstream-force", true, ppc, force, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_expected") == 1);
	assert_true(get(&s, "altmap_in_effect") == 1);
	assert_true(get(&s, "memmap_pages_expected") == 8);
	assert_true(get(&s, "memmap_pages_reserved_expected") == 64);
	assert_true(get(&s, "memmap_pages_wasted") == 56);
	assert_true(get(&s, "memmap_pages_upstream_expected") == 32);
	assert_true(get(&s, "memmap_pages_upstream_agrees") == 1);
	assert_string_equal(s.note, "upstream rule: altmap: memmap 4 pages per 256 MiB block, 32 reserved (pageblocks of 32), 28 wasted (memmap_on_memory=force)");
	mhp_sample_free(&s);
	rule_hook = NULL;
}

/*
 * virtio-mem: the guest onlined each block as it came (online_eager), so
 * there is no "after add" snapshot; the MemFree witness takes what
 * MemTotal gained and free memory did not over add and online (258048
 * kB gained, 4096 kB short: the stock memmap). Every variant is held to
 * "memmap from existing memory".
 */
static void test_eager(void **state)
{
	/* The guest's rows without an "after add" moment. */
	static const struct edit no_add[] = {
		DEL("memfree_after_add_kb", -1), DEL("memtotal_after_add_kb", -1),
		DEL("free_pcp_after_add_kb", -1),
		SET("free_pcp_after_online_kb", -1, 901000 + 258048 - 4096), END,
	};
	static const struct edit eager[] = {
		SET("online_eager", -1, 1), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	sample_hotplug = "virtio-mem";
	apply_first = no_add;
	derive(&scns[0], "baseline", false, stock, eager, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "memfree_shortfall_kb") == 4096);
	assert_true(get(&s, "memmap_pages_from_existing") == 1024);
	assert_true(get(&s, "witness_memfree") == 0);
	assert_false(has(&s, "memfree_drop_at_add_kb"));
	mhp_sample_free(&s);
	/* The altmap variant: not in effect, and why. */
	derive(&scns[0], "altmap", true, stock, eager, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_true(get(&s, "altmap_in_effect") == 0);
	assert_non_null(strstr(s.reason, "the variant's altmap is not in effect: virtio-mem adds memory without MHP_MEMMAP_ON_MEMORY"));
	mhp_sample_free(&s);
	/* Not said eager, nor kernel-onlined: no moment after the add read. */
	derive(&scns[0], "baseline", false, stock, NULL, &s, &k);
	assert_false(has(&s, "witness_memfree"));
	assert_false(has(&s, "memmap_pages_from_existing"));
	mhp_sample_free(&s);
	apply_first = NULL;
	sample_hotplug = NULL;
}


/*
 * oom with virtio-mem: the device never puts the memmap on what it adds,
 * so every variant is held to "from existing memory" and an altmap claim
 * is not in effect, with the reason. The sample says how the plug went.
 */
static const char not_in_effect[] =
	"; altmap not in effect: virtio-mem adds memory without MHP_MEMMAP_ON_MEMORY (no upstream kernel passes it)";

static void test_vmem_plug(void **state)
{
	static const char *const variants[] = { "altmap", "baseline" };
	struct mhp_sample s;
	struct mhp_kernel k;
	size_t i, v;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vmem); i++) {
		for (v = 0; v < ARRAY_SIZE(variants); v++) {
			derive(&vmem[i], variants[v], v == 0, NULL, NULL, &s, &k);
			assert_int_equal(s.outcome, MHP_OK);
			/* The altmap variant hears why it did not get it. */
			starts(s.reason, vmem[i].ok_reason);
			assert_string_equal(s.reason + strlen(vmem[i].ok_reason),
					    v ? "" : not_in_effect);
			assert_true(get(&s, "altmap_in_effect") == 0);
			assert_true(get(&s, "witness_zoneinfo") == 0);
			assert_true(get(&s, "witness_kpageflags") == 0);
			assert_true(get(&s, "witness_counter") == 0);
			assert_true(get(&s, "witness_memfree") == 0);
			assert_true(get(&s, "plug_completed") == (i == 0));
			assert_true(get(&s, "oom_survived") == (i == 0));
			assert_true(get(&s, "memmap_pages_expected") ==
				    vmem_want[i].blocks * 512);
			/* The 8 blocks that came during the delay, offline. */
			assert_true(get(&s, "memfree_drop_at_add_kb") ==
				    vmem_want[i].drop_kb);
			mhp_sample_free(&s);
		}
	}
}

/* At once: the kernel onlines, no delay ends; the reason says nothing of it. */
static void test_vmem_at_once(void **state)
{
	static const struct edit at_once[] = {
		DEL("plugged_at_delay_end_bytes", -1),
		DEL("blocks_added_at_delay_end", -1),
		SET("online_at_once_policy", -1, 1), END,
	};
	struct mhp_sample s;
	struct mhp_kernel k;

	(void)state;
	derive(&vmem[0], "baseline", false, at_once, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_OK);
	assert_string_equal(s.reason,
			    "plug of 2G complete in 2.1 s, longest stall 2.0 s at 1G: 16 of 16 blocks online, 0 OOM kills");
	mhp_sample_free(&s);
}

/* A self-hosted memmap from virtio-mem is no altmap: it is wrong. */
static void test_vmem_self_hosted(void **state)
{
	static struct edit claim[16 + 4];
	struct mhp_sample s;
	struct mhp_kernel k;
	int i;

	(void)state;
	/* Blocks 32 to 47, each with its 512 pages; nothing from free memory. */
	for (i = 0; i < 16; i++)
		claim[i] = (struct edit)SET("memmap_pages_kpf", 32 + i, 512);
	claim[i++] = (struct edit)SET("node_managed_pages", -1,
				      524288 - 8192);
	claim[i++] = (struct edit)SET("vmstat_memmap_after_online_pages", -1,
				      8192);
	claim[i++] = (struct edit)SET("free_pcp_after_add_kb", -1,
				      60812 + 2529872 - 432720);
	claim[i] = (struct edit)END;
	derive(&vmem[0], "altmap", true, claim, NULL, &s, &k);
	assert_int_equal(s.outcome, MHP_INVALID);
	starts(s.reason, "the memmap is on the hot-added memory, but virtio-mem adds memory without MHP_MEMMAP_ON_MEMORY");
	mhp_sample_free(&s);
}

/*
 * The summary: DIMMs under "largest that survived", the device's plug
 * apart with what it measured; each line names its method.
 */
static void test_vmem_summary(void **state)
{
	static const struct edit dimm_knobs[] = {
		SET("boot_mem_bytes", -1, 1024 * MIB), SET("hog_pct", -1, 80),
		SET("online_delay_ms", -1, 2000),
		SET("online_at_once_policy", -1, 0),
		SET("online_to_movable", -1, 1), END,
	};
	static struct mhp_kernel k[3];
	struct mhp_sample s[3];
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int i;

	(void)state;
	derive(&vmem[0], "altmap", true, NULL, NULL, &s[0], &k[0]);
	derive(&vmem[1], "altmap", true, NULL, NULL, &s[1], &k[1]);
	derive(&scns[1], "altmap", true, dimm_knobs, NULL, &s[2], &k[2]);
	s[2].hotplug = "acpi-dimm";
	for (i = 0; i < 3; i++)
		s[i].valid = s[i].outcome == MHP_OK;
	f = open_memstream(&out, &len);
	assert_non_null(f);
	mhp_scenario_oom.summary(f, s, 3);
	fclose(f);
	assert_non_null(strstr(out, "Largest hot-add that survived (every valid sample: all blocks online, no OOM kill):\n"
			       "  x86_64   altmap     acpi-dimm, boot RAM 1G, hog 80 %, online 2.0 s after the add (ZONE_MOVABLE): 256M (the largest tried; none failed)\n"));
	assert_non_null(strstr(out, "not OOM kills"));
	assert_non_null(strstr(out, "  x86_64   altmap     virtio-mem, boot RAM 512M, hog 80 %, online 2.0 s after the request (ZONE_MOVABLE)\n"
			       "    2G: plugged when onlining began 1G, longest stall 2.0 s, at 1G, plug 2.1 s, setbacks 0, adds failed 0, OOM kills 0 (medians; 1 of 1 plugs complete)\n"
			       "    4G: plugged when onlining began 1G, longest stall 119.8 s, at 3840M, stalled at 3712M, setbacks 6, adds failed 7, OOM kills 1 (medians; 0 of 1 plugs complete)\n"));
	free(out);
	for (i = 0; i < 3; i++)
		mhp_sample_free(&s[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_effect),
		cmocka_unit_test(test_not_in_effect),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_wrong_node),
		cmocka_unit_test(test_missing_zoneinfo),
		cmocka_unit_test(test_node_offline_before),
		cmocka_unit_test(test_one_witness),
		cmocka_unit_test(test_no_page_size),
		cmocka_unit_test(test_oom_kill),
		cmocka_unit_test(test_dax_kmem),
		cmocka_unit_test(test_upstream_counter),
		cmocka_unit_test(test_rule_x86_64),
		cmocka_unit_test(test_rule_powerpc),
		cmocka_unit_test(test_eager),
		cmocka_unit_test(test_vmem_plug),
		cmocka_unit_test(test_vmem_at_once),
		cmocka_unit_test(test_vmem_self_hosted),
		cmocka_unit_test(test_vmem_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
