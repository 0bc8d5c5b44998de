// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_btf_struct_size on tests/fixtures/btf/small.btf (made by gen.py in
 * that directory: one type of every kind with trailing data, a FWD
 * "page" before the STRUCT "page"), on broken copies of it, and on the
 * running kernel's BTF when it has one.
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

#include "btf.h"
#include "fixture.h"

static void test_fixture(void **state)
{
	size_t len;
	char *blob = fixture_read("btf/small.btf", &len);

	(void)state;
	assert_non_null(blob);
	/* Found past every kind's trailing data; a FWD is not a struct. */
	assert_int_equal(mhp_btf_struct_size(blob, len, "page"), 64);
	assert_int_equal(mhp_btf_struct_size(blob, len, "pagevec"), 128);
	/* A union, a prefix, an enum and a missing name are not. */
	assert_int_equal(mhp_btf_struct_size(blob, len, "page_union"), -1);
	assert_int_equal(mhp_btf_struct_size(blob, len, "pag"), -1);
	assert_int_equal(mhp_btf_struct_size(blob, len, "pageflags"), -1);
	assert_int_equal(mhp_btf_struct_size(blob, len, "folio"), -1);
	free(blob);
}

static void test_broken(void **state)
{
	size_t len, i;
	char *blob = fixture_read("btf/small.btf", &len);
	char *copy = malloc(len);
	uint32_t v;

	(void)state;
	assert_non_null(blob);
	assert_non_null(copy);
	/* Cut anywhere: never read past the end, never a wrong answer. */
	for (i = 0; i < len; i++) {
		long n = mhp_btf_struct_size(blob, i, "page");

		assert_true(n == -1);
	}
	assert_int_equal(mhp_btf_struct_size(NULL, len, "page"), -1);
	/* Wrong magic (another byte order), wrong version. */
	memcpy(copy, blob, len);
	copy[0] = (char)0xeb;
	copy[1] = (char)0x9f;
	assert_int_equal(mhp_btf_struct_size(copy, len, "page"), -1);
	memcpy(copy, blob, len);
	copy[2] = 2;
	assert_int_equal(mhp_btf_struct_size(copy, len, "page"), -1);
	/* A type section longer than the blob. */
	memcpy(copy, blob, len);
	v = 0x7fffffff;
	memcpy(copy + 12, &v, sizeof(v));
	assert_int_equal(mhp_btf_struct_size(copy, len, "page"), -1);
	/* An unknown kind in the first type stops the walk. */
	memcpy(copy, blob, len);
	copy[32 + 7] = 0x1f;
	assert_int_equal(mhp_btf_struct_size(copy, len, "page"), -1);
	free(copy);
	free(blob);
}

static void test_file(void **state)
{
	char path[4096];

	(void)state;
	assert_int_equal(fixture_path("btf/small.btf", path, sizeof(path)), 0);
	assert_int_equal(mhp_btf_file_struct_size(path, "page"), 64);
	assert_int_equal(mhp_btf_file_struct_size("/nonexistent/btf", "page"), -1);
}

/* The machine's own kernel, when it has BTF: a struct page of 40 to 256 bytes. */
static void test_running_kernel(void **state)
{
	long n;

	(void)state;
	if (access(MHP_BTF_VMLINUX, R_OK))
		skip();
	n = mhp_btf_file_struct_size(MHP_BTF_VMLINUX, "page");
	assert_true(n >= 40 && n <= 256 && n % 8 == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_running_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
