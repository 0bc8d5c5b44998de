// SPDX-License-Identifier: GPL-2.0
/* mhp_uevent_parse, on buffers laid out byte for byte like the kernel's. */
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
#include "uevent.h"

/*
 * What a NETLINK_KOBJECT_UEVENT socket delivers, as built by linux 6.1
 * lib/kobject_uevent.c: alloc_uevent_skb() writes "%s@%s" and its NUL,
 * then env->buf, where add_uevent_var() stored each "KEY=VALUE" with its
 * NUL, in the order kobject_uevent_env() adds them: ACTION, DEVPATH,
 * SUBSYSTEM, the bus/class/type extras, SEQNUM last. Memory blocks
 * (drivers/base/memory.c) have no devt, type, driver or bus uevent, so
 * they carry no extras. sizeof() of these literals counts the final NUL,
 * which is exactly the length recv() returns.
 */
static const char mem_add[] =
	"add@/devices/system/memory/memory40\0"
	"ACTION=add\0"
	"DEVPATH=/devices/system/memory/memory40\0"
	"SUBSYSTEM=memory\0"
	"SEQNUM=1234";

/* device_online() -> kobject_uevent(KOBJ_ONLINE). */
static const char mem_online[] =
	"online@/devices/system/memory/memory1023\0"
	"ACTION=online\0"
	"DEVPATH=/devices/system/memory/memory1023\0"
	"SUBSYSTEM=memory\0"
	"SEQNUM=1240";

static const char mem_remove[] =
	"remove@/devices/system/memory/memory8\0"
	"ACTION=remove\0"
	"DEVPATH=/devices/system/memory/memory8\0"
	"SUBSYSTEM=memory\0"
	"SEQNUM=77";

/*
 * The ACPI memory device QEMU's pc-dimm hot-add creates: acpi_bus_type's
 * uevent adds MODALIAS (drivers/acpi/device_sysfs.c).
 */
static const char acpi_add[] =
	"add@/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:00/PNP0C80:00\0"
	"ACTION=add\0"
	"DEVPATH=/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:00/PNP0C80:00\0"
	"SUBSYSTEM=acpi\0"
	"MODALIAS=acpi:PNP0C80:\0"
	"SEQNUM=1233";

/* udevd's re-broadcast: "libudev", NUL, then a binary header. */
static const char udev_msg[] =
	"libudev\0\xfe\xed\xca\xfe\x28\0\0\0"
	"ACTION=add\0"
	"DEVPATH=/devices/system/memory/memory40\0"
	"SUBSYSTEM=memory\0"
	"SEQNUM=1234";

/*
 * Parse from a heap copy of exactly len bytes, so that a read past len
 * is a real overrun that valgrind or ASan would report.
 */
static int parse(const char *buf, size_t len, struct mhp_uevent *ev)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = mhp_uevent_parse(copy, len, ev);
	free(copy);
	return ret;
}

static void assert_event(const struct mhp_uevent *ev, const char *action,
			 const char *subsystem, const char *devpath,
			 long block)
{
	assert_string_equal(ev->action, action);
	assert_string_equal(ev->subsystem, subsystem);
	assert_string_equal(ev->devpath, devpath);
	assert_int_equal(ev->memory_block, block);
}

static void assert_rejected(const char *buf, size_t len)
{
	struct mhp_uevent ev;

	assert_int_equal(parse(buf, len, &ev), -1);
	/* Nothing of a refused message may look like an event. */
	assert_string_equal(ev.action, "");
	assert_string_equal(ev.devpath, "");
	assert_int_equal(ev.memory_block, -1);
}

static void test_memory_add(void **state)
{
	struct mhp_uevent ev;

	(void)state;
	assert_int_equal(parse(mem_add, sizeof(mem_add), &ev), 0);
	assert_event(&ev, "add", "memory", "/devices/system/memory/memory40",
		     40);
}

static void test_memory_online_remove(void **state)
{
	struct mhp_uevent ev;

	(void)state;
	assert_int_equal(parse(mem_online, sizeof(mem_online), &ev), 0);
	assert_event(&ev, "online", "memory",
		     "/devices/system/memory/memory1023", 1023);
	assert_int_equal(parse(mem_remove, sizeof(mem_remove), &ev), 0);
	assert_event(&ev, "remove", "memory",
		     "/devices/system/memory/memory8", 8);
}

