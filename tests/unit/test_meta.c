// SPDX-License-Identifier: GPL-2.0
/*
 * meta.json (src/meta.c), written for runs of one arch and of two, read
 * back: the suite's own arch profiles (configs/arch/) are the input, and
 * the values checked are the ones those files and the options say.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "arch.h"
#include "fixture.h"
#include "meta.h"

#define MIB (1024ULL * 1024)

static char suite[PATH_MAX];

static void load(const char *name, struct mhp_arch *a)
{
	char fx[PATH_MAX], err[512];

	assert_int_equal(fixture_path("..", fx, sizeof(fx)), 0);
	snprintf(suite, sizeof(suite), "%s/..", fx);
	if (mhp_arch_load(suite, name, a, err, sizeof(err)))
		fail_msg("%s", err);
}

/* The value at a dotted path of o, NULL when there is none. */
static json_object *at(json_object *o, const char *path)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o;
	     tok = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, tok, &o))
			return NULL;
	return o;
}

static const char *str(json_object *o, const char *path)
{
	json_object *v = at(o, path);

	if (!v)
		fail_msg("meta.json has no %s", path);
	return json_object_get_string(v);
}

static int64_t num(json_object *o, const char *path)
{
	json_object *v = at(o, path);

	if (!v)
		fail_msg("meta.json has no %s", path);
	return json_object_get_int64(v);
}

static json_object *write_read(struct mhp_run *r, const struct mhp_meta *m)
{
	char path[PATH_MAX + 16];
	json_object *j;

	assert_int_equal(mhp_meta_write(r, m), 0);
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	j = json_object_from_file(path);
	assert_non_null(j);
	unlink(path);
	return j;
}

