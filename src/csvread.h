/* SPDX-License-Identifier: GPL-2.0 */
/* Read a CSV file record by record (libcsv, strict quoting). */
#ifndef MHP_CSVREAD_H
#define MHP_CSVREAD_H

#include <stddef.h>

/*
 * Called once per record with its fields (NUL-terminated) and its number
 * (1 is the header). Returns 0 to go on, or -1 having written why into
 * err, which stops the read.
 */
typedef int (*mhp_csv_record_fn)(void *arg, char **field, int nfields,
				 long record, char *err, size_t errlen);

/* 0, or -1 with one line in err naming the file and what is wrong. */
int mhp_csv_read(const char *path, mhp_csv_record_fn fn, void *arg,
		 char *err, size_t errlen);

#endif
