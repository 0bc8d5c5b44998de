// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_selftest_*: the selftest gate reads what mem-on-off-test.sh did.
 * Fixtures: real passes on x86_64 (1 GiB, 8 blocks hot-added, bash -x,
 * -r 100, the guest's console) and pseries (4 LMBs the kernel onlined), a
 * real run of the script as it ran before (-r 2, every block its scope,
 * no trace), and the x86_64 pass with the lines a broken run would lack
 * or have.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "selftest_out.h"

#define BLOCKS 8

struct run {
	char *out, *console;
	struct mhp_selftest_out o;
	char why[256];
};

static int setup(void **state)
{
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->out = fixture_read("selftest/x86_64-baseline.out", NULL);
	r->console = fixture_read("selftest/x86_64-baseline.console", NULL);
	assert_non_null(r->out);
	assert_non_null(r->console);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct run *r = *state;

	free(r->out);
	free(r->console);
	free(r);
	return 0;
}

/* text without its lines that contain needle (malloc'd). */
static char *without(const char *text, const char *needle)
{
	char *copy = malloc(strlen(text) + 1), *o = copy;
	const char *p = text;

	assert_non_null(copy);
	while (*p) {
		size_t n = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (!strstr(line, needle)) {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return copy;
}

/* text up to and with the line containing marker, then tail (malloc'd). */
static char *cut_after(const char *text, const char *marker, const char *tail)
{
	const char *at = strstr(text, marker);
	size_t n;
	char *s;

	assert_non_null(at);
	n = at - text + strcspn(at, "\n") + 1;
	s = malloc(n + strlen(tail) + 1);
	assert_non_null(s);
	memcpy(s, text, n);
	strcpy(s + n, tail);
	return s;
}

static int verdict(struct run *r, const char *out, const char *console)
{
	mhp_selftest_parse(out, &r->o);
	mhp_selftest_parse_console(console, &r->o);
	r->why[0] = '\0';
	return mhp_selftest_verdict(&r->o, BLOCKS, r->why, sizeof(r->why));
}

static void test_pass(void **state)
{
	struct run *r = *state;

	assert_int_equal(verdict(r, r->out, r->console), 0);
	/* Onlined at first and again after the offline; all offlined. */
	assert_int_equal(r->o.onlined, 2 * BLOCKS);
	assert_int_equal(r->o.offlined, BLOCKS);
	assert_int_equal(r->o.offline_failed, 0);
	assert_true(r->o.injection);
	assert_int_equal(r->o.inject_online, BLOCKS);
	assert_int_equal(r->o.inject_offline, BLOCKS);
	assert_int_equal(r->o.kernel_inject_online, BLOCKS);
	assert_int_equal(r->o.kernel_inject_offline, BLOCKS);
	assert_int_equal(r->o.unexpected, 0);
	assert_string_equal(r->o.skip, "");
	/* More blocks than it touched: not a pass. */
	assert_int_equal(mhp_selftest_verdict(&r->o, BLOCKS + 1, r->why,
					      sizeof(r->why)), -1);
}

/* As the script ran before: 2 % of every block, boot memory included. */
static void test_old_run(void **state)
{
	struct run *r = *state;
	char *old = fixture_read("selftest/x86_64-baseline-r2.out", NULL);

	assert_non_null(old);
	assert_int_equal(verdict(r, old, "no injection here\n"), -1);
	assert_int_equal(r->o.onlined, BLOCKS + 1);
	assert_int_equal(r->o.offlined, 1);
	assert_int_equal(r->o.offline_failed, 1);
	assert_true(r->o.injection);
	assert_int_equal(r->o.inject_online + r->o.inject_offline, 0);
	assert_string_equal(r->why,
			    "the script offlined 1 of the 8 hot-added blocks (1 failed)");
	free(old);
}

/* Its random picks took no block: the injection part did nothing. */
static void test_no_injection(void **state)
{
	struct run *r = *state;
	char *out = without(r->out, "_memory_expect_fail");

	assert_int_equal(verdict(r, out, r->console), -1);
	assert_string_equal(r->why,
			    "0 of the 8 hot-added blocks were made to fail onlining (memory notifier error injection)");
	free(out);
}

/* The script went through, the kernel never said it injected anything. */
static void test_kernel_silent(void **state)
{
	struct run *r = *state;
	char *console = without(r->console, "Injecting error");

	assert_int_equal(verdict(r, r->out, console), -1);
	assert_string_equal(r->why,
			    "the kernel injected 0 onlining and 0 offlining errors, not 8 of each");
	free(console);
}

/* Prerequisites missing: the script says so and exits 0 anyway. */
static void test_skips(void **state)
{
	struct run *r = *state;
	char *out = cut_after(r->out, "Test with memory notifier error injection",
			      "skip extra tests: debugfs is not mounted\n");

	assert_int_equal(verdict(r, out, r->console), -1);
	assert_string_equal(r->why,
			    "the script skipped: skip extra tests: debugfs is not mounted");
	assert_int_equal(verdict(r, "+ prerequisite\nskip all tests: memory hotplug is not supported\n",
				 r->console), -1);
	assert_string_equal(r->why,
			    "the script skipped: skip all tests: memory hotplug is not supported");
	free(out);
}

/* Never got to the error injection; or said something went wrong. */
static void test_stopped_and_unexpected(void **state)
{
	struct run *r = *state;
	char *out = without(r->out, "Test with memory notifier");
	char *bad = cut_after(r->out, "offline->online memory39",
			      "online_memory_expect_fail 33: unexpected success\n");

	assert_int_equal(verdict(r, out, r->console), -1);
	assert_string_equal(r->why,
			    "the script never reached its error injection tests");
	assert_int_equal(verdict(r, bad, r->console), -1);
	assert_string_equal(r->why, "1 unexpected results");
	/* A trace line quoting the message is not the message. */
	assert_int_equal(verdict(r, "+ echo online_memory_expect_fail 33: unexpected success\n",
				 r->console), -1);
	assert_int_equal(r->o.unexpected, 0);
	assert_int_equal(verdict(r, "", ""), -1);
	assert_string_equal(r->why, "the script onlined 0 blocks, not the 8 hot-added");
	free(out);
	free(bad);
}

/*
 * pseries: the kernel onlined the LMBs at the add, so the script onlines
 * them only after its offline; 4 LMBs of 256 MiB; a CRLF console.
 */
static void test_pseries(void **state)
{
	struct run *r = *state;
	char *out = fixture_read("selftest/powerpc-baseline.out", NULL);
	char *console = fixture_read("selftest/powerpc-baseline.console", NULL);

	assert_non_null(out);
	assert_non_null(console);
	mhp_selftest_parse(out, &r->o);
	mhp_selftest_parse_console(console, &r->o);
	assert_int_equal(mhp_selftest_verdict(&r->o, 4, r->why, sizeof(r->why)), 0);
	assert_int_equal(r->o.onlined, 4);
	assert_int_equal(r->o.offlined, 4);
	assert_int_equal(r->o.inject_online, 4);
	assert_int_equal(r->o.inject_offline, 4);
	assert_int_equal(r->o.kernel_inject_online, 4);
	assert_int_equal(r->o.kernel_inject_offline, 4);
	assert_int_equal(mhp_selftest_verdict(&r->o, 5, r->why, sizeof(r->why)), -1);
	assert_string_equal(r->why, "the script onlined 4 blocks, not the 5 hot-added");
	free(out);
	free(console);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_injection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_silent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stopped_and_unexpected,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pseries, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