static void test_one_arch(void **state)
{
	static struct mhp_arch a;
	static struct mhp_opts o;
	static struct mhp_run r;
	struct mhp_kernel k[2];
	static const char *const args[] = { "mhpbench", "run", "--samples", "3" };
	char *argv[4];
	struct mhp_meta_arch ma = {
		.arch = &a, .kernels = k, .nkernels = 2, .accel = "kvm",
		.accel_why = "/dev/kvm usable", .image = "/nonexistent/i.cpio.gz",
	};
	struct mhp_meta m = {
		.opts = &o, .arches = &ma, .narches = 1, .accel = "kvm",
		.accel_why = "/dev/kvm usable", .qemu_version = "7.2.0",
		.started = "2026-12-08T00:00:00Z", .argc = 4, .argv = argv,
	};
	json_object *j;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		argv[i] = strdup(args[i]);
	load("x86_64", &a);
	memset(k, 0, sizeof(k));
	strcpy(k[0].variant, "baseline");
	k[0].build = json_tokener_parse("{\"release\": \"6.1.0\"}");
	strcpy(k[1].variant, "altmap");
	k[1].build = json_tokener_parse("{\"release\": \"6.1.0-altmap\"}");
	memset(&o, 0, sizeof(o));
	strcpy(o.scenario, "hotadd");
	o.nsizes = 2;
	o.sizes[0] = 128 * MIB;
	o.sizes[1] = 1024 * MIB;
	o.samples = 3;
	o.alpha = 0.01;
	o.min_change = 0.05;
	o.npairs = 1;
	strcpy(o.pairs[0].base, "baseline");
	strcpy(o.pairs[0].new, "altmap");
	strcpy(r.id, "run-1");
	assert_non_null(mkdtemp(strcpy(r.dir, "/tmp/mhp-meta-XXXXXX")));

	j = write_read(&r, &m);
	assert_string_equal(str(j, "run_id"), "run-1");
	assert_int_equal(json_object_array_length(at(j, "argv")), 4);
	assert_string_equal(str(j, "started"), "2026-12-08T00:00:00Z");
	assert_null(at(j, "finished"));
	/* KVM: the timing is the hardware's. */
	assert_string_equal(str(j, "timing"), "hardware-assisted");
	assert_string_equal(str(j, "accelerator"), "kvm");
	/* configs/arch/x86_64.conf: machine pc, 2 cpus, 4K pages, 128M blocks. */
	assert_string_equal(str(j, "arch.name"), "x86_64");
	assert_string_equal(str(j, "arch.machine"), "pc");
	assert_int_equal(num(j, "arch.cpus"), 2);
	assert_int_equal(num(j, "arch.page_size"), 4096);
	assert_int_equal(num(j, "arch.block_size_bytes"), 128 * MIB);
	assert_int_equal(num(j, "arch.boot_mem_bytes"), 512 * MIB);
	assert_int_equal(num(j, "arch.maxmem_bytes"), 16384 * MIB);
	assert_string_equal(str(j, "options.scenario"), "hotadd");
	assert_int_equal(json_object_array_length(at(j, "options.sizes_bytes")), 2);
	assert_int_equal(json_object_get_int64(json_object_array_get_idx(
				 at(j, "options.sizes_bytes"), 1)), 1024 * MIB);
	assert_int_equal(num(j, "options.samples"), 3);
	assert_non_null(at(j, "options.alpha"));
	assert_int_equal(json_object_array_length(at(j, "pairs")), 1);
	assert_string_equal(str(json_object_array_get_idx(at(j, "pairs"), 0),
				"new"), "altmap");
	assert_string_equal(str(j, "kernels.altmap.release"), "6.1.0-altmap");
	assert_string_equal(str(j, "guest.path"), "/nonexistent/i.cpio.gz");
	assert_string_equal(str(j, "arches.x86_64.timing"), "hardware-assisted");
	assert_string_equal(str(j, "arches.x86_64.kernels.baseline.release"),
			    "6.1.0");
	json_object_put(j);

	/* Finished, under TCG, no pairs, no rule (mhpbench native). */
	m.finished = "2026-12-08T01:00:00Z";
	m.accel = "tcg";
	ma.accel = "tcg";
	o.npairs = 0;
	o.alpha = 0;
	j = write_read(&r, &m);
	assert_string_equal(str(j, "finished"), "2026-12-08T01:00:00Z");
	assert_string_equal(str(j, "timing"), "emulated");
	assert_null(at(j, "pairs"));
	assert_null(at(j, "options.alpha"));
	json_object_put(j);
	m.accel = "native";
	j = write_read(&r, &m);
	assert_string_equal(str(j, "timing"), "native");
	json_object_put(j);
	json_object_put(k[0].build);
	json_object_put(k[1].build);
	for (i = 0; i < 4; i++)
		free(argv[i]);
	rmdir(r.dir);
}

/* Two arches: no "arch" nor "kernels" at the top, each under "arches". */
static void test_two_arches(void **state)
{
	static struct mhp_arch a[2];
	static struct mhp_opts o;
	static struct mhp_run r;
	struct mhp_meta_arch ma[2] = {
		{ .arch = &a[0], .accel = "kvm", .accel_why = "" },
		{ .arch = &a[1], .accel = "tcg", .accel_why = "not this host's" },
	};
	struct mhp_meta m = {
		.opts = &o, .arches = ma, .narches = 2, .accel = "auto",
		.started = "s",
	};
	json_object *j;

	(void)state;
	load("x86_64", &a[0]);
	load("arm64", &a[1]);
	memset(&o, 0, sizeof(o));
	strcpy(r.id, "run-2");
	assert_non_null(mkdtemp(strcpy(r.dir, "/tmp/mhp-meta-XXXXXX")));
	j = write_read(&r, &m);
	assert_null(at(j, "arch"));
	assert_null(at(j, "kernels"));
	assert_string_equal(str(j, "accelerator"), "auto");
	assert_string_equal(str(j, "arches.x86_64.timing"), "hardware-assisted");
	assert_string_equal(str(j, "arches.arm64.timing"), "emulated");
	/* configs/arch/arm64.conf: machine virt. */
	assert_string_equal(str(j, "arches.arm64.profile.machine"), "virt");
	assert_string_equal(str(j, "arches.arm64.accelerator_reason"),
			    "not this host's");
	json_object_put(j);
	rmdir(r.dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_arch),
		cmocka_unit_test(test_two_arches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
