/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixtures, read at run time from $MHP_FIXTURES (tests/fixtures). */
#ifndef MHP_TEST_FIXTURE_H
#define MHP_TEST_FIXTURE_H

#include <stddef.h>

/*
 * The whole of fixture file name as a malloc'd NUL-terminated string, its
 * length in *len when len is not NULL. NULL when it cannot be read.
 */
char *fixture_read(const char *name, size_t *len);

/* Copy fixture file name to path; 0, or -1. */
int fixture_copy(const char *name, const char *path);

/* The path of fixture file name into buf; 0, or -1 when it does not fit. */
int fixture_path(const char *name, char *buf, size_t len);

#endif
