/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mail-ready text of a report: at most 72 columns, rows shaped like
 * LKP's "base ±%stddev %change new ±%stddev metric", a provenance header,
 * warnings, the method of the significance test, the excluded samples.
 */
#ifndef MHP_TEXTREPORT_H
#define MHP_TEXTREPORT_H

#include <stdio.h>

#include "comparison.h"

void mhp_text_report(FILE *f, const struct mhp_report *r);

/* A number in at most 9 columns: 42332, 12.5, 0.0123, 1.235e+09. */
void mhp_fmt_num(double v, char *buf, size_t len);

/* The change of a compared row: "+11.0%" (ratio) or "+512" (difference);
 * for the CI bounds too (value given).
 */
void mhp_fmt_change(enum mhp_effect kind, double v, char *buf, size_t len);

/* A comparison's change and its CI bounds, each 32 bytes at most. */
struct mhp_cmp_str {
	char change[32], lo[32], hi[32];
};

void mhp_fmt_cmp(const struct mhp_cmp *c, struct mhp_cmp_str *s);

/*
 * Why a tested row is not significant: the smallest change it could
 * have detected ("±12%", "±512 pages", "none detectable"), or "p=0.0079
 * but q=0.017 over 13 tests", or "q=0.001, below the 5% minimum".
 */
void mhp_fmt_detectable(const struct mhp_report *r, const struct mhp_mrow *row,
			char *buf, size_t len);

#endif
