/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the reports know about a metric: a label, a unit, which direction
 * is better, and whether it is a raw input shown only in the full
 * tables. Unknown metrics get a description from their name's suffix, so
 * a new scenario's metrics show up in every report without a change here.
 */
#ifndef MHP_METRICS_H
#define MHP_METRICS_H

#include <stddef.h>

enum mhp_better {
	MHP_BETTER_UNKNOWN,
	MHP_BETTER_LOWER,
	MHP_BETTER_HIGHER,
};

#define MHP_METRIC_RAW		0x1	/* an input of other metrics */
#define MHP_METRIC_TIMELINE	0x2	/* rows are points in time */

/*
 * How the values of one sample (a boot) become the one value the
 * statistics take of it: the blocks of a sample share its boot, so they
 * are not independent observations. A whole-sample metric has one value
 * per sample and any reduction leaves it as it is.
 */
enum mhp_reduce {
	MHP_REDUCE_MEDIAN,	/* per-block latencies, and the default */
	MHP_REDUCE_SUM,		/* a total over the blocks */
	MHP_REDUCE_MAX,		/* the last block, any block failing */
	MHP_REDUCE_MIN,		/* every block ok */
};

struct mhp_metric {
	const char *name;
	const char *label;
	const char *unit;
	enum mhp_better better;
	unsigned int flags;
	const char *note;	/* said under the report when not 0 */
	int order;		/* rank in the reports; unknown ones last */
	enum mhp_reduce reduce;	/* per sample, of its blocks */
};

/* The description of metric name (never NULL). */
void mhp_metric_describe(const char *name, struct mhp_metric *m);

/* "median", "sum", "max" or "min". */
const char *mhp_reduce_name(enum mhp_reduce r);

/* The reduction of sorted v (n > 0). */
double mhp_reduce(enum mhp_reduce r, const double *sorted, size_t n);

/* "lower", "higher" or "?". */
const char *mhp_better_name(enum mhp_better b);

/* Sorts metric names in report order (qsort over const char *). */
int mhp_metric_cmp(const void *a, const void *b);

#endif
