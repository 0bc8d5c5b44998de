// SPDX-License-Identifier: GPL-2.0
/* mhp_pkg_of_file: the Debian package (and version) a file came from. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pkgver.h"

static void test_not_a_package_file(void **state)
{
	char path[] = "/tmp/mhp-pkgver-XXXXXX", pkg[64] = "x", ver[64] = "y";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* A file dpkg does not know (or no dpkg at all): no package. */
	assert_int_equal(mhp_pkg_of_file(path, pkg, sizeof(pkg), ver, sizeof(ver)), -1);
	unlink(path);
	assert_int_equal(mhp_pkg_of_file("", pkg, sizeof(pkg), ver, sizeof(ver)), -1);
	assert_int_equal(mhp_pkg_of_file(NULL, pkg, sizeof(pkg), ver, sizeof(ver)), -1);
}

static void test_dpkg_owns_itself(void **state)
{
	const char *self = "/usr/bin/dpkg-query";
	char pkg[64] = "", ver[64] = "";

	(void)state;
	if (access(self, X_OK) || access("/var/lib/dpkg/status", R_OK))
		skip();
	assert_int_equal(mhp_pkg_of_file(self, pkg, sizeof(pkg), ver, sizeof(ver)), 0);
	assert_string_equal(pkg, "dpkg");
	/* A Debian version starts with a digit (or an epoch, also a digit). */
	assert_true(ver[0] >= '0' && ver[0] <= '9');
	/* Too small a buffer for the name: refused, not truncated. */
	assert_int_equal(mhp_pkg_of_file(self, pkg, 3, ver, sizeof(ver)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_package_file),
		cmocka_unit_test(test_dpkg_owns_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
