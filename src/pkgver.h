/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_PKGVER_H
#define MHP_PKGVER_H

#include <stddef.h>

/*
 * The Debian package that installed a file, and its version, as dpkg
 * knows them (dpkg-query -S, then -W). 0 on success; -1 when the file is
 * no package's or dpkg cannot tell (no dpkg, a file copied by hand).
 */
int mhp_pkg_of_file(const char *path, char *pkg, size_t pkglen, char *ver,
		    size_t verlen);

#endif
