// SPDX-License-Identifier: GPL-2.0
/*
 * Reports of the fixture runs (tests/fixtures/runs, see its README):
 * golden files pin the text layout (only `make golden`, which runs this
 * binary with --update-golden, rewrites them after a deliberate change:
 * no environment variable does), every line fits 72 columns, and the
 * comparisons flag exactly the metrics that differ.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "compiler.h"
#include "fixture.h"
#include "hotplug_report.h"
#include "textreport.h"
#include "wrap.h"

struct runs {
	struct mhp_rundata a, b;
	struct mhp_report r;
};

static void load(const char *name, struct mhp_rundata *rd)
{
	char path[PATH_MAX], err[512];

	assert_int_equal(fixture_path(name, path, sizeof(path)), 0);
	if (mhp_rundata_load(path, rd, err, sizeof(err)))
		fail_msg("%s: %s", name, err);
}

/* Build a report of run a (b NULL) or a comparison of a and b. */
static void build(struct runs *x, const char *a, const char *b,
		  const char *baseline)
{
	char err[512];

	load(a, &x->a);
	if (b)
		load(b, &x->b);
	if (mhp_report_build(&x->r, &x->a, b ? &x->b : &x->a, baseline,
			     MHP_BOOT_SEED, err, sizeof(err)))
		fail_msg("%s", err);
}

static void done(struct runs *x, bool two)
{
	mhp_report_free(&x->r);
	mhp_rundata_free(&x->a);
	if (two)
		mhp_rundata_free(&x->b);
}

static char *render(const struct mhp_report *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	mhp_text_report(f, r);
	fclose(f);
	return text;
}

static void fits_72(const char *text)
{
	char line[1024];
	const char *p = text;
	int n = 1;

	while (*p) {
		size_t k = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)k, p);
		if (mhp_text_width(line) > MHP_TEXT_WIDTH)
			fail_msg("line %d has %d columns: %s", n, mhp_text_width(line),
				 line);
		p += k + (p[k] == '\n');
		n++;
	}
}

/* Set by --update-golden (make golden) only. */
static bool update_golden;

static void check_golden(const char *text, const char *name)
{
	char path[PATH_MAX], *want;
	FILE *f;

	fits_72(text);
	assert_int_equal(fixture_path(name, path, sizeof(path)), 0);
	if (update_golden) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	}
	want = fixture_read(name, NULL);
	assert_non_null(want);
	if (strcmp(text, want)) {
		f = fopen("/tmp/mhp-golden-got.txt", "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		fail_msg("%s differs: diff %s /tmp/mhp-golden-got.txt", name, path);
	}
	free(want);
}

static void test_golden_report(void **state)
{
	struct runs x;
	char *text;

	(void)state;
	build(&x, "runs/x86_64-hotadd-a", NULL, NULL);
	text = render(&x.r);
	check_golden(text, "golden/report-x86_64-hotadd-a.txt");
	free(text);
	done(&x, false);
}

static void test_golden_compare(void **state)
{
	struct runs x;
	char *text;

	(void)state;
	build(&x, "runs/x86_64-hotadd-a", "runs/x86_64-hotadd-b", NULL);
	assert_int_equal(x.r.nwarn, 0);
	text = render(&x.r);
	check_golden(text, "golden/compare-a-b.txt");
	free(text);
	done(&x, true);
}

static void test_golden_compare_warns(void **state)
{
	struct runs x;
	char *text;

	(void)state;
	/* The same kernels onlined with another policy: the config differs. */
	build(&x, "runs/x86_64-hotadd-a", "runs/x86_64-hotadd-online-kernel", NULL);
	assert_int_equal(x.r.nwarn, 1);
	assert_string_equal(x.r.warn[0],
			    "options.online differs: online_movable vs online_kernel");
	text = render(&x.r);
	check_golden(text, "golden/compare-a-online-kernel.txt");
	free(text);
	done(&x, true);
}

static void test_golden_descriptive(void **state)
{
	struct runs x;
	char *text;

	(void)state;
	/* A run of one variant has nothing to compare: descriptive rows. */
	build(&x, "runs/synthetic-oom-numa", NULL, "altmap");
	text = render(&x.r);
	fits_72(text);
	assert_non_null(strstr(text, "oom x86_64 2G: altmap (3/3 valid) vs baseline"));
	free(text);
	done(&x, false);
}

static void test_two_arches(void **state)
{
	struct runs x;
	char *text;

	(void)state;
	/* meta.json of a run of several arches: each arch's profile,
	 * accelerator and kernels.
	 */
	build(&x, "runs/synthetic-two-arches", NULL, NULL);
	text = render(&x.r);
	fits_72(text);
	assert_non_null(strstr(text, "accelerator x86_64 emulated (TCG), arm64 emulated\n"));
	assert_non_null(strstr(text, "\narch     arm64: machine virt, cpu max,"));
	assert_non_null(strstr(text, "\nkernel   arm64 altmap: build a1b2c3d4e5f60718,"));
	assert_non_null(strstr(text, "cmdline console=ttyAMA0 "));
	assert_non_null(strstr(text, "\nhotadd arm64 128M: baseline (5/5 valid) vs altmap"));
	assert_non_null(strstr(text, "\nhotadd x86_64 128M: baseline (5/5 valid) vs altmap"));
	assert_int_equal(x.r.nwarn, 0);
	free(text);
	done(&x, false);
}

