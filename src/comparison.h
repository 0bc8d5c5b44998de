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
#include "position.h"
#include "stats.h"

enum { MHP_BASE, MHP_NEW };

/*
 * One side of a comparison: a variant of a run, its samples taken with
 * function_graph tracing or those without (never both in one statistic).
 */
struct mhp_side {
	const struct mhp_rundata *rd;	/* NULL: no new side (one variant) */
	const char *variant;
	bool traced;
	char label[40];		/* "baseline", or "A:baseline" across runs */
};

/* One metric of a section. */
struct mhp_mrow {
	const char *metric;
	struct mhp_metric info;
	bool per_block;		/* reduced per sample (info.reduce) */
	struct mhp_stats st[2];	/* one value per sample; n: samples */
	struct mhp_stats blk[2];	/* per_block: every block, no test */
	size_t blk_samples[2];	/* the samples blk pools */
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
	const char *method[2];	/* hot-add method of each side, NULL: unrecorded */
	struct mhp_mrow *rows;
	size_t nrows;
};

enum mhp_pair_kind {
	MHP_PAIR_MAIN,		/* the comparison of the report */
	MHP_PAIR_DECOMP,	/* traced samples: the ftrace_* metrics */
	MHP_PAIR_OVERHEAD,	/* a variant's untraced vs traced timings */
};

struct mhp_pairing {
	enum mhp_pair_kind kind;
	struct mhp_side side[2];
	const char *isolates;	/* meta.json pairs: what the pair isolates */
	bool mixed_trace;	/* one side traced, the other not: no timing */
	bool methods;		/* the sides used different hot-add methods */
	char isolates_buf[256];	/* what a methods comparison isolates */
	struct mhp_section *sec;
	size_t nsec;
};

struct mhp_report {
	const struct mhp_rundata *run[2];	/* the same run twice: report */
	struct mhp_pairing *pair;
	size_t npair;
	uint64_t seed;
	double alpha;		/* the rule (mhp_report_rule) */
	double min_change;
	size_t ntests;		/* the family BH adjusts over */
	char **warn;		/* what differs besides the variant */
	size_t nwarn;
	/* Per run (one for report): its order, its position effects. */
	enum mhp_order order[2];
	struct mhp_position_effect *pos[2];
	size_t npos[2];
};

/*
 * Build the comparisons. a == b: one run, the pairs of its meta.json
 * ("pairs": [{base, new, isolates}]) when it has them and no baseline is
 * named, else its baseline variant (named, else "baseline", else the
 * first) against each other variant. a != b:
 * the same variant of a (base) and b (new) for every variant both have,
 * or with baseline named, that variant of a against every variant of b.
 * Each side takes the variant's untraced samples when it has any, else
 * its traced ones; a run with both also gets, per pair, the traced
 * samples' ftrace_* metrics (MHP_PAIR_DECOMP) and, per variant, its
 * untraced against its traced timings (MHP_PAIR_OVERHEAD). The rule
 * comes from meta.json's options.alpha and options.min_change (a's,
 * else b's, else the defaults). 0, or -1 with one line in err (an
 * unknown variant, nothing in common) and nothing to free.
 */
int mhp_report_build(struct mhp_report *r, const struct mhp_rundata *a,
		     const struct mhp_rundata *b, const char *baseline,
		     uint64_t seed, char *err, size_t errlen);
void mhp_report_free(struct mhp_report *r);

/*
 * Fill a pairing whose kind and sides are set: its sections and their
 * rows (pairing.c calls it). 0, or -1 when out of memory.
 */
int mhp_pairing_fill(struct mhp_pairing *p, uint64_t seed);

/*
 * Decide significance over every test of the report: Benjamini-Hochberg
 * over the p-values of all compared rows that are tested (shown, not
 * every value the same on both sides, not an overhead row), then
 * mhp_rule() and mhp_detectable() per row. Can be called again.
 */
void mhp_report_rule(struct mhp_report *r, double alpha, double min_change);

/* The value of options.KEY in meta.json ("0.01", "5%"); NAN when absent
 * or not a number in [0, 1].
 */
double mhp_meta_fraction(json_object *meta, const char *key);

/* "0.05", "5%" -> 0.05; -1 when not a number in [0, 1]. */
double mhp_parse_fraction(const char *s);

/*
 * Call fn on every compared row of the pairings of one kind, in report
 * order.
 */
void mhp_report_each(const struct mhp_report *r, enum mhp_pair_kind kind,
		     void (*fn)(const struct mhp_pairing *p,
				const struct mhp_section *sec,
				const struct mhp_mrow *row, void *arg),
		     void *arg);

/* True when the report compares two different runs. */
bool mhp_report_two_runs(const struct mhp_report *r);

/* Add a formatted warning (provenance.c decides what differs). */
__printf(2, 3)
void mhp_report_warn(struct mhp_report *r, const char *fmt, ...);

/*
 * The valid values of metric for a side in a section (every block of
 * every sample pooled, timeline points left out): for the per-block
 * distributions (quantiles, ECDF), never for a test. A malloc'd array,
 * its length in *n; NULL with *n == 0 when there are none.
 */
double *mhp_side_values(const struct mhp_side *s, const char *scenario,
			const char *arch, uint64_t size, const char *metric,
			size_t *n);

/*
 * One value per valid sample: its values of metric reduced with the
 * metric's reduction (metrics.c). What every statistic and test takes.
 * *nsamples as for mhp_side_values.
 */
double *mhp_side_sample_values(const struct mhp_side *s, const char *scenario,
			       const char *arch, uint64_t size,
			       const char *metric, size_t *nsamples);

#endif
