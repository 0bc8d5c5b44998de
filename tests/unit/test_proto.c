// SPDX-License-Identifier: GPL-2.0
/* mhp_msg_*: the host <-> guest line protocol. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "proto.h"

/* The words joined by single spaces, as the other end prints them. */
static const char *join(char *buf, size_t len, const char *const *words)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *words; words++)
		n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", *words);
	assert_true(n < len);
	return buf;
}

static void test_hello(void **state)
{
	static const char *const hello[] = {
		"HELLO", "uname=6.1.0", "uts=mhpbench-0123456789ab",
		"page_size=4096", "block_size=134217728\n", NULL,
	};
	char line[MHP_PROTO_MAX_LINE];
	struct mhp_msg m;
	long long v = 0;

	(void)state;
	join(line, sizeof(line), hello);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_string_equal(m.verb, "HELLO");
	assert_int_equal(m.nargs, 4);
	assert_string_equal(mhp_msg_get(&m, "uname"), "6.1.0");
	assert_string_equal(mhp_msg_get(&m, "uts"), "mhpbench-0123456789ab");
	assert_int_equal(mhp_msg_get_ll(&m, "block_size", &v), 0);
	assert_int_equal(v, 134217728);
	assert_int_equal(mhp_msg_get_ll(&m, "page_size", &v), 0);
	assert_int_equal(v, 4096);
	/* "6.1.0" is not an integer; v is left alone. */
	assert_int_equal(mhp_msg_get_ll(&m, "uname", &v), -1);
	assert_int_equal(v, 4096);
	assert_int_equal(mhp_msg_get_ll(&m, "absent", &v), -1);
	assert_null(mhp_msg_get(&m, "absent"));
}

static void test_bare_verbs(void **state)
{
	struct mhp_msg m;

	(void)state;
	assert_int_equal(mhp_msg_parse("ARMED\n", &m), 0);
	assert_string_equal(m.verb, "ARMED");
	assert_int_equal(m.nargs, 0);
	assert_int_equal(mhp_msg_parse("GO", &m), 0);
	assert_string_equal(m.verb, "GO");
	assert_int_equal(mhp_msg_parse("GO\r\n", &m), 0);
	assert_string_equal(m.verb, "GO");
	assert_int_equal(mhp_msg_parse("ABCDEFGHIJKLMNO", &m), 0);
	assert_string_equal(m.verb, "ABCDEFGHIJKLMNO");
}