/* Write text with every from replaced by to into path. */
static void put_replaced(const char *path, const char *text,
			 const char *const (*subst)[2])
{
	FILE *f = fopen(path, "w");
	const char *p = text;

	assert_non_null(f);
	while (*p) {
		const char *const (*s)[2];

		for (s = subst; (*s)[0]; s++)
			if (!strncmp(p, (*s)[0], strlen((*s)[0])))
				break;
		if ((*s)[0]) {
			fputs((*s)[1], f);
			p += strlen((*s)[0]);
		} else {
			fputc(*p++, f);
		}
	}
	fclose(f);
}

static void test_warnings(void **state)
{
	static const char *const subst[][2] = {
		{ "\"qemu_version\": \"7.2.22\"", "\"qemu_version\": \"8.0.4\"" },
		{ "\"page_size\": 4096", "\"page_size\": 16384" },
		{ "\"cpus\": 2,\n    \"mem", "\"cpus\": 4,\n    \"mem" },
		{ "GNU ld (GNU Binutils for Debian) 2.40", "GNU ld 2.41" },
		{ "memmap_on_memory=1", "memmap_on_memory=force" },
		{ NULL, NULL },
	};
	char dir[] = "/tmp/mhp-test-warn-XXXXXX", path[128];
	struct runs x;
	char *text, err[512];
	size_t i;

	(void)state;
	/*
	 * Run b, but another QEMU, page size, host and toolchain, and
	 * altmap's cmdline changed: each is named, nothing else.
	 */
	assert_non_null(mkdtemp(dir));
	text = fixture_read("runs/x86_64-hotadd-b/meta.json", NULL);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	put_replaced(path, text, subst);
	free(text);
	text = fixture_read("runs/x86_64-hotadd-b/samples.csv", NULL);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	put_replaced(path, text, subst + 5);
	free(text);
	load("runs/x86_64-hotadd-a", &x.a);
	if (mhp_rundata_load(dir, &x.b, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.b, NULL, 1, err,
					  sizeof(err)), 0);
	for (i = 0; i < x.r.nwarn; i++)
		print_message("warning: %s\n", x.r.warn[i]);
	assert_int_equal(x.r.nwarn, 6);
	assert_string_equal(x.r.warn[0], "QEMU version differs: 7.2.22 vs 8.0.4");
	assert_string_equal(x.r.warn[1], "host.cpus differs: 2 vs 4");
	assert_string_equal(x.r.warn[2], "x86_64 page size differs: 4096 vs 16384");
	assert_string_equal(x.r.warn[3], "A:baseline vs B:baseline: x86_64 kernel toolchain differs: gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld (GNU Binutils for Debian) 2.40 vs gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.41");
	assert_string_equal(x.r.warn[4], "A:altmap vs B:altmap: x86_64 kernel toolchain differs: gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld (GNU Binutils for Debian) 2.40 vs gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.41");
	assert_string_equal(x.r.warn[5], "A:altmap vs B:altmap: x86_64 kernel cmdline differs: console=ttyS0 memhp_default_state=offline panic=-1 oops=panic memory_hotplug.memmap_on_memory=1 vs console=ttyS0 memhp_default_state=offline panic=-1 oops=panic memory_hotplug.memmap_on_memory=force");
	text = render(&x.r);
	fits_72(text);
	free(text);
	done(&x, true);
	unlink(path);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	unlink(path);
	rmdir(dir);
}

/* The flagged metrics of a section, "a b c". */
static void flagged(const struct mhp_section *sec, char *buf, size_t len)
{
	size_t i, w = 0;

	buf[0] = '\0';
	for (i = 0; i < sec->nrows; i++)
		if (sec->rows[i].compared && sec->rows[i].cmp.significant &&
		    !(sec->rows[i].info.flags & MHP_METRIC_RAW))
			w += snprintf(buf + w, len - w, "%s%s", w ? " " : "",
				      sec->rows[i].metric);
}

static const struct mhp_section *find(const struct mhp_report *r,
				      const char *base, const char *new,
				      uint64_t size)
{
	size_t i, j;

	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++)
			if (!strcmp(r->pair[i].side[MHP_BASE].variant, base) &&
			    !strcmp(r->pair[i].side[MHP_NEW].variant, new) &&
			    r->pair[i].sec[j].size == size)
				return &r->pair[i].sec[j];
	fail_msg("no section %s vs %s %llu", base, new, (unsigned long long)size);
	return NULL;
}

#define M128 (128ULL << 20)
#define M256 (256ULL << 20)
#define G1 (1ULL << 30)

