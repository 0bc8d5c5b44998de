// SPDX-License-Identifier: GPL-2.0
/*
 * Every plot type rendered from the fixture runs, as PNG and SVG files
 * that are complete (PNG signature and IEND, SVG root element); types
 * without data skipped with a note; text from a run never run as
 * gnuplot code. Skipped when gnuplot is not installed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "compiler.h"
#include "fixture.h"
#include "plot.h"

#define NTYPES 7

static const char *const names[NTYPES] = {
	"latency-vs-size", "block-latency-ecdf", "memmap-placement",
	"oom-survival", "memavailable-timeline", "numa-placement", "contig",
};

static char out[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(out, sizeof(out), "/tmp/mhp-test-plot-XXXXXX");
	return mkdtemp(out) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out);
	return system(cmd) ? -1 : 0;
}

static void templates(char *buf, size_t len)
{
	const char *top = getenv("MHP_TOP");

	snprintf(buf, len, "%s/plots", top && *top ? top : ".");
}

static void load(const char *path, struct mhp_rundata *rd)
{
	char err[512];

	if (mhp_rundata_load(path, rd, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
}

/* Render the report of run (and of run b, when given) into out/sub. */
static void render(const char *run, const char *b, const char *sub,
		   struct mhp_plot *p)
{
	struct mhp_rundata rd, rb;
	struct mhp_report r;
	char path[PATH_MAX], dir[PATH_MAX], tmpl[PATH_MAX], err[512];

	if (run[0] == '/')
		snprintf(path, sizeof(path), "%s", run);
	else
		assert_int_equal(fixture_path(run, path, sizeof(path)), 0);
	load(path, &rd);
	if (b) {
		assert_int_equal(fixture_path(b, path, sizeof(path)), 0);
		load(path, &rb);
	}
	if (mhp_report_build(&r, &rd, b ? &rb : &rd, NULL, 1, err, sizeof(err)))
		fail_msg("%s", err);
	templates(tmpl, sizeof(tmpl));
	snprintf(dir, sizeof(dir), "%s/%s", out, sub);
	assert_int_equal(mhp_plot_types(), NTYPES);
	mhp_plots_render(&r, tmpl, dir, p, NTYPES);
	mhp_report_free(&r);
	mhp_rundata_free(&rd);
	if (b)
		mhp_rundata_free(&rb);
}

static void skip_without_gnuplot(const struct mhp_plot *p)
{
	int i;

	for (i = 0; i < NTYPES; i++)
		if (!strcmp(p[i].note, "gnuplot is not installed"))
			skip();
}

static void assert_drawn(const struct mhp_plot *p)
{
	struct stat st;

	if (!p->rendered)
		fail_msg("%s not drawn: %s", p->name, p->note);
	assert_true(mhp_png_valid(p->png));
	assert_true(mhp_svg_valid(p->svg));
	assert_int_equal(stat(p->png, &st), 0);
	assert_true(st.st_size > 1000);
	assert_int_equal(stat(p->svg, &st), 0);
	assert_true(st.st_size > 1000);
}

static void assert_skipped(const struct mhp_plot *p)
{
	assert_false(p->rendered);
	assert_non_null(strstr(p->note, "no data: needs"));
	assert_int_not_equal(access(p->png, F_OK), 0);
}

static void test_hotadd_plots(void **state)
{
	struct mhp_plot p[NTYPES];
	int i;

	(void)state;
	render("runs/x86_64-hotadd-a", NULL, "a", p);
	skip_without_gnuplot(p);
	for (i = 0; i < NTYPES; i++)
		assert_string_equal(p[i].name, names[i]);
	assert_drawn(&p[0]);
	assert_drawn(&p[1]);
	assert_drawn(&p[2]);
	/* The hot-add scenario has no OOM, timeline, NUMA or contig rows. */
	assert_skipped(&p[3]);
	assert_skipped(&p[4]);
	assert_skipped(&p[5]);
	assert_skipped(&p[6]);
}

static void test_contig_plot(void **state)
{
	struct mhp_plot p[NTYPES];
	int i;

	(void)state;
	render("runs/x86_64-contig", NULL, "contig", p);
	skip_without_gnuplot(p);
	for (i = 0; i < NTYPES - 1; i++)
		assert_skipped(&p[i]);
	assert_drawn(&p[6]);
}

static void test_scenario_plots(void **state)
{
	struct mhp_plot p[NTYPES];

	(void)state;
	/* Rows shaped like the oom and numa scenarios' (synthetic). */
	render("runs/synthetic-oom-numa", NULL, "oom", p);
	skip_without_gnuplot(p);
	assert_skipped(&p[0]);
	assert_skipped(&p[1]);
	assert_skipped(&p[2]);
	assert_drawn(&p[3]);
	assert_drawn(&p[4]);
	assert_drawn(&p[5]);
}

static void test_compare_plots(void **state)
{
	struct mhp_plot p[NTYPES];

	(void)state;
	render("runs/x86_64-hotadd-a", "runs/x86_64-hotadd-b", "ab", p);
	skip_without_gnuplot(p);
	assert_drawn(&p[0]);
	assert_drawn(&p[1]);
	assert_drawn(&p[2]);
}

/* samples.csv of fixture a with the altmap variant renamed to evil. */
static void evil_run(char *dir, size_t len, const char *evil)
{
	char path[PATH_MAX + 32], *text, *p, *q;
	FILE *f;

	snprintf(dir, len, "%s/evil", out);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	assert_int_equal(fixture_copy("runs/x86_64-hotadd-a/meta.json", path), 0);
	text = fixture_read("runs/x86_64-hotadd-a/samples.csv", NULL);
	assert_non_null(text);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (p = text; (q = strstr(p, ",altmap,")); p = q + 8) {
		fwrite(p, 1, q - p, f);
		fprintf(f, ",%s,", evil);
	}
	fputs(p, f);
	fclose(f);
	free(text);
}

static void test_no_injection(void **state)
{
	struct mhp_plot p[NTYPES];
	char dir[PATH_MAX], marker[PATH_MAX + 16], evil[PATH_MAX + 128];

	(void)state;
	snprintf(marker, sizeof(marker), "%s/pwned", out);
	/* A variant name that would run a command if gnuplot parsed it. */
	snprintf(evil, sizeof(evil),
		 "\"x\"\"; system(\"\"touch %s\"\") # \\\"", marker);
	evil_run(dir, sizeof(dir), evil);
	render(dir, NULL, "evil-plots", p);
	skip_without_gnuplot(p);
	assert_drawn(&p[0]);
	assert_drawn(&p[2]);
	assert_int_not_equal(access(marker, F_OK), 0);
}

static void test_without_gnuplot(void **state)
{
	struct mhp_plot p[NTYPES];
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "");

	(void)state;
	setenv("PATH", "/nonexistent", 1);
	render("runs/x86_64-hotadd-a", NULL, "nognuplot", p);
	setenv("PATH", path, 1);
	free(path);
	assert_false(p[0].rendered);
	assert_string_equal(p[0].note, "gnuplot is not installed");
	assert_skipped(&p[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotadd_plots),
		cmocka_unit_test(test_contig_plot),
		cmocka_unit_test(test_scenario_plots),
		cmocka_unit_test(test_compare_plots),
		cmocka_unit_test(test_no_injection),
		cmocka_unit_test(test_without_gnuplot),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