static void test_no_final_nul(void **state)
{
	struct mhp_uevent ev;

	(void)state;
	/* len is authoritative: the last value ends where the buffer does. */
	assert_int_equal(parse(mem_add, sizeof(mem_add) - 1, &ev), 0);
	assert_event(&ev, "add", "memory", "/devices/system/memory/memory40",
		     40);
}

static void test_len_cuts_subsystem(void **state)
{
	const char *sub = memchr(mem_add, 'S', sizeof(mem_add));
	struct mhp_uevent ev;
	size_t len;

	(void)state;
	/* "SUBSYSTEM=mem": bytes past len spell "memory" but do not count. */
	assert_non_null(sub);
	len = sub - mem_add + strlen("SUBSYSTEM=mem");
	assert_int_equal(parse(mem_add, len, &ev), 0);
	assert_string_equal(ev.subsystem, "mem");
	assert_int_equal(ev.memory_block, -1);
	assert_int_equal(mhp_uevent_parse(mem_add, len, &ev), 0);
	assert_string_equal(ev.subsystem, "mem");
}

static void test_acpi_device(void **state)
{
	struct mhp_uevent ev;

	(void)state;
	assert_int_equal(parse(acpi_add, sizeof(acpi_add), &ev), 0);
	assert_event(&ev, "add", "acpi",
		     "/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:00/PNP0C80:00",
		     -1);
}

static void test_libudev_rejected(void **state)
{
	/* Would parse but for its first bytes: the rule itself is tested. */
	static const char udev_at[] =
		"libudev@/devices/system/memory/memory40\0"
		"ACTION=add\0"
		"SUBSYSTEM=memory";

	(void)state;
	assert_rejected(udev_msg, sizeof(udev_msg));
	assert_rejected(udev_at, sizeof(udev_at));
	assert_rejected("libudev", 7);
	/* Short buffers are not compared past their end (see parse()). */
	assert_rejected("lib", 3);
}

static void test_header_fallback(void **state)
{
	static const char hdr_only[] = "add@/devices/system/memory/memory7";
	static const char env_wins[] =
		"add@/devices/system/memory/memory7\0"
		"ACTION=offline\0"
		"SUBSYSTEM=memory\0";
	struct mhp_uevent ev;

	(void)state;
	/* No environment at all: the header names action and devpath. */
	assert_int_equal(parse(hdr_only, sizeof(hdr_only) - 1, &ev), 0);
	assert_event(&ev, "add", "", "/devices/system/memory/memory7", -1);
	assert_int_equal(parse(env_wins, sizeof(env_wins), &ev), 0);
	assert_event(&ev, "offline", "memory",
		     "/devices/system/memory/memory7", 7);
}

static void test_malformed(void **state)
{
	static const char no_at[] =
		"add/devices/system/memory/memory40\0"
		"ACTION=add\0"
		"DEVPATH=/devices/system/memory/memory40\0"
		"SUBSYSTEM=memory";
	static const char at_in_env_only[] =
		"hello\0"
		"ACTION=add@x\0"
		"DEVPATH=/devices/system/memory/memory40";
	static const char empty_hdr[] = "@\0SUBSYSTEM=memory\0SEQNUM=1";
	static const char no_action[] =
		"@/devices/system/memory/memory40\0SUBSYSTEM=memory";
	static const char no_devpath[] = "add@\0SUBSYSTEM=memory";
	static const char empty_action[] =
		"add@/devices/system/memory/memory40\0ACTION=\0";
	struct mhp_uevent ev;

	(void)state;
	assert_rejected(no_at, sizeof(no_at));
	assert_rejected(at_in_env_only, sizeof(at_in_env_only));
	assert_rejected(empty_hdr, sizeof(empty_hdr));
	assert_rejected(no_action, sizeof(no_action));
	assert_rejected(no_devpath, sizeof(no_devpath));
	assert_rejected(empty_action, sizeof(empty_action));
	assert_rejected("", 0);
	assert_rejected("\0\0\0", 3);
	assert_int_equal(mhp_uevent_parse(NULL, 10, &ev), -1);
}

static void test_too_long(void **state)
{
	struct mhp_uevent ev;
	char buf[512];
	int n;

	(void)state;
	/* devpath of 127 characters fits, 128 does not. */
	n = snprintf(buf, sizeof(buf), "add@/%0126d", 0);
	assert_int_equal(parse(buf, n, &ev), 0);
	assert_int_equal(strlen(ev.devpath), 127);
	n = snprintf(buf, sizeof(buf), "add@/%0127d", 0);
	assert_rejected(buf, n);
	n = snprintf(buf, sizeof(buf), "abcdefghijklmnop@/x");
	assert_rejected(buf, n);
	n = snprintf(buf, sizeof(buf), "add@/x%cSUBSYSTEM=%032d", 0, 0);
	assert_rejected(buf, n);
}