static void expect(const struct mhp_report *r, const char *base,
		   const char *new, uint64_t size, const char *want)
{
	char got[1024];

	flagged(find(r, base, new, size), got, sizeof(got));
	if (strcmp(got, want))
		fail_msg("%s vs %s %llu: flagged '%s', want '%s'", base, new,
			 (unsigned long long)size, got, want);
}

static void test_flags_altmap(void **state)
{
	static const char moved[] = "memfree_drop_at_add_kb memmap_pages_on_hotadded memmap_pages_on_hotadded_kpf memmap_pages_from_existing altmap_in_effect";
	struct runs x;

	(void)state;
	/*
	 * One real run, altmap against baseline at 128M: the memmap moves
	 * from existing RAM to the hot-added memory (512 pages, 2 MiB). The
	 * timings overlap (TCG noise); the memory accounting cannot.
	 */
	build(&x, "runs/x86_64-hotadd-a", NULL, NULL);
	/*
	 * 5 vs 5 samples: p >= 2/252 = 0.0079; six of the 13 tests there,
	 * so BH's q = 0.0079 x 13 / 6 = 0.017: nothing at the default 0.01.
	 */
	assert_int_equal(x.r.ntests, 13);
	expect(&x.r, "baseline", "altmap", M128, "");
	/*
	 * At 0.05 the six pass BH; MemTotal's gain (-1.6 %, the memmap
	 * now on the DIMM) is below the 5 % minimum change, above 1 %.
	 */
	mhp_report_rule(&x.r, 0.05, 0.05);
	expect(&x.r, "baseline", "altmap", M128, moved);
	mhp_report_rule(&x.r, 0.05, 0.01);
	expect(&x.r, "baseline", "altmap", M128,
	       "memfree_drop_at_add_kb memtotal_gain_kb memmap_pages_on_hotadded memmap_pages_on_hotadded_kpf memmap_pages_from_existing altmap_in_effect");
	/* No valid altmap sample at 256M and 1G: nothing compared. */
	expect(&x.r, "baseline", "altmap", M256, "");
	expect(&x.r, "baseline", "altmap", G1, "");
	done(&x, false);
}

static void test_flags_two_real_runs(void **state)
{
	struct runs x;

	(void)state;
	/*
	 * Two real runs of the same config: the only difference beyond noise
	 * is altmap's MemFree drop at 128M, 96..236 kB in run a and 0 in
	 * every sample of run b (and the pages it converts to).
	 */
	build(&x, "runs/x86_64-hotadd-a", "runs/x86_64-hotadd-b", NULL);
	/*
	 * 36 tests, 5 vs 5 samples: that lone difference has the smallest
	 * p there is, 2/252, and BH makes it q = 0.0079 x 36 / 2 = 0.14. At
	 * a false discovery rate of 5 % it takes more samples; at 20 % it
	 * is found, and nothing else is.
	 */
	assert_int_equal(x.r.ntests, 36);
	mhp_report_rule(&x.r, 0.05, 0.05);
	expect(&x.r, "altmap", "altmap", M128, "");
	mhp_report_rule(&x.r, 0.2, 0.05);
	expect(&x.r, "altmap", "altmap", M128,
	       "memfree_drop_at_add_kb memmap_pages_from_existing");
	expect(&x.r, "baseline", "baseline", M128, "");
	expect(&x.r, "baseline", "baseline", M256, "");
	expect(&x.r, "baseline", "baseline", G1, "");
	done(&x, true);
}

static void test_flags_synthetic(void **state)
{
	static const char want[] = "online_total_us online_latency_us";
	struct runs x;

	(void)state;
	/* Run a with onlining 3 times slower, nothing else changed. */
	build(&x, "runs/x86_64-hotadd-a", "runs/synthetic-slower-online", NULL);
	mhp_report_rule(&x.r, 0.05, 0.05);
	expect(&x.r, "baseline", "baseline", M128, want);
	expect(&x.r, "baseline", "baseline", M256, want);
	/*
	 * At 1G one sample's median block online (x3) is below another's of
	 * run a: the sample medians overlap, p = 4/252, q = 0.071. Pooled,
	 * its 8 blocks a sample made it look certain.
	 */
	expect(&x.r, "baseline", "baseline", G1, "online_total_us");
	expect(&x.r, "altmap", "altmap", M128, want);
	expect(&x.r, "altmap", "altmap", M256, "");
	done(&x, true);
}

static const struct mhp_mrow *row_of(const struct mhp_section *sec,
				     const char *metric)
{
	size_t i;

	for (i = 0; i < sec->nrows; i++)
		if (!strcmp(sec->rows[i].metric, metric))
			return &sec->rows[i];
	fail_msg("no row %s", metric);
	return NULL;
}

