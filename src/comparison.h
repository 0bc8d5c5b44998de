/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model every report renders: which variants of which runs are
 * compared, and per scenario, arch and DIMM size the statistics of every
 * metric on both sides with the change between them.
 */
#ifndef MHP_COMPARISON_H
#define MHP_COMPARISON_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"
#include "metrics.h"
#include "rundata.h"
#include "stats.h"

enum { MHP_BASE, MHP_NEW };

/* One side of a comparison: a variant of a run. */
struct mhp_side {
	const struct mhp_rundata *rd;	/* NULL: no new side (one variant) */
	const char *variant;
	char label[40];		/* "baseline", or "A:baseline" across runs */
};

/* One metric of a section. */
struct mhp_mrow {
	const char *metric;
	struct mhp_metric info;
	bool per_block;		/* pools the values of every block */
	struct mhp_stats st[2];	/* n == 0: no valid value on that side */
	bool compared;
	struct mhp_cmp cmp;
};

/* One scenario, arch and size of a pairing. */
struct mhp_section {
	const char *scenario;
	const char *arch;
	uint64_t size;
	int samples[2];		/* samples seen (samples.csv, outcomes.csv) */
	int valid[2];		/* of which valid */
	struct mhp_mrow *rows;
	size_t nrows;
};

struct mhp_pairing {
	struct mhp_side side[2];
	struct mhp_section *sec;
	size_t nsec;
};

struct mhp_report {
	const struct mhp_rundata *run[2];	/* the same run twice: report */
	struct mhp_pairing *pair;
	size_t npair;
	uint64_t seed;
	char **warn;		/* what differs besides the variant */
	size_t nwarn;
};

/*
 * Build the comparisons. a == b: one run, its baseline variant (named,
 * else "baseline", else the first) against each other variant. a != b:
 * the same variant of a (base) and b (new) for every variant both have,
 * or with baseline named, that variant of a against every variant of b.
 * 0, or -1 with one line in err (an unknown variant, nothing in common)
 * and nothing to free.
 */
int mhp_report_build(struct mhp_report *r, const struct mhp_rundata *a,
		     const struct mhp_rundata *b, const char *baseline,
		     uint64_t seed, char *err, size_t errlen);
void mhp_report_free(struct mhp_report *r);

/* True when the report compares two different runs. */
bool mhp_report_two_runs(const struct mhp_report *r);

/* Add a formatted warning (provenance.c decides what differs). */
__printf(2, 3)
void mhp_report_warn(struct mhp_report *r, const char *fmt, ...);

/*
 * The valid values of metric for a side's variant in a section (every
 * block pooled, timeline points left out): a malloc'd array, its length
 * in *n; NULL with *n == 0 when there are none.
 */
double *mhp_side_values(const struct mhp_side *s, const char *scenario,
			const char *arch, uint64_t size, const char *metric,
			size_t *n);

#endif
