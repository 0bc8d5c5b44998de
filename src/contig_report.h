/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "What the altmap gives and what it takes": per variant, arch and size
 * of the contig scenario, the memory the altmap saves at add beside the
 * contiguity it costs (contig_report.c). The text report's section and
 * the figure's data (plot.c) read the same rows.
 */
#ifndef MHP_CONTIG_REPORT_H
#define MHP_CONTIG_REPORT_H

#include <stdio.h>

#include "comparison.h"

enum {
	MHP_CONTIG_GIGANTIC,
	MHP_CONTIG_HUGE_MOVABLE,
	MHP_CONTIG_HUGE_KERNEL,
	MHP_CONTIG_MAX_ORDER,
	MHP_CONTIG_NR
};

/* Names of the columns, for the figure's header. */
extern const char *const mhp_contig_names[MHP_CONTIG_NR];

struct mhp_contig_row {
	const struct mhp_side *side;
	const char *arch;
	uint64_t size;
	size_t n;		/* valid samples */
	double saved_kb;	/* mean; -1: not measured */
	const char *saved_from;	/* the metric it is the mean of */
	double pct[MHP_CONTIG_NR];	/* of the range with no memmap; -1 */
	double thp_alloc, thp_expected, dm1g_kb, dm2m_kb;	/* -1: none */
};

/* The rows of the report's contig samples, arch and size sorted. */
size_t mhp_contig_rows(const struct mhp_report *r, struct mhp_contig_row *rows,
		       size_t max);

/* The text report's section; nothing when the run has no contig rows. */
void mhp_contig_text(FILE *f, const struct mhp_report *r);

#endif
