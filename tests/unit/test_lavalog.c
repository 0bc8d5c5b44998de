// SPDX-License-Identifier: GPL-2.0
/* mhp_lava_line_json: lava-run's YAML flow records as JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "fixture.h"
#include "lavalog.h"

static char out[8192];

static void converts(const char *in, const char *want)
{
	if (mhp_lava_line_json(in, out, sizeof(out)))
		fail_msg("'%s' refused", in);
	assert_string_equal(out, want);
}

static void refused(const char *in)
{
	if (!mhp_lava_line_json(in, out, sizeof(out)))
		fail_msg("'%s' accepted as '%s'", in, out);
}

static void test_json_passes(void **state)
{
	(void)state;
	converts("{\"lvl\": \"info\", \"msg\": \"a \\\"b\\\" \\\\ \\n\"}",
		 "{\"lvl\": \"info\", \"msg\": \"a \\\"b\\\" \\\\ \\n\"}");
}

static void test_tags_dropped(void **state)
{
	(void)state;
	converts("{\"size\": ! \"3851264\", \"n\": !!int \"4\", \"x\": !!null \"\"}",
		 "{\"size\": \"3851264\", \"n\": \"4\", \"x\": \"\"}");
	/* A ! inside a string is text. */
	converts("{\"msg\": \"hello ! world\"}", "{\"msg\": \"hello ! world\"}");
}

static void test_yaml_escapes(void **state)
{
	(void)state;
	converts("{\"m\": \"\\e[0m\\x41\\N\\_\\L\\ \\0\"}",
		 "{\"m\": \"\\u001b[0m\\u0041\\u0085\\u00a0\\u2028\\u0020\\u0000\"}");
	converts("{\"m\": \"\\U0001F600\"}", "{\"m\": \"\\ud83d\\ude00\"}");
}

static void test_malformed(void **state)
{
	(void)state;
	refused("{\"msg\": \"cut in the midd");
	refused("{\"msg\": \"\\q\"}");
	refused("{\"msg\": \"\\x4\"}");
	refused("{\"msg\": \"\\UDEADBEEF\"}");
	/* Too small an output buffer is a refusal, never a cut line. */
	assert_int_equal(mhp_lava_line_json("{\"a\": \"bcdef\"}", out, 8), -1);
}

/* A real record of lava-run 2023.01 (the kernel's download), via json-c. */
static void test_real_record(void **state)
{
	char *line = fixture_read("lava/record-int-tag.txt", NULL);
	json_object *o, *msg, *extra, *v;

	(void)state;
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(mhp_lava_line_json(line, out, sizeof(out)), 0);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "msg", &msg));
	assert_true(json_object_object_get_ex(msg, "extra", &extra));
	assert_true(json_object_object_get_ex(extra, "sha256sum", &v));
	assert_int_equal(strlen(json_object_get_string(v)), 64);
	json_object_put(o);
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_passes),
		cmocka_unit_test(test_tags_dropped),
		cmocka_unit_test(test_yaml_escapes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_real_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
