/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One self-contained HTML page per report: the text report, every
 * metric's full statistics on both sides with the change, its CI and p,
 * and the figures embedded (SVG as data URIs), so the page alone can be
 * mailed or archived.
 */
#ifndef MHP_HTML_H
#define MHP_HTML_H

#include <stdio.h>

#include "comparison.h"
#include "plot.h"

void mhp_html_write(FILE *f, const struct mhp_report *r, const char *text,
		    const struct mhp_plot *plots, size_t nplots);

#endif