static void test_pseudo_replication(void **state)
{
	const struct mhp_section *sec;
	const struct mhp_mrow *row;
	struct runs x;
	double *v[2], p;
	size_t n[2];
	bool exact;
	int s;

	(void)state;
	/*
	 * 5 boots a side, 8 blocks each; the blocks of a boot sit within
	 * 1 us of its level, the levels overlap (README of the fixtures).
	 */
	build(&x, "runs/synthetic-pseudo-replication", NULL, NULL);
	sec = find(&x.r, "baseline", "altmap", G1);
	row = row_of(sec, "online_latency_us");
	assert_true(row->per_block);
	/* One value per sample: n is 5, not 40. */
	assert_int_equal(row->st[MHP_BASE].n, 5);
	assert_int_equal(row->st[MHP_NEW].n, 5);
	assert_int_equal(row->blk[MHP_BASE].n, 40);
	assert_int_equal(row->blk_samples[MHP_BASE], 5);
	/* The pooled blocks, as the report took them before: "certain". */
	for (s = 0; s < 2; s++)
		v[s] = mhp_side_values(&x.r.pair[0].side[s], "hotadd", "x86_64",
				       G1, "online_latency_us", &n[s]);
	assert_int_equal(n[0], 40);
	p = mhp_mann_whitney_p(v[0], n[0], v[1], n[1], &exact);
	print_message("pooled blocks: p = %g; per sample: p = %g\n", p,
		      row->cmp.p);
	assert_true(p < 1e-3);
	free(v[0]);
	free(v[1]);
	/* The samples: the sample medians overlap, nothing to claim. */
	assert_true(row->cmp.p > 0.1);
	assert_false(row->cmp.significant);
	assert_false(row_of(sec, "online_total_us")->cmp.significant);
	mhp_report_rule(&x.r, 0.05, 0.05);
	assert_false(row->cmp.significant);
	done(&x, false);
}

static void test_traced_pairs(void **state)
{
	const struct mhp_section *sec;
	const struct mhp_mrow *row;
	char *text;
	struct runs x;
	size_t i, nover = 0, ndecomp = 0;

	(void)state;
	/* meta.json's pairs; untraced and traced samples of each variant. */
	build(&x, "runs/synthetic-traced-pairs", NULL, NULL);
	assert_string_equal(x.r.pair[0].side[MHP_NEW].variant, "altmap-off");
	assert_string_equal(x.r.pair[0].isolates,
			    "what the series costs with the feature off");
	assert_string_equal(x.r.pair[1].side[MHP_BASE].variant, "altmap-off");
	assert_string_equal(x.r.pair[1].side[MHP_NEW].variant, "altmap");
	for (i = 0; i < x.r.npair; i++) {
		nover += x.r.pair[i].kind == MHP_PAIR_OVERHEAD;
		ndecomp += x.r.pair[i].kind == MHP_PAIR_DECOMP;
	}
	assert_int_equal(ndecomp, 2);
	assert_int_equal(nover, 3);
	/* The main pairs: untraced samples only, no ftrace_* row. */
	sec = find(&x.r, "altmap-off", "altmap", G1);
	assert_false(x.r.pair[1].side[MHP_BASE].traced);
	assert_int_equal(sec->samples[MHP_BASE], 8);
	for (i = 0; i < sec->nrows; i++)
		assert_true(strncmp(sec->rows[i].metric, "ftrace_", 7));
	expect(&x.r, "baseline", "altmap-off", G1, "");
	expect(&x.r, "altmap-off", "altmap", G1,
	       "online_total_us online_latency_us memfree_drop_at_add_kb memmap_pages_on_hotadded altmap_in_effect");
	/*
	 * The overhead: traced samples drawn 30 % slower (each boot with
	 * its own level, sd 5 %): measured as such, and not a test.
	 */
	for (i = 0; i < x.r.npair; i++) {
		if (x.r.pair[i].kind != MHP_PAIR_OVERHEAD)
			continue;
		assert_false(x.r.pair[i].side[MHP_BASE].traced);
		assert_true(x.r.pair[i].side[MHP_NEW].traced);
		row = row_of(&x.r.pair[i].sec[0], "add_total_us");
		assert_true(row->cmp.ci_lo > 1.15 && row->cmp.ci_hi < 1.45);
		assert_false(row->cmp.tested);
	}
	text = render(&x.r);
	check_golden(text, "golden/report-synthetic-traced-pairs.txt");
	assert_non_null(strstr(text, "=== altmap-off -> altmap: what the placement of the memmap itself does\n") ||
			strstr(text, "=== altmap-off -> altmap: what the placement of the\n    memmap itself does\n"));
	assert_non_null(strstr(text, "\nhotadd x86_64 1G, traced: baseline (8/8 valid) vs altmap-off"));
	assert_non_null(strstr(text, "Tracing overhead measured in this run"));
	free(text);
	done(&x, false);
}

/*
 * A copy of a fixture run in dir, with the samples.csv lines that keep()
 * says yes to, and its meta.json.
 */
