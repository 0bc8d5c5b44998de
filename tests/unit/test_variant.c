// SPDX-License-Identifier: GPL-2.0
/*
 * Variant files: source = NAME and altmap = yes, no or rule, and what a
 * loaded kernel carries for the verdict (its mode, the arch's hook).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "fixture.h"
#include "mhpbench.h"
#include "variant.h"

static char top[PATH_MAX];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

#define COMMON "description = d\nfragment = upstream.config\npatches =\n"

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/mhp-test-variant-XXXXXX");
	if (!mkdtemp(top))
		return -1;
	dir("configs");
	dir("configs/variants");
	dir("configs/sources");
	dir("k");
	dir("k/x86_64");
	dir("k/x86_64/upstream");
	dir("k/x86_64/stale");
	dir("k/x86_64/old");
	put("configs/sources/linux-source-6.12.conf", "package = linux-source-6.12\n");
	put("configs/variants/upstream.conf", COMMON
	    "source = linux-source-6.12\n"
	    "cmdline = memory_hotplug.memmap_on_memory=1\naltmap = rule\n");
	put("configs/variants/stale.conf", COMMON
	    "source = linux-source-6.12\ncmdline =\naltmap = no\n");
	put("configs/variants/old.conf", COMMON "cmdline =\naltmap = yes\n");
	put("configs/variants/nosrc.conf", COMMON
	    "source = linux-source-9.9\ncmdline =\naltmap = no\n");
	put("configs/variants/badalt.conf", COMMON "cmdline =\naltmap = maybe\n");
	put("configs/variants/pre.conf",
	    "description = d\nkernel = /nonexistent\ncmdline =\naltmap = rule\n");
	put("k/x86_64/upstream/build.json",
	    "{\"build_id\": \"b1\", \"struct_page_bytes\": 64, \"cmdline\": \"console=ttyS0 memory_hotplug.memmap_on_memory=1\", \"source\": {\"name\": \"linux-source-6.12\", \"version\": \"6.12.48\"}}");
	put("k/x86_64/upstream/bzImage", "x");
	put("k/x86_64/stale/build.json",
	    "{\"build_id\": \"b2\", \"struct_page_bytes\": 64, \"cmdline\": \"\", \"source\": {\"name\": \"linux-source-6.1\", \"version\": \"6.1.158\"}}");
	put("k/x86_64/stale/bzImage", "x");
	put("k/x86_64/old/build.json",
	    "{\"build_id\": \"b3\", \"struct_page_bytes\": 64, \"cmdline\": \"\", \"source\": {\"dir\": \"linux-source-6.1\", \"version\": \"6.1.158\"}}");
	put("k/x86_64/old/bzImage", "x");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	return system(cmd) ? -1 : 0;
}

static void test_check(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(mhp_variant_check(top, "upstream", err, sizeof(err)), 0);
	assert_int_equal(mhp_variant_check(top, "old", err, sizeof(err)), 0);
	assert_int_equal(mhp_variant_check(top, "nosrc", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "key 'source': unknown kernel source 'linux-source-9.9' (no configs/sources/linux-source-9.9.conf)"));
	assert_int_equal(mhp_variant_check(top, "badalt", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "key 'altmap': want yes, no or rule"));
	assert_int_equal(mhp_variant_check(top, "pre", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "rule is for kernels built from a source"));
}

static void test_load(void **state)
{
	static struct mhp_opts o;
	static struct mhp_arch a;
	struct mhp_kernel k;
	char err[512];

	(void)state;
	snprintf(o.top, sizeof(o.top), "%s", top);
	snprintf(o.kernels, sizeof(o.kernels), "%s/k", top);
	snprintf(a.name, sizeof(a.name), "x86_64");
	snprintf(a.image, sizeof(a.image), "bzImage");
	assert_int_equal(mhp_altmap_hooks_parse("4096:2M", &a.altmap_hooks, err,
						sizeof(err)), 0);
	if (mhp_kernel_load(&o, &a, "upstream", &k, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(k.altmap_expect, MHP_EXPECT_RULE);
	assert_int_equal(k.mom_mode, MHP_MOM_ON);
	assert_true(k.expect_altmap);
	assert_string_equal(k.source, "linux-source-6.12");
	assert_int_equal(k.altmap_hooks.n, 1);
	assert_int_equal(k.altmap_hooks.h[0].align, 2 << 20);
	mhp_kernel_free(&k);
	/* The run's --append comes last: its value counts. */
	snprintf(o.append, sizeof(o.append), "memory_hotplug.memmap_on_memory=force");
	assert_int_equal(mhp_kernel_load(&o, &a, "upstream", &k, err, sizeof(err)), 0);
	assert_int_equal(k.mom_mode, MHP_MOM_FORCE);
	mhp_kernel_free(&k);
	snprintf(o.append, sizeof(o.append), "memory_hotplug.memmap_on_memory=0");
	assert_int_equal(mhp_kernel_load(&o, &a, "upstream", &k, err, sizeof(err)), 0);
	assert_int_equal(k.mom_mode, MHP_MOM_OFF);
	assert_false(k.expect_altmap);
	mhp_kernel_free(&k);
	/* A build.json from before: its source's name is its directory. */
	assert_int_equal(mhp_kernel_load(&o, &a, "old", &k, err, sizeof(err)), 0);
	assert_string_equal(k.source, "linux-source-6.1");
	assert_int_equal(k.altmap_expect, MHP_EXPECT_YES);
	assert_string_equal(json_object_get_string(json_object_object_get(
		json_object_object_get(k.build, "source"), "name")),
		"linux-source-6.1");
	mhp_kernel_free(&k);
	/* Built from 6.1, the variant says 6.12: a stale build. */
	assert_int_equal(mhp_kernel_load(&o, &a, "stale", &k, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "built from linux-source-6.1, but variant stale has source linux-source-6.12"));
}

/*
 * The suite's own profiles (fixtures/../..): upstream's hook per page
 * size. Generic PMD_SIZE with 4K pages is 2 MiB (512 entries of 4 KiB);
 * powerpc radix with 64K pages says yes whatever the size.
 */
static void test_profiles(void **state)
{
	static struct mhp_arch a;
	char fx[PATH_MAX], suite[PATH_MAX], err[512];

	(void)state;
	assert_int_equal(fixture_path("..", fx, sizeof(fx)), 0);
	snprintf(suite, sizeof(suite), "%s/..", fx);
	if (mhp_arch_load(suite, "x86_64", &a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(a.altmap_hooks.n, 1);
	assert_int_equal(a.altmap_hooks.h[0].page_size, 4096);
	assert_int_equal(a.altmap_hooks.h[0].kind, MHP_HOOK_ALIGN);
	assert_int_equal(a.altmap_hooks.h[0].align, 512 * 4096);
	if (mhp_arch_load(suite, "powerpc", &a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(a.altmap_hooks.n, 2);
	assert_int_equal(a.altmap_hooks.h[1].page_size, 65536);
	assert_int_equal(a.altmap_hooks.h[1].kind, MHP_HOOK_ANY);
	if (mhp_arch_load(suite, "arm64", &a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(a.altmap_hooks.h[0].align, 512 * 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_profiles),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