static void test_memory_block_number(void **state)
{
	static const char other[] = "add@/devices/x/memory3\0SUBSYSTEM=other";
	static const char *const not_blocks[] = {
		"/devices/system/memory/memory",
		"/devices/system/memory/memoryx",
		"/devices/system/memory/memory-1",
		"/devices/system/memory/memory+1",
		"/devices/system/memory/memory 1",
		"/devices/system/memory/memory40a",
		"/devices/system/memory/memory40/",
		"/devices/system/memory/memory99999999999999999999",
		"/devices/system/memory/Memory40",
		"/devices/system/memory",
	};
	struct mhp_uevent ev;
	char buf[256];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(not_blocks); i++) {
		n = snprintf(buf, sizeof(buf), "add@%s%cSUBSYSTEM=memory",
			     not_blocks[i], 0);
		assert_int_equal(parse(buf, n, &ev), 0);
		if (ev.memory_block != -1)
			fail_msg("%s gave block %ld", not_blocks[i],
				 ev.memory_block);
	}
	/* A memoryN path outside the memory subsystem is no block. */
	assert_int_equal(parse(other, sizeof(other), &ev), 0);
	assert_int_equal(ev.memory_block, -1);
}

static void test_empty_env_strings(void **state)
{
	static const char gaps[] =
		"add@/devices/system/memory/memory5\0\0\0"
		"NOEQUALS\0"
		"SUBSYSTEM=memory\0\0";
	struct mhp_uevent ev;

	(void)state;
	assert_int_equal(parse(gaps, sizeof(gaps), &ev), 0);
	assert_event(&ev, "add", "memory", "/devices/system/memory/memory5",
		     5);
}

static void test_every_prefix(void **state)
{
	size_t len;

	(void)state;
	/*
	 * A short read at any point: never an overrun, and whatever is
	 * accepted has an action and a devpath.
	 */
	for (len = 0; len <= sizeof(acpi_add); len++) {
		struct mhp_uevent ev;

		if (parse(acpi_add, len, &ev) == 0) {
			assert_true(ev.action[0]);
			assert_true(ev.devpath[0]);
		}
	}
	assert_rejected(acpi_add, 3);	/* "add": no '@' yet */
}

static void test_random_bytes(void **state)
{
	unsigned int seed = 12345;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		char buf[96];
		struct mhp_uevent ev;
		size_t len = rand_r(&seed) % sizeof(buf), j;

		/* Mostly printable, with NULs, '@' and '=' thrown in. */
		for (j = 0; j < len; j++) {
			static const char pool[] = "@=/\0amemory0123456789";

			buf[j] = rand_r(&seed) % 4 ? pool[rand_r(&seed) %
							  (sizeof(pool) - 1)]
						   : (char)rand_r(&seed);
		}
		if (parse(buf, len, &ev) == 0) {
			assert_true(strlen(ev.action) < sizeof(ev.action));
			assert_true(ev.action[0] && ev.devpath[0]);
		}
	}
}

/*
 * Real messages, received by the x86_64 6.1 guest driver on hot-add of
 * 1G (8 blocks) and saved into the sample's raw/ dir.
 */
static void test_guest_captures(void **state)
{
	char name[96];
	long block;

	(void)state;
	for (block = 32; block < 40; block++) {
		struct mhp_uevent ev;
		size_t len;
		char *buf;

		snprintf(name, sizeof(name),
			 "guest-x86_64/baseline-1G/uevent-memory%ld", block);
		buf = fixture_read(name, &len);
		assert_non_null(buf);
		assert_int_equal(mhp_uevent_parse(buf, len, &ev), 0);
		assert_string_equal(ev.action, "add");
		assert_string_equal(ev.subsystem, "memory");
		assert_int_equal(ev.memory_block, block);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_add),
		cmocka_unit_test(test_memory_online_remove),
		cmocka_unit_test(test_no_final_nul),
		cmocka_unit_test(test_len_cuts_subsystem),
		cmocka_unit_test(test_acpi_device),
		cmocka_unit_test(test_libudev_rejected),
		cmocka_unit_test(test_header_fallback),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_memory_block_number),
		cmocka_unit_test(test_empty_env_strings),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_guest_captures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