static void filtered_run(const char *name, const char *dir,
			 bool (*keep)(const char *line))
{
	char path[PATH_MAX], rel[PATH_MAX], *text, *p;
	FILE *f;

	snprintf(rel, sizeof(rel), "%s/meta.json", name);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	assert_int_equal(fixture_copy(rel, path), 0);
	snprintf(rel, sizeof(rel), "%s/samples.csv", name);
	text = fixture_read(rel, NULL);
	assert_non_null(text);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (p = text; *p;) {
		size_t k = strcspn(p, "\n");
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)k, p);
		if (p == text || keep(line))
			fprintf(f, "%s\n", line);
		p += k + (p[k] == '\n');
	}
	fclose(f);
	free(text);
}

static void remove_run(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	unlink(path);
	rmdir(dir);
}

static bool keep_all(const char *line)
{
	(void)line;
	return true;
}

static bool no_traced_row(const char *line)
{
	return !strstr(line, ",traced,");
}

/* Sample numbers 8 and up: the traced ones, without "traced" rows. */
static bool traced_only(const char *line)
{
	int commas = 0;
	const char *p = line;

	while (*p && commas < 6)
		commas += *p++ == ',';
	return atoi(p) >= 8 && no_traced_row(line);
}

static void test_old_traced_runs(void **state)
{
	char dir[] = "/tmp/mhp-test-old-XXXXXX", err[512];
	const struct mhp_section *sec;
	struct runs x;
	size_t i, nover = 0;

	(void)state;
	/*
	 * A run from before the "traced" rows: its samples with ftrace_*
	 * rows count as traced, the others as untraced.
	 */
	assert_non_null(mkdtemp(dir));
	filtered_run("runs/synthetic-traced-pairs", dir, no_traced_row);
	if (mhp_rundata_load(dir, &x.a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.a, NULL, 1, err,
					  sizeof(err)), 0);
	for (i = 0; i < x.r.npair; i++)
		nover += x.r.pair[i].kind == MHP_PAIR_OVERHEAD;
	assert_int_equal(nover, 3);
	sec = find(&x.r, "altmap-off", "altmap", G1);
	assert_int_equal(sec->samples[MHP_BASE], 8);
	done(&x, false);
	remove_run(dir);

	/*
	 * Compared with a run of untraced samples: no timing meets its
	 * traced counterpart; the rest is compared, and the report says so.
	 */
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/mhp-test-old-XXXXXX")));
	filtered_run("runs/synthetic-traced-pairs", dir, traced_only);
	load("runs/synthetic-pseudo-replication", &x.a);
	if (mhp_rundata_load(dir, &x.b, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.b, NULL, 1, err,
					  sizeof(err)), 0);
	assert_true(x.r.pair[0].mixed_trace);
	for (i = 0; i < x.r.nwarn; i++)
		if (!strcmp(x.r.warn[i], "B:baseline was taken under function_graph and A:baseline was not: their timings are not compared"))
			break;
	if (i == x.r.nwarn)
		fail_msg("no warning about the traced side");
	sec = find(&x.r, "baseline", "baseline", G1);
	for (i = 0; i < sec->nrows; i++)
		if (!strcmp(sec->rows[i].info.unit, "us"))
			assert_false(sec->rows[i].compared);
	done(&x, true);
	remove_run(dir);
}

static void test_baseline_across_runs(void **state)
{
	struct runs x;
	char err[512];

	(void)state;
	/* --baseline: that variant of a against every variant of b. */
	build(&x, "runs/x86_64-hotadd-a", "runs/x86_64-hotadd-b", "baseline");
	assert_int_equal(x.r.npair, 2);
	assert_string_equal(x.r.pair[1].side[MHP_BASE].label, "A:baseline");
	assert_string_equal(x.r.pair[1].side[MHP_NEW].label, "B:altmap");
	mhp_report_free(&x.r);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.b, "nosuch", 1, err,
					  sizeof(err)), -1);
	assert_string_equal(err, "no variant 'nosuch' in x86_64-hotadd-a (it has: baseline altmap)");
	mhp_rundata_free(&x.a);
	mhp_rundata_free(&x.b);
}

/* text with every run of blanks and newlines as one blank: wrapped
 * lines read as one.
 */
static char *squash(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;

	assert_non_null(out);
	for (; *text; text++) {
		bool blank = *text == ' ' || *text == '\n';

		if (!blank || o == out || o[-1] != ' ')
			*o++ = blank ? ' ' : *text;
	}
	*o = '\0';
	return out;
}

static size_t count(const char *text, const char *s)
{
	size_t n = 0;

	for (; (text = strstr(text, s)); text++)
		n++;
	return n;
}

/*
 * Run a with notes (outcomes.csv column note) on altmap's samples, as an
 * altmap = rule kernel's, and its source named in build.json: the
 * report says where upstream's rule put the memmap, once per variant,
 * arch and size, and each kernel's line its source.
 */