static void test_metric_and_done(void **state)
{
	static const char *const metric[] = {
		"M", "block=40", "metric=add_latency_us", "value=1234",
		"unit=us\n", NULL,
	};
	static const char *const hotadd[] = {
		"HOTADD", "size=134217728", "node=1", "online=online_movable",
		"timeout_ms=30000", NULL,
	};
	char line[MHP_PROTO_MAX_LINE];
	struct mhp_msg m;
	long long v;

	(void)state;
	join(line, sizeof(line), metric);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_string_equal(m.verb, "M");
	assert_int_equal(mhp_msg_get_ll(&m, "block", &v), 0);
	assert_int_equal(v, 40);
	assert_string_equal(mhp_msg_get(&m, "metric"), "add_latency_us");
	assert_int_equal(mhp_msg_parse("M block=all metric=x value=-5 unit=kB",
				       &m), 0);
	assert_int_equal(mhp_msg_get_ll(&m, "block", &v), -1);
	assert_int_equal(mhp_msg_get_ll(&m, "value", &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(mhp_msg_parse("DONE status=error reason=no:_go\n", &m),
			 0);
	assert_string_equal(mhp_msg_get(&m, "reason"), "no:_go");
	join(line, sizeof(line), hotadd);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_int_equal(m.nargs, 4);
	assert_string_equal(mhp_msg_get(&m, "online"), "online_movable");
}

static void test_values(void **state)
{
	struct mhp_msg m;

	(void)state;
	/* The first '=' splits: values may hold more of them, or none. */
	assert_int_equal(mhp_msg_parse("X a=b=c e=", &m), 0);
	assert_string_equal(mhp_msg_get(&m, "a"), "b=c");
	assert_string_equal(mhp_msg_get(&m, "e"), "");
	/* Runs of spaces and padded ends are tolerated. */
	assert_int_equal(mhp_msg_parse("  X   a=1    b=2 \x20\n", &m), 0);
	assert_string_equal(m.verb, "X");
	assert_int_equal(m.nargs, 2);
	assert_string_equal(mhp_msg_get(&m, "b"), "2");
}

static void parse_fails(const char *line)
{
	struct mhp_msg m;

	if (mhp_msg_parse(line, &m) != -1)
		fail_msg("accepted: '%s'", line);
	/* No half-parsed message: the verb must not survive. */
	assert_string_equal(m.verb, "");
	assert_int_equal(m.nargs, 0);
}

static void test_malformed(void **state)
{
	(void)state;
	parse_fails("");
	parse_fails("\n");
	parse_fails("   \r\n");
	parse_fails("hello a=1");
	parse_fails("Hello a=1");
	parse_fails("HELLO1 a=1");
	parse_fails("HEL_LO a=1");
	parse_fails("ABCDEFGHIJKLMNOP");	/* 16 letters */
	parse_fails("HELLO a");
	parse_fails("HELLO a=1 b");
	parse_fails("HELLO =1");
	parse_fails("HELLO A=1");
	parse_fails("HELLO a-b=1");
	parse_fails("HELLO a=1 a=2");
	parse_fails("HELLO\ta=1");
	parse_fails("HELLO a=1\tb=2");
	parse_fails("HELLO a=\x01");
	parse_fails("HELLO a=\xc3\xa9");
	parse_fails("HELLO a=1\n\n");
	parse_fails("HELLO a=1\nGO");
	parse_fails("=");
	parse_fails(NULL);
}

static void test_lengths(void **state)
{
	char line[MHP_PROTO_MAX_LINE + 64];
	struct mhp_msg m;
	int n, i;

	(void)state;
	/* 31-character key and 127-character value fit, one more not. */
	snprintf(line, sizeof(line), "X %031d=%0127d", 0, 0);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_int_equal(strlen(m.arg[0].key), 31);
	assert_int_equal(strlen(m.arg[0].value), 127);
	snprintf(line, sizeof(line), "X a%031d=1", 0);
	parse_fails(line);
	snprintf(line, sizeof(line), "X a=%0128d", 0);
	parse_fails(line);

	/* Sixteen arguments fit, seventeen do not. */
	n = snprintf(line, sizeof(line), "X");
	for (i = 0; i < MHP_PROTO_MAX_ARGS; i++)
		n += snprintf(line + n, sizeof(line) - n, " k%d=%d", i, i);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_int_equal(m.nargs, MHP_PROTO_MAX_ARGS);
	assert_string_equal(mhp_msg_get(&m, "k15"), "15");
	snprintf(line + n, sizeof(line) - n, " k16=16");
	parse_fails(line);
}

static void test_line_length(void **state)
{
	char line[MHP_PROTO_MAX_LINE + 8];
	struct mhp_msg m;

	(void)state;
	/* 511 characters and the newline fit; a 512th does not. */
	memset(line, ' ', sizeof(line));
	line[0] = 'X';
	line[MHP_PROTO_MAX_LINE - 1] = '\n';
	line[MHP_PROTO_MAX_LINE] = '\0';
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	line[MHP_PROTO_MAX_LINE - 1] = ' ';
	line[MHP_PROTO_MAX_LINE] = '\n';
	line[MHP_PROTO_MAX_LINE + 1] = '\0';
	parse_fails(line);
}

static void test_get_ll(void **state)
{
	static const char *const bad[] = {
		"v=", "v=+1", "v=1x", "v=0x10", "v=9223372036854775808",
		"v=-", "v=1.0", "v=--1",
	};
	struct mhp_msg m;
	char line[64];
	long long v;
	size_t i;

	(void)state;
	snprintf(line, sizeof(line), "X v=%lld w=%lld z=0", LLONG_MAX,
		 LLONG_MIN);
	assert_int_equal(mhp_msg_parse(line, &m), 0);
	assert_int_equal(mhp_msg_get_ll(&m, "v", &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(mhp_msg_get_ll(&m, "w", &v), 0);
	assert_true(v == LLONG_MIN);
	assert_int_equal(mhp_msg_get_ll(&m, "z", &v), 0);
	assert_true(v == 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(line, sizeof(line), "X %s", bad[i]);
		assert_int_equal(mhp_msg_parse(line, &m), 0);
		v = 42;
		if (mhp_msg_get_ll(&m, "v", &v) != -1)
			fail_msg("integer: %s", bad[i]);
		assert_true(v == 42);
	}
	assert_null(mhp_msg_get(NULL, "v"));
	assert_int_equal(mhp_msg_get_ll(&m, NULL, &v), -1);
}

/* Line framing: whole lines out one by one, a partial one kept. */
static void test_take_line(void **state)
{
	char buf[128];
	struct mhp_msg m;
	size_t len;

	(void)state;
	len = snprintf(buf, sizeof(buf), "HELLO v=1\nnot a message\nDONE st");
	assert_int_equal(mhp_msg_take_line(buf, &len, &m), 0);
	assert_string_equal(m.verb, "HELLO");
	assert_string_equal(mhp_msg_get(&m, "v"), "1");
	/* The garbage line is taken out, reported as such. */
	assert_int_equal(mhp_msg_take_line(buf, &len, &m), 2);
	assert_int_equal(len, strlen("DONE st"));
	/* No newline yet: nothing taken, nothing moved. */
	assert_int_equal(mhp_msg_take_line(buf, &len, &m), 1);
	assert_int_equal(len, strlen("DONE st"));
	memcpy(buf + len, "atus=ok\n", 8);
	len += 8;
	assert_int_equal(mhp_msg_take_line(buf, &len, &m), 0);
	assert_string_equal(m.verb, "DONE");
	assert_string_equal(mhp_msg_get(&m, "status"), "ok");
	assert_int_equal(len, 0);
	assert_int_equal(mhp_msg_take_line(buf, &len, &m), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_take_line),
		cmocka_unit_test(test_bare_verbs),
		cmocka_unit_test(test_metric_and_done),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_get_ll),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
