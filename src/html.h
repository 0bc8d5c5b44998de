/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One self-contained HTML page per report: the findings first (the
 * changes that pass the rule per pair, the samples and their verdicts,
 * the tracing overhead), then the figures embedded (SVG as data URIs),
 * the text report and every metric's full statistics, so the page alone
 * can be mailed or archived.
 */
#ifndef MHP_HTML_H
#define MHP_HTML_H

#include <stdio.h>

#include "comparison.h"
#include "plot.h"

void mhp_html_write(FILE *f, const struct mhp_report *r, const char *text,
		    const struct mhp_plot *plots, size_t nplots);

/* Shared by html.c and htmltables.c. */
void mhp_html_esc(FILE *f, const char *s);
/* "better", "worse", "changed" (a CSS class), or "" when not significant. */
const char *mhp_html_verdict(const struct mhp_mrow *row);
void mhp_html_section_name(FILE *f, const struct mhp_pairing *p,
			   const struct mhp_section *sec);
void mhp_html_pair_name(FILE *f, const struct mhp_pairing *p);
/* A side's label, with its hot-add method in a methods comparison;
 * sec NULL: the pair's.
 */
void mhp_html_side_name(FILE *f, const struct mhp_pairing *p,
			const struct mhp_section *sec, int side);

/* Every metric's statistics per section, then the per-block quantiles. */
void mhp_html_tables(FILE *f, const struct mhp_report *r);

#endif