static void test_notes(void **state)
{
	static const char *const subst[][2] = {
		{ "\"dir\": \"linux-source-6.1\",",
		  "\"dir\": \"linux-source-6.1\", \"name\": \"linux-source-6.1\"," },
		{ NULL, NULL },
	};
	static const char note[] = ",\"upstream rule: altmap: memmap 512 pages per 128 MiB block, 512 reserved (pageblocks of 512), 0 wasted (memmap_on_memory=1)\"";
	char dir[] = "/tmp/mhp-test-notes-XXXXXX", path[128], *line, *save;
	char *text, *all, err[512];
	struct runs x;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	text = fixture_read("runs/x86_64-hotadd-a/meta.json", NULL);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	put_replaced(path, text, subst);
	free(text);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	assert_int_equal(fixture_copy("runs/x86_64-hotadd-a/samples.csv", path), 0);
	text = fixture_read("runs/x86_64-hotadd-a/outcomes.csv", NULL);
	snprintf(path, sizeof(path), "%s/outcomes.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(f, "%s%s\n", line, !strncmp(line, "run_id,", 7) ?
			",note" : strstr(line, ",altmap,") ? note : ",");
	fclose(f);
	free(text);
	if (mhp_rundata_load(dir, &x.a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.a, NULL, 1, err,
					  sizeof(err)), 0);
	text = render(&x.r);
	fits_72(text);
	all = squash(text);
	if (!strstr(all, "Where upstream's rule put the memmap (altmap = rule kernels):"))
		fail_msg("no notes' header in:\n%s", text);
	/* 5 samples of altmap at each size (the fixture's). */
	assert_non_null(strstr(all, "altmap x86_64 128M, 5 samples: upstream rule: altmap: memmap 512 pages per 128 MiB block"));
	assert_non_null(strstr(all, "altmap x86_64 1G, 5 samples: upstream rule:"));
	assert_int_equal(count(all, "upstream rule: altmap:"), 3);
	assert_int_equal(count(all, "baseline x86_64 128M, "), 0);
	assert_non_null(strstr(all, "kernel altmap: build d340f2a6fa7257b3, Linux 6.1.192 (linux-source-6.1),"));
	free(all);
	free(text);
	done(&x, false);
	unlink(path);
	remove_run(dir);
}

#define G4 (4ULL << 30)

/* Each of the NULL-terminated want is in text. */
static void has_all(const char *text, const char *const *want)
{
	for (; *want; want++)
		if (!strstr(text, *want))
			fail_msg("not in the report: %s", *want);
}

static void test_compare_methods(void **state)
{
	/* The title, the arch lines, a pair's title, sections. */
	static const char *const want[] = {
		"mhpbench compare: synthetic-methods-dimm (A, base, acpi-dimm) vs synthetic-methods-virtio-mem (B, new, virtio-mem) ===",
		"128M blocks, acpi-dimm options",
		"128M blocks, virtio-mem: device block 2M (QEMU's default), guest SBM with 2M sub-blocks options config default.conf, online_movable, 5 samples, boot timeout 120 s, hotplug=virtio-mem same as A: host, QEMU, kernel baseline, kernel altmap ===",
		"=== A:baseline (acpi-dimm) -> B:baseline (virtio-mem): the hot-add method, with the same kernel on both sides ",
		"=== A:altmap (acpi-dimm) -> B:altmap (virtio-mem): the hot-add method,",
		"hotadd x86_64 1G: A:baseline (acpi-dimm, 5/5 valid) vs B:baseline (virtio-mem, 5/5 valid)",
		"hotadd x86_64 4G: A:altmap (acpi-dimm, 5/5 valid) vs B:altmap (virtio-mem, 5/5 valid)",
		NULL
	};
	struct runs x;
	char *text, *sq;
	size_t i;

	(void)state;
	/*
	 * The same kernels hot-added by DIMM (A) and by virtio-mem (B): a
	 * methods comparison, each side's method named in every header;
	 * nothing else differs, so no warning.
	 */
	build(&x, "runs/synthetic-methods-dimm", "runs/synthetic-methods-virtio-mem",
	      NULL);
	for (i = 0; i < x.r.nwarn; i++)
		print_message("warning: %s\n", x.r.warn[i]);
	assert_int_equal(x.r.nwarn, 0);
	assert_int_equal(x.r.npair, 2);
	for (i = 0; i < x.r.npair; i++) {
		assert_true(x.r.pair[i].methods);
		assert_string_equal(x.r.pair[i].isolates,
				    "the hot-add method, with the same kernel on both sides");
		assert_string_equal(x.r.pair[i].sec[0].method[MHP_BASE], "acpi-dimm");
		assert_string_equal(x.r.pair[i].sec[0].method[MHP_NEW], "virtio-mem");
	}
	text = render(&x.r);
	fits_72(text);
	sq = squash(text);
	has_all(sq, want);
	/* The LKP header: each label, its method under it. */
	assert_int_equal(count(text, "     A:baseline                 B:baseline\n"
			       "      acpi-dimm                 virtio-mem\n"
			       "--------------- --------------------------\n"), 2);
	free(sq);
	free(text);
	/*
	 * What the method changes: the add and the unplug. The baseline
	 * kernel's memmap comes from existing memory either way, the same
	 * 4096 pages per GiB; the altmap kernel's moves there from the DIMM
	 * (virtio-mem does not ask for the altmap); the fixture draws the
	 * DIMM's altmap onlining faster, and that is found too.
	 */
	mhp_report_rule(&x.r, 0.05, 0.05);
	expect(&x.r, "baseline", "baseline", G1, "add_total_us add_latency_us unplug_us");
	expect(&x.r, "baseline", "baseline", G4, "add_total_us add_latency_us unplug_us");
	assert_true(row_of(find(&x.r, "baseline", "baseline", G1),
			   "memmap_pages_from_existing")->st[MHP_NEW].mean == 4096);
	expect(&x.r, "altmap", "altmap", G1,
	       "add_total_us online_total_us add_latency_us online_latency_us unplug_us memmap_pages_on_hotadded memmap_pages_from_existing altmap_in_effect");
	done(&x, true);
}

