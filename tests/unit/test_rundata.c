// SPDX-License-Identifier: GPL-2.0
/* Reading a run directory back: a real run, and every kind of bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "rundata.h"

#define HEADER MHP_SAMPLES_HEADER "\n"
#define ROW "r,x86_64,baseline,k,hotadd,134217728,0,"

static void load_fixture(const char *name, struct mhp_rundata *rd)
{
	char path[PATH_MAX], err[512];

	assert_int_equal(fixture_path(name, path, sizeof(path)), 0);
	if (mhp_rundata_load(path, rd, err, sizeof(err)))
		fail_msg("%s: %s", name, err);
}

static void test_real_run(void **state)
{
	struct mhp_rundata rd;
	const char *v[4];
	size_t i, valid = 0, reasons = 0;

	(void)state;
	load_fixture("runs/x86_64-hotadd-a", &rd);
	assert_string_equal(rd.id, "x86_64-hotadd-a");
	/* 2 variants x 3 sizes x 5 samples. */
	assert_int_equal(rd.nsmp, 30);
	for (i = 0; i < rd.nsmp; i++) {
		valid += rd.smp[i].valid;
		reasons += *rd.smp[i].reason != '\0';
	}
	/* altmap 256M and 1G: stock 6.1 has no altmap for several blocks. */
	assert_int_equal(valid, 20);
	assert_int_equal(reasons, 30);
	assert_int_equal(mhp_rundata_variants(&rd, v, 4), 2);
	assert_string_equal(v[0], "baseline");
	assert_string_equal(v[1], "altmap");
	assert_string_equal(mhp_meta_get(rd.meta, "arch.page_size"), "4096");
	assert_string_equal(mhp_meta_get(rd.meta, "accelerator"), "tcg");
	assert_string_equal(mhp_meta_get(rd.meta, "no.such.key"), "");
	/* A run of one arch: kernels and profile at the top of meta.json. */
	assert_non_null(mhp_meta_kernel(rd.meta, "x86_64", "altmap"));
	assert_null(mhp_meta_kernel(rd.meta, "x86_64", "nosuch"));
	assert_string_equal(mhp_meta_get(mhp_meta_profile(rd.meta, "x86_64"),
					 "machine"), "pc");
	assert_string_equal(mhp_meta_accel(rd.meta, "x86_64"), "tcg");
	/* Interned: equal strings are the same pointer. */
	assert_ptr_equal(rd.obs[0].arch, rd.obs[rd.nobs - 1].arch);
	mhp_rundata_free(&rd);
}

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mhp-test-rundata-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/outcomes.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	unlink(path);
	return rmdir(dir);
}

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Loading fails and the one-line error names what it must. */
static void refused(const char *samples, const char *want)
{
	struct mhp_rundata rd;
	char err[512];

	put("meta.json", "{\"run_id\": \"r\"}\n");
	put("samples.csv", samples);
	if (!mhp_rundata_load(dir, &rd, err, sizeof(err))) {
		mhp_rundata_free(&rd);
		fail_msg("accepted: %s", samples);
	}
	if (!strstr(err, want) || strchr(err, '\n'))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void test_bad_samples(void **state)
{
	(void)state;
	refused("run_id,arch\n", "header is not");
	refused(HEADER ROW "all,boot_ms,12,ms\n", "record 2: 11 fields, want 12");
	refused(HEADER ROW "all,boot_ms,abc,ms,1\n", "value 'abc' is not a finite");
	refused(HEADER ROW "all,boot_ms,nan,ms,1\n", "value 'nan'");
	refused(HEADER ROW "all,boot_ms,1e999,ms,1\n", "value '1e999'");
	refused(HEADER ROW "all,boot_ms,12,ms,2\n", "valid '2' is not 0 or 1");
	refused(HEADER ROW "x1,boot_ms,12,ms,1\n", "block 'x1'");
	refused(HEADER ROW "t-5,memavailable_kb,12,kB,1\n", "block 't-5'");
	refused(HEADER "r,x86_64,baseline,k,hotadd,-1,0,all,boot_ms,1,ms,1\n",
		"size_bytes '-1'");
	refused(HEADER "r,x86_64,baseline,k,hotadd,1,s,all,boot_ms,1,ms,1\n",
		"sample 's'");
	refused(HEADER "r,x86_64,,k,hotadd,1,0,all,boot_ms,1,ms,1\n",
		"empty variant or metric");
	refused(HEADER ROW "all,\"boot_ms,1,ms,1\n", "malformed CSV");
	refused(HEADER ROW "all,bo\"ot,1,ms,1\n", "malformed CSV");
}

static void test_bad_files(void **state)
{
	struct mhp_rundata rd;
	char err[512];

	(void)state;
	assert_int_equal(mhp_rundata_load("/nonexistent/run", &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no such run directory"));
	put("samples.csv", HEADER);
	put("meta.json", "{ not json");
	assert_int_equal(mhp_rundata_load(dir, &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "meta.json"));
	put("meta.json", "[1, 2]");
	assert_int_equal(mhp_rundata_load(dir, &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));
	put("meta.json", "{}");
	put("outcomes.csv", "variant,sample\nbaseline,0\n");
	assert_int_equal(mhp_rundata_load(dir, &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outcomes.csv: no column"));
}

static void test_meta_arches(void **state)
{
	struct mhp_rundata rd;
	char err[512];

	(void)state;
	put("outcomes.csv", "arch,variant,scenario,size_bytes,sample,outcome,valid,reason\n");
	/* A run of several arches: per arch under "arches". */
	put("meta.json", "{\"accelerator\": \"auto\", \"arches\": {\"arm64\": {\"profile\": {\"machine\": \"virt\"}, \"accelerator\": \"tcg\", \"kernels\": {\"altmap\": {\"build_id\": \"a1\"}}}, \"x86_64\": {\"profile\": {\"machine\": \"pc\"}, \"accelerator\": \"kvm\", \"kernels\": {\"altmap\": {\"build_id\": \"x1\"}}}}}");
	put("samples.csv", HEADER);
	if (mhp_rundata_load(dir, &rd, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(mhp_meta_get(mhp_meta_kernel(rd.meta, "arm64", "altmap"),
					 "build_id"), "a1");
	assert_string_equal(mhp_meta_get(mhp_meta_kernel(rd.meta, "x86_64", "altmap"),
					 "build_id"), "x1");
	assert_string_equal(mhp_meta_get(mhp_meta_profile(rd.meta, "arm64"),
					 "machine"), "virt");
	assert_string_equal(mhp_meta_accel(rd.meta, "x86_64"), "kvm");
	assert_string_equal(mhp_meta_accel(rd.meta, "powerpc"), "auto");
	assert_null(mhp_meta_kernel(rd.meta, "powerpc", "altmap"));
	mhp_rundata_free(&rd);
}

static void test_shapes(void **state)
{
	struct mhp_rundata rd;
	char err[512];

	(void)state;
	put("meta.json", "{\"run_id\": \"r\"}");
	/* Timeline points, a quoted field; outcomes with an extra column. */
	put("samples.csv", HEADER ROW "t120.5,memavailable_kb,81920,kB,1\n"
	    ROW "7,add_latency_us,\"1,5\",us,0\n");
	refused(HEADER ROW "7,add_latency_us,\"1,5\",us,0\n", "value '1,5'");
	put("samples.csv", HEADER ROW "t120.5,memavailable_kb,81920,kB,1\n"
	    ROW "7,add_latency_us,15,\"u,s\",0\n");
	put("outcomes.csv", "extra,arch,variant,scenario,size_bytes,sample,outcome,valid,reason\n"
	    "x,x86_64,baseline,hotadd,134217728,0,invalid,0,\"why, quoted\"\n");
	if (mhp_rundata_load(dir, &rd, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(rd.nobs, 2);
	assert_int_equal(rd.obs[0].block, MHP_BLOCK_TIME);
	assert_true(rd.obs[0].t_ms == 120.5);
	assert_int_equal(rd.obs[1].block, 7);
	assert_string_equal(rd.obs[1].unit, "u,s");
	assert_int_equal(rd.nsmp, 1);
	assert_false(rd.smp[0].valid);
	assert_string_equal(rd.smp[0].outcome, "invalid");
	assert_string_equal(rd.smp[0].reason, "why, quoted");
	mhp_rundata_free(&rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_run),
		cmocka_unit_test(test_bad_samples),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_meta_arches),
		cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
