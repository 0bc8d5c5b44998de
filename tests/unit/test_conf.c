// SPDX-License-Identifier: GPL-2.0
/* mhp_conf_*: the suite's "key = value" data files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf.h"
#include "fixture.h"

/* tests/fixtures/arch-x86_64.conf is a copy of configs/arch/x86_64.conf. */
#define ARCH_FIXTURE "arch-x86_64.conf"

static const char *const arch_keys[] = {
	"kernel_arch", "cross_compile", "image", "fragment", "patches",
	"qemu", "machine", "cpu", "firmware", "console", "cmdline",
	"ctl_device", "cpus", "boot_mem", "slots", "maxmem", "hotplug",
	"kvm_host", "debian_arch", "page_size", "block_size", "packages",
	"bigblock_machine", "bigblock_boot_mem", "bigblock_maxmem",
	"bigblock_block_size", "bigblock_reserve", NULL,
};

static void assert_err_is(const char *err, const char *want)
{
	assert_string_equal(err, want);
	/* Callers print it as one line of a log. */
	assert_null(strchr(err, '\n'));
}

static void test_load_arch_profile(void **state)
{
	struct mhp_conf c;
	char path[4096], err[256] = "";

	(void)state;
	assert_int_equal(fixture_path(ARCH_FIXTURE, path, sizeof(path)), 0);
	if (mhp_conf_load(path, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(c.n, 27);
	assert_string_equal(c.path, path);
	assert_string_equal(mhp_conf_get(&c, "kernel_arch"), "x86_64");
	/* "cross_compile =" is an empty value, not a missing key. */
	assert_string_equal(mhp_conf_get(&c, "cross_compile"), "");
	assert_string_equal(mhp_conf_get(&c, "console"), "ttyS0");
	/* Spaces inside a value are kept: the kernel command line. */
	assert_non_null(strstr(mhp_conf_get(&c, "cmdline"),
			       "memhp_default_state=offline panic=-1"));
	assert_string_equal(mhp_conf_get(&c, "block_size"), "128M");
	/* The big-block machine: a machine option with '=' in the value. */
	assert_string_equal(mhp_conf_get(&c, "bigblock_machine"),
			    "pc,max-ram-below-4g=2G");
	assert_string_equal(mhp_conf_get(&c, "bigblock_block_size"), "2G");
	assert_null(mhp_conf_get(&c, "description"));
	assert_int_equal(mhp_conf_check(&c, arch_keys, arch_keys, err,
					sizeof(err)), 0);
}

static void test_parse_trims(void **state)
{
	struct mhp_conf c;
	char err[128] = "";

	(void)state;
	assert_int_equal(mhp_conf_parse("t.conf",
					"# comment = not a key\n"
					"\n"
					"   \t\n"
					"  a = 1 \t\n"
					"b=2\r\n"
					"\tc_3\t=\t x y  \t\n"
					"  # indented comment\n"
					"d = e = f\n"
					"g = # not a comment\n"
					"h =", &c, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(c.n, 6);
	assert_string_equal(mhp_conf_get(&c, "a"), "1");
	assert_string_equal(mhp_conf_get(&c, "b"), "2");
	assert_string_equal(mhp_conf_get(&c, "c_3"), "x y");
	assert_string_equal(mhp_conf_get(&c, "d"), "e = f");
	assert_string_equal(mhp_conf_get(&c, "g"), "# not a comment");
	assert_string_equal(mhp_conf_get(&c, "h"), "");
	assert_null(mhp_conf_get(&c, "A"));
	assert_null(mhp_conf_get(&c, ""));
	assert_null(mhp_conf_get(&c, NULL));
}

static void test_empty_file(void **state)
{
	struct mhp_conf c;
	char err[64] = "";

	(void)state;
	assert_int_equal(mhp_conf_parse("e.conf", "", &c, err, sizeof(err)),
			 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(mhp_conf_parse("e.conf", "#\n\n", &c, err,
					sizeof(err)), 0);
	assert_int_equal(c.n, 0);
}

static void parse_fails(const char *text, const char *want)
{
	struct mhp_conf c;
	char err[256] = "";

	assert_int_equal(mhp_conf_parse("x.conf", text, &c, err, sizeof(err)),
			 -1);
	assert_err_is(err, want);
	assert_int_equal(c.n, 0);
}

static void test_errors(void **state)
{
	(void)state;
	parse_fails("a = 1\nno equals here\n",
		    "x.conf:2: expected 'key = value'");
	parse_fails("# c\n\na = 1\na = 2\n", "x.conf:4: duplicate key 'a'");
	parse_fails("Key = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("= 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("a b = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("a-b = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("a.b.c = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails(".b = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("a. = 1\n", "x.conf:1: bad key (want [a-z0-9_]+ or KEY.QUALIFIER)");
	parse_fails("\n\n\nx\n", "x.conf:4: expected 'key = value'");
}

static void test_limits(void **state)
{
	char text[8192], key[64], value[600];
	struct mhp_conf c;
	char err[256];
	int i, n = 0;

	(void)state;
	/* 47 characters of key and 463 of value fit; one more does not. */
	memset(key, 'k', 47);
	key[47] = '\0';
	memset(value, 'v', 463);
	value[463] = '\0';
	snprintf(text, sizeof(text), "%s = %s\n", key, value);
	assert_int_equal(mhp_conf_parse("l.conf", text, &c, err, sizeof(err)),
			 0);
	assert_string_equal(mhp_conf_get(&c, key), value);
	snprintf(text, sizeof(text), "%sk = 1\n", key);
	parse_fails(text, "x.conf:1: key too long");
	snprintf(text, sizeof(text), "a = %sv\n", value);
	parse_fails(text, "x.conf:1: value too long");

	for (i = 0; i < MHP_CONF_MAX; i++)
		n += snprintf(text + n, sizeof(text) - n, "k%d = %d\n", i, i);
	assert_int_equal(mhp_conf_parse("l.conf", text, &c, err, sizeof(err)),
			 0);
	assert_int_equal(c.n, MHP_CONF_MAX);
	assert_string_equal(mhp_conf_get(&c, "k63"), "63");
	snprintf(text + n, sizeof(text) - n, "one_more = 1\n");
	parse_fails(text, "x.conf:65: too many keys");
}

static void test_long_line_no_overflow(void **state)
{
	size_t len = 1 << 20;
	char *text = malloc(len + 1);
	struct mhp_conf c;
	char err[256];

	(void)state;
	assert_non_null(text);
	memset(text, 'a', len);
	text[len] = '\0';
	parse_fails(text, "x.conf:1: expected 'key = value'");
	text[len / 2] = '=';
	parse_fails(text, "x.conf:1: key too long");
	text[10] = '=';
	parse_fails(text, "x.conf:1: value too long");
	assert_int_equal(mhp_conf_parse("x.conf", text, &c, err, sizeof(err)),
			 -1);
	assert_int_equal(c.n, 0);
	free(text);
}

static void test_err_buffer(void **state)
{
	struct mhp_conf c;
	char err[8];

	(void)state;
	/* A short buffer gets a truncated message; none gets nothing. */
	assert_int_equal(mhp_conf_parse("x.conf", "oops", &c, err,
					sizeof(err)), -1);
	assert_string_equal(err, "x.conf:");
	assert_int_equal(mhp_conf_parse("x.conf", "oops", &c, NULL, 0), -1);
	assert_int_equal(mhp_conf_parse("x.conf", NULL, &c, err, sizeof(err)),
			 -1);
}

static void test_check(void **state)
{
	static const char *const allowed[] = { "a", "b", "c", NULL };
	static const char *const required[] = { "a", "c", NULL };
	static const char *const none[] = { NULL };
	struct mhp_conf c;
	char err[128];

	(void)state;
	assert_int_equal(mhp_conf_parse("k.conf", "a = 1\nc = 3\n", &c, err,
					sizeof(err)), 0);
	assert_int_equal(mhp_conf_check(&c, allowed, required, err,
					sizeof(err)), 0);
	assert_int_equal(mhp_conf_parse("k.conf", "a = 1\nd = 4\nc = 3\n", &c,
					err, sizeof(err)), 0);
	assert_int_equal(mhp_conf_check(&c, allowed, required, err,
					sizeof(err)), -1);
	assert_err_is(err, "k.conf: unknown key 'd'");
	/* Without a list of allowed keys, any key goes. */
	assert_int_equal(mhp_conf_check(&c, NULL, required, err,
					sizeof(err)), 0);
	assert_int_equal(mhp_conf_parse("k.conf", "a = 1\nb = 2\n", &c, err,
					sizeof(err)), 0);
	assert_int_equal(mhp_conf_check(&c, allowed, required, err,
					sizeof(err)), -1);
	assert_err_is(err, "k.conf: missing key 'c'");
	assert_int_equal(mhp_conf_check(&c, allowed, none, err, sizeof(err)),
			 0);
	assert_int_equal(mhp_conf_check(&c, allowed, NULL, err, sizeof(err)),
			 0);
	assert_int_equal(mhp_conf_check(&c, none, NULL, err, sizeof(err)),
			 -1);
	assert_err_is(err, "k.conf: unknown key 'a'");
}

/* Repeatable keys keep every line in order; others stay unique. */
static void test_repeat_and_qualified(void **state)
{
	static const char *const repeat[] = { "pair", NULL };
	struct mhp_conf c;
	char err[128];

	(void)state;
	assert_int_equal(mhp_conf_parse_multi("p.conf",
					      "pair = a b x\ncmdline.powerpc = y\npair = b c z\n",
					      repeat, &c, err, sizeof(err)), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.kv[0].value, "a b x");
	assert_string_equal(c.kv[2].key, "pair");
	assert_string_equal(c.kv[2].value, "b c z");
	assert_string_equal(mhp_conf_get(&c, "cmdline.powerpc"), "y");
	assert_string_equal(mhp_conf_get(&c, "pair"), "a b x");
	assert_int_equal(mhp_conf_parse_multi("p.conf", "a = 1\na = 2\n",
					      repeat, &c, err, sizeof(err)), -1);
	assert_err_is(err, "p.conf:2: duplicate key 'a'");
	assert_int_equal(mhp_conf_parse("p.conf", "pair = 1\npair = 2\n", &c,
					err, sizeof(err)), -1);
	assert_err_is(err, "p.conf:2: duplicate key 'pair'");
}

static void test_load_errors(void **state)
{
	char tmpl[] = "/tmp/mhp-test-conf-XXXXXX";
	struct mhp_conf c;
	char err[256];
	int fd;

	(void)state;
	assert_int_equal(mhp_conf_load("/nonexistent/x.conf", &c, err,
				       sizeof(err)), -1);
	assert_err_is(err, "/nonexistent/x.conf: No such file or directory");
	assert_int_equal(mhp_conf_load("/", &c, err, sizeof(err)), -1);
	assert_err_is(err, "/: read error");

	/* A NUL would hide the rest of the file from the parser. */
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a = 1\n\0b = 2\n", 13), 13);
	close(fd);
	assert_int_equal(mhp_conf_load(tmpl, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ": NUL byte in file"));

	/* Errors inside a loaded file name it and the line. */
	fd = open(tmpl, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a = 1\nA = 2\n", 12), 12);
	close(fd);
	assert_int_equal(mhp_conf_load(tmpl, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: bad key"));
	assert_int_equal(strncmp(err, tmpl, strlen(tmpl)), 0);
	unlink(tmpl);
}

/* Word lists (profile keys, the guest's lacks=) and string tables. */
static void test_lists(void **state)
{
	static const char *const v[] = { "virtio-mem", "acpi-dimm", NULL };

	(void)state;
	assert_true(mhp_list_has("acpi-dimm virtio-mem", ' ', "virtio-mem"));
	assert_true(mhp_list_has("virtio-mem", ' ', "virtio-mem"));
	assert_false(mhp_list_has("virtio-memx", ' ', "virtio-mem"));
	assert_false(mhp_list_has("xvirtio-mem", ' ', "virtio-mem"));
	assert_false(mhp_list_has("", ' ', "virtio-mem"));
	assert_false(mhp_list_has(NULL, ',', "numa"));
	assert_true(mhp_list_has("hotremove,numa", ',', "numa"));
	assert_false(mhp_list_has("hotremove numa", ',', "numa"));
	assert_true(mhp_strv_has(v, "acpi-dimm"));
	assert_false(mhp_strv_has(v, "dlpar-dimm"));
	assert_false(mhp_strv_has(NULL, "acpi-dimm"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_arch_profile),
		cmocka_unit_test(test_parse_trims),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_long_line_no_overflow),
		cmocka_unit_test(test_err_buffer),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_repeat_and_qualified),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