static void test_compare_same_method(void **state)
{
	static const char *const want[] = {
		"mhpbench compare: synthetic-methods-virtio-mem (A, base) vs synthetic-methods-virtio-mem (B, new) ===",
		"128M blocks, virtio-mem: device block 2M (QEMU's default), guest SBM with 2M sub-blocks options",
		"same as A: host, QEMU, arch x86_64, options,",
		NULL
	};
	struct runs x;
	char *text, *sq;

	(void)state;
	/*
	 * virtio-mem against virtio-mem: the method once, in A's arch line
	 * (B's is the same); the headers as in any comparison.
	 */
	build(&x, "runs/synthetic-methods-virtio-mem",
	      "runs/synthetic-methods-virtio-mem", NULL);
	assert_int_equal(x.r.nwarn, 0);
	assert_false(x.r.pair[0].methods);
	assert_null(x.r.pair[0].isolates);
	assert_false(mhp_report_compares_methods(&x.r));
	text = render(&x.r);
	fits_72(text);
	assert_non_null(strstr(text, "hotadd x86_64 1G: A:baseline (5/5 valid) vs B:baseline (5/5 valid)"));
	assert_non_null(strstr(text, "     A:baseline                 B:baseline\n"
			       "--------------- --------------------------\n"));
	sq = squash(text);
	/* Above the first section: the provenance. */
	*strstr(sq, " hotadd x86_64 1G:") = '\0';
	assert_int_equal(count(sq, "blocks, virtio-mem"), 1);
	assert_int_equal(count(sq, "(virtio-mem"), 0);
	has_all(sq, want);
	free(sq);
	free(text);
	done(&x, true);
}

/* A fixture CSV file without its header line. */
static char *fixture_records(const char *name)
{
	char *text = fixture_read(name, NULL);
	size_t k;

	assert_non_null(text);
	k = strcspn(text, "\n");
	memmove(text, text + k + (text[k] == '\n'), strlen(text + k) + 1);
	return text;
}

static bool vmem_baseline_1g(const char *line)
{
	return strstr(line, ",baseline,") && strstr(line, ",1073741824,");
}

