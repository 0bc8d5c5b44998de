// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_vmem_probe_parse: virtio-mem's probe lines in a guest's kernel log
 * (tests/fixtures/vmem/), in each form a log comes in, and broken ones.
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
#include "vmemlog.h"

#define MIB (1LL << 20)

static int parse(const char *log, struct mhp_vmem_probe *p)
{
	return mhp_vmem_probe_parse(log, strlen(log), p);
}

/*
 * x86_64-console.txt: the console (printk.time) of an x86_64 baseline
 * guest of a 4G virtio-mem hotadd sample (QEMU 7.2, TCG), verbatim: a
 * 4 GiB virtio-mem-pci device on node 1 with QEMU's default 2 MiB device
 * blocks, so SBM with 2 MiB sub-blocks (the pageblock is 2 MiB too) of
 * 128 MiB memory blocks; then its plug, unplug and replug.
 */
static void test_console_sbm(void **state)
{
	struct mhp_vmem_probe p;
	size_t len;
	char *log = fixture_read("vmem/x86_64-console.txt", &len);

	(void)state;
	assert_non_null(log);
	assert_int_equal(mhp_vmem_probe_parse(log, len, &p), 0);
	assert_string_equal(p.dev, "virtio0");
	assert_int_equal(p.region_bytes, 4096 * MIB);
	assert_int_equal(p.memory_block_bytes, 128 * MIB);
	assert_int_equal(p.subblock_bytes, 2 * MIB);
	assert_int_equal(p.bigblock_bytes, -1);
	assert_int_equal(p.device_block_bytes, 2 * MIB);
	assert_int_equal(p.nid, 1);
	assert_int_equal(mhp_vmem_probe_sbm(&p), 1);
	free(log);
}

/* The same lines as syslog(2), /dev/kmsg and bare printk give them. */
static void test_prefixes(void **state)
{
	static const char *const logs[] = {
		"<6>[    0.912345] virtio_mem virtio1: device block size: 0x40000000\n"
		"<6>[    0.912346] virtio_mem virtio1: big block size: 0x40000000\n",
		"6,412,912345,-;virtio_mem virtio1: device block size: 0x40000000\n"
		" SUBSYSTEM=virtio\n DEVICE=+virtio:virtio1\n"
		"6,413,912346,-,caller=T1;virtio_mem virtio1: big block size: 0x40000000\n",
		"virtio_mem virtio1: device block size: 0x40000000\r\n"
		"virtio_mem virtio1: big block size: 0x40000000",
		"<6>virtio_mem virtio1: device block size: 0x40000000\n"
		"[  120.000001] virtio_mem virtio1: big block size: 0x40000000\n",
	};
	struct mhp_vmem_probe p;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(logs); i++) {
		assert_int_equal(parse(logs[i], &p), 0);
		assert_string_equal(p.dev, "virtio1");
		assert_int_equal(p.device_block_bytes, 1024 * MIB);
		assert_int_equal(p.bigblock_bytes, 1024 * MIB);
		assert_int_equal(p.subblock_bytes, -1);
		assert_int_equal(p.memory_block_bytes, -1);
		assert_int_equal(mhp_vmem_probe_sbm(&p), 0);
	}
}

/* No device, or nothing it says that parses: absent, never 0. */
static void test_absent(void **state)
{
	static const char *const logs[] = {
		"",
		"[    0.1] Memory: 480000K/523768K available\n",
		/* Not the driver's prefix, or not at the start of the message. */
		"virtio_mem: memory block size: 0x8000000\n",
		"xvirtio_mem virtio2: memory block size: 0x8000000\n",
		"[    0.1] foo virtio_mem virtio2: memory block size: 0x8000000\n",
		/* Numbers the driver never prints so. */
		"virtio_mem virtio2: memory block size: 8000000\n",
		"virtio_mem virtio2: memory block size: 0x\n",
		"virtio_mem virtio2: memory block size: 0xzz\n",
		"virtio_mem virtio2: memory block size: 0x8000000 MiB\n",
		"virtio_mem virtio2: subblock size: -0x2\n",
		"virtio_mem virtio2: nid: 0x1\n",
		"virtio_mem virtio2: nid: -1\n",
		"virtio_mem virtio2: device block size: 0xffffffffffffffffff\n",
		/* Other lines of the driver. */
		"virtio_mem virtio2: plugged size: 0x0\n",
		"virtio_mem virtio2:memory block size: 0x8000000\n",
		"virtio_mem virtio 2: memory block size: 0x8000000\n",
		"<6>[ x] virtio_mem virtio2: memory block size: 0x8000000\n",
	};
	struct mhp_vmem_probe p;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(logs); i++) {
		assert_int_equal(parse(logs[i], &p), -1);
		assert_int_equal(p.memory_block_bytes, -1);
		assert_int_equal(p.subblock_bytes, -1);
		assert_int_equal(p.device_block_bytes, -1);
		assert_int_equal(p.nid, -1);
		assert_int_equal(mhp_vmem_probe_sbm(&p), -1);
	}
	assert_int_equal(mhp_vmem_probe_parse(NULL, 10, &p), -1);
}

/*
 * Two devices: the first one's lines only. A second probe of the same
 * device wins; the log ends where its NUL is, or its length says.
 */
static void test_devices(void **state)
{
	static const char two[] =
		"virtio_mem virtio2: device block size: 0x200000\n"
		"virtio_mem virtio3: device block size: 0x40000000\n"
		"virtio_mem virtio3: nid: 2\n"
		"virtio_mem virtio2: nid: 1\n"
		"virtio_mem virtio2: device block size: 0x400000\n"
		"\0virtio_mem virtio2: subblock size: 0x400000\n";
	struct mhp_vmem_probe p;

	(void)state;
	assert_int_equal(mhp_vmem_probe_parse(two, sizeof(two) - 1, &p), 0);
	assert_string_equal(p.dev, "virtio2");
	assert_int_equal(p.device_block_bytes, 4 * MIB);
	assert_int_equal(p.nid, 1);
	assert_int_equal(p.subblock_bytes, -1);
	/* The length cuts the last line short: its first line ends in "0x20000". */
	assert_int_equal(mhp_vmem_probe_parse(two, 46, &p), 0);
	assert_int_equal(p.device_block_bytes, 0x20000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_sbm),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
