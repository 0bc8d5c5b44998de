// SPDX-License-Identifier: GPL-2.0
/*
 * Kernels the suite did not build: image kinds and banners (kimage.c),
 * what a config must have (kconfig.c, on excerpts of Debian 12's configs
 * in tests/fixtures/kconfig/), the altmap claim of a command line, and
 * the checks of a --kernel value (prebuilt.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "kconfig.h"
#include "kimage.h"
#include "prebuilt.h"

#define BANNER "6.1.0-57-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)"

/* A bzImage's setup header: "HdrS" at 0x202, kernel_version at 0x20e. */
static size_t fake_bzimage(unsigned char *buf, size_t len)
{
	memset(buf, 0, len);
	buf[0x1fe] = 0x55;
	buf[0x1ff] = 0xaa;
	memcpy(buf + 0x202, "HdrS", 4);
	buf[0x20e] = 0x00;	/* the string: 0x300 + 0x200 */
	buf[0x20f] = 0x03;
	strcpy((char *)buf + 0x500, BANNER);
	return len;
}

static void test_kimage(void **state)
{
	static unsigned char buf[4096];
	struct mhp_kimage k;
	size_t len = fake_bzimage(buf, sizeof(buf));

	(void)state;
	assert_int_equal(mhp_kimage_probe_buf(buf, len, &k), 0);
	assert_string_equal(k.kind, "bzImage");
	assert_string_equal(k.release, "6.1.0-57-cloud-amd64");
	assert_string_equal(k.version,
			    "#1_SMP_PREEMPT_DYNAMIC_Debian_6.1.192-3_(2026-11-26)");
	/* An arm64 Image: magic at 0x38, the banner somewhere inside. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 0x38, "ARM\x64", 4);
	strcpy((char *)buf + 0x400, "Linux version %s (%s) %s");
	strcpy((char *)buf + 0x800, "Linux version 6.1.0-57-arm64 (debian-kernel@lists.debian.org) #1 SMP Debian 6.1.192-3 (2026-11-26)\n");
	assert_int_equal(mhp_kimage_probe_buf(buf, sizeof(buf), &k), 0);
	assert_string_equal(k.kind, "arm64 Image");
	assert_string_equal(k.release, "6.1.0-57-arm64");
	assert_string_equal(k.version, "#1_SMP_Debian_6.1.192-3_(2026-11-26)");
	/* ELF without a banner: a kernel, release unknown. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x7f;
	memcpy(buf + 1, "ELF", 3);
	assert_int_equal(mhp_kimage_probe_buf(buf, sizeof(buf), &k), 0);
	assert_string_equal(k.kind, "ELF vmlinux");
	assert_string_equal(k.release, "");
	/* Text is no kernel; nor is a short file. */
	strcpy((char *)buf, "root:x:0:0:root:/root:/bin/bash\n");
	assert_int_equal(mhp_kimage_probe_buf(buf, 40, &k), -1);
	assert_int_equal(mhp_kimage_probe_buf(buf, 1, &k), -1);
	assert_int_equal(mhp_kimage_probe("/nonexistent/vmlinuz", &k), -1);
}