static void test_methods_guard(void **state)
{
	char dir[] = "/tmp/mhp-test-guard-XXXXXX", path[PATH_MAX], err[512];
	const struct mhp_section *sec;
	struct runs x;
	double want;
	char *text, *p;
	size_t i;
	FILE *f;

	(void)state;
	/* The mean of the DIMM run alone. */
	build(&x, "runs/synthetic-methods-dimm", NULL, NULL);
	want = row_of(find(&x.r, "baseline", "altmap", G1),
		      "add_total_us")->st[MHP_BASE].mean;
	done(&x, false);
	/*
	 * The DIMM run with five virtio-mem samples of baseline 1G added
	 * (samples 5 to 9): meta.json records acpi-dimm, their rows say
	 * virtio-mem. No statistic takes them, and the report says so.
	 */
	assert_non_null(mkdtemp(dir));
	filtered_run("runs/synthetic-methods-dimm", dir, keep_all);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	f = fopen(path, "a");
	assert_non_null(f);
	text = fixture_records("runs/synthetic-methods-virtio-mem/samples.csv");
	for (p = text; *p;) {
		size_t k = strcspn(p, "\n");
		char line[512], *c;
		int commas = 0;

		snprintf(line, sizeof(line), "%.*s", (int)k, p);
		p += k + (p[k] == '\n');
		if (!vmem_baseline_1g(line))
			continue;
		for (c = line; *c && commas < 6; c++)
			commas += *c == ',';
		*c += 5;	/* sample n -> n + 5 */
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	free(text);
	if (mhp_rundata_load(dir, &x.a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.a, NULL, 1, err,
					  sizeof(err)), 0);
	assert_int_equal(x.r.nwarn, 1);
	assert_string_equal(x.r.warn[0], "x86_64 baseline: 5 of 15 samples have virtio-mem's row vmem_addr, but meta.json records acpi-dimm for x86_64: left out of every statistic");
	sec = find(&x.r, "baseline", "altmap", G1);
	assert_int_equal(sec->samples[MHP_BASE], 5);
	assert_true(row_of(sec, "add_total_us")->st[MHP_BASE].mean == want);
	assert_int_equal(row_of(sec, "add_total_us")->st[MHP_BASE].n, 5);
	/* Rows only the virtio-mem samples have: no value at all. */
	for (i = 0; i < sec->nrows; i++)
		assert_string_not_equal(sec->rows[i].metric, "plug_us");
	done(&x, false);
	remove_run(dir);
}

static void test_method_not_recorded(void **state)
{
	static const char *const subst[][2] = {
		{ "\"hotplug\": \"acpi-dimm\",", "" },
		{ NULL, NULL },
	};
	char dir[] = "/tmp/mhp-test-nomethod-XXXXXX", path[PATH_MAX], err[512];
	struct runs x;
	char *text, *sq;

	(void)state;
	/*
	 * A run whose meta.json does not record the method: the reports say
	 * so and assume none (no profile default), so against a virtio-mem
	 * run that is a difference to warn about, not a methods comparison.
	 */
	assert_non_null(mkdtemp(dir));
	filtered_run("runs/synthetic-methods-dimm", dir, keep_all);
	text = fixture_read("runs/synthetic-methods-dimm/meta.json", NULL);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	put_replaced(path, text, subst);
	free(text);
	if (mhp_rundata_load(dir, &x.a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_null(mhp_run_method(&x.a, "x86_64"));
	load("runs/synthetic-methods-virtio-mem", &x.b);
	assert_int_equal(mhp_report_build(&x.r, &x.a, &x.b, NULL, 1, err,
					  sizeof(err)), 0);
	assert_false(mhp_report_compares_methods(&x.r));
	assert_int_equal(x.r.nwarn, 1);
	assert_string_equal(x.r.warn[0],
			    "x86_64 hot-add method differs: not recorded vs virtio-mem");
	text = render(&x.r);
	fits_72(text);
	sq = squash(text);
	assert_non_null(strstr(sq, "128M blocks, hot-add method not recorded options"));
	free(sq);
	free(text);
	done(&x, true);
	remove_run(dir);
}

static void test_fmt(void **state)
{
	char b[32];

	(void)state;
	mhp_fmt_num(42332.4, b, sizeof(b));
	assert_string_equal(b, "42332");
	mhp_fmt_num(12.345, b, sizeof(b));
	assert_string_equal(b, "12.3");
	mhp_fmt_num(0.01234, b, sizeof(b));
	assert_string_equal(b, "0.0123");
	mhp_fmt_num(2.5e9, b, sizeof(b));
	assert_string_equal(b, "2.500e+09");
	mhp_fmt_change(MHP_EFFECT_RATIO, 1.11, b, sizeof(b));
	assert_string_equal(b, "+11.0%");
	mhp_fmt_change(MHP_EFFECT_RATIO, 0.5, b, sizeof(b));
	assert_string_equal(b, "-50.0%");
	mhp_fmt_change(MHP_EFFECT_RATIO, 31, b, sizeof(b));
	assert_string_equal(b, "+3000%");
	mhp_fmt_change(MHP_EFFECT_DIFF, 512, b, sizeof(b));
	assert_string_equal(b, "+512");
	mhp_fmt_change(MHP_EFFECT_DIFF, -0.667, b, sizeof(b));
	assert_string_equal(b, "-0.667");
}

static void test_wrap(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	mhp_wrap(f, "!!! ", "!!!   ", "one two three four five six", 16);
	mhp_wrap(f, "", "", "abcdefghijklmnopqrstuvwxyz", 10);
	fclose(f);
	/* "!!!   three four" is 16 columns: it fits. */
	assert_string_equal(text, "!!! one two\n!!!   three four\n!!!   five six\n"
			    "abcdefghij\nklmnopqrst\nuvwxyz\n");
	free(text);
	assert_int_equal(mhp_text_width("± 5%"), 4);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_report),
		cmocka_unit_test(test_golden_compare),
		cmocka_unit_test(test_golden_compare_warns),
		cmocka_unit_test(test_golden_descriptive),
		cmocka_unit_test(test_two_arches),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_flags_altmap),
		cmocka_unit_test(test_flags_two_real_runs),
		cmocka_unit_test(test_flags_synthetic),
		cmocka_unit_test(test_pseudo_replication),
		cmocka_unit_test(test_traced_pairs),
		cmocka_unit_test(test_old_traced_runs),
		cmocka_unit_test(test_baseline_across_runs),
		cmocka_unit_test(test_compare_methods),
		cmocka_unit_test(test_compare_same_method),
		cmocka_unit_test(test_methods_guard),
		cmocka_unit_test(test_method_not_recorded),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_wrap),
	};

	update_golden = argc == 2 && !strcmp(argv[1], "--update-golden");
	if (argc > 1 && !update_golden) {
		fprintf(stderr, "usage: %s [--update-golden]\n", argv[0]);
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
