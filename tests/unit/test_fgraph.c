// SPDX-License-Identifier: GPL-2.0
/* mhp_fgraph_parse_line: function_graph tracer lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "fgraph.h"
#include "fixture.h"

/* The shapes trace_functions_graph.c prints, column for column. */
static void test_entry_leaf_exit(void **state)
{
	struct mhp_fgraph_line l;

	(void)state;
	assert_int_equal(mhp_fgraph_parse_line(
		"   41.234567 |   1)               |  add_memory_resource() {\n",
		&l), 0);
	assert_int_equal(l.kind, MHP_FG_ENTRY);
	assert_int_equal(l.cpu, 1);
	assert_true(l.ts_s > 41.2345 && l.ts_s < 41.2346);
	assert_string_equal(l.func, "add_memory_resource");
	assert_true(l.duration_us < 0);

	assert_int_equal(mhp_fgraph_parse_line(
		"   41.240000 |   1) ! 812.345 us  |    __populate_section_memmap();",
		&l), 0);
	assert_int_equal(l.kind, MHP_FG_LEAF);
	assert_string_equal(l.func, "__populate_section_memmap");
	assert_true(l.duration_us > 812.344 && l.duration_us < 812.346);

	assert_int_equal(mhp_fgraph_parse_line(
		"   41.300000 |   0) * 65432.10 us |  } /* add_memory_resource */",
		&l), 0);
	assert_int_equal(l.kind, MHP_FG_EXIT);
	assert_int_equal(l.cpu, 0);
	assert_string_equal(l.func, "add_memory_resource");
	assert_true(l.duration_us > 65432.09 && l.duration_us < 65432.11);
}

/* From 1 s up the kernel prints whole microseconds; no abstime column. */
static void test_long_and_plain(void **state)
{
	struct mhp_fgraph_line l;

	(void)state;
	assert_int_equal(mhp_fgraph_parse_line(
		" 1) $ 1234567 us  |  } /* __remove_memory */", &l), 0);
	assert_int_equal(l.kind, MHP_FG_EXIT);
	assert_true(l.ts_s < 0);
	assert_true(l.duration_us == 1234567);
	assert_int_equal(mhp_fgraph_parse_line(
		" 0)   1.234 us    |  online_pages();", &l), 0);
	assert_int_equal(l.kind, MHP_FG_LEAF);
	/* Without funcgraph-tail an exit has no name. */
	assert_int_equal(mhp_fgraph_parse_line(" 0) + 12.345 us   |  }", &l), 0);
	assert_int_equal(l.kind, MHP_FG_EXIT);
	assert_string_equal(l.func, "");
}

static void test_marker(void **state)
{
	struct mhp_fgraph_line l;

	(void)state;
	assert_int_equal(mhp_fgraph_parse_line(
		"   42.000001 |   1)               |  /* mhp online block=40 */",
		&l), 0);
	assert_int_equal(l.kind, MHP_FG_MARKER);
	assert_string_equal(l.text, "mhp online block=40");
}

static void test_not_trace_lines(void **state)
{
	static const char *const bad[] = {
		"# tracer: function_graph",
		"#     TIME        CPU  DURATION                  FUNCTION CALLS",
		" ------------------------------------------",
		" 1) kworker-12   =>  mhpbenc-1",
		"",
		/* a duration on an entry, none on an exit, a bad unit */
		" 1) ! 812.345 us  |  online_pages() {",
		" 1)               |  }",
		" 1) ! 812.345 ms  |  online_pages();",
		" 1) ! 812.345 us  online_pages();",
		" x) ! 812.345 us  |  online_pages();",
		" 1) ! 812.345 us  |  online pages();",
		" 1) ! 812.345 us  |  } /* online_pages",
		" 1) ! 812.345 us  |  ();",
	};
	struct mhp_fgraph_line l;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(mhp_fgraph_parse_line(bad[i], &l), -1);
		assert_int_equal(l.kind, MHP_FG_NONE);
	}
	assert_int_equal(mhp_fgraph_parse_line(NULL, &l), -1);
}

static void test_base_name(void **state)
{
	char out[16];

	(void)state;
	mhp_fgraph_base_name("online_pages.part.0", out, sizeof(out));
	assert_string_equal(out, "online_pages");
	mhp_fgraph_base_name("add_memory_resource", out, sizeof(out));
	assert_string_equal(out, "add_memory_reso");
}

/*
 * A real capture: tests/fixtures/guest-x86_64/altmap-128M/ftrace, the
 * raw/ftrace of an altmap 128M hot-add and removal on the x86_64 6.1
 * guest (add, online, offline, remove).
 */
static void test_guest_capture(void **state)
{
	char *text = fixture_read("guest-x86_64/altmap-128M/ftrace", NULL);
	int kinds[5] = { 0 };
	double online = -1, add = -1;
	struct mhp_fgraph_line l;
	char *line, *next;

	(void)state;
	assert_non_null(text);
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		mhp_fgraph_parse_line(line, &l);
		kinds[l.kind]++;
		if (l.kind == MHP_FG_LEAF && !strcmp(l.func, "online_pages"))
			online = l.duration_us;
		if (l.kind == MHP_FG_EXIT && !strcmp(l.func, "add_memory_resource"))
			add = l.duration_us;
	}
	assert_int_equal(kinds[MHP_FG_MARKER], 2);
	assert_int_equal(kinds[MHP_FG_ENTRY], 4);
	assert_int_equal(kinds[MHP_FG_EXIT], 4);
	assert_int_equal(kinds[MHP_FG_LEAF], 6);
	assert_true(online > 19409.4 && online < 19409.5);
	assert_true(add > 23095.1 && add < 23095.2);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_leaf_exit),
		cmocka_unit_test(test_long_and_plain),
		cmocka_unit_test(test_marker),
		cmocka_unit_test(test_not_trace_lines),
		cmocka_unit_test(test_base_name),
		cmocka_unit_test(test_guest_capture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