static void test_kconfig(void **state)
{
	char *x86 = fixture_read("kconfig/debian-6.1-cloud-amd64.config", NULL);
	char *arm = fixture_read("kconfig/debian-6.1-arm64.config", NULL);
	char why[256];

	(void)state;
	assert_non_null(x86);
	assert_non_null(arm);
	assert_int_equal(mhp_kconfig_get(x86, "NUMA"), 'y');
	assert_int_equal(mhp_kconfig_get(x86, "VIRTIO_CONSOLE"), 'm');
	assert_int_equal(mhp_kconfig_get(arm, "ACPI_HOTPLUG_MEMORY"), 'n');
	/* A prefix is not the symbol. */
	assert_int_equal(mhp_kconfig_get(x86, "MEMORY_HOT"), 'n');
	assert_int_equal(mhp_kconfig_get(x86, "NO_SUCH_THING"), 'n');
	assert_int_equal(mhp_kconfig_lacks(x86, "acpi-dimm", why, sizeof(why)), 0);
	assert_int_equal(mhp_kconfig_lacks(arm, "acpi-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "lacks CONFIG_ACPI_HOTPLUG_MEMORY"));
	/* DLPAR needs pseries, not ACPI: an arm64 config lacks the former. */
	assert_int_equal(mhp_kconfig_lacks(arm, "dlpar-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "lacks CONFIG_PPC_PSERIES"));
	/* Without NUMA, or with the memory hotplug a module: refused. */
	assert_int_equal(mhp_kconfig_lacks("CONFIG_MEMORY_HOTPLUG=y\n",
					   "acpi-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "MEMORY_HOTREMOVE"));
	assert_int_equal(mhp_kconfig_lacks("", "acpi-dimm", why, sizeof(why)), -1);
	free(x86);
	free(arm);
}

/* kconfig_lacks FIXTURE METHOD: mhp_kconfig_lacks() of a fixture's text. */
static int kconfig_lacks(const char *fixture, const char *method, char *why,
			 size_t len)
{
	char *text = fixture_read(fixture, NULL);
	int ret;

	assert_non_null(text);
	why[0] = '\0';
	ret = mhp_kconfig_lacks(text, method, why, len);
	free(text);
	return ret;
}

/*
 * Debian 12's 6.12 kernels (6.12.118+deb12): virtio PCI and console are
 * built in, virtio-mem a module, every module compressed with xz. The
 * generic arm64 flavour has no ACPI memory hotplug (its cloud flavour
 * has), ppc64el no virtio-mem: what a method needs refuses the kernel
 * with the symbol and what it is for; what another method needs does not.
 */
static void test_kconfig_612(void **state)
{
	static const char ppc[] = "kconfig/debian-6.12-powerpc64le-64k.config";
	char why[256], *text, *p;

	(void)state;
	assert_int_equal(kconfig_lacks("kconfig/debian-6.12-cloud-amd64.config",
				       "acpi-dimm", why, sizeof(why)), 0);
	assert_int_equal(kconfig_lacks("kconfig/debian-6.12-cloud-amd64.config",
				       "virtio-mem", why, sizeof(why)), 0);
	assert_int_equal(kconfig_lacks("kconfig/debian-6.12-arm64.config",
				       "acpi-dimm", why, sizeof(why)), -1);
	assert_string_equal(why, "lacks CONFIG_ACPI_HOTPLUG_MEMORY (ACPI memory hotplug: pc-dimm hot-add)");
	assert_int_equal(kconfig_lacks("kconfig/debian-6.12-arm64.config",
				       "virtio-mem", why, sizeof(why)), 0);
	assert_int_equal(kconfig_lacks("kconfig/debian-6.12-cloud-arm64.config",
				       "acpi-dimm", why, sizeof(why)), 0);
	assert_int_equal(kconfig_lacks(ppc, "dlpar-dimm", why, sizeof(why)), 0);
	assert_int_equal(kconfig_lacks(ppc, "virtio-mem", why, sizeof(why)), -1);
	assert_string_equal(why, "lacks CONFIG_VIRTIO_MEM (virtio-mem: memory plugged by a virtio-mem-pci device)");
	/* The same config without pseries (a powernv-only build). */
	text = fixture_read(ppc, NULL);
	assert_non_null(text);
	p = strstr(text, "CONFIG_PPC_PSERIES=y");
	assert_non_null(p);
	memcpy(p, "CONFIG_PPC_PSERIES=n", 20);
	assert_int_equal(mhp_kconfig_lacks(text, "dlpar-dimm", why, sizeof(why)), -1);
	assert_string_equal(why, "lacks CONFIG_PPC_PSERIES (pseries DLPAR: LMB hot-add)");
	free(text);
}

static void test_guest_lacks(void **state)
{
	char why[256] = "";

	(void)state;
	assert_int_equal(mhp_guest_lacks(NULL, "acpi-dimm", why, sizeof(why)), 0);
	assert_int_equal(mhp_guest_lacks("", "acpi-dimm", why, sizeof(why)), 0);
	assert_int_equal(mhp_guest_lacks("acpi_memhp", "acpi-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "ACPI memory hotplug"));
	/* pseries has no ACPI: not a need there. */
	assert_int_equal(mhp_guest_lacks("acpi_memhp", "dlpar-dimm", why, sizeof(why)), 0);
	assert_int_equal(mhp_guest_lacks("acpi_memhp,numa", "dlpar-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "NUMA"));
	assert_int_equal(mhp_guest_lacks("kpageflags", "dlpar-dimm", why, sizeof(why)), -1);
	assert_int_equal(mhp_guest_lacks("hotremove", "acpi-dimm", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "hot-remove"));
	/* Whole words only; an unknown one is no need. */
	assert_int_equal(mhp_guest_lacks("numan,kpage,frobs", "acpi-dimm", why, sizeof(why)), 0);
}

static void test_claim(void **state)
{
	(void)state;
	assert_true(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=1"));
	assert_true(mhp_cmdline_altmap_claim("a=b memory_hotplug.memmap_on_memory=force c"));
	assert_true(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=y"));
	assert_false(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=0"));
	assert_false(mhp_cmdline_altmap_claim(""));
	assert_false(mhp_cmdline_altmap_claim("xmemory_hotplug.memmap_on_memory=1"));
	/* kstrtobool() reads the first character: "10" is true. */
	assert_true(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=10"));
	/* "Force" is not "force": kstrtobool() reads 'F', false. */
	assert_false(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=Force"));
	/* An invalid value is refused by the kernel and changes nothing. */
	assert_true(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=1 memory_hotplug.memmap_on_memory=what"));
	/* The last one counts. */
	assert_false(mhp_cmdline_altmap_claim("memory_hotplug.memmap_on_memory=1 memory_hotplug.memmap_on_memory=n"));
}

static void test_spec(void **state)
{
	static unsigned char buf[4096];
	char path[] = "/tmp/mhp-test-bzImage-XXXXXX", spec[256], err[512];
	struct mhp_prebuilt_src src;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, fake_bzimage(buf, sizeof(buf))),
			 (ssize_t)sizeof(buf));
	close(fd);
	snprintf(spec, sizeof(spec), "mine=%s,cmdline=memory_hotplug.memmap_on_memory=force,altmap=no",
		 path);
	assert_int_equal(mhp_prebuilt_parse(spec, &src, err, sizeof(err)), 0);
	assert_string_equal(src.name, "mine");
	assert_string_equal(src.kind, "image");
	assert_string_equal(src.cmdline, "memory_hotplug.memmap_on_memory=force");
	assert_int_equal(src.altmap, 0);
	snprintf(spec, sizeof(spec), "mine=%s,color=blue", path);
	assert_int_equal(mhp_prebuilt_parse(spec, &src, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown key 'color'"));
	snprintf(spec, sizeof(spec), "bad/name=%s", path);
	assert_int_equal(mhp_prebuilt_parse(spec, &src, err, sizeof(err)), -1);
	assert_int_equal(mhp_prebuilt_parse("x=/nonexistent", &src, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(mhp_prebuilt_parse("x", &src, err, sizeof(err)), -1);
	assert_int_equal(mhp_prebuilt_parse("x=", &src, err, sizeof(err)), -1);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kimage),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_kconfig_612),
		cmocka_unit_test(test_guest_lacks),
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
